#!/usr/bin/env bash
# Demo generation time: two wqlkit binaries write the same demo snapshot,
# interleaved run by run so that both see the same machine.
# Usage: bench/demo_generation.sh BIN_A BIN_B [DEVICES]   (RUNS=3, DEVICES=100000)
set -euo pipefail
a=$1 b=$2 devices=${3:-100000}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/wqlkit-scale}
mkdir -p "$WORK"
for i in $(seq "$RUNS"); do
  for side in a b; do
    bin=$a; [ "$side" = b ] && bin=$b
    rm -rf "$WORK/generation-$side"
    /usr/bin/time -f "{\"binary\": \"$side\", \"run\": $i, \"wall_s\": %e, \"user_s\": %U, \"peak_rss_kb\": %M}" \
      "$bin" snapshot demo --devices "$devices" --out "$WORK/generation-$side" > /dev/null
  done
done
