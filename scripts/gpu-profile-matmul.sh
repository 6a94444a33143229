#!/usr/bin/env bash
# Nsight Compute profiles of the tensor-core matmul kernel and of cuBLAS on
# one shape, side by side: where the time goes (tensor pipe, L2 and shared
# memory throughput, warp stalls). On the GPU machine, with the case folders
# carried (made here by scripts/make_matmul_cases.py, git-ignored):
#   CASE=nt_bf16_n4096_k4096_none M=4096 \
#     bash scripts/gpu-profile-matmul.sh matmul-cases [matmul-cases-cl ...]
# Writes $out/ncu-<dir>.txt for each folder and $out/ncu-cublas.txt (ncu's
# `detailed` set, clocks left alone as METHOD.md asks). The first launch of
# the kernel whose name ends in _k0 (the main tensor-core kernel, not the
# split-K reduce) is profiled; KERNEL names another by a regex (e.g.
# '_k0_medium$', the 128x128 kernel the plan launches for some M), and
# LAUNCH_COUNT how many of the launches it matches, from the first (e.g.
# KERNEL=_decode LAUNCH_COUNT=2: a split decode kernel and its reduction).
# SOURCE=1 also samples where the warps stall,
# per SASS instruction: $out/ncu-<dir>-source.csv (ncu's source page), with
# the stall reasons in $out/ncu-<dir>.txt.
# A folder of bench/matmul_bench.py bundles (one with no case of that
# name, e.g. matmul-bundles) profiles its bundle BENCH_ID (e.g.
# nt_n3072_k768, the benchmark's shapes) at M through the benchmark; CASE
# then only names N and K for cuBLAS (nt_bf16_n3072_k768_x).
source scripts/gpu-setup.sh
case_id=${CASE:-nt_bf16_n4096_k4096_none}
m=${M:-4096}
ncu_bin="$(command -v ncu || echo /usr/local/cuda/bin/ncu)"
profile() {
  local sections=(--set detailed)
  [ "${SOURCE:-0}" = 1 ] && sections=(--set full --import-source no)
  "$ncu_bin" --clock-control none "${sections[@]}" \
    --launch-count "${LAUNCH_COUNT:-1}" "$@"
}
for d in "$@"; do
  if [ -f "$d/$case_id.bundle" ]; then
    run=(python3 python/matmul_check.py --cases "$d" --out "/tmp/ncu-check-$d"
         --only "^${case_id}\$" --m "$m")
  else
    run=(python3 bench/matmul_bench.py --bundles "$d" --out "/tmp/ncu-bench-$d"
         --only "^${BENCH_ID:-nt_n4096_k4096}\$" --m "$m" --max-seconds 120)
  fi
  profile --kernel-name regex:"${KERNEL:-_k0\$}" -o "/tmp/ncu-$d" -f "${run[@]}" \
    > "$out/ncu-$d.log" 2>&1
  echo "ncu rc=$? ($d)"
  "$ncu_bin" -i "/tmp/ncu-$d.ncu-rep" --page details > "$out/ncu-$d.txt" 2>&1
  [ "${SOURCE:-0}" = 1 ] && "$ncu_bin" -i "/tmp/ncu-$d.ncu-rep" --page source \
    --print-source sass --csv > "$out/ncu-$d-source.csv" 2>&1
done
# cuBLAS on the same sizes (bf16, the rhs as nn.Linear's [N, K]).
n=$(echo "$case_id" | sed -E 's/.*_n([0-9]+)_.*/\1/')
k=$(echo "$case_id" | sed -E 's/.*_k([0-9]+)_.*/\1/')
profile --kernel-name regex:'gemm|sm90|cutlass|nvjet' python3 -c "
import torch
a = torch.randn($m, $k, dtype=torch.bfloat16, device='cuda')
w = torch.randn($n, $k, dtype=torch.bfloat16, device='cuda')
torch.nn.functional.linear(a, w)
torch.cuda.synchronize()" > "$out/ncu-cublas.txt" 2>&1
echo "ncu rc=$? (cublas)"
