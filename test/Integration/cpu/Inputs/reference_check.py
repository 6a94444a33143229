#!/usr/bin/env python3
"""Checks the CPU reference path (convert-molten-to-linalg + mlir-runner)
against an independent pure-Python float64 computation of every op.

Each case is one small molten function, its inputs and a Python reference
written from the op's documented formula. All cases run in one module per
mode (one molten-opt and one mlir-runner process each):

* f32 mode: results must match to a relative tolerance of 1e-5; f16/bf16
  results to one bf16 rounding (2^-8 relative).
* f64 mode (convert-molten-to-linalg=f64): every case again, to 1e-12, with
  nothing rounded to f32/bf16 in between (a cast is the identity).

Elementwise results are compared element by element. Reductions, composites
and matmul, whose f32 error grows with the magnitude of the terms rather than
of each result, are compared relative to the largest magnitude in the result
tensor (as torch.allclose with atol = rtol * max|expected|). Data movement,
casts, comparisons and max/min are exact.

On a mismatch the op, its inputs and both results are printed; the exit
status is 1.
"""

import argparse
import itertools
import math
import random
import sys

NAN = float("nan")

# ---------------------------------------------------------------------------
# A tiny tensor library: a tensor is (shape, flat row-major list).
# ---------------------------------------------------------------------------


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def all_indices(shape):
    return itertools.product(*(range(d) for d in shape))


def flat_index(shape, idx):
    f = 0
    for d, i in zip(shape, idx):
        f = f * d + i
    return f


def broadcast_shape(*shapes):
    rank = max(len(s) for s in shapes)
    out = []
    for i in range(rank):
        dims = {s[i - (rank - len(s))] for s in shapes if i >= rank - len(s)}
        dims.discard(1)
        assert len(dims) <= 1, shapes
        out.append(dims.pop() if dims else 1)
    return out


def read(t, out_idx):
    """The element of t that broadcasting puts at out_idx."""
    shape, data = t
    lead = len(out_idx) - len(shape)
    idx = [0 if shape[i] == 1 else out_idx[lead + i] for i in range(len(shape))]
    return data[flat_index(shape, idx)]


def elementwise(f, *ts):
    shape = broadcast_shape(*(t[0] for t in ts))
    return shape, [f(*(read(t, idx) for t in ts)) for idx in all_indices(shape)]


def reduce(t, dims, keepdim, f):
    """Applies f to the list of elements over `dims` for each kept index."""
    shape, data = t
    kept = [d for d in range(len(shape)) if d not in dims]
    out_shape = [1 if d in dims else shape[d]
                 for d in range(len(shape)) if keepdim or d not in dims]
    out = []
    for kidx in all_indices([shape[d] for d in kept]):
        values = []
        for ridx in all_indices([shape[d] for d in dims]):
            idx = [0] * len(shape)
            for d, i in zip(kept, kidx):
                idx[d] = i
            for d, i in zip(dims, ridx):
                idx[d] = i
            values.append(data[flat_index(shape, idx)])
        out.append(f(values))
    return out_shape, out


def along_axis(t, axis, f):
    """Replaces every row along `axis` by f(row) (a list of the same
    length)."""
    shape, data = t
    out = list(data)
    others = [d for d in range(len(shape)) if d != axis]
    for oidx in all_indices([shape[d] for d in others]):
        positions = []
        for i in range(shape[axis]):
            idx = [0] * len(shape)
            for d, j in zip(others, oidx):
                idx[d] = j
            idx[axis] = i
            positions.append(flat_index(shape, idx))
        for p, v in zip(positions, f([data[p] for p in positions])):
            out[p] = v
    return list(shape), out


# Scalar semantics, written from the op descriptions.

def fmax(a, b):  # NaN-propagating, like torch.maximum
    return NAN if math.isnan(a) or math.isnan(b) else max(a, b)


def fmin(a, b):
    return NAN if math.isnan(a) or math.isnan(b) else min(a, b)


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def gelu(x):
    return x * 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + math.tanh(math.sqrt(2.0 / math.pi)
                                      * (x + 0.044715 * x ** 3)))


def clamp(lo, hi):
    return lambda x: x if math.isnan(x) else min(max(x, lo), hi)


def compare(pred):
    ops = {"lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
           "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
           "eq": lambda a, b: a == b, "ne": lambda a, b: a != b}
    # Python's comparisons are IEEE: false with NaN, except != (true).
    return lambda a, b: 1.0 if ops[pred](a, b) else 0.0


def rms_norm(t, w, eps=1e-6, axis=-1):
    axis %= len(t[0])

    def row(xs):
        rms = math.sqrt(sum(x * x for x in xs) / len(xs) + eps)
        return [x / rms * wi for x, wi in zip(xs, w[1])]
    return along_axis(t, axis, row)


def layer_norm(t, w=None, b=None, eps=1e-5, axis=-1):
    axis %= len(t[0])

    def row(xs):
        n = len(xs)
        mean = sum(xs) / n
        var = sum((x - mean) ** 2 for x in xs) / n
        ys = [(x - mean) / math.sqrt(var + eps) for x in xs]
        if w:
            ys = [y * wi for y, wi in zip(ys, w[1])]
        if b:
            ys = [y + bi for y, bi in zip(ys, b[1])]
        return ys
    return along_axis(t, axis, row)


def softmax(t, axis=-1):
    axis %= len(t[0])

    def row(xs):
        m = max(xs)
        es = [math.exp(x - m) for x in xs]
        s = sum(es)
        return [e / s for e in es]
    return along_axis(t, axis, row)


def rope(x, cos, sin, mode):
    shape = x[0]
    d = shape[-1]
    out = []
    for idx in all_indices(shape):
        i = idx[-1]
        if mode == "rotate_half":
            partner, sign = (i + d // 2, -1.0) if i < d // 2 else (i - d // 2, 1.0)
        else:
            partner, sign = (i + 1, -1.0) if i % 2 == 0 else (i - 1, 1.0)
        rotated = sign * x[1][flat_index(shape, list(idx[:-1]) + [partner])]
        out.append(x[1][flat_index(shape, idx)] * read(cos, idx)
                   + rotated * read(sin, idx))
    return list(shape), out


def matmul(a, b, transpose_rhs=False):
    ashape, bshape = a[0], b[0]
    batch = ashape[:-2]
    m, k = ashape[-2:]
    n = bshape[-2] if transpose_rhs else bshape[-1]
    out = []
    for bidx in all_indices(batch):
        rb = list(bidx) if len(bshape) == len(ashape) else []
        for i in range(m):
            for j in range(n):
                acc = 0.0
                for p in range(k):
                    bi = rb + ([j, p] if transpose_rhs else [p, j])
                    acc += (a[1][flat_index(ashape, list(bidx) + [i, p])]
                            * b[1][flat_index(bshape, bi)])
                out.append(acc)
    return list(batch) + [m, n], out


def transpose(t, perm):
    shape, data = t
    out_shape = [shape[p] for p in perm]
    out = []
    for idx in all_indices(out_shape):
        src = [0] * len(shape)
        for i, p in enumerate(perm):
            src[p] = idx[i]
        out.append(data[flat_index(shape, src)])
    return out_shape, out


def slice_(t, offsets, sizes, strides):
    shape, data = t
    sizes = [shape[d] if s == -1 else s for d, s in enumerate(sizes)]
    out = [data[flat_index(shape, [o + i * s for o, i, s in
                                   zip(offsets, idx, strides)])]
           for idx in all_indices(sizes)]
    return sizes, out


def concat(ts, dim):
    shape = list(ts[0][0])
    shape[dim] = sum(t[0][dim] for t in ts)
    out = []
    for idx in all_indices(shape):
        i = idx[dim]
        for t in ts:
            if i < t[0][dim]:
                src = list(idx)
                src[dim] = i
                out.append(t[1][flat_index(t[0], src)])
                break
            i -= t[0][dim]
    return shape, out


# ---------------------------------------------------------------------------
# Cases.
# ---------------------------------------------------------------------------

EXACT, ELEMENT, TENSOR = "exact", "element", "tensor"


class Case:
    """One molten function, its inputs and its Python reference.

    `reference(tensors, f64)` returns the expected results as (shape, flat
    values); `tensors` are the inputs as (shape, values). `compare` is EXACT,
    ELEMENT (relative per element) or TENSOR (relative to the largest result
    magnitude)."""

    def __init__(self, name, text, inputs, reference, compare=ELEMENT):
        self.name, self.text, self.inputs = name, text, inputs
        self.reference, self.compare = reference, compare


class Builder:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cases = []
        self.round_to = None  # set from molten_reference

    def values(self, shape, etype="f32", lo=-2.0, hi=2.0):
        return [self.round_to(self.rng.uniform(lo, hi), etype)
                for _ in range(numel(shape))]

    def add(self, name, text, inputs, reference, compare=ELEMENT):
        # Prefixed: a function named like a libm function (pow, exp, erf)
        # would clash with the declarations that convert-math-to-libm adds.
        name = "check_" + name
        text = text.replace("func.func @", "func.func @check_", 1)
        self.cases.append(Case(name, text, inputs, reference, compare))


def ttype(shape, etype):
    return "tensor<" + "".join(
        ("?" if d is None else str(d)) + "x" for d in shape) + etype + ">"


def build_cases(b, round_to):
    b.round_to = round_to
    bf16 = lambda v: round_to(v, "bf16")

    # -- Elementwise unary, 3x7 (odd sizes), f32. ---------------------------
    unary = [
        ("neg", "", lambda x: -x, None),
        ("abs", "", abs, None),
        ("exp", "", math.exp, None),
        ("log", "", math.log, (0.1, 2.0)),
        ("sqrt", "", math.sqrt, (0.1, 2.0)),
        ("rsqrt", "", lambda x: 1.0 / math.sqrt(x), (0.1, 2.0)),
        ("tanh", "", math.tanh, None),
        ("sigmoid", "", sigmoid, None),
        ("relu", "", lambda x: x if math.isnan(x) else max(x, 0.0), None),
        ("silu", "", lambda x: x * sigmoid(x), None),
        ("erf", "", math.erf, None),
        ("gelu", "", gelu, None),
        ("gelu", " approximate = tanh", gelu_tanh, None),
        ("clamp", " min = -5.000000e-01 max = 1.250000e+00",
         clamp(-0.5, 1.25), None),
    ]
    for i, (op, attrs, f, rng) in enumerate(unary):
        x = b.values([3, 7], lo=rng[0], hi=rng[1]) if rng else b.values([3, 7])
        if op in ("relu", "clamp", "abs", "neg"):
            x[4] = NAN  # NaN stays NaN
        T = ttype([3, 7], "f32")
        b.add(f"{op}{i}", f"""
  func.func @{op}{i}(%x: {T}) -> {T} {{
    %y = molten.{op} %x{attrs} : {T}
    return %y : {T}
  }}""", [([3, 7], "f32", x)],
              lambda t, f64, f=f: [elementwise(f, t[0])])

    # -- Elementwise binary with broadcasting. -------------------------------
    binary = [
        ("add", [3, 7], [7], lambda a, c: a + c),
        ("sub", [3, 1], [1, 7], lambda a, c: a - c),
        ("mul", [3, 7], [], lambda a, c: a * c),
        ("div", [3, 7], [3, 7], lambda a, c: a / c),
        ("max", [3, 7], [7], fmax),
        ("min", [3, 7], [3, 1], fmin),
        ("pow", [3, 7], [7], lambda a, c: a ** c),
    ]
    for op, ls, rs, f in binary:
        lhs = b.values(ls, lo=0.1) if op == "pow" else b.values(ls)
        rhs = b.values(rs)
        if op == "max":
            lhs[2] = NAN
        if op == "min":
            rhs[1] = NAN
        LT, RT = ttype(ls, "f32"), ttype(rs, "f32")
        OT = ttype(broadcast_shape(ls, rs), "f32")
        b.add(op, f"""
  func.func @{op}(%a: {LT}, %b: {RT}) -> {OT} {{
    %y = molten.{op} %a, %b : {LT}, {RT}
    return %y : {OT}
  }}""", [(ls, "f32", lhs), (rs, "f32", rhs)],
              lambda t, f64, f=f: [elementwise(f, t[0], t[1])],
              EXACT if op in ("max", "min") else ELEMENT)

    # A dynamic dim against a static one: [?, 7] + [?, 1] (the 1 expands).
    b.add("add_dynamic", """
  func.func @add_dynamic(%a: tensor<?x7xf32>, %b: tensor<?x1xf32>) -> tensor<?x7xf32> {
    %y = molten.add %a, %b : tensor<?x7xf32>, tensor<?x1xf32>
    return %y : tensor<?x7xf32>
  }""", [([5, 7], "f32", b.values([5, 7])), ([5, 1], "f32", b.values([5, 1]))],
          lambda t, f64: [elementwise(lambda a, c: a + c, t[0], t[1])])

    # -- compare (with NaN and ties) and select. ------------------------------
    lhs, rhs = b.values([3, 7]), b.values([7])
    lhs[3] = NAN
    for j in (0, 5):
        lhs[7 + j] = rhs[j]  # ties in row 1
    for pred in ("lt", "le", "gt", "ge", "eq", "ne"):
        b.add(f"compare_{pred}", f"""
  func.func @compare_{pred}(%a: tensor<3x7xf32>, %b: tensor<7xf32>) -> tensor<3x7xi1> {{
    %m = molten.compare {pred}, %a, %b : tensor<3x7xf32>, tensor<7xf32>
    return %m : tensor<3x7xi1>
  }}""", [([3, 7], "f32", lhs), ([7], "f32", rhs)],
              lambda t, f64, p=pred: [elementwise(compare(p), t[0], t[1])],
              EXACT)
    b.add("select", """
  func.func @select(%c: tensor<3x1xi1>, %a: tensor<3x7xf32>, %b: tensor<f32>) -> tensor<3x7xf32> {
    %y = molten.select %c, %a, %b : tensor<3x1xi1>, tensor<3x7xf32>, tensor<f32>
    return %y : tensor<3x7xf32>
  }""", [([3, 1], "i1", [True, False, True]), ([3, 7], "f32", b.values([3, 7])),
         ([], "f32", [0.25])],
          lambda t, f64: [elementwise(lambda c, x, y: x if c else y, *t)], EXACT)

    # -- cast: one rounding to nearest even (identity in f64 mode). ----------
    for src, dst in (("f32", "bf16"), ("f32", "f16"), ("bf16", "f32"),
                     ("bf16", "f16"), ("f16", "bf16")):
        vals = b.values([3, 7], src, -300.0, 300.0)
        ST, DT = ttype([3, 7], src), ttype([3, 7], dst)
        b.add(f"cast_{src}_{dst}", f"""
  func.func @cast_{src}_{dst}(%x: {ST}) -> {DT} {{
    %y = molten.cast %x : {ST} to {DT}
    return %y : {DT}
  }}""", [([3, 7], src, vals)],
              lambda t, f64, dst=dst: [elementwise(
                  (lambda x: x) if f64 else (lambda x: round_to(x, dst)),
                  t[0])], EXACT)

    # -- Reductions. ---------------------------------------------------------
    reductions = [
        ("reduce_sum", [1], False, lambda xs: sum(xs)),
        ("reduce_sum", [0, 1], False, lambda xs: sum(xs)),
        ("reduce_mean", [0], True, lambda xs: sum(xs) / len(xs)),
        ("reduce_max", [1], True,
         lambda xs: NAN if any(map(math.isnan, xs)) else max(xs)),
        ("reduce_min", [0], False,
         lambda xs: NAN if any(map(math.isnan, xs)) else min(xs)),
    ]
    for i, (op, dims, keepdim, f) in enumerate(reductions):
        x = b.values([3, 7])
        if op == "reduce_max":
            x[9] = NAN  # row 1 becomes NaN
        out_shape = reduce(([3, 7], x), dims, keepdim, sum)[0]
        IT, OT = ttype([3, 7], "f32"), ttype(out_shape, "f32")
        kd = " keepdim" if keepdim else ""
        b.add(f"{op}{i}", f"""
  func.func @{op}{i}(%x: {IT}) -> {OT} {{
    %y = molten.{op} %x dims = {dims}{kd} : {IT} -> {OT}
    return %y : {OT}
  }}""", [([3, 7], "f32", x)],
              lambda t, f64, dims=dims, keepdim=keepdim, f=f:
                  [reduce(t[0], dims, keepdim, f)],
              EXACT if op in ("reduce_max", "reduce_min") else TENSOR)
    # The mean over a dynamic dimension divides by the run-time count.
    b.add("reduce_mean_dynamic", """
  func.func @reduce_mean_dynamic(%x: tensor<?x7xf32>) -> tensor<7xf32> {
    %y = molten.reduce_mean %x dims = [0] : tensor<?x7xf32> -> tensor<7xf32>
    return %y : tensor<7xf32>
  }""", [([5, 7], "f32", b.values([5, 7]))],
          lambda t, f64: [reduce(t[0], [0], False, lambda xs: sum(xs) / len(xs))],
          TENSOR)

    # -- Norms, softmax. ------------------------------------------------------
    b.add("rms_norm", """
  func.func @rms_norm(%x: tensor<3x7xf32>, %w: tensor<7xf32>) -> tensor<3x7xf32> {
    %y = molten.rms_norm %x, %w : tensor<3x7xf32>, tensor<7xf32>
    return %y : tensor<3x7xf32>
  }""", [([3, 7], "f32", b.values([3, 7])), ([7], "f32", b.values([7]))],
          lambda t, f64: [rms_norm(t[0], t[1])], TENSOR)
    b.add("rms_norm_one_row", """
  func.func @rms_norm_one_row(%x: tensor<?x8xf32>, %w: tensor<8xf32>) -> tensor<?x8xf32> {
    %y = molten.rms_norm %x, %w eps = 1.000000e-05 : tensor<?x8xf32>, tensor<8xf32>
    return %y : tensor<?x8xf32>
  }""", [([1, 8], "f32", b.values([1, 8])), ([8], "f32", b.values([8]))],
          lambda t, f64: [rms_norm(t[0], t[1], eps=1e-5)], TENSOR)
    b.add("rms_norm_axis0", """
  func.func @rms_norm_axis0(%x: tensor<4x3xf32>, %w: tensor<4xf32>) -> tensor<4x3xf32> {
    %y = molten.rms_norm %x, %w axis = 0 : tensor<4x3xf32>, tensor<4xf32>
    return %y : tensor<4x3xf32>
  }""", [([4, 3], "f32", b.values([4, 3])), ([4], "f32", b.values([4]))],
          lambda t, f64: [rms_norm(t[0], t[1], axis=0)], TENSOR)

    x, w, bias = b.values([3, 7]), b.values([7]), b.values([7])
    for variant, params, ref in (
            ("wb", "weight(%w : tensor<7xf32>) bias(%b : tensor<7xf32>) ",
             lambda t: layer_norm(t[0], t[1], t[2])),
            ("plain", "", lambda t: layer_norm(t[0])),
            ("w", "weight(%w : tensor<7xf32>) ",
             lambda t: layer_norm(t[0], t[1])),
            ("b", "bias(%b : tensor<7xf32>) ",
             lambda t: layer_norm(t[0], None, t[2]))):
        b.add(f"layer_norm_{variant}", f"""
  func.func @layer_norm_{variant}(%x: tensor<3x7xf32>, %w: tensor<7xf32>, %b: tensor<7xf32>) -> tensor<3x7xf32> {{
    %y = molten.layer_norm %x {params}: tensor<3x7xf32>
    return %y : tensor<3x7xf32>
  }}""", [([3, 7], "f32", x), ([7], "f32", w), ([7], "f32", bias)],
              lambda t, f64, ref=ref: [ref(t)], TENSOR)
    b.add("layer_norm_one_row", """
  func.func @layer_norm_one_row(%x: tensor<?x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
    %y = molten.layer_norm %x weight(%w : tensor<8xf32>) bias(%b : tensor<8xf32>) eps = 1.000000e-03 : tensor<?x8xf32>
    return %y : tensor<?x8xf32>
  }""", [([1, 8], "f32", b.values([1, 8])), ([8], "f32", b.values([8])),
         ([8], "f32", b.values([8]))],
          lambda t, f64: [layer_norm(t[0], t[1], t[2], eps=1e-3)], TENSOR)

    # Row 1 is around 1000: exp(1000) overflows, so only the max subtraction
    # gives finite results.
    x = b.values([3, 7])
    x[7:14] = [round_to(1000.0 + v, "f32") for v in b.values([7])]
    b.add("softmax", """
  func.func @softmax(%x: tensor<3x7xf32>) -> tensor<3x7xf32> {
    %y = molten.softmax %x : tensor<3x7xf32>
    return %y : tensor<3x7xf32>
  }""", [([3, 7], "f32", x)], lambda t, f64: [softmax(t[0])], ELEMENT)
    b.add("softmax_axis0_dynamic", """
  func.func @softmax_axis0_dynamic(%x: tensor<?x5xf32>) -> tensor<?x5xf32> {
    %y = molten.softmax %x axis = 0 : tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }""", [([4, 5], "f32", b.values([4, 5]))],
          lambda t, f64: [softmax(t[0], axis=0)], ELEMENT)
    b.add("softmax_one_row", """
  func.func @softmax_one_row(%x: tensor<1x7xf32>) -> tensor<1x7xf32> {
    %y = molten.softmax %x : tensor<1x7xf32>
    return %y : tensor<1x7xf32>
  }""", [([1, 7], "f32", b.values([1, 7]))],
          lambda t, f64: [softmax(t[0])], ELEMENT)

    # -- rope. ---------------------------------------------------------------
    b.add("rope_rotate_half", """
  func.func @rope_rotate_half(%x: tensor<2x3x8xf32>, %c: tensor<2x1x8xf32>, %s: tensor<2x1x8xf32>) -> tensor<2x3x8xf32> {
    %y = molten.rope %x, %c, %s : tensor<2x3x8xf32>, tensor<2x1x8xf32>
    return %y : tensor<2x3x8xf32>
  }""", [([2, 3, 8], "f32", b.values([2, 3, 8])),
         ([2, 1, 8], "f32", b.values([2, 1, 8], lo=-1.0, hi=1.0)),
         ([2, 1, 8], "f32", b.values([2, 1, 8], lo=-1.0, hi=1.0))],
          lambda t, f64: [rope(t[0], t[1], t[2], "rotate_half")], TENSOR)
    b.add("rope_interleaved", """
  func.func @rope_interleaved(%x: tensor<?x6xf32>, %c: tensor<6xf32>, %s: tensor<6xf32>) -> tensor<?x6xf32> {
    %y = molten.rope %x, %c, %s mode = interleaved : tensor<?x6xf32>, tensor<6xf32>
    return %y : tensor<?x6xf32>
  }""", [([3, 6], "f32", b.values([3, 6])),
         ([6], "f32", b.values([6], lo=-1.0, hi=1.0)),
         ([6], "f32", b.values([6], lo=-1.0, hi=1.0))],
          lambda t, f64: [rope(t[0], t[1], t[2], "interleaved")], TENSOR)

    # -- matmul. -------------------------------------------------------------
    for name, ls, rs, tr, os_ in (
            ("matmul", [3, 5], [5, 4], False, [3, 4]),
            ("matmul_batched", [2, 3, 5], [2, 5, 4], False, [2, 3, 4]),
            ("matmul_shared_t", [2, 3, 5], [4, 5], True, [2, 3, 4]),
            ("matmul_batched_t", [2, 3, 5], [2, 4, 5], True, [2, 3, 4]),
            ("matmul_one_row", [1, 5], [5, 7], False, [1, 7])):
        LT, RT, OT = ttype(ls, "f32"), ttype(rs, "f32"), ttype(os_, "f32")
        t_attr = " transpose_rhs" if tr else ""
        b.add(name, f"""
  func.func @{name}(%a: {LT}, %b: {RT}) -> {OT} {{
    %y = molten.matmul %a, %b{t_attr} : {LT}, {RT} -> {OT}
    return %y : {OT}
  }}""", [(ls, "f32", b.values(ls)), (rs, "f32", b.values(rs))],
              lambda t, f64, tr=tr: [matmul(t[0], t[1], tr)], TENSOR)
    b.add("matmul_dynamic_m", """
  func.func @matmul_dynamic_m(%a: tensor<?x5xf32>, %b: tensor<5x4xf32>) -> tensor<?x4xf32> {
    %y = molten.matmul %a, %b : tensor<?x5xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
    return %y : tensor<?x4xf32>
  }""", [([3, 5], "f32", b.values([3, 5])), ([5, 4], "f32", b.values([5, 4]))],
          lambda t, f64: [matmul(t[0], t[1])], TENSOR)

    # -- bf16: compute in f32, one rounding per op. ---------------------------
    b.add("bf16_add", """
  func.func @bf16_add(%a: tensor<3x7xbf16>, %b: tensor<7xbf16>) -> tensor<3x7xbf16> {
    %y = molten.add %a, %b : tensor<3x7xbf16>, tensor<7xbf16>
    return %y : tensor<3x7xbf16>
  }""", [([3, 7], "bf16", b.values([3, 7], "bf16")),
         ([7], "bf16", b.values([7], "bf16"))],
          lambda t, f64: [elementwise(lambda a, c: a + c, t[0], t[1])])
    b.add("bf16_gelu", """
  func.func @bf16_gelu(%x: tensor<3x7xbf16>) -> tensor<3x7xbf16> {
    %y = molten.gelu %x : tensor<3x7xbf16>
    return %y : tensor<3x7xbf16>
  }""", [([3, 7], "bf16", b.values([3, 7], "bf16"))],
          lambda t, f64: [elementwise(gelu, t[0])])
    b.add("bf16_rms_norm", """
  func.func @bf16_rms_norm(%x: tensor<?x7xbf16>, %w: tensor<7xbf16>) -> tensor<?x7xbf16> {
    %y = molten.rms_norm %x, %w : tensor<?x7xbf16>, tensor<7xbf16>
    return %y : tensor<?x7xbf16>
  }""", [([3, 7], "bf16", b.values([3, 7], "bf16")),
         ([7], "bf16", b.values([7], "bf16"))],
          lambda t, f64: [rms_norm(t[0], t[1])], TENSOR)
    b.add("bf16_softmax", """
  func.func @bf16_softmax(%x: tensor<3x7xbf16>) -> tensor<3x7xbf16> {
    %y = molten.softmax %x : tensor<3x7xbf16>
    return %y : tensor<3x7xbf16>
  }""", [([3, 7], "bf16", b.values([3, 7], "bf16"))],
          lambda t, f64: [softmax(t[0])])
    b.add("bf16_reduce_mean", """
  func.func @bf16_reduce_mean(%x: tensor<3x7xbf16>) -> tensor<3xbf16> {
    %y = molten.reduce_mean %x dims = [1] : tensor<3x7xbf16> -> tensor<3xbf16>
    return %y : tensor<3xbf16>
  }""", [([3, 7], "bf16", b.values([3, 7], "bf16"))],
          lambda t, f64: [reduce(t[0], [1], False, lambda xs: sum(xs) / len(xs))],
          TENSOR)
    b.add("bf16_matmul_t", """
  func.func @bf16_matmul_t(%a: tensor<3x5xbf16>, %b: tensor<4x5xbf16>) -> tensor<3x4xbf16> {
    %y = molten.matmul %a, %b transpose_rhs : tensor<3x5xbf16>, tensor<4x5xbf16> -> tensor<3x4xbf16>
    return %y : tensor<3x4xbf16>
  }""", [([3, 5], "bf16", b.values([3, 5], "bf16")),
         ([4, 5], "bf16", b.values([4, 5], "bf16"))],
          lambda t, f64: [matmul(t[0], t[1], True)], TENSOR)
    b.add("f16_layer_norm", """
  func.func @f16_layer_norm(%x: tensor<3x7xf16>, %w: tensor<7xf16>, %b: tensor<7xf16>) -> tensor<3x7xf16> {
    %y = molten.layer_norm %x weight(%w : tensor<7xf16>) bias(%b : tensor<7xf16>) : tensor<3x7xf16>
    return %y : tensor<3x7xf16>
  }""", [([3, 7], "f16", b.values([3, 7], "f16")),
         ([7], "f16", b.values([7], "f16")), ([7], "f16", b.values([7], "f16"))],
          lambda t, f64: [layer_norm(t[0], t[1], t[2])], TENSOR)

    # -- Data movement (exact). ------------------------------------------------
    x = b.values([3, 8])
    b.add("broadcast_to", """
  func.func @broadcast_to(%x: tensor<?x8xf32>, %w: tensor<8xf32>) -> tensor<?x8xf32> {
    %c0 = arith.constant 0 : index
    %n = tensor.dim %x, %c0 : tensor<?x8xf32>
    %y = molten.broadcast_to %w [%n] : tensor<8xf32> -> tensor<?x8xf32>
    return %y : tensor<?x8xf32>
  }""", [([3, 8], "f32", x), ([8], "f32", b.values([8]))],
          lambda t, f64: [([3, 8], t[1][1] * 3)], EXACT)
    b.add("reshape", """
  func.func @reshape(%x: tensor<?x8xf32>) -> (tensor<?x2x4xf32>, tensor<6x4xf32>) {
    %y = molten.reshape %x : tensor<?x8xf32> -> tensor<?x2x4xf32>
    %c = molten.reshape %y : tensor<?x2x4xf32> -> tensor<6x4xf32>
    return %y, %c : tensor<?x2x4xf32>, tensor<6x4xf32>
  }""", [([3, 8], "f32", x)],
          lambda t, f64: [([3, 2, 4], t[0][1]), ([6, 4], t[0][1])], EXACT)
    y = b.values([2, 3, 4])
    b.add("transpose", """
  func.func @transpose(%x: tensor<2x?x4xf32>) -> tensor<4x2x?xf32> {
    %y = molten.transpose %x permutation = [2, 0, 1] : tensor<2x?x4xf32> -> tensor<4x2x?xf32>
    return %y : tensor<4x2x?xf32>
  }""", [([2, 3, 4], "f32", y)],
          lambda t, f64: [transpose(t[0], [2, 0, 1])], EXACT)
    b.add("slice", """
  func.func @slice(%x: tensor<?x8xf32>) -> tensor<?x3xf32> {
    %y = molten.slice %x offsets = [0, 1] sizes = [-1, 3] strides = [1, 3] : tensor<?x8xf32> -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }""", [([3, 8], "f32", x)],
          lambda t, f64: [slice_(t[0], [0, 1], [-1, 3], [1, 3])], EXACT)
    z = b.values([2, 8])
    b.add("concat", """
  func.func @concat(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>, %c: tensor<?x3xf32>) -> (tensor<?x8xf32>, tensor<?x11xf32>) {
    %r = molten.concat %a, %b dim = 0 : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %s = molten.concat %a, %c dim = 1 : tensor<?x8xf32>, tensor<?x3xf32> -> tensor<?x11xf32>
    return %r, %s : tensor<?x8xf32>, tensor<?x11xf32>
  }""", [([3, 8], "f32", x), ([2, 8], "f32", z), ([3, 3], "f32", b.values([3, 3]))],
          lambda t, f64: [concat([t[0], t[1]], 0), concat([t[0], t[2]], 1)],
          EXACT)

    # -- A molten.fused region is inlined; a constant inside it. -------------
    b.add("fused", """
  func.func @fused(%x: tensor<?x7xf32>, %w: tensor<7xf32>) -> (tensor<?x7xf32>, tensor<?x7xf32>) {
    %h, %e = molten.fused hero(loop) ins(%x, %w : tensor<?x7xf32>, tensor<7xf32>) -> (tensor<?x7xf32>, tensor<?x7xf32>) {
    ^bb0(%a: tensor<?x7xf32>, %b: tensor<7xf32>):
      %half = molten.constant dense<5.000000e-01> : tensor<f32>
      %s = molten.add %a, %b : tensor<?x7xf32>, tensor<7xf32>
      %m = molten.mul %s, %half : tensor<?x7xf32>, tensor<f32>
      %e = molten.exp %m : tensor<?x7xf32>
      molten.yield %s, %e : tensor<?x7xf32>, tensor<?x7xf32>
    }
    return %h, %e : tensor<?x7xf32>, tensor<?x7xf32>
  }""", [([3, 7], "f32", b.values([3, 7])), ([7], "f32", b.values([7]))],
          lambda t, f64: [elementwise(lambda a, c: a + c, t[0], t[1]),
                          elementwise(lambda a, c: math.exp((a + c) * 0.5),
                                      t[0], t[1])])


# ---------------------------------------------------------------------------
# Comparing.
# ---------------------------------------------------------------------------

def close(got, want, rtol, scale):
    if math.isnan(want) or math.isnan(got):
        return math.isnan(want) and math.isnan(got)
    if math.isinf(want) or math.isinf(got):
        return got == want
    return abs(got - want) <= rtol * max(abs(want), scale)


def check(case, outputs, f64, narrow):
    """A list of mismatch descriptions (empty if the results match)."""
    tensors = [(shape, [float(v) for v in values])
               for shape, _, values in case.inputs]
    expected = case.reference(tensors, f64)
    problems = []
    if len(outputs) != len(expected):
        return [f"{len(outputs)} results, expected {len(expected)}"]
    for i, ((gshape, got), (wshape, want)) in enumerate(zip(outputs, expected)):
        if list(gshape) != list(wshape):
            problems.append(f"result #{i}: shape {gshape}, expected {wshape}")
            continue
        if case.compare == EXACT:
            rtol, scale = 0.0, 0.0
        else:
            rtol = 1e-12 if f64 else (2.0 ** -8 if narrow else 1e-5)
            scale = 0.0
            if case.compare == TENSOR:
                scale = max((abs(w) for w in want if math.isfinite(w)),
                            default=0.0)
        bad = [j for j, (g, w) in enumerate(zip(got, want))
               if not (g == w or close(g, w, rtol, scale))]
        if bad:
            j = bad[0]
            problems.append(
                f"result #{i} {wshape}: {len(bad)} of {len(want)} elements "
                f"differ (rtol {rtol}, {case.compare}); first at {j}: got "
                f"{got[j]!r}, expected {want[j]!r}\n"
                f"    got:      {got}\n    expected: {want}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scripts", required=True,
                        help="directory of molten_reference.py")
    parser.add_argument("--tools-dir", required=True)
    parser.add_argument("--llvm-dir")
    parser.add_argument("--seed", type=int, default=20240607)
    parser.add_argument("--only", help="run only cases whose name contains "
                                       "this")
    args = parser.parse_args()
    sys.path.insert(0, args.scripts)
    import molten_reference as ref

    builder = Builder(args.seed)
    build_cases(builder, ref.round_to)
    cases = [c for c in builder.cases
             if not args.only or args.only in c.name]
    module = "module {" + "".join(c.text for c in cases) + "\n}\n"
    calls = [(c.name, c.inputs) for c in cases]

    failures = 0
    for f64 in (False, True):
        mode = "f64" if f64 else "f32"
        outputs = ref.run_many(module, calls, f64=f64,
                               tools_dir=args.tools_dir,
                               llvm_dir=args.llvm_dir)
        checked = 0
        for case, outs in zip(cases, outputs):
            result_types = ref.parse_signature(case.text, case.name)[1]
            narrow = any(ref.parse_tensor_type(t)[1] in ("bf16", "f16")
                         for t in result_types)
            problems = check(case, outs, f64, narrow)
            checked += 1
            if problems:
                failures += 1
                print(f"MISMATCH [{mode} mode] @{case.name}:{case.text}")
                for i, (shape, etype, values) in enumerate(case.inputs):
                    print(f"  input #{i} {etype}{shape}: {values}")
                for p in problems:
                    print("  " + p)
        print(f"{mode} mode: {checked} cases checked")
    print(f"reference: {len(cases)} cases, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
