//! Software update groups and their deployments to collections, classic
//! package advertisements, and each device's deployment state, which depends
//! on collection membership.

pub(crate) mod compliance;

use crate::data::{Advert, BULLETINS, JAN_2011_BULLETINS, LINES};
use crate::model::guid::{GuidStyle, guid_string};
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::time::{MICROS_PER_DAY, civil, date_micros};
use crate::model::updates::Scan;
use crate::model::updates::{Catalog, Platform, Update, add_months, guid_for, latest_month, patch_tuesday};
use crate::site::Site;
use crate::site::collections::member;
use crate::site::subject::Subject;
use crate::site::table::columns;

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

/// The CI_UniqueID of the "2011 Jan Updates" group, as the seed's update-list report quotes it.
pub(crate) const JAN_2011_LIST: &str =
    "ScopeId_5432f432-F885-4A98-B666-5432134122/AuthList_F15C63EA-B655-4940-A250-654323fd432";

pub(crate) const JAN_2011: &str = "2011 Jan Updates";

pub(crate) const JUN_2010: &str = "2010 Jun Updates";

/// The site's software update groups and their deployments.
#[derive(Debug, Clone, Default)]
pub(crate) struct Deployments {
    pub sugs: Vec<Sug>,
    pub assignments: Vec<Assignment>,
    /// Per catalog update: in a group that is deployed.
    pub deployed: Vec<bool>,
    /// Per catalog update: superseded, never deployed and older than 180 days.
    pub expired: Vec<bool>,
}

impl Deployments {
    /// The groups and deployments the site has at `now`: the seed's 2010 and
    /// 2011 groups, the automatic deployment rules of the last two months, and
    /// the Defender and WinRE groups. Targets are collection names; the site
    /// resolves them once its collections are numbered.
    pub(crate) fn plan(catalog: &Catalog, now: i64) -> Deployments {
        let mut p = Planner {
            catalog,
            now,
            sugs: Vec::new(),
            assignments: Vec::new(),
        };
        p.seed_groups();
        p.automatic_deployment_rules();
        p.defender_group();
        p.winre_group();
        p.finish()
    }
}

/// A deployment of a group being planned.
struct Planned {
    name: String,
    target: &'static str,
    start: i64,
    deadline: i64,
    enabled: bool,
}

struct Planner<'a> {
    catalog: &'a Catalog,
    now: i64,
    sugs: Vec<Sug>,
    assignments: Vec<Assignment>,
}

impl Planner<'_> {
    /// Adds a group created at `created` with `members` (catalog indexes), and
    /// those of its deployments that started before now; a group that is empty
    /// or created after now is left out.
    fn add(
        &mut self,
        title: String,
        unique: Option<&str>,
        members: Vec<usize>,
        created: i64,
        deployments: Vec<Planned>,
    ) {
        let now = self.now;
        if members.is_empty() || created >= now {
            return;
        }
        let k = self.sugs.len();
        let unique = unique.map(str::to_string).unwrap_or_else(|| {
            format!(
                "ScopeId_{}/AuthList_{}",
                guid_string(guid_for(&format!("scope{title}")), GuidStyle::Upper),
                guid_string(guid_for(&format!("list{title}")), GuidStyle::Upper)
            )
        });
        self.sugs.push(Sug {
            ci: 16_790_001 + k as i64 * 2,
            unique,
            description: format!("Software updates: {title}"),
            title,
            members,
            created,
            modified: created + 2 * MICROS_PER_HOUR,
            deployed: deployments.iter().any(|d| d.start < now),
        });
        for d in deployments.into_iter().filter(|d| d.start < now) {
            self.assignments.push(Assignment {
                id: 16_777_301 + self.assignments.len() as i64,
                unique: guid_for(&format!("assignment{}", d.name)),
                description: String::new(),
                name: d.name,
                sug: k,
                target: d.target,
                collection: usize::MAX,
                created: d.start - 6 * MICROS_PER_HOUR,
                start: d.start,
                deadline: d.deadline.min(now - MICROS_PER_HOUR),
                enabled: d.enabled,
                suppress_reboot: 0,
            });
        }
    }

    /// Catalog indexes of the updates of `bulletins`.
    fn of_bulletins(&self, bulletins: &[&str]) -> Vec<usize> {
        self.matching(|u| u.bulletin.is_some_and(|b| bulletins.contains(&b)))
    }

    /// Catalog indexes of the updates `keep` accepts.
    fn matching(&self, keep: impl Fn(&Update) -> bool) -> Vec<usize> {
        self.catalog
            .list
            .iter()
            .enumerate()
            .filter(|(_, u)| keep(u))
            .map(|(i, _)| i)
            .collect()
    }

    /// The seed's groups: June 2010, "2011 Jan Updates" and every legacy security update.
    fn seed_groups(&mut self) {
        let jun: Vec<&str> = BULLETINS
            .iter()
            .filter(|b| b.posted.0 == 2010 && b.posted.1 == 6)
            .map(|b| b.id.as_str())
            .collect();
        let jan: Vec<&str> = JAN_2011_BULLETINS.iter().map(String::as_str).collect();
        for (title, unique, bulletins, start) in [
            (JUN_2010, None, jun, date_micros(2010, 6, 10)),
            (JAN_2011, Some(JAN_2011_LIST), jan, date_micros(2011, 1, 12)),
        ] {
            let start = start + 10 * MICROS_PER_HOUR;
            let members = self.of_bulletins(&bulletins);
            self.add(
                title.to_string(),
                unique,
                members,
                start - MICROS_PER_DAY,
                vec![Planned {
                    name: title.to_string(),
                    target: "SUM - Windows 7 and Server 2008 R2",
                    start,
                    deadline: start + 14 * MICROS_PER_DAY + 12 * MICROS_PER_HOUR,
                    enabled: true,
                }],
            );
        }
        let all_legacy = self.matching(|u| u.bulletin.is_some());
        self.add(
            "Windows 7 and Server 2008 R2 - All Security Updates".to_string(),
            None,
            all_legacy,
            date_micros(2011, 7, 1),
            Vec::new(),
        );
    }

    /// Cumulative updates (and the MSRT) of the lines of `workstation` or
    /// server systems, `age` months old.
    fn cumulative(&self, workstation: bool, age: u32) -> Vec<usize> {
        self.matching(|u| match u.platform {
            Platform::Line(l) => LINES[l].workstation == workstation && u.age == age && u.kb != "5034441",
            Platform::Modern => u.update_type == "Update Rollups" && u.age == age,
            _ => false,
        })
    }

    /// Automatic deployment rules run at 02:00 the night after Patch Tuesday
    /// and name their groups after the run: the pilot and broad workstation
    /// rings of the last month, the broad ring of the month before, servers.
    fn automatic_deployment_rules(&mut self) {
        let (ly, lm) = latest_month(self.now);
        let tuesday = |age: i32| {
            let (y, m) = add_months(ly, lm, -age);
            patch_tuesday(y, m)
        };
        let label = |age: i32| {
            let run = civil(tuesday(age) + 9 * MICROS_PER_HOUR);
            format!("{:04}-{:02}-{:02}", run.year, run.month, run.day)
        };
        let (pt0, pt1) = (tuesday(0), tuesday(1));
        let (label0, label1) = (label(0), label(1));
        // (group, target, cumulative updates of workstations?, age, Patch Tuesday,
        //  start and deadline in days after it, enabled)
        let rules = [
            (
                format!("ADR - Workstations Pilot {label0} 02:00:00"),
                "Patch Ring 1 - Pilot",
                true,
                0,
                pt0,
                0,
                3,
                true,
            ),
            (
                format!("ADR - Workstations {label0} 02:00:00"),
                "Patch Ring 2 - Broad",
                true,
                0,
                pt0,
                7,
                14,
                true,
            ),
            (
                format!("ADR - Workstations {label1} 02:00:00"),
                "Patch Ring 2 - Broad",
                true,
                1,
                pt1,
                7,
                14,
                false,
            ),
            (
                format!("ADR - Servers {label0} 02:00:00"),
                "All Servers",
                false,
                0,
                pt0,
                3,
                10,
                true,
            ),
        ];
        for (name, target, workstation, age, tuesday, start, deadline, enabled) in rules {
            let members = self.cumulative(workstation, age);
            self.add(
                name.clone(),
                None,
                members,
                tuesday + 8 * MICROS_PER_HOUR,
                vec![Planned {
                    name,
                    target,
                    start: tuesday + start * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                    deadline: tuesday + deadline * MICROS_PER_DAY + 9 * MICROS_PER_HOUR,
                    enabled,
                }],
            );
        }
    }

    /// Defender definitions, deployed to every workstation for more than a year.
    fn defender_group(&mut self) {
        let members = self.matching(|u| u.update_type == "Definition Updates");
        let start = self.now - 400 * MICROS_PER_DAY;
        self.add(
            "Microsoft Defender Definitions".to_string(),
            None,
            members,
            start,
            vec![Planned {
                name: "Microsoft Defender Definitions - All Workstations".to_string(),
                target: "All Workstations",
                start,
                deadline: start,
                enabled: true,
            }],
        );
    }

    /// The WinRE update (KB5034441) deployed to Windows 10.
    fn winre_group(&mut self) {
        let members = self.matching(|u| u.kb == "5034441");
        let start = date_micros(2024, 1, 23) + 10 * MICROS_PER_HOUR;
        let title = "Windows 10 WinRE Update (KB5034441)";
        self.add(
            title.to_string(),
            None,
            members,
            start - MICROS_PER_DAY,
            vec![Planned {
                name: title.to_string(),
                target: "Windows 10 Workstations",
                start,
                deadline: start + 21 * MICROS_PER_DAY,
                enabled: true,
            }],
        );
    }

    /// The plan, with each update's deployed and expired flags.
    fn finish(self) -> Deployments {
        let mut deployed = vec![false; self.catalog.list.len()];
        for a in &self.assignments {
            for &m in &self.sugs[a.sug].members {
                deployed[m] = true;
            }
        }
        let expired = self
            .catalog
            .list
            .iter()
            .zip(&deployed)
            .map(|(u, &d)| u.superseded && !d && u.posted < self.now - 180 * MICROS_PER_DAY)
            .collect();
        Deployments {
            sugs: self.sugs,
            assignments: self.assignments,
            deployed,
            expired,
        }
    }
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
    let asg = &s.site.deployments.assignments[a];
    asg.collection != usize::MAX && s.device().is_some_and(|d| d.client == Some(1)) && member(s, asg.collection)
}

/// The enforcement state of scan result `x` on subject `s`, if a deployment targets it.
pub(crate) fn enforcement(s: &Subject<'_>, x: &Scan) -> Option<Enforcement> {
    let d = s.device()?;
    let ci = x.ci as usize;
    let a = s
        .site
        .deployments
        .assignments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.enabled && s.site.deployments.sugs[a.sug].members.contains(&ci))
        .find(|(k, _)| targeted(s, *k))
        .map(|(k, _)| k)?;
    let asg = &s.site.deployments.assignments[a];
    let h = hash(s.fleet.seed, &[Stream::Deploy as u64, d.index as u64, ci as u64]);
    let after = |frac: u64| asg.start + ((s.fleet.now - asg.start) as u64 / 100 * (frac % 100)) as i64;
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

/// Deployment counters for one update of one deployment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub total: u64,
    pub success: u64,
    pub in_progress: u64,
    pub errors: u64,
    pub unknown: u64,
    pub other: u64,
}

/// Adds device `s` to the deployment counters.
pub(crate) fn count(s: &Subject<'_>, deploy: &mut [Vec<Counts>]) {
    let scan = s.scan();
    let find = |ci: usize| scan.iter().find(|x| x.ci as usize == ci);
    let scanned = s.device().is_some_and(|d| d.client == Some(1) && d.inventory);
    for (a, asg) in s.site.deployments.assignments.iter().enumerate() {
        if asg.collection == usize::MAX || !member(s, asg.collection) {
            continue;
        }
        for (k, &ci) in s.site.deployments.sugs[asg.sug].members.iter().enumerate() {
            let c = &mut deploy[a][k];
            c.total += 1;
            match find(ci) {
                // Scanned but not applicable: compliant.
                None if scanned => c.success += 1,
                None => c.unknown += 1,
                Some(x) => match x.status {
                    1 | 3 => c.success += 1,
                    2 => match enforcement(s, x).map(|e| e.message) {
                        Some(6 | 11 | 14) => c.errors += 1,
                        Some(0) | None => c.other += 1,
                        Some(_) => c.in_progress += 1,
                    },
                    _ => c.unknown += 1,
                },
            }
        }
    }
}

columns! {
    pub(crate) enum ListCol { CI_ID, ResourceID, Status }
}

/// The update-list (update group) compliance state of one client, as
/// topic type 300 (SUM_ASSIGNMENT_COMPLIANCE) numbers it: 0 unknown,
/// 1 compliant, 2 non-compliant.
pub(crate) fn list_state(s: &Subject<'_>, group: usize) -> i64 {
    let scan = s.scan();
    let rows: Vec<&Scan> = s.site.deployments.sugs[group]
        .members
        .iter()
        .filter_map(|&ci| scan.iter().find(|x| x.ci as usize == ci))
        .collect();
    if s.device().is_none_or(|d| d.client != Some(1) || !d.inventory) {
        0
    } else if rows.iter().any(|x| x.status == 2) {
        2
    } else if rows.iter().any(|x| x.status == 0) {
        0
    } else {
        // Installed or not applicable: compliant.
        1
    }
}

columns! {
    pub(crate) enum StateCol { AssignmentID, ResourceID, StateType, StateID, StateTime, LastStatusMessageID, LastErrorCode, IsCompliant }
}

/// One device's combined state for one deployment.
pub(crate) struct StateRow {
    pub assignment: usize,
    pub state_type: i64,
    pub state: i64,
    pub time: i64,
    pub error: i64,
    pub compliant: bool,
}

/// The combined state of each deployment targeting `s`: compliance (topic
/// 300) when compliant or unknown, else enforcement (topic 301).
pub(crate) fn assignment_states(s: &Subject<'_>) -> Vec<StateRow> {
    let mut out = Vec::new();
    let Some(d) = s.device() else { return out };
    for (a, asg) in s.site.deployments.assignments.iter().enumerate() {
        if !targeted(s, a) {
            continue;
        }
        let members = &s.site.deployments.sugs[asg.sug].members;
        let rows: Vec<&Scan> = s.scan().iter().filter(|x| members.contains(&(x.ci as usize))).collect();
        let checked = rows.iter().map(|x| x.checked).max().unwrap_or(d.last_sw);
        if !d.inventory || rows.iter().all(|x| x.status == 0) && !rows.is_empty() {
            out.push(StateRow {
                assignment: a,
                state_type: 300,
                state: 0,
                time: checked,
                error: 0,
                compliant: false,
            });
            continue;
        }
        let missing: Vec<&&Scan> = rows.iter().filter(|x| x.status == 2).collect();
        if missing.is_empty() {
            out.push(StateRow {
                assignment: a,
                state_type: 300,
                state: 1,
                time: checked,
                error: 0,
                compliant: true,
            });
            continue;
        }
        // The worst enforcement state among the required updates, mapped to topic 301.
        let mut state = 0;
        let mut error = 0;
        let mut time = checked;
        for x in missing {
            if let Some(e) = enforcement(s, x) {
                let st = match e.message {
                    9 => 5,
                    6 | 11 => 6,
                    1 | 8 => 1,
                    3 => 3,
                    4 => 10,
                    12 => 7,
                    13 => 8,
                    14 => 9,
                    _ => 0,
                };
                let rank = |v: i64| match v {
                    6 => 5,
                    5 => 4,
                    9 => 3,
                    1 | 7 | 8 | 3 | 10 => 2,
                    _ => 0,
                };
                if rank(st) > rank(state) {
                    state = st;
                    error = e.error;
                    time = e.time;
                }
            }
        }
        out.push(StateRow {
            assignment: a,
            state_type: 301,
            state,
            time,
            error,
            compliant: false,
        });
    }
    out
}

/// The collection an advertisement targets, if the plan has it.
pub(crate) fn advert_collection(site: &Site, a: &Advert) -> Option<usize> {
    site.collections.iter().position(|c| c.name == a.target)
}
