//! Software updates: the seed's 2010–2011 bulletins and their supersedence,
//! a year of cumulative updates, update groups, deployments, and each
//! device's compliance and enforcement state.

use crate::Ctx;
use crate::data::{BULLETINS, BulletinKind, JAN_2011_BULLETINS, LINES, OsFamily, UPDATE_TEXT, line_index};
use crate::fleet::Device;
use crate::rng::{Rng, Stream, hash, hash_str};
use crate::software::Install;
use crate::table::{Scope, Subject, Table, columns};
use crate::value::{GuidStyle, MICROS_PER_DAY, MICROS_PER_HOUR, Val, civil, date_micros, days};

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

/// A software update group (authorization list).
#[derive(Debug, Clone)]
pub(crate) struct Sug {
    pub ci: i64,
    pub unique: String,
    pub title: String,
    pub description: String,
    pub members: Vec<usize>,
    pub created: i64,
    pub modified: i64,
    pub deployed: bool,
}

/// A deployment of an update group to a collection.
#[derive(Debug, Clone)]
pub(crate) struct Assignment {
    pub id: i64,
    pub unique: u128,
    pub name: String,
    pub description: String,
    pub sug: usize,
    /// Name of the target collection (resolved against the collection plan).
    pub target: &'static str,
    pub collection: usize,
    pub created: i64,
    pub start: i64,
    pub deadline: i64,
    pub enabled: bool,
    pub suppress_reboot: i64,
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

/// The CI_UniqueID of the "2011 Jan Updates" group, as the seed's update-list report quotes it.
pub(crate) const JAN_2011_LIST: &str =
    "ScopeId_5432f432-F885-4A98-B666-5432134122/AuthList_F15C63EA-B655-4940-A250-654323fd432";

pub(crate) const JAN_2011: &str = "2011 Jan Updates";
pub(crate) const JUN_2010: &str = "2010 Jun Updates";

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
                    crate::value::guid_string(g1, GuidStyle::Upper),
                    crate::value::guid_string(g2, GuidStyle::Upper)
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

/// The deployment state of one update on one device.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Enforcement {
    /// Topic type 402 state id.
    pub message: u8,
    pub time: i64,
    pub error: i64,
}

/// Whether device subject `s` is targeted by assignment `a`.
pub(crate) fn targeted(s: &Subject<'_>, a: usize) -> bool {
    let asg = &s.ctx.updates.assignments[a];
    asg.collection != usize::MAX && s.device().is_some_and(|d| d.client == Some(1)) && s.member(asg.collection)
}

/// The enforcement state of scan result `x` on subject `s`, if a deployment targets it.
pub(crate) fn enforcement(s: &Subject<'_>, x: &Scan) -> Option<Enforcement> {
    let d = s.device()?;
    let ups = &s.ctx.updates;
    let ci = x.ci as usize;
    let a = ups
        .assignments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.enabled && ups.sugs[a.sug].members.contains(&ci))
        .find(|(k, _)| targeted(s, *k))
        .map(|(k, _)| k)?;
    let asg = &ups.assignments[a];
    let h = hash(s.ctx.seed, &[Stream::Deploy as u64, d.index as u64, ci as u64]);
    let after = |frac: u64| asg.start + ((s.ctx.now - asg.start) as u64 / 100 * (frac % 100)) as i64;
    match x.status {
        3 => Some(Enforcement {
            message: 10,
            time: x.installed_at.unwrap_or(asg.deadline).max(asg.start + MICROS_PER_HOUR),
            error: 0,
        }),
        2 => {
            let (message, error) = if d.reboot_pending {
                (9, 0)
            } else if x.error != 0 {
                (11, x.error)
            } else {
                match h % 100 {
                    0..=24 => (0, 0),
                    25..=31 => (1, 0),
                    32..=38 => (3, 0),
                    39..=44 => (6, -2_145_124_329),
                    45..=51 => (8, 0),
                    52..=56 => (9, 0),
                    57..=69 => (11, -2_147_024_784),
                    70..=79 => (12, 0),
                    80..=89 => (13, 0),
                    _ => (4, 0),
                }
            };
            Some(Enforcement {
                message,
                time: after(h >> 7).min(x.checked),
                error,
            })
        }
        _ => None,
    }
}

columns! {
    pub(crate) enum CompCol {
        ResourceID, CI_ID, Status, LastStatusCheckTime, LastStatusChangeTime, LastEnforcementMessageID,
        LastEnforcementMessageTime, LastEnforcementStatusMsgID, LastErrorCode, EnforcementSource, LastLocalChangeTime
    }
}

/// v_Update_ComplianceStatusAll, and v_UpdateComplianceStatus (status 2 and 3 only).
pub(crate) struct Compliance {
    pub required_or_installed: bool,
}

impl Table for Compliance {
    type Row = (Scan, Option<Enforcement>);
    type Col = CompCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        for x in s.scan() {
            if !self.required_or_installed || x.status > 1 {
                out.push((*x, enforcement(s, x)));
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: CompCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (x, e) = row;
        let u = &s.ctx.updates.list[x.ci as usize];
        match col {
            CompCol::ResourceID => Val::I(d.rid),
            CompCol::CI_ID => Val::I(u.ci),
            CompCol::Status => Val::I(x.status as i64),
            CompCol::LastStatusCheckTime => Val::Ts(x.checked),
            CompCol::LastStatusChangeTime => Val::Ts(x.changed),
            CompCol::LastEnforcementMessageID => e.map_or(Val::Null, |e| Val::I(e.message as i64)),
            CompCol::LastEnforcementMessageTime => e.map_or(Val::Null, |e| Val::Ts(e.time)),
            CompCol::LastEnforcementStatusMsgID => e.map_or(Val::Null, |e| Val::I(11_700 + e.message as i64)),
            CompCol::LastErrorCode => match e {
                Some(e) => Val::I(e.error),
                None if x.error != 0 => Val::I(x.error),
                None => Val::Null,
            },
            CompCol::EnforcementSource => Val::I(if e.is_some() { 1 } else { 0 }),
            CompCol::LastLocalChangeTime => match x.installed_at {
                Some(t) => Val::Ts(t),
                None => Val::Null,
            },
        }
    }
}

columns! {
    pub(crate) enum InfoCol {
        CI_ID, CI_UniqueID, ModelId, ModelName, SDMPackageVersion, CIType_ID, CIVersion, DateCreated, DateLastModified,
        LastModifiedBy, CreatedBy, PermittedUses, IsBundle, IsHidden, IsTombstoned, IsUserDefined, IsEnabled,
        IsExpired, SourceSite, ApplicabilityCondition, CI_CRC, Precedence, ConfigurationFlags, EULAExists,
        EULAAccepted, IsQuarantined, EffectiveDate, ModifiedTime, IsDeployed, IsSuperseded, IsChild, InUse, IsLatest,
        IsBroken, PlatformType, IsUserCI, IsSignificantRevision, SedoObjectVersion, ApplicableAtUserLogon,
        BulletinID, ArticleID, Severity, CustomSeverity, CMTag, DatePosted, DateRevised, RevisionNumber,
        MaxExecutionTime, RequiresExclusiveHandling, UpdateSource_ID, MinSourceVersion, LocaleID, Title,
        Description, InfoURL, UpdateType, Locales
    }
}

/// v_UpdateInfo, and the update and update-group rows of v_ConfigurationItems.
pub(crate) struct UpdateInfo {
    pub with_groups: bool,
}

/// A row of the configuration item views: an update or an update group.
pub(crate) enum CiRow {
    Update(usize),
    Group(usize),
}

impl Table for UpdateInfo {
    type Row = CiRow;
    type Col = InfoCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<CiRow>) {
        out.extend((0..s.ctx.updates.list.len()).map(CiRow::Update));
        if self.with_groups {
            out.extend((0..s.ctx.updates.sugs.len()).map(CiRow::Group));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a CiRow, col: InfoCol) -> Val<'a> {
        let ups = &s.ctx.updates;
        match row {
            CiRow::Group(g) => {
                let g = &ups.sugs[*g];
                match col {
                    InfoCol::CI_ID => Val::I(g.ci),
                    InfoCol::CI_UniqueID | InfoCol::ModelName => Val::S(&g.unique),
                    InfoCol::ModelId => Val::I(g.ci - 16_000_000),
                    InfoCol::CIType_ID => Val::I(9),
                    InfoCol::CIVersion | InfoCol::SDMPackageVersion => Val::I(1),
                    InfoCol::DateCreated => Val::Ts(g.created),
                    InfoCol::DateLastModified | InfoCol::ModifiedTime | InfoCol::EffectiveDate => Val::Ts(g.modified),
                    InfoCol::CreatedBy | InfoCol::LastModifiedBy => Val::St("CONTOSO\\adm-jsmith"),
                    InfoCol::PermittedUses => Val::I(0),
                    InfoCol::IsBundle | InfoCol::IsHidden | InfoCol::IsTombstoned | InfoCol::IsExpired => Val::B(false),
                    InfoCol::IsUserDefined | InfoCol::IsEnabled | InfoCol::IsLatest => Val::B(true),
                    InfoCol::IsDeployed => Val::I(g.deployed as i64),
                    InfoCol::IsSuperseded | InfoCol::IsChild | InfoCol::IsBroken | InfoCol::IsUserCI => Val::I(0),
                    InfoCol::InUse => Val::I(1),
                    InfoCol::SourceSite => Val::St(crate::SITE_CODE),
                    InfoCol::Title => Val::S(&g.title),
                    InfoCol::Description => Val::S(&g.description),
                    _ => Val::Null,
                }
            }
            CiRow::Update(i) => {
                let u = &ups.list[*i];
                // Definition updates are minutes old: their catalog times must still precede now.
                let before = |t: i64| Val::Ts(t.min(s.ctx.now - 60_000_000));
                match col {
                    InfoCol::CI_ID => Val::I(u.ci),
                    InfoCol::CI_UniqueID => Val::Guid(u.unique, GuidStyle::Lower),
                    InfoCol::ModelId => Val::I(u.ci - 16_000_000),
                    InfoCol::ModelName => {
                        let mut m = String::from("Site_");
                        crate::value::write_guid(&mut m, u.unique.rotate_left(9), GuidStyle::Upper);
                        m.push_str("/SUM_");
                        crate::value::write_guid(&mut m, u.unique, GuidStyle::Lower);
                        Val::Own(m)
                    }
                    InfoCol::SDMPackageVersion | InfoCol::CIVersion => Val::I(1 + (u.ci % 3)),
                    InfoCol::CIType_ID => Val::I(u.ci_type),
                    InfoCol::DateCreated => before(u.posted + 9 * MICROS_PER_HOUR),
                    InfoCol::DateLastModified | InfoCol::ModifiedTime => before(u.posted + 30 * MICROS_PER_HOUR),
                    InfoCol::LastModifiedBy | InfoCol::CreatedBy => Val::St("CONTOSO\\svc_sccm_sup"),
                    InfoCol::PermittedUses => Val::I(0),
                    InfoCol::IsBundle => Val::B(u.ci_type == 8),
                    InfoCol::IsHidden | InfoCol::IsTombstoned | InfoCol::IsUserDefined => Val::B(false),
                    InfoCol::IsEnabled => Val::B(true),
                    InfoCol::IsExpired => Val::B(u.expired),
                    InfoCol::SourceSite => Val::St(crate::SITE_CODE),
                    InfoCol::ApplicabilityCondition => Val::Null,
                    InfoCol::CI_CRC => Val::Own(format!("{:08X}", hash_str(&u.title) as u32)),
                    InfoCol::Precedence => Val::I(0),
                    InfoCol::ConfigurationFlags => Val::I(0),
                    InfoCol::EULAExists | InfoCol::EULAAccepted => Val::I(0),
                    InfoCol::IsQuarantined => Val::I(0),
                    InfoCol::EffectiveDate => Val::Ts(u.posted),
                    InfoCol::IsDeployed => Val::I(u.deployed as i64),
                    InfoCol::IsSuperseded => Val::I(u.superseded as i64),
                    InfoCol::IsChild | InfoCol::IsBroken | InfoCol::IsUserCI => Val::I(0),
                    InfoCol::InUse => Val::I(1),
                    InfoCol::IsLatest => Val::B(true),
                    InfoCol::PlatformType => Val::I(1),
                    InfoCol::IsSignificantRevision => Val::I(1),
                    InfoCol::SedoObjectVersion => Val::Null,
                    InfoCol::ApplicableAtUserLogon => Val::B(false),
                    InfoCol::BulletinID => match u.bulletin {
                        Some(b) => Val::St(b),
                        None => Val::St(""),
                    },
                    InfoCol::ArticleID => {
                        if u.kb.is_empty() {
                            Val::Null
                        } else {
                            Val::S(&u.kb)
                        }
                    }
                    InfoCol::Severity => Val::opt_i(u.severity),
                    InfoCol::CustomSeverity => Val::I(0),
                    InfoCol::CMTag => Val::I(0),
                    InfoCol::DatePosted => Val::Ts(u.posted),
                    InfoCol::DateRevised => {
                        before(u.posted + if u.bulletin.is_some() { 21 } else { 0 } * MICROS_PER_DAY)
                    }
                    InfoCol::RevisionNumber => Val::I(if u.bulletin.is_some() { 201 } else { 200 }),
                    InfoCol::MaxExecutionTime => Val::I(if u.line.is_some() { 3600 } else { 600 }),
                    InfoCol::RequiresExclusiveHandling => Val::B(false),
                    InfoCol::UpdateSource_ID => Val::I(16_777_217),
                    InfoCol::MinSourceVersion => Val::I(0),
                    InfoCol::LocaleID => Val::I(1033),
                    InfoCol::Title => Val::S(&u.title),
                    InfoCol::Description => Val::St(u.description),
                    InfoCol::InfoURL => Val::S(&u.info_url),
                    InfoCol::UpdateType => Val::St(u.update_type),
                    InfoCol::Locales => Val::St("'en-US'"),
                }
            }
        }
    }
}
