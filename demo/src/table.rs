//! How a view's rows are produced: a [`Table`] lists the rows one subject (a
//! device, a user, a user group or the site itself) contributes and the value
//! of each column it knows; [`Bound`] ties it to the catalog's column list,
//! filling the columns it does not know with generic values. The same code
//! writes the views and feeds collection-rule evaluation, so membership is
//! always computed from exactly the values written.

use crate::Ctx;
use crate::fleet::{Device, User};
use crate::software::Install;
use crate::updates::Scan;
use crate::value::Val;
use crate::writer::RowBuffer;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use wqlkit_core::{SqlType, ViewDef};
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
        impl $crate::table::ColumnSet for $name {
            fn parse(s: &str) -> Option<Self> {
                $( if s.eq_ignore_ascii_case(stringify!($col)) { return Some(Self::$col); } )*
                None
            }
        }
    };
}
pub(crate) use columns;

/// What the generic columns of a row are filled from.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Base<'a> {
    pub resource_id: Option<i64>,
    pub name: Option<&'a str>,
    pub group: i64,
    pub revision: i64,
    pub time: Option<i64>,
}

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

/// A generic value for a column no table knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fallback {
    ResourceId,
    GroupId,
    RevisionId,
    AgentId,
    TimeStamp,
    SystemName,
    SiteCode,
    StatusOk,
    Int(i64),
    /// A value unique to the row (key columns).
    RowKey(bool),
    Null,
}

impl Fallback {
    /// The fallback for column `i` of `view`.
    pub(crate) fn for_column(view: &ViewDef, i: usize) -> Fallback {
        let c = &view.columns[i];
        let n = c.name.to_ascii_lowercase();
        let text = matches!(
            c.sql_type,
            SqlType::NVarChar(_) | SqlType::VarChar(_) | SqlType::Char(_) | SqlType::UniqueIdentifier
        );
        let int = matches!(
            c.sql_type,
            SqlType::Int | SqlType::BigInt | SqlType::SmallInt | SqlType::TinyInt
        );
        match n.as_str() {
            "resourceid" | "machineid" | "machineresourceid" => return Fallback::ResourceId,
            "groupid" if int => return Fallback::GroupId,
            "revisionid" if int => return Fallback::RevisionId,
            "agentid" if int => return Fallback::AgentId,
            "timestamp" if c.sql_type == SqlType::DateTime => return Fallback::TimeStamp,
            "systemname0" | "csname0" | "netbiosname" | "machinename" if text => return Fallback::SystemName,
            "sitecode" | "sourcesite" if text => return Fallback::SiteCode,
            "status0" if text => return Fallback::StatusOk,
            "availability0" if int => return Fallback::Int(3),
            "configmanagererrorcode0" | "configmanageruserconfig0" | "powermanagementsupported0" if int => {
                return Fallback::Int(0);
            }
            _ => {}
        }
        if view.key.iter().any(|k| k.eq_ignore_ascii_case(&c.name)) {
            return Fallback::RowKey(text);
        }
        Fallback::Null
    }

    /// The value for row `row_number` (counted within the subject's rows).
    pub(crate) fn value<'a>(self, base: &Base<'a>, row_number: u64) -> Val<'a> {
        match self {
            Fallback::ResourceId => Val::opt_i(base.resource_id),
            Fallback::GroupId => Val::I(base.group),
            Fallback::RevisionId => Val::I(base.revision),
            Fallback::AgentId => Val::I(1),
            Fallback::TimeStamp => Val::opt_ts(base.time),
            Fallback::SystemName => Val::opt_str(base.name),
            Fallback::SiteCode => Val::St(crate::SITE_CODE),
            Fallback::StatusOk => Val::St("OK"),
            Fallback::Int(i) => Val::I(i),
            Fallback::RowKey(text) => {
                let key = row_key(base.resource_id, row_number);
                if text { Val::Own(key.to_string()) } else { Val::I(key) }
            }
            Fallback::Null => Val::Null,
        }
    }
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
    Fb(Fallback),
}

/// Materialized cells of some columns of one view for one subject.
pub(crate) type Mat = Vec<Vec<Val<'static>>>;

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
    pub(crate) fn new(table: T, view: &ViewDef) -> Bound<T> {
        let slots = view
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match T::Col::parse(&c.name) {
                Some(k) => Slot::Col(k),
                None => Slot::Fb(Fallback::for_column(view, i)),
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
                    Slot::Fb(f) => f.value(&base, n as u64),
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
                        Some(Slot::Fb(f)) => f.value(&base, n as u64).into_static(),
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
        Subject::new(ctx, Who::Device(Box::new(crate::fleet::device(ctx, i))))
    }

    pub(crate) fn user_at(ctx: &'c Ctx, u: usize) -> Subject<'c> {
        Subject::new(ctx, Who::User(Box::new(crate::fleet::user(ctx, u))))
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
            Who::Group(g) => Some(crate::fleet::group_rid(*g)),
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
                resource_id: Some(crate::fleet::group_rid(*g)),
                name: Some(self.ctx.groups[*g].name.as_str()),
                group: 1,
                revision: 1,
                time: None,
            },
            Who::Site => Base {
                group: 1,
                revision: 1,
                time: Some(self.ctx.now - 3 * crate::value::MICROS_PER_HOUR),
                ..Base::default()
            },
        }
    }

    /// The device's installed software.
    pub(crate) fn software(&self) -> &[Install] {
        self.software.get_or_init(|| match self.inventoried() {
            Some(d) => crate::software::installs(self.ctx, d),
            None => Vec::new(),
        })
    }

    /// The device's software update scan results (without deployment state).
    pub(crate) fn scan(&self) -> &[Scan] {
        self.scan.get_or_init(|| match self.device() {
            Some(d) => crate::updates::scan(self.ctx, d, self.software()),
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
        let yes = crate::collections::evaluate(self, c);
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
