//! WQL text → `translate` against the built-in catalog; when it succeeds, the
//! T-SQL must re-parse with sqlparser's MsSql dialect as exactly one statement
//! that prints back identically.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sqlparser::dialect::MsSqlDialect;
use sqlparser::parser::Parser;
use wqlkit_core::Catalog;
use wqlkit_wql::{BindOptions, translate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((_, t)) = translate(text, Catalog::builtin(), &BindOptions::default()) else {
        return;
    };
    let stmts = match Parser::parse_sql(&MsSqlDialect {}, &t.sql) {
        Ok(s) => s,
        Err(e) => panic!("the T-SQL does not re-parse: {e}\ninput: {text:?}\nsql: {}", t.sql),
    };
    assert!(
        stmts.len() == 1,
        "expected one statement, got {}\ninput: {text:?}\nsql: {}",
        stmts.len(),
        t.sql
    );
    let printed = stmts[0].to_string();
    assert!(
        printed == t.sql,
        "the T-SQL does not print back identically\ninput: {text:?}\nsql:     {}\nprinted: {printed}",
        t.sql
    );
});
