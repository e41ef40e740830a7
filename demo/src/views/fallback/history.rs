//! History views (`v_HS_<class>`): the earlier revisions of the rows of the
//! current view (`v_GS_<class>`). A current row at revision R has history
//! rows at the revisions before it (at most `[history] most`), each an
//! inventory cycle before the next. When a hand-written generator writes the
//! current view, its rows are repeated at the earlier revisions; otherwise
//! the generic fills draw each revision's values afresh (see [`Generic`]).
//!
//! [`Generic`]: crate::views::fallback::Generic

use crate::data::GENERIC;
use crate::model::rng::{Stream, hash};
use crate::model::time::{MICROS_PER_DAY, MICROS_PER_HOUR};
use crate::site::subject::{Base, Subject};
use crate::site::table::{DynTable, Scope};
use crate::site::value::{Mat, Val};
use crate::site::writer::RowBuffer;
use crate::views::fallback::fill::{ColumnFill, Cx, Item, ViewInfo};
use crate::views::fallback::set_of;
use wqlkit_core::ViewDef;
use wqlkit_engine::error::Result;

/// Calls `push` with the base of each earlier revision of the current row
/// whose base is `current`, oldest first.
pub(crate) fn revisions<'a>(s: &Subject<'_>, info: &ViewInfo, current: Base<'a>, mut push: impl FnMut(Base<'a>)) {
    let h = &GENERIC.history;
    let (Some(now), Some(rid)) = (current.time, current.resource_id) else {
        return;
    };
    let first = (current.revision - h.most as i64).max(1);
    let mut times = Vec::new();
    let mut t = now;
    for r in (first..current.revision).rev() {
        let x = hash(
            s.fleet.seed,
            &[Stream::Generic as u64, info.hash, rid as u64, r as u64, 0xCC],
        );
        let (lo, hi) = h.cycle_days;
        let days = lo + (x % (hi - lo + 1) as u64) as i64;
        t -= days * MICROS_PER_DAY + ((x >> 32) % 12) as i64 * MICROS_PER_HOUR;
        times.push((r, t));
    }
    for (r, t) in times.into_iter().rev() {
        push(Base {
            revision: r,
            time: Some(t),
            ..current
        });
    }
}

/// Where a history column's values come from.
enum Col {
    RevisionId,
    TimeStamp,
    /// The current table's column (an index into `History::read`).
    Current(usize),
    Fill(ColumnFill),
}

/// A history view whose current view a hand-written generator writes.
pub(crate) struct History {
    view: ViewDef,
    current: Box<dyn DynTable>,
    info: ViewInfo,
    /// The current view's columns read, by index.
    read: Vec<usize>,
    /// Where the current row's RevisionID and TimeStamp are in `read`.
    revision_at: Option<usize>,
    time_at: Option<usize>,
    cols: Vec<Col>,
}

impl History {
    pub(crate) fn new(view: &ViewDef, current: Box<dyn DynTable>) -> History {
        let set = set_of(current.scope());
        let mut read = Vec::new();
        let mut at = |name: &str| {
            let k = current
                .view()
                .columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))?;
            Some(read.iter().position(|&x| x == k).unwrap_or_else(|| {
                read.push(k);
                read.len() - 1
            }))
        };
        let revision_at = at("RevisionID");
        let time_at = at("TimeStamp");
        let cols = (0..view.columns.len())
            .map(|i| {
                let name = view.columns[i].name.as_str();
                if name.eq_ignore_ascii_case("RevisionID") {
                    Col::RevisionId
                } else if name.eq_ignore_ascii_case("TimeStamp") {
                    Col::TimeStamp
                } else {
                    match at(name) {
                        Some(k) => Col::Current(k),
                        None => Col::Fill(ColumnFill::new(view, i, set, false)),
                    }
                }
            })
            .collect();
        History {
            view: view.clone(),
            info: ViewInfo::new(view, set),
            current,
            read,
            revision_at,
            time_at,
            cols,
        }
    }

    /// The history rows of `s`: the current row's number, the revision's base
    /// and the current row's values.
    fn rows<'a>(&self, s: &'a Subject<'_>) -> Vec<(u64, Base<'a>, Vec<Val<'static>>)> {
        let base = s.base();
        let mut out = Vec::new();
        // Most rows have no earlier revision: read the revisions alone first.
        if let Some(r) = self.revision_at {
            let revisions = self.current.materialize(s, &[self.read[r]]);
            if revisions.iter().all(|v| v[0].int().unwrap_or(base.revision) <= 1) {
                return out;
            }
        } else if base.revision <= 1 {
            return out;
        }
        for (k, vals) in self.current.materialize(s, &self.read).into_iter().enumerate() {
            let revision = self.revision_at.and_then(|r| vals[r].int()).unwrap_or(base.revision);
            let time = match self.time_at.map(|t| &vals[t]) {
                Some(Val::Ts(t)) => Some(*t),
                _ => base.time,
            };
            let current = Base { revision, time, ..base };
            revisions(s, &self.info, current, |b| out.push((k as u64, b, vals.clone())));
        }
        out
    }

    fn cell<'a>(&'a self, s: &'a Subject<'_>, row: &'a (u64, Base<'a>, Vec<Val<'static>>), c: usize) -> Val<'a> {
        let (k, base, vals) = row;
        match &self.cols[c] {
            Col::RevisionId => Val::I(base.revision),
            Col::TimeStamp => Val::opt_ts(base.time),
            Col::Current(j) => vals[*j].clone(),
            Col::Fill(f) => f.value(&Cx {
                s,
                base: *base,
                row: *k,
                item: Item::None,
                view: &self.info,
            }),
        }
    }
}

impl DynTable for History {
    fn view(&self) -> &ViewDef {
        &self.view
    }

    fn scope(&self) -> Scope {
        self.current.scope()
    }

    fn write(&self, s: &Subject<'_>, w: &mut RowBuffer) -> Result<()> {
        for row in &self.rows(s) {
            for c in 0..self.cols.len() {
                w.push(c, self.cell(s, row, c));
            }
            w.end_row()?;
        }
        Ok(())
    }

    fn materialize(&self, s: &Subject<'_>, cols: &[usize]) -> Mat {
        let rows = self.rows(s);
        rows.iter()
            .map(|row| {
                cols.iter()
                    .map(|&c| {
                        if c < self.cols.len() {
                            self.cell(s, row, c).into_static()
                        } else {
                            Val::Null
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[cfg(test)]
    fn generic_columns(&self) -> Vec<&str> {
        self.cols
            .iter()
            .zip(&self.view.columns)
            .filter(|(c, _)| matches!(c, Col::Fill(_)))
            .map(|(_, c)| c.name.as_str())
            .collect()
    }
}
