#!/usr/bin/env bash
# Scale benchmark: demo snapshots of 10k, 100k and 1M devices; five typical
# rules timed in wqlkit and, on the same Parquet files in the same run, in
# DuckDB. Usage: bench/scale.sh [sizes...]   (default: 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/wqlkit-scale}
mkdir -p "$WORK"

cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/wqlkit
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -c 'import duckdb' 2>/dev/null || .venv/bin/pip install --quiet duckdb

for n in "${SIZES[@]}"; do
  dir="$WORK/demo-$n"
  if [ ! -f "$dir/manifest.json" ]; then
    /usr/bin/time -f "generate $n devices: %e s, peak RSS %M KB" "$BIN" snapshot demo --devices "$n" --out "$dir"
  fi
  for rule in bench/rules/*.wql; do
    name=$(basename "$rule" .wql)
    times=()
    for _ in $(seq "$RUNS"); do
      # wqlkit reports "... evaluated in N ms" on stderr; peak RSS from time(1).
      out=$( { /usr/bin/time -f "rss %M" "$BIN" preview --snapshot "$dir" --no-verify --count -f "$rule" >/dev/null; } 2>&1 )
      ms=$(sed -n 's/.*evaluated in \([0-9]*\) ms.*/\1/p' <<< "$out")
      rss=$(sed -n 's/^rss \([0-9]*\)/\1/p' <<< "$out")
      rows=$("$BIN" preview --snapshot "$dir" --no-verify --count -f "$rule" 2>/dev/null)
      times+=("$ms")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    echo "{\"devices\": $n, \"rule\": \"$name\", \"engine\": \"wqlkit\", \"median_ms\": $median, \"rows\": $rows, \"peak_rss_kb\": $rss}"
  done
  .venv/bin/python bench/duckdb_rules.py "$dir" "$RUNS" | sed "s/^{/{\"devices\": $n, /"
done
