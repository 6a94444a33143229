#!/usr/bin/env python3
"""Host time per call at one row: the runtime, the backend, and PyTorch.

The function: the decoder layers' RMSNorm (hidden 4096, bf16) on one row, so
that the kernels take a few microseconds and the host's work per call is
what the timing sees. Like bench/decoder_layers.py, in two halves:

    # here (CPU, build tree): its region's bundle into the cache
    PYTHONPATH=python python3 bench/call_overhead.py --make-cache layer-cache
    # on the GPU machine, the cache carried (PYTHONPATH=python)
    python3 bench/call_overhead.py --cache layer-cache --out DIR

On the GPU it checks every variant against eager (and the runtime's cached
launch against a non-contiguous input, which must not take it), then times
1000 back-to-back calls between two CUDA events for each variant, in
interleaved rounds (bench.time_interleaved), and the device time of one
call under CUDA graph replay:

    eager        the module in PyTorch eager
    compile      torch.compile(module)
    compile-ro   torch.compile(module, mode="reduce-overhead")
    molten       molten.compile(module)
    molten-ro    molten.compile(module, mode="reduce-overhead")
    bundle       Bundle.run on the region's bundle, straight from Python
    device       the bundle's kernels alone (graph replay)

A variant's time per call is the host's when the host is slower than the
GPU, which is the case here. Writes results.json and results.md.
"""
import json
import os
import sys

import torch

from decoder_layers import RMSNorm, two_halves, write_lines  # bench/

HIDDEN = 4096
CALLS = 1000


def module(device):
    torch.manual_seed(0)
    return RMSNorm(HIDDEN).to(device, torch.bfloat16).eval()


def row(device, columns=HIDDEN):
    gen = torch.Generator().manual_seed(1)
    return torch.randn(1, columns, generator=gen).to(device, torch.bfloat16)


def make_cache(args):
    import molten
    import molten.backend
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(args.make_cache)
    with torch.no_grad():
        molten.compile(module("cpu"))(row("cpu"))
    report = molten.backend.report()
    path = os.path.join(args.make_cache,
                        "report-overhead-%s.txt" % torch.__version__)
    with open(path, "w") as f:
        f.write("\n".join(report) + "\n")
    print("\n".join(report))


def region_bundle(cache):
    """The one region's Bundle and function name, from the report line
    "molten_fused_0 [...]: cached <key prefix>"."""
    from molten import Bundle
    import molten.backend
    # molten and molten-ro each compiled it: the same line twice.
    lines = sorted({r for r in molten.backend.report() if "]: cached " in r})
    if len(lines) != 1:
        raise SystemExit("call_overhead: expected one cached region, the "
                         "report says:\n" + "\n".join(
                             molten.backend.report()))
    name = lines[0].split(" ")[0]
    prefix = lines[0].rsplit(" ", 1)[1]
    path = next(os.path.join(cache, f) for f in sorted(os.listdir(cache))
                if f.startswith(prefix) and f.endswith(".bundle"))
    return Bundle(path), name


def run(args):
    import bench  # bench/bench.py: timers, errors
    import molten
    import molten.backend
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(args.cache)
    os.makedirs(args.out, exist_ok=True)
    layer = module("cuda")
    x = row("cuda")
    with torch.no_grad():
        want = layer(x)
        variants = {
            "eager": layer,
            "compile": torch.compile(layer),
            "compile-ro": torch.compile(layer, mode="reduce-overhead"),
            "molten": molten.compile(layer),
            "molten-ro": molten.compile(layer, mode="reduce-overhead"),
        }
        errors = {}
        for name, fn in variants.items():
            for _ in range(3):  # reduce-overhead records on a later call
                got = fn(x)
            errors[name] = bench.max_rel_error(got.clone(), want)
        bundle, function = region_bundle(args.cache)
        # The region's inputs are the weight (rank 1) and the row (rank 2),
        # in an order AOTAutograd chose.
        ranks = [bundle.input_info(function, k)[1]
                 for k in range(bundle.num_inputs(function))]
        inputs = [layer.weight if r == 1 else x for r in ranks]
        variants["bundle"] = lambda x: bundle.run(function, *inputs)
        first = bundle.run(function, *inputs)
        again = bundle.run(function, *inputs)  # the cached launch
        errors["bundle"] = max(bench.max_rel_error(first, want),
                               bench.max_rel_error(again, want))
        # Same shape, not contiguous: must not take the cached launch.
        strided = row("cuda", 2 * HIDDEN)[:, ::2]
        errors["bundle-strided"] = bench.max_rel_error(
            bundle.run(function, *[layer.weight if r == 1 else strided
                                   for r in ranks]), layer(strided))
        timers = {name: bench.call_timer(fn, [(x,)] * CALLS)
                  for name, fn in variants.items()}
        timers["device"] = bench.graph_timer(variants["bundle"],
                                             [(x,)] * 20)
        seconds = bench.time_interleaved(timers)
    results = {"device": torch.cuda.get_device_name(),
               "torch": torch.__version__, "command": " ".join(sys.argv),
               "calls": CALLS, "hidden": HIDDEN, "seconds": seconds,
               "max_rel_error": errors, "report": molten.backend.report()}
    with open(os.path.join(args.out, "overhead.json"), "w") as f:
        json.dump(results, f, indent=1)
    lines = ["# Host time per call, RMSNorm on one row of %d, bf16 (%s, "
             "torch %s)" % (HIDDEN, results["device"], results["torch"]), "",
             "%d back-to-back calls between two CUDA events, median of "
             "interleaved rounds; `device` is one call's kernels under CUDA "
             "graph replay." % CALLS, "",
             "| variant | us per call | max rel error |", "| --- | --- | --- |"]
    for name, s in seconds.items():
        error = errors.get(name)
        lines.append("| %s | %.1f | %s |" % (
            name, s * 1e6, "" if error is None else "%.1e" % error))
    lines.append("| bundle-strided (check only) | | %.1e |"
                 % errors["bundle-strided"])
    write_lines(os.path.join(args.out, "overhead.md"), lines,
                results["report"])


def main():
    two_halves(__doc__, make_cache, run, "/tmp/call-overhead")


if __name__ == "__main__":
    main()
