//! The site built from the model: its tables (one per catalog view), its
//! collections with their rules and membership, its software update
//! deployments, and the counters that need the whole fleet.

pub(crate) mod collections;
pub(crate) mod deployments;
pub(crate) mod subject;
pub(crate) mod table;
pub(crate) mod value;
pub(crate) mod writer;

use crate::DemoOptions;
use crate::model::Fleet;
use collections::{Collection, PlanInputs, member, plan};
use deployments::{Counts, Deployments, compliance, count};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use subject::Subject;
use table::{DynTable, Scope};
use wqlkit_core::Catalog;
use wqlkit_engine::error::{EngineError, Result};

/// The demo site's code (collection IDs are `CON00010`, …).
pub(crate) const SITE_CODE: &str = "CON";

/// Subjects are generated in chunks of this many; the output does not depend on it.
const CHUNK: usize = 256;

/// Worker threads to use (0: one per core, at most eight); the output does not depend on it.
#[cfg(test)]
pub(crate) static THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn threads() -> usize {
    #[cfg(test)]
    {
        let t = THREADS.load(std::sync::atomic::Ordering::Relaxed);
        if t > 0 {
            return t;
        }
    }
    std::thread::available_parallelism().map_or(1, |t| t.get()).min(8)
}

/// Runs `work` over consecutive chunks of `0..n`, several at a time when the
/// machine has cores to spare, handing the results to `take` in order.
pub(crate) fn in_chunks<T: Send>(
    n: usize,
    work: impl Fn(Range<usize>) -> T + Sync,
    mut take: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let chunks = n.div_ceil(CHUNK);
    let range = |c: usize| c * CHUNK..((c + 1) * CHUNK).min(n);
    let threads = threads();
    if threads <= 1 || chunks <= 1 {
        for c in 0..chunks {
            take(work(range(c)))?;
        }
        return Ok(());
    }
    let mut next = 0;
    while next < chunks {
        let wave: Vec<usize> = (next..(next + threads).min(chunks)).collect();
        let results: Vec<T> = std::thread::scope(|scope| {
            let handles: Vec<_> = wave
                .iter()
                .map(|&c| {
                    let work = &work;
                    let r = range(c);
                    scope.spawn(move || work(r))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for r in results {
            take(r)?;
        }
        next += threads;
    }
    Ok(())
}

/// Counters that need the whole fleet: collection member counts and
/// deployment summaries.
pub(crate) struct Summary {
    pub members: Vec<u64>,
    pub deploy: Vec<Vec<Counts>>,
}

/// The site: the fleet, and what is built from it once per run.
pub(crate) struct Site {
    pub fleet: Fleet,
    pub deployments: Deployments,
    pub collections: Vec<Collection>,
    /// One table per catalog view, in catalog order.
    pub tables: Vec<Box<dyn DynTable>>,
    /// Per table, the columns collection rules read.
    pub needed_columns: Vec<Vec<usize>>,
    /// Collection rules the catalog could not bind (left out of the site);
    /// empty with the built-in catalog, as the tests check.
    #[cfg_attr(not(test), allow(dead_code))]
    pub unbound: Vec<String>,
    summary: OnceLock<Summary>,
}

impl Site {
    /// The site of `opts` over `tables` (one per view of `catalog`, in its order).
    pub(crate) fn new(catalog: &Catalog, opts: &DemoOptions, tables: Vec<Box<dyn DynTable>>) -> Result<Site> {
        if opts.devices == 0 {
            return Err(EngineError::Invalid("the demo fleet needs at least one device".into()));
        }
        if opts.devices > 100_000_000 {
            return Err(EngineError::Invalid(format!(
                "{} devices is more than the demo fleet supports (100,000,000)",
                opts.devices
            )));
        }
        if opts.now.year < 2012 || opts.now.year > 9000 {
            return Err(EngineError::Invalid(format!(
                "the demo site's current time must be between 2012 and 9000, not {}",
                opts.now
            )));
        }
        let fleet = Fleet::new(opts.seed, opts.now.unix_micros(), opts.devices);
        let mut by_view = HashMap::new();
        for (k, t) in tables.iter().enumerate() {
            by_view.entry(t.view().name.to_ascii_lowercase()).or_insert(k);
        }
        let mut needed = vec![Vec::new(); tables.len()];
        let column_of = |t: usize, name: &str| {
            tables[t]
                .view()
                .columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
        };
        let (collections, unbound) = plan(&mut PlanInputs {
            catalog,
            by_view: &by_view,
            needed: &mut needed,
            column_of: &column_of,
            fleet: &fleet,
            evaluators: compliance::EVALUATORS,
            collections: opts.collections,
        })
        .map_err(|e| EngineError::Invalid(e.to_string()))?;
        let mut deployments = Deployments::plan(&fleet.updates, fleet.now);
        for a in &mut deployments.assignments {
            a.collection = collections
                .iter()
                .position(|c| c.name == a.target)
                .unwrap_or(usize::MAX);
        }
        Ok(Site {
            fleet,
            deployments,
            collections,
            tables,
            needed_columns: needed,
            unbound: unbound.into_iter().map(|u| u.0).collect(),
            summary: OnceLock::new(),
        })
    }

    /// How many subjects of `scope` there are.
    pub(crate) fn subjects(&self, scope: Scope) -> usize {
        let f = &self.fleet;
        match scope {
            Scope::Devices => f.devices,
            Scope::Users => f.users,
            Scope::Groups => f.groups.len(),
            Scope::Resources => f.devices + f.users + f.groups.len(),
            Scope::Site => 1,
        }
    }

    /// Subject `k` of `scope` (devices, then users, then groups).
    pub(crate) fn subject(&self, scope: Scope, k: usize) -> Subject<'_> {
        let (devices, users) = (self.fleet.devices, self.fleet.users);
        match scope {
            Scope::Devices => Subject::device_at(self, k),
            Scope::Users => Subject::user_at(self, k),
            Scope::Groups => Subject::group_at(self, k),
            Scope::Resources if k < devices => Subject::device_at(self, k),
            Scope::Resources if k < devices + users => Subject::user_at(self, k - devices),
            Scope::Resources => Subject::group_at(self, k - devices - users),
            Scope::Site => Subject::site(self),
        }
    }

    /// The fleet-wide counters, computed on first use with one pass over every resource.
    pub(crate) fn summary(&self) -> &Summary {
        self.summary.get_or_init(|| {
            let empty = || Summary {
                members: vec![0u64; self.collections.len()],
                deploy: self
                    .deployments
                    .assignments
                    .iter()
                    .map(|a| vec![Counts::default(); self.deployments.sugs[a.sug].members.len()])
                    .collect(),
            };
            let mut total = empty();
            let counted = in_chunks(
                self.subjects(Scope::Resources),
                |range| {
                    let mut part = empty();
                    for k in range {
                        let s = self.subject(Scope::Resources, k);
                        for (c, m) in part.members.iter_mut().enumerate() {
                            if member(&s, c) {
                                *m += 1;
                            }
                        }
                        if s.device().is_some() {
                            count(&s, &mut part.deploy);
                        }
                    }
                    part
                },
                |part| {
                    total.add(&part);
                    Ok(())
                },
            );
            // Counting cannot fail; only writing can.
            debug_assert!(counted.is_ok());
            total
        })
    }
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        for (a, b) in self.members.iter_mut().zip(&other.members) {
            *a += b;
        }
        for (x, y) in self.deploy.iter_mut().zip(&other.deploy) {
            for (a, b) in x.iter_mut().zip(y) {
                a.total += b.total;
                a.success += b.success;
                a.in_progress += b.in_progress;
                a.errors += b.errors;
                a.unknown += b.unknown;
                a.other += b.other;
            }
        }
    }
}
