#!/usr/bin/env bash
# One device call that does a session's whole GPU work: the correctness
# check, sanitizers and benchmark (scripts/gpu-run.sh), then bench/tune.py
# over the variant folders in tune-bundles/ (if any), everything packed into
# $OUT/results.tgz (the device tool returns only a few files).
#   bash scripts/gpu-session.sh [bench-seconds] [tune-seconds] [tune-rows]
set -u
out=${OUT:-/tmp/molten-out}
mkdir -p "$out/run"
OUT="$out/run" bash scripts/gpu-run.sh "${1:-200}" > "$out/run/run.log" 2>&1
if [ -d tune-bundles ] && [ -n "$(ls tune-bundles)" ]; then
  variants=$(for v in $(ls tune-bundles); do printf 'tune-bundles/%s,' "$v"; done)
  (source scripts/gpu-setup.sh >/dev/null
   python3 bench/tune.py --variants "$variants" --out "$out/run/tune" \
     --rows "${3:-1,2048,32768}" --max-seconds "${2:-150}") > "$out/run/tune.log" 2>&1
fi
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv > "$out/run/gpu.txt"
tail -8 "$out/run/run.log"; tail -3 "$out/run/tune.log" 2>/dev/null
tar czf "$out/results.tgz" -C "$out" run && rm -rf "$out/run"
