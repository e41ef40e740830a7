//! A snapshot view's Parquet file, opened and checked: its footer matched
//! the manifest when it was opened, and every column chunk read through it
//! is checked against the CRC-32 the snapshot recorded, whether DataFusion
//! reads it ([`VerifiedReaderFactory`]) or the selectivity sample does
//! ([`ChunkReader`]). Damage is an error naming the view, the file, the row
//! group and the column; it never reaches a result.

use crate::error::DamagedChunk;
use crate::storage::checksum::{ChunkChecksums, chunk_range};
use crate::storage::chunk_cache::ChunkCache;
use bytes::Bytes;
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::ParquetFileReaderFactory;
use datafusion::parquet::arrow::arrow_reader::ArrowReaderOptions;
use datafusion::parquet::arrow::async_reader::AsyncFileReader;
use datafusion::parquet::errors::ParquetError;
use datafusion::parquet::file::metadata::ParquetMetaData;
use datafusion::parquet::file::reader::{ChunkReader, Length};
use datafusion::physical_plan::metrics::ExecutionPlanMetricsSet;
use futures::FutureExt;
use futures::future::BoxFuture;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// One column chunk of the file and its checksum.
#[derive(Debug, Clone)]
struct Chunk {
    range: Range<u64>,
    row_group: usize,
    column: usize,
    crc: u32,
}

/// A view's file whose footer has been checked, read chunk by chunk.
#[derive(Debug)]
pub struct VerifiedFile {
    /// The view it holds.
    pub view: String,
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Its footer.
    pub metadata: Arc<ParquetMetaData>,
    /// The column chunks by start offset; `None` for a snapshot that
    /// recorded no chunk checksums (format 1), whose files are checked whole.
    chunks: Option<Vec<Chunk>>,
    /// Where chunks already checked are kept, and this file's number there.
    cache: Arc<ChunkCache>,
    id: usize,
}

impl VerifiedFile {
    /// The file at `path` (`size` bytes, footer `metadata`) of `view`,
    /// checked chunk by chunk against `checksums` when the snapshot has them;
    /// checked chunks are kept in `cache` as file number `id`.
    pub fn new(
        view: String,
        path: PathBuf,
        size: u64,
        metadata: Arc<ParquetMetaData>,
        checksums: Option<&ChunkChecksums>,
        (cache, id): (Arc<ChunkCache>, usize),
    ) -> VerifiedFile {
        let chunks = checksums.map(|c| {
            let mut chunks: Vec<Chunk> = metadata
                .row_groups()
                .iter()
                .zip(&c.0)
                .enumerate()
                .flat_map(|(row_group, (rg, crcs))| {
                    rg.columns()
                        .iter()
                        .zip(crcs)
                        .enumerate()
                        .map(move |(column, (chunk, &crc))| Chunk {
                            range: chunk_range(chunk.byte_range()),
                            row_group,
                            column,
                            crc,
                        })
                })
                .collect();
            chunks.sort_by_key(|c| c.range.start);
            chunks
        });
        VerifiedFile {
            view,
            path,
            size,
            metadata,
            chunks,
            cache,
            id,
        }
    }

    /// The bytes of `range`, checked: the column chunk that holds it is read
    /// whole and compared with its checksum, unless it was checked before
    /// and is still cached.
    pub fn read(&self, range: Range<u64>) -> Result<Bytes, ParquetError> {
        let Some(chunks) = &self.chunks else {
            return self.read_raw(range.clone());
        };
        let i = chunks.partition_point(|c| c.range.start <= range.start);
        let chunk = i
            .checked_sub(1)
            .map(|i| &chunks[i])
            .filter(|c| range.end <= c.range.end)
            .ok_or_else(|| {
                ParquetError::General(format!(
                    "{}: view {}: bytes {}..{} are outside every column chunk the snapshot recorded",
                    self.path.display(),
                    self.view,
                    range.start,
                    range.end
                ))
            })?;
        let key = (self.id, chunk.range.start);
        let bytes = match self.cache.get(key) {
            Some(bytes) => bytes,
            None => {
                let bytes = self.read_raw(chunk.range.clone())?;
                self.check(chunk, &bytes)?;
                self.cache.insert(key, bytes.clone());
                bytes
            }
        };
        let from = (range.start - chunk.range.start) as usize;
        Ok(bytes.slice(from..from + (range.end - range.start) as usize))
    }

    fn check(&self, chunk: &Chunk, bytes: &[u8]) -> Result<(), ParquetError> {
        if crc32fast::hash(bytes) == chunk.crc {
            return Ok(());
        }
        Err(ParquetError::External(Box::new(DamagedChunk {
            view: self.view.clone(),
            path: self.path.clone(),
            row_group: chunk.row_group,
            column: self
                .metadata
                .file_metadata()
                .schema_descr()
                .column(chunk.column)
                .name()
                .to_string(),
        })))
    }

    fn read_raw(&self, range: Range<u64>) -> Result<Bytes, ParquetError> {
        if range.end > self.size {
            return Err(ParquetError::EOF(format!(
                "{}: view {}: bytes {}..{} are past the end of the file ({} bytes)",
                self.path.display(),
                self.view,
                range.start,
                range.end,
                self.size
            )));
        }
        read_range(&self.path, range)
            .map(Bytes::from)
            .map_err(|e| ParquetError::External(Box::new(e)))
    }
}

/// The file for the synchronous Parquet reader (the selectivity sample,
/// `snapshot upgrade`), checked as [`VerifiedFile::read`] checks.
#[derive(Debug, Clone)]
pub struct SyncReader(pub Arc<VerifiedFile>);

impl Length for SyncReader {
    fn len(&self) -> u64 {
        self.0.size
    }
}

impl ChunkReader for SyncReader {
    type T = Cursor<Bytes>;

    fn get_read(&self, start: u64) -> Result<Self::T, ParquetError> {
        // A reader from `start` to the end of its column chunk (or of the file).
        let f = &self.0;
        let end = match &f.chunks {
            Some(chunks) => chunks
                .iter()
                .find(|c| c.range.contains(&start))
                .map_or(f.size, |c| c.range.end),
            None => f.size,
        };
        f.read(start..end).map(Cursor::new)
    }

    fn get_bytes(&self, start: u64, length: usize) -> Result<Bytes, ParquetError> {
        self.0.read(start..start + length as u64)
    }
}

/// Reads a view's file for DataFusion through its [`VerifiedFile`], which
/// the scan's file carries as its extension.
#[derive(Debug)]
pub struct VerifiedReaderFactory;

impl ParquetFileReaderFactory for VerifiedReaderFactory {
    fn create_reader(
        &self,
        _partition_index: usize,
        file: PartitionedFile,
        _metadata_size_hint: Option<usize>,
        _metrics: &ExecutionPlanMetricsSet,
    ) -> datafusion::common::Result<Box<dyn AsyncFileReader + Send>> {
        let verified = file.extension::<Arc<VerifiedFile>>().cloned().ok_or_else(|| {
            datafusion::common::DataFusionError::Internal(format!(
                "{} was planned without its snapshot file",
                file.object_meta.location
            ))
        })?;
        Ok(Box::new(VerifiedReader(verified)))
    }
}

struct VerifiedReader(Arc<VerifiedFile>);

impl AsyncFileReader for VerifiedReader {
    fn get_bytes(&mut self, range: Range<u64>) -> BoxFuture<'_, Result<Bytes, ParquetError>> {
        let bytes = self.0.read(range);
        async move { bytes }.boxed()
    }

    fn get_byte_ranges(&mut self, ranges: Vec<Range<u64>>) -> BoxFuture<'_, Result<Vec<Bytes>, ParquetError>> {
        let bytes = ranges.into_iter().map(|r| self.0.read(r)).collect();
        async move { bytes }.boxed()
    }

    fn get_metadata<'a>(
        &'a mut self,
        _options: Option<&'a ArrowReaderOptions>,
    ) -> BoxFuture<'a, Result<Arc<ParquetMetaData>, ParquetError>> {
        let metadata = self.0.metadata.clone();
        async move { Ok(metadata) }.boxed()
    }
}

/// The bytes of `range` of the file at `path`, read through a handle of
/// their own (readers run side by side) into a buffer that is not zeroed first.
fn read_range(path: &std::path::Path, range: Range<u64>) -> std::io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(range.start))?;
    let len = (range.end - range.start) as usize;
    let mut buf = Vec::with_capacity(len);
    file.take(len as u64).read_to_end(&mut buf)?;
    if buf.len() < len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(buf)
}
