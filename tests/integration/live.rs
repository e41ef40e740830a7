//! The live path end to end against the pysqlbridge fixture (`bridge.rs`):
//! connecting with and without encryption, live preview of the corpus against
//! the offline engine, export → snapshot → offline preview, the failures a
//! person meets (wrong password, closed port, silent server, slow query,
//! missing view, refused statement), FreeTDS's `tsql` as a second client,
//! and, when `WQLKIT_TEST_MSSQL` holds a connection string, a real SQL Server.

use crate::bridge::{Bridge, DENIED_VIEW, LOGIN, bridge, cli_flags, free_port, options};
use crate::support::{corpus_files, is_bad, root};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use wqlkit::core::{Catalog, Code};
use wqlkit::engine::live::export::{ExportOptions, ExportReport, NoProgress, export};
use wqlkit::engine::live::{ConnectOptions, LiveConnection, LiveError, Settings, TimeoutKind};
use wqlkit::engine::storage::snapshot::{Snapshot, Source};
use wqlkit::engine::{Backend, Engine, RecordBatch, output};
use wqlkit::wql::{BindOptions, translate};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn connect(o: &ConnectOptions) -> Result<LiveConnection, LiveError> {
    runtime().block_on(LiveConnection::connect(o))
}

/// Runs `wql` live through the public API.
fn live_rows(o: &ConnectOptions, catalog: &Catalog, wql: &str) -> Result<Vec<RecordBatch>, LiveError> {
    let (c, t) = translate(wql, catalog, &BindOptions::default()).unwrap_or_else(|e| panic!("{wql}: {e}"));
    runtime().block_on(async {
        let mut conn = LiveConnection::connect(o).await?;
        conn.preview(&t, &c.bound, None).await.map(|(batches, _)| batches)
    })
}

/// Exports `views` (every catalog view with `None`) to `dir`, or panics.
fn export_views(
    o: &ConnectOptions,
    catalog: &Catalog,
    dir: &Path,
    views: Option<&[&str]>,
    batch_rows: usize,
) -> ExportReport {
    let opts = ExportOptions {
        site_catalog: None,
        views: views.map(|v| v.iter().map(|s| s.to_string()).collect()),
        batch_rows,
    };
    runtime()
        .block_on(async {
            let mut conn = LiveConnection::connect(o).await?;
            Ok::<_, LiveError>(export(&mut conn, catalog, dir, &opts, &mut NoProgress).await)
        })
        .unwrap_or_else(|e| panic!("connect: {e}"))
        .unwrap_or_else(|e| panic!("export: {e:?}"))
}

fn offline_rows(engine: &Engine, wql: &str) -> Vec<RecordBatch> {
    let (c, _) = translate(wql, Catalog::builtin(), &BindOptions::default()).unwrap_or_else(|e| panic!("{wql}: {e}"));
    runtime()
        .block_on(engine.execute(&c.bound.plan))
        .unwrap_or_else(|e| panic!("{wql}: {e}"))
}

fn engine(b: &Bridge) -> Engine {
    Engine::from_memory(b.views.clone(), b.now).expect("engine over the demo fleet")
}

/// A cell as both sides can spell it: CSV cannot carry an empty string to the
/// bridge (it becomes NULL), and the bridge types a text column of digits as
/// a number, so numbers and numeric text compare by value.
fn cell_key(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::String(s) if s.is_empty() => "null".into(),
        Json::Bool(b) => format!("n:{}", u8::from(*b)),
        Json::Number(n) => format!("n:{}", n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() && !s.starts_with('0') || s == "0" => format!("n:{f}"),
            _ => format!("s:{s}"),
        },
        other => other.to_string(),
    }
}

/// The rows as a sorted multiset of normalised keys, and the column names.
fn rows_key(batches: &[RecordBatch]) -> (Vec<String>, Vec<String>) {
    let mut rows: Vec<String> = output::to_json_rows(batches, None)
        .iter()
        .map(|r| match r {
            Json::Object(m) => m.values().map(cell_key).collect::<Vec<_>>().join(" | "),
            other => other.to_string(),
        })
        .collect();
    rows.sort();
    (output::columns(batches), rows)
}

/// The queries the oracle knows to differ on the bridge (tests/oracle_differences.md).
fn known_differences() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/oracle_differences.md")).unwrap_or_default();
    let mut inside = false;
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            inside = t == "```oracle-allow";
            continue;
        }
        if inside && !t.is_empty() && !t.starts_with('#') {
            out.extend(t.split_whitespace().next().map(str::to_string));
        }
    }
    out
}

type CorpusRows = BTreeMap<String, Result<(Vec<String>, Vec<String>), String>>;

/// Every translatable corpus query (less `skip`) on one back end, its rows normalised.
fn corpus_on<B: Backend>(backend: &mut B, rt: &tokio::runtime::Runtime, skip: &[String]) -> CorpusRows {
    let mut out = BTreeMap::new();
    for path in corpus_files().iter().filter(|f| !is_bad(f)) {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("corpus file");
        if skip.contains(&name) || text.contains("##PRM:") {
            continue;
        }
        let Ok((c, _)) = translate(&text, Catalog::builtin(), &BindOptions::default()) else {
            continue;
        };
        let rows = rt
            .block_on(backend.run(&c.bound))
            .map(|b| rows_key(&b))
            .map_err(|e| e.to_string());
        out.insert(name, rows);
    }
    out
}

/// The same corpus through both back ends (`Backend`): the offline engine over
/// the fleet, and the live path (translation, guard, TDS, Arrow) over the
/// bridge serving that fleet.
#[test]
fn live_preview_of_the_corpus_equals_offline_preview() {
    let b = bridge();
    let known = known_differences();
    let rt = runtime();
    let started = Instant::now();
    let mut conn = rt
        .block_on(LiveConnection::connect(&options(b.port, &b.password, false)))
        .expect("connect");
    let live = corpus_on(&mut conn, &rt, &known);
    let live_time = started.elapsed();
    let offline = corpus_on(&mut engine(b), &rt, &known);
    let mut failures = Vec::new();
    let mut rows = 0;
    for (name, l) in &live {
        let o = &offline[name];
        match (l, o) {
            (Ok((lc, lr)), Ok((oc, or))) => {
                rows += lr.len();
                if lr != or {
                    let first = lr
                        .iter()
                        .zip(or)
                        .position(|(a, b)| a != b)
                        .unwrap_or(lr.len().min(or.len()));
                    failures.push(format!(
                        "{name}: {} live rows, {} offline; first difference:\n  live    {:?}\n  offline {:?}",
                        lr.len(),
                        or.len(),
                        lr.get(first),
                        or.get(first)
                    ));
                } else if !lr.is_empty() && lc != oc {
                    failures.push(format!("{name}: live columns {lc:?}, offline {oc:?}"));
                }
            }
            (l, o) => failures.push(format!(
                "{name}: live {:?}, offline {:?}",
                l.as_ref().err(),
                o.as_ref().err()
            )),
        }
    }
    eprintln!(
        "live: {} corpus queries compared, {rows} rows, live in {live_time:.1?} ({} known bridge differences left out)",
        live.len(),
        known.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(live.len() >= 150, "only {} queries compared", live.len());
    assert!(rows > 1000, "only {rows} rows in all");
}

#[test]
fn encryption_required_validates_the_certificate() {
    let b = bridge();
    let wql = "select Name from SMS_R_System where Name like 'PC-%'";
    let expected = rows_key(&offline_rows(&engine(b), wql)).1;
    assert!(!expected.is_empty());

    // Encrypted, validated against the bridge's own certificate.
    let mut o = options(b.port, &b.password, true);
    o.ca_certificate = Some(b.certificate.clone());
    let started = Instant::now();
    let rows = live_rows(&o, Catalog::builtin(), wql).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("live: TLS connect + query in {:.1?}", started.elapsed());
    assert_eq!(rows_key(&rows).1, expected);

    // Encrypted, certificate not trusted: refused, with a way out.
    o.ca_certificate = None;
    let e = connect(&o).expect_err("an untrusted certificate must be refused");
    assert_eq!(e.code(), Code::CertificateUntrusted, "{e}");
    let help = e.help().unwrap_or_default();
    assert!(
        help.contains("--ca-certificate") && help.contains("--trust-server-certificate"),
        "{help}"
    );

    // Encrypted, certificate trusted blindly: works, and says so.
    o.trust_server_certificate = true;
    assert_eq!(o.security_warnings().len(), 1);
    assert_eq!(
        rows_key(&live_rows(&o, Catalog::builtin(), wql).expect("trusted")).1,
        expected
    );
}

#[test]
fn wrong_password_names_the_login_and_database() {
    let b = bridge();
    let o = options(b.port, "not-the-password-8d1f", false);
    match connect(&o) {
        Err(LiveError::LoginFailed {
            user,
            database,
            access_token: false,
            ..
        }) => {
            assert_eq!(user.as_deref(), Some(LOGIN));
            assert_eq!(database.as_deref(), Some("CM_DEMO"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn closed_port_is_unreachable() {
    let o = options(free_port().expect("port"), "x", false);
    let e = connect(&o).expect_err("nothing listens");
    assert!(
        matches!(&e, LiveError::Unreachable { reason, .. } if reason.contains("refused")),
        "{e}"
    );
    assert_eq!(e.code(), Code::HostUnreachable);
}

#[test]
fn a_silent_server_times_out_connecting() {
    // Accepts the TCP connection and never answers the prelogin.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let holder = std::thread::spawn(move || listener.accept().map(|(s, _)| s));
    let mut o = options(port, "x", false);
    o.connect_timeout = Duration::from_millis(700);
    let started = Instant::now();
    let e = connect(&o).expect_err("must time out");
    let took = started.elapsed();
    assert!(
        matches!(
            e,
            LiveError::Timeout {
                kind: TimeoutKind::Connect,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        took >= Duration::from_millis(600) && took < Duration::from_secs(5),
        "{took:?}"
    );
    drop(holder.join());
}

#[test]
fn a_slow_query_times_out() {
    let b = bridge();
    let mut o = options(b.port, &b.password, false);
    o.query_timeout = Duration::from_millis(5);
    let wql = "select SMS_R_System.Name, SMS_G_System_ADD_REMOVE_PROGRAMS.DisplayName from SMS_R_System \
               inner join SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_R_System.ResourceId \
               where SMS_G_System_ADD_REMOVE_PROGRAMS.DisplayName like '%a%' order by SMS_R_System.Name";
    let e = live_rows(&o, Catalog::builtin(), wql).expect_err("must time out");
    assert!(
        matches!(
            e,
            LiveError::Timeout {
                kind: TimeoutKind::Query,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), Code::Timeout);
}

#[test]
fn a_view_missing_on_the_site_is_named() {
    let b = bridge();
    let catalog = Catalog::with_files(&[root().join("examples/catalog/custom_inventory.toml")]).expect("catalog");
    let o = options(b.port, &b.password, false);
    let e = live_rows(&o, &catalog, "select ResourceID from SMS_G_System_MY_CLASS").expect_err("no such view");
    assert!(
        matches!(&e, LiveError::ViewMissing { view, .. } if view == "v_GS_MY_CLASS"),
        "{e:?}"
    );
    assert_eq!(e.code(), Code::ViewMissing);
}

#[test]
fn the_guard_refuses_before_anything_is_sent() {
    let b = bridge();
    let o = options(b.port, &b.password, false);
    let marker = "DELETE FROM v_R_System WHERE Name0 = 'guard-marker-51c2'";
    let rt = runtime();
    let e = rt.block_on(async {
        let mut conn = LiveConnection::connect(&o).await?;
        let schema = wqlkit::engine::live::output_schema(&[]);
        conn.stream(marker, &[], schema, None, 10, &mut |_| Ok(())).await
    });
    assert!(matches!(e, Err(LiveError::NotReadOnly(_))), "{e:?}");
    let log = std::fs::read_to_string(&b.query_log).unwrap_or_default();
    assert!(
        !log.contains("guard-marker-51c2"),
        "the refused statement reached the server"
    );
}

#[test]
fn export_then_offline_preview_gives_the_live_members() {
    let b = bridge();
    let catalog = Catalog::with_files(&[root().join("examples/catalog/custom_inventory.toml")]).expect("catalog");
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-export");
    let o = options(b.port, &b.password, false);
    let rt = runtime();
    let report = export_views(&o, &catalog, &dir, None, 1000);
    let secs = report.elapsed.as_secs_f64();
    eprintln!(
        "live: exported {} views, {} rows in {secs:.2} s ({:.0} rows/s)",
        report.manifest.views.len(),
        report.rows(),
        report.rows() as f64 / secs
    );
    // The custom view is not on the site: reported, skipped, recorded.
    assert_eq!(
        report.skipped.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(),
        ["v_GS_MY_CLASS"]
    );
    let snap = Snapshot::open(&dir, true).unwrap_or_else(|e| panic!("{e}"));
    match &snap.manifest.source {
        Source::Export {
            server,
            database,
            missing_views,
        } => {
            assert_eq!(server, &format!("127.0.0.1:{}", b.port));
            assert_eq!(database, "CM_DEMO");
            assert_eq!(missing_views, &["v_GS_MY_CLASS".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(snap.snapshot_time(), Some(b.now), "GETDATE() of the server");
    // Every view of the fleet, with its row count.
    let counts: BTreeMap<&str, u64> = snap.manifest.views.iter().map(|v| (v.name.as_str(), v.rows)).collect();
    for (name, _, batches) in &b.views {
        let n: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(counts.get(name.as_str()).copied(), Some(n as u64), "{name}");
    }
    // The same members offline from the snapshot as live.
    let offline = rt.block_on(Engine::from_snapshot(&snap)).expect("open snapshot");
    for wql in [
        "select ResourceId, Name from SMS_R_System where Client = 1 and Name like 'PC-%'",
        "select SMS_R_System.Name from SMS_R_System inner join SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_R_System.ResourceId where SMS_G_System_ADD_REMOVE_PROGRAMS.DisplayName like '%Chrome%'",
        "select Name from SMS_R_System where SystemOUName like '%WORKSTATIONS%'",
        "select Name from SMS_R_System where ResourceId not in (select ResourceID from SMS_G_System_ADD_REMOVE_PROGRAMS where DisplayName like 'Microsoft Office%')",
    ] {
        let live = rows_key(&live_rows(&o, Catalog::builtin(), wql).unwrap_or_else(|e| panic!("{wql}: {e}"))).1;
        let snap_rows = rows_key(&offline_rows(&offline, wql)).1;
        assert!(!live.is_empty(), "{wql}: no members");
        assert_eq!(live, snap_rows, "{wql}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn cli(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wqlkit"));
    cmd.args(args).stdin(Stdio::null());
    cmd.env_remove("WQLKIT_PASSWORD");
    cmd.env(
        "WQLKIT_CACHE_DIR",
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-cache"),
    );
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run wqlkit")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `wqlkit preview WQL --format json` on the bridge, with `extra` flags:
/// the rows and what was printed on standard error.
fn cli_live_json(b: &Bridge, wql: &str, extra: &[&str]) -> (Json, String) {
    let flags = cli_flags(b);
    let mut args = vec!["preview", wql, "--format", "json"];
    args.extend(flags.iter().map(String::as_str));
    args.extend_from_slice(extra);
    let out = cli(&args, &[("WQLKIT_PASSWORD", &b.password)]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    (serde_json::from_str(&stdout).expect("JSON rows"), stderr)
}

#[test]
fn cli_live_preview_sends_the_translated_text() {
    let b = bridge();
    let wql = "select Name, Client from SMS_R_System where Name like 'PC-%' and Client = 1";
    let (live, stderr) = cli_live_json(b, wql, &[]);
    assert!(stderr.contains("warning: encryption is off"), "{stderr}");
    let offline = Json::Array(output::to_json_rows(&offline_rows(&engine(b), wql), None));
    let names = |v: &Json| {
        let mut n: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(|r| r["Name"].to_string()).collect())
            .unwrap_or_default();
        n.sort();
        n
    };
    assert!(!names(&live).is_empty());
    assert_eq!(names(&live), names(&offline));
    assert_eq!(live[0]["Client"], Json::from(1), "{live}");

    let t = cli(&["translate", wql], &[]);
    let sql = text(&t).0.lines().next().unwrap_or_default().to_string();
    assert!(sql.starts_with("SELECT "), "{sql}");
    let log = std::fs::read_to_string(&b.query_log).unwrap_or_default();
    assert!(log.contains(&sql), "the bridge did not receive `{sql}`");
}

#[test]
fn cli_failures_are_diagnostics_without_the_password() {
    let b = bridge();
    let secret = "Sekr3t-do-not-print-77";
    let server = format!("127.0.0.1:{}", b.port);
    let closed = format!("127.0.0.1:{}", free_port().expect("port"));
    let base = |s: &str| -> Vec<String> {
        [
            "preview",
            "select Name from SMS_R_System",
            "--server",
            s,
            "--database",
            "CM_DEMO",
            "--user",
            LOGIN,
        ]
        .iter()
        .map(|x| x.to_string())
        .collect()
    };
    let run = |mut args: Vec<String>, extra: &[&str], env: &[(&str, &str)]| {
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        cli(&refs, env)
    };
    let cases: Vec<(Output, &str)> = vec![
        (
            run(base(&server), &["--encrypt", "off"], &[("WQLKIT_PASSWORD", secret)]),
            "WQL0403",
        ),
        (
            run(base(&closed), &["--encrypt", "off"], &[("WQLKIT_PASSWORD", secret)]),
            "WQL0402",
        ),
        (run(base(&server), &[], &[("WQLKIT_PASSWORD", secret)]), "WQL0404"),
        (
            run(
                base(&server),
                &["--encrypt", "off", "--format", "json"],
                &[("WQLKIT_PASSWORD", secret)],
            ),
            "WQL0403",
        ),
        (run(base(&server), &["--encrypt", "off"], &[]), "WQLKIT_PASSWORD"),
        // A SQL login named where a Windows account is asked for.
        (
            run(
                base(&server),
                &["--windows-auth", "--encrypt", "off"],
                &[("WQLKIT_PASSWORD", secret)],
            ),
            "is not a Windows account",
        ),
        (
            run(
                base(&server),
                &["--access-token-env", "TOKEN", "--encrypt", "off"],
                &[("TOKEN", secret)],
            ),
            "access token is current",
        ),
    ];
    for (i, (out, want)) in cases.iter().enumerate() {
        let (stdout, stderr) = text(out);
        assert_eq!(out.status.code(), Some(2), "case {i}: {stdout}{stderr}");
        assert!(
            format!("{stdout}{stderr}").contains(want),
            "case {i}: want {want}: {stdout}{stderr}"
        );
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "case {i} printed the password"
        );
    }
    let (_, login) = text(&cases[0].0);
    assert!(login.contains(LOGIN) && login.contains("CM_DEMO"), "{login}");
    let (json, _) = text(&cases[3].0);
    let v: Json = serde_json::from_str(&json).expect("JSON diagnostics");
    assert_eq!(v["diagnostics"][0]["code"], "WQL0403");
}

#[test]
fn cli_profile_and_connection_string_and_export() {
    let b = bridge();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-cli");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let sites = dir.join("sites.toml");
    std::fs::write(
        &sites,
        format!(
            "[bridge]\nserver = \"127.0.0.1:{}\"\ndatabase = \"CM_DEMO\"\nuser = \"{LOGIN}\"\npassword_env = \"BRIDGE_PW\"\nencrypt = true\nca_certificate = \"{}\"\n",
            b.port,
            b.certificate.display()
        ),
    )
    .expect("write profile");
    let wql = "select count(*) from SMS_R_System where Client = 1";
    let expected = output::to_json_rows(&offline_rows(&engine(b), wql), None);
    let sites_env = sites.to_string_lossy().into_owned();
    let out = cli(
        &[
            "preview",
            wql,
            "--profile",
            "bridge",
            "--format",
            "json",
            "--datetime-params",
            "text",
        ],
        &[("WQLKIT_SITES", &sites_env), ("BRIDGE_PW", &b.password)],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "validated TLS needs no warning: {stderr}");
    let live: Json = serde_json::from_str(&stdout).expect("JSON");
    let count = |v: &Json| {
        v.as_array()
            .and_then(|a| a.first())
            .and_then(|r| r.as_object())
            .and_then(|o| o.values().next())
            .and_then(Json::as_i64)
    };
    assert_eq!(count(&live), count(&Json::Array(expected)));
    assert!(count(&live).is_some_and(|n| n > 0));

    let cs = format!(
        "Server=127.0.0.1,{};Database=CM_DEMO;User ID={LOGIN};Encrypt=false;ApplicationIntent=ReadOnly",
        b.port
    );
    // A password inside the connection string works, with a warning that does not repeat it.
    let with_pw = format!("{cs};Password={}", b.password);
    let out = cli(
        &[
            "preview",
            "select Name from SMS_R_System",
            "--connection",
            &with_pw,
            "--count",
        ],
        &[],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(stdout.trim(), "300", "{stderr}");
    assert!(stderr.contains("holds a password"), "{stderr}");
    assert!(!stderr.contains(&b.password));

    let out_dir = dir.join("snap");
    let out = cli(
        &[
            "snapshot",
            "export",
            "--connection",
            &cs,
            "--out",
            &out_dir.to_string_lossy(),
            "--views",
            "v_R_System,v_RA_System_SystemOUName",
        ],
        &[("WQLKIT_PASSWORD", &b.password)],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("exported 2 views"), "{stdout}");
    assert!(stderr.contains("v_R_System: 300 rows in"), "{stderr}");
    let snap = Snapshot::open(&out_dir, true).expect("snapshot");
    assert_eq!(snap.manifest.views.len(), 2);
    // Offline preview of the exported snapshot through the CLI.
    let out = cli(
        &[
            "preview",
            "select Name from SMS_R_System",
            "--snapshot",
            &out_dir.to_string_lossy(),
            "--count",
        ],
        &[],
    );
    assert_eq!(text(&out).0.trim(), "300", "{}", text(&out).1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// FreeTDS's `tsql` reads the same answers from the bridge as wqlkit does.
#[test]
fn freetds_tsql_agrees_with_the_live_path() {
    let b = bridge();
    let o = options(b.port, &b.password, false);
    let wql = "select Name from SMS_R_System where Name like 'PC-%' and Client = 1";
    let live = rows_key(&live_rows(&o, Catalog::builtin(), wql).expect("live")).1;
    let (_, t) = translate(wql, Catalog::builtin(), &BindOptions::default()).expect("translate");
    // The same statement and parameters, as the batch sp_executesql call a client without RPC would send.
    let values: Vec<String> = t
        .params
        .iter()
        .map(|p| match &p.value {
            wqlkit::core::Value::String(s) => format!("{} = N'{}'", p.name, s.replace('\'', "''")),
            other => format!("{} = {}", p.name, other.to_json()),
        })
        .collect();
    let batch = format!(
        "EXEC sp_executesql N'{}', N'{}', {}\ngo\nexit\n",
        t.sql.replace('\'', "''"),
        t.declarations(),
        values.join(", ")
    );
    let out = crate::bridge::tsql(b.port, LOGIN, &b.password, &["-o", "q"], &batch);
    let (stdout, stderr) = text(&out);
    let mut names: Vec<String> = stdout
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("PC-"))
        .map(|l| cell_key(&Json::String(l.to_string())))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "tsql printed no rows:\n{stdout}\n{stderr}");
    assert_eq!(names, live, "tsql:\n{stdout}\n{stderr}");
}

/// Only where `WQLKIT_TEST_MSSQL` holds an ADO.NET connection string to a
/// ConfigMgr site database (README: "Testing against a real SQL Server").
#[test]
fn a_real_site_database_when_configured() {
    let Ok(cs) = std::env::var("WQLKIT_TEST_MSSQL") else {
        eprintln!("live: WQLKIT_TEST_MSSQL is not set; the real SQL Server test has nothing to connect to");
        return;
    };
    let o = Settings::from_connection_string(&cs)
        .and_then(|s| s.resolve(&|k| std::env::var(k).ok()))
        .unwrap_or_else(|e| panic!("WQLKIT_TEST_MSSQL: {e}"));
    let rows = live_rows(&o, Catalog::builtin(), "select count(*) from SMS_R_System").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output::row_count(&rows), 1);
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-mssql");
    let report = export_views(&o, Catalog::builtin(), &dir, Some(&["v_R_System"]), 0);
    assert_eq!(report.manifest.views.len(), 1);
    Snapshot::open(&dir, true).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_interrupted_export_leaves_the_old_snapshot() {
    let b = bridge();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-interrupted");
    let o = options(b.port, &b.password, false);
    // The snapshot an admin already has.
    export_views(&o, Catalog::builtin(), &dir, Some(&["v_R_System"]), 0);
    let old = Snapshot::open(&dir, true).expect("old snapshot").manifest;

    // A full export, killed once its first view is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wqlkit"))
        .args(["snapshot", "export", "--server", &format!("127.0.0.1:{}", b.port)])
        .args([
            "--database",
            "CM_DEMO",
            "--user",
            LOGIN,
            "--encrypt",
            "off",
            "--batch-rows",
            "50",
            "--out",
        ])
        .arg(&dir)
        .env("WQLKIT_PASSWORD", &b.password)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run wqlkit");
    let stderr = child.stderr.take().expect("stderr");
    let mut seen = Vec::new();
    for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)) {
        let line = line.unwrap_or_default();
        let done = line.contains(" rows in ");
        seen.push(line);
        if done {
            break;
        }
    }
    child.kill().expect("kill the export");
    let status = child.wait().expect("wait");
    assert!(
        !status.success(),
        "the export finished before it was interrupted: {seen:?}"
    );
    assert!(seen.iter().any(|l| l.contains(" rows in ")), "{seen:?}");
    let now = Snapshot::open(&dir, true)
        .expect("the old snapshot still opens")
        .manifest;
    assert_eq!(now, old);

    // The killed export's staging directory goes with the next export.
    let parent = dir.parent().expect("parent");
    let staging = || {
        std::fs::read_dir(parent)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with(".live-interrupted.tmp-"))
                    .count()
            })
            .unwrap_or(0)
    };
    assert_eq!(staging(), 1, "the killed export's staging directory");
    export_views(&o, Catalog::builtin(), &dir, Some(&["v_RA_System_SystemOUName"]), 0);
    assert_eq!(staging(), 0);
    assert_eq!(
        Snapshot::open(&dir, true).expect("new snapshot").manifest.views[0].name,
        "v_RA_System_SystemOUName"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_database_that_cannot_be_opened_is_named() {
    let b = bridge();
    let mut o = options(b.port, &b.password, false);
    o.database = Some("CM_NOPE".into());
    let e = connect(&o).expect_err("no such database");
    assert!(
        matches!(&e, LiveError::Database { database: Some(d), user: Some(u), .. } if d == "CM_NOPE" && u == LOGIN),
        "{e:?}"
    );
    assert_eq!(e.code(), Code::DatabaseUnavailable);
    assert!(e.help().unwrap_or_default().contains("CM_NOPE"));
}

/// A custom inventory view the bridge refuses to this login.
fn restricted_catalog() -> Catalog {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-restricted");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("restricted.toml");
    std::fs::write(
        &path,
        format!(
            r#"format = 1

[[view]]
name = "{DENIED_VIEW}"
key = ["ResourceID"]
columns = [{{ name = "ResourceID", type = "int" }}, {{ name = "Secret0", type = "nvarchar(255)" }}]

[[class]]
name = "SMS_G_System_RESTRICTED"
view = "{DENIED_VIEW}"
kind = "inventory"
resource_column = "ResourceID"
properties = [
  {{ name = "ResourceID", type = "uint32", column = "ResourceID" }},
  {{ name = "Secret", type = "string", column = "Secret0" }},
]
"#
        ),
    )
    .expect("write catalog");
    Catalog::with_files(&[path]).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn permission_denied_names_the_view() {
    let b = bridge();
    let catalog = restricted_catalog();
    let o = options(b.port, &b.password, false);
    let e = live_rows(&o, &catalog, "select Secret from SMS_G_System_RESTRICTED").expect_err("denied");
    assert!(
        matches!(&e, LiveError::PermissionDenied { object: Some(v), .. } if v == DENIED_VIEW),
        "{e:?}"
    );
    assert_eq!(e.code(), Code::PermissionDenied);
    assert!(e.help().unwrap_or_default().contains(DENIED_VIEW));

    // An export that meets it skips that view, names it, and keeps the others.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-denied-export");
    let _ = std::fs::remove_dir_all(&dir);
    let report = export_views(&o, &catalog, &dir, Some(&["v_R_System", DENIED_VIEW]), 0);
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(
        matches!(&report.skipped[0], (v, LiveError::PermissionDenied { .. }) if v == DENIED_VIEW),
        "{:?}",
        report.skipped
    );
    let names: Vec<&str> = report.manifest.views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, vec!["v_R_System"]);
    assert!(!dir.join(format!("{DENIED_VIEW}.parquet")).exists());
    let snap = wqlkit::engine::storage::snapshot::Snapshot::open(&dir, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(snap.manifest.views.len(), 1);
}

#[test]
fn the_login_declares_read_only_intent() {
    let b = bridge();
    for (database, intent) in [("CM_INTENT_RO", true), ("CM_INTENT_RW", false)] {
        let mut o = options(b.port, &b.password, false);
        o.database = Some(database.into());
        o.read_only_intent = intent;
        // Logged by the bridge before it refuses the database.
        let _ = connect(&o);
    }
    let log = std::fs::read_to_string(&b.login_log).unwrap_or_default();
    assert!(
        log.lines()
            .any(|l| l == "wqlkit database=CM_INTENT_RO read_only_intent=True user=wqlkit_oracle"),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l == "wqlkit database=CM_INTENT_RW read_only_intent=False user=wqlkit_oracle"),
        "{log}"
    );
}

#[test]
fn a_limited_live_preview_keeps_only_what_it_prints_but_counts_all() {
    let b = bridge();
    let o = options(b.port, &b.password, false);
    let (c, t) = translate(
        "select Name from SMS_R_System",
        Catalog::builtin(),
        &BindOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (kept, total) = runtime()
        .block_on(async {
            let mut conn = LiveConnection::connect(&o).await?;
            let limited = conn.preview(&t, &c.bound, Some(3)).await?;
            let counted = conn.preview(&t, &c.bound, Some(0)).await?;
            let all = conn.preview(&t, &c.bound, None).await?;
            Ok::<_, LiveError>(((limited, counted), all))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let ((limited, limited_total), (counted, counted_total)) = kept;
    let (all, all_total) = total;
    let rows = |v: &[RecordBatch]| v.iter().map(|b| b.num_rows() as u64).sum::<u64>();
    assert!(all_total > 3);
    assert_eq!(rows(&all), all_total);
    assert_eq!((rows(&limited), limited_total), (3, all_total));
    assert_eq!((rows(&counted), counted_total), (0, all_total));
}

/// A live preview prints the rows in the order an offline preview of the
/// same fleet does (the stable order), and `--limit` is the first rows of it.
#[test]
fn live_and_offline_previews_print_the_same_rows_in_the_same_order() {
    let b = bridge();
    let wql = "select Name, Client from SMS_R_System where Name like '%-0%'";
    let live = |extra: &[&str]| cli_live_json(b, wql, extra).0;
    let (c, _) = translate(wql, Catalog::builtin(), &BindOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let ordered =
        output::order::for_plan(&c.bound.plan, offline_rows(&engine(b), wql)).unwrap_or_else(|e| panic!("{e}"));
    let offline = Json::Array(output::to_json_rows(&ordered, None));
    let all = live(&[]);
    assert!(all.as_array().is_some_and(|a| a.len() > 20), "{all}");
    assert_eq!(all, offline);
    let names: Vec<&str> = all
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["Name"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        names
            .windows(2)
            .all(|w| wqlkit::engine::lower::collation::cmp_ci(w[0], w[1]).is_le()),
        "sorted by name: {names:?}"
    );
    let first = live(&["--limit", "4"]);
    assert_eq!(
        first.as_array().map(|a| a.to_vec()),
        all.as_array().map(|a| a[..4].to_vec())
    );
}
