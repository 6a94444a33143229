#!/usr/bin/env bash
# Runs compute-sanitizer (memcheck, then racecheck) on the GPU check of the
# examples:   python/run_sanitizer.sh OUTDIR [CASES_DIR]
#
# Each tool runs `python3 python/gpu_check.py --only examples --quick`
# (every example variant, token counts 1 and 7, no timing) under
# compute-sanitizer; the logs, and each run's results.md/json, go to OUTDIR:
#   OUTDIR/memcheck.log   OUTDIR/memcheck/results.{md,json}
#   OUTDIR/racecheck.log  OUTDIR/racecheck/results.{md,json}
#   OUTDIR/summary.txt
# SANITIZER_TOOLS="memcheck racecheck synccheck initcheck" adds tools (the
# default is "memcheck racecheck"). PyTorch's caching allocator is turned off
# (PYTORCH_NO_CUDA_MEMORY_CACHING=1) so that every tensor is its own
# allocation and memcheck sees accesses past its end. Exit status 0 when
# every tool reports no error and every run of gpu_check passes.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 OUTDIR [CASES_DIR]" >&2
  exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"
cases="${2:-$repo/gpu-cases}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

sanitizer="$(command -v compute-sanitizer || true)"
if [ -z "$sanitizer" ]; then
  for c in /usr/local/cuda/bin/compute-sanitizer \
           /usr/local/cuda/compute-sanitizer/compute-sanitizer \
           /usr/local/cuda-*/bin/compute-sanitizer; do
    if [ -x "$c" ]; then sanitizer="$c"; break; fi
  done
fi
if [ -z "$sanitizer" ]; then
  echo "run_sanitizer: compute-sanitizer not found (PATH, /usr/local/cuda/bin)" >&2
  exit 2
fi
echo "run_sanitizer: $sanitizer ($("$sanitizer" --version | tail -n 1))"

# Build (or find) the runtime once, outside the sanitizer.
lib="$(python3 "$repo/python/gpu_check.py" --runtime-only | tail -n 1)" || exit 2
export MOLTEN_RUNTIME_LIB="$lib"
export PYTORCH_NO_CUDA_MEMORY_CACHING=1
echo "run_sanitizer: runtime $MOLTEN_RUNTIME_LIB"

status=0
: > "$out/summary.txt"
for tool in ${SANITIZER_TOOLS:-memcheck racecheck}; do
  extra=()
  case "$tool" in
    memcheck) extra=(--leak-check no) ;;
    racecheck) extra=(--racecheck-report all) ;;
  esac
  echo "run_sanitizer: $tool ..."
  start=$(date +%s)
  "$sanitizer" --tool "$tool" "${extra[@]}" --error-exitcode 99 \
    --log-file "$out/$tool.log" \
    python3 "$repo/python/gpu_check.py" --cases "$cases" --out "$out/$tool" \
    --only examples --quick > "$out/$tool.stdout" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  {
    echo "== $tool (exit $rc, ${secs} s)"
    # compute-sanitizer's own summary lines
    grep -E "ERROR SUMMARY|RACECHECK SUMMARY|hazard|LEAK SUMMARY" "$out/$tool.log" | tail -n 5
    # the check's own verdict under the tool
    grep -E "^gpu_check: [0-9]+ runs" "$out/$tool.stdout" | tail -n 1
  } | tee -a "$out/summary.txt"
  if [ $rc -ne 0 ]; then status=1; fi
  # memcheck prints an ERROR SUMMARY, racecheck a RACECHECK SUMMARY: each
  # log must have one, and it must be clean.
  if ! grep -qE "ERROR SUMMARY|RACECHECK SUMMARY" "$out/$tool.log"; then status=1; fi
  if grep -E "ERROR SUMMARY" "$out/$tool.log" | grep -qv "ERROR SUMMARY: 0 errors"; then
    status=1
  fi
  if grep -E "RACECHECK SUMMARY" "$out/$tool.log" | grep -qvE "SUMMARY: 0 hazards"; then
    status=1
  fi
done
if [ $status -eq 0 ]; then
  echo "run_sanitizer: clean" | tee -a "$out/summary.txt"
else
  echo "run_sanitizer: FAILED (see $out/*.log)" | tee -a "$out/summary.txt"
fi
exit $status
