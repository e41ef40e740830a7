//! Hardware and software inventory views (`v_GS_*`, `v_HS_*`) of the default
//! inventory classes, by topic.

pub(crate) mod hardware;
pub(crate) mod network;
pub(crate) mod services;
pub(crate) mod storage;
pub(crate) mod system;
