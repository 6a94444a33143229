#!/usr/bin/env python3
"""A gated MLP's silu(x @ Wg^T) * (x @ Wu^T) in bf16: Molten with both
matmuls in one kernel (molten-fuse's sibling-matmuls) against Molten's
two kernels (the default), cuBLAS's two products alone, eager PyTorch and
torch.compile, in one run.

    # here (MLIR tools, no GPU): both forms of each shape, M dynamic
    python3 bench/gated_mlp_bench.py --make-bundles gated-bundles [--tools-dir build/bin]
    # on the GPU machine (PyTorch, no MLIR)
    python3 bench/gated_mlp_bench.py --bundles gated-bundles --out DIR [--m 1,2048] [--max-seconds 200]

Cases: (N, K) in SHAPES (Llama-3 8B's and Llama-2 7B's gate and up
projections, weights as nn.Linear stores them) and M in M_VALUES. Each
case first checks both Molten forms (outputs NaN-poisoned) against eager
(max|got - ref| / max(1, max|ref|) <= 2e-2, else the case is not timed),
then times every implementation as matmul_bench.py does: interleaved
rounds over rotating input sets, CUDA events around the calls and device
time under CUDA graph replay (reported where it exists).

Reported: TFLOP/s (4 M N K / t), the one-kernel form's time over the
two-kernel form's and over cuBLAS's two products, torch.compile's time over
the one-kernel form's, and for M <= 16 both weights' bytes over the time as
a fraction of the copy bandwidth. results.json (raw) and results.md.
"""
import argparse
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SHAPES = [(14336, 4096), (11008, 4096)]
M_VALUES = [1, 16, 512, 2048, 4096]
SMALL_M = 16
TOLERANCE = 2e-2
TARGET_S = 2e-3
MAX_CALLS = 512
REPEATS = 7
# The bundle of each form: the compile flags molten-translate gets.
FORMS = {"one": ("--molten-sibling-matmuls",), "two": ()}


def make_bundles(out, tools_dir, chip, jobs):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import make_matmul_cases as mmc
    translate = mmc.find_tool(tools_dir, "molten-translate")
    os.makedirs(out, exist_ok=True)
    entries, programs = [], []
    for n, k in SHAPES:
        function = "gated_n%d_k%d" % (n, k)
        text, _ = mmc.matmul_program(function, "bf16", ["M", k], [n, k], True,
                                     "gated")
        for form, flags in FORMS.items():
            bid = "%s_%s" % (function, form)
            entries.append({"id": bid, "function": function, "n": n, "k": k,
                            "form": form, "bundle": bid + ".bundle"})
            programs.append((bid, text, flags))
    failures = mmc.build_all(jobs, out, translate, chip, programs)
    for e in entries:
        if failures[e["id"]] is None:
            e["plan"] = mmc.bundle_summary(os.path.join(out, e["bundle"]))
    manifest = {"generated_by": "bench/gated_mlp_bench.py",
                "git_head": mmc.git_head(), "chip": chip,
                "bundles": [e for e in entries if failures[e["id"]] is None]}
    mmc.write_manifest(out, manifest, failures)
    print("%d bundles in %s" % (len(manifest["bundles"]), out))
    return 0 if len(manifest["bundles"]) == len(entries) else 1


def run_case(torch, bench, n, k, m, bundles, copy_bw, gen):
    F = torch.nn.functional
    bf16 = torch.bfloat16
    result = {"n": n, "k": k, "m": m}

    def make_set():
        x = torch.randn(m, k, generator=gen, device="cuda").to(bf16)
        wg, wu = ((torch.randn(n, k, generator=gen, device="cuda")
                   / math.sqrt(k)).to(bf16) for _ in range(2))
        return (x, wg, wu)

    def eager(x, wg, wu):
        return F.silu(F.linear(x, wg)) * F.linear(x, wu)

    def cublas(x, wg, wu):
        return torch.matmul(x, wg.t()), torch.matmul(x, wu.t())

    def molten(form):
        bundle, function = bundles[form]
        return lambda x, wg, wu: bundle.run(function, x, wg, wu)

    first = make_set()
    ref = eager(*first)
    for form, (bundle, function) in bundles.items():
        got = torch.full((m, n), float("nan"), dtype=bf16, device="cuda")
        bundle.run(function, *first, out=got)
        result["max_rel_error_" + form] = bench.max_rel_error(got, ref)
    del got, ref
    result["correct"] = all(result["max_rel_error_" + form] <= TOLERANCE
                            for form in bundles)
    if not result["correct"]:
        return result

    moved = bench.nbytes(first) + m * n * 2
    count = bench.rotating_sets(moved)
    sets = [first] + [make_set() for _ in range(count - 1)]
    torch._dynamo.reset()
    compiled = torch.compile(eager, dynamic=False)
    compiled(*first)
    impls = {"molten_" + form: molten(form) for form in bundles}
    impls.update(cublas=cublas, eager=eager, compile=compiled)
    reps = {}
    for name, fn in impls.items():
        est = bench.call_timer(fn, sets)()
        reps[name] = max(1, min(MAX_CALLS // count,
                                math.ceil(TARGET_S / (est * count))))
    result.update(sets=count, reps=reps)
    bench.time_calls_and_graphs(
        impls, sets, reps, REPEATS, result,
        lambda: [bundle.prepare() for bundle, _ in bundles.values()])
    del sets
    for name in impls:
        t = result.get("graph_" + name, result["time_" + name])
        result["t_" + name] = t
        result["tflops_" + name] = 4.0 * m * n * k / t / 1e12
        result["weight_frac_copy_" + name] = 2 * n * k * 2 / t / copy_bw
    one = result["t_molten_one"]
    result["one_over_two"] = one / result["t_molten_two"]
    result["one_over_cublas"] = one / result["t_cublas"]
    result["compile_over_one"] = result["t_compile"] / one
    return result


def write_markdown(path, meta, results):
    lines = ["# Gated MLP on %s" % meta["device"], "",
             "bf16 `silu(x @ Wg^T) * (x @ Wu^T)`; torch %s; copy %.0f GB/s; "
             "bundles of %s. Times are device time under CUDA graph replay "
             "where captured. `one`: both matmuls in one kernel "
             "(sibling-matmuls); `two`: Molten's default, two kernels; "
             "cuBLAS: the two products alone." % (
                 meta["torch"], meta["copy_gbps"], meta["bundles_git_head"]),
             "", "Command: `%s`" % meta["command"], "",
             "| N | K | M | one us | two us | cuBLAS us | compile us | "
             "one TFLOP/s | one/two | one/cuBLAS | compile/one | "
             "W/copy one | W/copy compile |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "t_molten_one" not in r:
            lines.append("| %d | %d | %d | %s |" % (
                r["n"], r["k"], r["m"], r.get("skipped") or r.get("error")
                or "not timed: errors %s" % {
                    f: r.get("max_rel_error_" + f) for f in FORMS}))
            continue
        small = r["m"] <= SMALL_M
        lines.append(
            "| %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.3f | %.3f "
            "| %.3f | %s | %s |" % (
                r["n"], r["k"], r["m"], r["t_molten_one"] * 1e6,
                r["t_molten_two"] * 1e6, r["t_cublas"] * 1e6,
                r["t_compile"] * 1e6, r["tflops_molten_one"],
                r["one_over_two"], r["one_over_cublas"], r["compile_over_one"],
                "%.2f" % r["weight_frac_copy_molten_one"] if small else "",
                "%.2f" % r["weight_frac_copy_compile"] if small else ""))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def benchmark(args):
    from gpu_check import find_or_build_runtime  # python/, beside molten
    find_or_build_runtime(lambda msg: print(msg, flush=True))
    import torch
    sys.path.insert(0, HERE)
    import bench  # bench/bench.py: timers, copy ceiling, error
    from molten import Bundle

    os.makedirs(args.out, exist_ok=True)
    began = time.time()
    with open(os.path.join(args.bundles, "manifest.json")) as f:
        manifest = json.load(f)
    loaded = {}
    for e in manifest["bundles"]:
        bundle = Bundle(os.path.join(args.bundles, e["bundle"]))
        bundle.prepare()
        loaded.setdefault((e["n"], e["k"]), {})[e["form"]] = (bundle,
                                                              e["function"])
    m_values = [int(v) for v in args.m.split(",")] if args.m else M_VALUES
    copy_bw = bench.copy_ceiling()
    meta = {"device": torch.cuda.get_device_name(), "torch": torch.__version__,
            "copy_gbps": copy_bw / 1e9,
            "bundles_git_head": manifest.get("git_head"),
            "command": " ".join([os.path.relpath(sys.argv[0], ROOT)]
                                + sys.argv[1:]),
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    gen = torch.Generator(device="cuda")
    gen.manual_seed(1234)
    results = []
    for (n, k), bundles in loaded.items():
        for m in m_values:
            if time.time() - began > args.max_seconds:
                results.append({"n": n, "k": k, "m": m,
                                "skipped": "time budget"})
                continue
            try:
                r = run_case(torch, bench, n, k, m, bundles, copy_bw, gen)
            except Exception as ex:  # a failure is a result, not the end
                r = {"n": n, "k": k, "m": m, "correct": False,
                     "error": "%s: %s" % (type(ex).__name__, ex)}
            results.append(r)
            if "t_molten_one" in r:
                print("n=%d k=%d M=%-5d one %8.1f us two %8.1f cuBLAS %8.1f "
                      "compile %8.1f | one/two %.3f compile/one %.3f" % (
                          n, k, m, r["t_molten_one"] * 1e6,
                          r["t_molten_two"] * 1e6, r["t_cublas"] * 1e6,
                          r["t_compile"] * 1e6, r["one_over_two"],
                          r["compile_over_one"]), flush=True)
            else:
                print("n=%d k=%d M=%d NOT TIMED: %s" % (
                    n, k, m, r.get("error") or r), flush=True)
            torch.cuda.empty_cache()
    meta["wall_s"] = round(time.time() - began, 1)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
    write_markdown(os.path.join(args.out, "results.md"), meta, results)
    failed = [r for r in results if r.get("correct") is False]
    print("gated_mlp_bench: %d cases, %d failed; %s" % (
        len(results), len(failed), os.path.join(args.out, "results.md")))
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--make-bundles", metavar="DIR",
                   help="compile both forms' bundles into DIR and exit")
    p.add_argument("--tools-dir", help="directory of molten-translate")
    p.add_argument("--chip", default="sm_90a")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--bundles", help="the folder --make-bundles wrote")
    p.add_argument("--out", help="results folder")
    p.add_argument("--m", help="comma-separated M values (default %s)"
                   % ",".join(map(str, M_VALUES)))
    p.add_argument("--max-seconds", type=float, default=300,
                   help="start no case after this many seconds")
    args = p.parse_args()
    if args.make_bundles:
        return make_bundles(args.make_bundles, args.tools_dir, args.chip,
                            args.jobs)
    if not args.bundles or not args.out:
        p.error("--bundles and --out, or --make-bundles")
    return benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
