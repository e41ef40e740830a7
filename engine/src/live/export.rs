//! Copies the catalog's views from a site database into a snapshot, view by
//! view, in bounded batches, through [`SnapshotWriter`] (atomic: an export
//! that fails or is interrupted leaves the previous snapshot as it was).

use crate::error::EngineError;
use crate::live::client::{BATCH_ROWS, LiveConnection};
use crate::live::error::LiveError;
use crate::live::statements::{select_columns, select_count};
use crate::storage::schema::view_schema;
use crate::storage::sink::BatchSink;
use crate::storage::snapshot::{Manifest, SnapshotWriter, Source};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};
use wqlkit_core::catalog::CatalogFile;
use wqlkit_core::{Catalog, ViewDef};

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Only these views (catalog names, any case); `None` is every catalog view.
    pub views: Option<Vec<String>>,
    /// Rows per batch (bounds memory); 0 means the default.
    pub batch_rows: usize,
    /// The site's own catalog ([`crate::live::read_site_catalog`]), stored
    /// in the snapshot; a view it does not list is not on the site and is
    /// skipped without asking the server.
    pub site_catalog: Option<CatalogFile>,
}

/// Told about the export's progress, view by view.
pub trait ExportProgress: Send {
    /// A view starts; `expected` is its `COUNT_BIG(*)`.
    fn view_started(&mut self, view: &str, expected: u64);
    /// `done` rows of the view are written so far.
    fn rows(&mut self, view: &str, done: u64);
    /// The view is written.
    fn view_finished(&mut self, view: &str, rows: u64, elapsed: Duration);
    /// The view is not on the site and was left out.
    fn view_skipped(&mut self, view: &str, why: &LiveError);
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl ExportProgress for NoProgress {
    fn view_started(&mut self, _: &str, _: u64) {}
    fn rows(&mut self, _: &str, _: u64) {}
    fn view_finished(&mut self, _: &str, _: u64, _: Duration) {}
    fn view_skipped(&mut self, _: &str, _: &LiveError) {}
}

/// A finished export.
#[derive(Debug)]
pub struct ExportReport {
    /// The snapshot's manifest.
    pub manifest: Manifest,
    /// Views left out, with why.
    pub skipped: Vec<(String, LiveError)>,
    /// Wall time.
    pub elapsed: Duration,
}

impl ExportReport {
    /// Rows written in all.
    pub fn rows(&self) -> u64 {
        self.manifest.views.iter().map(|v| v.rows).sum()
    }
}

/// Why an export failed.
#[derive(Debug)]
pub enum ExportError {
    /// The server or the connection.
    Live(LiveError),
    /// Writing the snapshot.
    Write(EngineError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Live(e) => e.fmt(f),
            ExportError::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<LiveError> for ExportError {
    fn from(e: LiveError) -> Self {
        ExportError::Live(e)
    }
}

impl From<EngineError> for ExportError {
    fn from(e: EngineError) -> Self {
        ExportError::Write(e)
    }
}

/// The catalog views an export copies, in catalog order.
pub fn select_views<'c>(catalog: &'c Catalog, wanted: Option<&[String]>) -> Result<Vec<&'c ViewDef>, LiveError> {
    let all = catalog.views();
    let Some(wanted) = wanted else {
        return Ok(all.iter().collect());
    };
    let mut out = Vec::new();
    for w in wanted {
        match all.iter().find(|v| v.name.eq_ignore_ascii_case(w.trim())) {
            Some(v) if !out.iter().any(|o: &&ViewDef| o.name == v.name) => out.push(v),
            Some(_) => {}
            None => {
                let hint = wqlkit_core::catalog::closest(w, all.iter().map(|v| v.name.clone()));
                return Err(LiveError::Settings(format!(
                    "--views: the catalog has no view {w}{}",
                    hint.first().map(|h| format!("; did you mean {h}?")).unwrap_or_default()
                )));
            }
        }
    }
    Ok(out)
}

/// Exports `views` of `catalog` (see [`ExportOptions`]) into a snapshot at `dir`.
pub async fn export(
    conn: &mut LiveConnection,
    catalog: &Catalog,
    dir: &Path,
    options: &ExportOptions,
    progress: &mut dyn ExportProgress,
) -> Result<ExportReport, ExportError> {
    let started = Instant::now();
    let views = select_views(catalog, options.views.as_deref())?;
    let batch_rows = if options.batch_rows == 0 {
        BATCH_ROWS
    } else {
        options.batch_rows
    };
    let now = conn.server_time().await?;
    let o = conn.options();
    let source = Source::Export {
        server: o.server.to_string(),
        database: o.database.clone().unwrap_or_default(),
        missing_views: Vec::new(),
    };
    let mut writer = SnapshotWriter::create(dir, source, now)?;
    if let Some(site) = &options.site_catalog {
        writer.set_site_catalog(site)?;
    }
    let on_site = |v: &ViewDef| {
        options
            .site_catalog
            .as_ref()
            .is_none_or(|s| s.views.iter().any(|sv| sv.name.eq_ignore_ascii_case(&v.name)))
    };
    let mut skipped = Vec::new();
    for view in views {
        if !on_site(view) {
            let e = LiveError::ViewMissing {
                view: view.name.clone(),
                message: "the site's INFORMATION_SCHEMA.COLUMNS does not list it".into(),
            };
            progress.view_skipped(&view.name, &e);
            skipped.push((view.name.clone(), e));
            continue;
        }
        let expected = match count_rows(conn, view).await {
            Ok(n) => n,
            Err(e @ (LiveError::ViewMissing { .. } | LiveError::PermissionDenied { .. })) => {
                progress.view_skipped(&view.name, &e);
                skipped.push((view.name.clone(), e));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        progress.view_started(&view.name, expected);
        let t0 = Instant::now();
        let schema = view_schema(view);
        writer.begin_view(view, schema.clone())?;
        let sql = select_columns(view)?;
        let mut done = 0u64;
        let mut write_error = None;
        let name = view.name.clone();
        let rows = conn
            .stream(&sql, &[], schema, Some(&view.name), batch_rows, &mut |b| {
                done += b.num_rows() as u64;
                if let Err(e) = writer.write_batch(b) {
                    write_error = Some(e);
                    return Err(LiveError::Protocol("writing the snapshot failed".into()));
                }
                progress.rows(&name, done);
                Ok(())
            })
            .await;
        if let Some(e) = write_error {
            return Err(e.into());
        }
        let rows = match rows {
            Ok(n) => n,
            // A column the catalog names that this site's view lacks (another
            // ConfigMgr version, a custom catalog), or a view this login may
            // not read: the view is skipped and reported, the export goes on.
            Err(e @ (LiveError::Server { number: 207, .. } | LiveError::PermissionDenied { .. })) => {
                writer.discard_view()?;
                let e = match e {
                    LiveError::Server { number, message } => LiveError::Server {
                        number,
                        message: format!("{message} (the catalog's columns for this view do not match the site)"),
                    },
                    other => other,
                };
                progress.view_skipped(&view.name, &e);
                skipped.push((view.name.clone(), e));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        writer.end_view()?;
        progress.view_finished(&view.name, rows, t0.elapsed());
    }
    writer.set_missing_views(skipped.iter().map(|(v, _)| v.clone()).collect());
    let manifest = writer.finish()?;
    Ok(ExportReport {
        manifest,
        skipped,
        elapsed: started.elapsed(),
    })
}

async fn count_rows(conn: &mut LiveConnection, view: &ViewDef) -> Result<u64, LiveError> {
    let sql = select_count(view)?;
    let b = conn.scalar(&sql, DataType::Int64, Some(&view.name)).await?;
    let n = b.and_then(|b| {
        let a = b.column(0).as_primitive::<Int64Type>();
        (!a.is_empty() && !a.is_null(0)).then(|| a.value(0))
    });
    Ok(n.unwrap_or(0).max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_views_are_checked_against_the_catalog() {
        let c = Catalog::builtin();
        let names = |v: Vec<&ViewDef>| v.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
        let picked = select_views(c, Some(&["V_R_SYSTEM".into(), "v_GS_OPERATING_SYSTEM".into()]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(picked), ["v_R_System", "v_GS_OPERATING_SYSTEM"]);
        assert!(matches!(
            select_views(c, Some(&["v_R_Sytem".into()])),
            Err(LiveError::Settings(m)) if m.contains("did you mean v_R_System")
        ));
        assert_eq!(select_views(c, None).map(|v| v.len()).ok(), Some(c.views().len()));
    }
}
