#!/usr/bin/env python3
"""Compares variants of Molten's kernels (the emitters' tuning options) on
one GPU, in one run: each variant is a bundle folder made by
`bench/make_bundles.py --gpu-options "..." --out DIR`. For every case of every
variant it checks the output against PyTorch (outputs poisoned first), then
times the call as device time under CUDA graph replay with rotating input
sets (bench.py's method), beside the copy ceiling measured in the same run.

    python3 bench/tune.py --variants DIR1,DIR2,... --out OUT [--rows 1,2048,32768]

Writes OUT/tune.json (raw) and OUT/tune.md (fraction of copy per case and
variant, best marked).
"""
import argparse
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402

import bench  # noqa: E402
import workloads  # noqa: E402
from molten_runtime import Bundle  # noqa: E402


def run(variant_dir, case, fns, gen, copy_bw, bundles):
    name, dtype, hidden, rows = case["workload"], case["dtype"], case["hidden"], case["row"]
    path = os.path.join(variant_dir, case["bundle"])
    if path not in bundles:
        bundles[path] = Bundle(path)
    bundle = bundles[path]
    first = workloads.make_inputs(name, rows, hidden, dtype, gen)
    outs = fns[name](*first)
    outs = outs if isinstance(outs, tuple) else (outs,)
    moved = bench.nbytes(first) + bench.nbytes(outs)
    count = max(2, min(64, math.ceil(2 * bench.l2_bytes() / moved)))
    sets = [first] + [workloads.make_inputs(name, rows, hidden, dtype, gen)
                      for _ in range(count - 1)]
    poison = [torch.full_like(o, float("nan")) for o in outs]
    bundle.run(name, *first, out=poison if len(poison) > 1 else poison[0])
    torch.cuda.synchronize()
    err = max(bench.max_rel_error(g, r) for g, r in zip(poison, outs))
    tol = 2e-2 if dtype == "bf16" else 1e-4
    result = dict(case, bytes=moved, max_rel_error=err, correct=err <= tol)
    if result["correct"]:
        bundle.prepare()
        t = bench.time_graph(lambda *a: bundle.run(name, *a), sets)
        result["graph_molten"] = t
        result["graph_frac_copy"] = moved / t / copy_bw
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--variants", required=True, help="comma-separated bundle folders")
    p.add_argument("--out", required=True)
    p.add_argument("--rows", default="", help="keep only these row counts of the main set (comma-separated)")
    p.add_argument("--max-seconds", type=float, default=420,
                   help="start no case after this long")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    began = time.time()
    keep_rows = {int(r) for r in args.rows.split(",") if r}
    fns = workloads.torch_fns()
    copy_bw = bench.copy_ceiling()
    print(f"{torch.cuda.get_device_name()}: copy {copy_bw / 1e9:.0f} GB/s", flush=True)
    gen = torch.Generator(device="cuda")
    gen.manual_seed(4321)
    variants, results = [], []
    for d in filter(None, args.variants.split(",")):
        with open(os.path.join(d, "manifest.json")) as f:
            manifest = json.load(f)
        with open(os.path.join(d, "gpu-options.txt")) as f:
            options = f.read().strip()
        variants.append({"dir": os.path.basename(d.rstrip("/")), "options": options})
        bundles = {}
        for c in manifest:
            for r in c["rows"]:
                if keep_rows and c["group"] == "main" and r not in keep_rows:
                    continue
                case = dict(c, row=r, variant=variants[-1]["dir"])
                if time.time() - began > args.max_seconds:
                    results.append(dict(case, skipped="time budget"))
                    continue
                try:
                    res = run(d, case, fns, gen, copy_bw, bundles)
                except Exception as e:  # a failure is a result
                    res = dict(case, correct=False, error=f"{type(e).__name__}: {e}")
                results.append(res)
                if res.get("correct") is False:
                    print(f"FAILED {case}: {res.get('error') or res.get('max_rel_error')}", flush=True)
                torch.cuda.empty_cache()
        print(f"variant {variants[-1]['dir']} ({options}) done, {time.time() - began:.0f} s", flush=True)

    with open(os.path.join(args.out, "tune.json"), "w") as f:
        json.dump({"device": torch.cuda.get_device_name(), "copy_gbps": copy_bw / 1e9,
                   "command": " ".join(sys.argv), "variants": variants,
                   "results": results}, f, indent=1)
    # One row per case, one column per variant: fraction of copy (or us
    # for 1-row cases), the best in bold.
    names = [v["dir"] for v in variants]
    keyed = {}
    for r in results:
        key = (r["workload"], r["dtype"], r["hidden"], r["row"])
        keyed.setdefault(key, {})[r["variant"]] = r
    lines = [f"# Tuning variants on {torch.cuda.get_device_name()}, copy {copy_bw / 1e9:.0f} GB/s", "",
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
    with open(os.path.join(args.out, "tune.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    failed = [r for r in results if r.get("correct") is False]
    print(f"tune: {len(results)} runs, {len(failed)} failed, {time.time() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
