#!/usr/bin/env python3
"""Semantics of every example: fused, unfused and hand-computed agree.

For every file in examples/ this script runs the example's function on the
CPU reference path (scripts/molten_reference.py: convert-molten-to-linalg and
mlir-runner) on seeded random inputs, exactly representable in their element
types, with the dynamic (token) dimension 1 and 3 (attention.mlir has two,
batch and sequence: both take the value):

  * unfused: the program as written (no pre-passes);
  * fused:   the program after `molten-opt --molten-fusion-pipeline` (the
             printed fused module is what runs; each function must hold a
             molten.fused region);

each in the native mode (f32/bf16 as typed) and in the f64 mode
(convert-molten-to-linalg=f64: the whole program in float64, nothing
rounded), and compares:

  1. unfused and fused (native) against an independent pure-Python float64
     computation of the example's documented formula (REFERENCES below,
     written from the comment at the top of each example, not from the
     lowering): f32 results to 1e-5 relative, bf16 results to k * 2^-8 with k
     reasoned per example from its bf16 roundings (see TOLERANCES);
  2. fused against unfused (native): f32 to 1e-6 relative; bf16 to at most
     one bf16 ulp (adjacent representable values: fusion keeps the rounding
     points, only the f32 arithmetic between them may differ);
  3. the f64 runs against the same Python values: the unfused program to
     1e-12, the fused one to 1e-6 (the decomposition writes constants such as
     sqrt(2/pi), 1/sqrt(2), 0.044715 and eps as f32, which is < 2^-24 off).
     The bf16 tolerance of 1. cannot tell tanh-GELU from erf-GELU (they
     differ by ~1e-3); this check can.

"Relative" is per element for results without cancellation (norms scale
every element of a row by one factor; softmax is a positive ratio) and
relative to the largest magnitude of the expected tensor where a result is a
sum of terms of both signs (layer_norm's + b, rope, GELU after a matmul or
bias), as reference_check.py does for composites.

matmul_bias_gelu.mlir multiplies by an 11008x4096 weight: too large to feed
as MLIR text, so it runs on a copy of its text with K = 4096 -> 64 and
N = 11008 -> 96 (same ops, same types, same transpose_rhs).

attention.mlir keeps its sizes (32 query heads on 8 key/value heads, head
dim 128): batch and sequence are the dynamic dims, 1 or 3 each.

Every file in examples/ must have an entry in EXAMPLES and every entry a
file: an example without a check, or a stale check, is an error.

On a mismatch it prints the example, the program (and its fused form), the
inputs (truncated) and the results (unfused, fused, expected) around the
first differing elements, and exits 1. The last line is
`examples-check: N passed, M failed` (one per example and dynamic size).
"""

import argparse
import concurrent.futures
import math
import os
import random
import re
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))

FUSION_PIPELINE = "--molten-fusion-pipeline"
TOKENS = (1, 3)  # the dynamic dimension: one row, a few rows

# ---------------------------------------------------------------------------
# Tolerances.
# ---------------------------------------------------------------------------

F32_RTOL = 1e-5          # native f32 results vs float64 math
F32_FUSED_RTOL = 1e-6    # fused vs unfused, f32 results
F64_RTOL = 1e-12         # f64-mode unfused program vs float64 math
F64_FUSED_RTOL = 1e-6    # f64-mode fused program (f32 constants) vs math
BF16_U = 2.0 ** -8       # unit roundoff of bf16 (8 significant bits)
ELEMENT, TENSOR = "element", "tensor"

# ---------------------------------------------------------------------------
# Hand-computed references: float64, from each example's documented formula.
# A tensor is (shape, flat row-major list); inputs come in argument order.
# ---------------------------------------------------------------------------


def rows(t):
    """The last-dimension rows of t, as lists."""
    shape, data = t
    n = shape[-1]
    return [data[i:i + n] for i in range(0, len(data), n)]


def ref_rms_norm(x, w, eps=1e-5):
    # y = x / sqrt(mean(x^2, dim=-1) + eps) * w
    out = []
    for r in rows(x):
        denom = math.sqrt(sum(v * v for v in r) / len(r) + eps)
        out += [v / denom * wi for v, wi in zip(r, w[1])]
    return (list(x[0]), out)


def ref_rms_norm_raw(x, w, eps=1e-5):
    # y = x * rsqrt(mean(x * x, dim=-1, keepdim) + eps) * w
    out = []
    for r in rows(x):
        inv = 1.0 / math.sqrt(sum(v * v for v in r) / len(r) + eps)
        out += [v * inv * wi for v, wi in zip(r, w[1])]
    return (list(x[0]), out)


def ref_softmax(x):
    # y = exp(x - max(x)) / sum(exp(x - max(x))), dim=-1
    out = []
    for r in rows(x):
        m = max(r)
        e = [math.exp(v - m) for v in r]
        s = sum(e)
        out += [v / s for v in e]
    return (list(x[0]), out)


def ref_layer_norm(x, w, b, eps=1e-5):
    # y = (x - mean(x)) / sqrt(var(x) + eps) * w + b, biased variance
    out = []
    for r in rows(x):
        n = len(r)
        mean = sum(r) / n
        var = sum((v - mean) ** 2 for v in r) / n
        sd = math.sqrt(var + eps)
        out += [(v - mean) / sd * wi + bi
                for v, wi, bi in zip(r, w[1], b[1])]
    return (list(x[0]), out)


def gelu_tanh(v):
    # 0.5 * v * (1 + tanh(sqrt(2/pi) * (v + 0.044715 * v^3)))
    return 0.5 * v * (1.0 + math.tanh(math.sqrt(2.0 / math.pi)
                                      * (v + 0.044715 * v ** 3)))


def gelu_erf(v):
    # 0.5 * v * (1 + erf(v / sqrt(2)))
    return 0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0)))


def ref_gelu_bias(x, b):
    # y = gelu_tanh(x + b), b broadcast over the tokens
    out = []
    for r in rows(x):
        out += [gelu_tanh(v + bi) for v, bi in zip(r, b[1])]
    return (list(x[0]), out)


def ref_residual_rms_norm(x, r, w, eps=1e-5):
    # h = x + r; y = h / sqrt(mean(h^2, dim=-1) + eps) * w; returns (h, y)
    h = (list(x[0]), [a + c for a, c in zip(x[1], r[1])])
    return [h, ref_rms_norm(h, w, eps)]


def ref_rms_norm_silu_gate(x, gate, w, eps=1e-5):
    # y = silu(gate) * rms_norm(x, w); silu(g) = g * sigmoid(g)
    n = ref_rms_norm(x, w, eps)
    silu = [g / (1.0 + math.exp(-g)) for g in gate[1]]
    return (list(x[0]), [s * v for s, v in zip(silu, n[1])])


def ref_rope(x, cos, sin):
    # y = x * cos + rotate_half(x) * sin,
    # rotate_half(x) = concat(-x[..., D/2:], x[..., :D/2]);
    # x: [T, H, D], cos/sin: [T, 1, D] broadcast over the heads.
    t, h, d = x[0]
    out = []
    for ti in range(t):
        c = cos[1][ti * d:(ti + 1) * d]
        s = sin[1][ti * d:(ti + 1) * d]
        for hi in range(h):
            r = x[1][(ti * h + hi) * d:(ti * h + hi + 1) * d]
            rot = [-v for v in r[d // 2:]] + r[:d // 2]
            out += [v * ci + q * si for v, ci, q, si in zip(r, c, rot, s)]
    return (list(x[0]), out)


def ref_matmul_bias_gelu(x, w, b):
    # y = gelu_erf(x @ W^T + b); W is [N, K] (nn.Linear layout)
    (t, k), (n, k2) = x[0], w[0]
    assert k == k2
    out = []
    for i in range(t):
        xr = x[1][i * k:(i + 1) * k]
        for j in range(n):
            wr = w[1][j * k:(j + 1) * k]
            out.append(gelu_erf(sum(a * c for a, c in zip(xr, wr)) + b[1][j]))
    return ([t, n], out)


def ref_attention(q, k, v):
    # o = softmax(q @ k^T * scale + causal_mask) @ v, scale = 1 / sqrt(D);
    # q: [B, Hq, S, D], k: [B, Hkv, Skv, D], v: [B, Hkv, Skv, Dv]; query
    # head h reads key/value head h // (Hq / Hkv) (k and v repeated per
    # group, as repeat_interleave); causal: query i sees keys j <= i.
    (b, hq, sq, d), (_, hkv, skv, _), dv = q[0], k[0], v[0][-1]
    group = hq // hkv
    scale = 1.0 / math.sqrt(d)

    def row(t, n, bi, h, i):
        shape = t[0]
        at = ((bi * shape[1] + h) * shape[2] + i) * n
        return t[1][at:at + n]

    out = []
    for bi in range(b):
        for h in range(hq):
            g = h // group
            keys = [row(k, d, bi, g, j) for j in range(skv)]
            values = [row(v, dv, bi, g, j) for j in range(skv)]
            for i in range(sq):
                qr = row(q, d, bi, h, i)
                seen = range(min(i + 1, skv))
                s = [scale * sum(a * c for a, c in zip(qr, keys[j]))
                     for j in seen]
                m = max(s)
                e = [math.exp(x - m) for x in s]
                total = sum(e)
                out += [sum(e[j] * values[j][c] for j in seen) / total
                        for c in range(dv)]
    return ([b, hq, sq, dv], out)


# ---------------------------------------------------------------------------
# The table: every example file -> its check.
#
# Per result: (mode, k). For f32 results k is unused (F32_RTOL); for bf16
# results the tolerance against the float64 math is k * 2^-8, reasoned from
# the bf16 roundings the program does (each rounding to nearest bf16 is off by
# at most u = 2^-8 relative; the f32 arithmetic between roundings adds ~1e-6,
# covered by the slack in k):
#
#   gelu_bias          h = bf16(x + b): u|h|; y = bf16(gelu(h)): |gelu'| <=
#                      1.13, so <= 1.13 u|h| + u|y|; relative to max|y|
#                      (~max|h|): 2.13 u -> k = 3 (0.0117).
#   residual_rms_norm  h: one rounding of an exact sum -> k = 1 per element.
#                      y: h is off by u per element, its rms by u, the output
#                      rounding u: 3 u per element -> k = 3.5 (0.0137).
#   rms_norm_silu_gate bf16(rms_norm(x)) u, bf16(silu(gate)) u, bf16 of their
#                      product u: 3 u per element -> k = 3.5 (0.0137).
#   rope               one rounding of x*cos + rot*sin (f32 inside): u of the
#                      element, but the two products cancel, so relative to
#                      max|y| -> k = 1.5 (0.0059).
#   matmul_bias_gelu   bf16(x @ W^T) u|mm|, bf16(+ b) u|h| (+ u|mm|),
#                      bf16(gelu) 1.13 (2u) + u: 3.3 u of max|y| -> k = 4
#                      (0.0156); all within the 2e-2 of a multi-op bf16 program.
#   attention          scores, softmax and p @ v in f32 (~1e-6), one rounding
#                      of the result: u of the element; v has both signs, so
#                      relative to max|o| -> k = 1.5 (0.0059), as rope.
# ---------------------------------------------------------------------------


def shrink_matmul(text):
    """K = 4096 -> 64, N = 11008 -> 96: the 11008x4096 weight is too big to
    feed as MLIR text."""
    small = text.replace("11008", "96").replace("4096", "64")
    assert "4096" not in small and "11008" not in small
    return small


class Example:
    def __init__(self, reference, results, ranges=None, transform=None,
                 make_inputs=None):
        self.reference = reference   # (tensors...) -> result or [results]
        self.results = results       # [(mode, k)] per result
        self.ranges = ranges or {}   # argument index -> (lo, hi)
        self.transform = transform   # program text -> program text to run
        self.make_inputs = make_inputs


def rope_inputs(shapes, rng, round_to):
    """x uniform in [-2, 2]; cos/sin of real rotary angles (position p of a
    random start, inverse frequencies 10000^(-2i/D), i < D/2, repeated)."""
    (xs, xt), (cs, ct), (ss, st) = shapes
    t, _, d = cs
    start = rng.randint(0, 2000)
    angles = [(start + ti) * 10000.0 ** (-2.0 * (i % (d // 2)) / d)
              for ti in range(t) for i in range(d)]
    x = [round_to(rng.uniform(-2.0, 2.0), xt) for _ in range(numel(xs))]
    return [(xs, xt, x),
            (cs, ct, [round_to(math.cos(a), ct) for a in angles]),
            (ss, st, [round_to(math.sin(a), st) for a in angles])]


EXAMPLES = {
    "rms_norm": Example(ref_rms_norm, [(ELEMENT, None)]),
    "rms_norm_raw": Example(ref_rms_norm_raw, [(ELEMENT, None)]),
    "softmax": Example(ref_softmax, [(ELEMENT, None)],
                       ranges={0: (-8.0, 8.0)}),
    "layer_norm": Example(ref_layer_norm, [(TENSOR, None)],
                          ranges={0: (-3.0, 5.0)}),
    "gelu_bias": Example(ref_gelu_bias, [(TENSOR, 3)]),
    "residual_rms_norm": Example(ref_residual_rms_norm,
                                 [(ELEMENT, 1), (ELEMENT, 3.5)]),
    "rms_norm_silu_gate": Example(ref_rms_norm_silu_gate, [(ELEMENT, 3.5)],
                                  ranges={1: (-6.0, 6.0)}),
    "rope": Example(ref_rope, [(TENSOR, 1.5)], make_inputs=rope_inputs),
    "matmul_bias_gelu": Example(ref_matmul_bias_gelu, [(TENSOR, 4)],
                                ranges={0: (-1.0, 1.0), 1: (-0.5, 0.5)},
                                transform=shrink_matmul),
    "attention": Example(ref_attention, [(TENSOR, 1.5)]),
}

# ---------------------------------------------------------------------------
# Inputs.
# ---------------------------------------------------------------------------


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def make_inputs(ex, arg_types, tokens, rng, ref):
    shapes = []
    for t in arg_types:
        shape, etype = ref.parse_tensor_type(t)
        shapes.append(([tokens if d is None else d for d in shape], etype))
    if ex.make_inputs:
        return ex.make_inputs(shapes, rng, ref.round_to)
    inputs = []
    for i, (shape, etype) in enumerate(shapes):
        lo, hi = ex.ranges.get(i, (-2.0, 2.0))
        inputs.append((shape, etype, [ref.round_to(rng.uniform(lo, hi), etype)
                                      for _ in range(numel(shape))]))
    return inputs


# ---------------------------------------------------------------------------
# Comparing.
# ---------------------------------------------------------------------------


def bf16_ordinal(v):
    """An integer that counts bf16 values in order (+0 and -0 both 0)."""
    bits = struct.unpack("<I", struct.pack("<f", v))[0]
    assert bits & 0xFFFF == 0, f"{v!r} is not a bf16 value"
    mag = (bits >> 16) & 0x7FFF
    return -mag if bits >> 31 else mag


def nonfinite_mismatch(g, w):
    if math.isnan(g) or math.isnan(w):
        return not (math.isnan(g) and math.isnan(w))
    if math.isinf(g) or math.isinf(w):
        return g != w
    return None


def compare_close(got, want, rtol, mode):
    """Indices where |got - want| > rtol * max(|want|, scale), scale the
    largest finite |want| in TENSOR mode and 0 in ELEMENT mode."""
    scale = 0.0
    if mode == TENSOR:
        scale = max((abs(w) for w in want if math.isfinite(w)), default=0.0)
    bad = []
    for j, (g, w) in enumerate(zip(got, want)):
        if g == w:
            continue
        nf = nonfinite_mismatch(g, w)
        if nf is None:
            nf = abs(g - w) > rtol * max(abs(w), scale)
        if nf:
            bad.append(j)
    return bad


def max_error(got, want, mode):
    scale = 0.0
    if mode == TENSOR:
        scale = max((abs(w) for w in want if math.isfinite(w)), default=0.0)
    worst = 0.0
    for g, w in zip(got, want):
        if g != w and math.isfinite(g) and math.isfinite(w):
            d = max(abs(w), scale)
            worst = max(worst, abs(g - w) / d if d else math.inf)
    return worst


def compare_ulps(got, want, max_ulps):
    """Indices where two bf16 results are more than max_ulps apart."""
    bad = []
    for j, (g, w) in enumerate(zip(got, want)):
        if g == w:
            continue
        nf = nonfinite_mismatch(g, w)
        if nf is None:
            nf = abs(bf16_ordinal(g) - bf16_ordinal(w)) > max_ulps
        if nf:
            bad.append(j)
    return bad


def max_ulps(got, want):
    return max((abs(bf16_ordinal(g) - bf16_ordinal(w))
                for g, w in zip(got, want)
                if math.isfinite(g) and math.isfinite(w)), default=0)


# ---------------------------------------------------------------------------
# Running.
# ---------------------------------------------------------------------------


def split_functions(text):
    """{name: function text} of molten-opt's printed module."""
    funcs, name, lines = {}, None, []
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


def fmt(values, limit=12):
    head = ", ".join("%.9g" % v for v in values[:limit])
    more = f", ... ({len(values)} values)" if len(values) > limit else ""
    return "[" + head + more + "]"


class Case:
    """One example at one dynamic size."""

    def __init__(self, name, ex, text, fused_text, tokens, inputs):
        self.name, self.ex, self.tokens = name, ex, tokens
        self.text, self.fused_text, self.inputs = text, fused_text, inputs
        self.outputs = {}  # (fused, f64) -> results
        self.problems = []
        self.stats = []

    def expected(self):
        tensors = [(shape, [float(v) for v in values])
                   for shape, _, values in self.inputs]
        want = self.ex.reference(*tensors)
        return want if isinstance(want, list) else [want]

    def report(self):
        out = ["=" * 78,
               f"FAIL {self.name}.mlir, dynamic dim {self.tokens}:"]
        out += ["  " + p for p in self.problems]
        out += ["--- program", self.text.rstrip(),
                f"--- after {FUSION_PIPELINE}", self.fused_text.rstrip(),
                "--- inputs"]
        for i, (shape, etype, values) in enumerate(self.inputs):
            out.append(f"  #{i} {etype}{shape}: {fmt(values)}")
        want = self.expected()
        for i, (shape, w) in enumerate(want):
            out.append(f"--- result #{i} {shape}")
            out.append(f"  expected (float64 math): {fmt(w)}")
            for key in sorted(self.outputs):
                fused, f64 = key
                got = self.outputs[key][i][1]
                label = ("fused" if fused else "unfused") + \
                    (" f64-mode" if f64 else "")
                out.append(f"  {label + ':':24} {fmt(got)}")
        print("\n".join(out), flush=True)


def check(case, ref):
    want = case.expected()
    result_types = ref.parse_signature(case.text, case.name)[1]
    for (fused, f64), outs in sorted(case.outputs.items()):
        label = ("fused" if fused else "unfused") + (" f64-mode" if f64
                                                       else "")
        if len(outs) != len(want):
            case.problems.append(f"{label}: {len(outs)} results, expected "
                                 f"{len(want)}")
            continue
        for i, ((gshape, got), (wshape, w), (mode, k), rtype) in enumerate(
                zip(outs, want, case.ex.results, result_types)):
            etype = ref.parse_tensor_type(rtype)[1]
            if list(gshape) != list(wshape):
                case.problems.append(f"{label} result #{i}: shape {gshape}, "
                                     f"expected {wshape}")
                continue
            if f64:
                rtol = F64_FUSED_RTOL if fused else F64_RTOL
            elif etype == "bf16":
                rtol = k * BF16_U
            else:
                assert etype == "f32", etype
                rtol = F32_RTOL
            bad = compare_close(got, w, rtol, mode)
            err = max_error(got, w, mode)
            case.stats.append(f"{label} #{i} vs math: {err:.2e} "
                              f"(tol {rtol:.2e} {mode})")
            if bad:
                case.problems.append(
                    f"{label} result #{i} vs float64 math: {len(bad)} of "
                    f"{len(w)} elements beyond rtol {rtol:g} ({mode}), max "
                    f"error {err:.3g}; first at {bad[:5]}: "
                    + "; ".join(f"[{j}] got {got[j]!r} expected {w[j]!r}"
                                for j in bad[:5]))
    # Fused vs unfused, native mode.
    unf, fus = case.outputs[(False, False)], case.outputs[(True, False)]
    for i, ((ushape, u), (fshape, f), (mode, _), rtype) in enumerate(
            zip(unf, fus, case.ex.results, result_types)):
        etype = ref.parse_tensor_type(rtype)[1]
        if list(ushape) != list(fshape):
            case.problems.append(f"result #{i}: fused shape {fshape}, "
                                 f"unfused {ushape}")
            continue
        if etype == "bf16":
            bad = compare_ulps(f, u, 1)
            case.stats.append(f"fused-unfused #{i}: {max_ulps(f, u)} bf16 "
                              f"ulp, {sum(a != b for a, b in zip(f, u))} "
                              f"elements differ")
            what = "more than 1 bf16 ulp apart"
        else:
            bad = compare_close(f, u, F32_FUSED_RTOL, mode)
            case.stats.append(f"fused-unfused #{i}: {max_error(f, u, mode):.2e}"
                              f" (tol {F32_FUSED_RTOL:.0e} {mode})")
            what = f"beyond rtol {F32_FUSED_RTOL:g} ({mode})"
        if bad:
            case.problems.append(
                f"fused vs unfused result #{i}: {len(bad)} of {len(u)} "
                f"elements {what}; first at {bad[:5]}: "
                + "; ".join(f"[{j}] unfused {u[j]!r} fused {f[j]!r}"
                            for j in bad[:5]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tools-dir", required=True, help="holds molten-opt")
    ap.add_argument("--examples", default=os.path.join(SRC_ROOT, "examples"))
    ap.add_argument("--scripts", default=os.path.join(SRC_ROOT, "scripts"),
                    help="directory of molten_reference.py")
    ap.add_argument("--llvm-dir")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print the errors of every case")
    args = ap.parse_args()
    sys.path.insert(0, args.scripts)
    import molten_reference as ref
    start = time.time()

    # Every example has a check, every check an example.
    files = sorted(f[:-len(".mlir")] for f in os.listdir(args.examples)
                   if f.endswith(".mlir"))
    missing = [f for f in files if f not in EXAMPLES]
    stale = [n for n in EXAMPLES if n not in files]
    if missing or stale or not files:
        for f in missing:
            print(f"error: examples/{f}.mlir has no check: add it to "
                  f"EXAMPLES in {os.path.basename(__file__)}")
        for n in stale:
            print(f"error: EXAMPLES has a check for {n!r} but there is no "
                  f"examples/{n}.mlir")
        if not files:
            print(f"error: no .mlir files in {args.examples}")
        print(f"examples-check: 0 passed, {len(missing) + len(stale)} failed")
        return 1

    # The programs (one module), and their fused forms (one molten-opt).
    texts = {}
    for name in files:
        with open(os.path.join(args.examples, name + ".mlir")) as f:
            text = f.read()
        ex = EXAMPLES[name]
        if ex.transform:
            text = ex.transform(text)
        if ref.parse_signature(text, name) is None:
            print(f"error: examples/{name}.mlir has no func.func @{name}")
            print(f"examples-check: 0 passed, 1 failed")
            return 1
        texts[name] = text
    module = "\n".join(texts[n] for n in files)
    molten_opt = ref.find_molten_opt(args.tools_dir)
    proc = subprocess.run([molten_opt, FUSION_PIPELINE, "-"], input=module,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"molten-opt {FUSION_PIPELINE} failed:\n{proc.stderr}\n"
              f"--- program\n{module}")
        print(f"examples-check: 0 passed, {len(files)} failed")
        return 1
    fused_funcs = split_functions(proc.stdout)

    rng = random.Random(args.seed)
    cases = []
    for name in files:
        fused_text = fused_funcs.get(name, "")
        for tokens in TOKENS:
            arg_types = ref.parse_signature(texts[name], name)[0]
            inputs = make_inputs(EXAMPLES[name], arg_types, tokens, rng, ref)
            case = Case(name, EXAMPLES[name], texts[name], fused_text,
                        tokens, inputs)
            if "molten.fused" not in fused_text:
                case.problems.append(f"after {FUSION_PIPELINE}, @{name} "
                                     f"holds no molten.fused region")
            cases.append(case)

    # Four runs, one mlir-runner process each: {unfused, fused} x
    # {native, f64}; every case of every example in each.
    unfused_module = module
    fused_module = "\n".join(fused_funcs[n] for n in files
                             if n in fused_funcs)
    calls = [(c.name, c.inputs) for c in cases]

    def run(key):
        fused, f64 = key
        return key, ref.run_many(fused_module if fused else unfused_module,
                                 calls, f64=f64, tools_dir=args.tools_dir,
                                 llvm_dir=args.llvm_dir)

    keys = [(False, False), (True, False), (False, True), (True, True)]
    errors = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for fut in [pool.submit(run, k) for k in keys]:
            try:
                key, outputs = fut.result()
            except Exception as e:  # a crash or a diagnostic
                errors.append(f"{type(e).__name__}: {e}")
                continue
            for case, outs in zip(cases, outputs):
                case.outputs[key] = outs
    if errors:
        print("\n".join(errors))
        print(f"--- program\n{unfused_module}\n--- after {FUSION_PIPELINE}\n"
              f"{fused_module}")
        print(f"examples-check: 0 passed, {len(cases)} failed")
        return 1

    passed = failed = 0
    for case in cases:
        if not case.problems:
            check(case, ref)
        if args.verbose:
            print(f"{case.name} [T={case.tokens}]: " + "; ".join(case.stats))
        if case.problems:
            failed += 1
            case.report()
        else:
            passed += 1
    print(f"examples-check: {time.time() - start:.1f} s")
    print(f"examples-check: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
