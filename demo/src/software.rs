//! Installed software: a catalog of real-world products with their versions,
//! which devices get what, and the views built from it (Add/Remove Programs,
//! installed software, software inventory files and products).

use crate::Ctx;
use crate::data::who::*;
use crate::data::{
    Arch, CATALOG, CM_CLIENT, Form, Kind, OsFamily, Role, SUITE_M365, SUITE_O2010, SUITE_O2016, Sw, Vendor,
};
use crate::fleet::Device;
use crate::rng::{Rng, Stream, hash, hash_str};
use crate::table::{Base, Scope, Subject, Table, columns};
use crate::value::{GuidStyle, MICROS_PER_DAY, MICROS_PER_HOUR, Val, days, guid_string};
use std::sync::OnceLock;

/// How many builds of the monthly enterprise channel `software.toml` lists
/// for each Microsoft 365 app: the channel keeps even legacy systems on
/// recent builds, so their version is picked as on current ones.
const M365_RELEASES: usize = 4;

/// Text derived from the catalog once per process.
pub(crate) struct Derived {
    /// Per entry, per version: display name, display name with a trailing
    /// blank, version text, product code, install directory.
    pub entries: Vec<Vec<Variant>>,
}

pub(crate) struct Variant {
    pub name: String,
    pub name_blank: String,
    pub version: &'static str,
    pub code: String,
    pub dir: String,
    pub product: String,
}

pub(crate) fn derived() -> &'static Derived {
    static D: OnceLock<Derived> = OnceLock::new();
    D.get_or_init(|| Derived {
        entries: CATALOG
            .iter()
            .map(|sw| {
                sw.versions
                    .iter()
                    .map(|spec| {
                        let (version, label) = spec.split_once('|').unwrap_or((spec, spec));
                        let name = sw.name.replace("{v}", version).replace("{}", label);
                        let h = hash_str(&name) ^ hash_str(version).rotate_left(17);
                        let mut r = Rng::new(h, Stream::Software, 0);
                        let code = guid_string(r.guid(), GuidStyle::Braced);
                        let product = name
                            .trim_end_matches(" (x64)")
                            .trim_end_matches(" (64-bit)")
                            .trim_end_matches(" (64-bit x64)")
                            .trim()
                            .to_string();
                        Variant {
                            name_blank: format!("{name} "),
                            name,
                            version,
                            code,
                            dir: sw.dir.replace("{}", label),
                            product,
                        }
                    })
                    .collect()
            })
            .collect(),
    })
}

/// One installed product on one device.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Install {
    pub sw: u16,
    pub ver: u8,
    pub x64: bool,
    /// Registered with a trailing blank in its display name.
    pub blank: bool,
    /// A stale second registration of the same product.
    pub dup: bool,
    /// Install day (days since 1970).
    pub day: i64,
}

impl Install {
    pub(crate) fn sw(&self) -> &'static Sw {
        &CATALOG[self.sw as usize]
    }
    pub(crate) fn variant(&self) -> &'static Variant {
        &derived().entries[self.sw as usize][self.ver as usize]
    }
    pub(crate) fn name(&self) -> &'static str {
        let v = self.variant();
        if self.blank { &v.name_blank } else { &v.name }
    }
    pub(crate) fn version(&self) -> Option<&'static str> {
        let v = self.variant().version;
        (!v.is_empty()).then_some(v)
    }
    /// ProdID0: the product code of MSI installs, otherwise the uninstall key name.
    pub(crate) fn prod_id(&self) -> &'static str {
        let v = self.variant();
        if self.sw().msi { &v.code } else { &v.name }
    }
}

/// The audience bits a device matches.
pub(crate) fn audience(d: &Device) -> u64 {
    let mut a = match d.kind {
        Kind::Desktop | Kind::Laptop => WS,
        Kind::Vdi => VDI,
        Kind::Lab => LAB,
        Kind::Kiosk => KIOSK,
        Kind::Server(_) => SRV,
    };
    a |= if d.legacy() { OLD } else { NEW };
    a |= 1 << (8 + d.dept as u64);
    if let Kind::Server(r) = d.kind {
        a |= 1 << (20 + r.index() as u64);
    }
    a |= match d.model.vendor {
        Vendor::Dell => DELL,
        Vendor::Hp | Vendor::HpOld | Vendor::Hpe => HP,
        Vendor::Lenovo => LENOVO,
        Vendor::Surface => SURFACE,
        Vendor::VMware | Vendor::VMwareOld => VMWARE,
        Vendor::HyperV => HYPERV,
    };
    if matches!(d.model.form, Form::Laptop | Form::Tablet) {
        a |= LAPTOP;
    }
    a
}

fn applies(sw: &Sw, a: u64) -> bool {
    let w = sw.who;
    if w == 0 {
        return false;
    }
    let kinds = w & KINDS;
    if kinds != 0 && kinds & a == 0 {
        return false;
    }
    if w & OLD != 0 && a & OLD == 0 || w & NEW != 0 && a & NEW == 0 {
        return false;
    }
    // Departments and roles: either is enough when both are listed.
    let groups = w & (DEPTS | ROLES);
    if groups != 0 && groups & a == 0 {
        return false;
    }
    let vendors = w & VENDORS;
    if vendors != 0 && vendors & a == 0 {
        return false;
    }
    if w & LAPTOP != 0 && a & LAPTOP == 0 {
        return false;
    }
    true
}

/// Picks a version: the newest most of the time on current systems, the
/// oldest on legacy ones.
fn pick_version(r: &mut Rng, n: usize, legacy: bool) -> usize {
    if n <= 1 {
        return 0;
    }
    if legacy {
        return n - 1 - r.below(2.min(n as u64)) as usize;
    }
    let mut i = 0;
    while i + 1 < n && r.chance(0.42) {
        i += 1;
    }
    i
}

/// The most entries a workstation reports, and the fewest.
pub(crate) const MAX_ENTRIES: usize = 200;
pub(crate) const MIN_ENTRIES: usize = 30;

/// What is installed on device `d`.
pub(crate) fn installs(ctx: &Ctx, d: &Device) -> Vec<Install> {
    let mut r = Rng::new(ctx.seed, Stream::Software, d.index as u64);
    let a = audience(d);
    let legacy = d.legacy();
    let first_day = days(d.os_installed);
    let last_day = days(d.last_sw).max(first_day);
    let x64_os = true;
    let mut out: Vec<Install> = Vec::with_capacity(96);
    let day = |r: &mut Rng, ver: usize, n: usize| -> i64 {
        // Newer versions were installed (updated) more recently.
        let span = (last_day - first_day).max(1);
        let lo = first_day + span * (n.saturating_sub(ver + 1)) as i64 / (n as i64 + 1);
        lo + r.below((last_day - lo).max(1) as u64) as i64
    };
    // The ConfigMgr client.
    if let Some(v) = d.client_version
        && let Some(ver) = CATALOG[CM_CLIENT].versions.iter().position(|x| *x == v)
    {
        let dd = days(d.created).max(first_day).min(last_day);
        out.push(Install {
            sw: CM_CLIENT as u16,
            ver: ver as u8,
            x64: true,
            blank: false,
            dup: false,
            day: dd,
        });
    }
    // Office.
    let suite = match d.kind {
        Kind::Desktop | Kind::Laptop | Kind::Vdi => {
            if legacy {
                [SUITE_O2010, SUITE_O2010, SUITE_O2010, SUITE_O2016, 0][r.below(5) as usize]
            } else {
                match r.weighted(&[85, 12, 3]) {
                    0 => SUITE_M365,
                    1 => SUITE_O2016,
                    _ => 0,
                }
            }
        }
        Kind::Server(Role::Rds) => SUITE_M365,
        Kind::Lab if !legacy && r.chance(0.5) => SUITE_M365,
        _ => 0,
    };
    for (i, sw) in CATALOG.iter().enumerate() {
        if i == CM_CLIENT {
            continue;
        }
        let wanted = if sw.suite != 0 {
            sw.suite == suite && r.chance(sw.p as f64)
        } else {
            applies(sw, a) && sw.who & FILL == 0 && r.chance(sw.p as f64)
        };
        if !wanted {
            continue;
        }
        let n = sw.versions.len();
        let ver = if sw.suite == SUITE_M365 && n == M365_RELEASES {
            pick_version(&mut r, n, false)
        } else {
            pick_version(&mut r, n, legacy)
        };
        let x64 = sw.arch == Arch::X64 && x64_os;
        let blank = i == chrome_index() && r.chance(0.05);
        let dd = day(&mut r, ver, n);
        out.push(Install {
            sw: i as u16,
            ver: ver as u8,
            x64,
            blank,
            dup: false,
            day: dd,
        });
    }
    // Sparse machines get some small utilities on top.
    let min = if d.is_workstation() { MIN_ENTRIES } else { 0 };
    if out.len() < min {
        let fillers: Vec<usize> = CATALOG
            .iter()
            .enumerate()
            .filter(|(_, s)| s.who & FILL != 0 && applies(s, a) && s.suite == 0)
            .map(|(i, _)| i)
            .collect();
        let start = r.below(fillers.len().max(1) as u64) as usize;
        for k in 0..fillers.len() {
            if out.len() >= min {
                break;
            }
            let i = fillers[(start + k) % fillers.len()];
            if out.iter().any(|x| x.sw as usize == i) {
                continue;
            }
            let n = CATALOG[i].versions.len();
            let ver = pick_version(&mut r, n, legacy);
            let dd = day(&mut r, ver, n);
            out.push(Install {
                sw: i as u16,
                ver: ver as u8,
                x64: CATALOG[i].arch == Arch::X64,
                blank: false,
                dup: false,
                day: dd,
            });
        }
        // Still short (very old machines): runtimes come in many versions side by side.
        let mut k = 0;
        while out.len() < min && k < 64 {
            let i = 1 + (k % 6);
            k += 1;
            let n = CATALOG[i].versions.len();
            let ver = (k / 6) % n;
            if out.iter().any(|x| x.sw as usize == i && x.ver as usize == ver) {
                continue;
            }
            let dd = day(&mut r, ver, n);
            out.push(Install {
                sw: i as u16,
                ver: ver as u8,
                x64: CATALOG[i].arch == Arch::X64,
                blank: false,
                dup: false,
                day: dd,
            });
        }
    }
    // A stale second registration of a product, with an older version.
    if r.chance(0.04) {
        let candidates: Vec<usize> = out
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                let sw = x.sw();
                !sw.name.contains('{') && (x.ver as usize) + 1 < sw.versions.len() && sw.suite == 0
            })
            .map(|(k, _)| k)
            .collect();
        if !candidates.is_empty() {
            let mut x = out[candidates[r.below(candidates.len() as u64) as usize]];
            x.ver += 1;
            x.dup = true;
            x.blank = false;
            x.day -= 90;
            out.push(x);
        }
    }
    out.truncate(MAX_ENTRIES);
    out
}

fn chrome_index() -> usize {
    static I: OnceLock<usize> = OnceLock::new();
    *I.get_or_init(|| {
        CATALOG
            .iter()
            .position(|s| s.name == "Google Chrome")
            .unwrap_or(usize::MAX)
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
        if !hash(s.ctx.seed, &[Stream::Software as u64, d.index as u64, 0x45]).is_multiple_of(4) {
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
    let mut r = Rng::new(s.ctx.seed, Stream::Files, d.index as u64);
    if d.is_workstation()
        && r.chance(0.12)
        && let Some(u) = d.user
    {
        let acct = crate::fleet::user(s.ctx, u).account;
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
                if collects_files(s.ctx.seed, d) {
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
        if s.inventoried().is_some_and(|d| collects_files(s.ctx.seed, d)) {
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
            ExeCol::RevisionID => Val::I(1),
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

/// Whether `d` runs a 32-bit-only catalog (none do today; kept for the ARP split).
#[allow(dead_code)]
pub(crate) fn is_x86_only(d: &Device) -> bool {
    d.os.family == OsFamily::Win7 && d.model.year < 2010
}
