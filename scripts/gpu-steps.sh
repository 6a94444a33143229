#!/usr/bin/env bash
# Several GPU scripts in one device call (the device tool gives few calls
# and brings back 8 files at most): each step writes to its own folder
# under $work, and everything comes back packed in $out/steps.tgz, with
# the step's log tails in $out/steps.log (both updated after every step).
#   bash scripts/gpu-steps.sh STEP...
# STEP:
#   general   python/gpu_check.py over gpu-cases (scripts/make_gpu_cases.py)
#   matmul    scripts/gpu-matmul.sh $MATMUL_STEPS (default "check bench";
#             CHECK_DIRS, CHECK_ARGS, BENCH_DIRS, BENCH_ARGS, TOTAL_SECONDS
#             as there)
#   matmul-profile  scripts/gpu-profile-matmul.sh $PROFILE_DIRS (default
#             matmul-cases; CASE, M, BENCH_ID, SOURCE as there)
#   layers    scripts/gpu-layers.sh layer-cache
#   profile   bench/profile_layers.py --cache layer-cache
#   attention bench/attention_bench.py --bundles attention-bundles
#             (ATTENTION_SECONDS; ATTENTION_ARGS, e.g. --check-only)
#   attention-sanitize  its checks up to 1000 keys under compute-sanitizer
#             memcheck and racecheck (SANITIZER_SECONDS each;
#             SANITIZER_TOOLS, e.g. racecheck alone)
# Carry what the steps read: gpu-cases, matmul-cases and the bundle
# folders, layer-cache, attention-bundles.
set -u
out=${OUT:-/tmp/molten-out}
work=${STEPS_WORK:-/tmp/molten-steps}
rm -rf "$work" && mkdir -p "$work" "$out"
# The runtime, built once for every step (gpu-setup.sh reuses it).
(OUT="$work" source scripts/gpu-setup.sh && echo "$MOLTEN_RUNTIME_LIB" > "$work/runtime") || exit 1
export MOLTEN_RUNTIME_BUILT=$(cat "$work/runtime")
status=0
step() {  # name, command...: the command with $OUT set to the step's folder
  local name=$1; shift
  local start=$SECONDS
  mkdir -p "$work/$name"
  OUT="$work/$name" "$@" > "$work/$name.log" 2>&1
  local rc=$?
  [ $rc -ne 0 ] && status=1
  { echo "== $name: rc $rc, $((SECONDS - start)) s"; tail -n 30 "$work/$name.log"; } \
    | tee -a "$out/steps.log"
  # Packed after every step: a call cut short still brings back the others.
  tar czf "$out/steps.tgz" -C "$(dirname "$work")" "$(basename "$work")"
}
for s in "$@"; do
  case $s in
    general) step general bash -c 'source scripts/gpu-setup.sh &&
        timeout "${GENERAL_SECONDS:-200}" python3 python/gpu_check.py \
          --cases gpu-cases --out "$OUT"' ;;
    matmul) step matmul env MATMUL_WORK="$work/matmul-work" \
        bash scripts/gpu-matmul.sh ${MATMUL_STEPS:-check bench} ;;
    matmul-profile) step matmul-profile \
        bash scripts/gpu-profile-matmul.sh ${PROFILE_DIRS:-matmul-cases} ;;
    layers) step layers bash scripts/gpu-layers.sh layer-cache ;;
    profile) step profile bash -c 'source scripts/gpu-setup.sh && cd bench &&
        timeout "${PROFILE_SECONDS:-200}" python3 profile_layers.py \
          --cache ../layer-cache --out "$OUT"' ;;
    attention) step attention bash -c 'source scripts/gpu-setup.sh &&
        timeout "${ATTENTION_SECONDS:-300}" python3 bench/attention_bench.py \
          --bundles attention-bundles --out "$OUT" \
          --max-seconds $(( ${ATTENTION_SECONDS:-300} - 60 )) ${ATTENTION_ARGS:-}' ;;
    attention-sanitize) step attention-sanitize bash -c '
        source scripts/gpu-setup.sh || exit 1
        san=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
        rc=0
        for tool in ${SANITIZER_TOOLS:-memcheck racecheck}; do
          extra=--leak-check=no; [ $tool = racecheck ] && extra=--racecheck-report=all
          # Caching allocator off: every tensor its own allocation.
          PYTORCH_NO_CUDA_MEMORY_CACHING=1 timeout "${SANITIZER_SECONDS:-150}" \
            "$san" --tool $tool $extra --error-exitcode 99 \
            --log-file "$OUT/$tool.log" python3 bench/attention_bench.py \
            --bundles attention-bundles --out "$OUT/$tool" --check-only --small \
            > "$OUT/$tool.stdout" 2>&1 || rc=1
          echo "== $tool"; grep -E "ERROR SUMMARY|RACECHECK SUMMARY" "$OUT/$tool.log" | tail -n 3
          grep -E "^attention_bench:" "$OUT/$tool.stdout" | tail -n 1
        done
        exit $rc' ;;
    *) echo "gpu-steps: unknown step $s" | tee -a "$out/steps.log"; status=1 ;;
  esac
done
echo "gpu-steps: status $status, ${SECONDS} s" | tee -a "$out/steps.log"
exit $status
