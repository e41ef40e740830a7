//! The `wqlkit` command-line tool.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use wqlkit::core::Diagnostic;
use wqlkit::render;

#[derive(Parser)]
#[command(
    name = "wqlkit",
    version,
    about = "Parse, translate and preview ConfigMgr WQL collection rules"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a query and report problems; exit 1 when it is invalid.
    Check(QueryArgs),
    /// Print a query in canonical form.
    Fmt(QueryArgs),
}

#[derive(Args)]
struct QueryArgs {
    /// The WQL text; read from FILE with -f, or from standard input when absent or `-`.
    wql: Option<String>,
    /// Read the WQL from this file.
    #[arg(short = 'f', long = "file", conflicts_with = "wql")]
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

/// Input text and the name diagnostics call it by.
struct Input {
    name: String,
    text: String,
}

fn read_input(args: &QueryArgs) -> Result<Input, String> {
    if let Some(path) = &args.file {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok(Input {
            name: path.display().to_string(),
            text,
        });
    }
    match args.wql.as_deref() {
        Some("-") | None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(Input {
                name: "<stdin>".into(),
                text,
            })
        }
        Some(text) => Ok(Input {
            name: "<query>".into(),
            text: text.to_string(),
        }),
    }
}

/// Prints diagnostics to stderr (text) or stdout (JSON).
fn report(diags: &[Diagnostic], input: &Input, format: Format) {
    if format == Format::Json {
        println!(
            "{}",
            serde_json::json!({ "diagnostics": render::to_json(diags, &input.text) })
        );
        return;
    }
    let color = std::io::stderr().is_terminal();
    for d in diags {
        eprint!("{}", render::render(d, &input.name, &input.text, color));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => {
            let input = read_input(&args)?;
            match wqlkit::wql::parse(&input.text) {
                Ok(_) => {
                    if args.format == Format::Json {
                        report(&[], &input, args.format);
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(diags) => {
                    report(&diags.0, &input, args.format);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Fmt(args) => {
            let input = read_input(&args)?;
            match wqlkit::wql::parse(&input.text) {
                Ok(q) => {
                    let text = wqlkit::wql::format(&q);
                    if args.format == Format::Json {
                        println!("{}", serde_json::json!({ "wql": text }));
                    } else {
                        println!("{text}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(diags) => {
                    report(&diags.0, &input, args.format);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
