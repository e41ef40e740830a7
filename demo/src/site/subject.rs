//! One device, user, user group or the site itself, with the facts the
//! views and the rules read about it computed at most once.

use crate::model::Fleet;
use crate::model::device::Device;
use crate::model::device::device;
use crate::model::groups::group_rid;
use crate::model::software::Install;
use crate::model::software::installs;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::updates::Scan;
use crate::model::updates::scan;
use crate::model::user::User;
use crate::model::user::user;
use crate::site::Site;
use crate::site::value::Mat;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// Who a subject is.
pub(crate) enum Who {
    Device(Box<Device>),
    User(Box<User>),
    Group(usize),
    Site,
}

/// What the generic columns of a row are filled from.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Base<'a> {
    pub resource_id: Option<i64>,
    pub name: Option<&'a str>,
    pub group: i64,
    pub revision: i64,
    pub time: Option<i64>,
}

/// One device, user, user group or the site, with the facts derived from it
/// computed at most once.
pub(crate) struct Subject<'c> {
    /// The model's inputs.
    pub fleet: &'c Fleet,
    pub site: &'c Site,
    pub who: Who,
    software: OnceCell<Vec<Install>>,
    scan: OnceCell<Vec<Scan>>,
    /// Collection membership memo (see `collections::member`): 0 unknown,
    /// 1 computing, 2 no, 3 yes.
    pub(crate) members: RefCell<Vec<u8>>,
    /// Materialized rows of the tables collection rules read, per table (see
    /// `collections::evaluation`).
    pub(crate) rows: RefCell<Vec<Option<Rc<Mat>>>>,
}

impl<'c> Subject<'c> {
    fn new(site: &'c Site, who: Who) -> Subject<'c> {
        Subject {
            fleet: &site.fleet,
            site,
            who,
            software: OnceCell::new(),
            scan: OnceCell::new(),
            members: RefCell::new(Vec::new()),
            rows: RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn device_at(site: &'c Site, i: usize) -> Subject<'c> {
        Subject::new(site, Who::Device(Box::new(device(&site.fleet, i))))
    }

    pub(crate) fn user_at(site: &'c Site, u: usize) -> Subject<'c> {
        Subject::new(site, Who::User(Box::new(user(&site.fleet, u))))
    }

    pub(crate) fn group_at(site: &'c Site, g: usize) -> Subject<'c> {
        Subject::new(site, Who::Group(g))
    }

    pub(crate) fn site(site: &'c Site) -> Subject<'c> {
        Subject::new(site, Who::Site)
    }

    pub(crate) fn device(&self) -> Option<&Device> {
        match &self.who {
            Who::Device(d) => Some(d),
            _ => None,
        }
    }

    /// The device, if it has a ConfigMgr client that reports hardware inventory.
    pub(crate) fn inventoried(&self) -> Option<&Device> {
        self.device().filter(|d| d.inventory)
    }

    pub(crate) fn user(&self) -> Option<&User> {
        match &self.who {
            Who::User(u) => Some(u),
            _ => None,
        }
    }

    pub(crate) fn group(&self) -> Option<usize> {
        match &self.who {
            Who::Group(g) => Some(*g),
            _ => None,
        }
    }

    pub(crate) fn is_site(&self) -> bool {
        matches!(self.who, Who::Site)
    }

    /// The subject's ResourceID.
    pub(crate) fn resource_id(&self) -> Option<i64> {
        match &self.who {
            Who::Device(d) => Some(d.rid),
            Who::User(u) => Some(u.rid),
            Who::Group(g) => Some(group_rid(*g)),
            Who::Site => None,
        }
    }

    /// Generic column values for rows of this subject.
    pub(crate) fn base(&self) -> Base<'_> {
        match &self.who {
            Who::Device(d) => Base {
                resource_id: Some(d.rid),
                name: Some(&d.netbios),
                group: 1,
                revision: d.revision,
                time: Some(d.last_hw),
            },
            Who::User(u) => Base {
                resource_id: Some(u.rid),
                name: Some(&u.unique),
                group: 1,
                revision: 1,
                time: Some(u.created),
            },
            Who::Group(g) => Base {
                resource_id: Some(group_rid(*g)),
                name: Some(self.fleet.groups[*g].name.as_str()),
                group: 1,
                revision: 1,
                time: None,
            },
            Who::Site => Base {
                group: 1,
                revision: 1,
                time: Some(self.fleet.now - 3 * MICROS_PER_HOUR),
                ..Base::default()
            },
        }
    }

    /// The device's installed software.
    pub(crate) fn software(&self) -> &[Install] {
        self.software.get_or_init(|| match self.inventoried() {
            Some(d) => installs(self.fleet, d),
            None => Vec::new(),
        })
    }

    /// The device's software update scan results (without deployment state).
    pub(crate) fn scan(&self) -> &[Scan] {
        self.scan.get_or_init(|| match self.device() {
            Some(d) => scan(self.fleet, d, self.software()),
            None => Vec::new(),
        })
    }
}
