//! Diagnostics, with the expected span marked inside the query text by `/*^*/`.

use crate::support::{stderr, stdout, unmark, wqlkit};
use wqlkit::core::Code;
use wqlkit::wql::parse;

/// Parses `marked` (markers removed) and checks the one diagnostic's code,
/// span and message.
fn expect_parse_error(marked: &str, code: Code, message: &str) -> wqlkit::core::Diagnostic {
    let (text, range) = unmark(marked);
    let diags = parse(&text).expect_err(&text).0;
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = diags.into_iter().next().expect("one diagnostic");
    assert_eq!(d.code, code, "{text}: {}", d.message);
    assert_eq!(d.span.range(), range, "{text}: {}", d.message);
    assert_eq!(d.message, message, "{text}");
    d
}

#[test]
fn missing_class_after_from() {
    expect_parse_error(
        "select * /*^*/from/*^*/",
        Code::Syntax,
        "expected a class name after FROM, found the end of the query",
    );
}

#[test]
fn missing_value_after_operator() {
    expect_parse_error(
        "select * from SMS_R_System where Name /*^*/=/*^*/",
        Code::Syntax,
        "expected a value or property after `=`, found the end of the query",
    );
}

#[test]
fn unterminated_string() {
    let d = expect_parse_error(
        "select * from SMS_R_System where Name = /*^*/\"/*^*/PC-01",
        Code::Syntax,
        "this string is never closed",
    );
    assert_eq!(d.help.as_deref(), Some("add the closing \" at the end of the string"));
}

#[test]
fn trailing_comma_in_select_list() {
    let d = expect_parse_error(
        "select Name, /*^*/from/*^*/ SMS_R_System",
        Code::Syntax,
        "expected a property after `,`, found `from`",
    );
    assert_eq!(d.help.as_deref(), Some("remove the comma before FROM"));
}

#[test]
fn join_without_on() {
    expect_parse_error(
        "select * from SMS_R_System s join SMS_G_System_SYSTEM x /*^*/where/*^*/ x.Name = 'a'",
        Code::Syntax,
        "expected ON after `x`, found `where`",
    );
}

#[test]
fn double_equals() {
    let d = expect_parse_error(
        "select * from SMS_R_System where Name =/*^*/=/*^*/ 'a'",
        Code::Syntax,
        "expected a value or property after `=`, found `=`",
    );
    assert_eq!(d.help.as_deref(), Some("WQL compares with a single `=`"));
}

#[test]
fn unclosed_parenthesis() {
    let d = expect_parse_error(
        "select * from SMS_R_System where (Name = /*^*/'a'/*^*/",
        Code::Syntax,
        "expected AND, OR or `)` after `'a'`, found the end of the query",
    );
    assert_eq!(d.help.as_deref(), Some("a parenthesis is never closed"));
}

#[test]
fn keyword_as_class_name() {
    expect_parse_error(
        "select * from /*^*/where/*^*/",
        Code::Syntax,
        "expected a class name after FROM, found `where`",
    );
}

#[test]
fn integer_out_of_range() {
    expect_parse_error(
        "select * from SMS_G_System_LOGICAL_DISK where Size > /*^*/99999999999999999999999/*^*/",
        Code::NumberOutOfRange,
        "99999999999999999999999 does not fit in 64 bits",
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!(
        "select * from SMS_R_System where {}Name = 'a'{}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let d = parse(&text).expect_err("too deep").0;
    assert_eq!(d[0].code, Code::NestingTooDeep);
    let nots = format!("select * from SMS_R_System where {} Name = 'a'", "not ".repeat(10_000));
    assert_eq!(parse(&nots).expect_err("too deep").0[0].code, Code::NestingTooDeep);
}

#[test]
fn long_flat_conditions_are_fine() {
    let ors: Vec<String> = (0..5_000).map(|i| format!("Name = 'PC{i}'")).collect();
    let text = format!("select * from SMS_R_System where {}", ors.join(" or "));
    let q = parse(&text).expect("5,000 ORs parse");
    let Some(w) = q.select.selection else {
        panic!("no where")
    };
    let wqlkit::wql::ast::ExprKind::Logical { operands, .. } = w.kind else {
        panic!("not flattened")
    };
    assert_eq!(operands.len(), 5_000);
}

#[test]
fn oversized_input_is_rejected() {
    let text = format!("select * from SMS_R_System where Name = '{}'", "x".repeat(2 << 20));
    assert_eq!(parse(&text).expect_err("too big").0[0].code, Code::InputTooLarge);
}

/// Binds `marked` against the built-in catalog and checks the first error.
fn expect_bind_error(marked: &str, code: Code, message: &str, help: Option<&str>) {
    let (text, range) = unmark(marked);
    let diags = wqlkit::wql::compile(&text, wqlkit::core::Catalog::builtin(), &Default::default())
        .map(|_| ())
        .expect_err(&text)
        .0;
    let d = diags
        .iter()
        .find(|d| d.is_error())
        .unwrap_or_else(|| panic!("no error: {diags:?}"));
    assert_eq!(d.code, code, "{text}: {}", d.message);
    assert_eq!(d.span.range(), range, "{text}: {}", d.message);
    assert_eq!(d.message, message, "{text}");
    assert_eq!(d.help.as_deref(), help, "{text}");
}

#[test]
fn unknown_class_suggests_the_closest() {
    expect_bind_error(
        "select * from /*^*/SMS_R_Sytem/*^*/ where Name like 'PC%'",
        Code::UnknownClass,
        "unknown class SMS_R_Sytem",
        Some("did you mean SMS_R_System?"),
    );
}

#[test]
fn unknown_property_suggests_the_closest() {
    expect_bind_error(
        "select SMS_R_System./*^*/Nmae/*^*/ from SMS_R_System",
        Code::UnknownProperty,
        "SMS_R_System has no property Nmae",
        Some("did you mean Name?"),
    );
}

#[test]
fn ambiguous_property_names_the_candidates() {
    expect_bind_error(
        "select * from SMS_R_System inner join SMS_G_System_COMPUTER_SYSTEM on SMS_G_System_COMPUTER_SYSTEM.ResourceID = SMS_R_System.ResourceID where /*^*/Name/*^*/ like 'LON-%'",
        Code::AmbiguousProperty,
        "Name is ambiguous: it could be SMS_R_System.Name or SMS_G_System_COMPUTER_SYSTEM.Name",
        Some("qualify it, e.g. SMS_R_System.Name"),
    );
}

#[test]
fn type_mismatch_names_the_property() {
    expect_bind_error(
        "select * from SMS_R_System where Client = /*^*/'yes'/*^*/",
        Code::TypeMismatch,
        "'yes' is not a number, and Client is a number",
        Some("compare Client with a number, e.g. = 1"),
    );
}

#[test]
fn client_side_class_points_to_the_site_class() {
    expect_bind_error(
        "select * from /*^*/ccm_updatestatus/*^*/ where status = 'missing'",
        Code::ClientSideClass,
        "ccm_updatestatus is a client-side class: it lives in each client's WMI (root\\ccm\\SoftwareUpdates\\UpdatesStore), not in the site database",
        Some("collection rules and previews read the site database; query SMS_UpdateComplianceStatus instead"),
    );
}

#[test]
fn class_used_without_a_join() {
    expect_bind_error(
        "select * from SMS_R_System where /*^*/SMS_G_System_COMPUTER_SYSTEM/*^*/.Model like 'Latitude%'",
        Code::UnknownQualifier,
        "SMS_G_System_COMPUTER_SYSTEM is not a class or alias of this query",
        Some(
            "SMS_G_System_COMPUTER_SYSTEM is not in FROM or a JOIN: add INNER JOIN SMS_G_System_COMPUTER_SYSTEM ON SMS_G_System_COMPUTER_SYSTEM.ResourceID = SMS_R_System.ResourceID",
        ),
    );
}

#[test]
fn spaced_dot_still_points_at_the_property() {
    expect_bind_error(
        "select SMS_R_System .\n  /*^*/Nmae/*^*/ from SMS_R_System",
        Code::UnknownProperty,
        "SMS_R_System has no property Nmae",
        Some("did you mean Name?"),
    );
}

#[test]
fn name_equal_by_an_inner_join_is_bound_with_a_warning() {
    let (text, range) = unmark(
        "select /*^*/ResourceID/*^*/ from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceId = SMS_R_System.ResourceID",
    );
    let c = wqlkit::wql::compile(&text, wqlkit::core::Catalog::builtin(), &Default::default())
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    let [d] = c.warnings.as_slice() else {
        panic!("{:?}", c.warnings)
    };
    assert_eq!(d.code, Code::ResolvedByJoin);
    assert_eq!(d.span.range(), range);
    assert_eq!(
        d.message,
        "ResourceID could be SMS_R_System.ResourceID or SMS_G_System_OPERATING_SYSTEM.ResourceID; it was bound to SMS_R_System.ResourceID, the first in FROM order, because the INNER JOIN condition makes them equal"
    );
    // `check` passes and shows the warning with the condition that decided it.
    let out = wqlkit(&["check", "--format", "json", &text], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let w = &v["diagnostics"][0];
    assert_eq!(w["code"], "WQL0213");
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["labels"][0]["message"], "this condition makes them equal");
}
