#!/usr/bin/env bash
# Two wqlkit binaries on the same snapshot, interleaved rule by rule so that
# both see the same machine: medians of RUNS "evaluated in" figures per rule.
# Usage: bench/compare.sh BIN_A BIN_B SNAPSHOT_DIR   (RUNS=7 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 dir=$3
RUNS=${RUNS:-7}
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }
for rule in bench/rules/*.wql; do
  name=$(basename "$rule" .wql)
  ta=() tb=()
  for _ in $(seq "$RUNS"); do
    for side in a b; do
      bin=$a; [ "$side" = b ] && bin=$b
      ms=$("$bin" preview --snapshot "$dir" --no-verify --count -f "$rule" 2>&1 >/dev/null |
        sed -n 's/.*evaluated in \([0-9]*\) ms.*/\1/p')
      if [ "$side" = a ]; then ta+=("$ms"); else tb+=("$ms"); fi
    done
  done
  echo "{\"rule\": \"$name\", \"a_median_ms\": $(printf '%s\n' "${ta[@]}" | median), \"b_median_ms\": $(printf '%s\n' "${tb[@]}" | median)}"
done
