//! The views: for each family of the site database's views, the table types
//! that list a subject's rows and the value of each column, with a `table`
//! lookup from view name to table; and [`table_for`], which asks each family
//! for the table of a catalog view (a specific one, an array view, the
//! history of a specific one, the site's maps of the catalog itself, or the
//! generic fallback for views no table knows).

pub(crate) mod collections;
pub(crate) mod deployments;
pub(crate) mod discovery;
pub(crate) mod fallback;
pub(crate) mod health;
pub(crate) mod inventory;
pub(crate) mod maps;
pub(crate) mod software;
pub(crate) mod updates;

use crate::site::table::Bound;
use crate::site::table::DynTable;
use crate::site::table::Table;
use crate::views::fallback::{BoundFill, Generic, history::History, set_of};
use wqlkit_core::{Catalog, ViewDef};

/// The table for one view of `catalog`: a specific generator when one knows
/// the view, the history of a view a specific generator knows (for a
/// `v_HS_` view whose `v_GS_` twin has one), or the generic fallback; true
/// when the table is specific.
pub(crate) fn table_for(view: &ViewDef, catalog: &Catalog) -> (Box<dyn DynTable>, bool) {
    let name = view.name.to_ascii_lowercase();
    if let Some(t) = specific(view).or_else(|| maps::table(&name, view, catalog)) {
        return (t, true);
    }
    let twin = name.strip_prefix("v_hs_").and_then(|class| {
        catalog
            .views()
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(&format!("v_gs_{class}")))
    });
    match twin.and_then(specific) {
        Some(current) => (Box::new(History::new(view, current)), false),
        None => (Box::new(Generic::new(view)), false),
    }
}

/// The hand-written table of `view`, if a family knows it.
fn specific(view: &ViewDef) -> Option<Box<dyn DynTable>> {
    let name = view.name.to_ascii_lowercase();
    discovery::table(&name, view)
        .or_else(|| inventory::table(&name, view))
        .or_else(|| software::table(&name, view))
        .or_else(|| updates::table(&name, view))
        .or_else(|| deployments::table(&name, view))
        .or_else(|| collections::table(&name, view))
        .or_else(|| health::table(&name, view))
}

/// `table` bound to `view`'s columns, as each family's lookup returns it; the
/// columns it does not know are filled as `data/generic_columns.toml` says.
pub(crate) fn bound<T: Table>(table: T, view: &ViewDef) -> Box<dyn DynTable> {
    Box::new(Bound::new(table, view, |v, i, scope| {
        Box::new(BoundFill::new(v, i, set_of(scope)))
    }))
}
