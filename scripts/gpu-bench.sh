#!/usr/bin/env bash
# The benchmark alone on a GPU machine (carry bench-bundles, made here by
# python3 bench/make_bundles.py): bash scripts/gpu-bench.sh [seconds]
source scripts/gpu-setup.sh
python3 bench/bench.py --bundles bench-bundles --out /tmp/bench --max-seconds "${1:-300}" > /tmp/bench.log 2>&1
echo "bench_rc=$?"
cp /tmp/bench/results.json "$out/bench-results.json"; cp /tmp/bench/results.md "$out/bench-results.md"
cp /tmp/bench/bandwidth.png "$out/" 2>/dev/null; cp /tmp/bench.log "$out/bench.log"
tail -8 /tmp/bench.log; tail -3 /tmp/bench/results.md
