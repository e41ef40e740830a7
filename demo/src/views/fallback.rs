//! Rows for views no specific generator knows (a catalog extended with custom
//! inventory classes, say): the subjects are guessed from the view's name and
//! key, and each column is filled from its name and type so that keys and
//! ResourceIDs stay consistent with the rest of the fleet.

use crate::model::time::MICROS_PER_DAY;
use crate::site::subject::Subject;
use crate::site::subject::Who;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::row_key;
use crate::site::value::Mat;
use crate::site::value::Val;
use crate::site::writer::RowBuffer;
use wqlkit_core::{SqlType, ViewDef};
use wqlkit_engine::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    /// One row per inventoried device (hardware inventory classes).
    Inventory,
    /// One row per device.
    Device,
    User,
    Group,
    Collection,
    /// Collection dependencies: (dependent, source, relationship type).
    Dependency,
    Update,
    Assignment,
    /// A single row.
    One,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    ResourceId,
    GroupId,
    RevisionId,
    AgentId,
    TimeStamp,
    Name,
    Domain,
    SiteCode,
    CollectionId,
    CollectionName,
    SourceCollectionId,
    RelationshipType,
    CiId,
    Title,
    AssignmentId,
    Manufacturer,
    Model,
    Serial,
    Key,
    Null,
    Zero,
    False,
    Time,
}

/// A view filled from names and types.
pub(crate) struct Generic {
    view: ViewDef,
    rows: Rows,
    fills: Vec<Fill>,
}

fn text(t: SqlType) -> bool {
    matches!(t, SqlType::NVarChar(_) | SqlType::VarChar(_) | SqlType::Char(_))
}

impl Generic {
    pub(crate) fn new(view: &ViewDef) -> Generic {
        let name = view.name.to_ascii_lowercase();
        let has = |c: &str| view.column(c).is_some();
        let coll_cols = view
            .columns
            .iter()
            .filter(|c| c.name.to_ascii_lowercase().contains("collectionid"))
            .count();
        let rows =
            if coll_cols >= 2 || name.contains("dependenc") || name.contains("include") || name.contains("exclude") {
                Rows::Dependency
            } else if name.contains("_user") && !name.contains("usergroup") && (has("ResourceID") || has("MachineID")) {
                Rows::User
            } else if name.contains("usergroup") && has("ResourceID") {
                Rows::Group
            } else if name.starts_with("v_gs_") || name.starts_with("v_hs_") {
                Rows::Inventory
            } else if has("ResourceID") || has("MachineID") || has("MachineResourceID") {
                Rows::Device
            } else if has("CollectionID") {
                Rows::Collection
            } else if has("CI_ID") {
                Rows::Update
            } else if has("AssignmentID") {
                Rows::Assignment
            } else {
                Rows::One
            };
        let mut seen_coll = 0;
        let fills = view
            .columns
            .iter()
            .map(|c| {
                let n = c.name.to_ascii_lowercase();
                let is_key = view.key.iter().any(|k| k.eq_ignore_ascii_case(&c.name));
                let t = c.sql_type;
                if n.contains("collectionid") {
                    seen_coll += 1;
                    return if seen_coll == 1 {
                        Fill::CollectionId
                    } else {
                        Fill::SourceCollectionId
                    };
                }
                match n.as_str() {
                    "resourceid" | "machineid" | "machineresourceid" => Fill::ResourceId,
                    "groupid" => Fill::GroupId,
                    "revisionid" => Fill::RevisionId,
                    "agentid" => Fill::AgentId,
                    "timestamp" => Fill::TimeStamp,
                    "ci_id" => Fill::CiId,
                    "assignmentid" => Fill::AssignmentId,
                    "relationshiptype" | "relationtype" => Fill::RelationshipType,
                    "sitecode" | "sourcesite" => Fill::SiteCode,
                    _ if n.contains("collectionname") => Fill::CollectionName,
                    _ if text(t)
                        && (n == "name0" || n == "name" || n.contains("netbios") || n.contains("systemname")) =>
                    {
                        Fill::Name
                    }
                    _ if text(t) && n.contains("domain") => Fill::Domain,
                    _ if text(t) && n.contains("manufacturer") => Fill::Manufacturer,
                    _ if text(t) && n.contains("model") => Fill::Model,
                    _ if text(t) && n.contains("serialnumber") => Fill::Serial,
                    _ if text(t) && (n == "title" || n.contains("displayname")) => Fill::Title,
                    _ if is_key => Fill::Key,
                    _ if t == SqlType::DateTime || t == SqlType::Date => Fill::Time,
                    _ if t == SqlType::Bit => Fill::False,
                    _ if matches!(t, SqlType::Int | SqlType::BigInt | SqlType::SmallInt | SqlType::TinyInt) => {
                        Fill::Zero
                    }
                    _ => Fill::Null,
                }
            })
            .collect();
        Generic {
            view: view.clone(),
            rows,
            fills,
        }
    }

    fn row_count(&self, s: &Subject<'_>) -> usize {
        let (fleet, site) = (s.fleet, s.site);
        match self.rows {
            Rows::Inventory => s.inventoried().is_some() as usize,
            Rows::Device => s.device().is_some() as usize,
            Rows::User => s.user().is_some() as usize,
            Rows::Group => s.group().is_some() as usize,
            Rows::Collection if s.is_site() => site.collections.len(),
            Rows::Dependency if s.is_site() => dependencies(s).len(),
            Rows::Update if s.is_site() => fleet.updates.list.len(),
            Rows::Assignment if s.is_site() => site.deployments.assignments.len(),
            Rows::One if s.is_site() => 1,
            _ => 0,
        }
    }

    fn cell<'a>(&self, s: &'a Subject<'_>, row: usize, fill: Fill) -> Val<'a> {
        let (fleet, site) = (s.fleet, s.site);
        let d = s.device();
        let coll = |i: usize| site.collections.get(i);
        let dep = || dependencies(s).get(row).copied();
        match fill {
            Fill::ResourceId => Val::opt_i(s.resource_id()),
            Fill::GroupId => Val::I(row as i64 + 1),
            Fill::RevisionId => Val::I(d.map_or(1, |d| d.revision)),
            Fill::AgentId => Val::I(1),
            Fill::TimeStamp => Val::Ts(d.map_or(fleet.now - MICROS_PER_DAY, |d| d.last_hw)),
            Fill::Time => Val::Ts(d.map_or(fleet.now - MICROS_PER_DAY, |d| d.last_hw)),
            Fill::Name => match (&s.who, self.rows) {
                (_, Rows::Collection) => coll(row).map_or(Val::Null, |c| Val::S(&c.name)),
                (Who::Device(d), _) => Val::S(&d.netbios),
                (Who::User(u), _) => Val::S(&u.unique),
                (Who::Group(g), _) => Val::S(&fleet.groups[*g].name),
                _ => Val::Null,
            },
            Fill::Domain => match &s.who {
                Who::Device(d) => Val::St(d.domain_text),
                Who::User(u) => Val::St(u.domain.netbios()),
                _ => Val::Null,
            },
            Fill::SiteCode => Val::St(crate::site::SITE_CODE),
            Fill::CollectionId => match self.rows {
                Rows::Collection => coll(row).map_or(Val::Null, |c| Val::S(&c.id)),
                Rows::Dependency => dep().and_then(|x| coll(x.0)).map_or(Val::Null, |c| Val::S(&c.id)),
                _ => Val::Null,
            },
            Fill::SourceCollectionId => dep().and_then(|x| coll(x.1)).map_or(Val::Null, |c| Val::S(&c.id)),
            Fill::CollectionName => match self.rows {
                Rows::Collection => coll(row).map_or(Val::Null, |c| Val::S(&c.name)),
                Rows::Dependency => dep().and_then(|x| coll(x.0)).map_or(Val::Null, |c| Val::S(&c.name)),
                _ => Val::Null,
            },
            Fill::RelationshipType => dep().map_or(Val::Null, |x| Val::I(x.2)),
            Fill::CiId => match self.rows {
                Rows::Update => fleet.updates.list.get(row).map_or(Val::Null, |u| Val::I(u.ci)),
                _ => Val::Null,
            },
            Fill::Title => match self.rows {
                Rows::Update => fleet.updates.list.get(row).map_or(Val::Null, |u| Val::S(&u.title)),
                _ => Val::Null,
            },
            Fill::AssignmentId => match self.rows {
                Rows::Assignment => site
                    .deployments
                    .assignments
                    .get(row)
                    .map_or(Val::Null, |a| Val::I(a.id)),
                _ => Val::Null,
            },
            Fill::Manufacturer => d.map_or(Val::Null, |d| Val::St(&d.model.manufacturer)),
            Fill::Model => d.map_or(Val::Null, |d| Val::St(&d.model.model)),
            Fill::Serial => d.map_or(Val::Null, |d| Val::S(&d.serial)),
            Fill::Key => Val::I(row_key(s.resource_id(), row as u64)),
            Fill::Null => Val::Null,
            Fill::Zero => Val::I(0),
            Fill::False => Val::B(false),
        }
    }
}

/// Collection dependencies: (dependent, source, relationship type).
fn dependencies(s: &Subject<'_>) -> Vec<(usize, usize, i64)> {
    crate::views::collections::dependencies(&s.site.collections)
}

impl DynTable for Generic {
    fn view(&self) -> &ViewDef {
        &self.view
    }

    fn scope(&self) -> Scope {
        match self.rows {
            Rows::Inventory | Rows::Device => Scope::Devices,
            Rows::User => Scope::Users,
            Rows::Group => Scope::Groups,
            _ => Scope::Site,
        }
    }

    fn write(&self, s: &Subject<'_>, w: &mut RowBuffer) -> Result<()> {
        for r in 0..self.row_count(s) {
            for (i, f) in self.fills.iter().enumerate() {
                let v = self.cell(s, r, *f);
                w.push(i, v);
            }
            w.end_row()?;
        }
        Ok(())
    }

    fn materialize(&self, s: &Subject<'_>, cols: &[usize]) -> Mat {
        (0..self.row_count(s))
            .map(|r| {
                cols.iter()
                    .map(|&c| {
                        self.fills
                            .get(c)
                            .map_or(Val::Null, |f| self.cell(s, r, *f).into_static())
                    })
                    .collect()
            })
            .collect()
    }

    #[cfg(test)]
    fn generic_columns(&self) -> Vec<&str> {
        self.view.columns.iter().map(|c| c.name.as_str()).collect()
    }
}
