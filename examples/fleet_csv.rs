//! Write the demo fleet's views as CSV with a pysqlbridge configuration, so a
//! TDS server can serve them to `wqlkit preview --server` and `snapshot export`.
//!
//! `cargo run --example fleet_csv -- 3000 /tmp/fleet` writes `/tmp/fleet/views/*.csv`
//! and `/tmp/fleet/bridge.json` (login `wqlkit`, password from `WQLKIT_PASSWORD`);
//! then `pysqlbridge --host 127.0.0.1 --port 14330 --config /tmp/fleet/bridge.json`.

use std::path::PathBuf;
use wqlkit::core::Catalog;
use wqlkit::demo::{DemoOptions, generate};
use wqlkit::engine::MemorySink;
use wqlkit::engine::storage::csv_export;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let devices: usize = args.next().unwrap_or_else(|| "300".into()).parse()?;
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "fleet".into()));
    let password = std::env::var("WQLKIT_PASSWORD").map_err(|_| "set WQLKIT_PASSWORD to the login's password")?;
    let opts = DemoOptions {
        devices,
        ..Default::default()
    };
    let mut sink = MemorySink::default();
    generate(Catalog::builtin(), &opts, &mut sink)?;
    let views = dir.join("views");
    csv_export::write_views(&views, &sink.views)?;
    let rows: usize = sink
        .views
        .iter()
        .map(|(_, _, b)| b.iter().map(|b| b.num_rows()).sum::<usize>())
        .sum();
    let config = serde_json::json!({
        "logins": [{ "user": "wqlkit", "password": password }],
        "tables": sink.views.iter().map(|(name, _, _)| serde_json::json!({
            "name": name,
            "csv": views.join(format!("{name}.csv")),
        })).collect::<Vec<_>>(),
    });
    std::fs::write(dir.join("bridge.json"), config.to_string())?;
    println!(
        "{} views, {rows} rows of {devices} devices in {}",
        sink.views.len(),
        views.display()
    );
    Ok(())
}
