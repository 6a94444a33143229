#!/usr/bin/env python3
"""Compares variants of Molten's kernels (the emitters' tuning options) on
one GPU, in one run: each variant is a bundle folder made by
`bench/make_bundles.py --gpu-options "..." --out DIR`. For every case of every
variant it checks the output against PyTorch (outputs poisoned first), then
times the call as device time under CUDA graph replay with rotating input
sets (bench.py's method), beside the copy ceiling measured in the same run.
Variants are timed case by case, interleaved, on the same inputs.

    python3 bench/tune.py --variants DIR1,DIR2,... --out OUT [--rows 1,2048,32768]
        [--only rope,...] [--compile]

Writes OUT/tune.json (raw) and OUT/tune.md (fraction of copy per case and
variant, best marked).
"""
import argparse
import json
import os
import sys
import time


import torch

import bench
import workloads
from molten import Bundle


COMPILE = "torch.compile"


def run_case(case, variants, fns, gen, copy_bw, bundles, with_compile=False):
    """One case on every variant that has it, on the same inputs: checked
    first (outputs poisoned), then timed in interleaved rounds
    (bench.time_interleaved), so that no variant pays for the GPU's warm-up.
    with_compile adds torch.compile(dynamic=False) of the PyTorch version as
    one more timer in the same rounds."""
    name, dtype, hidden, rows = case["workload"], case["dtype"], case["hidden"], case["row"]
    first = workloads.make_inputs(name, rows, hidden, dtype, gen)
    outs = fns[name](*first)
    outs = outs if isinstance(outs, tuple) else (outs,)
    moved = bench.nbytes(first) + bench.nbytes(outs)
    count = bench.rotating_sets(moved)
    sets = [first] + [workloads.make_inputs(name, rows, hidden, dtype, gen)
                      for _ in range(count - 1)]
    tol = 2e-2 if dtype == "bf16" else 1e-4
    results, timed = {}, {}
    for v in variants:
        path = os.path.join(v, case["bundle"])
        result = dict(case, variant=os.path.basename(v.rstrip("/")), bytes=moved)
        results[v] = result
        if not os.path.exists(path):
            continue
        try:
            if path not in bundles:
                bundles[path] = Bundle(path)
            bundle = bundles[path]
            poison = [torch.full_like(o, float("nan")) for o in outs]
            bundle.run(name, *first, out=poison if len(poison) > 1 else poison[0])
            torch.cuda.synchronize()
            err = max(bench.max_rel_error(g, r) for g, r in zip(poison, outs))
            result.update(max_rel_error=err, correct=err <= tol)
            if result["correct"]:
                bundle.prepare()
                timed[v] = bundle
        except Exception as e:  # a failure is a result
            result.update(correct=False, error=f"{type(e).__name__}: {e}")
    graphs = {v: bench.graph_timer(lambda *a, b=bundle: b.run(name, *a), sets)
              for v, bundle in timed.items()}
    if with_compile:
        # One function compiled for many shapes: past dynamo's default of 8
        # recompilations it would silently run eagerly (bench.py does the same).
        torch._dynamo.config.cache_size_limit = 256
        compiled = torch.compile(fns[name], dynamic=False)
        compiled(*first)
        results[COMPILE] = dict(case, variant=COMPILE, bytes=moved, correct=True)
        graphs[COMPILE] = bench.graph_timer(compiled, sets)
    for v, t in bench.time_interleaved(graphs).items():
        results[v].update(graph_molten=t, graph_frac_copy=moved / t / copy_bw)
    return [r for v, r in results.items() if "correct" in r]


def write_markdown(path, data):
    """One row per case, one column per variant: fraction of copy (or us
    for 1-row cases), the best in bold."""
    variants, results = data["variants"], data["results"]
    names = [v["dir"] for v in variants]
    keyed = {}
    for r in results:
        key = (r["workload"], r["dtype"], r["hidden"], r["row"])
        keyed.setdefault(key, {})[r["variant"]] = r
    lines = [f"# Tuning variants on {data['device']}, copy {data['copy_gbps']:.0f} GB/s", "",
             "Fraction of the copy ceiling (device time under graph replay); 1-row cases in us.", ""]
    for v in variants:
        lines.append(f"- {v['dir']}: `{v['options'] or '(defaults)'}`")
    lines += ["", "| case | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for key, per in keyed.items():
        cells = []
        decode = key[3] == 1
        vals = {n: (per[n]["graph_molten"] * 1e6 if decode else per[n]["graph_frac_copy"])
                for n in names if n in per and "graph_molten" in per[n]}
        best = (min if decode else max)(vals.values()) if vals else None
        for n in names:
            if n not in per:
                cells.append("")
            elif n not in vals:
                cells.append("skip" if "skipped" in per[n] else "FAIL")
            else:
                s = f"{vals[n]:.2f}"
                cells.append(f"**{s}**" if vals[n] == best else s)
        lines.append(f"| {' '.join(map(str, key))} | " + " | ".join(cells) + " |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--variants", required=True, help="comma-separated bundle folders")
    p.add_argument("--out", required=True)
    p.add_argument("--rows", default="", help="keep only these row counts of the main set (comma-separated)")
    p.add_argument("--max-seconds", type=float, default=420,
                   help="start no case after this long")
    p.add_argument("--only", default="", help="comma-separated workloads")
    p.add_argument("--compile", action="store_true",
                   help="also time torch.compile(dynamic=False) in the same rounds")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    began = time.time()
    keep_rows = {int(r) for r in args.rows.split(",") if r}
    only = set(filter(None, args.only.split(",")))
    fns = workloads.torch_fns()
    copy_bw = bench.copy_ceiling()
    print(f"{torch.cuda.get_device_name()}: copy {copy_bw / 1e9:.0f} GB/s", flush=True)
    gen = torch.Generator(device="cuda")
    gen.manual_seed(4321)
    dirs = list(filter(None, args.variants.split(",")))
    variants, cases = [], {}
    for d in dirs:
        with open(os.path.join(d, "manifest.json")) as f:
            manifest = json.load(f)
        with open(os.path.join(d, "gpu-options.txt")) as f:
            options = f.read().strip()
        variants.append({"dir": os.path.basename(d.rstrip("/")), "options": options})
        for c in manifest:
            if only and c["workload"] not in only:
                continue
            for r in c["rows"]:
                if keep_rows and c["group"] == "main" and r not in keep_rows:
                    continue
                cases.setdefault((c["bundle"], r), dict(c, row=r))
    results, bundles = [], {}
    for case in cases.values():
        if time.time() - began > args.max_seconds:
            results += [dict(case, variant=v["dir"], skipped="time budget") for v in variants]
            continue
        for res in run_case(case, dirs, fns, gen, copy_bw, bundles, args.compile):
            results.append(res)
            if res.get("correct") is False:
                print(f"FAILED {res['variant']} {case}: {res.get('error') or res.get('max_rel_error')}", flush=True)
        torch.cuda.empty_cache()
    print(f"{len(cases)} cases, {time.time() - began:.0f} s", flush=True)
    if args.compile:
        variants.append({"dir": COMPILE, "options": "torch.compile(dynamic=False) of the PyTorch version"})

    data = {"device": torch.cuda.get_device_name(), "copy_gbps": copy_bw / 1e9,
            "command": " ".join(sys.argv), "variants": variants, "results": results}
    with open(os.path.join(args.out, "tune.json"), "w") as f:
        json.dump(data, f, indent=1)
    write_markdown(os.path.join(args.out, "tune.md"), data)
    failed = [r for r in results if r.get("correct") is False]
    print(f"tune: {len(results)} runs, {len(failed)} failed, {time.time() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
