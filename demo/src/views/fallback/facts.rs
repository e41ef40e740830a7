//! The facts of the model a generic column can be filled from: the same
//! values the hand-written views show, so generic rows agree with them.

use crate::data::{DEPTS, Fact, Kind, PACKAGES, RowSet, SITES};
use crate::model::device::Device;
use crate::model::groups::{device_groups, user_groups};
use crate::model::guid::GuidStyle;
use crate::model::network::{FIRST_SUBNET_ID, network, office_subnets};
use crate::model::time::MICROS_PER_MINUTE;
use crate::model::user::{User, admin_user, manager, user};
use crate::site::SITE_CODE;
use crate::site::subject::Who;
use crate::site::value::Val;
use crate::views::discovery::{distinguished_name, last_user, ou_names, user_dn};
use crate::views::fallback::fill::{Cx, Item};
use crate::views::inventory::hardware::has_tpm;

/// First ResourceID of the unknown computers (0x7A000000): x86, then x64.
pub(crate) const FIRST_UNKNOWN_ID: i64 = 2_046_820_352;

/// The unknown computer records every site has (x86, x64).
pub(crate) const UNKNOWN_SYSTEMS: [&str; 2] = [
    "x86 Unknown Computer (x86 Unknown Computer)",
    "x64 Unknown Computer (x64 Unknown Computer)",
];

/// The mask of the offices' subnets.
const SUBNET_MASK: &str = "255.255.252.0";

fn flag<'a>(b: bool) -> Val<'a> {
    Val::I(b as i64)
}

fn own<'a>(s: Option<String>) -> Val<'a> {
    s.map_or(Val::Null, Val::Own)
}

/// The value of fact `f` for the cell `cx` describes.
pub(crate) fn fact<'a>(f: Fact, cx: &Cx<'a, '_>) -> Val<'a> {
    let s = cx.s;
    let (fleet, site) = (s.fleet, s.site);
    let set = cx.view.set;
    match f {
        Fact::ResourceId => match (set, cx.item) {
            (RowSet::UnknownSystems, Item::Index(k)) => Val::I(FIRST_UNKNOWN_ID + k as i64),
            (RowSet::Subnets, Item::Index(k)) => Val::I(FIRST_SUBNET_ID + k as i64),
            _ => Val::opt_i(cx.base.resource_id),
        },
        Fact::GroupId => Val::I(cx.base.group),
        Fact::RevisionId => Val::I(cx.base.revision),
        Fact::Timestamp => Val::opt_ts(cx.base.time),
        Fact::RowKey => Val::I(crate::site::table::row_key(cx.base.resource_id, cx.row)),
        Fact::Row => Val::I(cx.row as i64 + 1),
        Fact::Name => match (set, cx.item) {
            (RowSet::UnknownSystems, Item::Index(k)) => UNKNOWN_SYSTEMS.get(k).map_or(Val::Null, |n| Val::St(n)),
            (RowSet::Offices, Item::Index(k)) => SITES.get(k).map_or(Val::Null, |o| Val::St(&o.city)),
            (RowSet::Subnets, _) => fact(Fact::Subnet, cx),
            _ => Val::opt_str(cx.base.name),
        },
        Fact::SiteCode => Val::St(SITE_CODE),
        Fact::Now => Val::Ts(fleet.now - MICROS_PER_MINUTE),
        Fact::Department => match &s.who {
            Who::Device(d) => Val::St(&DEPTS[d.dept].name),
            Who::User(u) => Val::St(&DEPTS[u.dept].name),
            _ => Val::Null,
        },
        Fact::Office | Fact::OfficeCode | Fact::Country | Fact::Locale | Fact::UtcOffset | Fact::TzBias => {
            office_fact(f, cx)
        }
        Fact::Domain => match &s.who {
            Who::Device(d) => Val::St(d.domain_text),
            Who::User(u) => Val::St(u.domain.netbios()),
            Who::Group(g) => Val::St(fleet.groups[*g].domain.netbios()),
            Who::Site => Val::Null,
        },
        Fact::OuName => list(Fact::OuNames, cx).pop().map_or(Val::Null, Val::Own),
        Fact::DistinguishedName => match &s.who {
            Who::Device(d) => own(distinguished_name(d)),
            Who::User(u) => Val::Own(user_dn(u)),
            _ => Val::Null,
        },
        Fact::Created => match &s.who {
            Who::Device(d) => Val::Ts(d.created),
            Who::User(u) => Val::Ts(u.created),
            Who::Group(g) => Val::Ts(fleet.groups[*g].created),
            Who::Site => Val::Null,
        },
        Fact::OuNames | Fact::DeviceGroups | Fact::UserGroups | Fact::IpAddresses | Fact::MacAddresses => {
            list(f, cx).into_iter().nth(cx.row as usize).map_or(Val::Null, Val::Own)
        }
        Fact::CollectionId
        | Fact::CollectionName
        | Fact::LimitCollectionId
        | Fact::SourceCollectionId
        | Fact::RelationshipType
        | Fact::MemberCount => collection_fact(f, cx),
        Fact::CiId | Fact::UpdateTitle | Fact::ArticleId | Fact::BulletinId => {
            let k = match (set, cx.item) {
                (RowSet::Updates, Item::Index(k)) | (RowSet::AssignmentUpdates, Item::Pair(_, k)) => k,
                _ => return Val::Null,
            };
            let Some(u) = fleet.updates.list.get(k) else {
                return Val::Null;
            };
            match f {
                Fact::CiId => Val::I(u.ci),
                Fact::UpdateTitle => Val::S(&u.title),
                Fact::ArticleId => Val::S(&u.kb),
                _ => u.bulletin.map_or(Val::Null, Val::St),
            }
        }
        Fact::AssignmentId | Fact::AssignmentName => {
            let k = match (set, cx.item) {
                (RowSet::Assignments, Item::Index(k)) | (RowSet::AssignmentUpdates, Item::Pair(k, _)) => k,
                _ => return Val::Null,
            };
            let Some(a) = site.deployments.assignments.get(k) else {
                return Val::Null;
            };
            if f == Fact::AssignmentId {
                Val::I(a.id)
            } else {
                Val::S(&a.name)
            }
        }
        Fact::PackageId | Fact::PackageName => {
            let Item::Index(k) = cx.item else { return Val::Null };
            let Some(p) = PACKAGES.get(k).filter(|_| set == RowSet::Packages) else {
                return Val::Null;
            };
            Val::St(if f == Fact::PackageId { &p.id } else { &p.name })
        }
        Fact::Subnet => match (set, cx.item) {
            (RowSet::Subnets, Item::Index(k)) => own(office_subnets(fleet).into_iter().nth(k).map(|x| x.1)),
            _ => Val::Null,
        },
        Fact::SubnetMask => match set {
            RowSet::Subnets => Val::St(SUBNET_MASK),
            _ => Val::Null,
        },
        _ => match &s.who {
            Who::Device(d) => device_fact(f, cx, d),
            Who::User(u) => user_fact(f, cx, u),
            _ => Val::Null,
        },
    }
}

/// A fact of the office a device or user works at, or a site-wide row stands for.
fn office_fact<'a>(f: Fact, cx: &Cx<'a, '_>) -> Val<'a> {
    let k = match (&cx.s.who, cx.view.set, cx.item) {
        (Who::Device(d), _, _) => d.site_idx,
        (Who::User(u), _, _) => u.site_idx,
        (_, RowSet::Offices, Item::Index(k)) => k,
        (_, RowSet::Subnets, Item::Index(k)) => match office_subnets(cx.s.fleet).get(k) {
            Some(x) => x.0,
            None => return Val::Null,
        },
        _ => return Val::Null,
    };
    let Some(o) = SITES.get(k) else { return Val::Null };
    match f {
        Fact::Office => Val::St(&o.city),
        Fact::OfficeCode => Val::St(&o.code),
        Fact::Country => Val::St(&o.country),
        Fact::Locale => Val::St(&o.locale),
        Fact::UtcOffset => Val::I(o.tz),
        _ => Val::I(-o.tz),
    }
}

/// A fact of a collection or collection dependency row.
fn collection_fact<'a>(f: Fact, cx: &Cx<'a, '_>) -> Val<'a> {
    let site = cx.s.site;
    let (c, source, kind) = match (cx.view.set, cx.item) {
        (RowSet::Collections, Item::Index(c)) => (c, None, None),
        (RowSet::Dependencies, Item::Dependency(a, b, k)) => (a, Some(b), Some(k)),
        _ => return Val::Null,
    };
    let id = |k: usize| site.collections.get(k).map_or(Val::Null, |x| Val::S(&x.id));
    match f {
        Fact::CollectionId => id(c),
        Fact::CollectionName => site.collections.get(c).map_or(Val::Null, |x| Val::S(&x.name)),
        Fact::LimitCollectionId => site.collections.get(c).and_then(|x| x.limit).map_or(Val::Null, id),
        Fact::SourceCollectionId => source.map_or(Val::Null, id),
        Fact::RelationshipType => kind.map_or(Val::Null, Val::I),
        _ => match source {
            None => site.summary().members.get(c).map_or(Val::Null, |m| Val::I(*m as i64)),
            Some(_) => Val::Null,
        },
    }
}

/// A fact of a device.
fn device_fact<'a>(f: Fact, cx: &Cx<'a, '_>, d: &'a Device) -> Val<'a> {
    let fleet = cx.s.fleet;
    let disk_gb = || match cx.row {
        1 => d.data_disk_gb.unwrap_or(d.disk_gb),
        _ => d.disk_gb,
    } as i64;
    match f {
        Fact::Netbios => Val::S(&d.netbios),
        Fact::Fqdn => own(d.fqdn()),
        Fact::DomainDns => d.domain.dns().map_or(Val::Null, Val::St),
        Fact::Manufacturer => Val::St(&d.model.manufacturer),
        Fact::Model => Val::St(&d.model.model),
        Fact::Serial => Val::S(&d.serial),
        Fact::Chassis => Val::I(d.model.chassis),
        Fact::SmbiosGuid => Val::Guid(d.smbios_guid, GuidStyle::Upper),
        Fact::SmsGuid => d.sms_guid.map_or(Val::Null, |g| Val::Guid(g, GuidStyle::Sms)),
        Fact::OsCaption => Val::St(&d.os.caption),
        Fact::OsName => Val::St(
            d.os.caption
                .strip_prefix("Microsoft ")
                .unwrap_or(&d.os.caption)
                .trim_end(),
        ),
        Fact::OsVersion => Val::St(&d.os.version),
        Fact::OsBuild => Val::St(&d.os.build),
        Fact::OsMajor => {
            let v = d.os.version.as_str();
            let end = v.match_indices('.').nth(1).map_or(v.len(), |(k, _)| k);
            Val::St(&v[..end])
        }
        Fact::ClientVersion => d.client_version.map_or(Val::Null, Val::St),
        Fact::LastUser => last_user(cx.s, d).map_or(Val::Null, |u| Val::Own(u.unique)),
        Fact::LastUserAccount => last_user(cx.s, d).map_or(Val::Null, |u| Val::Own(u.account)),
        Fact::PrimaryUser => d.user.map_or(Val::Null, |u| Val::Own(user(fleet, u).unique)),
        Fact::PrimaryUserAccount => d.user.map_or(Val::Null, |u| Val::Own(user(fleet, u).account)),
        Fact::RamMb => Val::I(d.ram_gb as i64 * 1024),
        Fact::DiskGb => Val::I(disk_gb()),
        Fact::DiskMb => Val::I(disk_gb() * 953_674 / 1000),
        Fact::DiskBytes => Val::I(disk_gb() * 1_000_000_000),
        Fact::CpuName => Val::St(&d.cpu.name),
        Fact::Cores => Val::I(d.cpu.cores * d.sockets),
        Fact::LogicalProcessors => Val::I(d.cpu.logical * d.sockets),
        Fact::OsInstalled => Val::Ts(d.os_installed),
        Fact::LastBoot => Val::Ts(d.last_boot),
        Fact::LastActive => Val::Ts(d.last_active),
        Fact::LastHw => Val::Ts(d.last_hw),
        Fact::LastSw => Val::Ts(d.last_sw),
        Fact::LastDdr => Val::Ts(d.last_ddr),
        Fact::Virtual => flag(d.virtual_machine),
        Fact::Laptop => flag(d.laptop()),
        Fact::Server => flag(d.is_server()),
        Fact::Client => Val::opt_i(d.client),
        Fact::Kind => Val::St(match d.kind {
            Kind::Desktop => "Desktop",
            Kind::Laptop => "Laptop",
            Kind::Vdi => "VDI",
            Kind::Kiosk => "Kiosk",
            Kind::Lab => "Lab",
            Kind::Server(_) => "Server",
        }),
        Fact::Tpm => match has_tpm(d) {
            Some(true) => Val::St("2.0"),
            Some(false) => Val::St("1.2"),
            None => Val::Null,
        },
        Fact::ManagedBy => {
            let who = if d.is_server() {
                admin_user(fleet, d.index % fleet.users.max(1))
            } else {
                d.user
            };
            who.map_or(Val::Null, |u| Val::Own(user_dn(&user(fleet, u))))
        }
        Fact::IpAddress | Fact::MacAddress => {
            let kind = if f == Fact::IpAddress {
                Fact::IpAddresses
            } else {
                Fact::MacAddresses
            };
            list(kind, cx).into_iter().next().map_or(Val::Null, Val::Own)
        }
        _ => Val::Null,
    }
}

/// A fact of a user.
fn user_fact<'a>(f: Fact, cx: &Cx<'a, '_>, u: &'a User) -> Val<'a> {
    // "Last, First" and "First Last (Admin)" as AD's givenName and sn hold them.
    let (given, surname) = match u.full_name.split_once(", ") {
        Some((last, first)) => (first, last),
        None => {
            let n = u.full_name.trim_end_matches(" (Admin)");
            n.split_once(' ').unwrap_or((n, ""))
        }
    };
    match f {
        Fact::Account => Val::S(&u.account),
        Fact::UniqueName | Fact::LastUser => Val::S(&u.unique),
        Fact::LastUserAccount => Val::S(&u.account),
        Fact::FullName => Val::S(&u.full_name),
        Fact::GivenName if !u.service => Val::S(given),
        Fact::Surname if !u.service && !surname.is_empty() => Val::S(surname),
        Fact::Mail => Val::opt_str(u.mail.as_deref()),
        Fact::Upn => Val::S(&u.upn),
        Fact::Manager => manager(cx.s.fleet, u.index).map_or(Val::Null, |m| Val::Own(user_dn(&user(cx.s.fleet, m)))),
        Fact::ManagerName => manager(cx.s.fleet, u.index).map_or(Val::Null, |m| Val::Own(user(cx.s.fleet, m).unique)),
        _ => Val::Null,
    }
}

/// The elements of list fact `f` for the subject, without repeats (compared
/// case-insensitively, as the array views' keys are).
pub(crate) fn list(f: Fact, cx: &Cx<'_, '_>) -> Vec<String> {
    let mut v = match (f, &cx.s.who) {
        (Fact::OuNames, Who::Device(d)) => ou_names(d.domain, &d.ou_path()),
        (Fact::OuNames, Who::User(u)) => ou_names(u.domain, &u.ou_path()),
        (Fact::DeviceGroups, Who::Device(d)) => device_groups(d),
        (Fact::UserGroups, Who::User(u)) => user_groups(u),
        (Fact::IpAddresses, Who::Device(d)) => network(cx.s.fleet, d)
            .adapters
            .into_iter()
            .filter_map(|a| a.ipv4)
            .collect(),
        (Fact::MacAddresses, Who::Device(d)) => network(cx.s.fleet, d).adapters.into_iter().map(|a| a.mac).collect(),
        _ => Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.to_ascii_lowercase()));
    v
}
