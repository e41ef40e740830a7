//! The collection semantics, on small hand-written sites: the documented
//! order (rules ∪ direct ∪ include, ∩ limit, − exclude), references to other
//! collections from WQL, cycles, malformed rules, and the test-file format.

use super::ruletest::{CaseResult, load, run};
use wqlkit_core::Catalog;

fn results(text: &str) -> Vec<CaseResult> {
    let catalog = Catalog::builtin();
    let fixture = load(text, catalog).unwrap_or_else(|e| panic!("{e}"));
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(run(&fixture, catalog))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Each case's actual members, by case name.
fn members(text: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
    results(text)
        .into_iter()
        .map(|r| (r.name, r.actual, r.errors))
        .collect()
}

const FLEET: &str = r#"
[[device]]
Name = "PC-001"
Client = 1
[device.SMS_G_System_OPERATING_SYSTEM]
Caption = "Microsoft Windows 10 Enterprise"

[[device]]
Name = "PC-002"
Client = 1
[device.SMS_G_System_OPERATING_SYSTEM]
Caption = "Microsoft Windows 11 Enterprise"

[[device]]
Name = "PC-003"
Client = 0

[[device]]
Name = "SRV-001"
Client = 1
ResourceID = 16777300
[device.SMS_G_System_OPERATING_SYSTEM]
Caption = "Microsoft Windows Server 2022 Standard"

[[user]]
UniqueUserName = "CONTOSO\\alice"
UserName = "alice"

[[user]]
UniqueUserName = "CONTOSO\\bob"
UserName = "bob"
"#;

#[test]
fn union_then_limit_then_exclude_and_exclude_wins() {
    let text = format!(
        r#"{FLEET}
[[collection]]
id = "CON00001"
name = "Clients"
query = ["select * from SMS_R_System where Client = 1"]

[[collection]]
id = "CON00002"
name = "Servers"
query = ["select * from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID where SMS_G_System_OPERATING_SYSTEM.Caption like '%Server%'"]

[[collection]]
id = "CON00003"
name = "Workstation clients + PC-003, no servers"
limit = "SMS00001"
include = ["CON00001"]
direct = ["pc-003"]
exclude = ["CON00002"]

[[collection]]
id = "CON00004"
name = "Limited to clients"
limit = "CON00001"
direct = ["PC-003", "PC-002"]

[[case]]
name = "union minus exclude"
collection = "CON00003"
members = ["PC-001", "PC-002", "PC-003"]

[[case]]
name = "limit drops a direct member outside it"
collection = "CON00004"
members = ["PC-002"]
"#
    );
    let r = results(&text);
    assert!(r.iter().all(|c| c.passed), "{r:#?}");
}

#[test]
fn wql_reads_computed_membership_of_other_collections() {
    let text = format!(
        r#"{FLEET}
[[collection]]
id = "CON00001"
query = ["select * from SMS_R_System where Client = 1"]

[[collection]]
id = "CON00002"
query = ["select * from SMS_R_System where ResourceId not in (select ResourceID from SMS_CM_RES_COLL_CON00001)"]

[[collection]]
id = "CON00003"
query = ["select * from SMS_R_System where ResourceId in (select ResourceID from SMS_FullCollectionMembership where CollectionID = 'CON00001') and Name like 'PC%'"]

[[case]]
name = "not in clients"
collection = "CON00002"
members = ["PC-003"]

[[case]]
name = "in clients, named PC"
collection = "CON00003"
members = ["PC-001", "PC-002"]
"#
    );
    let r = results(&text);
    assert!(r.iter().all(|c| c.passed), "{r:#?}");
}

#[test]
fn a_cycle_is_an_error_naming_it() {
    let text = format!(
        r#"{FLEET}
[[collection]]
id = "CON00001"
include = ["CON00002"]

[[collection]]
id = "CON00002"
limit = "CON00001"

[[case]]
name = "cycle"
collection = "CON00002"
members = []
"#
    );
    let r = results(&text);
    assert!(!r[0].passed);
    let e = r[0].errors.join(" ");
    assert!(
        e.contains("cycle") && e.contains("CON00001") && e.contains("CON00002"),
        "{e}"
    );
}

#[test]
fn a_malformed_rule_gives_no_members_and_says_why() {
    let text = format!(
        r#"{FLEET}
[[collection]]
id = "CON00001"
query = ["select * from SMS_R_System where Clinet = 1", "select Name from SMS_R_System"]
direct = ["PC-001"]

[[case]]
name = "only the direct member"
collection = "CON00001"
members = ["PC-001"]
"#
    );
    let r = members(&text);
    assert_eq!(r[0].1, vec!["PC-001".to_string()]);
    let e = r[0].2.join("\n");
    assert!(e.contains("Clinet") && e.contains("Client"), "{e}");
    assert!(e.contains("does not select ResourceID"), "{e}");
}

#[test]
fn user_collections_take_users_by_unique_or_short_name() {
    let text = format!(
        r#"{FLEET}
[[collection]]
id = "CON00001"
type = "user"
query = ["select * from SMS_R_User where UserName = 'ALICE'"]
direct = ["bob", "PC-001"]

[[case]]
name = "users"
collection = "CON00001"
members = ["CONTOSO\\alice", "CONTOSO\\bob"]
"#
    );
    let r = members(&text);
    assert_eq!(r[0].1, vec!["CONTOSO\\alice".to_string(), "CONTOSO\\bob".to_string()]);
    // PC-001 is a device: a user collection cannot hold it.
    assert!(r[0].2.iter().any(|e| e.contains("PC-001")), "{:?}", r[0].2);
}

#[test]
fn a_failing_case_lists_missing_and_unexpected_members_with_reasons() {
    let text = format!(
        r#"{FLEET}
[[case]]
name = "windows 10"
wql = "select * from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID where SMS_G_System_OPERATING_SYSTEM.Caption like '%Windows 1_ %'"
members = ["PC-001", "PC-003"]
"#
    );
    let r = results(&text);
    let c = &r[0];
    assert!(!c.passed);
    assert_eq!(c.actual, vec!["PC-001", "PC-002"]);
    assert_eq!(
        c.missing.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        vec!["PC-003"]
    );
    assert_eq!(
        c.unexpected.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        vec!["PC-002"]
    );
    let why = serde_json::to_value(&c.unexpected[0].why).expect("json");
    assert_eq!(why["member"], true);
    assert_eq!(why["condition"]["truth"], "true");
    assert_eq!(
        why["condition"]["values"][0],
        "SMS_G_System_OPERATING_SYSTEM.Caption = 'Microsoft Windows 11 Enterprise'"
    );
    let missing = serde_json::to_value(&c.missing[0].why).expect("json");
    // PC-003 has no operating system row: the inner join drops it.
    assert_eq!(missing["rows"], 0);
    assert_eq!(missing["member"], false);
}

#[test]
fn unknown_classes_and_properties_are_errors_with_suggestions() {
    let catalog = Catalog::builtin();
    let bad = |text: &str| match load(text, catalog) {
        Ok(_) => panic!("loaded: {text}"),
        Err(e) => e,
    };
    let e = bad("[[device]]\nNmae = \"PC-1\"\n");
    assert!(e.contains("Nmae") && e.contains("did you mean Name"), "{e}");
    let e = bad("[[device]]\nName = \"PC-1\"\n[device.SMS_G_System_OPERATING_SYTSEM]\nCaption = \"x\"\n");
    assert!(e.contains("SMS_G_System_OPERATING_SYSTEM"), "{e}");
    let e = bad("[[SMS_SoftwareUpdat]]\nCI_ID = 1\n");
    assert!(e.contains("SMS_SoftwareUpdate"), "{e}");
    let e = bad("[[case]]\nname = \"x\"\nmembers = []\n");
    assert!(e.contains("either wql or collection"), "{e}");
}

#[test]
fn site_scoped_classes_and_dates_load() {
    let text = r#"
now = "2026-11-01 08:00:00"

[[device]]
Name = "PC-001"
[device.SMS_G_System_WORKSTATION_STATUS]
LastHardwareScan = 2026-10-30T08:00:00

[[device]]
Name = "PC-002"
[device.SMS_G_System_WORKSTATION_STATUS]
LastHardwareScan = "2026-09-01 08:00:00"

[[SMS_SoftwareUpdate]]
CI_ID = 1001
ArticleID = "979559"

[[case]]
name = "scanned in the last 14 days"
wql = "select * from SMS_R_System inner join SMS_G_System_WORKSTATION_STATUS on SMS_G_System_WORKSTATION_STATUS.ResourceID = SMS_R_System.ResourceId where DateDiff(dd, SMS_G_System_WORKSTATION_STATUS.LastHardwareScan, GetDate()) < 14"
members = ["PC-001"]

[[case]]
name = "an update exists"
wql = "select * from SMS_R_System where exists_not_needed = 1"
excludes = []
contains = []
members = []
"#;
    // The second case names a property that does not exist: it fails with the binder's message.
    let r = results(text);
    assert!(r[0].passed, "{:#?}", r[0]);
    assert!(!r[1].passed);
    assert!(r[1].errors[0].contains("exists_not_needed"), "{:?}", r[1].errors);
}
