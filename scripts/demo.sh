#!/usr/bin/env bash
# Runs molten over every bundled example and prints what each step makes of it.
#
#   scripts/demo.sh BUILD_DIR
#
# For each examples/*.mlir: a header line, then each step's name and output.
# Every step reads the previous step's output (the first reads the example).
# Exits non-zero if any step fails on any example; the others still run.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
opt=$(cd "$1" 2>/dev/null && pwd)/bin/molten-opt || opt=$1/bin/molten-opt
if [ ! -x "$opt" ]; then
  echo "demo: $opt not found (build first: make build)" >&2
  exit 2
fi

# The steps, in order. step_NAME INPUT writes its result to stdout.
# Fusion and PTX steps go here, and into `steps`.
step_canonicalize() { "$opt" --verify-each --canonicalize "$1"; }
# The fusion report goes to stderr, the fused IR to stdout.
step_fuse() { "$opt" --verify-each --molten-fusion-pipeline=report=true "$1" 2>&1; }
# PTX for sm_90: kernel count and what the kernels look like.
translate=$(dirname "$opt")/molten-translate
ptxas=$(command -v ptxas || echo /usr/local/cuda/bin/ptxas)
step_ptx() {
  local ptx=$tmp/$name.ptx
  "$translate" --molten-to-ptx "$example" -o "$ptx" || return 1
  echo "kernels: $(grep -c '^.visible .entry' "$ptx")," \
    "16-byte loads: $(grep -c 'ld.global.v4' "$ptx")," \
    "16-byte stores: $(grep -c 'st.global.v4' "$ptx")," \
    "warp shuffles: $(grep -c 'shfl.sync.bfly' "$ptx")," \
    "local memory: $(grep -c '\.local' "$ptx")," \
    "PTX bytes: $(wc -c <"$ptx")"
  if [ -x "$ptxas" ]; then
    "$ptxas" -arch=sm_90 -v "$ptx" -o /dev/null 2>&1 | grep -E 'registers|spill' | sed 's/^ptxas info *: //'
  fi
}
# PTX for sm_90a (H100/H200): matmuls and attention run on tensor cores (TMA +
# wgmma).
step_sm90a() {
  local ptx=$tmp/$name.sm90a.ptx
  "$translate" --molten-to-ptx --molten-chip=sm_90a "$example" -o "$ptx" || return 1
  echo "kernels: $(grep -c '^.visible .entry' "$ptx")," \
    "wgmma: $(grep -c 'wgmma.mma_async' "$ptx")," \
    "TMA loads: $(grep -c 'cp.async.bulk.tensor' "$ptx")," \
    "local memory: $(grep -c '\.local' "$ptx")"
  if [ -x "$ptxas" ]; then
    "$ptxas" -arch=sm_90a -v "$ptx" -o /dev/null 2>&1 | grep -E 'registers|spill' | sed 's/^ptxas info *: //'
  fi
}
steps=(canonicalize fuse ptx sm90a)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gpu=no
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  gpu=yes
fi

shopt -s nullglob
examples=("$root"/examples/*.mlir)
if [ ${#examples[@]} -eq 0 ]; then
  echo "demo: no examples in $root/examples" >&2
  exit 1
fi

failed=()
for example in "${examples[@]}"; do
  name=$(basename "$example" .mlir)
  echo "==== $name (examples/$name.mlir)"
  input=$example
  for step in "${steps[@]}"; do
    echo "---- $step"
    output=$tmp/$name.$step.out
    if ! "step_$step" "$input" >"$output"; then
      echo "demo: $name: $step failed" >&2
      failed+=("$name:$step")
      break
    fi
    cat "$output"
    input=$output
  done
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "demo: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "demo: ${#examples[@]} examples, all steps passed"
if [ "$gpu" = yes ]; then
  echo "demo: a GPU is present: run python3 python/gpu_check.py (docs/gpu-check.md) to run the kernels"
else
  echo "demo: no GPU here: kernels were compiled and checked with ptxas, not run (docs/gpu-check.md runs them on a GPU machine)"
fi
