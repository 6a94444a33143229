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
#   layers    scripts/gpu-layers.sh layer-cache
#   profile   bench/profile_layers.py --cache layer-cache
# Carry what the steps read: gpu-cases, matmul-cases and the bundle
# folders, layer-cache.
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
    layers) step layers bash scripts/gpu-layers.sh layer-cache ;;
    profile) step profile bash -c 'source scripts/gpu-setup.sh && cd bench &&
        timeout "${PROFILE_SECONDS:-200}" python3 profile_layers.py \
          --cache ../layer-cache --out "$OUT"' ;;
    *) echo "gpu-steps: unknown step $s" | tee -a "$out/steps.log"; status=1 ;;
  esac
done
echo "gpu-steps: status $status, ${SECONDS} s" | tee -a "$out/steps.log"
exit $status
