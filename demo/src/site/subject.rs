//! One device, user, user group or the site itself, with the facts the
//! views and the rules read about it computed at most once.

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
use crate::site::Ctx;
use crate::site::collections::evaluate;
use crate::site::table::Base;
use crate::site::table::Mat;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// Who a subject is.
pub(crate) enum Who {
    Device(Box<Device>),
    User(Box<User>),
    Group(usize),
    Site,
}

/// One device, user, user group or the site, with the facts derived from it
/// computed at most once.
pub(crate) struct Subject<'c> {
    pub ctx: &'c Ctx,
    pub who: Who,
    software: OnceCell<Vec<Install>>,
    scan: OnceCell<Vec<Scan>>,
    /// Collection membership memo: 0 unknown, 1 computing, 2 no, 3 yes.
    members: RefCell<Vec<u8>>,
    cache: RefCell<Vec<Option<Rc<Mat>>>>,
}

impl<'c> Subject<'c> {
    fn new(ctx: &'c Ctx, who: Who) -> Subject<'c> {
        Subject {
            ctx,
            who,
            software: OnceCell::new(),
            scan: OnceCell::new(),
            members: RefCell::new(Vec::new()),
            cache: RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn device_at(ctx: &'c Ctx, i: usize) -> Subject<'c> {
        Subject::new(ctx, Who::Device(Box::new(device(ctx, i))))
    }

    pub(crate) fn user_at(ctx: &'c Ctx, u: usize) -> Subject<'c> {
        Subject::new(ctx, Who::User(Box::new(user(ctx, u))))
    }

    pub(crate) fn group_at(ctx: &'c Ctx, g: usize) -> Subject<'c> {
        Subject::new(ctx, Who::Group(g))
    }

    pub(crate) fn site(ctx: &'c Ctx) -> Subject<'c> {
        Subject::new(ctx, Who::Site)
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
                name: Some(self.ctx.groups[*g].name.as_str()),
                group: 1,
                revision: 1,
                time: None,
            },
            Who::Site => Base {
                group: 1,
                revision: 1,
                time: Some(self.ctx.now - 3 * MICROS_PER_HOUR),
                ..Base::default()
            },
        }
    }

    /// The device's installed software.
    pub(crate) fn software(&self) -> &[Install] {
        self.software.get_or_init(|| match self.inventoried() {
            Some(d) => installs(self.ctx, d),
            None => Vec::new(),
        })
    }

    /// The device's software update scan results (without deployment state).
    pub(crate) fn scan(&self) -> &[Scan] {
        self.scan.get_or_init(|| match self.device() {
            Some(d) => scan(self.ctx, d, self.software()),
            None => Vec::new(),
        })
    }

    /// Whether the subject is a member of collection `c` (as written to the
    /// membership views, deliberate staleness included).
    pub(crate) fn member(&self, c: usize) -> bool {
        {
            let mut m = self.members.borrow_mut();
            if m.len() <= c {
                m.resize(self.ctx.collections.len(), 0);
            }
            match m.get(c) {
                Some(2) => return false,
                Some(3) => return true,
                // A cycle between collections: the site would refuse it; treat as empty.
                Some(1) => return false,
                _ => {}
            }
            if let Some(x) = m.get_mut(c) {
                *x = 1;
            }
        }
        let yes = evaluate(self, c);
        if let Some(x) = self.members.borrow_mut().get_mut(c) {
            *x = if yes { 3 } else { 2 };
        }
        yes
    }

    /// Materialized columns of registry table `t`, cached per subject.
    pub(crate) fn materialized(&self, t: usize) -> Rc<Mat> {
        if let Some(Some(m)) = self.cache.borrow().get(t) {
            return m.clone();
        }
        let cols = &self.ctx.needed_columns[t];
        let m = Rc::new(self.ctx.tables[t].materialize(self, cols));
        let mut cache = self.cache.borrow_mut();
        if cache.len() <= t {
            cache.resize(self.ctx.tables.len(), None);
        }
        cache[t] = Some(m.clone());
        m
    }
}
