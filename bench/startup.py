"""Start-up, whole process: `--version`, `check` of a one-line rule, and
`preview --count` of benchmark rule 1 on a snapshot, for one or more wqlkit
binaries run interleaved (so that they meet the same machine), median of RUNS.

Usage: bench/startup.py SNAPSHOT_DIR WQLKIT... (RUNS=41)
"""
import os, statistics, subprocess, sys, time
from pathlib import Path

RUNS = int(os.environ.get("RUNS", "41"))


def once(cmd):
    t = time.perf_counter()
    out = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {out.returncode}")
    return (time.perf_counter() - t) * 1000


def main():
    snap, binaries = sys.argv[1], sys.argv[2:]
    rule = str(Path(__file__).parent / "rules" / "1_os_caption_like.wql")
    cases = {
        "--version": ["--version"],
        "check": ["check", "select * from SMS_R_System where Name = 'PC01'"],
        "preview --count (rule 1)": ["preview", "--snapshot", snap, "--count", "-f", rule],
    }
    print("| command | " + " | ".join(binaries) + " |")
    print("|---|" + "---|" * len(binaries))
    for name, args in cases.items():
        times = {b: [] for b in binaries}
        for _ in range(RUNS):
            for b in binaries:
                times[b].append(once([b, *args]))
        print(f"| {name} | " + " | ".join(f"{statistics.median(times[b]):.2f}" for b in binaries) + " |", flush=True)


if __name__ == "__main__":
    main()
