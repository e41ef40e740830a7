//! The WQL corpus: every valid query parses, formats canonically, round-trips
//! and translates to T-SQL that re-parses identically; every `bad_` query
//! fails with a diagnostic. Each query's snapshot holds its canonical form,
//! an outline of its syntax tree, and its translation.

use crate::outline::outline;
use crate::support::{corpus_files, is_bad};
use sqlparser::dialect::MsSqlDialect;
use sqlparser::parser::Parser;
use std::fmt::Write;
use wqlkit::core::Catalog;
use wqlkit::render;
use wqlkit::wql::{BindOptions, ast, compile, format, parse, to_tsql};

#[test]
fn corpus_is_large_enough() {
    let files = corpus_files();
    let good = files.iter().filter(|f| !is_bad(f)).count();
    assert!(good >= 84, "only {good} valid corpus queries");
}

/// Values for every console prompt in the query, so prompted queries translate.
fn prompt_values(q: &ast::Query) -> BindOptions {
    let mut o = BindOptions::default();
    wqlkit::wql::lint::for_each_expr(&q.select, &mut |e| {
        if let ast::ExprKind::Prompt(p) = &e.kind {
            o.prompts.insert(p.clone(), "%".into());
        }
    });
    o
}

fn name_of(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn valid_queries_parse_round_trip_and_translate() {
    let catalog = Catalog::builtin();
    let mut translated = 0;
    for path in corpus_files().iter().filter(|f| !is_bad(f)) {
        let text = std::fs::read_to_string(path).expect("read");
        let name = name_of(path);
        let ast = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let canonical = format(&ast);
        let reparsed =
            parse(&canonical).unwrap_or_else(|e| panic!("{name}: canonical form does not parse: {e}\n{canonical}"));
        assert_eq!(reparsed, ast, "{name}: parse(fmt(q)) != parse(q)");
        assert_eq!(format(&reparsed), canonical, "{name}: fmt is not idempotent");

        let mut report = format!("{canonical}\n\n-- syntax tree\n{}", outline(&ast));
        match compile(&text, catalog, &prompt_values(&ast)) {
            Ok(c) => {
                let t = to_tsql(&c.bound.plan).unwrap_or_else(|e| panic!("{name}: {e}"));
                let stmts =
                    Parser::parse_sql(&MsSqlDialect {}, &t.sql).unwrap_or_else(|e| panic!("{name}: {e}\n{}", t.sql));
                assert_eq!(stmts.len(), 1, "{name}");
                assert_eq!(
                    stmts[0].to_string(),
                    t.sql,
                    "{name}: T-SQL does not print back identically"
                );
                translated += 1;
                let _ = write!(
                    report,
                    "\n-- plan\n{}\n-- T-SQL\n{}\n",
                    c.bound.plan.display_indent(),
                    t.sql
                );
                for p in &t.params {
                    let _ = writeln!(report, "-- {} {} = {}", p.name, p.sql_type, p.value.to_json());
                }
                for w in &c.warnings {
                    let _ = writeln!(report, "-- warning {}: {}", w.code, w.message);
                }
            }
            Err(d) => {
                let _ = writeln!(report, "\n-- diagnostics");
                for x in &d.0 {
                    report.push_str(&render::render(x, &name, &text, false));
                }
            }
        }
        insta::with_settings!({snapshot_suffix => name.clone(), prepend_module_to_snapshot => false, omit_expression => true, description => text.clone()}, {
            insta::assert_snapshot!("translation", report);
        });
    }
    assert!(translated >= 150, "only {translated} corpus queries translate");
}

#[test]
fn bad_queries_fail_with_diagnostics() {
    let catalog = Catalog::builtin();
    for path in corpus_files().iter().filter(|f| is_bad(f)) {
        let text = std::fs::read_to_string(path).expect("read");
        let name = name_of(path);
        let diags = match compile(&text, catalog, &BindOptions::default()) {
            Ok(_) => panic!("{name} should fail"),
            Err(d) => d,
        };
        assert!(diags.has_errors(), "{name}");
        let rendered: String = diags.0.iter().map(|d| render::render(d, &name, &text, false)).collect();
        insta::with_settings!({snapshot_suffix => name.clone(), prepend_module_to_snapshot => false, omit_expression => true, description => text.clone()}, {
            insta::assert_snapshot!("diagnostics", rendered);
        });
    }
}
