//! The software update catalog as the site knows it (the seed's 2010–2011
//! bulletins with their supersedence, a year of cumulative updates, .NET,
//! WinRE, MSRT, Defender and Edge updates), and what each device's update
//! scan reports, independent of deployments.

use crate::data::{BULLETINS, BulletinKind, LINES, OsFamily, UPDATE_TEXT, line_index};
use crate::model::Fleet;
use crate::model::device::Device;
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::rng::hash_str;
use crate::model::software::Install;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::time::civil;
use crate::model::time::date_micros;
use crate::model::time::days;

/// Which devices an update applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Platform {
    Win7,
    Srv2008R2,
    /// Windows 7 and Server 2008 R2 (one package for both).
    Win7And2008R2,
    Office2010,
    /// A cumulative-update line.
    Line(usize),
    /// Every supported Windows (definitions, malicious software removal tool).
    Modern,
    /// Devices with Microsoft Edge.
    Edge,
}

/// One software update.
#[derive(Debug, Clone)]
pub(crate) struct Update {
    pub ci: i64,
    pub unique: u128,
    pub bulletin: Option<&'static str>,
    /// ArticleID (KB number without "KB"); empty for updates without one.
    pub kb: String,
    pub title: String,
    pub description: &'static str,
    pub posted: i64,
    /// 10 critical, 8 important, 6 moderate, 2 low; None for non-security updates.
    pub severity: Option<i64>,
    pub platform: Platform,
    pub line: Option<usize>,
    /// For cumulative-update style series: 0 is the newest.
    pub age: u32,
    pub update_type: &'static str,
    pub superseded: bool,
    pub ci_type: i64,
    pub info_url: String,
}

/// The update catalog the site knows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    pub list: Vec<Update>,
    /// (superseding, superseded) update indexes.
    pub supersedes: Vec<(usize, usize)>,
}

/// Months of cumulative updates in the catalog.
pub(crate) const CU_MONTHS: u32 = 12;

/// The second Tuesday of a month.
pub(crate) fn patch_tuesday(y: i32, m: u32) -> i64 {
    let first = date_micros(y, m, 1);
    // 1970-01-01 was a Thursday.
    let dow = (days(first) + 4).rem_euclid(7);
    let to_tuesday = (2 - dow).rem_euclid(7);
    first + (to_tuesday + 7) * MICROS_PER_DAY + 17 * MICROS_PER_HOUR
}

pub(crate) fn add_months(y: i32, m: u32, k: i32) -> (i32, u32) {
    let t = y * 12 + (m as i32 - 1) + k;
    (t.div_euclid(12), (t.rem_euclid(12) + 1) as u32)
}

/// The latest Patch Tuesday whose two-week deployment window closed before `now`.
pub(crate) fn latest_month(now: i64) -> (i32, u32) {
    let c = civil(now);
    let (mut y, mut m) = (c.year, c.month as u32);
    for _ in 0..3 {
        if patch_tuesday(y, m) + 16 * MICROS_PER_DAY < now {
            return (y, m);
        }
        (y, m) = add_months(y, m, -1);
    }
    (y, m)
}

fn kb_for(y: i32, m: u32, salt: i64) -> String {
    let months = (y - 2025) as i64 * 12 + m as i64 - 11;
    (5_068_000 + months * 700 + salt).to_string()
}

/// A GUID derived from `text` (the same text gives the same GUID).
pub(crate) fn guid_for(text: &str) -> u128 {
    Rng::new(hash_str(text), Stream::Updates, 7).guid()
}

impl Catalog {
    /// The catalog as the site knows it at `now` (nothing released after it).
    pub(crate) fn build(now: i64) -> Catalog {
        let (ly, lm) = latest_month(now);
        let mut b = Builder::default();
        b.bulletins();
        b.cumulative(ly, lm);
        b.dotnet(ly, lm);
        b.winre();
        b.msrt(ly, lm);
        b.definitions(now);
        b.edge(now);
        b.known_at(now)
    }

    /// Whether update `u` applies to device `d` with software `sw`.
    pub(crate) fn applies(&self, u: usize, d: &Device, sw: &[Install]) -> bool {
        match self.list[u].platform {
            Platform::Win7 => d.os.family == OsFamily::Win7,
            Platform::Srv2008R2 => d.os.family == OsFamily::Srv2008R2,
            Platform::Win7And2008R2 => matches!(d.os.family, OsFamily::Win7 | OsFamily::Srv2008R2),
            Platform::Office2010 => sw.iter().any(|x| x.sw().suite == crate::data::SUITE_O2010),
            Platform::Line(l) => d.os.line == Some(l),
            Platform::Modern => !d.legacy(),
            Platform::Edge => sw.iter().any(|x| x.sw().name == "Microsoft Edge"),
        }
    }
}

/// A security update as the catalog lists it; the series below adjust the fields that differ.
fn security_update(
    bulletin: Option<&'static str>,
    kb: &str,
    title: String,
    posted: i64,
    severity: Option<i64>,
    platform: Platform,
) -> Update {
    Update {
        ci: 0,
        unique: guid_for(&title),
        bulletin,
        kb: kb.to_string(),
        info_url: format!("http://support.microsoft.com/kb/{kb}"),
        title,
        description: &UPDATE_TEXT.security,
        posted,
        severity,
        platform,
        line: None,
        age: 0,
        update_type: "Security Updates",
        superseded: false,
        ci_type: 8,
    }
}

/// The catalog while it is assembled: every update ever released, in order.
#[derive(Default)]
struct Builder {
    list: Vec<Update>,
    /// (superseding, superseded) update indexes.
    supersedes: Vec<(usize, usize)>,
}

impl Builder {
    fn push(&mut self, u: Update) -> usize {
        self.list.push(u);
        self.list.len() - 1
    }

    /// A series of releases, newest first, each superseding the one after it.
    fn series(&mut self, updates: impl IntoIterator<Item = Update>) {
        let mut newer: Option<usize> = None;
        for u in updates {
            let i = self.push(u);
            if let Some(n) = newer {
                self.supersedes.push((n, i));
            }
            newer = Some(i);
        }
    }

    /// The security bulletins, one update per platform, superseding the
    /// updates of the bulletin they replace on the same platform.
    fn bulletins(&mut self) {
        let mut by_bulletin: Vec<(&'static str, usize)> = Vec::new();
        for bulletin in BULLETINS.iter() {
            let (b, kb, sev) = (bulletin.id.as_str(), bulletin.kb.as_str(), bulletin.severity);
            let (y, m, d) = bulletin.posted;
            let posted = date_micros(y, m, d) + 18 * MICROS_PER_HOUR;
            let made: Vec<usize> = bulletin_titles(bulletin.kind, kb)
                .into_iter()
                .map(|(title, platform)| self.push(security_update(Some(b), kb, title, posted, Some(sev), platform)))
                .collect();
            if let Some(old) = bulletin.supersedes.as_deref() {
                for &new in &made {
                    for &(ob, oi) in &by_bulletin {
                        if ob == old && self.list[oi].platform == self.list[new].platform {
                            self.supersedes.push((new, oi));
                        }
                    }
                }
            }
            for &i in &made {
                by_bulletin.push((b, i));
            }
        }
    }

    /// A year of cumulative updates per line, each superseding the month before.
    fn cumulative(&mut self, ly: i32, lm: u32) {
        for (l, line) in LINES.iter().enumerate() {
            let product = &line.product;
            self.series((0..CU_MONTHS).map(|age| {
                let (y, m) = add_months(ly, lm, -(age as i32));
                let kb = kb_for(y, m, l as i64 * 17 + 11);
                let mut u = security_update(
                    None,
                    &kb,
                    format!("{y:04}-{m:02} Cumulative Update for {product} (KB{kb})"),
                    patch_tuesday(y, m),
                    Some(if age % 3 == 1 { 8 } else { 10 }),
                    Platform::Line(l),
                );
                u.description = &UPDATE_TEXT.cumulative;
                u.line = Some(l);
                u.age = age;
                u.info_url = format!("https://support.microsoft.com/help/{kb}");
                u
            }));
        }
    }

    /// .NET Framework cumulative updates, three months, for the lines that take them.
    fn dotnet(&mut self, ly: i32, lm: u32) {
        for (l, product) in LINES
            .iter()
            .enumerate()
            .filter_map(|(l, line)| Some((l, line.dotnet.as_deref()?)))
        {
            self.series((0..3u32).map(|age| {
                let (y, m) = add_months(ly, lm, -(age as i32));
                let kb = kb_for(y, m, 300 + l as i64 * 13);
                let mut u = security_update(
                    None,
                    &kb,
                    format!("{y:04}-{m:02} Cumulative Update for .NET Framework 3.5 and 4.8.1 for {product} (KB{kb})"),
                    patch_tuesday(y, m),
                    Some(8),
                    Platform::Line(l),
                );
                u.description = &UPDATE_TEXT.cumulative;
                u.age = age;
                u.info_url = format!("https://support.microsoft.com/help/{kb}");
                u
            }));
        }
    }

    /// The Windows Recovery Environment update that fails with 0x80070643 on small recovery partitions.
    fn winre(&mut self) {
        let mut winre = security_update(
            None,
            "5034441",
            "2024-01 Security Update for Windows 10 Version 21H2 for x64-based Systems (KB5034441)".to_string(),
            date_micros(2024, 1, 9) + 18 * MICROS_PER_HOUR,
            Some(8),
            Platform::Line(line_index("W10")),
        );
        winre.info_url = "https://support.microsoft.com/help/5034441".to_string();
        self.push(winre);
    }

    /// Malicious Software Removal Tool, two months.
    fn msrt(&mut self, ly: i32, lm: u32) {
        self.series((0..2u32).map(|age| {
            let (y, m) = add_months(ly, lm, -(age as i32));
            let v = 140 - age as i64 + (y as i64 - 2026) * 12 + m as i64;
            let mut u = security_update(
                None,
                "890830",
                format!("Windows Malicious Software Removal Tool x64 - v5.{v} (KB890830)"),
                patch_tuesday(y, m),
                None,
                Platform::Modern,
            );
            u.unique = guid_for(&format!("{}{y}{m}", u.title));
            u.update_type = "Update Rollups";
            u.description = &UPDATE_TEXT.msrt;
            u.age = age;
            u.info_url = "https://support.microsoft.com/help/890830".to_string();
            u
        }));
    }

    /// Defender security intelligence, the last three releases.
    fn definitions(&mut self, now: i64) {
        self.series((0..3u32).map(|age| {
            let build = 24_000 - age as i64 * 17 + (days(now) % 1000);
            let mut u = security_update(
                None,
                "2267602",
                format!(
                    "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.441.{build}.0) - Current Channel (Broad)"
                ),
                now - (6 + age as i64 * 20) * MICROS_PER_HOUR,
                None,
                Platform::Modern,
            );
            u.update_type = "Definition Updates";
            u.description = &UPDATE_TEXT.definitions;
            u.ci_type = 1;
            u.age = age;
            u.info_url = "https://go.microsoft.com/fwlink/?linkid=2007160".to_string();
            u
        }));
    }

    /// The current Microsoft Edge release.
    fn edge(&mut self, now: i64) {
        let mut edge = security_update(
            None,
            "",
            "Microsoft Edge-Stable Channel Version 141 Update for x64 based Editions (Build 141.0.3537.85)".to_string(),
            now - 9 * MICROS_PER_DAY,
            None,
            Platform::Edge,
        );
        edge.update_type = "Updates";
        edge.description = &UPDATE_TEXT.edge;
        edge.info_url =
            "https://learn.microsoft.com/en-us/deployedge/microsoft-edge-relnote-stable-channel".to_string();
        self.push(edge);
    }

    /// The catalog as the site knows it at `now`: nothing released after it,
    /// CI_IDs in order, and supersedence marked.
    fn known_at(self, now: i64) -> Catalog {
        let cutoff = now - MICROS_PER_HOUR;
        let mut remap = vec![usize::MAX; self.list.len()];
        let mut list = Vec::new();
        for (i, u) in self.list.into_iter().enumerate() {
            if u.posted < cutoff {
                remap[i] = list.len();
                list.push(u);
            }
        }
        let supersedes: Vec<(usize, usize)> = self
            .supersedes
            .into_iter()
            .filter(|&(a, b)| remap[a] != usize::MAX && remap[b] != usize::MAX)
            .map(|(a, b)| (remap[a], remap[b]))
            .collect();
        for (i, u) in list.iter_mut().enumerate() {
            u.ci = 16_780_001 + i as i64 * 3;
        }
        for &(_, old) in &supersedes {
            list[old].superseded = true;
        }
        Catalog { list, supersedes }
    }
}

/// The titles and platforms of a bulletin's updates.
fn bulletin_titles(kind: BulletinKind, kb: &str) -> Vec<(String, Platform)> {
    match kind {
        BulletinKind::Windows => vec![
            (
                format!("Security Update for Windows 7 for x64-based Systems (KB{kb})"),
                Platform::Win7,
            ),
            (
                format!("Security Update for Windows Server 2008 R2 x64 Edition (KB{kb})"),
                Platform::Srv2008R2,
            ),
        ],
        BulletinKind::InternetExplorer => vec![
            (
                format!(
                    "Cumulative Security Update for Internet Explorer 8 for Windows 7 for x64-based Systems (KB{kb})"
                ),
                Platform::Win7,
            ),
            (
                format!(
                    "Cumulative Security Update for Internet Explorer 8 for Windows Server 2008 R2 x64 Edition (KB{kb})"
                ),
                Platform::Srv2008R2,
            ),
        ],
        BulletinKind::DotNet => vec![(
            format!(
                "Security Update for Microsoft .NET Framework 3.5.1 on Windows 7 and Windows Server 2008 R2 for x64-based Systems (KB{kb})"
            ),
            Platform::Win7And2008R2,
        )],
        BulletinKind::Office => vec![(
            format!("Security Update for Microsoft Office 2010 (KB{kb}) 32-Bit Edition"),
            Platform::Office2010,
        )],
        BulletinKind::Server => vec![(
            format!("Security Update for Windows Server 2008 R2 x64 Edition (KB{kb})"),
            Platform::Srv2008R2,
        )],
    }
}

/// One device's scan result for one update.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scan {
    pub ci: u16,
    /// 0 unknown, 1 not required, 2 required, 3 installed.
    pub status: u8,
    /// Installed as part of a newer cumulative update.
    pub superseded_installed: bool,
    pub installed_at: Option<i64>,
    pub checked: i64,
    pub changed: i64,
    /// Error of the last failed install, for updates that fail.
    pub error: i64,
}

/// What the update scan of device `d` reports (independent of deployments).
pub(crate) fn scan(fleet: &Fleet, d: &Device, sw: &[Install]) -> Vec<Scan> {
    if !d.inventory || d.client != Some(1) {
        return Vec::new();
    }
    let mut r = Rng::new(fleet.seed, Stream::Updates, d.index as u64);
    let ups = &fleet.updates;
    let checked = d.last_sw - r.range(1, 30) * MICROS_PER_HOUR;
    let edge_current = sw
        .iter()
        .find(|x| x.sw().name == "Microsoft Edge")
        .is_some_and(|x| x.ver == 0);
    let mut out = Vec::new();
    for (i, u) in ups.list.iter().enumerate() {
        if !ups.applies(i, d, sw) {
            continue;
        }
        let mut error = 0;
        let (status, superseded_installed) = match u.platform {
            Platform::Win7 | Platform::Srv2008R2 | Platform::Win7And2008R2 | Platform::Office2010 => {
                if u.posted <= d.legacy_cutoff {
                    (3, false)
                } else {
                    (2, false)
                }
            }
            Platform::Line(_) if u.kb == "5034441" => {
                if hash(fleet.seed, &[d.index as u64, 0x5034]) % 5 < 2 {
                    error = -2_147_023_293;
                    (2, false)
                } else {
                    (3, false)
                }
            }
            Platform::Line(_) | Platform::Modern => {
                let behind = if u.update_type == "Definition Updates" {
                    if d.active && r.chance(0.85) { 0 } else { 1 }
                } else {
                    d.months_behind
                };
                if u.age < behind {
                    (2, false)
                } else {
                    (3, u.age > behind)
                }
            }
            Platform::Edge => {
                if edge_current {
                    (3, false)
                } else {
                    (2, false)
                }
            }
        };
        let status = if r.chance(0.02) { 0 } else { status };
        let installed_at = (status == 3).then(|| {
            let base = u.posted.max(d.os_installed);
            (base + r.range(1, 20) * MICROS_PER_DAY).min(checked - MICROS_PER_HOUR)
        });
        out.push(Scan {
            ci: i as u16,
            status,
            superseded_installed,
            installed_at,
            checked,
            changed: installed_at
                .unwrap_or(u.posted.max(d.created) + MICROS_PER_DAY)
                .min(checked),
            error,
        });
    }
    out
}
