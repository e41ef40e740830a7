//! A device's times: created, OS installed, last active, inventory, boot and logon, in whole seconds.

use crate::data::{Kind, OsVariant};
use crate::model::Domain;
use crate::model::rng::Rng;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::time::MICROS_PER_MINUTE;
use crate::model::time::date_micros;

/// When a device was created, installed, booted, last active and last reported.
pub(super) struct Timeline {
    pub(super) created: i64,
    pub(super) os_installed: i64,
    pub(super) last_boot: i64,
    pub(super) last_active: i64,
    pub(super) last_hw: i64,
    pub(super) last_sw: i64,
    pub(super) last_ddr: i64,
    pub(super) last_logon_ts: Option<i64>,
}

impl Timeline {
    /// The same times cut to whole seconds, as the site database keeps them.
    pub(super) fn in_whole_seconds(self) -> Timeline {
        let sec = |t: i64| t - t.rem_euclid(1_000_000);
        Timeline {
            created: sec(self.created),
            os_installed: sec(self.os_installed),
            last_boot: sec(self.last_boot),
            last_active: sec(self.last_active),
            last_hw: sec(self.last_hw),
            last_sw: sec(self.last_sw),
            last_ddr: sec(self.last_ddr),
            last_logon_ts: self.last_logon_ts.map(sec),
        }
    }
}

/// The time line: an active client reported within days, an inactive one stopped weeks or months ago.
pub(super) fn timeline(r: &mut Rng, now: i64, kind: Kind, os: &OsVariant, domain: Domain, active: bool) -> Timeline {
    let (created, os_installed) = install_dates(r, now, kind, os);
    let last_active = if active {
        now - r.range(5 * 60, 3 * 24 * 60) * MICROS_PER_MINUTE
    } else {
        now - r.range(30, 400) * MICROS_PER_DAY
    };
    let last_hw = if active {
        match r.weighted(&[88, 8, 4]) {
            0 => now - r.range(10, 7 * 24 * 60) * MICROS_PER_MINUTE,
            1 => now - r.range(8, 30) * MICROS_PER_DAY,
            _ => now - r.range(31, 150) * MICROS_PER_DAY,
        }
    } else {
        last_active - r.range(0, 72) * MICROS_PER_HOUR
    }
    .max(os_installed + MICROS_PER_HOUR);
    let last_sw = last_hw - r.range(1, 20) * MICROS_PER_HOUR;
    // A client that just sent inventory was active then.
    let last_active = if active {
        last_active
            .max(last_hw + 7 * MICROS_PER_MINUTE)
            .min(now - MICROS_PER_MINUTE)
    } else {
        last_active
    };
    let last_ddr = if active {
        now - r.range(60, 7 * 24 * 60) * MICROS_PER_MINUTE
    } else {
        last_active
    };
    let boot_back = if kind.is_server() && r.chance(0.15) {
        r.range(31 * 24, 120 * 24)
    } else {
        r.range(1, 20 * 24)
    };
    let last_boot = (last_active.min(last_hw) - boot_back * MICROS_PER_HOUR).max(os_installed + MICROS_PER_HOUR);
    let last_logon_ts = match domain {
        Domain::Workgroup => None,
        _ if active => Some(now - r.range(3600, 14 * 86_400) * 1_000_000),
        _ => Some(last_active - r.range(0, 30 * 86_400) * 1_000_000),
    };
    Timeline {
        created,
        os_installed,
        last_boot,
        last_active,
        last_hw,
        last_sw,
        last_ddr,
        last_logon_ts,
    }
}

/// When the record was created and the OS installed: after the OS was released, at least two days ago.
pub(super) fn install_dates(r: &mut Rng, now: i64, kind: Kind, os: &OsVariant) -> (i64, i64) {
    let ga = date_micros(os.ga.0, os.ga.1, os.ga.2);
    let age_days = if os.family.is_legacy() {
        r.range(5 * 365, 12 * 365)
    } else if kind.is_server() {
        r.range(180, 8 * 365)
    } else {
        r.range(10, 5 * 365)
    };
    let created = (now - age_days * MICROS_PER_DAY - r.range(0, 86_399) * 1_000_000).max(date_micros(2011, 3, 1));
    let install_floor = created.max(ga + 14 * MICROS_PER_DAY);
    let os_installed = if install_floor >= now - 2 * MICROS_PER_DAY {
        now - 2 * MICROS_PER_DAY
    } else {
        random_time(r, install_floor, install_floor + (now - install_floor) / 2)
    };
    (created, os_installed)
}

/// A time in `lo..hi` (`lo` when the range is empty).
pub(super) fn random_time(r: &mut Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        lo
    } else {
        lo + r.below((hi - lo) as u64) as i64
    }
}
