//! The synthetic demo site: a deterministic ConfigMgr fleet written view by
//! view into a [`BatchSink`].
//!
//! Every device, user and user group is a pure function of the seed and its
//! index, recomputed by each view's generator, so views agree with each other
//! without any state kept between them and memory stays bounded however large
//! the fleet (only per-collection and per-deployment counters are held).
//! The same options always give byte-identical batches.
//!
//! What the fleet holds:
//!
//! * devices `16777220 + i`: desktops and laptops (`PC-LON-00042`,
//!   `LON-DT-0042`, `LT-NYC-00017`), VDI, kiosks, lab machines and servers
//!   (`SRV-SQL-004`) in six offices, in CONTOSO, FABRIKAM or a workgroup; the
//!   first sixteen cover every kind of machine, so small fleets show them all;
//! * Windows 7 SP1, 10, 11 and Server 2008 R2–2025 with matching hardware,
//!   software (30–200 Add/Remove Programs entries per workstation), services,
//!   disks, network adapters and the other default inventory classes;
//! * users (half as many as devices, at least 20) and their AD groups;
//! * the seed notebook's bulletins (MS10-032/KB979559 …) with their
//!   supersedence, a year of cumulative updates, update groups and
//!   deployments (among them "2011 Jan Updates"), and each device's compliance
//!   and enforcement state following the site's state tables;
//! * more than 200 collections with console-style WQL query rules, direct,
//!   include and exclude rules and limiting chains, and their membership.
//!
//! Real data is messy, and so is this: NULLs (no last logon user, no client),
//! mixed case (`pc-lon-00007`, `Contoso`), trailing blanks (Windows 7
//! captions, some `Google Chrome ` entries), empty arrays (devices in the
//! default Computers container have no OU), duplicate device records (AD
//! ghosts and re-imaged machines) and duplicate product registrations.
//!
//! Membership is what the rules mean, evaluated in Rust on the very rows the
//! views hold, except in these collections, which are deliberately stale (a
//! few members missing or extra, as between two evaluations on a real site):
//! "Windows 10 Workstations" (CON0002D), "London Workstations" (CON00034),
//! "Missing 7-Zip" (CON000C1), "Servers - SQL" (CON0007F) and
//! "All Finance Users" (CON000E3).

#![warn(missing_docs)]

mod collections;
mod data;
mod deploy;
mod discovery;
mod fallback;
mod fleet;
mod health;
mod inventory;
mod rng;
mod software;
mod table;
mod updates;
mod value;
mod writer;

#[cfg(test)]
mod evaluation_tests;
#[cfg(test)]
mod tests;

use datafusion::arrow::record_batch::RecordBatch;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use table::{Bound, DynTable, Scope, Subject};
use wqlkit_core::{Catalog, DateTime, ViewDef};
use wqlkit_engine::Engine;
use wqlkit_engine::error::{EngineError, Result};
use wqlkit_engine::sink::{BatchSink, MemorySink};
use writer::{RowBuffer, ViewWriter};

/// Names of the demo collections whose recorded membership is deliberately
/// stale (differs from what their rules give by a few members).
pub const STALE_COLLECTIONS: StaleCollections = collections::STALE;

pub use collections::StaleCollections;

/// The demo site's code (collection IDs are `CON00010`, …).
pub(crate) const SITE_CODE: &str = "CON";

/// How big a fleet to make, from which seed, and when "now" is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of devices (v_R_System rows).
    pub devices: usize,
    /// Seed of every random choice; the same options give the same rows.
    pub seed: u64,
    /// The site's current time: every generated date is before it.
    pub now: DateTime,
    /// At least this many collections: beyond the written hierarchy (about
    /// 250), collections per office, hardware model, client state and
    /// installed software, three levels deep, are added (for scale).
    pub collections: usize,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            devices: 500,
            seed: 1,
            now: DateTime {
                year: 2026,
                month: 11,
                day: 1,
                hour: 8,
                minute: 0,
                second: 0,
                micros: 0,
            },
            collections: 0,
        }
    }
}

/// An engine over the fleet described by `opts`, generated in memory.
pub fn engine(catalog: &Catalog, opts: &DemoOptions) -> Result<Engine> {
    let mut sink = MemorySink::default();
    generate(catalog, opts, &mut sink)?;
    Engine::from_memory(sink.views, opts.now)
}

/// Writes every view of `catalog`, once each and in the catalog's order, with
/// the synthetic fleet described by `opts`.
pub fn generate(catalog: &Catalog, opts: &DemoOptions, sink: &mut dyn BatchSink) -> Result<()> {
    let ctx = Ctx::new(catalog, opts)?;
    for table in &ctx.tables {
        let mut view = ViewWriter::begin(table.view(), sink)?;
        let schema = view.schema();
        let scope = table.scope();
        if scope == Scope::Site {
            let mut rows = RowBuffer::new(schema);
            table.write(&Subject::site(&ctx), &mut rows)?;
            for b in rows.finish()? {
                view.add(b)?;
            }
        } else {
            let table = table.as_ref();
            in_chunks(
                ctx.subjects(scope),
                |range| -> Result<Vec<RecordBatch>> {
                    let mut rows = RowBuffer::new(schema.clone());
                    for k in range {
                        table.write(&ctx.subject(scope, k), &mut rows)?;
                    }
                    rows.finish()
                },
                |batches| {
                    for b in batches? {
                        view.add(b)?;
                    }
                    Ok(())
                },
            )?;
        }
        view.finish()?;
    }
    Ok(())
}

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
fn in_chunks<T: Send>(
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
    pub deploy: Vec<Vec<deploy::Counts>>,
}

/// Everything shared by the generators of one run.
pub(crate) struct Ctx {
    pub seed: u64,
    pub now: i64,
    pub devices: usize,
    pub users: usize,
    pub groups: Vec<fleet::GroupDef>,
    pub updates: updates::Updates,
    pub collections: Vec<collections::Collection>,
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

/// The table for one view: a specific generator when one knows the view, an
/// array view, or the generic fallback.
fn table_for(view: &ViewDef) -> (Box<dyn DynTable>, bool) {
    use collections as c;
    use deploy as d;
    use discovery as r;
    use health as h;
    use inventory as i;
    use software as s;
    use updates as u;
    fn b<T: table::Table>(t: T, view: &ViewDef) -> Option<Box<dyn DynTable>> {
        Some(Box::new(Bound::new(t, view)))
    }
    let n = view.name.to_ascii_lowercase();
    let specific = match n.as_str() {
        "v_r_system" => b(r::RSystem { valid_only: false }, view),
        "v_r_system_valid" => b(r::RSystem { valid_only: true }, view),
        "v_r_user" => b(r::RUser, view),
        "v_r_usergroup" => b(r::RUserGroup, view),
        "v_gs_operating_system" => b(i::OperatingSystem { history: false }, view),
        "v_hs_operating_system" => b(i::OperatingSystem { history: true }, view),
        "v_gs_computer_system" => b(i::ComputerSystem, view),
        "v_gs_system" => b(i::SystemClass, view),
        "v_gs_pc_bios" => b(i::PcBios, view),
        "v_gs_add_remove_programs" => b(
            s::Arp {
                x64: false,
                both: false,
            },
            view,
        ),
        "v_gs_add_remove_programs_64" => b(s::Arp { x64: true, both: false }, view),
        "v_add_remove_programs" => b(s::Arp { x64: false, both: true }, view),
        "v_hs_add_remove_programs" => b(s::ArpHistory, view),
        "v_gs_installed_software" => b(s::InstalledSoftware, view),
        "v_gs_workstation_status" => b(i::WorkstationStatus, view),
        "v_gs_system_console_usage" => b(i::ConsoleUsage, view),
        "v_gs_system_console_user" => b(i::ConsoleUser, view),
        "v_gs_logical_disk" => b(i::LogicalDisk, view),
        "v_gs_processor" => b(i::Processor, view),
        "v_gs_network_adapter_configuration" => b(i::AdapterConfiguration, view),
        "v_gs_network_adapter" => b(i::NetworkAdapter, view),
        "v_gs_service" => b(i::Services, view),
        "v_gs_system_enclosure" => b(i::Enclosure, view),
        "v_gs_tpm" => b(i::Tpm, view),
        "v_gs_tpm_status" => b(i::TpmStatus, view),
        "v_gs_encryptable_volume" => b(i::EncryptableVolume, view),
        "v_gs_firmware" => b(i::Firmware, view),
        "v_gs_disk" => b(i::PhysicalDisk, view),
        "v_gs_physical_memory" => b(i::PhysicalMemory, view),
        "v_gs_quick_fix_engineering" => b(i::QuickFix, view),
        "v_gs_usb_device" => b(
            i::PnpTable {
                kind: i::PnpKind::UsbDevice,
            },
            view,
        ),
        "v_gs_usb_controller" => b(
            i::PnpTable {
                kind: i::PnpKind::UsbController,
            },
            view,
        ),
        "v_gs_sound_device" => b(
            i::PnpTable {
                kind: i::PnpKind::Sound,
            },
            view,
        ),
        "v_gs_printer_device" => b(i::Printers, view),
        "v_gs_office365proplusconfigurations" => b(i::Office365, view),
        "v_gs_video_controller" => b(i::Video, view),
        "v_gs_computer_system_product" => b(i::ComputerSystemProduct, view),
        "v_gs_x86_pc_memory" => b(i::X86Memory, view),
        "v_gs_partition" => b(i::Partitions, view),
        "v_gs_desktop_monitor" => b(i::Monitors, view),
        "v_gs_battery" => b(i::Battery, view),
        "v_gs_baseboard" => b(i::Baseboard, view),
        "v_gs_installed_executable" => b(s::Executables { shortcuts: false }, view),
        "v_gs_software_shortcut" => b(s::Executables { shortcuts: true }, view),
        "v_gs_volume" => b(i::Volumes, view),
        "v_gs_softwarefile" => b(s::SoftwareFile, view),
        "v_gs_softwareproduct" => b(s::SoftwareProduct, view),
        "v_gs_lastsoftwarescan" => b(s::LastSoftwareScan, view),
        "v_gs_collectedfile" => b(s::CollectedFile, view),
        "v_updateinfo" => b(u::UpdateInfo { with_groups: false }, view),
        "v_configurationitems" => b(u::UpdateInfo { with_groups: true }, view),
        "v_update_compliancestatusall" => b(
            u::Compliance {
                required_or_installed: false,
            },
            view,
        ),
        "v_updatecompliancestatus" => b(
            u::Compliance {
                required_or_installed: true,
            },
            view,
        ),
        "v_authlistinfo" => b(d::AuthLists, view),
        "v_updatedeploymentsummary" => b(d::DeploymentSummary, view),
        "v_updateliststatus_live" => b(d::ListStatus, view),
        "v_cirelation" => b(d::Relations, view),
        "v_ciassignment" => b(d::Assignments, view),
        "v_assignmentstate_combined" => b(d::AssignmentStates, view),
        "v_advertisement" => b(d::Advertisements, view),
        "v_package" => b(d::Packages, view),
        "v_clientadvertisementstatus" => b(d::AdvertStatus, view),
        "v_collection" => b(c::Collections, view),
        "v_fullcollectionmembership" => b(c::Membership { devices_only: false }, view),
        "v_clientcollectionmembers" => b(c::Membership { devices_only: true }, view),
        "v_collectionrulequery" => b(c::RuleQueries, view),
        "v_collectionruledirect" => b(c::RuleDirects, view),
        "vsms_collectiondependencies" => b(c::Dependencies, view),
        "v_ch_clientsummary" => b(h::ClientSummary, view),
        "v_combineddeviceresources" | "v_collectionmemberclientbaselinestatus" => b(h::Combined, view),
        "v_clientcomanagementstate" => b(h::CoManagement, view),
        "v_usermachinerelationship" => b(h::Affinity, view),
        "v_windowsservicingstates" => b(h::Servicing, view),
        "v_statenames" => b(h::StateNames, view),
        _ => discovery::Array::for_view(&n).and_then(|a| b(r::ArrayTable { array: a }, view)),
    };
    match specific {
        Some(t) => (t, true),
        None => (Box::new(fallback::Generic::new(view)), false),
    }
}

/// Whether each view of `catalog` has a specific generator (`true`) or is
/// filled generically from its column names (`false`).
pub fn coverage(catalog: &Catalog) -> Vec<(String, bool)> {
    catalog
        .views()
        .iter()
        .map(|v| (v.name.clone(), table_for(v).1))
        .collect()
}

impl Ctx {
    fn new(catalog: &Catalog, opts: &DemoOptions) -> Result<Ctx> {
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
        let now = opts.now.unix_micros();
        let devices = opts.devices;
        let users = fleet::user_count(devices);
        let (tables, _): (Vec<Box<dyn DynTable>>, Vec<bool>) = catalog.views().iter().map(table_for).unzip();
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
        let (collections, unbound) = collections::plan(&mut collections::PlanInputs {
            catalog,
            by_view: &by_view,
            needed: &mut needed,
            column_of: &column_of,
            seed: opts.seed,
            devices,
            users,
            now,
            collections: opts.collections,
        })
        .map_err(|e| EngineError::Invalid(e.to_string()))?;
        let mut updates = updates::Updates::build(now);
        for a in &mut updates.assignments {
            a.collection = collections
                .iter()
                .position(|c| c.name == a.target)
                .unwrap_or(usize::MAX);
        }
        let ctx = Ctx {
            seed: opts.seed,
            now,
            devices,
            users,
            groups: fleet::group_list(now),
            updates,
            collections,
            tables,
            needed_columns: needed,
            unbound: unbound.into_iter().map(|u| u.0).collect(),
            summary: OnceLock::new(),
        };
        Ok(ctx)
    }

    /// How many subjects of `scope` there are.
    fn subjects(&self, scope: Scope) -> usize {
        match scope {
            Scope::Devices => self.devices,
            Scope::Users => self.users,
            Scope::Groups => self.groups.len(),
            Scope::Resources => self.devices + self.users + self.groups.len(),
            Scope::Site => 1,
        }
    }

    /// Subject `k` of `scope` (devices, then users, then groups).
    fn subject(&self, scope: Scope, k: usize) -> Subject<'_> {
        match scope {
            Scope::Devices => Subject::device_at(self, k),
            Scope::Users => Subject::user_at(self, k),
            Scope::Groups => Subject::group_at(self, k),
            Scope::Resources if k < self.devices => Subject::device_at(self, k),
            Scope::Resources if k < self.devices + self.users => Subject::user_at(self, k - self.devices),
            Scope::Resources => Subject::group_at(self, k - self.devices - self.users),
            Scope::Site => Subject::site(self),
        }
    }

    /// The fleet-wide counters, computed on first use with one pass over every resource.
    pub(crate) fn summary(&self) -> &Summary {
        self.summary.get_or_init(|| {
            let empty = || Summary {
                members: vec![0u64; self.collections.len()],
                deploy: self
                    .updates
                    .assignments
                    .iter()
                    .map(|a| vec![deploy::Counts::default(); self.updates.sugs[a.sug].members.len()])
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
                            if s.member(c) {
                                *m += 1;
                            }
                        }
                        if s.device().is_some() {
                            deploy::count(&s, &mut part.deploy);
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
