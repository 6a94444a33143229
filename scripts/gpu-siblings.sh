#!/usr/bin/env bash
# Sibling matmuls (molten-fuse's sibling-matmuls) on a GPU machine in one
# call: the runtime's real-driver test first, then the gated cases against
# float64 (outputs poisoned), the Llama layer's prefill and decode with and
# without the option against torch.compile, the gated MLP alone in both
# forms (bench/gated_mlp_bench.py), then memcheck and racecheck of the
# gated cases. Made here first, carried (git-ignored):
#   python3 scripts/make_matmul_cases.py --out matmul-cases-sib
#   python3 bench/gated_mlp_bench.py --make-bundles gated-bundles
#   for o in "chip=sm_90a" "chip=sm_90a sibling-matmuls=1"; do
#     MOLTEN_COMPILE_OPTIONS="$o" PYTHONPATH=~/.cache/molten/torch-2.11:python \
#       python3 bench/decoder_layers.py --make-cache layer-cache-sib
#   done
# Results under $OUT/sib (sib.tgz, packed after every step).
set -u
W=/tmp/sib; rm -rf $W; mkdir -p $W
pack() { tar czf $OUT/sib.tgz -C /tmp sib; }
# The runtime, built once: the steps below source gpu-setup.sh again and
# reuse it (MOLTEN_RUNTIME_BUILT).
source scripts/gpu-setup.sh
# First, the runtime's real-driver test (test/Runtime/gpu.test's program).
(bash scripts/build-runtime.sh /tmp/sibrt --tests && env -u PYTHONPATH \
  /tmp/sibrt/molten-runtime-gpu-test test/Runtime/Inputs/smoke.ptx) \
  > $W/smoke.log 2>&1
echo smoke rc=$?; grep -E "^\[|failed" $W/smoke.log | tail -6
CHECK_DIRS=matmul-cases-sib \
  CHECK_ARGS="--only gated --m 1,7,16,17,128,129,300,1000,2200,4096" \
  OUT=$W/check MATMUL_WORK=/tmp/sibw CHECK_SECONDS=100 \
  bash scripts/gpu-matmul.sh check > $W/check.log 2>&1
echo check rc=$?; grep -E "check_rc|^FAIL|of [0-9]+ " $W/check.log | tail -6; pack
(source scripts/gpu-setup.sh && timeout 190 python3 bench/probe/layer_options.py \
  --cache layer-cache-sib --out $W/layers --layers llama \
  --options "chip=sm_90a" --options "chip=sm_90a sibling-matmuls=1") \
  > $W/layers.log 2>&1
echo layers rc=$?; grep -E "^\| llama" $W/layers/results.md; pack
(source scripts/gpu-setup.sh && timeout 170 python3 bench/gated_mlp_bench.py \
  --bundles gated-bundles --out $W/mlp --m 1,16,2048,4096 --max-seconds 130) \
  > $W/mlp.log 2>&1
echo mlp rc=$?; tail -12 $W/mlp.log; pack
SANITIZE_DIR=matmul-cases-sib SANITIZE_M=1,129,300 \
  SANITIZE_ONLY='^(nt_bf16_n264_k1000_gated_two_outputs|kn_bf16_n264_k1000_gated|nt_bf16_n264_k4096_gated_two_outputs|nt_f16_n200_k72_gated)$' \
  OUT=$W/sanitize MATMUL_WORK=/tmp/sibs SANITIZER_SECONDS=50 \
  bash scripts/gpu-matmul.sh sanitize > $W/sanitize.log 2>&1
echo sanitize rc=$?; grep -E "SUMMARY" $W/sanitize.log | tail -4; pack
