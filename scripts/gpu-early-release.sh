#!/usr/bin/env bash
# matmul-early-release on a GPU machine in one call: correctness against
# float64, the Llama layer's prefill with and without it, the matmul
# benchmark side by side, every kernel of one Llama prefill alone under
# Nsight Compute (Molten defaults and torch.compile), then memcheck and
# racecheck. Made here first,
# carried (git-ignored):
#   python3 scripts/make_matmul_cases.py --out matmul-cases-er \
#     --gpu-options "matmul-early-release=1"
#   python3 bench/matmul_bench.py --make-bundles matmul-bundles-d
#   python3 bench/matmul_bench.py --make-bundles matmul-bundles-er \
#     --gpu-options "matmul-early-release=1"
#   for o in "chip=sm_90a" "chip=sm_90a gpu-options={matmul-early-release=1}"; do
#     MOLTEN_COMPILE_OPTIONS="$o" PYTHONPATH=~/.cache/molten/torch-2.11:python \
#       python3 bench/decoder_layers.py --make-cache layer-cache-er
#   done
# Results under $OUT/er (er.tgz, packed after every step).
set -u
W=/tmp/er; rm -rf $W; mkdir -p $W
pack() { tar czf $OUT/er.tgz -C /tmp er; }
# The runtime, built once: the steps below source gpu-setup.sh again and
# reuse it (MOLTEN_RUNTIME_BUILT).
source scripts/gpu-setup.sh
CHECK_DIRS=matmul-cases-er CHECK_ARGS="--m 1,16,129,300,1000,2200,4096" \
  OUT=$W/check MATMUL_WORK=/tmp/erw CHECK_SECONDS=100 \
  bash scripts/gpu-matmul.sh check > $W/check.log 2>&1
echo check rc=$?; grep -E "check_rc|^FAIL|of [0-9]+ " $W/check.log | tail -6; pack
(source scripts/gpu-setup.sh && timeout 200 python3 bench/probe/layer_options.py \
  --cache layer-cache-er --out $W/layers --layers llama --phases prefill \
  --options "chip=sm_90a" \
  --options "chip=sm_90a gpu-options={matmul-early-release=1}") > $W/layers.log 2>&1
echo layers rc=$?; grep -E "^\| llama" $W/layers/results.md; pack
OUT=$W/bench MATMUL_WORK=/tmp/erb TOTAL_SECONDS=170 BENCH_SECONDS=150 \
  BENCH_DIRS="matmul-bundles-d matmul-bundles-er" \
  BENCH_ARGS="--m 512,2048,4096 --only ^nt_" \
  bash scripts/gpu-matmul.sh bench > $W/bench.log 2>&1
echo bench rc=$?; grep -E "^nt_" $W/bench.log | tail -24; pack
# Every kernel of one prefill, each alone (bench/probe/ncu_layer.py).
(source scripts/gpu-setup.sh
 ncu_bin="$(command -v ncu || echo /usr/local/cuda/bin/ncu)"
 for impl in molten compile; do
   timeout 120 "$ncu_bin" --profile-from-start off --clock-control none \
     --cache-control none --metrics gpu__time_duration.sum --csv python3 \
     bench/probe/ncu_layer.py --cache layer-cache-er --impl $impl \
     --profiled-call > $W/ncu-$impl.csv 2> $W/ncu-$impl.err
   echo "ncu $impl rc=$?"
 done
 python3 bench/probe/ncu_layer_table.py $W/ncu-molten.csv $W/ncu-compile.csv \
   > $W/ncu-layer.md) > $W/ncu.log 2>&1
tail -3 $W/ncu.log; grep -E "kernels," $W/ncu-layer.md; pack
# Last, as the 600 s a call allows may end first: the sanitizers.
SANITIZE_DIR=matmul-cases-er SANITIZE_M=300 OUT=$W/sanitize MATMUL_WORK=/tmp/ers \
  SANITIZER_SECONDS=40 bash scripts/gpu-matmul.sh sanitize > $W/sanitize.log 2>&1
echo sanitize rc=$?; grep -E "SUMMARY" $W/sanitize.log | tail -4; pack
