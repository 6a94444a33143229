#!/usr/bin/env bash
# The decoder layers and the call overhead through backend="molten" on a
# GPU machine (no MLIR there), in one call. Made here first and carried
# (git-ignored), with the GPU machine's PyTorch (its graphs, and so the
# regions' cache keys, differ between versions; docs/python.md):
#   MOLTEN_TORCH_VERSION=2.11.0 MOLTEN_TORCH_DIR=~/.cache/molten/torch-2.11 \
#     scripts/install-torch.sh
#   for t in torch torch-2.11; do for b in decoder_layers call_overhead; do
#     PYTHONPATH=~/.cache/molten/$t:python python3 bench/$b.py --make-cache layer-cache
#   done; done
# then, on the GPU machine:
#   bash scripts/gpu-layers.sh [cache-dir]     (default layer-cache)
# Writes results.md/.json (bench/decoder_layers.py), overhead.md/.json
# (bench/call_overhead.py) and their logs to $out ($OUT under the device
# tool; else /tmp/molten-out).
source scripts/gpu-setup.sh
cache=${1:-layer-cache}
ls "$cache"/report-*.txt > /dev/null 2>&1 || echo "gpu-layers: no reports in $cache (carry $cache)"
status=0
timeout "${OVERHEAD_SECONDS:-200}" python3 bench/call_overhead.py \
  --cache "$cache" --out "$out" > "$out/overhead.log" 2>&1 || status=1
tail -n 25 "$out/overhead.log"
echo "gpu-layers: call_overhead status $status, ${SECONDS} s"
timeout "${LAYERS_SECONDS:-400}" python3 bench/decoder_layers.py \
  --cache "$cache" --out "$out" > "$out/layers.log" 2>&1 || status=1
tail -n 40 "$out/layers.log"
echo "gpu-layers: status $status, ${SECONDS} s"
exit $status
