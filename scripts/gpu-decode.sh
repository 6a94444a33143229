#!/usr/bin/env bash
# The matmul decode kernel (calls of at most 16 rows) checked and measured in
# one device call. Made here first, all carried (git-ignored):
#   python3 scripts/make_matmul_cases.py --out matmul-cases
#   python3 bench/matmul_bench.py --make-bundles matmul-bundles
#   python3 bench/matmul_bench.py --make-bundles matmul-bundles-small \
#     --gpu-options matmul-decode-rows=-1          # the tensor-core kernel
#   for r in 16 32 64; do python3 bench/matmul_bench.py --make-bundles \
#     matmul-bundles-d$r --gpu-options matmul-decode-rows=$r; done
# then on the GPU machine: bash scripts/gpu-decode.sh
# Steps (scripts/gpu-matmul.sh each): ptxas report, the check of every case
# (CHECK_ARGS), memcheck and racecheck; the benchmark at M = 1, 4, 16 of
# matmul-bundles-small and matmul-bundles (DECODE_M); with SWEEP_DIRS (e.g.
# "matmul-bundles-d16 matmul-bundles-d32 matmul-bundles-d64") instead, of
# those folders at M = 1 and 16 (SWEEP_M) after the check. Summaries in
# $OUT, everything in $OUT/decode.tgz. About 150-210 s on an H100 (three
# folders at M = 1, 4, 16: 209 s).
set -u
out=${OUT:-/tmp/molten-out}
work=/tmp/decode-work
rm -rf "$work" && mkdir -p "$work" "$out"
source scripts/gpu-setup.sh
status=0
run() {  # name, steps, env...: scripts/gpu-matmul.sh in $work/name
  local name=$1 steps=$2; shift 2
  env MATMUL_WORK="$work/$name" OUT="$work/$name-out" "$@" \
    bash scripts/gpu-matmul.sh $steps > "$work/$name.log" 2>&1 || status=1
  { echo "== $name"; tail -n 60 "$work/$name.log"; } >> "$out/decode.log"
  tar czf "$out/decode.tgz" -C /tmp "$(basename "$work")"
}
run check "ptxas check sanitize" TOTAL_SECONDS=260 CHECK_SECONDS=100 \
  SANITIZER_SECONDS=60 CHECK_ARGS="${CHECK_ARGS:---m 0,1,2,7,16,129,300}"
cp "$work/check-out/check-matmul-cases.md" \
  "$work/check-out/sanitizer-summary.txt" "$out/" 2>/dev/null
if [ -n "${SWEEP_DIRS:-}" ]; then
  n=$(echo $SWEEP_DIRS | wc -w)
  run bench "bench" TOTAL_SECONDS=$((60 + 160 / n * n)) BENCH_SECONDS=160 \
    BENCH_DIRS="$SWEEP_DIRS" BENCH_ARGS="--m ${SWEEP_M:-1,16}"
else
  run bench "bench" TOTAL_SECONDS=220 BENCH_SECONDS=160 \
    BENCH_DIRS="matmul-bundles-small matmul-bundles" BENCH_ARGS="--m ${DECODE_M:-1,4,16}"
  cp "$work"/bench-out/bench-*.md "$out/" 2>/dev/null
fi
tar czf "$out/decode.tgz" -C /tmp "$(basename "$work")"
echo "gpu-decode: status $status, ${SECONDS} s" | tee -a "$out/decode.log"
exit $status
