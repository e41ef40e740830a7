//! The software update catalog as the site knows it (the seed's 2010–2011
//! bulletins with their supersedence, a year of cumulative updates, .NET,
//! WinRE, MSRT, Defender and Edge updates), and what each device's update
//! scan reports, independent of deployments.

use crate::data::{BULLETINS, BulletinKind, JAN_2011_BULLETINS, LINES, OsFamily, UPDATE_TEXT, line_index};
use crate::model::device::Device;
use crate::model::guid::GuidStyle;
use crate::model::guid::guid_string;
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
use crate::site::Ctx;
use crate::site::deployments::Assignment;
use crate::site::deployments::JAN_2011;
use crate::site::deployments::JAN_2011_LIST;
use crate::site::deployments::JUN_2010;
use crate::site::deployments::Sug;

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
    pub expired: bool,
    pub deployed: bool,
    pub ci_type: i64,
    pub info_url: String,
}

/// The site's update catalog.
#[derive(Debug, Clone, Default)]
pub(crate) struct Updates {
    pub list: Vec<Update>,
    pub sugs: Vec<Sug>,
    pub assignments: Vec<Assignment>,
    /// (superseding, superseded) update indexes.
    pub supersedes: Vec<(usize, usize)>,
}

/// Months of cumulative updates in the catalog.
pub(crate) const CU_MONTHS: u32 = 12;

/// The second Tuesday of a month.
fn patch_tuesday(y: i32, m: u32) -> i64 {
    let first = date_micros(y, m, 1);
    // 1970-01-01 was a Thursday.
    let dow = (days(first) + 4).rem_euclid(7);
    let to_tuesday = (2 - dow).rem_euclid(7);
    first + (to_tuesday + 7) * MICROS_PER_DAY + 17 * MICROS_PER_HOUR
}

fn add_months(y: i32, m: u32, k: i32) -> (i32, u32) {
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

fn guid_for(text: &str) -> u128 {
    Rng::new(hash_str(text), Stream::Updates, 7).guid()
}

impl Updates {
    /// The catalog as the site knows it at `now` (nothing released after it).
    pub(crate) fn build(now: i64) -> Updates {
        let mut list: Vec<Update> = Vec::new();
        let mut by_bulletin: Vec<(&'static str, usize)> = Vec::new();
        let mut supersedes: Vec<(usize, usize)> = Vec::new();
        let push = |list: &mut Vec<Update>, u: Update| -> usize {
            list.push(u);
            list.len() - 1
        };
        let template = |bulletin, kb: &str, title: String, posted, severity, platform| Update {
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
            expired: false,
            deployed: false,
            ci_type: 8,
        };
        for bulletin in BULLETINS.iter() {
            let (b, kb, sev) = (bulletin.id.as_str(), bulletin.kb.as_str(), bulletin.severity);
            let (y, m, d) = bulletin.posted;
            let posted = date_micros(y, m, d) + 18 * MICROS_PER_HOUR;
            let made: Vec<usize> = match bulletin.kind {
                BulletinKind::Windows => vec![
                    push(
                        &mut list,
                        template(
                            Some(b),
                            kb,
                            format!("Security Update for Windows 7 for x64-based Systems (KB{kb})"),
                            posted,
                            Some(sev),
                            Platform::Win7,
                        ),
                    ),
                    push(
                        &mut list,
                        template(
                            Some(b),
                            kb,
                            format!("Security Update for Windows Server 2008 R2 x64 Edition (KB{kb})"),
                            posted,
                            Some(sev),
                            Platform::Srv2008R2,
                        ),
                    ),
                ],
                BulletinKind::InternetExplorer => vec![
                    push(
                        &mut list,
                        template(
                            Some(b),
                            kb,
                            format!(
                                "Cumulative Security Update for Internet Explorer 8 for Windows 7 for x64-based Systems (KB{kb})"
                            ),
                            posted,
                            Some(sev),
                            Platform::Win7,
                        ),
                    ),
                    push(
                        &mut list,
                        template(
                            Some(b),
                            kb,
                            format!(
                                "Cumulative Security Update for Internet Explorer 8 for Windows Server 2008 R2 x64 Edition (KB{kb})"
                            ),
                            posted,
                            Some(sev),
                            Platform::Srv2008R2,
                        ),
                    ),
                ],
                BulletinKind::DotNet => vec![push(
                    &mut list,
                    template(
                        Some(b),
                        kb,
                        format!(
                            "Security Update for Microsoft .NET Framework 3.5.1 on Windows 7 and Windows Server 2008 R2 for x64-based Systems (KB{kb})"
                        ),
                        posted,
                        Some(sev),
                        Platform::Win7And2008R2,
                    ),
                )],
                BulletinKind::Office => vec![push(
                    &mut list,
                    template(
                        Some(b),
                        kb,
                        format!("Security Update for Microsoft Office 2010 (KB{kb}) 32-Bit Edition"),
                        posted,
                        Some(sev),
                        Platform::Office2010,
                    ),
                )],
                BulletinKind::Server => vec![push(
                    &mut list,
                    template(
                        Some(b),
                        kb,
                        format!("Security Update for Windows Server 2008 R2 x64 Edition (KB{kb})"),
                        posted,
                        Some(sev),
                        Platform::Srv2008R2,
                    ),
                )],
            };
            if let Some(old) = bulletin.supersedes.as_deref() {
                for &new in &made {
                    for &(ob, oi) in &by_bulletin {
                        if ob == old && list[oi].platform == list[new].platform {
                            supersedes.push((new, oi));
                        }
                    }
                }
            }
            for &i in &made {
                by_bulletin.push((b, i));
            }
        }

        // A year of cumulative updates per line, each superseding the month before.
        let (ly, lm) = latest_month(now);
        for (l, line) in LINES.iter().enumerate() {
            let product = &line.product;
            let mut newer: Option<usize> = None;
            for age in 0..CU_MONTHS {
                let (y, m) = add_months(ly, lm, -(age as i32));
                let kb = kb_for(y, m, l as i64 * 17 + 11);
                let mut u = template(
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
                let i = push(&mut list, u);
                if let Some(n) = newer {
                    supersedes.push((n, i));
                }
                newer = Some(i);
            }
        }
        // .NET Framework cumulative updates, three months.
        for (l, product) in LINES
            .iter()
            .enumerate()
            .filter_map(|(l, line)| Some((l, line.dotnet.as_deref()?)))
        {
            let mut newer: Option<usize> = None;
            for age in 0..3u32 {
                let (y, m) = add_months(ly, lm, -(age as i32));
                let kb = kb_for(y, m, 300 + l as i64 * 13);
                let mut u = template(
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
                let i = push(&mut list, u);
                if let Some(n) = newer {
                    supersedes.push((n, i));
                }
                newer = Some(i);
            }
        }
        // The Windows Recovery Environment update that fails with 0x80070643 on small recovery partitions.
        let mut winre = template(
            None,
            "5034441",
            "2024-01 Security Update for Windows 10 Version 21H2 for x64-based Systems (KB5034441)".to_string(),
            date_micros(2024, 1, 9) + 18 * MICROS_PER_HOUR,
            Some(8),
            Platform::Line(line_index("W10")),
        );
        winre.info_url = "https://support.microsoft.com/help/5034441".to_string();
        push(&mut list, winre);
        // Malicious Software Removal Tool, two months.
        let mut newer = None;
        for age in 0..2u32 {
            let (y, m) = add_months(ly, lm, -(age as i32));
            let v = 140 - age as i64 + (y as i64 - 2026) * 12 + m as i64;
            let mut u = template(
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
            let i = push(&mut list, u);
            if let Some(n) = newer {
                supersedes.push((n, i));
            }
            newer = Some(i);
        }
        // Defender security intelligence, the last three releases.
        let mut newer = None;
        for age in 0..3u32 {
            let build = 24_000 - age as i64 * 17 + (days(now) % 1000);
            let mut u = template(
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
            let i = push(&mut list, u);
            if let Some(n) = newer {
                supersedes.push((n, i));
            }
            newer = Some(i);
        }
        // Edge.
        let mut edge = template(
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
        push(&mut list, edge);

        // Nothing released after `now` is known to the site.
        let cutoff = now - MICROS_PER_HOUR;
        let keep: Vec<bool> = list.iter().map(|u| u.posted < cutoff).collect();
        let mut remap = vec![usize::MAX; list.len()];
        let mut kept = Vec::new();
        for (i, u) in list.into_iter().enumerate() {
            if keep[i] {
                remap[i] = kept.len();
                kept.push(u);
            }
        }
        let mut list = kept;
        let supersedes: Vec<(usize, usize)> = supersedes
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

        // Update groups.
        let find_bulletins = |list: &[Update], names: &[&str]| -> Vec<usize> {
            list.iter()
                .enumerate()
                .filter(|(_, u)| u.bulletin.is_some_and(|b| names.contains(&b)))
                .map(|(i, _)| i)
                .collect()
        };
        let jun: Vec<&str> = BULLETINS
            .iter()
            .filter(|b| b.posted.0 == 2010 && b.posted.1 == 6)
            .map(|b| b.id.as_str())
            .collect();
        let jan: Vec<&str> = JAN_2011_BULLETINS.iter().map(String::as_str).collect();
        let lines_of = |workstation: bool| -> Vec<usize> {
            (0..LINES.len())
                .filter(|&l| LINES[l].workstation == workstation)
                .collect()
        };
        let (workstation_lines, server_lines) = (lines_of(true), lines_of(false));
        let cu = |list: &[Update], lines: &[usize], age: u32| -> Vec<usize> {
            list.iter()
                .enumerate()
                .filter(|(_, u)| match u.platform {
                    Platform::Line(l) => lines.contains(&l) && u.age == age && u.kb != "5034441",
                    Platform::Modern => u.update_type == "Update Rollups" && u.age == age,
                    _ => false,
                })
                .map(|(i, _)| i)
                .collect()
        };
        // Automatic deployment rules run at 02:00 the night after Patch Tuesday and name their groups after the run.
        let month_label = |age: i32| {
            let (y, m) = add_months(ly, lm, -age);
            let run = civil(patch_tuesday(y, m) + 9 * MICROS_PER_HOUR);
            format!("{:04}-{:02}-{:02}", run.year, run.month, run.day)
        };
        let pt0 = patch_tuesday(ly, lm);
        let pt1 = {
            let (y, m) = add_months(ly, lm, -1);
            patch_tuesday(y, m)
        };
        let mut sugs: Vec<Sug> = Vec::new();
        let mut assignments: Vec<Assignment> = Vec::new();
        let mut add = |sugs: &mut Vec<Sug>,
                       title: String,
                       unique: Option<&str>,
                       members: Vec<usize>,
                       created: i64,
                       deployments: Vec<(String, &'static str, i64, i64, bool)>| {
            if members.is_empty() || created >= now {
                return;
            }
            let k = sugs.len();
            let g1 = guid_for(&format!("scope{title}"));
            let g2 = guid_for(&format!("list{title}"));
            let unique = unique.map(str::to_string).unwrap_or_else(|| {
                format!(
                    "ScopeId_{}/AuthList_{}",
                    guid_string(g1, GuidStyle::Upper),
                    guid_string(g2, GuidStyle::Upper)
                )
            });
            let deployed = deployments.iter().any(|d| d.2 < now);
            sugs.push(Sug {
                ci: 16_790_001 + k as i64 * 2,
                unique,
                description: format!("Software updates: {title}"),
                title,
                members,
                created,
                modified: created + 2 * MICROS_PER_HOUR,
                deployed,
            });
            for (name, target, start, deadline, enabled) in deployments {
                if start >= now {
                    continue;
                }
                assignments.push(Assignment {
                    id: 16_777_301 + assignments.len() as i64,
                    unique: guid_for(&format!("assignment{name}")),
                    description: String::new(),
                    name,
                    sug: k,
                    target,
                    collection: usize::MAX,
                    created: start - 6 * MICROS_PER_HOUR,
                    start,
                    deadline: deadline.min(now - MICROS_PER_HOUR),
                    enabled,
                    suppress_reboot: 0,
                });
            }
        };
        let jun_start = date_micros(2010, 6, 10) + 10 * MICROS_PER_HOUR;
        add(
            &mut sugs,
            JUN_2010.to_string(),
            None,
            find_bulletins(&list, &jun),
            jun_start - MICROS_PER_DAY,
            vec![(
                JUN_2010.to_string(),
                "SUM - Windows 7 and Server 2008 R2",
                jun_start,
                jun_start + 14 * MICROS_PER_DAY + 12 * MICROS_PER_HOUR,
                true,
            )],
        );
        let jan_start = date_micros(2011, 1, 12) + 10 * MICROS_PER_HOUR;
        add(
            &mut sugs,
            JAN_2011.to_string(),
            Some(JAN_2011_LIST),
            find_bulletins(&list, &jan),
            jan_start - MICROS_PER_DAY,
            vec![(
                JAN_2011.to_string(),
                "SUM - Windows 7 and Server 2008 R2",
                jan_start,
                jan_start + 14 * MICROS_PER_DAY + 12 * MICROS_PER_HOUR,
                true,
            )],
        );
        let all_legacy: Vec<usize> = list
            .iter()
            .enumerate()
            .filter(|(_, u)| u.bulletin.is_some())
            .map(|(i, _)| i)
            .collect();
        add(
            &mut sugs,
            "Windows 7 and Server 2008 R2 - All Security Updates".to_string(),
            None,
            all_legacy,
            date_micros(2011, 7, 1),
            Vec::new(),
        );
        let label0 = month_label(0);
        let label1 = month_label(1);
        add(
            &mut sugs,
            format!("ADR - Workstations Pilot {label0} 02:00:00"),
            None,
            cu(&list, &workstation_lines, 0),
            pt0 + 8 * MICROS_PER_HOUR,
            vec![(
                format!("ADR - Workstations Pilot {label0} 02:00:00"),
                "Patch Ring 1 - Pilot",
                pt0 + 9 * MICROS_PER_HOUR,
                pt0 + 3 * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                true,
            )],
        );
        add(
            &mut sugs,
            format!("ADR - Workstations {label0} 02:00:00"),
            None,
            cu(&list, &workstation_lines, 0),
            pt0 + 8 * MICROS_PER_HOUR,
            vec![(
                format!("ADR - Workstations {label0} 02:00:00"),
                "Patch Ring 2 - Broad",
                pt0 + 7 * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                pt0 + 14 * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                true,
            )],
        );
        add(
            &mut sugs,
            format!("ADR - Workstations {label1} 02:00:00"),
            None,
            cu(&list, &workstation_lines, 1),
            pt1 + 8 * MICROS_PER_HOUR,
            vec![(
                format!("ADR - Workstations {label1} 02:00:00"),
                "Patch Ring 2 - Broad",
                pt1 + 7 * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                pt1 + 14 * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                false,
            )],
        );
        add(
            &mut sugs,
            format!("ADR - Servers {label0} 02:00:00"),
            None,
            cu(&list, &server_lines, 0),
            pt0 + 8 * MICROS_PER_HOUR,
            vec![(
                format!("ADR - Servers {label0} 02:00:00"),
                "All Servers",
                pt0 + 3 * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                pt0 + 10 * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                true,
            )],
        );
        let defender: Vec<usize> = list
            .iter()
            .enumerate()
            .filter(|(_, u)| u.update_type == "Definition Updates")
            .map(|(i, _)| i)
            .collect();
        add(
            &mut sugs,
            "Microsoft Defender Definitions".to_string(),
            None,
            defender,
            now - 400 * MICROS_PER_DAY,
            vec![(
                "Microsoft Defender Definitions - All Workstations".to_string(),
                "All Workstations",
                now - 400 * MICROS_PER_DAY,
                now - 400 * MICROS_PER_DAY,
                true,
            )],
        );
        let winre: Vec<usize> = list
            .iter()
            .enumerate()
            .filter(|(_, u)| u.kb == "5034441")
            .map(|(i, _)| i)
            .collect();
        let winre_start = date_micros(2024, 1, 23) + 10 * MICROS_PER_HOUR;
        add(
            &mut sugs,
            "Windows 10 WinRE Update (KB5034441)".to_string(),
            None,
            winre,
            winre_start - MICROS_PER_DAY,
            vec![(
                "Windows 10 WinRE Update (KB5034441)".to_string(),
                "Windows 10 Workstations",
                winre_start,
                winre_start + 21 * MICROS_PER_DAY,
                true,
            )],
        );
        for a in &assignments {
            for &m in &sugs[a.sug].members {
                list[m].deployed = true;
            }
        }
        for u in &mut list {
            u.expired = u.superseded && !u.deployed && u.posted < now - 180 * MICROS_PER_DAY;
        }
        Updates {
            list,
            sugs,
            assignments,
            supersedes,
        }
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
pub(crate) fn scan(ctx: &Ctx, d: &Device, sw: &[Install]) -> Vec<Scan> {
    if !d.inventory || d.client != Some(1) {
        return Vec::new();
    }
    let mut r = Rng::new(ctx.seed, Stream::Updates, d.index as u64);
    let ups = &ctx.updates;
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
                if hash(ctx.seed, &[d.index as u64, 0x5034]) % 5 < 2 {
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
