//! Keep a collection rule under test from Rust: build a small site from a
//! rule test file's text, run its cases, and assert on the members.
//!
//! `cargo run --example rule_test`

use wqlkit::core::Catalog;
use wqlkit::engine::collections::ruletest::{load, run};

const SITE: &str = r#"
[[device]]
Name = "PC-001"
Client = 1
[[device.SMS_G_System_ADD_REMOVE_PROGRAMS]]
DisplayName = "7-Zip 19.00 (x64)"

[[device]]
Name = "PC-002"
Client = 1

[[collection]]
id = "CON00001"
name = "Missing 7-Zip"
query = ["select * from SMS_R_System where ResourceId not in (select ResourceID from SMS_G_System_ADD_REMOVE_PROGRAMS where DisplayName like '7-Zip%')"]

[[case]]
name = "PC-002 needs 7-Zip"
collection = "CON00001"
members = ["PC-002"]
"#;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let catalog = Catalog::builtin();
    let fixture = load(SITE, catalog)?;
    for case in run(&fixture, catalog).await? {
        println!(
            "{}: {} -> {:?}",
            if case.passed { "PASS" } else { "FAIL" },
            case.name,
            case.actual
        );
        assert!(case.passed, "{case:#?}");
    }
    Ok(())
}
