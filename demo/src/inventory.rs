//! Hardware inventory (v_GS_* and v_HS_*): operating system, hardware,
//! network, disks, services and the rest of the default inventory classes.

use crate::Ctx;
use crate::data::SUITE_M365;
use crate::data::{self, Form, Kind, OS, OsFamily, OsVariant, Role, Vendor};
use crate::discovery::last_user;
use crate::fleet::{self, Device, Domain};
use crate::rng::{Rng, Stream, hash};
use crate::software;
use crate::table::{Base, Scope, Subject, Table, columns};
use crate::value::{GuidStyle, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, Val, civil, date_micros};

/// A network adapter as inventory and heartbeat discovery see it.
#[derive(Debug, Clone)]
pub(crate) struct Adapter {
    pub description: &'static str,
    pub service: &'static str,
    pub manufacturer: &'static str,
    pub mac: String,
    pub ipv4: Option<String>,
    /// Network address of the IPv4 subnet (`10.1.4.0`).
    pub subnet: Option<String>,
    pub mask: Option<&'static str>,
    pub gateway: Option<String>,
    pub dhcp: bool,
    pub dhcp_server: Option<String>,
    pub ipv6: Option<String>,
    pub ipv6_prefix: Option<String>,
    pub enabled: bool,
    pub speed: i64,
}

/// A device's network configuration.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    pub adapters: Vec<Adapter>,
}

fn mac(oui: [u8; 3], tail: u64) -> String {
    format!(
        "{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}",
        oui[0],
        oui[1],
        oui[2],
        (tail >> 16) as u8,
        (tail >> 8) as u8,
        tail as u8
    )
}

/// The network adapters of `d`.
pub(crate) fn network(ctx: &Ctx, d: &Device) -> Network {
    let mut r = Rng::new(ctx.seed, Stream::Network, d.index as u64);
    let net = d.site.net;
    let blocks = (16 + ctx.devices / 4000).min(60) as u64;
    let block = r.below(blocks);
    let third = if d.is_server() {
        200 + r.below(4)
    } else {
        block * 4 + r.below(4)
    };
    let subnet_third = if d.is_server() { 200 } else { block * 4 };
    let host = 10 + r.below(240);
    let office_ip = format!("10.{net}.{third}.{host}");
    let office_subnet = format!("10.{net}.{subnet_third}.0");
    let office_gw = format!("10.{net}.{subnet_third}.1");
    let dhcp_server = format!("10.{net}.200.10");
    let v6 = r.chance(0.45);
    let site_v6 = matches!(d.site.code.as_str(), "LON" | "SEA");
    let tail = d.hardware_seed & 0xFF_FFFF;
    let link_local = format!(
        "fe80::{:x}:{:x}:{:x}:{:x}",
        (d.hardware_seed >> 48) as u16,
        (d.hardware_seed >> 32) as u16,
        (d.hardware_seed >> 16) as u16,
        d.hardware_seed as u16
    );
    let (ipv6, ipv6_prefix) = if !v6 {
        (None, None)
    } else if site_v6 {
        (
            Some(format!("fd3a:5c21:{net:x}:{third:x}::{:x}", host + 0x100)),
            Some(format!("fd3a:5c21:{net:x}:{third:x}::")),
        )
    } else {
        (Some(link_local), None)
    };
    let mut adapters = Vec::with_capacity(3);
    let wired_mac = mac(d.model.oui, tail);
    let workgroup = d.domain == Domain::Workgroup;
    if d.laptop() {
        let wifi_mac = mac([0xA4, 0xC3, 0xF0], tail ^ 0x5A5A5A);
        let place = r.weighted(&[60, 30, 10]);
        let (ip, subnet, gw, dhcp_srv) = match place {
            0 if !workgroup => (Some(office_ip), Some(office_subnet), Some(office_gw), Some(dhcp_server)),
            2 => (
                Some(format!("169.254.{}.{}", r.range(1, 254), r.range(1, 254))),
                Some("169.254.0.0".to_string()),
                None,
                None,
            ),
            _ => {
                let k = r.range(0, 15);
                (
                    Some(format!("192.168.{k}.{}", r.range(100, 200))),
                    Some(format!("192.168.{k}.0")),
                    Some(format!("192.168.{k}.1")),
                    Some(format!("192.168.{k}.1")),
                )
            }
        };
        adapters.push(Adapter {
            description: &d.model.nic,
            service: "Netwtw10",
            manufacturer: "Intel Corporation",
            mac: wifi_mac,
            ipv4: ip,
            subnet,
            mask: Some(if place == 1 { "255.255.255.0" } else { "255.255.252.0" }),
            gateway: gw,
            dhcp: true,
            dhcp_server: dhcp_srv,
            ipv6,
            ipv6_prefix,
            enabled: true,
            speed: 866_700_000,
        });
        if place == 1 && d.groups & fleet::groups::VPN != 0 {
            adapters.push(Adapter {
                description: "Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64",
                service: "vpnva",
                manufacturer: "Cisco Systems",
                mac: "00:05:9A:3C:7A:00".to_string(),
                ipv4: Some(format!("172.16.{}.{}", r.range(8, 15), r.range(2, 254))),
                subnet: Some("172.16.8.0".to_string()),
                mask: Some("255.255.248.0"),
                gateway: None,
                dhcp: false,
                dhcp_server: None,
                ipv6: None,
                ipv6_prefix: None,
                enabled: true,
                speed: 995_000_000,
            });
        }
        adapters.push(Adapter {
            description: "Intel(R) Ethernet Connection (13) I219-LM",
            service: "e1dexpress",
            manufacturer: "Intel Corporation",
            mac: wired_mac,
            ipv4: None,
            subnet: None,
            mask: None,
            gateway: None,
            dhcp: true,
            dhcp_server: None,
            ipv6: None,
            ipv6_prefix: None,
            enabled: false,
            speed: 0,
        });
    } else {
        let static_ip = d.is_server();
        let (ip, subnet, gw) = if workgroup {
            let k = r.range(0, 3);
            (
                format!("192.168.{k}.{}", r.range(20, 99)),
                format!("192.168.{k}.0"),
                format!("192.168.{k}.1"),
            )
        } else {
            (office_ip, office_subnet, office_gw)
        };
        adapters.push(Adapter {
            description: &d.model.nic,
            service: match d.model.vendor {
                Vendor::VMware | Vendor::VMwareOld => "vmxnet3ndis6",
                Vendor::HyperV => "netvsc",
                _ => "e1dexpress",
            },
            manufacturer: match d.model.vendor {
                Vendor::VMware | Vendor::VMwareOld => "VMware, Inc.",
                Vendor::HyperV => "Microsoft",
                _ => "Intel Corporation",
            },
            mac: wired_mac,
            ipv4: Some(ip),
            subnet: Some(subnet),
            mask: Some(if workgroup { "255.255.255.0" } else { "255.255.252.0" }),
            gateway: Some(gw),
            dhcp: !static_ip,
            dhcp_server: if static_ip { None } else { Some(dhcp_server) },
            ipv6,
            ipv6_prefix,
            enabled: true,
            speed: if d.is_server() { 10_000_000_000 } else { 1_000_000_000 },
        });
        if d.role() == Some(Role::HyperV) || d.model.form == Form::Server {
            adapters.push(Adapter {
                description: "Microsoft Network Adapter Multiplexor Driver",
                service: "NdisImPlatformMp",
                manufacturer: "Microsoft",
                mac: mac(d.model.oui, tail ^ 0x1),
                ipv4: None,
                subnet: None,
                mask: None,
                gateway: None,
                dhcp: false,
                dhcp_server: None,
                ipv6: None,
                ipv6_prefix: None,
                enabled: false,
                speed: 20_000_000_000,
            });
        }
    }
    Network { adapters }
}

/// Installed-memory figures (KB).
fn visible_kb(d: &Device) -> i64 {
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
        let h = hash(s.ctx.seed, &[Stream::Hardware as u64, d.index as u64, 0x05]);
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

fn bios_manufacturer(d: &Device) -> &'static str {
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
            BiosCol::ReleaseDate0 => Val::Ts(bios_release(d).min(s.ctx.now - 30 * MICROS_PER_DAY)),
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
    let mut r = Rng::new(s.ctx.seed, Stream::Health, d.index as u64);
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
            + (hash(s.ctx.seed, &[d.index as u64, k as u64, 0xC0])
                % (s.ctx.users - crate::data::SERVICE_ACCOUNTS.len()) as u64) as usize;
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
                    let name = fleet::user(s.ctx, u).unique;
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
            ConsoleUserCol::SystemConsoleUser0 => Val::Own(fleet::user(s.ctx, u).unique),
            ConsoleUserCol::LastConsoleUse0 => Val::Ts(t),
            ConsoleUserCol::NumberOfConsoleLogons0 => Val::I(1 + m / 240),
            ConsoleUserCol::TotalUserConsoleMinutes0 => Val::I(m),
        }
    }
}

/// A logical disk: drive letter, type, size and free space in MB, file system.
pub(crate) struct Disk {
    pub group: i64,
    pub letter: &'static str,
    pub drive_type: i64,
    pub size_mb: Option<i64>,
    pub free_mb: Option<i64>,
    pub fs: Option<&'static str>,
    pub label: Option<&'static str>,
    pub provider: Option<String>,
}

pub(crate) fn disks(s: &Subject<'_>, d: &Device) -> Vec<Disk> {
    let mut r = Rng::new(s.ctx.seed, Stream::Hardware, d.index as u64 ^ 0xD15C);
    let mut out = Vec::new();
    let size = d.disk_gb as i64 * 953 + r.range(0, 200);
    let free = if r.chance(0.04) {
        r.range(900, 9_500)
    } else {
        size * r.range(15, 75) / 100
    };
    out.push(Disk {
        group: 1,
        letter: "C:",
        drive_type: 3,
        size_mb: Some(size),
        free_mb: Some(free),
        fs: Some("NTFS"),
        label: Some(if d.model.vendor == Vendor::Dell {
            "OS"
        } else {
            "Windows"
        }),
        provider: None,
    });
    let mut next = 2;
    if let Some(gb) = d.data_disk_gb {
        let size = gb as i64 * 1_000_000_000 / 1_048_576;
        out.push(Disk {
            group: next,
            letter: "D:",
            drive_type: 3,
            size_mb: Some(size),
            free_mb: Some(size * r.range(5, 80) / 100),
            fs: Some(if d.role() == Some(Role::File) && r.chance(0.3) {
                "ReFS"
            } else {
                "NTFS"
            }),
            label: Some("DATA"),
            provider: None,
        });
        next += 1;
    }
    if d.model.year < 2016 && d.model.form == Form::Desktop {
        out.push(Disk {
            group: next,
            letter: if d.data_disk_gb.is_some() { "E:" } else { "D:" },
            drive_type: 5,
            size_mb: None,
            free_mb: None,
            fs: None,
            label: None,
            provider: None,
        });
        next += 1;
    }
    if d.is_workstation() && d.domain == Domain::Contoso && r.chance(0.3) {
        let acct = d.last_user.map(|u| fleet::user(s.ctx, u).account).unwrap_or_default();
        out.push(Disk {
            group: next,
            letter: "H:",
            drive_type: 4,
            size_mb: Some(2_097_152),
            free_mb: Some(r.range(100_000, 1_500_000)),
            fs: Some("NTFS"),
            label: Some("Home"),
            provider: Some(format!("\\\\SRV-FS-{:03}\\home$\\{acct}", 1 + d.site_idx * 17)),
        });
    }
    out
}

columns! {
    pub(crate) enum LdCol {
        GroupID, Access0, Availability0, BlockSize0, Caption0, Compressed0, Description0, DeviceID0, DriveType0,
        FileSystem0, FreeSpace0, MaximumComponentLength0, MediaType0, Name0, NumberOfBlocks0, ProviderName0, Size0,
        SupportsFileBasedCompression0, SystemName0, VolumeName0, VolumeSerialNumber0
    }
}

/// v_GS_LOGICAL_DISK.
pub(crate) struct LogicalDisk;

impl Table for LogicalDisk {
    type Row = Disk;
    type Col = LdCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Disk>) {
        if let Some(d) = s.inventoried() {
            out.extend(disks(s, d));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, x: &'a Disk, col: LdCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let desc = match x.drive_type {
            3 => "Local Fixed Disk",
            4 => "Network Connection",
            5 => "CD-ROM Disc",
            _ => "Removable Disk",
        };
        match col {
            LdCol::GroupID => Val::I(x.group),
            LdCol::Access0 => Val::I(0),
            LdCol::Availability0 => Val::Null,
            LdCol::BlockSize0 => Val::Null,
            LdCol::Caption0 | LdCol::DeviceID0 | LdCol::Name0 => Val::St(x.letter),
            LdCol::Compressed0 => {
                if x.fs.is_some() {
                    Val::I(0)
                } else {
                    Val::Null
                }
            }
            LdCol::Description0 => Val::St(desc),
            LdCol::DriveType0 => Val::I(x.drive_type),
            LdCol::FileSystem0 => x.fs.map_or(Val::Null, Val::St),
            LdCol::FreeSpace0 => Val::opt_i(x.free_mb),
            LdCol::MaximumComponentLength0 => {
                if x.fs.is_some() {
                    Val::I(255)
                } else {
                    Val::Null
                }
            }
            LdCol::MediaType0 => Val::I(match x.drive_type {
                3 => 12,
                5 => 11,
                _ => 0,
            }),
            LdCol::NumberOfBlocks0 => Val::Null,
            LdCol::ProviderName0 => Val::opt_str(x.provider.as_deref()),
            LdCol::Size0 => Val::opt_i(x.size_mb),
            LdCol::SupportsFileBasedCompression0 => Val::I((x.fs == Some("NTFS")) as i64),
            LdCol::SystemName0 => Val::S(&d.netbios),
            LdCol::VolumeName0 => x.label.map_or(Val::Null, Val::St),
            LdCol::VolumeSerialNumber0 => {
                if x.fs.is_some() {
                    Val::Own(format!("{:08X}", (d.hardware_seed >> (x.group * 8)) as u32))
                } else {
                    Val::Null
                }
            }
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, x: &'a Disk) -> Base<'a> {
        Base {
            group: x.group,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum CpuCol {
        GroupID, AddressWidth0, Architecture0, Availability0, Caption0, CpuStatus0, CurrentClockSpeed0, DataWidth0,
        Description0, DeviceID0, ExtClock0, Family0, Is64Bit0, IsHyperthreadCapable0, IsHyperthreadEnabled0,
        IsMobile0, IsTrustedExecutionCapable0, IsVitualizationCapable0, L2CacheSize0, L3CacheSize0, Level0,
        LoadPercentage0, Manufacturer0, MaxClockSpeed0, Name0, NormSpeed0, NumberOfCores0,
        NumberOfLogicalProcessors0, PartOfDomain0, ProcessorId0, ProcessorType0, Revision0, Role0,
        SocketDesignation0, Status0, StatusInfo0, SystemName0, UpgradeMethod0, Version0
    }
}

/// v_GS_PROCESSOR: one row per socket.
pub(crate) struct Processor;

impl Table for Processor {
    type Row = i64;
    type Col = CpuCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<i64>) {
        if let Some(d) = s.inventoried() {
            out.extend(0..d.sockets);
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, k: &'a i64, col: CpuCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let c = d.cpu;
        let (cores, logical) = if d.virtual_machine {
            let v = [2, 2, 4, 4, 8][(d.hardware_seed % 5) as usize];
            (v / d.sockets.max(1), v / d.sockets.max(1))
        } else {
            (c.cores, c.logical)
        };
        match col {
            CpuCol::GroupID => Val::I(k + 1),
            CpuCol::AddressWidth0 | CpuCol::DataWidth0 => Val::I(64),
            CpuCol::Architecture0 => Val::I(c.arch),
            CpuCol::Availability0 => Val::I(3),
            CpuCol::Caption0 | CpuCol::Description0 => Val::St(&c.cpu_type),
            CpuCol::CpuStatus0 => Val::I(1),
            CpuCol::CurrentClockSpeed0 => Val::I(c.mhz - (d.hardware_seed % 3) as i64 * 100),
            CpuCol::DeviceID0 => Val::Own(format!("CPU{k}")),
            CpuCol::ExtClock0 => Val::I(100),
            CpuCol::Family0 => Val::I(c.family),
            CpuCol::Is64Bit0 => Val::I(1),
            CpuCol::IsHyperthreadCapable0 => Val::I((c.logical > c.cores) as i64),
            CpuCol::IsHyperthreadEnabled0 => Val::I((logical > cores) as i64),
            CpuCol::IsMobile0 => Val::I(d.laptop() as i64),
            CpuCol::IsTrustedExecutionCapable0 => Val::I(0),
            CpuCol::IsVitualizationCapable0 => Val::I((!d.virtual_machine) as i64),
            CpuCol::L2CacheSize0 => Val::I(c.l2),
            CpuCol::L3CacheSize0 => Val::I(c.l3),
            CpuCol::Level0 => Val::I(if c.arch == 12 { 8 } else { 6 }),
            CpuCol::LoadPercentage0 => Val::I((d.hardware_seed.rotate_left(*k as u32) % 40) as i64),
            CpuCol::Manufacturer0 => Val::St(&c.manufacturer),
            CpuCol::MaxClockSpeed0 | CpuCol::NormSpeed0 => Val::I(c.mhz),
            CpuCol::Name0 => Val::St(&c.name),
            CpuCol::NumberOfCores0 => Val::I(cores),
            CpuCol::NumberOfLogicalProcessors0 => Val::I(logical),
            CpuCol::PartOfDomain0 => Val::I((d.domain != Domain::Workgroup) as i64),
            CpuCol::ProcessorId0 => Val::St(&c.processor_id),
            CpuCol::ProcessorType0 => Val::I(3),
            CpuCol::Revision0 => Val::Null,
            CpuCol::Role0 => Val::St("CPU"),
            CpuCol::SocketDesignation0 => Val::Own(if d.virtual_machine || d.model.form == Form::Server {
                format!("CPU {}", k + 1)
            } else {
                "U3E1".to_string()
            }),
            CpuCol::Status0 => Val::St("OK"),
            CpuCol::StatusInfo0 => Val::I(3),
            CpuCol::SystemName0 => Val::S(&d.netbios),
            CpuCol::UpgradeMethod0 => Val::I(if d.laptop() { 1 } else { 6 }),
            CpuCol::Version0 => Val::Null,
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, k: &'a i64) -> Base<'a> {
        Base {
            group: k + 1,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum NacCol {
        GroupID, DefaultIPGateway0, DHCPEnabled0, DHCPServer0, DNSDomain0, DNSHostName0, Index0, IPAddress0, IPEnabled0,
        IPSubnet0, MACAddress0, ServiceName0, Description0
    }
}

/// v_GS_NETWORK_ADAPTER_CONFIGURATION.
pub(crate) struct AdapterConfiguration;

impl Table for AdapterConfiguration {
    type Row = (usize, Adapter);
    type Col = NacCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        if let Some(d) = s.inventoried() {
            out.extend(network(s.ctx, d).adapters.into_iter().enumerate());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: NacCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, a) = row;
        match col {
            NacCol::GroupID => Val::I(*k as i64 + 1),
            NacCol::DefaultIPGateway0 => Val::opt_str(a.gateway.as_deref()),
            NacCol::DHCPEnabled0 => Val::I(a.dhcp as i64),
            NacCol::DHCPServer0 => Val::opt_str(a.dhcp_server.as_deref()),
            NacCol::DNSDomain0 => {
                if a.enabled && a.ipv4.as_deref().is_some_and(|ip| ip.starts_with("10.")) {
                    d.domain.dns().map_or(Val::Null, Val::St)
                } else {
                    Val::Null
                }
            }
            NacCol::DNSHostName0 => {
                if a.enabled {
                    Val::S(&d.netbios)
                } else {
                    Val::Null
                }
            }
            NacCol::Index0 => Val::I([1, 4, 7, 11, 13][*k % 5]),
            NacCol::IPAddress0 => match (&a.ipv4, &a.ipv6) {
                (Some(v4), Some(v6)) => Val::Own(format!("{v4},{v6}")),
                (Some(v4), None) => Val::S(v4),
                _ => Val::Null,
            },
            NacCol::IPEnabled0 => Val::I(a.enabled as i64),
            NacCol::IPSubnet0 => match (a.mask, &a.ipv6) {
                (Some(m), Some(_)) => Val::Own(format!("{m},64")),
                (Some(m), None) => Val::St(m),
                _ => Val::Null,
            },
            NacCol::MACAddress0 => Val::S(&a.mac),
            NacCol::ServiceName0 => Val::St(a.service),
            NacCol::Description0 => Val::St(a.description),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row) -> Base<'a> {
        Base {
            group: row.0 as i64 + 1,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum NaCol {
        GroupID, DeviceID0, AdapterType0, AutoSense0, Availability0, Caption0, Description0, Index0, Installed0,
        MACAddress0, Manufacturer0, MaxNumberControlled0, MaxSpeed0, Name0, NetworkAddresses0, PermanentAddress0,
        PNPDeviceID0, ProductName0, ServiceName0, Speed0, Status0
    }
}

/// v_GS_NETWORK_ADAPTER.
pub(crate) struct NetworkAdapter;

impl Table for NetworkAdapter {
    type Row = (usize, Adapter);
    type Col = NaCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        AdapterConfiguration.rows(s, out)
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, row: &'a Self::Row, col: NaCol) -> Val<'a> {
        let (k, a) = row;
        let idx = [1, 4, 7, 11, 13][*k % 5];
        match col {
            NaCol::GroupID => Val::I(*k as i64 + 1),
            NaCol::DeviceID0 | NaCol::Index0 => Val::I(idx),
            NaCol::AdapterType0 => Val::St("Ethernet 802.3"),
            NaCol::AutoSense0 => Val::Null,
            NaCol::Availability0 => Val::I(3),
            NaCol::Caption0 => Val::Own(format!("[{idx:08}] {}", a.description)),
            NaCol::Description0 | NaCol::Name0 | NaCol::ProductName0 => Val::St(a.description),
            NaCol::Installed0 => Val::I(1),
            NaCol::MACAddress0 => Val::S(&a.mac),
            NaCol::Manufacturer0 => Val::St(a.manufacturer),
            NaCol::MaxNumberControlled0 => Val::I(0),
            NaCol::MaxSpeed0 => Val::Null,
            NaCol::NetworkAddresses0 | NaCol::PermanentAddress0 => Val::Null,
            NaCol::PNPDeviceID0 => Val::Own(format!(
                "PCI\\VEN_8086&DEV_15FB&SUBSYS_0A4B1028&REV_20\\3&11583659&0&{:02X}",
                0xF8 + k
            )),
            NaCol::ServiceName0 => Val::St(a.service),
            NaCol::Speed0 => {
                if a.enabled {
                    Val::I(a.speed)
                } else {
                    Val::I(9_223_372_036_854_775_807)
                }
            }
            NaCol::Status0 => Val::Null,
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row) -> Base<'a> {
        Base {
            group: row.0 as i64 + 1,
            ..s.base()
        }
    }
}

/// A service row: the definition and its state on this device.
pub(crate) struct SvcRow {
    pub def: &'static data::Service,
    pub state: &'static str,
    pub start: &'static str,
}

/// The services on `d` and their states.
pub(crate) fn services(s: &Subject<'_>, d: &Device) -> Vec<SvcRow> {
    let mut r = Rng::new(s.ctx.seed, Stream::Services, d.index as u64);
    let mut out = Vec::with_capacity(48);
    let mut push = |def: &'static data::Service, r: &mut Rng| {
        let (mut start, mut state) = (def.start.as_str(), def.state.as_str());
        match def.name.as_str() {
            "WinRM" if d.is_workstation() && r.chance(0.04) => state = "Stopped",
            "Spooler" if d.role() == Some(Role::Dc) => {
                start = "Disabled";
                state = "Stopped";
            }
            "Netlogon" if d.domain == Domain::Workgroup => {
                start = "Manual";
                state = "Stopped";
            }
            "Sense" if d.legacy() => return,
            "WinDefend" if d.os.family == OsFamily::Win7 => return,
            _ => {}
        }
        if state == "Running" && r.chance(0.005) {
            state = "Stopped";
        }
        out.push(SvcRow { def, state, start });
    };
    let all = &*data::SERVICES;
    for def in &all.base {
        push(def, &mut r);
    }
    if d.is_workstation() {
        for def in &all.workstation {
            if def.name == "WlanSvc" && !d.laptop() {
                continue;
            }
            push(def, &mut r);
        }
    }
    if !d.legacy() {
        for def in &all.modern {
            push(def, &mut r);
        }
    }
    if d.client == Some(1) {
        for def in &all.client {
            push(def, &mut r);
        }
    }
    if let Some(role) = d.role() {
        for def in all.of_role(role) {
            push(def, &mut r);
        }
    }
    for x in s.software() {
        for def in all.of_product(&x.sw().name) {
            push(def, &mut r);
        }
    }
    out
}

columns! {
    pub(crate) enum SvcCol {
        GroupID, AcceptPause0, AcceptStop0, Caption0, CheckPoint0, Description0, DesktopInteract0, DisplayName0,
        ErrorControl0, ExitCode0, InstallDate0, Name0, PathName0, ProcessId0, ServiceSpecificExitCode0,
        ServiceType0, Started0, StartMode0, StartName0, State0, Status0, SystemName0, TagId0, WaitHint0
    }
}

/// v_GS_SERVICE.
pub(crate) struct Services;

impl Table for Services {
    type Row = (usize, SvcRow);
    type Col = SvcCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        if let Some(d) = s.inventoried() {
            out.extend(services(s, d).into_iter().enumerate().map(|(k, x)| (k + 1, x)));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: SvcCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, x) = row;
        let running = x.state == "Running";
        match col {
            SvcCol::GroupID => Val::I(*k as i64),
            SvcCol::AcceptPause0 => Val::I(0),
            SvcCol::AcceptStop0 => Val::I(running as i64),
            SvcCol::Caption0 | SvcCol::DisplayName0 => Val::St(&x.def.display),
            SvcCol::CheckPoint0 | SvcCol::ServiceSpecificExitCode0 | SvcCol::WaitHint0 | SvcCol::TagId0 => Val::I(0),
            SvcCol::Description0 => Val::St(&x.def.description),
            SvcCol::DesktopInteract0 => Val::I(0),
            SvcCol::ErrorControl0 => Val::St("Normal"),
            SvcCol::ExitCode0 => Val::I(if running || x.start == "Disabled" { 0 } else { 1077 }),
            SvcCol::InstallDate0 => Val::Null,
            SvcCol::Name0 => Val::St(&x.def.name),
            SvcCol::PathName0 => Val::St(&x.def.path),
            SvcCol::ProcessId0 => Val::I(if running {
                400 + ((d.hardware_seed >> (k % 40)) % 12_000) as i64 * 4
            } else {
                0
            }),
            SvcCol::ServiceType0 => Val::St(&x.def.kind),
            SvcCol::Started0 => Val::I(running as i64),
            SvcCol::StartMode0 => Val::St(x.start),
            SvcCol::StartName0 => Val::St(&x.def.account),
            SvcCol::State0 => Val::St(x.state),
            SvcCol::Status0 => Val::St("OK"),
            SvcCol::SystemName0 => Val::S(&d.netbios),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row) -> Base<'a> {
        Base {
            group: row.0 as i64,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum EnclosureCol {
        Tag0, Caption0, ChassisTypes0, Description0, LockPresent0, Manufacturer0, Model0, Name0, SecurityStatus0,
        SerialNumber0, SMBIOSAssetTag0, Version0, PartNumber0, SKU0
    }
}

/// v_GS_SYSTEM_ENCLOSURE.
pub(crate) struct Enclosure;

impl Table for Enclosure {
    type Row = ();
    type Col = EnclosureCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: EnclosureCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            EnclosureCol::Tag0 => Val::St("System Enclosure 0"),
            EnclosureCol::Caption0 | EnclosureCol::Description0 | EnclosureCol::Name0 => Val::St("System Enclosure"),
            EnclosureCol::ChassisTypes0 => Val::Own(d.model.chassis.to_string()),
            EnclosureCol::LockPresent0 => Val::I(0),
            EnclosureCol::Manufacturer0 => Val::St(&d.model.manufacturer),
            EnclosureCol::Model0 | EnclosureCol::PartNumber0 | EnclosureCol::Version0 => Val::Null,
            EnclosureCol::SecurityStatus0 => Val::I(3),
            EnclosureCol::SerialNumber0 => Val::S(&d.serial),
            EnclosureCol::SMBIOSAssetTag0 => match d.hardware_seed % 10 {
                0..=5 => Val::Own(format!("CON-{:06}", d.index + 100_000)),
                6 => Val::St("No Asset Tag"),
                7 => Val::St(" "),
                _ => Val::St(""),
            },
            EnclosureCol::SKU0 => Val::Null,
        }
    }
}

fn has_tpm(d: &Device) -> Option<bool> {
    // Some(true): TPM 2.0, Some(false): TPM 1.2.
    if d.model.tpm2 {
        Some(true)
    } else if d.model.form != Form::Virtual && d.hardware_seed.is_multiple_of(2) {
        Some(false)
    } else {
        None
    }
}

columns! {
    pub(crate) enum TpmCol {
        IsActivated_InitialValue0, IsEnabled_InitialValue0, IsOwned_InitialValue0, ManufacturerId0,
        ManufacturerVersion0, ManufacturerVersionInfo0, PhysicalPresenceVersionInfo0, SpecVersion0
    }
}

/// v_GS_TPM.
pub(crate) struct Tpm;

impl Table for Tpm {
    type Row = bool;
    type Col = TpmCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<bool>) {
        if let Some(t) = s.inventoried().and_then(has_tpm) {
            out.push(t);
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, v2: &'a bool, col: TpmCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let disabled = d.hardware_seed % 31 == 0;
        let infineon = d.model.vendor == Vendor::Lenovo || d.model.vendor == Vendor::HpOld;
        match col {
            TpmCol::IsActivated_InitialValue0 | TpmCol::IsEnabled_InitialValue0 => Val::I((!disabled) as i64),
            TpmCol::IsOwned_InitialValue0 => Val::I((!disabled) as i64),
            TpmCol::ManufacturerId0 => Val::I(if d.model.vendor == Vendor::HyperV {
                1_297_303_124
            } else if infineon {
                1_229_346_816
            } else {
                1_314_145_024
            }),
            TpmCol::ManufacturerVersion0 => Val::St(if *v2 { "7.2.3.1" } else { "5.81.0.0" }),
            TpmCol::ManufacturerVersionInfo0 => Val::St(if infineon { "SLB9670" } else { "NPCT75x " }),
            TpmCol::PhysicalPresenceVersionInfo0 => Val::St(if *v2 { "1.3" } else { "1.2" }),
            TpmCol::SpecVersion0 => Val::St(if *v2 { "2.0, 0, 1.59" } else { "1.2, 2, 3" }),
        }
    }
}

columns! {
    pub(crate) enum TpmStatusCol { IsReady0, Information0, IsApplicable0 }
}

/// v_GS_TPM_STATUS.
pub(crate) struct TpmStatus;

impl Table for TpmStatus {
    type Row = bool;
    type Col = TpmStatusCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<bool>) {
        Tpm.rows(s, out)
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a bool, col: TpmStatusCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let ready = d.hardware_seed % 31 != 0;
        match col {
            TpmStatusCol::IsReady0 => Val::I(ready as i64),
            TpmStatusCol::Information0 => Val::I(if ready { 0 } else { 4 }),
            TpmStatusCol::IsApplicable0 => Val::I(1),
        }
    }
}

columns! {
    pub(crate) enum VolumeEncCol { GroupID, DeviceID0, DriveLetter0, PersistentVolumeID0, ProtectionStatus0 }
}

/// v_GS_ENCRYPTABLE_VOLUME.
pub(crate) struct EncryptableVolume;

impl Table for EncryptableVolume {
    type Row = Disk;
    type Col = VolumeEncCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Disk>) {
        if let Some(d) = s.inventoried()
            && (!d.legacy() || d.os.family == OsFamily::Win7 && d.model.form == Form::Laptop)
        {
            out.extend(disks(s, d).into_iter().filter(|x| x.drive_type == 3));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, x: &'a Disk, col: VolumeEncCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let g = d.smbios_guid.rotate_left(x.group as u32 * 11);
        match col {
            VolumeEncCol::GroupID => Val::I(x.group),
            VolumeEncCol::DeviceID0 => {
                let mut v = String::from("\\\\?\\Volume");
                crate::value::write_guid(&mut v, g, GuidStyle::Braced);
                v.push('\\');
                Val::Own(v.to_ascii_lowercase())
            }
            VolumeEncCol::DriveLetter0 => Val::St(x.letter),
            VolumeEncCol::PersistentVolumeID0 => {
                if d.groups & fleet::groups::BITLOCKER != 0 {
                    Val::Guid(g ^ 0xB17, GuidStyle::Braced)
                } else {
                    Val::St("")
                }
            }
            VolumeEncCol::ProtectionStatus0 => {
                if d.groups & fleet::groups::BITLOCKER == 0 {
                    Val::I(0)
                } else if d.hardware_seed % 23 == 0 {
                    Val::I(2)
                } else {
                    Val::I(1)
                }
            }
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, x: &'a Disk) -> Base<'a> {
        Base {
            group: x.group,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum FirmwareCol { UEFI0, SecureBoot0 }
}

/// v_GS_FIRMWARE (Windows 8 and later only).
pub(crate) struct Firmware;

impl Table for Firmware {
    type Row = ();
    type Col = FirmwareCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried()
            .is_some_and(|d| !matches!(d.os.family, OsFamily::Win7 | OsFamily::Srv2008R2))
        {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: FirmwareCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            FirmwareCol::UEFI0 => Val::I(d.model.uefi as i64),
            FirmwareCol::SecureBoot0 => Val::I(d.secure_boot as i64),
        }
    }
}

columns! {
    pub(crate) enum DiskCol {
        GroupID, DeviceID0, BytesPerSector0, Caption0, Description0, Index0, InterfaceType0, Manufacturer0,
        MediaLoaded0, MediaType0, Model0, Name0, Partitions0, PNPDeviceID0, SCSIBus0, SCSILogicalUnit0, SCSIPort0,
        SCSITargetId0, SectorsPerTrack0, Size0, Status0, SystemName0, TotalCylinders0, TotalHeads0, TotalSectors0,
        TotalTracks0, TracksPerCylinder0
    }
}

/// v_GS_DISK: physical disks (sizes in MB).
pub(crate) struct PhysicalDisk;

impl Table for PhysicalDisk {
    type Row = (i64, i64);
    type Col = DiskCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        let Some(d) = s.inventoried() else { return };
        out.push((0, d.disk_gb as i64 * 953_674 / 1000));
        if let Some(gb) = d.data_disk_gb {
            out.push((1, gb as i64 * 953_674 / 1000));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: DiskCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, mb) = *row;
        let sectors = mb * 2048;
        let cyl = sectors / (255 * 63);
        let model = if k == 0 {
            &d.model.disk_model
        } else {
            "DATA VOLUME SCSI Disk Device"
        };
        match col {
            DiskCol::GroupID => Val::I(k + 1),
            DiskCol::DeviceID0 | DiskCol::Name0 => Val::Own(format!("\\\\.\\PHYSICALDRIVE{k}")),
            DiskCol::BytesPerSector0 => Val::I(512),
            DiskCol::Caption0 | DiskCol::Model0 => Val::St(model),
            DiskCol::Description0 => Val::St("Disk drive"),
            DiskCol::Index0 => Val::I(k),
            DiskCol::InterfaceType0 => Val::St(if d.model.year < 2016 { "IDE" } else { "SCSI" }),
            DiskCol::Manufacturer0 => Val::St("(Standard disk drives)"),
            DiskCol::MediaLoaded0 => Val::I(1),
            DiskCol::MediaType0 => Val::St("Fixed hard disk media"),
            DiskCol::Partitions0 => Val::I(if k == 0 { if d.legacy() { 2 } else { 4 } } else { 1 }),
            DiskCol::PNPDeviceID0 => Val::Own(format!(
                "SCSI\\DISK&VEN_NVME&PROD_{}\\5&{:X}&0&00000{k}",
                model.replace(' ', "_"),
                d.hardware_seed as u32
            )),
            DiskCol::SCSIBus0 | DiskCol::SCSILogicalUnit0 => Val::I(0),
            DiskCol::SCSIPort0 => Val::I(if d.virtual_machine { 0 } else { 1 }),
            DiskCol::SCSITargetId0 => Val::I(k),
            DiskCol::SectorsPerTrack0 => Val::I(63),
            DiskCol::Size0 => Val::I(mb),
            DiskCol::Status0 => Val::St("OK"),
            DiskCol::SystemName0 => Val::S(&d.netbios),
            DiskCol::TotalCylinders0 => Val::I(cyl),
            DiskCol::TotalHeads0 | DiskCol::TracksPerCylinder0 => Val::I(255),
            DiskCol::TotalSectors0 => Val::I(cyl * 255 * 63),
            DiskCol::TotalTracks0 => Val::I(cyl * 255),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row) -> Base<'a> {
        Base {
            group: row.0 + 1,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum MemCol {
        GroupID, CreationClassName0, Tag0, BankLabel0, Capacity0, Caption0, DataWidth0, Description0, DeviceLocator0,
        FormFactor0, Manufacturer0, MemoryType0, Name0, PartNumber0, SerialNumber0, Speed0, TotalWidth0, TypeDetail0
    }
}

/// v_GS_PHYSICAL_MEMORY: one row per module (capacity in MB).
pub(crate) struct PhysicalMemory;

fn modules(d: &Device) -> (i64, i64) {
    // (count, MB each)
    let gb = d.ram_gb as i64;
    let count = if d.virtual_machine {
        1
    } else if d.model.form == Form::Server {
        (gb / 32).clamp(2, 12)
    } else if gb >= 16 && d.model.form == Form::Desktop {
        2
    } else {
        1.max(gb / 16)
    };
    (count, gb * 1024 / count)
}

impl Table for PhysicalMemory {
    type Row = i64;
    type Col = MemCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<i64>) {
        if let Some(d) = s.inventoried() {
            out.extend(0..modules(d).0);
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, k: &'a i64, col: MemCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (_, mb) = modules(d);
        let vendor = ["Samsung", "SK Hynix", "Micron Technology", "Kingston"][(d.hardware_seed % 4) as usize];
        let old = d.model.year < 2016;
        match col {
            MemCol::GroupID => Val::I(k + 1),
            MemCol::CreationClassName0 => Val::St("Win32_PhysicalMemory"),
            MemCol::Tag0 => Val::Own(format!("Physical Memory {k}")),
            MemCol::BankLabel0 => Val::Own(format!("BANK {k}")),
            MemCol::Capacity0 => Val::I(mb),
            MemCol::Caption0 | MemCol::Description0 | MemCol::Name0 => Val::St("Physical Memory"),
            MemCol::DataWidth0 | MemCol::TotalWidth0 => Val::I(64),
            MemCol::DeviceLocator0 => Val::Own(if d.virtual_machine {
                format!("RAM slot #{k}")
            } else {
                format!("DIMM {}", (b'A' + *k as u8) as char)
            }),
            MemCol::FormFactor0 => Val::I(if d.laptop() { 12 } else { 8 }),
            MemCol::Manufacturer0 => Val::St(if d.virtual_machine {
                "VMware Virtual RAM"
            } else {
                vendor
            }),
            MemCol::MemoryType0 => Val::I(if old { 24 } else { 0 }),
            MemCol::PartNumber0 => Val::St(if old {
                "M471B5173DB0-YK0  "
            } else {
                "M471A2K43EB1-CWE    "
            }),
            MemCol::SerialNumber0 => Val::Own(format!("{:08X}", (d.hardware_seed >> 8) as u32 ^ *k as u32)),
            MemCol::Speed0 => Val::I(if old { 1600 } else { 3200 }),
            MemCol::TypeDetail0 => Val::I(128),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, k: &'a i64) -> Base<'a> {
        Base {
            group: k + 1,
            ..s.base()
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
        let updates = &s.ctx.updates;
        let mut seen = std::collections::HashSet::new();
        for x in s.scan() {
            let u = &updates.list[x.ci as usize];
            // Hotfixes only: definitions, the removal tool and browsers do not register, and
            // only the newest cumulative update of a series stays installed.
            let hotfix = !matches!(
                u.platform,
                crate::updates::Platform::Modern | crate::updates::Platform::Edge
            );
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
        let kb = &s.ctx.updates.list[q.ci].kb;
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

/// A plug-and-play device row (USB, sound, monitor, video, printers...).
pub(crate) struct Pnp {
    pub group: i64,
    pub name: String,
    pub manufacturer: &'static str,
    pub id: String,
}

fn usb_devices(d: &Device) -> Vec<Pnp> {
    if d.virtual_machine {
        return vec![Pnp {
            group: 1,
            name: "USB Root Hub".into(),
            manufacturer: "(Standard USB Host Controller)",
            id: "USB\\ROOT_HUB\\4&2A3B3C4D&0".into(),
        }];
    }
    let mut v = vec![
        (
            "USB Root Hub (USB 3.0)",
            "(Standard USB HUBs)",
            "USB\\ROOT_HUB30\\4&1C2A3B4D&0&0",
        ),
        (
            "USB Composite Device",
            "(Standard USB Host Controller)",
            "USB\\VID_046D&PID_C52B\\6&2D8A1C&0&1",
        ),
        (
            "USB Input Device",
            "(Standard system devices)",
            "USB\\VID_046D&PID_C52B&MI_00\\7&1A2B3C&0&0000",
        ),
    ];
    if d.laptop() {
        v.push((
            "Intel(R) Wireless Bluetooth(R)",
            "Intel Corporation",
            "USB\\VID_8087&PID_0026\\5&3A1B2C&0&10",
        ));
        v.push((
            "Integrated Webcam",
            "Microsoft",
            "USB\\VID_0C45&PID_6723&MI_00\\6&1F2E3D&0&0000",
        ));
    }
    if d.hardware_seed.is_multiple_of(4) {
        v.push((
            "Jabra Evolve2 65",
            "GN Audio A/S",
            "USB\\VID_0B0E&PID_030C\\A7B8C9D0E1F2",
        ));
    }
    v.into_iter()
        .enumerate()
        .map(|(k, (n, m, id))| Pnp {
            group: k as i64 + 1,
            name: n.into(),
            manufacturer: m,
            id: id.into(),
        })
        .collect()
}

columns! {
    pub(crate) enum PnpCol {
        GroupID, DeviceID0, Caption0, ClassGuid0, CreationClassName0, Description0, Manufacturer0, Name0,
        PNPDeviceID0, Service0, Status0, SystemCreationClassName0, ProductName0, MaxNumberControlled0,
        ProtocolSupported0, PowerManagementSupported0
    }
}

/// v_GS_USB_DEVICE, v_GS_USB_CONTROLLER and v_GS_SOUND_DEVICE.
pub(crate) struct PnpTable {
    pub kind: PnpKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PnpKind {
    UsbDevice,
    UsbController,
    Sound,
}

impl Table for PnpTable {
    type Row = Pnp;
    type Col = PnpCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Pnp>) {
        let Some(d) = s.inventoried() else { return };
        match self.kind {
            PnpKind::UsbDevice => out.extend(usb_devices(d)),
            PnpKind::UsbController => {
                let name = if d.virtual_machine {
                    "Standard Enhanced PCI to USB Host Controller"
                } else if d.model.year >= 2016 {
                    "Intel(R) USB 3.10 eXtensible Host Controller - 1.20 (Microsoft)"
                } else {
                    "Intel(R) 8 Series USB Enhanced Host Controller #1 - 9C26"
                };
                out.push(Pnp {
                    group: 1,
                    name: name.into(),
                    manufacturer: if d.virtual_machine {
                        "(Standard USB Host Controller)"
                    } else {
                        "Intel Corporation"
                    },
                    id: "PCI\\VEN_8086&DEV_A0ED&SUBSYS_0A4B1028&REV_20\\3&11583659&0&A0".into(),
                });
            }
            PnpKind::Sound => {
                if d.is_workstation() && !d.virtual_machine {
                    out.push(Pnp {
                        group: 1,
                        name: if d.model.year >= 2016 {
                            "Realtek Audio"
                        } else {
                            "Realtek High Definition Audio"
                        }
                        .into(),
                        manufacturer: "Realtek",
                        id: "INTELAUDIO\\FUNC_01&VEN_10EC&DEV_0236&SUBSYS_10280A4B&REV_1000\\5&2B3C4D5E&0&0001".into(),
                    });
                    out.push(Pnp {
                        group: 2,
                        name: "Intel(R) Display Audio".into(),
                        manufacturer: "Intel(R) Corporation",
                        id: "INTELAUDIO\\FUNC_01&VEN_8086&DEV_2812&SUBSYS_80860101&REV_1000\\5&2B3C4D5E&0&0201".into(),
                    });
                }
            }
        }
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, p: &'a Pnp, col: PnpCol) -> Val<'a> {
        match col {
            PnpCol::GroupID => Val::I(p.group),
            PnpCol::DeviceID0 | PnpCol::PNPDeviceID0 => Val::S(&p.id),
            PnpCol::Caption0 | PnpCol::Description0 | PnpCol::Name0 | PnpCol::ProductName0 => Val::S(&p.name),
            PnpCol::ClassGuid0 => Val::St(match self.kind {
                PnpKind::Sound => "{4d36e96c-e325-11ce-bfc1-08002be10318}",
                _ => "{36fc9e60-c465-11cf-8056-444553540000}",
            }),
            PnpCol::CreationClassName0 => Val::St(match self.kind {
                PnpKind::UsbDevice => "Win32_USBHub",
                PnpKind::UsbController => "Win32_USBController",
                PnpKind::Sound => "Win32_SoundDevice",
            }),
            PnpCol::Manufacturer0 => Val::St(p.manufacturer),
            PnpCol::Service0 => Val::St(match self.kind {
                PnpKind::UsbDevice => "USBHUB3",
                PnpKind::UsbController => "USBXHCI",
                PnpKind::Sound => "IntcAzAudAddService",
            }),
            PnpCol::Status0 => Val::St("OK"),
            PnpCol::SystemCreationClassName0 => Val::St("Win32_ComputerSystem"),
            PnpCol::MaxNumberControlled0 => Val::Null,
            PnpCol::ProtocolSupported0 => Val::I(16),
            PnpCol::PowerManagementSupported0 => Val::I(0),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, p: &'a Pnp) -> Base<'a> {
        Base {
            group: p.group,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum PrinterCol {
        GroupID, DeviceID0, Attributes0, Caption0, Default0, DriverName0, Location0, Name0, PortName0, PrinterStatus0,
        PrinterState0, ServerName0, ShareName0, SpoolEnabled0, Status0, SystemName0, PrintProcessor0,
        PrintJobDataType0, HorizontalResolution0, VerticalResolution0
    }
}

/// v_GS_PRINTER_DEVICE.
pub(crate) struct Printers;

pub(crate) struct PrinterRow {
    group: i64,
    name: String,
    driver: &'static str,
    port: String,
    server: Option<String>,
    share: Option<String>,
    location: Option<String>,
}

impl Table for Printers {
    type Row = PrinterRow;
    type Col = PrinterCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<PrinterRow>) {
        let Some(d) = s.inventoried() else { return };
        let mut push = |name: String,
                        driver,
                        port: String,
                        server: Option<String>,
                        share: Option<String>,
                        location: Option<String>| {
            out.push(PrinterRow {
                group: out.len() as i64 + 1,
                name,
                driver,
                port,
                server,
                share,
                location,
            })
        };
        if d.is_workstation() {
            push(
                "Microsoft Print to PDF".into(),
                "Microsoft Print To PDF",
                "PORTPROMPT:".into(),
                None,
                None,
                None,
            );
            push(
                "Microsoft XPS Document Writer".into(),
                "Microsoft XPS Document Writer v4",
                "PORTPROMPT:".into(),
                None,
                None,
                None,
            );
            if d.os.family == OsFamily::Win7 {
                push(
                    "Fax".into(),
                    "Microsoft Shared Fax Driver",
                    "SHRFAX:".into(),
                    None,
                    None,
                    None,
                );
            }
            if d.domain == Domain::Contoso && d.hardware_seed % 5 < 3 {
                let server = format!("SRV-PRT-{:03}", 3 + d.site_idx * 11);
                let share = format!("{}-{}F-Color", d.site.code, 1 + d.hardware_seed % 6);
                push(
                    format!("\\\\{server}\\{share}"),
                    "Xerox Global Print Driver PCL6",
                    format!("10.{}.220.{}", d.site.net, 20 + d.hardware_seed % 40),
                    Some(format!("\\\\{server}")),
                    Some(share),
                    Some(format!("{} floor {}", d.site.city, 1 + d.hardware_seed % 6)),
                );
            }
        }
        if d.role() == Some(Role::Print) {
            for k in 0..12u64 {
                let share = format!(
                    "{}-{}F-{}",
                    d.site.code,
                    1 + k / 2,
                    if k % 2 == 0 { "Color" } else { "Mono" }
                );
                push(
                    share.clone(),
                    if k % 3 == 0 {
                        "HP Universal Printing PCL 6"
                    } else {
                        "Xerox Global Print Driver PCL6"
                    },
                    format!("IP_10.{}.220.{}", d.site.net, 20 + k),
                    None,
                    Some(share),
                    Some(format!("{} floor {}", d.site.city, 1 + k / 2)),
                );
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, p: &'a PrinterRow, col: PrinterCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            PrinterCol::GroupID => Val::I(p.group),
            PrinterCol::DeviceID0 | PrinterCol::Caption0 | PrinterCol::Name0 => Val::S(&p.name),
            PrinterCol::Attributes0 => Val::I(if p.server.is_some() { 3_088 } else { 576 }),
            PrinterCol::Default0 => Val::I((p.group == 1) as i64),
            PrinterCol::DriverName0 => Val::St(p.driver),
            PrinterCol::Location0 => Val::opt_str(p.location.as_deref()),
            PrinterCol::PortName0 => Val::S(&p.port),
            PrinterCol::PrinterStatus0 => Val::I(3),
            PrinterCol::PrinterState0 => Val::I(0),
            PrinterCol::ServerName0 => Val::opt_str(p.server.as_deref()),
            PrinterCol::ShareName0 => Val::opt_str(p.share.as_deref()),
            PrinterCol::SpoolEnabled0 => Val::I(1),
            PrinterCol::Status0 => Val::St("Unknown"),
            PrinterCol::SystemName0 => Val::S(&d.netbios),
            PrinterCol::PrintProcessor0 => Val::St("winprint"),
            PrinterCol::PrintJobDataType0 => Val::St("RAW"),
            PrinterCol::HorizontalResolution0 | PrinterCol::VerticalResolution0 => Val::I(600),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, p: &'a PrinterRow) -> Base<'a> {
        Base {
            group: p.group,
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
    type Row = software::Install;
    type Col = O365Col;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<software::Install>) {
        if let Some(x) = s
            .software()
            .iter()
            .find(|x| x.sw().suite == SUITE_M365 && x.sw().exe == "WINWORD.EXE")
        {
            out.push(*x);
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, x: &'a software::Install, col: O365Col) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let channel = if d.groups & fleet::groups::PILOT != 0 {
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
    pub(crate) enum VideoCol {
        DeviceID0, AdapterCompatibility0, AdapterDACType0, AdapterRAM0, Availability0, Caption0,
        CurrentBitsPerPixel0, CurrentHorizontalResolution0, CurrentNumberOfColors0, CurrentRefreshRate0,
        CurrentVerticalResolution0, Description0, DriverDate0, DriverVersion0, InfFilename0, InfSection0,
        InstalledDisplayDrivers0, MaxRefreshRate0, MinRefreshRate0, Name0, PNPDeviceID0, Status0, VideoModeDescription0,
        VideoProcessor0
    }
}

/// v_GS_VIDEO_CONTROLLER.
pub(crate) struct Video;

impl Table for Video {
    type Row = ();
    type Col = VideoCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: VideoCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let v = &d.model.video;
        let (w, h) = if d.is_server() {
            (1024, 768)
        } else if d.laptop() {
            (1920, 1200)
        } else {
            (1920, 1080)
        };
        match col {
            VideoCol::DeviceID0 => Val::St("VideoController1"),
            VideoCol::AdapterCompatibility0 => Val::St(v.split(' ').next().unwrap_or("")),
            VideoCol::AdapterDACType0 => Val::St("Internal"),
            VideoCol::AdapterRAM0 => Val::I(if d.is_server() { 16_777_216 } else { 1_073_741_824 }),
            VideoCol::Availability0 => Val::I(3),
            VideoCol::Caption0 | VideoCol::Description0 | VideoCol::Name0 | VideoCol::VideoProcessor0 => Val::St(v),
            VideoCol::CurrentBitsPerPixel0 => Val::I(32),
            VideoCol::CurrentHorizontalResolution0 => Val::I(w),
            VideoCol::CurrentNumberOfColors0 => Val::I(4_294_967_296),
            VideoCol::CurrentRefreshRate0 | VideoCol::MaxRefreshRate0 => Val::I(60),
            VideoCol::CurrentVerticalResolution0 => Val::I(h),
            VideoCol::DriverDate0 => Val::Ts(date_micros(d.model.year + 2, 3, 14).min(s.ctx.now - 60 * MICROS_PER_DAY)),
            VideoCol::DriverVersion0 => Val::St(if v.starts_with("Intel") {
                "31.0.101.5333"
            } else {
                "10.0.26100.1"
            }),
            VideoCol::InfFilename0 => Val::St("oem42.inf"),
            VideoCol::InfSection0 => Val::St("iCNL_w10_DS"),
            VideoCol::InstalledDisplayDrivers0 => Val::Null,
            VideoCol::MinRefreshRate0 => Val::I(29),
            VideoCol::PNPDeviceID0 => Val::St("PCI\\VEN_8086&DEV_9A49&SUBSYS_0A4B1028&REV_01\\3&11583659&0&10"),
            VideoCol::Status0 => Val::St("OK"),
            VideoCol::VideoModeDescription0 => Val::Own(format!("{w} x {h} x 4294967296 colors")),
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

columns! {
    pub(crate) enum X86Col { Name0, AvailableVirtualMemory0, TotalPageFileSpace0, TotalPhysicalMemory0, TotalVirtualMemory0 }
}

/// v_GS_X86_PC_MEMORY (KB).
pub(crate) struct X86Memory;

impl Table for X86Memory {
    type Row = ();
    type Col = X86Col;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: X86Col) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let vis = visible_kb(d);
        let page = if d.ram_gb >= 32 { 4_980_736 } else { 2_490_368 };
        match col {
            X86Col::Name0 => Val::Null,
            X86Col::AvailableVirtualMemory0 => Val::I(vis / 2 + page / 2),
            X86Col::TotalPageFileSpace0 => Val::I(page),
            X86Col::TotalPhysicalMemory0 => Val::I(vis),
            X86Col::TotalVirtualMemory0 => Val::I(vis + page),
        }
    }
}

/// A disk partition: (group, disk, index, kind, size MB).
pub(crate) type PartitionRow = (i64, i64, i64, &'static str, i64);

columns! {
    pub(crate) enum PartCol {
        GroupID, DeviceID0, BlockSize0, Bootable0, BootPartition0, Caption0, Description0, DiskIndex0, Index0, Name0,
        NumberOfBlocks0, PrimaryPartition0, Size0, StartingOffset0, Type0
    }
}

/// v_GS_PARTITION (sizes in MB).
pub(crate) struct Partitions;

impl Table for Partitions {
    type Row = PartitionRow;
    type Col = PartCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<PartitionRow>) {
        let Some(d) = s.inventoried() else { return };
        let total = d.disk_gb as i64 * 953;
        if d.legacy() || !d.model.uefi {
            out.push((1, 0, 0, "Installable File System", 350));
            out.push((2, 0, 1, "Installable File System", total - 350));
        } else {
            out.push((1, 0, 0, "GPT: System", 260));
            out.push((2, 0, 1, "GPT: Basic Data", total - 1260));
            out.push((3, 0, 2, "GPT: Unknown", 1000));
        }
        if let Some(gb) = d.data_disk_gb {
            out.push((out.len() as i64 + 1, 1, 0, "GPT: Basic Data", gb as i64 * 953));
        }
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, p: &'a PartitionRow, col: PartCol) -> Val<'a> {
        let (g, disk, idx, kind, mb) = *p;
        let name = format!("Disk #{disk}, Partition #{idx}");
        match col {
            PartCol::GroupID => Val::I(g),
            PartCol::DeviceID0 | PartCol::Caption0 | PartCol::Name0 => Val::Own(name),
            PartCol::BlockSize0 => Val::I(512),
            PartCol::Bootable0 | PartCol::BootPartition0 => Val::I((idx == 0 && disk == 0) as i64),
            PartCol::Description0 => Val::St(kind),
            PartCol::DiskIndex0 => Val::I(disk),
            PartCol::Index0 => Val::I(idx),
            PartCol::NumberOfBlocks0 => Val::I(mb * 2048),
            PartCol::PrimaryPartition0 => Val::I(1),
            PartCol::Size0 => Val::I(mb),
            PartCol::StartingOffset0 => Val::I(if idx == 0 {
                1_048_576
            } else {
                1_048_576 + 272_629_760 * idx
            }),
            PartCol::Type0 => Val::St(kind),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, p: &'a PartitionRow) -> Base<'a> {
        Base { group: p.0, ..s.base() }
    }
}

columns! {
    pub(crate) enum MonitorCol {
        GroupID, DeviceID0, Availability0, Caption0, Description0, DisplayType0, MonitorManufacturer0, MonitorType0,
        Name0, PixelsPerXLogicalInch0, PixelsPerYLogicalInch0, PNPDeviceID0, ScreenHeight0, ScreenWidth0, Status0
    }
}

/// v_GS_DESKTOP_MONITOR.
pub(crate) struct Monitors;

impl Table for Monitors {
    type Row = i64;
    type Col = MonitorCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<i64>) {
        let Some(d) = s.inventoried() else { return };
        let n = if d.is_server() {
            1
        } else {
            1 + (d.hardware_seed % 2) as i64
        };
        out.extend(1..=n);
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, k: &'a i64, col: MonitorCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let generic = d.virtual_machine || *k > 1;
        match col {
            MonitorCol::GroupID => Val::I(*k),
            MonitorCol::DeviceID0 => Val::Own(format!("DesktopMonitor{k}")),
            MonitorCol::Availability0 => Val::I(3),
            MonitorCol::Caption0 | MonitorCol::Description0 | MonitorCol::Name0 | MonitorCol::MonitorType0 => {
                Val::St(if generic || d.laptop() {
                    "Generic PnP Monitor"
                } else {
                    "Dell P2422H"
                })
            }
            MonitorCol::DisplayType0 => Val::Null,
            MonitorCol::MonitorManufacturer0 => {
                if generic {
                    Val::St("(Standard monitor types)")
                } else {
                    Val::St("Dell")
                }
            }
            MonitorCol::PixelsPerXLogicalInch0 | MonitorCol::PixelsPerYLogicalInch0 => Val::I(96),
            MonitorCol::PNPDeviceID0 => Val::Own(format!("DISPLAY\\DELA1E4\\5&2A3B4C5D&0&UID{}", 4352 + k)),
            MonitorCol::ScreenHeight0 => {
                if generic {
                    Val::Null
                } else {
                    Val::I(1080)
                }
            }
            MonitorCol::ScreenWidth0 => {
                if generic {
                    Val::Null
                } else {
                    Val::I(1920)
                }
            }
            MonitorCol::Status0 => Val::St("OK"),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, k: &'a i64) -> Base<'a> {
        Base { group: *k, ..s.base() }
    }
}

columns! {
    pub(crate) enum BatteryCol {
        DeviceID0, Availability0, BatteryStatus0, Caption0, Chemistry0, Description0, DesignCapacity0, DesignVoltage0,
        EstimatedChargeRemaining0, EstimatedRunTime0, FullChargeCapacity0, Name0, Status0
    }
}

/// v_GS_BATTERY (laptops).
pub(crate) struct Battery;

impl Table for Battery {
    type Row = ();
    type Col = BatteryCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some_and(|d| d.laptop()) {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: BatteryCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let charge = (d.hardware_seed % 100) as i64 + 1;
        let on_ac = d.hardware_seed % 3 != 0;
        let pack = match d.model.vendor {
            Vendor::Dell => "DELL 5R9DD56",
            Vendor::Hp | Vendor::HpOld => "Primary",
            Vendor::Lenovo => "5B10W13975",
            _ => "Surface Battery",
        };
        match col {
            BatteryCol::DeviceID0 => Val::Own(format!("{} {}", (d.hardware_seed % 9000) + 1000, pack)),
            BatteryCol::Availability0 => Val::I(if on_ac { 2 } else { 3 }),
            BatteryCol::BatteryStatus0 => Val::I(if on_ac { 2 } else { 1 }),
            BatteryCol::Caption0 | BatteryCol::Description0 => Val::St("Internal Battery"),
            BatteryCol::Chemistry0 => Val::I(6),
            BatteryCol::DesignCapacity0 | BatteryCol::FullChargeCapacity0 => Val::Null,
            BatteryCol::DesignVoltage0 => Val::I(11_400 + (d.hardware_seed % 800) as i64),
            BatteryCol::EstimatedChargeRemaining0 => Val::I(charge),
            BatteryCol::EstimatedRunTime0 => Val::I(if on_ac { 71_582_788 } else { charge * 5 }),
            BatteryCol::Name0 => Val::St(pack),
            BatteryCol::Status0 => Val::St("OK"),
        }
    }
}

columns! {
    pub(crate) enum BoardCol {
        Tag0, Caption0, ConfigOptions0, Description0, HostingBoard0, HotSwappable0, Manufacturer0, Model0, Name0,
        PoweredOn0, Product0, Removable0, Replaceable0, RequiresDaughterBoard0, SerialNumber0, Status0, Version0
    }
}

/// v_GS_BASEBOARD.
pub(crate) struct Baseboard;

impl Table for Baseboard {
    type Row = ();
    type Col = BoardCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: BoardCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            BoardCol::Tag0 => Val::St("Base Board"),
            BoardCol::Caption0 | BoardCol::Description0 | BoardCol::Name0 => Val::St("Base Board"),
            BoardCol::ConfigOptions0 | BoardCol::Model0 => Val::Null,
            BoardCol::HostingBoard0 | BoardCol::PoweredOn0 | BoardCol::Replaceable0 => Val::I(1),
            BoardCol::HotSwappable0 | BoardCol::Removable0 | BoardCol::RequiresDaughterBoard0 => Val::I(0),
            BoardCol::Manufacturer0 => Val::St(bios_manufacturer(d)),
            BoardCol::Product0 => Val::Own(match d.model.vendor {
                Vendor::Dell => format!("0{:05X}", d.model.year as u64 * 77 % 0xFFFFF),
                Vendor::Lenovo => d.model.model.to_string(),
                Vendor::VMware | Vendor::VMwareOld => "440BX Desktop Reference Platform".to_string(),
                Vendor::HyperV => "Virtual Machine".to_string(),
                _ => format!("{:04X}", d.model.year as u64 * 3),
            }),
            BoardCol::SerialNumber0 => Val::Own(match d.model.vendor {
                Vendor::Dell => format!("/{}/CNWS2{:010}/", d.serial, d.hardware_seed % 10_000_000_000),
                Vendor::VMware | Vendor::VMwareOld => "None".to_string(),
                _ => format!(
                    "{}{:04}",
                    d.serial.chars().take(6).collect::<String>(),
                    d.hardware_seed % 10_000
                ),
            }),
            BoardCol::Status0 => Val::Null,
            BoardCol::Version0 => Val::St("A00"),
        }
    }
}

columns! {
    pub(crate) enum VolumeCol {
        GroupID, DeviceID0, Automount0, BlockSize0, Capacity0, Caption0, Compressed0, DirtyBitSet0, DriveLetter0,
        DriveType0, FileSystem0, FreeSpace0, IndexingEnabled0, Label0, MaximumFileNameLength0, Name0,
        QuotasEnabled0, SerialNumber0, SupportsDiskQuotas0, SupportsFileBasedCompression0, SystemName0
    }
}

/// v_GS_VOLUME (sizes in MB).
pub(crate) struct Volumes;

impl Table for Volumes {
    type Row = Disk;
    type Col = VolumeCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Disk>) {
        if let Some(d) = s.inventoried() {
            out.extend(
                disks(s, d)
                    .into_iter()
                    .filter(|x| x.drive_type == 3 || x.drive_type == 5),
            );
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, x: &'a Disk, col: VolumeCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let fixed = x.drive_type == 3;
        match col {
            VolumeCol::GroupID => Val::I(x.group),
            VolumeCol::DeviceID0 => {
                let mut v = String::from("\\\\?\\Volume");
                crate::value::write_guid(
                    &mut v,
                    d.smbios_guid.rotate_left(x.group as u32 * 11),
                    GuidStyle::Braced,
                );
                v.push('\\');
                Val::Own(v.to_ascii_lowercase())
            }
            VolumeCol::Automount0 => Val::I(1),
            VolumeCol::BlockSize0 => {
                if fixed {
                    Val::I(4096)
                } else {
                    Val::Null
                }
            }
            VolumeCol::Capacity0 => Val::opt_i(x.size_mb),
            VolumeCol::Caption0 | VolumeCol::Name0 => Val::Own(format!("{}\\", x.letter)),
            VolumeCol::Compressed0 | VolumeCol::DirtyBitSet0 | VolumeCol::QuotasEnabled0 => {
                if fixed {
                    Val::I(0)
                } else {
                    Val::Null
                }
            }
            VolumeCol::DriveLetter0 => Val::St(x.letter),
            VolumeCol::DriveType0 => Val::I(x.drive_type),
            VolumeCol::FileSystem0 => x.fs.map_or(Val::Null, Val::St),
            VolumeCol::FreeSpace0 => Val::opt_i(x.free_mb),
            VolumeCol::IndexingEnabled0 => Val::I((fixed && d.is_workstation()) as i64),
            VolumeCol::Label0 => x.label.map_or(Val::Null, Val::St),
            VolumeCol::MaximumFileNameLength0 => {
                if fixed {
                    Val::I(255)
                } else {
                    Val::Null
                }
            }
            VolumeCol::SerialNumber0 => {
                if fixed {
                    Val::I(((d.hardware_seed >> (x.group * 8)) as u32 >> 1) as i64)
                } else {
                    Val::Null
                }
            }
            VolumeCol::SupportsDiskQuotas0 | VolumeCol::SupportsFileBasedCompression0 => Val::I(fixed as i64),
            VolumeCol::SystemName0 => Val::S(&d.netbios),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, x: &'a Disk) -> Base<'a> {
        Base {
            group: x.group,
            ..s.base()
        }
    }
}

/// When `d`'s client last checked in, for client-health views.
pub(crate) fn policy_time(d: &Device) -> i64 {
    d.last_active - (d.hardware_seed % 50) as i64 * MICROS_PER_MINUTE
}
