#!/usr/bin/env bash
# The decoder layers through backend="molten" on a GPU machine (no MLIR
# there), in one call. Made here first and carried (git-ignored):
#   PYTHONPATH=python python3 bench/decoder_layers.py --make-cache layer-cache
# then, on the GPU machine:
#   bash scripts/gpu-layers.sh [cache-dir]     (default layer-cache)
# Writes results.md and results.json (bench/decoder_layers.py) and the log
# to $out ($OUT under the device tool; else /tmp/molten-out).
source scripts/gpu-setup.sh
cache=${1:-layer-cache}
[ -f "$cache/report.txt" ] || echo "gpu-layers: $cache/report.txt missing (carry $cache)"
timeout "${LAYERS_SECONDS:-500}" python3 bench/decoder_layers.py \
  --cache "$cache" --out "$out" > "$out/layers.log" 2>&1
rc=$?
tail -n 40 "$out/layers.log"
echo "gpu-layers: status $rc, ${SECONDS} s"
exit $rc
