//! The views: for each family of the site database's views, the table types
//! that list a subject's rows and the value of each column, with a `table`
//! lookup from view name to table; and [`table_for`], which asks each family
//! for the table of a catalog view (a specific one, an array view, or the
//! generic fallback for views no table knows).

pub(crate) mod collections;
pub(crate) mod deployments;
pub(crate) mod discovery;
pub(crate) mod fallback;
pub(crate) mod health;
pub(crate) mod inventory;
pub(crate) mod software;
pub(crate) mod updates;

use crate::site::table::Bound;
use crate::site::table::DynTable;
use crate::site::table::Table;
use crate::views::fallback::Generic;
use wqlkit_core::ViewDef;

/// The table for one view: a specific generator when one knows the view, an
/// array view, or the generic fallback; true when the table is specific.
pub(crate) fn table_for(view: &ViewDef) -> (Box<dyn DynTable>, bool) {
    let name = view.name.to_ascii_lowercase();
    let specific = discovery::table(&name, view)
        .or_else(|| inventory::table(&name, view))
        .or_else(|| software::table(&name, view))
        .or_else(|| updates::table(&name, view))
        .or_else(|| deployments::table(&name, view))
        .or_else(|| collections::table(&name, view))
        .or_else(|| health::table(&name, view));
    match specific {
        Some(t) => (t, true),
        None => (Box::new(Generic::new(view)), false),
    }
}

/// `table` bound to `view`'s columns, as each family's lookup returns it.
pub(crate) fn bound<T: Table>(table: T, view: &ViewDef) -> Box<dyn DynTable> {
    Box::new(Bound::new(table, view))
}
