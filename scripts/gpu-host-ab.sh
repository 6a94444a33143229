#!/usr/bin/env bash
# Host time per call, an older runtime and Python package against the
# working tree's, interleaved in one call on the GPU machine (host speed
# differs between machines more than the changes measured). Made here:
#   git archive <old-commit> python lib/Runtime scripts include/Molten \
#     | (mkdir -p old-src && tar x -C old-src)    (git-ignored locally)
#   the layer cache as for scripts/gpu-layers.sh
# then, carrying layer-cache and old-src:
#   bash scripts/gpu-host-ab.sh
# Runs bench/call_overhead.py twice per side, bench/decoder_layers.py once
# per side and bench/probe/host_costs.py on the new side; everything under
# $OUT, packed into $OUT/host-ab.tgz.
source scripts/gpu-setup.sh || exit 1
new=$MOLTEN_RUNTIME_LIB
(cd old-src && bash scripts/build-runtime.sh /tmp/oldlib > "$out/oldbuild.log" 2>&1) \
  || { cat "$out/oldbuild.log"; exit 1; }
work=$(mktemp -d)/host-ab
mkdir -p "$work"
run() {  # side name command...
  local side=$1 name=$2 lib py
  shift 2
  if [ "$side" = old ]; then
    lib=/tmp/oldlib/libmolten_runtime.so py=$PWD/old-src/python
  else
    lib=$new py=$PWD/python
  fi
  MOLTEN_RUNTIME_LIB=$lib PYTHONPATH=$py timeout 200 "$@" --cache layer-cache \
    --out "$work/$name" > "$work/$name.log" 2>&1 || echo "$name failed"
}
for round in 1 2; do
  for side in old new; do
    run $side $side-overhead-$round python3 bench/call_overhead.py
  done
done
for side in old new; do run $side $side-layers python3 bench/decoder_layers.py; done
run new new-host python3 bench/probe/host_costs.py
for f in "$work"/*/overhead.md "$work"/*/results.md; do
  echo "== ${f#$work/}"
  grep -E "^\| (eager|compile|molten|bundle|device|llama|gpt2)" "$f"
done
grep -A12 "layer | tokens" "$work/new-host/host-costs.md"
tar czf "$out/host-ab.tgz" -C "$(dirname "$work")" host-ab
