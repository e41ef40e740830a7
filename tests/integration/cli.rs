//! The command-line contract: inputs, exit codes, output formats.

use crate::support::{stderr, stdout, wqlkit};

#[test]
fn check_accepts_argument_file_and_stdin() {
    let q = "select * from SMS_R_System where Name like 'PC-%'";
    assert_eq!(wqlkit(&["check", q], None).status.code(), Some(0));
    assert_eq!(wqlkit(&["check"], Some(q)).status.code(), Some(0));
    assert_eq!(wqlkit(&["check", "-"], Some(q)).status.code(), Some(0));
    let dir = std::env::temp_dir().join(format!("wqlkit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let f = dir.join("q.wql");
    std::fs::write(&f, q).expect("write");
    let f = f.to_string_lossy().into_owned();
    assert_eq!(wqlkit(&["check", "-f", &f], None).status.code(), Some(0));
    assert_eq!(wqlkit(&["check", "--file", &f], None).status.code(), Some(0));
}

#[test]
fn check_reports_syntax_errors_with_location_and_exit_1() {
    let out = wqlkit(&["check", "select * from"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("WQL0001"), "{err}");
    assert!(err.contains("expected a class name after FROM"), "{err}");
    assert!(err.contains("<query>:1:10"), "{err}");
}

#[test]
fn check_json_lists_diagnostics() {
    let out = wqlkit(&["check", "--format", "json", "select Name, from SMS_R_System"], None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "WQL0001");
    assert_eq!(d["location"]["line"], 1);
    assert_eq!(d["location"]["column"], 14);
    assert_eq!(d["help"], "remove the comma before FROM");
}

#[test]
fn fmt_prints_canonical_form() {
    let out = wqlkit(
        &[
            "fmt",
            "select  name from sms_r_system  where client = '1' and (a=1 or b != 2)",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "SELECT name\nFROM sms_r_system\nWHERE client = \"1\" AND (a = 1 OR b <> 2)\n"
    );
}

#[test]
fn fmt_fails_on_parse_error() {
    let out = wqlkit(&["fmt", "select * from SMS_R_System where"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("expected a condition after WHERE"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn unreadable_file_is_a_usage_error() {
    let out = wqlkit(&["check", "-f", "/nonexistent/q.wql"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read /nonexistent/q.wql"));
}
