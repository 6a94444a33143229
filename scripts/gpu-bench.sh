#!/usr/bin/env bash
# The benchmark alone on a GPU machine (carry bench-bundles, made here by
# python3 bench/make_bundles.py): bash scripts/gpu-bench.sh [seconds]
set -u
out=${OUT:-/tmp/molten-out}
mkdir -p "$out"
export PYTHONUNBUFFERED=1
lib=$(mktemp -d)
bash scripts/build-runtime.sh "$lib" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
export MOLTEN_RUNTIME_LIB=$lib/libmolten_runtime.so
python3 bench/bench.py --bundles bench-bundles --out /tmp/bench --max-seconds "${1:-300}" > /tmp/bench.log 2>&1
echo "bench_rc=$?"
cp /tmp/bench/results.json "$out/bench-results.json"; cp /tmp/bench/results.md "$out/bench-results.md"
cp /tmp/bench/bandwidth.png "$out/" 2>/dev/null; cp /tmp/bench.log "$out/bench.log"
tail -8 /tmp/bench.log; tail -3 /tmp/bench/results.md
