//! Column chunks already read and checked, kept so that a chunk is read from
//! disk and checked once per process however many readers ask for it: the
//! selectivity sample and then the scan of the same query, a scan's pages
//! asked for one by one, and the next rule of a collection evaluation over
//! the same view. The cache holds at most [`CHUNK_CACHE_BYTES`]; the chunks
//! cached longest are dropped first. A chunk is cached only after its
//! checksum matched, so a hit is as trustworthy as a fresh read. A command
//! that runs one query (`wqlkit preview`) opens its snapshot without one
//! ([`crate::storage::snapshot::Snapshot::uncached`]): it reads each chunk
//! once, and buffers freed as the scan goes are cheaper than fresh memory.

use bytes::Bytes;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// How many bytes of checked column chunks a snapshot keeps (a 1M-device
/// rule reads 5 to 40 MB of chunks).
pub const CHUNK_CACHE_BYTES: usize = 256 << 20;

/// Which chunk: the view's file (by the snapshot's view index) and the
/// chunk's start offset in it.
pub(crate) type ChunkKey = (usize, u64);

/// Checked column chunks of one snapshot's files, shared by its views.
#[derive(Debug)]
pub struct ChunkCache {
    budget: usize,
    inner: Mutex<Cached>,
}

#[derive(Debug, Default)]
struct Cached {
    chunks: HashMap<ChunkKey, Bytes>,
    /// Keys in the order they were cached, oldest first.
    order: VecDeque<ChunkKey>,
    bytes: usize,
}

impl Default for ChunkCache {
    fn default() -> ChunkCache {
        ChunkCache::with_budget(CHUNK_CACHE_BYTES)
    }
}

impl ChunkCache {
    /// A cache that keeps at most `budget` bytes (0 keeps nothing).
    pub fn with_budget(budget: usize) -> ChunkCache {
        ChunkCache {
            budget,
            inner: Mutex::new(Cached::default()),
        }
    }

    /// The chunk cached under `key`, if it is.
    pub(crate) fn get(&self, key: ChunkKey) -> Option<Bytes> {
        self.lock().chunks.get(&key).cloned()
    }

    /// Keeps `bytes`, a chunk whose checksum matched, under `key`, dropping
    /// the oldest chunks past the budget. A chunk larger than the whole
    /// budget is not kept.
    pub(crate) fn insert(&self, key: ChunkKey, bytes: Bytes) {
        if bytes.len() > self.budget {
            return;
        }
        let mut cached = self.lock();
        let cached = &mut *cached;
        let len = bytes.len();
        if cached.chunks.insert(key, bytes).is_some() {
            return;
        }
        cached.order.push_back(key);
        cached.bytes += len;
        while cached.bytes > self.budget {
            let Some(old) = cached.order.pop_front() else { break };
            if let Some(b) = cached.chunks.remove(&old) {
                cached.bytes -= b.len();
            }
        }
    }

    /// How many bytes are cached.
    pub fn cached_bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cached> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(len: usize, fill: u8) -> Bytes {
        Bytes::from(vec![fill; len])
    }

    #[test]
    fn keeps_chunks_within_the_budget_dropping_the_oldest_first() {
        let cache = ChunkCache::with_budget(100);
        cache.insert((0, 0), chunk(40, 1));
        cache.insert((0, 40), chunk(40, 2));
        assert_eq!(cache.cached_bytes(), 80);
        cache.insert((1, 0), chunk(40, 3));
        assert_eq!(cache.cached_bytes(), 80);
        assert!(cache.get((0, 0)).is_none(), "the oldest chunk is dropped");
        assert_eq!(cache.get((0, 40)).map(|b| b[0]), Some(2));
        assert_eq!(cache.get((1, 0)).map(|b| b[0]), Some(3));
    }

    #[test]
    fn a_chunk_cached_twice_is_counted_once() {
        let cache = ChunkCache::with_budget(100);
        cache.insert((0, 0), chunk(30, 1));
        cache.insert((0, 0), chunk(30, 1));
        assert_eq!(cache.cached_bytes(), 30);
    }

    #[test]
    fn a_chunk_larger_than_the_budget_is_not_kept() {
        let cache = ChunkCache::with_budget(10);
        cache.insert((0, 0), chunk(11, 1));
        assert_eq!(cache.cached_bytes(), 0);
        assert!(cache.get((0, 0)).is_none());
        let none = ChunkCache::with_budget(0);
        none.insert((0, 0), chunk(1, 1));
        assert!(none.get((0, 0)).is_none());
    }
}
