#!/usr/bin/env bash
# Tuning run on a GPU machine (no MLIR there): the correctness check of the
# default kernels, then bench/tune.py over the variant folders in
# tune-bundles/ (made here by scripts/make-tune-variants.sh). Carry
# gpu-cases and tune-bundles; results go to $OUT.
#   bash scripts/gpu-tune.sh [tune-seconds]
source scripts/gpu-setup.sh
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv > "$out/gpu.txt"
timeout 240 python3 python/gpu_check.py --cases gpu-cases --out /tmp/check > /tmp/check.log 2>&1
echo "check_rc=$?"
cp /tmp/check/results.md "$out/check-results.md" 2>/dev/null
cp /tmp/check/results.json "$out/check-results.json" 2>/dev/null
cp /tmp/check.log "$out/check.log"; tail -3 /tmp/check.log
# The order in which variants run (the time budget may cut the last).
order=${TUNE_ORDER:-$(ls tune-bundles)}
variants=$(for v in $order; do printf 'tune-bundles/%s,' "$v"; done)
python3 bench/tune.py --variants "$variants" --out /tmp/tune --rows 1,2048,32768 \
  --max-seconds "${1:-360}" > /tmp/tune.log 2>&1
echo "tune_rc=$?"
cp /tmp/tune/tune.json /tmp/tune/tune.md "$out/"; cp /tmp/tune.log "$out/tune.log" 2>/dev/null
tail -3 /tmp/tune.log
