//! The model of the fleet: devices, users, groups, networks, installed
//! software and update scans, each a pure function of the seed, the site's
//! time and an index, so that every view computes the same facts without any
//! state kept between views.

pub(crate) mod device;
pub(crate) mod groups;
pub(crate) mod guid;
pub(crate) mod network;
pub(crate) mod rng;
pub(crate) mod software;
pub(crate) mod time;
pub(crate) mod updates;
pub(crate) mod user;
