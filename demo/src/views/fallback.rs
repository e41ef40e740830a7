//! Rows for views no hand-written generator knows (the default catalog's long
//! tail, a site's custom inventory classes), as `data/generic_*.toml`
//! describe them: the first rows rule matching the view's name and columns
//! says whose rows it holds and how many, and each column is filled by the
//! first column rule matching its name and type, from the same facts of the
//! model the other views show, so keys and ResourceIDs stay consistent with
//! the fleet.

mod facts;
pub(crate) mod fill;
pub(crate) mod history;
#[cfg(test)]
mod tests;

use crate::data::{Fact, GENERIC, Only, PACKAGES, RowSet, SITES, any};
use crate::model::device::Device;
use crate::model::network::office_subnets;
use crate::model::rng::{Stream, hash, hash_str};
use crate::site::collections::member;
use crate::site::subject::{Base, Subject};
use crate::site::table::{DynTable, Scope};
use crate::site::value::{Mat, Val};
use crate::site::writer::RowBuffer;
use crate::views::fallback::facts::{UNKNOWN_SYSTEMS, list};
use crate::views::fallback::fill::{ColumnFill, Cx, Item, ViewInfo};
use std::sync::OnceLock;
use wqlkit_core::ViewDef;
use wqlkit_engine::error::Result;

pub(crate) use fill::BoundFill;

/// Whose rows a view holds and how many each has (a `[[rows]]` rule).
#[derive(Debug, Clone)]
struct Rows {
    set: RowSet,
    only: Option<Only>,
    per_subject: (u32, u32),
    share: f64,
    array: bool,
    /// Keys the draw of each subject's row count.
    count_hash: Option<u64>,
}

/// The rows rule of a view named `name` with `view`'s columns.
fn rows_rule(name: &str, view: &ViewDef) -> Rows {
    let name = name.to_ascii_lowercase();
    let columns: Vec<String> = view.columns.iter().map(|c| c.name.to_ascii_lowercase()).collect();
    let rule = GENERIC.rows.iter().find(|r| {
        (r.view.is_empty() || any(&r.view, &name))
            && (r.has_any.is_empty() || columns.iter().any(|c| any(&r.has_any, c)))
            && has_all(&r.has, &columns)
    });
    match rule {
        Some(r) => Rows {
            set: r.rows,
            only: r.only,
            per_subject: r.per_subject,
            share: r.share,
            array: r.array,
            count_hash: r.same_rows_as.as_deref().map(|v| hash_str(&v.to_ascii_lowercase())),
        },
        None => Rows {
            set: RowSet::Site,
            only: None,
            per_subject: (1, 1),
            share: 1.0,
            array: false,
            count_hash: None,
        },
    }
}

/// Whether each pattern matches a column of its own.
fn has_all(patterns: &[crate::data::Glob], columns: &[String]) -> bool {
    let mut used = vec![false; columns.len()];
    patterns.iter().all(
        |p| match columns.iter().enumerate().position(|(k, c)| !used[k] && p.matches(c)) {
            Some(k) => {
                used[k] = true;
                true
            }
            None => false,
        },
    )
}

/// The scope a row set's subjects are in.
pub(crate) fn scope_of(set: RowSet) -> Scope {
    match set {
        RowSet::Inventoried | RowSet::Devices | RowSet::Clients | RowSet::History => Scope::Devices,
        RowSet::Users => Scope::Users,
        RowSet::Groups => Scope::Groups,
        RowSet::Members => Scope::Resources,
        _ => Scope::Site,
    }
}

/// The row set a hand-written table's scope stands for.
pub(crate) fn set_of(scope: Scope) -> RowSet {
    match scope {
        Scope::Devices => RowSet::Devices,
        Scope::Users => RowSet::Users,
        Scope::Groups => RowSet::Groups,
        Scope::Resources => RowSet::Members,
        Scope::Site => RowSet::Site,
    }
}

fn only(o: Option<Only>, d: &Device) -> bool {
    use crate::data::{Form, Role};
    match o {
        None => true,
        Some(Only::Workstations) => d.is_workstation(),
        Some(Only::Servers) => d.is_server(),
        Some(Only::Laptops) => d.laptop(),
        Some(Only::Desktops) => d.is_workstation() && !d.laptop() && !d.virtual_machine,
        Some(Only::Virtual) => d.virtual_machine,
        Some(Only::Physical) => !d.virtual_machine && d.model.form != Form::Virtual,
        Some(Only::HypervHosts) => d.role() == Some(Role::HyperV),
        Some(Only::DomainJoined) => d.domain != crate::model::Domain::Workgroup,
    }
}

/// Each deployment with each update of its group.
fn assignment_updates(s: &Subject<'_>) -> Vec<Item> {
    let d = &s.site.deployments;
    d.assignments
        .iter()
        .enumerate()
        .flat_map(|(a, x)| d.sugs[x.sug].members.iter().map(move |&u| Item::Pair(a, u)))
        .collect()
}

/// A view filled as `data/generic_*.toml` describe it.
pub(crate) struct Generic {
    view: ViewDef,
    info: ViewInfo,
    rows: Rows,
    fills: Vec<ColumnFill>,
    /// For array views filled from a list fact: one row per element.
    list: Option<Fact>,
    /// For `members`: the collection the view is named after.
    collection: OnceLock<Option<usize>>,
    /// Writing the earlier revisions of the rows (a v_HS_ view).
    history: bool,
}

impl Generic {
    pub(crate) fn new(view: &ViewDef) -> Generic {
        let lower = view.name.to_ascii_lowercase();
        let mut rows = rows_rule(&view.name, view);
        let history = rows.set == RowSet::History;
        if history {
            // The rows are the current view's, at earlier revisions.
            let current = format!("v_gs_{}", lower.strip_prefix("v_hs_").unwrap_or(&lower));
            rows = rows_rule(&current, view);
            if rows.set == RowSet::History || scope_of(rows.set) != Scope::Devices {
                rows.set = RowSet::Inventoried;
            }
        }
        let info = ViewInfo::new(view, rows.set);
        let fills: Vec<ColumnFill> = (0..view.columns.len())
            .map(|i| ColumnFill::new(view, i, rows.set, true))
            .collect();
        let list = if rows.array {
            fills.iter().find_map(ColumnFill::list_fact)
        } else {
            None
        };
        Generic {
            view: view.clone(),
            info,
            rows,
            fills,
            list,
            collection: OnceLock::new(),
            history,
        }
    }

    /// How many rows subject `s` has (before history's revisions).
    fn count(&self, s: &Subject<'_>) -> usize {
        let site = s.site;
        let r = &self.rows;
        let draw = |salt: u64| {
            hash(
                s.fleet.seed,
                &[
                    Stream::Generic as u64,
                    r.count_hash.unwrap_or(self.info.hash),
                    s.resource_id().unwrap_or(0) as u64,
                    salt,
                ],
            )
        };
        let per_subject = || {
            let (lo, hi) = r.per_subject;
            let shared = r.share >= 1.0 || ((draw(0x5A) >> 11) as f64 / (1u64 << 53) as f64) < r.share;
            if shared {
                lo as usize + (draw(0xC0) % (hi - lo + 1) as u64) as usize
            } else {
                0
            }
        };
        let of_device = |d: Option<&Device>| match d {
            Some(d) if only(r.only, d) => self.elements(s).unwrap_or_else(per_subject),
            _ => 0,
        };
        match r.set {
            RowSet::Inventoried | RowSet::History => of_device(s.inventoried()),
            RowSet::Devices => of_device(s.device()),
            RowSet::Clients => of_device(s.device().filter(|d| d.is_client())),
            RowSet::Users if s.user().is_some() => self.elements(s).unwrap_or_else(per_subject),
            RowSet::Groups if s.group().is_some() => self.elements(s).unwrap_or_else(per_subject),
            RowSet::Members if !s.is_site() => {
                let c = *self.collection.get_or_init(|| {
                    let name = self.view.name.to_ascii_lowercase();
                    let id = name.rsplit('_').next().unwrap_or_default();
                    site.collections
                        .iter()
                        .position(|c| c.id.eq_ignore_ascii_case(id))
                        .or_else(|| site.collections.iter().position(|c| c.id == "SMS00001"))
                });
                c.is_some_and(|c| member(s, c)) as usize
            }
            _ if !s.is_site() => 0,
            RowSet::Collections => site.collections.len(),
            RowSet::Dependencies => crate::views::collections::dependencies(&site.collections).len(),
            RowSet::Updates => s.fleet.updates.list.len(),
            RowSet::Assignments => site.deployments.assignments.len(),
            RowSet::AssignmentUpdates => assignment_updates(s).len(),
            RowSet::Packages => PACKAGES.len(),
            RowSet::Offices => SITES.len(),
            RowSet::Subnets => office_subnets(s.fleet).len(),
            RowSet::UnknownSystems => UNKNOWN_SYSTEMS.len(),
            RowSet::Site => 1,
            _ => 0,
        }
    }

    /// For array views filled from a list: how many elements `s` has.
    fn elements(&self, s: &Subject<'_>) -> Option<usize> {
        let f = self.list?;
        let base = s.base();
        let cx = Cx {
            s,
            base,
            row: 0,
            item: Item::None,
            view: &self.info,
        };
        Some(list(f, &cx).len())
    }

    /// The rows of `s`: for each, the row number, its item and its generic base.
    fn rows<'a>(&self, s: &'a Subject<'_>) -> Vec<(u64, Item, Base<'a>)> {
        let n = self.count(s);
        let mut out = Vec::with_capacity(n);
        if n == 0 {
            return out;
        }
        let pairs: Vec<Item> = match self.rows.set {
            RowSet::Dependencies => crate::views::collections::dependencies(&s.site.collections)
                .into_iter()
                .map(|(a, b, t)| Item::Dependency(a, b, t))
                .collect(),
            RowSet::AssignmentUpdates => assignment_updates(s),
            _ => Vec::new(),
        };
        let base = s.base();
        let revision = match s.device() {
            Some(d) if scope_of(self.rows.set) == Scope::Devices => {
                let extra = &GENERIC.history.extra;
                let h = hash(
                    s.fleet.seed,
                    &[Stream::Generic as u64, self.info.hash, d.rid as u64, 0xE7],
                );
                d.revision + extra[(h % extra.len() as u64) as usize] as i64
            }
            _ => base.revision,
        };
        for k in 0..n {
            let item = match self.rows.set {
                RowSet::Dependencies | RowSet::AssignmentUpdates => pairs.get(k).copied().unwrap_or(Item::None),
                set if scope_of(set) == Scope::Site => Item::Index(k),
                _ => Item::None,
            };
            let row = Base {
                group: k as i64 + 1,
                revision,
                ..base
            };
            if self.history {
                history::revisions(s, &self.info, row, |b| out.push((k as u64, item, b)));
            } else {
                out.push((k as u64, item, row));
            }
        }
        out
    }

    fn cell<'a>(&'a self, s: &'a Subject<'_>, row: &(u64, Item, Base<'a>), c: usize) -> Val<'a> {
        let cx = Cx {
            s,
            base: row.2,
            row: row.0,
            item: row.1,
            view: &self.info,
        };
        self.fills.get(c).map_or(Val::Null, |f| f.value(&cx))
    }
}

impl DynTable for Generic {
    fn view(&self) -> &ViewDef {
        &self.view
    }

    fn scope(&self) -> Scope {
        scope_of(self.rows.set)
    }

    fn write(&self, s: &Subject<'_>, w: &mut RowBuffer) -> Result<()> {
        for row in self.rows(s) {
            for c in 0..self.fills.len() {
                w.push(c, self.cell(s, &row, c));
            }
            w.end_row()?;
        }
        Ok(())
    }

    fn materialize(&self, s: &Subject<'_>, cols: &[usize]) -> Mat {
        self.rows(s)
            .iter()
            .map(|row| cols.iter().map(|&c| self.cell(s, row, c).into_static()).collect())
            .collect()
    }

    #[cfg(test)]
    fn generic_columns(&self) -> Vec<&str> {
        self.view.columns.iter().map(|c| c.name.as_str()).collect()
    }
}

/// The ResourceIDs of the site's resources that are neither devices, users
/// nor user groups: its unknown computers and its offices' subnets.
#[cfg(test)]
pub(crate) fn other_resources(opts: &crate::DemoOptions) -> impl Iterator<Item = i64> {
    let fleet = crate::model::Fleet::new(opts.seed, opts.now.unix_micros(), opts.devices);
    let subnets = office_subnets(&fleet).len() as i64;
    let unknown = UNKNOWN_SYSTEMS.len() as i64;
    (0..unknown)
        .map(|k| facts::FIRST_UNKNOWN_ID + k)
        .chain((0..subnets).map(|k| crate::model::network::FIRST_SUBNET_ID + k))
}
