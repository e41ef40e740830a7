//! The site database's maps of itself: `v_ResourceMap` (the discovery
//! architectures, as Learn lists a site's defaults) and `v_GroupMap` with
//! `v_GroupAttributeMap` (every hardware inventory class of the catalog, its
//! views, and property → column). They describe the demo as the catalog
//! does, so a site catalog built from them ([`wqlkit_core::catalog::site::build`])
//! has the catalog's inventory classes.

use crate::data::RESOURCE_MAP;
use crate::site::subject::Subject;
use crate::site::table::{DynTable, Scope, Table, columns};
use crate::site::value::Val;
use crate::views::bound;
use std::sync::Arc;
use wqlkit_core::catalog::site::{INVENTORY_KEYS, ResourceMapRow, SYSTEM_RESOURCE_TYPE};
use wqlkit_core::{Catalog, ClassKind, ViewDef};

/// The table of view `name` (lower case), if it is one of the maps.
pub(crate) fn table(name: &str, view: &ViewDef, catalog: &Catalog) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_resourcemap" => bound(ResourceMap, view),
        "v_groupmap" => bound(GroupMap(groups(catalog)), view),
        "v_groupattributemap" => bound(GroupAttributeMap(groups(catalog)), view),
        _ => return None,
    })
}

/// One inventory group: a `SMS_G_System_<group>` class of the catalog.
struct Group {
    group: String,
    view: String,
    history: Option<String>,
    /// (property, column), the columns every inventory view has left out.
    attributes: Vec<(String, String)>,
}

/// The catalog's hardware inventory classes, in its order; GroupID is the
/// position counted from 1.
fn groups(catalog: &Catalog) -> Arc<Vec<Group>> {
    let groups = catalog
        .classes()
        .iter()
        .filter(|c| c.kind == ClassKind::Inventory)
        .filter_map(|class| {
            let group = class.name.strip_prefix("SMS_G_System_")?;
            Some(Group {
                group: group.to_string(),
                view: class.view.clone(),
                history: catalog.class(&format!("SMS_GH_System_{group}")).map(|h| h.view.clone()),
                attributes: class
                    .properties
                    .iter()
                    .filter(|p| !p.is_array() && !INVENTORY_KEYS.iter().any(|s| s.eq_ignore_ascii_case(&p.name)))
                    .map(|p| (p.name.clone(), p.column.clone()))
                    .collect(),
            })
        })
        .collect();
    Arc::new(groups)
}

columns! {
    pub(crate) enum ResourceMapCol { ResourceType, DisplayName, ResourceClassName }
}

/// v_ResourceMap: the discovery architectures (`data/resource_map.csv`).
struct ResourceMap;

impl Table for ResourceMap {
    type Row = &'static ResourceMapRow;
    type Col = ResourceMapCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, _s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        out.extend(RESOURCE_MAP.iter());
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, r: &'a Self::Row, col: ResourceMapCol) -> Val<'a> {
        match col {
            ResourceMapCol::ResourceType => Val::I(r.resource_type),
            ResourceMapCol::DisplayName => Val::S(&r.display_name),
            ResourceMapCol::ResourceClassName => Val::S(&r.resource_class_name),
        }
    }
}

columns! {
    pub(crate) enum GroupMapCol { GroupID, ResourceType, DisplayName, InvClassName, InvHistoryClassName, MIFClass }
}

/// v_GroupMap: one row per inventory group.
struct GroupMap(Arc<Vec<Group>>);

impl Table for GroupMap {
    type Row = usize;
    type Col = GroupMapCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, _s: &Subject<'_>, out: &mut Vec<usize>) {
        out.extend(0..self.0.len());
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, &i: &'a usize, col: GroupMapCol) -> Val<'a> {
        let g = &self.0[i];
        match col {
            GroupMapCol::GroupID => Val::I(i as i64 + 1),
            GroupMapCol::ResourceType => Val::I(SYSTEM_RESOURCE_TYPE),
            // The demo's own wording: the group name with spaces.
            GroupMapCol::DisplayName => Val::Own(g.group.replace('_', " ")),
            GroupMapCol::InvClassName => Val::S(&g.view),
            GroupMapCol::InvHistoryClassName => g.history.as_deref().map_or(Val::Null, Val::S),
            GroupMapCol::MIFClass => Val::Own(format!("MICROSOFT|{}|1.0", g.group)),
        }
    }
}

columns! {
    pub(crate) enum GroupAttributeCol { GroupID, AttributeName, ColumnName }
}

/// v_GroupAttributeMap: one row per property of each inventory group.
struct GroupAttributeMap(Arc<Vec<Group>>);

impl Table for GroupAttributeMap {
    type Row = (usize, usize);
    type Col = GroupAttributeCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, _s: &Subject<'_>, out: &mut Vec<(usize, usize)>) {
        for (g, group) in self.0.iter().enumerate() {
            out.extend((0..group.attributes.len()).map(|a| (g, a)));
        }
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, &(g, a): &'a (usize, usize), col: GroupAttributeCol) -> Val<'a> {
        let (property, column) = &self.0[g].attributes[a];
        match col {
            GroupAttributeCol::GroupID => Val::I(g as i64 + 1),
            GroupAttributeCol::AttributeName => Val::S(property),
            GroupAttributeCol::ColumnName => Val::S(column),
        }
    }
}
