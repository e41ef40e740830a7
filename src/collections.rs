//! `wqlkit collections eval|diff`, `wqlkit explain` and `wqlkit test`.

use crate::preview::{open, runtime};
use crate::{Format, SourceArgs};
use serde_json::json;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wqlkit::core::Catalog;
use wqlkit::engine::Engine;
use wqlkit::engine::collections::definitions::parse_definitions;
use wqlkit::engine::collections::eval::{ids, prepare_any_query, recorded_membership};
use wqlkit::engine::collections::explain::{explain_collection, explain_query};
use wqlkit::engine::collections::ruletest::{self, CaseResult, Why};
use wqlkit::engine::collections::{Evaluation, Evaluator, Members, Resource, Rule, Site};

fn catalog(files: &[PathBuf], source: Option<&SourceArgs>) -> Result<std::borrow::Cow<'static, Catalog>, String> {
    let snapshot = match source {
        Some(s) => s.snapshot()?,
        None => None,
    };
    crate::catalog::effective_or_message(files, snapshot)
}

fn read_definitions(path: &Path) -> Result<Vec<wqlkit::engine::collections::Collection>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_definitions(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The snapshot's collections with a definitions file's over them.
async fn site(engine: &Engine, definitions: Option<&Path>) -> Result<Site, String> {
    let mut site = Site::from_engine(engine).await.map_err(|e| e.to_string())?;
    if let Some(path) = definitions {
        for c in read_definitions(path)? {
            site.upsert(c);
        }
    }
    Ok(site)
}

/// The collections to hold at their recorded membership while `fresh` are
/// re-evaluated, as a site evaluates one collection against the current
/// membership of the others: those the snapshot defines, unchanged, and not
/// in `fresh`. Nothing is held when the snapshot records no membership.
async fn pins(
    engine: &Engine,
    catalog: &Catalog,
    ev: &Evaluator<'_>,
    snapshot: &Site,
    fresh: &[usize],
) -> HashMap<String, Members> {
    let recorded = match recorded_membership(engine, catalog).await {
        Ok(r) if !r.is_empty() => r,
        _ => return HashMap::new(),
    };
    ev.site()
        .collections()
        .iter()
        .enumerate()
        .filter(|(i, c)| !fresh.contains(i) && snapshot.get(&c.id) == Some(*c))
        .map(|(_, c)| {
            let id = c.id.to_ascii_uppercase();
            let m = recorded.get(&id).cloned().unwrap_or_default();
            (id, m)
        })
        .collect()
}

fn ms(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 10.0
}

fn names(res: &wqlkit::engine::collections::Resources, m: &Members) -> Vec<(i64, String)> {
    ids(m).into_iter().map(|id| (id, res.label(id))).collect()
}

pub(crate) struct EvalArgs<'a> {
    pub source: &'a SourceArgs,
    pub catalogs: &'a [PathBuf],
    pub collections: &'a [String],
    pub definitions: Option<&'a Path>,
    pub format: Format,
    pub jobs: usize,
}

pub(crate) fn eval(args: EvalArgs<'_>) -> Result<ExitCode, String> {
    let catalog = catalog(args.catalogs, Some(args.source))?;
    let rt = runtime()?;
    rt.block_on(async {
        let (engine, label) = open(args.source, catalog.as_ref(), None).await?;
        let site = site(&engine, args.definitions).await?;
        let mut ev = Evaluator::new(&engine, catalog.as_ref(), site)
            .await
            .map_err(|e| e.to_string())?;
        ev.set_concurrency(args.jobs);
        let targets = (!args.collections.is_empty()).then_some(args.collections);
        let result = ev.evaluate(targets).await.map_err(|e| e.to_string())?;
        let shown: Vec<_> = match targets {
            Some(t) => t.iter().filter_map(|id| result.get(id)).collect(),
            None => result.results.iter().collect(),
        };
        let with_members = targets.is_some();
        let errors = shown.iter().filter(|r| !r.errors.is_empty()).count();
        match args.format {
            Format::Json => {
                let v: Vec<_> = shown
                    .iter()
                    .map(|r| {
                        let mut o = json!({
                            "id": r.collection.id,
                            "name": r.collection.name,
                            "count": r.members.len(),
                            "elapsed_ms": ms(r.elapsed),
                            "errors": r.errors,
                        });
                        if with_members {
                            o["members"] = names(ev.resources(), &r.members)
                                .into_iter()
                                .map(|(id, n)| json!({ "ResourceID": id, "Name": n }))
                                .collect();
                        }
                        o
                    })
                    .collect();
                outln!("{}", serde_json::Value::Array(v));
            }
            Format::Csv => {
                outln!("CollectionID,Name,Members,ElapsedMs,Errors");
                for r in &shown {
                    outln!(
                        "{},{},{},{},{}",
                        csv(&r.collection.id),
                        csv(&r.collection.name),
                        r.members.len(),
                        ms(r.elapsed),
                        csv(&r.errors.join("; "))
                    );
                }
            }
            Format::Table => {
                let width = shown.iter().map(|r| r.collection.name.len()).max().unwrap_or(4).max(4);
                outln!("{:<10}  {:<width$}  {:>8}  {:>9}", "ID", "Name", "Members", "ms");
                for r in &shown {
                    outln!(
                        "{:<10}  {:<width$}  {:>8}  {:>9.1}",
                        r.collection.id,
                        r.collection.name,
                        r.members.len(),
                        ms(r.elapsed)
                    );
                    for e in &r.errors {
                        outln!("{:<10}  ! {e}", "");
                    }
                }
                if with_members {
                    for r in &shown {
                        outln!("\n{} {} members:", r.collection.id, r.collection.name);
                        for (id, n) in names(ev.resources(), &r.members) {
                            outln!("  {id:>10}  {n}");
                        }
                    }
                }
            }
        }
        let slowest = result.results.iter().max_by_key(|r| r.elapsed);
        eprintln!(
            "evaluated {} collection(s) from {label} in {} ms{}{}",
            result.results.len(),
            result.elapsed.as_millis(),
            slowest.map_or(String::new(), |s| format!(
                "; slowest {} ({:.1} ms)",
                s.collection.id,
                ms(s.elapsed)
            )),
            if errors > 0 {
                format!("; {errors} with malformed rules or missing collections")
            } else {
                String::new()
            }
        );
        Ok(if errors > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    })
}

fn csv(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub(crate) struct DiffArgs<'a> {
    pub source: &'a SourceArgs,
    pub catalogs: &'a [PathBuf],
    pub collection: &'a str,
    pub query: Option<&'a str>,
    pub definitions: Option<&'a Path>,
    pub format: Format,
}

pub(crate) fn diff(args: DiffArgs<'_>) -> Result<ExitCode, String> {
    let catalog = catalog(args.catalogs, Some(args.source))?;
    let rt = runtime()?;
    rt.block_on(async {
        let (engine, label) = open(args.source, catalog.as_ref(), None).await?;
        let before = site(&engine, None).await?;
        let mut after = site(&engine, args.definitions).await?;
        if let Some(q) = args.query {
            let mut c = after
                .get(args.collection)
                .cloned()
                .ok_or_else(|| after.unknown(args.collection))?;
            c.rules.retain(|r| !matches!(r, Rule::Query { .. }));
            c.rules.insert(
                0,
                Rule::Query {
                    name: "proposed".into(),
                    wql: q.to_string(),
                },
            );
            after.upsert(c);
        }
        let ev_after = Evaluator::new(&engine, catalog.as_ref(), after)
            .await
            .map_err(|e| e.to_string())?;
        let target = ev_after.index_of(args.collection).map_err(|e| e.to_string())?;
        let downstream = ev_after.graph().downstream(target);
        // The target, every collection the change touches, and all downstream of them.
        let mut fresh = vec![target];
        for (i, c) in ev_after.site().collections().iter().enumerate() {
            if before.get(&c.id) != Some(c) {
                fresh.push(i);
            }
        }
        for i in fresh.clone() {
            fresh.extend(ev_after.graph().downstream(i));
        }
        fresh.sort_unstable();
        fresh.dedup();
        let ids_of = |ev: &Evaluator<'_>, idx: &[usize]| -> Vec<String> {
            idx.iter().map(|&i| ev.site().collections()[i].id.clone()).collect()
        };
        let targets = ids_of(&ev_after, &fresh);
        let pinned = pins(&engine, catalog.as_ref(), &ev_after, &before, &fresh).await;
        let new = ev_after
            .evaluate_pinned(Some(&targets), &pinned)
            .await
            .map_err(|e| e.to_string())?;
        // The same collections with the snapshot's own definitions.
        let ev_before = ev_after.for_site(before);
        let known: Vec<String> = targets
            .iter()
            .filter(|id| ev_before.site().get(id).is_some())
            .cloned()
            .collect();
        let old = ev_before
            .evaluate_pinned(Some(&known), &pinned)
            .await
            .map_err(|e| e.to_string())?;
        let recorded = recorded_membership(&engine, catalog.as_ref())
            .await
            .map_err(|e| e.to_string())?;
        let res = ev_after.resources();
        let t = new
            .get(args.collection)
            .ok_or_else(|| ev_after.site().unknown(args.collection))?;
        let rec = recorded
            .get(&t.collection.id.to_ascii_uppercase())
            .cloned()
            .unwrap_or_default();
        let joins = names(res, &(&t.members - &rec));
        let leaves = names(res, &(&rec - &t.members));
        let changes = downstream_changes(&old, &new, &ids_of(&ev_after, &downstream));
        match args.format {
            Format::Json => {
                let list = |v: &[(i64, String)]| -> Vec<serde_json::Value> {
                    v.iter().map(|(id, n)| json!({ "ResourceID": id, "Name": n })).collect()
                };
                outln!(
                    "{}",
                    json!({
                        "collection": t.collection.id,
                        "name": t.collection.name,
                        "recorded": rec.len(),
                        "evaluated": t.members.len(),
                        "joins": list(&joins),
                        "leaves": list(&leaves),
                        "errors": t.errors,
                        "downstream": changes.iter().map(|(id, name, j, l)| json!({
                            "collection": id, "name": name, "joins": j, "leaves": l
                        })).collect::<Vec<_>>(),
                    })
                );
            }
            _ => {
                outln!(
                    "{} {}: {} member(s) recorded, {} after the change",
                    t.collection.id,
                    t.collection.name,
                    rec.len(),
                    t.members.len()
                );
                for e in &t.errors {
                    outln!("  ! {e}");
                }
                outln!("joins ({}):", joins.len());
                for (id, n) in &joins {
                    outln!("  + {id:>10}  {n}");
                }
                outln!("leaves ({}):", leaves.len());
                for (id, n) in &leaves {
                    outln!("  - {id:>10}  {n}");
                }
                if changes.is_empty() {
                    outln!(
                        "downstream: no other collection changes ({} depend on it)",
                        downstream.len()
                    );
                } else {
                    outln!("downstream collections that change:");
                    for (id, name, j, l) in &changes {
                        outln!("  {id} {name}: +{j} -{l}");
                    }
                }
            }
        }
        eprintln!(
            "from {label}; evaluated {} collection(s) in {} ms",
            fresh.len(),
            new.elapsed.as_millis()
        );
        Ok(ExitCode::SUCCESS)
    })
}

fn downstream_changes(old: &Evaluation, new: &Evaluation, ids: &[String]) -> Vec<(String, String, u64, u64)> {
    ids.iter()
        .filter_map(|id| {
            let n = new.get(id)?;
            let o = old.get(id).map(|o| o.members.clone()).unwrap_or_default();
            let (j, l) = ((&n.members - &o).len(), (&o - &n.members).len());
            (j + l > 0).then(|| (n.collection.id.clone(), n.collection.name.clone(), j, l))
        })
        .collect()
}

pub(crate) struct ExplainArgs<'a> {
    pub source: &'a SourceArgs,
    pub catalogs: &'a [PathBuf],
    pub wql: Option<String>,
    pub collection: Option<&'a str>,
    pub device: &'a str,
    pub format: Format,
}

pub(crate) fn explain(args: ExplainArgs<'_>) -> Result<ExitCode, String> {
    let catalog = catalog(args.catalogs, Some(args.source))?;
    let rt = runtime()?;
    rt.block_on(async {
        let (engine, _label) = open(args.source, catalog.as_ref(), None).await?;
        let site = site(&engine, None).await?;
        let snapshot = site.clone();
        let ev = Evaluator::new(&engine, catalog.as_ref(), site)
            .await
            .map_err(|e| e.to_string())?;
        let found: Vec<Resource> = ev.resources().named(args.device).into_iter().cloned().collect();
        if found.is_empty() {
            return Err(ev.resources().unknown(args.device));
        }
        let mut outputs = Vec::new();
        let mut member = false;
        match (&args.wql, args.collection) {
            (Some(wql), _) => {
                let q = prepare_any_query(wql, catalog.as_ref(), ev.site())?;
                // A query reading collections' membership sees what the snapshot records.
                let overrides = HashMap::new();
                for r in &found {
                    let x = explain_query(&engine, &overrides, wql, &q, r.id)
                        .await
                        .map_err(|e| e.to_string())?;
                    member |= x.member;
                    let text = x.render(&r.name.clone().unwrap_or_default(), 0);
                    outputs.push((serde_json::to_value(&x).unwrap_or_default(), text));
                }
            }
            (None, Some(id)) => {
                let index = ev.index_of(id).map_err(|e| e.to_string())?;
                let pinned = pins(&engine, catalog.as_ref(), &ev, &snapshot, &[index]).await;
                let evaluation = ev
                    .evaluate_pinned(Some(&[id.to_string()]), &pinned)
                    .await
                    .map_err(|e| e.to_string())?;
                for r in &found {
                    let x = explain_collection(&ev, &evaluation, id, r)
                        .await
                        .map_err(|e| e.to_string())?;
                    member |= x.member;
                    outputs.push((serde_json::to_value(&x).unwrap_or_default(), x.render(0)));
                }
            }
            (None, None) => return Err("give a WQL query or --collection ID".into()),
        }
        if args.format == Format::Json {
            let v: Vec<_> = outputs.into_iter().map(|o| o.0).collect();
            outln!("{}", serde_json::Value::Array(v));
        } else {
            for (_, text) in outputs {
                out!("{text}");
            }
        }
        // Like grep: 0 when a member, 1 when not.
        Ok(if member { ExitCode::SUCCESS } else { ExitCode::FAILURE })
    })
}

fn toml_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            toml_files(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
    Ok(())
}

fn why_text(why: &Option<Why>, name: &str) -> String {
    match why {
        Some(Why::Collection(c)) => c.render(3),
        Some(Why::Query(q)) => q.render(name, 3),
        None => String::new(),
    }
}

pub(crate) fn test(path: &Path, catalogs: &[PathBuf], format: Format) -> Result<ExitCode, String> {
    let catalog = catalog(catalogs, None)?;
    let mut files = Vec::new();
    toml_files(path, &mut files)?;
    if files.is_empty() {
        return Err(format!("no .toml test files under {}", path.display()));
    }
    let rt = runtime()?;
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut report = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let results: Result<Vec<CaseResult>, String> = match ruletest::load(&text, catalog.as_ref()) {
            Ok(fixture) => rt
                .block_on(ruletest::run(&fixture, catalog.as_ref()))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match results {
            Ok(results) => {
                for r in &results {
                    if r.passed {
                        passed += 1;
                    } else {
                        failed += 1;
                    }
                    if format != Format::Json {
                        print_case(file, r);
                    }
                }
                report.push(json!({ "file": file.display().to_string(), "cases": results }));
            }
            Err(e) => {
                failed += 1;
                if format != Format::Json {
                    outln!("FAIL {}: {e}", file.display());
                }
                report.push(json!({ "file": file.display().to_string(), "error": e }));
            }
        }
    }
    if format == Format::Json {
        outln!("{}", json!({ "files": report, "passed": passed, "failed": failed }));
    } else {
        outln!("{passed} passed, {failed} failed");
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_case(file: &Path, r: &CaseResult) {
    let stem = file.file_name().map(|s| s.to_string_lossy()).unwrap_or_default();
    if r.passed {
        outln!("PASS {stem}: {}", r.name);
        return;
    }
    outln!("FAIL {stem}: {}", r.name);
    for e in &r.errors {
        outln!("  error: {e}");
    }
    if !r.missing.is_empty() || !r.unexpected.is_empty() {
        outln!("  members: [{}]", r.actual.join(", "));
    }
    for f in &r.missing {
        outln!("  missing: {}", f.name);
        out!("{}", why_text(&f.why, &f.name));
    }
    for f in &r.unexpected {
        outln!("  unexpected: {}", f.name);
        out!("{}", why_text(&f.why, &f.name));
    }
}
