# Sourced by the scripts/gpu-*.sh scripts on a GPU machine: sets $out (the
# results folder, $OUT when the device tool runs us), builds the runtime
# there (no MLIR needed) and points MOLTEN_RUNTIME_LIB at it; python/ on
# PYTHONPATH for the molten package.
set -u
out=${OUT:-/tmp/molten-out}
mkdir -p "$out"
export PYTHONUNBUFFERED=1
export PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}"
# Built once per call: a script sourced again under one that already built
# it (scripts/gpu-steps.sh) reuses the library.
if [ -f "${MOLTEN_RUNTIME_BUILT:-}" ]; then
  export MOLTEN_RUNTIME_LIB=$MOLTEN_RUNTIME_BUILT
else
  lib=$(mktemp -d)
  bash scripts/build-runtime.sh "$lib" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
  export MOLTEN_RUNTIME_LIB=$lib/libmolten_runtime.so
  export MOLTEN_RUNTIME_BUILT=$MOLTEN_RUNTIME_LIB
fi
