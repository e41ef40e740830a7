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
//! "Windows 10 Workstations", "London Workstations", "Missing 7-Zip",
//! "Servers - SQL" and "All Finance Users".

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
mod tests;

use crate::error::{EngineError, Result};
use crate::sink::BatchSink;
use std::collections::HashMap;
use std::sync::OnceLock;
use table::{Bound, DynTable, Scope, Subject};
use wqlkit_core::{Catalog, DateTime, ViewDef};
use writer::TableWriter;

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
        }
    }
}

/// Writes every view of `catalog`, once each and in the catalog's order, with
/// the synthetic fleet described by `opts`.
pub fn generate(catalog: &Catalog, opts: &DemoOptions, sink: &mut dyn BatchSink) -> Result<()> {
    let ctx = Ctx::new(catalog, opts)?;
    for table in &ctx.tables {
        let mut w = TableWriter::begin(table.view(), sink)?;
        write_view(&ctx, table.as_ref(), &mut w)?;
        w.finish()?;
    }
    Ok(())
}

fn write_view(ctx: &Ctx, table: &dyn DynTable, w: &mut TableWriter<'_>) -> Result<()> {
    let devices = |w: &mut TableWriter<'_>| -> Result<()> {
        for i in 0..ctx.devices {
            table.write(&Subject::device_at(ctx, i), w)?;
        }
        Ok(())
    };
    let users = |w: &mut TableWriter<'_>| -> Result<()> {
        for u in 0..ctx.users {
            table.write(&Subject::user_at(ctx, u), w)?;
        }
        Ok(())
    };
    let groups = |w: &mut TableWriter<'_>| -> Result<()> {
        for g in 0..ctx.groups.len() {
            table.write(&Subject::group_at(ctx, g), w)?;
        }
        Ok(())
    };
    match table.scope() {
        Scope::Devices => devices(w),
        Scope::Users => users(w),
        Scope::Groups => groups(w),
        Scope::Resources => {
            devices(w)?;
            users(w)?;
            groups(w)
        }
        Scope::Site => table.write(&Subject::site(ctx), w),
    }
}

/// Counters that need the whole fleet: collection member counts and
/// deployment summaries.
pub(crate) struct Summary {
    pub members: Vec<u64>,
    pub deploy: Vec<Vec<deploy::Counts>>,
    pub lists: Vec<deploy::ListCounts>,
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
    /// Lower-case view name to table index.
    pub by_view: HashMap<String, usize>,
    /// Per table, the columns collection rules read.
    pub needed_columns: Vec<Vec<usize>>,
    pub list_pairs: Vec<(usize, usize)>,
    /// Collection rules the catalog could not bind (left out of the site).
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
        "v_gs_add_remove_programs" => b(s::Arp { x64: false, both: false }, view),
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
        "v_gs_usb_device" => b(i::PnpTable { kind: i::PnpKind::UsbDevice }, view),
        "v_gs_usb_controller" => b(i::PnpTable { kind: i::PnpKind::UsbController }, view),
        "v_gs_sound_device" => b(i::PnpTable { kind: i::PnpKind::Sound }, view),
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
        "v_update_compliancestatusall" => b(u::Compliance { required_or_installed: false }, view),
        "v_updatecompliancestatus" => b(u::Compliance { required_or_installed: true }, view),
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
    catalog.views().iter().map(|v| (v.name.clone(), table_for(v).1)).collect()
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
        });
        let mut updates = updates::Updates::build(now);
        for a in &mut updates.assignments {
            a.collection = collections.iter().position(|c| c.name == a.target).unwrap_or(usize::MAX);
        }
        let mut ctx = Ctx {
            seed: opts.seed,
            now,
            devices,
            users,
            groups: fleet::group_list(now),
            updates,
            collections,
            tables,
            by_view,
            needed_columns: needed,
            list_pairs: Vec::new(),
            unbound: unbound.into_iter().map(|u| u.0).collect(),
            summary: OnceLock::new(),
        };
        ctx.list_pairs = deploy::list_pairs(&ctx);
        Ok(ctx)
    }

    /// The fleet-wide counters, computed on first use with one pass over every resource.
    pub(crate) fn summary(&self) -> &Summary {
        self.summary.get_or_init(|| {
            let n = self.collections.len();
            let mut members = vec![0u64; n];
            let mut deploy: Vec<Vec<deploy::Counts>> = self
                .updates
                .assignments
                .iter()
                .map(|a| vec![deploy::Counts::default(); self.updates.sugs[a.sug].members.len()])
                .collect();
            let mut lists = vec![deploy::ListCounts::default(); self.list_pairs.len()];
            let mut tally = |s: &Subject<'_>| {
                for (c, m) in members.iter_mut().enumerate() {
                    if s.member(c) {
                        *m += 1;
                    }
                }
            };
            for i in 0..self.devices {
                let s = Subject::device_at(self, i);
                tally(&s);
                deploy::count(&s, &mut deploy, &mut lists, &self.list_pairs);
            }
            for u in 0..self.users {
                tally(&Subject::user_at(self, u));
            }
            for g in 0..self.groups.len() {
                tally(&Subject::group_at(self, g));
            }
            Summary { members, deploy, lists }
        })
    }
}
