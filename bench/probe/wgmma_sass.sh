#!/usr/bin/env bash
# Whether ptxas pipelines a kernel's wgmma or serialises it: per kernel, the
# count of HGMMA instructions and of the waits after them. A pipelined
# mainloop waits once per k-step with `WARPGROUP.DEPBAR.LE gsb0, 0x1`; a
# serialised one waits for every HGMMA with `... 0x0`. Needs ptxas and
# cuobjdump (the GPU machine's toolkit):
#   bash bench/probe/wgmma_sass.sh FILE.ptx|FILE.cubin ...
set -u
cuda=${CUDA_HOME:-/usr/local/cuda}
for f in "$@"; do
  cubin=$f
  if [[ $f == *.ptx ]]; then
    cubin=/tmp/$(basename "$f" .ptx).cubin
    "$cuda/bin/ptxas" -arch=sm_90a -v "$f" -o "$cubin" 2>&1 | grep -E "C75|error" | sed "s|^|$f: |"
  fi
  "$cuda/bin/cuobjdump" -sass "$cubin" | awk -v file="$f" '
    /Function :/ { name = $3 }
    /HGMMA/ { hgmma[name]++ }
    /DEPBAR.LE gsb0, 0x0/ { wait0[name]++ }
    /DEPBAR.LE gsb0, 0x1/ { wait1[name]++ }
    END { for (n in hgmma) printf "%s: %s: %d HGMMA, %d waits 0x0, %d waits 0x1\n", file, n, hgmma[n], wait0[n], wait1[n] }'
done
