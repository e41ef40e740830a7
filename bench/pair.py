"""Whole-process times of one benchmark rule for several wqlkit binaries and
DuckDB's CLI, interleaved run by run so that every binary sees the same
machine: `wqlkit preview --snapshot DIR --count -f RULE` with default flags,
beside DuckDB answering the same count over the same files. Prints the
median of RUNS runs (default 15) per command, and each binary's ratio to
DuckDB.

Usage: RUNS=15 python3 bench/pair.py SNAPSHOT_DIR RULE DUCKDB BIN [BIN...]
(RULE: a name from bench/rules, such as 3_software_version)."""

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from duckdb_rules import RULES  # noqa: E402
from whole_process import duckdb_count, timed  # noqa: E402


def main():
    snap, rule, duckdb, bins = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    if rule not in RULES or not bins:
        sys.exit(__doc__)
    wql = str(Path(__file__).parent / "rules" / f"{rule}.wql")
    commands = {"duckdb": duckdb_count(duckdb, snap, RULES[rule])}
    for b in bins:
        commands[b] = [b, "preview", "--snapshot", snap, "--count", "-f", wql]
    times = {name: [] for name in commands}
    for _ in range(int(os.environ.get("RUNS", "15"))):
        answers = set()
        for name, cmd in commands.items():
            ms, answer = timed(cmd)
            times[name].append(ms)
            answers.add(answer)
        if len(answers) != 1:
            sys.exit(f"{rule}: the commands disagree: {answers}")
    duck = statistics.median(times["duckdb"])
    print(f"duckdb: {duck:.1f} ms")
    for b in bins:
        ms = statistics.median(times[b])
        print(f"{b}: {ms:.1f} ms, {ms / duck:.3f} of DuckDB")


if __name__ == "__main__":
    main()
