# Sourced by the scripts/gpu-*.sh scripts on a GPU machine: sets $out (the
# results folder, $OUT when the device tool runs us), builds the runtime
# there (no MLIR needed) and points MOLTEN_RUNTIME_LIB at it; python/ on
# PYTHONPATH for the molten package.
set -u
out=${OUT:-/tmp/molten-out}
mkdir -p "$out"
export PYTHONUNBUFFERED=1
export PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}"
lib=$(mktemp -d)
bash scripts/build-runtime.sh "$lib" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
export MOLTEN_RUNTIME_LIB=$lib/libmolten_runtime.so
