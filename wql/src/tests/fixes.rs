//! A diagnostic's fixes, applied to the rule, give the rule its help
//! describes: the diagnostic is gone and the rule still compiles.

use super::catalog;
use crate::{BindOptions, compile};
use wqlkit_core::{Code, Diagnostic, Fix};

/// Every diagnostic of `wql`, errors and warnings.
fn diagnostics(wql: &str) -> Vec<Diagnostic> {
    match compile(wql, &catalog(), &BindOptions::default()) {
        Ok(c) => c.warnings,
        Err(d) => d.0,
    }
}

/// `text` with the edits of `fix` made, last first so that earlier spans stay right.
fn apply(text: &str, fix: &Fix) -> String {
    let mut out = text.to_string();
    for e in fix.edits.iter().rev() {
        out.replace_range(e.span.start..e.span.end, &e.text);
    }
    out
}

/// The fixes `code` offers for `wql`, applied one by one.
fn fixed(wql: &str, code: Code) -> Vec<String> {
    let all = diagnostics(wql);
    let d = all
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("{wql}: no {code} among {all:?}"));
    d.fixes.iter().map(|f| apply(wql, f)).collect()
}

#[test]
fn a_misspelt_name_is_replaced_by_each_candidate() {
    assert_eq!(
        fixed("select Name from SMS_R_Sytem", Code::UnknownClass),
        ["select Name from SMS_R_System"]
    );
    let by_property = fixed("select Nmae from SMS_R_System", Code::UnknownProperty);
    assert!(
        by_property.contains(&"select Name from SMS_R_System".to_string()),
        "{by_property:?}"
    );
    assert_eq!(
        fixed("select SMS_R_System.Nmae from SMS_R_System", Code::UnknownProperty)[0],
        "select SMS_R_System.Name from SMS_R_System"
    );
    assert_eq!(
        fixed(
            "select Name from SMS_R_System where uper(Name) = 'A'",
            Code::UnknownFunction
        ),
        ["select Name from SMS_R_System where Upper(Name) = 'A'"]
    );
    assert_eq!(
        fixed("select SMS_R_Systm.Name from SMS_R_System", Code::UnknownQualifier),
        ["select SMS_R_System.Name from SMS_R_System"]
    );
}

#[test]
fn lint_fixes_rewrite_the_condition_as_the_help_says() {
    let cases = [
        (
            "select Name from SMS_R_System where Name = 'LON-%'",
            Code::EqualsWithWildcard,
            "select Name from SMS_R_System where Name like 'LON-%'",
        ),
        (
            "select Name from SMS_R_System where Name<>'LON-%'",
            Code::EqualsWithWildcard,
            "select Name from SMS_R_System where Name not like 'LON-%'",
        ),
        (
            "select Name from SMS_R_System where Name = NULL",
            Code::NullComparison,
            "select Name from SMS_R_System where Name is null",
        ),
        (
            "select Name from SMS_R_System where NULL <> Name",
            Code::NullComparison,
            "select Name from SMS_R_System where Name is not null",
        ),
        (
            "select Name from SMS_R_System where upper( Name ) = 'LON-DT-1'",
            Code::NeedlessCase,
            "select Name from SMS_R_System where Name = 'LON-DT-1'",
        ),
    ];
    for (wql, code, want) in cases {
        let got = fixed(wql, code);
        assert_eq!(got, [want], "{wql}");
        assert!(
            diagnostics(want).iter().all(|d| d.code != code && !d.is_error()),
            "{want}: {:?}",
            diagnostics(want)
        );
    }
}

#[test]
fn the_negated_array_fix_asks_for_resources_without_the_value() {
    let wql = "select Name from SMS_R_System where SystemOUName <> 'CONTOSO.COM/SERVERS'";
    let got = fixed(wql, Code::NegatedMultiValued);
    assert_eq!(got.len(), 1, "{got:?}");
    let lower = got[0].to_lowercase();
    assert!(
        lower.contains("resourceid not in (select") && lower.contains("systemouname = \"contoso.com/servers\""),
        "{}",
        got[0]
    );
    assert!(
        diagnostics(&got[0])
            .iter()
            .all(|d| d.code != Code::NegatedMultiValued && !d.is_error()),
        "{}: {:?}",
        got[0],
        diagnostics(&got[0])
    );
}

#[test]
fn a_fix_is_in_the_json_diagnostic_with_byte_offsets() {
    let wql = "select Name from SMS_R_System where Name = NULL";
    let d = diagnostics(wql)
        .into_iter()
        .find(|d| d.code == Code::NullComparison)
        .expect("WQL0212");
    let j = d.to_json(wql);
    let edit = &j["fixes"][0]["edits"][0];
    assert_eq!(j["fixes"][0]["label"], "use IS NULL");
    assert_eq!(edit["start"], wql.find(" = NULL").expect("the operator"));
    assert_eq!(edit["end"], wql.len());
    assert_eq!(edit["text"], " is null");
    let clean = diagnostics("select Name from SMS_R_System where Name like 'A%'");
    assert!(clean.iter().all(|d| d.to_json("").get("fixes").is_none()));
}
