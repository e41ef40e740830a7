//! What is installed on each device: products of the catalog
//! (`demo/data/software.toml`) picked by audience, with versions and install
//! dates, as a pure function of the seed and the device.

use crate::data::who::*;
use crate::data::{Arch, CATALOG, CM_CLIENT, Form, Kind, Role, SUITE_M365, SUITE_O2010, SUITE_O2016, Sw, Vendor};
use crate::model::Fleet;
use crate::model::device::Device;
use crate::model::guid::GuidStyle;
use crate::model::guid::guid_string;
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::model::rng::hash_str;
use crate::model::time::days;
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
    /// Version `ver` of catalog entry `sw`, installed on `day`, in the hive
    /// the entry registers in, as the product registers itself.
    fn of(sw: usize, ver: usize, day: i64) -> Install {
        Install {
            sw: sw as u16,
            ver: ver as u8,
            x64: CATALOG[sw].arch == Arch::X64,
            blank: false,
            dup: false,
            day,
        }
    }

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

/// The most entries a device reports.
pub(crate) const MAX_ENTRIES: usize = 200;

/// The fewest entries a workstation reports (sparse ones are topped up with small utilities).
pub(crate) const MIN_ENTRIES: usize = 30;

/// What is installed on device `d`.
pub(crate) fn installs(fleet: &Fleet, d: &Device) -> Vec<Install> {
    let mut r = Rng::new(fleet.seed, Stream::Software, d.index as u64);
    let a = audience(d);
    let legacy = d.legacy();
    let span = InstallSpan::of(d);
    let mut out: Vec<Install> = Vec::with_capacity(96);
    out.extend(client_install(d, span));
    let suite = office_suite(d, &mut r);
    add_catalog_products(&mut r, a, legacy, suite, span, &mut out);
    let min = if d.is_workstation() { MIN_ENTRIES } else { 0 };
    if out.len() < min {
        add_fillers(&mut r, a, legacy, span, min, &mut out);
        add_runtime_versions(&mut r, span, min, &mut out);
    }
    if let Some(dup) = stale_duplicate(&mut r, &out) {
        out.push(dup);
    }
    out.truncate(MAX_ENTRIES);
    out
}

/// The days between which a device's software was installed: from its
/// operating system's install to its last software scan.
#[derive(Debug, Clone, Copy)]
struct InstallSpan {
    first: i64,
    last: i64,
}

impl InstallSpan {
    fn of(d: &Device) -> InstallSpan {
        let first = days(d.os_installed);
        InstallSpan {
            first,
            last: days(d.last_sw).max(first),
        }
    }

    /// The install day of version `ver` of `n`: newer versions were
    /// installed (updated) more recently.
    fn day(self, r: &mut Rng, ver: usize, n: usize) -> i64 {
        let span = (self.last - self.first).max(1);
        let lo = self.first + span * (n.saturating_sub(ver + 1)) as i64 / (n as i64 + 1);
        lo + r.below((self.last - lo).max(1) as u64) as i64
    }
}

/// The ConfigMgr client, in the version `d` reports, installed when `d` was
/// discovered.
fn client_install(d: &Device, span: InstallSpan) -> Option<Install> {
    let v = d.client_version?;
    let ver = CATALOG[CM_CLIENT].versions.iter().position(|x| *x == v)?;
    Some(Install::of(
        CM_CLIENT,
        ver,
        days(d.created).max(span.first).min(span.last),
    ))
}

/// Which Office suite `d` has, if any (0 for none).
fn office_suite(d: &Device, r: &mut Rng) -> u8 {
    let legacy = d.legacy();
    match d.kind {
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
    }
}

/// Adds the products of the catalog that `d` gets: those of its Office
/// suite, and those meant for its audience `a`, each with its likelihood.
fn add_catalog_products(r: &mut Rng, a: u64, legacy: bool, suite: u8, span: InstallSpan, out: &mut Vec<Install>) {
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
            pick_version(r, n, false)
        } else {
            pick_version(r, n, legacy)
        };
        let blank = i == chrome_index() && r.chance(0.05);
        let day = span.day(r, ver, n);
        out.push(Install {
            blank,
            ..Install::of(i, ver, day)
        });
    }
}

/// Tops a sparse machine up to `min` entries with the small utilities the
/// catalog marks as filler, taken in turn from a random one on.
fn add_fillers(r: &mut Rng, a: u64, legacy: bool, span: InstallSpan, min: usize, out: &mut Vec<Install>) {
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
        let ver = pick_version(r, n, legacy);
        let day = span.day(r, ver, n);
        out.push(Install::of(i, ver, day));
    }
}

/// Tops a machine still short of `min` entries (very old ones) up with
/// runtimes (catalog entries 1 to 6), which come in many versions side by
/// side.
fn add_runtime_versions(r: &mut Rng, span: InstallSpan, min: usize, out: &mut Vec<Install>) {
    let mut k = 0;
    while out.len() < min && k < 64 {
        let i = 1 + (k % 6);
        k += 1;
        let n = CATALOG[i].versions.len();
        let ver = (k / 6) % n;
        if out.iter().any(|x| x.sw as usize == i && x.ver as usize == ver) {
            continue;
        }
        let day = span.day(r, ver, n);
        out.push(Install::of(i, ver, day));
    }
}

/// Now and then, a stale second registration of one of the products in
/// `out`, with an older version.
fn stale_duplicate(r: &mut Rng, out: &[Install]) -> Option<Install> {
    if !r.chance(0.04) {
        return None;
    }
    let candidates: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, x)| {
            let sw = x.sw();
            !sw.name.contains('{') && (x.ver as usize) + 1 < sw.versions.len() && sw.suite == 0
        })
        .map(|(k, _)| k)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let mut x = out[candidates[r.below(candidates.len() as u64) as usize]];
    x.ver += 1;
    x.dup = true;
    x.blank = false;
    x.day -= 90;
    Some(x)
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
