//! Collections through the command-line tool: `collections eval`, `diff`,
//! `explain` and `wqlkit test`, on the demo fleet and on rule test files.

use crate::support::{root, stderr, stdout, wqlkit};
use serde_json::Value;

fn json(args: &[&str]) -> (Option<i32>, Value) {
    let out = wqlkit(args, None);
    let text = stdout(&out);
    let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}\n{}", stderr(&out)));
    (out.status.code(), v)
}

/// The membership the demo fleet records for a collection, through preview.
fn recorded(id: &str) -> u64 {
    let q = format!("select ResourceID from SMS_FullCollectionMembership where CollectionID = '{id}'");
    let (code, v) = json(&["preview", &q, "--count", "--format", "json"]);
    assert_eq!(code, Some(0));
    v["count"].as_u64().expect("count")
}

#[test]
fn eval_of_one_collection_lists_the_members_the_site_records() {
    // CON00010 (All Workstations) is not one of the demo's stale collections.
    let (code, v) = json(&["collections", "eval", "--collection", "CON00010", "--format", "json"]);
    assert_eq!(code, Some(0));
    let c = &v[0];
    assert_eq!(c["id"], "CON00010");
    assert_eq!(c["name"], "All Workstations");
    let n = c["count"].as_u64().expect("count");
    assert!(n > 100, "{n}");
    assert_eq!(n, recorded("CON00010"));
    assert_eq!(c["members"].as_array().expect("members").len() as u64, n);
    assert_eq!(c["errors"].as_array().map(Vec::len), Some(0));
}

#[test]
fn eval_of_the_whole_site_reports_every_collection_with_timings() {
    let out = wqlkit(&["collections", "eval", "--format", "csv"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let (code, v) = json(&["preview", "select count(*) from SMS_Collection", "--format", "json"]);
    assert_eq!(code, Some(0));
    let collections = v[0]
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_u64)
        .expect("count");
    assert_eq!(rows.len() as u64, collections);
    assert!(
        stderr(&out).contains(&format!("evaluated {collections} collection(s)")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_collection_is_an_error_with_a_suggestion() {
    let out = wqlkit(&["collections", "eval", "--collection", "CON0001O"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("there is no collection CON0001O") && err.contains("CON00010"),
        "{err}"
    );
}

#[test]
fn diff_lists_who_joins_and_leaves_and_the_downstream_collections() {
    // Narrow "Windows 10 Workstations" to Enterprise editions.
    let q = "select * from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on \
             SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceId where \
             SMS_G_System_OPERATING_SYSTEM.Caption like '%Windows 10 Enterprise%'";
    let (code, v) = json(&[
        "collections",
        "diff",
        "--collection",
        "CON0002D",
        "--query",
        q,
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let joins = v["joins"].as_array().expect("joins").len() as i64;
    let leaves = v["leaves"].as_array().expect("leaves").len() as i64;
    let rec = v["recorded"].as_i64().expect("recorded");
    assert_eq!(rec, recorded("CON0002D") as i64);
    assert_eq!(v["evaluated"].as_i64().expect("evaluated"), rec + joins - leaves);
    assert!(leaves > 0);
    // What the proposed rule returns, limited as the collection is.
    let (_, p) = json(&["preview", q, "--count", "--format", "json"]);
    assert!(v["evaluated"].as_u64() <= p["count"].as_u64());
    // Collections limited to it lose members too.
    let down = v["downstream"].as_array().expect("downstream");
    assert!(
        down.iter()
            .any(|d| d["collection"] == "CON0004A" && d["leaves"].as_u64() > Some(0)),
        "{down:?}"
    );
}

#[test]
fn explain_a_collection_and_a_query_for_one_device() {
    // A device of "Windows 10 London" (CON0004A) by the recorded membership.
    let (_, v) = json(&[
        "preview",
        "select Name from SMS_R_System where ResourceId in (select ResourceID from SMS_CM_RES_COLL_CON0004A)",
        "--format",
        "json",
        "--limit",
        "1",
    ]);
    let name = v[0]["Name"].as_str().expect("a member").to_string();
    let (code, e) = json(&[
        "explain",
        "--collection",
        "CON0004A",
        "--device",
        &name,
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(e[0]["member"], true);
    assert_eq!(e[0]["limit"][0], "CON0002D");
    assert_eq!(e[0]["limit"][1], true);
    assert!(
        e[0]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .any(|r| r["holds"] == true)
    );

    // Not a Windows 11 machine: the caption comparison is false and shows the caption.
    let q = "select * from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on \
             SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceId where \
             SMS_G_System_OPERATING_SYSTEM.Caption like '%Windows 11%' and SMS_R_System.Client = 1";
    let out = wqlkit(&["explain", q, "--device", &name], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("is not in the query's result"), "{text}");
    let caption_line = text
        .lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix("false")
                .map(str::trim_start)
                .is_some_and(|c| c == "SMS_G_System_OPERATING_SYSTEM.Caption like '%Windows 11%'")
        })
        .unwrap_or_else(|| panic!("{text}"));
    let value = text.lines().nth(caption_line + 1).expect("the values line");
    assert!(
        value.contains("SMS_G_System_OPERATING_SYSTEM.Caption = 'Microsoft Windows 10"),
        "{text}"
    );
}

#[test]
fn explain_an_unknown_device_suggests_names() {
    let out = wqlkit(
        &["explain", "select * from SMS_R_System", "--device", "PC-LON-0001"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean"), "{}", stderr(&out));
}

fn cases_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .expect("examples/rules")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            std::fs::read_to_string(&p)
                .expect("read")
                .lines()
                .filter(|l| l.trim() == "[[case]]")
                .count()
        })
        .sum()
}

#[test]
fn the_example_rule_tests_pass() {
    let dir = root().join("examples/rules");
    let n = cases_in(&dir);
    assert!(n >= 20, "{n}");
    let out = wqlkit(&["test", &dir.to_string_lossy()], None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("PASS ")).count(), n);
    assert_eq!(text.lines().last(), Some(format!("{n} passed, 0 failed").as_str()));
}

#[test]
fn a_failing_rule_test_says_who_is_missing_or_unexpected_and_why() {
    let dir = std::env::temp_dir().join(format!("wqlkit-ruletest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("rules.toml");
    std::fs::write(
        &file,
        r#"
[[device]]
Name = "PC-001"
Client = 1
[device.SMS_G_System_OPERATING_SYSTEM]
Caption = "Microsoft Windows 11 Enterprise"

[[device]]
Name = "PC-002"
Client = 0
[device.SMS_G_System_OPERATING_SYSTEM]
Caption = "Microsoft Windows 10 Enterprise"

[[collection]]
id = "CON00001"
query = ["select * from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceId where SMS_G_System_OPERATING_SYSTEM.Caption like '%Windows 10%'"]

[[case]]
name = "windows 10"
collection = "CON00001"
members = ["PC-001"]

[[case]]
name = "passes"
collection = "CON00001"
contains = ["PC-002"]
"#,
    )
    .expect("write");
    let path = file.to_string_lossy();
    let out = wqlkit(&["test", &path], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAIL rules.toml: windows 10"), "{text}");
    assert!(text.contains("PASS rules.toml: passes"), "{text}");
    assert!(
        text.contains("missing: PC-001") && text.contains("unexpected: PC-002"),
        "{text}"
    );
    assert!(text.contains("Caption = 'Microsoft Windows 11 Enterprise'"), "{text}");
    assert_eq!(text.lines().last(), Some("1 passed, 1 failed"));

    let (code, v) = json(&["test", &path, "--format", "json"]);
    assert_eq!(code, Some(1));
    assert_eq!((v["passed"].as_u64(), v["failed"].as_u64()), (Some(1), Some(1)));
    let case = &v["files"][0]["cases"][0];
    assert_eq!(case["missing"][0]["name"], "PC-001");
    assert_eq!(case["missing"][0]["why"]["member"], false);
    assert_eq!(case["unexpected"][0]["name"], "PC-002");

    // A file with a mistake fails as a whole, with the reason.
    std::fs::write(&file, "[[device]]\nNmae = \"PC-1\"\n").expect("write");
    let out = wqlkit(&["test", &path], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("did you mean Name"), "{}", stdout(&out));
}

#[test]
fn a_definitions_file_with_a_cycle_is_refused_naming_it() {
    let dir = std::env::temp_dir().join(format!("wqlkit-defs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("defs.toml");
    std::fs::write(
        &file,
        "[[collection]]\nid = \"CON00010\"\nname = \"All Workstations\"\nlimit = \"CON00013\"\n\
         [[collection]]\nid = \"CON00013\"\nname = \"All Clients - Active\"\nlimit = \"CON00010\"\n",
    )
    .expect("write");
    let out = wqlkit(&["collections", "eval", "--definitions", &file.to_string_lossy()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cycle") && err.contains("CON00010") && err.contains("CON00013"),
        "{err}"
    );
}

#[test]
fn diff_evaluates_collections_a_definitions_file_adds_or_changes() {
    let dir = std::env::temp_dir().join(format!("wqlkit-diff-defs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("defs.toml");
    // A new collection of London laptops, and "Windows 10 London" limited to it.
    std::fs::write(
        &file,
        r#"
[[collection]]
id = "CONNEW01"
name = "London Laptops"
query = ["select * from SMS_R_System where Name like 'LT-LON-%'"]

[[collection]]
id = "CON0004A"
name = "Windows 10 London"
limit = "CONNEW01"
query = ["select * from SMS_R_System where SMS_R_System.SystemOUName like '%/WORKSTATIONS/LONDON%'"]
"#,
    )
    .expect("write");
    let (code, v) = json(&[
        "collections",
        "diff",
        "--collection",
        "CON0004A",
        "--definitions",
        &file.to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{v}");
    let evaluated = v["evaluated"].as_u64().expect("evaluated");
    // Not held at an (absent) recorded membership: the new limit is evaluated.
    assert!(evaluated > 0, "{v}");
    let leaves = v["leaves"].as_array().expect("leaves");
    assert!(!leaves.is_empty(), "{v}");
    assert!(
        leaves
            .iter()
            .all(|l| !l["Name"].as_str().unwrap_or("").starts_with("LT-LON-")),
        "{v}"
    );
    assert!(
        v["joins"]
            .as_array()
            .expect("joins")
            .iter()
            .all(|j| j["Name"].as_str().unwrap_or("").starts_with("LT-LON-")),
        "{v}"
    );
}

/// Members, differences and explanations print the same under any number
/// of partitions, and a whole-site evaluation under any `--jobs` (timings
/// aside).
#[test]
fn collection_output_is_the_same_under_any_partitions_or_jobs() {
    // Timings: "12 ms" in text, the last column of the evaluation table.
    let ms = regex::Regex::new(r"(?m)[0-9.]+ ms| +[0-9]+\.[0-9]$").unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str], n: &str| {
        let mut args = args.to_vec();
        args.extend(["--partitions", n]);
        let out = wqlkit(&args, None);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        ms.replace_all(&stdout(&out), "").into_owned()
    };
    let commands: [&[&str]; 3] = [
        &["collections", "eval", "--collection", "CON00016"],
        &[
            "collections",
            "diff",
            "--collection",
            "CON00013",
            "--query",
            "select * from SMS_R_System where Client = 1 and Name like 'PC%'",
        ],
        &["explain", "--collection", "CON00016", "--device", "LT-LON-00006"],
    ];
    for args in commands {
        let one = run(args, "1");
        assert!(one.lines().count() > 3, "{args:?}: {one}");
        assert_eq!(run(args, "8"), one, "{args:?}");
    }
    // The whole site, one collection at a time or four at once.
    let whole = run(&["collections", "eval", "--jobs", "1"], "2");
    assert!(whole.lines().count() > 100, "{whole}");
    assert_eq!(run(&["collections", "eval", "--jobs", "4"], "2"), whole);
}
