#!/usr/bin/env python3
"""Two matmul benchmark runs (bench/matmul_bench.py results.json) case by
case: Molten's time in each, their ratio (new / old; < 1: new faster),
and each run's own cuBLAS and torch.compile times, which show how much
the machine drifted between the two. Compare only runs of one call on one
GPU (docs/matmul-bench.md).

    python3 bench/compare_matmul.py OLD.json NEW.json [--old-name A --new-name B]
"""
import argparse
import json
import math


def cases(path):
    return {(r["layout"], r["n"], r["k"], r["m"]): r
            for r in json.load(open(path))["results"] if r.get("t_molten")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--old-name", default="old")
    ap.add_argument("--new-name", default="new")
    args = ap.parse_args()
    old, new = cases(args.old), cases(args.new)
    ratios = []
    print(f"# {args.new_name} against {args.old_name}: Molten us, ratio "
          "new/old; each run's cuBLAS us; new's speed as a fraction of its "
          "cuBLAS, and torch.compile's time over new's")
    for key in sorted(set(old) & set(new), key=lambda k: (k[3], k)):
        o, n = old[key], new[key]
        ratio = n["t_molten"] / o["t_molten"]
        ratios.append(ratio)
        print(f"{key}: old {o['t_molten'] * 1e6:.1f} new {n['t_molten'] * 1e6:.1f}"
              f" ratio {ratio:.3f} | cuBLAS old {o['t_cublas'] * 1e6:.1f}"
              f" new {n['t_cublas'] * 1e6:.1f} | new/cuBLAS speed"
              f" {n['t_cublas'] / n['t_molten']:.2f} | compile/new"
              f" {n['t_compile'] / n['t_molten']:.2f}")
    if ratios:
        geo = math.exp(sum(map(math.log, ratios)) / len(ratios))
        print(f"geomean new/old {geo:.3f} over {len(ratios)} cases "
              f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()
