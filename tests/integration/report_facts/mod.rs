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
    ts.get(..10)
        .and_then(wqlkit::core::DateTime::parse)
        .unwrap_or_else(|| panic!("not a date: {ts}"))
        .days_since_epoch()
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    day_number(&format!("{y:04}-{m:02}-{d:02}"))
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let t = wqlkit::core::DateTime::from_unix_micros(z * 86_400_000_000).expect("a date in range");
    (i64::from(t.year), i64::from(t.month), i64::from(t.day))
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

mod clients;
mod devices;
mod inventory;
mod operations;
mod updates;
mod users;
