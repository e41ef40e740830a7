//! The snapshot format: a directory with `manifest.json` and one Parquet file
//! per view (`<view>.parquet`), columns named and typed as the catalog says.
//! This layout is a public contract; other tools read it.
//!
//! Snapshots are written into a temporary sibling directory and renamed into
//! place, so a crash mid-write leaves the previous snapshot intact. On open,
//! the manifest is checked against the files (presence, size, SHA-256, schema,
//! Parquet footer) and every problem names the file.

use crate::error::{EngineError, Result, io};
use crate::storage::schema::view_schema;
use crate::storage::sink::BatchSink;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::parquet::file::properties::WriterProperties;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use wqlkit_core::{DateTime, ViewDef};

/// The manifest format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT_VERSION`].
    pub format_version: u32,
    /// When the snapshot was written (UTC, `yyyy-mm-ddThh:mm:ssZ`).
    pub created_at: String,
    /// The site's time the data describes (`yyyy-mm-dd hh:mm:ss`); `GetDate()` returns it offline.
    pub snapshot_time: String,
    /// Where the data came from.
    pub source: Source,
    /// One entry per view.
    pub views: Vec<ManifestView>,
}

/// Where a snapshot's data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Source {
    /// The synthetic demo fleet.
    Demo {
        /// Number of devices.
        devices: usize,
        /// Generator seed.
        seed: u64,
    },
    /// A live site database.
    Export {
        /// Server name.
        server: String,
        /// Database name.
        database: String,
        /// Catalog views the site does not have (left out of the snapshot).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        missing_views: Vec<String>,
    },
}

/// One view's entry in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestView {
    /// View name (`v_R_System`).
    pub name: String,
    /// File name relative to the snapshot directory (`v_R_System.parquet`).
    pub file: String,
    /// Number of rows.
    pub rows: u64,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    /// Columns: name and Arrow type.
    pub schema: Vec<ManifestColumn>,
}

/// A column in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestColumn {
    /// Column name.
    pub name: String,
    /// Arrow type, as Arrow prints it (`Utf8`, `Int32`, `Timestamp(µs)`…).
    #[serde(rename = "type")]
    pub data_type: String,
}

fn manifest_columns(schema: &SchemaRef) -> Vec<ManifestColumn> {
    schema
        .fields()
        .iter()
        .map(|f| ManifestColumn {
            name: f.name().clone(),
            data_type: f.data_type().to_string(),
        })
        .collect()
}

/// Hashes everything written through it.
struct HashingWriter {
    inner: BufWriter<File>,
    hasher: Sha256,
    bytes: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

struct OpenView {
    name: String,
    file: String,
    schema: SchemaRef,
    writer: ArrowWriter<HashingWriter>,
    rows: u64,
}

/// Writes a snapshot view by view; [`SnapshotWriter::finish`] moves it into place.
pub struct SnapshotWriter {
    target: PathBuf,
    staging: PathBuf,
    snapshot_time: DateTime,
    source: Source,
    views: Vec<ManifestView>,
    current: Option<OpenView>,
}

impl SnapshotWriter {
    /// Starts a snapshot that will replace `dir` when finished.
    pub fn create(dir: &Path, source: Source, snapshot_time: DateTime) -> Result<SnapshotWriter> {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "snapshot".into());
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // Only a snapshot (or nothing) is replaced: `--out ~/snapshots` must
        // not delete a folder of other things.
        if dir.exists() {
            let empty = dir.is_dir() && std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
            if !empty && !dir.join("manifest.json").is_file() {
                return Err(EngineError::Invalid(format!(
                    "{} exists and is not a snapshot (no manifest.json): choose a new directory, \
                     or an existing snapshot to replace",
                    dir.display()
                )));
            }
        }
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        remove_stale_staging(parent, &name);
        let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        std::fs::create_dir(&staging).map_err(io(&staging))?;
        Ok(SnapshotWriter {
            target: dir.to_path_buf(),
            staging,
            snapshot_time,
            source,
            views: Vec::new(),
            current: None,
        })
    }

    /// Drops the view being written, file and all (a view an export has to skip).
    pub fn discard_view(&mut self) -> Result<()> {
        if let Some(v) = self.current.take() {
            drop(v.writer);
            let path = self.staging.join(&v.file);
            if path.exists() {
                std::fs::remove_file(&path).map_err(io(&path))?;
            }
        }
        Ok(())
    }

    /// Records the views an export could not find on the site.
    pub fn set_missing_views(&mut self, views: Vec<String>) {
        if let Source::Export { missing_views, .. } = &mut self.source {
            *missing_views = views;
        }
    }

    /// Writes the manifest and swaps the new snapshot into place.
    pub fn finish(mut self) -> Result<Manifest> {
        if self.current.is_some() {
            self.end_view()?;
        }
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            created_at: now_utc(),
            snapshot_time: self.snapshot_time.to_string(),
            source: self.source.clone(),
            views: std::mem::take(&mut self.views),
        };
        let path = self.staging.join("manifest.json");
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| EngineError::Invalid(e.to_string()))?;
        let mut f = File::create(&path).map_err(io(&path))?;
        f.write_all(text.as_bytes()).map_err(io(&path))?;
        f.sync_all().map_err(io(&path))?;
        let old = self.staging.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            // Put the old snapshot back rather than leave none.
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io(&self.target)(e));
        }
        if had_old {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(manifest)
    }
}

impl Drop for SnapshotWriter {
    fn drop(&mut self) {
        // An unfinished snapshot leaves nothing behind; the old one was never touched.
        if self.staging.exists() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl BatchSink for SnapshotWriter {
    fn begin_view(&mut self, view: &ViewDef, schema: SchemaRef) -> Result<()> {
        if self.current.is_some() {
            self.end_view()?;
        }
        let file = format!("{}.parquet", view.name);
        let path = self.staging.join(&file);
        let f = File::create(&path).map_err(io(&path))?;
        let sink = HashingWriter {
            inner: BufWriter::new(f),
            hasher: Sha256::new(),
            bytes: 0,
        };
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(128 * 1024))
            .build();
        let writer = ArrowWriter::try_new(sink, schema.clone(), Some(props)).map_err(|e| EngineError::Snapshot {
            path: path.clone(),
            message: e.to_string(),
        })?;
        self.current = Some(OpenView {
            name: view.name.clone(),
            file,
            schema,
            writer,
            rows: 0,
        });
        Ok(())
    }

    fn write_batch(&mut self, batch: RecordBatch) -> Result<()> {
        let Some(v) = &mut self.current else {
            return Err(EngineError::Invalid("a batch was written outside a view".into()));
        };
        v.rows += batch.num_rows() as u64;
        let path = self.staging.join(&v.file);
        v.writer.write(&batch).map_err(|e| EngineError::Snapshot {
            path,
            message: e.to_string(),
        })
    }

    fn end_view(&mut self) -> Result<()> {
        let Some(v) = self.current.take() else { return Ok(()) };
        let path = self.staging.join(&v.file);
        let snap_err = |e: &dyn std::fmt::Display| EngineError::Snapshot {
            path: path.clone(),
            message: e.to_string(),
        };
        let mut sink = v.writer.into_inner().map_err(|e| snap_err(&e))?;
        sink.flush().map_err(io(&path))?;
        sink.inner.get_ref().sync_all().map_err(io(&path))?;
        self.views.push(ManifestView {
            name: v.name,
            file: v.file,
            rows: v.rows,
            bytes: sink.bytes,
            sha256: hex(&sink.hasher.finalize()),
            schema: manifest_columns(&v.schema),
        });
        Ok(())
    }
}

/// Removes the staging directories of writers that were killed before they
/// finished (their process is gone); another live writer's is left alone.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process exists; `true` where that cannot be told (no `/proc`).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// An opened, checked snapshot.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Its directory.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
}

impl Snapshot {
    /// Opens `dir` and checks every file against the manifest; `verify`
    /// also recomputes checksums (skip it for very large snapshots).
    pub fn open(dir: &Path, verify: bool) -> Result<Snapshot> {
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => EngineError::Snapshot {
                path: path.clone(),
                message: "no manifest.json here: this is not a wqlkit snapshot".into(),
            },
            _ => EngineError::Io {
                path: path.clone(),
                source: e,
            },
        })?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| EngineError::Snapshot {
            path: path.clone(),
            message: format!("invalid manifest: {e}"),
        })?;
        if manifest.format_version != FORMAT_VERSION {
            return Err(EngineError::Snapshot {
                path,
                message: format!(
                    "format version {} is not supported (this wqlkit reads version {FORMAT_VERSION})",
                    manifest.format_version
                ),
            });
        }
        for v in &manifest.views {
            check_view(dir, v, verify)?;
        }
        Ok(Snapshot {
            dir: dir.to_path_buf(),
            manifest,
        })
    }

    /// The site time the snapshot describes.
    pub fn snapshot_time(&self) -> Option<DateTime> {
        DateTime::parse(&self.manifest.snapshot_time)
    }

    /// The Parquet file of `view`, if the snapshot has it.
    pub fn file_of(&self, view: &str) -> Option<PathBuf> {
        self.manifest
            .views
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(view))
            .map(|v| self.dir.join(&v.file))
    }
}

fn check_view(dir: &Path, v: &ManifestView, verify: bool) -> Result<()> {
    if v.file.contains('/') || v.file.contains('\\') || v.file.starts_with('.') {
        return Err(EngineError::Snapshot {
            path: dir.join("manifest.json"),
            message: format!("bad file name {}", v.file),
        });
    }
    let path = dir.join(&v.file);
    let bad = |message: String| EngineError::Snapshot {
        path: path.clone(),
        message,
    };
    let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => bad(format!("missing: the manifest lists it for view {}", v.name)),
        _ => EngineError::Io {
            path: path.clone(),
            source: e,
        },
    })?;
    if meta.len() != v.bytes {
        return Err(bad(format!(
            "{} bytes, the manifest says {}: the file is truncated or was changed",
            meta.len(),
            v.bytes
        )));
    }
    if verify {
        let mut f = BufReader::new(File::open(&path).map_err(io(&path))?);
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = f.read(&mut buf).map_err(io(&path))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        let sum = hex(&hasher.finalize());
        if sum != v.sha256 {
            return Err(bad(format!(
                "checksum mismatch (SHA-256 {sum}, the manifest says {})",
                v.sha256
            )));
        }
    }
    let f = File::open(&path).map_err(io(&path))?;
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| bad(format!("not a readable Parquet file: {e}")))?;
    let found = manifest_columns(reader.schema());
    if found != v.schema {
        let describe = |c: &[ManifestColumn]| {
            c.iter()
                .map(|c| format!("{} {}", c.name, c.data_type))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(bad(format!(
            "schema differs from the manifest: file has [{}], manifest says [{}]",
            describe(&found),
            describe(&v.schema)
        )));
    }
    let rows = reader.metadata().file_metadata().num_rows() as u64;
    if rows != v.rows {
        return Err(bad(format!("{rows} rows, the manifest says {}", v.rows)));
    }
    Ok(())
}

/// Writes every view of `views` (name, schema, batches) as a snapshot at `dir`.
pub fn write_views(
    dir: &Path,
    source: Source,
    snapshot_time: DateTime,
    views: &[(ViewDef, Vec<RecordBatch>)],
) -> Result<Manifest> {
    let mut w = SnapshotWriter::create(dir, source, snapshot_time)?;
    for (view, batches) in views {
        w.begin_view(view, view_schema(view))?;
        for b in batches {
            w.write_batch(b.clone())?;
        }
        w.end_view()?;
    }
    w.finish()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    match DateTime::from_unix_micros(secs * 1_000_000) {
        Some(d) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year, d.month, d.day, d.hour, d.minute, d.second
        ),
        None => "1970-01-01T00:00:00Z".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::fixture::batch_from_json;
    use serde_json::json;
    use wqlkit_core::Catalog;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("wqlkit-snap-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    fn views(n: usize) -> Vec<(ViewDef, Vec<RecordBatch>)> {
        let c = Catalog::from_toml(wqlkit_core::testing::MINI_CATALOG).unwrap_or_else(|e| panic!("{e}"));
        c.views()
            .iter()
            .map(|v| {
                let rows: Vec<_> = (0..n)
                    .map(|i| json!({"ResourceID": i as i64 + 1, "Name0": format!("PC-{i:02}")}))
                    .collect();
                (
                    v.clone(),
                    vec![batch_from_json(v, &rows).unwrap_or_else(|e| panic!("{e}"))],
                )
            })
            .collect()
    }

    fn time() -> DateTime {
        DateTime::parse("2026-11-01 08:00:00").unwrap_or_else(|| unreachable!())
    }

    fn write(dir: &Path, n: usize) -> Manifest {
        write_views(dir, Source::Demo { devices: n, seed: 1 }, time(), &views(n)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn open_err(dir: &Path, verify: bool) -> String {
        match Snapshot::open(dir, verify) {
            Ok(_) => panic!("{} opened", dir.display()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn only_a_snapshot_or_an_empty_directory_is_replaced() {
        let dir = tmp("not-a-snapshot");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("keep.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
        let err = match SnapshotWriter::create(&dir, Source::Demo { devices: 1, seed: 1 }, time()) {
            Ok(_) => panic!("created over a folder of other things"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("is not a snapshot"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.join("keep.txt")).ok().as_deref(),
            Some("mine")
        );
        // An empty directory and an existing snapshot are fine.
        let empty = tmp("empty-target");
        std::fs::create_dir_all(&empty).unwrap_or_else(|e| panic!("{e}"));
        write(&empty, 2);
        write(&empty, 3);
        assert!(Snapshot::open(&empty, true).is_ok());
    }

    #[test]
    fn round_trip_with_manifest() {
        let dir = tmp("roundtrip");
        let m = write(&dir, 3);
        let s = Snapshot::open(&dir, true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.manifest, m);
        let rs = m
            .views
            .iter()
            .find(|v| v.name == "v_R_System")
            .unwrap_or_else(|| panic!("no v_R_System"));
        assert_eq!((rs.rows, rs.file.as_str()), (3, "v_R_System.parquet"));
        assert_eq!(
            rs.schema[0],
            ManifestColumn {
                name: "ResourceID".into(),
                data_type: "Int32".into()
            }
        );
        assert_eq!(rs.sha256.len(), 64);
        assert_eq!(s.snapshot_time(), Some(time()));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn damage_is_reported_with_the_file_name() {
        let dir = tmp("damage");
        write(&dir, 3);
        let file = dir.join("v_R_System.parquet");
        let mut bytes = std::fs::read(&file).unwrap_or_default();
        // Same length, one byte flipped: only the checksum notices.
        bytes[10] ^= 0xff;
        std::fs::write(&file, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let e = open_err(&dir, true);
        assert!(
            e.contains("v_R_System.parquet") && e.contains("checksum mismatch"),
            "{e}"
        );
        // Truncated: the size check names the file even without verification.
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
        let e = open_err(&dir, false);
        assert!(e.contains("v_R_System.parquet") && e.contains("truncated"), "{e}");
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
        let e = open_err(&dir, false);
        assert!(e.contains("v_R_System.parquet") && e.contains("missing"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_wrong_schema_or_garbage_is_an_error() {
        let dir = tmp("schema");
        write(&dir, 2);
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, text.replacen("\"Int32\"", "\"Int64\"", 1)).unwrap_or_else(|e| panic!("{e}"));
        let e = open_err(&dir, false);
        assert!(e.contains("schema differs"), "{e}");
        std::fs::write(&path, "{ not json").unwrap_or_else(|e| panic!("{e}"));
        assert!(open_err(&dir, false).contains("invalid manifest"));
        assert!(open_err(&tmp("nothing-here"), false).contains("not a wqlkit snapshot"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_unfinished_write_leaves_the_old_snapshot() {
        let dir = tmp("atomic");
        let old = write(&dir, 2);
        {
            let mut w = SnapshotWriter::create(&dir, Source::Demo { devices: 5, seed: 2 }, time())
                .unwrap_or_else(|e| panic!("{e}"));
            let (v, b) = &views(5)[0];
            w.begin_view(v, view_schema(v)).unwrap_or_else(|e| panic!("{e}"));
            w.write_batch(b[0].clone()).unwrap_or_else(|e| panic!("{e}"));
            // Dropped without finish(): as if the process died here.
        }
        let s = Snapshot::open(&dir, true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.manifest, old);
        let parent = dir.parent().unwrap_or(Path::new("/"));
        let leftovers = std::fs::read_dir(parent)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.file_name().to_string_lossy().contains("atomic.tmp"))
                    .count()
            })
            .unwrap_or(0);
        assert_eq!(leftovers, 0);
        // A finished rewrite replaces it.
        let new = write(&dir, 4);
        assert_eq!(Snapshot::open(&dir, true).map(|s| s.manifest).ok(), Some(new));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
