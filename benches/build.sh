#!/usr/bin/env bash
# Measures how long `presskit build` takes on the sample kit and how much memory it peaks at.
# A measurement, not a test: it prints numbers and never fails on them.
#   bash benches/build.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cargo build --release --quiet
bin=target/release/presskit
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Warm the page cache (fonts are memory-mapped) so runs measure presskit, not the disk.
"$bin" build kits/japan-hk-forum --out "$out" >/dev/null

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs "$runs" "$bin build kits/japan-hk-forum --out $out"
else
  total=0
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$bin" build kits/japan-hk-forum --out "$out" >/dev/null
    total=$((total + $(date +%s%N) - start))
  done
  echo "mean wall time over $runs runs: $((total / runs / 1000000)) ms (install hyperfine for spread)"
fi

# Peak resident memory of one full build (8 PDFs, languages in parallel).
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$bin" build kits/japan-hk-forum --out "$out" 2>&1 >/dev/null | grep -E "Maximum resident|Elapsed"
else
  echo "peak memory: install GNU time (Debian package 'time') to measure it"
fi
