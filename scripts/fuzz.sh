#!/usr/bin/env bash
# Fuzzes Molten with libFuzzer (docs/fuzzing.md).
#
#   scripts/fuzz.sh [MINUTES] [TARGET...]
#
# Builds the fuzz targets in build-fuzz/ with clang-22, libFuzzer, ASan and
# UBSan (installing clang-22 if needed), then runs each TARGET
# (molten-compile-fuzz, molten-bundle-fuzz; default both, side by side) for
# MINUTES (default 10). Each starts from the seed corpus in test/Fuzz/corpus
# and grows its own copy in build-fuzz/corpus/<target>. Inputs that crash,
# hang past 10 s or run out of memory are saved in build-fuzz/crashes/<target>/
# and listed at the end with the run's counts; the exit status is 1 if there
# are any. Set MOLTEN_FUZZ_PTXAS=no to skip assembling the compiler's PTX
# with ptxas (done by default when /usr/local/cuda/bin/ptxas exists).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-10}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(molten-compile-fuzz molten-bundle-fuzz)
build=${FUZZ_BUILD:-build-fuzz}

scripts/install-deps.sh clang-22 libclang-rt-22-dev
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S . -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link -g1" \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link -g1" \
    -DMOLTEN_SANITIZE=address,undefined -DMOLTEN_FUZZ=ON \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir -DMLIR_LINK_MLIR_DYLIB=ON \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
fi
ninja -C "$build" "${targets[@]}"

ptxas=""
if [ "${MOLTEN_FUZZ_PTXAS:-}" != no ] && [ -x /usr/local/cuda/bin/ptxas ]; then
  ptxas=/usr/local/cuda/bin/ptxas
fi
seconds=$((minutes * 60))
pids=()
for target in "${targets[@]}"; do
  seeds=test/Fuzz/corpus/${target#molten-}
  seeds=${seeds%-fuzz}
  corpus=$build/corpus/$target
  crashes=$build/crashes/$target
  mkdir -p "$corpus" "$crashes"
  flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=8192
         -print_final_stats=1 -artifact_prefix="$crashes/"
         -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  [ "$target" = molten-compile-fuzz ] && flags+=(-dict=tools/molten-fuzz/molten.dict)
  echo "fuzz.sh: $target for $minutes min (log: $build/$target.log)"
  MOLTEN_FUZZ_PTXAS=$ptxas "$build/bin/$target" "${flags[@]}" "$corpus" "$seeds" \
    >"$build/$target.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

status=0
for target in "${targets[@]}"; do
  log=$build/$target.log
  crashes=$build/crashes/$target
  echo "== $target: $(grep -c . <(ls "$build/corpus/$target")) inputs in its corpus"
  grep -E '^(stat::|#[0-9]+.*DONE)|INFO: fuzzed for' "$log" | tail -8 || true
  found=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
  if [ -n "$found" ]; then
    echo "$target found:"
    echo "$found"
    status=1
  else
    echo "$target: no crash, hang or out-of-memory input"
  fi
done
exit "$status"
