//! The stable output order (`output::order::stable`) of a large result with
//! no key column: device names, user names and a flag, as `preview` of
//! `select Name, LastLogonUserName, Client from SMS_R_System` returns them
//! at a million devices (in batches, in no particular order). Next to it, as
//! a peer in the same run, Arrow's own lexicographic sort of the same columns
//! (byte order, not the collation).

use criterion::{Criterion, criterion_group, criterion_main};
use datafusion::arrow::array::{ArrayRef, Int32Array, StringArray};
use datafusion::arrow::compute::concat;
use datafusion::arrow::compute::kernels::sort::{SortColumn, lexsort_to_indices};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use std::hint::black_box;
use std::sync::Arc;
use wqlkit_engine::output::order::stable;

const ROWS: usize = 925_000;
const BATCH: usize = 32_768;

/// The rows, in batches, with names as the demo fleet spells them
/// (`LON-DT-001600`) in a scrambled order.
fn batches() -> Vec<RecordBatch> {
    let offices = [
        "LON", "NYC", "PAR", "BER", "SYD", "TOK", "MAD", "ROM", "AMS", "DUB", "SEA", "CHI",
    ];
    let kinds = ["DT", "LT", "VM", "SRV"];
    let users = [
        "julia.walker",
        "donna.lim",
        "charlotte.powell",
        "lisa.garcia",
        "anna.oconnor",
    ];
    let schema = Arc::new(Schema::new(vec![
        Field::new("Name", DataType::Utf8, true),
        Field::new("LastLogonUserName", DataType::Utf8, true),
        Field::new("Client", DataType::Int32, true),
    ]));
    let scrambled = |i: usize| i.wrapping_mul(2_654_435_761) % ROWS;
    (0..ROWS)
        .step_by(BATCH)
        .map(|start| {
            let range = start..(start + BATCH).min(ROWS);
            let names: StringArray = range
                .clone()
                .map(|i| {
                    let n = scrambled(i);
                    Some(format!("{}-{}-{:06}", offices[n % 12], kinds[(n / 12) % 4], n / 48))
                })
                .collect();
            let logons: StringArray = range
                .clone()
                .map(|i| (i % 19 != 0).then(|| format!("{}{}", users[i % 5], i % 997)))
                .collect();
            let client: Int32Array = range.map(|_| Some(1)).collect();
            let columns: Vec<ArrayRef> = vec![Arc::new(names), Arc::new(logons), Arc::new(client)];
            RecordBatch::try_new(schema.clone(), columns).expect("a batch of the benchmark's rows")
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let input = batches();
    let mut g = c.benchmark_group("order_925k_names");
    g.sample_size(20);
    g.bench_function("wqlkit_stable", |b| {
        b.iter(|| black_box(stable(black_box(input.clone()), &[]).expect("ordered")))
    });
    g.bench_function("arrow_lexsort_bytes", |b| {
        b.iter(|| {
            let columns: Vec<SortColumn> = (0..3)
                .map(|c| SortColumn {
                    values: concat(&input.iter().map(|b| b.column(c).as_ref()).collect::<Vec<_>>()).expect("joined"),
                    options: None,
                })
                .collect();
            black_box(lexsort_to_indices(&columns, None).expect("sorted"))
        })
    });
    g.finish();
}

criterion_group!(order, benches);
criterion_main!(order);
