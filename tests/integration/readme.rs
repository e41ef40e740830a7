//! The README's examples, run: every command the README and
//! `examples/README.md` show with its output is run on the embedded demo
//! fleet, and what it prints (standard output, then standard error) must be
//! what the document shows, timings aside (a number of milliseconds is masked
//! on both sides).
//!
//! An example is a fenced `sh` or `console` block of `$ wqlkit …` lines, each
//! followed by its output (a quoted argument may continue on the next
//! lines), or a `sh` block of one `cargo run -q -- …` line followed by a
//! `text` block of its output. Blocks without either (live servers, set-up)
//! are not run.

use crate::support::{root, wqlkit};
use regex::Regex;
use std::sync::LazyLock;

/// One command of a document and what it shows the command printing.
#[derive(Debug)]
struct Example {
    /// Where: the document and the command's line.
    at: String,
    args: Vec<String>,
    output: String,
}

/// The fenced blocks of a markdown document: (info string, first line
/// number, lines).
fn blocks(text: &str) -> Vec<(String, usize, Vec<&str>)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, Vec<&str>)> = None;
    for (n, line) in text.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim().to_string(), n + 2, Vec::new())),
            (Some(_), Some(_)) => out.extend(open.take()),
            (Some((_, _, lines)), None) => lines.push(line),
            (None, None) => {}
        }
    }
    out
}

/// The command of `lines` that starts at `prompt`: the text after the
/// prompt, continued on later lines while a quote is open; the arguments and
/// the number of lines used.
fn command(lines: &[&str], prompt: &str) -> Option<(Vec<String>, usize)> {
    let mut text = lines.first()?.strip_prefix(prompt)?.to_string();
    for used in 1..=lines.len() {
        if let Some(args) = shlex::split(&text) {
            return Some((args, used));
        }
        text.push('\n');
        text.push_str(lines.get(used)?);
    }
    None
}

fn examples(doc: &str) -> Vec<Example> {
    let text = std::fs::read_to_string(root().join(doc)).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let blocks = blocks(&text);
    let mut out = Vec::new();
    for (i, (info, first, lines)) in blocks.iter().enumerate() {
        if !matches!(info.as_str(), "sh" | "console") {
            continue;
        }
        // `cargo run -q -- …`, its output in the next block.
        if let Some((args, 1)) = command(lines, "cargo run -q -- ")
            && let Some((_, _, shown)) = blocks.get(i + 1).filter(|b| b.0 == "text")
        {
            out.push(Example {
                at: format!("{doc}:{first}"),
                args,
                output: shown.iter().map(|l| format!("{l}\n")).collect(),
            });
            continue;
        }
        let mut at = 0;
        while at < lines.len() {
            let Some((mut args, used)) = command(&lines[at..], "$ ") else {
                at += 1;
                continue;
            };
            assert_eq!(args.first().map(String::as_str), Some("wqlkit"), "{doc}:{}", first + at);
            args.remove(0);
            let start = at + used;
            let end = (start..lines.len())
                .find(|&l| lines[l].starts_with("$ "))
                .unwrap_or(lines.len());
            out.push(Example {
                at: format!("{doc}:{}", first + at),
                args,
                output: lines[start..end].iter().map(|l| format!("{l}\n")).collect(),
            });
            at = end;
        }
    }
    out
}

/// `text` with every figure of milliseconds masked.
fn masked(text: &str) -> String {
    static MS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d+(\.\d+)? ms\b").unwrap_or_else(|e| panic!("{e}")));
    MS.replace_all(text, "[..] ms").into_owned()
}

/// Runs `example`: `Err` with the difference when it prints something else.
fn run(example: &Example) -> Result<(), String> {
    let args: Vec<&str> = example.args.iter().map(String::as_str).collect();
    let out = wqlkit(&args, None);
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // 1 is an answer (`explain` of a non-member, a failing rule test); 2 and
    // beyond are errors, which an example does not show.
    if !matches!(out.status.code(), Some(0 | 1)) {
        return Err(format!("{}: exit {:?}\n{printed}", example.at, out.status.code()));
    }
    snapbox::Assert::new()
        .try_eq(None, masked(&printed).into(), masked(&example.output).into())
        .map_err(|e| format!("{}: wqlkit {}\n{e}", example.at, args.join(" ")))
}

/// Runs every example of `doc`, failing with every difference found.
fn run_all(doc: &str) -> Vec<Example> {
    let examples = examples(doc);
    let failures: Vec<String> = examples.iter().filter_map(|e| run(e).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    examples
}

#[test]
fn the_readme_shows_what_its_commands_print() {
    let examples = run_all("README.md");
    // The quick start, translate, explain and a report at least.
    assert!(examples.len() >= 4, "{examples:#?}");
    assert!(
        examples[0].args.first().is_some_and(|a| a == "preview"),
        "{examples:#?}"
    );
}

#[test]
fn the_examples_readme_shows_what_its_commands_print() {
    assert!(!run_all("examples/README.md").is_empty());
}

#[test]
fn a_changed_output_or_a_changed_timing_is_told_apart() {
    assert_eq!(
        masked("73 rows; loaded in 1464 ms, evaluated in 22 ms"),
        masked("73 rows; loaded in 9 ms, evaluated in 0.5 ms")
    );
    assert_ne!(masked("73 rows; loaded in 9 ms"), masked("74 rows; loaded in 9 ms"));
    let doc =
        "```sh\n$ wqlkit sql \"SELECT 1\n  AS x\"\nx\n-\n1\n$ wqlkit check \"select * from SMS_R_System\"\nok\n```\n";
    let dir = std::env::temp_dir().join(format!("wqlkit-readme-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("doc.md");
    std::fs::write(&path, doc).unwrap_or_else(|e| panic!("{e}"));
    let found = examples(&path.to_string_lossy());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].args, ["sql", "SELECT 1\n  AS x"]);
    assert_eq!(found[0].output, "x\n-\n1\n");
    assert_eq!(found[1].args, ["check", "select * from SMS_R_System"]);
    let _ = std::fs::remove_dir_all(&dir);
}
