//! `wqlkit preview` and `wqlkit snapshot demo` end to end.

use crate::support::{corpus_files, is_bad, stderr, stdout, wqlkit};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A demo snapshot written once per test run (the same fleet as the embedded default).
pub(crate) fn demo_snapshot() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir()
            .join(format!("wqlkit-preview-{}", std::process::id()))
            .join("demo");
        let d = dir.to_string_lossy().into_owned();
        let out = wqlkit(
            &["snapshot", "demo", "--devices", "500", "--seed", "1", "--out", &d],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).starts_with("wrote "), "{}", stdout(&out));
        dir
    })
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = wqlkit(args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

const LONDON: &str = "select ResourceID, Name from SMS_R_System where SystemOUName = 'CONTOSO.COM/WORKSTATIONS/LONDON' order by Name, ResourceID";

#[test]
fn snapshot_and_embedded_demo_agree() {
    let dir = demo_snapshot().to_string_lossy().into_owned();
    let offline = json(&["preview", "--format", "json", "--snapshot", &dir, LONDON]);
    let embedded = json(&["preview", "--format", "json", LONDON]);
    assert_eq!(offline, embedded);
    let rows = offline.as_array().map(Vec::len).unwrap_or(0);
    assert!(rows > 0, "the demo fleet has London workstations");
    let first = &offline[0];
    assert!(
        first["ResourceID"].as_i64().is_some_and(|id| id >= 16_777_220),
        "{first}"
    );
    assert!(first["Name"].is_string(), "keys are the WQL property names: {first}");
}

/// A snapshot reads its text columns of few distinct values as dictionaries;
/// every corpus query must answer from it exactly as from the same fleet in
/// memory, where every column is plain.
#[test]
fn every_corpus_query_answers_the_same_from_a_snapshot_as_from_memory() {
    use wqlkit::core::Catalog;
    use wqlkit::demo::DemoOptions;
    use wqlkit::engine::storage::snapshot::Snapshot;
    use wqlkit::engine::{Engine, output};
    let rt = crate::oracle::runtime();
    let snapshot = Snapshot::open(demo_snapshot(), true).expect("the demo snapshot opens");
    let (disk, memory) = rt.block_on(async {
        let disk = Engine::from_snapshot(&snapshot)
            .await
            .expect("engine over the snapshot");
        let memory =
            wqlkit::demo::engine(Catalog::builtin(), &DemoOptions::default()).expect("engine over the demo fleet");
        (disk, memory)
    });
    for (view, column) in [
        ("v_GS_ADD_REMOVE_PROGRAMS", "DisplayName0"),
        ("v_GS_OPERATING_SYSTEM", "Caption0"),
        ("v_RA_System_SystemOUName", "System_OU_Name0"),
    ] {
        let read_as_dictionaries = disk.dictionary_columns(view).expect("the view opens");
        assert!(
            read_as_dictionaries.iter().any(|c| c == column),
            "{view}.{column} is read as a dictionary: {read_as_dictionaries:?}"
        );
    }
    let rows = |batches: &[wqlkit::engine::RecordBatch]| {
        let mut lines: Vec<String> = output::to_csv(batches, None).lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let mut compared = 0;
    for path in corpus_files().iter().filter(|p| !is_bad(p)) {
        let text = std::fs::read_to_string(path).expect("corpus file");
        let Ok((compiled, _)) = wqlkit::wql::translate(&text, Catalog::builtin(), &Default::default()) else {
            continue;
        };
        let (a, b) = rt.block_on(async {
            (
                disk.execute(&compiled.bound.plan).await,
                memory.execute(&compiled.bound.plan).await,
            )
        });
        let (a, b) = match (a, b) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => panic!("{}: {:?} / {:?}", path.display(), a.err(), b.err()),
        };
        assert_eq!(rows(&a), rows(&b), "{}", path.display());
        compared += 1;
    }
    assert!(compared > 200, "only {compared} corpus queries compared");
}

/// Filters over a snapshot view carry the share of rows a sample of the
/// view keeps, so a join builds its hash table from the filtered programs
/// when few match and from the device table when many do.
#[test]
fn a_join_builds_from_the_side_a_sample_says_is_smaller() {
    use datafusion::physical_plan::ExecutionPlan;
    use datafusion::physical_plan::filter::FilterExec;
    use datafusion::physical_plan::joins::HashJoinExec;
    use std::sync::Arc;
    use wqlkit::core::Catalog;
    use wqlkit::engine::Engine;
    use wqlkit::engine::storage::snapshot::Snapshot;

    /// Every node of `plan`, depth first.
    fn nodes(plan: &Arc<dyn ExecutionPlan>, out: &mut Vec<Arc<dyn ExecutionPlan>>) {
        out.push(plan.clone());
        for c in plan.children() {
            nodes(c, out);
        }
    }
    /// The filter's estimate and whether the join's build side holds it.
    fn shape(engine: &Engine, wql: &str) -> (u8, bool) {
        let (compiled, _) = wqlkit::wql::translate(wql, Catalog::builtin(), &Default::default())
            .unwrap_or_else(|e| panic!("{wql}: {e:?}"));
        let plan = crate::oracle::runtime()
            .block_on(engine.physical_plan(&compiled.bound.plan))
            .unwrap_or_else(|e| panic!("{wql}: {e}"));
        let mut all = Vec::new();
        nodes(&plan, &mut all);
        let percent = all
            .iter()
            .find_map(|n| n.downcast_ref::<FilterExec>().map(FilterExec::default_selectivity))
            .unwrap_or_else(|| panic!("no filter in {wql}"));
        let join = all
            .iter()
            .find_map(|n| n.downcast_ref::<HashJoinExec>().map(|j| j.left().clone()))
            .unwrap_or_else(|| panic!("no hash join in {wql}"));
        let mut build = Vec::new();
        nodes(&join, &mut build);
        (percent, build.iter().any(|n| n.downcast_ref::<FilterExec>().is_some()))
    }

    let snapshot = Snapshot::open(demo_snapshot(), true).expect("the demo snapshot opens");
    let engine = crate::oracle::runtime()
        .block_on(Engine::from_snapshot(&snapshot))
        .expect("engine over the snapshot");
    let programs = "select SMS_R_System.ResourceID from SMS_R_System inner join SMS_G_System_ADD_REMOVE_PROGRAMS \
        on SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_R_System.ResourceID where ";
    // Old Chrome builds are rare: a few rows in a thousand.
    let (percent, filtered_builds) = shape(
        &engine,
        &format!(
            "{programs}SMS_G_System_ADD_REMOVE_PROGRAMS.DisplayName like 'Google Chrome%' and SMS_G_System_ADD_REMOVE_PROGRAMS.Version < '120'"
        ),
    );
    assert!((1..=5).contains(&percent), "estimated {percent}%");
    assert!(filtered_builds, "the join builds from the few matching programs");
    // Nearly every program name has an `e`.
    let (percent, filtered_builds) = shape(
        &engine,
        &format!("{programs}SMS_G_System_ADD_REMOVE_PROGRAMS.DisplayName like '%e%'"),
    );
    assert!(percent > 50, "estimated {percent}%");
    assert!(!filtered_builds, "the join builds from the device table");
}

/// The writer records which integer columns rise row by row and writes
/// integer columns as deltas; a DISTINCT over a rising key is skipped.
#[test]
fn a_snapshot_records_its_rising_keys_and_writes_integers_as_deltas() {
    use datafusion::parquet::basic::Encoding;
    use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
    use wqlkit::engine::storage::snapshot::Snapshot;
    let snapshot = Snapshot::open(demo_snapshot(), true).expect("the demo snapshot opens");
    let ascending = |v: &str| snapshot.view(v).map(|v| v.ascending.clone()).unwrap_or_default();
    assert!(ascending("v_R_System").contains(&"ResourceID".to_string()));
    // A device has several OUs: its ResourceID repeats.
    assert!(!ascending("v_RA_System_SystemOUName").contains(&"ResourceID".to_string()));
    let file = std::fs::File::open(demo_snapshot().join("v_R_System.parquet")).expect("the device table");
    let reader = SerializedFileReader::new(file).expect("a Parquet file");
    let meta = reader.metadata();
    let id = meta
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .position(|c| c.name() == "ResourceID")
        .expect("a ResourceID column");
    for rg in meta.row_groups() {
        let chunk = rg.column(id);
        assert!(chunk.dictionary_page_offset().is_none());
        let encodings: Vec<Encoding> = chunk.encodings().collect();
        assert!(encodings.contains(&Encoding::DELTA_BINARY_PACKED), "{encodings:?}");
    }
    let plan = |wql: &str| {
        let (compiled, _) = wqlkit::wql::translate(wql, wqlkit::core::Catalog::builtin(), &Default::default())
            .unwrap_or_else(|e| panic!("{wql}: {e:?}"));
        let rt = crate::oracle::runtime();
        let engine = rt
            .block_on(wqlkit::engine::Engine::from_snapshot(&snapshot))
            .expect("engine over the snapshot");
        let plan = rt
            .block_on(engine.physical_plan(&compiled.bound.plan))
            .unwrap_or_else(|e| panic!("{wql}: {e}"));
        datafusion::physical_plan::displayable(plan.as_ref())
            .indent(false)
            .to_string()
    };
    assert!(!plan(LONDON).contains("AggregateExec"), "{}", plan(LONDON));
    let names = "select distinct Name from SMS_R_System where SystemOUName like 'CONTOSO%'";
    assert!(plan(names).contains("AggregateExec"), "{}", plan(names));
}

#[test]
fn count_limit_and_formats() {
    let dir = demo_snapshot().to_string_lossy().into_owned();
    let q = "select Name from SMS_R_System where Client = 1";
    let count = json(&["preview", "--format", "json", "--count", "--snapshot", &dir, q])["count"]
        .as_u64()
        .unwrap_or(0);
    assert!(
        count > 400 && count < 500,
        "about 92% of 500 devices are clients: {count}"
    );
    let out = wqlkit(&["preview", "--count", "--snapshot", &dir, q], None);
    assert_eq!(stdout(&out).trim(), count.to_string());
    assert!(
        stderr(&out).contains(&format!("{count} rows from snapshot")),
        "{}",
        stderr(&out)
    );
    let limited = json(&["preview", "--format", "json", "--limit", "3", "--snapshot", &dir, q]);
    assert_eq!(limited.as_array().map(Vec::len), Some(3));
    let csv = stdout(&wqlkit(
        &["preview", "--format", "csv", "--limit", "2", "--snapshot", &dir, q],
        None,
    ));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert_eq!(lines[0], "Name");
    let table = stdout(&wqlkit(&["preview", "--limit", "2", "--snapshot", &dir, q], None));
    assert!(table.starts_with("Name\n----"), "{table}");
}

#[test]
fn seed_queries_answer_on_the_demo_fleet() {
    let seed = |name: &str| {
        let p = crate::support::root().join("tests/corpus/wql").join(name);
        p.to_string_lossy().into_owned()
    };
    let all = json(&[
        "preview",
        "--format",
        "json",
        "--count",
        "select ResourceID from SMS_R_System",
    ])["count"]
        .as_u64()
        .unwrap_or(0);
    for q in ["seed_01_jan_updates_required.wql", "seed_02_pending_restart.wql"] {
        let n = json(&["preview", "--format", "json", "--count", "-f", &seed(q)])["count"]
            .as_u64()
            .unwrap_or(0);
        assert!(n > 0 && n < all, "{q}: {n} of {all} devices");
    }
    let out = wqlkit(&["preview", "-f", &seed("seed_03_client_missing_web.wql")], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("WQL0104"), "{}", stderr(&out));
}

#[test]
fn now_pins_getdate() {
    let q = "select Name from SMS_R_System where DateDiff(dd, CreationDate, GetDate()) < 0";
    assert_eq!(
        json(&["preview", "--format", "json", "--count", q])["count"],
        0,
        "nothing is created after the site's now"
    );
    let n = json(&["preview", "--format", "json", "--count", "--now", "2000-01-01", q])["count"]
        .as_u64()
        .unwrap_or(0);
    assert!(n > 0, "with now in 2000, every creation date is in the future");
    let out = wqlkit(&["preview", "--now", "yesterday", q], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--now yesterday"), "{}", stderr(&out));
}

#[test]
fn damaged_snapshots_are_reported_not_panicked() {
    let base = std::env::temp_dir().join(format!("wqlkit-damaged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap_or_else(|e| panic!("{e}"));
    let out = wqlkit(
        &[
            "preview",
            "--snapshot",
            &base.to_string_lossy(),
            "select Name from SMS_R_System",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a wqlkit snapshot"), "{}", stderr(&out));
}

fn preview_stdout(args: &[&str]) -> String {
    let out = wqlkit(args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// Without ORDER BY, rows print in one stable order whatever the number of
/// partitions, from memory or a snapshot: by ResourceID when it is selected,
/// else by the columns left to right under the collation; `--limit N` prints
/// the first N of that order.
#[test]
fn a_preview_prints_the_same_bytes_under_1_2_and_8_partitions() {
    let dir = demo_snapshot().to_string_lossy().into_owned();
    let wql = "select Name, LastLogonUserName, SystemOUName from SMS_R_System where Client = 1";
    let by_name = preview_stdout(&["preview", wql, "--partitions", "1"]);
    for source in [vec![], vec!["--snapshot", dir.as_str()]] {
        for n in ["1", "2", "8"] {
            let mut args = vec!["preview", wql, "--partitions", n];
            args.extend_from_slice(&source);
            assert_eq!(preview_stdout(&args), by_name, "{n} partitions, {source:?}");
        }
    }
    let names: Vec<&str> = by_name
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() > 100, "{by_name}");
    assert!(
        names
            .windows(2)
            .all(|w| wqlkit::engine::lower::collation::cmp_ci(w[0], w[1]).is_le()),
        "sorted by name: {names:?}"
    );
    let limited = preview_stdout(&["preview", wql, "--limit", "3", "--partitions", "8"]);
    let first: Vec<&str> = limited
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(first, names[..3]);

    let with_id = "select Name, ResourceID from SMS_R_System where Client = 1";
    let by_id = |n: &str| json(&["preview", "--format", "json", "--partitions", n, with_id]);
    let rows = by_id("8");
    assert_eq!(rows, by_id("1"));
    let ids: Vec<i64> = rows
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["ResourceID"].as_i64()).collect())
        .unwrap_or_default();
    assert!(ids.len() > 100 && ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}

/// An ORDER BY is honoured and its ties are broken the stable way, the
/// same under any partitioning.
#[test]
fn ties_of_an_order_by_are_broken_the_same_way_every_time() {
    let wql = "select SystemOUName, Name, ResourceID from SMS_R_System order by SystemOUName desc";
    let sorted = |n: &str| json(&["preview", "--format", "json", "--partitions", n, wql]);
    let rows = sorted("8");
    assert_eq!(rows, sorted("1"));
    let rows = rows.as_array().cloned().unwrap_or_default();
    assert!(rows.len() > 100);
    for w in rows.windows(2) {
        let ou = |r: &serde_json::Value| r["SystemOUName"].as_str().unwrap_or("").to_ascii_lowercase();
        assert!(ou(&w[0]) >= ou(&w[1]), "descending by OU: {} then {}", w[0], w[1]);
        if ou(&w[0]) == ou(&w[1]) {
            assert!(
                w[0]["ResourceID"].as_i64() < w[1]["ResourceID"].as_i64(),
                "ties by ResourceID"
            );
        }
    }
    // A key outside the select list: ties still come out the same way.
    let hidden = "select Name from SMS_R_System order by SystemOUName";
    let hidden_rows = |n: &str| json(&["preview", "--format", "json", "--partitions", n, hidden]);
    assert_eq!(hidden_rows("1"), hidden_rows("8"));
}
