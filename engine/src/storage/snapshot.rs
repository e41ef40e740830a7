//! The snapshot format: a directory with `manifest.json` and one Parquet file
//! per view (`<view>.parquet`), columns named and typed as the catalog says.
//! This layout is a public contract; other tools read it.
//!
//! Snapshots are written into a temporary sibling directory and renamed into
//! place, so a crash mid-write leaves the previous snapshot intact. Opening a
//! snapshot reads its manifest only; a view's file is checked when it is first
//! read ([`Snapshot::open_view`]: size, footer against its recorded SHA-256,
//! schema, rows), and each column chunk as it is read, against the CRC-32 the
//! manifest records ([`crate::storage::verified`]). [`crate::storage::check::verify`]
//! checks everything. Every problem names the file.

use crate::error::{EngineError, Result, io};
use crate::storage::ascending::Ascending;
use crate::storage::checksum::{ChunkChecksums, Footer, hex};
use crate::storage::chunk_cache::ChunkCache;
use crate::storage::schema::view_schema;
use crate::storage::sink::BatchSink;
use crate::storage::verified::VerifiedFile;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::Encoding;
use datafusion::parquet::file::metadata::ParquetMetaDataReader;
use datafusion::parquet::file::properties::WriterProperties;
use datafusion::parquet::schema::types::ColumnPath;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wqlkit_core::{DateTime, ViewDef};

/// The manifest format version this build writes.
pub const FORMAT_VERSION: u32 = 2;

/// The first format, whose manifest records only a SHA-256 of each whole
/// file: its files are checked whole when opened (unless asked not to), and
/// `wqlkit snapshot upgrade` rewrites them with checksums per column chunk.
pub const FORMAT_WHOLE_FILE: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT_VERSION`], or [`FORMAT_WHOLE_FILE`] for older snapshots.
    pub format_version: u32,
    /// When the snapshot was written (UTC, `yyyy-mm-ddThh:mm:ssZ`).
    pub created_at: String,
    /// The site's time the data describes (`yyyy-mm-dd hh:mm:ss`); `GetDate()` returns it offline.
    pub snapshot_time: String,
    /// Where the data came from.
    pub source: Source,
    /// One entry per view.
    pub views: Vec<ManifestView>,
    /// The site's own catalog, for a snapshot exported from a site that
    /// describes itself ([`crate::storage::site_catalog`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<ManifestFile>,
}

/// A file of the snapshot other than a view's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// File name relative to the snapshot directory.
    pub file: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Hex SHA-256 of the file.
    pub sha256: String,
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
    /// Hex SHA-256 of the file's footer (its last `8 + metadata length` bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer_sha256: Option<String>,
    /// CRC-32 of each column chunk (see [`ChunkChecksums::encode`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_crc32: Option<String>,
    /// Columns: name and Arrow type.
    pub schema: Vec<ManifestColumn>,
    /// The integer columns whose values rise strictly from row to row, so
    /// each is distinct and none NULL ([`crate::storage::ascending`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ascending: Vec<String>,
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
    ascending: Ascending,
}

/// Writes a snapshot view by view; [`SnapshotWriter::finish`] moves it into place.
pub struct SnapshotWriter {
    target: PathBuf,
    pub(crate) staging: PathBuf,
    pub(crate) catalog: Option<ManifestFile>,
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
            catalog: None,
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
            self.finish_file()?;
        }
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            created_at: now_utc(),
            snapshot_time: self.snapshot_time.to_string(),
            source: self.source.clone(),
            views: std::mem::take(&mut self.views),
            catalog: self.catalog.take(),
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
        self.begin_file(&view.name, schema)
    }

    fn write_batch(&mut self, batch: RecordBatch) -> Result<()> {
        let Some(v) = &mut self.current else {
            return Err(EngineError::Invalid("a batch was written outside a view".into()));
        };
        v.rows += batch.num_rows() as u64;
        v.ascending.observe(&batch);
        let path = self.staging.join(&v.file);
        v.writer.write(&batch).map_err(|e| EngineError::Snapshot {
            path,
            message: e.to_string(),
        })
    }

    fn end_view(&mut self) -> Result<()> {
        self.finish_file()
    }
}

/// How a view's file is written: row groups of 128Ki rows; integer columns
/// (ResourceID and the other keys, counts, states) delta-encoded, text and
/// everything else dictionary-encoded where the values repeat. A key column
/// holds a distinct or slowly rising value per row: a dictionary of a
/// million ResourceIDs outgrows its page and falls back to plain values,
/// while their differences pack into a few bits (the device table's key
/// column: 6 MB as a dictionary, a few KB as deltas).
fn writer_properties(schema: &SchemaRef) -> WriterProperties {
    let mut props = WriterProperties::builder().set_max_row_group_row_count(Some(128 * 1024));
    for field in schema.fields() {
        if matches!(field.data_type(), DataType::Int32 | DataType::Int64) {
            let column = ColumnPath::from(field.name().as_str());
            props = props
                .set_column_dictionary_enabled(column.clone(), false)
                .set_column_encoding(column, Encoding::DELTA_BINARY_PACKED);
        }
    }
    props.build()
}

impl SnapshotWriter {
    /// Starts the file of view `name`, whose rows have `schema`.
    pub fn begin_file(&mut self, name: &str, schema: SchemaRef) -> Result<()> {
        if self.current.is_some() {
            self.finish_file()?;
        }
        let file = format!("{name}.parquet");
        let path = self.staging.join(&file);
        let f = File::create(&path).map_err(io(&path))?;
        let sink = HashingWriter {
            inner: BufWriter::new(f),
            hasher: Sha256::new(),
            bytes: 0,
        };
        let writer = ArrowWriter::try_new(sink, schema.clone(), Some(writer_properties(&schema))).map_err(|e| {
            EngineError::Snapshot {
                path: path.clone(),
                message: e.to_string(),
            }
        })?;
        self.current = Some(OpenView {
            name: name.to_string(),
            file,
            ascending: Ascending::new(&schema),
            schema,
            writer,
            rows: 0,
        });
        Ok(())
    }

    /// Closes the current file and records it in the manifest.
    fn finish_file(&mut self) -> Result<()> {
        let Some(v) = self.current.take() else { return Ok(()) };
        let path = self.staging.join(&v.file);
        let snap_err = |e: &dyn std::fmt::Display| EngineError::Snapshot {
            path: path.clone(),
            message: e.to_string(),
        };
        let mut sink = v.writer.into_inner().map_err(|e| snap_err(&e))?;
        sink.flush().map_err(io(&path))?;
        sink.inner.get_ref().sync_all().map_err(io(&path))?;
        // The checksums a reader checks, from the file as written (still in
        // the page cache).
        let mut file = File::open(&path).map_err(io(&path))?;
        let footer = Footer::read(&mut file, sink.bytes)
            .map_err(io(&path))?
            .ok_or_else(|| snap_err(&"the writer left no Parquet footer"))?;
        let metadata = ParquetMetaDataReader::decode_metadata(footer.metadata()).map_err(|e| snap_err(&e))?;
        let chunks = ChunkChecksums::compute(&path, &metadata).map_err(io(&path))?;
        self.views.push(ManifestView {
            name: v.name,
            file: v.file,
            rows: v.rows,
            bytes: sink.bytes,
            sha256: hex(&sink.hasher.finalize()),
            footer_sha256: Some(footer.sha256()),
            chunk_crc32: Some(chunks.encode()),
            schema: manifest_columns(&v.schema),
            ascending: v.ascending.columns(),
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

/// A snapshot whose manifest has been read; its views are opened one by one
/// ([`Snapshot::open_view`]) when a query first reads them.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Its directory.
    pub dir: PathBuf,
    /// Its manifest (shared by the snapshot's copies: an engine keeps one,
    /// and a million-device manifest lists some 7,000 columns).
    pub manifest: Arc<Manifest>,
    /// Whether a view's whole file is hashed when opened, for snapshots that
    /// record no checksums per column chunk ([`FORMAT_WHOLE_FILE`]).
    pub verify_whole_files: bool,
    /// The column chunks its views' files have read and checked.
    pub(crate) chunk_cache: Arc<ChunkCache>,
}

impl Snapshot {
    /// Reads the manifest of the snapshot at `dir` (nothing else). `verify`
    /// asks for each view's whole file to be hashed when it is opened, where
    /// the snapshot has no checksums per column chunk (an older format); a
    /// snapshot that has them checks each chunk as it is read either way.
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
        if manifest.format_version != FORMAT_VERSION && manifest.format_version != FORMAT_WHOLE_FILE {
            return Err(EngineError::Snapshot {
                path,
                message: format!(
                    "format version {} is not supported (this wqlkit reads versions {FORMAT_WHOLE_FILE} and {FORMAT_VERSION})",
                    manifest.format_version
                ),
            });
        }
        for v in &manifest.views {
            let checksums = v.footer_sha256.is_some() && v.chunk_crc32.is_some();
            if v.file.contains('/') || v.file.contains('\\') || v.file.starts_with('.') {
                return Err(EngineError::Snapshot {
                    path: path.clone(),
                    message: format!("bad file name {}", v.file),
                });
            }
            if manifest.format_version == FORMAT_VERSION && !checksums {
                return Err(EngineError::Snapshot {
                    path: path.clone(),
                    message: format!("view {} has no checksums (footer_sha256, chunk_crc32)", v.name),
                });
            }
        }
        Ok(Snapshot {
            dir: dir.to_path_buf(),
            manifest: Arc::new(manifest),
            verify_whole_files: verify,
            chunk_cache: Arc::default(),
        })
    }

    /// Whether the snapshot records checksums per column chunk (or only per file).
    pub fn has_chunk_checksums(&self) -> bool {
        self.manifest.format_version >= FORMAT_VERSION
    }

    /// The site time the snapshot describes.
    pub fn snapshot_time(&self) -> Option<DateTime> {
        DateTime::parse(&self.manifest.snapshot_time)
    }

    /// The manifest entry of `view` (any case).
    pub fn view(&self, view: &str) -> Option<&ManifestView> {
        self.manifest.views.iter().find(|v| v.name.eq_ignore_ascii_case(view))
    }

    /// The same snapshot, reading every chunk from disk (none cached).
    pub fn uncached(&self) -> Snapshot {
        Snapshot {
            chunk_cache: Arc::new(ChunkCache::with_budget(0)),
            ..self.clone()
        }
    }

    /// Where `v` is in the manifest.
    fn view_number(&self, v: &ManifestView) -> usize {
        self.manifest
            .views
            .iter()
            .position(|m| m.name == v.name)
            .unwrap_or(usize::MAX)
    }

    /// The Parquet file of `view`, if the snapshot has it.
    pub fn file_of(&self, view: &str) -> Option<PathBuf> {
        self.view(view).map(|v| self.dir.join(&v.file))
    }

    /// Opens the file of view `v` and checks it against the manifest: size,
    /// footer (its SHA-256, or the whole file's in the older format when the
    /// snapshot was opened to verify), schema and rows.
    pub fn open_view(&self, v: &ManifestView) -> Result<VerifiedFile> {
        let path = self.dir.join(&v.file);
        let bad = |message: String| EngineError::Snapshot {
            path: path.clone(),
            message: format!("view {}: {message}", v.name),
        };
        let mut file = File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => bad("missing: the manifest lists this file".into()),
            _ => EngineError::Io {
                path: path.clone(),
                source: e,
            },
        })?;
        let size = file.metadata().map_err(io(&path))?.len();
        if size != v.bytes {
            return Err(bad(format!(
                "{size} bytes, the manifest says {}: the file is truncated or was changed",
                v.bytes
            )));
        }
        let footer = Footer::read(&mut file, size)
            .map_err(io(&path))?
            .ok_or_else(|| bad("no Parquet footer: the file is damaged".into()))?;
        match &v.footer_sha256 {
            Some(expected) => {
                let found = footer.sha256();
                if &found != expected {
                    return Err(bad(format!(
                        "the footer does not match its checksum (SHA-256 {found}, the manifest says {expected}): \
                         the file is damaged or belongs to another view"
                    )));
                }
            }
            None if self.verify_whole_files => {
                let found = file_sha256(&path).map_err(io(&path))?;
                if found != v.sha256 {
                    return Err(bad(format!(
                        "checksum mismatch (SHA-256 {found}, the manifest says {})",
                        v.sha256
                    )));
                }
            }
            None => {}
        }
        let metadata = ParquetMetaDataReader::decode_metadata(footer.metadata())
            .map_err(|e| bad(format!("not a readable Parquet file: {e}")))?;
        let schema = datafusion::parquet::arrow::parquet_to_arrow_schema(
            metadata.file_metadata().schema_descr(),
            metadata.file_metadata().key_value_metadata(),
        )
        .map_err(|e| bad(format!("not a readable Parquet file: {e}")))?;
        let found = manifest_columns(&Arc::new(schema));
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
        let rows = metadata.file_metadata().num_rows() as u64;
        if rows != v.rows {
            return Err(bad(format!("{rows} rows, the manifest says {}", v.rows)));
        }
        let checksums = match &v.chunk_crc32 {
            Some(text) => Some(
                ChunkChecksums::decode(text)
                    .filter(|c| c.fits(&metadata))
                    .ok_or_else(|| bad("the manifest's column chunk checksums do not fit the file".into()))?,
            ),
            None => None,
        };
        Ok(VerifiedFile::new(
            v.name.clone(),
            path.clone(),
            size,
            Arc::new(metadata),
            checksums.as_ref(),
            (self.chunk_cache.clone(), self.view_number(v)),
        ))
    }
}

/// Hex SHA-256 of the file at `path`.
pub(crate) fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut f = BufReader::new(File::open(path)?);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
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
        assert_eq!(*s.manifest, m);
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

    /// The error of opening `view` of the snapshot at `dir`.
    fn view_err(dir: &Path, view: &str, verify: bool) -> String {
        let s = Snapshot::open(dir, verify).unwrap_or_else(|e| panic!("{e}"));
        let v = s.view(view).unwrap_or_else(|| panic!("no {view}"));
        match s.open_view(v) {
            Ok(_) => panic!("{view} opened"),
            Err(e) => e.to_string(),
        }
    }

    /// Every column chunk of `view`, read through its checks.
    fn read_all(dir: &Path, view: &str) -> std::result::Result<(), String> {
        let s = Snapshot::open(dir, false).map_err(|e| e.to_string())?;
        let f = s.open_view(s.view(view).ok_or("no view")?).map_err(|e| e.to_string())?;
        for rg in f.metadata.row_groups() {
            for c in rg.columns() {
                f.read(crate::storage::checksum::chunk_range(c.byte_range()))
                    .map_err(|e| EngineError::caused_by(&e).map_or_else(|| e.to_string(), |e| e.to_string()))?;
            }
        }
        Ok(())
    }

    #[test]
    fn opening_reads_the_manifest_only_and_damage_shows_when_a_view_is_read() {
        let dir = tmp("damage");
        write(&dir, 3);
        let file = dir.join("v_R_System.parquet");
        let bytes = std::fs::read(&file).unwrap_or_default();
        // A byte of the first column chunk flipped: the view opens (its footer
        // is intact), and reading the chunk names view, file, row group, column.
        let mut flipped = bytes.clone();
        flipped[10] ^= 0xff;
        std::fs::write(&file, &flipped).unwrap_or_else(|e| panic!("{e}"));
        assert!(Snapshot::open(&dir, true).is_ok());
        let e = read_all(&dir, "v_R_System").expect_err("damage read");
        assert!(
            e.contains("v_R_System.parquet") && e.contains("view v_R_System") && e.contains("row group 0"),
            "{e}"
        );
        // Other views read as usual.
        assert_eq!(read_all(&dir, "v_GS_OPERATING_SYSTEM"), Ok(()));
        // Truncated, then missing: the view does not open.
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
        let e = view_err(&dir, "v_R_System", false);
        assert!(e.contains("v_R_System.parquet") && e.contains("truncated"), "{e}");
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
        let e = view_err(&dir, "v_R_System", false);
        assert!(e.contains("v_R_System.parquet") && e.contains("missing"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_chunk_is_read_and_checked_once_and_verify_reads_every_chunk_from_disk() {
        let dir = tmp("cached");
        write(&dir, 3);
        let s = Snapshot::open(&dir, false).unwrap_or_else(|e| panic!("{e}"));
        let f = s
            .open_view(s.view("v_R_System").unwrap_or_else(|| panic!("no view")))
            .unwrap_or_else(|e| panic!("{e}"));
        let chunk = crate::storage::checksum::chunk_range(f.metadata.row_group(0).column(0).byte_range());
        let first = f.read(chunk.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.chunk_cache.cached_bytes(), first.len());
        // The chunk changes on disk after it was checked: this process
        // answers from what it checked, and a part of it is a slice of that.
        let file = dir.join("v_R_System.parquet");
        let mut bytes = std::fs::read(&file).unwrap_or_default();
        bytes[chunk.start as usize + 1] ^= 0xff;
        std::fs::write(&file, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.read(chunk.clone()).ok(), Some(first.clone()));
        let part = f
            .read(chunk.start + 1..chunk.start + 3)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(part, first.slice(1..3));
        // Verifying the same snapshot reads the disk and finds the damage.
        let report = crate::storage::check::verify(&s, &mut |_| {});
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(report.problems[0].contains("view v_R_System"), "{:?}", report.problems);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_footer_or_a_file_of_another_view_does_not_open() {
        let dir = tmp("footer");
        write(&dir, 3);
        let file = dir.join("v_R_System.parquet");
        let bytes = std::fs::read(&file).unwrap_or_default();
        let mut damaged = bytes.clone();
        let at = bytes.len() - 20;
        damaged[at] ^= 0x01;
        std::fs::write(&file, &damaged).unwrap_or_else(|e| panic!("{e}"));
        let e = view_err(&dir, "v_R_System", false);
        assert!(e.contains("footer does not match"), "{e}");
        // The same size but another view's file.
        let other = std::fs::read(dir.join("v_GS_OPERATING_SYSTEM.parquet")).unwrap_or_default();
        if other.len() == bytes.len() {
            std::fs::write(&file, &other).unwrap_or_else(|e| panic!("{e}"));
            let e = view_err(&dir, "v_R_System", false);
            assert!(e.contains("footer does not match"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_wrong_schema_or_garbage_is_an_error() {
        let dir = tmp("schema");
        write(&dir, 2);
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, text.replacen("\"Int32\"", "\"Int64\"", 1)).unwrap_or_else(|e| panic!("{e}"));
        let e = view_err(&dir, "v_R_System", false);
        assert!(e.contains("schema differs"), "{e}");
        std::fs::write(&path, "{ not json").unwrap_or_else(|e| panic!("{e}"));
        assert!(open_err(&dir, false).contains("invalid manifest"));
        assert!(open_err(&tmp("nothing-here"), false).contains("not a wqlkit snapshot"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Rewrites the manifest at `dir` as the first format wrote it.
    fn as_first_format(dir: &Path) {
        let path = dir.join("manifest.json");
        let mut m: Manifest =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
        m.format_version = FORMAT_WHOLE_FILE;
        for v in &mut m.views {
            v.footer_sha256 = None;
            v.chunk_crc32 = None;
        }
        std::fs::write(&path, serde_json::to_string(&m).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn the_first_format_is_checked_whole_and_upgraded_to_chunk_checksums() {
        let dir = tmp("format1");
        write(&dir, 3);
        as_first_format(&dir);
        let s = Snapshot::open(&dir, true).unwrap_or_else(|e| panic!("{e}"));
        assert!(!s.has_chunk_checksums());
        let file = dir.join("v_R_System.parquet");
        let bytes = std::fs::read(&file).unwrap_or_default();
        let mut flipped = bytes.clone();
        flipped[10] ^= 0xff;
        std::fs::write(&file, &flipped).unwrap_or_else(|e| panic!("{e}"));
        // Verified the old way: the whole file's SHA-256, when the view is opened.
        let e = view_err(&dir, "v_R_System", true);
        assert!(e.contains("checksum mismatch"), "{e}");
        // The whole-snapshot check names it too, and an upgrade refuses damaged data.
        let report = crate::storage::check::verify(&s, &mut |_| {});
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(crate::storage::check::upgrade(&dir, &mut |_| {}).is_err());
        std::fs::write(&file, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let mut seen = Vec::new();
        let m = crate::storage::check::upgrade(&dir, &mut |p| seen.push(p.view.to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.format_version, FORMAT_VERSION);
        assert!(seen.contains(&"v_R_System".to_string()));
        let s = Snapshot::open(&dir, false).unwrap_or_else(|e| panic!("{e}"));
        assert!(s.has_chunk_checksums());
        assert_eq!(s.view("v_R_System").map(|v| v.rows), Some(3));
        assert_eq!(
            crate::storage::check::verify(&s, &mut |_| {}).problems,
            Vec::<String>::new()
        );
        assert_eq!(read_all(&dir, "v_R_System"), Ok(()));
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
        assert_eq!(*s.manifest, old);
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
        assert_eq!(
            Snapshot::open(&dir, true).map(|s| (*s.manifest).clone()).ok(),
            Some(new)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
