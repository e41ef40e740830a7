//! What a snapshot records to check its files as they are read: a CRC-32 of
//! every column chunk (each row group's bytes of one column, dictionary page
//! included) and a SHA-256 of the footer (the Parquet metadata and its
//! eight-byte tail). A reader checks the footer when it first opens a view's
//! file and each column chunk as it reads it, so damage to anything a query
//! reads is an error, at the cost of one CRC pass over the bytes read.

use datafusion::parquet::file::metadata::ParquetMetaData;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

/// The CRC-32 of each column chunk of a file, by row group then column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChunkChecksums(pub Vec<Vec<u32>>);

impl ChunkChecksums {
    /// The checksums of the chunks of the file at `path` whose footer is
    /// `metadata` (read back from the file).
    pub fn compute(path: &Path, metadata: &ParquetMetaData) -> std::io::Result<ChunkChecksums> {
        let mut file = File::open(path)?;
        let mut buf = Vec::new();
        let mut out = Vec::with_capacity(metadata.num_row_groups());
        for rg in metadata.row_groups() {
            let mut crcs = Vec::with_capacity(rg.num_columns());
            for chunk in rg.columns() {
                let range = chunk_range(chunk.byte_range());
                buf.resize((range.end - range.start) as usize, 0);
                file.seek(SeekFrom::Start(range.start))?;
                file.read_exact(&mut buf)?;
                crcs.push(crc32fast::hash(&buf));
            }
            out.push(crcs);
        }
        Ok(ChunkChecksums(out))
    }

    /// The manifest's text form: 8 hex digits per chunk, columns separated
    /// by `,`, row groups by `;`.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(self.0.iter().map(|rg| rg.len() * 9).sum());
        for (i, rg) in self.0.iter().enumerate() {
            if i > 0 {
                s.push(';');
            }
            for (j, crc) in rg.iter().enumerate() {
                if j > 0 {
                    s.push(',');
                }
                let _ = write!(s, "{crc:08x}");
            }
        }
        s
    }

    /// Reads [`ChunkChecksums::encode`]'s form.
    pub fn decode(text: &str) -> Option<ChunkChecksums> {
        if text.is_empty() {
            return Some(ChunkChecksums(Vec::new()));
        }
        text.split(';')
            .map(|rg| rg.split(',').map(|c| u32::from_str_radix(c, 16).ok()).collect())
            .collect::<Option<Vec<Vec<u32>>>>()
            .map(ChunkChecksums)
    }

    /// Whether there is one checksum per chunk of `metadata`.
    pub fn fits(&self, metadata: &ParquetMetaData) -> bool {
        self.0.len() == metadata.num_row_groups()
            && self
                .0
                .iter()
                .zip(metadata.row_groups())
                .all(|(crcs, rg)| crcs.len() == rg.num_columns())
    }
}

/// A column chunk's byte range from its metadata's `(start, length)`.
pub fn chunk_range((start, length): (u64, u64)) -> Range<u64> {
    start..start + length
}

/// The footer of a Parquet file: its last `8 + metadata length` bytes.
pub struct Footer {
    /// The footer's bytes (metadata, its length, `PAR1`).
    pub bytes: Vec<u8>,
}

impl Footer {
    /// Reads the footer of `file`, whose size is `size`; `None` when the
    /// file does not end like a Parquet file.
    pub fn read(file: &mut File, size: u64) -> std::io::Result<Option<Footer>> {
        if size < 12 {
            return Ok(None);
        }
        let mut tail = [0u8; 8];
        file.seek(SeekFrom::Start(size - 8))?;
        file.read_exact(&mut tail)?;
        if &tail[4..] != b"PAR1" {
            return Ok(None);
        }
        let len = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
        if len + 8 > size - 4 {
            return Ok(None);
        }
        let mut bytes = vec![0u8; len as usize + 8];
        file.seek(SeekFrom::Start(size - 8 - len))?;
        file.read_exact(&mut bytes)?;
        Ok(Some(Footer { bytes }))
    }

    /// The Thrift-encoded metadata (without the tail).
    pub fn metadata(&self) -> &[u8] {
        &self.bytes[..self.bytes.len() - 8]
    }

    /// Hex SHA-256 of the footer's bytes.
    pub fn sha256(&self) -> String {
        hex(&Sha256::digest(&self.bytes))
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_read_back_as_written() {
        let c = ChunkChecksums(vec![vec![0, 0xdead_beef, 7], vec![u32::MAX]]);
        let text = c.encode();
        assert_eq!(text, "00000000,deadbeef,00000007;ffffffff");
        assert_eq!(ChunkChecksums::decode(&text), Some(c));
        assert_eq!(ChunkChecksums::decode(""), Some(ChunkChecksums(Vec::new())));
        assert_eq!(ChunkChecksums::decode("0000000g"), None);
        assert_eq!(ChunkChecksums::decode("1;;2"), None);
    }
}
