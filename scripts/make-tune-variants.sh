#!/usr/bin/env bash
# Bundle folders for bench/tune.py, one per setting of convert-molten-to-gpu's
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
c1 $ROW row-max-blocks=8448
c4 $ROW row-max-blocks=33792
m0 all min-threads-per-sm=0
m768 all min-threads-per-sm=768
l1 $LOOP loop-chunks-per-thread=1
l4 $LOOP loop-chunks-per-thread=4}
TABLE
