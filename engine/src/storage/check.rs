//! Whole-snapshot maintenance: checking every byte of every view
//! (`wqlkit snapshot verify`) and rewriting a snapshot of the older format
//! with checksums per column chunk (`wqlkit snapshot upgrade`).

use crate::error::{EngineError, Result, io};
use crate::storage::checksum::chunk_range;
use crate::storage::sink::BatchSink;
use crate::storage::snapshot::{FORMAT_VERSION, Manifest, Snapshot, SnapshotWriter, file_sha256};
use crate::storage::verified::SyncReader;
use datafusion::parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use std::sync::Arc;

/// Where a check of the whole snapshot is.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// The view being checked.
    pub view: &'a str,
    /// Views checked before it.
    pub views_done: usize,
    /// Views in all.
    pub views: usize,
    /// Bytes checked so far.
    pub bytes_done: u64,
    /// Bytes in all.
    pub bytes: u64,
}

/// What a check of the whole snapshot found: one line per damaged view.
#[derive(Debug, Default)]
pub struct VerifyReport {
    /// Views checked.
    pub views: usize,
    /// Bytes read.
    pub bytes: u64,
    /// The problems, each naming the view and file.
    pub problems: Vec<String>,
}

/// Checks every view of `snapshot`: its file against the manifest (size,
/// footer, schema, rows), every column chunk against its checksum, and the
/// whole file against its SHA-256. Damage is reported, not returned as an
/// error, so one run lists every damaged view.
pub fn verify(snapshot: &Snapshot, progress: &mut dyn FnMut(Progress<'_>)) -> VerifyReport {
    // Every chunk is read from disk, none taken from what queries cached.
    let snapshot = &snapshot.uncached();
    let views = &snapshot.manifest.views;
    let total: u64 = views.iter().map(|v| v.bytes).sum();
    let mut report = VerifyReport::default();
    for (k, v) in views.iter().enumerate() {
        progress(Progress {
            view: &v.name,
            views_done: k,
            views: views.len(),
            bytes_done: report.bytes,
            bytes: total,
        });
        if let Err(e) = verify_view(snapshot, v) {
            report.problems.push(e.to_string());
        }
        report.views += 1;
        report.bytes += v.bytes;
    }
    if let Err(e) = snapshot.site_catalog() {
        report.problems.push(e.to_string());
    }
    progress(Progress {
        view: "",
        views_done: views.len(),
        views: views.len(),
        bytes_done: report.bytes,
        bytes: total,
    });
    report
}

fn verify_view(snapshot: &Snapshot, v: &crate::storage::snapshot::ManifestView) -> Result<()> {
    let file = snapshot.open_view(v)?;
    for rg in file.metadata.row_groups() {
        for chunk in rg.columns() {
            file.read(chunk_range(chunk.byte_range())).map_err(|e| {
                EngineError::caused_by(&e).unwrap_or_else(|| EngineError::Snapshot {
                    path: file.path.clone(),
                    message: format!("view {}: {e}", v.name),
                })
            })?;
        }
    }
    let sum = file_sha256(&file.path).map_err(io(&file.path))?;
    if sum != v.sha256 {
        return Err(EngineError::Snapshot {
            path: file.path.clone(),
            message: format!(
                "view {}: checksum mismatch (SHA-256 {sum}, the manifest says {})",
                v.name, v.sha256
            ),
        });
    }
    Ok(())
}

/// Rewrites the snapshot at `dir` in the current format, with checksums per
/// column chunk, after checking every file against its recorded SHA-256.
/// The new snapshot replaces the old one only once it is complete; the data
/// (every view's rows, the site's time and the source) is the same.
pub fn upgrade(dir: &std::path::Path, progress: &mut dyn FnMut(Progress<'_>)) -> Result<Manifest> {
    let snapshot = Snapshot::open(dir, true)?;
    if snapshot.manifest.format_version == FORMAT_VERSION {
        return Err(EngineError::Invalid(format!(
            "{} is already in the current format (version {FORMAT_VERSION})",
            dir.display()
        )));
    }
    let time = snapshot.snapshot_time().ok_or_else(|| EngineError::Snapshot {
        path: dir.join("manifest.json"),
        message: format!("unreadable snapshot time {}", snapshot.manifest.snapshot_time),
    })?;
    let mut writer = SnapshotWriter::create(dir, snapshot.manifest.source.clone(), time)?;
    if let Some(site) = snapshot.site_catalog()? {
        writer.set_site_catalog(&site)?;
    }
    let views = &snapshot.manifest.views;
    let total: u64 = views.iter().map(|v| v.bytes).sum();
    let mut done = 0;
    for (k, v) in views.iter().enumerate() {
        progress(Progress {
            view: &v.name,
            views_done: k,
            views: views.len(),
            bytes_done: done,
            bytes: total,
        });
        let file = Arc::new(snapshot.open_view(v)?);
        let snap_err = |e: &dyn std::fmt::Display| EngineError::Snapshot {
            path: file.path.clone(),
            message: e.to_string(),
        };
        let meta =
            ArrowReaderMetadata::try_new(file.metadata.clone(), ArrowReaderOptions::new()).map_err(|e| snap_err(&e))?;
        let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(SyncReader(file.clone()), meta.clone())
            .build()
            .map_err(|e| snap_err(&e))?;
        writer.begin_file(&v.name, meta.schema().clone())?;
        for batch in reader {
            writer.write_batch(batch.map_err(|e| snap_err(&e))?)?;
        }
        writer.end_view()?;
        done += v.bytes;
    }
    let manifest = writer.finish()?;
    progress(Progress {
        view: "",
        views_done: views.len(),
        views: views.len(),
        bytes_done: total,
        bytes: total,
    });
    Ok(manifest)
}
