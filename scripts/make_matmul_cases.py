#!/usr/bin/env python3
"""Prepare the matmul correctness cases (docs/matmul-bench.md).

Runs on the build machine (MLIR tools, no GPU), Python 3 standard library
only. Writes a directory (default matmul-cases/, git-ignored) that
python/matmul_check.py runs on a GPU machine that has no MLIR:

  manifest.json     every case: the program's formula (the ops in order,
                    which the checker evaluates in float64), its inputs
                    (names, shapes with the symbol "M" for the dynamic
                    token dim, dtypes, how to draw them), its outputs, the
                    M values to run, the tolerance and the bundle's plan
  <id>.mlir         the program
  <id>.bundle       its bundle, compiled for --chip (default sm_90a)

The cases cover every axis of the tensor-core matmul emitter, not their
cross product: dtypes bf16 and f16 (and one f32 case, the fallback path),
both rhs layouts ([N, K] with transpose_rhs as nn.Linear stores a weight,
and [K, N]), the epilogues (none, bias + GELU erf, bias + GELU tanh, silu,
relu, a residual [M, N] input, a scale by a constant, a bias over rows
([M, 1]), a cast to f32, two outputs; a gated pair silu(x @ W) * (x @ W2)
compiled with --molten-sibling-matmuls, so that both matmuls share one
kernel, alone or with the gate as an output too), batched products
(rank-3 lhs with
rank-3 rhs; rank-3 lhs with a shared rank-2 rhs), N in {1, 8, 200, 264,
4096} and K in {8, 72, 1000, 4096, 13} (13 is not a multiple of 8: rows of
a bf16/f16 operand are then not 16-byte aligned, a fallback path). Each
bundle has the token dim M dynamic and runs at every M of M_VALUES.

Each program is built from one list of steps that gives both its MLIR text
and the formula in the manifest, so the two cannot disagree. Every program
must compile: a failure is printed and the exit status is 1.

    scripts/make_matmul_cases.py [--out matmul-cases] [--tools-dir build/bin]
        [--chip sm_90a] [--gpu-options OPTS] [--quick] [--jobs 2]

--quick keeps one case per axis value (about 20) and M in {1, 7, 129}.

The benchmark's bundles (bf16 matmul + bias + GELU for the model shapes)
are made by `bench/matmul_bench.py --make-bundles DIR`, which uses
matmul_program() and compile_bundle() from here.
"""

import argparse
import concurrent.futures
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from make_gpu_cases import bundle_summary, find_tool, git_head  # noqa: E402

# Relative error = max|got - ref| / max(1, max|ref|) per output, against a
# float64 reference that rounds nothing; by the narrowest float type in the
# program. Molten rounds the f32-accumulated product once to the operands'
# type and each epilogue op once more (docs/precision.md), so an output
# carries up to ~3 roundings of at most u each (u = 2^-8 bf16, 2^-11 f16,
# GELU's slope is at most 1.13): about 3.4 u of max|ref| at worst, 1-2 u
# typically. f32 accumulation over K = 4096 terms of size ~1/sqrt(K) adds
# ~1e-6, far under that, also for a tensor-core accumulator or split K.
#   bf16 2e-2: ~5 u (3.4 u = 1.3e-2 is the worst case of three roundings)
#   f16  4e-3: ~8 u (3.4 u = 1.7e-3)
#   f32  1e-4: no output rounding; f32 accumulation over K <= 1000 is ~1e-6;
#              a TF32 product (10-bit operands, u = 4.9e-4) fails it, as it
#              should: the dialect promises f32 products for f32.
# A dropped K tile, a wrong row or column, a missing epilogue op or an
# unwritten (NaN-poisoned) element is off by O(0.1..1) or more.
TOLERANCES = {"bf16": 2e-2, "f16": 4e-3, "f32": 1e-4}

# Epilogues of two sibling matmuls, compiled with --molten-sibling-matmuls.
SIBLING_EPILOGUES = ("gated", "gated_two_outputs")

# Token counts run from one bundle: a single token, under a warp, one
# 64-row tile, the most rows the split-K variant takes (128) and one more,
# a few tiles with a tail, many tiles.
M_VALUES = [1, 7, 16, 17, 128, 129, 300, 1000]
QUICK_M_VALUES = [1, 7, 129]
# With N = 4096 (and no batch), rows for which the persistent kernels'
# CTAs take several tiles each (on 132 multiprocessors): 2200 for the
# 128x128 kernel (576 tiles, 4-5 a CTA; the plan picks it by rounds) and
# 4096 for the 128x256 one (512 tiles). Only there do the shared-memory
# rings wrap around within a CTA's later tiles.
PERSISTENT_M_VALUES = [2200, 4096]

# How the checker draws each input: float64 N(0, 1) times `scale`, then
# rounded to the input's dtype. The weight's 1/sqrt(K) keeps x @ W about
# N(0, 1) whatever K, so the epilogue sees O(1) values.
BIAS_SCALE = 0.5
SCALE_CONSTANT = 1.5  # exact in every float type


# ---------------------------------------------------------------------------
# Programs.
# ---------------------------------------------------------------------------

def tensor_type(shape, dtype):
    """tensor<?x4096xbf16> for ["M", 4096]."""
    dims = "x".join("?" if isinstance(d, str) else str(d) for d in shape)
    return "tensor<%s%s%s>" % (dims, "x" if dims else "", dtype)


def matmul_program(func, dtype, lhs, rhs, transpose_rhs, epilogue):
    """The MLIR text and the manifest fields of `matmul(lhs, rhs)` followed
    by `epilogue`. lhs and rhs are shapes ("M" marks the dynamic dim):
    lhs [..., M, K]; rhs [..., N, K] with transpose_rhs, else [..., K, N].

    Returns (text, spec) where spec has "inputs" (name, shape, dtype,
    scale), "steps" (the ops in order, each {"op", "out", "args", ...}:
    what the checker evaluates in float64), and "outputs" (name, shape,
    dtype)."""
    k = lhs[-1]
    n = rhs[-2] if transpose_rhs else rhs[-1]
    kr = rhs[-1] if transpose_rhs else rhs[-2]
    assert k == kr, (lhs, rhs, transpose_rhs)
    out = list(lhs[:-1]) + [n]
    inputs = [("x", list(lhs), dtype, 1.0),
              ("w", list(rhs), dtype, 1.0 / math.sqrt(k))]
    types = {"x": (list(lhs), dtype), "w": (list(rhs), dtype)}
    lines, steps = [], []

    def ty(name):
        return tensor_type(*types[name])

    def add_input(name, shape, scale):
        inputs.append((name, list(shape), dtype, scale))
        types[name] = (list(shape), dtype)

    def op(name, mnemonic, args, text_attrs="", out_type=None, **attrs):
        types[name] = out_type or types[args[0]]
        arg_types = ", ".join(ty(a) for a in args)
        if mnemonic == "cast":
            sig = "%s to %s" % (ty(args[0]), ty(name))
        elif mnemonic == "matmul":
            sig = "%s -> %s" % (arg_types, ty(name))
        else:
            sig = arg_types
        lines.append("  %%%s = molten.%s %s%s : %s" % (
            name, mnemonic, ", ".join("%" + a for a in args), text_attrs, sig))
        steps.append(dict({"op": mnemonic, "out": name, "args": list(args)},
                          **attrs))

    op("mm", "matmul", ["x", "w"],
       " transpose_rhs" if transpose_rhs else "", out_type=(out, dtype),
       transpose_rhs=bool(transpose_rhs))
    results = ["mm"]
    if epilogue in ("bias_gelu_erf", "bias_gelu_tanh"):
        add_input("b", [n], BIAS_SCALE)
        op("h", "add", ["mm", "b"])
        tanh = epilogue == "bias_gelu_tanh"
        op("y", "gelu", ["h"], " approximate = tanh" if tanh else "",
           approximate="tanh" if tanh else "none")
        results = ["y"]
    elif epilogue == "bias":
        add_input("b", [n], BIAS_SCALE)
        op("y", "add", ["mm", "b"])
        results = ["y"]
    elif epilogue in ("silu", "relu"):
        op("y", epilogue, ["mm"])
        results = ["y"]
    elif epilogue == "residual":
        add_input("r", out, 1.0)
        op("y", "add", ["mm", "r"])
        results = ["y"]
    elif epilogue == "scale":
        # a rank-0 splat constant broadcasts against any shape
        types["c"] = ([], dtype)
        lines.append("  %%c = molten.constant dense<%r> : %s"
                     % (SCALE_CONSTANT, ty("c")))
        steps.append({"op": "constant", "out": "c", "value": SCALE_CONSTANT})
        op("y", "mul", ["mm", "c"])
        results = ["y"]
    elif epilogue == "row_bias":
        # [..., M, 1]: the static 1 broadcasts over the columns, the dynamic
        # M must equal the product's (docs/overview.md, broadcasting)
        add_input("rb", out[:-1] + [1], BIAS_SCALE)
        op("y", "add", ["mm", "rb"])
        results = ["y"]
    elif epilogue == "cast_f32":
        op("y", "cast", ["mm"], out_type=(out, "f32"), to="f32")
        results = ["y"]
    elif epilogue == "two_outputs":
        op("g", "gelu", ["mm"], approximate="none")
        results = ["mm", "g"]
    elif epilogue in SIBLING_EPILOGUES:
        # A gated MLP's gate and up projections, one lhs.
        inputs.append(("w2", list(rhs), dtype, 1.0 / math.sqrt(k)))
        types["w2"] = (list(rhs), dtype)
        op("up", "matmul", ["x", "w2"],
           " transpose_rhs" if transpose_rhs else "", out_type=(out, dtype),
           transpose_rhs=bool(transpose_rhs))
        op("s", "silu", ["mm"])
        op("y", "mul", ["s", "up"])
        results = ["y"] if epilogue == "gated" else ["y", "mm"]
    elif epilogue != "none":
        raise ValueError("unknown epilogue %r" % epilogue)

    args = ", ".join("%%%s: %s" % (name, tensor_type(shape, dt))
                     for name, shape, dt, _ in inputs)
    res_types = ", ".join(ty(r) for r in results)
    sig = res_types if len(results) == 1 else "(%s)" % res_types
    text = "func.func @%s(%s) -> %s {\n%s\n  return %s : %s\n}\n" % (
        func, args, sig, "\n".join(lines),
        ", ".join("%" + r for r in results), res_types)
    spec = {
        "inputs": [{"name": nm, "shape": sh, "dtype": dt, "scale": sc}
                   for nm, sh, dt, sc in inputs],
        "steps": steps,
        "outputs": [{"name": r, "shape": types[r][0], "dtype": types[r][1]}
                    for r in results],
    }
    return text, spec


# ---------------------------------------------------------------------------
# The cases.
# ---------------------------------------------------------------------------

def case_list():
    """(id, dtype, lhs, rhs, transpose_rhs, epilogue, quick) for every case.

    ids read <layout>_<dtype>_n<N>_k<K>[_b<batch>]_<epilogue>, layout "nt"
    (rhs [N, K], transpose_rhs) or "kn" (rhs [K, N])."""
    cases = []

    def add(dtype, n, k, nt, epilogue="none", batch=None, quick=False):
        """batch: None (lhs [M, K], rhs 2-D), ("r3", B) (lhs [B, M, K] and
        rhs [B, ...]) or ("r2", S) (lhs [M, S, K], M the dynamic batch,
        and a shared 2-D rhs)."""
        rhs = [n, k] if nt else [k, n]
        tag = ""
        if batch is None:
            lhs = ["M", k]
        elif batch[0] == "r3":
            lhs = [batch[1], "M", k]
            rhs = [batch[1]] + rhs
            tag = "_b%dr3" % batch[1]
        else:
            lhs = ["M", batch[1], k]
            tag = "_s%dr2" % batch[1]
        cid = "%s_%s_n%d_k%d%s_%s" % ("nt" if nt else "kn", dtype, n, k, tag,
                                      epilogue)
        cases.append((cid, dtype, lhs, rhs, nt, epilogue, quick))

    # Shapes, no epilogue: every N and every K in both layouts, bf16 and
    # f16. N: 1 (a vector), 8 (under any tile), 200 (not a multiple of 16),
    # 264 (one 256 tile and 8), 4096. K: 8 (one k-step of 16 bytes), 72 (not
    # a multiple of 64), 1000 (a tail of 40 after 64-wide tiles), 4096, 13
    # (rows not 16-byte aligned: the fallback).
    for n, k, q in [(4096, 4096, True), (264, 1000, True), (200, 72, True),
                    (8, 4096, False), (1, 1000, True), (4096, 8, False),
                    (264, 13, True), (200, 4096, False)]:
        add("bf16", n, k, True, quick=q)
    for n, k, q in [(4096, 4096, True), (264, 72, True), (200, 1000, False),
                    (8, 8, True), (1, 72, False), (4096, 13, False),
                    (264, 4096, False)]:
        add("bf16", n, k, False, quick=q)
    for n, k, q in [(4096, 1000, True), (264, 4096, False), (200, 13, False),
                    (8, 72, False)]:
        add("f16", n, k, True, quick=q)
    for n, k, q in [(1, 4096, False), (4096, 72, True), (264, 1000, False)]:
        add("f16", n, k, False, quick=q)

    # The fallback path for f32 (no bf16/f16 tensor-core product).
    add("f32", 264, 1000, True, "bias_gelu_erf", quick=True)

    # Epilogues, each in both layouts and in both 16-bit types.
    add("bf16", 4096, 4096, True, "bias_gelu_erf", quick=True)
    add("bf16", 264, 1000, False, "bias_gelu_erf")
    add("f16", 200, 72, True, "bias_gelu_erf")
    add("bf16", 1, 4096, True, "bias_gelu_erf")
    add("bf16", 4096, 13, True, "bias_gelu_erf")
    add("bf16", 264, 1000, True, "bias_gelu_tanh", quick=True)
    add("f16", 4096, 72, False, "bias_gelu_tanh")
    add("bf16", 4096, 1000, True, "silu", quick=True)
    add("f16", 200, 4096, False, "silu")
    add("bf16", 264, 72, True, "relu", quick=True)
    add("f16", 8, 1000, False, "relu")
    add("bf16", 4096, 1000, True, "residual", quick=True)
    add("f16", 264, 72, False, "residual")
    add("bf16", 264, 4096, True, "scale", quick=True)
    add("f16", 200, 1000, False, "scale")
    add("bf16", 264, 1000, True, "row_bias", quick=True)
    add("f16", 4096, 72, False, "row_bias")
    add("bf16", 264, 1000, True, "cast_f32", quick=True)
    add("f16", 4096, 4096, False, "cast_f32")
    add("bf16", 264, 1000, True, "two_outputs", quick=True)
    add("f16", 200, 72, False, "two_outputs")

    # Batched products.
    add("bf16", 264, 1000, True, batch=("r3", 4), quick=True)
    add("f16", 200, 72, False, batch=("r3", 3))
    add("bf16", 264, 1000, False, "bias_gelu_erf", batch=("r3", 2))
    add("bf16", 264, 4096, True, batch=("r2", 2), quick=True)
    add("bf16", 200, 72, False, "bias_gelu_erf", batch=("r2", 7))
    add("f16", 4096, 1000, True, "row_bias", batch=("r2", 3))

    # Decode blocks of three 16-row tiles (N from 8449 to 12672), the last
    # block's second tile partial and its third past N.
    add("bf16", 9000, 1000, True, "bias_gelu_erf")

    # Sibling matmuls in one kernel: both layouts and 16-bit types, edge
    # tiles (N = 264, 200, 8), K tails, the epilogue warps (K = 4096, 16-bit
    # results), the gate as a second output, batched.
    add("bf16", 4096, 4096, True, "gated", quick=True)
    add("bf16", 4096, 4096, False, "gated")
    add("bf16", 264, 1000, False, "gated", quick=True)
    add("f16", 200, 72, True, "gated")
    add("bf16", 8, 4096, True, "gated")
    add("bf16", 264, 1000, True, "gated_two_outputs", quick=True)
    add("bf16", 264, 4096, True, "gated_two_outputs")
    add("bf16", 264, 1000, True, "gated", batch=("r3", 2))
    return cases


def compile_bundle(translate, mlir_path, bundle_path, chip, gpu_options="",
                   flags=()):
    """None when molten-translate compiled the program for `chip` (with
    `gpu_options`, molten-translate's --molten-gpu-options, and its other
    `flags`), else a
    one-line reason (the exit status and the diagnostic or LLVM error);
    the whole stderr then goes to <bundle>.log."""
    cmd = [translate, "--molten-to-bundle", "--molten-chip=" + chip,
           mlir_path, "-o", bundle_path]
    if gpu_options:
        cmd.append("--molten-gpu-options=" + gpu_options)
    cmd.extend(flags)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode == 0 and os.path.exists(bundle_path):
        return None
    if os.path.exists(bundle_path):
        os.remove(bundle_path)
    with open(bundle_path + ".log", "w") as f:
        f.write(proc.stderr)
    lines = proc.stderr.splitlines()
    first = [l for l in lines if re.search(r"error:|LLVM ERROR|Assertion",
                                           l)] or lines or ["(no stderr)"]
    return "exit %d: %s (%s.log)" % (proc.returncode, first[0].strip()[:300],
                                     os.path.basename(bundle_path))


def build_all(jobs, out, translate, chip, programs, gpu_options=""):
    """Writes and compiles every (name, text[, flags]) program of
    `programs` in a pool of `jobs` threads; returns {name: None or the
    failure}."""
    def build(item):
        name, text, *rest = item
        flags = rest[0] if rest else ()
        src = os.path.join(out, name + ".mlir")
        with open(src, "w") as f:
            f.write(text)
        return name, compile_bundle(translate, src,
                                    os.path.join(out, name + ".bundle"), chip,
                                    gpu_options, flags)

    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
        return dict(pool.map(build, programs))


def write_manifest(out, manifest, failures):
    """Writes `manifest` to out/manifest.json and names each program of
    `failures` (build_all's result) that did not compile, on stderr."""
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    for name, why in failures.items():
        if why:
            print("FAILED: %s: %s" % (name, why), file=sys.stderr)


def kernel_names(plan):
    """The kernel names in a bundle's plan lines."""
    return [l.split()[1] for l in plan if l.startswith("kernel ")]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "matmul-cases"))
    ap.add_argument("--tools-dir", help="directory of molten-translate "
                    "(default build/bin)")
    ap.add_argument("--chip", default="sm_90a",
                    help="--molten-chip of molten-translate (sm_90a: the "
                         "tensor-core path for bf16/f16 matmuls)")
    ap.add_argument("--gpu-options", default="",
                    help="--molten-gpu-options of molten-translate (e.g. "
                         "\"matmul-ping-pong=1\"), to check a kernel variant "
                         "the defaults do not pick")
    ap.add_argument("--quick", action="store_true",
                    help="one case per axis value, M in %s" % QUICK_M_VALUES)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)

    start = time.time()
    translate = find_tool(args.tools_dir, "molten-translate")
    out = os.path.abspath(args.out)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)

    m_values = QUICK_M_VALUES if args.quick else M_VALUES
    selected = [c for c in case_list() if c[6] or not args.quick]
    programs, cases = [], []
    for cid, dtype, lhs, rhs, nt, epilogue, _ in selected:
        text, spec = matmul_program("mm_" + re.sub(r"\W", "_", cid), dtype,
                                    lhs, rhs, nt, epilogue)
        k = lhs[-1]
        n = rhs[-2] if nt else rhs[-1]
        batch = lhs[:-2] + (rhs[:-2] if len(rhs) == 3 else [])
        case = {
            "id": cid,
            "function": "mm_" + re.sub(r"\W", "_", cid),
            "source": cid + ".mlir",
            "bundle": cid + ".bundle",
            "dtype": dtype,
            "n": n, "k": k,
            "layout": "nt" if nt else "kn",
            "transpose_rhs": nt,
            "epilogue": epilogue,
            "batch": "r3" if len(rhs) == 3 else ("r2" if len(lhs) == 3
                                                  else None),
            "batch_shape": [d for d in batch if not isinstance(d, str)],
            "m_values": list(m_values) + (
                PERSISTENT_M_VALUES
                if n == 4096 and not batch and not args.quick else []),
            "tolerance": TOLERANCES[dtype],
        }
        case.update(spec)
        cases.append(case)
        programs.append((cid, text, ("--molten-sibling-matmuls",)
                         if epilogue in SIBLING_EPILOGUES else ()))

    failures = build_all(args.jobs, out, translate, args.chip, programs,
                         args.gpu_options)
    failed = []
    for case in cases:
        why = failures[case["id"]]
        if why is None:
            case["plan"] = bundle_summary(os.path.join(out, case["bundle"]))
            case["kernels"] = kernel_names(case["plan"])
        else:
            failed.append({"id": case["id"], "reason": why})
    cases = [c for c in cases if failures[c["id"]] is None]

    manifest = {
        "version": 1,
        "generated_by": "scripts/make_matmul_cases.py",
        "git_head": git_head(),
        "chip": args.chip,
        "gpu_options": args.gpu_options,
        "quick": args.quick,
        "tolerances": TOLERANCES,
        "error": "max|got - ref| / max(1, max|ref|) per output against "
                 "float64; any NaN or inf where the reference is finite "
                 "fails",
        "inputs": "float64 N(0, 1) * scale, rounded to the input's dtype; "
                  "the reference uses the rounded values",
        "cases": cases,
        "failed": failed,
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)

    axes = {key: sorted({str(c[key]) for c in cases})
            for key in ("dtype", "layout", "epilogue", "n", "k", "batch")}
    size = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out))
    runs = sum(len(c["m_values"]) for c in cases)
    print("wrote %s: %d cases, %d runs, %d failed to compile, %.1f MB, "
          "%.1f s" % (out, len(cases), runs, len(failed), size / 1e6,
                      time.time() - start))
    for key, values in axes.items():
        print("  %-9s %s" % (key, ", ".join(values)))
    for f in failed:
        print("FAILED: molten-translate on %s: %s" % (f["id"], f["reason"]),
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
