#!/usr/bin/env python3
"""Molten vs PyTorch eager vs torch.compile vs the copy ceiling, in one run.

Runs on a GPU machine with PyTorch (no MLIR needed): the bundles come from
bench/make_bundles.py. For each case it checks Molten's output against
PyTorch's, then times every implementation on the same random inputs,
rotating through enough input sets that L2 (read off the device) cannot serve
them, with CUDA events around many calls, median of several repeats taken in
rounds that interleave Molten, eager and torch.compile.
Every case is also timed as device time under CUDA graph replay, the same
way. Results: results.json (raw, with device, driver, versions and the
command), results.md (tables) and bandwidth.png (if matplotlib is there).

    python3 bench/bench.py --bundles bench-bundles --out OUT [--max-seconds 480]
"""
import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

import torch

import workloads  # bench/, the script's own directory
from molten import Bundle  # python/: PYTHONPATH or pip install (docs/python.md)

REPEATS = 7


def l2_bytes():
    """The device's L2 size (50 MB on an H100, 60 MB on an H200)."""
    return getattr(torch.cuda.get_device_properties(0), "L2_cache_size", 60 << 20)


def nbytes(tensors):
    return sum(t.numel() * t.element_size() for t in tensors)


def rotating_sets(moved):
    """How many input sets of `moved` bytes a timing rotates among so that
    L2 cannot serve them: twice L2's bytes, 2 to 64 sets."""
    return max(2, min(64, math.ceil(2 * l2_bytes() / moved)))


def call_timer(fn, sets):
    """Times one round of calls, one per input set, with CUDA events around
    the Python calls (host cost included): seconds per call."""
    for s in sets[:2]:
        fn(*s)
    torch.cuda.synchronize()

    def once():
        start, end = torch.cuda.Event(True), torch.cuda.Event(True)
        start.record()
        for s in sets:
            fn(*s)
        end.record()
        end.synchronize()
        return start.elapsed_time(end) / 1e3 / len(sets)
    return once


def graph_timer(fn, sets):
    """Times one replay of a CUDA graph of one captured call per input set:
    device seconds per call, no host cost."""
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for s in sets[:3]:
            fn(*s)
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for s in sets:
            fn(*s)
    graph.replay()
    torch.cuda.synchronize()

    def once():
        start, end = torch.cuda.Event(True), torch.cuda.Event(True)
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        return start.elapsed_time(end) / 1e3 / len(sets)
    once.graph = graph  # kept alive with the timer
    return once


def time_interleaved(timers, repeats=REPEATS):
    """Median seconds per call of each timer, taken in interleaved rounds
    (each timer once per round) after one discarded round. The GPU runs
    slower for a few milliseconds after an idle gap (clocks ramping up):
    timing one implementation after another would charge that to whichever
    comes first."""
    times = {name: [] for name in timers}
    for round in range(repeats + 1):
        for name, once in timers.items():
            t = once()
            if round:
                times[name].append(t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def time_calls_and_graphs(impls, sets, reps, repeats, result,
                          before_graphs=lambda: None):
    """Times each of `impls` (name -> fn) on `sets` repeated reps[name]
    times, interleaved: host-timed calls into result["time_<name>"], then,
    after `before_graphs()` (a bundle's prepare), CUDA graph replays into
    result["graph_<name>"] (result["graph_error_<name>"] where the calls do
    not capture)."""
    for name, t in time_interleaved(
            {name: call_timer(fn, sets * reps[name])
             for name, fn in impls.items()}, repeats).items():
        result["time_" + name] = t
    before_graphs()
    graphs = {}
    for name, fn in impls.items():
        try:
            graphs[name] = graph_timer(fn, sets * reps[name])
        except Exception as e:  # not every implementation captures
            result["graph_error_" + name] = "%s: %s" % (type(e).__name__, e)
    for name, t in time_interleaved(graphs, repeats).items():
        result["graph_" + name] = t


def copy_ceiling():
    """Device-to-device copy bandwidth (bytes read + written per second)."""
    n = 1 << 28  # 1 GiB of f32
    a = torch.randn(n, device="cuda")
    b = torch.empty_like(a)
    t = time_interleaved({"copy": call_timer(lambda: b.copy_(a), [()] * 4)})
    return 2 * n * 4 / t["copy"]


def max_rel_error(got, ref):
    got, ref = got.double(), ref.double()
    if not torch.isfinite(got).all():
        return math.inf
    return ((got - ref).abs().max() / max(1.0, ref.abs().max().item())).item()


def run_case(case, bundles, fns, copy_bw, gen):
    name, dtype, hidden, rows = case["workload"], case["dtype"], case["hidden"], case["row"]
    bundle = bundles[case["bundle"]]
    eager = fns[name]
    first = workloads.make_inputs(name, rows, hidden, dtype, gen)
    # Bytes moved by one call: inputs read once, outputs written once.
    outs = eager(*first)
    outs = outs if isinstance(outs, tuple) else (outs,)
    moved = nbytes(first) + nbytes(outs)
    count = rotating_sets(moved)
    sets = [first] + [workloads.make_inputs(name, rows, hidden, dtype, gen)
                      for _ in range(count - 1)]

    # Correctness before timing: Molten against eager on fresh inputs, with
    # the outputs poisoned first.
    poison = [torch.full_like(o, float("nan")) for o in outs]
    bundle.run(name, *first, out=poison if len(poison) > 1 else poison[0])
    torch.cuda.synchronize()
    tol = 2e-2 if dtype == "bf16" else 1e-4
    errors = [max_rel_error(g, r) for g, r in zip(poison, outs)]
    result = dict(case, bytes=moved, sets=count, max_rel_error=max(errors),
                  correct=max(errors) <= tol)
    if not result["correct"]:
        return result

    compiled = torch.compile(eager, dynamic=False)
    compiled(*first)
    molten = lambda *a: bundle.run(name, *a)
    impls = {"molten": molten, "eager": eager, "compile": compiled}
    for impl, t in time_interleaved(
            {impl: call_timer(fn, sets) for impl, fn in impls.items()}).items():
        result["time_" + impl] = t
    # Device time of the same calls, free of host cost, for every case; and
    # of a plain streaming kernel that moves the same bytes (eager
    # torch.neg, half read, half written), which shows what the case's size
    # allows any kernel: short calls spend a larger share filling and
    # draining the GPU.
    bundle.prepare()
    graphs = {}
    for impl, fn in impls.items():
        try:
            graphs[impl] = graph_timer(fn, sets)
        except Exception as e:  # not every implementation captures
            result["graph_error_" + impl] = f"{type(e).__name__}: {e}"
    stream_type = torch.bfloat16 if dtype == "bf16" else torch.float32
    stream_len = max(1, moved // 2 // (torch.finfo(stream_type).bits // 8))
    stream_sets = [(torch.randn(stream_len, device="cuda", dtype=stream_type),
                    torch.empty(stream_len, device="cuda", dtype=stream_type))
                   for _ in range(count)]
    try:
        graphs["stream"] = graph_timer(lambda x, y: torch.neg(x, out=y),
                                       stream_sets)
    except Exception as e:
        result["graph_error_stream"] = f"{type(e).__name__}: {e}"
    for impl, t in time_interleaved(graphs).items():
        result["graph_" + impl] = t
    del graphs, stream_sets
    if "graph_stream" in result:
        result["graph_stream_frac_copy"] = moved / result["graph_stream"] / copy_bw
    if "graph_molten" in result:
        g = result["graph_molten"]
        result["graph_frac_copy"] = moved / g / copy_bw
        if "graph_compile" in result:
            result["graph_vs_compile"] = result["graph_compile"] / g
        if "graph_eager" in result:
            result["graph_vs_eager"] = result["graph_eager"] / g
    t = result["time_molten"]
    result["gbps_molten"] = moved / t / 1e9
    result["frac_copy"] = moved / t / copy_bw
    result["frac_copy_compile"] = moved / result["time_compile"] / copy_bw
    result["copy_bw"] = copy_bw
    result["vs_eager"] = result["time_eager"] / t
    result["vs_compile"] = result["time_compile"] / t
    return result


def write_markdown(path, meta, results):
    lines = [f"# Molten benchmark on {meta['device']}", "",
             f"Copy ceiling (device-to-device, read + write): "
             f"{meta['copy_gbps']:.0f} GB/s. Command: `{meta['command']}`.", "",
             "Per call, two ways: events around Python calls (host cost included) and",
             "device time under CUDA graph replay (graph columns). Both rotate input sets.", "",
             "\"graph stream of copy\": a plain streaming kernel (eager torch.neg) moving the case's",
             "bytes, timed the same way: what a call of that size allows any kernel.", "",
             "| workload | dtype | hidden | rows | MB | Molten us | of copy | vs eager | vs compile | graph Molten us | graph of copy | graph stream of copy | graph vs eager | graph vs compile |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        if not r.get("correct"):
            lines.append(f"| {r['workload']} | {r['dtype']} | {r['hidden']} | {r['row']} | | "
                         f"FAILED CHECK (rel err {r.get('max_rel_error')}) | | | | | | | | |")
            continue
        if "time_molten" not in r:
            continue
        def g(key, fmt):
            return fmt.format(r[key]) if key in r else "n/a"
        lines.append(
            f"| {r['workload']} | {r['dtype']} | {r['hidden']} | {r['row']} | {r['bytes'] / 1e6:.1f} | "
            f"{r['time_molten'] * 1e6:.1f} | {r['frac_copy']:.2f} | {r['vs_eager']:.2f} | {r['vs_compile']:.2f} | "
            f"{r['graph_molten'] * 1e6 if 'graph_molten' in r else float('nan'):.1f} | {g('graph_frac_copy', '{:.2f}')} | "
            f"{g('graph_stream_frac_copy', '{:.2f}')} | "
            f"{g('graph_vs_eager', '{:.2f}')} | {g('graph_vs_compile', '{:.2f}')} |")
    timed = [r for r in results if "vs_compile" in r]
    if timed:
        geo = math.exp(sum(math.log(r["vs_compile"]) for r in timed) / len(timed))
        lines += ["", f"Geometric mean speed-up over torch.compile (host-timed): {geo:.2f} "
                  f"({len(timed)} cases); slowest: "
                  f"{min(r['vs_compile'] for r in timed):.2f}."]
    gt = [r for r in results if "graph_vs_compile" in r]
    if gt:
        geo = math.exp(sum(math.log(r["graph_vs_compile"]) for r in gt) / len(gt))
        lines += [f"Geometric mean speed-up over torch.compile (device time, graph replay): "
                  f"{geo:.2f} ({len(gt)} cases); slowest: "
                  f"{min(r['graph_vs_compile'] for r in gt):.2f}."]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def plot(path, results):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    sweep = [r for r in results if r.get("group") == "sweep" and "frac_copy" in r]
    if not sweep:
        return False
    fig, ax = plt.subplots(figsize=(7, 4))
    for name in sorted({r["workload"] for r in sweep}):
        pts = sorted((r["hidden"], r.get("graph_frac_copy", r["frac_copy"]),
                      r["bytes"] / r["graph_compile"] / r["copy_bw"] if "graph_compile" in r
                      else r["frac_copy_compile"])
                     for r in sweep if r["workload"] == name)
        xs = [p[0] for p in pts]
        ax.plot(xs, [p[1] for p in pts], "o-", label=f"Molten {name}")
        ax.plot(xs, [p[2] for p in pts], "x--", label=f"torch.compile {name}")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("row length (bf16)")
    ax.set_ylabel("fraction of copy bandwidth (device time)")
    ax.set_ylim(0, 1.05)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    return True


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--bundles", default=os.path.join(ROOT, "bench-bundles"))
    p.add_argument("--out", required=True)
    p.add_argument("--max-seconds", type=float, default=480,
                   help="stop starting cases after this long (the rest are listed as skipped)")
    p.add_argument("--only", default="", help="comma-separated workloads")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch._dynamo.config.cache_size_limit = 256
    began = time.time()

    with open(os.path.join(args.bundles, "manifest.json")) as f:
        manifest = json.load(f)
    only = set(filter(None, args.only.split(",")))
    cases = [dict(c, row=r) for c in manifest for r in c["rows"]
             if not only or c["workload"] in only]
    fns = workloads.torch_fns()
    bundles = {}
    for c in cases:
        if c["bundle"] not in bundles:
            bundles[c["bundle"]] = Bundle(os.path.join(args.bundles, c["bundle"]))

    copy_bw = copy_ceiling()
    driver = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                            capture_output=True, text=True).stdout.strip()
    meta = {"device": torch.cuda.get_device_name(), "driver": driver,
            "torch": torch.__version__, "cuda": torch.version.cuda,
            "python": platform.python_version(), "copy_gbps": copy_bw / 1e9,
            "command": " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:]),
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    print(f"{meta['device']}: copy {copy_bw / 1e9:.0f} GB/s", flush=True)

    gen = torch.Generator(device="cuda")
    gen.manual_seed(1234)
    results = []
    for case in cases:
        if time.time() - began > args.max_seconds:
            results.append(dict(case, skipped="time budget"))
            continue
        try:
            r = run_case(case, bundles, fns, copy_bw, gen)
        except Exception as e:  # a failure is a result, not the end of the run
            r = dict(case, correct=False, error=f"{type(e).__name__}: {e}")
        results.append(r)
        if "time_molten" in r:
            print(f"{r['workload']:>20} {r['dtype']:>4} h={r['hidden']:<6} rows={r['row']:<6} "
                  f"{r['time_molten'] * 1e6:9.1f} us {r['frac_copy']:.2f} of copy, "
                  f"x{r['vs_eager']:.2f} eager, x{r['vs_compile']:.2f} compile; device "
                  f"{r.get('graph_molten', float('nan')) * 1e6:.1f} us, "
                  f"{r.get('graph_frac_copy', float('nan')):.2f} of copy "
                  f"(same-size stream {r.get('graph_stream_frac_copy', float('nan')):.2f}), "
                  f"x{r.get('graph_vs_compile', float('nan')):.2f} compile", flush=True)
        else:
            print(f"{case['workload']:>20} {case['dtype']:>4} h={case['hidden']:<6} rows={case['row']:<6} "
                  f"NOT TIMED: {r.get('error') or 'check failed, rel err %s' % r.get('max_rel_error')}",
                  flush=True)
        torch.cuda.empty_cache()

    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
    write_markdown(os.path.join(args.out, "results.md"), meta, results)
    plot(os.path.join(args.out, "bandwidth.png"), results)
    failed = [r for r in results if r.get("correct") is False]
    skipped = [r for r in results if "skipped" in r]
    print(f"bench: {len(results) - len(failed) - len(skipped)} timed, {len(failed)} failed, "
          f"{len(skipped)} skipped, {time.time() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
