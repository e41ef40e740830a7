//! The collection views: v_Collection, v_CollectionRuleQuery,
//! v_CollectionRuleDirect, vSMS_CollectionDependencies and the membership
//! views, read from the planned collections.

use crate::model::device::{Device, FIRST_DEVICE_ID, device};
use crate::model::guid::GuidStyle;
use crate::model::time::{MICROS_PER_DAY, MICROS_PER_HOUR};
use crate::model::user::{FIRST_USER_ID, user};
use crate::site::collections::member;
use crate::site::collections::{Collection, Members, Rule, is_direct};
use crate::site::subject::{Subject, Who};
use crate::site::table::DynTable;
use crate::site::table::{Scope, Table, columns};
use crate::site::value::Val;
use crate::views::bound;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a collection view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_collection" => bound(Collections, view),
        "v_fullcollectionmembership" => bound(Membership { devices_only: false }, view),
        "v_clientcollectionmembers" => bound(Membership { devices_only: true }, view),
        "v_collectionrulequery" => bound(RuleQueries, view),
        "v_collectionruledirect" => bound(RuleDirects, view),
        "vsms_collectiondependencies" => bound(Dependencies, view),
        _ => return None,
    })
}

columns! {
    pub(crate) enum CollCol {
        CollectionID, Name, Comment, MemberClassName, LastChangeTime, LastRefreshTime, LastMemberChangeTime,
        EvaluationStartTime, CurrentStatus, CollectionType, RefreshType, MemberCount, LocalMemberCount,
        LimitToCollectionID, LimitToCollectionName, IsBuiltIn, IncludeExcludeCollectionsCount,
        CollectionVariablesCount, ServiceWindowsCount, PowerConfigsCount, IsReferenceCollection, ObjectPath,
        ResultClassName
    }
}

/// v_Collection.
pub(crate) struct Collections;

impl Table for Collections {
    type Row = usize;
    type Col = CollCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<usize>) {
        out.extend(0..s.site.collections.len());
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, c: &'a usize, col: CollCol) -> Val<'a> {
        let (fleet, site) = (s.fleet, s.site);
        let x = &site.collections[*c];
        let refreshed = if x.stale {
            fleet.now - (30 + *c as i64 % 20) * MICROS_PER_HOUR
        } else {
            fleet.now - (1 + *c as i64 % 7) * MICROS_PER_HOUR
        };
        match col {
            CollCol::CollectionID => Val::S(&x.id),
            CollCol::Name => Val::S(&x.name),
            CollCol::Comment => Val::S(&x.comment),
            CollCol::MemberClassName | CollCol::ResultClassName => Val::Own(format!("SMS_CM_RES_COLL_{}", x.id)),
            CollCol::LastChangeTime => Val::Ts(x.created + 2 * MICROS_PER_DAY),
            CollCol::LastRefreshTime => Val::Ts(refreshed),
            CollCol::LastMemberChangeTime => Val::Ts(refreshed - 3 * MICROS_PER_DAY),
            CollCol::EvaluationStartTime => Val::Ts(refreshed - 90_000_000),
            CollCol::CurrentStatus => Val::I(1),
            CollCol::CollectionType => Val::I(if x.members == Members::Users { 1 } else { 2 }),
            CollCol::RefreshType => Val::I(x.refresh_type),
            CollCol::MemberCount | CollCol::LocalMemberCount => {
                Val::I(site.summary().members.get(*c).copied().unwrap_or(0) as i64)
            }
            CollCol::LimitToCollectionID => x.limit.map_or(Val::St(""), |l| Val::S(&site.collections[l].id)),
            CollCol::LimitToCollectionName => x.limit.map_or(Val::St(""), |l| Val::S(&site.collections[l].name)),
            CollCol::IsBuiltIn => Val::B(x.builtin),
            CollCol::IncludeExcludeCollectionsCount => Val::I(
                x.rules
                    .iter()
                    .filter(|r| matches!(r, Rule::Include(_) | Rule::Exclude(_)))
                    .count() as i64,
            ),
            CollCol::CollectionVariablesCount | CollCol::PowerConfigsCount => Val::I(0),
            CollCol::ServiceWindowsCount => Val::I(x.name.starts_with("MW - ") as i64),
            CollCol::IsReferenceCollection => Val::B(x.rules.iter().any(|r| matches!(r, Rule::Include(_)))),
            CollCol::ObjectPath => Val::St("/"),
        }
    }
}

columns! {
    pub(crate) enum RuleQueryCol { CollectionID, QueryID, RuleName, QueryExpression, LimitToCollectionID }
}

/// v_CollectionRuleQuery.
pub(crate) struct RuleQueries;

impl Table for RuleQueries {
    type Row = (usize, usize);
    type Col = RuleQueryCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<(usize, usize)>) {
        for (c, x) in s.site.collections.iter().enumerate() {
            for (k, r) in x.rules.iter().enumerate() {
                if matches!(r, Rule::Query { .. }) {
                    out.push((c, k));
                }
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a (usize, usize), col: RuleQueryCol) -> Val<'a> {
        let x = &s.site.collections[row.0];
        let Rule::Query { id, name, wql, .. } = &x.rules[row.1] else {
            return Val::Null;
        };
        match col {
            RuleQueryCol::CollectionID => Val::S(&x.id),
            RuleQueryCol::QueryID => Val::I(*id),
            RuleQueryCol::RuleName => Val::S(name),
            RuleQueryCol::QueryExpression => Val::S(wql),
            RuleQueryCol::LimitToCollectionID => x.limit.map_or(Val::St(""), |l| Val::S(&s.site.collections[l].id)),
        }
    }
}

columns! {
    pub(crate) enum DependencyCol { DependentCollectionID, SourceCollectionID, RelationshipType }
}

/// Collection dependencies: (dependent, source, 1 limiting / 2 include / 3 exclude).
pub(crate) fn dependencies(collections: &[Collection]) -> Vec<(usize, usize, i64)> {
    let mut out = Vec::new();
    for (c, x) in collections.iter().enumerate() {
        if let Some(l) = x.limit {
            out.push((c, l, 1));
        }
        for r in &x.rules {
            match r {
                Rule::Include(i) => out.push((c, *i, 2)),
                Rule::Exclude(e) => out.push((c, *e, 3)),
                _ => {}
            }
        }
    }
    out
}

/// vSMS_CollectionDependencies: each collection's limiting collection (1),
/// include rules (2) and exclude rules (3).
pub(crate) struct Dependencies;

impl Table for Dependencies {
    type Row = (usize, usize, i64);
    type Col = DependencyCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        out.extend(dependencies(&s.site.collections));
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: DependencyCol) -> Val<'a> {
        let (dependent, source, kind) = *row;
        match col {
            DependencyCol::DependentCollectionID => Val::S(&s.site.collections[dependent].id),
            DependencyCol::SourceCollectionID => Val::S(&s.site.collections[source].id),
            DependencyCol::RelationshipType => Val::I(kind),
        }
    }
}

columns! {
    pub(crate) enum RuleDirectCol { CollectionID, RuleName, ResourceID, ResourceType }
}

/// v_CollectionRuleDirect.
pub(crate) struct RuleDirects;

impl Table for RuleDirects {
    type Row = (usize, bool, usize, String);
    type Col = RuleDirectCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        for (c, x) in s.site.collections.iter().enumerate() {
            for r in &x.rules {
                if let Rule::Direct { devices, users } = r {
                    for &i in devices {
                        out.push((c, true, i, device(s.fleet, i).name));
                    }
                    for &u in users {
                        out.push((c, false, u, user(s.fleet, u).unique));
                    }
                }
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: RuleDirectCol) -> Val<'a> {
        let (c, device, i, name) = row;
        match col {
            RuleDirectCol::CollectionID => Val::S(&s.site.collections[*c].id),
            RuleDirectCol::RuleName => Val::S(name),
            RuleDirectCol::ResourceID => Val::I(if *device {
                FIRST_DEVICE_ID + *i as i64
            } else {
                FIRST_USER_ID + *i as i64
            }),
            RuleDirectCol::ResourceType => Val::I(if *device { 5 } else { 4 }),
        }
    }
}

columns! {
    pub(crate) enum FcmCol {
        CollectionID, ResourceID, ResourceType, SiteCode, IsDirect, IsAssigned, IsClient, Name, SMSID, Domain,
        IsActive, IsObsolete, IsDecommissioned, IsApproved, IsBlocked, IsAlwaysInternet, IsInternetEnabled,
        ClientType, ClientVersion, DeviceOwner, ClientCertType, IsVirtualMachine, DeviceCategory
    }
}

/// v_FullCollectionMembership and v_ClientCollectionMembers.
pub(crate) struct Membership {
    pub devices_only: bool,
}

impl Table for Membership {
    type Row = usize;
    type Col = FcmCol;
    fn scope(&self) -> Scope {
        if self.devices_only {
            Scope::Devices
        } else {
            Scope::Resources
        }
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<usize>) {
        if s.is_site() {
            return;
        }
        for c in 0..s.site.collections.len() {
            if member(s, c) {
                out.push(c);
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, c: &'a usize, col: FcmCol) -> Val<'a> {
        let x = &s.site.collections[*c];
        let d = s.device();
        let client = d.is_some_and(|d| d.is_client());
        let flag = |f: fn(&Device) -> bool| d.map_or(Val::Null, |d| Val::B(f(d)));
        match col {
            FcmCol::CollectionID => Val::S(&x.id),
            FcmCol::ResourceID => Val::opt_i(s.resource_id()),
            FcmCol::ResourceType => Val::I(match s.who {
                Who::Device(_) => 5,
                Who::User(_) => 4,
                _ => 3,
            }),
            FcmCol::SiteCode => Val::St(crate::site::SITE_CODE),
            FcmCol::IsDirect => Val::B(is_direct(s, *c)),
            FcmCol::IsAssigned => d.map_or(Val::Null, |d| Val::B(d.client.is_some())),
            FcmCol::IsClient => match s.who {
                Who::Device(_) => Val::B(client),
                _ => Val::Null,
            },
            FcmCol::Name => match &s.who {
                Who::Device(d) => Val::S(&d.name),
                Who::User(u) => Val::S(&u.unique),
                Who::Group(g) => Val::S(&s.fleet.groups[*g].name),
                Who::Site => Val::Null,
            },
            FcmCol::SMSID => match &s.who {
                Who::Device(d) => d.sms_guid.map_or(Val::Null, |g| Val::Guid(g, GuidStyle::Sms)),
                Who::User(u) => Val::S(&u.unique),
                _ => Val::Null,
            },
            FcmCol::Domain => match &s.who {
                Who::Device(d) => Val::St(d.domain_text),
                Who::User(u) => Val::St(u.domain.netbios()),
                Who::Group(g) => Val::St(s.fleet.groups[*g].domain.netbios()),
                Who::Site => Val::Null,
            },
            FcmCol::IsActive => flag(|d| d.active),
            FcmCol::IsObsolete => flag(|d| d.obsolete),
            FcmCol::IsDecommissioned => flag(|d| d.decommissioned),
            FcmCol::IsApproved => {
                if client {
                    Val::I(1)
                } else {
                    Val::Null
                }
            }
            FcmCol::IsBlocked | FcmCol::IsAlwaysInternet | FcmCol::IsInternetEnabled => {
                if client {
                    Val::B(false)
                } else {
                    Val::Null
                }
            }
            FcmCol::ClientType => {
                if d.is_some_and(|d| d.client.is_some()) {
                    Val::I(1)
                } else {
                    Val::Null
                }
            }
            FcmCol::ClientVersion => Val::opt_str(d.and_then(|d| d.client_version)),
            FcmCol::DeviceOwner => {
                if client {
                    Val::I(1)
                } else {
                    Val::Null
                }
            }
            FcmCol::ClientCertType => {
                if client {
                    Val::I(1)
                } else {
                    Val::Null
                }
            }
            FcmCol::IsVirtualMachine => d.map_or(Val::Null, |d| {
                if d.client.is_some() || d.inventory {
                    Val::B(d.virtual_machine)
                } else {
                    Val::Null
                }
            }),
            FcmCol::DeviceCategory => Val::Null,
        }
    }
}
