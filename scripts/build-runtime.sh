#!/usr/bin/env bash
# Builds libmolten_runtime.so with nothing but a C++ compiler: no CMake, no
# MLIR, no CUDA toolkit (the runtime dlopens libcuda). For GPU machines that
# only run bundles.
#
#   scripts/build-runtime.sh <out-dir>            the library
#   scripts/build-runtime.sh <out-dir> --tests    also the tests, and runs the
#                                                 ones that need no GPU
#
# <out-dir> gets libmolten_runtime.so (and with --tests: libmolten_fake_cuda.so,
# molten-runtime-test, molten-runtime-gpu-test). CXX and CC pick the
# compilers (default g++ and gcc); CXXFLAGS is added. Point Python at the
# library with MOLTEN_RUNTIME_LIB=<out-dir>/libmolten_runtime.so.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# -eq 2 ] && [ "$2" != --tests ]; }; then
  echo "usage: $0 <out-dir> [--tests]" >&2
  exit 2
fi
src="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
CXX="${CXX:-g++}"
CC="${CC:-gcc}"

# The flags of lib/Runtime/CMakeLists.txt.
"$CXX" -std=c++17 -O2 -fPIC -shared -fvisibility=hidden \
  -fvisibility-inlines-hidden -fno-exceptions -fno-rtti -Wall -Wextra \
  ${CXXFLAGS:-} -I"$src/include" \
  "$src"/lib/Runtime/Bundle.cpp \
  "$src"/lib/Runtime/Driver.cpp "$src"/lib/Runtime/Runtime.cpp \
  -o "$out/libmolten_runtime.so" \
  -Wl,--no-undefined -Wl,--as-needed \
  -Wl,--version-script="$src/lib/Runtime/molten_runtime.map" -ldl -pthread
echo "build-runtime: $out/libmolten_runtime.so"

[ $# -eq 2 ] || exit 0

t="$src/test/Runtime"
"$CC" -std=c11 -O1 -fPIC -shared -fvisibility=hidden -Wall -I"$t" \
  "$t/fake_libcuda.c" -o "$out/libmolten_fake_cuda.so" -pthread
"$CXX" -std=c++17 -O1 -Wall -I"$src/include" -I"$t" "$t/runtime_test.cpp" \
  -o "$out/molten-runtime-test" -L"$out" -lmolten_runtime \
  -Wl,-rpath,"$out" -ldl -pthread
"$CXX" -std=c++17 -O1 -Wall -I"$src/include" "$t/gpu_smoke.cpp" \
  -o "$out/molten-runtime-gpu-test" -L"$out" -lmolten_runtime \
  -Wl,-rpath,"$out" -ldl
echo "build-runtime: tests built"

fake="$out/libmolten_fake_cuda.so"
test_bin="$out/molten-runtime-test"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
run() {
  if "$@" > "$scratch/log" 2>&1; then
    tail -n 1 "$scratch/log"
  else
    cat "$scratch/log"; status=1
  fi
}
for group in bad-bundle arguments launch driver-errors tensor-maps jit; do
  run env MOLTEN_LIBCUDA="$fake" "$test_bin" "$group"
done
run env MOLTEN_LIBCUDA=/nonexistent/libcuda.so.1 "$test_bin" no-driver
run env MOLTEN_LIBCUDA="$out/libmolten_runtime.so" "$test_bin" no-symbols
if command -v python3 > /dev/null; then
  run env MOLTEN_LIBCUDA="$fake" MOLTEN_RUNTIME_LIB="$out/libmolten_runtime.so" \
    PYTHONPATH="$src/python${PYTHONPATH:+:$PYTHONPATH}" \
    python3 "$t/Inputs/python_api.py" "$t/Inputs/rms_norm.bundle"
fi
echo "build-runtime: GPU test: $out/molten-runtime-gpu-test $t/Inputs/smoke.ptx"
exit $status
