#!/usr/bin/env python3
"""Where the backend's time goes, on the GPU: a diagnosis, not a benchmark.

    # the cache made as for bench/decoder_layers.py (scripts/gpu-layers.sh)
    python3 bench/profile_layers.py --cache layer-cache --out DIR

For each decoder layer at 2048 tokens: the kernels of one backend="molten"
call and of one torch.compile call (torch.profiler, CUDA time per kernel
name), and the host-timed call before and after the device's default
memory pool keeps freed memory (release threshold: all), which tells
whether mapping the temporaries' memory again every call costs time. Then
cProfile of 50 prefill calls of each layer and of 2000 calls of the
one-row RMSNorm through the backend: the Python functions the host time
goes to (a C call's time shows as its caller's). Writes DIR/profile.txt.
A kernel launched dependent on the one before it (programmatic dependent
launch: the matmul kernels, the row reductions) counts, in its CUDA time,
its first CTAs' wait for that kernel's last ones.
"""
import argparse
import cProfile
import ctypes
import io
import os
import pstats
import sys

import torch

import bench  # bench/, beside this script
from call_overhead import module, row
from decoder_layers import layers, mark_tokens


def keep_pool_memory():
    """The default memory pool of device 0 keeps what is freed."""
    cuda = ctypes.CDLL("libcuda.so.1")
    pool = ctypes.c_void_p()
    assert cuda.cuDeviceGetDefaultMemPool(ctypes.byref(pool), 0) == 0
    everything = ctypes.c_uint64(2**64 - 1)
    release_threshold = 4  # CU_MEMPOOL_ATTR_RELEASE_THRESHOLD
    assert cuda.cuMemPoolSetAttribute(pool, release_threshold,
                                      ctypes.byref(everything)) == 0


def kernel_table(fn, inputs, rows=25):
    with torch.profiler.profile(
            activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
        for _ in range(3):
            fn(*inputs)
        torch.cuda.synchronize()
    return prof.key_averages().table(sort_by="cuda_time_total",
                                     row_limit=rows)


def host_profile(fn, inputs, calls):
    """cProfile's table of `calls` calls, by time spent in each function."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(calls):
        fn(*inputs)
    torch.cuda.synchronize()
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(30)
    return text.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", required=True)
    parser.add_argument("--out", default="/tmp/profile-layers")
    parser.add_argument("--tokens", type=int, default=2048)
    args = parser.parse_args()
    import molten
    import molten.backend
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(args.cache)
    os.makedirs(args.out, exist_ok=True)
    out = open(os.path.join(args.out, "profile.txt"), "w")

    def say(text):
        print(text, flush=True)
        out.write(text + "\n")

    say("%s, torch %s" % (torch.cuda.get_device_name(), torch.__version__))
    with torch.no_grad():
        compiled = {}
        for name, layer in layers("cuda").items():
            inputs = mark_tokens(layer.inputs(args.tokens, "cuda"))
            compiled[name] = (molten.compile(layer), torch.compile(layer),
                              inputs)
            for variant, fn in zip(("molten", "compile"),
                                   compiled[name][:2]):
                for _ in range(3):
                    fn(*inputs)
                say("\n== %s %s: kernels of 3 calls" % (name, variant))
                say(kernel_table(fn, inputs))
        for when in ("before", "after"):
            if when == "after":
                keep_pool_memory()
            for name, (fast, _, inputs) in compiled.items():
                t = bench.time_interleaved(
                    {"molten": bench.call_timer(fast, [inputs] * 2)})
                say("%s: %s prefill, host-timed: %.1f us" % (
                    when, name, t["molten"] * 1e6))
        for name, (fast, _, inputs) in compiled.items():
            say("\n== cProfile, 50 %s prefill calls, backend=molten" % name)
            say(host_profile(fast, inputs, 50))
        fast = molten.compile(module("cuda"))
        x = row("cuda")
        for _ in range(5):
            fast(x)
        say("\n== cProfile, 2000 one-row RMSNorm calls, backend=molten")
        say(host_profile(fast, [x], 2000))
    say("\n".join(molten.backend.report()))


if __name__ == "__main__":
    sys.exit(main())
