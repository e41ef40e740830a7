//! Shared helpers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus of WQL files, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let dir = root().join("tests/corpus/wql");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wql"))
        .collect();
    files.sort();
    files
}

/// Whether a corpus file is meant to fail.
pub fn is_bad(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("bad_"))
}

/// Runs the `wqlkit` binary with `args` and `stdin`.
pub fn wqlkit(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wqlkit"));
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn wqlkit");
    if let Some(mut si) = child.stdin.take() {
        si.write_all(stdin.unwrap_or("").as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for wqlkit")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Removes `/*^*/` markers from `marked` and returns the text and the byte
/// range between the first two markers (or the empty range at a single marker).
pub fn unmark(marked: &str) -> (String, std::ops::Range<usize>) {
    const M: &str = "/*^*/";
    let first = marked.find(M).expect("a /*^*/ marker");
    let rest = &marked[first + M.len()..];
    match rest.find(M) {
        Some(second) => {
            let text = format!("{}{}{}", &marked[..first], &rest[..second], &rest[second + M.len()..]);
            (text, first..first + second)
        }
        None => (format!("{}{}", &marked[..first], rest), first..first),
    }
}
