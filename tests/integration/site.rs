//! A site that describes itself: a pysqlbridge fixture serving the demo
//! fleet plus the site's maps (`v_ResourceMap`, `v_GroupMap`,
//! `v_GroupAttributeMap`; the bridge answers `INFORMATION_SCHEMA.COLUMNS`
//! itself), a custom inventory class (`CONTOSO|ASSET_TAG|1.0`, views ending
//! in `0`), user discovery extended with `department`, and a multi-valued
//! `proxyAddresses` attribute. `snapshot export` stores the site's catalog;
//! rules over the custom class and attributes preview live and offline alike.

use crate::bridge::{Bridge, Views, cli_flags, launch};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int32Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Int32Type, Schema};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, OnceLock};
use wqlkit::core::Catalog;
use wqlkit::demo::{DemoOptions, generate};
use wqlkit::engine::MemorySink;

const DEVICES: usize = 60;
const DEPARTMENTS: [&str; 3] = ["Finance", "Sales", "Engineering"];

fn text_column(values: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(values))
}

fn table(views: &mut Views, name: &str, columns: Vec<(&str, ArrayRef)>) {
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(schema.clone(), columns.into_iter().map(|(_, a)| a).collect())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    views.push((name.to_string(), schema, vec![batch]));
}

fn resource_ids(views: &Views, view: &str) -> Vec<i32> {
    let (_, _, batches) = views
        .iter()
        .find(|(n, _, _)| n == view)
        .unwrap_or_else(|| panic!("{view}"));
    batches
        .iter()
        .flat_map(|b| {
            let a = b.column_by_name("ResourceID").unwrap_or_else(|| unreachable!());
            a.as_primitive::<Int32Type>().iter().flatten().collect::<Vec<_>>()
        })
        .collect()
}

/// Adds `columns` as rows of `view` (in the view's schema).
fn append(views: &mut Views, view: &str, columns: Vec<ArrayRef>) {
    let (_, schema, batches) = views
        .iter_mut()
        .find(|(n, _, _)| n == view)
        .unwrap_or_else(|| panic!("the demo has no {view}"));
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap_or_else(|e| panic!("{view}: {e}"));
    batches.push(batch);
}

/// The site's maps as the demo keeps them (its catalog's inventory classes),
/// with the site's own class: `CONTOSO|ASSET_TAG|1.0` in `v_GS_ASSET_TAG0`.
fn custom_group(views: &mut Views) {
    let (_, _, groups) = views
        .iter()
        .find(|(n, _, _)| n == "v_GroupMap")
        .unwrap_or_else(|| panic!("the demo has no v_GroupMap"));
    let id = groups
        .iter()
        .flat_map(|b| {
            b.column_by_name("GroupID")
                .map(|a| a.as_primitive::<Int32Type>().iter().flatten().max())
        })
        .flatten()
        .max()
        .unwrap_or(0)
        + 1;
    let one = |s: &str| text_column(vec![Some(s.to_string())]);
    append(
        views,
        "v_GroupMap",
        vec![
            Arc::new(Int32Array::from(vec![id])),
            Arc::new(Int32Array::from(vec![5])),
            one("ASSET TAG"),
            one("v_GS_ASSET_TAG0"),
            text_column(vec![None]),
            one("CONTOSO|ASSET_TAG|1.0"),
        ],
    );
    append(
        views,
        "v_GroupAttributeMap",
        vec![
            Arc::new(Int32Array::from(vec![id, id])),
            text_column(vec![Some("AssetTag".into()), Some("Owner".into())]),
            text_column(vec![Some("AssetTag0".into()), Some("Owner0".into())]),
        ],
    );
}

/// The site's own data: asset tags on every other device, departments and
/// addresses on every user.
fn custom_data(views: &mut Views) {
    let devices = resource_ids(views, "v_R_System");
    let tagged: Vec<i32> = devices.iter().copied().step_by(2).collect();
    let n = tagged.len();
    table(
        views,
        "v_GS_ASSET_TAG0",
        vec![
            ("ResourceID", Arc::new(Int32Array::from(tagged.clone())) as ArrayRef),
            ("GroupID", Arc::new(Int32Array::from(vec![1; n]))),
            ("RevisionID", Arc::new(Int32Array::from(vec![1; n]))),
            ("AgentID", Arc::new(Int32Array::from(vec![1; n]))),
            (
                "AssetTag0",
                text_column(tagged.iter().map(|r| Some(format!("CT-{r}"))).collect()),
            ),
            (
                "Owner0",
                text_column((0..n).map(|i| Some(format!("owner{}", i % 4))).collect()),
            ),
        ],
    );
    let users = resource_ids(views, "v_R_User");
    let entry = views
        .iter_mut()
        .find(|(n, _, _)| n == "v_R_User")
        .unwrap_or_else(|| unreachable!());
    let mut k = 0usize;
    let mut batches = Vec::new();
    for b in &entry.2 {
        let dept = text_column(
            (0..b.num_rows())
                .map(|i| Some(DEPARTMENTS[(k + i) % DEPARTMENTS.len()].to_string()))
                .collect(),
        );
        k += b.num_rows();
        let mut fields: Vec<Field> = b.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.push(Field::new("department0", DataType::Utf8, true));
        let mut columns = b.columns().to_vec();
        columns.push(dept);
        batches.push(RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap_or_else(|e| panic!("{e}")));
    }
    entry.1 = batches.first().map(|b| b.schema()).unwrap_or_else(|| entry.1.clone());
    entry.2 = batches;
    let ids: Vec<i32> = users.iter().flat_map(|&u| [u, u]).collect();
    let addresses = users
        .iter()
        .flat_map(|u| {
            [
                format!("SMTP:user{u}@contoso.com"),
                format!("smtp:alias{u}@contoso.net"),
            ]
        })
        .map(Some)
        .collect();
    table(
        views,
        "v_RA_User_proxyAddresses",
        vec![
            ("ResourceID", Arc::new(Int32Array::from(ids)) as ArrayRef),
            ("proxyAddresses0", text_column(addresses)),
        ],
    );
}

struct Site {
    bridge: Bridge,
    snapshot: PathBuf,
    users: usize,
    tagged: usize,
}

/// The bridge serving the self-describing site, and its export (taken once).
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let opts = DemoOptions {
            devices: DEVICES,
            ..Default::default()
        };
        let mut sink = MemorySink::default();
        generate(Catalog::builtin(), &opts, &mut sink).unwrap_or_else(|e| panic!("demo fleet: {e}"));
        let mut views = sink.views;
        custom_group(&mut views);
        custom_data(&mut views);
        let users = resource_ids(&views, "v_R_User").len();
        let tagged = resource_ids(&views, "v_GS_ASSET_TAG0").len();
        let bridge = launch("site", views, opts.now).unwrap_or_else(|e| panic!("{e}"));
        let snapshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("site-export");
        let out = live(&bridge, &["snapshot", "export", "--out", path(&snapshot)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        Site {
            bridge,
            snapshot,
            users,
            tagged,
        }
    })
}

/// Where these tests' runs cache the site's maps.
fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("site-cache")
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| unreachable!())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn run(args: &[&str], password: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wqlkit"));
    cmd.args(args)
        .stdin(Stdio::null())
        .env_remove("WQLKIT_PASSWORD")
        .env("WQLKIT_CACHE_DIR", cache_dir());
    if let Some(p) = password {
        cmd.env("WQLKIT_PASSWORD", p);
    }
    cmd.output().unwrap_or_else(|e| panic!("wqlkit: {e}"))
}

/// `wqlkit ARGS --server … ` against the site's bridge.
fn live(b: &Bridge, args: &[&str]) -> Output {
    let flags = cli_flags(b);
    let mut all = args.to_vec();
    all.extend(flags.iter().map(String::as_str));
    run(&all, Some(&b.password))
}

fn json(out: &Output) -> Json {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

fn offline(s: &Site, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--snapshot", path(&s.snapshot)]);
    run(&all, None)
}

const ASSET_RULE: &str = "select SMS_R_System.Name, SMS_G_System_ASSET_TAG.AssetTag from SMS_R_System \
     inner join SMS_G_System_ASSET_TAG on SMS_G_System_ASSET_TAG.ResourceID = SMS_R_System.ResourceId \
     where SMS_G_System_ASSET_TAG.AssetTag like 'CT-%'";

#[test]
fn the_export_stores_the_sites_catalog() {
    let s = site();
    assert!(s.snapshot.join("catalog.toml").is_file());
    let manifest: Json = serde_json::from_str(
        &std::fs::read_to_string(s.snapshot.join("manifest.json")).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(manifest["catalog"]["file"], "catalog.toml");
    // The custom class and its views were exported, the views of the maps too.
    let exported: Vec<&str> = manifest["views"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["name"].as_str())
        .collect();
    for v in [
        "v_GS_ASSET_TAG0",
        "v_RA_User_proxyAddresses",
        "v_GroupMap",
        "v_R_System",
    ] {
        assert!(exported.contains(&v), "{v} not in {exported:?}");
    }
    let class = json(&offline(s, &["catalog", "SMS_G_System_ASSET_TAG", "--format", "json"]));
    assert_eq!(class["class"]["view"], "v_GS_ASSET_TAG0");
    assert_eq!(class["class"]["origin"], "site");
    let props: Vec<(String, String)> = class["class"]["properties"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().into(),
                p["column"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    assert!(props.contains(&("AssetTag".into(), "AssetTag0".into())), "{props:?}");
    let user = json(&offline(s, &["catalog", "SMS_R_User", "--format", "json"]));
    let department = user["class"]["properties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "department")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (department["column"].as_str(), department["origin"].as_str()),
        (Some("department0"), Some("site"))
    );
    // Without the snapshot the class is unknown.
    let unknown = run(&["check", ASSET_RULE], None);
    assert!(!unknown.status.success() && text(&unknown.stderr).contains("SMS_G_System_ASSET_TAG"));
    let translated = offline(s, &["translate", ASSET_RULE]);
    assert!(translated.status.success(), "{}", text(&translated.stderr));
    assert!(
        text(&translated.stdout).contains("INNER JOIN v_GS_ASSET_TAG0 AS SMS_G_System_ASSET_TAG"),
        "{}",
        text(&translated.stdout)
    );
}

#[test]
fn a_rule_over_a_custom_class_previews_offline_as_live() {
    let s = site();
    let live_rows = json(&live(&s.bridge, &["preview", ASSET_RULE, "--format", "json"]));
    let offline_rows = json(&offline(s, &["preview", ASSET_RULE, "--format", "json"]));
    assert_eq!(live_rows.as_array().map(Vec::len), Some(s.tagged));
    assert_eq!(live_rows, offline_rows);
}

#[test]
fn custom_discovery_attributes_resolve_from_the_site() {
    let s = site();
    let count = |wql: &str| -> usize {
        let out = offline(s, &["preview", "--count", wql]);
        assert!(out.status.success(), "{wql}: {}", text(&out.stderr));
        text(&out.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
    };
    let finance = (0..s.users).filter(|i| i % DEPARTMENTS.len() == 0).count();
    assert_eq!(
        count("select Name from SMS_R_User where department = 'FINANCE'"),
        finance
    );
    assert_eq!(
        count("select Name from SMS_R_User where proxyAddresses like 'smtp:alias%'"),
        s.users
    );
    let live_rows = json(&live(
        &s.bridge,
        &[
            "preview",
            "select Name, department from SMS_R_User where department = 'Sales'",
            "--format",
            "json",
        ],
    ));
    let offline_rows = json(&offline(
        s,
        &[
            "preview",
            "select Name, department from SMS_R_User where department = 'Sales'",
            "--format",
            "json",
        ],
    ));
    assert_eq!(live_rows, offline_rows);
}

#[test]
fn catalog_diff_names_what_the_site_adds_and_lacks() {
    let s = site();
    let d = json(&run(
        &["catalog", "diff", "default", path(&s.snapshot), "--format", "json"],
        None,
    ));
    let has = |k: &str, v: &str| d[k].as_array().into_iter().flatten().any(|x| x == v);
    assert!(has("classes_added", "SMS_G_System_ASSET_TAG"), "{d:#}");
    assert!(has("views_added", "v_GS_ASSET_TAG0"), "{d:#}");
    assert!(has("properties_added", "SMS_R_User.department"), "{d:#}");
    assert!(has("properties_added", "SMS_R_User.proxyAddresses"), "{d:#}");
    assert!(has("columns_added", "v_R_User.department0"), "{d:#}");
    assert!(!has("classes_removed", "SMS_R_System"), "{d:#}");
    // The same catalog compared with itself has nothing to say.
    let same = json(&run(
        &[
            "catalog",
            "diff",
            path(&s.snapshot),
            path(&s.snapshot),
            "--format",
            "json",
        ],
        None,
    ));
    for (k, v) in same.as_object().into_iter().flatten() {
        if k != "a" && k != "b" {
            assert_eq!(v.as_array().map(Vec::len), Some(0), "{k}: {v}");
        }
    }
}

#[test]
fn live_commands_read_the_maps_once_and_then_from_the_cache() {
    let s = site();
    // A cache of this test's own, so that the other tests' runs do not touch it.
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("site-cache-once");
    let _ = std::fs::remove_dir_all(&cache);
    // Which way the maps came, from `--timings`.
    let maps = |command: &str, extra: &[&str]| -> &'static str {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wqlkit"));
        cmd.args([command, ASSET_RULE, "--timings"])
            .args(cli_flags(&s.bridge))
            .args(extra)
            .env("WQLKIT_PASSWORD", &s.bridge.password)
            .env("WQLKIT_CACHE_DIR", &cache)
            .stdin(Stdio::null());
        let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
        let err = text(&out.stderr);
        assert!(out.status.success(), "{err}");
        if command == "translate" {
            assert!(
                text(&out.stdout).contains("INNER JOIN v_GS_ASSET_TAG0"),
                "{}",
                text(&out.stdout)
            );
        }
        match (err.contains("site maps (read)"), err.contains("site maps (cached)")) {
            (true, false) => "read",
            (false, true) => "cached",
            _ => panic!("{err}"),
        }
    };
    assert_eq!(maps("check", &[]), "read", "the first run reads the maps");
    assert_eq!(maps("check", &[]), "cached");
    assert_eq!(maps("translate", &[]), "cached");
    assert_eq!(maps("check", &["--refresh"]), "read");
    // A cache written under another schema stamp is read afresh.
    let file = cache
        .join("sites")
        .read_dir()
        .ok()
        .and_then(|mut d| d.next())
        .and_then(Result::ok)
        .map(|e| e.path())
        .unwrap_or_else(|| panic!("no cache file"));
    let mut entry: Json =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    // The stamp: how many columns the login sees, and when a table or view last changed.
    let stamp = entry["stamp"].as_str().unwrap_or_default().to_string();
    let (columns, changed) = stamp
        .split_once(" columns, last changed ")
        .unwrap_or_else(|| panic!("{stamp}"));
    assert!(columns.parse::<i64>().is_ok_and(|n| n > 100), "{stamp}");
    assert!(wqlkit::core::DateTime::parse(changed).is_some(), "{stamp}");
    let mut restamped = |stamp: String| {
        entry["stamp"] = Json::from(stamp);
        std::fs::write(&file, entry.to_string()).unwrap_or_else(|e| panic!("{e}"));
    };
    restamped(format!("1 columns, last changed {changed}"));
    assert_eq!(
        maps("check", &[]),
        "read",
        "a cache read when the site had other columns is replaced"
    );
    assert_eq!(maps("check", &[]), "cached");
    // As many columns, but a view altered since (a property of a custom class renamed).
    restamped(format!("{columns} columns, last changed 2001-01-01 00:00:00"));
    assert_eq!(
        maps("check", &[]),
        "read",
        "a cache read before the last change is replaced"
    );
    assert_eq!(maps("check", &[]), "cached");
}
