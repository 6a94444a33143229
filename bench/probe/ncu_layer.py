#!/usr/bin/env python3
"""One Llama-layer prefill through backend="molten", for Nsight Compute to
profile chosen kernels of (a diagnosis, not a benchmark):

    ncu --kernel-name regex:'molten_fused_0_k[23]$' --launch-count 2 \\
        python3 bench/probe/ncu_layer.py --cache layer-cache

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
    args = parser.parse_args()
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(args.cache)
    import molten
    layer = layers("cuda")[args.layer]
    with torch.no_grad():
        molten.compile(layer)(*mark_tokens(layer.inputs(args.tokens, "cuda")))
    torch.cuda.synchronize()


if __name__ == "__main__":
    main()
