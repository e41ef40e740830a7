#!/usr/bin/env bash
# Whole-site collection evaluation: a demo snapshot of DEVICES devices and
# COLLECTIONS collections, evaluated RUNS times with 4 collections at a time
# (the default) and, in the same run, one at a time (--jobs 1).
# Usage: bench/collections.sh [DEVICES] [COLLECTIONS]   (default: 100000 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${1:-100000}
COLLECTIONS=${2:-1000}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/wqlkit-scale}
mkdir -p "$WORK"

cargo build --release --quiet --bin wqlkit
BIN=${CARGO_TARGET_DIR:-target}/release/wqlkit
dir="$WORK/demo-$DEVICES-c$COLLECTIONS"
if [ ! -f "$dir/manifest.json" ]; then
  /usr/bin/time -f "generate: %e s, peak RSS %M KB" \
    "$BIN" snapshot demo --devices "$DEVICES" --collections "$COLLECTIONS" --out "$dir"
fi

for jobs in 4 1; do
  times=()
  for _ in $(seq "$RUNS"); do
    # "evaluated N collection(s) from … in T ms; slowest …" on stderr; RSS from time(1).
    out=$( { /usr/bin/time -f "rss %M" "$BIN" collections eval --snapshot "$dir" --no-verify \
               --jobs "$jobs" --format json >"$WORK/eval.json"; } 2>&1 )
    ms=$(sed -n 's/.* in \([0-9]*\) ms.*/\1/p' <<< "$out")
    rss=$(sed -n 's/^rss \([0-9]*\)/\1/p' <<< "$out")
    times+=("$ms")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  n=$(python3 -c "import json; print(len(json.load(open('$WORK/eval.json'))))")
  echo "{\"devices\": $DEVICES, \"collections\": $n, \"jobs\": $jobs, \"median_ms\": $median, \"runs\": [$(IFS=,; echo "${times[*]}")], \"peak_rss_kb\": $rss}"
done
# The slowest collections of the last run.
python3 - "$WORK/eval.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
for r in sorted(rows, key=lambda r: -r["elapsed_ms"])[:5]:
    print(json.dumps({"slowest": r["id"], "name": r["name"], "members": r["count"], "ms": r["elapsed_ms"]}))
PY
