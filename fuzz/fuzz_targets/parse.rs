//! WQL text → `parse`; when it parses, the canonical form must round-trip:
//! `parse(format(q)) == q` (spans take no part in equality) and `format` is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wqlkit_wql::{format, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(query) = parse(text) else {
        return;
    };
    let canonical = format(&query);
    let reparsed = match parse(&canonical) {
        Ok(q) => q,
        Err(e) => panic!("the canonical form does not parse: {e}\ninput: {text:?}\ncanonical: {canonical:?}"),
    };
    assert!(
        reparsed == query,
        "parse(format(q)) != q\ninput: {text:?}\ncanonical: {canonical:?}\nfirst: {query:#?}\nreparsed: {reparsed:#?}"
    );
    let again = format(&reparsed);
    assert!(
        again == canonical,
        "format is not idempotent\ninput: {text:?}\nfirst: {canonical:?}\nsecond: {again:?}"
    );
});
