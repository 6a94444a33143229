#!/usr/bin/env python3
"""Differential test of fusion: fused and unfused programs agree on the CPU.

For every seed in [--first-seed, --first-seed + --count), molten_randprog
generates a program; this script draws random inputs (seeded; each dynamic
dim gets a size in 1..5, so single rows happen), runs the program through the
CPU reference (scripts/molten_reference.py: convert-molten-to-linalg and
mlir-runner) once as written and once after `--molten-fusion-pipeline`, and
compares the results: relative error 1e-5 for f32 programs and 1e-2 for
programs that touch bf16/f16, scaled by max(1, |unfused|); NaN only matches
NaN. It also checks that after the fusion pipeline the function body holds
only `molten.fused` ops (and non-molten ops such as `tensor.dim`).

Programs are batched: one module holds the functions of many seeds and
molten_reference.run_many calls them all from one entry point, so each
mlir-runner JIT (about a second) serves many programs; the two reference runs
(unfused and fused) of a batch run in parallel (--jobs, 2 by default). The
fused form is what `molten-opt --molten-fusion-pipeline` printed, which this
script also checks. A batch that fails as a whole
(a crash, an invalid module) is retried program by program to name the
culprit.

On failure it prints (to stderr) the seed, the program and its fused form,
the inputs and both outputs, and exits 1. The last line is
`fusion-differential: N passed, M failed`.

Reproduce one seed: `fusion_differential.py --first-seed S --count 1`.
"""

import argparse
import concurrent.futures
import math
import os
import random
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
SRC_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(SRC_ROOT, "scripts"))

import molten_randprog  # noqa: E402
import molten_reference  # noqa: E402

FUSION_PIPELINE = "--molten-fusion-pipeline"
MAX_DYN = molten_randprog.Gen.MAX_DYN


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

def make_inputs(seed, specs):
    """Random inputs for `specs`; dynamic dims get a size in 1..MAX_DYN, the
    same for every dim with the same symbol."""
    rng = random.Random(seed * 7919 + 17)
    sizes = {}
    inputs = []
    for shape, etype, lo, hi in specs:
        concrete = []
        for d in shape:
            if isinstance(d, str):
                if d not in sizes:
                    # one row (size 1) in a fair share of the programs
                    sizes[d] = 1 if rng.random() < 0.2 else \
                        rng.randint(1, MAX_DYN)
                d = sizes[d]
            concrete.append(d)
        n = 1
        for d in concrete:
            n *= d
        if etype == "i1":
            values = [rng.random() < 0.5 for _ in range(n)]
        else:
            values = [molten_reference.round_to(rng.uniform(lo, hi), etype)
                      for _ in range(n)]
        inputs.append((concrete, etype, values))
    return inputs


# --------------------------------------------------------------------------
# Programs and batches: many programs in one module, one mlir-runner each
# --------------------------------------------------------------------------

class Program:
    def __init__(self, seed):
        self.seed = seed
        self.text, self.func, self.specs = molten_randprog.generate(seed)
        self.inputs = make_inputs(seed, self.specs)
        self.lossy = "bf16" in self.text or "f16" in self.text
        self.fused_text = None


def run_reference(programs, fused, tools_dir):
    """Runs `programs` (their fused forms with `fused`) as one module in one
    mlir-runner process: (outputs per program, None) or (None, error)."""
    text = "\n".join(p.fused_text if fused else p.text for p in programs)
    calls = [(p.func, p.inputs) for p in programs]
    try:
        return molten_reference.run_many(text, calls,
                                         tools_dir=tools_dir), None
    except Exception as e:  # a crash or a diagnostic: report, don't die
        return None, "%s: %s" % (type(e).__name__, e)


# --------------------------------------------------------------------------
# Fusion: run the pipeline, check the function bodies
# --------------------------------------------------------------------------

def split_functions(text):
    """{name: function text} of molten-opt's printed module (functions at
    indent 2, their closing brace on a line "  }")."""
    funcs = {}
    name, lines = None, []
    for line in text.splitlines():
        if name is None:
            m = re.match(r"  func\.func (?:private )?@([\w$.]+)", line)
            if m:
                name, lines = m.group(1), [line[2:]]
            continue
        lines.append(line[2:])
        if line == "  }":
            funcs[name] = "\n".join(lines) + "\n"
            name = None
    return funcs


def top_level_ops(func_text):
    """The names of the ops directly in a printed function's body: the
    printer indents them by 2, nested regions deeper."""
    ops = []
    for line in func_text.splitlines()[1:]:
        if line.startswith("  ") and not line.startswith("   ") \
                and not line.startswith("  }"):
            m = re.match(r'\s*(?:%[^=]*=\s*)?"?([A-Za-z_][\w.]*)', line)
            if m:
                ops.append(m.group(1))
    return ops


def body_problems(func_text):
    """The top-level ops that should not be there after fusion: molten ops
    other than molten.fused."""
    return sorted({op for op in top_level_ops(func_text)
                   if op.startswith("molten.") and op != "molten.fused"})


def fuse(programs, molten_opt):
    """Runs the fusion pipeline on `programs` (one molten-opt for all of
    them), sets their fused_text and returns {seed: error}."""
    text = "\n".join(p.text for p in programs)
    proc = subprocess.run([molten_opt, FUSION_PIPELINE, "-"], input=text,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        if len(programs) == 1:
            return {programs[0].seed: "molten-opt %s failed (exit %d):\n%s"
                    % (FUSION_PIPELINE, proc.returncode, proc.stderr)}
        errors = {}
        for p in programs:
            errors.update(fuse([p], molten_opt))
        return errors
    funcs = split_functions(proc.stdout)
    errors = {}
    for p in programs:
        p.fused_text = funcs.get(p.func)
        if p.fused_text is None:
            errors[p.seed] = "the fused module has no function @%s" % p.func
            continue
        bad = body_problems(p.fused_text)
        if bad:
            errors[p.seed] = ("after %s the function body still holds %s "
                              "outside molten.fused" % (FUSION_PIPELINE,
                                                         ", ".join(bad)))
    return errors


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

def compare(expected, actual, tol):
    """None when they agree, else a description of the first difference."""
    if len(expected) != len(actual):
        return "%d results vs %d" % (len(expected), len(actual))
    for i, ((eshape, evals), (ashape, avals)) in enumerate(
            zip(expected, actual)):
        if list(eshape) != list(ashape):
            return "result %d: shape %s vs %s" % (i, eshape, ashape)
        if len(evals) != len(avals):
            return "result %d: %d vs %d values" % (i, len(evals), len(avals))
        for j, (e, a) in enumerate(zip(evals, avals)):
            if math.isnan(e) or math.isnan(a):
                if math.isnan(e) and math.isnan(a):
                    continue
                return "result %d[%d]: %r vs %r" % (i, j, e, a)
            if e == a:
                continue
            if math.isinf(e) or math.isinf(a) or \
                    abs(e - a) > tol * max(1.0, abs(e)):
                return "result %d[%d]: unfused %r, fused %r (tolerance %g)" % (
                    i, j, e, a, tol)
    return None


def report(p, why, unfused=None, fused=None):
    out = ["=" * 78, "FAIL seed %d: %s" % (p.seed, why),
           "--- program (reproduce: %s --first-seed %d --count 1 "
           "--tools-dir DIR; the program alone: molten_randprog.py --print "
           "%d)" % (os.path.basename(__file__), p.seed, p.seed),
           p.text.rstrip()]
    if p.fused_text:
        out += ["--- after %s" % FUSION_PIPELINE, p.fused_text.rstrip()]
    out.append("--- inputs")
    for shape, etype, values in p.inputs:
        out.append("  %s x %s: %s" % (shape, etype, _fmt_values(values)))
    for name, res in (("unfused", unfused), ("fused", fused)):
        if res is None:
            continue
        out.append("--- %s outputs" % name)
        for shape, values in res:
            out.append("  %s: %s" % (shape, _fmt_values(values)))
    # stderr: under lit, stdout goes to FileCheck and stderr to the log
    print("\n".join(out), file=sys.stderr, flush=True)


def _fmt_values(values):
    return "[" + ", ".join("%.9g" % v for v in values) + "]"


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def run_batch(programs, tools_dir, pool):
    """Runs `programs` (already fused) unfused and fused; returns a list of
    (program, error, unfused, fused) for the failures."""
    if not programs:
        return []
    jobs = [pool.submit(run_reference, programs, fused, tools_dir)
            for fused in (False, True)]
    (ref, ref_err), (got, got_err) = [j.result() for j in jobs]
    if ref_err or got_err:
        if len(programs) == 1:
            p = programs[0]
            why = ("the unfused program failed: " + ref_err) if ref_err else \
                ("the fused program failed: " + got_err)
            return [(p, why, ref and ref[0], got and got[0])]
        failures = []
        for p in programs:
            failures += run_batch([p], tools_dir, pool)
        return failures
    failures = []
    for p, r, g in zip(programs, ref, got):
        tol = 1e-2 if p.lossy else 1e-5
        why = compare(r, g, tol)
        if why:
            failures.append((p, "fused != unfused: " + why, r, g))
    return failures


def main():
    global FUSION_PIPELINE
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--tools-dir", required=True,
                    help="directory holding molten-opt")
    ap.add_argument("--batch", type=int, default=40,
                    help="programs per mlir-runner module")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--pipeline", default=FUSION_PIPELINE,
                    help="the molten-opt pipeline flag to compare against "
                         "the program as written (e.g. "
                         "--molten-fusion-pipeline=sibling-matmuls=1)")
    ap.add_argument("--keep-going", action="store_true",
                    help="report every failure instead of stopping at the "
                         "first batch with one")
    args = ap.parse_args()
    FUSION_PIPELINE = args.pipeline
    molten_opt = os.path.join(args.tools_dir, "molten-opt")
    start = time.time()

    seeds = list(range(args.first_seed, args.first_seed + args.count))
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for b in range(0, len(seeds), args.batch):
            programs = [Program(s) for s in seeds[b:b + args.batch]]
            errors = fuse(programs, molten_opt)
            for p in programs:
                if p.seed in errors:
                    report(p, errors[p.seed])
            ok = [p for p in programs if p.seed not in errors]
            failures = run_batch(ok, args.tools_dir, pool)
            for p, why, r, g in failures:
                report(p, why, r, g)
            nfail = len(errors) + len(failures)
            failed += nfail
            passed += len(programs) - nfail
            if nfail and not args.keep_going:
                break
    print("fusion-differential: %.1f s" % (time.time() - start))
    print("fusion-differential: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
