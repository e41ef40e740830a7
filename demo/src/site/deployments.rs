//! Software update groups and their deployments to collections, classic
//! package advertisements, and each device's deployment state, which depends
//! on collection membership.

use crate::data::Advert;
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::updates::Scan;
use crate::site::Ctx;
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
    let ups = &s.ctx.updates;
    let scan = s.scan();
    let find = |ci: usize| scan.iter().find(|x| x.ci as usize == ci);
    let scanned = s.device().is_some_and(|d| d.client == Some(1) && d.inventory);
    for (a, asg) in ups.assignments.iter().enumerate() {
        if asg.collection == usize::MAX || !s.member(asg.collection) {
            continue;
        }
        for (k, &ci) in ups.sugs[asg.sug].members.iter().enumerate() {
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
    let rows: Vec<&Scan> = s.ctx.updates.sugs[group]
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
    let ups = &s.ctx.updates;
    for (a, asg) in ups.assignments.iter().enumerate() {
        if !targeted(s, a) {
            continue;
        }
        let members = &ups.sugs[asg.sug].members;
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
pub(crate) fn advert_collection(ctx: &Ctx, a: &Advert) -> Option<usize> {
    ctx.collections.iter().position(|c| c.name == a.target)
}
