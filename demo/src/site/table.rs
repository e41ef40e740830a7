//! How a view's rows are produced: a [`Table`] lists the rows one subject (a
//! device, a user, a user group or the site itself) contributes and the value
//! of each column it knows; [`Bound`] ties it to the catalog's column list,
//! filling the columns it does not know with generic values. The same code
//! writes the views and feeds collection-rule evaluation, so membership is
//! always computed from exactly the values written.

use crate::site::subject::{Base, Subject};
use crate::site::value::{Mat, Val};
use crate::site::writer::RowBuffer;
use wqlkit_core::{SqlType, ViewDef};
use wqlkit_engine::error::Result;

/// Which subjects contribute rows to a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Devices,
    Users,
    Groups,
    /// Devices, then users, then user groups (collection membership).
    Resources,
    /// One subject: the site (reference data, updates, collections).
    Site,
}

/// A set of column names a table understands (see [`columns!`]).
pub(crate) trait ColumnSet: Copy + Send + Sync + 'static {
    fn parse(name: &str) -> Option<Self>;
}

/// Declares a column enum whose variants are spelled exactly like the view's
/// columns, with a case-insensitive name lookup.
macro_rules! columns {
    ($vis:vis enum $name:ident { $($col:ident),* $(,)? }) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name { $($col),* }
        impl $crate::site::table::ColumnSet for $name {
            fn parse(s: &str) -> Option<Self> {
                $( if s.eq_ignore_ascii_case(stringify!($col)) { return Some(Self::$col); } )*
                None
            }
        }
    };
}
pub(crate) use columns;

/// Rows of one view for one subject.
pub(crate) trait Table: Send + Sync + 'static {
    type Row;
    type Col: ColumnSet;
    /// Which subjects have rows.
    fn scope(&self) -> Scope;
    /// The rows `s` contributes.
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>);
    /// One cell.
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: Self::Col) -> Val<'a>;
    /// What columns the table does not know are filled from.
    fn base<'a>(&'a self, s: &'a Subject<'_>, _row: &'a Self::Row) -> Base<'a> {
        s.base()
    }
}

/// A generic value for a column no table knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fallback {
    ResourceId,
    GroupId,
    RevisionId,
    AgentId,
    TimeStamp,
    SystemName,
    SiteCode,
    StatusOk,
    Int(i64),
    /// A value unique to the row (key columns).
    RowKey(bool),
    Null,
}

impl Fallback {
    /// The fallback for column `i` of `view`.
    pub(crate) fn for_column(view: &ViewDef, i: usize) -> Fallback {
        let c = &view.columns[i];
        let n = c.name.to_ascii_lowercase();
        let text = matches!(
            c.sql_type,
            SqlType::NVarChar(_) | SqlType::VarChar(_) | SqlType::Char(_) | SqlType::UniqueIdentifier
        );
        let int = matches!(
            c.sql_type,
            SqlType::Int | SqlType::BigInt | SqlType::SmallInt | SqlType::TinyInt
        );
        match n.as_str() {
            "resourceid" | "machineid" | "machineresourceid" => return Fallback::ResourceId,
            "groupid" if int => return Fallback::GroupId,
            "revisionid" if int => return Fallback::RevisionId,
            "agentid" if int => return Fallback::AgentId,
            "timestamp" if c.sql_type == SqlType::DateTime => return Fallback::TimeStamp,
            "systemname0" | "csname0" | "netbiosname" | "machinename" if text => return Fallback::SystemName,
            "sitecode" | "sourcesite" if text => return Fallback::SiteCode,
            "status0" if text => return Fallback::StatusOk,
            "availability0" if int => return Fallback::Int(3),
            "configmanagererrorcode0" | "configmanageruserconfig0" | "powermanagementsupported0" if int => {
                return Fallback::Int(0);
            }
            _ => {}
        }
        if view.key.iter().any(|k| k.eq_ignore_ascii_case(&c.name)) {
            return Fallback::RowKey(text);
        }
        Fallback::Null
    }

    /// The value for row `row_number` (counted within the subject's rows).
    pub(crate) fn value<'a>(self, base: &Base<'a>, row_number: u64) -> Val<'a> {
        match self {
            Fallback::ResourceId => Val::opt_i(base.resource_id),
            Fallback::GroupId => Val::I(base.group),
            Fallback::RevisionId => Val::I(base.revision),
            Fallback::AgentId => Val::I(1),
            Fallback::TimeStamp => Val::opt_ts(base.time),
            Fallback::SystemName => Val::opt_str(base.name),
            Fallback::SiteCode => Val::St(crate::site::SITE_CODE),
            Fallback::StatusOk => Val::St("OK"),
            Fallback::Int(i) => Val::I(i),
            Fallback::RowKey(text) => {
                let key = row_key(base.resource_id, row_number);
                if text { Val::Own(key.to_string()) } else { Val::I(key) }
            }
            Fallback::Null => Val::Null,
        }
    }
}

/// A key for row `k` of a subject, unique within the view however the work is split.
pub(crate) fn row_key(resource_id: Option<i64>, k: u64) -> i64 {
    match resource_id {
        Some(r) => r * 1000 + k as i64 + 1,
        None => k as i64 + 1,
    }
}

enum Slot<C> {
    Col(C),
    Fb(Fallback),
}

/// A view's rows as the generator and the rule evaluator see them.
pub(crate) trait DynTable: Send + Sync {
    fn view(&self) -> &ViewDef;
    fn scope(&self) -> Scope;
    /// Writes the rows `s` contributes.
    fn write(&self, s: &Subject<'_>, w: &mut RowBuffer) -> Result<()>;
    /// The cells of columns `cols` (view column indexes) of the rows `s` contributes.
    fn materialize(&self, s: &Subject<'_>, cols: &[usize]) -> Mat;
    /// Columns filled generically rather than by the view's own generator.
    #[cfg(test)]
    fn generic_columns(&self) -> Vec<&str>;
}

/// A [`Table`] bound to a view's columns.
pub(crate) struct Bound<T: Table> {
    table: T,
    view: ViewDef,
    slots: Vec<Slot<T::Col>>,
}

impl<T: Table> Bound<T> {
    pub(crate) fn new(table: T, view: &ViewDef) -> Bound<T> {
        let slots = view
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match T::Col::parse(&c.name) {
                Some(k) => Slot::Col(k),
                None => Slot::Fb(Fallback::for_column(view, i)),
            })
            .collect();
        Bound {
            table,
            view: view.clone(),
            slots,
        }
    }
}

impl<T: Table> DynTable for Bound<T> {
    fn view(&self) -> &ViewDef {
        &self.view
    }

    fn scope(&self) -> Scope {
        self.table.scope()
    }

    fn write(&self, s: &Subject<'_>, w: &mut RowBuffer) -> Result<()> {
        let mut rows = Vec::new();
        self.table.rows(s, &mut rows);
        for (n, r) in rows.iter().enumerate() {
            let base = self.table.base(s, r);
            for (i, slot) in self.slots.iter().enumerate() {
                let v = match slot {
                    Slot::Col(k) => self.table.value(s, r, *k),
                    Slot::Fb(f) => f.value(&base, n as u64),
                };
                w.push(i, v);
            }
            w.end_row()?;
        }
        Ok(())
    }

    fn materialize(&self, s: &Subject<'_>, cols: &[usize]) -> Mat {
        let mut rows = Vec::new();
        self.table.rows(s, &mut rows);
        rows.iter()
            .enumerate()
            .map(|(n, r)| {
                let base = self.table.base(s, r);
                cols.iter()
                    .map(|&c| match self.slots.get(c) {
                        Some(Slot::Col(k)) => self.table.value(s, r, *k).into_static(),
                        Some(Slot::Fb(f)) => f.value(&base, n as u64).into_static(),
                        None => Val::Null,
                    })
                    .collect()
            })
            .collect()
    }

    #[cfg(test)]
    fn generic_columns(&self) -> Vec<&str> {
        self.slots
            .iter()
            .zip(&self.view.columns)
            .filter(|(s, _)| matches!(s, Slot::Fb(_)))
            .map(|(_, c)| c.name.as_str())
            .collect()
    }
}
