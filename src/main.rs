//! The `wqlkit` command-line tool.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use wqlkit::core::{Catalog, Diagnostic};
use wqlkit::render;
use wqlkit::wql::BindOptions;

/// `print!` to stdout through [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::write_stdout(&format!($($arg)*)) };
}

/// `outln!` to stdout through [`write_stdout`].
macro_rules! outln {
    () => { $crate::write_stdout("\n") };
    ($($arg:tt)*) => { $crate::write_stdout(&format!("{}\n", format_args!($($arg)*))) };
}

mod catalog;
mod collections;
mod live;
mod preview;
mod sql;
mod timings;
mod ui;

#[derive(Parser)]
#[command(
    name = "wqlkit",
    version,
    about = "Parse, translate and preview ConfigMgr WQL collection rules"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print where the time went (arguments, catalog, plan, manifest, views, execution, output) on stderr.
    #[arg(long, global = true)]
    timings: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a query and report problems; exit 1 when it is invalid.
    Check(CompileArgs),
    /// Print a query in canonical form.
    Fmt(QueryArgs),
    /// Print the T-SQL a query becomes, with its parameters.
    Translate(CompileArgs),
    /// Evaluate a query on a snapshot, a live site database (--server) or the embedded demo fleet.
    Preview(PreviewArgs),
    /// Run a T-SQL report over a snapshot (or the embedded demo fleet) and print its rows.
    Sql(sql::SqlArgs),
    /// Write snapshots.
    #[command(subcommand)]
    Snapshot(SnapshotCommand),
    /// Evaluate the site's collections, or compare a changed rule with the recorded membership.
    #[command(subcommand)]
    Collections(CollectionsCommand),
    /// Show why a device is (not) returned by a query or a member of a collection.
    Explain(ExplainArgs),
    /// Print the catalog (classes, views, where each came from), or compare two.
    Catalog(catalog::CatalogArgs),
    /// Open the rule workbench in the browser: editor, T-SQL, preview, explain, diff, collections, reports.
    Ui(ui::UiArgs),
    /// Run collection-rule unit tests: every .toml file under PATH.
    Test {
        /// A test file or a directory of them.
        path: PathBuf,
        /// Output format (table prints PASS/FAIL lines).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// A catalog file of extra classes, merged over the built-in one.
        #[arg(long = "catalog", value_name = "FILE")]
        catalogs: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum CollectionsCommand {
    /// Evaluate every collection (or the chosen ones, with their members).
    Eval {
        #[command(flatten)]
        source: SourceArgs,
        /// Evaluate only this collection (and what it depends on); repeatable.
        #[arg(long = "collection", value_name = "ID")]
        collections: Vec<String>,
        /// A TOML file of collections that override or add to the snapshot's.
        #[arg(long, value_name = "FILE")]
        definitions: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// A catalog file of extra classes, merged over the built-in one.
        #[arg(long = "catalog", value_name = "FILE")]
        catalogs: Vec<PathBuf>,
        /// Collections evaluated at once (those whose dependencies are done).
        #[arg(long, default_value_t = 4, value_name = "N")]
        jobs: usize,
    },
    /// Who joins and who leaves a collection when its rules change.
    Diff {
        #[command(flatten)]
        source: SourceArgs,
        /// The collection.
        #[arg(long, value_name = "ID")]
        collection: String,
        /// The proposed WQL; replaces the collection's query rules.
        #[arg(long, value_name = "WQL", required_unless_present = "definitions")]
        query: Option<String>,
        /// A TOML file of changed collection definitions.
        #[arg(long, value_name = "FILE", conflicts_with = "query")]
        definitions: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// A catalog file of extra classes, merged over the built-in one.
        #[arg(long = "catalog", value_name = "FILE")]
        catalogs: Vec<PathBuf>,
    },
}

#[derive(Args)]
struct ExplainArgs {
    /// The WQL text (or -f FILE); omit with --collection.
    wql: Option<String>,
    /// Read the WQL from this file.
    #[arg(short = 'f', long = "file", conflicts_with = "wql")]
    file: Option<PathBuf>,
    /// Explain a collection's membership instead of a query.
    #[arg(long, value_name = "ID", conflicts_with_all = ["wql", "file"])]
    collection: Option<String>,
    /// The device (or user) name.
    #[arg(long, value_name = "NAME")]
    device: String,
    #[command(flatten)]
    source: SourceArgs,
    /// Output format (table is indented text).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// A catalog file of extra classes, merged over the built-in one.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
}

#[derive(Args)]
struct PreviewArgs {
    #[command(flatten)]
    query: QueryArgs,
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    live: Box<live::LiveArgs>,
    /// Print only the number of rows.
    #[arg(long)]
    count: bool,
    /// Print at most N rows (the count is of all rows).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

/// Where rows come from.
#[derive(Args)]
struct SourceArgs {
    /// A snapshot directory; without it the embedded demo fleet is used.
    #[arg(long, value_name = "DIR")]
    snapshot: Option<PathBuf>,
    /// For a snapshot of the older format (whole-file checksums only): do
    /// not hash each view's whole file when it is first read. Snapshots of
    /// the current format check every column chunk a query reads either way.
    #[arg(long)]
    no_verify: bool,
    /// What GetDate() returns (default: the snapshot's time), e.g. "2026-11-01 08:00:00".
    #[arg(long, value_name = "DATETIME")]
    now: Option<String>,
    /// Split each query into N partitions run in parallel (default: two per
    /// core). The rows printed are the same whatever N is.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    partitions: Option<u16>,
    /// The snapshot, once its manifest is read ([`SourceArgs::snapshot`]).
    #[arg(skip)]
    opened: std::sync::OnceLock<wqlkit::engine::storage::snapshot::Snapshot>,
}

/// A query to compile, against a snapshot's site catalog when given.
#[derive(Args)]
struct CompileArgs {
    #[command(flatten)]
    query: QueryArgs,
    /// Bind against this snapshot's catalog (its site's, over the default).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["server", "connection", "profile"])]
    snapshot: Option<PathBuf>,
    /// Bind against a live site's own catalog (read from its maps, cached).
    #[command(flatten)]
    live: Box<live::LiveArgs>,
}

impl CompileArgs {
    /// Reads and binds the query against the catalog of the snapshot or
    /// live site named, or the default.
    fn compile(&self) -> Result<Result<CompiledInput, ExitCode>, String> {
        if !self.live.is_live() {
            return compile_query(&self.query, self.snapshot()?.as_ref());
        }
        let input = read_input(&self.query)?;
        let base = match self.query.catalog(None) {
            Ok(c) => c,
            Err(d) => return Ok(Err(fail(&d, &input, self.query.format))),
        };
        match live::live_catalog(&self.live, base, self.query.format)? {
            Ok(catalog) => compile_input(&self.query, input, catalog),
            Err(code) => Ok(Err(code)),
        }
    }

    fn snapshot(&self) -> Result<Option<wqlkit::engine::storage::snapshot::Snapshot>, String> {
        self.snapshot
            .as_deref()
            .map(|dir| {
                timings::phase("manifest", || {
                    wqlkit::engine::storage::snapshot::Snapshot::open(dir, false)
                })
            })
            .transpose()
            .map_err(|e| e.to_string())
    }
}

#[derive(Subcommand)]
enum SnapshotCommand {
    /// Write a deterministic synthetic site (the demo fleet) as a snapshot.
    Demo {
        /// Number of devices.
        #[arg(long, default_value_t = 1000)]
        devices: usize,
        /// Generator seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// At least this many collections (the written hierarchy has about 250;
        /// more are generated for scale).
        #[arg(long, default_value_t = 0)]
        collections: usize,
        /// The snapshot directory to write (replaced atomically if it exists).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Copy the views of a live site database into a snapshot.
    Export(Box<live::ExportArgs>),
    /// Check every byte of a snapshot against its manifest; exit 1 if any view is damaged.
    Verify {
        /// The snapshot directory.
        dir: PathBuf,
    },
    /// Rewrite a snapshot of the older format with checksums per column chunk
    /// (atomically: the old snapshot stays until the new one is complete).
    Upgrade {
        /// The snapshot directory.
        dir: PathBuf,
    },
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
    /// A catalog file of extra classes (custom inventory), merged over the built-in one.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// A value for a console prompt: `Class.Property=value`.
    #[arg(long = "prompt", value_name = "PROP=VALUE")]
    prompts: Vec<String>,
    /// Treat the query as a collection membership rule (adds the rule checks).
    #[arg(long)]
    rule: bool,
}

impl QueryArgs {
    fn catalog(
        &self,
        snapshot: Option<&wqlkit::engine::storage::snapshot::Snapshot>,
    ) -> Result<std::borrow::Cow<'static, Catalog>, Vec<Diagnostic>> {
        catalog::effective(&self.catalogs, snapshot)
    }

    fn bind_options(&self) -> Result<BindOptions, String> {
        let mut prompts = std::collections::HashMap::new();
        for p in &self.prompts {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| format!("--prompt {p}: expected Class.Property=value"))?;
            prompts.insert(k.trim().to_string(), v.to_string());
        }
        Ok(BindOptions {
            prompts,
            collection_rule: self.rule,
        })
    }
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
    read_text(args.file.as_deref(), args.wql.as_deref())
}

/// The text of a command: from `file`, the argument, or standard input when
/// there is neither (or the argument is `-`).
fn read_text(file: Option<&std::path::Path>, arg: Option<&str>) -> Result<Input, String> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok(Input {
            name: path.display().to_string(),
            text,
        });
    }
    match arg {
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
        outln!(
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
    let started = std::time::Instant::now();
    // Parsing the default catalog takes a few milliseconds, and nearly every
    // command needs it once it has read its arguments and input (and a
    // snapshot's manifest): parse it on another core meanwhile. A command
    // that asks for it sooner waits for this parse rather than starting its own.
    // Where no thread can be started, the command parses it itself.
    let _ = std::thread::Builder::new().spawn(|| {
        Catalog::builtin();
    });
    let cli = Cli::parse();
    timings::start(started, cli.timings);
    timings::record("arguments", started.elapsed());
    let code = match run(&cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    };
    timings::print();
    // The process ends here: what the command still holds (a snapshot's
    // checked column chunks, tens of megabytes at a million devices) is
    // left for the system to reclaim whole, rather than freed buffer by
    // buffer (BENCHMARKS.md, "Whole process"). Nothing in it has work left
    // to do when dropped: output is written and flushed as it is printed.
    std::mem::forget(cli);
    code
}

fn run(cli: &Cli) -> Result<ExitCode, String> {
    match &cli.command {
        Command::Check(args) => Ok(match args.compile()? {
            Ok((input, _, c)) => {
                report(&c.warnings, &input, args.query.format);
                ExitCode::SUCCESS
            }
            Err(code) => code,
        }),
        Command::Fmt(args) => {
            let input = read_input(args)?;
            match wqlkit::wql::parse(&input.text) {
                Ok(q) => {
                    let text = wqlkit::wql::format(&q);
                    if args.format == Format::Json {
                        outln!("{}", serde_json::json!({ "wql": text }));
                    } else {
                        outln!("{text}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(d) => Ok(fail(&d.0, &input, args.format)),
            }
        }
        Command::Translate(compile) => {
            let args = &compile.query;
            let (input, _, c) = match compile.compile()? {
                Ok(x) => x,
                Err(code) => return Ok(code),
            };
            let t = match wqlkit::wql::to_tsql(&c.bound.plan) {
                Ok(t) => t,
                Err(d) => return Ok(fail(&[d], &input, args.format)),
            };
            if args.format == Format::Json {
                let mut v = t.to_json();
                v["diagnostics"] = render::to_json(&c.warnings, &input.text);
                outln!("{v}");
            } else {
                report(&c.warnings, &input, args.format);
                outln!("{}", t.sql);
                for p in &t.params {
                    outln!("-- {} {} = {}", p.name, p.sql_type, p.value.to_json());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Preview(args) if args.live.is_live() => live::preview(args),
        Command::Preview(args) => preview::run(args),
        Command::Sql(args) => sql::run(args),
        Command::Snapshot(SnapshotCommand::Demo {
            devices,
            seed,
            collections,
            out,
        }) => preview::snapshot_demo(*devices, *seed, *collections, out),
        Command::Snapshot(SnapshotCommand::Export(args)) => live::snapshot_export(args),
        Command::Snapshot(SnapshotCommand::Verify { dir }) => preview::snapshot_verify(dir),
        Command::Snapshot(SnapshotCommand::Upgrade { dir }) => preview::snapshot_upgrade(dir),
        Command::Collections(CollectionsCommand::Eval {
            source,
            collections: ids,
            definitions,
            format,
            catalogs,
            jobs,
        }) => collections::eval(collections::EvalArgs {
            source,
            catalogs,
            collections: ids,
            definitions: definitions.as_deref(),
            format: *format,
            jobs: *jobs,
        }),
        Command::Collections(CollectionsCommand::Diff {
            source,
            collection,
            query,
            definitions,
            format,
            catalogs,
        }) => collections::diff(collections::DiffArgs {
            source,
            catalogs,
            collection,
            query: query.as_deref(),
            definitions: definitions.as_deref(),
            format: *format,
        }),
        Command::Explain(args) => {
            let wql = match &args.collection {
                Some(_) => None,
                None => Some(read_text(args.file.as_deref(), args.wql.as_deref())?.text),
            };
            collections::explain(collections::ExplainArgs {
                source: &args.source,
                catalogs: &args.catalogs,
                wql,
                collection: args.collection.as_deref(),
                device: &args.device,
                format: args.format,
            })
        }
        Command::Test { path, format, catalogs } => collections::test(path, catalogs, *format),
        Command::Catalog(args) => catalog::run(args),
        Command::Ui(args) => ui::run(args),
    }
}

type CompiledInput = (Input, std::borrow::Cow<'static, Catalog>, wqlkit::wql::Compiled);

/// Reads, parses and binds the query. Invalid input is reported and becomes
/// the exit code; unreadable input is an error.
fn compile_query(
    args: &QueryArgs,
    snapshot: Option<&wqlkit::engine::storage::snapshot::Snapshot>,
) -> Result<Result<CompiledInput, ExitCode>, String> {
    let input = read_input(args)?;
    let catalog = match timings::phase("catalog", || args.catalog(snapshot)) {
        Ok(c) => c,
        Err(d) => return Ok(Err(fail(&d, &input, args.format))),
    };
    compile_input(args, input, catalog)
}

/// Binds `input` against `catalog`. Invalid input is reported and becomes the exit code.
fn compile_input(
    args: &QueryArgs,
    input: Input,
    catalog: std::borrow::Cow<'static, Catalog>,
) -> Result<Result<CompiledInput, ExitCode>, String> {
    let options = args.bind_options()?;
    Ok(
        match timings::phase("plan", || wqlkit::wql::compile(&input.text, catalog.as_ref(), &options)) {
            Ok(c) => Ok((input, catalog, c)),
            Err(d) => Err(fail(&d.0, &input, args.format)),
        },
    )
}

/// Writes `text` to standard output; a reader that stopped early (`| head`)
/// ends the output quietly.
/// Writes to stdout. When the reader has gone (`wqlkit … | head`) the process
/// ends quietly with success, as there is no one left to tell; any other write
/// error (a full disk behind a redirection) ends it with the error and code 1,
/// so that output is never cut short silently.
fn write_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("error: writing to stdout: {e}");
            std::process::exit(1)
        }
    }
}

/// Reports diagnostics and returns exit code 1.
fn fail(diags: &[Diagnostic], input: &Input, format: Format) -> ExitCode {
    report(diags, input, format);
    ExitCode::FAILURE
}
