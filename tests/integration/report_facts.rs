//! Hand-checked facts about the report scripts of `tests/corpus/reports` on
//! the demo fleet, a stronger oracle than the snapshots of
//! `sql::report_scripts_on_the_demo_fleet` (which record whatever was printed).
//!
//! Each fact recomputes (part of) a script's answer in Rust from plain scans
//! of the views the script reads (`SELECT columns FROM view`: no join, filter,
//! grouping or ordering in the engine), following SQL Server's rules where
//! they matter: case-insensitive, trailing-blank-insensitive text
//! (SQL_Latin1_General_CP1_CI_AS), three-valued logic, `DATEDIFF` counting
//! boundaries, and decimals rounded half away from zero. A wrong join, a
//! dropped row or a wrong grouping in the script's run changes the rows
//! compared. Orders are checked only on numbers, dates and keys whose
//! punctuation does not matter (the engine's ordering of hyphens is a known,
//! unverified approximation, tests/oracle_differences.md).
//!
//! Scripts that stop offline (014, 025, 026) get facts about the
//! diagnostic instead: its code, the construct it names, and that it points
//! at that construct in the text.

use crate::support::root;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use wqlkit::core::span::line_col;
use wqlkit::core::{Catalog, Code, Diagnostics};
use wqlkit::engine::report::{self, ReportOutput};
use wqlkit::engine::{Engine, output};

// ---------------------------------------------------------------------------
// Running scripts and scans
// ---------------------------------------------------------------------------

fn demo() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| wqlkit::demo::engine(Catalog::builtin(), &Default::default()).expect("demo fleet"))
}

fn run(text: &str) -> Result<ReportOutput, Diagnostics> {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(report::run(demo(), text, &[]))
}

/// One result set, every cell as text (`None` for NULL, bits as 0/1).
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Option<String>>>,
}

#[derive(Clone, Copy)]
struct Row<'a> {
    table: &'a Table,
    cells: &'a [Option<String>],
}

fn cell_text(array: &datafusion::arrow::array::ArrayRef, row: usize) -> Option<String> {
    match output::cell(array, row) {
        serde_json::Value::Null => None,
        serde_json::Value::Bool(b) => Some((b as i32).to_string()),
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        other => Some(other.to_string()),
    }
}

impl Table {
    fn of(out: &ReportOutput, index: usize) -> Table {
        let set = out.results.get(index).expect("no such result set");
        let mut rows = Vec::new();
        for b in &set.batches {
            for r in 0..b.num_rows() {
                rows.push(b.columns().iter().map(|c| cell_text(c, r)).collect());
            }
        }
        Table {
            columns: set.columns.clone(),
            rows,
        }
    }

    fn last(out: &ReportOutput) -> Table {
        assert!(!out.results.is_empty(), "the script returned no result set");
        Table::of(out, out.results.len() - 1)
    }

    fn col(&self, name: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.columns))
    }

    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |cells| Row { table: self, cells })
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    /// The rows projected on `cols`, sorted: a multiset to compare.
    fn project(&self, cols: &[&str]) -> Vec<Vec<Option<String>>> {
        let idx: Vec<usize> = cols.iter().map(|c| self.col(c)).collect();
        let mut rows: Vec<Vec<Option<String>>> = self
            .rows
            .iter()
            .map(|r| idx.iter().map(|&i| r[i].clone()).collect())
            .collect();
        rows.sort();
        rows
    }

    /// One column's values, in order.
    fn column(&self, name: &str) -> Vec<Option<String>> {
        let i = self.col(name);
        self.rows.iter().map(|r| r[i].clone()).collect()
    }
}

impl<'a> Row<'a> {
    fn get(&self, col: &str) -> Option<&'a str> {
        self.cells[self.table.col(col)].as_deref()
    }

    fn s(&self, col: &str) -> &'a str {
        self.get(col).unwrap_or_else(|| panic!("{col} is NULL"))
    }

    fn i(&self, col: &str) -> Option<i64> {
        self.get(col)
            .map(|v| v.parse().unwrap_or_else(|e| panic!("{col} = {v}: {e}")))
    }

    fn n(&self, col: &str) -> i64 {
        self.i(col).unwrap_or_else(|| panic!("{col} is NULL"))
    }

    fn id(&self) -> i64 {
        self.n("ResourceID")
    }
}

/// A plain scan (or a one-row expression) through the engine.
fn scan(sql: &str) -> Table {
    match run(sql) {
        Ok(out) => Table::last(&out),
        Err(d) => panic!("{sql}: {:?}", d.0.iter().map(|x| &x.message).collect::<Vec<_>>()),
    }
}

/// The report script whose file name starts with `prefix`, and its text.
fn script_text(prefix: &str) -> String {
    let dir = root().join("tests/corpus/reports");
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .expect("read tests/corpus/reports")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .collect();
    assert_eq!(found.len(), 1, "one report script named {prefix}_*: {found:?}");
    let path = found.remove(0);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn script_ok(prefix: &str) -> ReportOutput {
    run(&script_text(prefix)).unwrap_or_else(|d| {
        panic!(
            "{prefix}: the script stopped: {:?}",
            d.0.iter().map(|x| &x.message).collect::<Vec<_>>()
        )
    })
}

fn script_err(prefix: &str) -> (String, Diagnostics) {
    let text = script_text(prefix);
    match run(&text) {
        Ok(_) => panic!("{prefix}: the script ran, but it should stop offline"),
        Err(d) => (text, d),
    }
}

/// What `GETDATE()` returns on the demo fleet.
fn now() -> String {
    let t = scan("SELECT GETDATE() AS Now");
    t.rows().next().expect("one row").s("Now").to_string()
}

/// The members of a collection, from a scan of v_FullCollectionMembership.
fn members(collection: &str) -> HashSet<i64> {
    let fcm = scan("SELECT CollectionID, ResourceID FROM v_FullCollectionMembership");
    fcm.rows()
        .filter(|r| r.get("CollectionID").is_some_and(|c| ci(c) == ci(collection)))
        .map(|r| r.id())
        .collect()
}

/// Rows of a scan by ResourceID, asserting there is at most one each (the
/// oracle relies on it: a LEFT JOIN to such a view adds no rows).
fn by_id<'a>(table: &'a Table, what: &str) -> HashMap<i64, Row<'a>> {
    let mut map = HashMap::new();
    for r in table.rows() {
        assert!(map.insert(r.id(), r).is_none(), "{what} has two rows for {}", r.id());
    }
    map
}

fn multi_by_id(table: &Table) -> HashMap<i64, Vec<Row<'_>>> {
    let mut map: HashMap<i64, Vec<Row<'_>>> = HashMap::new();
    for r in table.rows() {
        map.entry(r.id()).or_default().push(r);
    }
    map
}

// ---------------------------------------------------------------------------
// SQL Server's rules, written out
// ---------------------------------------------------------------------------

/// The comparison key of SQL_Latin1_General_CP1_CI_AS as far as the demo
/// needs it: case folded, trailing blanks dropped.
fn ci(s: &str) -> String {
    s.trim_end_matches(' ').to_lowercase()
}

/// Days from 1970-01-01 to the date at the start of `ts` (`YYYY-MM-DD…`).
fn day_number(ts: &str) -> i64 {
    let part = |a: usize, b: usize| -> i64 {
        ts.get(a..b)
            .and_then(|x| x.parse().ok())
            .unwrap_or_else(|| panic!("not a date: {ts}"))
    };
    days_from_civil(part(0, 4), part(5, 7), part(8, 10))
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// `DATEDIFF(day, from, to)`: midnights crossed.
fn datediff_days(from: &str, to: &str) -> i64 {
    day_number(to) - day_number(from)
}

/// `DATEADD(day, -n, ts)` as `YYYY-MM-DD hh:mm:ss`, which compares as text.
fn minus_days(ts: &str, n: i64) -> String {
    let (y, m, d) = civil_from_days(day_number(ts) - n);
    format!("{y:04}-{m:02}-{d:02}{}", &ts[10..])
}

/// `DATEADD(month, -n, ts)` (the day is kept when the month has it).
fn minus_months(ts: &str, n: i64) -> String {
    let y: i64 = ts[0..4].parse().expect("year");
    let m: i64 = ts[5..7].parse().expect("month");
    let d: i64 = ts[8..10].parse().expect("day");
    let months = y * 12 + (m - 1) - n;
    let (ny, nm) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    let last =
        days_from_civil(ny + i64::from(nm == 12), if nm == 12 { 1 } else { nm + 1 }, 1) - days_from_civil(ny, nm, 1);
    format!("{ny:04}-{nm:02}-{:02}{}", d.min(last), &ts[10..])
}

/// `num / den` rounded half away from zero to `scale` decimals, in units of
/// 10^-scale (how SQL Server casts to decimal and FORMAT rounds a decimal).
fn round_div(num: i128, den: i128, scale: u32) -> i128 {
    let n = num * 10i128.pow(scale);
    let (q, r) = (n / den, n % den);
    if 2 * r.abs() >= den.abs() {
        q + n.signum() * den.signum()
    } else {
        q
    }
}

/// `v` units of 10^-scale as text: `fixed(4710, 2)` is `47.10`.
fn fixed(v: i128, scale: u32) -> String {
    let p = 10i128.pow(scale);
    let sign = if v < 0 { "-" } else { "" };
    let v = v.abs();
    if scale == 0 {
        format!("{sign}{v}")
    } else {
        format!("{sign}{}.{:0width$}", v / p, v % p, width = scale as usize)
    }
}

/// FORMAT(…, 'N<scale>', 'en-US'): `fixed` with thousands separators.
fn n_format(v: i128, scale: u32) -> String {
    let text = fixed(v, scale);
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let digits: Vec<char> = int.chars().collect();
    let mut grouped = String::new();
    for (k, c) in digits.iter().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(*c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// CONVERT(varchar(10), d, 101): `mm/dd/yyyy`.
fn style_101(ts: &str) -> String {
    format!("{}/{}/{}", &ts[5..7], &ts[8..10], &ts[0..4])
}

/// CONVERT(varchar(10), d, 103): `dd/mm/yyyy`.
fn style_103(ts: &str) -> String {
    format!("{}/{}/{}", &ts[8..10], &ts[5..7], &ts[0..4])
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// CONVERT(varchar(20), d, 113): `dd Mon yyyy hh:mi:ss`.
fn style_113(ts: &str) -> String {
    let m: usize = ts[5..7].parse().expect("month");
    format!("{} {} {} {}", &ts[8..10], MONTHS[m - 1], &ts[0..4], &ts[11..19])
}

/// A cell for an expected row.
trait Cell {
    fn cell(self) -> Option<String>;
}
impl Cell for &str {
    fn cell(self) -> Option<String> {
        Some(self.to_string())
    }
}
impl Cell for String {
    fn cell(self) -> Option<String> {
        Some(self)
    }
}
impl Cell for i64 {
    fn cell(self) -> Option<String> {
        Some(self.to_string())
    }
}
impl Cell for usize {
    fn cell(self) -> Option<String> {
        Some(self.to_string())
    }
}
impl<T: Cell> Cell for Option<T> {
    fn cell(self) -> Option<String> {
        self.and_then(Cell::cell)
    }
}

macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$(Cell::cell($v)),*] };
}

/// The script's rows (projected) are the recomputed ones, as multisets.
fn assert_rows(script: &str, fact: &str, mut expected: Vec<Vec<Option<String>>>, got: Vec<Vec<Option<String>>>) {
    expected.sort();
    if expected == got {
        return;
    }
    let missing: Vec<_> = expected.iter().filter(|r| !got.contains(r)).take(5).collect();
    let extra: Vec<_> = got.iter().filter(|r| !expected.contains(r)).take(5).collect();
    panic!(
        "{script}: {fact}: expected {} rows, the script gave {}\n  recomputed, not in the script's output: {missing:?}\n  in the script's output, not recomputed: {extra:?}",
        expected.len(),
        got.len()
    );
}

/// The values never increase (`desc`) / decrease, NULLs first ascending and
/// last descending, as SQL Server orders them.
fn assert_ordered<T: PartialOrd + std::fmt::Debug>(script: &str, what: &str, values: &[Option<T>], desc: bool) {
    for w in values.windows(2) {
        let ok = match (&w[0], &w[1], desc) {
            (None, None, _) => true,
            (None, Some(_), d) => !d,
            (Some(_), None, d) => d,
            (Some(a), Some(b), false) => a <= b,
            (Some(a), Some(b), true) => a >= b,
        };
        assert!(
            ok,
            "{script}: rows are not ordered by {what}: {:?} before {:?}",
            w[0], w[1]
        );
    }
}

fn ints(values: Vec<Option<String>>) -> Vec<Option<i64>> {
    values
        .into_iter()
        .map(|v| v.map(|v| v.parse().unwrap_or_else(|e| panic!("{v}: {e}"))))
        .collect()
}

fn folded(values: Vec<Option<String>>) -> Vec<Option<String>> {
    values.into_iter().map(|v| v.map(|v| ci(&v))).collect()
}

/// A `, `-joined list as a sorted multiset (the order is unspecified).
fn list(v: Option<&str>, sep: &str) -> Option<String> {
    v.map(|v| {
        let mut items: Vec<&str> = v.split(sep).collect();
        items.sort();
        items.join(sep)
    })
}

fn sorted_list(mut items: Vec<String>, sep: &str) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    items.sort();
    Some(items.join(sep))
}

// ---------------------------------------------------------------------------
// Client health, collections and the OS summary: 001, 008, 009, 019, 027
// ---------------------------------------------------------------------------

#[test]
fn clients_and_collections_facts() {
    client_health_001();
    inactive_clients_008();
    device_collections_009();
    collection_overview_019();
    rbac_os_summary_027();
}

fn client_health_001() {
    let s = "001_client_health_summary";
    let t = Table::last(&script_ok("001"));
    let now = now();
    let fcm = scan("SELECT CollectionID, ResourceID, IsClient FROM v_FullCollectionMembership");
    let ch = scan("SELECT ResourceID, LastActiveTime, LastEvaluationHealthy FROM v_CH_ClientSummary");
    let ch = by_id(&ch, "v_CH_ClientSummary");
    // bucket -> (devices, healthy)
    let mut expected: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    let mut total = 0;
    for m in fcm.rows().filter(|r| r.get("CollectionID") == Some("SMS00001")) {
        total += 1;
        let health = ch.get(&m.id());
        let bucket = if m.i("IsClient").unwrap_or(0) == 0 {
            "5 - No client"
        } else {
            match health.and_then(|h| h.get("LastActiveTime")) {
                None => "4 - Never reported",
                Some(t) if datediff_days(t, &now) <= 7 => "1 - Active (0-7 days)",
                Some(t) if datediff_days(t, &now) <= 30 => "2 - Active (8-30 days)",
                Some(_) => "3 - Inactive (> 30 days)",
            }
        };
        let healthy = health.and_then(|h| h.i("LastEvaluationHealthy")) == Some(1);
        let e = expected.entry(bucket).or_default();
        e.0 += 1;
        e.1 += i64::from(healthy);
    }
    // Fact 1: every member of All Systems is in exactly one bucket.
    let devices: i64 = t.rows().map(|r| r.n("Devices")).sum();
    assert_eq!(
        devices, total,
        "{s}: the buckets' Devices add up to All Systems' members"
    );
    // Fact 2: each bucket's Devices and Health Eval Passed, recomputed.
    let want = expected.iter().map(|(b, (d, h))| row![*b, *d, *h]).collect();
    assert_rows(
        s,
        "devices per bucket",
        want,
        t.project(&["Client State", "Devices", "Health Eval Passed"]),
    );
    // Fact 3: the percentages are the counts' shares and add up to 100.
    let mut hundredths = 0;
    for r in t.rows() {
        let share = round_div(i128::from(r.n("Devices")) * 100, i128::from(total), 2);
        hundredths += share;
        assert_eq!(
            r.s("Percent"),
            format!("{} %", fixed(share, 2)),
            "{s}: Percent of {}",
            r.s("Client State")
        );
    }
    assert!(
        (hundredths - 10_000).abs() <= t.len() as i128,
        "{s}: the percentages add up to {}",
        fixed(hundredths, 2)
    );
    // Fact 4: ordered by the bucket label.
    assert_ordered(s, "Client State", &t.column("Client State"), false);
}

fn inactive_clients_008() {
    let s = "008_inactive_clients";
    let t = Table::last(&script_ok("008"));
    let now = now();
    let cutoff = minus_days(&now, 30);
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0, Client0 FROM v_R_System");
    let ch = scan("SELECT ResourceID, LastActiveTime FROM v_CH_ClientSummary");
    let ch = by_id(&ch, "v_CH_ClientSummary");
    let mut want = Vec::new();
    for r in sys.rows() {
        let Some(h) = ch.get(&r.id()) else { continue };
        if r.i("Client0") != Some(1) || !members.contains(&r.id()) {
            continue;
        }
        match h.get("LastActiveTime") {
            None => want.push(row![r.get("Netbios_Name0"), "never"]),
            Some(t) if *t < *cutoff => want.push(row![r.get("Netbios_Name0"), datediff_days(t, &now)]),
            Some(_) => {}
        }
    }
    // Fact 1: one row per client member not active since GETDATE() - 30 days, with its day count.
    assert_rows(
        s,
        "stale clients and their days inactive",
        want,
        t.project(&["Computer", "Days Inactive"]),
    );
    // Fact 2: the longest inactive first ('never' last, as NULL sorts).
    let days: Vec<Option<i64>> = t
        .column("Days Inactive")
        .into_iter()
        .map(|v| v.filter(|v| v != "never").map(|v| v.parse().expect("days")))
        .collect();
    assert_ordered(s, "Days Inactive descending", &days, true);
}

fn device_collections_009() {
    let s = "009_device_collection_membership";
    let out = script_ok("009");
    let t = Table::last(&out);
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let ids: Vec<i64> = sys
        .rows()
        .filter(|r| r.get("Netbios_Name0").is_some_and(|n| ci(n) == "pc-lon-00007"))
        .map(|r| r.id())
        .collect();
    assert_eq!(ids.len(), 1, "{s}: PC-LON-00007 is one device in v_R_System");
    let id = ids[0];
    // Fact 1: the message names the device's ResourceID.
    assert!(
        out.messages.contains(&format!("ResourceID for PC-LON-00007 is {id}")),
        "{s}: messages {:?} lack ResourceID {id}",
        out.messages
    );
    let fcm = scan("SELECT CollectionID, ResourceID, IsDirect FROM v_FullCollectionMembership");
    let mut counts: HashMap<String, i64> = HashMap::new();
    for r in fcm.rows() {
        *counts.entry(ci(r.s("CollectionID"))).or_default() += 1;
    }
    let cols = scan("SELECT CollectionID, Name FROM v_Collection");
    let names: HashMap<String, &str> = cols.rows().map(|r| (ci(r.s("CollectionID")), r.s("Name"))).collect();
    let ass = scan("SELECT CollectionID, AssignmentName FROM v_CIAssignment");
    let mut deployments: HashMap<String, Vec<String>> = HashMap::new();
    for r in ass.rows() {
        if let (Some(c), Some(n)) = (r.get("CollectionID"), r.get("AssignmentName")) {
            deployments.entry(ci(c)).or_default().push(n.to_string());
        }
    }
    // Fact 2: one row per collection the device is in, each with its name,
    // its member count recounted from v_FullCollectionMembership, the
    // membership kind and the deployments that target it.
    let want = fcm
        .rows()
        .filter(|r| r.id() == id)
        .map(|r| {
            let c = ci(r.s("CollectionID"));
            let kind = if r.i("IsDirect") == Some(1) {
                "Direct rule"
            } else {
                "Query / include"
            };
            let deps = sorted_list(deployments.get(&c).cloned().unwrap_or_default(), "; ").unwrap_or_default();
            row![r.s("CollectionID"), names.get(&c).copied(), kind, counts[&c], deps]
        })
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            let deps = list(r.get("Deployments to this collection"), "; ");
            row![
                r.s("CollectionID"),
                r.get("CollectionName"),
                r.s("Membership"),
                r.get("MemberCount"),
                deps
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "the device's collections", want, got);
}

fn collection_overview_019() {
    let s = "019_collection_evaluation_overview";
    let t = Table::last(&script_ok("019"));
    let now = now();
    let cols = scan(
        "SELECT CollectionID, Name, MemberCount, LimitToCollectionName, RefreshType, CollectionType, LastMemberChangeTime FROM v_Collection",
    );
    let count_by = |sql: &str, key: &str| -> HashMap<String, i64> {
        let mut m = HashMap::new();
        for r in scan(sql).rows() {
            *m.entry(ci(r.s(key))).or_default() += 1;
        }
        m
    };
    let queries = count_by("SELECT CollectionID FROM v_CollectionRuleQuery", "CollectionID");
    let directs = count_by("SELECT CollectionID FROM v_CollectionRuleDirect", "CollectionID");
    let fcm = count_by("SELECT CollectionID FROM v_FullCollectionMembership", "CollectionID");
    let names: HashMap<String, &str> = cols.rows().map(|r| (ci(r.s("CollectionID")), r.s("Name"))).collect();
    let deps =
        scan("SELECT DependentCollectionID, SourceCollectionID, RelationshipType FROM vSMS_CollectionDependencies");
    let mut related: HashMap<(String, i64), Vec<String>> = HashMap::new();
    for d in deps.rows() {
        if let Some(name) = names.get(&ci(d.s("SourceCollectionID"))) {
            related
                .entry((ci(d.s("DependentCollectionID")), d.n("RelationshipType")))
                .or_default()
                .push(name.to_string());
        }
    }
    // ConfigMgr's RefreshType: 1 manual, 2 periodic, 4 incremental, 6 both.
    let label = |k: i64| match k {
        1 => "Manual".to_string(),
        2 => "Scheduled".to_string(),
        4 => "Incremental".to_string(),
        6 => "Scheduled + Incremental".to_string(),
        k => format!("Other ({k})"),
    };
    let mut refresh: HashMap<String, i64> = HashMap::new();
    let mut want = Vec::new();
    for c in cols.rows().filter(|c| c.i("CollectionType") == Some(2)) {
        let id = ci(c.s("CollectionID"));
        refresh.insert(id.clone(), c.n("RefreshType"));
        // Fact 1 (data): v_Collection's MemberCount is the membership view's count.
        assert_eq!(
            c.i("MemberCount"),
            Some(fcm.get(&id).copied().unwrap_or(0)),
            "{s}: MemberCount of {id} against v_FullCollectionMembership"
        );
        let rel = |k| {
            related
                .get(&(id.clone(), k))
                .cloned()
                .map(|v| sorted_list(v, ", "))
                .unwrap_or(None)
        };
        want.push(row![
            c.s("CollectionID"),
            c.get("Name"),
            c.get("LimitToCollectionName"),
            label(c.n("RefreshType")),
            c.get("MemberCount"),
            queries.get(&id).copied().unwrap_or(0),
            directs.get(&id).copied().unwrap_or(0),
            rel(2),
            rel(3),
            c.get("LastMemberChangeTime").map(|m| datediff_days(m, &now)),
        ]);
    }
    // Fact 2: one row per device collection with its rule counts, the
    // collections it includes (2) and excludes (3) and its days since a change.
    let got = {
        let mut g: Vec<_> = t
            .rows()
            .map(|r| {
                row![
                    r.s("CollectionID"),
                    r.get("Collection"),
                    r.get("Limited To"),
                    r.get("Refresh"),
                    r.get("Members"),
                    r.get("Query Rules"),
                    r.get("Direct Rules"),
                    list(r.get("Includes"), ", "),
                    list(r.get("Excludes"), ", "),
                    r.get("Days Since Member Change"),
                ]
            })
            .collect();
        g.sort();
        g
    };
    assert_rows(s, "device collections", want, got);
    // Fact 3: ordered by RefreshType descending.
    let order: Vec<Option<i64>> = t
        .rows()
        .map(|r| refresh.get(&ci(r.s("CollectionID"))).copied())
        .collect();
    assert_ordered(s, "RefreshType descending", &order, true);
}

fn rbac_os_summary_027() {
    let s = "027_rbac_os_summary";
    let text = script_text("027");
    let out = script_ok("027");
    let t = Table::last(&out);
    let members = members("SMS00001");
    let sys: HashSet<i64> = scan("SELECT ResourceID FROM v_R_System")
        .rows()
        .map(|r| r.id())
        .collect();
    let os = scan("SELECT ResourceID, Caption0, Version0, OSArchitecture0 FROM v_GS_OPERATING_SYSTEM");
    let mut groups: BTreeMap<(String, Option<String>, Option<String>), BTreeSet<i64>> = BTreeMap::new();
    for r in os.rows().filter(|r| sys.contains(&r.id()) && members.contains(&r.id())) {
        let key = (
            ci(r.get("Caption0").unwrap_or("")),
            r.get("Version0").map(ci),
            r.get("OSArchitecture0").map(ci),
        );
        groups.entry(key).or_default().insert(r.id());
    }
    let total: usize = groups.values().map(|g| g.len()).sum();
    // Fact 1: Devices per (caption, version, architecture), recomputed.
    let want = groups
        .iter()
        .map(|((c, v, a), ids)| row![c.clone(), v.clone(), a.clone().unwrap_or_default(), ids.len()])
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                ci(r.s("Operating System")),
                r.get("Version").map(ci),
                ci(r.s("Architecture")),
                r.get("Devices")
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "devices per OS", want, got);
    // Fact 2: Percent is each share of all of them, and they add up to 100.
    let mut hundredths = 0;
    for r in t.rows() {
        let share = round_div(i128::from(r.n("Devices")) * 100, total as i128, 2);
        hundredths += share;
        assert_eq!(
            r.s("Percent"),
            fixed(share, 2),
            "{s}: Percent of {}",
            r.s("Operating System")
        );
        assert_eq!(r.s("Collection"), "All Systems", "{s}: the collection's name");
    }
    assert!(
        (hundredths - 10_000).abs() <= t.len() as i128,
        "{s}: percentages add up to {hundredths}"
    );
    // Fact 3: one WQL0506 warning per fn_rbac_ function the text calls (`fn_rbac_X(`).
    let mut called = BTreeSet::new();
    let lower = text.to_lowercase();
    for (at, _) in lower.match_indices("fn_rbac_") {
        let name: String = lower[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if lower[at + name.len()..].starts_with('(') {
            called.insert(name);
        }
    }
    let warned: BTreeSet<String> = out
        .warnings
        .iter()
        .map(|w| {
            assert_eq!(w.code, Code::SqlRbacIgnored, "{s}: {}", w.message);
            w.message.split_whitespace().next().expect("a name").to_lowercase()
        })
        .collect();
    assert_eq!(warned, called, "{s}: the functions warned about are those called");
    assert_eq!(out.warnings.len(), called.len(), "{s}: one warning per function");
    // Fact 4: most devices first.
    assert_ordered(s, "Devices descending", &ints(t.column("Devices")), true);
}

// ---------------------------------------------------------------------------
// Software and hardware inventory: 002, 006, 017, 018, 022
// ---------------------------------------------------------------------------

#[test]
fn inventory_facts() {
    software_by_collection_002();
    hardware_assets_006();
    memory_cpu_017();
    office_channels_018();
    recently_used_apps_022();
}

fn software_by_collection_002() {
    let s = "002_software_inventory_by_collection";
    let t = Table::last(&script_ok("002"));
    let members = members("SMS00001");
    // The script's noise filter, as text tests: blank, `%(KB%)%`,
    // `Security Update for%`, `%Language Pack%` (case-insensitive).
    let noise = |name: Option<&str>| match name {
        None => true,
        Some(n) => {
            let l = n.to_lowercase();
            n.trim_matches(' ').is_empty()
                || l.find("(kb").is_some_and(|i| l[i + 3..].contains(')'))
                || l.starts_with("security update for")
                || l.contains("language pack")
        }
    };
    struct Product {
        ids: BTreeSet<i64>,
        versions: BTreeSet<String>,
        publishers: BTreeSet<Option<String>>,
    }
    let mut products: BTreeMap<String, Product> = BTreeMap::new();
    for view in ["v_GS_ADD_REMOVE_PROGRAMS", "v_GS_ADD_REMOVE_PROGRAMS_64"] {
        let arp = scan(&format!(
            "SELECT ResourceID, DisplayName0, Version0, Publisher0 FROM {view}"
        ));
        for r in arp.rows().filter(|r| members.contains(&r.id())) {
            let name = r.get("DisplayName0");
            if noise(name) {
                continue;
            }
            let p = products.entry(ci(name.unwrap_or(""))).or_insert_with(|| Product {
                ids: BTreeSet::new(),
                versions: BTreeSet::new(),
                publishers: BTreeSet::new(),
            });
            p.ids.insert(r.id());
            p.versions.insert(ci(r.get("Version0").unwrap_or("n/a")));
            p.publishers.insert(r.get("Publisher0").map(ci));
        }
    }
    // Fact 1: one row per product left after the noise filter, installed on
    // the number of distinct devices with it in either ARP view.
    let want = products.iter().map(|(n, p)| row![n.clone(), p.ids.len()]).collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| row![ci(r.s("Product")), r.get("Installed On")])
        .collect();
    got.sort();
    assert_rows(s, "devices per product", want, got);
    for r in t.rows() {
        let p = &products[&ci(r.s("Product"))];
        // Fact 2: the versions listed are the product's distinct versions.
        let listed: BTreeSet<String> = r.s("Versions").split(", ").map(ci).collect();
        assert_eq!(listed, p.versions, "{s}: versions of {}", r.s("Product"));
        // Fact 3: the publisher is one the product's entries give.
        assert!(
            p.publishers.contains(&r.get("Publisher").map(ci)),
            "{s}: publisher {:?} of {}",
            r.get("Publisher"),
            r.s("Product")
        );
        assert!(
            !noise(Some(r.s("Product"))),
            "{s}: {} should be filtered out",
            r.s("Product")
        );
    }
    // Fact 4: the most installed first.
    assert_ordered(s, "Installed On descending", &ints(t.column("Installed On")), true);
}

fn hardware_assets_006() {
    let s = "006_hardware_asset_inventory";
    let t = Table::last(&script_ok("006"));
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0, Resource_Domain_OR_Workgr0, Obsolete0 FROM v_R_System");
    let cs = scan("SELECT ResourceID, Manufacturer0, Model0, TotalPhysicalMemory0 FROM v_GS_COMPUTER_SYSTEM");
    let cs = by_id(&cs, "v_GS_COMPUTER_SYSTEM");
    let se = scan("SELECT ResourceID, ChassisTypes0 FROM v_GS_SYSTEM_ENCLOSURE");
    let se = by_id(&se, "v_GS_SYSTEM_ENCLOSURE");
    let bios = scan("SELECT ResourceID FROM v_GS_PC_BIOS");
    let _ = by_id(&bios, "v_GS_PC_BIOS");
    let os = scan("SELECT ResourceID FROM v_GS_OPERATING_SYSTEM");
    let _ = by_id(&os, "v_GS_OPERATING_SYSTEM");
    // Win32_SystemEnclosure.ChassisTypes (SMBIOS) grouped as the report groups them.
    let form = |code: Option<&str>| match code {
        Some("8" | "9" | "10" | "11" | "12" | "14" | "18" | "21" | "31" | "32") => "Laptop",
        Some("3" | "4" | "5" | "6" | "7" | "15" | "16" | "35") => "Desktop",
        Some("17" | "23" | "28") => "Server",
        Some("30") => "Tablet",
        Some("1") => "Virtual / Other",
        _ => "Unknown",
    };
    let mut want = Vec::new();
    for r in sys.rows() {
        if r.i("Obsolete0").unwrap_or(0) != 0 || !members.contains(&r.id()) {
            continue;
        }
        let c = cs.get(&r.id());
        // TotalPhysicalMemory is in KB: GB rounded half up.
        let ram = c
            .and_then(|c| c.i("TotalPhysicalMemory0"))
            .map(|kb| fixed(round_div(i128::from(kb), 1 << 20, 0), 0));
        want.push(row![
            r.get("Netbios_Name0"),
            r.get("Resource_Domain_OR_Workgr0"),
            c.and_then(|c| c.get("Manufacturer0")),
            c.and_then(|c| c.get("Model0")),
            form(se.get(&r.id()).and_then(|e| e.get("ChassisTypes0"))),
            ram,
        ]);
    }
    // Fact 1: one row per current (not obsolete) member, with its make, model,
    // form factor from the chassis type, and RAM in GB.
    let got = t.project(&[
        "ComputerName",
        "Domain",
        "Manufacturer",
        "Model",
        "FormFactor",
        "RAM (GB)",
    ]);
    assert_rows(s, "assets", want, got);
    // Fact 2: devices without inventory (NULL Manufacturer) sort first.
    assert_ordered(s, "Manufacturer", &folded(t.column("Manufacturer")), false);
}

fn memory_cpu_017() {
    let s = "017_memory_cpu_inventory";
    let t = Table::last(&script_ok("017"));
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let pm = scan("SELECT ResourceID, Capacity0 FROM v_GS_PHYSICAL_MEMORY");
    let pm = multi_by_id(&pm);
    let cpu = scan("SELECT ResourceID, NumberOfCores0, NumberOfLogicalProcessors0, MaxClockSpeed0 FROM v_GS_PROCESSOR");
    let cpu = multi_by_id(&cpu);
    let sum = |rows: &[Row<'_>], col: &str| -> Option<i64> {
        let v: Vec<i64> = rows.iter().filter_map(|r| r.i(col)).collect();
        (!v.is_empty()).then(|| v.iter().sum())
    };
    let mut want = Vec::new();
    let mut totals = Vec::new();
    for r in sys.rows().filter(|r| members.contains(&r.id())) {
        let dimms = pm.get(&r.id());
        // Capacity is in MB; SUM(bigint) / 1024 is an integer division.
        let total_gb = dimms.and_then(|d| sum(d, "Capacity0")).map(|mb| mb / 1024);
        let layout = dimms.and_then(|d| {
            sorted_list(
                d.iter()
                    .filter_map(|m| m.i("Capacity0"))
                    .map(|mb| format!("{}GB", mb / 1024))
                    .collect(),
                " + ",
            )
        });
        let rating = match total_gb {
            None => "No inventory",
            Some(g) if g < 4 => "Replace",
            Some(g) if g < 8 => "Upgrade RAM",
            Some(g) if g < 16 => "OK",
            Some(_) => "Good",
        };
        let procs = cpu.get(&r.id());
        let clock = procs
            .and_then(|p| p.iter().filter_map(|x| x.i("MaxClockSpeed0")).max())
            .map(|mhz| format!("{} GHz", fixed(round_div(i128::from(mhz), 1000, 2), 2)));
        totals.push(total_gb);
        want.push(row![
            r.get("Netbios_Name0"),
            procs.map(|p| p.len()),
            procs.and_then(|p| sum(p, "NumberOfCores0")),
            procs.and_then(|p| sum(p, "NumberOfLogicalProcessors0")),
            clock,
            dimms.map(|d| d.len()),
            layout,
            total_gb,
            rating,
        ]);
    }
    // Fact 1: per device, the sockets, cores and threads summed over its
    // processors, its DIMMs and the RAM summed over them.
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                r.get("Computer"),
                r.get("Sockets"),
                r.get("Cores"),
                r.get("Threads"),
                r.get("Clock"),
                r.get("DIMMs"),
                list(r.get("Module Layout"), " + "),
                r.get("RAM (GB)"),
                r.get("RAM Rating"),
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "RAM and CPU per device", want, got);
    // Fact 2: RAM Rank is 1 + the number of devices with more RAM; devices
    // without inventory (NULL) come after all of them, as NULL sorts last descending.
    let known: Vec<i64> = totals.iter().flatten().copied().collect();
    for r in t.rows() {
        let rank = match r.i("RAM (GB)") {
            Some(g) => 1 + known.iter().filter(|&&k| k > g).count(),
            None => 1 + known.len(),
        };
        assert_eq!(r.n("RAM Rank"), rank as i64, "{s}: RAM Rank of {}", r.s("Computer"));
    }
    // Fact 3: one row per member of All Systems, least RAM (NULL) first.
    assert_eq!(t.len(), members.len(), "{s}: one row per member");
    assert_ordered(s, "RAM (GB)", &ints(t.column("RAM (GB)")), false);
}

fn office_channels_018() {
    let s = "018_office_channels";
    let t = Table::last(&script_ok("018"));
    let members = members("SMS00001");
    let o = scan(
        "SELECT ResourceID, VersionToReport0, Platform0, UpdateChannel0, cfgUpdateChannel0, CDNBaseUrl0, SharedComputerLicensing0, TimeStamp FROM v_GS_OFFICE365PROPLUSCONFIGURATIONS",
    );
    // Microsoft's CDN channel identifiers.
    let channels = [
        ("492350f6-3a01-4f97-b9c0-c7c6ddf67d60", "Current"),
        ("64256afe-f5d9-4f86-8936-8840a6a4f5be", "Current (Preview)"),
        ("55336b82-a18d-4dd6-b5f6-9e5095c314a6", "Monthly Enterprise"),
        ("7ffbc6bf-bc32-4f92-8982-f9dd17fd3114", "Semi-Annual Enterprise"),
        ("b8f9b850-328d-4355-9145-c59439a0c4cf", "Semi-Annual (Preview)"),
        ("5440fd1f-7ecb-4221-8110-145efaa6372f", "Beta"),
    ];
    #[derive(Default)]
    struct Installs {
        count: i64,
        shared: i64,
        latest: String,
    }
    // (channel, version, platform) -> installs
    let mut groups: BTreeMap<(String, Option<String>, Option<String>), Installs> = BTreeMap::new();
    let mut installs = 0;
    for r in o.rows().filter(|r| members.contains(&r.id())) {
        installs += 1;
        let url = ["UpdateChannel0", "cfgUpdateChannel0", "CDNBaseUrl0"]
            .iter()
            .find_map(|c| r.get(c));
        let channel = match url {
            None => "Not reported",
            Some(u) => channels
                .iter()
                .find(|(g, _)| u.to_lowercase().contains(g))
                .map_or("Other", |(_, n)| n),
        };
        let key = (
            channel.to_string(),
            r.get("VersionToReport0").map(ci),
            r.get("Platform0").map(ci),
        );
        let e = groups.entry(key).or_default();
        e.count += 1;
        e.shared += i64::from(r.get("SharedComputerLicensing0") == Some("1"));
        let ts = r.get("TimeStamp").unwrap_or("").to_string();
        if ts > e.latest {
            e.latest = ts;
        }
    }
    // Fact 1: installs per channel, version and platform, recomputed.
    let want = groups
        .iter()
        .map(|((c, v, p), i)| {
            row![
                c.clone(),
                v.clone().unwrap_or_else(|| "n/a".into()),
                p.clone().unwrap_or_default(),
                i.count,
                i.shared,
                i.latest.get(..10).map(str::to_string)
            ]
        })
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                r.s("Update Channel"),
                ci(r.s("Version")),
                ci(r.s("Platform")),
                r.get("Installs"),
                r.get("Shared Activation"),
                r.get("Latest Inventory")
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "installs per channel and version", want, got);
    // Fact 2: every Microsoft 365 Apps install of a member is counted once.
    let counted: i64 = t.rows().map(|r| r.n("Installs")).sum();
    assert_eq!(
        counted, installs,
        "{s}: Installs add up to the members' Office365ProPlusConfigurations rows"
    );
}

fn recently_used_apps_022() {
    let s = "022_recently_used_apps";
    let t = Table::last(&script_ok("022"));
    let now = now();
    let since = minus_days(&now, 30);
    let rua = scan(
        "SELECT ResourceID, ExplorerFileName0, ProductName0, msiDisplayName0, CompanyName0, msiPublisher0, LastUserName0, LastUsedTime0, LaunchCount0 FROM v_GS_CCM_RECENTLY_USED_APPS",
    );
    struct App {
        ids: BTreeSet<i64>,
        users: BTreeSet<String>,
        launches: i64,
        last: String,
    }
    let mut apps: BTreeMap<(String, String), App> = BTreeMap::new();
    for r in rua.rows() {
        let Some(used) = r.get("LastUsedTime0") else { continue };
        if *used < *since || r.get("ProductName0").or(r.get("ExplorerFileName0")).is_none() {
            continue;
        }
        // NULLIF(x, '') under the collation: blank (spaces only) is ''.
        let product = r
            .get("ProductName0")
            .filter(|v| !v.trim_end_matches(' ').is_empty())
            .or(r.get("msiDisplayName0"))
            .or(r.get("ExplorerFileName0"));
        let company = r
            .get("CompanyName0")
            .filter(|v| !v.trim_end_matches(' ').is_empty())
            .or(r.get("msiPublisher0"));
        let exe = r.get("ExplorerFileName0").map(ci).unwrap_or_default();
        let windows = product.is_some_and(|p| {
            let p = p.to_lowercase();
            p.find("windows").is_some_and(|i| p[i..].contains("operating system"))
        });
        if company.is_some_and(|c| c.to_lowercase().starts_with("microsoft"))
            && (windows || ["explorer.exe", "svchost.exe", "dllhost.exe"].contains(&exe.as_str()))
        {
            continue;
        }
        let key = (ci(product.unwrap_or("")), ci(company.unwrap_or("")));
        let a = apps.entry(key).or_insert_with(|| App {
            ids: BTreeSet::new(),
            users: BTreeSet::new(),
            launches: 0,
            last: String::new(),
        });
        a.ids.insert(r.id());
        if let Some(u) = r.get("LastUserName0") {
            a.users.insert(ci(u));
        }
        a.launches += r.i("LaunchCount0").unwrap_or(0);
        if *used > *a.last {
            a.last = used.to_string();
        }
    }
    // Fact 1: per product and publisher used in the last 30 days: distinct
    // computers and users, launches, last use and days since.
    let want = apps
        .iter()
        .map(|((p, c), a)| {
            row![
                p.clone(),
                c.clone(),
                a.ids.len(),
                a.users.len(),
                a.launches,
                style_113(&a.last),
                datediff_days(&a.last, &now)
            ]
        })
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                ci(r.s("Product")),
                ci(r.s("Publisher")),
                r.get("Computers"),
                r.get("Users"),
                r.get("Launches"),
                r.get("Last Used"),
                r.get("Days Since Last Use")
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "usage per product", want, got);
    // Fact 2: most computers first.
    assert_ordered(s, "Computers descending", &ints(t.column("Computers")), true);
}

// ---------------------------------------------------------------------------
// Software updates: 003, 004, 010, 016, 021
// ---------------------------------------------------------------------------

#[test]
fn software_update_facts() {
    update_compliance_003();
    missing_updates_004();
    deployment_summary_010();
    enforcement_errors_016();
    monthly_compliance_021();
}

/// v_UpdateInfo by CI_ID (unique).
fn updates(t: &Table) -> HashMap<i64, Row<'_>> {
    let mut m = HashMap::new();
    for r in t.rows() {
        assert!(
            m.insert(r.n("CI_ID"), r).is_none(),
            "v_UpdateInfo repeats CI_ID {}",
            r.n("CI_ID")
        );
    }
    m
}

fn update_compliance_003() {
    let s = "003_update_compliance_pivot";
    let t = Table::last(&script_ok("003"));
    let members = members("SMS00001");
    let ui = scan("SELECT CI_ID, ArticleID, Title, Severity, IsExpired, IsSuperseded FROM v_UpdateInfo");
    let ui = updates(&ui);
    let st = scan("SELECT CI_ID, ResourceID, Status FROM v_Update_ComplianceStatusAll");
    // Per (KB, title, severity): Installed, Required, Not Required, Unknown.
    let mut counts: BTreeMap<(Option<String>, Option<String>, i64), [i64; 4]> = BTreeMap::new();
    for r in st.rows().filter(|r| members.contains(&r.id())) {
        let Some(u) = ui.get(&r.n("CI_ID")) else { continue };
        let severity = u.i("Severity").unwrap_or(0);
        if u.i("IsExpired") != Some(0) || u.i("IsSuperseded") != Some(0) || severity == 0 {
            continue;
        }
        let key = (
            u.get("ArticleID").map(str::to_string),
            u.get("Title").map(str::to_string),
            severity,
        );
        let c = counts.entry(key).or_default();
        // v_Update_ComplianceStatusAll.Status: 0 unknown, 1 not required, 2 required, 3 installed.
        match r.i("Status") {
            Some(3) => c[0] += 1,
            Some(2) => c[1] += 1,
            Some(1) => c[2] += 1,
            Some(0) => c[3] += 1,
            _ => {}
        }
    }
    let severity = |v: i64| match v {
        10 => "Critical",
        8 => "Important",
        6 => "Moderate",
        2 => "Low",
        _ => "None",
    };
    // Fact 1: one row per current security update with its devices per state.
    let want = counts
        .iter()
        .map(|((kb, title, sev), c)| row![kb.clone(), title.clone(), severity(*sev), c[0], c[1], c[2], c[3]])
        .collect();
    let got = t.project(&[
        "KB",
        "Title",
        "Severity",
        "Installed",
        "Required",
        "Not Required",
        "Unknown",
    ]);
    assert_rows(s, "devices per update and state", want, got);
    // Fact 2: Compliant % is (Installed + Not Required) over all four.
    for r in t.rows() {
        let all = r.n("Installed") + r.n("Required") + r.n("Not Required") + r.n("Unknown");
        let want = (all != 0).then(|| {
            fixed(
                round_div(
                    100 * i128::from(r.n("Installed") + r.n("Not Required")),
                    i128::from(all),
                    2,
                ),
                2,
            )
        });
        assert_eq!(
            r.get("Compliant %").map(str::to_string),
            want,
            "{s}: Compliant % of KB{:?}",
            r.get("KB")
        );
    }
    // Fact 3: most Required first.
    assert_ordered(s, "Required descending", &ints(t.column("Required")), true);
}

fn missing_updates_004() {
    let s = "004_missing_updates_per_device";
    let t = Table::last(&script_ok("004"));
    let members = members("SMS00001");
    let ui = scan("SELECT CI_ID, ArticleID, Severity, IsExpired, IsSuperseded, DatePosted FROM v_UpdateInfo");
    let ui = updates(&ui);
    let sys = scan("SELECT ResourceID, Netbios_Name0, Operating_System_Name_and0 FROM v_R_System");
    let sys = by_id(&sys, "v_R_System");
    let st = scan("SELECT CI_ID, ResourceID, Status FROM v_Update_ComplianceStatusAll");
    let mut missing: BTreeMap<i64, Vec<Row<'_>>> = BTreeMap::new();
    for r in st
        .rows()
        .filter(|r| r.i("Status") == Some(2) && members.contains(&r.id()))
    {
        let Some(u) = ui.get(&r.n("CI_ID")) else { continue };
        if u.i("IsExpired") == Some(0) && u.i("IsSuperseded") == Some(0) {
            missing.entry(r.id()).or_default().push(*u);
        }
    }
    // Fact 1: one row per device missing a current update, with the count,
    // the critical ones, the oldest posting date and the KBs (a NULL
    // ArticleID makes 'KB' + NULL, which the list skips).
    let mut want = Vec::new();
    for (id, us) in &missing {
        let Some(d) = sys.get(id) else { continue };
        let oldest = us.iter().filter_map(|u| u.get("DatePosted")).min().map(style_101);
        let kbs = sorted_list(
            us.iter()
                .filter_map(|u| u.get("ArticleID"))
                .map(|a| format!("KB{a}"))
                .collect(),
            ", ",
        );
        want.push(row![
            d.get("Netbios_Name0"),
            d.get("Operating_System_Name_and0"),
            us.len(),
            us.iter().filter(|u| u.i("Severity") == Some(10)).count(),
            oldest,
            kbs,
        ]);
    }
    let got = t.project(&[
        "Computer",
        "OS",
        "Missing Count",
        "Critical",
        "Oldest Missing Posted",
        "Missing KBs",
    ]);
    assert_rows(s, "missing updates per device", want, got);
    // Fact 2: the KB list is in order (KB + digits: code point order is the collation's).
    for r in t.rows() {
        if let Some(kbs) = r.get("Missing KBs") {
            let items: Vec<&str> = kbs.split(", ").collect();
            assert!(
                items.windows(2).all(|w| ci(w[0]) <= ci(w[1])),
                "{s}: KBs of {} out of order",
                r.s("Computer")
            );
        }
    }
    // Fact 3: the most missing first.
    assert_ordered(s, "Missing Count descending", &ints(t.column("Missing Count")), true);
}

fn deployment_summary_010() {
    let s = "010_update_deployment_summary";
    let t = Table::last(&script_ok("010"));
    let since = minus_days(&now(), 90);
    let uds = scan(
        "SELECT AssignmentName, CollectionName, StartTime, EnforcementDeadline, NumberTotal, NumberSuccess, NumberInProgress, NumberErrors, NumberUnknown FROM v_UpdateDeploymentSummary",
    );
    // Fact 1: one row per deployment available in the last 90 days, its counts as summarized.
    let want = uds
        .rows()
        .filter(|r| r.get("StartTime").is_some_and(|st| *st >= *since))
        .map(|r| {
            row![
                r.get("AssignmentName"),
                r.get("CollectionName"),
                r.get("StartTime").map(|v| v[..16].to_string()),
                r.get("EnforcementDeadline")
                    .map_or(String::new(), |v| v[..16].to_string()),
                r.get("NumberTotal"),
                r.get("NumberSuccess"),
                r.get("NumberInProgress"),
                r.get("NumberErrors"),
                r.get("NumberUnknown"),
            ]
        })
        .collect();
    let got = t.project(&[
        "Deployment",
        "Collection",
        "Available",
        "Deadline",
        "Total",
        "Success",
        "In Progress",
        "Errors",
        "Unknown",
    ]);
    assert_rows(s, "deployments of the last 90 days", want, got);
    for r in t.rows() {
        // Fact 2: the states are part of Total (the rest is NumberOther).
        let parts = r.n("Success") + r.n("In Progress") + r.n("Errors") + r.n("Unknown");
        assert!(
            parts <= r.n("Total"),
            "{s}: states exceed Total in {}",
            r.s("Deployment")
        );
        // Fact 3: Compliance is Success / Total, cast to decimal(5, 2), then
        // shown with one decimal ('P1'); the RAG colour follows the decimal.
        let total = i128::from(r.n("Total"));
        let pct = if total == 0 {
            0
        } else {
            round_div(i128::from(r.n("Success")) * 100, total, 2)
        };
        let shown = format!("{} %", fixed(round_div(pct, 100, 1), 1));
        assert_eq!(
            r.s("Compliance"),
            shown,
            "{s}: Compliance of {} ({} of {total})",
            r.s("Deployment"),
            r.n("Success")
        );
        let rag = if pct >= 9500 {
            "Green"
        } else if pct >= 8000 {
            "Amber"
        } else {
            "Red"
        };
        assert_eq!(
            r.s("RAG"),
            rag,
            "{s}: RAG of {} at {}",
            r.s("Deployment"),
            fixed(pct, 2)
        );
    }
    // Fact 4: the latest first.
    assert_ordered(s, "Available descending", &t.column("Available"), true);
}

fn enforcement_errors_016() {
    let s = "016_update_enforcement_errors";
    let out = script_ok("016");
    let detail = Table::of(&out, 0);
    let summary = Table::last(&out);
    let since = minus_days(&now(), 30);
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let sys = by_id(&sys, "v_R_System");
    let cia = scan("SELECT AssignmentID, AssignmentName, AssignmentType FROM v_CIAssignment");
    let cia: HashMap<i64, Row<'_>> = cia.rows().map(|r| (r.n("AssignmentID"), r)).collect();
    let names = scan("SELECT TopicType, StateID, StateName FROM v_StateNames");
    let mut state = HashMap::new();
    for r in names.rows() {
        assert!(
            state
                .insert((r.n("TopicType"), r.n("StateID")), r.get("StateName"))
                .is_none(),
            "v_StateNames repeats a state"
        );
    }
    let asc = scan(
        "SELECT AssignmentID, ResourceID, StateType, StateID, StateTime, LastErrorCode FROM v_AssignmentState_Combined",
    );
    let mut want = Vec::new();
    let mut devices: BTreeMap<Option<String>, BTreeSet<i64>> = BTreeMap::new();
    for r in asc.rows() {
        let Some(a) = cia.get(&r.n("AssignmentID")) else {
            continue;
        };
        let Some(d) = sys.get(&r.id()) else { continue };
        if r.i("StateType") != Some(301)
            || r.get("StateTime").is_none_or(|st| *st < *since)
            || !matches!(a.i("AssignmentType"), Some(1 | 5))
            || !members.contains(&r.id())
        {
            continue;
        }
        let name = r.i("StateID").and_then(|id| state.get(&(301, id)).copied().flatten());
        let code = r.i("LastErrorCode");
        // DELETE … WHERE ISNULL(code, 0) = 0 AND name NOT LIKE 'Failed%': a NULL name keeps the row.
        if code.unwrap_or(0) == 0 && name.is_some_and(|n| !n.to_lowercase().starts_with("failed")) {
            continue;
        }
        // The code's four bytes in hex, as CONVERT(varbinary(4), int) gives them.
        let hex = code.map(|c| format!("0x{:08X}", c as i32 as u32));
        devices.entry(hex.clone()).or_default().insert(r.id());
        want.push(row![a.get("AssignmentName"), d.get("Netbios_Name0"), name, code, hex]);
    }
    // Fact 1: one row per failed (or erroring) enforcement of the last 30 days.
    let got = detail.project(&["Deployment", "Computer", "Enforcement State", "Error", "Error (hex)"]);
    assert_rows(s, "enforcement failures", want, got);
    // Fact 2: each hex code is its decimal error as a 32-bit two's complement.
    for r in detail.rows() {
        if let (Some(code), Some(hex)) = (r.i("Error"), r.get("Error (hex)")) {
            let parsed = u32::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex") as i32;
            assert_eq!(i64::from(parsed), code, "{s}: {hex} against {code}");
        }
    }
    // Fact 3: the summary counts distinct devices per error code.
    let want = devices.iter().map(|(h, ids)| row![h.clone(), ids.len()]).collect();
    assert_rows(
        s,
        "devices per error code",
        want,
        summary.project(&["Error (hex)", "Devices"]),
    );
    assert_ordered(s, "Devices descending", &ints(summary.column("Devices")), true);
}

fn monthly_compliance_021() {
    let s = "021_monthly_patch_compliance";
    let out = script_ok("021");
    let t = Table::last(&out);
    let since = minus_months(&now(), 12);
    let members = members("SMS00001");
    let ui = scan("SELECT CI_ID, DatePosted, IsExpired FROM v_UpdateInfo");
    let ui = updates(&ui);
    let st = scan("SELECT CI_ID, ResourceID, Status FROM v_Update_ComplianceStatusAll");
    struct Month {
        updates: BTreeSet<i64>,
        installed: i64,
        required: i64,
        // device -> anything still required
        devices: BTreeMap<i64, bool>,
    }
    let mut months: BTreeMap<String, Month> = BTreeMap::new();
    let mut collected = 0;
    for r in st.rows().filter(|r| members.contains(&r.id())) {
        let Some(u) = ui.get(&r.n("CI_ID")) else { continue };
        let Some(posted) = u.get("DatePosted") else { continue };
        let status = r.i("Status");
        if *posted < *since || u.i("IsExpired") != Some(0) || !matches!(status, Some(2 | 3)) {
            continue;
        }
        collected += 1;
        let m = months.entry(posted[..7].to_string()).or_insert_with(|| Month {
            updates: BTreeSet::new(),
            installed: 0,
            required: 0,
            devices: BTreeMap::new(),
        });
        m.updates.insert(r.n("CI_ID"));
        let required = status == Some(2);
        m.installed += i64::from(!required);
        m.required += i64::from(required);
        *m.devices.entry(r.id()).or_default() |= required;
    }
    // Fact 1: the PRINT counts the rows collected.
    assert!(
        out.messages.contains(&format!("Rows collected: {collected}")),
        "{s}: messages {:?}, {collected} rows recomputed",
        out.messages
    );
    // Fact 2: per release month: updates, installed and required states,
    // devices with nothing required, devices at all, and the install rate.
    let want = months
        .iter()
        .map(|(k, m)| {
            let rate = round_div(i128::from(m.installed) * 100, i128::from(m.installed + m.required), 2);
            row![
                k.clone(),
                m.updates.len(),
                m.installed,
                m.required,
                m.devices.values().filter(|r| !**r).count(),
                m.devices.len(),
                format!("{} %", fixed(rate, 2)),
            ]
        })
        .collect();
    let got = t.project(&[
        "Release Month",
        "Updates",
        "Installed",
        "Required",
        "Compliant Devices",
        "Applicable Devices",
        "Install Rate",
    ]);
    assert_rows(s, "compliance per release month", want, got);
    // Fact 3: the latest month first.
    assert_ordered(s, "Release Month descending", &t.column("Release Month"), true);
}

// ---------------------------------------------------------------------------
// Disks, builds, BitLocker, hotfixes, networks: 005, 007, 011, 013, 023
// ---------------------------------------------------------------------------

#[test]
fn device_state_facts() {
    low_disk_space_005();
    windows_builds_007();
    bitlocker_011();
    last_hotfix_013();
    ip_addresses_023();
}

fn low_disk_space_005() {
    let s = "005_low_disk_space";
    let out = script_ok("005");
    let t = Table::last(&out);
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let sys = by_id(&sys, "v_R_System");
    let ld = scan("SELECT ResourceID, DeviceID0, VolumeName0, Size0, FreeSpace0, DriveType0 FROM v_GS_LOGICAL_DISK");
    let mut want = Vec::new();
    for r in ld.rows() {
        let Some(d) = sys.get(&r.id()) else { continue };
        if r.i("DriveType0") != Some(3) || !members.contains(&r.id()) {
            continue;
        }
        // Sizes are in MB; GB and percent as decimal(…, 2), rounded.
        let free = r.i("FreeSpace0").map(i128::from);
        let size = r.i("Size0").map(i128::from);
        let free_gb = free.map(|f| round_div(f, 1024, 2));
        let size_gb = size.map(|f| round_div(f, 1024, 2));
        let pct = match (free, size) {
            (Some(f), Some(z)) if z != 0 => Some(round_div(f * 100, z, 2)),
            _ => None,
        };
        // Kept unless both are known to be at or over the thresholds.
        if pct.is_some_and(|p| p >= 1500) && free_gb.is_some_and(|g| g >= 1000) {
            continue;
        }
        let status = if pct.is_some_and(|p| p < 500) || free_gb.is_some_and(|g| g < 200) {
            "Critical"
        } else if pct.is_some_and(|p| p < 1000) {
            "Warning"
        } else {
            "Low"
        };
        want.push(row![
            d.get("Netbios_Name0"),
            r.get("DeviceID0"),
            r.get("VolumeName0"),
            size_gb.map(|g| n_format(round_div(g, 100, 1), 1)),
            free_gb.map(|g| n_format(round_div(g, 100, 1), 1)),
            pct.map(|p| fixed(p, 2)),
            status,
        ]);
    }
    let count = want.len();
    // Fact 1: the fixed disks under 15 % or 10 GB free, with their sizes and status.
    let got = t.project(&[
        "Computer",
        "Drive",
        "VolumeName",
        "Size (GB)",
        "Free (GB)",
        "Free %",
        "Status",
    ]);
    assert_rows(s, "disks under the threshold", want, got);
    // Fact 2: the PRINT gives their number.
    assert!(
        out.messages.contains(&format!("Disks under threshold: {count}")),
        "{s}: messages {:?}, {count} disks recomputed",
        out.messages
    );
    // Fact 3: the fullest disk first.
    let pct: Vec<Option<f64>> = t
        .column("Free %")
        .into_iter()
        .map(|v| v.map(|v| v.parse().expect("Free %")))
        .collect();
    assert_ordered(s, "Free %", &pct, false);
}

fn windows_builds_007() {
    let s = "007_windows_build_versions";
    let t = Table::last(&script_ok("007"));
    let now = now();
    let sys: HashSet<i64> = scan("SELECT ResourceID FROM v_R_System")
        .rows()
        .map(|r| r.id())
        .collect();
    let os = scan("SELECT ResourceID, BuildNumber0, Caption0, ProductType0 FROM v_GS_OPERATING_SYSTEM");
    let mut per_build: BTreeMap<Option<String>, i64> = BTreeMap::new();
    let mut pairs = BTreeSet::new();
    let mut total = 0;
    for r in os
        .rows()
        .filter(|r| r.i("ProductType0") == Some(1) && sys.contains(&r.id()))
    {
        total += 1;
        *per_build.entry(r.get("BuildNumber0").map(str::to_string)).or_default() += 1;
        pairs.insert((r.get("BuildNumber0").map(str::to_string), r.get("Caption0").map(ci)));
    }
    // Fact 1: the devices of each build add up to that build's workstations.
    let mut got: BTreeMap<Option<String>, i64> = BTreeMap::new();
    for r in t.rows() {
        *got.entry(r.get("Build").map(str::to_string)).or_default() += r.n("Devices");
    }
    assert_eq!(got, per_build, "{s}: workstations per build");
    // Fact 2: one row per build and caption (the GROUP BY keeps Caption0).
    assert_eq!(
        t.len(),
        pairs.len(),
        "{s}: rows against distinct (build, caption) pairs"
    );
    for r in t.rows() {
        // Fact 3: % of Fleet is the share of all workstations, to one decimal.
        let share = fixed(round_div(i128::from(r.n("Devices")) * 100, total as i128, 1), 1);
        assert_eq!(r.s("% of Fleet"), share, "{s}: % of Fleet of build {}", r.s("Build"));
        // Fact 4: Servicing follows the end-of-service date against GETDATE().
        let servicing = match r.get("End of Service") {
            None | Some("") => "Unknown",
            Some(eos) => {
                let mut p = eos.split(' ');
                let (d, m, y) = (p.next(), p.next(), p.next());
                let m = MONTHS.iter().position(|x| Some(*x) == m).expect("month") as i64 + 1;
                let day = days_from_civil(
                    y.expect("year").parse().expect("year"),
                    m,
                    d.expect("day").parse().expect("day"),
                );
                let today = day_number(&now);
                if day < today {
                    "Out of support"
                } else if day - today <= 180 {
                    "Ends within 6 months"
                } else {
                    "Supported"
                }
            }
        };
        assert_eq!(r.s("Servicing"), servicing, "{s}: Servicing of build {}", r.s("Build"));
    }
}

fn bitlocker_011() {
    let s = "011_bitlocker_tpm_status";
    let out = script_ok("011");
    let detail = Table::of(&out, 0);
    let summary = Table::last(&out);
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0, Operating_System_Name_and0 FROM v_R_System");
    let ev = scan("SELECT ResourceID, DriveLetter0, ProtectionStatus0 FROM v_GS_ENCRYPTABLE_VOLUME");
    let mut os_volume: HashMap<i64, Row<'_>> = HashMap::new();
    for r in ev
        .rows()
        .filter(|r| r.get("DriveLetter0").is_some_and(|d| ci(d) == "c:"))
    {
        assert!(os_volume.insert(r.id(), r).is_none(), "two C: volumes for {}", r.id());
    }
    let tpm = scan("SELECT ResourceID, SpecVersion0 FROM v_GS_TPM");
    let tpm = by_id(&tpm, "v_GS_TPM");
    let ts = scan("SELECT ResourceID, IsReady0 FROM v_GS_TPM_STATUS");
    let ts = by_id(&ts, "v_GS_TPM_STATUS");
    let fw = scan("SELECT ResourceID, UEFI0, SecureBoot0 FROM v_GS_FIRMWARE");
    let fw = by_id(&fw, "v_GS_FIRMWARE");
    let mut want = Vec::new();
    let mut states: BTreeMap<&str, i64> = BTreeMap::new();
    for r in sys.rows() {
        let workstation = r
            .get("Operating_System_Name_and0")
            .is_some_and(|n| n.to_lowercase().contains("workstation"));
        if !workstation || !members.contains(&r.id()) {
            continue;
        }
        let v = os_volume.get(&r.id());
        // Win32_EncryptableVolume.ProtectionStatus: 0 off, 1 on, 2 unknown.
        let state = match v.and_then(|v| v.i("ProtectionStatus0")) {
            Some(1) => "Protected",
            Some(0) => "Not protected",
            Some(2) => "Unknown",
            _ => "No inventory",
        };
        *states.entry(state).or_default() += 1;
        let spec = tpm.get(&r.id()).and_then(|t| t.get("SpecVersion0"));
        let f = fw.get(&r.id());
        want.push(row![
            r.get("Netbios_Name0"),
            v.and_then(|v| v.get("DriveLetter0")).unwrap_or("-"),
            state,
            spec.map_or("No TPM", |sp| sp.split(',').next().unwrap_or(sp)),
            match ts.get(&r.id()).and_then(|t| t.i("IsReady0")) {
                Some(1) => "Yes",
                Some(0) => "No",
                _ => "?",
            },
            if f.and_then(|f| f.i("UEFI0")) == Some(1) {
                "UEFI"
            } else {
                "Legacy BIOS"
            },
            if f.and_then(|f| f.i("SecureBoot0")) == Some(1) {
                "On"
            } else {
                "Off"
            },
        ]);
    }
    // Fact 1: one row per workstation member (LIKE '%Workstation%' is
    // case-insensitive) with its OS volume protection, TPM and firmware.
    let got = detail.project(&[
        "Computer",
        "OS Drive",
        "BitLocker",
        "TPM Version",
        "TPM Ready",
        "Firmware",
        "Secure Boot",
    ]);
    assert_rows(s, "workstations", want, got);
    // Fact 2: the summary counts each state, as recomputed and as the detail lists them.
    let want = states.iter().map(|(k, n)| row![*k, *n]).collect();
    assert_rows(
        s,
        "devices per state",
        want,
        summary.project(&["BitLockerState", "Devices"]),
    );
    let mut listed: BTreeMap<String, i64> = BTreeMap::new();
    for r in detail.rows() {
        *listed.entry(r.s("BitLocker").to_string()).or_default() += 1;
    }
    let summed: BTreeMap<String, i64> = summary
        .rows()
        .map(|r| (r.s("BitLockerState").to_string(), r.n("Devices")))
        .collect();
    assert_eq!(listed, summed, "{s}: the summary against the detail");
    // Fact 3: the detail is ordered by state descending.
    assert_ordered(s, "BitLocker descending", &folded(detail.column("BitLocker")), true);
}

fn last_hotfix_013() {
    let s = "013_hotfix_last_installed";
    let t = Table::last(&script_ok("013"));
    let now = now();
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0, Operating_System_Name_and0 FROM v_R_System");
    let sys = by_id(&sys, "v_R_System");
    let qfe = scan("SELECT ResourceID, HotFixID0, Description0, InstalledOn0 FROM v_GS_QUICK_FIX_ENGINEERING");
    // TRY_CONVERT(datetime, x, 101): m/d/yyyy, NULL when it is no date.
    let parse = |v: &str| -> Option<String> {
        let p: Vec<&str> = v.trim().split('/').collect();
        let [m, d, y] = p.as_slice() else { return None };
        let (m, d, y): (i64, i64, i64) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
        if y.to_string().len() != 4 || !(1..=12).contains(&m) || d < 1 {
            return None;
        }
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        if d > days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1) {
            return None;
        }
        Some(format!("{y:04}-{m:02}-{d:02}"))
    };
    let mut fixes: BTreeMap<i64, Vec<(String, String, Row<'_>)>> = BTreeMap::new();
    for r in qfe.rows().filter(|r| members.contains(&r.id())) {
        if let Some(date) = r.get("InstalledOn0").and_then(parse) {
            let id = ci(r.get("HotFixID0").unwrap_or(""));
            fixes.entry(r.id()).or_default().push((date, id, r));
        }
    }
    let mut want = Vec::new();
    for (id, mut list) in fixes {
        let Some(d) = sys.get(&id) else { continue };
        list.sort_by(|a, b| (&b.0, &b.1).cmp(&(&a.0, &a.1)));
        if list.len() > 1 {
            assert!(
                (&list[0].0, &list[0].1) != (&list[1].0, &list[1].1),
                "{s}: a tie for {id}"
            );
        }
        let (date, _, r) = &list[0];
        let days = datediff_days(date, &now);
        want.push(row![
            d.get("Netbios_Name0"),
            d.get("Operating_System_Name_and0"),
            r.get("HotFixID0"),
            r.get("Description0"),
            style_103(date),
            days,
            list.len(),
            if days > 45 { "Not patched in 45+ days" } else { "OK" },
        ]);
    }
    // Fact 1: per device with a dated hotfix: the latest one, its age, how
    // many dated hotfixes it lists, and whether that is over 45 days.
    let got = t.project(&[
        "Computer",
        "OS",
        "Last Hotfix",
        "Type",
        "Installed On",
        "Days Ago",
        "Hotfixes Listed",
        "Patch Age",
    ]);
    assert_rows(s, "latest hotfix per device", want, got);
    // Fact 2: the oldest patch level first.
    assert_ordered(s, "Days Ago descending", &ints(t.column("Days Ago")), true);
}

fn ip_addresses_023() {
    let s = "023_ip_addresses_subnets";
    let t = Table::last(&script_ok("023"));
    let sys = scan("SELECT ResourceID, Netbios_Name0, AD_Site_Name0, Active0, Obsolete0 FROM v_R_System");
    let values = |sql: &str, col: &str| -> HashMap<i64, Vec<String>> {
        let mut m: HashMap<i64, Vec<String>> = HashMap::new();
        for r in scan(sql).rows() {
            if let Some(v) = r.get(col) {
                m.entry(r.id()).or_default().push(v.to_string());
            }
        }
        m
    };
    let subnets = values(
        "SELECT ResourceID, IP_Subnets0 FROM v_RA_System_IPSubnets",
        "IP_Subnets0",
    );
    let ips = values(
        "SELECT ResourceID, IP_Addresses0 FROM v_RA_System_IPAddresses",
        "IP_Addresses0",
    );
    let macs = values(
        "SELECT ResourceID, MAC_Addresses0 FROM v_RA_System_MACAddresses",
        "MAC_Addresses0",
    );
    let mut want = Vec::new();
    for r in sys.rows() {
        let Some(nets) = subnets.get(&r.id()) else { continue };
        if r.i("Obsolete0").unwrap_or(0) != 0 {
            continue;
        }
        let v4 = ips
            .get(&r.id())
            .map(|a| {
                a.iter()
                    .filter(|a| !a.contains(':') && !a.starts_with("169.254."))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let nets: BTreeSet<String> = nets.iter().map(|n| ci(n)).collect();
        want.push(row![
            r.get("Netbios_Name0"),
            r.get("AD_Site_Name0").unwrap_or(""),
            sorted_list(v4, ", "),
            sorted_list(nets.into_iter().collect(), ", "),
            sorted_list(macs.get(&r.id()).cloned().unwrap_or_default(), ", "),
            if r.i("Active0") == Some(1) { "Yes" } else { "No" },
        ]);
    }
    // Fact 1: one row per current device with a subnet: its IPv4 addresses
    // (no IPv6, no link-local), distinct subnets, MAC addresses and state.
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                r.get("Computer"),
                r.get("AD Site"),
                list(r.get("IPv4 Addresses"), ", "),
                list(r.get("Subnets").map(ci).as_deref(), ", "),
                list(r.get("MAC Addresses"), ", "),
                r.get("Active"),
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "devices with a subnet", want, got);
    // Fact 2: ordered by the subnet list.
    assert_ordered(s, "Subnets", &folded(t.column("Subnets")), false);
}

// ---------------------------------------------------------------------------
// Users and packages: 012, 015, 020
// ---------------------------------------------------------------------------

#[test]
fn users_and_packages_facts() {
    top_console_user_012();
    advertisement_status_015();
    user_device_affinity_020();
}

/// Active primary-device relations: user (folded) -> distinct devices.
fn primary_devices(umr: &Table) -> HashMap<String, BTreeSet<i64>> {
    let mut m: HashMap<String, BTreeSet<i64>> = HashMap::new();
    for r in umr.rows().filter(|r| r.i("RelationActive") == Some(1)) {
        if let (Some(u), Some(d)) = (r.get("UniqueUserName"), r.i("MachineResourceID")) {
            m.entry(ci(u)).or_default().insert(d);
        }
    }
    m
}

fn top_console_user_012() {
    let s = "012_top_console_user";
    let t = Table::last(&script_ok("012"));
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let usage = scan("SELECT ResourceID, TopConsoleUser0 FROM v_GS_SYSTEM_CONSOLE_USAGE");
    let usage = by_id(&usage, "v_GS_SYSTEM_CONSOLE_USAGE");
    let cu = scan(
        "SELECT ResourceID, SystemConsoleUser0, TotalUserConsoleMinutes0, NumberOfConsoleLogons0, LastConsoleUse0 FROM v_GS_SYSTEM_CONSOLE_USER",
    );
    let cu = multi_by_id(&cu);
    let users = scan("SELECT Unique_User_Name0, Full_User_Name0, Mail0 FROM v_R_User");
    let mut by_name: HashMap<String, Row<'_>> = HashMap::new();
    for u in users.rows() {
        if let Some(n) = u.get("Unique_User_Name0") {
            assert!(by_name.insert(ci(n), u).is_none(), "v_R_User repeats {n}");
        }
    }
    let umr = scan("SELECT UniqueUserName, MachineResourceID, RelationActive FROM v_UserMachineRelationship");
    let primary = primary_devices(&umr);
    let mut want = Vec::new();
    for r in sys.rows().filter(|r| members.contains(&r.id())) {
        // NOT LIKE '%\adm-%' ('\' is no escape in T-SQL); NULL users drop out.
        let mut candidates: Vec<Row<'_>> = cu
            .get(&r.id())
            .map(|c| {
                c.iter()
                    .filter(|c| {
                        c.get("SystemConsoleUser0")
                            .is_some_and(|u| !u.to_lowercase().contains("\\adm-"))
                    })
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        // Most minutes, then the latest use; NULLs last descending.
        let key = |c: &Row<'_>| {
            (
                c.i("TotalUserConsoleMinutes0"),
                c.get("LastConsoleUse0").map(str::to_string),
            )
        };
        candidates.sort_by_key(|c| std::cmp::Reverse(key(c)));
        if candidates.len() > 1 {
            assert!(
                key(&candidates[0]) != key(&candidates[1]),
                "{s}: a tie for the top user of {}",
                r.id()
            );
        }
        let top = candidates.first();
        let name = top.map(|c| c.s("SystemConsoleUser0"));
        let user = name.and_then(|n| by_name.get(&ci(n)));
        want.push(row![
            r.get("Netbios_Name0"),
            usage.get(&r.id()).and_then(|u| u.get("TopConsoleUser0")),
            name,
            user.and_then(|u| u.get("Full_User_Name0")),
            user.and_then(|u| u.get("Mail0")),
            top.and_then(|c| c.get("NumberOfConsoleLogons0")),
            top.and_then(|c| c.i("TotalUserConsoleMinutes0"))
                .map(|m| fixed(round_div(i128::from(m), 60, 1), 1)),
            top.and_then(|c| c.get("LastConsoleUse0")).map(style_101),
            name.map_or(0, |n| primary.get(&ci(n)).map_or(0, |d| d.len())),
        ]);
    }
    // Fact 1: per member, the user with the most console minutes (admin
    // accounts left out), matched to v_R_User case-insensitively, and the
    // number of devices that user is the primary user of.
    let got = t.project(&[
        "Computer",
        "Top Console User (inventory)",
        "Most Minutes User",
        "Full Name",
        "Mail",
        "Logons",
        "Console Hours",
        "Last Console Use",
        "User's Primary Devices",
    ]);
    assert_rows(s, "top console user per device", want, got);
    // Fact 2: one row per member of All Systems.
    assert_eq!(t.len(), members.len(), "{s}: one row per member");
}

fn advertisement_status_015() {
    let s = "015_package_advertisement_status";
    let t = Table::last(&script_ok("015"));
    let adv = scan("SELECT AdvertisementID, PackageID, ProgramName, CollectionID FROM v_Advertisement");
    let pkg = scan("SELECT PackageID, Name FROM v_Package");
    let pkg: HashMap<String, Option<&str>> = pkg.rows().map(|r| (ci(r.s("PackageID")), r.get("Name"))).collect();
    let cas = scan("SELECT AdvertisementID, ResourceID, LastStateName, LastState FROM v_ClientAdvertisementStatus");
    let mut want_names = Vec::new();
    let mut want_codes = Vec::new();
    for a in adv.rows() {
        let Some(name) = pkg.get(&ci(a.s("PackageID"))) else {
            continue;
        };
        let statuses: Vec<Row<'_>> = cas
            .rows()
            .filter(|c| {
                c.get("AdvertisementID")
                    .is_some_and(|x| ci(x) == ci(a.s("AdvertisementID")))
            })
            .collect();
        if statuses.is_empty() {
            continue;
        }
        // By LastStateName as the script groups it.
        let mut by_name = [0i64; 5];
        for c in &statuses {
            let n = c.get("LastStateName").map(|n| n.to_lowercase()).unwrap_or_default();
            let k = match n.as_str() {
                "succeeded" | "success" => 0,
                "failed" => 1,
                "running" => 2,
                n if n.starts_with("waiting") => 3,
                _ => 4,
            };
            by_name[k] += 1;
        }
        // By the LastState code (13 succeeded, 11 failed, 9 running, 8 waiting, 0 no status).
        let mut by_code = [0i64; 5];
        for c in &statuses {
            let k = match c.i("LastState") {
                Some(13) => 0,
                Some(11) => 1,
                Some(9) => 2,
                Some(8) => 3,
                _ => 4,
            };
            by_code[k] += 1;
        }
        let total = statuses.len() as i128;
        let rate = fixed(round_div(100 * i128::from(by_name[0]), total, 1), 1);
        let head = row![
            a.get("AdvertisementID"),
            *name,
            a.get("ProgramName"),
            a.get("CollectionID")
        ];
        let counts = |c: [i64; 5]| c.iter().map(|v| Some(v.to_string())).collect::<Vec<_>>();
        want_names.push([head.clone(), counts(by_name), row![rate]].concat());
        want_codes.push([head, counts(by_code)].concat());
    }
    let states = ["Succeeded", "Failed", "Running", "Waiting", "No Status"];
    let cols: Vec<&str> = ["Advertisement", "Package", "Program", "Collection"]
        .into_iter()
        .chain(states)
        .chain(["Success %"])
        .collect();
    // Fact 1: per advertisement, its clients per last state and the success rate.
    assert_rows(s, "clients per advertisement and state", want_names, t.project(&cols));
    // Fact 2: the same counts come out of the numeric LastState column.
    assert_rows(s, "clients per LastState code", want_codes, t.project(&cols[..9]));
    // Fact 3: ordered by package name.
    assert_ordered(s, "Package", &folded(t.column("Package")), false);
}

fn user_device_affinity_020() {
    let s = "020_user_device_affinity";
    let t = Table::last(&script_ok("020"));
    let umr = scan(
        "SELECT UniqueUserName, MachineResourceName, Sources, RelationActive, CreationTime FROM v_UserMachineRelationship",
    );
    let users = scan("SELECT ResourceID, Unique_User_Name0, Full_User_Name0 FROM v_R_User");
    let mut by_name: HashMap<String, Row<'_>> = HashMap::new();
    for u in users.rows() {
        if let Some(n) = u.get("Unique_User_Name0") {
            assert!(by_name.insert(ci(n), u).is_none(), "v_R_User repeats {n}");
        }
    }
    let ous = scan("SELECT ResourceID, User_OU_Name0 FROM v_RA_User_UserOUName");
    let mut ou: HashMap<i64, String> = HashMap::new();
    for r in ous.rows() {
        if let Some(o) = r.get("User_OU_Name0") {
            let e = ou.entry(r.id()).or_default();
            if ci(o) > ci(e) {
                *e = o.to_string();
            }
        }
    }
    struct User {
        devices: Vec<String>,
        sources: Vec<String>,
        first: String,
    }
    let mut groups: BTreeMap<(String, String, String), User> = BTreeMap::new();
    let mut relations = 0;
    for r in umr.rows().filter(|r| r.i("RelationActive") == Some(1)) {
        let Some(name) = r.get("UniqueUserName") else { continue };
        if !ci(name).starts_with("contoso\\") {
            continue;
        }
        relations += 1;
        let u = by_name.get(&ci(name));
        let full = u.and_then(|u| u.get("Full_User_Name0")).unwrap_or("").to_string();
        let dept = u.and_then(|u| ou.get(&u.id())).cloned().unwrap_or_default();
        // UserMachineRelationship.Sources is a bit mask: 4 usage, 2 administrator, 1 self-service.
        let bits = r.i("Sources").unwrap_or(0);
        let source = if bits & 4 == 4 {
            "Usage (automatic)"
        } else if bits & 2 == 2 {
            "Administrator"
        } else if bits & 1 == 1 {
            "Self-service"
        } else {
            "Other"
        };
        let g = groups.entry((ci(name), full, dept)).or_insert_with(|| User {
            devices: Vec::new(),
            sources: Vec::new(),
            first: "9999".into(),
        });
        g.devices.push(r.get("MachineResourceName").unwrap_or("").to_string());
        g.sources.push(source.to_string());
        let created = r.get("CreationTime").unwrap_or("9999");
        if *created < *g.first {
            g.first = created.to_string();
        }
    }
    // Fact 1: per CONTOSO user, the active primary devices, their sources,
    // the user's name and OU, and the first affinity's date.
    let want = groups
        .into_iter()
        .map(|((n, full, dept), g)| {
            row![
                n,
                full,
                dept,
                g.devices.len(),
                sorted_list(g.devices, ", "),
                sorted_list(g.sources, ", "),
                g.first.get(..10).map(str::to_string)
            ]
        })
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                ci(r.s("User")),
                r.get("Name"),
                r.get("OU"),
                r.get("Primary Devices"),
                list(r.get("Devices"), ", "),
                list(r.get("Sources"), ", "),
                r.get("First Affinity")
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "primary devices per user", want, got);
    // Fact 2: every active CONTOSO relation is counted once.
    let counted: i64 = t.rows().map(|r| r.n("Primary Devices")).sum();
    assert_eq!(
        counted, relations,
        "{s}: Primary Devices add up to the active CONTOSO relations"
    );
    // Fact 3: most devices first.
    assert_ordered(
        s,
        "Primary Devices descending",
        &ints(t.column("Primary Devices")),
        true,
    );
}

// ---------------------------------------------------------------------------
// Scripts that stop offline: 014, 025, 026 (and 024, which runs)
// ---------------------------------------------------------------------------

#[test]
fn client_version_distribution_facts() {
    client_versions_024();
}

#[test]
fn scripts_that_stop_offline_name_the_construct() {
    uptime_buckets_014();
    windows11_readiness_025();
    status_messages_026();
}

fn offset_of(s: &str, text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{s}: no `{needle}` in the text"))
}

fn uptime_buckets_014() {
    let s = "014_server_uptime_buckets";
    let (text, d) = script_err("014");
    // Fact 1: one diagnostic, WQL0502, about a subquery correlated other than by `=`.
    assert_eq!(d.0.len(), 1, "{s}: {:?}", d.0);
    let x = &d.0[0];
    assert_eq!(x.code, Code::SqlUnsupported, "{s}: {}", x.message);
    assert!(
        x.message.contains("subquery") && x.message.contains("correlated"),
        "{s}: {}",
        x.message
    );
    // Fact 2: it points at the final SELECT, whose list subquery is correlated by BETWEEN.
    let select = offset_of(s, &text, "SELECT  b.Label");
    assert_eq!(x.span.start, select, "{s}: at {:?}", line_col(&text, x.span.start));
    let covered = &text[x.span.start..x.span.end];
    assert!(
        covered.contains("WHERE u2.UptimeDays BETWEEN b.FromDay AND b.ToDay"),
        "{s}: the span lacks the correlation: {covered}"
    );
}

fn client_versions_024() {
    let s = "024_client_version_distribution";
    let out = script_ok("024");
    let t = Table::last(&out);
    let sys = scan("SELECT Client0, Client_Version0 FROM v_R_System");
    let mut counts: HashMap<Option<String>, i64> = HashMap::new();
    for r in sys.rows() {
        if r.i("Client0") == Some(1) {
            *counts.entry(r.get("Client_Version0").map(str::to_string)).or_default() += 1;
        }
    }
    let total: i64 = counts.values().sum();
    // The current version: the highest (build, revision), read from the text's
    // last two dot-separated parts as PARSENAME reads them.
    let key = |v: &str| {
        let parts: Vec<&str> = v.split('.').collect();
        let n = |i: usize| {
            parts
                .get(parts.len().wrapping_sub(i))
                .and_then(|p| p.parse::<i64>().ok())
        };
        (n(2), n(1))
    };
    let current = counts
        .keys()
        .flatten()
        .max_by_key(|v| key(v))
        .cloned()
        .expect("a client version");
    // Fact 1: its messages name the current version and the client count.
    assert!(
        out.messages
            .iter()
            .any(|m| m == &format!("Current client version: {current}")),
        "{s}: {:?}",
        out.messages
    );
    assert!(
        out.messages.iter().any(|m| m == &format!("Clients: {total}")),
        "{s}: {:?}",
        out.messages
    );
    // Fact 2: one row per version with its client count; only the current one is Current.
    let want: Vec<Vec<Option<String>>> = counts
        .iter()
        .map(|(v, n)| {
            let status = if v.as_deref() == Some(current.as_str()) {
                "Current"
            } else {
                "Upgrade needed"
            };
            row![Some(v.clone().unwrap_or_else(|| "Unknown".into())), *n, status]
        })
        .collect();
    assert_rows(
        s,
        "clients per version",
        want,
        t.project(&["Client Version", "Clients", "Status"]),
    );
    // Fact 3: the running total ends at the client count.
    let running = ints(t.column("Running Total"));
    assert_eq!(running.last().copied().flatten(), Some(total), "{s}: {running:?}");
}

fn windows11_readiness_025() {
    let s = "025_windows11_readiness";
    let (text, d) = script_err("025");
    // The first column the text declares with a DEFAULT.
    let first_default = text
        .lines()
        .find(|l| l.contains(" DEFAULT "))
        .and_then(|l| l.split_whitespace().next())
        .expect("a DEFAULT column")
        .to_lowercase();
    // Fact 1: one WQL0502 naming DEFAULT and that column of #W11.
    assert_eq!(d.0.len(), 1, "{s}: {:?}", d.0);
    let x = &d.0[0];
    assert_eq!(x.code, Code::SqlUnsupported, "{s}: {}", x.message);
    assert!(x.message.contains("DEFAULT"), "{s}: {}", x.message);
    assert!(
        x.message.contains(&format!("column {first_default} of #w11")),
        "{s}: {} should name {first_default}",
        x.message
    );
    // Fact 2: it points at the CREATE TABLE.
    assert_eq!(
        x.span.start,
        offset_of(s, &text, "CREATE TABLE #W11"),
        "{s}: at {:?}",
        line_col(&text, x.span.start)
    );
}

fn status_messages_026() {
    let s = "026_status_message_errors";
    let (text, d) = script_err("026");
    assert_eq!(d.0.len(), 2, "{s}: {:?}", d.0);
    for x in &d.0 {
        assert_eq!(x.code, Code::SqlUnsupported, "{s}: {}", x.message);
    }
    // Fact 1: FOR XML PATH(''), TYPE is named, at the subquery that uses it.
    assert!(
        d.0[0].message.contains("FOR XML PATH(''), TYPE"),
        "{s}: {}",
        d.0[0].message
    );
    let sub = offset_of(s, &text, "SELECT ' | ' + ins.InsStrValue");
    assert_eq!(
        d.0[0].span.start,
        sub,
        "{s}: at {:?}",
        line_col(&text, d.0[0].span.start)
    );
    // Fact 2: the xml method .value(…) is named, at the call.
    assert!(d.0[1].message.contains("VALUE"), "{s}: {}", d.0[1].message);
    let call = offset_of(s, &text, "value('.', 'nvarchar(max)')");
    assert_eq!(
        d.0[1].span.start,
        call,
        "{s}: at {:?}",
        line_col(&text, d.0[1].span.start)
    );
}
