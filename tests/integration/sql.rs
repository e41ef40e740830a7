//! `wqlkit sql`: the seed reports on the demo fleet, the report corpus on a
//! small hand-built site (`tests/corpus/sql/fixture.json`) with the results
//! each report states, and the command line.
//!
//! A corpus report ends with its expectation, in a comment:
//!
//! ```text
//! /* expect [ordered]
//! Column A|Column B
//! value|NULL
//! */
//! ```
//!
//! or `/* expect error WQL0502 at 3:5 */`. `-- param: name=value` lines give
//! report parameters. Without `ordered`, rows compare as a multiset.

use crate::support::{root, stderr, stdout, wqlkit};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use std::path::PathBuf;
use wqlkit::core::span::line_col;
use wqlkit::core::{Catalog, DateTime};
use wqlkit::engine::report::{self, ReportOutput};
use wqlkit::engine::storage::fixture::batch_from_json;
use wqlkit::engine::{Engine, output};

pub(crate) type Views = Vec<(String, SchemaRef, Vec<RecordBatch>)>;

/// The hand-built site the corpus runs on, and its `GETDATE()`.
pub(crate) fn fixture() -> (Views, DateTime) {
    let path = root().join("tests/corpus/sql/fixture.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("fixture.json is JSON");
    let now = json["now"].as_str().and_then(DateTime::parse).expect("fixture time");
    let mut views = Vec::new();
    for (name, rows) in json["views"].as_object().expect("views") {
        let view = Catalog::builtin()
            .views()
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("no view {name} in the catalog"));
        let rows = rows.as_array().expect("rows");
        for r in rows {
            for key in r.as_object().expect("row object").keys() {
                assert!(view.column(key).is_some(), "{name} has no column {key}");
            }
        }
        let batch = batch_from_json(view, rows).unwrap_or_else(|e| panic!("{name}: {e}"));
        views.push((view.name.clone(), batch.schema(), vec![batch]));
    }
    (views, now)
}

/// The corpus reports, sorted.
pub(crate) fn corpus() -> Vec<PathBuf> {
    sql_files("tests/corpus/sql")
}

/// The `.sql` files of a folder of the repository, sorted.
fn sql_files(folder: &str) -> Vec<PathBuf> {
    let dir = root().join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    files
}

/// What a corpus report says it returns.
#[derive(Debug)]
pub(crate) enum Expect {
    Rows {
        ordered: bool,
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Error {
        code: String,
        line: usize,
        column: usize,
    },
}

pub(crate) fn params(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("-- param:"))
        .filter_map(|p| p.trim().split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .collect()
}

pub(crate) fn expectation(text: &str) -> Expect {
    let start = text.rfind("/* expect").expect("a /* expect … */ block");
    let block = &text[start + 2..text[start..].find("*/").map_or(text.len(), |e| start + e)];
    let mut lines = block.lines();
    let head: Vec<&str> = lines.next().unwrap_or_default().split_whitespace().collect();
    if head.get(1) == Some(&"error") {
        let code = head.get(2).expect("code").to_string();
        let (line, column) = head
            .get(4)
            .and_then(|lc| lc.split_once(':'))
            .map(|(l, c)| (l.parse().expect("line"), c.parse().expect("column")))
            .expect("at L:C");
        return Expect::Error { code, line, column };
    }
    let ordered = head.get(1) == Some(&"ordered");
    let mut rows: Vec<Vec<String>> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('|').map(|c| c.to_string()).collect())
        .collect();
    let columns = if rows.is_empty() { vec![] } else { rows.remove(0) };
    Expect::Rows { ordered, columns, rows }
}

/// A cell as the expectations write it: NULL, bits as 0/1, whole floats without `.0`.
pub(crate) fn text(array: &datafusion::arrow::array::ArrayRef, row: usize) -> String {
    match output::cell(array, row) {
        serde_json::Value::Null => "NULL".into(),
        serde_json::Value::Bool(b) => (b as i32).to_string(),
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

fn last_rows(out: &ReportOutput) -> (Vec<String>, Vec<Vec<String>>) {
    let Some(set) = out.results.last() else {
        return (vec![], vec![]);
    };
    let mut rows = Vec::new();
    for b in &set.batches {
        for r in 0..b.num_rows() {
            rows.push(b.columns().iter().map(|c| text(c, r)).collect());
        }
    }
    (set.columns.clone(), rows)
}

/// `-12.3400` → `-12.34`; anything else unchanged.
fn decimal_value(cell: &str) -> String {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    match digits.split_once('.') {
        Some((i, f))
            if !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()) && f.bytes().all(|b| b.is_ascii_digit()) =>
        {
            cell.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        _ => cell.to_string(),
    }
}

/// Runs one corpus report and says what is wrong with its result, if anything.
async fn check(engine: &Engine, path: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(path).expect("read report");
    let expect = expectation(&text);
    let result = report::run(engine, &text, &params(&text)).await;
    match (expect, result) {
        (Expect::Error { code, line, column }, Err(d)) => {
            let first = &d.0[0];
            let at = line_col(&text, first.span.start);
            (first.code.as_str() != code || at != (line, column)).then(|| {
                format!(
                    "expected {code} at {line}:{column}, got {} at {}:{}: {}",
                    first.code, at.0, at.1, first.message
                )
            })
        }
        (Expect::Error { code, .. }, Ok(_)) => Some(format!("expected error {code}, but the report ran")),
        (Expect::Rows { .. }, Err(d)) => Some(format!("failed: {d}")),
        (
            Expect::Rows {
                ordered,
                columns,
                mut rows,
            },
            Ok(out),
        ) => {
            let (got_columns, mut got) = last_rows(&out);
            if got_columns != columns {
                return Some(format!("columns {got_columns:?}, expected {columns:?}"));
            }
            // Decimals are compared by value: `3.80` and `3.8` are one number
            // (the display scale follows DataFusion's decimal rules).
            for r in got.iter_mut().chain(rows.iter_mut()) {
                for c in r.iter_mut() {
                    *c = decimal_value(c);
                }
            }
            if !ordered {
                got.sort();
                rows.sort();
            }
            (got != rows).then(|| {
                let show = |r: &[Vec<String>]| r.iter().map(|x| x.join("|")).collect::<Vec<_>>().join("\n    ");
                format!("rows:\n    {}\nexpected:\n    {}", show(&got), show(&rows))
            })
        }
    }
}

#[test]
fn corpus_reports_give_their_stated_results() {
    let (views, now) = fixture();
    let engine = Engine::from_memory(views, now).expect("fixture engine");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let files = corpus();
    let mut failures = Vec::new();
    for f in &files {
        if let Some(problem) = rt.block_on(check(&engine, f)) {
            failures.push(format!("{}: {problem}", f.display()));
        }
    }
    assert!(files.len() >= 40, "only {} corpus reports", files.len());
    assert!(
        failures.is_empty(),
        "{} of {} reports differ:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------
// The seed reports, on the demo fleet

fn seed(name: &str) -> String {
    let path = root().join("tests/corpus/sql/seed").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn demo() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| wqlkit::demo::engine(Catalog::builtin(), &Default::default()).expect("demo fleet"))
}

pub(crate) fn run_demo(text: &str, params: &[(&str, &str)]) -> Result<ReportOutput, wqlkit::core::Diagnostics> {
    let params: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(report::run(demo(), text, &params))
}

pub(crate) fn rows_of(out: &ReportOutput) -> (Vec<String>, Vec<Vec<String>>) {
    last_rows(out)
}

/// The multi-statement report scripts of `tests/corpus/reports` (temp-table
/// staging, PIVOT, FORMAT, FOR XML PATH lists, IF on parameters, loops), as
/// admins publish them: each one's result sets (the first rows of each),
/// messages and warnings on the demo fleet, or its diagnostics.
#[test]
fn report_scripts_on_the_demo_fleet() {
    use std::fmt::Write as _;
    let files = sql_files("tests/corpus/reports");
    let mut ran = 0;
    for path in &files {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("read report");
        let mut out = String::new();
        match run_demo(&text, &[]) {
            Ok(o) => {
                ran += 1;
                for m in &o.messages {
                    let _ = writeln!(out, "-- message: {m}");
                }
                for w in &o.warnings {
                    let _ = writeln!(out, "-- warning {}: {}", w.code, w.message);
                }
                for (i, set) in o.results.iter().enumerate() {
                    let rows = output::row_count(&set.batches);
                    let _ = writeln!(out, "-- result {}: {rows} rows", i + 1);
                    if set.batches.is_empty() {
                        let _ = writeln!(out, "{}", set.columns.join(","));
                    } else {
                        out.push_str(&output::to_csv(&set.batches, Some(12)));
                    }
                }
            }
            Err(d) => {
                for x in &d.0 {
                    out.push_str(&wqlkit::render::render(x, &name, &text, false));
                }
            }
        }
        insta::with_settings!({snapshot_suffix => name.clone(), prepend_module_to_snapshot => false, omit_expression => true, description => text.clone()}, {
            insta::assert_snapshot!("report", out);
        });
    }
    assert!(files.len() >= 20, "only {} report scripts", files.len());
    assert!(ran == files.len(), "only {ran} of {} report scripts run", files.len());
}

#[test]
fn seed_supersedence_missing_and_is_a_syntax_error_at_its_place() {
    let text = seed("seed_01_supersedence.sql");
    let d = run_demo(&text, &[("KBNumber", "977878")]).expect_err("the published report lacks an AND");
    assert_eq!(d.0[0].code, wqlkit::core::Code::SqlSyntax);
    assert_eq!(line_col(&text, d.0[0].span.start), (19, 1));
    assert!(d.0[0].message.contains("`(`"), "{}", d.0[0].message);
}

#[test]
fn seed_supersedence_corrected_lists_what_kb977878_is_superseded_by() {
    // In the demo fleet MS10-020 (KB980232) supersedes MS10-006 (KB977878),
    // and MS11-043 (KB2536276) supersedes MS10-020, each on the platforms
    // the bulletins shipped for: Windows 7 x64 and Server 2008 R2 x64.
    let text = seed("seed_01_supersedence_fixed.sql");
    let platform = |t: &str| {
        t.split(" for ")
            .nth(1)
            .and_then(|p| p.split(" (KB").next())
            .map(str::to_string)
    };
    let out = run_demo(&text, &[("KBNumber", "977878")]).expect("runs");
    let (cols, rows) = rows_of(&out);
    assert_eq!(cols[0], "New CI");
    assert_eq!(cols[8], "Superseded ArticleID");
    assert_eq!(rows.len(), 2, "{rows:?}");
    for r in &rows {
        assert_eq!((&*r[1], &*r[2]), ("MS10-020", "980232"));
        assert_eq!((&*r[7], &*r[8]), ("MS10-006", "977878"));
        assert_eq!(platform(&r[3]), platform(&r[9]), "same platform: {r:?}");
    }
    let (_, rows) = rows_of(&run_demo(&text, &[("KBNumber", "980232")]).expect("runs"));
    let pairs: Vec<(&str, &str)> = rows.iter().map(|r| (&*r[1], &*r[7])).collect();
    // ORDER BY the new update's bulletin: MS10-020 before MS11-043.
    assert_eq!(
        pairs,
        [
            ("MS10-020", "MS10-006"),
            ("MS10-020", "MS10-006"),
            ("MS11-043", "MS10-020"),
            ("MS11-043", "MS10-020")
        ]
    );
    let missing = run_demo(&text, &[]).expect_err("@KBNumber is a report parameter");
    assert_eq!(missing.0[0].code, wqlkit::core::Code::SqlMissingParameter);
    assert!(missing.0[0].message.contains("@KBNumber") || missing.0[0].message.contains("@kbnumber"));
}

#[test]
fn seed_deployment_pivot_counts_every_device_state_once() {
    let text = seed("seed_02_deployment_pivot.sql");
    let out = run_demo(&text, &[]).expect("runs");
    let (cols, rows) = rows_of(&out);
    assert_eq!(cols.len(), 12);
    assert_eq!(cols[3], "%Compliant");
    assert!(rows.iter().any(|r| r[0] == "2011 Jan Updates"), "{rows:?}");
    // Each cell is the plain GROUP BY count of that deployment and state
    // (NULL where there is none), and %Compliant is Compliant over the row's sum.
    let counts = run_demo(
        "select a.AssignmentName, sn.StateName, count(*) from v_CIAssignment a \
         join v_AssignmentState_Combined assc on a.AssignmentID = assc.AssignmentID \
         join v_StateNames sn on assc.StateType = sn.TopicType and sn.StateID = isnull(assc.StateID, 0) \
         group by a.AssignmentName, sn.StateName",
        &[],
    )
    .expect("runs");
    let (_, counts) = rows_of(&counts);
    for r in &rows {
        let mut sum = 0i64;
        for (i, state) in cols.iter().enumerate().skip(4) {
            let expected = counts
                .iter()
                .find(|c| c[0] == r[0] && c[1].eq_ignore_ascii_case(state))
                .map_or("NULL".to_string(), |c| c[2].clone());
            assert_eq!(r[i], expected, "{} / {state}", r[0]);
            sum += r[i].parse::<i64>().unwrap_or(0);
        }
        let pct = if r[4] == "NULL" {
            "NULL".to_string()
        } else {
            let c: f64 = r[4].parse().expect("count");
            format!("{:.2}%", c * 100.0 / sum as f64)
        };
        assert_eq!(r[3], pct, "{r:?}");
    }
}

#[test]
fn seed_required_patches_by_collection_uses_the_nested_joins() {
    // As published the report filters on the placeholder 'CollectionID': nothing matches.
    let text = seed("seed_03_required_patches_by_collection.sql");
    let (cols, rows) = rows_of(&run_demo(&text, &[]).expect("runs"));
    assert_eq!(cols[0], "Machine Name");
    assert!(rows.is_empty());
    // On a real collection, every row is a member with a required (2) or installed (3) update.
    let real = text.replace("'CollectionID'", "'CON00011'");
    let (_, rows) = rows_of(&run_demo(&real, &[]).expect("runs"));
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(matches!(&*r[1], "2" | "3"), "{r:?}");
        assert_eq!(r[2], if r[1] == "2" { "Applicable" } else { "Installed" });
        assert_eq!(r[7], "CON00011");
    }
    let servers = run_demo(
        "select count(*) from v_FullCollectionMembership where CollectionID = 'CON00011'",
        &[],
    )
    .expect("runs");
    let members: usize = rows_of(&servers).1[0][0].parse().expect("count");
    let machines: std::collections::BTreeSet<&String> = rows.iter().map(|r| &r[0]).collect();
    assert!(machines.len() <= members);
}

#[test]
fn seed_single_system_required_patches_matches_names_case_insensitively() {
    let text = seed("seed_04_single_system_required_patches.sql");
    assert!(
        rows_of(&run_demo(&text, &[]).expect("runs")).1.is_empty(),
        "no device is called ServerName"
    );
    let upper = text.replace("'ServerName'", "'SRV-DC-002'");
    let lower = text.replace("'ServerName'", "'srv-dc-002'");
    let (_, a) = rows_of(&run_demo(&upper, &[]).expect("runs"));
    let (_, b) = rows_of(&run_demo(&lower, &[]).expect("runs"));
    assert!(!a.is_empty());
    assert_eq!(a.len(), b.len());
    assert!(a.iter().all(|r| r[0] == "SRV-DC-002"));
}

#[test]
fn seed_update_list_compliance_runs_its_batch_in_order() {
    let text = seed("seed_05_update_list_compliance.sql");
    // The published IDs are placeholders: no such collection or update list in the demo site.
    let (cols, rows) = rows_of(&run_demo(&text, &[]).expect("runs"));
    assert_eq!(
        cols,
        [
            "CollectionName",
            "Update List",
            "Status",
            "NumberOfComputers",
            "PComputers",
            "CollectionID",
            "AuthListID"
        ]
    );
    assert!(rows.is_empty());
    // Pointed at All Systems and the "2011 Jan Updates" group: each client member is counted once.
    let list = run_demo(
        "select CI_UniqueID from v_AuthListInfo where Title = '2011 Jan Updates'",
        &[],
    )
    .expect("runs");
    let unique = rows_of(&list).1[0][0].clone();
    let real = text.replace("'SMS0001'", "'SMS00001'").replace(
        "'ScopeId_5432f432-F885-4A98-B666-5432134122/AuthList_F15C63EA-B655-4940-A250-654323fd432'",
        &format!("'{unique}'"),
    );
    let (_, rows) = rows_of(&run_demo(&real, &[]).expect("runs"));
    assert!(!rows.is_empty());
    let clients = run_demo(
        "select count(*) from v_ClientCollectionMembers m join v_R_System s on s.ResourceID = m.ResourceID \
         where m.CollectionID = 'SMS00001' and s.Client0 = 1",
        &[],
    )
    .expect("runs");
    let expected: i64 = rows_of(&clients).1[0][0].parse().expect("count");
    let counted: i64 = rows.iter().map(|r| r[3].parse::<i64>().expect("count")).sum();
    assert_eq!(counted, expected);
    for r in &rows {
        assert_eq!(
            (&*r[0], &*r[1], &*r[5]),
            ("All Systems", "2011 Jan Updates", "SMS00001")
        );
        assert!(
            matches!(&*r[2], "Compliant" | "Non-compliant" | "Compliance state unknown"),
            "{r:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// The command line

#[test]
fn cli_runs_a_report_file_with_parameters_as_json() {
    let path = root().join("tests/corpus/sql/seed/seed_01_supersedence_fixed.sql");
    let out = wqlkit(
        &[
            "sql",
            "-f",
            &path.to_string_lossy(),
            "--param",
            "KBNumber=980232",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(4));
    assert_eq!(v["rows"][0]["New ArticleID"], "980232");
    assert_eq!(v["rows"][3]["Superseded ArticleID"], "980232");
}

#[test]
fn cli_reports_the_missing_and_with_line_and_column() {
    let path = root().join("tests/corpus/sql/seed/seed_01_supersedence.sql");
    let out = wqlkit(&["sql", "-f", &path.to_string_lossy(), "--param", "KBNumber=1"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("WQL0501") && err.contains("seed_01_supersedence.sql:19:1"),
        "{err}"
    );
}

#[test]
fn cli_prints_every_result_set_with_all() {
    let sql =
        "select count(*) as n from v_Collection; select top 1 CollectionID from v_Collection order by CollectionID";
    let last = wqlkit(&["sql", sql, "--format", "csv"], None);
    assert_eq!(stdout(&last), "CollectionID\nCON00010\n", "{}", stderr(&last));
    let all = wqlkit(&["sql", sql, "--format", "json", "--all"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&all)).expect("json");
    assert_eq!(v["results"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["results"][1]["rows"][0]["CollectionID"], "CON00010");
}

#[test]
fn cli_script_messages_loops_and_duplicate_columns() {
    // PRINT and an informational RAISERROR go to stderr in order; the rows to stdout.
    let script = "DECLARE @n int = (SELECT COUNT(*) FROM v_Collection)\n\
                  PRINT 'collections: ' + CAST(@n AS varchar(10))\n\
                  RAISERROR('%d of them', 10, 1, @n)\n\
                  SELECT @n AS n";
    let out = wqlkit(&["sql", script, "--format", "csv"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let n = stdout(&out).lines().nth(1).unwrap_or_default().to_string();
    let err = stderr(&out);
    let (print, raise) = (format!("collections: {n}"), format!("{n} of them"));
    assert!(
        err.find(&print)
            .is_some_and(|p| err.find(&raise).is_some_and(|r| p < r)),
        "{err}"
    );

    // A loop that does not end stops at --max-loops with its code, where the WHILE is.
    let endless = "DECLARE @i int = 0\nWHILE @i < 10 SET @i = @i * 1\nSELECT @i AS i";
    let out = wqlkit(&["sql", endless, "--max-loops", "25"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("WQL0511") && err.contains("25 rounds"), "{err}");

    // Two columns of one name both reach JSON, the second renamed, with a warning.
    let dup = "SELECT TOP 1 s.Name0, os.Name0 FROM v_R_System s \
               JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = s.ResourceID ORDER BY s.ResourceID";
    let out = wqlkit(&["sql", dup, "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["columns"], serde_json::json!(["Name0", "Name0_2"]));
    let row = &v["rows"][0];
    assert!(
        row["Name0"].is_string() && row["Name0_2"].is_string() && row["Name0"] != row["Name0_2"],
        "{row}"
    );
    assert_eq!(v["diagnostics"][0]["code"], "WQL0513");
}

#[test]
fn cli_check_lists_every_missing_variable_and_the_parameters() {
    let report = "DECLARE @Coll varchar(8) = 'SMS00001'\nDECLARE @Days int\nDECLARE @t TABLE (a int)\n\
                  SELECT Name0 FROM v_R_System WHERE Client0 = @Missing AND Name0 = @Other AND @Days > 0\n\
                  IF @Missing > 1 PRINT @Also";
    let out = wqlkit(&["sql", "--check", "--format", "json", report], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let missing: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "WQL0505")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        missing,
        ["@Missing has no value", "@Other has no value", "@Also has no value"]
    );

    let ok = "DECLARE @Coll varchar(8) = 'SMS00001'\nDECLARE @Days int\nDECLARE @t TABLE (a int)\n\
              SELECT s.Name0 FROM v_R_System s JOIN v_GS_OPERATING_SYSTEM os ON s.ResourceID = s.ResourceID \
              WHERE s.Client0 = @Days";
    let out = wqlkit(&["sql", "--check", "--format", "json", "--param", "Days=1", ok], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        v["parameters"],
        serde_json::json!([
            { "name": "@Coll", "type": "VARCHAR(8)", "default": "'SMS00001'", "given": null },
            { "name": "@Days", "type": "INT", "default": null, "given": "1" },
        ])
    );
    assert_eq!(v["diagnostics"][0]["code"], "WQL0514");
}

#[test]
fn cli_stops_an_accidental_cross_join_past_max_rows_unless_forced() {
    let q = "SELECT a.ResourceID FROM v_R_System a JOIN v_R_System b ON a.ResourceID = a.ResourceID";
    let out = wqlkit(&["sql", q, "--max-rows", "1000"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("more than 1000 rows"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let devices = wqlkit(
        &["sql", "SELECT count(*) AS n FROM v_R_System", "--format", "csv"],
        None,
    );
    let n: usize = String::from_utf8_lossy(&devices.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.parse().ok())
        .expect("a count");
    let out = wqlkit(&["sql", q, "--max-rows", "1000", "--force", "--format", "csv"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), n * n + 1);
    assert!(stderr(&out).contains("WQL0514"), "the warning stays: {}", stderr(&out));
}

#[test]
fn cli_check_gives_each_warning_at_each_place() {
    let out = wqlkit(
        &[
            "sql",
            "--check",
            "SELECT count(*) AS n FROM fn_rbac_R_System(@U) s JOIN fn_rbac_Collection(@U) c ON c.CollectionID = 'x'",
            "--param",
            "U=disabled",
        ],
        None,
    );
    let err = stderr(&out);
    assert_eq!(err.matches("WQL0506").count(), 2, "{err}");
    assert!(
        err.contains("fn_rbac_R_System") && err.contains("fn_rbac_Collection"),
        "{err}"
    );
}

#[test]
fn cli_newid_repeats_under_a_seed() {
    let q = "SELECT TOP 5 Name0, NEWID() AS g FROM v_R_System ORDER BY NEWID()";
    let run = |seed: Option<&str>| {
        let mut args = vec!["sql", q, "--format", "csv"];
        if let Some(s) = seed {
            args.extend(["--seed", s]);
        }
        let out = wqlkit(&args, None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let (a, b, c) = (run(Some("42")), run(Some("42")), run(Some("43")));
    assert_eq!(a, b);
    assert_ne!(a, c);
    let rows: Vec<&str> = a.lines().skip(1).collect();
    assert_eq!(rows.len(), 5);
    for r in &rows {
        let (_, g) = r.split_once(',').expect("two columns");
        assert_eq!(g.len(), 36, "{g}");
        assert_eq!(g.to_uppercase(), g);
    }
    // Without a seed every run draws new values.
    assert_ne!(run(None), run(None));
}

#[test]
fn cli_warns_that_rbac_functions_read_the_plain_view() {
    let out = wqlkit(
        &[
            "sql",
            "select count(*) as n from fn_rbac_R_System(@UserSIDs) where Client0 = 1",
            "--param",
            "UserSIDs=disabled",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("WQL0506"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// The corpus against pysqlbridge

/// The bridge serving the fixture site, started on first use.
fn fixture_bridge() -> &'static crate::bridge::Bridge {
    static BRIDGE: std::sync::OnceLock<Result<crate::bridge::Bridge, String>> = std::sync::OnceLock::new();
    let b = BRIDGE.get_or_init(|| {
        let (views, now) = fixture();
        crate::bridge::launch("sql-oracle", views, now)
    });
    match b {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    }
}

/// The report as the bridge runs it: parameters become variables declared first.
fn bridge_text(text: &str) -> String {
    let mut out = String::new();
    for (k, v) in params(text) {
        out.push_str(&format!(
            "DECLARE @{k} nvarchar(4000) = N'{}';\n",
            v.replace('\'', "''")
        ));
    }
    out.push_str(text);
    out
}

/// The last result set of a batch on the bridge.
async fn on_bridge(
    conn: &mut crate::oracle::Conn,
    text: &str,
) -> Result<(Vec<String>, Vec<Vec<crate::oracle::Cell>>), String> {
    let stream = conn.simple_query(text).await.map_err(|e| e.to_string())?;
    let results = stream.into_results().await.map_err(|e| e.to_string())?;
    let Some(last) = results.last() else {
        return Ok((vec![], vec![]));
    };
    let columns = last
        .first()
        .map(|r| r.columns().iter().map(|c| c.name().to_string()).collect())
        .unwrap_or_default();
    let rows = last
        .iter()
        .map(|r| {
            r.cells()
                .map(|(_, c)| crate::oracle::bridge_cell(c))
                .collect::<Vec<_>>()
        })
        .collect();
    Ok((columns, rows))
}

#[test]
fn corpus_reports_agree_with_pysqlbridge() {
    let b = fixture_bridge();
    let (views, now) = fixture();
    let engine = Engine::from_memory(views, now).expect("fixture engine");
    let allowed = crate::oracle::allow_list("sql_oracle_differences.md", "sql-oracle-allow");
    let rt = crate::oracle::runtime();
    let mut compared = 0;
    let mut agree = 0;
    let mut failures = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    rt.block_on(async {
        let mut conn = crate::oracle::connect(b.port, &b.password).await.expect("connect");
        for path in corpus() {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).expect("read report");
            let Expect::Rows { ordered, .. } = expectation(&text) else {
                continue;
            };
            compared += 1;
            let mine = report::run(&engine, &text, &params(&text)).await;
            let theirs = on_bridge(&mut conn, &bridge_text(&text)).await;
            let problem: Option<(&str, String)> = match (mine, theirs) {
                (Err(d), _) => Some(("engine-error", d.to_string())),
                (Ok(_), Err(e)) => {
                    // A failed batch can leave the connection unusable: start afresh.
                    conn = crate::oracle::connect(b.port, &b.password).await.expect("reconnect");
                    Some(("bridge-error", e))
                }
                (Ok(out), Ok((bcols, mut brows))) => {
                    let set = out.results.last().cloned().expect("a result set");
                    let mut erows = crate::oracle::engine_rows(&set.batches);
                    crate::oracle::blank_as_null(&mut erows);
                    crate::oracle::harmonise(&mut erows, &mut brows);
                    let same_cols = bcols.is_empty()
                        || (bcols.len() == set.columns.len()
                            && bcols.iter().zip(&set.columns).all(|(x, y)| x.eq_ignore_ascii_case(y)));
                    if !same_cols {
                        Some(("columns", format!("engine {:?}, bridge {bcols:?}", set.columns)))
                    } else if let Some(d) = crate::oracle::multiset_diff(&set.columns, &erows, &brows, 6) {
                        Some(("rows", d))
                    } else if ordered {
                        let keys = |r: &[Vec<crate::oracle::Cell>]| -> Vec<String> {
                            r.iter().map(|x| crate::oracle::order_key(x)).collect()
                        };
                        (keys(&erows) != keys(&brows)).then(|| {
                            (
                                "order",
                                format!("engine {:?}\n    bridge {:?}", keys(&erows), keys(&brows)),
                            )
                        })
                    } else {
                        None
                    }
                }
            };
            match (problem, allowed.get(&name)) {
                (None, None) => agree += 1,
                (None, Some(_)) => failures.push(format!(
                    "{name}: listed in tests/sql_oracle_differences.md but now agrees; remove it"
                )),
                (Some((kind, _)), Some(k)) if k == kind => {
                    seen.insert(name.clone());
                }
                (Some((kind, detail)), _) => failures.push(format!("{name} ({kind}): {detail}")),
            }
        }
    });
    eprintln!(
        "sql oracle: {compared} reports compared with pysqlbridge, {agree} agree, {} differ as documented",
        seen.len()
    );
    assert!(
        failures.is_empty(),
        "{} unexplained difference(s) between wqlkit sql and pysqlbridge \
         (investigate, then fix or document in tests/sql_oracle_differences.md):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(compared >= 40, "only {compared} reports compared");
}

#[test]
fn cli_snapshot_and_embedded_demo_agree() {
    let d = crate::preview::demo_snapshot().to_string_lossy().into_owned();
    // Text functions, LIKE classes, case-insensitive grouping and MIN/MAX over
    // Parquet-backed views as over the views generated in memory.
    let report = "SELECT UPPER(Resource_Domain_OR_Workgr0) AS D, COUNT(*) AS N, MIN(Name0) AS First, \
                  MAX(LEFT(Name0, 3)) AS P, SUM(CHARINDEX('-', Name0)) AS C, MAX(REPLACE(Name0, 'pc', 'X')) AS R \
                  FROM v_R_System WHERE Name0 LIKE '[a-p]%' GROUP BY Resource_Domain_OR_Workgr0 ORDER BY N DESC";
    let offline = wqlkit(&["sql", "--snapshot", &d, "--format", "json", report], None);
    let embedded = wqlkit(&["sql", "--format", "json", report], None);
    assert_eq!(offline.status.code(), Some(0), "{}", stderr(&offline));
    assert_eq!(stdout(&offline), stdout(&embedded));
    let v: serde_json::Value = serde_json::from_str(&stdout(&offline)).expect("json");
    let rows = v["rows"].as_array().expect("rows");
    assert!(rows.len() >= 2);
    for r in rows {
        let p = r["P"].as_str().expect("text");
        assert!(
            p.chars()
                .next()
                .is_some_and(|c| ('A'..='P').contains(&c.to_ascii_uppercase())),
            "{r}"
        );
    }
}

/// A report's result without ORDER BY prints in the stable order (by
/// ResourceID when it is a column), whatever the partitioning; one with an
/// ORDER BY keeps it.
#[test]
fn report_rows_without_order_by_print_in_one_order() {
    let run = |sql: &str, n: &str| {
        let out = wqlkit(&["sql", "--format", "csv", "--partitions", n, sql], None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let unordered = "select sys.Name0, sys.ResourceID from v_R_System sys join v_GS_OPERATING_SYSTEM os on os.ResourceID = sys.ResourceID where sys.Client0 = 1";
    let one = run(unordered, "1");
    assert_eq!(run(unordered, "8"), one);
    let ids: Vec<i64> = one
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(',').next()?.parse().ok())
        .collect();
    assert!(ids.len() > 100 && ids.windows(2).all(|w| w[0] < w[1]), "{one}");
    let ordered = format!("{unordered} order by sys.ResourceID desc");
    let desc: Vec<i64> = run(&ordered, "8")
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(',').next()?.parse().ok())
        .collect();
    assert_eq!(desc, ids.iter().rev().copied().collect::<Vec<_>>());
}

/// The views of common reports whose columns come from public report
/// queries (core/catalog/report_views.toml) are filled on the demo fleet
/// consistently with the views they repeat: one v_Collections row per
/// collection with its real limiting collection, v_ClientMachines named as
/// the clients are, v_UpdateScanStatus one row per client; and their
/// provider classes translate to them.
#[test]
fn report_views_from_public_queries_agree_with_the_views_they_repeat() {
    let one = |sql: &str| -> String {
        let out = run_demo(sql, &[]).unwrap_or_else(|d| panic!("{sql}: {d:?}"));
        let (_, rows) = rows_of(&out);
        assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
        rows[0][0].clone()
    };
    let collections = one("select count(*) from v_Collection");
    assert_ne!(collections, "0");
    assert_eq!(one("select count(*) from v_Collections"), collections);
    assert_eq!(
        one(
            "select count(*) from v_Collections c join v_Collection d on d.CollectionID = c.SiteID \
             where isnull(c.LimitToCollectionID, '') = isnull(d.LimitToCollectionID, '') and c.CollectionName = d.Name"
        ),
        collections
    );
    let clients = one("select count(*) from v_R_System where Client0 = 1");
    assert_ne!(clients, "0");
    assert_eq!(
        one(
            "select count(*) from v_ClientMachines m join v_R_System s on s.ResourceID = m.ResourceID \
             and s.Name0 = m.Name and s.Client0 = 1"
        ),
        one("select count(*) from v_ClientMachines")
    );
    assert_eq!(
        one(
            "select count(distinct s.ResourceID) from v_UpdateScanStatus u join v_R_System s \
             on s.ResourceID = u.ResourceID where s.Client0 = 1"
        ),
        clients
    );
    for (wql, view) in [
        ("select PackageID, ProgramName from SMS_Program", "v_Program"),
        (
            "select SoftwareName, NumberSuccess from SMS_DeploymentSummary",
            "v_DeploymentSummary",
        ),
        (
            "select ApplicationName, CollectionName from SMS_ApplicationAssignment",
            "v_ApplicationAssignment",
        ),
    ] {
        let (_, t) = wqlkit::wql::translate(wql, Catalog::builtin(), &Default::default())
            .unwrap_or_else(|d| panic!("{wql}: {d:?}"));
        assert!(t.sql.contains(&format!("FROM {view}")), "{wql}: {}", t.sql);
    }
}
