//! System inventory views: operating system, computer system, BIOS,
//! workstation status, console users, quick-fix engineering, Office 365.

use crate::data::SUITE_M365;
use crate::data::{Kind, OS, OsFamily, OsVariant, Role, Vendor};
use crate::model::Domain;
use crate::model::device::Device;
use crate::model::device::groups;
use crate::model::guid::GuidStyle;
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::software::Install;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::time::MICROS_PER_MINUTE;
use crate::model::time::civil;
use crate::model::time::date_micros;
use crate::model::updates::Platform;
use crate::model::user::user;
use crate::site::subject::Base;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use crate::views::discovery::last_user;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a system inventory view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_gs_operating_system" => bound(OperatingSystem { history: false }, view),
        "v_hs_operating_system" => bound(OperatingSystem { history: true }, view),
        "v_gs_computer_system" => bound(ComputerSystem, view),
        "v_gs_system" => bound(SystemClass, view),
        "v_gs_pc_bios" => bound(PcBios, view),
        "v_gs_workstation_status" => bound(WorkstationStatus, view),
        "v_gs_system_console_usage" => bound(ConsoleUsage, view),
        "v_gs_system_console_user" => bound(ConsoleUser, view),
        "v_gs_quick_fix_engineering" => bound(QuickFix, view),
        "v_gs_office365proplusconfigurations" => bound(Office365, view),
        "v_gs_computer_system_product" => bound(ComputerSystemProduct, view),
        _ => return None,
    })
}

/// Installed-memory figures (KB).
pub(crate) fn visible_kb(d: &Device) -> i64 {
    d.ram_gb as i64 * 1024 * 1024 - if d.virtual_machine { 12_000 } else { 380_000 }
}

columns! {
    pub(crate) enum OsCol {
        ResourceID, GroupID, RevisionID, TimeStamp, BootDevice0, BuildNumber0, Caption0, CodeSet0, CountryCode0,
        CSDVersion0, CurrentTimeZone0, Debug0, Description0, Distributed0, ForegroundApplicationBoost0,
        FreePhysicalMemory0, FreeSpaceInPagingFiles0, FreeVirtualMemory0, InstallDate0, LastBootUpTime0, Locale0,
        Manufacturer0, MaxNumberOfProcesses0, MaxProcessMemorySize0, Name0, NumberOfLicensedUsers0,
        NumberOfProcesses0, NumberOfUsers0, OperatingSystemSKU0, Organization0, OSArchitecture0, OSLanguage0,
        OSProductSuite0, OSType0, OtherTypeDescription0, Primary0, ProductType0, RegisteredUser0, SerialNumber0,
        ServicePackMajorVersion0, ServicePackMinorVersion0, SizeStoredInPagingFiles0, Status0, SystemDevice0,
        SystemDirectory0, SystemDrive0, TotalVirtualMemorySize0, TotalVisibleMemorySize0, Version0,
        WindowsDirectory0
    }
}

/// v_GS_OPERATING_SYSTEM, or v_HS_OPERATING_SYSTEM (the build before an in-place upgrade).
pub(crate) struct OperatingSystem {
    pub history: bool,
}

pub(crate) struct OsRow {
    os: &'static OsVariant,
    revision: i64,
    time: i64,
}

impl Table for OperatingSystem {
    type Row = OsRow;
    type Col = OsCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<OsRow>) {
        let Some(d) = s.inventoried() else { return };
        if self.history {
            if let Some(p) = d.previous_os {
                out.push(OsRow {
                    os: &OS[p],
                    revision: 1,
                    time: d.os_installed - 2 * MICROS_PER_DAY,
                });
            }
        } else {
            out.push(OsRow {
                os: d.os,
                revision: d.revision,
                time: d.last_hw,
            });
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a OsRow, col: OsCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let os = row.os;
        let legacy = os.family.is_legacy();
        let windir = if legacy || os.family == OsFamily::Srv2016 {
            "C:\\Windows"
        } else {
            "C:\\WINDOWS"
        };
        let vis = visible_kb(d);
        let h = hash(s.fleet.seed, &[Stream::Hardware as u64, d.index as u64, 0x05]);
        match col {
            OsCol::ResourceID => Val::I(d.rid),
            OsCol::GroupID => Val::I(1),
            OsCol::RevisionID => Val::I(row.revision),
            OsCol::TimeStamp => Val::Ts(row.time),
            OsCol::BootDevice0 => Val::St("\\Device\\HarddiskVolume1"),
            OsCol::BuildNumber0 => Val::St(&os.build),
            OsCol::Caption0 => Val::St(&os.caption),
            OsCol::CodeSet0 => Val::St("1252"),
            OsCol::CountryCode0 => Val::St(&d.site.country),
            OsCol::CSDVersion0 => os.csd.as_deref().map_or(Val::Null, Val::St),
            OsCol::CurrentTimeZone0 => Val::I(d.site.tz),
            OsCol::Debug0 | OsCol::Distributed0 => Val::I(0),
            OsCol::Description0 => {
                if d.is_server() && h.is_multiple_of(3) {
                    Val::St(d.role().map_or("", |r| r.ou()))
                } else {
                    Val::Null
                }
            }
            OsCol::ForegroundApplicationBoost0 => Val::I(2),
            OsCol::FreePhysicalMemory0 => Val::I(vis / 3 + (h % (vis as u64 / 3).max(1)) as i64),
            OsCol::FreeSpaceInPagingFiles0 => Val::I(2_500_000 + (h % 1_000_000) as i64),
            OsCol::FreeVirtualMemory0 => Val::I(vis / 2 + 2_500_000),
            OsCol::InstallDate0 => Val::Ts(if self.history { d.created } else { d.os_installed }),
            OsCol::LastBootUpTime0 => Val::Ts(if self.history {
                d.os_installed - 3 * MICROS_PER_DAY
            } else {
                d.last_boot
            }),
            OsCol::Locale0 => Val::St(&d.site.locale),
            OsCol::Manufacturer0 => Val::St("Microsoft Corporation"),
            OsCol::MaxNumberOfProcesses0 => Val::I(-1),
            OsCol::MaxProcessMemorySize0 => Val::I(137_438_953_344),
            OsCol::Name0 => Val::Own(format!(
                "{}|{}|\\Device\\Harddisk0\\Partition{}",
                os.caption.trim_end(),
                windir,
                if legacy { 2 } else { 3 }
            )),
            OsCol::NumberOfLicensedUsers0 => {
                if os.family.is_server() {
                    Val::I(0)
                } else {
                    Val::Null
                }
            }
            OsCol::NumberOfProcesses0 => Val::I(if d.is_server() { 90 } else { 180 } + (h % 120) as i64),
            OsCol::NumberOfUsers0 => Val::I(if d.role() == Some(Role::Rds) {
                18 + (h % 20) as i64
            } else {
                1 + (h % 3) as i64
            }),
            OsCol::OperatingSystemSKU0 => Val::I(os.sku),
            OsCol::Organization0 => Val::St(if d.domain == Domain::Contoso {
                "Contoso Ltd."
            } else {
                ""
            }),
            OsCol::OSArchitecture0 => Val::St(if d.cpu.arch == 12 {
                "ARM 64-bit Processor"
            } else {
                "64-bit"
            }),
            OsCol::OSLanguage0 => Val::I(d.site.lcid),
            OsCol::OSProductSuite0 => Val::I(if os.family.is_server() { 272 } else { 256 }),
            OsCol::OSType0 => Val::I(18),
            OsCol::OtherTypeDescription0 => {
                if os.family == OsFamily::Srv2008R2 || os.family == OsFamily::Srv2012R2 {
                    Val::St("R2")
                } else {
                    Val::Null
                }
            }
            OsCol::Primary0 => Val::I(1),
            OsCol::ProductType0 => Val::I(match d.kind {
                Kind::Server(Role::Dc) => 2,
                Kind::Server(_) => 3,
                _ => 1,
            }),
            OsCol::RegisteredUser0 => Val::St(if d.domain == Domain::Contoso {
                "Contoso User"
            } else {
                "Windows User"
            }),
            OsCol::SerialNumber0 => Val::Own(format!(
                "00{}-{:05}-{:05}-AA{:03}",
                if os.family.is_server() { 429 } else { 329 },
                h % 100_000,
                (h >> 20) % 100_000,
                (h >> 40) % 1000
            )),
            OsCol::ServicePackMajorVersion0 => Val::I(if os.csd.is_some() { 1 } else { 0 }),
            OsCol::ServicePackMinorVersion0 => Val::I(0),
            OsCol::SizeStoredInPagingFiles0 => Val::I(if d.ram_gb >= 32 { 4_980_736 } else { 2_490_368 }),
            OsCol::Status0 => Val::St("OK"),
            OsCol::SystemDevice0 => Val::St(if legacy {
                "\\Device\\HarddiskVolume2"
            } else {
                "\\Device\\HarddiskVolume3"
            }),
            OsCol::SystemDirectory0 => Val::Own(format!("{windir}\\system32")),
            OsCol::SystemDrive0 => Val::St("C:"),
            OsCol::TotalVirtualMemorySize0 => Val::I(vis + if d.ram_gb >= 32 { 4_980_736 } else { 2_490_368 }),
            OsCol::TotalVisibleMemorySize0 => Val::I(vis),
            OsCol::Version0 => Val::St(&os.version),
            OsCol::WindowsDirectory0 => Val::St(windir),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, row: &'a OsRow) -> Base<'a> {
        Base {
            revision: row.revision,
            time: Some(row.time),
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum CsCol {
        AdminPasswordStatus0, AutomaticResetBootOption0, AutomaticResetCapability0, BootOptionOnLimit0,
        BootOptionOnWatchDog0, BootROMSupported0, BootupState0, Caption0, ChassisBootupState0, CurrentTimeZone0,
        DaylightInEffect0, Description0, Domain0, DomainRole0, FrontPanelResetStatus0, InfraredSupported0,
        KeyboardPasswordStatus0, Manufacturer0, Model0, Name0, NetworkServerModeEnabled0, NumberOfProcessors0,
        PowerManagementSupported0, PowerOnPasswordStatus0, PowerState0, PowerSupplyState0, PrimaryOwnerName0,
        ResetCapability0, ResetCount0, ResetLimit0, Roles0, Status0, SystemType0, ThermalState0,
        TotalPhysicalMemory0, UserName0, WakeUpType0
    }
}

/// v_GS_COMPUTER_SYSTEM.
pub(crate) struct ComputerSystem;

fn os_domain(d: &Device) -> Option<&'static str> {
    if d.left_domain { None } else { d.domain.dns() }
}

impl Table for ComputerSystem {
    type Row = ();
    type Col = CsCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: CsCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            CsCol::AdminPasswordStatus0 | CsCol::KeyboardPasswordStatus0 | CsCol::PowerOnPasswordStatus0 => Val::I(3),
            CsCol::AutomaticResetBootOption0 | CsCol::AutomaticResetCapability0 | CsCol::BootROMSupported0 => Val::I(1),
            CsCol::BootOptionOnLimit0 | CsCol::BootOptionOnWatchDog0 => Val::Null,
            CsCol::BootupState0 => Val::St("Normal boot"),
            CsCol::Caption0 | CsCol::Name0 => Val::S(&d.netbios),
            CsCol::ChassisBootupState0
            | CsCol::PowerSupplyState0
            | CsCol::ThermalState0
            | CsCol::FrontPanelResetStatus0 => Val::I(3),
            CsCol::CurrentTimeZone0 => Val::I(d.site.tz),
            CsCol::DaylightInEffect0 => Val::I(0),
            CsCol::Description0 => Val::St("AT/AT COMPATIBLE"),
            CsCol::Domain0 => Val::St(os_domain(d).unwrap_or("WORKGROUP")),
            CsCol::DomainRole0 => Val::I(match (d.kind, os_domain(d)) {
                (Kind::Server(Role::Dc), _) => {
                    if d.index == 1 {
                        5
                    } else {
                        4
                    }
                }
                (Kind::Server(_), None) => 2,
                (Kind::Server(_), Some(_)) => 3,
                (_, None) => 0,
                _ => 1,
            }),
            CsCol::InfraredSupported0 => Val::I(0),
            CsCol::Manufacturer0 => Val::St(&d.model.manufacturer),
            CsCol::Model0 => Val::St(&d.model.model),
            CsCol::NetworkServerModeEnabled0 => Val::I(1),
            CsCol::NumberOfProcessors0 => Val::I(d.sockets),
            CsCol::PowerManagementSupported0 => Val::Null,
            CsCol::PowerState0 => Val::I(0),
            CsCol::PrimaryOwnerName0 => Val::St(if d.domain == Domain::Contoso {
                "Contoso User"
            } else {
                "Windows User"
            }),
            CsCol::ResetCapability0 => Val::I(1),
            CsCol::ResetCount0 | CsCol::ResetLimit0 => Val::I(-1),
            CsCol::Roles0 => Val::St(match d.kind {
                Kind::Server(Role::Dc) => "LM_Workstation,LM_Server,Primary_Domain_Controller,Timesource,NT,DFS",
                Kind::Server(Role::Sql) => "LM_Workstation,LM_Server,SQLServer,NT,Server_NT",
                Kind::Server(_) => "LM_Workstation,LM_Server,NT,Server_NT",
                _ => "LM_Workstation,LM_Server,NT",
            }),
            CsCol::Status0 => Val::St("OK"),
            CsCol::SystemType0 => Val::St(if d.cpu.arch == 12 {
                "ARM64-based PC"
            } else {
                "x64-based PC"
            }),
            CsCol::TotalPhysicalMemory0 => Val::I(visible_kb(d) * 1024),
            CsCol::UserName0 => {
                let logged_on = d.is_workstation() && d.active && d.index % 5 != 0;
                match (logged_on, last_user(s, d)) {
                    (true, Some(u)) => Val::Own(u.unique),
                    _ => Val::Null,
                }
            }
            CsCol::WakeUpType0 => Val::I(6),
        }
    }
}

columns! {
    pub(crate) enum SystemCol { Name0, SMSID0, Domain0, SystemRole0, SystemType0 }
}

/// v_GS_SYSTEM.
pub(crate) struct SystemClass;

impl Table for SystemClass {
    type Row = ();
    type Col = SystemCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: SystemCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            SystemCol::Name0 => Val::S(&d.netbios),
            SystemCol::SMSID0 => d.sms_guid.map_or(Val::Null, |g| Val::Guid(g, GuidStyle::Sms)),
            SystemCol::Domain0 => {
                if d.left_domain {
                    Val::St("WORKGROUP")
                } else {
                    Val::St(d.domain.netbios())
                }
            }
            SystemCol::SystemRole0 => Val::St(if d.is_server() { "Server" } else { "Workstation" }),
            SystemCol::SystemType0 => Val::St(if d.cpu.arch == 12 {
                "ARM64-based PC"
            } else {
                "X64-based PC"
            }),
        }
    }
}

columns! {
    pub(crate) enum BiosCol {
        BiosCharacteristics0, BIOSVersion0, Caption0, CurrentLanguage0, Description0, InstallableLanguages0,
        ListOfLanguages0, Manufacturer0, Name0, PrimaryBIOS0, ReleaseDate0, SerialNumber0, SMBIOSBIOSVersion0,
        SMBIOSMajorVersion0, SMBIOSMinorVersion0, SMBIOSPresent0, SoftwareElementID0, SoftwareElementState0,
        Status0, TargetOperatingSystem0, Version0
    }
}

/// v_GS_PC_BIOS.
pub(crate) struct PcBios;

fn bios_version(d: &Device) -> &'static str {
    &d.model.bios[d.bios_idx.min(d.model.bios.len() - 1)]
}

fn bios_release(d: &Device) -> i64 {
    // Newer BIOS versions (lower index) were released later.
    let age = (d.model.bios.len() - 1 - d.bios_idx.min(d.model.bios.len() - 1)) as i64;
    let m = (d.hardware_seed % 12) as u32 + 1;
    date_micros(d.model.year, m, 1 + (d.hardware_seed % 27) as u32) + age * 170 * MICROS_PER_DAY
}

pub(crate) fn bios_manufacturer(d: &Device) -> &'static str {
    match d.model.vendor {
        Vendor::VMwareOld => "Phoenix Technologies LTD",
        Vendor::VMware => "VMware, Inc.",
        Vendor::HyperV | Vendor::Surface => "Microsoft Corporation",
        Vendor::Lenovo => "LENOVO",
        Vendor::Dell => "Dell Inc.",
        Vendor::Hp => "HP",
        Vendor::HpOld => "Hewlett-Packard",
        Vendor::Hpe => "HPE",
    }
}

/// The serial number in the BIOS (occasionally blanked by a board replacement).
fn bios_serial(d: &Device) -> &str {
    match d.hardware_seed % 113 {
        0 => "To be filled by O.E.M.",
        1 => " ",
        _ => &d.serial,
    }
}

impl Table for PcBios {
    type Row = ();
    type Col = BiosCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: BiosCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let ver = bios_version(d);
        match col {
            BiosCol::BiosCharacteristics0 => {
                Val::St("7,11,12,15,16,19,26,27,28,29,32,33,39,40,41,42,43,50,58,59,64,65")
            }
            BiosCol::BIOSVersion0 | BiosCol::Version0 => Val::Own(match d.model.vendor {
                Vendor::Dell => format!("DELL   - {}", 1_072_009 + d.model.year as i64),
                Vendor::Lenovo => "LENOVO - 1620".to_string(),
                Vendor::VMware | Vendor::VMwareOld => "INTEL  - 6040000".to_string(),
                Vendor::HyperV => "VRTUAL - 5001223".to_string(),
                _ => format!(
                    "{} - {}",
                    bios_manufacturer(d).to_ascii_uppercase(),
                    0x0002_0000 + d.model.year as i64
                ),
            }),
            BiosCol::Caption0 | BiosCol::Description0 | BiosCol::Name0 | BiosCol::SoftwareElementID0 => Val::St(ver),
            BiosCol::CurrentLanguage0 => Val::St("en|US|iso8859-1"),
            BiosCol::InstallableLanguages0 => Val::I(2),
            BiosCol::ListOfLanguages0 => Val::St("en|US|iso8859-1,,"),
            BiosCol::Manufacturer0 => Val::St(bios_manufacturer(d)),
            BiosCol::PrimaryBIOS0 | BiosCol::SMBIOSPresent0 => Val::I(1),
            BiosCol::ReleaseDate0 => Val::Ts(bios_release(d).min(s.fleet.now - 30 * MICROS_PER_DAY)),
            BiosCol::SerialNumber0 => Val::S(bios_serial(d)),
            BiosCol::SMBIOSBIOSVersion0 => Val::St(ver),
            BiosCol::SMBIOSMajorVersion0 => Val::I(if d.model.year >= 2016 { 3 } else { 2 }),
            BiosCol::SMBIOSMinorVersion0 => Val::I(if d.model.year >= 2016 { 2 } else { 7 }),
            BiosCol::SoftwareElementState0 => Val::I(3),
            BiosCol::Status0 => Val::St("OK"),
            BiosCol::TargetOperatingSystem0 => Val::I(0),
        }
    }
}

columns! {
    pub(crate) enum StatusCol { LastHWScan }
}

/// v_GS_WORKSTATION_STATUS.
pub(crate) struct WorkstationStatus;

impl Table for WorkstationStatus {
    type Row = ();
    type Col = StatusCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), _col: StatusCol) -> Val<'a> {
        s.device().map_or(Val::Null, |d| Val::Ts(d.last_hw))
    }
}

/// The console users of a device: (user index, minutes, last use).
fn console_users(s: &Subject<'_>, d: &Device) -> Vec<(usize, i64, i64)> {
    let mut r = Rng::new(s.fleet.seed, Stream::Health, d.index as u64);
    let mut out = Vec::new();
    if let Some(u) = d.last_user {
        out.push((
            u,
            r.range(600, 40_000),
            d.last_active - r.range(0, 48) * MICROS_PER_HOUR,
        ));
    }
    let extra = if d.is_server() { r.range(0, 3) } else { r.range(0, 1) };
    for k in 0..extra {
        let u = crate::data::SERVICE_ACCOUNTS.len()
            + (hash(s.fleet.seed, &[d.index as u64, k as u64, 0xC0])
                % (s.fleet.users - crate::data::SERVICE_ACCOUNTS.len()) as u64) as usize;
        if out.iter().all(|x| x.0 != u) {
            out.push((u, r.range(5, 300), d.last_active - r.range(24, 600) * MICROS_PER_HOUR));
        }
    }
    out
}

columns! {
    pub(crate) enum UsageCol { SecurityLogStartDate0, TopConsoleUser0, TotalConsoleTime0, TotalConsoleUsers0, TotalSecurityLogTime0 }
}

/// v_GS_SYSTEM_CONSOLE_USAGE.
pub(crate) struct ConsoleUsage;

impl Table for ConsoleUsage {
    type Row = ();
    type Col = UsageCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some_and(|d| d.kind != Kind::Kiosk) {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: UsageCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let users = console_users(s, d);
        let total: i64 = users.iter().map(|u| u.1).sum();
        let log_days = 20 + (d.hardware_seed % 60) as i64;
        match col {
            UsageCol::SecurityLogStartDate0 => Val::Ts(d.last_hw - log_days * MICROS_PER_DAY),
            UsageCol::TopConsoleUser0 => match users.iter().max_by_key(|u| u.1) {
                Some(&(u, _, _)) => {
                    let name = user(s.fleet, u).unique;
                    // Some clients report the domain in lower case.
                    Val::Own(if d.index % 17 == 3 {
                        name.to_ascii_lowercase()
                    } else {
                        name
                    })
                }
                None => Val::Null,
            },
            UsageCol::TotalConsoleTime0 => Val::I(total),
            UsageCol::TotalConsoleUsers0 => Val::I(users.len() as i64),
            UsageCol::TotalSecurityLogTime0 => Val::I(log_days * 24 * 60),
        }
    }
}

columns! {
    pub(crate) enum ConsoleUserCol { GroupID, SystemConsoleUser0, LastConsoleUse0, NumberOfConsoleLogons0, TotalUserConsoleMinutes0 }
}

/// v_GS_SYSTEM_CONSOLE_USER.
pub(crate) struct ConsoleUser;

impl Table for ConsoleUser {
    type Row = (usize, usize, i64, i64);
    type Col = ConsoleUserCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        let Some(d) = s.inventoried() else { return };
        for (k, (u, m, t)) in console_users(s, d).into_iter().enumerate() {
            out.push((k + 1, u, m, t));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: ConsoleUserCol) -> Val<'a> {
        let (k, u, m, t) = *row;
        match col {
            ConsoleUserCol::GroupID => Val::I(k as i64),
            ConsoleUserCol::SystemConsoleUser0 => Val::Own(user(s.fleet, u).unique),
            ConsoleUserCol::LastConsoleUse0 => Val::Ts(t),
            ConsoleUserCol::NumberOfConsoleLogons0 => Val::I(1 + m / 240),
            ConsoleUserCol::TotalUserConsoleMinutes0 => Val::I(m),
        }
    }
}

columns! {
    pub(crate) enum QfeCol {
        GroupID, HotFixID0, ServicePackInEffect0, Caption0, Description0, FixComments0, InstallDate0, InstalledBy0,
        InstalledOn0, Name0, Status0
    }
}

/// v_GS_QUICK_FIX_ENGINEERING: the updates installed, as the update scan reports them.
pub(crate) struct QuickFix;

pub(crate) struct QfeRow {
    group: i64,
    ci: usize,
    security: bool,
    installed: i64,
}

impl Table for QuickFix {
    type Row = QfeRow;
    type Col = QfeCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<QfeRow>) {
        let Some(d) = s.inventoried() else { return };
        let mut seen = std::collections::HashSet::new();
        for x in s.scan() {
            let u = &s.fleet.updates.list[x.ci as usize];
            // Hotfixes only: definitions, the removal tool and browsers do not register, and
            // only the newest cumulative update of a series stays installed.
            let hotfix = !matches!(u.platform, Platform::Modern | Platform::Edge);
            if x.status == 3 && hotfix && !x.superseded_installed && seen.insert(u.kb.as_str()) {
                out.push(QfeRow {
                    group: out.len() as i64 + 1,
                    ci: x.ci as usize,
                    security: u.severity.is_some(),
                    installed: x.installed_at.unwrap_or(d.last_sw),
                });
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, q: &'a QfeRow, col: QfeCol) -> Val<'a> {
        let kb = &s.fleet.updates.list[q.ci].kb;
        match col {
            QfeCol::GroupID => Val::I(q.group),
            QfeCol::HotFixID0 => Val::Own(format!("KB{kb}")),
            QfeCol::ServicePackInEffect0
            | QfeCol::FixComments0
            | QfeCol::InstallDate0
            | QfeCol::Name0
            | QfeCol::Status0 => Val::Null,
            QfeCol::Caption0 => Val::Own(format!("https://support.microsoft.com/help/{kb}")),
            QfeCol::Description0 => Val::St(if q.security { "Security Update" } else { "Update" }),
            QfeCol::InstalledBy0 => Val::St("NT AUTHORITY\\SYSTEM"),
            QfeCol::InstalledOn0 => {
                let c = civil(q.installed);
                Val::Own(format!("{}/{}/{}", c.month, c.day, c.year))
            }
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, q: &'a QfeRow) -> Base<'a> {
        Base {
            group: q.group,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum O365Col {
        KeyName0, AutoUpgrade0, CCMManaged0, CDNBaseUrl0, cfgUpdateChannel0, ClientCulture0, ClientFolder0,
        GPOChannel0, GPOOfficeMgmtCOM0, InstallationPath0, LastScenario0, LastScenarioResult0, OfficeMgmtCOM0,
        Platform0, SharedComputerLicensing0, UpdateChannel0, UpdatePath0, UpdatesEnabled0, UpdateUrl0,
        VersionToReport0
    }
}

/// v_GS_OFFICE365PROPLUSCONFIGURATIONS: devices with Microsoft 365 Apps.
pub(crate) struct Office365;

const MONTHLY_ENTERPRISE: &str = "http://officecdn.microsoft.com/pr/55336b82-a18d-4dd6-b5f6-9e5095c314a6";

const SEMI_ANNUAL: &str = "http://officecdn.microsoft.com/pr/7ffbc6bf-bc32-4f92-8982-f9dd17fd3114";

impl Table for Office365 {
    type Row = Install;
    type Col = O365Col;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Install>) {
        if let Some(x) = s
            .software()
            .iter()
            .find(|x| x.sw().suite == SUITE_M365 && x.sw().exe == "WINWORD.EXE")
        {
            out.push(*x);
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, x: &'a Install, col: O365Col) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let channel = if d.groups & groups::PILOT != 0 {
            MONTHLY_ENTERPRISE
        } else {
            SEMI_ANNUAL
        };
        let shared = matches!(d.kind, Kind::Vdi | Kind::Server(Role::Rds));
        match col {
            O365Col::KeyName0 => Val::St("Configuration"),
            O365Col::AutoUpgrade0 | O365Col::GPOChannel0 | O365Col::GPOOfficeMgmtCOM0 | O365Col::UpdatePath0 => {
                Val::Null
            }
            O365Col::CCMManaged0 | O365Col::OfficeMgmtCOM0 | O365Col::UpdatesEnabled0 => Val::St("True"),
            O365Col::CDNBaseUrl0 | O365Col::UpdateChannel0 | O365Col::UpdateUrl0 => Val::St(channel),
            O365Col::cfgUpdateChannel0 => Val::Null,
            O365Col::ClientCulture0 => Val::St(&d.site.lang),
            O365Col::ClientFolder0 => Val::St("C:\\Program Files\\Common Files\\Microsoft Shared\\ClickToRun"),
            O365Col::InstallationPath0 => Val::St("C:\\Program Files\\Microsoft Office"),
            O365Col::LastScenario0 => Val::St("UPDATE"),
            O365Col::LastScenarioResult0 => Val::St(if d.hardware_seed % 29 == 0 {
                "Failure"
            } else {
                "Success"
            }),
            O365Col::Platform0 => Val::St("x64"),
            O365Col::SharedComputerLicensing0 => Val::St(if shared { "1" } else { "0" }),
            O365Col::VersionToReport0 => x.version().map_or(Val::Null, Val::St),
        }
    }
}

columns! {
    pub(crate) enum CspCol { IdentifyingNumber0, Name0, Version0, Caption0, Description0, SKUNumber0, UUID0, Vendor0 }
}

/// v_GS_COMPUTER_SYSTEM_PRODUCT.
pub(crate) struct ComputerSystemProduct;

impl Table for ComputerSystemProduct {
    type Row = ();
    type Col = CspCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: CspCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            CspCol::IdentifyingNumber0 => Val::S(&d.serial),
            CspCol::Name0 => Val::St(&d.model.model),
            CspCol::Version0 => Val::St(match d.model.vendor {
                Vendor::Lenovo => &d.model.family,
                Vendor::VMware | Vendor::VMwareOld => "None",
                _ => " ",
            }),
            CspCol::Caption0 | CspCol::Description0 => Val::St("Computer System Product"),
            CspCol::SKUNumber0 => match d.model.vendor {
                Vendor::Dell => Val::St("0A4B"),
                Vendor::Lenovo => Val::Own(format!(
                    "LENOVO_MT_{}_BU_Think_FM_{}",
                    &d.model.model[..4],
                    d.model.family
                )),
                _ => Val::Null,
            },
            CspCol::UUID0 => Val::Guid(d.smbios_guid, GuidStyle::Upper),
            CspCol::Vendor0 => Val::St(&d.model.manufacturer),
        }
    }
}

/// When `d`'s client last checked in, for client-health views.
pub(crate) fn policy_time(d: &Device) -> i64 {
    d.last_active - (d.hardware_seed % 50) as i64 * MICROS_PER_MINUTE
}
