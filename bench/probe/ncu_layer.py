#!/usr/bin/env python3
"""One Llama-layer prefill through backend="molten" or torch.compile, for
Nsight Compute to profile (a diagnosis, not a benchmark). Chosen kernels:

    ncu --kernel-name regex:'molten_fused_0_k[23]$' --launch-count 2 \\
        python3 bench/probe/ncu_layer.py --cache layer-cache

Every kernel of one call, each alone (no programmatic-dependent-launch
overlap, which makes torch.profiler's per-kernel times of dependent
kernels include their wait for the one before): --profiled-call makes the
call after the warm-up ones the only one inside cudaProfilerStart/Stop, so

    ncu --profile-from-start off --clock-control none --cache-control none \\
        --metrics gpu__time_duration.sum --csv python3 \\
        bench/probe/ncu_layer.py --cache layer-cache --impl compile --profiled-call

lists that call's kernels (bench/probe/ncu_layer_table.py sums them).
The cache is made as for bench/decoder_layers.py (scripts/gpu-layers.sh).
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from decoder_layers import layers, mark_tokens  # noqa: E402  (bench/)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", required=True)
    parser.add_argument("--layer", default="llama")
    parser.add_argument("--tokens", type=int, default=2048)
    parser.add_argument("--impl", choices=["molten", "compile"],
                        default="molten")
    parser.add_argument("--profiled-call", action="store_true",
                        help="two warm-up calls, then one between "
                        "cudaProfilerStart and cudaProfilerStop")
    args = parser.parse_args()
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(args.cache)
    import molten
    layer = layers("cuda")[args.layer]
    fn = molten.compile(layer) if args.impl == "molten" else torch.compile(layer)
    inputs = mark_tokens(layer.inputs(args.tokens, "cuda"))
    with torch.no_grad():
        for _ in range(2 if args.profiled_call else 0):
            fn(*inputs)
        torch.cuda.synchronize()
        if args.profiled_call:
            torch.cuda.profiler.start()
        fn(*inputs)
        torch.cuda.synchronize()
        if args.profiled_call:
            torch.cuda.profiler.stop()


if __name__ == "__main__":
    main()
