#!/usr/bin/env bash
# Bundle folders for bench/tune.py, one per setting of molten-to-gpu's
# tuning options (made here, where MLIR is): tune-bundles/NAME.
# Each line of the table: NAME, workloads (all: every one), options.
set -eu
cd "$(dirname "$0")/.."
ROW=rms_norm,rms_norm_silu_gate,softmax,layer_norm,residual_rms_norm
LOOP=gelu_bias,rope
rm -rf tune-bundles
while read -r name only options; do
  [ -z "$name" ] && continue
  [ "$only" = all ] && only=""
  python3 bench/make_bundles.py --out "tune-bundles/$name" \
    --gpu-options "$options" ${only:+--only "$only"} > /dev/null
  echo "tune-bundles/$name: ${options:-defaults}"
done <<TABLE
${TUNE_VARIANTS:-d all
e16 $ROW row-elements-per-thread=16
e64 $ROW row-elements-per-thread=64
p0 $ROW prefetch-elements-per-thread=0
p128 $ROW prefetch-elements-per-thread=128
m1024 all min-threads-per-sm=1024
e16m $ROW row-elements-per-thread=16 min-threads-per-sm=1024
l1 $LOOP loop-chunks-per-thread=1
l2 $LOOP loop-chunks-per-thread=2
l2g $LOOP loop-chunks-per-thread=2 loop-max-blocks=1000000
l4g $LOOP loop-chunks-per-thread=4 loop-max-blocks=1000000
l1g $LOOP loop-chunks-per-thread=1 loop-max-blocks=1000000}
TABLE
