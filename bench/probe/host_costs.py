#!/usr/bin/env python3
"""Where a bundle call's host time goes: a diagnosis, not a benchmark.

    # on the GPU machine, the layer cache carried (scripts/gpu-layers.sh)
    source scripts/gpu-setup.sh
    python3 bench/probe/host_costs.py --cache layer-cache --out DIR

For every function of every bundle in the cache, at 1 and 2048 tokens
(the bundles' only symbol), host microseconds per call (perf_counter around
back-to-back calls, then one synchronisation, outside the timed part):

    run          Bundle.run, fresh outputs (what the backend does)
    c-same       molten_run alone, the same tensors every call
    c-changing   molten_run alone, two sets of tensors in turn (the
                 runtime's tensor-map cache misses every call)
    empty        torch.empty of the outputs

(20 calls at 2048 tokens, so that the launch queue never fills), and
for comparison: cuMemAllocAsync + cuMemFreeAsync of one temporary, an
eager aten op, torch.empty, the aten view op as the backend's graphs call
it and as a Tensor method, and an empty ctypes call.

Then each decoder layer (bench/decoder_layers.py) at 2048 and 1 tokens,
backend="molten" and torch.compile: host microseconds per forward (10
calls queued back to back, before the synchronisation), and of that, the
time inside the backend's compiled graphs (the partitioned FX graph:
regions and the aten ops left to PyTorch), inside its regions, and inside
the runtime's prepared launches (the C call, the outputs' allocation);
and once per region, the layouts of the tensors its bundle gets (a
non-contiguous one is copied every call). Writes DIR/host-costs.md and
.json.
"""
import argparse
import ctypes
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)),
                                "python"))
from molten import Bundle  # noqa: E402
from molten import runtime  # noqa: E402

DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16,
          "i1": torch.bool}


def per_call(fn, calls):
    """Host microseconds per call of `fn()`, best of three rounds."""
    best = float("inf")
    for _ in range(3):
        torch.cuda.synchronize()
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, time.perf_counter() - start)
        torch.cuda.synchronize()
    return best / calls * 1e6


def functions(path):
    """(name, [(dtype, dims)] of its inputs) of each function in a bundle's
    text; dims hold "s0" where the token count goes."""
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8", "replace").splitlines()
    found, current = [], None
    for line in lines:
        toks = line.split()
        if toks[:1] == ["function"]:
            current = (toks[1], [])
            found.append(current)
        elif toks[:1] == ["buffer"] and current and toks[2] == "input":
            rank = int(toks[5])
            current[1].append((toks[4], toks[6:6 + rank]))
    return found


def make(dims, dtype, tokens):
    shape = [tokens if d == "s0" else int(d) for d in dims]
    if dtype == "i1":
        return torch.rand(shape, device="cuda") > 0.5
    return torch.randn(shape, device="cuda").to(DTYPES[dtype])


def c_call(bundle, name, inputs, outputs):
    """molten_run on fixed tensors, its argument arrays made once."""
    lib = runtime._library()
    keep = []

    def structs(tensors):
        array = (runtime._Tensor * max(len(tensors), 1))()
        for k, t in enumerate(tensors):
            s, shape = runtime._tensor_struct(
                t.data_ptr(), runtime._torch_dtypes(torch)[t.dtype],
                tuple(t.shape))
            array[k] = s
            keep.append(shape)
        return array
    ins, outs = structs(inputs), structs(outputs)
    handle, encoded = bundle._h(), name.encode()
    stream = torch.cuda.current_stream().cuda_stream

    def call():
        runtime._check(lib.molten_run(handle, encoded, ins, len(inputs), outs,
                                      len(outputs), stream))
    call.keep = (keep, ins, outs, inputs, outputs)
    return call


def bundle_rows(cache, calls):
    rows = []
    for file in sorted(os.listdir(cache)):
        if not file.endswith(".bundle"):
            continue
        bundle = Bundle(os.path.join(cache, file))
        bundle.prepare()
        for name, specs in functions(os.path.join(cache, file)):
            dynamic = any("s0" in dims for _, dims in specs)
            for tokens in (1, 2048) if dynamic else (1,):
                sets = [[make(d, t, tokens) for t, d in specs]
                        for _ in range(2)]
                outs = [list(bundle.run(name, *s)) if bundle.num_outputs(name) > 1
                        else [bundle.run(name, *s)] for s in sets]
                same = c_call(bundle, name, sets[0], outs[0])
                turn = [c_call(bundle, name, sets[k], outs[k]) for k in (0, 1)]
                state = [0]

                def changing():
                    state[0] ^= 1
                    turn[state[0]]()
                specs_out = [(o.shape, o.dtype) for o in outs[0]]
                n = calls if tokens == 1 else min(calls, 20)
                row = {
                    "bundle": file[:12], "function": name, "tokens": tokens,
                    "run": per_call(lambda: bundle.run(name, *sets[0]), n),
                    "c-same": per_call(same, n),
                    "c-changing": per_call(changing, n),
                    "empty": per_call(lambda: [torch.empty(s, dtype=d, device="cuda")
                                               for s, d in specs_out], n),
                }
                rows.append(row)
                print(row, flush=True)
    return rows


def driver_rows(calls):
    cuda = ctypes.CDLL("libcuda.so.1")
    stream = ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)
    pointer = ctypes.c_uint64()

    def alloc_free():
        assert cuda.cuMemAllocAsync(ctypes.byref(pointer),
                                    ctypes.c_size_t(2048 * 768 * 2), stream) == 0
        assert cuda.cuMemFreeAsync(pointer, stream) == 0
    x = torch.randn(1, 4096, device="cuda", dtype=torch.bfloat16)
    big = torch.randn(2048, 2304, device="cuda", dtype=torch.bfloat16)
    view = torch.ops.aten.view.default
    return {
        "cuMemAllocAsync + cuMemFreeAsync": per_call(alloc_free, calls),
        "eager op (x + 1, one row)": per_call(lambda: x + 1, calls),
        "torch.empty (one row)": per_call(
            lambda: torch.empty((1, 4096), dtype=torch.bfloat16, device="cuda"),
            calls),
        "aten.view.default": per_call(lambda: view(big, [1, 2048, 2304]), calls),
        "Tensor.view": per_call(lambda: big.view(1, 2048, 2304), calls),
        "ctypes call (molten_last_error)": per_call(
            runtime._library().molten_last_error, calls),
    }


class Clock:
    """Accumulates the seconds spent in the wrapped callables."""

    def __init__(self):
        self.seconds = 0.0

    def wrap(self, fn):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        return timed


def layer_rows(cache, calls=10):
    sys.path.insert(0, os.path.dirname(HERE))  # bench/
    import molten
    import molten.backend as backend
    from decoder_layers import layers, mark_tokens
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(cache)
    graphs, regions, runs = Clock(), Clock(), Clock()
    backend._Region.run = regions.wrap(backend._Region.run)
    runtime._Launch.__call__ = runs.wrap(runtime._Launch.__call__)
    seen = set()
    arguments = backend._Region.run

    def described(region, *args):
        # Once per region: the layouts its bundle gets.
        if region.name not in seen:
            seen.add(region.name)
            print(region.name, [(tuple(t.shape), t.stride(), t.is_contiguous())
                                for t in region.imported.arguments(args)])
        return arguments(region, *args)
    backend._Region.run = described
    forward_compiler = backend._forward_compiler

    def timed_compiler(options):
        compile_forward = forward_compiler(options)

        def compile_timed(gm, example_inputs):
            return graphs.wrap(compile_forward(gm, example_inputs))
        return compile_timed
    backend._forward_compiler = timed_compiler
    rows = []
    with torch.no_grad():
        for name, layer in layers("cuda").items():
            fns = {"molten": molten.compile(layer),
                   "compile": torch.compile(layer)}
            for tokens in (2048, 1):
                inputs = mark_tokens(layer.inputs(tokens, "cuda"))
                for variant, fn in fns.items():
                    for _ in range(3):
                        fn(*inputs)
                    torch.cuda.synchronize()
                    graphs.seconds = regions.seconds = runs.seconds = 0.0
                    start = time.perf_counter()
                    for _ in range(calls):
                        fn(*inputs)
                    host = time.perf_counter() - start
                    torch.cuda.synchronize()
                    row = {"layer": name, "tokens": tokens, "variant": variant,
                           "host": host / calls * 1e6,
                           "graphs": graphs.seconds / calls * 1e6,
                           "regions": regions.seconds / calls * 1e6,
                           "launches": runs.seconds / calls * 1e6}
                    rows.append(row)
                    print(row, flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    drivers = driver_rows(args.calls)
    print(drivers, flush=True)
    rows = bundle_rows(args.cache, args.calls)
    layered = layer_rows(args.cache)
    result = {"layers_us": layered, "device": torch.cuda.get_device_name(), "torch": torch.__version__,
              "command": " ".join(sys.argv), "driver_calls_us": drivers,
              "bundles_us": rows}
    with open(os.path.join(args.out, "host-costs.json"), "w") as f:
        json.dump(result, f, indent=1)
    lines = ["# Host microseconds per call (%s, torch %s)" % (
        result["device"], result["torch"]), "",
        "| call | us |", "| --- | --- |"]
    lines += ["| %s | %.2f |" % kv for kv in drivers.items()]
    lines += ["", "| bundle | function | tokens | run | c-same | c-changing | empty |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    lines += ["| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |" % (
        r["bundle"], r["function"], r["tokens"], r["run"], r["c-same"],
        r["c-changing"], r["empty"]) for r in rows]
    lines += ["", "| layer | tokens | variant | host per forward | in graphs | "
              "in regions | in launches |", "| --- " * 7 + "|"]
    lines += ["| %s | %d | %s | %.1f | %.1f | %.1f | %.1f |" % (
        r["layer"], r["tokens"], r["variant"], r["host"], r["graphs"],
        r["regions"], r["launches"]) for r in layered]
    with open(os.path.join(args.out, "host-costs.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
