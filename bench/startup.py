"""Start-up, whole process: `--version`, `check` of a one-line rule, and
`preview --count` of benchmark rule 1 on a snapshot, for one or more wqlkit
binaries run interleaved (so that they meet the same machine), median of RUNS.

Usage: bench/startup.py SNAPSHOT_DIR WQLKIT... (RUNS=41)
"""
import os, statistics, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from whole_process import timed  # noqa: E402

RUNS = int(os.environ.get("RUNS", "41"))


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
                times[b].append(timed([b, *args])[0])
        print(f"| {name} | " + " | ".join(f"{statistics.median(times[b]):.2f}" for b in binaries) + " |", flush=True)


if __name__ == "__main__":
    main()
