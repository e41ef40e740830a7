//! How a view's rows are produced: a [`Table`] lists the rows one subject (a
//! device, a user, a user group or the site itself) contributes and the value
//! of each column it knows; [`Bound`] ties it to the catalog's column list,
//! filling the columns it does not know with a [`Filler`] (the views'
//! generic fills). The same code writes the views and feeds collection-rule
//! evaluation, so membership is always computed from exactly the values
//! written.

use crate::site::subject::{Base, Subject};
use crate::site::value::{Mat, Val};
use crate::site::writer::RowBuffer;
use wqlkit_core::ViewDef;
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

/// How a column no table knows is filled (the views' generic fills).
pub(crate) trait Filler: Send + Sync {
    /// The value for row `row` (counted within the subject's rows), whose
    /// generic columns are filled from `base`.
    fn value<'a>(&'a self, s: &'a Subject<'_>, base: Base<'a>, row: u64) -> Val<'a>;
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
    Fb(Box<dyn Filler>),
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
    /// `table` over `view`'s columns; `filler` makes the fill of a column the
    /// table does not know (from the view, the column's index and the table's scope).
    pub(crate) fn new(
        table: T,
        view: &ViewDef,
        filler: impl Fn(&ViewDef, usize, Scope) -> Box<dyn Filler>,
    ) -> Bound<T> {
        let scope = table.scope();
        let slots = view
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match T::Col::parse(&c.name) {
                Some(k) => Slot::Col(k),
                None => Slot::Fb(filler(view, i, scope)),
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
                    Slot::Fb(f) => f.value(s, base, n as u64),
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
                        Some(Slot::Fb(f)) => f.value(s, base, n as u64).into_static(),
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
