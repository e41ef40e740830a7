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

#[test]
fn translate_prints_tsql_and_parameters() {
    let out = wqlkit(
        &[
            "translate",
            "select Name from SMS_R_System where Client = '1' and Name like \"PC-%\"",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("SELECT SMS_R_System.Name0 AS Name FROM v_R_System AS SMS_R_System WHERE SMS_R_System.Client0 = @P1 AND SMS_R_System.Name0 LIKE @P2\n"),
        "{text}"
    );
    assert!(text.contains("-- @P1 int = 1\n"), "{text}");
    assert!(text.contains("-- @P2 nvarchar(4000) = \"PC-%\"\n"), "{text}");
}

#[test]
fn translate_json_has_sql_and_params() {
    let out = wqlkit(
        &[
            "translate",
            "--format",
            "json",
            "select * from SMS_R_System where SystemOUName = 'CONTOSO\\\\PCS'",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert!(
        v["sql"]
            .as_str()
            .unwrap_or_default()
            .contains("LEFT OUTER JOIN v_RA_System_SystemOUName")
    );
    assert_eq!(v["params"][0]["name"], "@P1");
    assert_eq!(v["params"][0]["type"], "nvarchar(4000)");
    assert_eq!(v["params"][0]["value"], "CONTOSO\\PCS");
}

#[test]
fn check_binds_and_reports_unknown_names() {
    let out = wqlkit(&["check", "select Nmae from SMS_R_System"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("WQL0102") && err.contains("did you mean Name?"), "{err}");
    let out = wqlkit(
        &["check", "select * from CCM_UpdateStatus where Status = 'missing'"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("WQL0104"), "{}", stderr(&out));
}

#[test]
fn check_prints_warnings_but_succeeds() {
    let out = wqlkit(
        &["check", "--rule", "select Name from SMS_R_System where Name = 'PC%'"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("WQL0203"), "{err}");
    assert!(err.contains("WQL0204"), "{err}");
}

#[test]
fn custom_catalog_adds_classes_and_conflicts_fail() {
    let custom = crate::support::root().join("examples/catalog/custom_inventory.toml");
    let custom = custom.to_string_lossy().into_owned();
    let q = "select SMS_R_System.Name from SMS_R_System inner join SMS_G_System_MY_CLASS on SMS_G_System_MY_CLASS.ResourceID = SMS_R_System.ResourceID";
    assert_eq!(
        wqlkit(&["check", q], None).status.code(),
        Some(1),
        "unknown without the catalog"
    );
    let out = wqlkit(&["translate", "--catalog", &custom, q], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("INNER JOIN v_GS_MY_CLASS AS SMS_G_System_MY_CLASS"),
        "{}",
        stdout(&out)
    );
    let out = wqlkit(&["translate", "--catalog", &custom, "--catalog", &custom, q], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("WQL0302"), "{}", stderr(&out));
}

/// Runs `wqlkit args` with its stdout on `out`; returns its exit code and stderr.
fn with_stdout(args: &[&str], out: std::process::Stdio) -> (Option<i32>, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_wqlkit"))
        .args(args)
        .stdout(out)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run wqlkit");
    (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned())
}

const PRINTING: [&[&str]; 4] = [
    &["preview", "select * from SMS_R_System"],
    &["preview", "select Name from SMS_R_System", "--format", "csv"],
    &["sql", "select * from v_R_System"],
    &["collections", "eval"],
];

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    for args in PRINTING {
        // A pipe whose reading end is already closed: the first write fails with EPIPE.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let (code, err) = with_stdout(args, writer.into());
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("error"), "{args:?}: {err}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stdout_is_an_error_not_a_short_output() {
    // Every write to /dev/full fails with ENOSPC, as a full disk behind `>` would.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    for args in PRINTING {
        let (code, err) = with_stdout(args, full.try_clone().expect("clone").into());
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains("error: writing to stdout"), "{args:?}: {err}");
    }
}
