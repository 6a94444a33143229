#!/usr/bin/env python3
"""The matmul acceptance benchmark: bf16 gelu(x @ W^T + b) (GELU erf) by
Molten against cuBLAS, eager PyTorch and torch.compile, in one run.

Three modes:

    # here (MLIR tools, no GPU): one bundle per (N, K, layout), M dynamic
    python3 bench/matmul_bench.py --make-bundles matmul-bundles [--tools-dir build/bin] [--chip sm_90a] [--gpu-options OPTS]
    # anywhere with ptxas: registers, spills, shared memory of every kernel
    python3 bench/matmul_bench.py --resources matmul-cases matmul-bundles --out DIR [--ptxas PATH]
    # on the GPU machine (PyTorch, no MLIR)
    python3 bench/matmul_bench.py --bundles matmul-bundles --out DIR [--max-seconds 400] [--only REGEX] [--m 1,128]

Cases: W as nn.Linear stores it ([N, K], transpose_rhs) for (N, K) in
SHAPES and M in M_VALUES, and W as [K, N] for KN_SHAPES x KN_M_VALUES.
For each case, after checking Molten's output (NaN-poisoned first) against
eager PyTorch (max|got - ref| / max(1, max|ref|) <= 2e-2, else the case is
marked failed and not timed; the float64 errors of both are recorded too),
it times on the same inputs, interleaved in rounds (bench.time_interleaved):

  molten   Bundle.run (the whole program: matmul + bias + GELU)
  cublas   torch.matmul alone (cuBLAS): the ceiling for the product
  eager    gelu(linear(x, W, b)) (gelu(addmm(b, x, W)) for [K, N])
  compile  torch.compile of the same (mode default, dynamic=False),
           compiled before timing

rotating among enough input sets (x, W, b all fresh) that L2 cannot serve
them (2 x L2 of bytes, at least 2 sets), each measurement spanning at least
TARGET_S of GPU time (the set list repeated), with CUDA events around the
Python calls (bench.call_timer), and again as device time under CUDA graph
replay (bench.graph_timer); median of REPEATS rounds after a discarded one.
The device-to-device copy bandwidth (bench.copy_ceiling) is measured once.

Reported: TFLOP/s (2 M N K / t), Molten / cuBLAS time, torch.compile /
Molten time (> 1: Molten faster), and for M <= 16 the weight bytes over the
time as a fraction of the copy bandwidth. Files: results.json (raw times,
device, driver, versions, command), results.md (large-M and small-M tables,
geometric means), matmul.png (with matplotlib). --max-seconds stops
starting new cases (the rest are listed as skipped).
"""
import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (N, K) of common layers: Llama-7B attention out and MLP up/down, Llama-3
# 8B MLP up, BERT-base MLP up.
SHAPES = [(4096, 4096), (11008, 4096), (4096, 11008), (14336, 4096),
          (3072, 768)]
M_VALUES = [1, 4, 16, 128, 512, 2048, 4096]
KN_SHAPES = [(4096, 4096), (11008, 4096)]
KN_M_VALUES = [1, 16, 128, 512, 4096]
SMALL_M = 16          # M <= SMALL_M: reading W is the cost
TOLERANCE = 2e-2      # bf16 (scripts/make_matmul_cases.py says why)
TARGET_S = 2e-3       # GPU time one measurement spans at least
MAX_CALLS = 512       # calls in one measurement at most
REPEATS = 7
SLOW_S = 0.25         # a Molten measurement longer than this: 3 repeats


# The regions the benchmark can time: the acceptance one, and bias alone
# (the same product without GELU, to tell the epilogue's cost from the
# product's).
EPILOGUES = {"bias_gelu_erf": "linear_gelu_", "bias": "linear_"}


def bundle_entries(epilogue="bias_gelu_erf", shapes=None):
    """One entry per bundle: id, N, K, layout, the M values to run.
    `shapes`: (N, K) pairs, nt, instead of the benchmark's own."""
    groups = ((SHAPES, M_VALUES, True), (KN_SHAPES, KN_M_VALUES, False))
    if shapes:
        groups = ((shapes, M_VALUES, True),)
    for shapes, ms, nt in groups:
        for n, k in shapes:
            cid = "%s_n%d_k%d" % ("nt" if nt else "kn", n, k)
            yield {"id": cid, "function": EPILOGUES[epilogue] + cid, "n": n,
                   "k": k, "transpose_rhs": nt, "layout": "nt" if nt else "kn",
                   "dtype": "bf16", "epilogue": epilogue,
                   "m_values": ms, "bundle": cid + ".bundle"}


# ---------------------------------------------------------------------------
# --make-bundles (here) and --resources (ptxas, no GPU).
# ---------------------------------------------------------------------------

def make_bundles(out, tools_dir, chip, jobs, gpu_options="",
                 epilogue="bias_gelu_erf", shapes=None):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import make_matmul_cases as mmc
    translate = mmc.find_tool(tools_dir, "molten-translate")
    os.makedirs(out, exist_ok=True)
    entries, programs = list(bundle_entries(epilogue, shapes)), []
    for e in entries:
        n, k = e["n"], e["k"]
        text, _ = mmc.matmul_program(e["function"], "bf16", ["M", k],
                                     [n, k] if e["transpose_rhs"] else [k, n],
                                     e["transpose_rhs"], epilogue)
        programs.append((e["id"], text))
    failures = mmc.build_all(jobs, out, translate, chip, programs,
                             gpu_options)
    for e in entries:
        if failures[e["id"]] is None:
            e["plan"] = mmc.bundle_summary(os.path.join(out, e["bundle"]))
    manifest = {"version": 1, "generated_by": "bench/matmul_bench.py",
                "git_head": mmc.git_head(), "chip": chip,
                "gpu_options": gpu_options, "epilogue": epilogue,
                "bundles": [e for e in entries if failures[e["id"]] is None]}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    for name, why in failures.items():
        if why:
            print("FAILED: molten-translate on %s: %s" % (name, why),
                  file=sys.stderr)
    ok = len(manifest["bundles"])
    print("%d bundles (%d cases) for %s in %s" % (
        ok, sum(len(e["m_values"]) for e in manifest["bundles"]), chip, out))
    return 0 if ok == len(entries) else 1


def resources(dirs, out, ptxas, arch):
    """`ptxas -arch=ARCH -v` on the PTX of every bundle of `dirs`: the full
    report in OUT/ptxas.txt, a table (registers, spills, shared memory,
    stack) in OUT/resources.md, printed too. Exit status 1 if a bundle's
    PTX does not assemble."""
    from resources import bundle_ptx  # bench/resources.py
    os.makedirs(out, exist_ok=True)
    rows, status = [], 0
    with open(os.path.join(out, "ptxas.txt"), "w") as log:
        for d in dirs:
            for name in sorted(os.listdir(d)):
                if not name.endswith(".bundle"):
                    continue
                path = os.path.join(d, name)
                try:
                    ptx, kernels = bundle_ptx(path)
                except Exception as e:
                    rows.append((d, name, "(unreadable: %s)" % e, "", "", "",
                                 "", ""))
                    status = 1
                    continue
                with tempfile.NamedTemporaryFile("w", suffix=".ptx") as f:
                    f.write(ptx)
                    f.flush()
                    proc = subprocess.run([ptxas, "-arch=" + arch, "-v",
                                           f.name, "-o", os.devnull],
                                          capture_output=True, text=True)
                log.write("== %s/%s (exit %d)\n%s\n" % (d, name,
                                                        proc.returncode,
                                                        proc.stderr))
                if proc.returncode:
                    status = 1
                    rows.append((d, name, "(ptxas exit %d)" % proc.returncode,
                                 "", "", "", "", ""))
                    continue
                for kernel, block in kernels:
                    at = proc.stderr.find("Function properties for %s\n"
                                          % kernel)
                    sec = proc.stderr[at:] if at >= 0 else ""

                    def num(pattern):
                        m = re.search(pattern, sec)
                        return m.group(1) if m else "?"
                    rows.append((d, name, kernel, block,
                                 num(r"Used (\d+) registers"),
                                 num(r"(\d+) bytes spill stores") + "/" +
                                 num(r"(\d+) bytes spill loads"),
                                 num(r"(\d+) bytes smem") if "smem" in sec
                                 else "0",
                                 num(r"(\d+) bytes stack frame")))
    lines = ["# ptxas -arch=%s -v" % arch, "",
             "| dir | bundle | kernel | block | registers | spill st/ld B "
             "| smem B | stack B |", "| --- | --- | --- | --- | --- | --- "
             "| --- | --- |"]
    lines += ["| %s |" % " | ".join(map(str, r)) for r in rows]
    # ptxas's warnings (e.g. wgmma serialized: a large performance loss)
    warnings = sorted({l.strip() for l in open(os.path.join(out, "ptxas.txt"))
                       if "warning" in l.lower() or "performance" in l.lower()})
    if warnings:
        lines += ["", "ptxas warnings:", ""] + ["- " + w for w in warnings]
    with open(os.path.join(out, "resources.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    spills = [r for r in rows if r[5] not in ("", "0/0")]
    print("\n".join(lines))
    print("resources: %d kernels, %d with spills or unknown, ptxas %s" % (
        len(rows), len(spills), "ok" if status == 0 else "FAILED"))
    return status


# ---------------------------------------------------------------------------
# Timing (GPU machine).
# ---------------------------------------------------------------------------

def implementations(torch, nt, epilogue="bias_gelu_erf"):
    """The PyTorch callables of one layout: (x, W, b) -> tensor."""
    F = torch.nn.functional
    if nt:
        def eager(x, w, b):
            return F.linear(x, w, b) if epilogue == "bias" else \
                F.gelu(F.linear(x, w, b))

        def cublas(x, w, b):
            return torch.matmul(x, w.t())
    else:
        def eager(x, w, b):
            return torch.addmm(b, x, w) if epilogue == "bias" else \
                F.gelu(torch.addmm(b, x, w))

        def cublas(x, w, b):
            return torch.matmul(x, w)
    return eager, cublas


def run_case(torch, bench, entry, m, bundle, copy_bw, gen):
    n, k, nt = entry["n"], entry["k"], entry["transpose_rhs"]
    bf16 = torch.bfloat16
    result = {"id": entry["id"], "layout": entry["layout"], "n": n, "k": k,
              "m": m}

    def make_set():
        x = torch.randn(m, k, generator=gen, device="cuda").to(bf16)
        w = (torch.randn(*((n, k) if nt else (k, n)), generator=gen,
                         device="cuda") / math.sqrt(k)).to(bf16)
        b = (0.5 * torch.randn(n, generator=gen, device="cuda")).to(bf16)
        return (x, w, b)

    epilogue = entry.get("epilogue", "bias_gelu_erf")
    eager, cublas = implementations(torch, nt, epilogue)
    first = make_set()

    # Correctness first: Molten into a NaN-poisoned output, against eager
    # (the pass criterion) and both against float64.
    got = torch.full((m, n), float("nan"), dtype=bf16, device="cuda")
    bundle.run(entry["function"], *first, out=got)
    ref = eager(*first)
    x64, w64, b64 = (t.double() for t in first)
    v = x64 @ (w64.t() if nt else w64) + b64
    ref64 = v if epilogue == "bias" else \
        0.5 * v * (1.0 + torch.erf(v / math.sqrt(2.0)))
    del x64, w64, b64, v
    result["max_rel_error"] = bench.max_rel_error(got, ref)
    result["rel_error_f64_molten"] = bench.max_rel_error(got, ref64)
    result["rel_error_f64_eager"] = bench.max_rel_error(ref, ref64)
    result["correct"] = result["max_rel_error"] <= TOLERANCE
    del got, ref, ref64
    if not result["correct"]:
        return result

    # Input sets: every call reads x, W and b once and writes y.
    moved = bench.nbytes(first) + m * n * 2
    count = bench.rotating_sets(moved)
    sets = [first] + [make_set() for _ in range(count - 1)]
    result.update(bytes=moved, weight_bytes=n * k * 2, sets=count)

    torch._dynamo.reset()
    compiled = torch.compile(eager, dynamic=False)
    t0 = time.time()
    compiled(*first)
    torch.cuda.synchronize()
    result["compile_s"] = round(time.time() - t0, 2)
    impls = {"molten": lambda x, w, b: bundle.run(entry["function"], x, w, b),
             "cublas": cublas, "eager": eager, "compile": compiled}

    # Each measurement spans >= TARGET_S: the set list repeated `reps` times.
    reps = {}
    for name, fn in impls.items():
        est = bench.call_timer(fn, sets)()
        reps[name] = max(1, min(MAX_CALLS // count,
                                math.ceil(TARGET_S / (est * count))))
        result["estimate_" + name] = est
    slow = result["estimate_molten"] * count * reps["molten"] > SLOW_S
    repeats = 3 if slow else REPEATS
    result.update(reps=reps, repeats=repeats)

    bench.time_calls_and_graphs(impls, sets, reps, repeats, result,
                                bundle.prepare)
    del sets

    flops = 2.0 * m * n * k
    for name in impls:
        # device time (graph replay) where it exists, else host-timed
        t = result.get("graph_" + name, result["time_" + name])
        result["t_" + name] = t
        result["tflops_" + name] = flops / t / 1e12
        result["weight_frac_copy_" + name] = n * k * 2 / t / copy_bw
        result["bytes_frac_copy_" + name] = moved / t / copy_bw
    t = result["t_molten"]
    result["molten_over_cublas"] = t / result["t_cublas"]
    result["compile_over_molten"] = result["t_compile"] / t
    result["eager_over_molten"] = result["t_eager"] / t
    result["timing"] = "graph" if "graph_molten" in result else "call"
    return result


def geomean(values):
    values = [v for v in values if v and v > 0 and math.isfinite(v)]
    if not values:
        return float("nan"), 0
    return math.exp(sum(math.log(v) for v in values) / len(values)), len(values)


def write_markdown(path, meta, results):
    timed = [r for r in results if "t_molten" in r]
    large = [r for r in timed if r["m"] > SMALL_M]
    small = [r for r in timed if r["m"] <= SMALL_M]
    lines = ["# Molten matmul benchmark on %s" % meta["device"], "",
             "bf16 %s; W as nn.Linear stores it ([N, K], `nt`) or [K, N] "
             "(`kn`)." % ("`x @ W^T + b` (bias alone, no GELU)"
                          if meta.get("epilogue") == "bias"
                          else "`gelu(x @ W^T + b)` (GELU erf)"), "",
             "- driver %s, torch %s (CUDA %s), triton %s; bundles for %s "
             "(git %s)%s" % (meta["driver"], meta["torch"], meta["cuda"],
                             meta["triton"], meta["chip"],
                             (meta["bundles_git_head"] or "?")[:12],
                             ", molten-gpu-options `%s`" % meta["gpu_options"]
                             if meta.get("gpu_options") else ""),
             "- copy ceiling (device-to-device, read + write): %.0f GB/s"
             % meta["copy_gbps"],
             "- command: `%s`; %s" % (meta["command"], meta["date"]), "",
             "Times are device time under CUDA graph replay (host-timed "
             "where a graph could not be captured: see results.json), "
             "rotating input sets, median of rounds interleaving the four "
             "implementations. cuBLAS = torch.matmul alone (no bias, no "
             "GELU): the ceiling. Molten/cuBLAS is a time ratio (1.0 = "
             "cuBLAS speed; lower is better); compile/Molten is torch.compile's "
             "time over Molten's (> 1: Molten faster).", ""]

    def geo_line(rows, label):
        g1, n1 = geomean([r["molten_over_cublas"] for r in rows])
        g2, _ = geomean([r["compile_over_molten"] for r in rows])
        g3, _ = geomean([r["eager_over_molten"] for r in rows])
        return ("%s: geometric mean Molten/cuBLAS time %.2f, compile/Molten "
                "%.2f, eager/Molten %.2f (%d cases)." % (label, g1, g2, g3, n1))

    if large:
        lines += ["## Large M (M > %d): TFLOP/s" % SMALL_M, "",
                  "| layout | N | K | M | Molten | cuBLAS | eager | compile "
                  "| Molten/cuBLAS | compile/Molten | err vs eager |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | "
                  "--- | --- |"]
        for r in large:
            lines.append(
                "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | "
                "%.2f | %.1e |" % (
                    r["layout"], r["n"], r["k"], r["m"], r["tflops_molten"],
                    r["tflops_cublas"], r["tflops_eager"],
                    r["tflops_compile"], r["molten_over_cublas"],
                    r["compile_over_molten"], r["max_rel_error"]))
        lines += ["", geo_line(large, "Large M"), ""]
    if small:
        lines += ["## Small M (M <= %d): us per call, weight bytes / time "
                  "as a fraction of copy bandwidth" % SMALL_M, "",
                  "| layout | N | K | M | Molten us | cuBLAS us | eager us | "
                  "compile us | Molten W/copy | cuBLAS W/copy | compile "
                  "W/copy | Molten/cuBLAS | compile/Molten |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | "
                  "--- | --- | --- | --- |"]
        for r in small:
            lines.append(
                "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | "
                "%.2f | %.2f | %.2f | %.2f |" % (
                    r["layout"], r["n"], r["k"], r["m"],
                    r["t_molten"] * 1e6, r["t_cublas"] * 1e6,
                    r["t_eager"] * 1e6, r["t_compile"] * 1e6,
                    r["weight_frac_copy_molten"],
                    r["weight_frac_copy_cublas"],
                    r["weight_frac_copy_compile"], r["molten_over_cublas"],
                    r["compile_over_molten"]))
        lines += ["", geo_line(small, "Small M"), ""]
    if timed:
        lines += ["## Host-timed (CUDA events around the Python calls), us "
                  "per call", "",
                  "| layout | N | K | M | Molten | cuBLAS | eager | compile |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for r in timed:
            lines.append("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |" % (
                r["layout"], r["n"], r["k"], r["m"], r["time_molten"] * 1e6,
                r["time_cublas"] * 1e6, r["time_eager"] * 1e6,
                r["time_compile"] * 1e6))
        lines.append("")
    failed = [r for r in results if r.get("correct") is False]
    if failed:
        lines += ["## Failed (not timed)", ""]
        for r in failed:
            lines.append("- %s M=%d: %s" % (
                r["id"], r["m"], r.get("error") or "rel err vs eager %s "
                "(tolerance %g), vs float64 %s" % (
                    r.get("max_rel_error"), TOLERANCE,
                    r.get("rel_error_f64_molten"))))
        lines.append("")
    skipped = [r for r in results if "skipped" in r]
    if skipped:
        lines += ["## Skipped (%s)" % skipped[0]["skipped"], "",
                  ", ".join("%s M=%d" % (r["id"], r["m"]) for r in skipped),
                  ""]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def plot(path, results):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    timed = [r for r in results if "t_molten" in r]
    if not timed:
        return False
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, cid in enumerate(dict.fromkeys(r["id"] for r in timed)):
        pts = sorted((r["m"], r["tflops_molten"], r["tflops_cublas"])
                     for r in timed if r["id"] == cid)
        color = "C%d" % (i % 10)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color=color,
                label="Molten " + cid)
        ax.plot([p[0] for p in pts], [p[2] for p in pts], "x--", color=color,
                alpha=0.6, label="cuBLAS " + cid)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("M (tokens)")
    ax.set_ylabel("TFLOP/s (2MNK / device time)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=6, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    return True


def benchmark(args):
    # python/ is on PYTHONPATH for the molten package (docs/python.md);
    # gpu_check.py, beside it, is the GPU scripts' helper.
    from gpu_check import find_or_build_runtime
    lib = find_or_build_runtime(lambda msg: print(msg, flush=True))
    import torch
    import bench  # bench/bench.py: the timers, the copy ceiling, the error
    from molten import Bundle

    os.makedirs(args.out, exist_ok=True)
    began = time.time()
    with open(os.path.join(args.bundles, "manifest.json")) as f:
        manifest = json.load(f)
    # --m replaces each bundle's M values (M is dynamic in every bundle).
    m_values = [int(v) for v in args.m.split(",")] if args.m else None
    cases = [(e, m) for e in manifest["bundles"]
             for m in (m_values or e["m_values"])
             if not args.only or re.search(args.only, e["id"])]
    bundles = {}
    for e, _ in cases:
        if e["id"] not in bundles:
            bundles[e["id"]] = Bundle(os.path.join(args.bundles, e["bundle"]))
            bundles[e["id"]].prepare()

    copy_bw = bench.copy_ceiling()
    driver = subprocess.run(["nvidia-smi", "--query-gpu=driver_version",
                             "--format=csv,noheader"], capture_output=True,
                            text=True).stdout.strip()
    try:
        import triton
        triton_version = triton.__version__
    except Exception:
        triton_version = None
    meta = {"device": torch.cuda.get_device_name(), "driver": driver,
            "torch": torch.__version__, "cuda": torch.version.cuda,
            "triton": triton_version, "python": platform.python_version(),
            "runtime_lib": lib, "chip": manifest.get("chip"),
            "gpu_options": manifest.get("gpu_options", ""),
            "epilogue": manifest.get("epilogue", "bias_gelu_erf"),
            "bundles_git_head": manifest.get("git_head"),
            "copy_gbps": copy_bw / 1e9,
            "l2_bytes": bench.l2_bytes(),
            "sm_count": torch.cuda.get_device_properties(0).multi_processor_count,
            "command": " ".join([os.path.relpath(sys.argv[0], ROOT)]
                                + sys.argv[1:]),
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "tolerance": TOLERANCE, "target_s": TARGET_S,
            "repeats": REPEATS}
    print("%s: copy %.0f GB/s, %d cases" % (meta["device"], copy_bw / 1e9,
                                             len(cases)), flush=True)

    gen = torch.Generator(device="cuda")
    gen.manual_seed(1234)
    results = []
    for e, m in cases:
        if time.time() - began > args.max_seconds:
            results.append({"id": e["id"], "layout": e["layout"], "n": e["n"],
                            "k": e["k"], "m": m,
                            "skipped": "time budget of %g s" % args.max_seconds})
            continue
        t0 = time.time()
        try:
            r = run_case(torch, bench, e, m, bundles[e["id"]], copy_bw, gen)
        except Exception as ex:  # a failure is a result, not the end
            r = {"id": e["id"], "layout": e["layout"], "n": e["n"],
                 "k": e["k"], "m": m, "correct": False,
                 "error": "%s: %s" % (type(ex).__name__, ex)}
        r["case_s"] = round(time.time() - t0, 1)
        results.append(r)
        if "t_molten" in r:
            print("%-16s M=%-5d Molten %9.1f us %6.1f TFLOP/s | cuBLAS %6.1f "
                  "| x%.2f cuBLAS time, x%.2f vs compile | W/copy %.2f | err "
                  "%.1e | %.0f s" % (
                      r["id"], m, r["t_molten"] * 1e6, r["tflops_molten"],
                      r["tflops_cublas"], r["molten_over_cublas"],
                      r["compile_over_molten"],
                      r["weight_frac_copy_molten"], r["max_rel_error"],
                      r["case_s"]), flush=True)
        else:
            print("%-16s M=%-5d NOT TIMED: %s" % (
                e["id"], m, r.get("error") or "rel err vs eager %s > %g"
                % (r.get("max_rel_error"), TOLERANCE)), flush=True)
        torch.cuda.empty_cache()

    meta["wall_s"] = round(time.time() - began, 1)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
    write_markdown(os.path.join(args.out, "results.md"), meta, results)
    plotted = plot(os.path.join(args.out, "matmul.png"), results)
    failed = [r for r in results if r.get("correct") is False]
    skipped = [r for r in results if "skipped" in r]
    timed = [r for r in results if "t_molten" in r]
    for rows, label in (([r for r in timed if r["m"] > SMALL_M], "large M"),
                        ([r for r in timed if r["m"] <= SMALL_M], "small M")):
        g1, n1 = geomean([r["molten_over_cublas"] for r in rows])
        g2, _ = geomean([r["compile_over_molten"] for r in rows])
        if n1:
            print("%s: geomean Molten/cuBLAS time %.2f, compile/Molten %.2f "
                  "(%d cases)" % (label, g1, g2, n1))
    print("matmul_bench: %d timed, %d failed, %d skipped, %.0f s%s; %s" % (
        len(timed), len(failed), len(skipped), time.time() - began,
        "" if plotted else " (no plot)", os.path.join(args.out, "results.md")))
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--make-bundles", metavar="DIR",
                   help="compile the benchmark's bundles into DIR (needs "
                        "molten-translate) and exit")
    p.add_argument("--tools-dir", help="directory of molten-translate "
                   "(default build/bin)")
    p.add_argument("--chip", default="sm_90a")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--gpu-options", default="",
                   help="--molten-gpu-options of molten-translate, to time a "
                        "kernel variant the defaults do not pick")
    p.add_argument("--epilogue", choices=sorted(EPILOGUES),
                   default="bias_gelu_erf",
                   help="the region after the product (--make-bundles): "
                        "bias + GELU (the acceptance benchmark) or the bias "
                        "alone, to measure what the GELU epilogue costs")
    p.add_argument("--shapes", metavar="N,K", nargs="+",
                   help="(--make-bundles) these nt shapes instead of the "
                        "benchmark's, e.g. 1024,4096 (Llama's k and v "
                        "projections)")
    p.add_argument("--resources", nargs="+", metavar="DIR",
                   help="ptxas -v on every bundle of these dirs (needs "
                        "--out) and exit")
    p.add_argument("--ptxas", default=None,
                   help="default: ptxas on PATH, else /usr/local/cuda/bin")
    p.add_argument("--bundles", default=os.path.join(ROOT, "matmul-bundles"))
    p.add_argument("--out")
    p.add_argument("--max-seconds", type=float, default=400,
                   help="stop starting cases after this long")
    p.add_argument("--only", help="bundle ids matching this regex "
                   "(e.g. nt_n4096_k4096)")
    p.add_argument("--m", help="comma-separated M values to run instead of "
                   "each bundle's list")
    args = p.parse_args()
    if args.make_bundles:
        shapes = None
        if args.shapes:
            try:
                shapes = [tuple(int(v) for v in s.split(",")) for s in args.shapes]
            except ValueError:
                shapes = []
            if not shapes or any(len(s) != 2 or min(s) < 1 for s in shapes):
                p.error("--shapes takes N,K pairs of positive integers")
        return make_bundles(args.make_bundles, args.tools_dir, args.chip,
                            args.jobs, args.gpu_options, args.epilogue, shapes)
    if not args.out:
        p.error("--out is required")
    if args.resources:
        sys.path.insert(0, HERE)
        import shutil
        ptxas = args.ptxas or shutil.which("ptxas") or \
            "/usr/local/cuda/bin/ptxas"
        return resources(args.resources, args.out, ptxas, args.chip)
    return benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
