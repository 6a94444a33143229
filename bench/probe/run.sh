#!/usr/bin/env bash
# On the GPU machine: the structure probes (constant and random data) and,
# with INDUCTOR=1, torch.compile's kernels and configs.
#   bash bench/probe/run.sh    (results in $OUT, default /tmp/molten-probe)
set -u
out=${OUT:-/tmp/molten-probe}
mkdir -p "$out"
nvcc -O3 -arch=sm_90 -std=c++17 -o /tmp/probe bench/probe/rownorm_probe.cu -Xptxas -v > "$out/probe-build.log" 2>&1 || { tail "$out/probe-build.log"; exit 1; }
for data in ${PROBE_DATA:-constant random}; do
  for shape in ${PROBE_SHAPES:-32768,4096 8192,4096}; do
    timeout 120 /tmp/probe ${shape/,/ } $data >> "$out/probe.txt"
  done
done
if [ "${INDUCTOR:-0}" = 1 ]; then
  timeout 240 python3 bench/probe/inductor_configs.py "$out/inductor" > "$out/inductor.log" 2>&1
  echo "inductor_rc=$?"; tail -12 "$out/inductor.log"
  rm -rf "$out"/inductor/cache-*
  tar -C "$out" -czf "$out/inductor.tgz" inductor && rm -rf "$out/inductor"
fi
