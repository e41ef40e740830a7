//! Translate a collection rule to parameterized T-SQL from Rust.
//!
//! `cargo run --example translate`

use wqlkit::core::Catalog;
use wqlkit::wql::{BindOptions, translate};

fn main() {
    let rule = r#"select SMS_R_SYSTEM.ResourceID, SMS_R_SYSTEM.Name from SMS_R_System
        inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceId
        where SMS_G_System_OPERATING_SYSTEM.Caption like "%Windows 11%" and SMS_R_System.Client = 1"#;
    match translate(
        rule,
        Catalog::builtin(),
        &BindOptions {
            collection_rule: true,
            ..Default::default()
        },
    ) {
        Ok((compiled, t)) => {
            for w in &compiled.warnings {
                eprintln!("warning {}: {}", w.code, w.message);
            }
            println!("{}", t.sql);
            println!("-- declare {}", t.declarations());
            for p in &t.params {
                println!("-- {} = {}", p.name, p.value.to_json());
            }
        }
        Err(diags) => {
            eprintln!("{diags}");
            std::process::exit(1);
        }
    }
}
