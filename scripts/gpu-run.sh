#!/usr/bin/env bash
# One call on a GPU machine (no MLIR there): the correctness check, the
# sanitizers and the benchmark, from cases and bundles made here with
#   python3 scripts/make_gpu_cases.py && python3 bench/make_bundles.py
# Carry gpu-cases and bench-bundles; results go to $OUT.
#   bash scripts/gpu-run.sh [bench-seconds]
source scripts/gpu-setup.sh
python3 python/gpu_check.py --cases gpu-cases --out /tmp/check > /tmp/check.log 2>&1
echo "check_rc=$?"
cp /tmp/check/results.md "$out/check-results.md"; cp /tmp/check/results.json "$out/check-results.json"
tail -4 /tmp/check.log
timeout 400 bash python/run_sanitizer.sh /tmp/san > /tmp/san.log 2>&1
echo "sanitizer_rc=$?"
cp /tmp/san/summary.txt "$out/sanitizer-summary.txt"; cat "$out/sanitizer-summary.txt"
python3 bench/bench.py --bundles bench-bundles --out /tmp/bench --max-seconds "${1:-300}" > /tmp/bench.log 2>&1
echo "bench_rc=$?"
cp /tmp/bench/results.json "$out/bench-results.json"; cp /tmp/bench/results.md "$out/bench-results.md"
cp /tmp/bench/bandwidth.png "$out/" 2>/dev/null; cp /tmp/bench.log "$out/bench.log"
tail -25 /tmp/bench.log
