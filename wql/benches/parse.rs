//! Parse, and parse+bind+translate, over the WQL corpus; next to sqlparser
//! parsing the T-SQL wqlkit emits, as a peer measured in the same run.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use wqlkit_core::Catalog;
use wqlkit_wql::{BindOptions, parse, translate};

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/wql");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "wql") && !p.to_string_lossy().contains("bad_"));
    files.sort();
    files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

fn benches(c: &mut Criterion) {
    let queries = corpus();
    let bytes: usize = queries.iter().map(String::len).sum();
    let catalog = Catalog::builtin();
    let options = BindOptions::default();
    let translatable: Vec<(&String, String)> = queries
        .iter()
        .filter_map(|q| translate(q, catalog, &options).ok().map(|(_, t)| (q, t.sql)))
        .collect();

    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("wql_parse", |b| {
        b.iter(|| {
            for q in &queries {
                let _ = black_box(parse(black_box(q)));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("translatable");
    g.throughput(Throughput::Elements(translatable.len() as u64));
    g.bench_function("wql_parse_bind_translate", |b| {
        b.iter(|| {
            for (q, _) in &translatable {
                let _ = black_box(translate(black_box(q), catalog, &options));
            }
        })
    });
    g.bench_function("sqlparser_parse_emitted_tsql", |b| {
        let dialect = sqlparser::dialect::MsSqlDialect {};
        b.iter(|| {
            for (_, sql) in &translatable {
                let _ = black_box(sqlparser::parser::Parser::parse_sql(&dialect, black_box(sql)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches_group, benches);
criterion_main!(benches_group);
