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
//!   include and exclude rules and limiting chains, and their membership;
//! * every other view of the catalog (the long tail of inventory classes and
//!   their history, discovery and report views, a site's custom classes)
//!   filled as `demo/data/generic_*.toml` describe it: rows keyed to the
//!   fleet's resources, history rows the earlier revisions of current ones,
//!   and values from the same facts, with plausible ones for the classes
//!   admins filter on (Windows Update agent versions by build, AD
//!   departments, managers and custom OU attributes, …).
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

mod data;
mod model;
mod site;
mod views;

#[cfg(test)]
mod evaluation_tests;
#[cfg(test)]
mod tests;

use crate::site::Site;
use crate::site::collections::STALE;
use crate::site::in_chunks;
use crate::site::subject::Subject;
use crate::site::table::Scope;
use crate::site::writer::RowBuffer;
use crate::site::writer::ViewWriter;
use crate::views::table_for;
use datafusion::arrow::record_batch::RecordBatch;
use wqlkit_core::{Catalog, DateTime};
use wqlkit_engine::Engine;
use wqlkit_engine::error::Result;
use wqlkit_engine::storage::sink::{BatchSink, MemorySink};

/// Names of the demo collections whose recorded membership is deliberately
/// stale (differs from what their rules give by a few members).
pub const STALE_COLLECTIONS: StaleCollections = STALE;

pub use crate::site::collections::StaleCollections;

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

/// An engine over the fleet of `opts` holding only `views` (any case): what
/// one query reads, without the hundreds of views it does not. Each view's
/// rows are the ones [`engine`] generates for it.
pub fn engine_of(catalog: &Catalog, opts: &DemoOptions, views: &[String]) -> Result<Engine> {
    let mut sink = MemorySink::default();
    generate_only(catalog, opts, &mut sink, &|v| {
        views.iter().any(|w| w.eq_ignore_ascii_case(v))
    })?;
    Engine::from_memory(sink.views, opts.now)
}

/// The site of `opts`, with a table for each view of `catalog`.
fn build(catalog: &Catalog, opts: &DemoOptions) -> Result<Site> {
    let tables = catalog.views().iter().map(|v| table_for(v, catalog).0).collect();
    Site::new(catalog, opts, tables)
}

/// Writes every view of `catalog`, once each and in the catalog's order, with
/// the synthetic fleet described by `opts`.
pub fn generate(catalog: &Catalog, opts: &DemoOptions, sink: &mut dyn BatchSink) -> Result<()> {
    generate_only(catalog, opts, sink, &|_| true)
}

/// [`generate`], for the views `wanted` accepts.
fn generate_only(
    catalog: &Catalog,
    opts: &DemoOptions,
    sink: &mut dyn BatchSink,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<()> {
    let site = build(catalog, opts)?;
    for table in site.tables.iter().filter(|t| wanted(&t.view().name)) {
        let mut view = ViewWriter::begin(table.view(), sink)?;
        let schema = view.schema();
        let scope = table.scope();
        if scope == Scope::Site {
            let mut rows = RowBuffer::new(schema);
            table.write(&Subject::site(&site), &mut rows)?;
            for b in rows.finish()? {
                view.add(b)?;
            }
        } else {
            let table = table.as_ref();
            in_chunks(
                site.subjects(scope),
                |range| -> Result<Vec<RecordBatch>> {
                    let mut rows = RowBuffer::new(schema.clone());
                    for k in range {
                        table.write(&site.subject(scope, k), &mut rows)?;
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

/// Whether each view of `catalog` has a specific generator (`true`) or is
/// filled generically from its column names (`false`).
pub fn coverage(catalog: &Catalog) -> Vec<(String, bool)> {
    catalog
        .views()
        .iter()
        .map(|v| (v.name.clone(), table_for(v, catalog).1))
        .collect()
}
