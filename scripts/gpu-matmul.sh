#!/usr/bin/env bash
# The matmul check and benchmark in one call on a GPU machine (no MLIR
# there). Made here first, both carried with the call (git-ignored):
#   python3 scripts/make_matmul_cases.py --out matmul-cases
#   python3 bench/matmul_bench.py --make-bundles matmul-bundles
# then, on the GPU machine:
#   bash scripts/gpu-matmul.sh [STEP...]     STEP: ptxas check sanitize bench
# (default: all four, in that order). Everything goes to $work
# (/tmp/matmul-work), packed at the end into $out/matmul-results.tgz; the
# main files are also copied to $out ($OUT under the device tool, which
# brings back 8 files at most; else /tmp/molten-out) as each step ends:
#   resources.md          ptxas -arch=sm_90a -v of every kernel: registers,
#                         spills, smem, ptxas warnings (ptxas.txt in the tgz)
#   matmul-check.md       the check's results.md (results.json in the tgz)
#   sanitizer-summary.txt memcheck and racecheck of a few small cases
#   matmul-bench.md/.json the benchmark's results.md and results.json
#   matmul.png            its plot
# The device tool allows 600 s a command: the benchmark gets what is left of
# TOTAL_SECONDS (default 560) after the other steps, at most BENCH_SECONDS
# (default 400), and stops starting cases then. docs/matmul-bench.md.
source scripts/gpu-setup.sh
steps="${*:-ptxas check sanitize bench}"
total=${TOTAL_SECONDS:-560}
work=${MATMUL_WORK:-/tmp/matmul-work}
rm -rf "$work" && mkdir -p "$work"
status=0
has() { case " $steps " in *" $1 "*) return 0 ;; esac; return 1; }
for d in matmul-cases matmul-bundles; do
  [ -f "$d/manifest.json" ] || echo "gpu-matmul: $d/manifest.json missing (carry $d)"
done

if has ptxas; then
  dirs=""
  for d in matmul-cases matmul-bundles; do [ -d "$d" ] && dirs="$dirs $d"; done
  python3 bench/matmul_bench.py --resources $dirs --out "$work/ptxas" --chip sm_90a \
    > "$work/ptxas.log" 2>&1
  rc=$?
  echo "ptxas_rc=$rc ($(tail -n 1 "$work/ptxas.log"))"
  [ $rc -ne 0 ] && status=1
  cp "$work/ptxas/resources.md" "$out/resources.md" 2>/dev/null
fi

if has check; then
  # A kernel that deadlocks (an mbarrier phase bug) must not eat the run.
  timeout "${CHECK_SECONDS:-150}" \
    python3 python/matmul_check.py --cases matmul-cases --out "$work/matmul-check" \
    > "$work/matmul-check.log" 2>&1
  rc=$?
  echo "check_rc=$rc"
  [ $rc -ne 0 ] && status=1
  grep -E "^(FAIL|WARN)" "$work/matmul-check.log" | head -n 20
  tail -n 1 "$work/matmul-check.log"
  cp "$work/matmul-check/results.md" "$out/matmul-check.md" 2>/dev/null
fi

if has sanitize; then
  san="$(command -v compute-sanitizer || true)"
  [ -z "$san" ] && [ -x /usr/local/cuda/bin/compute-sanitizer ] && san=/usr/local/cuda/bin/compute-sanitizer
  if [ -z "$san" ]; then
    echo "sanitize: compute-sanitizer not found, skipped"
  else
    # Small cases over both layouts, f16 and bf16, a K tail, K = 13, N = 8,
    # two outputs, a row bias, both batch forms; M = 1, 7 and 129 (past a
    # 128-row tile). The reference on the CPU: the tools see Molten's
    # kernels and PyTorch's fills and copies only. Caching allocator off so
    # that every tensor is its own allocation (as python/run_sanitizer.sh).
    only='^(nt_bf16_n264_k1000_none|kn_bf16_n264_k72_none|nt_bf16_n264_k13_none|kn_bf16_n8_k8_none|kn_f16_n4096_k72_none|nt_bf16_n264_k1000_two_outputs|nt_bf16_n264_k1000_row_bias|nt_bf16_n264_k1000_b4r3_none|nt_bf16_n264_k4096_s2r2_none)$'
    mkdir -p "$work/sanitizer"
    : > "$work/sanitizer/summary.txt"
    for tool in memcheck racecheck; do
      extra=()
      [ "$tool" = memcheck ] && extra=(--leak-check no)
      [ "$tool" = racecheck ] && extra=(--racecheck-report all)
      start=$SECONDS
      PYTORCH_NO_CUDA_MEMORY_CACHING=1 timeout "${SANITIZER_SECONDS:-150}" \
        "$san" --tool "$tool" "${extra[@]}" --error-exitcode 99 \
        --log-file "$work/sanitizer/$tool.log" \
        python3 python/matmul_check.py --cases matmul-cases \
        --out "$work/sanitizer/$tool" --only "$only" --m 1,7,129 \
        --reference-device cpu > "$work/sanitizer/$tool.stdout" 2>&1
      rc=$?
      {
        echo "== $tool (exit $rc, $((SECONDS - start)) s)"
        grep -E "ERROR SUMMARY|RACECHECK SUMMARY" "$work/sanitizer/$tool.log" | tail -n 3
        grep -E "^matmul_check: [0-9]+ of" "$work/sanitizer/$tool.stdout" | tail -n 1
      } | tee -a "$work/sanitizer/summary.txt"
      [ $rc -ne 0 ] && status=1
    done
    cp "$work/sanitizer/summary.txt" "$out/sanitizer-summary.txt"
  fi
fi

if has bench; then
  left=$(( total - SECONDS - 60 ))
  secs=${BENCH_SECONDS:-400}
  [ $left -lt "$secs" ] && secs=$left
  if [ "$secs" -le 0 ]; then
    echo "bench: no time left (TOTAL_SECONDS=$total), skipped"
  else
    python3 bench/matmul_bench.py --bundles matmul-bundles --out "$work/matmul-bench" \
      --max-seconds "$secs" > "$work/matmul-bench.log" 2>&1
    rc=$?
    echo "bench_rc=$rc (max-seconds $secs)"
    [ $rc -ne 0 ] && status=1
    cp "$work/matmul-bench/results.md" "$out/matmul-bench.md" 2>/dev/null
    cp "$work/matmul-bench/results.json" "$out/matmul-bench.json" 2>/dev/null
    cp "$work/matmul-bench/matmul.png" "$out/matmul.png" 2>/dev/null
    tail -n 60 "$work/matmul-bench.log"
  fi
fi
tar czf "$out/matmul-results.tgz" -C "$(dirname "$work")" "$(basename "$work")"
echo "gpu-matmul: status $status, ${SECONDS} s"
exit $status
