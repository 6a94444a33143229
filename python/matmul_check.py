#!/usr/bin/env python3
"""Check the matmul cases on a GPU against a float64 reference.

    python3 python/matmul_check.py --cases matmul-cases --out DIR
        [--only REGEX] [--m 1,7] [--reference-device cuda|cpu]

`matmul-cases/` comes from scripts/make_matmul_cases.py (on the machine
with the MLIR tools); this script needs PyTorch with CUDA and the Molten
runtime ($MOLTEN_RUNTIME_LIB, else built with scripts/build-runtime.sh).
docs/matmul-bench.md says how it fits with the benchmark.

For every case and every M of the case (each run from the case's one
bundle, M being its dynamic dim):

1. Inputs: torch.randn in float64 (seeded by the case id and M) times the
   input's scale (1 for x and residuals, 1/sqrt(K) for weights so that
   x @ W stays about N(0, 1), 0.5 for biases), rounded to the input's dtype.
2. Outputs allocated POISONED (NaN) between guard bytes
   (gpu_check.Poisoned); one Bundle.run on the current stream; synchronize.
3. Reference: the case's steps (the program's ops, from the manifest)
   evaluated by torch in float64 on the rounded inputs, rounding nothing.
4. Per output: relative error = max|got - ref| / max(1, max|ref|) <= the
   case's tolerance (bf16 2e-2, f16 4e-3, f32 1e-4: the reasoning is in
   scripts/make_matmul_cases.py), no NaN/inf where the reference is finite,
   guard bytes intact, the runtime's output shape equal to the reference's
   (gpu_check.Checker.check_outputs).
5. The same call again into freshly poisoned outputs: a result that is not
   bitwise the same (a race, a read of unwritten memory, a split-K order
   that varies) is reported as a warning, not a failure.

Writes DIR/results.json (every run, every output's errors) and
DIR/results.md, prints "N of M runs pass"; exit status 1 if any run fails.
--only keeps the cases whose id matches the regular expression (re.search),
--m runs these M values instead of each case's own (any M: the bundles
take a dynamic M), e.g. a few small ones under compute-sanitizer, or one
large enough that every CTA of a persistent grid takes several tiles.
--reference-device cpu computes the reference on the CPU, so that a
sanitizer sees only Molten's kernels and PyTorch's fills and copies.
"""

import argparse
import json
import math
import os
import platform
import re
import sys
import time
import traceback
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

from gpu_check import (Checker, aborted_row, context_lost,
                       find_or_build_runtime, resolve, torch_dtype)

SEED = 20240611


def make_inputs(torch, case, sizes, device, seed):
    """The rounded inputs (in the manifest's order) and the same values as
    float64 tensors by name."""
    gen = torch.Generator(device=device)
    gen.manual_seed(seed)
    rounded, exact = [], {}
    for spec in case["inputs"]:
        shape = resolve(spec["shape"], sizes)
        v = torch.randn(shape, generator=gen, dtype=torch.float64,
                        device=device) * spec["scale"]
        t = v.to(torch_dtype(torch, spec["dtype"])).contiguous()
        rounded.append(t)
        exact[spec["name"]] = t.to(torch.float64)
    return rounded, exact


def reference(torch, case, exact):
    """The case's steps in float64 on the values `exact` (name -> tensor):
    one float64 tensor per output. Nothing is rounded, casts included."""
    env = dict(exact)
    device = next(iter(exact.values())).device
    for s in case["steps"]:
        a = [env[name] for name in s.get("args", [])]
        op = s["op"]
        if op == "matmul":
            rhs = a[1].transpose(-1, -2) if s["transpose_rhs"] else a[1]
            v = torch.matmul(a[0], rhs)
        elif op == "add":
            v = a[0] + a[1]
        elif op == "mul":
            v = a[0] * a[1]
        elif op == "constant":
            # the constant as the program's element type holds it
            v = torch.tensor(s["value"], dtype=torch_dtype(torch, case["dtype"]),
                             device=device).to(torch.float64)
        elif op == "gelu" and s.get("approximate", "none") == "none":
            v = 0.5 * a[0] * (1.0 + torch.erf(a[0] / math.sqrt(2.0)))
        elif op == "gelu":
            x = a[0]
            v = 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) *
                                            (x + 0.044715 * x ** 3)))
        elif op == "silu":
            v = a[0] * torch.sigmoid(a[0])
        elif op == "relu":
            v = torch.clamp_min(a[0], 0.0)
        elif op == "cast":
            v = a[0]
        else:
            raise ValueError("no float64 formula for step %r" % (s,))
        env[s["out"]] = v
    return [env[o["name"]] for o in case["outputs"]]


class MatmulChecker(Checker):
    """gpu_check's Checker (bundle cache, poisoned outputs, per-output
    comparison, result rows) with the matmul cases' inputs and reference."""

    def __init__(self, torch, cases_dir, reference_device, log):
        super().__init__(torch, cases_dir, quick=True, do_timing=False,
                         log=log)
        self.reference_device = torch.device(reference_device)

    def run_case(self, case, m_values):
        torch = self.torch
        try:
            bundle = self.bundle(case)
        except Exception as e:
            self.record(case, "-", "-", [], error="load/JIT: %s" % e)
            if context_lost(e):
                raise
            return
        out_dtypes = [o["dtype"] for o in case["outputs"]]
        for m in m_values:
            sizes = {"M": m}
            shape_text = "%s @ %s" % (
                "x".join(map(str, resolve(case["inputs"][0]["shape"], sizes))),
                "x".join(map(str, resolve(case["inputs"][1]["shape"], sizes))))
            try:
                seed = (SEED + zlib.crc32(case["id"].encode()) * 7919 + m) \
                    % (1 << 62)
                inputs, exact = make_inputs(torch, case, sizes, self.device,
                                            seed)
                refs = reference(torch, case, {
                    k: v.to(self.reference_device) for k, v in exact.items()})
                refs = [r.to(self.device) for r in refs]
                out_shapes = bundle.output_shapes(
                    case["function"], [tuple(t.shape) for t in inputs])
                outs = self.run_once(bundle, case, inputs, out_shapes,
                                     out_dtypes)
                results = self.check_outputs(outs, refs, case["tolerance"])
                # The same call again, into freshly poisoned outputs.
                again = self.run_once(bundle, case, inputs, out_shapes,
                                      out_dtypes)
                for r, o1, o2 in zip(results, outs, again):
                    r["repeat_identical"] = bool(torch.equal(o1.raw, o2.raw))
                self.record(case, shape_text, "M=%d" % m, results)
                if not all(r["repeat_identical"] for r in results):
                    self.log("WARN %s M=%d: a second run gave different bits"
                             % (case["id"], m))
                del inputs, exact, refs, outs, again
            except Exception as e:
                self.record(case, shape_text, "M=%d" % m, [],
                            error="%s: %s" % (type(e).__name__, e))
                if context_lost(e):
                    raise


def fmt(v, spec="%.3g"):
    return "-" if v is None else spec % v


def write_reports(out_dir, rows, meta, manifest, cases):
    os.makedirs(out_dir, exist_ok=True)
    failed = [r for r in rows if r["result"] != "PASS"]
    unstable = [r for r in rows
                if any(not o.get("repeat_identical", True)
                       for o in r["outputs"])]
    summary = {"runs": len(rows), "passed": len(rows) - len(failed),
               "failed": len(failed), "cases": len({r["case"] for r in rows}),
               "not_bitwise_repeatable": len(unstable)}
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({"meta": meta, "summary": summary, "rows": rows,
                   "kernels": {c["id"]: c.get("kernels", []) for c in cases},
                   "failed_at_preparation": manifest.get("failed", [])},
                  f, indent=1)
    lines = ["# Molten matmul check", ""]
    for k in ("device", "torch", "cuda", "chip", "cases_git_head", "only",
              "m", "reference_device", "date", "wall_s"):
        lines.append("- %s: %s" % (k, meta.get(k)))
    lines += ["", "**%d of %d runs pass (%d cases); %d failed; %d not "
              "bitwise repeatable.**" % (summary["passed"], summary["runs"],
                                         summary["cases"], summary["failed"],
                                         summary["not_bitwise_repeatable"]),
              "", "Relative error = max|got - ref| / max(1, max|ref|) against "
              "float64 on the same rounded inputs, worst output of the run; "
              "tolerance bf16 2e-2, f16 4e-3, f32 1e-4. Outputs are "
              "poisoned with NaN and framed by guard bytes before each run.",
              ""]
    if failed:
        lines += ["## Failures", "", "| case | shape | sizes | rel err | "
                  "error |", "| --- | --- | --- | --- | --- |"]
        for r in failed:
            lines.append("| %s | %s | %s | %s | %s |" % (
                r["case"], r["shape"], r["sizes"], fmt(r["rel"]),
                (r.get("error") or "-").replace("|", "/")
                .splitlines()[0][:300]))
        lines.append("")
    lines += ["## All runs", "", "| case | shape | sizes | max abs err | "
              "rel err | tol | repeatable | result |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        rep = all(o.get("repeat_identical", True) for o in r["outputs"])
        lines.append("| %s | %s | %s | %s | %s | %g | %s | %s |" % (
            r["case"], r["shape"], r["sizes"], fmt(r["max_abs"]),
            fmt(r["rel"]), r["tolerance"], "yes" if rep else "NO",
            r["result"]))
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", default="matmul-cases",
                    help="the directory make_matmul_cases.py wrote")
    ap.add_argument("--out", required=True,
                    help="where results.json and results.md go")
    ap.add_argument("--only", help="cases whose id matches this regex")
    ap.add_argument("--m", help="comma-separated M values to run instead of "
                    "each case's own")
    ap.add_argument("--reference-device", default="cuda",
                    choices=["cuda", "cpu"])
    args = ap.parse_args(argv)

    def log(msg):
        print(msg, flush=True)

    lib = find_or_build_runtime(log)
    import torch
    if not torch.cuda.is_available():
        sys.exit("matmul_check: torch.cuda.is_available() is False: no GPU")
    # The float64 reference must not go through reduced-precision paths.
    torch.backends.cuda.matmul.allow_tf32 = False

    with open(os.path.join(args.cases, "manifest.json")) as f:
        manifest = json.load(f)
    cases = manifest["cases"]
    if args.only:
        cases = [c for c in cases if re.search(args.only, c["id"])]
    m_override = [int(v) for v in args.m.split(",")] if args.m else None
    for c in cases:
        c.setdefault("kind", "matmul")  # gpu_check's row format wants one

    start = time.time()
    meta = {
        "device": torch.cuda.get_device_name(0),
        "capability": "sm_%d%d" % torch.cuda.get_device_capability(0),
        "torch": torch.__version__, "cuda": torch.version.cuda,
        "python": platform.python_version(), "runtime_lib": lib,
        "cases_dir": os.path.abspath(args.cases),
        "cases_git_head": manifest.get("git_head"),
        "chip": manifest.get("chip"), "only": args.only, "m": args.m,
        "reference_device": args.reference_device,
        "command": " ".join(sys.argv),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    log("matmul_check: %d cases on %s (torch %s, CUDA %s), bundles for %s, "
        "runtime %s" % (len(cases), meta["device"], meta["torch"],
                        meta["cuda"], meta["chip"], lib))
    checker = MatmulChecker(torch, args.cases, args.reference_device, log)
    aborted = None
    try:
        for case in cases:
            checker.run_case(case, m_override or case["m_values"])
    except Exception:
        aborted = traceback.format_exc()
        log("matmul_check: aborted (a sticky CUDA error):\n" + aborted)
    meta["wall_s"] = round(time.time() - start, 1)
    meta["jit_s"] = round(sum(t for _, t in checker.bundles.values()), 2)
    if aborted:
        meta["aborted"] = aborted
        checker.rows.append(aborted_row(aborted))
    summary = write_reports(args.out, checker.rows, meta, manifest, cases)
    log("matmul_check: %d of %d runs pass (%d cases, %d failed, %d not "
        "bitwise repeatable; %.1f s, JIT/load %.1f s); %s" % (
            summary["passed"], summary["runs"], summary["cases"],
            summary["failed"], summary["not_bitwise_repeatable"],
            meta["wall_s"], meta["jit_s"],
            os.path.join(args.out, "results.md")))
    return checker.finish(summary)


if __name__ == "__main__":
    sys.exit(main())
