//! Devices: each is a pure function of the seed and its index (kind, office,
//! operating system, hardware, client state, times), recomputed wherever it is
//! needed, so that every view agrees without any state kept between views.

mod hardware;
mod naming;
mod timeline;

use crate::data::{self, Cpu, Form, Kind, Model, OS, OsFamily, OsVariant, Role, SERVICE_ACCOUNTS, SITES, Site, Vendor};
use crate::model::Domain;
use crate::model::Fleet;
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::time::date_micros;
use crate::model::user::admin_user;
use crate::model::user::user_admin;
use crate::model::user::user_dept;
use crate::model::user::user_domain;
use crate::model::user::user_site;
use crate::model::user::weighted_site;
use hardware::hardware;
use naming::naming;
use std::sync::LazyLock;
use timeline::{random_time, timeline};

/// Operating systems the fleet's history refers to (in-place upgrades, re-images).
static W10_1909: LazyLock<usize> = LazyLock::new(|| data::os_index("W10_1909"));
static W10_21H2: LazyLock<usize> = LazyLock::new(|| data::os_index("W10_21H2"));
static W10_22H2: LazyLock<usize> = LazyLock::new(|| data::os_index("W10_22H2"));

/// First device ResourceID (ConfigMgr numbers systems from 0x01000004).
pub(crate) const FIRST_DEVICE_ID: i64 = 16_777_220;

/// Why a record is a duplicate of the device before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dup {
    /// Discovered from AD only: no client, no SMS GUID.
    Ghost,
    /// The record left behind when the machine was re-imaged: obsolete, same hardware.
    Reimaged,
}

/// Where a device sits in AD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// In an OU (the usual case).
    Ou,
    /// In the default `Computers` container: no OU at all.
    Container,
    /// Not in AD (workgroup).
    None,
}

/// Device AD groups (bit flags; the group of flag `1 << k` is entry `k` of
/// `directory.toml`'s `device_groups`).
pub(crate) mod groups {
    pub const PILOT: u32 = 1;
    pub const BITLOCKER: u32 = 2;
    pub const PATCH_A: u32 = 4;
    pub const PATCH_B: u32 = 8;
    pub const PATCH_C: u32 = 16;
    pub const SQL_CLUSTER: u32 = 32;
    pub const KIOSK: u32 = 64;
    pub const VPN: u32 = 128;
    pub const WIN11_READY: u32 = 256;
}

/// One device as every view sees it.
#[derive(Debug, Clone)]
pub(crate) struct Device {
    pub index: usize,
    pub rid: i64,
    pub kind: Kind,
    pub site: &'static Site,
    pub site_idx: usize,
    pub dept: usize,
    /// The primary user (index into users), if any.
    pub user: Option<usize>,
    /// Who last logged on (user index), if any.
    pub last_user: Option<usize>,
    pub os_idx: usize,
    pub os: &'static OsVariant,
    pub model: &'static Model,
    pub cpu: &'static Cpu,
    pub sockets: i64,
    pub ram_gb: u32,
    pub disk_gb: u32,
    pub data_disk_gb: Option<u32>,
    pub domain: Domain,
    /// Name as discovered (occasionally lower case).
    pub name: String,
    /// NetBIOS name (upper case).
    pub netbios: String,
    /// Domain as discovered (occasionally mixed case).
    pub domain_text: &'static str,
    pub placement: Placement,
    pub dup: Option<Dup>,
    /// Client0: Some(1) managed, Some(0) client removed, None discovered only.
    pub client: Option<i64>,
    pub client_version: Option<&'static str>,
    pub sms_guid: Option<u128>,
    pub smbios_guid: u128,
    pub hardware_seed: u64,
    /// Whether the client reports hardware and software inventory.
    pub inventory: bool,
    pub active: bool,
    pub obsolete: bool,
    pub decommissioned: bool,
    pub virtual_machine: bool,
    pub created: i64,
    pub os_installed: i64,
    pub last_boot: i64,
    pub last_active: i64,
    pub last_hw: i64,
    pub last_sw: i64,
    pub last_ddr: i64,
    pub last_logon_ts: Option<i64>,
    pub groups: u32,
    /// Months of cumulative updates not yet installed (0 = current).
    pub months_behind: u32,
    /// Updates released after this time are not installed (legacy systems).
    pub legacy_cutoff: i64,
    pub serial: String,
    pub bios_idx: usize,
    pub secure_boot: bool,
    /// v_GS RevisionID: 2 when the OS was upgraded in place.
    pub revision: i64,
    /// The build before an in-place upgrade.
    pub previous_os: Option<usize>,
    pub os_lowercase_name: bool,
    /// The client's OS-level domain differs from discovery (left the domain).
    pub left_domain: bool,
    /// Reboot pending after updates.
    pub reboot_pending: bool,
}

impl Device {
    pub(crate) fn is_server(&self) -> bool {
        self.kind.is_server()
    }
    pub(crate) fn is_workstation(&self) -> bool {
        self.kind.is_workstation()
    }
    pub(crate) fn legacy(&self) -> bool {
        self.os.family.is_legacy()
    }
    pub(crate) fn role(&self) -> Option<Role> {
        match self.kind {
            Kind::Server(r) => Some(r),
            _ => None,
        }
    }
    pub(crate) fn laptop(&self) -> bool {
        matches!(self.model.form, Form::Laptop | Form::Tablet)
    }
    pub(crate) fn fqdn(&self) -> Option<String> {
        self.domain.dns().map(|d| format!("{}.{}", self.netbios, d))
    }
    pub(crate) fn is_client(&self) -> bool {
        self.client == Some(1)
    }
    /// OU path components from the domain root, in AD's own spelling.
    pub(crate) fn ou_path(&self) -> Vec<&'static str> {
        if self.placement != Placement::Ou {
            return Vec::new();
        }
        let mut p = Vec::with_capacity(4);
        match self.kind {
            Kind::Server(Role::Dc) => p.push("Domain Controllers"),
            Kind::Server(r) => {
                p.push("Servers");
                p.push(match r {
                    Role::Sql => "SQL",
                    Role::Web => "Web",
                    Role::File => "File",
                    Role::App => "Application",
                    Role::HyperV => "Hyper-V",
                    Role::Cm | Role::Dp => "ConfigMgr",
                    Role::Rds => "RDS",
                    Role::Print => "Print",
                    Role::Dc => "Domain Controllers",
                });
            }
            Kind::Kiosk => {
                p.push("Workstations");
                p.push("Kiosk");
            }
            Kind::Lab => p.push("Lab"),
            Kind::Vdi => {
                p.push("Workstations");
                p.push("VDI");
                p.push(&self.site.ou);
            }
            Kind::Desktop | Kind::Laptop => {
                p.push("Workstations");
                p.push(&self.site.ou);
                p.push(if self.kind == Kind::Laptop {
                    "Laptops"
                } else {
                    "Desktops"
                });
            }
        }
        p
    }
}

/// The devices at the start of every fleet, so that even a small fleet shows
/// every kind of machine: (kind, OS variant).
const FIXED: &[(Kind, &str)] = &[
    (Kind::Server(Role::Cm), "S2022_STD"),
    (Kind::Server(Role::Dc), "S2019_STD"),
    (Kind::Server(Role::Dp), "S2016_STD"),
    (Kind::Server(Role::Sql), "S2008R2_ENT"),
    (Kind::Desktop, "W7_ENT"),
    (Kind::Laptop, "W10_22H2"),
    (Kind::Desktop, "W11_24H2"),
    (Kind::Laptop, "W7_ENT"),
    (Kind::Laptop, "W11_23H2"),
    (Kind::Vdi, "W10_22H2"),
    (Kind::Desktop, "W10_21H2"),
    (Kind::Server(Role::Web), "S2012R2_STD"),
    (Kind::Desktop, "W7_PRO"),
    (Kind::Server(Role::File), "S2008R2_STD"),
    (Kind::Laptop, "W11_24H2"),
    (Kind::Desktop, "W10_22H2"),
];

/// Device `i` of the fleet.
pub(crate) fn device(fleet: &Fleet, i: usize) -> Device {
    let dup = dup_kind(fleet.seed, i);
    if let Some(kind) = dup {
        return duplicate(fleet, i, kind);
    }
    base_device(fleet, i)
}

/// Whether device `i` is a duplicate record of the one before it, and why.
fn dup_kind(seed: u64, i: usize) -> Option<Dup> {
    if i < FIXED.len() || i.is_multiple_of(2) {
        return None;
    }
    let h = hash(seed, &[Stream::Profile as u64, i as u64, 0xD0]);
    match h % 1000 {
        0..=9 => Some(Dup::Ghost),
        10..=39 => Some(Dup::Reimaged),
        _ => None,
    }
}

/// The record a duplicate copies from, altered by why it exists.
fn duplicate(fleet: &Fleet, i: usize, kind: Dup) -> Device {
    let original = base_device(fleet, i - 1);
    let mut r = Rng::keyed(fleet.seed, Stream::Profile, &[i as u64, 0xD1]);
    let mut d = original.clone();
    d.index = i;
    d.rid = FIRST_DEVICE_ID + i as i64;
    d.dup = Some(kind);
    d.created = original.created - r.range(30, 700) * MICROS_PER_DAY;
    d.created = d.created.max(fleet.now - 12 * 365 * MICROS_PER_DAY);
    match kind {
        Dup::Ghost => {
            d.client = None;
            d.client_version = None;
            d.sms_guid = None;
            d.inventory = false;
            d.active = false;
            d.last_logon_ts = Some(fleet.now - r.range(100, 900) * MICROS_PER_DAY);
            d.user = None;
            d.last_user = None;
        }
        Dup::Reimaged => {
            // The old record: the OS before the re-image, inventory frozen in time.
            d.obsolete = true;
            d.active = false;
            d.sms_guid = Some(r.guid());
            let previous = match original.os.family {
                OsFamily::Win11 => *W10_22H2,
                OsFamily::Win10 => *W10_1909,
                _ => original.os_idx,
            };
            d.os_idx = previous;
            d.os = &OS[previous];
            d.previous_os = None;
            d.revision = 1;
            let stale = fleet.now - r.range(20, 200) * MICROS_PER_DAY;
            d.last_active = stale;
            d.last_hw = stale - r.range(0, 3) * MICROS_PER_DAY;
            d.last_sw = d.last_hw - r.range(1, 20) * MICROS_PER_HOUR;
            d.last_ddr = stale;
            d.last_boot = stale - r.range(1, 10) * MICROS_PER_DAY;
            d.os_installed = d.created + r.range(0, 5) * MICROS_PER_DAY;
            d.last_logon_ts = Some(stale);
            d.client_version = Some(&data::CLIENT_VERSIONS[data::CLIENT_VERSIONS.len() - 1].0);
            d.months_behind = d
                .months_behind
                .max(((fleet.now - stale) / (30 * MICROS_PER_DAY)) as u32);
        }
    }
    d
}

/// Device `i` as drawn from the seed, before any duplicate record is made of it.
fn base_device(fleet: &Fleet, i: usize) -> Device {
    let mut r = Rng::new(fleet.seed, Stream::Profile, i as u64);
    let (kind, os_idx) = kind_and_os(&mut r, i);
    let os = &OS[os_idx];
    let legacy = os.family.is_legacy();
    // People first: the device follows its primary user's office and department.
    let user = primary_user(fleet, i, kind);
    let (site_idx, dept) = office_and_department(fleet.seed, &mut r, kind, user);
    let site = &SITES[site_idx];
    let domain = pick_domain(fleet.seed, &mut r, i, kind, user);
    let virt = pick_hypervisor(&mut r, i, kind);
    let hw = hardware(fleet.seed, i, kind, os, virt);
    let naming = naming(&mut r, i, kind, site, legacy, domain);
    let client = client_state(&mut r, i, kind, legacy);
    let times = timeline(&mut r, fleet.now, kind, os, domain, client.active);
    let months_behind = months_behind(&mut r, fleet.now, client.active, times.last_active);
    let legacy_cutoff = legacy_cutoff(&mut r, i);
    let groups = device_groups(&mut r, i, kind, os, hw.model);
    let previous_os = previous_os(&mut r, os);
    let last_user = last_user(fleet, &mut r, i, kind, user);
    // Cut only now: the months behind count from the exact last activity.
    let times = times.in_whole_seconds();
    // The last three fields make the last draws from `r`, in the order written.
    Device {
        index: i,
        rid: FIRST_DEVICE_ID + i as i64,
        kind,
        site,
        site_idx,
        dept,
        user,
        last_user,
        os_idx,
        os,
        model: hw.model,
        cpu: hw.cpu,
        sockets: hw.sockets,
        ram_gb: hw.ram_gb,
        disk_gb: hw.disk_gb,
        data_disk_gb: hw.data_disk_gb,
        domain,
        name: naming.name,
        netbios: naming.netbios,
        domain_text: naming.domain_text,
        placement: naming.placement,
        dup: None,
        client: client.client,
        client_version: client.client_version,
        sms_guid: client.sms_guid,
        smbios_guid: hw.smbios_guid,
        hardware_seed: hw.seed,
        inventory: client.inventory,
        active: client.active,
        obsolete: false,
        decommissioned: client.decommissioned,
        virtual_machine: hw.model.form == Form::Virtual,
        created: times.created,
        os_installed: times.os_installed,
        last_boot: times.last_boot,
        last_active: times.last_active,
        last_hw: times.last_hw,
        last_sw: times.last_sw,
        last_ddr: times.last_ddr,
        last_logon_ts: times.last_logon_ts,
        groups,
        months_behind,
        legacy_cutoff,
        serial: hw.serial,
        bios_idx: hw.bios_idx,
        secure_boot: hw.secure_boot,
        revision: if previous_os.is_some() { 2 } else { 1 },
        previous_os,
        os_lowercase_name: r.chance(0.01),
        left_domain: domain != Domain::Workgroup && r.chance(0.004),
        reboot_pending: r.chance(0.06),
    }
}

/// The kind of machine and its OS variant: fixed for the first devices, drawn for the rest.
fn kind_and_os(r: &mut Rng, i: usize) -> (Kind, usize) {
    match FIXED.get(i) {
        Some(&(k, o)) => (k, data::os_index(o)),
        None => {
            let k = pick_kind(r, i);
            (k, pick_os(r, k))
        }
    }
}

/// The kind of a drawn device: mostly workstations, one kiosk in every 500.
fn pick_kind(r: &mut Rng, i: usize) -> Kind {
    if i >= FIXED.len() && i % 500 == 7 {
        return Kind::Kiosk;
    }
    match r.weighted(&[40, 38, 6, 2, 12]) {
        0 => Kind::Desktop,
        1 => Kind::Laptop,
        2 => Kind::Vdi,
        3 => Kind::Lab,
        _ => {
            let w: Vec<u32> = Role::ALL.iter().map(|r| r.weight()).collect();
            Kind::Server(Role::ALL[r.weighted(&w)])
        }
    }
}

/// The OS variant, drawn from the mix for the kind of machine.
fn pick_os(r: &mut Rng, kind: Kind) -> usize {
    let table = data::os_mix(kind);
    let w: Vec<u32> = table.iter().map(|t| t.1).collect();
    table[r.weighted(&w)].0
}

/// The person a workstation belongs to (never an admin account); servers and shared machines have none.
fn primary_user(fleet: &Fleet, i: usize, kind: Kind) -> Option<usize> {
    match kind {
        Kind::Desktop | Kind::Laptop | Kind::Vdi => {
            let people = fleet.users - SERVICE_ACCOUNTS.len();
            let first = (hash(fleet.seed, &[Stream::User as u64, 0xDE, i as u64]) % people as u64) as usize;
            // Admin accounts are not anybody's everyday account.
            (0..people)
                .map(|k| SERVICE_ACCOUNTS.len() + (first + k) % people)
                .find(|&u| !user_admin(fleet.seed, u))
        }
        _ => None,
    }
}

/// The site and department: the primary user's, but servers sit in the main sites and a few PCs moved.
fn office_and_department(seed: u64, r: &mut Rng, kind: Kind, user: Option<usize>) -> (usize, usize) {
    let (mut site_idx, dept) = match user {
        Some(u) => (user_site(seed, u), user_dept(seed, u)),
        None => (weighted_site(r), *data::DEPT_IT),
    };
    if kind.is_server() {
        site_idx = match r.weighted(&[45, 35, 5, 5, 5, 5]) {
            k if k < SITES.len() => k,
            _ => 0,
        };
    } else if r.chance(0.04) {
        site_idx = weighted_site(r);
    }
    (site_idx, dept)
}

/// The AD domain (or workgroup): mostly Contoso, Fabrikam for Fabrikam's people.
fn pick_domain(seed: u64, r: &mut Rng, i: usize, kind: Kind, user: Option<usize>) -> Domain {
    if kind.is_server() {
        if r.chance(0.05) {
            Domain::Fabrikam
        } else {
            Domain::Contoso
        }
    } else if i < FIXED.len() {
        Domain::Contoso
    } else {
        let fabrikam_user = user.is_some_and(|u| user_domain(seed, u) == Domain::Fabrikam);
        match kind {
            _ if fabrikam_user && r.chance(0.85) => Domain::Fabrikam,
            Kind::Lab => match r.weighted(&[60, 10, 30]) {
                0 => Domain::Contoso,
                1 => Domain::Fabrikam,
                _ => Domain::Workgroup,
            },
            _ => match r.weighted(&[94, 2, 4]) {
                0 => Domain::Contoso,
                1 => Domain::Fabrikam,
                _ => Domain::Workgroup,
            },
        }
    }
}

/// The hypervisor a virtual machine runs on; `None` for physical machines.
fn pick_hypervisor(r: &mut Rng, i: usize, kind: Kind) -> Option<Vendor> {
    match kind {
        Kind::Vdi => Some(Vendor::VMware),
        Kind::Server(Role::HyperV) | Kind::Server(Role::Dc) if i < FIXED.len() => None,
        Kind::Server(Role::HyperV) => None,
        Kind::Server(_) => match r.weighted(&[45, 30, 25]) {
            0 => Some(Vendor::VMware),
            1 => Some(Vendor::HyperV),
            _ => None,
        },
        Kind::Lab if r.chance(0.3) => Some(Vendor::HyperV),
        _ => None,
    }
}

const ALNUM: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// `n` characters drawn from `alphabet`.
fn random_chars(r: &mut Rng, n: usize, alphabet: &[u8]) -> String {
    (0..n).map(|_| *r.pick(alphabet) as char).collect()
}

/// The ConfigMgr client on a device, as the site knows it.
struct ClientState {
    client: Option<i64>,
    client_version: Option<&'static str>,
    sms_guid: Option<u128>,
    inventory: bool,
    active: bool,
    decommissioned: bool,
}

/// Whether there is a client (managed, removed, decommissioned), and whether it is active and reports.
fn client_state(r: &mut Rng, i: usize, kind: Kind, legacy: bool) -> ClientState {
    let state = if i < FIXED.len() {
        0
    } else {
        r.weighted(&[920, 45, 25, 10])
    };
    let (client, sms_guid_present) = match state {
        0 | 3 => (Some(1), true),
        1 => (None, false),
        _ => (Some(0), true),
    };
    let decommissioned = state == 3;
    let inventory = client == Some(1) && !decommissioned && (i < FIXED.len() || r.chance(0.99));
    let active = client == Some(1) && !decommissioned && (i < FIXED.len() || r.chance(0.9));
    let client_version = client.map(|_| client_version(r, kind, legacy));
    let sms_guid = sms_guid_present.then(|| r.guid());
    ClientState {
        client,
        client_version,
        sms_guid,
        inventory,
        active,
        decommissioned,
    }
}

/// The client version: the newest on the site server, older ones on legacy systems.
fn client_version(r: &mut Rng, kind: Kind, legacy: bool) -> &'static str {
    let table: &'static [(String, u32)] = if legacy {
        &data::LEGACY_CLIENT_VERSIONS
    } else {
        &data::CLIENT_VERSIONS
    };
    if kind == Kind::Server(Role::Cm) {
        return &table[0].0;
    }
    let w: Vec<u32> = table.iter().map(|t| t.1).collect();
    &table[r.weighted(&w)].0
}

/// How many months of cumulative updates are missing: an inactive device stopped when it went quiet.
fn months_behind(r: &mut Rng, now: i64, active: bool, last_active: i64) -> u32 {
    if !active {
        (((now - last_active) / (30 * MICROS_PER_DAY)) as u32 + 1).min(12)
    } else {
        match r.weighted(&[55, 22, 9, 8, 4, 2]) {
            0 => 0,
            1 => 1,
            2 => 2,
            3 => r.range(3, 6) as u32,
            4 => r.range(7, 11) as u32,
            _ => 12,
        }
    }
}

/// The release date after which a legacy system installed no more updates.
fn legacy_cutoff(r: &mut Rng, i: usize) -> i64 {
    if i == 4 || i == 3 {
        // The fixed legacy systems missed the 2011 updates.
        date_micros(2010, 11, 20)
    } else if r.chance(0.45) {
        date_micros(2011, 12, 31)
    } else {
        random_time(r, date_micros(2010, 5, 1), date_micros(2011, 6, 30))
    }
}

/// The device's AD groups (the bits of [`groups`]).
fn device_groups(r: &mut Rng, i: usize, kind: Kind, os: &OsVariant, model: &Model) -> u32 {
    let mut bits = 0;
    if kind.is_workstation() && r.chance(0.07) {
        bits |= groups::PILOT;
    }
    if i == 6 || i == 8 {
        bits |= groups::PILOT;
    }
    if model.form == Form::Laptop && r.chance(0.9) || model.tpm2 && r.chance(0.3) {
        bits |= groups::BITLOCKER;
    }
    if kind.is_server() {
        bits |= [groups::PATCH_A, groups::PATCH_B, groups::PATCH_C][r.below(3) as usize];
        if kind == Kind::Server(Role::Sql) && r.chance(0.3) {
            bits |= groups::SQL_CLUSTER;
        }
    }
    if kind == Kind::Kiosk {
        bits |= groups::KIOSK;
    }
    if model.form == Form::Laptop && r.chance(0.8) {
        bits |= groups::VPN;
    }
    if os.family == OsFamily::Win10 && model.tpm2 && model.uefi && r.chance(0.7) {
        bits |= groups::WIN11_READY;
    }
    bits
}

/// The build the OS was upgraded in place from, if it was.
fn previous_os(r: &mut Rng, os: &OsVariant) -> Option<usize> {
    match os.family {
        OsFamily::Win11 if r.chance(0.35) => Some(*W10_22H2),
        OsFamily::Win10 if os.build == "19045" && r.chance(0.3) => Some(*W10_21H2),
        _ => None,
    }
}

/// Who last logged on: mostly the primary user, on servers a service or admin account, on labs anybody.
fn last_user(fleet: &Fleet, r: &mut Rng, i: usize, kind: Kind, user: Option<usize>) -> Option<usize> {
    match (kind, user) {
        (_, Some(u)) if r.chance(0.93) => Some(u),
        (_, Some(_)) => None,
        (Kind::Server(role), None) => {
            let service = match role {
                Role::Sql => 2,
                Role::File | Role::Print | Role::App => 3,
                Role::Web => 4,
                Role::Cm | Role::Dp => 1,
                _ => 0,
            };
            if service != 0 && r.chance(0.35) {
                Some(service)
            } else {
                admin_user(
                    fleet,
                    (hash(fleet.seed, &[i as u64, 0xAD]) % fleet.users as u64) as usize,
                )
                .or(Some(service))
            }
        }
        (Kind::Lab, None) if r.chance(0.7) => {
            Some(SERVICE_ACCOUNTS.len() + (r.below((fleet.users - SERVICE_ACCOUNTS.len()) as u64) as usize))
        }
        _ => None,
    }
}
