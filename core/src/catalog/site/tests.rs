use super::*;
use crate::catalog::Origin;

/// The rows of `core/testdata/site_maps/<name>.csv`, by column name.
fn rows(name: &str) -> Vec<HashMap<String, String>> {
    let path = format!("{}/testdata/site_maps/{name}.csv", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

fn int(r: &HashMap<String, String>, k: &str) -> Option<i64> {
    r.get(k).and_then(|v| v.parse().ok())
}

fn text(r: &HashMap<String, String>, k: &str) -> String {
    r.get(k).cloned().unwrap_or_default()
}

fn fixture() -> SiteMaps {
    SiteMaps {
        resources: rows("v_ResourceMap")
            .iter()
            .map(|r| ResourceMapRow {
                resource_type: int(r, "ResourceType").unwrap_or_default(),
                display_name: text(r, "DisplayName"),
                resource_class_name: text(r, "ResourceClassName"),
            })
            .collect(),
        groups: rows("v_GroupMap")
            .iter()
            .map(|r| GroupMapRow {
                group_id: int(r, "GroupID").unwrap_or_default(),
                resource_type: int(r, "ResourceType").unwrap_or_default(),
                display_name: text(r, "DisplayName"),
                inv_class_name: text(r, "InvClassName"),
                inv_history_class_name: Some(text(r, "InvHistoryClassName")),
                mif_class: text(r, "MIFClass"),
            })
            .collect(),
        group_attributes: rows("v_GroupAttributeMap")
            .iter()
            .map(|r| GroupAttributeRow {
                group_id: int(r, "GroupID").unwrap_or_default(),
                attribute_name: text(r, "AttributeName"),
                column_name: text(r, "ColumnName"),
            })
            .collect(),
        columns: rows("information_schema_columns")
            .iter()
            .map(|r| SiteColumn {
                schema: text(r, "TABLE_SCHEMA"),
                view: text(r, "TABLE_NAME"),
                column: text(r, "COLUMN_NAME"),
                position: int(r, "ORDINAL_POSITION").unwrap_or_default(),
                data_type: text(r, "DATA_TYPE"),
                max_length: int(r, "CHARACTER_MAXIMUM_LENGTH"),
                precision: int(r, "NUMERIC_PRECISION"),
                scale: int(r, "NUMERIC_SCALE"),
            })
            .collect(),
        approximate_types: false,
    }
}

fn site() -> (SiteCatalog, Catalog) {
    let site = build(&fixture(), Catalog::builtin());
    let merged = Catalog::builtin()
        .with_site(&site.file)
        .unwrap_or_else(|e| panic!("{e}"));
    (site, merged)
}

fn props(c: &ClassDef) -> Vec<(String, WmiType, String, Option<String>)> {
    c.properties
        .iter()
        .map(|p| (p.name.clone(), p.wmi_type, p.column.clone(), p.array_view.clone()))
        .collect()
}

fn prop(name: &str, t: WmiType, column: &str) -> (String, WmiType, String, Option<String>) {
    (name.into(), t, column.into(), None)
}

#[test]
fn a_custom_inventory_class_comes_from_the_group_maps() {
    let (_, c) = site();
    let class = c
        .class("SMS_G_System_ASSET_TAG")
        .unwrap_or_else(|| panic!("no custom class"));
    assert_eq!(
        (class.view.as_str(), class.kind),
        ("v_GS_ASSET_TAG0", ClassKind::Inventory)
    );
    assert_eq!(class.resource_column.as_deref(), Some("ResourceID"));
    // The standard columns, then the attributes the site maps (Notes has no
    // column in the view and is left out), typed from the view's columns.
    assert_eq!(
        props(class),
        [
            prop("ResourceID", WmiType::Uint32, "ResourceID"),
            prop("GroupID", WmiType::Uint32, "GroupID"),
            prop("RevisionID", WmiType::Uint32, "RevisionID"),
            prop("AgentID", WmiType::Uint32, "AgentID"),
            prop("TimeStamp", WmiType::Datetime, "TimeStamp"),
            prop("AssetTag", WmiType::String, "AssetTag0"),
            prop("Owner", WmiType::String, "Owner0"),
            prop("PurchaseDate", WmiType::Datetime, "PurchaseDate0"),
            prop("Retired", WmiType::Boolean, "Retired0"),
        ]
    );
    let history = c
        .class("SMS_GH_System_ASSET_TAG")
        .unwrap_or_else(|| panic!("no history class"));
    assert_eq!(
        (history.view.as_str(), history.kind, history.properties.len()),
        ("v_HS_ASSET_TAG0", ClassKind::InventoryHistory, 7)
    );
    assert_eq!(
        c.view("v_GS_ASSET_TAG0").map(|v| v.key.clone()),
        Some(vec!["ResourceID".into(), "GroupID".into()])
    );
    assert_eq!(c.class_origin("SMS_G_System_ASSET_TAG"), &Origin::Site);
    assert_eq!(c.view_origin("v_GS_ASSET_TAG0"), &Origin::Site);
}

#[test]
fn discovery_attributes_the_default_lacks_come_from_the_views() {
    let (_, c) = site();
    let user = c.class("SMS_R_User").unwrap_or_else(|| unreachable!());
    let find = |n: &str| {
        user.property(n)
            .map(|p| (p.wmi_type, p.column.clone(), p.array_view.clone()))
    };
    assert_eq!(find("department"), Some((WmiType::String, "department0".into(), None)));
    assert_eq!(find("manager"), Some((WmiType::String, "manager0".into(), None)));
    assert_eq!(
        find("employeeNumber"),
        Some((WmiType::Uint32, "employeeNumber0".into(), None))
    );
    assert_eq!(
        find("proxyAddresses"),
        Some((
            WmiType::String,
            "proxyAddresses0".into(),
            Some("v_RA_User_proxyAddresses".into())
        ))
    );
    // The default's properties the site has are kept, and theirs is the default's origin.
    assert_eq!(find("Name"), Some((WmiType::String, "Name0".into(), None)));
    assert_eq!(c.property_origin("SMS_R_User", "Name"), &Origin::Default);
    assert_eq!(c.property_origin("SMS_R_User", "department"), &Origin::Site);
    assert_eq!(c.column_origin("v_R_User", "manager0"), &Origin::Site);
    assert_eq!(c.column_origin("v_R_User", "Name0"), &Origin::Default);
    // Found by the naming rule, so the binder warns where a query uses them.
    let inferred = |class: &str, p: &str| c.class(class).and_then(|cl| cl.property(p)).map(PropertyDef::inferred);
    assert_eq!(inferred("SMS_R_User", "department"), Some(true));
    assert_eq!(inferred("SMS_R_User", "proxyAddresses"), Some(true));
    assert_eq!(inferred("SMS_R_User", "Name"), Some(false));
    assert_eq!(inferred("SMS_G_System_ASSET_TAG", "AssetTag"), Some(false));
    let system = c.class("SMS_R_System").unwrap_or_else(|| unreachable!());
    assert_eq!(
        system.property("managedBy").map(|p| p.column.as_str()),
        Some("managedBy0")
    );
    // The standard array attribute is the default's, not a second one.
    assert!(system.property("System_OU_Name").is_none());
    assert_eq!(
        system.property("SystemOUName").and_then(|p| p.array_view.as_deref()),
        Some("v_RA_System_SystemOUName")
    );
}

#[test]
fn the_site_schema_is_exactly_the_sites() {
    let (site, c) = site();
    // The default's properties whose columns the site lacks are gone, with a note.
    let system = c.class("SMS_R_System").unwrap_or_else(|| unreachable!());
    assert!(system.property("LastLogonTimestamp").is_none());
    assert!(
        site.notes
            .iter()
            .any(|n| n.contains("SMS_R_System.LastLogonTimestamp") && n.contains("not on the site")),
        "{:?}",
        site.notes
    );
    // A view the maps do not describe is still the site's: reports read it.
    let status = c
        .view("v_StatusMessage")
        .unwrap_or_else(|| panic!("no v_StatusMessage"));
    assert_eq!(
        status
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.sql_type.to_string()))
            .collect::<Vec<_>>(),
        [
            ("RecordID", "bigint".to_string()),
            ("MessageID", "int".into()),
            ("MachineName", "nvarchar(128)".into()),
            ("Time", "datetime".into())
        ]
    );
    // The default's datetime is kept where the site says text, with a note.
    assert_eq!(
        c.view("v_R_System")
            .and_then(|v| v.column("Creation_Date0"))
            .map(|c| c.sql_type),
        Some(SqlType::DateTime)
    );
    assert!(
        site.notes
            .iter()
            .any(|n| n.contains("Creation_Date0") && n.contains("kept datetime"))
    );
    // Other schemas, tables, per-collection views and custom architectures are not classes or views.
    for absent in ["System_DISC", "v_Internal", "v_CM_RES_COLL_SMS00001"] {
        assert!(site.file.views.iter().all(|v| v.name != absent), "{absent}");
    }
    assert!(c.class("SMS_G_System_VENDORDATA").is_none());
    assert!(
        site.notes
            .iter()
            .any(|n| n.contains("VENDORDATA") && n.contains("resource type 6"))
    );
    // The inventory class the default knows keeps its mapping, narrowed to the site's columns.
    let os = c
        .class("SMS_G_System_OPERATING_SYSTEM")
        .unwrap_or_else(|| unreachable!());
    let names: Vec<&str> = os.properties.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"Caption") && names.contains(&"InstallDate"),
        "{names:?}"
    );
    assert!(!names.contains(&"BuildNumber"), "{names:?}");
}

#[test]
fn the_site_catalog_round_trips_through_its_file() {
    let (site, merged) = site();
    let text = toml::to_string(&site.file).unwrap_or_else(|e| panic!("{e}"));
    let again: CatalogFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, site.file);
    let reread = Catalog::builtin().with_site(&again).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reread.views(), merged.views());
    assert_eq!(reread.classes(), merged.classes());
}
