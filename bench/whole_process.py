"""Whole-process times, as a user meets them: `wqlkit preview --count` of the
benchmark rules on a snapshot (default flags, and --no-verify), against the
DuckDB command-line tool answering the same count over the same Parquet
files (creating its views included), both on 2 threads. Warm: the files in
the page cache, median of RUNS. Cold: after dropping the page cache (needs
root), median of COLD runs. Prints one JSON line per rule and size, and
checks that both engines count the same rows.

Usage: bench/whole_process.py WQLKIT DUCKDB SNAPSHOT_DIR... (RUNS=5, COLD=3)
"""
import json, os, statistics, subprocess, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from duckdb_rules import RULES, create_views  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))
COLD = int(os.environ.get("COLD", "3"))


def drop_page_cache():
    subprocess.run(["sync"], check=True)
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed(cmd):
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    ms = (time.perf_counter() - t) * 1000
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {out.returncode}\n{out.stderr}")
    return ms, out.stdout.strip()


def duckdb_count(duckdb, snap, sql):
    """DuckDB's CLI counting the rows of `sql` over the snapshot's files, on 2 threads."""
    return [duckdb, "-noheader", "-csv", "-c",
            "; ".join(["SET threads TO 2", *create_views(snap), f"SELECT count(*) FROM ({sql})"])]


def median_of(cmd, runs, cold):
    if runs == 0:
        return None, None
    times, answer = [], None
    for _ in range(runs):
        if cold and not drop_page_cache():
            return None, None
        ms, answer = timed(cmd)
        times.append(ms)
    return round(statistics.median(times), 1), answer


def main():
    wqlkit, duckdb, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
    bench = Path(__file__).parent
    for snap in dirs:
        manifest = json.loads((Path(snap) / "manifest.json").read_text())
        devices = manifest["source"].get("devices")
        for rule, sql in RULES.items():
            wql = str(bench / "rules" / f"{rule}.wql")
            commands = {
                "wqlkit": [wqlkit, "preview", "--snapshot", snap, "--count", "-f", wql],
                "wqlkit_no_verify": [wqlkit, "preview", "--snapshot", snap, "--count", "--no-verify", "-f", wql],
                "duckdb": duckdb_count(duckdb, snap, sql),
            }
            row = {"devices": devices, "format": manifest["format_version"], "rule": rule}
            counts = {}
            for name, cmd in commands.items():
                row[f"{name}_cold_ms"], _ = median_of(cmd, COLD, cold=True)
                row[f"{name}_ms"], counts[name] = median_of(cmd, RUNS, cold=False)
            if len(set(counts.values())) != 1:
                sys.exit(f"{rule} at {devices}: the engines disagree: {counts}")
            row["rows"] = int(counts["wqlkit"])
            row["wqlkit_vs_duckdb"] = round(row["wqlkit_ms"] / row["duckdb_ms"], 2)
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
