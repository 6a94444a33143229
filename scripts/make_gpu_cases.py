#!/usr/bin/env python3
"""Prepare the GPU correctness cases (docs/gpu-check.md).

Runs on the build machine (MLIR tools, no GPU), Python 3 standard library
only. Writes a directory (default gpu-cases/, git-ignored) that
python/gpu_check.py runs on a GPU machine that has no MLIR:

  manifest.json           every case, every skipped program (with the reason)
  examples/<id>.mlir      an example, its hidden size and element type edited
  examples/<id>.bundle    its bundle (molten-translate --molten-to-bundle)
  random/<id>.mlir        a molten_randprog program
  random/<id>.bundle      its bundle
  random/<id>.json        per run (two dynamic sizes, one of them 1): the
                          inputs (exact in their type), the float64
                          reference outputs (molten_reference f64 mode) and
                          the reference in the program's own types

Examples: each example of examples/ with other static hidden sizes and in
f32 and bf16 (attention: other head counts and head dims, and bundles for
sm_90a, its flash-attention kernel, in bf16 and f16 too), each run from the
same bundle with several token counts; their float64 reference is computed
on the GPU machine with PyTorch (gpu_check.py implements each example's
formula), so only the bundle and the case spec travel.

Random programs: seeds of molten_randprog are taken in order until enough
f32 and bf16 programs compile; a program molten-translate rejects with a
diagnostic is listed in the manifest with the diagnostic. A program whose
CPU reference in its own types (the dialect's rounding) is already further
from the float64 reference than half the tolerance is ill-conditioned for
that tolerance: other inputs are tried, then it is listed as skipped.

    scripts/make_gpu_cases.py [--out gpu-cases] [--tools-dir build/bin]
"""

import argparse
import concurrent.futures
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "test", "Integration", "cpu", "Inputs"))

import molten_reference as mref  # noqa: E402
import molten_randprog  # noqa: E402

# max|got - ref| / max(1, max|ref|), per output, by the narrowest float type
# a program uses.
TOLERANCES = {"f32": 1e-5, "f16": 2e-3, "bf16": 1e-2}

# ---------------------------------------------------------------------------
# Example variants.
# ---------------------------------------------------------------------------

# Token counts (the dynamic leading dim), all run from one bundle.
DYN_SIZES = [1, 7, 132, 133, 513]
QUICK_DYN_SIZES = [1, 7]
# Hidden sizes besides the example's own: odd, 4 mod 8 (a whole number of f32
# vectors but not of bf16 vectors), smaller than a warp, rows of 64 KB or
# more that row reductions loop over, with a tail (33000; 65544), and long
# rows without a tail (16384, 40960, 65536), held or looped by size.
HIDDEN_SIZES = [4095, 3001, 4100, 33, 7, 33000, 65544, 16384, 40960, 65536]

# name: (hidden size in the file, formula parameters)
ROW_EXAMPLES = {
    "rms_norm": 4096,
    "rms_norm_raw": 4096,
    "rms_norm_silu_gate": 4096,
    "softmax": 4096,
    "layer_norm": 5120,
    "gelu_bias": 5120,
    "residual_rms_norm": 4096,
}
ROPE_HEADS = [32, 7]  # head_dim stays 128
# (K, N), token counts, quick token counts. The matmul emitter is a naive
# thread-per-output kernel: modest row counts for the large shapes.
MATMUL_SHAPES = [
    ((4096, 11008), [1, 7, 128], [1]),
    ((96, 200), [1, 7, 128, 513], [1, 7]),
    ((3001, 4095), [1, 7, 64], [1]),
    ((33, 1), [1, 7, 128], [1, 7]),
]

# Attention: (query heads, key/value heads, head dim). The example's own
# (Llama GQA, 4 query heads a key/value head) and a head dim of 64 with 2
# key/value heads. The batch (the first dynamic dim) is ATTENTION_BATCH; the
# token counts are the sequence length (the second, Sq = Skv): one query /
# key tile of the sm_90a kernel is 128 rows, so one row, a part tile, one
# tile, one and a bit, three diagonal tiles and eight.
ATTENTION_SHAPES = [(32, 8, 128), (16, 2, 64)]
ATTENTION_BATCH = 2
ATTENTION_DYN_SIZES = [1, 7, 128, 129, 257, 1024]
ATTENTION_QUICK_DYN_SIZES = [1, 129]
# (element type, chip): the portable kernel (sm_90) in f32 and bf16, the
# flash-attention kernel (sm_90a, bf16/f16 only) in bf16 and f16.
ATTENTION_BUILDS = [("f32", None), ("bf16", None), ("bf16", "sm_90a"),
                    ("f16", "sm_90a")]

ELEMENT_TYPES = ("f32", "bf16")
EPS = 1e-5


def _replace_int(text, old, new):
    """Replaces the integer `old` (not part of a longer number) by `new`."""
    return re.sub(r"(?<!\d)%d(?!\d)" % old, str(new), text)


def _retype(text, etype):
    """Every f32 / bf16 tensor element type of `text` becomes `etype`."""
    text = re.sub(r"x(?:f32|bf16)>", "x%s>" % etype, text)
    return re.sub(r"tensor<(?:f32|bf16)>", "tensor<%s>" % etype, text)


def _strip_comments(text):
    return "\n".join(l for l in text.splitlines()
                     if not l.lstrip().startswith("//")) + "\n"


def example_variants():
    """Yields (id, example, text, case) for every example variant: the
    example's own text with its sizes and element types edited, and the
    case fields gpu_check needs."""
    def read(name):
        with open(os.path.join(REPO, "examples", name + ".mlir")) as f:
            return f.read()

    for name, hidden in ROW_EXAMPLES.items():
        src = read(name)
        for h in [hidden] + HIDDEN_SIZES:
            for et in ELEMENT_TYPES:
                text = _retype(_replace_int(src, hidden, h), et)
                vec = [h]
                inputs = {
                    "rms_norm": [("x", ["T", h]), ("w", vec)],
                    "rms_norm_raw": [("x", ["T", h]), ("w", vec)],
                    "rms_norm_silu_gate": [("x", ["T", h]), ("gate", ["T", h]),
                                           ("w", vec)],
                    "softmax": [("x", ["T", h])],
                    "layer_norm": [("x", ["T", h]), ("w", vec), ("b", vec)],
                    "gelu_bias": [("x", ["T", h]), ("b", vec)],
                    "residual_rms_norm": [("x", ["T", h]), ("r", ["T", h]),
                                          ("w", vec)],
                }[name]
                nout = 2 if name == "residual_rms_norm" else 1
                params = {"hidden": h}
                if name in ("rms_norm", "rms_norm_silu_gate", "layer_norm",
                            "residual_rms_norm"):
                    # the eps attribute is an f32 attribute
                    params["eps"] = mref.round_to(EPS, "f32")
                elif name == "rms_norm_raw":
                    # a molten.constant of the element type
                    params["eps"] = mref.round_to(EPS, et)
                yield _variant(name, "h%d" % h, et, text, inputs,
                               [["T", h]] * nout, params, DYN_SIZES,
                               QUICK_DYN_SIZES)

    src = read("rope")
    for heads in ROPE_HEADS:
        for et in ELEMENT_TYPES:
            text = _retype(_replace_int(src, 32, heads), et)
            yield _variant("rope", "heads%d" % heads, et, text,
                           [("x", ["T", heads, 128]), ("cos", ["T", 1, 128]),
                            ("sin", ["T", 1, 128])],
                           [["T", heads, 128]],
                           {"heads": heads, "head_dim": 128,
                            "mode": "rotate_half"},
                           DYN_SIZES, QUICK_DYN_SIZES)

    src = read("matmul_bias_gelu")
    for (k, n), sizes, quick in MATMUL_SHAPES:
        for et in ELEMENT_TYPES:
            text = _retype(_replace_int(_replace_int(src, 4096, k), 11008, n),
                           et)
            yield _variant("matmul_bias_gelu", "k%d_n%d" % (k, n), et, text,
                           [("x", ["T", k]), ("w", [n, k]), ("b", [n])],
                           [["T", n]], {"k": k, "n": n, "transpose_rhs": True,
                                        "gelu": "erf"}, sizes, quick)

    # Sizes edited on the text without comments (they mention 128 and f32).
    src = _strip_comments(read("attention"))
    b = ATTENTION_BATCH
    for hq, hkv, d in ATTENTION_SHAPES:
        text = _replace_int(_replace_int(_replace_int(src, 128, d), 32, hq),
                            8, hkv)
        for et, chip in ATTENTION_BUILDS:
            tag = "hq%d_hkv%d_d%d" % (hq, hkv, d)
            if chip:
                tag += "." + chip.replace("_", "")
            yield _variant("attention", tag, et, _retype(text, et),
                           [("q", [b, hq, "T", d]), ("k", [b, hkv, "T", d]),
                            ("v", [b, hkv, "T", d])],
                           [[b, hq, "T", d]],
                           {"batch": b, "q_heads": hq, "kv_heads": hkv,
                            "head_dim": d, "causal": True,
                            "scale": 1.0 / math.sqrt(d)},
                           ATTENTION_DYN_SIZES, ATTENTION_QUICK_DYN_SIZES,
                           chip=chip)


def _variant(name, tag, et, text, inputs, outputs, params, sizes, quick,
             chip=None):
    cid = "%s.%s.%s" % (name, tag, et)
    case = {
        "id": cid,
        "kind": "example",
        "example": name,
        "function": name,
        "dtype": et,
        "params": params,
        "inputs": [{"name": n, "shape": s, "dtype": et} for n, s in inputs],
        "outputs": [{"shape": s, "dtype": et} for s in outputs],
        "dyn_sizes": list(sizes),
        "quick_dyn_sizes": list(quick),
        "tolerance": TOLERANCES[et],
    }
    if chip:
        case["chip"] = chip  # --molten-chip of its bundle
    return cid, name, text, case


# ---------------------------------------------------------------------------
# Compiling.
# ---------------------------------------------------------------------------

def find_tool(tools_dir, name):
    candidates = []
    if tools_dir:
        candidates.append(os.path.join(tools_dir, name))
    if os.environ.get("MOLTEN_TOOLS_DIR"):
        candidates.append(os.path.join(os.environ["MOLTEN_TOOLS_DIR"], name))
    candidates.append(os.path.join(REPO, "build", "bin", name))
    which = shutil.which(name)
    if which:
        candidates.append(which)
    for c in candidates:
        if os.access(c, os.X_OK):
            return os.path.abspath(c)
    sys.exit("make_gpu_cases: %s not found (pass --tools-dir)" % name)


def compile_bundle(translate, mlir_path, bundle_path, chip=None):
    """('ok', None) | ('rejected', diagnostic) | ('crash', message)."""
    chip_args = ["--molten-chip=%s" % chip] if chip else []
    proc = subprocess.run([translate, "--molten-to-bundle", mlir_path,
                           "-o", bundle_path] + chip_args,
                          capture_output=True, text=True)
    if proc.returncode == 0 and os.path.exists(bundle_path):
        return "ok", None
    if os.path.exists(bundle_path):
        os.remove(bundle_path)
    err = proc.stderr
    # A diagnostic: exit 1 and an "error:" line, no stack dump. Only one that
    # Molten's GPU path gives about the program (an op of the molten dialect
    # or the GPU path's own rule) rejects it; any other (a verifier error on
    # the IR Molten built, "does not dominate") is the compiler's fault and
    # counts as a crash.
    if (proc.returncode == 1 and re.search(r"error: ", err)
            and "Stack dump" not in err and "PLEASE submit" not in err):
        first = [l for l in err.splitlines() if "error: " in l][0]
        message = first.split("error: ", 1)[1].strip()
        if message.startswith("'molten.") or "the GPU path" in message:
            return "rejected", message
    return "crash", "exit %d\n%s" % (proc.returncode, err[-4000:])


def bundle_summary(path):
    """The function, buffer and kernel lines of a bundle (no PTX)."""
    out = []
    with open(path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    i = 0
    while i < len(lines):
        line = lines[i].decode(errors="replace")
        if line.startswith("ptx "):
            # skip the PTX bytes
            n = int(line.split()[1])
            consumed = 0
            i += 1
            while i < len(lines) and consumed < n:
                consumed += len(lines[i]) + 1
                i += 1
            continue
        if line.startswith(("function", "buffer", "kernel")):
            out.append(line)
        i += 1
    return out


# ---------------------------------------------------------------------------
# Random programs.
# ---------------------------------------------------------------------------

def element_types_of(text):
    return set(re.findall(r"tensor<(?:[^<>]*x)?(f32|f16|bf16|f64|i1)>", text))


def tolerance_of(text):
    types = element_types_of(text)
    for t in ("bf16", "f16", "f32"):
        if t in types:
            return t, TOLERANCES[t]
    return "f32", TOLERANCES["f32"]


def make_inputs(specs, sizes, rng):
    """Inputs for molten_randprog's specs: (shape, etype, lo, hi) with symbol
    dims; `sizes` maps each symbol to its run-time size."""
    inputs = []
    for shape, etype, lo, hi in specs:
        concrete = [sizes[d] if isinstance(d, str) else d for d in shape]
        count = 1
        for d in concrete:
            count *= d
        if etype == "i1":
            values = [int(rng.random() < 0.5) for _ in range(count)]
        else:
            values = [mref.round_to(rng.uniform(lo, hi), etype)
                      for _ in range(count)]
        if count and not any(values):
            values[0] = 1 if etype == "i1" else mref.round_to(hi, etype)
        inputs.append((concrete, etype, values))
    return inputs


def dim_settings(specs, rng):
    """Two run-time size settings of the program's dynamic-dim symbols: all
    1, then each symbol in 2..MAX_DYN. Programs without dynamic dims run
    twice with different values."""
    syms = sorted({d for shape, _, _, _ in specs for d in shape
                   if isinstance(d, str)})
    ones = {s: 1 for s in syms}
    other = {s: rng.randint(2, molten_randprog.Gen.MAX_DYN) for s in syms}
    return [ones, other]


def rel_error(got, ref):
    """(max abs error, relative error, ok-nonfinite) of two flat lists."""
    max_ref, max_abs, bad = 0.0, 0.0, False
    for g, r in zip(got, ref):
        if not math.isfinite(r):
            if not (g == r or (math.isnan(g) and math.isnan(r))):
                bad = True
            continue
        if not math.isfinite(g):
            bad = True
            continue
        max_ref = max(max_ref, abs(r))
        max_abs = max(max_abs, abs(g - r))
    return max_abs, max_abs / max(1.0, max_ref), bad


ATTEMPTS = 4  # input draws per program before it counts as ill-conditioned


def draw_runs(seed, specs, attempt):
    """(size settings, inputs per run) of input draw `attempt`."""
    rng = random.Random(seed * 1000 + attempt)
    settings = dim_settings(specs, rng)
    return settings, [make_inputs(specs, s, rng) for s in settings]


def judge(seed, text, func, attempt, settings, runs, f64, own):
    """('ok', payload) or ('bad', why) for one draw's reference results."""
    _, tol = tolerance_of(text)
    for f64_outs, own_outs in zip(f64, own):
        for (shape, ref), (_, got) in zip(f64_outs, own_outs):
            if any(not math.isfinite(v) for v in ref):
                return "bad", "the float64 reference is not finite"
            _, rel, bad = rel_error(got, ref)
            if bad or rel > tol / 2:
                return "bad", ("the CPU reference in the program's types is "
                               "%.3g from float64 (tolerance %g)" % (rel, tol))
    payload = {"function": func, "seed": seed,
               "input_seed": seed * 1000 + attempt, "runs": []}
    for sizes, inputs, f64_outs, own_outs in zip(settings, runs, f64, own):
        payload["runs"].append({
            "dims": sizes,
            "inputs": [{"shape": sh, "dtype": t, "values": v}
                       for sh, t, v in inputs],
            "expected": [{"shape": sh, "values": v} for sh, v in f64_outs],
            "reference_own_types": [{"shape": sh, "values": v}
                                    for sh, v in own_outs],
        })
    return "ok", payload


def reference_one(seed, text, func, specs, tools_dir, first_attempt=0):
    """('ok', payload) or ('skip', reason) for one program, draw by draw."""
    why = None
    for attempt in range(first_attempt, ATTEMPTS):
        settings, runs = draw_runs(seed, specs, attempt)
        calls = [(func, inputs) for inputs in runs]
        try:
            f64 = mref.run_many(text, calls, f64=True, tools_dir=tools_dir)
            own = mref.run_many(text, calls, f64=False, tools_dir=tools_dir)
        except Exception as e:  # the reference path failed: report it
            return "skip", "CPU reference failed: %s" % str(e).splitlines()[0]
        status, result = judge(seed, text, func, attempt, settings, runs,
                               f64, own)
        if status == "ok":
            return "ok", result
        why = result
    return "skip", "ill-conditioned after %d input draws: %s" % (ATTEMPTS,
                                                                 why)


def reference_chunk(items, tools_dir):
    """Reference results for several programs: the first draw of all of
    them in one module (two mlir-runner processes), then one by one for
    those whose first draw failed. `items` is a list of (seed, text, func,
    specs); returns {seed: ('ok', payload) | ('skip', reason)}."""
    results, draws, calls = {}, {}, []
    for seed, text, func, specs in items:
        draws[seed] = draw_runs(seed, specs, 0)
        calls += [(func, inputs) for inputs in draws[seed][1]]
    module = "\n".join(text for _, text, _, _ in items)
    try:
        f64 = mref.run_many(module, calls, f64=True, tools_dir=tools_dir)
        own = mref.run_many(module, calls, f64=False, tools_dir=tools_dir)
    except Exception:
        f64 = own = None
    at = 0
    for seed, text, func, specs in items:
        settings, runs = draws[seed]
        n = len(runs)
        if f64 is not None:
            status, result = judge(seed, text, func, 0, settings, runs,
                                   f64[at:at + n], own[at:at + n])
            at += n
            if status == "ok":
                results[seed] = ("ok", result)
                continue
            results[seed] = reference_one(seed, text, func, specs, tools_dir,
                                          first_attempt=1)
        else:
            results[seed] = reference_one(seed, text, func, specs, tools_dir)
    return results


# ---------------------------------------------------------------------------
# Main.
# ---------------------------------------------------------------------------

def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def git_head():
    try:
        return subprocess.run(["git", "-C", REPO, "rev-parse", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "gpu-cases"))
    ap.add_argument("--tools-dir", help="directory of molten-opt and "
                    "molten-translate (default build/bin)")
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--min-f32", type=int, default=80,
                    help="random programs whose main type is f32")
    ap.add_argument("--min-bf16", type=int, default=45,
                    help="random programs whose main type is bf16")
    ap.add_argument("--max-f16", type=int, default=10,
                    help="random f16 programs to keep at most")
    ap.add_argument("--max-seeds", type=int, default=4000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--no-examples", action="store_true")
    ap.add_argument("--no-random", action="store_true")
    args = ap.parse_args(argv)

    start = time.time()
    translate = find_tool(args.tools_dir, "molten-translate")
    molten_opt = find_tool(args.tools_dir, "molten-opt")
    tools_dir = os.path.dirname(molten_opt)
    out = os.path.abspath(args.out)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "examples"))
    os.makedirs(os.path.join(out, "random"))

    cases, skipped, crashes = [], [], []
    pool = concurrent.futures.ThreadPoolExecutor(max(1, args.jobs))

    # -- examples ----------------------------------------------------------
    if not args.no_examples:
        variants = list(example_variants())

        def build_example(v):
            cid, name, text, case = v
            src = os.path.join(out, "examples", cid + ".mlir")
            with open(src, "w") as f:
                f.write(text)
            bundle = os.path.join(out, "examples", cid + ".bundle")
            return v, compile_bundle(translate, src, bundle,
                                     case.get("chip"))

        for (cid, name, text, case), (status, msg) in pool.map(
                build_example, variants):
            case["source"] = "examples/%s.mlir" % cid
            if status == "ok":
                case["bundle"] = "examples/%s.bundle" % cid
                case["plan"] = bundle_summary(os.path.join(out,
                                                           case["bundle"]))
                cases.append(case)
            else:
                entry = {"id": cid, "kind": "example",
                         "source": case["source"], "reason": msg}
                (skipped if status == "rejected" else crashes).append(entry)
        print("examples: %d variants, %d compiled, %d rejected, %d crashed "
              "(%.1f s)" % (len(variants), sum(c["kind"] == "example"
                                                for c in cases),
                            sum(s["kind"] == "example" for s in skipped),
                            len(crashes), time.time() - start))

    # -- random programs ---------------------------------------------------
    counts = {"f32": 0, "bf16": 0, "f16": 0}
    seeds_tried = []
    if not args.no_random:
        t0 = time.time()

        def wanted(et):
            if et == "f32":
                return counts["f32"] < args.min_f32
            if et == "bf16":
                return counts["bf16"] < args.min_bf16
            return counts["f16"] < args.max_f16

        def done():
            return (counts["f32"] >= args.min_f32
                    and counts["bf16"] >= args.min_bf16)

        def build_random(seed):
            text, func, specs = molten_randprog.generate(seed)
            src = os.path.join(out, "random", func + ".mlir")
            with open(src, "w") as f:
                f.write(text)
            bundle = os.path.join(out, "random", func + ".bundle")
            status, msg = compile_bundle(translate, src, bundle)
            return seed, func, text, specs, status, msg

        def add_case(s, func, text, specs, payload):
            et = specs[0][1]
            write_json(os.path.join(out, "random", func + ".json"), payload)
            _, result_types = mref.parse_signature(text, func)
            tol_type, tol = tolerance_of(text)
            counts[et] += 1
            cases.append({
                "id": func,
                "kind": "random",
                "function": func,
                "seed": s,
                "dtype": et,
                "types": sorted(element_types_of(text)),
                "source": "random/%s.mlir" % func,
                "bundle": "random/%s.bundle" % func,
                "data": "random/%s.json" % func,
                "inputs": [{"shape": list(sh), "dtype": t, "range": [lo, hi]}
                           for sh, t, lo, hi in specs],
                "outputs": [{"shape": mref.parse_tensor_type(r)[0],
                             "dtype": mref.parse_tensor_type(r)[1]}
                            for r in result_types],
                "runs": len(payload["runs"]),
                "tolerance_type": tol_type,
                "tolerance": tol,
                "plan": bundle_summary(os.path.join(out, "random",
                                                    func + ".bundle")),
            })

        def drop(func):
            for ext in (".mlir", ".bundle", ".json"):
                path = os.path.join(out, "random", func + ext)
                if os.path.exists(path):
                    os.remove(path)

        seed = args.first_seed
        chunk = 12
        while not done() and seed < args.first_seed + args.max_seeds:
            batch = []
            want = {"f32": args.min_f32 - counts["f32"],
                    "bf16": args.min_bf16 - counts["bf16"],
                    "f16": args.max_f16 - counts["f16"]}
            while len(batch) < 2 * chunk * max(1, args.jobs) and \
                    seed < args.first_seed + args.max_seeds and \
                    any(v > 0 for k, v in want.items() if k != "f16"):
                et = molten_randprog.generate(seed)[2][0][1]
                if want.get(et, 0) > 0:
                    batch.append(seed)
                    # about two thirds compile and pass the reference
                    want[et] -= 0.6
                seed += 1
            compiled = []
            for s, func, text, specs, status, msg in pool.map(build_random,
                                                              batch):
                seeds_tried.append(s)
                if status == "ok":
                    compiled.append((s, text, func, specs))
                    continue
                entry = {"id": func, "kind": "random", "seed": s,
                         "dtype": specs[0][1], "source": "random/%s.mlir" % func,
                         "stage": "molten-translate", "reason": msg}
                (crashes if status == "crash" else skipped).append(entry)
            chunks = [compiled[i:i + chunk]
                      for i in range(0, len(compiled), chunk)]
            results = {}
            for r in pool.map(lambda c: reference_chunk(c, tools_dir),
                              chunks):
                results.update(r)
            for s, text, func, specs in compiled:
                status, result = results[s]
                et = specs[0][1]
                if status == "ok" and wanted(et):
                    add_case(s, func, text, specs, result)
                elif status == "ok":
                    drop(func)  # a batch may overshoot a quota
                else:
                    # keep the source for the record, not the bundle
                    os.remove(os.path.join(out, "random", func + ".bundle"))
                    skipped.append({"id": func, "kind": "random", "seed": s,
                                    "dtype": et,
                                    "source": "random/%s.mlir" % func,
                                    "stage": "reference", "reason": result})
            print("random: seeds %d..%d: %d f32, %d bf16, %d f16 cases "
                  "(%.1f s)" % (args.first_seed, seed - 1, counts["f32"],
                                counts["bf16"], counts["f16"],
                                time.time() - t0))
            sys.stdout.flush()

    manifest = {
        "version": 1,
        "generated_by": "scripts/make_gpu_cases.py",
        "git_head": git_head(),
        "tolerances": TOLERANCES,
        "error": "max|got - ref| / max(1, max|ref|) per output; any NaN or "
                 "inf where the reference is finite fails",
        "cases": cases,
        "skipped": skipped,
        "crashes": crashes,
        "random_counts": counts,
        "random_seeds_tried": len(seeds_tried),
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)

    size = 0
    for root, _, files in os.walk(out):
        size += sum(os.path.getsize(os.path.join(root, n)) for n in files)
    n_ex = sum(c["kind"] == "example" for c in cases)
    n_rand = sum(c["kind"] == "random" for c in cases)
    print("wrote %s: %d example cases, %d random programs (%s), %d skipped, "
          "%d crashes, %.1f MB, %.1f s" % (
              out, n_ex, n_rand, ", ".join("%d %s" % (v, k) for k, v in
                                           counts.items()),
              len(skipped), len(crashes), size / 1e6, time.time() - start))
    for c in crashes:
        print("CRASH: molten-translate on %s (%s):\n%s" % (
            c["source"], c["id"], c["reason"]), file=sys.stderr)
    if not args.no_random and not (counts["f32"] >= args.min_f32
                                   and counts["bf16"] >= args.min_bf16):
        print("make_gpu_cases: not enough random programs", file=sys.stderr)
        return 1
    return 2 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
