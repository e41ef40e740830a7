"""Whole-process time of a multi-statement T-SQL report with temp tables:
`wqlkit sql -f bench/reports/temp_table_report.sql --snapshot DIR` against
the DuckDB command-line tool running the same report, rewritten by hand
(bench/reports/temp_table_report.duckdb.sql), over the same Parquet files
(creating its views included), both on 2 threads, files in the page cache.
Checks that both give the same rows, then prints one JSON line with the
medians of RUNS runs each, interleaved.

Usage: bench/report_script.py WQLKIT DUCKDB SNAPSHOT_DIR   (RUNS=5)
"""
import csv, io, json, os, statistics, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from whole_process import timed  # noqa: E402

HERE = Path(__file__).parent
REPORT = HERE / "reports" / "temp_table_report.sql"
DUCK = HERE / "reports" / "temp_table_report.duckdb.sql"
VIEWS = ["v_R_System", "v_GS_OPERATING_SYSTEM", "v_GS_ADD_REMOVE_PROGRAMS"]
RUNS = int(os.environ.get("RUNS", "5"))


def rows(text):
    """The report's rows, keyed as SQL Server groups them (case and trailing blanks ignored)."""
    r = list(csv.reader(io.StringIO(text)))
    return sorted((os_.rstrip().lower(), int(n), int(w)) for os_, n, w in r[1:] if os_ or n)


if __name__ == "__main__":
    wqlkit, duckdb, snap = sys.argv[1], sys.argv[2], sys.argv[3]
    views = "".join(f"CREATE VIEW {v} AS SELECT * FROM read_parquet('{snap}/{v}.parquet');" for v in VIEWS)
    duck_cmd = [duckdb, "-csv", "-c", "SET threads = 2;" + views + DUCK.read_text()]
    mine_cmd = [wqlkit, "sql", "-f", str(REPORT), "--snapshot", snap, "--format", "csv"]
    _, mine = timed(mine_cmd)
    _, theirs = timed(duck_cmd)
    if rows(mine) != rows(theirs):
        sys.exit(f"the two engines disagree:\nwqlkit {rows(mine)}\nduckdb {rows(theirs)}")
    a, b = [], []
    for _ in range(RUNS):
        a.append(timed(mine_cmd)[0])
        b.append(timed(duck_cmd)[0])
    wq, dk = statistics.median(a), statistics.median(b)
    print(json.dumps({"report": REPORT.name, "rows": len(rows(mine)), "wqlkit_ms": round(wq, 1),
                      "duckdb_ms": round(dk, 1), "ratio": round(wq / dk, 2), "runs": RUNS}))
