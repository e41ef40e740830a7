//! Windows logins on the live path, against the pysqlbridge fixture with its
//! NTLM acceptor (`bridge.rs`): NTLM with `DOMAIN\user` and a password under
//! both encryption levels, the server's refusal of a wrong password, empty
//! credentials refused before any connection, a live preview and an export
//! under NTLM that agree with the SQL login's, and FreeTDS's `tsql` logging
//! in to the same acceptor as an independent client.

use crate::bridge::{DATABASE, WINDOWS_LOGIN, bridge, cli_flags, windows_options};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use wqlkit::core::Code;
use wqlkit::engine::live::{LiveConnection, LiveError};

fn connect(o: &wqlkit::engine::live::ConnectOptions) -> Result<LiveConnection, LiveError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(LiveConnection::connect(o))
}

fn cli(args: &[&str], password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wqlkit"))
        .args(args)
        .stdin(Stdio::null())
        .env("WQLKIT_PASSWORD", password)
        .env(
            "WQLKIT_CACHE_DIR",
            std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("windows-auth-cache"),
        )
        .output()
        .expect("run wqlkit")
}

/// The login log's lines for logins by `user`.
fn logins_of(user: &str) -> usize {
    let log = std::fs::read_to_string(&bridge().login_log).unwrap_or_default();
    log.lines().filter(|l| l.ends_with(&format!(" user={user}"))).count()
}

#[test]
fn ntlm_logs_in_as_the_windows_account_with_and_without_encryption() {
    let b = bridge();
    for encrypt in [false, true] {
        let before = logins_of(WINDOWS_LOGIN);
        let mut o = windows_options(b.port, &b.password, encrypt);
        o.trust_server_certificate = true;
        let conn = connect(&o).unwrap_or_else(|e| panic!("NTLM login (encrypt {encrypt}): {e}"));
        assert_eq!(conn.options().auth.user(), Some(WINDOWS_LOGIN));
        // The server authenticated the account itself (its SUSER_SNAME()).
        assert_eq!(logins_of(WINDOWS_LOGIN), before + 1, "encrypt {encrypt}");
    }
}

#[test]
fn a_wrong_windows_password_is_the_servers_18456() {
    let b = bridge();
    let o = windows_options(b.port, "not-the-password", false);
    let e = connect(&o).expect_err("a wrong password logs in");
    assert_eq!(e.code(), Code::LoginFailed, "{e}");
    let LiveError::LoginFailed {
        number, windows, user, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!((*number, *windows, user.as_deref()), (18456, true, Some(WINDOWS_LOGIN)));
    let text = format!("{e} {}", e.help().unwrap_or_default());
    assert!(
        text.contains("error 18456") && text.contains("CREATE LOGIN [WQLKIT\\analyst] FROM WINDOWS"),
        "{text}"
    );
    assert!(!text.contains("not-the-password"), "{text}");
}

#[test]
fn empty_windows_credentials_are_refused_before_connecting() {
    // A port this test listens on: no connection may arrive.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let server = format!("127.0.0.1:{}", listener.local_addr().expect("address").port());
    for (user, password) in [(WINDOWS_LOGIN, ""), ("WQLKIT\\", "secret"), ("\\analyst", "secret")] {
        let out = cli(
            &[
                "preview",
                "select Name from SMS_R_System",
                "--server",
                &server,
                "--user",
                user,
                "--encrypt",
                "off",
            ],
            password,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{user}: {stderr}");
        assert!(stderr.contains("WQL0401"), "{user}: {stderr}");
    }
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "wqlkit connected with empty credentials"
    );
}

#[test]
fn live_preview_and_export_under_ntlm_agree_with_the_sql_login() {
    let b = bridge();
    let wql = "select Name, Client from SMS_R_System where Name like 'PC-%' order by Name";
    let server = format!("127.0.0.1:{}", b.port);
    let windows_flags = [
        "--server",
        &server,
        "--database",
        DATABASE,
        "--user",
        WINDOWS_LOGIN,
        "--encrypt",
        "off",
    ];
    let sql_flags = cli_flags(b);
    let preview = |flags: &[&str]| {
        let mut args = vec!["preview", wql, "--format", "csv"];
        args.extend_from_slice(flags);
        let out = cli(&args, &b.password);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let sql_flags: Vec<&str> = sql_flags.iter().map(String::as_str).collect();
    let by_sql = preview(&sql_flags);
    let by_ntlm = preview(&windows_flags);
    assert!(by_sql.lines().count() > 2, "{by_sql}");
    assert_eq!(by_ntlm, by_sql);

    // An export under NTLM holds what the SQL login's export holds.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("windows-auth-export");
    let _ = std::fs::remove_dir_all(&dir);
    let (ntlm_dir, sql_dir) = (dir.join("ntlm"), dir.join("sql"));
    for (flags, out_dir) in [(&windows_flags[..], &ntlm_dir), (&sql_flags[..], &sql_dir)] {
        let mut args = vec!["snapshot", "export", "--views", "v_R_System"];
        args.extend_from_slice(flags);
        let out_dir = out_dir.to_string_lossy().into_owned();
        args.extend(["--out", &out_dir, "--datetime-params", "text"]);
        let out = cli(&args, &b.password);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let offline = |d: &std::path::Path| {
        let snap = d.to_string_lossy().into_owned();
        let out = cli(&["preview", wql, "--format", "csv", "--snapshot", &snap], "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(offline(&ntlm_dir), by_sql);
    assert_eq!(offline(&sql_dir), by_sql);
    let _ = std::fs::remove_dir_all(&dir);
}

/// FreeTDS's `tsql` logs in to the same NTLM acceptor: the harness, not only
/// wqlkit's client, speaks NTLM as SQL Server does.
#[test]
fn freetds_tsql_logs_in_by_ntlm_to_the_same_harness() {
    let b = bridge();
    let run = |password: &str| {
        let out = crate::bridge::tsql(b.port, WINDOWS_LOGIN, password, &[], "SELECT SUSER_SNAME()\ngo\nexit\n");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let ok = run(&b.password);
    assert!(ok.lines().any(|l| l.trim() == WINDOWS_LOGIN), "{ok}");
    let refused = run("not-the-password");
    assert!(refused.contains("18456"), "{refused}");
}

/// Without the `kerberos` feature, single sign-on on Linux and macOS is a
/// diagnostic that says how to get it, given before any connection.
#[cfg(all(unix, not(feature = "kerberos")))]
#[test]
fn integrated_without_kerberos_says_how_to_get_it() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let server = format!("127.0.0.1:{}", listener.local_addr().expect("address").port());
    let connection = format!("Server={server};Database=CM_PS1;Integrated Security=SSPI;Encrypt=false");
    for args in [
        vec![
            "preview",
            "select Name from SMS_R_System",
            "--server",
            &server,
            "--integrated",
            "--encrypt",
            "off",
        ],
        vec!["preview", "select Name from SMS_R_System", "--connection", &connection],
    ] {
        let out = cli(&args, "");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("WQL0409") && stderr.contains("--features kerberos") && stderr.contains("kinit"),
            "{stderr}"
        );
    }
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "wqlkit connected without a way to log in"
    );
}
