//! SQL Server semantics of the lowering (`crate::lower`), each on
//! rows built for the purpose and run through the `Engine`.

use crate::Engine;
use crate::storage::fixture::batch_from_json;
use crate::storage::schema::view_schema;
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::Int32Type;
use serde_json::json;
use wqlkit_core::{Catalog, DateTime, SchemaProvider};
use wqlkit_wql::{BindOptions, compile};

fn catalog() -> Catalog {
    Catalog::from_toml(wqlkit_core::testing::MINI_CATALOG).unwrap_or_else(|e| panic!("{e}"))
}

fn engine(catalog: &Catalog, tables: &[(&str, serde_json::Value)]) -> Engine {
    let mut views = Vec::new();
    for v in catalog.views() {
        let rows = tables
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&v.name))
            .map(|(_, r)| r.clone())
            .unwrap_or(json!([]));
        let rows = rows.as_array().cloned().unwrap_or_default();
        let batch = batch_from_json(v, &rows).unwrap_or_else(|e| panic!("{e}"));
        views.push((v.name.clone(), view_schema(v), vec![batch]));
    }
    let now = DateTime::parse("2024-03-01 12:00:00").unwrap_or_else(|| unreachable!());
    Engine::from_memory(views, now).unwrap_or_else(|e| panic!("{e}"))
}

fn fleet() -> Engine {
    let c = catalog();
    engine(
        &c,
        &[
            (
                "v_R_System",
                json!([
                    {"ResourceID": 1, "Name0": "PC-01", "Client0": 1, "Creation_Date0": "2024-01-01 00:00:00", "Is_Virtual_Machine0": 0},
                    {"ResourceID": 2, "Name0": "pc-02 ", "Client0": 0, "Creation_Date0": "2024-02-29 23:59:00", "Is_Virtual_Machine0": 1},
                    {"ResourceID": 3, "Name0": "SRV_01"},
                    {"ResourceID": 4, "Name0": "Zoë", "Client0": 1},
                    {"ResourceID": 5, "Name0": "axb", "Client0": 1},
                    {"ResourceID": 6, "Name0": "a_b", "Client0": 1}
                ]),
            ),
            (
                "v_RA_System_SystemOUName",
                json!([
                    {"ResourceID": 1, "System_OU_Name0": "CONTOSO.COM/WORKSTATIONS"},
                    {"ResourceID": 1, "System_OU_Name0": "CONTOSO.COM/WORKSTATIONS/LONDON"},
                    {"ResourceID": 2, "System_OU_Name0": "CONTOSO.COM/SERVERS"},
                    {"ResourceID": 4, "System_OU_Name0": "contoso.com/workstations"}
                ]),
            ),
            (
                "v_Update_ComplianceStatusAll",
                json!([
                    {"ResourceID": 1, "CI_ID": 100, "Status": 2},
                    {"ResourceID": 2, "CI_ID": 100, "Status": 3},
                    {"ResourceID": 2, "CI_ID": 101, "Status": 2}
                ]),
            ),
            (
                "v_GS_ADD_REMOVE_PROGRAMS",
                json!([
                    {"ResourceID": 1, "DisplayName0": "7-Zip 19.00 (x64)", "Version0": "19.00"},
                    {"ResourceID": 1, "DisplayName0": "Google Chrome", "Version0": "120.0.6099.130"},
                    {"ResourceID": 2, "DisplayName0": "google chrome ", "Version0": "99.0.4844.51"},
                    {"ResourceID": 4, "DisplayName0": "Mozilla Firefox", "Version0": null}
                ]),
            ),
            (
                "v_FullCollectionMembership",
                json!([
                    {"CollectionID": "CON00001", "ResourceID": 1},
                    {"CollectionID": "CON00001", "ResourceID": 2},
                    {"CollectionID": "con00002", "ResourceID": 3}
                ]),
            ),
        ],
    )
}

async fn run(e: &Engine, wql: &str) -> Vec<i32> {
    let c = compile(wql, &catalog(), &BindOptions::default()).unwrap_or_else(|d| panic!("{wql}: {d}"));
    let batches = e
        .execute(&c.bound.plan)
        .await
        .unwrap_or_else(|err| panic!("{wql}: {err}"));
    let mut ids = Vec::new();
    for b in &batches {
        let col = b.column(0).as_primitive::<Int32Type>();
        for i in 0..col.len() {
            if !col.is_null(i) {
                ids.push(col.value(i));
            }
        }
    }
    ids
}

async fn ids(e: &Engine, wql: &str) -> Vec<i32> {
    let mut v = run(e, wql).await;
    v.sort();
    v
}

const Q: &str = "select ResourceID from SMS_R_System where ";

#[tokio::test]
async fn equality_is_case_insensitive_and_ignores_trailing_spaces() {
    let e = fleet();
    assert_eq!(ids(&e, &format!("{Q}Name = 'pc-01'")).await, vec![1]);
    assert_eq!(ids(&e, &format!("{Q}Name = 'PC-02'")).await, vec![2]);
    assert_eq!(ids(&e, &format!("{Q}Name = 'ZOË'")).await, vec![4]);
    assert_eq!(ids(&e, &format!("{Q}Name <> 'PC-01'")).await, vec![2, 3, 4, 5, 6]);
    assert_eq!(ids(&e, &format!("{Q}Name in ('pc-01', 'PC-02')")).await, vec![1, 2]);
    assert_eq!(
        ids(&e, &format!("{Q}Name not in ('pc-01', 'PC-02')")).await,
        vec![3, 4, 5, 6]
    );
    assert_eq!(ids(&e, &format!("{Q}Name between 'a' and 'b'")).await, vec![5, 6]);
}

#[tokio::test]
async fn like_follows_sql_server() {
    let e = fleet();
    assert_eq!(
        ids(&e, &format!("{Q}Name like 'pc-0_'")).await,
        vec![1],
        "trailing space is significant in LIKE"
    );
    assert_eq!(ids(&e, &format!("{Q}Name like 'pc-0_%'")).await, vec![1, 2]);
    assert_eq!(ids(&e, &format!("{Q}Name like 'a_b'")).await, vec![5, 6]);
    assert_eq!(ids(&e, &format!("{Q}Name like 'a[_]b'")).await, vec![6]);
    assert_eq!(ids(&e, &format!("{Q}Name like '[p-s]%'")).await, vec![1, 2, 3]);
    assert_eq!(ids(&e, &format!("{Q}Name like '[^ps]%'")).await, vec![4, 5, 6]);
    assert_eq!(ids(&e, &format!("{Q}Name like '[xyz]%'")).await, vec![4]);
    assert_eq!(ids(&e, &format!("{Q}Name not like '%0%'")).await, vec![4, 5, 6]);
    assert_eq!(
        ids(&e, &format!("{Q}Name like 'ZO_'")).await,
        vec![4],
        "non-ASCII, case-insensitive"
    );
    assert_eq!(ids(&e, &format!("{Q}Name like '%Ë'")).await, vec![4]);
    assert_eq!(
        ids(&e, &format!("{Q}Name like 'pc-02'")).await,
        Vec::<i32>::new(),
        "'pc-02 ' keeps its blank"
    );
}

#[tokio::test]
async fn nulls_follow_three_valued_logic() {
    let e = fleet();
    assert_eq!(
        ids(&e, &format!("{Q}Client <> 1")).await,
        vec![2],
        "NULL Client is neither 1 nor not 1"
    );
    assert_eq!(ids(&e, &format!("{Q}Client is null")).await, vec![3]);
    assert_eq!(ids(&e, &format!("{Q}not (Client = 1)")).await, vec![2]);
    assert_eq!(ids(&e, &format!("{Q}Client = NULL")).await, Vec::<i32>::new());
    assert_eq!(
        ids(&e, &format!("{Q}Client = 1 or Client is null")).await,
        vec![1, 3, 4, 5, 6]
    );
}

#[tokio::test]
async fn not_in_a_set_holding_null_is_empty() {
    let e = fleet();
    // The subselect yields 1 and 2; its LEFT JOIN form yields NULL for devices without rows.
    assert_eq!(
        ids(
            &e,
            &format!("{Q}ResourceID not in (select MachineID from SMS_UpdateComplianceStatus where Status = 2)")
        )
        .await,
        vec![3, 4, 5, 6]
    );
    assert_eq!(
        ids(
            &e,
            &format!("{Q}ResourceID in (select MachineID from SMS_UpdateComplianceStatus where Status = 2)")
        )
        .await,
        vec![1, 2]
    );
    let c = catalog();
    let with_null = engine(
        &c,
        &[
            ("v_R_System", json!([{"ResourceID": 1}, {"ResourceID": 2}])),
            (
                "v_Update_ComplianceStatusAll",
                json!([{"ResourceID": 1, "Status": 2}, {"ResourceID": null, "Status": 2}]),
            ),
        ],
    );
    assert_eq!(
        ids(
            &with_null,
            &format!("{Q}ResourceID not in (select MachineID from SMS_UpdateComplianceStatus)")
        )
        .await,
        Vec::<i32>::new()
    );
}

#[tokio::test]
async fn arrays_match_any_element() {
    let e = fleet();
    assert_eq!(
        ids(&e, &format!("{Q}SystemOUName = 'contoso.com/workstations/london'")).await,
        vec![1]
    );
    assert_eq!(
        ids(&e, &format!("{Q}SystemOUName = 'CONTOSO.COM/WORKSTATIONS'")).await,
        vec![1, 4]
    );
    assert_eq!(ids(&e, &format!("{Q}SystemOUName like '%/SERVERS'")).await, vec![2]);
    // Some element differs: device 1 has two OUs, so `<>` keeps it; devices without OUs compare NULL.
    assert_eq!(
        ids(&e, &format!("{Q}SystemOUName <> 'CONTOSO.COM/WORKSTATIONS'")).await,
        vec![1, 2]
    );
    assert_eq!(ids(&e, &format!("{Q}SystemOUName is null")).await, vec![3, 5, 6]);
    assert_eq!(
        ids(&e, &format!("{Q}SystemOUName in ('x', 'CONTOSO.COM/SERVERS')")).await,
        vec![2]
    );
    assert_eq!(
        run(&e, &format!("{Q}SystemOUName like 'CONTOSO%'")).await.len(),
        3,
        "DISTINCT: one row per device"
    );
}

#[tokio::test]
async fn dates_count_boundaries_from_the_pinned_now() {
    let e = fleet();
    // now = 2024-03-01 12:00; device 1 was created 2024-01-01 (60 days), device 2 2024-02-29 23:59 (1 day).
    assert_eq!(
        ids(&e, &format!("{Q}DateDiff(dd, CreationDate, GetDate()) >= 60")).await,
        vec![1]
    );
    assert_eq!(
        ids(&e, &format!("{Q}DateDiff(day, CreationDate, GetDate()) = 1")).await,
        vec![2]
    );
    assert_eq!(
        ids(&e, &format!("{Q}CreationDate > DateAdd(dd, -30, GetDate())")).await,
        vec![2]
    );
    assert_eq!(
        ids(&e, &format!("{Q}CreationDate < '20240201000000.000000+***'")).await,
        vec![1]
    );
    assert_eq!(ids(&e, &format!("{Q}DatePart(mm, CreationDate) = 2")).await, vec![2]);
}

#[tokio::test]
async fn joins_booleans_and_collections() {
    let e = fleet();
    let arp = "select SMS_R_System.ResourceID from SMS_R_System inner join SMS_G_System_ADD_REMOVE_PROGRAMS as arp on arp.ResourceID = SMS_R_System.ResourceID where ";
    assert_eq!(
        ids(&e, &format!("{arp}arp.DisplayName = 'GOOGLE CHROME'")).await,
        vec![1, 2]
    );
    assert_eq!(
        ids(
            &e,
            &format!("{arp}arp.DisplayName like 'google%' and arp.Version < '13'")
        )
        .await,
        vec![1],
        "versions compare as text"
    );
    assert_eq!(ids(&e, &format!("{Q}IsVirtualMachine = 'True'")).await, vec![2]);
    assert_eq!(
        ids(&e, &format!("{Q}Client = '1' and Upper(Name) like 'PC%'")).await,
        vec![1]
    );
    let coll = "select SMS_R_System.ResourceID from SMS_R_System inner join SMS_CM_RES_COLL_con00001 as c on c.ResourceID = SMS_R_System.ResourceID";
    assert_eq!(ids(&e, coll).await, vec![1, 2]);
    assert_eq!(
        ids(
            &e,
            &format!("{Q}ResourceID in (select ResourceID from SMS_CM_RES_COLL_CON00002)")
        )
        .await,
        vec![3],
        "collection IDs compare case-insensitively"
    );
}

#[tokio::test]
async fn order_by_is_case_insensitive() {
    let e = fleet();
    assert_eq!(
        run(&e, "select ResourceID from SMS_R_System order by Name").await,
        vec![6, 5, 1, 2, 3, 4]
    );
    assert_eq!(
        run(&e, "select ResourceID from SMS_R_System order by Name desc").await,
        vec![4, 3, 2, 1, 5, 6]
    );
}

#[tokio::test]
async fn count_star() {
    let e = fleet();
    let c = compile(
        "select count(*) from SMS_R_System where Client = 1",
        &catalog(),
        &BindOptions::default(),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let b = e.execute(&c.bound.plan).await.unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        b[0].column(0)
            .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
            .value(0),
        4
    );
    assert!(catalog().view("v_R_System").is_some());
}

#[tokio::test]
async fn distinct_keeps_order_by() {
    let e = fleet();
    // The array join makes the query DISTINCT; the order must survive it.
    assert_eq!(
        run(
            &e,
            "select ResourceID, Name from SMS_R_System where SystemOUName like 'contoso%' order by Name desc"
        )
        .await,
        vec![4, 2, 1]
    );
    assert_eq!(
        run(
            &e,
            "select ResourceID from SMS_R_System where SystemOUName like 'contoso%' order by Name"
        )
        .await,
        vec![1, 2, 4]
    );
}

#[tokio::test]
async fn nulls_sort_first_ascending() {
    let e = fleet();
    // Client: 1, 0, NULL, 1, 1, 1 for devices 1..6; SQL Server puts NULL lowest.
    assert_eq!(
        run(&e, "select ResourceID from SMS_R_System order by Client, ResourceID").await,
        vec![3, 2, 1, 4, 5, 6]
    );
    assert_eq!(
        run(
            &e,
            "select ResourceID from SMS_R_System order by Client desc, ResourceID"
        )
        .await,
        vec![1, 4, 5, 6, 2, 3]
    );
}

/// Whether the DataFusion plan of `wql` removes duplicates (an aggregate).
async fn deduplicates(e: &Engine, wql: &str) -> bool {
    let c = compile(wql, &catalog(), &BindOptions::default()).unwrap_or_else(|d| panic!("{wql}: {d}"));
    let plan = e
        .physical_plan(&c.bound.plan)
        .await
        .unwrap_or_else(|err| panic!("{wql}: {err}"));
    datafusion::physical_plan::displayable(plan.as_ref())
        .indent(false)
        .to_string()
        .contains("AggregateExec")
}

#[tokio::test]
async fn distinct_is_skipped_only_over_a_key_known_to_be_distinct() {
    let array = format!("{Q}SystemOUName like 'CONTOSO%'");
    let plain = "select distinct ResourceID, Name from SMS_R_System where Client = 1";
    // ResourceID rises row by row: each device's row is already distinct.
    let e = fleet();
    assert!(!deduplicates(&e, &array).await);
    assert!(!deduplicates(&e, plain).await);
    assert_eq!(run(&e, &array).await.len(), 3);
    // Without the key, DISTINCT has work to do.
    assert!(deduplicates(&e, "select distinct Client from SMS_R_System").await);
    // A device listed twice: DISTINCT stays and removes the repeat.
    let c = catalog();
    let ous = json!([
        {"ResourceID": 1, "System_OU_Name0": "CONTOSO.COM/A"},
        {"ResourceID": 2, "System_OU_Name0": "CONTOSO.COM/B"}
    ]);
    let twice = engine(
        &c,
        &[
            (
                "v_R_System",
                json!([
                    {"ResourceID": 1, "Name0": "PC-01", "Client0": 1},
                    {"ResourceID": 1, "Name0": "PC-01", "Client0": 1},
                    {"ResourceID": 2, "Name0": "PC-02", "Client0": 1}
                ]),
            ),
            ("v_RA_System_SystemOUName", ous.clone()),
        ],
    );
    assert!(deduplicates(&twice, &array).await);
    assert_eq!(ids(&twice, &array).await, vec![1, 2]);
    assert_eq!(ids(&twice, plain).await, vec![1, 2]);
    // Distinct but not in order: not known, so DISTINCT stays.
    let unordered = engine(
        &c,
        &[
            (
                "v_R_System",
                json!([{"ResourceID": 2, "Name0": "PC-02"}, {"ResourceID": 1, "Name0": "PC-01"}]),
            ),
            ("v_RA_System_SystemOUName", ous),
        ],
    );
    assert!(deduplicates(&unordered, &array).await);
    assert_eq!(ids(&unordered, &array).await, vec![1, 2]);
}
