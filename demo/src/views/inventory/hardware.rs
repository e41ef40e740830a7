//! Hardware inventory views: processor, enclosure, TPM, firmware, plug and
//! play devices, printers, video, monitors, battery, baseboard.

use crate::data::{Form, OsFamily, Role, Vendor};
use crate::model::Domain;
use crate::model::device::Device;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::date_micros;
use crate::site::subject::Base;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use crate::views::inventory::system::bios_manufacturer;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a hardware inventory view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_gs_processor" => bound(Processor, view),
        "v_gs_system_enclosure" => bound(Enclosure, view),
        "v_gs_tpm" => bound(Tpm, view),
        "v_gs_tpm_status" => bound(TpmStatus, view),
        "v_gs_firmware" => bound(Firmware, view),
        "v_gs_usb_device" => bound(
            PnpTable {
                kind: PnpKind::UsbDevice,
            },
            view,
        ),
        "v_gs_usb_controller" => bound(
            PnpTable {
                kind: PnpKind::UsbController,
            },
            view,
        ),
        "v_gs_sound_device" => bound(PnpTable { kind: PnpKind::Sound }, view),
        "v_gs_printer_device" => bound(Printers, view),
        "v_gs_video_controller" => bound(Video, view),
        "v_gs_desktop_monitor" => bound(Monitors, view),
        "v_gs_battery" => bound(Battery, view),
        "v_gs_baseboard" => bound(Baseboard, view),
        _ => return None,
    })
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

pub(crate) fn has_tpm(d: &Device) -> Option<bool> {
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
            VideoCol::DriverDate0 => {
                Val::Ts(date_micros(d.model.year + 2, 3, 14).min(s.fleet.now - 60 * MICROS_PER_DAY))
            }
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
