//! `--timings`: where a command's time went, phase by phase, on standard
//! error when the command ends. The time before `main` (the process starting)
//! is not seen from inside; `BENCHMARKS.md` measures whole processes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static STARTED: OnceLock<Instant> = OnceLock::new();
static PHASES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Starts the clock at `started` (the top of `main`); `enabled` prints the phases at the end.
pub(crate) fn start(started: Instant, enabled: bool) {
    let _ = STARTED.set(started);
    ENABLED.store(enabled, Ordering::Relaxed);
}

/// Records that phase `name` took `took`.
pub(crate) fn record(name: &'static str, took: Duration) {
    if ENABLED.load(Ordering::Relaxed) {
        PHASES.lock().unwrap_or_else(|p| p.into_inner()).push((name, took));
    }
}

/// Runs `f` as phase `name`.
pub(crate) fn phase<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    record(name, t.elapsed());
    out
}

/// Prints the phases and the total since [`start`], if asked to.
pub(crate) fn print() {
    if !ENABLED.load(Ordering::Relaxed) {
        return;
    }
    let total = STARTED.get().map_or(Duration::ZERO, Instant::elapsed);
    let phases = PHASES.lock().unwrap_or_else(|p| p.into_inner());
    let accounted: Duration = phases.iter().map(|p| p.1).sum();
    eprintln!("timings (since main):");
    for (name, took) in phases.iter() {
        eprintln!("  {name:<18} {:>9.3} ms", took.as_secs_f64() * 1e3);
    }
    eprintln!(
        "  {:<18} {:>9.3} ms",
        "other",
        total.saturating_sub(accounted).as_secs_f64() * 1e3
    );
    eprintln!("  {:<18} {:>9.3} ms", "total", total.as_secs_f64() * 1e3);
}
