//! Times as microseconds since 1970 (UTC), and the calendar arithmetic on them.

use wqlkit_core::DateTime;

pub(crate) const MICROS_PER_DAY: i64 = 86_400_000_000;

pub(crate) const MICROS_PER_HOUR: i64 = 3_600_000_000;

pub(crate) const MICROS_PER_MINUTE: i64 = 60_000_000;

/// Microseconds since 1970 of a calendar date (midnight).
pub(crate) fn date_micros(y: i32, m: u32, d: u32) -> i64 {
    DateTime::from_parts(y, m, d, 0, 0, 0, 0).map_or(0, |d| d.unix_micros())
}

/// Days since 1970 of a timestamp.
pub(crate) fn days(micros: i64) -> i64 {
    micros.div_euclid(MICROS_PER_DAY)
}

/// The calendar parts of a timestamp.
pub(crate) fn civil(micros: i64) -> DateTime {
    DateTime::from_unix_micros(micros).unwrap_or(DateTime::EPOCH)
}
