//! A small deterministic random number generator (SplitMix64) and hashing
//! helpers, so that every attribute of every resource is a pure function of the
//! seed and the resource's index.

/// Independent random streams, so that adding an attribute to one part of the
/// fleet does not shift the values drawn for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(crate) enum Stream {
    Profile = 1,
    Software = 2,
    Services = 3,
    Network = 4,
    Updates = 5,
    User = 6,
    Hardware = 7,
    Collections = 8,
    Files = 9,
    Health = 10,
    Deploy = 11,
    /// Views and columns filled from `data/generic_*.toml`.
    Generic = 12,
}

/// SplitMix64's output function: a strong 64-bit mixer.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes a seed and a few integers into one well-mixed value.
pub(crate) fn hash(seed: u64, parts: &[u64]) -> u64 {
    let mut h = mix(seed ^ 0x005E_ED0F_DE30);
    for &p in parts {
        h = mix(h ^ p.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    }
    h
}

/// Hashes a string (FNV-1a), for seeding streams from names.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01B3);
    }
    h
}

/// SplitMix64.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A stream for one resource (or any other numbered thing).
    pub(crate) fn new(seed: u64, stream: Stream, index: u64) -> Rng {
        Rng(hash(seed, &[stream as u64, index]))
    }

    /// A stream keyed by several numbers.
    pub(crate) fn keyed(seed: u64, stream: Stream, parts: &[u64]) -> Rng {
        let mut h = hash(seed, &[stream as u64]);
        for &p in parts {
            h = mix(h ^ p);
        }
        Rng(h)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element, uniformly.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the given weights (the last index if all are zero).
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w as u64 {
                return i;
            }
            x -= w as u64;
        }
        weights.len().saturating_sub(1)
    }

    /// A 128-bit value, for GUIDs.
    pub(crate) fn guid(&mut self) -> u128 {
        let hi = self.next_u64() as u128;
        let lo = self.next_u64() as u128;
        // Version 4, variant 1, as Windows generates them (hex digits 13 and 17).
        let g = (hi << 64) | lo;
        let g = (g & !(0xFu128 << 76)) | (0x4u128 << 76);
        (g & !(0x3u128 << 62)) | (0x2u128 << 62)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(1, Stream::Profile, 7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::new(1, Stream::Profile, 7).next_u64(),
            Rng::new(2, Stream::Profile, 7).next_u64()
        );
        assert_ne!(
            Rng::new(1, Stream::Profile, 7).next_u64(),
            Rng::new(1, Stream::Software, 7).next_u64()
        );
        let mut r = Rng::new(3, Stream::Profile, 0);
        for _ in 0..1000 {
            let x = r.range(-3, 5);
            assert!((-3..=5).contains(&x));
        }
        assert_eq!(r.weighted(&[0, 0, 5]), 2);
    }
}
