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

use groups::{GroupDef, group_list};
use updates::Catalog;
use user::user_count;

/// What every fact of the fleet is a function of, besides an index: the
/// seed, the site's time, how many devices and users there are, the site's
/// user groups and the update catalog it knows at that time.
pub(crate) struct Fleet {
    pub seed: u64,
    /// The site's time (microseconds since 1970).
    pub now: i64,
    pub devices: usize,
    pub users: usize,
    pub groups: Vec<GroupDef>,
    pub updates: Catalog,
}

impl Fleet {
    pub(crate) fn new(seed: u64, now: i64, devices: usize) -> Fleet {
        Fleet {
            seed,
            now,
            devices,
            users: user_count(devices),
            groups: group_list(now),
            updates: Catalog::build(now),
        }
    }
}

/// The AD domain a resource belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Domain {
    Contoso,
    Fabrikam,
    Workgroup,
}

impl Domain {
    pub(crate) fn netbios(self) -> &'static str {
        match self {
            Domain::Contoso => "CONTOSO",
            Domain::Fabrikam => "FABRIKAM",
            Domain::Workgroup => "WORKGROUP",
        }
    }
    pub(crate) fn dns(self) -> Option<&'static str> {
        match self {
            Domain::Contoso => Some("contoso.com"),
            Domain::Fabrikam => Some("fabrikam.local"),
            Domain::Workgroup => None,
        }
    }
    pub(crate) fn dc_parts(self) -> &'static str {
        match self {
            Domain::Contoso => "DC=contoso,DC=com",
            Domain::Fabrikam => "DC=fabrikam,DC=local",
            Domain::Workgroup => "",
        }
    }
}
