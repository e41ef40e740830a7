//! `wqlkit preview` and `wqlkit snapshot demo`.

use crate::{Format, PreviewArgs, SourceArgs, compile_query, report};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;
use wqlkit::core::{Catalog, DateTime};
use wqlkit::demo::DemoOptions;
use wqlkit::engine::RecordBatch;
use wqlkit::engine::storage::check;
use wqlkit::engine::storage::snapshot::{Snapshot, SnapshotWriter, Source};
use wqlkit::engine::{Engine, output};

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

/// Opens the rows a command reads: a snapshot, or the embedded demo fleet
/// (only `views` of it, when the command knows which it reads).
pub(crate) async fn open(
    source: &SourceArgs,
    catalog: &Catalog,
    views: Option<&[String]>,
) -> Result<(Engine, String), String> {
    if let Some(opened) = open_snapshot(source, false).await? {
        return Ok(opened);
    }
    let opts = DemoOptions::default();
    let mut engine = match views {
        Some(views) => wqlkit::demo::engine_of(catalog, &opts, views),
        None => wqlkit::demo::engine(catalog, &opts),
    }
    .map_err(|e| e.to_string())?;
    configure(&mut engine, source)?;
    Ok((engine, format!("the demo fleet ({} devices)", opts.devices)))
}

/// The engine over the snapshot the command reads, if it reads one: this
/// needs the snapshot's manifest only, not the catalog. `one_query` for a
/// command that runs a single query.
async fn open_snapshot(source: &SourceArgs, one_query: bool) -> Result<Option<(Engine, String)>, String> {
    let Some(snap) = source.snapshot()? else {
        return Ok(None);
    };
    let dir = &snap.dir;
    if !snap.has_chunk_checksums() {
        eprintln!(
            "note: {} records only a checksum per file (an older format), so each view's whole file{} \
             when a query first reads it; `wqlkit snapshot upgrade {}` records a checksum per column chunk, \
             so that only what a query reads is checked",
            dir.display(),
            if source.no_verify {
                " is not checked"
            } else {
                " is hashed"
            },
            dir.display()
        );
    }
    // A command that runs one query reads each column chunk once (the
    // selectivity sample's few again): keeping them would only hold memory,
    // and fresh memory for every chunk costs more than reusing freed buffers
    // (BENCHMARKS.md, "Whole process").
    let uncached;
    let snap = if one_query {
        uncached = snap.uncached();
        &uncached
    } else {
        snap
    };
    let mut engine = Engine::from_snapshot(snap).await.map_err(|e| e.to_string())?;
    configure(&mut engine, source)?;
    Ok(Some((engine, format!("snapshot {}", dir.display()))))
}

/// Applies `--partitions` and `--now`.
fn configure(engine: &mut Engine, source: &SourceArgs) -> Result<(), String> {
    if let Some(n) = source.partitions {
        engine.set_partitions(usize::from(n));
    }
    if let Some(now) = &source.now {
        let t = DateTime::parse(now)
            .ok_or_else(|| format!("--now {now}: expected a date such as \"2026-11-01 08:00:00\""))?;
        engine.set_now(t);
    }
    Ok(())
}

pub(crate) fn run(args: &PreviewArgs) -> Result<ExitCode, String> {
    let rt = runtime()?;
    // A snapshot's engine is built first, from its manifest, while the
    // default catalog is still being parsed on the other core.
    let snapshot = args.source.snapshot()?.is_some();
    let started = Instant::now();
    let early = if snapshot {
        crate::timings::phase("engine", || rt.block_on(open_snapshot(&args.source, true)))?
    } else {
        None
    };
    let mut loaded = started.elapsed();
    let (input, catalog, compiled) = match compile_query(&args.query, args.source.snapshot()?)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if args.query.format != Format::Json {
        report(&compiled.warnings, &input, args.query.format);
    }
    let (batches, label, now, engine) = rt.block_on(async {
        let (engine, label) = match early {
            Some(opened) => opened,
            None => {
                let mut views = Vec::new();
                wqlkit::engine::lower::views_of(&compiled.bound.plan, &mut views);
                let t = Instant::now();
                let opened = open(&args.source, catalog.as_ref(), Some(&views)).await?;
                loaded = t.elapsed();
                crate::timings::record("engine", loaded);
                opened
            }
        };
        let t = Instant::now();
        let batches = engine.execute(&compiled.bound.plan).await.map_err(|e| e.to_string())?;
        record_execution(&engine, t.elapsed());
        Ok::<_, String>((
            batches,
            format!(
                "{label}; loaded in {} ms, evaluated in {} ms",
                loaded.as_millis(),
                t.elapsed().as_millis()
            ),
            engine.now(),
            engine,
        ))
    })?;
    // Left for the process's end to reclaim, as `main` leaves the command's
    // arguments (and the snapshot they opened).
    std::mem::forget(engine);
    crate::timings::phase("runtime end", || drop(rt));
    let batches = in_print_order(args, &compiled, batches)?;
    crate::timings::phase("output", || {
        print_rows(args, &compiled, &batches, output::row_count(&batches))
    });
    let rows = output::row_count(&batches);
    eprintln!(
        "{rows} row{} from {label} (GetDate() = {now})",
        if rows == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

/// A preview's rows in the order they are printed (`output::order`), offline
/// or live; `--count` prints no rows, so it does not order them.
pub(crate) fn in_print_order(
    args: &PreviewArgs,
    compiled: &wqlkit::wql::Compiled,
    batches: Vec<RecordBatch>,
) -> Result<Vec<RecordBatch>, String> {
    if args.count {
        return Ok(batches);
    }
    crate::timings::phase("order", || output::order::for_plan(&compiled.bound.plan, batches)).map_err(|e| e.to_string())
}

/// Prints a preview's rows in the chosen format (stdout, flushed).
/// Prints `batches` as `args` asks; `rows` is the number of rows in all
/// (the batches may hold fewer: only what `--limit` or `--count` print).
pub(crate) fn print_rows(args: &PreviewArgs, compiled: &wqlkit::wql::Compiled, batches: &[RecordBatch], rows: usize) {
    let limit = args.limit;
    match args.query.format {
        Format::Json => {
            let value = if args.count {
                serde_json::json!({ "count": rows })
            } else {
                serde_json::Value::Array(output::to_json_rows(batches, limit))
            };
            outln!("{value}");
        }
        Format::Csv if !args.count => out!("{}", output::to_csv(batches, limit)),
        _ if args.count => outln!("{rows}"),
        _ => {
            let names: Vec<String> = compiled.bound.columns.iter().map(|c| c.name.clone()).collect();
            if batches.is_empty() {
                outln!("{}", names.join("  "));
            } else {
                out!("{}", output::to_table(batches, limit));
            }
        }
    }
}

/// Records a query's time in `--timings`: opening the views it read (their
/// files checked, their footers read), and the rest of `took`.
pub(crate) fn record_execution(engine: &Engine, took: std::time::Duration) {
    let views = engine.view_opening_time();
    crate::timings::record("views", views);
    crate::timings::record("execution", took.saturating_sub(views));
}

/// `wqlkit snapshot verify DIR`.
pub(crate) fn snapshot_verify(dir: &Path) -> Result<ExitCode, String> {
    let started = Instant::now();
    let snapshot = Snapshot::open(dir, true).map_err(|e| e.to_string())?;
    let mut bar = ProgressBar::new("checking");
    let report = check::verify(&snapshot, &mut |p| bar.show(p));
    bar.done();
    for p in &report.problems {
        eprintln!("damaged: {p}");
    }
    outln!(
        "checked {} views, {:.1} MB in {:.1} s: {}",
        report.views,
        report.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        match report.problems.len() {
            0 => "every file matches the manifest".to_string(),
            1 => "1 view is damaged".to_string(),
            n => format!("{n} views are damaged"),
        }
    );
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `wqlkit snapshot upgrade DIR`.
pub(crate) fn snapshot_upgrade(dir: &Path) -> Result<ExitCode, String> {
    let started = Instant::now();
    let mut bar = ProgressBar::new("upgrading");
    let manifest = check::upgrade(dir, &mut |p| bar.show(p)).map_err(|e| e.to_string())?;
    bar.done();
    outln!(
        "rewrote {} views of {} with checksums per column chunk in {:.1} s",
        manifest.views.len(),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// A progress line on standard error: redrawn in place on a terminal, a
/// line per tenth of the work otherwise.
struct ProgressBar {
    verb: &'static str,
    terminal: bool,
    /// The last tenth printed, off a terminal.
    printed: Option<u64>,
}

impl ProgressBar {
    fn new(verb: &'static str) -> ProgressBar {
        ProgressBar {
            verb,
            terminal: std::io::IsTerminal::is_terminal(&std::io::stderr()),
            printed: None,
        }
    }

    fn show(&mut self, p: check::Progress<'_>) {
        if p.view.is_empty() {
            return;
        }
        let percent = (p.bytes_done * 100).checked_div(p.bytes).unwrap_or(100);
        if !self.terminal {
            // A line per tenth, not per view, in a log.
            if self.printed == Some(percent / 10) {
                return;
            }
            self.printed = Some(percent / 10);
        }
        let filled = (percent / 5) as usize;
        let line = format!(
            "[{}{}] {percent:>3}% {} {} ({}/{})",
            "#".repeat(filled),
            " ".repeat(20 - filled),
            self.verb,
            p.view,
            p.views_done + 1,
            p.views
        );
        if self.terminal {
            eprint!("\r{line:<100}");
        } else {
            eprintln!("{line}");
        }
    }

    fn done(&self) {
        if self.terminal {
            eprint!("\r{:<100}\r", "");
        }
    }
}

pub(crate) fn snapshot_demo(devices: usize, seed: u64, collections: usize, out: &Path) -> Result<ExitCode, String> {
    let opts = DemoOptions {
        devices,
        seed,
        collections,
        ..DemoOptions::default()
    };
    let started = Instant::now();
    let mut writer =
        SnapshotWriter::create(out, Source::Demo { devices, seed }, opts.now).map_err(|e| e.to_string())?;
    wqlkit::demo::generate(Catalog::builtin(), &opts, &mut writer).map_err(|e| e.to_string())?;
    let manifest = writer.finish().map_err(|e| e.to_string())?;
    let rows: u64 = manifest.views.iter().map(|v| v.rows).sum();
    let bytes: u64 = manifest.views.iter().map(|v| v.bytes).sum();
    outln!(
        "wrote {} views, {rows} rows, {:.1} MB to {} in {:.1} s",
        manifest.views.len(),
        bytes as f64 / 1e6,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
