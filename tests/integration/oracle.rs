//! An independent oracle for the offline engine: the demo fleet is exported to
//! CSV and served by pysqlbridge (a TDS server with a T-SQL engine of its own,
//! standing in for the site database's SQL Server); every corpus query's
//! T-SQL translation runs there through tiberius, and its rows are compared
//! with what the engine computes from the bound plan on the same fleet.
//!
//! The bridge is the one fixture of `bridge.rs`, shared with the live tests.
//!
//! Differences that are understood are listed, with the evidence, in
//! `tests/oracle_differences.md`; its `oracle-allow` block is the allow-list
//! this test reads. Any other difference fails the test, and so does an
//! allow-list entry whose query now agrees.

use crate::bridge::{Bridge, LOGIN, bridge};
use crate::support::{corpus_files, is_bad, root};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};
use tiberius::{AuthMethod, Client, ColumnData, Config, EncryptionLevel, Query};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};
use wqlkit::core::plan::{LogicalPlan, ProjectItem};
use wqlkit::core::{Catalog, DateTime, Value};
use wqlkit::engine::{Engine, output};
use wqlkit::wql::{BindOptions, ast, lint, parse, to_tsql, translate};

/// How long one query may take on either side.
const QUERY_TIMEOUT: Duration = Duration::from_secs(120);

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

pub(crate) type Conn = Client<Compat<TcpStream>>;

pub(crate) async fn connect(port: u16, password: &str) -> Result<Conn, String> {
    let mut config = Config::new();
    config.host("127.0.0.1");
    config.port(port);
    config.authentication(AuthMethod::sql_server(LOGIN, password));
    // The bridge's certificate is self-signed; only the login is encrypted.
    config.encryption(EncryptionLevel::Off);
    config.trust_cert();
    let tcp = TcpStream::connect(config.get_addr()).await.map_err(|e| e.to_string())?;
    tcp.set_nodelay(true).map_err(|e| e.to_string())?;
    Client::connect(config, tcp.compat_write())
        .await
        .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------
// Values, normalised for comparison

/// One result cell, normalised so that both sides spell a value alike.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Int(i128),
    Float(f64),
    Text(String),
}

/// A datetime written as text (`yyyy-mm-dd[ hh:mm[:ss[.f…]]]`) in one
/// spelling, so that a `date` and a `datetime` at midnight compare equal.
fn canonical_datetime(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let shape = b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    let time = b.len() == 10 || (b.len() >= 16 && b[10] == b' ' && digits(11..13) && b[13] == b':' && digits(14..16));
    if !(shape && time) {
        return None;
    }
    DateTime::parse(s).map(|d| d.to_string())
}

fn text_cell(s: &str) -> Cell {
    Cell::Text(canonical_datetime(s).unwrap_or_else(|| s.to_string()))
}

fn engine_cell(array: &datafusion::arrow::array::ArrayRef, row: usize) -> Cell {
    if array.is_null(row) {
        return Cell::Null;
    }
    if let DataType::Binary = array.data_type() {
        let mut s = String::from("0x");
        for b in array.as_binary::<i32>().value(row) {
            let _ = write!(s, "{b:02X}");
        }
        return Cell::Text(s);
    }
    match output::cell(array, row) {
        serde_json::Value::Null => Cell::Null,
        serde_json::Value::Bool(b) => Cell::Int(b as i128),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Cell::Int(i as i128),
            (_, Some(u)) => Cell::Int(u as i128),
            _ => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => text_cell(&s),
        other => Cell::Text(other.to_string()),
    }
}

pub(crate) fn engine_rows(batches: &[RecordBatch]) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for b in batches {
        for r in 0..b.num_rows() {
            rows.push(b.columns().iter().map(|c| engine_cell(c, r)).collect());
        }
    }
    rows
}

fn micros_to_text(micros: i64) -> Cell {
    DateTime::from_unix_micros(micros).map_or(Cell::Null, |d| text_cell(&d.to_string()))
}

/// Microseconds from 1970-01-01 to 1900-01-01 and to 0001-01-01.
const MICROS_1900: i64 = -2_208_988_800_000_000;
const MICROS_0001: i64 = -62_135_596_800_000_000;

pub(crate) fn bridge_cell(c: &ColumnData<'_>) -> Cell {
    let opt = |o: Option<Cell>| o.unwrap_or(Cell::Null);
    match c {
        ColumnData::U8(v) => opt(v.map(|v| Cell::Int(v.into()))),
        ColumnData::I16(v) => opt(v.map(|v| Cell::Int(v.into()))),
        ColumnData::I32(v) => opt(v.map(|v| Cell::Int(v.into()))),
        ColumnData::I64(v) => opt(v.map(|v| Cell::Int(v.into()))),
        ColumnData::F32(v) => opt(v.map(|v| Cell::Float(v.into()))),
        ColumnData::F64(v) => opt(v.map(Cell::Float)),
        ColumnData::Bit(v) => opt(v.map(|v| Cell::Int(v.into()))),
        ColumnData::String(v) => opt(v.as_deref().map(text_cell)),
        ColumnData::Guid(v) => opt(v.map(|g| Cell::Text(g.to_string().to_uppercase()))),
        ColumnData::Numeric(v) => opt(v.map(|n| {
            if n.scale() == 0 {
                Cell::Int(n.value())
            } else {
                Cell::Float(n.value() as f64 / 10f64.powi(n.scale().into()))
            }
        })),
        ColumnData::DateTime(v) => opt(v.map(|d| {
            // Days since 1900 and 1/300ths of a second since midnight, to the millisecond.
            let ms = (d.seconds_fragments() as i64 * 10 + 1) / 3;
            micros_to_text(MICROS_1900 + d.days() as i64 * 86_400_000_000 + ms * 1000)
        })),
        ColumnData::SmallDateTime(v) => opt(v.map(|d| {
            micros_to_text(MICROS_1900 + d.days() as i64 * 86_400_000_000 + d.seconds_fragments() as i64 * 60_000_000)
        })),
        ColumnData::Date(v) => opt(v.map(|d| micros_to_text(MICROS_0001 + d.days() as i64 * 86_400_000_000))),
        ColumnData::DateTime2(v) => opt(v.map(|d| {
            let t = d.time();
            let micros = t.increments() as i64 * 1_000_000 / 10i64.pow(t.scale().into());
            micros_to_text(MICROS_0001 + d.date().days() as i64 * 86_400_000_000 + micros)
        })),
        ColumnData::Binary(v) => opt(v.as_deref().map(|b| {
            let mut s = String::from("0x");
            for x in b {
                let _ = write!(s, "{x:02X}");
            }
            Cell::Text(s)
        })),
        other => Cell::Text(format!("{other:?}")),
    }
}

/// A key that sorts and compares rows: exact for text, 12 significant digits for numbers.
fn cell_key(c: &Cell) -> String {
    match c {
        Cell::Null => "NULL".into(),
        Cell::Int(i) => format!("n:{i}"),
        Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("n:{}", *f as i128),
        Cell::Float(f) => format!("n:{f:.11e}"),
        Cell::Text(s) => format!("t:{s}"),
    }
}

/// Columns that hold numbers on either side compare as numbers: the bridge
/// infers int or float for a CSV column whose every value is a number, and
/// the engine keeps the catalog's text type.
pub(crate) fn harmonise(a: &mut [Vec<Cell>], b: &mut [Vec<Cell>]) {
    let width = a.first().or(b.first()).map_or(0, Vec::len);
    for col in 0..width {
        let numeric = a
            .iter()
            .chain(b.iter())
            .any(|r| matches!(r.get(col), Some(Cell::Int(_) | Cell::Float(_))));
        if !numeric {
            continue;
        }
        for row in a.iter_mut().chain(b.iter_mut()) {
            if let Some(cell @ Cell::Text(_)) = row.get_mut(col) {
                let Cell::Text(s) = &*cell else { continue };
                let t = s.trim();
                if let Ok(i) = t.parse::<i128>() {
                    *cell = Cell::Int(i);
                } else if let Ok(f) = t.parse::<f64>()
                    && f.is_finite()
                {
                    *cell = Cell::Float(f);
                }
            }
        }
    }
}

/// An empty string cannot travel through CSV to the bridge: it reads both an
/// empty cell and `""` as NULL. The engine's empty strings are compared as the
/// NULLs the bridge holds in their place.
pub(crate) fn blank_as_null(rows: &mut [Vec<Cell>]) {
    for c in rows.iter_mut().flatten() {
        if matches!(c, Cell::Text(s) if s.is_empty()) {
            *c = Cell::Null;
        }
    }
}

fn row_key(r: &[Cell]) -> String {
    r.iter().map(cell_key).collect::<Vec<_>>().join(" | ")
}

/// What `ORDER BY` compares: text case-insensitively and without trailing spaces.
pub(crate) fn order_key(r: &[Cell]) -> String {
    r.iter()
        .map(|c| match c {
            Cell::Text(s) => format!("t:{}", s.trim_end_matches(' ').to_lowercase()),
            other => cell_key(other),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Rows in one multiset but not the other, up to `limit` of each; where both
/// sides have such rows, the columns that differ between the first of each.
pub(crate) fn multiset_diff(columns: &[String], a: &[Vec<Cell>], b: &[Vec<Cell>], limit: usize) -> Option<String> {
    // Per row key: engine count minus bridge count, and one row of each side.
    type Tally<'a> = (i64, Option<&'a Vec<Cell>>, Option<&'a Vec<Cell>>);
    let mut counts: BTreeMap<String, Tally<'_>> = BTreeMap::new();
    for r in a {
        let e = counts.entry(row_key(r)).or_default();
        e.0 += 1;
        e.1 = Some(r);
    }
    for r in b {
        let e = counts.entry(row_key(r)).or_default();
        e.0 -= 1;
        e.2 = Some(r);
    }
    let only_a: Vec<_> = counts.iter().filter(|(_, v)| v.0 > 0).collect();
    let only_b: Vec<_> = counts.iter().filter(|(_, v)| v.0 < 0).collect();
    if only_a.is_empty() && only_b.is_empty() {
        return None;
    }
    let mut s = format!(
        "{} rows from the engine, {} from the bridge; {} distinct rows only (or more often) in the engine's answer, {} in the bridge's",
        a.len(),
        b.len(),
        only_a.len(),
        only_b.len()
    );
    let short = |k: &str| {
        if k.chars().count() > 700 {
            format!("{}…", k.chars().take(700).collect::<String>())
        } else {
            k.to_string()
        }
    };
    for (side, rows) in [("engine", &only_a), ("bridge", &only_b)] {
        for (k, v) in rows.iter().take(limit) {
            let _ = write!(s, "\n    {side} ×{}: {}", v.0.abs(), short(k));
        }
        if rows.len() > limit {
            let _ = write!(s, "\n    {side}: … {} more", rows.len() - limit);
        }
    }
    if let (Some((_, (_, Some(x), _))), Some((_, (_, _, Some(y))))) = (only_a.first(), only_b.first()) {
        let differing: Vec<String> = x
            .iter()
            .zip(y.iter())
            .enumerate()
            .filter(|(_, (p, q))| cell_key(p) != cell_key(q))
            .map(|(i, (p, q))| {
                let name = columns.get(i).map_or("?", String::as_str);
                format!("{name}: engine {} / bridge {}", cell_key(p), cell_key(q))
            })
            .collect();
        let _ = write!(s, "\n    first rows of each differ in {}", differing.join("; "));
    }
    Some(s)
}

// ---------------------------------------------------------------------------
// Running a query on each side

struct Answer {
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

async fn run_engine(engine: &Engine, plan: &LogicalPlan) -> Result<Answer, String> {
    let batches = tokio::time::timeout(QUERY_TIMEOUT, engine.execute(plan))
        .await
        .map_err(|_| format!("timed out after {QUERY_TIMEOUT:?}"))?
        .map_err(|e| e.to_string())?;
    Ok(Answer {
        columns: output::columns(&batches),
        rows: engine_rows(&batches),
    })
}

fn datetime_param(d: &DateTime) -> String {
    // The bridge cannot decode a datetime RPC parameter (see
    // tests/oracle_differences.md), so datetimes travel as text in the form
    // the CSV export writes them; it converts text to datetime wherever a
    // datetime is needed, as SQL Server does.
    d.to_string()
}

async fn run_bridge(conn: &mut Conn, sql: &str, params: &[Value]) -> Result<Answer, String> {
    let mut q = Query::new(sql.to_string());
    for p in params {
        match p {
            Value::Null => q.bind(Option::<&str>::None),
            Value::String(s) => q.bind(s.clone()),
            Value::Integer(i) => match (i32::try_from(*i), i64::try_from(*i)) {
                (Ok(v), _) => q.bind(v),
                (_, Ok(v)) => q.bind(v),
                _ => q.bind(tiberius::numeric::Numeric::new_with_scale(*i, 0)),
            },
            Value::Decimal(d) => q.bind(d.parse::<f64>().map_err(|e| format!("{d}: {e}"))?),
            Value::Boolean(b) => q.bind(*b),
            Value::DateTime(d) => q.bind(datetime_param(d)),
        }
    }
    let fut = async {
        let mut stream = q.query(conn).await.map_err(|e| e.to_string())?;
        let columns: Vec<String> = stream
            .columns()
            .await
            .map_err(|e| e.to_string())?
            .map(|cs| cs.iter().map(|c| c.name().to_string()).collect())
            .unwrap_or_default();
        let rows = stream.into_first_result().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((columns, rows))
    };
    let (columns, rows) = tokio::time::timeout(QUERY_TIMEOUT, fut)
        .await
        .map_err(|_| format!("timed out after {QUERY_TIMEOUT:?}"))??;
    let rows = rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| bridge_cell(&c)).collect())
        .collect();
    Ok(Answer { columns, rows })
}

/// The plan with its `ORDER BY` keys added as trailing output columns, when
/// it has an `ORDER BY`: ties may come back in any order, so the order is
/// checked on the keys alone.
fn with_sort_keys(plan: &LogicalPlan) -> Option<(LogicalPlan, usize)> {
    match plan {
        LogicalPlan::Distinct { input, span } => with_sort_keys(input).map(|(p, n)| {
            (
                LogicalPlan::Distinct {
                    input: Box::new(p),
                    span: *span,
                },
                n,
            )
        }),
        LogicalPlan::Project { input, items, span } => match &**input {
            LogicalPlan::Sort { keys, .. } => {
                let mut items = items.clone();
                for (i, k) in keys.iter().enumerate() {
                    items.push(ProjectItem {
                        expr: k.expr.clone(),
                        name: format!("oracle_sort_key_{}", i + 1),
                    });
                }
                Some((
                    LogicalPlan::Project {
                        input: input.clone(),
                        items,
                        span: *span,
                    },
                    keys.len(),
                ))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Values for every console prompt in the query, so prompted queries translate.
fn prompt_values(q: &ast::Query) -> BindOptions {
    let mut o = BindOptions::default();
    lint::for_each_expr(&q.select, &mut |e| {
        if let ast::ExprKind::Prompt(p) = &e.kind {
            o.prompts.insert(p.clone(), "%".into());
        }
    });
    o
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// The result multisets differ.
    Rows,
    /// Same rows, but the `ORDER BY` keys come back in a different order.
    Order,
    /// The bridge refused the T-SQL.
    BridgeError,
    /// The engine failed.
    EngineError,
    /// The column lists differ.
    Columns,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Rows => "rows",
            Kind::Order => "order",
            Kind::BridgeError => "bridge-error",
            Kind::EngineError => "engine-error",
            Kind::Columns => "columns",
        }
    }
}

/// The allow-list in the fenced block tagged `tag` of `file` (under
/// `tests/`): `name kind` per line, `#` comments.
pub(crate) fn allow_list(file: &str, tag: &str) -> BTreeMap<String, String> {
    let path = root().join("tests").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut inside = false;
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(fence) = t.strip_prefix("```") {
            inside = fence == tag;
            continue;
        }
        if inside && !t.is_empty() && !t.starts_with('#') {
            let mut parts = t.split_whitespace();
            if let (Some(q), Some(k)) = (parts.next(), parts.next()) {
                out.insert(q.to_string(), k.to_string());
            }
        }
    }
    out
}

struct Outcome {
    name: String,
    problem: Option<(Kind, String)>,
    rows: usize,
    bridge_time: Duration,
    engine_time: Duration,
}

async fn compare_one(name: &str, text: &str, engine: &Engine, conn: &mut Option<Conn>, b: &Bridge) -> Option<Outcome> {
    let ast = parse(text).ok()?;
    let (compiled, t) = translate(text, Catalog::builtin(), &prompt_values(&ast)).ok()?;
    let plan = &compiled.bound.plan;
    let params: Vec<Value> = t.params.iter().map(|p| p.value.clone()).collect();
    let mut outcome = Outcome {
        name: name.to_string(),
        problem: None,
        rows: 0,
        bridge_time: Duration::ZERO,
        engine_time: Duration::ZERO,
    };

    let t0 = Instant::now();
    let mine = run_engine(engine, plan).await;
    outcome.engine_time = t0.elapsed();
    let t0 = Instant::now();
    let theirs = run_on(conn, b, &t.sql, &params).await;
    outcome.bridge_time = t0.elapsed();

    let (mut mine, mut theirs) = match (mine, theirs) {
        (Ok(m), Ok(t)) => (m, t),
        (Err(e), Ok(_)) => {
            outcome.problem = Some((Kind::EngineError, e));
            return Some(outcome);
        }
        (Ok(_), Err(e)) => {
            outcome.problem = Some((Kind::BridgeError, format!("{e}\n    T-SQL: {}", t.sql)));
            return Some(outcome);
        }
        (Err(e1), Err(e2)) => {
            outcome.problem = Some((Kind::BridgeError, format!("both failed: engine: {e1}; bridge: {e2}")));
            return Some(outcome);
        }
    };
    outcome.rows = mine.rows.len();
    let same_columns = mine.columns.len() == theirs.columns.len()
        && mine
            .columns
            .iter()
            .zip(&theirs.columns)
            .all(|(a, b)| a.eq_ignore_ascii_case(b));
    // With no rows the engine may return no batch, and so no column names.
    if !same_columns && !mine.columns.is_empty() {
        outcome.problem = Some((
            Kind::Columns,
            format!(
                "engine columns {:?}\n    bridge columns {:?}",
                mine.columns, theirs.columns
            ),
        ));
        return Some(outcome);
    }
    blank_as_null(&mut mine.rows);
    harmonise(&mut mine.rows, &mut theirs.rows);
    if let Some(d) = multiset_diff(&mine.columns, &mine.rows, &theirs.rows, 6) {
        outcome.problem = Some((Kind::Rows, format!("{d}\n    T-SQL: {}\n    params: {params:?}", t.sql)));
        return Some(outcome);
    }

    if let Some((keyed, n)) = with_sort_keys(plan) {
        let sql = match to_tsql(&keyed) {
            Ok(k) => k,
            Err(e) => {
                outcome.problem = Some((Kind::EngineError, format!("the keyed plan does not translate: {e:?}")));
                return Some(outcome);
            }
        };
        let keyed_params: Vec<Value> = sql.params.iter().map(|p| p.value.clone()).collect();
        let (mine, theirs) = (
            run_engine(engine, &keyed).await,
            run_on(conn, b, &sql.sql, &keyed_params).await,
        );
        match (mine, theirs) {
            (Ok(mut m), Ok(mut t)) => {
                blank_as_null(&mut m.rows);
                harmonise(&mut m.rows, &mut t.rows);
                let keys = |a: &Answer| -> Vec<String> {
                    a.rows
                        .iter()
                        .map(|r| order_key(&r[r.len().saturating_sub(n)..]))
                        .collect()
                };
                let (km, kt) = (keys(&m), keys(&t));
                if km != kt {
                    let at = km
                        .iter()
                        .zip(&kt)
                        .position(|(a, b)| a != b)
                        .unwrap_or(km.len().min(kt.len()));
                    let show = |k: &[String]| k[at.saturating_sub(1)..(at + 3).min(k.len())].join("\n        ");
                    outcome.problem = Some((
                        Kind::Order,
                        format!(
                            "ORDER BY keys differ from row {at}:\n      engine:\n        {}\n      bridge:\n        {}\n    T-SQL: {}",
                            show(&km),
                            show(&kt),
                            sql.sql
                        ),
                    ));
                }
            }
            (Err(e), _) => outcome.problem = Some((Kind::EngineError, format!("keyed plan: {e}"))),
            (_, Err(e)) => outcome.problem = Some((Kind::BridgeError, format!("keyed T-SQL: {e}\n    {}", sql.sql))),
        }
    }
    Some(outcome)
}

/// Runs `sql` on the bridge, connecting (again) when needed: after an error
/// the connection is dropped rather than trusted.
async fn run_on(conn: &mut Option<Conn>, b: &Bridge, sql: &str, params: &[Value]) -> Result<Answer, String> {
    if conn.is_none() {
        *conn = Some(connect(b.port, &b.password).await?);
    }
    let c = conn.as_mut().ok_or("no connection")?;
    let r = run_bridge(c, sql, params).await;
    if r.is_err() {
        *conn = None;
    }
    r
}

#[test]
fn corpus_agrees_with_pysqlbridge() {
    let started = Instant::now();
    let b = bridge();
    let engine = Engine::from_memory(b.views.clone(), b.now).expect("engine over the demo fleet");
    let allowed = allow_list("oracle_differences.md", "oracle-allow");
    let rt = runtime();

    let mut outcomes = Vec::new();
    let mut untranslatable = Vec::new();
    rt.block_on(async {
        let mut conn = None;
        for path in corpus_files().iter().filter(|f| !is_bad(f)) {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(path).expect("read corpus file");
            match compare_one(&name, &text, &engine, &mut conn, b).await {
                Some(o) => outcomes.push(o),
                None => untranslatable.push(name),
            }
        }
    });

    let mut report = String::new();
    let mut failures = Vec::new();
    for o in &outcomes {
        match (&o.problem, allowed.get(&o.name)) {
            (None, None) => {}
            (None, Some(_)) => failures.push(format!(
                "{}: listed in tests/oracle_differences.md but now agrees; remove it from the allow-list",
                o.name
            )),
            (Some((kind, detail)), Some(k)) if k == kind.name() => {
                let first = detail.lines().next().unwrap_or_default();
                let _ = writeln!(report, "  allowed {} ({}): {first}", o.name, kind.name());
            }
            (Some((kind, detail)), _) => failures.push(format!("{} ({}): {detail}", o.name, kind.name())),
        }
    }
    for name in allowed.keys() {
        if !outcomes.iter().any(|o| &o.name == name) {
            failures.push(format!(
                "{name}: in the allow-list but not compared (renamed or no longer translates?)"
            ));
        }
    }
    let summary: String = outcomes
        .iter()
        .map(|o| {
            format!(
                "{}\t{}\t{:.1?}\t{:.1?}\t{}\n",
                o.name,
                o.rows,
                o.engine_time,
                o.bridge_time,
                o.problem.as_ref().map_or("agrees", |(k, _)| k.name())
            )
        })
        .collect();
    let _ = std::fs::write(b.log.with_file_name("summary.tsv"), summary);
    let agree = outcomes.iter().filter(|o| o.problem.is_none()).count();
    let rows: usize = outcomes.iter().map(|o| o.rows).sum();
    let bridge_time: Duration = outcomes.iter().map(|o| o.bridge_time).sum();
    let engine_time: Duration = outcomes.iter().map(|o| o.engine_time).sum();
    let mut slowest: Vec<&Outcome> = outcomes.iter().collect();
    slowest.sort_by_key(|o| std::cmp::Reverse(o.bridge_time));
    eprintln!(
        "oracle: {} queries compared ({} agree, {} engine rows in all), {} not translated {:?}; \
         fleet generated and exported in {:.1?}, bridge up in {:.1?} (log: {}); \
         time in queries: bridge {:.1?}, engine {:.1?}; test {:.1?}; \
         slowest on the bridge: {}\n{report}",
        outcomes.len(),
        agree,
        rows,
        untranslatable.len(),
        untranslatable,
        b.export_time,
        b.startup,
        b.log.display(),
        bridge_time,
        engine_time,
        started.elapsed(),
        slowest
            .iter()
            .take(3)
            .map(|o| format!("{} {:.1?}", o.name, o.bridge_time))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} unexplained difference(s) between the engine and pysqlbridge \
         (investigate, then fix or document in tests/oracle_differences.md):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        outcomes.len() >= 150,
        "only {} corpus queries were compared",
        outcomes.len()
    );
}

/// The export itself: every view reads back from the bridge as the engine
/// holds it (text that the bridge typed as a number compares as that number;
/// an empty string cannot survive CSV there and is expected back as NULL).
#[test]
fn every_view_reads_back_from_the_bridge() {
    let b = bridge();
    let rt = runtime();
    let mut failures = Vec::new();
    let mut typed = Vec::new();
    rt.block_on(async {
        let mut conn = Some(connect(b.port, &b.password).await.expect("connect"));
        let types = run_on(
            &mut conn,
            b,
            "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS",
            &[],
        )
        .await
        .expect("INFORMATION_SCHEMA.COLUMNS");
        for (name, schema, batches) in &b.views {
            let mut mine = engine_rows(batches);
            blank_as_null(&mut mine);
            let sql = format!("SELECT * FROM [{name}]");
            match run_on(&mut conn, b, &sql, &[]).await {
                Ok(mut theirs) => {
                    harmonise(&mut mine, &mut theirs.rows);
                    if let Some(d) = multiset_diff(&theirs.columns, &mine, &theirs.rows, 4) {
                        failures.push(format!("{name}: {d}"));
                    }
                }
                Err(e) => failures.push(format!("{name}: {e}")),
            }
            for f in schema.fields() {
                let served = types.rows.iter().find(|r| {
                    matches!((&r[0], &r[1]), (Cell::Text(t), Cell::Text(c))
                        if t.eq_ignore_ascii_case(name) && c.eq_ignore_ascii_case(f.name()))
                });
                if let Some(Cell::Text(ty)) = served.map(|r| &r[2])
                    && matches!(f.data_type(), DataType::Utf8)
                    && ty != "nvarchar"
                {
                    typed.push(format!("{name}.{} as {ty}", f.name()));
                }
            }
        }
    });
    eprintln!(
        "oracle: {} views read back; text columns the bridge typed as numbers: {}",
        b.views.len(),
        typed.join(", ")
    );
    assert!(
        failures.is_empty(),
        "views that do not read back:\n{}",
        failures.join("\n")
    );
}
