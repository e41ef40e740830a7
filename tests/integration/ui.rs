//! `wqlkit ui`: the workbench's server on the embedded demo fleet. Its API
//! answers what the command line answers, only with the access token, and
//! within its bounds; `tests/ui/workbench.py` drives the page in Chromium.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// A running `wqlkit ui`, which stops when the test binary ends (its standard input closes).
struct Server {
    port: u16,
    token: String,
    url: String,
    _child: Child,
}

impl Server {
    /// `wqlkit ui` with `flags` and `envs`, once it has printed its address.
    fn start(flags: &[&str], envs: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wqlkit"))
            .args(["ui", "--port", "0", "--no-open", "--exit-with-stdin"])
            .args(flags)
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start wqlkit ui");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the address line");
        let url = line.split_whitespace().last().expect("an address").to_string();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("{line}"));
        let (port, token) = rest.split_once("/?token=").unwrap_or_else(|| panic!("{line}"));
        Server {
            port: port.parse().expect("port"),
            token: token.to_string(),
            url,
            _child: child,
        }
    }
}

/// The workbench on the embedded demo fleet, shared by the tests.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| Server::start(&[], &[]))
}

/// One HTTP/1.1 exchange: the status and the body.
fn http(method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> (u16, String) {
    let (status, _, body) = exchange(method, path, token, &[], body);
    (status, body)
}

/// [`http`] with more request headers, giving the response's headers too.
fn exchange(
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, String, String) {
    exchange_with(server(), method, path, token, headers, body)
}

/// [`exchange`] with server `s`.
fn exchange_with(
    s: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if let Some(t) = token {
        request.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    if let Some(b) = body {
        let _ = stream.write_all(b.as_bytes());
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        unchunk(body)
    } else {
        body.to_string()
    };
    (status, head.to_string(), body)
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n.min(rest.len())]);
        body = rest.get(n + 2..).unwrap_or("");
    }
    out
}

fn api(path: &str, body: Value) -> Value {
    let (status, text) = http(
        "POST",
        &format!("/api/v1/{path}"),
        Some(&server().token),
        Some(&body.to_string()),
    );
    assert_eq!(status, 200, "{path}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
}

fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_wqlkit"))
        .args(args)
        .output()
        .expect("wqlkit");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn nothing_answers_without_the_token() {
    let s = server();
    assert!(s.url.starts_with("http://127.0.0.1:"), "{}", s.url);
    for token in [None, Some("not-the-token")] {
        let (status, body) = http("GET", "/api/v1/info", token, None);
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("WQL0601"), "{body}");
        let (status, _) = http("POST", "/api/v1/sql", token, Some(r#"{"sql":"SELECT 1"}"#));
        assert_eq!(status, 401);
    }
    assert_eq!(http("GET", "/", None, None).0, 401);
    assert_eq!(http("GET", "/?token=wrong", None, None).0, 401);
    let (status, page) = http("GET", &format!("/?token={}", s.token), None, None);
    assert_eq!(status, 200);
    assert!(
        page.contains("/assets/app.js") && page.contains("/assets/app.css"),
        "{page}"
    );
    let (status, info) = http("GET", "/api/v1/info", Some(&s.token), None);
    assert_eq!(status, 200);
    assert!(info.contains("the demo fleet (500 devices)"), "{info}");
}

#[test]
fn check_format_and_translate_answer_as_the_command_line() {
    let bad = api("check", json!({"wql": "select Name from SMS_R_System where Nme = 'x'"}));
    assert_eq!(bad["valid"], false);
    assert_eq!(bad["diagnostics"][0]["code"], "WQL0102");
    assert_eq!(bad["diagnostics"][0]["help"], "did you mean Name?");
    assert_eq!(bad["diagnostics"][0]["location"]["start"], 36);
    let good = api(
        "check",
        json!({"wql": "select Name from SMS_R_System where Client = 1"}),
    );
    assert_eq!(good["valid"], true);

    let formatted = api("format", json!({"wql": "SELECT name FROM sms_r_system WHERE client=1"}));
    let cli_formatted = cli(&["fmt", "SELECT name FROM sms_r_system WHERE client=1"]);
    assert_eq!(formatted["wql"].as_str().map(str::trim), Some(cli_formatted.trim()));

    let rule = "select Name from SMS_R_System where Client = 1 and Name like 'PC-%'";
    let t = api("translate", json!({"wql": rule}));
    let cli_t: Value = serde_json::from_str(&cli(&["translate", rule, "--format", "json"])).expect("json");
    assert_eq!(t["sql"], cli_t["sql"]);
    assert_eq!(t["params"], cli_t["params"]);
    let (status, body) = http(
        "POST",
        "/api/v1/translate",
        Some(&server().token),
        Some(r#"{"wql":"select from"}"#),
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"code\":\"WQL0001\""), "{body}");
}

#[test]
fn preview_pages_sorts_and_filters_the_command_lines_rows() {
    let rule = "select Name, Client from SMS_R_System where Client = 1";
    let count: usize = cli(&["preview", rule, "--count"]).trim().parse().expect("count");
    let first = api("preview", json!({"wql": rule, "offset": 0, "limit": 50}));
    assert_eq!(first["total"], count);
    assert_eq!(first["matched"], count);
    assert_eq!(first["columns"], json!(["Name", "Client"]));
    assert_eq!(first["rows"].as_array().map(Vec::len), Some(50.min(count)));
    // The first page is the command line's first rows, in its order.
    let printed = cli(&["preview", rule, "--format", "json", "--limit", "50"]);
    let printed: Vec<Value> = serde_json::from_str(&printed).expect("json");
    let names: Vec<&Value> = first["rows"].as_array().into_iter().flatten().map(|r| &r[0]).collect();
    let cli_names: Vec<&Value> = printed.iter().map(|r| &r["Name"]).collect();
    assert_eq!(names, cli_names);
    // Sorted by Name, descending, case-insensitively.
    let sorted = api(
        "preview",
        json!({"wql": rule, "sort": "Name", "descending": true, "limit": 500}),
    );
    let sorted: Vec<String> = sorted["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r[0].as_str().unwrap_or_default().to_lowercase())
        .collect();
    assert!(sorted.windows(2).all(|w| w[0] >= w[1]), "{sorted:?}");
    // Filtered within the result.
    let filtered = api("preview", json!({"wql": rule, "filter": "pc-lon"}));
    let matched = filtered["matched"].as_u64().expect("matched") as usize;
    assert!(matched > 0 && matched < count, "{matched} of {count}");
    assert!(
        filtered["rows"].as_array().into_iter().flatten().all(|r| r[0]
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
            .contains("pc-lon"))
    );
    // A page never holds more than 500 rows.
    let big = api(
        "preview",
        json!({"wql": "select Name from SMS_R_System", "limit": 100000}),
    );
    assert_eq!(big["limit"], 500);
    assert_eq!(big["rows"].as_array().map(Vec::len), Some(500));
}

/// `preview/rows` streams every row of a large result as NDJSON, in pieces:
/// the command line's `--format json` rows, line by line, in its order.
#[test]
fn a_large_preview_streams_every_row_as_the_command_line_prints_it() {
    let rule = "select SMS_R_System.Name, SMS_G_System_ADD_REMOVE_PROGRAMS.DisplayName, \
                SMS_G_System_ADD_REMOVE_PROGRAMS.Version from SMS_R_System inner join \
                SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_R_System.ResourceID";
    let printed: Vec<Value> =
        serde_json::from_str(&cli(&["preview", rule, "--format", "json"])).expect("the command line's rows");
    assert!(
        printed.len() > 2000,
        "{} rows: too few to come in pieces",
        printed.len()
    );
    let body = json!({ "wql": rule }).to_string();
    let (status, head, text) = exchange("POST", "/api/v1/preview/rows", Some(&server().token), &[], Some(&body));
    assert_eq!(status, 200, "{text}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-type: application/x-ndjson"), "{head}");
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    let streamed: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(streamed.len(), printed.len());
    assert!(streamed == printed, "the streamed rows differ from the command line's");
    let (status, _, text) = exchange("POST", "/api/v1/preview/rows", None, &[], Some(&body));
    assert_eq!(status, 401, "{text}");
}

#[test]
fn explain_diff_and_devices_answer_about_members() {
    let rule = "select Name from SMS_R_System where Client = 1";
    let found = http(
        "GET",
        "/api/v1/devices?search=PC-LON&limit=5",
        Some(&server().token),
        None,
    )
    .1;
    let found: Value = serde_json::from_str(&found).expect("json");
    let devices = found["devices"].as_array().expect("devices");
    assert!(!devices.is_empty() && devices.len() <= 5, "{found}");
    let name = devices[0]["name"].as_str().expect("name");
    assert!(name.to_lowercase().contains("pc-lon"), "{name}");
    let x = api("explain", json!({"wql": rule, "device": name}));
    let cli_member = Command::new(env!("CARGO_BIN_EXE_wqlkit"))
        .args(["explain", rule, "--device", name])
        .output()
        .expect("explain")
        .status
        .success();
    assert_eq!(x["member"], cli_member, "{x}");
    assert!(x["text"].as_str().is_some_and(|t| t.contains("Client = 1")), "{x}");

    let base = "select Name from SMS_R_System where Name like 'PC-%'";
    let edited = "select Name from SMS_R_System where Name like 'PC-%' or Name like 'LT-%'";
    let count = |wql: &str| -> u64 { cli(&["preview", wql, "--count"]).trim().parse().expect("count") };
    let d = api("diff", json!({"wql": edited, "base": base}));
    assert_eq!(d["removed"].as_array().map(Vec::len), Some(0), "{d}");
    assert_eq!(d["unchanged"], count(base));
    assert_eq!(
        d["added"].as_array().map(|a| a.len() as u64),
        Some(count("select Name from SMS_R_System where Name like 'LT-%'"))
    );
    let (status, body) = http(
        "POST",
        "/api/v1/explain",
        Some(&server().token),
        Some(&json!({"wql": rule, "device": "NO-SUCH-DEVICE"}).to_string()),
    );
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("WQL0602") && body.contains("NO-SUCH-DEVICE"), "{body}");
}

#[test]
fn collections_and_reports_answer_as_the_command_line() {
    let (status, graph) = http("GET", "/api/v1/collections", Some(&server().token), None);
    assert_eq!(status, 200, "{graph}");
    let graph: Value = serde_json::from_str(&graph).expect("json");
    let evaluated: Vec<Value> = serde_json::from_str(&cli(&["collections", "eval", "--format", "json"])).expect("json");
    let listed = graph["collections"].as_array().expect("collections");
    assert_eq!(listed.len(), evaluated.len());
    let limited = listed.iter().filter(|c| !c["limiting"].is_null()).count();
    assert!(limited > 0, "{graph}");
    let result = api("collections/evaluate", json!({}));
    for e in &evaluated {
        let mine = result["collections"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["id"] == e["id"])
            .unwrap_or_else(|| panic!("{} not evaluated", e["id"]));
        assert_eq!(mine["members"], e["count"], "{}", e["id"]);
    }
    let report = api(
        "sql",
        json!({"sql": "PRINT 'hello'\nSELECT TOP 3 Name0 FROM v_R_System ORDER BY Name0"}),
    );
    assert_eq!(report["messages"], json!(["hello"]));
    assert_eq!(report["results"][0]["columns"], json!(["Name0"]));
    assert_eq!(report["results"][0]["rows"].as_array().map(Vec::len), Some(3));
}

#[test]
fn requests_are_bounded_and_every_documented_call_answers() {
    let s = server();
    let huge = json!({"wql": "x".repeat(300 * 1024)}).to_string();
    let (status, body) = http("POST", "/api/v1/check", Some(&s.token), Some(&huge));
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"code\":\"WQL0602\""), "{body}");
    let (status, body) = http("POST", "/api/v1/check", Some(&s.token), Some("{not json"));
    assert!((400..500).contains(&status), "{status} {body}");
    assert!(
        body.contains("\"code\":\"WQL0602\"") && body.contains("the request's body"),
        "{body}"
    );
    assert_eq!(http("GET", "/api/v1/nothing", Some(&s.token), None).0, 404);
    // A rule whose rows would fill the memory (two joins on `<>`: about ten
    // billion rows) stops at the preview's bound with a diagnostic.
    let huge = "select SMS_R_System.Name from SMS_R_System \
        inner join SMS_G_System_INSTALLED_SOFTWARE on SMS_G_System_INSTALLED_SOFTWARE.ResourceID <> SMS_R_System.ResourceId \
        inner join SMS_G_System_LOGICAL_DISK on SMS_G_System_LOGICAL_DISK.ResourceID <> SMS_G_System_INSTALLED_SOFTWARE.ResourceID";
    let (status, body) = http(
        "POST",
        "/api/v1/preview",
        Some(&s.token),
        Some(&json!({"wql": huge}).to_string()),
    );
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("WQL0602") && body.contains("more than 2000000 rows"),
        "{body}"
    );
    let (status, doc) = http("GET", "/api/openapi.json", Some(&s.token), None);
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&doc).expect("the OpenAPI document is JSON");
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 12);
    for (path, ops) in paths {
        for method in ops.as_object().expect("operations").keys() {
            let body = (method == "post").then_some("{}");
            let (status, text) = http(&method.to_uppercase(), &format!("/api/v1{path}"), Some(&s.token), body);
            // An empty body is a 4xx for calls that need fields, never a 404.
            assert!(
                status != 404 && status != 405 && status < 500,
                "{method} {path}: {status} {text}"
            );
        }
    }
}

/// The page itself in Chromium (Debian's, driven headless by Playwright for
/// Python; `.ci/run` installs both): `tests/ui/workbench.py` types rules,
/// applies a fix, pages, sorts and filters a preview, explains a device,
/// diffs, draws the collections graph and downloads a report as CSV, at
/// 1366×768, and compares what it shows with the command line's answers.
#[test]
fn the_page_works_in_a_browser() {
    let root = crate::support::root();
    let python = std::env::var_os("WQLKIT_UI_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join(".venv/bin/python3"));
    let shots = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ui-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let out = Command::new(&python)
        .arg(root.join("tests/ui/workbench.py"))
        .arg(env!("CARGO_BIN_EXE_wqlkit"))
        .arg(&shots)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (python3 -m venv .venv && .venv/bin/pip install playwright==1.65.3, and Debian's chromium)",
                python.display()
            )
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && text.contains(" 0 failed"), "{text}");
    for shot in [
        "01-editor-diagnostics.png",
        "02-preview.png",
        "05-collections.png",
        "06-sql.png",
    ] {
        assert!(shots.join(shot).is_file(), "no screenshot {shot}: {text}");
    }
}

/// Queries the server is running now.
fn running() -> u64 {
    let (_, info) = http("GET", "/api/v1/info", Some(&server().token), None);
    let info: Value = serde_json::from_str(&info).expect("json");
    info["running"].as_u64().expect("running")
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A report that runs for many seconds, one short query at a time.
const LONG_REPORT: &str = "DECLARE @i int = 0\nDECLARE @n int\nWHILE @i < 9000\nBEGIN\n  SET @i = @i + 1\n  \
     SELECT @n = COUNT(*) FROM v_R_System WHERE ResourceID > @i\nEND\nSELECT @n AS n";

#[test]
fn a_query_stops_when_its_client_goes_away() {
    let s = server();
    wait_for("no query running before", Duration::from_secs(60), || running() == 0);
    let body = json!({"sql": LONG_REPORT}).to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
    let request = format!(
        "POST /api/v1/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        s.token,
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    wait_for("the report to start", Duration::from_secs(30), || running() == 1);
    drop(stream);
    wait_for(
        "the report to stop once its client went away",
        Duration::from_secs(5),
        || running() == 0,
    );
}

#[test]
fn a_query_past_the_time_limit_is_stopped_with_a_diagnostic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wqlkit"))
        .args([
            "ui",
            "--port",
            "0",
            "--no-open",
            "--exit-with-stdin",
            "--query-timeout",
            "2",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start wqlkit ui");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let url = line.split_whitespace().last().expect("an address");
    let rest = url.strip_prefix("http://127.0.0.1:").expect("loopback");
    let (port, token) = rest.split_once("/?token=").expect("token");
    let body = json!({"sql": LONG_REPORT}).to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", port.parse::<u16>().expect("port"))).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    let started = std::time::Instant::now();
    let request = format!(
        "POST /api/v1/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 504"), "{answer}");
    assert!(
        answer.contains("WQL0407") && answer.contains("longer than 2 s"),
        "{answer}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "answered after {:?}",
        started.elapsed()
    );
    drop(child.stdin.take());
    let _ = child.wait();
}

/// Started on a live site database, the workbench checks and translates
/// against the site's catalog and runs each preview there as its T-SQL: the
/// rows and their order are the command line's live preview's. The panes
/// that read offline rows answer WQL0603, saying how to get them.
#[test]
fn on_a_live_site_the_preview_runs_on_the_server() {
    let b = crate::bridge::bridge();
    let flags = crate::bridge::cli_flags(b);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let cache = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ui-live-cache");
    let cache = cache.to_string_lossy().into_owned();
    let envs = [
        ("WQLKIT_PASSWORD", b.password.as_str()),
        ("WQLKIT_CACHE_DIR", cache.as_str()),
    ];
    let s = Server::start(&flags, &envs);
    let call = |method: &str, path: &str, body: Option<Value>| {
        let body = body.map(|b| b.to_string());
        let (status, _, text) = exchange_with(&s, method, path, Some(&s.token), &[], body.as_deref());
        (
            status,
            serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}")),
        )
    };

    let (status, info) = call("GET", "/api/v1/info", None);
    assert_eq!(status, 200);
    assert_eq!(info["live"], json!(true), "{info}");
    assert!(
        info["source"].as_str().is_some_and(|l| l.contains(&b.port.to_string())),
        "{info}"
    );

    let wql = "select Name, Client from SMS_R_System where Name like 'PC-%' and Client = 1";
    let mut args = vec!["preview", wql, "--format", "json"];
    args.extend(flags.iter().copied());
    let out = Command::new(env!("CARGO_BIN_EXE_wqlkit"))
        .args(&args)
        .envs(envs.iter().copied())
        .output()
        .expect("wqlkit preview --server");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cli: Value = serde_json::from_slice(&out.stdout).expect("JSON rows");
    let cli_names: Vec<&Value> = cli.as_array().expect("rows").iter().map(|r| &r["Name"]).collect();
    assert!(cli_names.len() > 1, "{cli}");

    let before = std::fs::read_to_string(&b.query_log).unwrap_or_default().len();
    let (status, page) = call("POST", "/api/v1/preview", Some(json!({ "wql": wql, "limit": 500 })));
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], json!(cli_names.len()), "{page}");
    let names: Vec<&Value> = page["rows"].as_array().expect("rows").iter().map(|r| &r[0]).collect();
    assert_eq!(names, cli_names, "the same rows in the same order");
    let (_, translation) = call("POST", "/api/v1/translate", Some(json!({ "wql": wql })));
    let sql = translation["sql"].as_str().expect("the T-SQL");
    // The bridge logs a query once it has answered it, so the line may
    // land a moment after the response.
    let received = (0..50).any(|_| {
        let sent = std::fs::read_to_string(&b.query_log).unwrap_or_default();
        let found = sent.get(before..).is_some_and(|after| after.contains(sql));
        if !found {
            std::thread::sleep(Duration::from_millis(100));
        }
        found
    });
    assert!(received, "the server did not receive `{sql}`");

    let (status, page) = call(
        "POST",
        "/api/v1/preview",
        Some(json!({ "wql": "select Nmae from SMS_R_System" })),
    );
    assert_eq!(status, 400, "{page}");
    assert_eq!(page["diagnostics"][0]["code"], json!("WQL0102"), "{page}");

    for (method, path, body) in [
        (
            "POST",
            "/api/v1/explain",
            Some(json!({ "wql": wql, "device": "PC-0001" })),
        ),
        ("POST", "/api/v1/diff", Some(json!({ "wql": wql, "base": wql }))),
        ("GET", "/api/v1/collections", None),
        ("POST", "/api/v1/sql", Some(json!({ "sql": "select 1 as one" }))),
    ] {
        let (status, answer) = call(method, path, body);
        assert_eq!(status, 409, "{path}: {answer}");
        let d = &answer["diagnostics"][0];
        assert_eq!(d["code"], json!("WQL0603"), "{path}: {answer}");
        assert!(
            d["message"].as_str().is_some_and(|m| m.contains("--snapshot")),
            "{path}: {answer}"
        );
    }
}
