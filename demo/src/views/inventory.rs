//! Hardware and software inventory views (`v_GS_*`, `v_HS_*`) of the default
//! inventory classes, by topic.

pub(crate) mod hardware;
pub(crate) mod network;
pub(crate) mod services;
pub(crate) mod storage;
pub(crate) mod system;

use crate::site::table::DynTable;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is an inventory view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    system::table(name, view)
        .or_else(|| hardware::table(name, view))
        .or_else(|| storage::table(name, view))
        .or_else(|| network::table(name, view))
        .or_else(|| services::table(name, view))
}
