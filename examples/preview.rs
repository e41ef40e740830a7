//! Evaluate a collection rule on the demo fleet from Rust and read the Arrow batches.
//!
//! `cargo run --example preview`

use wqlkit::core::Catalog;
use wqlkit::demo::DemoOptions;
use wqlkit::engine::output;
use wqlkit::wql::{BindOptions, compile};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rule = "select SMS_R_System.ResourceID, SMS_R_System.Name from SMS_R_System \
                inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID \
                where SMS_G_System_OPERATING_SYSTEM.Caption like '%Windows 11%'";
    let catalog = Catalog::builtin();
    let compiled = compile(rule, catalog, &BindOptions::default())?;
    // Or Engine::from_snapshot(&Snapshot::open(dir, true)?) for a snapshot on disk.
    let engine = wqlkit::demo::engine(catalog, &DemoOptions::default())?;
    let batches = engine.execute(&compiled.bound.plan).await?;
    println!("{} Windows 11 devices", output::row_count(&batches));
    print!("{}", output::to_table(&batches, Some(5)));
    Ok(())
}
