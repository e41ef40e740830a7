//! The WQL corpus: every valid query parses, formats canonically and
//! round-trips; every `bad_` query fails with a diagnostic.

use crate::support::{corpus_files, is_bad};
use wqlkit::wql::{format, parse};

#[test]
fn corpus_is_large_enough() {
    let files = corpus_files();
    let good = files.iter().filter(|f| !is_bad(f)).count();
    assert!(good >= 84, "only {good} valid corpus queries");
}

#[test]
fn valid_queries_parse_and_round_trip() {
    for path in corpus_files().iter().filter(|f| !is_bad(f)) {
        let text = std::fs::read_to_string(path).expect("read");
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ast = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let canonical = format(&ast);
        let reparsed =
            parse(&canonical).unwrap_or_else(|e| panic!("{name}: canonical form does not parse: {e}\n{canonical}"));
        assert_eq!(reparsed, ast, "{name}: parse(fmt(q)) != parse(q)");
        assert_eq!(format(&reparsed), canonical, "{name}: fmt is not idempotent");
        insta::with_settings!({snapshot_suffix => name.clone(), prepend_module_to_snapshot => false, description => text.clone(), omit_expression => true}, {
            insta::assert_snapshot!("fmt", canonical);
            insta::assert_debug_snapshot!("ast", ast);
        });
    }
}
