//! A site's own catalog, built from the maps its database keeps of itself,
//! as the SMS Provider reads them:
//!
//! * `v_ResourceMap` (`ResourceType`, `DisplayName`, `ResourceClassName`):
//!   the discovery architectures and their `v_R_*` views;
//! * `v_GroupMap` (`GroupID`, `ResourceType`, `DisplayName`, `InvClassName`,
//!   `InvHistoryClassName`, `MIFClass`) and `v_GroupAttributeMap` (`GroupID`,
//!   `AttributeName`, `ColumnName`): every inventory class, custom ones
//!   included, its current and history views, and property → column;
//! * `INFORMATION_SCHEMA.COLUMNS`: every view and column the login may read,
//!   with its SQL type.
//!
//! Sources: Microsoft Learn, "Schema views in Configuration Manager" and
//! "Configuration Manager schema view mapping" (the maps, their join columns,
//! and the naming rules: `SMS_G_System_<group>` reads `v_GS_<group>`, a
//! discovery attribute `X` is the column `X0` of `v_R_<type>`, an array
//! attribute is a two-column `v_RA_<type>_<attribute>` view). The columns of
//! `v_ResourceAttributeMap` beyond `ResourceType` are not published, so
//! discovery attributes are found from the views' own columns by that rule.
//!
//! [`build`] is a pure function of the rows: the live path reads them, tests
//! give them directly.

use crate::catalog::{Catalog, CatalogFile, ClassDef, ClassKind, ColumnDef, PropertyDef, SchemaProvider, ViewDef};
use crate::types::{SqlType, WmiType};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The resource type of systems (devices) in `v_ResourceMap` and `v_GroupMap`.
pub const SYSTEM_RESOURCE_TYPE: i64 = 5;

/// How the note of a discovery attribute found by the naming rule begins;
/// the binder warns when a query uses one ([`PropertyDef::inferred`]).
pub const INFERRED: &str = "inferred by the naming rule";

/// The columns every inventory view carries besides its class's
/// properties; each is also a property of the same name.
pub const INVENTORY_KEYS: [&str; 5] = ["ResourceID", "GroupID", "RevisionID", "AgentID", "TimeStamp"];

/// A row of `v_ResourceMap` (read also under the view's column names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceMapRow {
    /// `ResourceType` (5 is System, 4 User, 3 User Group, …).
    #[serde(alias = "ResourceType")]
    pub resource_type: i64,
    /// `DisplayName`.
    #[serde(alias = "DisplayName")]
    pub display_name: String,
    /// `ResourceClassName`: the discovery view (`v_R_System`).
    #[serde(alias = "ResourceClassName")]
    pub resource_class_name: String,
}

/// A row of `v_GroupMap`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMapRow {
    /// `GroupID`.
    pub group_id: i64,
    /// `ResourceType` of the architecture the group belongs to.
    pub resource_type: i64,
    /// `DisplayName`.
    pub display_name: String,
    /// `InvClassName`: the current view (`v_GS_SYSTEM_ENCLOSURE`, `v_GS_CONTOSO_ASSET0`).
    pub inv_class_name: String,
    /// `InvHistoryClassName`: the history view (`v_HS_…`), when there is one.
    pub inv_history_class_name: Option<String>,
    /// `MIFClass`: `VENDOR|GROUP|VERSION`; the group names the class.
    pub mif_class: String,
}

/// A row of `v_GroupAttributeMap`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAttributeRow {
    /// `GroupID`.
    pub group_id: i64,
    /// `AttributeName`: the WMI property.
    pub attribute_name: String,
    /// `ColumnName`: its column in the group's views.
    pub column_name: String,
}

/// A row of `INFORMATION_SCHEMA.COLUMNS`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteColumn {
    /// `TABLE_SCHEMA`.
    pub schema: String,
    /// `TABLE_NAME`.
    pub view: String,
    /// `COLUMN_NAME`.
    pub column: String,
    /// `ORDINAL_POSITION`.
    pub position: i64,
    /// `DATA_TYPE` (`nvarchar`, `int`, …).
    pub data_type: String,
    /// `CHARACTER_MAXIMUM_LENGTH` (-1 for `max`).
    pub max_length: Option<i64>,
    /// `NUMERIC_PRECISION`.
    pub precision: Option<i64>,
    /// `NUMERIC_SCALE`.
    pub scale: Option<i64>,
}

impl SiteColumn {
    /// The column's SQL type, if wqlkit reads it.
    pub fn sql_type(&self) -> Option<SqlType> {
        let base = self.data_type.trim().to_ascii_lowercase();
        let text = match base.as_str() {
            "nvarchar" | "varchar" | "nchar" | "char" => match self.max_length {
                Some(n) if n > 0 => format!("{base}({n})"),
                _ => format!("{base}(max)"),
            },
            "decimal" | "numeric" => format!("decimal({},{})", self.precision.unwrap_or(18), self.scale.unwrap_or(0)),
            "datetime2" | "smalldatetime" | "datetimeoffset" => "datetime".into(),
            "binary" | "varbinary" | "image" | "timestamp" | "rowversion" => "varbinary(max)".into(),
            _ => base,
        };
        text.parse().ok()
    }
}

/// The rows of the site's maps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteMaps {
    /// `v_ResourceMap`.
    pub resources: Vec<ResourceMapRow>,
    /// `v_GroupMap`.
    pub groups: Vec<GroupMapRow>,
    /// `v_GroupAttributeMap`.
    pub group_attributes: Vec<GroupAttributeRow>,
    /// `INFORMATION_SCHEMA.COLUMNS`.
    pub columns: Vec<SiteColumn>,
    /// Whether the columns' types are only approximate (read back from a
    /// snapshot's files, which keep no text lengths): the base's type is then
    /// kept for every column it knows.
    #[serde(default)]
    pub approximate_types: bool,
}

impl SiteMaps {
    /// The maps a snapshot without a stored catalog implies: its views'
    /// columns, and the base's discovery classes as the architectures. There
    /// are no inventory maps, so only discovery attributes (extra columns of
    /// `v_R_` views, extra `v_RA_` views) are found.
    pub fn from_views(views: &[ViewDef], base: &Catalog) -> SiteMaps {
        let columns = views
            .iter()
            .flat_map(|v| {
                v.columns.iter().enumerate().map(|(i, c)| {
                    let (data_type, max_length, precision, scale) = match c.sql_type {
                        SqlType::NVarChar(n) => ("nvarchar".to_string(), n.map(i64::from), None, None),
                        SqlType::Decimal(p, s) => ("decimal".to_string(), None, Some(i64::from(p)), Some(i64::from(s))),
                        t => (t.to_string(), None, None, None),
                    };
                    SiteColumn {
                        schema: "dbo".into(),
                        view: v.name.clone(),
                        column: c.name.clone(),
                        position: i as i64 + 1,
                        data_type,
                        max_length,
                        precision,
                        scale,
                    }
                })
            })
            .collect();
        let resources = base
            .classes()
            .iter()
            .filter(|c| c.kind == ClassKind::Discovery && c.view.to_ascii_lowercase().starts_with("v_r_"))
            .map(|c| ResourceMapRow {
                resource_type: 0,
                display_name: c.name.clone(),
                resource_class_name: c.view.clone(),
            })
            .collect();
        SiteMaps {
            resources,
            columns,
            approximate_types: true,
            ..SiteMaps::default()
        }
    }
}

/// A site's catalog and what was noticed building it.
#[derive(Debug, Clone, Default)]
pub struct SiteCatalog {
    /// Every view the site has and every class its maps describe, complete:
    /// merged over a default with [`Catalog::with_site`], each replaces the
    /// default's definition of the same name.
    pub file: CatalogFile,
    /// Views, classes and properties left out or reconciled, and why.
    pub notes: Vec<String>,
}

/// Builds the catalog of the site whose maps are `maps`, reconciled with
/// `base` (the default catalog, and any files merged over it): the site's
/// views with their columns in the site's order, the base's classes over
/// them without the properties whose columns the site lacks, the inventory
/// classes of `v_GroupMap`, and the discovery attributes the base does not
/// know.
pub fn build(maps: &SiteMaps, base: &Catalog) -> SiteCatalog {
    let mut notes = Vec::new();
    let views = site_views(maps, base, &mut notes);
    let by_name: HashMap<String, &ViewDef> = views.iter().map(|v| (v.name.to_ascii_lowercase(), v)).collect();
    let mut classes: BTreeMap<String, ClassDef> = BTreeMap::new();

    // The base's classes, as far as the site's views go.
    for class in base.classes() {
        let Some(view) = by_name.get(&class.view.to_ascii_lowercase()) else {
            continue;
        };
        if let Some(c) = reconcile(class, view, &by_name, &mut notes) {
            classes.insert(c.name.to_ascii_lowercase(), c);
        }
    }
    inventory_classes(maps, &by_name, &mut classes, &mut notes);
    discovery_classes(maps, base, &by_name, &mut classes, &mut notes);

    let mut file = CatalogFile {
        views,
        classes: classes.into_values().collect(),
        ..CatalogFile::default()
    };
    file.classes.sort_by(|a, b| a.name.cmp(&b.name));
    SiteCatalog { file, notes }
}

/// Every `v_` view of the `dbo` schema, with the base's key and, where the
/// site names a column of text that the base types otherwise, the base's
/// type (a computed column, or a server that reports no better).
fn site_views(maps: &SiteMaps, base: &Catalog, notes: &mut Vec<String>) -> Vec<ViewDef> {
    let mut grouped: BTreeMap<String, Vec<&SiteColumn>> = BTreeMap::new();
    let mut collection_views = 0usize;
    for c in &maps.columns {
        let lower = c.view.to_ascii_lowercase();
        if !c.schema.eq_ignore_ascii_case("dbo") || !lower.starts_with("v_") {
            continue;
        }
        // One view per collection: the class family SMS_CM_RES_COLL_<id> reads them.
        if lower.starts_with("v_cm_res_coll_") {
            collection_views += 1;
            continue;
        }
        grouped.entry(c.view.clone()).or_default().push(c);
    }
    if collection_views > 0 {
        notes.push(format!(
            "{collection_views} columns of per-collection views (v_CM_RES_COLL_<CollectionID>) left to the class family"
        ));
    }
    let mut out = Vec::new();
    for (name, mut cols) in grouped {
        cols.sort_by_key(|c| c.position);
        let known = base.view(&name);
        let mut columns = Vec::new();
        for c in cols {
            let Some(site_type) = c.sql_type() else {
                notes.push(format!(
                    "{name}.{}: type {} is not one wqlkit reads; left out",
                    c.column, c.data_type
                ));
                continue;
            };
            let sql_type = match known.and_then(|v| v.column(&c.column)) {
                Some(k) if maps.approximate_types => k.sql_type,
                Some(k) if site_type.is_text() && !k.sql_type.is_text() => {
                    notes.push(format!(
                        "{name}.{}: the site reports {site_type}, the default {}; kept {}",
                        c.column, k.sql_type, k.sql_type
                    ));
                    k.sql_type
                }
                _ => site_type,
            };
            columns.push(ColumnDef {
                name: c.column.clone(),
                sql_type,
            });
        }
        let has = |n: &str| columns.iter().any(|c: &ColumnDef| c.name.eq_ignore_ascii_case(n));
        let key = match known {
            Some(k) if !k.key.is_empty() && k.key.iter().all(|c| has(c)) => k.key.clone(),
            _ if has("ResourceID") && has("GroupID") => vec!["ResourceID".into(), "GroupID".into()],
            _ if has("ResourceID") && columns.len() == 2 && name.to_ascii_lowercase().starts_with("v_ra_") => {
                columns.iter().map(|c| c.name.clone()).collect()
            }
            _ if has("ResourceID") && name.to_ascii_lowercase().starts_with("v_r_") => vec!["ResourceID".into()],
            _ => Vec::new(),
        };
        let name = known.map_or(name, |k| k.name.clone());
        out.push(ViewDef {
            name,
            key,
            confidence: Some("site: INFORMATION_SCHEMA.COLUMNS".into()),
            columns,
        });
    }
    for v in base.views() {
        if !out.iter().any(|o| o.name.eq_ignore_ascii_case(&v.name)) {
            notes.push(format!("{}: not on the site", v.name));
        }
    }
    out
}

/// `class` over the site's `view`: its properties whose columns the site has.
fn reconcile(
    class: &ClassDef,
    view: &ViewDef,
    views: &HashMap<String, &ViewDef>,
    notes: &mut Vec<String>,
) -> Option<ClassDef> {
    if let Some(rc) = &class.resource_column
        && view.column(rc).is_none()
    {
        notes.push(format!(
            "{}: {} has no column {rc}; class left out",
            class.name, view.name
        ));
        return None;
    }
    let mut c = class.clone();
    c.properties.retain(|p| {
        let target = match &p.array_view {
            Some(av) => views.get(&av.to_ascii_lowercase()).copied(),
            None => Some(view),
        };
        let keep = target.is_some_and(|t| t.column(&p.column).is_some());
        if !keep {
            let place = p.array_view.as_deref().unwrap_or(&view.name);
            notes.push(format!(
                "{}.{}: {place}.{} is not on the site",
                class.name, p.name, p.column
            ));
        }
        keep
    });
    Some(c)
}

/// The WMI type a site-derived property gets from its column's SQL type;
/// `None` for bytes, which WQL cannot compare.
fn wmi_type(t: SqlType) -> Option<WmiType> {
    Some(match t {
        SqlType::NVarChar(_) | SqlType::VarChar(_) | SqlType::Char(_) | SqlType::UniqueIdentifier => WmiType::String,
        SqlType::TinyInt => WmiType::Uint8,
        SqlType::SmallInt => WmiType::Uint16,
        SqlType::Int => WmiType::Uint32,
        SqlType::BigInt => WmiType::Uint64,
        SqlType::Bit => WmiType::Boolean,
        SqlType::Float | SqlType::Decimal(..) => WmiType::Real64,
        SqlType::Real => WmiType::Real32,
        SqlType::DateTime | SqlType::Date => WmiType::Datetime,
        SqlType::Binary => return None,
    })
}

/// A property read from `column` of `view`, if the site has it in a type WQL reads.
fn property(name: &str, view: &ViewDef, column: &str, note: &str) -> Option<PropertyDef> {
    let c = view.column(column)?;
    Some(PropertyDef {
        name: name.to_string(),
        wmi_type: wmi_type(c.sql_type)?,
        column: c.name.clone(),
        array_view: None,
        note: Some(note.to_string()),
    })
}

/// `SMS_G_System_<group>` and `SMS_GH_System_<group>` for every system
/// inventory group of `v_GroupMap`: the base's class where there is one, with
/// the site's extra attributes added.
fn inventory_classes(
    maps: &SiteMaps,
    views: &HashMap<String, &ViewDef>,
    classes: &mut BTreeMap<String, ClassDef>,
    notes: &mut Vec<String>,
) {
    for g in &maps.groups {
        let Some(group) = g.mif_class.split('|').nth(1).map(str::trim).filter(|s| !s.is_empty()) else {
            notes.push(format!(
                "v_GroupMap group {}: MIFClass {:?} names no group",
                g.group_id, g.mif_class
            ));
            continue;
        };
        if g.resource_type != SYSTEM_RESOURCE_TYPE {
            notes.push(format!(
                "inventory group {group} of resource type {}: only system inventory (5) becomes classes",
                g.resource_type
            ));
            continue;
        }
        let attributes: Vec<&GroupAttributeRow> = maps
            .group_attributes
            .iter()
            .filter(|a| a.group_id == g.group_id)
            .collect();
        let pairs = [
            (
                format!("SMS_G_System_{group}"),
                Some(&g.inv_class_name),
                ClassKind::Inventory,
            ),
            (
                format!("SMS_GH_System_{group}"),
                g.inv_history_class_name.as_ref(),
                ClassKind::InventoryHistory,
            ),
        ];
        for (name, view_name, kind) in pairs {
            let Some(view_name) = view_name.filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            let Some(view) = views.get(&view_name.to_ascii_lowercase()).copied() else {
                notes.push(format!(
                    "{name}: its view {view_name} is not on the site (or not readable)"
                ));
                continue;
            };
            let source = format!(
                "site: v_GroupMap {} ({}), v_GroupAttributeMap",
                g.mif_class, g.display_name
            );
            let key = name.to_ascii_lowercase();
            let mut class = match classes.remove(&key) {
                Some(c) if c.view.eq_ignore_ascii_case(&view.name) => c,
                Some(c) => {
                    notes.push(format!(
                        "{name}: the site reads it from {}, the default from {}; the site's view is used",
                        view.name, c.view
                    ));
                    new_class(&name, view, kind, &source)
                }
                None => new_class(&name, view, kind, &source),
            };
            for a in &attributes {
                if class.property(&a.attribute_name).is_some() {
                    continue;
                }
                match property(&a.attribute_name, view, &a.column_name, "site: v_GroupAttributeMap") {
                    Some(p) => class.properties.push(p),
                    None => notes.push(format!(
                        "{name}.{}: column {} is not in {} (or is bytes)",
                        a.attribute_name, a.column_name, view.name
                    )),
                }
            }
            classes.insert(key, class);
        }
    }
}

fn new_class(name: &str, view: &ViewDef, kind: ClassKind, source: &str) -> ClassDef {
    let properties = INVENTORY_KEYS
        .iter()
        .filter_map(|k| {
            let p = property(k, view, k, "")?;
            Some(PropertyDef {
                name: p.column.clone(),
                note: None,
                ..p
            })
        })
        .collect();
    ClassDef {
        name: name.to_string(),
        view: view.name.clone(),
        kind,
        resource_column: view.column("ResourceID").map(|c| c.name.clone()),
        incremental: true,
        confidence: Some(source.to_string()),
        properties,
        filter: None,
    }
}

/// A discovery attribute's name from its column: the column less the one
/// `0` the site appends (`department0` → `department`, `extensionAttribute100`
/// → `extensionAttribute10`).
fn attribute_name(column: &str) -> &str {
    column.strip_suffix('0').filter(|s| !s.is_empty()).unwrap_or(column)
}

/// `UnknownSystem` → `Unknown_System`: how array views spell an
/// architecture whose name has inner capitals.
fn underscored(arch: &str) -> String {
    let mut out = String::new();
    for (i, ch) in arch.chars().enumerate() {
        if i > 0 && ch.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(ch);
    }
    out
}

/// `SMS_R_<type>` for every architecture of `v_ResourceMap`, with the
/// attributes of its `v_R_` view and `v_RA_` views that the base lacks.
fn discovery_classes(
    maps: &SiteMaps,
    base: &Catalog,
    views: &HashMap<String, &ViewDef>,
    classes: &mut BTreeMap<String, ClassDef>,
    notes: &mut Vec<String>,
) {
    // Which architecture each array view belongs to: the longest prefix wins
    // (`v_RA_User_Group_…` is the user group's, not the user's).
    let mut prefixes: Vec<(String, String)> = Vec::new();
    let mut archs = Vec::new();
    for r in &maps.resources {
        let rc = r.resource_class_name.trim();
        let arch = rc
            .strip_prefix("v_R_")
            .or_else(|| rc.strip_prefix("SMS_R_"))
            .or_else(|| rc.strip_prefix("V_R_"))
            .unwrap_or(rc)
            .to_string();
        if arch.is_empty() {
            continue;
        }
        let class = format!("SMS_R_{arch}");
        for p in [arch.clone(), underscored(&arch)] {
            prefixes.push((format!("v_ra_{}_", p.to_ascii_lowercase()), class.clone()));
        }
        archs.push((class, format!("v_R_{arch}"), r));
    }
    prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));

    for (name, view_name, row) in archs {
        let key = name.to_ascii_lowercase();
        let Some(view) = views.get(&view_name.to_ascii_lowercase()).copied() else {
            notes.push(format!(
                "{name}: its view {view_name} is not on the site (or not readable)"
            ));
            continue;
        };
        let base_view = base.view(&view.name);
        let mut class = classes.remove(&key).unwrap_or_else(|| ClassDef {
            name: name.clone(),
            view: view.name.clone(),
            kind: ClassKind::Discovery,
            resource_column: view.column("ResourceID").map(|c| c.name.clone()),
            incremental: true,
            confidence: Some(format!(
                "site: v_ResourceMap type {} ({}), INFORMATION_SCHEMA.COLUMNS",
                row.resource_type, row.display_name
            )),
            properties: Vec::new(),
            filter: None,
        });
        let mapped: HashSet<String> = class
            .properties
            .iter()
            .filter(|p| p.array_view.is_none())
            .map(|p| p.column.to_ascii_lowercase())
            .collect();
        for c in &view.columns {
            let new_to_base = base_view.is_none_or(|b| b.column(&c.name).is_none());
            if mapped.contains(&c.name.to_ascii_lowercase()) || !new_to_base {
                continue;
            }
            let prop = if c.name.eq_ignore_ascii_case("ResourceID") {
                "ResourceId"
            } else {
                attribute_name(&c.name)
            };
            if class.property(prop).is_some() {
                notes.push(format!(
                    "{name}: column {} would be property {prop}, which exists",
                    c.name
                ));
                continue;
            }
            if let Some(p) = property(
                prop,
                view,
                &c.name,
                &format!("{INFERRED}: column {} of {}", c.name, view.name),
            ) {
                class.properties.push(p);
            }
        }
        if class.resource_column.is_some() {
            array_attributes(&mut class, base, views, &prefixes, notes);
        }
        classes.insert(key, class);
    }
}

/// The two-column `v_RA_` views of `class`'s architecture that no property reads yet.
fn array_attributes(
    class: &mut ClassDef,
    base: &Catalog,
    views: &HashMap<String, &ViewDef>,
    prefixes: &[(String, String)],
    notes: &mut Vec<String>,
) {
    let used: HashSet<String> = class
        .properties
        .iter()
        .filter_map(|p| p.array_view.as_ref().map(|v| v.to_ascii_lowercase()))
        .collect();
    let mut mine: Vec<&ViewDef> = views
        .values()
        .copied()
        .filter(|v| {
            let lower = v.name.to_ascii_lowercase();
            prefixes
                .iter()
                .find(|(p, _)| lower.starts_with(p.as_str()))
                .is_some_and(|(_, c)| c.eq_ignore_ascii_case(&class.name))
                && !used.contains(&lower)
                && base.view(&v.name).is_none()
        })
        .collect();
    mine.sort_by(|a, b| a.name.cmp(&b.name));
    for v in mine {
        let data: Vec<&ColumnDef> = v
            .columns
            .iter()
            .filter(|c| !c.name.eq_ignore_ascii_case("ResourceID"))
            .collect();
        let ([column], true) = (data.as_slice(), v.column("ResourceID").is_some()) else {
            notes.push(format!(
                "{}: not an array view of two columns (ResourceID and a value)",
                v.name
            ));
            continue;
        };
        let prop = attribute_name(&column.name);
        if class.property(prop).is_some() {
            notes.push(format!("{}: would be {}.{prop}, which exists", v.name, class.name));
            continue;
        }
        let Some(wmi_type) = wmi_type(column.sql_type) else {
            continue;
        };
        class.properties.push(PropertyDef {
            name: prop.to_string(),
            wmi_type,
            column: column.name.clone(),
            array_view: Some(v.name.clone()),
            note: Some(format!("{INFERRED}: array view {} (v_RA_<type>_<attribute>)", v.name)),
        });
    }
}

#[cfg(test)]
mod tests;
