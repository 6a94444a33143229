#!/usr/bin/env python3
"""The decoder layers through backend="molten" under several compile
options, timed against each other and torch.compile in one process: a probe
for a compiler option's effect on a whole layer, not the benchmark
(bench/decoder_layers.py).

    # here: one cache holding the bundles of every options string
    for o in "chip=sm_90a" "chip=sm_90a gpu-options={matmul-staged-columns=128}"; do
      MOLTEN_COMPILE_OPTIONS="$o" PYTHONPATH=~/.cache/molten/torch-2.11:python \\
        python3 bench/decoder_layers.py --make-cache layer-cache-x
    done
    # on the GPU machine, the cache carried:
    python3 bench/probe/layer_options.py --cache layer-cache-x --out DIR \\
      --options "chip=sm_90a" \\
      --options "chip=sm_90a gpu-options={matmul-staged-columns=128}"

For each layer and phase (--phases, default prefill and decode): the
outputs of every variant against eager (max relative error), then
torch.compile and one molten variant per options string, interleaved
(bench.time_interleaved): prefill host-timed with CUDA events, decode as
CUDA graph replays, as bench/decoder_layers.py times them. Writes
DIR/results.json and DIR/results.md, with the backend's report (a region
whose bundle is missing falls back and says so there).
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import bench  # noqa: E402  bench/bench.py
from decoder_layers import (add_case, dump_results, layers,  # noqa: E402
                            mark_tokens, write_lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cache", required=True)
    p.add_argument("--out", default="/tmp/layer-options")
    p.add_argument("--options", action="append", required=True,
                   help="molten compile options, once per variant")
    p.add_argument("--layers", default="llama,gpt2")
    p.add_argument("--phases", default="prefill,decode")
    p.add_argument("--prefill", type=int, default=2048)
    args = p.parse_args()
    import molten
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(args.cache)
    os.makedirs(args.out, exist_ok=True)
    results = {"device": torch.cuda.get_device_name(),
               "torch": torch.__version__, "command": " ".join(sys.argv),
               "options": args.options, "cases": []}
    names = ["molten-%d" % i for i in range(len(args.options))]
    with torch.no_grad():
        for name, layer in layers("cuda").items():
            if name not in args.layers.split(","):
                continue
            variants = {"compile": torch.compile(layer)}
            for v, options in zip(names, args.options):
                variants[v] = molten.compile(layer, options=options)
            for phase in args.phases.split(","):
                tokens = args.prefill if phase == "prefill" else 1
                sets = [mark_tokens(layer.inputs(tokens, "cuda"))] * 2
                want = layer(*sets[0])
                timer = bench.call_timer if phase == "prefill" \
                    else bench.graph_timer
                errors = {v: bench.max_rel_error(fn(*sets[0]), want)
                          for v, fn in variants.items()}
                times = bench.time_interleaved(
                    {v: timer(fn, sets) for v, fn in variants.items()})
                case = {"layer": name, "phase": phase, "tokens": tokens,
                        "seconds": times, "max_rel_error": errors}
                add_case(results, case)
    dump_results(results, args.out)
    lines = ["# Layers under several molten options (%s, torch %s)" % (
        results["device"], results["torch"]), ""]
    lines += ["- %s: `%s`" % (v, o) for v, o in zip(names, args.options)]
    lines += ["", "| layer | phase | compile us | " +
              " | ".join("%s us" % v for v in names) + " | " +
              " | ".join("compile / %s" % v for v in names) + " |",
              "| --- " * (3 + 2 * len(names)) + "|"]
    for c in results["cases"]:
        s = c["seconds"]
        lines.append("| %s | %s | %.1f | %s | %s |" % (
            c["layer"], c["phase"], s["compile"] * 1e6,
            " | ".join("%.1f" % (s[v] * 1e6) for v in names),
            " | ".join("%.3f" % (s["compile"] / s[v]) for v in names)))
    lines += ["", "Max relative error against eager:", ""]
    for c in results["cases"]:
        lines.append("- %s %s: %s" % (c["layer"], c["phase"], ", ".join(
            "%s %.1e" % kv for kv in sorted(c["max_rel_error"].items()))))
    write_lines(os.path.join(args.out, "results.md"), lines,
                results["report"])


if __name__ == "__main__":
    main()
