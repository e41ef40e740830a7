//! Storage and memory inventory views: logical and physical disks,
//! partitions, volumes, BitLocker, memory.

use crate::data::{Form, OsFamily, Role, Vendor};
use crate::model::Domain;
use crate::model::device::Device;
use crate::model::device::groups;
use crate::model::guid::GuidStyle;
use crate::model::guid::write_guid;
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::model::user::user;
use crate::site::subject::Base;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use crate::views::inventory::system::visible_kb;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a storage or memory
/// inventory view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_gs_logical_disk" => bound(LogicalDisk, view),
        "v_gs_encryptable_volume" => bound(EncryptableVolume, view),
        "v_gs_disk" => bound(PhysicalDisk, view),
        "v_gs_physical_memory" => bound(PhysicalMemory, view),
        "v_gs_x86_pc_memory" => bound(X86Memory, view),
        "v_gs_partition" => bound(Partitions, view),
        "v_gs_volume" => bound(Volumes, view),
        _ => return None,
    })
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
    let mut r = Rng::new(s.fleet.seed, Stream::Hardware, d.index as u64 ^ 0xD15C);
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
        let acct = d.last_user.map(|u| user(s.fleet, u).account).unwrap_or_default();
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
                write_guid(&mut v, g, GuidStyle::Braced);
                v.push('\\');
                Val::Own(v.to_ascii_lowercase())
            }
            VolumeEncCol::DriveLetter0 => Val::St(x.letter),
            VolumeEncCol::PersistentVolumeID0 => {
                if d.groups & groups::BITLOCKER != 0 {
                    Val::Guid(g ^ 0xB17, GuidStyle::Braced)
                } else {
                    Val::St("")
                }
            }
            VolumeEncCol::ProtectionStatus0 => {
                if d.groups & groups::BITLOCKER == 0 {
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
                write_guid(
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
