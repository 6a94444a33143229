#!/usr/bin/env python3
"""Run the GPU correctness cases on a GPU and compare with float64.

    python3 python/gpu_check.py --cases gpu-cases --out DIR \\
        [--only examples|random] [--quick] [--match SUBSTRING]

`gpu-cases/` comes from scripts/make_gpu_cases.py (on a machine with the
MLIR tools); this script needs PyTorch with CUDA and the Molten runtime
(libmolten_runtime.so: $MOLTEN_RUNTIME_LIB, else built with
scripts/build-runtime.sh into a temporary directory). docs/gpu-check.md
describes the whole procedure.

For every case and every dynamic size: inputs (examples: seeded torch
random numbers, rounded to the element type; random programs: the stored
inputs), outputs allocated POISONED (NaN, or 0xFF for i1) between guard
bytes, one run on the current stream, a synchronize, then per output

    relative error = max|got - ref| / max(1, max|ref|)

against the float64 reference (examples: the example's formula in torch
float64 on the same rounded inputs; random programs: the CPU reference in
f64 mode, stored in the case). A case passes when every output is under its
tolerance (1e-5 f32, 1e-2 bf16, 2e-3 f16), has no NaN/inf where the
reference is finite, and the guard bytes around it are untouched. Example
kernels are also timed (CUDA events, median of 20 calls after warm-up),
printed for information only.

Writes DIR/results.json and DIR/results.md; exit code 1 if anything fails.
"""

import argparse
import glob
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

GUARD = 256          # guard bytes before and after each output
GUARD_BYTE = 0xA5
EXAMPLE_SEED = 1234
TIMING_REPS = 20
TIMING_WARMUP = 3
SLEEP_CYCLES = 1000000  # about 0.5 ms of GPU sleep before each timed call


# ---------------------------------------------------------------------------
# The runtime.
# ---------------------------------------------------------------------------

def find_or_build_runtime(log):
    """The path of libmolten_runtime.so: $MOLTEN_RUNTIME_LIB, else built with
    scripts/build-runtime.sh into a temporary directory."""
    env = os.environ.get("MOLTEN_RUNTIME_LIB")
    if env:
        if not os.path.exists(env):
            sys.exit("gpu_check: MOLTEN_RUNTIME_LIB=%s does not exist" % env)
        return env
    out = tempfile.mkdtemp(prefix="molten-runtime-")
    script = os.path.join(REPO, "scripts", "build-runtime.sh")
    log("building the runtime: %s %s" % (script, out))
    proc = subprocess.run(["bash", script, out], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        sys.exit("gpu_check: scripts/build-runtime.sh failed:\n%s%s"
                 % (proc.stdout, proc.stderr))
    lib = os.path.join(out, "libmolten_runtime.so")
    if not os.path.exists(lib):
        found = glob.glob(os.path.join(out, "**", "libmolten_runtime.so"),
                          recursive=True)
        if not found:
            sys.exit("gpu_check: build-runtime.sh wrote no "
                     "libmolten_runtime.so in %s" % out)
        lib = found[0]
    os.environ["MOLTEN_RUNTIME_LIB"] = lib
    return lib


# ---------------------------------------------------------------------------
# Tensors.
# ---------------------------------------------------------------------------

def torch_dtype(torch, name):
    return {"f32": torch.float32, "f16": torch.float16,
            "bf16": torch.bfloat16, "i1": torch.bool}[name]


def resolve(shape, sizes):
    """A manifest shape (ints and symbols) with the symbols' sizes."""
    return [sizes[d] if isinstance(d, str) else int(d) for d in shape]


class Poisoned:
    """An output buffer: poisoned (NaN / 0xFF) and framed by guard bytes."""

    def __init__(self, torch, shape, dtype_name, device):
        self.torch = torch
        self.dtype_name = dtype_name
        dt = torch_dtype(torch, dtype_name)
        esize = torch.empty((), dtype=dt).element_size()
        n = 1
        for d in shape:
            n *= d
        self.nbytes = n * esize
        self.raw = torch.full((self.nbytes + 2 * GUARD,), GUARD_BYTE,
                              dtype=torch.uint8, device=device)
        body = self.raw[GUARD:GUARD + self.nbytes]
        if dtype_name == "i1":
            body.fill_(0xFF)  # neither true (1) nor false (0)
            self.tensor = body.view(torch.bool).view(shape)
        else:
            self.tensor = body.view(dt).view(shape)
            self.tensor.fill_(float("nan"))

    def repoison(self):
        body = self.raw[GUARD:GUARD + self.nbytes]
        if self.dtype_name == "i1":
            body.fill_(0xFF)
        else:
            self.tensor.fill_(float("nan"))

    def guards_intact(self):
        torch = self.torch
        head = self.raw[:GUARD]
        tail = self.raw[GUARD + self.nbytes:]
        return bool(torch.all(head == GUARD_BYTE)) and \
            bool(torch.all(tail == GUARD_BYTE))

    def as_float64(self):
        """The output as float64, and the count of i1 bytes that are not 0
        or 1 (never written)."""
        torch = self.torch
        if self.dtype_name == "i1":
            raw = self.raw[GUARD:GUARD + self.nbytes]
            bad = int(((raw != 0) & (raw != 1)).sum())
            return raw.to(torch.float64).view(self.tensor.shape), bad
        return self.tensor.to(torch.float64), 0


def compare(torch, got, ref, tol):
    """Per-output comparison: a dict with max_abs, rel, nonfinite and ok."""
    ref = ref.to(torch.float64)
    finite_ref = torch.isfinite(ref)
    finite_got = torch.isfinite(got)
    # NaN / inf where the reference is finite: not written, or overflow.
    nonfinite = int((finite_ref & ~finite_got).sum())
    # Where the reference is not finite, the output must be the same.
    mismatch_nf = int((~finite_ref & ~((got == ref) |
                                       (torch.isnan(got) & torch.isnan(ref))))
                      .sum())
    both = finite_ref & finite_got
    if bool(both.any()):
        max_abs = float((got[both] - ref[both]).abs().max())
    else:
        max_abs = 0.0
    max_ref = float(ref[finite_ref].abs().max()) if bool(finite_ref.any()) \
        else 0.0
    rel = max_abs / max(1.0, max_ref)
    ok = rel <= tol and nonfinite == 0 and mismatch_nf == 0
    return {"max_abs": max_abs, "rel": rel, "max_ref": max_ref,
            "nonfinite": nonfinite, "nonfinite_mismatch": mismatch_nf,
            "ok": ok}


# ---------------------------------------------------------------------------
# Examples: inputs and the float64 formulas.
# ---------------------------------------------------------------------------

def example_inputs(torch, case, T, device, seed):
    """Rounded inputs of an example, and the same values as float64."""
    gen = torch.Generator(device=device)
    gen.manual_seed(seed)
    dt = torch_dtype(torch, case["dtype"])
    params = case["params"]
    sizes = {"T": T}
    xs = {}
    for spec in case["inputs"]:
        shape = resolve(spec["shape"], sizes)
        name = spec["name"]
        if case["example"] == "rope" and name in ("cos", "sin"):
            continue
        v = torch.randn(shape, generator=gen, dtype=torch.float64,
                        device=device)
        if case["example"] == "matmul_bias_gelu" and name == "w":
            v = v / math.sqrt(params["k"])  # keeps x @ W^T about N(0, 1)
        xs[name] = v
    if case["example"] == "rope":
        d = params["head_dim"]
        half = d // 2
        inv_freq = 1.0 / (10000.0 ** (torch.arange(
            0, half, dtype=torch.float64, device=device) * 2.0 / d))
        pos = torch.arange(T, dtype=torch.float64, device=device)
        freqs = torch.outer(pos, inv_freq)
        emb = torch.cat([freqs, freqs], dim=-1).view(T, 1, d)
        xs["cos"], xs["sin"] = emb.cos(), emb.sin()
    rounded = {}
    for spec in case["inputs"]:
        t = xs[spec["name"]].to(dt).contiguous()
        rounded[spec["name"]] = t
    exact = {k: v.to(torch.float64) for k, v in rounded.items()}
    ordered = [rounded[s["name"]] for s in case["inputs"]]
    return ordered, exact


def example_reference(torch, case, e):
    """The example's formula in float64 on the rounded inputs `e`."""
    p = case["params"]
    name = case["example"]

    def rms(x, w, eps):
        return x * torch.rsqrt((x * x).mean(-1, keepdim=True) + eps) * w

    if name in ("rms_norm", "rms_norm_raw"):
        return [rms(e["x"], e["w"], p["eps"])]
    if name == "rms_norm_silu_gate":
        g = e["gate"]
        return [g * torch.sigmoid(g) * rms(e["x"], e["w"], p["eps"])]
    if name == "residual_rms_norm":
        h = e["x"] + e["r"]
        return [h, rms(h, e["w"], p["eps"])]
    if name == "softmax":
        x = e["x"]
        m = x.max(-1, keepdim=True).values
        z = (x - m).exp()
        return [z / z.sum(-1, keepdim=True)]
    if name == "layer_norm":
        x = e["x"]
        mean = x.mean(-1, keepdim=True)
        var = ((x - mean) ** 2).mean(-1, keepdim=True)
        return [(x - mean) / torch.sqrt(var + p["eps"]) * e["w"] + e["b"]]
    if name == "gelu_bias":
        v = e["x"] + e["b"]
        return [0.5 * v * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) *
                                            (v + 0.044715 * v ** 3)))]
    if name == "rope":
        x = e["x"]
        half = x.shape[-1] // 2
        rot = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return [x * e["cos"] + rot * e["sin"]]
    if name == "matmul_bias_gelu":
        v = e["x"] @ e["w"].t() + e["b"]
        return [0.5 * v * (1.0 + torch.erf(v / math.sqrt(2.0)))]
    if name == "attention":
        # softmax(q k^T * scale + causal mask) v, query head h on key/value
        # head h // (Hq / Hkv) (repeat_interleave, as enable_gqa=True);
        # causal: query i sees keys j <= i (tril, as is_causal=True).
        q, k, v = e["q"], e["k"], e["v"]
        group = q.shape[-3] // k.shape[-3]
        k = k.repeat_interleave(group, dim=-3)
        v = v.repeat_interleave(group, dim=-3)
        s = (q @ k.transpose(-1, -2)) * p["scale"]
        i = torch.arange(s.shape[-2], device=s.device).view(-1, 1)
        j = torch.arange(s.shape[-1], device=s.device).view(1, -1)
        s = s.masked_fill(j > i, float("-inf"))
        return [torch.softmax(s, dim=-1) @ v]
    raise ValueError("no float64 formula for example %r" % name)


# ---------------------------------------------------------------------------
# Running.
# ---------------------------------------------------------------------------

def context_lost(e):
    """True for the sticky CUDA errors after which nothing else can run."""
    text = str(e).lower()
    return any(k in text for k in ("illegal memory access", "illegal address",
                                   "launch failure", "misaligned address",
                                   "illegal instruction", "device-side assert",
                                   "an illegal"))


class Checker:
    def __init__(self, torch, cases_dir, quick, do_timing, log):
        self.torch = torch
        self.dir = cases_dir
        self.quick = quick
        self.do_timing = do_timing
        self.log = log
        self.device = torch.device("cuda")
        self.bundles = {}
        self.rows = []

    def finish(self, summary):
        """Closes the bundles; the exit status: 1 when a run failed or none
        ran."""
        for bundle, _ in self.bundles.values():
            bundle.close()
        return 1 if summary["failed"] or not self.rows else 0

    def bundle(self, case):
        from molten import Bundle
        path = os.path.join(self.dir, case["bundle"])
        if path not in self.bundles:
            b = Bundle(path)
            t0 = time.perf_counter()
            b.prepare()
            self.bundles[path] = (b, time.perf_counter() - t0)
        return self.bundles[path][0]

    def run_once(self, bundle, case, inputs, out_shapes, out_dtypes):
        """Allocates poisoned outputs, runs, synchronizes."""
        outs = [Poisoned(self.torch, s, d, self.device)
                for s, d in zip(out_shapes, out_dtypes)]
        bundle.run(case["function"], *inputs, out=[o.tensor for o in outs])
        self.torch.cuda.synchronize()
        return outs

    def time_calls(self, bundle, case, inputs, outs):
        """(median GPU time of one call in us, reps, median host time of
        one run() call in us). Each timed call is queued behind a GPU sleep
        so that the events measure the kernels, not the host's launch
        overhead (Python, ctypes, argument checks)."""
        torch = self.torch
        args = [o.tensor for o in outs]
        for _ in range(TIMING_WARMUP):
            bundle.run(case["function"], *inputs, out=args)
        torch.cuda.synchronize()
        sleep = getattr(torch.cuda, "_sleep", None)
        reps = TIMING_REPS
        times, host = [], []
        for i in range(reps):
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            if sleep is not None:
                sleep(SLEEP_CYCLES)
            start.record()
            t0 = time.perf_counter()
            bundle.run(case["function"], *inputs, out=args)
            host.append((time.perf_counter() - t0) * 1e6)
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end) * 1000.0)  # us
            if i == 0 and times[0] > 50000:
                reps = 5  # the naive matmul on large shapes
            if i + 1 >= reps:
                break
        return statistics.median(times), len(times), statistics.median(host)

    def record(self, case, shape_text, size_text, outputs, error=None,
               time_us=None, reps=None, host_us=None):
        worst = max(outputs, key=lambda o: o["rel"]) if outputs else None
        ok = error is None and outputs and all(o["ok"] for o in outputs)
        row = {
            "case": case["id"],
            "kind": case["kind"],
            "dtype": case["dtype"],
            "shape": shape_text,
            "sizes": size_text,
            "tolerance": case["tolerance"],
            "max_abs": worst["max_abs"] if worst else None,
            "rel": worst["rel"] if worst else None,
            "outputs": outputs,
            "result": "PASS" if ok else "FAIL",
        }
        if error:
            row["error"] = error
        if time_us is not None:
            row["time_us"] = time_us
            row["time_reps"] = reps
            row["host_us"] = host_us
        if not ok and not error:
            row["error"] = "; ".join(
                "output %d: %s" % (o["index"], o["why"]) for o in outputs
                if not o["ok"])
        self.rows.append(row)
        msg = "%-4s %-44s %-5s %-16s abs %-9s rel %-9s" % (
            row["result"], case["id"], case["dtype"], shape_text,
            "%.3g" % row["max_abs"] if worst else "-",
            "%.3g" % row["rel"] if worst else "-")
        if time_us is not None:
            msg += " %9.1f us (call %.0f us)" % (time_us, host_us)
        if row.get("error"):
            msg += "  " + row["error"].splitlines()[0][:200]
        self.log(msg)
        return ok

    def check_outputs(self, outs, refs, tol):
        results = []
        for k, (o, ref) in enumerate(zip(outs, refs)):
            got, unwritten = o.as_float64()
            if tuple(got.shape) != tuple(ref.shape):
                results.append({
                    "index": k, "dtype": o.dtype_name, "max_abs": math.inf,
                    "rel": math.inf, "ok": False,
                    "why": "shape %s from the runtime, the reference has %s"
                           % (list(got.shape), list(ref.shape))})
                continue
            r = compare(self.torch, got, ref, tol)
            r["index"] = k
            r["dtype"] = o.dtype_name
            r["guards_intact"] = o.guards_intact()
            r["i1_unwritten"] = unwritten
            why = []
            if r["rel"] > tol:
                why.append("relative error %.3g > %g" % (r["rel"], tol))
            if r["nonfinite"]:
                why.append("%d NaN/inf where the reference is finite"
                           % r["nonfinite"])
            if r["nonfinite_mismatch"]:
                why.append("%d values differ where the reference is not "
                           "finite" % r["nonfinite_mismatch"])
            if not r["guards_intact"]:
                why.append("guard bytes around the output overwritten")
                r["ok"] = False
            if unwritten:
                why.append("%d i1 bytes neither 0 nor 1 (not written)"
                           % unwritten)
                r["ok"] = False
            r["why"] = ", ".join(why)
            results.append(r)
        return results

    # -- examples ------------------------------------------------------------
    def run_example(self, case):
        torch = self.torch
        try:
            bundle = self.bundle(case)
        except Exception as e:
            self.record(case, "-", "-", [], error="load/JIT: %s" % e)
            return
        sizes = case["quick_dyn_sizes"] if self.quick else case["dyn_sizes"]
        for T in sizes:
            shape_text = "x".join(str(d) for d in
                                  resolve(case["inputs"][0]["shape"],
                                          {"T": T}))
            try:
                inputs, exact = example_inputs(torch, case, T, self.device,
                                               EXAMPLE_SEED + T)
                refs = example_reference(torch, case, exact)
                out_shapes = bundle.output_shapes(
                    case["function"], [tuple(t.shape) for t in inputs])
                out_dtypes = [o["dtype"] for o in case["outputs"]]
                outs = self.run_once(bundle, case, inputs, out_shapes,
                                     out_dtypes)
                results = self.check_outputs(outs, refs, case["tolerance"])
                t_us = reps = host_us = None
                if self.do_timing:
                    t_us, reps, host_us = self.time_calls(bundle, case,
                                                          inputs, outs)
                self.record(case, shape_text, "T=%d" % T, results,
                            time_us=t_us, reps=reps, host_us=host_us)
                del inputs, exact, refs, outs
            except Exception as e:
                self.record(case, shape_text, "T=%d" % T, [],
                            error="%s: %s" % (type(e).__name__, e))
                if context_lost(e):
                    raise

    # -- random programs -----------------------------------------------------
    def run_random(self, case):
        torch = self.torch
        try:
            bundle = self.bundle(case)
        except Exception as e:
            self.record(case, "-", "-", [], error="load/JIT: %s" % e)
            return
        with open(os.path.join(self.dir, case["data"])) as f:
            data = json.load(f)
        for run in data["runs"]:
            size_text = ",".join("%s=%d" % kv for kv in
                                 sorted(run["dims"].items())) or "static"
            shape_text = "x".join(str(d) for d in run["inputs"][0]["shape"]) \
                or "scalar"
            try:
                inputs = []
                for spec in run["inputs"]:
                    dt = torch_dtype(torch, spec["dtype"])
                    v = torch.tensor(spec["values"], dtype=torch.float64)
                    t = v.to(dt).reshape(spec["shape"])
                    # the stored values are exact in their type
                    if spec["dtype"] != "i1" and not torch.equal(
                            t.to(torch.float64).reshape(-1), v):
                        raise ValueError("input not exact in %s"
                                         % spec["dtype"])
                    inputs.append(t.to(self.device).contiguous())
                refs = [torch.tensor(o["values"], dtype=torch.float64,
                                     device=self.device).reshape(o["shape"])
                        for o in run["expected"]]
                own = [torch.tensor(o["values"], dtype=torch.float64,
                                    device=self.device).reshape(o["shape"])
                       for o in run.get("reference_own_types", [])]
                out_shapes = bundle.output_shapes(
                    case["function"], [tuple(t.shape) for t in inputs])
                out_dtypes = [o["dtype"] for o in case["outputs"]]
                outs = self.run_once(bundle, case, inputs, out_shapes,
                                     out_dtypes)
                results = self.check_outputs(outs, refs, case["tolerance"])
                # for the record: the distance to the CPU reference computed
                # in the program's own types (not a pass criterion)
                for r, o, ref in zip(results, outs, own):
                    got, _ = o.as_float64()
                    if tuple(got.shape) == tuple(ref.shape):
                        r["rel_vs_cpu_own_types"] = compare(
                            torch, got, ref, 1.0)["rel"]
                self.record(case, shape_text, size_text, results)
            except Exception as e:
                self.record(case, shape_text, size_text, [],
                            error="%s: %s" % (type(e).__name__, e))
                if context_lost(e):
                    raise


# ---------------------------------------------------------------------------
# Reports.
# ---------------------------------------------------------------------------

def fmt(v, spec="%.3g"):
    return "-" if v is None else spec % v


def write_reports(out_dir, rows, meta, manifest):
    os.makedirs(out_dir, exist_ok=True)
    failed = [r for r in rows if r["result"] != "PASS"]
    summary = {
        "runs": len(rows),
        "passed": len(rows) - len(failed),
        "failed": len(failed),
        "cases": len({r["case"] for r in rows}),
        "example_cases": len({r["case"] for r in rows
                              if r["kind"] == "example"}),
        "random_cases": len({r["case"] for r in rows
                             if r["kind"] == "random"}),
    }
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({"meta": meta, "summary": summary, "rows": rows,
                   "skipped_at_preparation": manifest.get("skipped", []),
                   "crashes_at_preparation": manifest.get("crashes", [])},
                  f, indent=1)
    lines = ["# Molten GPU check", ""]
    for k in ("device", "torch", "cuda", "runtime_lib", "cases_git_head",
              "date", "quick", "only", "wall_s"):
        lines.append("- %s: %s" % (k, meta.get(k)))
    lines += ["", "**%d runs of %d cases (%d examples, %d random programs): "
              "%d passed, %d failed.**" % (
                  summary["runs"], summary["cases"],
                  summary["example_cases"], summary["random_cases"],
                  summary["passed"], summary["failed"]), "",
              "Relative error = max|got - ref| / max(1, max|ref|) against "
              "float64, worst output of the run; tolerance 1e-5 f32, 2e-3 "
              "f16, 1e-2 bf16 (the narrowest type in the program). Outputs "
              "are poisoned with NaN before each run and framed by guard "
              "bytes. Times (examples): CUDA events around one call queued "
              "behind a GPU sleep, so kernel time without the host's launch "
              "overhead; median of 20 after warm-up; for information only.",
              ""]
    if failed:
        lines += ["## Failures", "",
                  "| case | dtype | shape | sizes | max abs err | rel err | "
                  "error |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for r in failed:
            lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                r["case"], r["dtype"], r["shape"], r["sizes"],
                fmt(r["max_abs"]), fmt(r["rel"]),
                (r.get("error") or "-").replace("|", "/")
                .splitlines()[0][:300]))
        lines.append("")
    lines += ["## All runs", "",
              "| case | dtype | shape | sizes | max abs err | rel err | tol "
              "| time (us) | result |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append("| %s | %s | %s | %s | %s | %s | %g | %s | %s |" % (
            r["case"], r["dtype"], r["shape"], r["sizes"], fmt(r["max_abs"]),
            fmt(r["rel"]), r["tolerance"], fmt(r.get("time_us"), "%.1f"),
            r["result"]))
    skipped = manifest.get("skipped", [])
    if skipped:
        lines += ["", "## Skipped when the cases were prepared (%d)" %
                  len(skipped), "",
                  "| case | stage | reason |", "| --- | --- | --- |"]
        for s in skipped:
            lines.append("| %s | %s | %s |" % (
                s["id"], s.get("stage", "molten-translate"),
                s["reason"].replace("|", "/")[:200]))
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return summary


def aborted_row(message):
    """The report row of a run that stopped early (a sticky CUDA error)."""
    return {"case": "(aborted)", "kind": "-", "dtype": "-", "shape": "-",
            "sizes": "-", "tolerance": 0, "max_abs": None, "rel": None,
            "outputs": [], "result": "FAIL", "error": message}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", default=os.path.join(REPO, "gpu-cases"),
                    help="the directory make_gpu_cases.py wrote")
    ap.add_argument("--out", required=False,
                    help="where results.json and results.md go")
    ap.add_argument("--only", choices=["examples", "random"])
    ap.add_argument("--quick", action="store_true",
                    help="fewer dynamic sizes for the examples, no timing "
                         "(for the sanitizers)")
    ap.add_argument("--match", help="only cases whose id contains this")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--runtime-only", action="store_true",
                    help="find or build the runtime, print its path, exit")
    args = ap.parse_args(argv)

    def log(msg):
        print(msg, flush=True)

    lib = find_or_build_runtime(log)
    if args.runtime_only:
        print(lib)
        return 0
    if not args.out:
        ap.error("--out is required")

    import torch
    if not torch.cuda.is_available():
        sys.exit("gpu_check: torch.cuda.is_available() is False: no GPU")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False

    with open(os.path.join(args.cases, "manifest.json")) as f:
        manifest = json.load(f)
    cases = manifest["cases"]
    if args.only == "examples":
        cases = [c for c in cases if c["kind"] == "example"]
    elif args.only == "random":
        cases = [c for c in cases if c["kind"] == "random"]
    if args.match:
        cases = [c for c in cases if args.match in c["id"]]

    start = time.time()
    meta = {
        "device": torch.cuda.get_device_name(0),
        "capability": "sm_%d%d" % torch.cuda.get_device_capability(0),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "python": platform.python_version(),
        "runtime_lib": lib,
        "cases_dir": os.path.abspath(args.cases),
        "cases_git_head": manifest.get("git_head"),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "quick": args.quick,
        "only": args.only or "all",
    }
    log("gpu_check: %d cases on %s (torch %s, CUDA %s), runtime %s" % (
        len(cases), meta["device"], meta["torch"], meta["cuda"], lib))
    checker = Checker(torch, args.cases, args.quick,
                      not (args.quick or args.no_timing), log)
    aborted = None
    try:
        for case in cases:
            if case["kind"] == "example":
                checker.run_example(case)
            else:
                checker.run_random(case)
    except Exception:
        aborted = traceback.format_exc()
        log("gpu_check: aborted:\n" + aborted)
    meta["wall_s"] = round(time.time() - start, 1)
    meta["jit_s"] = round(sum(t for _, t in checker.bundles.values()), 2)
    if aborted:
        meta["aborted"] = aborted
        checker.rows.append(aborted_row(aborted))
    summary = write_reports(args.out, checker.rows, meta, manifest)
    log("gpu_check: %d runs, %d passed, %d failed (%.1f s, JIT/load %.1f s);"
        " %s" % (summary["runs"], summary["passed"], summary["failed"],
                 meta["wall_s"], meta["jit_s"],
                 os.path.join(args.out, "results.md")))
    return checker.finish(summary)


if __name__ == "__main__":
    sys.exit(main())
