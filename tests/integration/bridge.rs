//! The pysqlbridge fixture: the demo fleet's views as CSV, served over TDS on
//! 127.0.0.1 by pysqlbridge (a T-SQL server of its own, standing in for the
//! site database's SQL Server) with one SQL login. One bridge is started per
//! test binary and shared by the oracle and the live tests.
//!
//! Its Python interpreter comes from `WQLKIT_PYSQLBRIDGE` (the package's
//! `pysqlbridge` entry point, default `.venv/bin/pysqlbridge`):
//! `python3 -m venv .venv && .venv/bin/pip install pysqlbridge==2.1.3 pyspnego==0.12.4`. It is
//! started through a small wrapper that
//!
//! * pins `GETDATE()` to the fleet's time, which is what the engine's
//!   `GetDate()` returns, so both sides evaluate date arithmetic at one moment;
//! * raises the bridge's built-in limit on join sizes (1,000,000 rows, counted
//!   before the WHERE filter), so that a larger fleet is not refused;
//! * writes the self-signed certificate it presents to a file, so that a
//!   client can trust exactly that certificate;
//! * refuses logins to any database but `CM_DEMO` (SQL Server's error 4060) and
//!   reads of `v_GS_RESTRICTED` (error 229), failures the bridge does not make;
//! * admits one Windows account, `WQLKIT\analyst`, by NTLM (PyPI's
//!   `pyspnego` checks it, where the bridge would ask Windows), and answers a
//!   wrong password with SQL Server's error 18456;
//! * exits when the test process does (it watches its standard input).

use crate::support::root;
use datafusion::arrow::record_batch::RecordBatch;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use wqlkit::core::{Catalog, DateTime};
use wqlkit::demo::{DemoOptions, generate};
use wqlkit::engine::MemorySink;
use wqlkit::engine::live::{Auth, ConnectOptions, DateTimeParams, LiveConnection, Secret, ServerAddr};
use wqlkit::engine::storage::csv_export;

/// The pysqlbridge release the allow-list was investigated against.
const BRIDGE_VERSION: &str = "2.1.3";
/// Devices in the compared fleet.
const DEVICES: usize = 300;
/// The database the bridge admits logins to (any other is refused with 4060).
pub(crate) const DATABASE: &str = "CM_DEMO";
/// A view the login may not read (refused with 229); not in the fleet.
pub(crate) const DENIED_VIEW: &str = "v_GS_RESTRICTED";
/// The SQL login the bridge admits.
pub(crate) const LOGIN: &str = "wqlkit_oracle";
/// The Windows account the bridge admits (NTLM), with the SQL login's password.
pub(crate) const WINDOWS_LOGIN: &str = "WQLKIT\\analyst";
/// How long the bridge may take to load the fleet and accept a login.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(180);

pub(crate) type Views = Vec<(String, datafusion::arrow::datatypes::SchemaRef, Vec<RecordBatch>)>;

/// A running bridge serving the demo fleet, and the fleet itself.
pub(crate) struct Bridge {
    pub(crate) port: u16,
    pub(crate) password: String,
    /// The fleet's views, as the engine holds them.
    pub(crate) views: Views,
    /// What `GETDATE()` returns on both sides.
    pub(crate) now: DateTime,
    pub(crate) log: PathBuf,
    /// Generating the fleet and writing its CSV files.
    pub(crate) export_time: Duration,
    /// From starting the bridge to its first accepted login.
    pub(crate) startup: Duration,
    /// The certificate the bridge presents (PEM).
    pub(crate) certificate: PathBuf,
    /// Every statement the bridge received, in full.
    pub(crate) query_log: PathBuf,
    /// One line per accepted login: application, database, read-only intent.
    pub(crate) login_log: PathBuf,
    /// Kept so the bridge lives as long as this process: it exits when its
    /// standard input closes.
    _child: Child,
    _stdin: ChildStdin,
}

/// The bridge for this test binary, started on first use.
pub(crate) fn bridge() -> &'static Bridge {
    static BRIDGE: OnceLock<Result<Bridge, String>> = OnceLock::new();
    match BRIDGE.get_or_init(start_bridge) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    }
}

/// The Python interpreter that has pysqlbridge installed.
fn bridge_python() -> Result<PathBuf, String> {
    let entry = std::env::var_os("WQLKIT_PYSQLBRIDGE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/pysqlbridge"));
    let install = format!(
        "the pysqlbridge oracle is not installed: {} does not exist.\n\
         Install it into a virtual environment at the repository root:\n\
         \x20   python3 -m venv .venv && .venv/bin/pip install pysqlbridge=={BRIDGE_VERSION} pyspnego==0.12.4\n\
         or set WQLKIT_PYSQLBRIDGE to the `pysqlbridge` entry point of an environment that has it.",
        entry.display()
    );
    if !entry.is_file() {
        return Err(install);
    }
    let dir = entry.parent().unwrap_or(Path::new("."));
    for name in ["python3", "python"] {
        if dir.join(name).is_file() {
            return Ok(dir.join(name));
        }
    }
    // An entry point outside a virtual environment names its interpreter.
    let text = std::fs::read_to_string(&entry).map_err(|e| format!("{}: {e}", entry.display()))?;
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("#!"))
        .map(|l| PathBuf::from(l.split_whitespace().next().unwrap_or_default()))
        .filter(|p| p.is_file())
        .ok_or(install)
}

/// The server: pysqlbridge with the changes listed above.
const WRAPPER: &str = include_str!("../bridge/bridge.py");

fn start_bridge() -> Result<Bridge, String> {
    let opts = DemoOptions {
        devices: DEVICES,
        ..Default::default()
    };
    let mut sink = MemorySink::default();
    generate(Catalog::builtin(), &opts, &mut sink).map_err(|e| format!("demo fleet: {e}"))?;
    launch("oracle", sink.views, opts.now)
}

/// Starts a bridge serving `views` (as CSV), with `GETDATE()` pinned to `now`;
/// `name` is its working directory under the test target directory.
pub(crate) fn launch(name: &str, views: Views, now: DateTime) -> Result<Bridge, String> {
    let started = Instant::now();
    let python = bridge_python()?;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let csv_dir = dir.join("views");
    csv_export::write_views(&csv_dir, &views).map_err(|e| format!("CSV export: {e}"))?;

    let password = format!("pw-{}-{}", std::process::id(), started.elapsed().as_nanos());
    let config = serde_json::json!({
        "logins": [{ "user": LOGIN, "password": password }],
        "tables": views.iter().map(|(name, _, _)| serde_json::json!({
            "name": name,
            "csv": csv_dir.join(format!("{name}.csv")),
        })).collect::<Vec<_>>(),
    });
    let config_path = dir.join("bridge.json");
    let (domain, account) = WINDOWS_LOGIN.split_once('\\').unwrap_or_default();
    let accounts = dir.join("ntlm_users.txt");
    std::fs::write(&accounts, format!("{domain}:{account}:{password}\n")).map_err(|e| e.to_string())?;
    let wrapper_path = dir.join("bridge.py");
    std::fs::write(&config_path, config.to_string()).map_err(|e| e.to_string())?;
    std::fs::write(&wrapper_path, WRAPPER).map_err(|e| e.to_string())?;
    let log = dir.join("bridge.log");
    let certificate = dir.join("bridge.crt");
    let query_log = dir.join("queries.log");
    let login_log = dir.join("logins.log");

    let export_time = started.elapsed();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let mut last_error = String::new();
    // The port is chosen free, but another process may take it before the
    // bridge binds it: then start again on another.
    for _attempt in 0..3 {
        let port = free_port()?;
        let out = std::fs::File::create(&log).map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let mut child = Command::new(&python)
            .arg(&wrapper_path)
            .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--config"])
            .arg(&config_path)
            .arg("--log")
            .arg(&query_log)
            .env("WQLKIT_BRIDGE_CERT", &certificate)
            .env("WQLKIT_BRIDGE_DENIED_VIEW", DENIED_VIEW)
            .env("WQLKIT_BRIDGE_DATABASE", DATABASE)
            .env("WQLKIT_BRIDGE_LOGINS", &login_log)
            .env("WQLKIT_ORACLE_VERSION", BRIDGE_VERSION)
            .env("WQLKIT_ORACLE_NOW", iso_micros(&now))
            .env("WQLKIT_ORACLE_MAX_JOIN_ROWS", "50000000")
            .env("NTLM_USER_FILE", &accounts)
            // NTLMv2 only, as a domain that refuses LM and NTLMv1 has it.
            .env("LM_COMPAT_LEVEL", "5")
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::piped())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("{}: {e}", python.display()))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let spawned = Instant::now();
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                last_error = format!("the bridge exited ({status}):\n{}", tail(&log));
                break;
            }
            match rt.block_on(LiveConnection::connect(&options(port, &password, false))) {
                Ok(_) => {
                    return Ok(Bridge {
                        port,
                        password,
                        views,
                        now,
                        log,
                        export_time,
                        startup: spawned.elapsed(),
                        certificate: certificate.clone(),
                        query_log: query_log.clone(),
                        login_log: login_log.clone(),
                        _child: child,
                        _stdin: stdin,
                    });
                }
                Err(e) if Instant::now() > deadline => {
                    let _ = child.kill();
                    return Err(format!(
                        "the bridge accepted no login within {STARTUP_TIMEOUT:?} ({e}):\n{}",
                        tail(&log)
                    ));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
        if !tail(&log).contains("in use") {
            break;
        }
    }
    Err(last_error)
}

/// `yyyy-mm-ddThh:mm:ss.ffffff`, for Python's `datetime.fromisoformat`.
fn iso_micros(d: &DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
        d.year, d.month, d.day, d.hour, d.minute, d.second, d.micros
    )
}

/// The command-line flags that reach bridge `b` with its SQL login, encryption off
/// (the password goes in `WQLKIT_PASSWORD`).
pub(crate) fn cli_flags(b: &Bridge) -> Vec<String> {
    let server = format!("127.0.0.1:{}", b.port);
    [
        "--server",
        &server,
        "--database",
        DATABASE,
        "--user",
        LOGIN,
        "--encrypt",
        "off",
    ]
    .map(String::from)
    .to_vec()
}

pub(crate) fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

pub(crate) fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Connection options for the bridge on `port`: the fleet's login, encryption
/// on (validated against the bridge's own certificate when `trusted`, else
/// off), datetime parameters as text (the bridge cannot read typed ones).
pub(crate) fn options(port: u16, password: &str, encrypt: bool) -> ConnectOptions {
    ConnectOptions {
        server: ServerAddr {
            host: "127.0.0.1".into(),
            port: Some(port),
            instance: None,
        },
        database: Some(DATABASE.into()),
        auth: Auth::SqlLogin {
            user: LOGIN.into(),
            password: Secret::new(password),
        },
        encrypt,
        trust_server_certificate: !encrypt,
        ca_certificate: None,
        connect_timeout: Duration::from_secs(10),
        query_timeout: Duration::from_secs(120),
        read_only_intent: true,
        datetime_params: DateTimeParams::Text,
        application_name: "wqlkit".into(),
    }
}

/// [`options`] logging in as the Windows account [`WINDOWS_LOGIN`] by NTLM.
pub(crate) fn windows_options(port: u16, password: &str, encrypt: bool) -> ConnectOptions {
    ConnectOptions {
        auth: Auth::Windows {
            user: WINDOWS_LOGIN.into(),
            password: Secret::new(password),
        },
        ..options(port, password, encrypt)
    }
}

/// FreeTDS's `tsql` (TDS 7.3) against bridge port `port` as `user`, with
/// `batch` on its standard input and any `extra` arguments: its output.
pub(crate) fn tsql(port: u16, user: &str, password: &str, extra: &[&str], batch: &str) -> std::process::Output {
    let port = port.to_string();
    let mut args = vec![
        "-H",
        "127.0.0.1",
        "-p",
        &port,
        "-U",
        user,
        "-P",
        password,
        "-D",
        DATABASE,
    ];
    args.extend_from_slice(extra);
    let mut child = Command::new("tsql")
        .args(&args)
        .env("TDSVER", "7.3")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("FreeTDS tsql is not installed (Debian package freetds-bin; .ci/run installs it)");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(batch.as_bytes()).expect("write batch");
    }
    child.wait_with_output().expect("tsql")
}
