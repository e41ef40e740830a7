//! `wqlkit sql`: runs a T-SQL report over a snapshot or the demo fleet.

use crate::{Format, Input, SourceArgs, preview};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use wqlkit::core::Catalog;
use wqlkit::engine::{output, report};
use wqlkit::render;

#[derive(Args)]
pub(crate) struct SqlArgs {
    /// The T-SQL text; read from FILE with -f, or from standard input when absent or `-`.
    sql: Option<String>,
    /// Read the T-SQL from this file.
    #[arg(short = 'f', long = "file", conflicts_with = "sql")]
    file: Option<PathBuf>,
    /// A value for a report parameter: `name=value` (for `@name`).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Print every result set, not only the last.
    #[arg(long)]
    all: bool,
    /// Check the report without running it: every problem at once, the
    /// warnings a run would give, and its parameters with their defaults.
    #[arg(long)]
    check: bool,
    /// The most rounds one WHILE loop may run before the report stops.
    #[arg(long, value_name = "N", default_value_t = report::RunOptions::default().max_loop_rounds)]
    max_loops: u64,
    /// Make NEWID() give the same values every run (each query then runs in one partition).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// A query with an accidental cross join (WQL0514) stops once it makes more rows than this.
    #[arg(long, value_name = "N", default_value_t = report::RunOptions::default().max_rows)]
    max_rows: u64,
    /// Run queries with an accidental cross join to the end.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    source: SourceArgs,
}

fn read(args: &SqlArgs) -> Result<Input, String> {
    crate::read_text(args.file.as_deref(), args.sql.as_deref())
}

pub(crate) fn run(args: &SqlArgs) -> Result<ExitCode, String> {
    let input = read(args)?;
    let mut params = Vec::new();
    for p in &args.params {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| format!("--param {p}: expected name=value"))?;
        params.push((k.trim().trim_start_matches('@').to_string(), v.to_string()));
    }
    if args.check {
        return Ok(check(args, &input, &params));
    }
    let rt = preview::runtime()?;
    let result = rt.block_on(async {
        let (engine, _) = preview::open(&args.source, Catalog::builtin(), None).await?;
        let t = std::time::Instant::now();
        let options = report::RunOptions {
            max_loop_rounds: args.max_loops,
            seed: args.seed,
            max_rows: args.max_rows,
            force: args.force,
        };
        let result = report::run_with(&engine, &input.text, &params, &options).await;
        preview::record_execution(&engine, t.elapsed());
        Ok::<_, String>(result)
    })?;
    let out = match result {
        Ok(o) => o,
        Err(d) => {
            crate::report(&d.0, &input, args.format);
            return Ok(ExitCode::FAILURE);
        }
    };
    let color = std::io::stderr().is_terminal();
    // PRINT and informational RAISERROR messages, as a server's message stream.
    for m in &out.messages {
        eprintln!("{m}");
    }
    if args.format != Format::Json {
        for w in &out.warnings {
            eprint!("{}", render::render(w, &input.name, &input.text, color));
        }
    }
    let sets: Vec<&report::ResultSet> = if args.all {
        out.results.iter().collect()
    } else {
        out.results.last().into_iter().collect()
    };
    match args.format {
        Format::Json => {
            let mut warnings = out.warnings.clone();
            for s in &sets {
                let unique = output::unique_names(&s.columns);
                for (n, u) in s.columns.iter().zip(&unique).filter(|(n, u)| n != u) {
                    warnings.push(wqlkit::core::Diagnostic::warning(
                        wqlkit::core::Code::SqlDuplicateColumn,
                        wqlkit::core::Span::new(0, 0),
                        format!("the result has more than one column named {n}; in JSON this one is {u}"),
                    ));
                }
            }
            let sets: Vec<serde_json::Value> = sets
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "columns": output::unique_names(&s.columns),
                        "rows": output::to_json_rows(&s.batches, None),
                    })
                })
                .collect();
            let mut v = if args.all {
                serde_json::json!({ "results": sets })
            } else {
                serde_json::json!({
                    "columns": sets.first().map(|s| s["columns"].clone()),
                    "rows": sets.first().map(|s| s["rows"].clone()),
                })
            };
            v["diagnostics"] = render::to_json(&warnings, &input.text);
            outln!("{v}");
        }
        Format::Csv => {
            for (i, s) in sets.iter().enumerate() {
                if i > 0 {
                    outln!();
                }
                if s.batches.is_empty() {
                    outln!("{}", s.columns.join(","));
                } else {
                    out!("{}", output::to_csv(&output::bits_as_numbers(&s.batches), None));
                }
            }
        }
        Format::Table => {
            for (i, s) in sets.iter().enumerate() {
                if i > 0 {
                    outln!();
                }
                if s.batches.iter().all(|b| b.num_rows() == 0) {
                    outln!("{}", s.columns.join("  "));
                } else {
                    out!("{}", output::to_table(&output::bits_as_numbers(&s.batches), None));
                }
                let rows = output::row_count(&s.batches);
                eprintln!("({rows} row{})", if rows == 1 { "" } else { "s" });
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `wqlkit sql --check`.
fn check(args: &SqlArgs, input: &Input, params: &[(String, String)]) -> ExitCode {
    let now = wqlkit::core::DateTime::parse("2000-01-01").unwrap_or(wqlkit::core::DateTime::EPOCH);
    let out = match report::check(&input.text, params, now) {
        Ok(o) => o,
        Err(d) => {
            crate::report(&d.0, input, args.format);
            return ExitCode::FAILURE;
        }
    };
    if args.format == Format::Json {
        let parameters: Vec<serde_json::Value> = out
            .parameters
            .iter()
            .map(|p| serde_json::json!({ "name": p.name, "type": p.ty, "default": p.default, "given": p.given }))
            .collect();
        outln!(
            "{}",
            serde_json::json!({ "diagnostics": render::to_json(&out.warnings, &input.text), "parameters": parameters })
        );
        return ExitCode::SUCCESS;
    }
    let color = std::io::stderr().is_terminal();
    for w in &out.warnings {
        eprint!("{}", render::render(w, &input.name, &input.text, color));
    }
    for p in &out.parameters {
        let default = p
            .default
            .as_deref()
            .map_or_else(|| "no default".to_string(), |d| format!("default {d}"));
        let given = p
            .given
            .as_deref()
            .map_or_else(String::new, |g| format!(", --param gives '{g}'"));
        outln!("{} {} ({default}{given})", p.name, p.ty);
    }
    eprintln!(
        "{}: no errors, {} warning{}",
        input.name,
        out.warnings.len(),
        if out.warnings.len() == 1 { "" } else { "s" }
    );
    ExitCode::SUCCESS
}
