//! Software views: Add/Remove Programs (32- and 64-bit, history),
//! installed software, software inventory files and products, executables.

use crate::model::device::Device;
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::rng::hash_str;
use crate::model::software::Install;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::user::user;
use crate::site::subject::Base;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a software view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_gs_add_remove_programs" => bound(
            Arp {
                x64: false,
                both: false,
            },
            view,
        ),
        "v_gs_add_remove_programs_64" => bound(Arp { x64: true, both: false }, view),
        "v_add_remove_programs" => bound(Arp { x64: false, both: true }, view),
        "v_hs_add_remove_programs" => bound(ArpHistory, view),
        "v_gs_installed_software" => bound(InstalledSoftware, view),
        "v_gs_installed_executable" => bound(Executables { shortcuts: false }, view),
        "v_gs_software_shortcut" => bound(Executables { shortcuts: true }, view),
        "v_gs_softwarefile" => bound(SoftwareFile, view),
        "v_gs_softwareproduct" => bound(SoftwareProduct, view),
        "v_gs_lastsoftwarescan" => bound(LastSoftwareScan, view),
        "v_gs_collectedfile" => bound(CollectedFile, view),
        _ => return None,
    })
}

/// ConfigMgr's InstallDate text: `yyyymmdd`, missing for some updaters.
fn install_date<'a>(x: &Install) -> Val<'a> {
    if x.sw().versions[0].is_empty() || x.day % 23 == 0 {
        Val::Null
    } else {
        Val::Ymd(x.day)
    }
}

columns! {
    pub(crate) enum ArpCol { ResourceID, GroupID, RevisionID, AgentID, TimeStamp, DisplayName0, InstallDate0, ProdID0, Publisher0, Version0 }
}

/// v_GS_ADD_REMOVE_PROGRAMS (32-bit entries) and v_GS_ADD_REMOVE_PROGRAMS_64.
pub(crate) struct Arp {
    pub x64: bool,
    /// v_Add_Remove_Programs: both hives.
    pub both: bool,
}

impl Table for Arp {
    type Row = (usize, Install);
    type Col = ArpCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        let mut k = 0;
        for x in s.software() {
            if self.both || x.x64 == self.x64 {
                k += 1;
                out.push((k, *x));
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: ArpCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, x) = row;
        match col {
            ArpCol::ResourceID => Val::I(d.rid),
            ArpCol::GroupID => Val::I(*k as i64),
            ArpCol::RevisionID => Val::I(d.revision),
            ArpCol::AgentID => Val::I(1),
            ArpCol::TimeStamp => Val::Ts(d.last_hw),
            ArpCol::DisplayName0 => Val::St(x.name()),
            ArpCol::InstallDate0 => install_date(x),
            ArpCol::ProdID0 => {
                if x.dup {
                    Val::Own(format!("{}_{}", x.prod_id(), x.ver))
                } else {
                    Val::St(x.prod_id())
                }
            }
            ArpCol::Publisher0 => Val::St(&x.sw().publisher),
            ArpCol::Version0 => x.version().map_or(Val::Null, Val::St),
        }
    }
}

/// v_HS_ADD_REMOVE_PROGRAMS: the versions some products had before their last update.
pub(crate) struct ArpHistory;

impl Table for ArpHistory {
    type Row = (usize, Install);
    type Col = ArpCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        let Some(d) = s.device() else { return };
        if !hash(s.fleet.seed, &[Stream::Software as u64, d.index as u64, 0x45]).is_multiple_of(4) {
            return;
        }
        let mut k = 0;
        for x in s.software() {
            if !x.dup && (x.ver as usize) + 1 < x.sw().versions.len() && x.sw().suite == 0 && x.day % 3 == 0 {
                k += 1;
                let mut old = *x;
                old.ver += 1;
                old.day -= 45;
                out.push((k, old));
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: ArpCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            ArpCol::RevisionID => Val::I(1),
            ArpCol::TimeStamp => Val::Ts(d.last_hw - (row.1.day % 40 + 20) * MICROS_PER_DAY),
            _ => Arp { x64: false, both: true }.value(s, row, col),
        }
    }
}

columns! {
    pub(crate) enum SwCol {
        ResourceID, GroupID, RevisionID, AgentID, TimeStamp, ARPDisplayName0, ChannelCode0, ChannelID0, CM_DSLID0,
        EvidenceSource0, InstallDate0, InstallDirectoryValidation0, InstalledLocation0, InstallSource0, InstallType0,
        Language0, LocalPackage0, MPC0, OsComponent0, PackageCode0, ProductID0, ProductName0, ProductVersion0,
        Publisher0, RegisteredUser0, ServicePack0, SoftwareCode0, SoftwarePropertiesHash0, SoftwarePropertiesHashEx0,
        UninstallString0, UpgradeCode0, VersionMajor0, VersionMinor0
    }
}

/// v_GS_INSTALLED_SOFTWARE (Asset Intelligence's view of the same installs).
pub(crate) struct InstalledSoftware;

fn version_part(v: Option<&str>, k: usize) -> Val<'static> {
    v.and_then(|v| v.split('.').nth(k))
        .and_then(|p| p.parse::<i64>().ok())
        .map_or(Val::Null, Val::I)
}

impl Table for InstalledSoftware {
    type Row = (usize, Install);
    type Col = SwCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        for (k, x) in s.software().iter().enumerate() {
            out.push((k + 1, *x));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: SwCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, x) = row;
        let v = x.variant();
        let sw = x.sw();
        match col {
            SwCol::ResourceID => Val::I(d.rid),
            SwCol::GroupID => Val::I(*k as i64),
            SwCol::RevisionID => Val::I(d.revision),
            SwCol::AgentID => Val::I(1),
            SwCol::TimeStamp => Val::Ts(d.last_sw),
            SwCol::ARPDisplayName0 => Val::St(x.name()),
            SwCol::ChannelCode0 => Val::I(0),
            SwCol::EvidenceSource0 => Val::St(if sw.msi { "WAAA0" } else { "AAAAA0" }),
            SwCol::InstallDate0 => {
                if sw.versions[0].is_empty() {
                    Val::Null
                } else {
                    Val::Ts(x.day * MICROS_PER_DAY)
                }
            }
            SwCol::InstallDirectoryValidation0 => Val::I(if v.dir.is_empty() { 4 } else { 1 }),
            SwCol::InstalledLocation0 => {
                if v.dir.is_empty() {
                    Val::Null
                } else {
                    Val::St(&v.dir)
                }
            }
            SwCol::InstallSource0 => {
                if sw.msi {
                    Val::Own(format!(
                        "C:\\Windows\\ccmcache\\{}\\",
                        base36(x.sw as u64 * 37 + x.ver as u64)
                    ))
                } else {
                    Val::Null
                }
            }
            SwCol::InstallType0 => Val::I(if sw.msi { 1 } else { 0 }),
            SwCol::Language0 => Val::I(if sw.msi { 1033 } else { 0 }),
            SwCol::LocalPackage0 => {
                if sw.msi {
                    Val::Own(format!(
                        "C:\\Windows\\Installer\\{:x}.msi",
                        hash_str(&v.code) & 0xFFFFFFF
                    ))
                } else {
                    Val::Null
                }
            }
            SwCol::OsComponent0 => Val::I(0),
            SwCol::PackageCode0 => Val::Null,
            SwCol::ProductID0 => Val::Null,
            SwCol::ProductName0 => Val::St(&v.product),
            SwCol::ProductVersion0 => x.version().map_or(Val::Null, Val::St),
            SwCol::Publisher0 => Val::St(&sw.publisher),
            SwCol::RegisteredUser0 => Val::St("Contoso User"),
            SwCol::ServicePack0 => Val::Null,
            SwCol::SoftwareCode0 => Val::St(if sw.msi { &v.code } else { &v.name }),
            SwCol::SoftwarePropertiesHash0 => Val::Own(format!("{:016x}", hash_str(&v.name) ^ hash_str(v.version))),
            SwCol::SoftwarePropertiesHashEx0 => Val::Null,
            SwCol::UninstallString0 => {
                if sw.msi {
                    Val::Own(format!("MsiExec.exe /X{}", v.code))
                } else if !v.dir.is_empty() {
                    Val::Own(format!("\"{}\\uninstall.exe\"", v.dir))
                } else {
                    Val::Null
                }
            }
            SwCol::UpgradeCode0 => Val::Null,
            SwCol::VersionMajor0 => version_part(x.version(), 0),
            SwCol::VersionMinor0 => version_part(x.version(), 1),
            SwCol::ChannelID0 | SwCol::CM_DSLID0 | SwCol::MPC0 => Val::Null,
        }
    }
}

fn base36(mut n: u64) -> String {
    const D: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(D[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A file software inventory found.
pub(crate) struct FileRow {
    pub file_id: i64,
    pub product_id: i64,
    pub name: String,
    pub path: String,
    pub version: Option<&'static str>,
    pub description: &'static str,
    pub size: i64,
    pub modified: i64,
    pub install: Option<Install>,
}

/// Files of installed products, plus Outlook data files in user profiles.
pub(crate) fn files(s: &Subject<'_>) -> Vec<FileRow> {
    let Some(d) = s.inventoried() else { return Vec::new() };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for x in s.software() {
        let sw = x.sw();
        let v = x.variant();
        if sw.exe.is_empty() || v.dir.is_empty() || !seen.insert(v.dir.clone() + &sw.exe) {
            continue;
        }
        let h = hash_str(&v.name) ^ x.ver as u64;
        out.push(FileRow {
            file_id: x.sw as i64 * 64 + x.ver as i64 + 1,
            product_id: x.sw as i64 + 1,
            name: sw.exe.to_string(),
            path: format!("{}\\", v.dir),
            version: x.version(),
            description: sw.name.split(" {").next().unwrap_or(&sw.name),
            size: 200_000 + (h % 3_000_000) as i64,
            modified: x.day * MICROS_PER_DAY + (h % 86_400) as i64 * 1_000_000,
            install: Some(*x),
        });
    }
    // Outlook archives.
    let mut r = Rng::new(s.fleet.seed, Stream::Files, d.index as u64);
    if d.is_workstation()
        && r.chance(0.12)
        && let Some(u) = d.user
    {
        let acct = user(s.fleet, u).account;
        let count = r.range(1, 3);
        for k in 0..count {
            let size = if r.chance(0.15) {
                r.range(5_000_000_000, 14_000_000_000)
            } else {
                r.range(50_000_000, 2_000_000_000)
            };
            out.push(FileRow {
                file_id: 900_000 + k,
                product_id: 0,
                name: ["archive.pst", "Outlook.pst", "old mail 2019.pst"][k as usize % 3].to_string(),
                path: format!("C:\\Users\\{acct}\\Documents\\Outlook Files\\"),
                version: None,
                description: "",
                size,
                modified: d.last_sw - r.range(1, 400) * MICROS_PER_DAY,
                install: None,
            });
        }
    }
    out
}

columns! {
    pub(crate) enum FileCol { ResourceID, FileID, ProductId, FileName, FileDescription, FileVersion, FileSize, FileModifiedDate, FilePath, FileCount, CreationDate, ModifiedDate }
}

/// v_GS_SoftwareFile.
pub(crate) struct SoftwareFile;

impl Table for SoftwareFile {
    type Row = FileRow;
    type Col = FileCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<FileRow>) {
        out.extend(files(s));
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, f: &'a FileRow, col: FileCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            FileCol::ResourceID => Val::I(d.rid),
            FileCol::FileID => Val::I(f.file_id),
            FileCol::ProductId => {
                if f.product_id == 0 {
                    Val::Null
                } else {
                    Val::I(f.product_id)
                }
            }
            FileCol::FileName => Val::S(&f.name),
            FileCol::FileDescription => {
                if f.description.is_empty() {
                    Val::Null
                } else {
                    Val::St(f.description)
                }
            }
            FileCol::FileVersion => f.version.map_or(Val::Null, Val::St),
            FileCol::FileSize => Val::I(f.size),
            FileCol::FileModifiedDate => Val::Ts(f.modified),
            FileCol::FilePath => Val::S(&f.path),
            FileCol::FileCount => Val::I(1),
            FileCol::CreationDate => Val::Ts(f.modified - 3 * MICROS_PER_HOUR),
            FileCol::ModifiedDate => Val::Ts(d.last_sw),
        }
    }
}

columns! {
    pub(crate) enum ProductCol { ResourceID, ProductId, CompanyName, ProductName, ProductVersion, ProductLanguage }
}

/// v_GS_SoftwareProduct.
pub(crate) struct SoftwareProduct;

impl Table for SoftwareProduct {
    type Row = FileRow;
    type Col = ProductCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<FileRow>) {
        let mut seen = std::collections::HashSet::new();
        out.extend(
            files(s)
                .into_iter()
                .filter(|f| f.product_id != 0 && seen.insert(f.product_id)),
        );
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, f: &'a FileRow, col: ProductCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let Some(x) = f.install else { return Val::Null };
        match col {
            ProductCol::ResourceID => Val::I(d.rid),
            ProductCol::ProductId => Val::I(f.product_id),
            ProductCol::CompanyName => Val::St(&x.sw().publisher),
            ProductCol::ProductName => Val::St(&x.variant().product),
            ProductCol::ProductVersion => x.version().map_or(Val::Null, Val::St),
            ProductCol::ProductLanguage => Val::I(if x.sw().msi { 1033 } else { 65535 }),
        }
    }
}

columns! {
    pub(crate) enum ScanCol { ResourceID, LastScanDate, LastCollectedFileScanDate, LastScanOpcode }
}

/// v_GS_LastSoftwareScan.
pub(crate) struct LastSoftwareScan;

impl Table for LastSoftwareScan {
    type Row = ();
    type Col = ScanCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: ScanCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            ScanCol::ResourceID => Val::I(d.rid),
            ScanCol::LastScanDate => Val::Ts(d.last_sw),
            ScanCol::LastCollectedFileScanDate => {
                if collects_files(s.fleet.seed, d) {
                    Val::Ts(d.last_sw)
                } else {
                    Val::Null
                }
            }
            ScanCol::LastScanOpcode => Val::I(if d.index % 9 == 0 { 0 } else { 1 }),
        }
    }
}

fn collects_files(seed: u64, d: &Device) -> bool {
    hash(seed, &[Stream::Files as u64, d.index as u64, 0xCF]).is_multiple_of(20)
}

columns! {
    pub(crate) enum CollectedCol { ResourceID, RevisionID, FileName, FilePath, FileSize, ModifiedDate, FileModifyDate, CollectionDate, LocalFilePath }
}

/// v_GS_CollectedFile: the hosts file, collected from a few machines.
pub(crate) struct CollectedFile;

impl Table for CollectedFile {
    type Row = ();
    type Col = CollectedCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some_and(|d| collects_files(s.fleet.seed, d)) {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: CollectedCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            CollectedCol::ResourceID => Val::I(d.rid),
            CollectedCol::RevisionID => Val::I(1),
            CollectedCol::FileName => Val::St("hosts"),
            CollectedCol::FilePath => Val::St("C:\\Windows\\System32\\drivers\\etc\\"),
            CollectedCol::FileSize => Val::I(824 + (d.index % 7) as i64 * 31),
            CollectedCol::ModifiedDate => Val::Ts(d.last_sw),
            CollectedCol::FileModifyDate => Val::Ts(d.os_installed + MICROS_PER_DAY),
            CollectedCol::CollectionDate => Val::Ts(d.last_sw),
            CollectedCol::LocalFilePath => Val::Own(format!(
                "E:\\Program Files\\Microsoft Configuration Manager\\inboxes\\sinv.box\\FileCol\\{:X}\\hosts",
                d.rid
            )),
        }
    }
}

columns! {
    pub(crate) enum ExeCol {
        ResourceID, GroupID, RevisionID, AgentID, TimeStamp, ExecutableName0, ProductCode0, BinFileVersion0,
        BinProductVersion0, Description0, FilePropertiesHash0, FilePropertiesHashEx0, FileSize0, FileVersion0,
        HasPatchAdded0, InstalledFilePath0, IsSystemFile0, IsVitalFile0, Language0, Product0, ProductVersion0,
        Publisher0, ShortcutKey0, ParentName0, ShortcutName0, ShortcutType0, TargetExecutable0
    }
}

/// v_GS_INSTALLED_EXECUTABLE and v_GS_SOFTWARE_SHORTCUT.
pub(crate) struct Executables {
    pub shortcuts: bool,
}

impl Table for Executables {
    type Row = (usize, FileRow);
    type Col = ExeCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        out.extend(
            files(s)
                .into_iter()
                .filter(|f| f.install.is_some())
                .enumerate()
                .map(|(k, f)| (k + 1, f)),
        );
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: ExeCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, f) = row;
        let Some(x) = f.install else { return Val::Null };
        let v = x.variant();
        match col {
            ExeCol::ResourceID => Val::I(d.rid),
            ExeCol::GroupID => Val::I(*k as i64),
            ExeCol::RevisionID => Val::I(d.revision),
            ExeCol::AgentID => Val::I(1),
            ExeCol::TimeStamp => Val::Ts(d.last_sw),
            ExeCol::ExecutableName0 => Val::S(&f.name),
            ExeCol::ProductCode0 => {
                if x.sw().msi {
                    Val::St(&v.code)
                } else {
                    Val::Null
                }
            }
            ExeCol::BinFileVersion0 | ExeCol::BinProductVersion0 | ExeCol::FileVersion0 | ExeCol::ProductVersion0 => {
                f.version.map_or(Val::Null, Val::St)
            }
            ExeCol::Description0 => Val::St(f.description),
            ExeCol::FilePropertiesHash0 => Val::Own(format!("{:016x}", hash_str(&f.name) ^ f.file_id as u64)),
            ExeCol::FilePropertiesHashEx0 => Val::Null,
            ExeCol::FileSize0 => Val::I(f.size),
            ExeCol::HasPatchAdded0 => Val::I(0),
            ExeCol::InstalledFilePath0 | ExeCol::TargetExecutable0 => Val::Own(format!("{}{}", f.path, f.name)),
            ExeCol::IsSystemFile0 => Val::I(0),
            ExeCol::IsVitalFile0 => Val::I(1),
            ExeCol::Language0 => Val::I(1033),
            ExeCol::Product0 => Val::St(&v.product),
            ExeCol::Publisher0 => Val::St(&x.sw().publisher),
            ExeCol::ShortcutKey0 => Val::Own(format!(
                "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\{}.lnk",
                v.product
            )),
            ExeCol::ParentName0 => Val::St("Programs"),
            ExeCol::ShortcutName0 => Val::Own(format!("{}.lnk", v.product)),
            ExeCol::ShortcutType0 => Val::I(if self.shortcuts { 1 } else { 0 }),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, _row: &'a Self::Row) -> Base<'a> {
        s.base()
    }
}
