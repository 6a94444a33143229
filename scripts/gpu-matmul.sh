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
#   check-<dir>.md        the check's results.md (results.json in the tgz)
#   sanitizer-summary.txt memcheck and racecheck of a few small cases
#   bench-<dir>.md/.json  the benchmark's results.md and results.json
#   matmul.png            the plot of the first bundle folder's benchmark
# Kernel variants the defaults do not pick are checked and timed from more
# folders, made with --gpu-options (docs/matmul-bench.md):
#   CHECK_DIRS  case folders to check (default matmul-cases)
#   CHECK_ARGS  more arguments of python/matmul_check.py (e.g. --m 300,4096
#               --only n4096), for a short check of one kernel change
#   BENCH_DIRS  bundle folders to time, one after the other (default
#               matmul-bundles), sharing the benchmark's time
#   BENCH_ARGS  more arguments of bench/matmul_bench.py (e.g. --m 512,4096)
#   SANITIZE_DIR, SANITIZE_M, SANITIZE_ONLY  the sanitizers' case folder
#               (default matmul-cases), M values (default 1,7,129) and
#               case-id regex (default: the small cases below)
# The device tool allows 600 s a command: the benchmark gets what is left of
# TOTAL_SECONDS (default 560) after the other steps, at most BENCH_SECONDS
# (default 400), and stops starting cases then. docs/matmul-bench.md.
source scripts/gpu-setup.sh
steps="${*:-ptxas check sanitize bench}"
total=${TOTAL_SECONDS:-560}
work=${MATMUL_WORK:-/tmp/matmul-work}
check_dirs=${CHECK_DIRS:-matmul-cases}
bench_dirs=${BENCH_DIRS:-matmul-bundles}
rm -rf "$work" && mkdir -p "$work"
status=0
has() { case " $steps " in *" $1 "*) return 0 ;; esac; return 1; }
for d in $check_dirs $bench_dirs; do
  [ -f "$d/manifest.json" ] || echo "gpu-matmul: $d/manifest.json missing (carry $d)"
done

if has ptxas; then
  dirs=""
  for d in $check_dirs $bench_dirs; do [ -d "$d" ] && dirs="$dirs $d"; done
  python3 bench/matmul_bench.py --resources $dirs --out "$work/ptxas" --chip sm_90a \
    > "$work/ptxas.log" 2>&1
  rc=$?
  echo "ptxas_rc=$rc ($(tail -n 1 "$work/ptxas.log"))"
  [ $rc -ne 0 ] && status=1
  cp "$work/ptxas/resources.md" "$out/resources.md" 2>/dev/null
fi

if has check; then
  for d in $check_dirs; do
    # A kernel that deadlocks (an mbarrier phase bug) must not eat the run.
    # MOLTEN_VERBOSE: the JIT info log, to show any kernel ptxas compiled
    # with a "Potential Performance Loss" (serialised wgmma, setmaxnreg
    # ignored) as the runtime loads it.
    MOLTEN_VERBOSE=1 timeout "${CHECK_SECONDS:-200}" \
      python3 python/matmul_check.py --cases "$d" --out "$work/check-$d" \
      ${CHECK_ARGS:-} > "$work/check-$d.log" 2>&1
    rc=$?
    echo "check_rc=$rc ($d)"
    [ $rc -ne 0 ] && status=1
    grep -E "^(FAIL|WARN)" "$work/check-$d.log" | head -n 20
    echo "JIT performance warnings: $(grep -c 'Potential Performance Loss' "$work/check-$d.log")"
    grep 'Potential Performance Loss' "$work/check-$d.log" | sort | uniq -c | head -n 5
    grep -E "^matmul_check: [0-9]+ of" "$work/check-$d.log" | tail -n 1
    cp "$work/check-$d/results.md" "$out/check-$d.md" 2>/dev/null
  done
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
    only=${SANITIZE_ONLY:-'^(nt_bf16_n264_k1000_none|kn_bf16_n264_k72_none|nt_bf16_n264_k13_none|kn_bf16_n8_k8_none|kn_f16_n4096_k72_none|nt_bf16_n264_k1000_two_outputs|nt_bf16_n264_k1000_row_bias|nt_bf16_n264_k1000_b4r3_none|nt_bf16_n264_k4096_s2r2_none)$'}
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
        python3 python/matmul_check.py --cases "${SANITIZE_DIR:-matmul-cases}" \
        --out "$work/sanitizer/$tool" --only "$only" --m "${SANITIZE_M:-1,7,129}" \
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
    n=$(echo $bench_dirs | wc -w)
    first=1
    for d in $bench_dirs; do
      python3 bench/matmul_bench.py --bundles "$d" --out "$work/bench-$d" \
        --max-seconds $(( secs / n )) ${BENCH_ARGS:-} > "$work/bench-$d.log" 2>&1
      rc=$?
      echo "bench_rc=$rc ($d, max-seconds $(( secs / n )))"
      [ $rc -ne 0 ] && status=1
      cp "$work/bench-$d/results.md" "$out/bench-$d.md" 2>/dev/null
      cp "$work/bench-$d/results.json" "$out/bench-$d.json" 2>/dev/null
      [ $first = 1 ] && cp "$work/bench-$d/matmul.png" "$out/matmul.png" 2>/dev/null
      first=0
      tail -n 40 "$work/bench-$d.log"
    done
  fi
fi
tar czf "$out/matmul-results.tgz" -C "$(dirname "$work")" "$(basename "$work")"
echo "gpu-matmul: status $status, ${SECONDS} s"
exit $status
