//! Generic views: every view of a catalog has rows, keyed to the fleet's
//! resources, history rows precede their current rows, and the classes
//! admins filter on hold plausible values.

use super::*;
use crate::tests::{Fleet, opts};
use crate::{DemoOptions, coverage, generate};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::TimestampMicrosecondType;
use std::collections::{HashMap, HashSet};
use wqlkit_core::catalog::{CatalogFile, ColumnDef};
use wqlkit_core::{Catalog, SqlType};
use wqlkit_engine::storage::sink::MemorySink;

fn col(name: &str, sql_type: SqlType) -> ColumnDef {
    ColumnDef {
        name: name.to_string(),
        sql_type,
    }
}

fn text() -> SqlType {
    SqlType::NVarChar(Some(255))
}

fn view(name: &str, key: &[&str], columns: Vec<ColumnDef>) -> ViewDef {
    ViewDef {
        name: name.to_string(),
        key: key.iter().map(|k| k.to_string()).collect(),
        confidence: None,
        columns,
    }
}

/// An inventory view in the default catalog's generated shape.
fn inventory(name: &str, properties: &[(&str, SqlType)]) -> ViewDef {
    let mut columns = vec![
        col("ResourceID", SqlType::Int),
        col("GroupID", SqlType::Int),
        col("RevisionID", SqlType::Int),
        col("AgentID", SqlType::Int),
        col("TimeStamp", SqlType::DateTime),
    ];
    columns.extend(properties.iter().map(|(n, t)| col(n, *t)));
    view(name, &["ResourceID", "GroupID"], columns)
}

/// The built-in catalog, with the views of `extra` added where it lacks them
/// and the columns of `extra`'s views added to its views of the same name.
fn extended(extra: Vec<ViewDef>) -> Catalog {
    let builtin = Catalog::builtin();
    let mut views = builtin.views().to_vec();
    for x in extra {
        match views.iter_mut().find(|v| v.name.eq_ignore_ascii_case(&x.name)) {
            Some(v) => {
                for c in x.columns {
                    if v.column(&c.name).is_none() {
                        v.columns.push(c);
                    }
                }
            }
            None => views.push(x),
        }
    }
    let mut catalog = Catalog::default();
    catalog
        .add(CatalogFile {
            views,
            classes: builtin.classes().to_vec(),
            families: builtin.families().to_vec(),
            client_classes: builtin.client_classes().to_vec(),
            ..CatalogFile::default()
        })
        .expect("extended catalog");
    catalog
}

fn generate_over(catalog: &Catalog, o: &DemoOptions) -> Fleet {
    let mut sink = MemorySink::default();
    generate(catalog, o, &mut sink).expect("generate");
    Fleet::new(sink)
}

fn ids(f: &Fleet, view: &str) -> HashSet<i64> {
    f.ints(view, "ResourceID").into_iter().flatten().collect()
}

fn times(f: &Fleet, view: &str, column: &str) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    for b in f.batches(view) {
        let i = b
            .schema()
            .fields()
            .iter()
            .position(|x| x.name().eq_ignore_ascii_case(column))
            .unwrap_or_else(|| panic!("{view}.{column}"));
        let a = b.column(i).as_primitive::<TimestampMicrosecondType>();
        out.extend((0..a.len()).map(|k| (!a.is_null(k)).then(|| a.value(k))));
    }
    out
}

/// Views of shapes the built-in catalog may lack, so the test sees them
/// whatever the catalog holds.
fn unseen_views() -> Vec<ViewDef> {
    let int = SqlType::Int;
    vec![
        inventory("v_GS_WINDOWSUPDATEAGENTVERSION", &[("Version0", text())]),
        inventory("v_HS_WINDOWSUPDATEAGENTVERSION", &[("Version0", text())]),
        inventory(
            "v_GS_USER_PROFILE",
            &[
                ("LocalPath0", text()),
                ("SID0", text()),
                ("LastUseTime0", SqlType::DateTime),
            ],
        ),
        inventory(
            "v_HS_SYSTEM_ENCLOSURE",
            &[("ChassisTypes0", text()), ("Manufacturer0", text())],
        ),
        inventory("v_HS_TPM", &[("SpecVersion0", text())]),
        inventory(
            "v_GS_CONTOSO_ASSET0",
            &[("AssetTag0", text()), ("InstallDate0", text()), ("Owner0", text())],
        ),
        view(
            "v_R_UnknownSystem",
            &["ResourceID"],
            vec![
                col("ResourceID", int),
                col("Name0", text()),
                col("Decommissioned0", int),
            ],
        ),
        view(
            "v_R_IPNetwork",
            &["ResourceID"],
            vec![
                col("ResourceID", int),
                col("Subnet_Address0", text()),
                col("Subnet_Mask0", text()),
            ],
        ),
        view(
            "v_RA_System_Contoso_OU_Name",
            &["ResourceID", "Contoso_OU_Name0"],
            vec![col("ResourceID", int), col("Contoso_OU_Name0", text())],
        ),
        view(
            "v_UpdateScanStatus",
            &["ResourceID"],
            vec![
                col("ResourceID", int),
                col("LastScanState", int),
                col("LastScanTime", SqlType::DateTime),
            ],
        ),
        view(
            "v_StatusMessage",
            &["RecordID"],
            vec![
                col("RecordID", SqlType::BigInt),
                col("MachineName", text()),
                col("MessageID", int),
            ],
        ),
        view(
            "v_StatMsgInsStrings",
            &["RecordID", "InsStrIndex"],
            vec![
                col("RecordID", SqlType::BigInt),
                col("InsStrIndex", int),
                col("InsStrValue", text()),
            ],
        ),
        view(
            "v_CIAssignmentToCI",
            &["AssignmentID", "CI_ID"],
            vec![col("AssignmentID", int), col("CI_ID", int)],
        ),
        view("v_SiteStatus", &[], vec![col("SiteCode", text()), col("Status", int)]),
        // AD discovery extended with departments, managers and custom OU attributes.
        view(
            "v_R_User",
            &["ResourceID"],
            vec![
                col("department0", text()),
                col("manager0", text()),
                col("title0", text()),
            ],
        ),
        view(
            "v_R_System",
            &["ResourceID"],
            vec![
                col("managedBy0", text()),
                col("extensionAttribute10", text()),
                col("Contoso_OU0", text()),
            ],
        ),
    ]
}

/// The fleet every test here reads: 120 devices over the extended catalog.
fn fleet() -> &'static (Catalog, Fleet) {
    static F: std::sync::OnceLock<(Catalog, Fleet)> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let catalog = extended(unseen_views());
        let fleet = generate_over(&catalog, &opts(120, 1));
        (catalog, fleet)
    })
}

#[test]
fn every_view_of_the_default_catalog_has_rows_of_the_fleets_resources() {
    let catalog = Catalog::builtin();
    // The 100-device fleet of the other tests: a fleet that small lacks some
    // rare hand-written rows (devices in the Computers container).
    let f = crate::tests::fleet();
    let devices = ids(f, "v_R_System");
    let users = ids(f, "v_R_User");
    let groups = ids(f, "v_R_UserGroup");
    let inventoried = ids(f, "v_GS_WORKSTATION_STATUS");
    assert!(!inventoried.is_empty() && inventoried.is_subset(&devices));
    for v in catalog.views() {
        assert!(f.rows(&v.name) > 0, "{} has no rows", v.name);
        let name = v.name.to_ascii_lowercase();
        let allowed: &HashSet<i64> = if name.starts_with("v_gs_") || name.starts_with("v_hs_") {
            &inventoried
        } else if name.starts_with("v_r_usergroup") || name.starts_with("v_ra_usergroup_") {
            &groups
        } else if name.starts_with("v_r_user") || name.starts_with("v_ra_user_") {
            &users
        } else if name.starts_with("v_r_system") || name.starts_with("v_ra_system_") {
            &devices
        } else {
            continue;
        };
        for c in ["ResourceID", "MachineID"] {
            if v.column(c).is_none() {
                continue;
            }
            for id in f.ints(&v.name, c) {
                let id = id.unwrap_or_else(|| panic!("NULL {c} in {}", v.name));
                assert!(
                    allowed.contains(&id),
                    "{}.{c} = {id} is not one of its resources",
                    v.name
                );
            }
        }
    }
}

#[test]
fn unseen_views_are_filled_from_the_description() {
    let (catalog, f) = fleet();
    let generic: HashSet<String> = coverage(catalog)
        .into_iter()
        .filter(|(_, specific)| !specific)
        .map(|(v, _)| v.to_ascii_lowercase())
        .collect();
    for v in catalog.views() {
        assert!(f.rows(&v.name) > 0, "{} has no rows", v.name);
    }
    let devices = ids(f, "v_R_System");
    let inventoried = ids(f, "v_GS_WORKSTATION_STATUS");
    // Inventory: every inventoried device once in a one-instance class, and a
    // custom class in the shape of a site's own.
    assert!(generic.contains("v_gs_contoso_asset0"));
    assert_eq!(ids(f, "v_GS_CONTOSO_ASSET0"), inventoried);
    assert_eq!(f.rows("v_GS_CONTOSO_ASSET0"), inventoried.len());
    let profiles = ids(f, "v_GS_USER_PROFILE");
    assert!(profiles.is_subset(&inventoried) && f.rows("v_GS_USER_PROFILE") >= 2 * profiles.len());
    let paths = f.strs("v_GS_USER_PROFILE", "LocalPath0");
    assert!(paths.iter().flatten().all(|p| p.starts_with("C:\\Users\\")));
    // Discovery: the site's unknown computers and its offices' subnets.
    let unknown = f.strs("v_R_UnknownSystem", "Name0");
    assert_eq!(unknown.len(), 2);
    assert!(unknown.iter().flatten().all(|n| n.contains("Unknown Computer")));
    assert!(ids(f, "v_R_UnknownSystem").is_disjoint(&devices));
    let subnets = f.strs("v_R_IPNetwork", "Subnet_Address0");
    assert!(subnets.iter().flatten().all(|s| s.starts_with("10.")));
    let client_subnets: HashSet<String> = f
        .strs("v_RA_System_IPSubnets", "IP_Subnets0")
        .into_iter()
        .flatten()
        .filter(|s| s.starts_with("10."))
        .collect();
    let known: HashSet<String> = subnets.into_iter().flatten().collect();
    assert!(
        client_subnets.is_subset(&known),
        "{client_subnets:?} not all in {known:?}"
    );
    // Scan status rows are the clients'; status messages name devices.
    let clients: HashSet<i64> = f
        .ints("v_R_System", "ResourceID")
        .into_iter()
        .zip(f.ints("v_R_System", "Client0"))
        .filter(|(_, c)| *c == Some(1))
        .filter_map(|(r, _)| r)
        .collect();
    assert_eq!(ids(f, "v_UpdateScanStatus"), clients);
    let names: HashSet<String> = f.strs("v_R_System", "Netbios_Name0").into_iter().flatten().collect();
    assert!(
        f.strs("v_StatusMessage", "MachineName")
            .iter()
            .flatten()
            .all(|n| names.contains(n))
    );
    let records = f.ints("v_StatusMessage", "RecordID");
    assert_eq!(
        records.iter().collect::<HashSet<_>>().len(),
        records.len(),
        "RecordID is a key"
    );
    let messages: HashSet<i64> = records.into_iter().flatten().collect();
    let strings: HashSet<i64> = f
        .ints("v_StatMsgInsStrings", "RecordID")
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(strings, messages, "insertion strings belong to status messages");
    assert_eq!(f.strs("v_SiteStatus", "SiteCode"), [Some("CON".to_string())]);
    // A deployment's updates: the deployments' and the updates' IDs.
    let known = |view: &str, column: &str| -> HashSet<i64> { f.ints(view, column).into_iter().flatten().collect() };
    let pairs = f.rows("v_CIAssignmentToCI");
    assert!(known("v_CIAssignmentToCI", "AssignmentID").is_subset(&known("v_CIAssignment", "AssignmentID")));
    assert!(known("v_CIAssignmentToCI", "CI_ID").is_subset(&known("v_UpdateInfo", "CI_ID")));
    assert!(pairs > f.rows("v_CIAssignment") && f.ints("v_CIAssignmentToCI", "CI_ID").iter().all(Option::is_some));
}

#[test]
fn history_rows_are_earlier_revisions_of_the_current_rows() {
    let (catalog, f) = fleet();
    let mut checked = 0;
    for v in catalog.views() {
        let name = v.name.to_ascii_lowercase();
        let Some(class) = name.strip_prefix("v_hs_") else {
            continue;
        };
        let current = format!("v_gs_{class}");
        // The hand-written history views keep their own numbering.
        if coverage(catalog)
            .iter()
            .any(|(n, specific)| *specific && n.eq_ignore_ascii_case(&v.name))
            || catalog.views().iter().all(|x| !x.name.eq_ignore_ascii_case(&current))
        {
            continue;
        }
        let key = |view: &str| -> Vec<(i64, i64)> {
            f.ints(view, "ResourceID")
                .into_iter()
                .zip(f.ints(view, "GroupID"))
                .map(|(r, g)| (r.unwrap_or(-1), g.unwrap_or(-1)))
                .collect()
        };
        let now: HashMap<(i64, i64), (i64, i64)> = key(&current)
            .into_iter()
            .zip(f.ints(&current, "RevisionID"))
            .zip(times(f, &current, "TimeStamp"))
            .map(|((k, r), t)| (k, (r.unwrap_or(0), t.unwrap_or(0))))
            .collect();
        let history = key(&v.name)
            .into_iter()
            .zip(f.ints(&v.name, "RevisionID"))
            .zip(times(f, &v.name, "TimeStamp"));
        for ((k, r), t) in history {
            let (r, t) = (r.expect("revision"), t.expect("time"));
            let (cr, ct) = now
                .get(&k)
                .unwrap_or_else(|| panic!("{}: {k:?} has no current row", v.name));
            assert!(
                r >= 1 && r < *cr && t < *ct,
                "{}: {k:?} revision {r} at {t} vs {cr} at {ct}",
                v.name
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} history rows");
}

#[test]
fn the_classes_admins_filter_on_hold_plausible_values() {
    let (_, f) = fleet();
    // Chassis types: the documented codes, laptops and desktops among them.
    let codes: HashSet<i64> = GENERIC.chassis_codes().map(|(c, _)| c).collect();
    for view in ["v_GS_SYSTEM_ENCLOSURE", "v_HS_SYSTEM_ENCLOSURE"] {
        let seen: HashSet<i64> = f
            .strs(view, "ChassisTypes0")
            .into_iter()
            .flatten()
            .map(|c| c.parse().unwrap_or_else(|_| panic!("{view}: chassis {c}")))
            .collect();
        assert!(seen.is_subset(&codes), "{view}: {seen:?}");
        assert!(view.starts_with("v_HS") || seen.contains(&10) && seen.contains(&3));
    }
    // TPM spec versions.
    for view in ["v_GS_TPM", "v_HS_TPM"] {
        let specs = f.strs(view, "SpecVersion0");
        assert!(
            !specs.is_empty()
                && specs
                    .iter()
                    .flatten()
                    .all(|s| s.starts_with("2.0, ") || s.starts_with("1.2, "))
        );
    }
    // Disk sizes (MB): 60 GB to 4 TB.
    let sizes = f.ints("v_GS_DISK", "Size0");
    assert!(sizes.iter().flatten().all(|s| (55_000..=4_000_000).contains(s)));
    // The Windows Update agent's version follows the device's build.
    let build: HashMap<i64, String> = f
        .ints("v_GS_OPERATING_SYSTEM", "ResourceID")
        .into_iter()
        .zip(f.strs("v_GS_OPERATING_SYSTEM", "BuildNumber0"))
        .filter_map(|(r, b)| Some((r?, b?)))
        .collect();
    let agents = f
        .ints("v_GS_WINDOWSUPDATEAGENTVERSION", "ResourceID")
        .into_iter()
        .zip(f.strs("v_GS_WINDOWSUPDATEAGENTVERSION", "Version0"));
    let mut n = 0;
    for (r, v) in agents {
        let (b, v) = (&build[&r.expect("rid")], v.expect("version"));
        let expect = match b.as_str() {
            "7601" => "7.6.7601.",
            "9600" => "7.9.9600.",
            "22621" | "22631" | "26100" => "",
            _ => "10.0.",
        };
        assert!(
            v.starts_with(expect) && v.split('.').count() == 4,
            "build {b}: agent {v}"
        );
        n += 1;
    }
    assert_eq!(n, build.len());
}

#[test]
fn directory_extensions_name_departments_managers_and_ous() {
    let (_, f) = fleet();
    let departments: HashSet<&str> = crate::data::DEPTS.iter().map(|d| d.name.as_str()).collect();
    let dns = f.strs("v_R_User", "Distinguished_Name0");
    let all_dns: HashSet<&String> = dns.iter().flatten().collect();
    let mut managed = 0;
    for ((dept, manager), (dn, title)) in f
        .strs("v_R_User", "department0")
        .iter()
        .zip(f.strs("v_R_User", "manager0"))
        .zip(dns.iter().zip(f.strs("v_R_User", "title0")))
    {
        assert!(departments.contains(dept.as_deref().expect("department")));
        assert!(title.is_some());
        if let Some(m) = manager {
            assert!(all_dns.contains(&m) && Some(&m) != dn.as_ref(), "manager {m} of {dn:?}");
            managed += 1;
        }
    }
    assert!(
        managed > dns.len() / 2,
        "{managed} of {} users have a manager",
        dns.len()
    );
    // Custom OU attributes: the deepest OU, and every OU on the path.
    let ous: HashMap<i64, Vec<String>> = f
        .ints("v_RA_System_SystemOUName", "ResourceID")
        .into_iter()
        .zip(f.strs("v_RA_System_SystemOUName", "System_OU_Name0"))
        .fold(HashMap::new(), |mut m, (r, o)| {
            m.entry(r.expect("rid")).or_default().push(o.expect("ou"));
            m
        });
    let custom: HashMap<i64, Vec<String>> = f
        .ints("v_RA_System_Contoso_OU_Name", "ResourceID")
        .into_iter()
        .zip(f.strs("v_RA_System_Contoso_OU_Name", "Contoso_OU_Name0"))
        .fold(HashMap::new(), |mut m, (r, o)| {
            m.entry(r.expect("rid")).or_default().push(o.expect("ou"));
            m
        });
    assert_eq!(custom, ous);
    for (r, ou) in f
        .ints("v_R_System", "ResourceID")
        .into_iter()
        .zip(f.strs("v_R_System", "Contoso_OU0"))
    {
        let deepest = ous.get(&r.expect("rid")).and_then(|o| o.iter().max_by_key(|x| x.len()));
        assert_eq!(ou.as_ref(), deepest);
    }
    assert!(
        f.strs("v_R_System", "managedBy0")
            .iter()
            .flatten()
            .all(|m| m.starts_with("CN="))
    );
}

#[test]
fn rows_rules_decide_from_names_and_columns() {
    let set = |v: &ViewDef| rows_rule(&v.name, v).set;
    let rid = || col("ResourceID", SqlType::Int);
    let coll = |n: &str| col(n, SqlType::NVarChar(Some(8)));
    assert_eq!(set(&inventory("v_GS_ANYTHING", &[])), RowSet::Inventoried);
    assert_eq!(set(&inventory("v_HS_ANYTHING", &[])), RowSet::History);
    assert_eq!(set(&view("v_RA_User_Things", &[], vec![rid()])), RowSet::Users);
    assert_eq!(set(&view("v_RA_System_Things", &[], vec![rid()])), RowSet::Devices);
    assert_eq!(set(&view("v_R_UserGroup", &[], vec![rid()])), RowSet::Groups);
    assert_eq!(
        set(&view(
            "v_CollectionDeps",
            &[],
            vec![coll("DependentCollectionID"), coll("SourceCollectionID")]
        )),
        RowSet::Dependencies
    );
    assert_eq!(
        set(&view("v_Collections", &[], vec![coll("CollectionID")])),
        RowSet::Collections
    );
    assert_eq!(set(&view("v_ClientHealthState", &[], vec![rid()])), RowSet::Clients);
    assert_eq!(
        set(&view("v_Whatever", &[], vec![col("CI_ID", SqlType::Int)])),
        RowSet::Updates
    );
    assert_eq!(
        set(&view("v_Whatever", &[], vec![col("X", SqlType::Int)])),
        RowSet::Site
    );
}

#[test]
fn generic_values_are_pure_functions_of_the_seed() {
    let catalog = extended(unseen_views());
    let a = generate_over(&catalog, &opts(50, 9));
    crate::site::THREADS.store(3, std::sync::atomic::Ordering::Relaxed);
    let b = generate_over(&catalog, &opts(50, 9));
    crate::site::THREADS.store(0, std::sync::atomic::Ordering::Relaxed);
    let c = generate_over(&catalog, &opts(50, 10));
    for v in [
        "v_GS_USER_PROFILE",
        "v_HS_WINDOWSUPDATEAGENTVERSION",
        "v_R_User",
        "v_StatusMessage",
    ] {
        assert_eq!(a.batches(v), b.batches(v), "{v}");
        assert_ne!(a.batches(v), c.batches(v), "{v} does not depend on the seed");
    }
}
