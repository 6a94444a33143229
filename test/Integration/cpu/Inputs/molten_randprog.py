#!/usr/bin/env python3
"""Random molten programs for differential testing (stdlib only).

`generate(seed)` returns `(mlir_text, func_name, input_specs)`: one valid
`func.func @rand_<seed>` in the molten dialect, built from
- chains of unary elementwise ops (neg abs exp log sqrt rsqrt tanh sigmoid
  relu gelu (both forms) silu clamp erf cast) and binary ones with numpy
  broadcasting (add sub mul div max min pow), compare + select (masks from
  compares, i1 constants or i1 inputs);
- reductions (sum mean max min) over the innermost dims, sometimes over outer
  or scattered dims, keepdim or not, and their consumers;
- the composites rms_norm, layer_norm, softmax (innermost or another axis),
  rope (both modes) and matmul (plain or transpose_rhs; sometimes with a
  sibling of the same lhs whose result meets its own);
- data movement in about half of the programs: transpose, slice, concat,
  reshape, broadcast_to (its sizes from tensor.dim);
- rank-0 and small dense constants, values computed from constants only (the
  canonicalizer folds them), casts between f32, bf16 and f16;
- values used several times (diamonds; most unused values flow into the last
  one) and 1-3 results, some of them intermediate values, sometimes an
  argument, a constant or a mask.
Shapes come from one iteration space per program, [?, H], [R, H], [?, M, H],
[R, ?, H], [?, ?, H], [H] or [R, ?] with small H (3..40, odd sizes
included), and its broadcastable parts ([H], [?, 1], [1, H], rank 0, ...).
Element types: mostly f32, some bf16 and f16 programs.

`input_specs` is a list of `(shape, element_type, lo, hi)`: `shape` holds
ints for static dims and a symbol ("N" or "M") for a dynamic dim; every
dynamic dim with the same symbol must get the same run-time size (the
program combines them elementwise; the generator only lets a dynamic dim
meet the same symbol or a static 1). Float inputs are meant to be drawn
uniformly from `[lo, hi]`; i1 inputs (element type "i1") at random.

Values stay in a sane range: the generator tracks an interval for every
value and tames it (tanh, clamp) before exp, pow and large products; log,
sqrt, rsqrt, div and pow only see operands bounded away from zero (it makes
them positive with 1 + x*x, |x| + c, exp(tanh x) or sigmoid(x) + c first).
Layer norm only normalises along dims that are not constant by construction
(it would normalise rounding noise); equality compares only see values both
paths compute exactly (relu(x) against 0).

Self-check: `molten_randprog.py --tools-dir DIR --first-seed S --count C`
runs `molten-opt --verify-each` on each program; `--print SEED` prints one.
"""

import argparse
import math
import os
import random
import subprocess
import sys

F32, BF16, F16 = "f32", "bf16", "f16"
WIDTHS = [3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 24, 31, 32, 33, 40]


def _fmt(x):
    """A float literal MLIR parses."""
    return "%.6e" % x


def _dimstr(d):
    return "?" if isinstance(d, str) else str(d)


def tensor_type(shape, etype):
    if not shape:
        return "tensor<%s>" % etype
    return "tensor<%sx%s>" % ("x".join(_dimstr(d) for d in shape), etype)


def broadcast(*shapes):
    """numpy broadcasting where only a statically-1 dim expands and a
    dynamic dim matches only the same symbol; None if incompatible."""
    rank = max(len(s) for s in shapes)
    out = []
    for i in range(rank):
        dims = [s[i - (rank - len(s))] if i >= rank - len(s) else 1
                for s in shapes]
        cur = 1
        for d in dims:
            if d == 1:
                continue
            if cur == 1:
                cur = d
            elif cur != d:
                return None
        out.append(cur)
    return tuple(out)


class Val:
    def __init__(self, name, shape, etype, lo, hi, constdims=(),
                 is_input=False, is_const=False):
        self.name = name
        self.shape = tuple(shape)
        self.etype = etype
        self.lo = float(lo)
        self.hi = float(hi)
        # The dims along which the value is constant by construction
        # (broadcast from size 1): layer_norm over such a dim only
        # normalises rounding noise.
        self.constdims = frozenset(constdims) | frozenset(
            i for i, d in enumerate(self.shape) if d == 1)
        self.is_input = is_input
        self.is_const = is_const
        self.uses = 0

    @property
    def type(self):
        return tensor_type(self.shape, self.etype)

    @property
    def mag(self):
        return max(abs(self.lo), abs(self.hi))


def broadcast_constdims(shape, *vals):
    """The dims of the broadcast result `shape` along which every operand is
    constant (missing or size-1 dims of an operand count as constant)."""
    rank = len(shape)
    out = set(range(rank))
    for v in vals:
        off = rank - len(v.shape)
        mine = set(range(off)) | {i + off for i in v.constdims}
        mine |= {i + off for i, d in enumerate(v.shape) if d == 1}
        out &= mine
    return out


def _sig(x):
    return 1.0 / (1.0 + math.exp(-x))


class Gen:
    MAX_DYN = 5  # the largest run-time size of a dynamic dim

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.lines = []
        self.vals = []
        self.masks = []  # i1 values
        self.args = []
        self.counter = 0
        self.nops = 0
        self.func_name = "rand_%d" % seed
        # The largest run-time size of each dynamic-dim symbol: N and M are
        # the inputs' (1..MAX_DYN); data movement derives others.
        self.symmax = {"N": self.MAX_DYN, "M": self.MAX_DYN}
        self.nsyms = 0
        self.dims_taken = {}

    # ---- helpers -----------------------------------------------------------
    def fresh(self):
        self.counter += 1
        return "%%v%d" % self.counter

    def emit(self, text):
        self.lines.append("  " + text)
        self.nops += 1

    def new_val(self, shape, etype, lo, hi, constdims=(), **kw):
        v = Val(self.fresh(), shape, etype, lo, hi, constdims=constdims, **kw)
        self.vals.append(v)
        return v

    def use(self, *vals):
        for v in vals:
            v.uses += 1

    def count_bound(self, shape, dims):
        n = 1
        for d in dims:
            n *= self.size_bound(shape[d])
        return n

    def size_bound(self, d):
        return self.symmax[d] if isinstance(d, str) else d

    def derived_symbol(self, bound):
        self.nsyms += 1
        sym = "S%d" % self.nsyms
        self.symmax[sym] = bound
        return sym

    # ---- constants ---------------------------------------------------------
    def scalar_const(self, etype, value=None):
        r = self.rng
        if value is None:
            value = r.choice([0.0, 1.0, 0.5, 2.0, -1.0, 0.25,
                              round(r.uniform(-2, 2), 3)])
        v = self.new_val((), etype, value, value, is_const=True)
        self.emit("%s = molten.constant dense<%s> : %s"
                  % (v.name, _fmt(value), v.type))
        return v

    def dense_const(self, shape, etype):
        r = self.rng
        n = 1
        for d in shape:
            n *= d
        if r.random() < 0.3:
            value = round(r.uniform(-2, 2), 3)
            v = self.new_val(shape, etype, value, value,
                             constdims=range(len(shape)), is_const=True)
            self.emit("%s = molten.constant dense<%s> : %s"
                      % (v.name, _fmt(value), v.type))
            return v
        vals = [round(r.uniform(-2, 2), 3) for _ in range(n)]

        def nest(flat, dims):
            if not dims:
                return _fmt(flat[0])
            step = len(flat) // dims[0]
            return "[" + ", ".join(
                nest(flat[i * step:(i + 1) * step], dims[1:])
                for i in range(dims[0])) + "]"

        v = self.new_val(shape, etype, min(vals), max(vals), is_const=True)
        self.emit("%s = molten.constant dense<%s> : %s"
                  % (v.name, nest(vals, list(shape)), v.type))
        return v

    # ---- elementwise -------------------------------------------------------
    def unary(self, op, x, **attrs):
        lo, hi = x.lo, x.hi
        if op == "neg":
            lo, hi = -hi, -lo
        elif op == "abs":
            lo, hi = (0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi))), x.mag
        elif op == "exp":
            lo, hi = math.exp(lo), math.exp(hi)
        elif op == "log":
            lo, hi = math.log(lo), math.log(hi)
        elif op == "sqrt":
            lo, hi = math.sqrt(lo), math.sqrt(hi)
        elif op == "rsqrt":
            lo, hi = 1 / math.sqrt(hi), 1 / math.sqrt(lo)
        elif op == "tanh":
            lo, hi = math.tanh(lo), math.tanh(hi)
        elif op == "sigmoid":
            lo, hi = _sig(lo), _sig(hi)
        elif op == "relu":
            lo, hi = max(lo, 0.0), max(hi, 0.0)
        elif op == "gelu":
            lo, hi = min(-0.17, max(lo, 0.0)), max(hi, 0.0)
        elif op == "silu":
            lo, hi = min(-0.28, max(lo, 0.0)), max(hi, 0.0)
        elif op == "erf":
            lo, hi = math.erf(lo), math.erf(hi)
        elif op == "clamp":
            lo = min(max(lo, attrs["min"]), attrs["max"])
            hi = max(min(hi, attrs["max"]), attrs["min"])
        else:
            raise ValueError(op)
        v = self.new_val(x.shape, x.etype, lo, hi, constdims=x.constdims)
        self.use(x)
        if op == "clamp":
            self.emit("%s = molten.clamp %s min = %s max = %s : %s"
                      % (v.name, x.name, _fmt(attrs["min"]),
                         _fmt(attrs["max"]), x.type))
        elif op == "gelu" and attrs.get("approximate") == "tanh":
            self.emit("%s = molten.gelu %s approximate = tanh : %s"
                      % (v.name, x.name, x.type))
        else:
            self.emit("%s = molten.%s %s : %s" % (v.name, op, x.name, x.type))
        return v

    def cast(self, x, etype):
        v = self.new_val(x.shape, etype, x.lo, x.hi, constdims=x.constdims)
        self.use(x)
        self.emit("%s = molten.cast %s : %s to %s"
                  % (v.name, x.name, x.type, v.type))
        return v

    def same_etype(self, a, b):
        """Casts `b` to `a`'s element type if they differ."""
        return b if a.etype == b.etype else self.cast(b, a.etype)

    def binary(self, op, a, b):
        shape = broadcast(a.shape, b.shape)
        assert shape is not None, (a.shape, b.shape)
        b = self.same_etype(a, b)
        corners = None
        if op == "add":
            lo, hi = a.lo + b.lo, a.hi + b.hi
        elif op == "sub":
            lo, hi = a.lo - b.hi, a.hi - b.lo
        elif op == "mul" and a is b:
            lo = 0.0 if a.lo <= 0 <= a.hi else min(a.lo * a.lo, a.hi * a.hi)
            hi = a.mag * a.mag
        elif op == "mul":
            corners = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
        elif op == "div":
            assert b.lo > 0 or b.hi < 0
            corners = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi]
        elif op == "max":
            lo, hi = max(a.lo, b.lo), max(a.hi, b.hi)
        elif op == "min":
            lo, hi = min(a.lo, b.lo), min(a.hi, b.hi)
        elif op == "pow":
            assert a.lo > 0
            corners = [a.lo ** b.lo, a.lo ** b.hi, a.hi ** b.lo, a.hi ** b.hi]
        else:
            raise ValueError(op)
        if corners:
            lo, hi = min(corners), max(corners)
        v = self.new_val(shape, a.etype, lo, hi,
                         constdims=broadcast_constdims(shape, a, b))
        self.use(a, b)
        self.emit("%s = molten.%s %s, %s : %s, %s"
                  % (v.name, op, a.name, b.name, a.type, b.type))
        return v

    # ---- taming ------------------------------------------------------------
    def tame(self, x, limit):
        """`x` if its interval lies in [-limit, limit], else a bounded form."""
        if x.mag <= limit:
            return x
        r = self.rng.random()
        if r < 0.4:
            return self.unary("clamp", x, min=-limit, max=limit)
        if r < 0.7 or limit < 1:
            t = self.unary("tanh", x)
            if limit >= 1:
                return t
            return self.binary("mul", t, self.scalar_const(x.etype, limit))
        s = self.binary("mul", x, self.scalar_const(x.etype, limit / x.mag))
        return s

    def positive(self, x, floor=0.25):
        """A value bounded below by `floor` (> 0) derived from `x`."""
        if x.lo >= floor and x.hi <= 64:
            return x
        r = self.rng.random()
        if r < 0.3:
            x = self.tame(x, 4.0)
            sq = self.binary("mul", x, x)
            return self.binary("add", sq, self.scalar_const(x.etype, 1.0))
        if r < 0.55:
            x = self.tame(x, 8.0)
            a = self.unary("abs", x)
            return self.binary("add", a, self.scalar_const(
                x.etype, self.rng.choice([0.5, 1.0, 0.25])))
        if r < 0.8:
            return self.unary("exp", self.unary("tanh", x))
        s = self.unary("sigmoid", self.tame(x, 8.0))
        return self.binary("add", s, self.scalar_const(x.etype, 0.5))

    # ---- picking operands --------------------------------------------------
    def pick(self, pred=lambda v: True, recent_bias=0.6):
        cands = [v for v in self.vals if pred(v) and not v.is_const]
        if not cands:
            return None
        r = self.rng
        if r.random() < recent_bias:
            # recent values make chains; unused ones get a use
            unused = [v for v in cands[-4:] if v.uses == 0]
            if unused and r.random() < 0.6:
                return r.choice(unused)
            return r.choice(cands[-3:])
        return r.choice(cands)

    def partner_shape(self, shape):
        """A shape that broadcasts with `shape` without growing it, or the
        full shape, or a shape that grows it."""
        r = self.rng
        if not shape:
            return r.choice([(), self.full])
        choices = [tuple(shape), tuple(shape[-1:]), ()]
        if len(shape) >= 2:
            choices.append(tuple(shape[:-1]) + (1,))
            choices.append((1,) + tuple(shape[1:]))
            choices.append(tuple(shape[-2:]))
        return r.choice(choices)

    def operand_for(self, a, allow_grow=True):
        """A second operand broadcast-compatible with `a`."""
        r = self.rng
        if r.random() < 0.25:
            # a constant
            if r.random() < 0.6 or not a.shape or isinstance(a.shape[-1], str):
                return self.scalar_const(a.etype)
            shape = (a.shape[-1],)
            if r.random() < 0.3:
                # may add a rank: the result grows, x + 0 must not fold to x
                lead = [1]
                if len(a.shape) < 2:
                    lead += [2, 3]
                elif not isinstance(a.shape[-2], str):
                    lead.append(a.shape[-2])
                shape = (r.choice(lead),) + shape
            return self.dense_const(shape, a.etype)
        cands = [v for v in self.vals if not v.is_const and v is not a
                 and broadcast(a.shape, v.shape) is not None
                 and (allow_grow or broadcast(a.shape, v.shape) == a.shape)]
        if not cands:
            return self.scalar_const(a.etype)
        unused = [v for v in cands if v.uses == 0]
        if unused and r.random() < 0.5:
            return r.choice(unused)
        return r.choice(cands)

    # ---- program -----------------------------------------------------------
    def make_space(self):
        r = self.rng
        H = r.choice(WIDTHS)
        k = r.random()
        if k < 0.45:
            full = ("N", H)
        elif k < 0.6:
            full = (r.randint(1, 4), H)
        elif k < 0.8:
            full = ("N", r.randint(2, 4), H)
        elif k < 0.87:
            full = (r.randint(2, 3), "N", H)
        elif k < 0.92:
            full = ("N", "M", H)
        elif k < 0.96:
            full = (H,)
        else:
            full = (r.randint(2, 4), "N")  # dynamic innermost dim
        self.full = full

    def input_shape(self):
        r = self.rng
        full = self.full
        k = r.random()
        if k < 0.5 or len(full) == 1 and k < 0.8:
            return full
        options = [full[-1:], ()]
        if len(full) >= 2:
            options += [full[:-1] + (1,), (1,) + full[1:], full[-2:]]
        if len(full) >= 3:
            options += [(full[0], 1, full[2]), (full[0], full[1], 1)]
        return r.choice(options)

    def step(self):
        r = self.rng
        kinds = [("unary", 30), ("binary", 30), ("select", 6),
                 ("reduce", 16), ("norm", 8), ("cast", 3),
                 ("move", self.move_weight), ("matmul", 2), ("rope", 1),
                 ("constchain", 3)]
        total = sum(w for _, w in kinds)
        x = r.uniform(0, total)
        for kind, w in kinds:
            x -= w
            if x <= 0:
                break
        getattr(self, "step_" + kind)()

    def step_unary(self):
        r = self.rng
        x = self.pick()
        op = r.choice(["neg", "abs", "exp", "log", "sqrt", "rsqrt", "tanh",
                       "sigmoid", "relu", "gelu", "gelu_tanh", "silu",
                       "clamp", "erf"])
        if op == "exp":
            return self.unary("exp", self.tame(x, 4.0))
        if op in ("log", "rsqrt"):
            return self.unary(op, self.positive(x))
        if op == "sqrt":
            if x.lo >= 0 and x.hi <= 64:
                return self.unary(op, x)
            return self.unary(op, self.positive(x))
        if op == "gelu_tanh":
            return self.unary("gelu", self.tame(x, 16.0), approximate="tanh")
        if op in ("gelu", "silu", "sigmoid"):
            return self.unary(op, self.tame(x, 16.0))
        if op == "clamp":
            a = round(r.uniform(-2, 1), 2)
            b = round(a + r.uniform(0, 2), 2)
            return self.unary("clamp", x, min=a, max=b)
        return self.unary(op, x)

    def step_binary(self):
        r = self.rng
        a = self.pick()
        op = r.choice(["add", "sub", "mul", "div", "max", "min", "pow",
                       "add", "mul", "sub"])
        b = self.operand_for(a)
        if op == "mul":
            a, b = self.tame(a, 6.0), self.tame(b, 6.0)
        elif op == "div":
            b = self.positive(b)
            a = self.tame(a, 16.0)
        elif op == "pow":
            a = self.tame(self.positive(a), 4.0)
            if a.lo <= 0.1:
                a = self.positive(a)
            b = self.tame(b, 2.0)
        elif op in ("add", "sub"):
            a, b = self.tame(a, 100.0), self.tame(b, 100.0)
        if r.random() < 0.3:
            a, b = b, a
            if op in ("div", "pow"):
                a, b = b, a
        return self.binary(op, a, b)

    def step_cast(self):
        r = self.rng
        x = self.pick()
        x = self.tame(x, 1000.0)  # f16 overflows past 65504
        other = r.choice([t for t in (F32, BF16, F16) if t != x.etype])
        if r.random() < 0.5:
            # a round trip, possibly through a third type
            mid = self.cast(x, other)
            back = r.choice([x.etype, x.etype, F32])
            return mid if back == other else self.cast(mid, back)
        return self.cast(x, other)

    def make_mask(self, like):
        """An i1 value that broadcasts with `like`: a compare, an earlier
        mask, an i1 constant or an i1 input."""
        r = self.rng
        k = r.random()
        fits = [m for m in self.masks
                if broadcast(m.shape, like.shape) is not None]
        if k < 0.15 and fits:
            m = r.choice(fits)
            m.uses += 1
            return m
        static = tuple(d for d in like.shape[-2:] if not isinstance(d, str))
        if k < 0.25 and static and static == like.shape[-len(static):]:
            shape = static if r.random() < 0.7 else static[-1:]
            if r.random() < 0.3:
                m = Val(self.fresh(), (), "i1", 0, 1)
                val = r.choice(["true", "false"])
                self.emit("%s = molten.constant dense<%s> : tensor<i1>"
                          % (m.name, val))
            else:
                m = Val(self.fresh(), shape, "i1", 0, 1)
                n = 1
                for d in shape:
                    n *= d
                bits = [r.choice(["true", "false"]) for _ in range(n)]

                def nest(flat, dims):
                    if not dims:
                        return flat[0]
                    step = len(flat) // dims[0]
                    return "[" + ", ".join(
                        nest(flat[i * step:(i + 1) * step], dims[1:])
                        for i in range(dims[0])) + "]"
                self.emit("%s = molten.constant dense<%s> : %s"
                          % (m.name, nest(bits, list(shape)),
                             tensor_type(shape, "i1")))
            m.uses = 1
            return m
        if k < 0.35:
            shape = self.input_shape()
            if broadcast(shape, like.shape) is not None:
                m = Val("%%arg%d" % len(self.args), shape, "i1", 0, 1,
                        is_input=True)
                self.args.append(m)
                m.uses = 1
                self.masks.append(m)
                return m
        a = like
        b = self.operand_for(a)
        b = self.same_etype(a, b)
        pred = r.choice(["gt", "lt", "ge", "le", "gt", "lt", "eq", "ne"])
        if pred in ("eq", "ne"):
            # equality on values that both paths compute exactly
            b = self.scalar_const(a.etype, 0.0)
            a = self.unary("relu", a)
        m = Val(self.fresh(), broadcast(a.shape, b.shape), "i1", 0, 1,
                constdims=broadcast_constdims(broadcast(a.shape, b.shape),
                                              a, b))
        self.use(a, b)
        self.emit("%s = molten.compare %s, %s, %s : %s, %s"
                  % (m.name, pred, a.name, b.name, a.type, b.type))
        self.masks.append(m)
        m.uses = 1
        return m

    def step_select(self):
        r = self.rng
        a = self.pick()
        cond = self.make_mask(a)
        t = self.operand_for(a) if r.random() < 0.5 else a
        f = self.operand_for(a)
        t = self.same_etype(a, t)
        f = self.same_etype(a, f)
        shape = broadcast(cond.shape, t.shape, f.shape)
        if shape is None:
            t, f = a, self.scalar_const(a.etype)
            shape = broadcast(cond.shape, t.shape, f.shape)
        v = self.new_val(shape, a.etype, min(t.lo, f.lo), max(t.hi, f.hi),
                         constdims=broadcast_constdims(shape, cond, t, f))
        self.use(t, f)
        self.emit("%s = molten.select %s, %s, %s : %s, %s, %s"
                  % (v.name, cond.name, t.name, f.name, cond.type, t.type,
                     f.type))
        return v

    def step_reduce(self):
        r = self.rng
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return self.step_unary()
        rank = len(x.shape)
        op = r.choice(["reduce_sum", "reduce_mean", "reduce_max",
                       "reduce_min"])
        k = r.random()
        if k < 0.65 or rank == 1:
            dims = [rank - 1]
        elif k < 0.8 and rank >= 2:
            dims = [rank - 2, rank - 1] if r.random() < 0.5 else [0]
        else:
            dims = sorted(r.sample(range(rank), r.randint(1, rank)))
        keep = r.random() < 0.7
        if op == "reduce_sum":
            x = self.tame(x, 50.0)
            n = self.count_bound(x.shape, dims)
            lo, hi = min(x.lo, n * x.lo), max(x.hi, n * x.hi)
        else:
            lo, hi = x.lo, x.hi
        shape = []
        for i, d in enumerate(x.shape):
            if i in dims:
                if keep:
                    shape.append(1)
            else:
                shape.append(d)
        constdims, j = [], 0
        for i in range(rank):
            if i in dims and not keep:
                continue
            if i in dims or i in x.constdims:
                constdims.append(j)
            j += 1
        v = self.new_val(shape, x.etype, lo, hi, constdims=constdims)
        self.use(x)
        self.emit("%s = molten.%s %s dims = [%s]%s : %s -> %s"
                  % (v.name, op, x.name, ", ".join(map(str, dims)),
                     " keepdim" if keep else "", x.type, v.type))
        return v

    # ---- values computed from constants only (the canonicalizer folds them
    # in the fused pipeline; the reference computes them) --------------------
    def step_constchain(self):
        r = self.rng
        if r.random() < 0.5:
            c = self.scalar_const(self.etype, round(r.uniform(-2, 2), 3))
        else:
            full = self.full
            shape = tuple(d for d in full[-2:] if not isinstance(d, str))
            c = self.dense_const(shape or (1,), self.etype)
        for _ in range(r.randint(1, 3)):
            k = r.random()
            if k < 0.4:
                c = self.unary(r.choice(["neg", "abs", "tanh", "sigmoid",
                                         "erf", "relu", "silu"]), c)
            elif k < 0.6:
                c = self.unary("exp", self.tame(c, 4.0))
            elif k < 0.8:
                c = self.binary(r.choice(["add", "mul", "sub", "max"]),
                                c, self.scalar_const(self.etype))
            else:
                red = r.choice(["reduce_sum", "reduce_max", "reduce_mean"])
                if c.shape:
                    dims = [len(c.shape) - 1]
                    shape = c.shape[:-1] + (1,)
                    v = self.new_val(shape, c.etype,
                                     min(c.lo, c.lo * c.shape[-1]),
                                     max(c.hi, c.hi * c.shape[-1]))
                    self.use(c)
                    self.emit("%s = molten.%s %s dims = [%d] keepdim : %s "
                              "-> %s" % (v.name, red, c.name, dims[0], c.type,
                                         v.type))
                    c = v
        if r.random() < 0.3:
            # a uniform condition: compare of constants, then select
            x = self.pick()
            cond = self.fresh()
            zero = self.scalar_const(c.etype, 0.0)
            self.use(c, zero)
            cshape = c.shape
            self.emit("%s = molten.compare gt, %s, %s : %s, %s"
                      % (cond, c.name, zero.name, c.type, zero.type))
            y = self.same_etype(x, c)
            shape = broadcast(cshape, x.shape, y.shape)
            if shape is None:
                return c
            v = self.new_val(shape, x.etype, min(x.lo, y.lo), max(x.hi, y.hi),
                             constdims=broadcast_constdims(shape, x, y))
            self.use(x, y)
            self.emit("%s = molten.select %s, %s, %s : %s, %s, %s"
                      % (v.name, cond, x.name, y.name,
                         tensor_type(cshape, "i1"), x.type, y.type))
            return v
        return c

    # ---- data movement -----------------------------------------------------
    def step_move(self):
        r = self.rng
        op = r.choice(["transpose", "slice", "concat", "reshape",
                       "broadcast_to"])
        return getattr(self, "move_" + op)() or self.step_unary()

    def emit_move(self, v, x, text):
        self.use(x)
        self.emit(text)
        return v

    def move_transpose(self):
        r = self.rng
        x = self.pick(lambda v: len(v.shape) >= 2)
        if x is None:
            return None
        rank = len(x.shape)
        perm = list(range(rank))
        while perm == list(range(rank)):
            r.shuffle(perm)
        shape = [x.shape[p] for p in perm]
        constdims = [i for i, p in enumerate(perm) if p in x.constdims]
        v = self.new_val(shape, x.etype, x.lo, x.hi, constdims=constdims)
        return self.emit_move(v, x, "%s = molten.transpose %s permutation = "
                              "[%s] : %s -> %s" % (
                                  v.name, x.name, ", ".join(map(str, perm)),
                                  x.type, v.type))

    def move_slice(self):
        r = self.rng
        x = self.pick(lambda v: any(not isinstance(d, str) and d >= 2
                                    for d in v.shape))
        if x is None:
            return None
        rank = len(x.shape)
        offsets, sizes, strides = [0] * rank, [-1] * rank, [1] * rank
        shape = list(x.shape)
        static = [i for i, d in enumerate(x.shape)
                  if not isinstance(d, str) and d >= 2]
        for d in r.sample(static, r.randint(1, len(static))):
            n = x.shape[d]
            stride = r.choice([1, 1, 2, 3])
            off = r.randint(0, n - 1)
            count = r.randint(1, (n - 1 - off) // stride + 1)
            if r.random() < 0.2:
                count = -1 if (off == 0 and stride == 1) else count
            offsets[d], sizes[d], strides[d] = off, count, stride
            shape[d] = n if count == -1 else count
        v = self.new_val(shape, x.etype, x.lo, x.hi, constdims=x.constdims)
        lst = lambda xs: "[" + ", ".join(map(str, xs)) + "]"
        return self.emit_move(v, x, "%s = molten.slice %s offsets = %s "
                              "sizes = %s strides = %s : %s -> %s" % (
                                  v.name, x.name, lst(offsets), lst(sizes),
                                  lst(strides), x.type, v.type))

    def move_concat(self):
        r = self.rng
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return None
        rank = len(x.shape)
        d = r.randrange(rank)
        if isinstance(x.shape[d], str) and r.random() < 0.7:
            d = rank - 1
        others = [v for v in self.vals if len(v.shape) == rank
                  and v.etype == x.etype and not v.is_const
                  and all(a == b for i, (a, b) in enumerate(zip(v.shape,
                                                                  x.shape))
                          if i != d)
                  and (isinstance(v.shape[d], str) == isinstance(x.shape[d],
                                                                 str))]
        parts = [x] + [r.choice(others) for _ in range(r.choice([1, 1, 2]))]
        if any(isinstance(p.shape[d], str) for p in parts):
            size = self.derived_symbol(sum(self.size_bound(p.shape[d])
                                           for p in parts))
        else:
            size = sum(p.shape[d] for p in parts)
        shape = list(x.shape)
        shape[d] = size
        constdims = set.intersection(*[set(p.constdims) for p in parts])
        if any(d in p.constdims for p in parts):
            constdims.add(d)  # piecewise constant: treat as constant
        v = self.new_val(shape, x.etype, min(p.lo for p in parts),
                         max(p.hi for p in parts), constdims=constdims)
        self.use(*parts[1:])
        return self.emit_move(v, x, "%s = molten.concat %s dim = %d : %s -> %s"
                              % (v.name, ", ".join(p.name for p in parts), d,
                                 ", ".join(p.type for p in parts), v.type))

    def move_reshape(self):
        r = self.rng
        x = self.pick(lambda v: sum(isinstance(d, str) for d in v.shape) <= 2)
        if x is None:
            return None
        shape = list(x.shape)
        rank = len(shape)
        dyn = [i for i, d in enumerate(shape) if isinstance(d, str)]
        k = r.random()
        if k < 0.25 or rank == 0:
            # insert a unit dim
            shape.insert(r.randint(0, rank), 1)
        elif k < 0.4 and 1 in shape:
            shape.pop(shape.index(1))
        elif len(dyn) == 2 or (k < 0.6 and rank >= 2):
            # merge two adjacent dims (the dynamic ones if there are two)
            i = dyn[0] if len(dyn) == 2 and dyn[1] == dyn[0] + 1 else \
                r.randrange(rank - 1)
            a, b = shape[i], shape[i + 1]
            if isinstance(a, str) or isinstance(b, str):
                m = self.derived_symbol(self.size_bound(a) *
                                        self.size_bound(b))
            else:
                m = a * b
            shape[i:i + 2] = [m]
        else:
            # split a static dim into two factors
            cands = [i for i, d in enumerate(shape) if not isinstance(d, str)
                     and any(d % f == 0 for f in range(2, d))]
            if not cands:
                shape.append(1)
            else:
                i = r.choice(cands)
                f = r.choice([f for f in range(2, shape[i])
                              if shape[i] % f == 0])
                shape[i:i + 1] = [f, shape[i] // f]
        if sum(isinstance(d, str) for d in shape) > 1:
            return None
        # Only size-1 dims are known constant after a reshape, unless the
        # whole value is.
        constdims = range(len(shape)) if len(x.constdims) == rank else ()
        v = self.new_val(shape, x.etype, x.lo, x.hi, constdims=constdims)
        return self.emit_move(v, x, "%s = molten.reshape %s : %s -> %s"
                              % (v.name, x.name, x.type, v.type))

    def dim_of(self, sym):
        """An SSA index holding the run-time size of symbol `sym`."""
        if sym in self.dims_taken:
            return self.dims_taken[sym]
        holders = [v for v in self.vals if sym in v.shape]
        self.rng.shuffle(holders)
        for v in holders:
            if sym in v.shape:
                i = v.shape.index(sym)
                c, n = self.fresh(), self.fresh()
                self.lines.append("  %s = arith.constant %d : index" % (c, i))
                self.lines.append("  %s = tensor.dim %s, %s : %s"
                                  % (n, v.name, c, v.type))
                self.dims_taken[sym] = n
                return n
        return None

    def move_broadcast_to(self):
        r = self.rng
        x = self.pick()
        # a target: the shape of a value that x broadcasts to
        targets = [v.shape for v in self.vals
                   if broadcast(x.shape, v.shape) == v.shape
                   and v.shape != x.shape]
        if not targets:
            return None
        shape = r.choice(targets)
        sizes = [self.dim_of(d) for d in shape if isinstance(d, str)]
        if None in sizes:
            return None
        v = self.new_val(shape, x.etype, x.lo, x.hi,
                         constdims=broadcast_constdims(shape, x))
        operands = " [%s]" % ", ".join(sizes) if sizes else ""
        return self.emit_move(v, x, "%s = molten.broadcast_to %s%s : %s -> %s"
                              % (v.name, x.name, operands, x.type, v.type))

    # ---- matmul and rope (composites with their own heroes) ---------------
    def step_matmul(self):
        r = self.rng
        x = self.pick(lambda v: len(v.shape) >= 2
                      and not isinstance(v.shape[-1], str)
                      and v.shape[-1] <= 40)
        if x is None:
            return self.step_binary()
        x = self.tame(x, 4.0)
        K = x.shape[-1]
        n = r.choice([1, 2, 3, 5, 8, 16])
        transpose = r.random() < 0.5
        wshape = (n, K) if transpose else (K, n)
        if r.random() < 0.3:
            w = self.dense_const(wshape, x.etype)
        else:
            w = self.add_input(wshape, x.etype)
        shape = x.shape[:-1] + (n,)
        constdims = [i for i in range(len(shape) - 1) if i in x.constdims]
        if (0 if transpose else 1) in w.constdims:
            constdims.append(len(shape) - 1)
        bound = K * x.mag * w.mag
        v = self.new_val(shape, x.etype, -bound, bound, constdims=constdims)
        self.use(x, w)
        self.emit("%s = molten.matmul %s, %s%s : %s, %s -> %s"
                  % (v.name, x.name, w.name,
                     " transpose_rhs" if transpose else "", x.type, w.type,
                     v.type))
        if r.random() >= 0.25:
            return v
        # A sibling (one lhs, another rhs of the same type) whose result
        # meets this one's: a gated MLP's gate and up projections.
        w2 = self.add_input(wshape, x.etype)
        v2 = self.new_val(shape, x.etype, -bound, bound,
                          constdims=[i for i in constdims
                                     if i < len(shape) - 1])
        self.use(x, w2)
        self.emit("%s = molten.matmul %s, %s%s : %s, %s -> %s"
                  % (v2.name, x.name, w2.name,
                     " transpose_rhs" if transpose else "", x.type, w2.type,
                     v2.type))
        return self.binary(r.choice(["add", "mul"]), self.tame(v, 6.0),
                           self.tame(v2, 6.0))

    def step_rope(self):
        r = self.rng
        x = self.pick(lambda v: len(v.shape) >= 1
                      and not isinstance(v.shape[-1], str)
                      and v.shape[-1] % 2 == 0)
        if x is None:
            return self.step_unary()
        x = self.tame(x, 16.0)
        D = x.shape[-1]
        opts = [(D,), x.shape]
        if len(x.shape) >= 2:
            opts.append((1,) * (len(x.shape) - 1) + (D,))
        if len(x.shape) == 3:
            opts.append((x.shape[0], 1, D))
        cshape = r.choice(opts)
        if any(isinstance(d, str) and d not in ("N", "M") for d in cshape):
            cshape = (D,)
        cos = self.add_input(cshape, x.etype, -1.0, 1.0)
        sin = self.add_input(cshape, x.etype, -1.0, 1.0)
        v = self.new_val(x.shape, x.etype, -2 * x.mag, 2 * x.mag,
                         constdims=broadcast_constdims(x.shape, x, cos, sin))
        self.use(x, cos, sin)
        mode = " mode = interleaved" if r.random() < 0.4 else ""
        self.emit("%s = molten.rope %s, %s, %s%s : %s, %s"
                  % (v.name, x.name, cos.name, sin.name, mode, x.type,
                     cos.type))
        return v

    def param(self, dim, etype, lo=-2.0, hi=2.0):
        """A 1-D weight of size `dim`: an input, a constant or computed."""
        r = self.rng
        k = r.random()
        if k < 0.35 and not isinstance(dim, str):
            return self.dense_const((dim,), etype)
        cands = [v for v in self.vals if v.shape == (dim,) and not v.is_const
                 and v.etype == etype and v.mag <= 8]
        if cands and (k < 0.6 or isinstance(dim, str) and dim not in "NM"):
            return r.choice(cands)
        if isinstance(dim, str) and dim not in ("N", "M"):
            return None  # a derived size: no input can have it
        return self.add_input((dim,), etype, lo, hi)

    def step_norm(self):
        r = self.rng
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return self.step_unary()
        rank = len(x.shape)
        op = r.choice(["rms_norm", "layer_norm", "softmax"])
        axis = -1
        if rank >= 2 and r.random() < 0.2:
            axis = r.choice([0, -2])
        ax = axis % rank
        D = x.shape[ax]
        if op == "layer_norm" and ax in x.constdims:
            op = r.choice(["softmax", "rms_norm"])
        axis_attr = "" if axis == -1 else " axis = %d" % axis
        n = self.count_bound(x.shape, [ax])
        if op == "softmax":
            x = self.tame(x, 30.0)
            v = self.new_val(x.shape, x.etype, 0.0, 1.0,
                             constdims=x.constdims)
            self.use(x)
            self.emit("%s = molten.softmax %s%s : %s"
                      % (v.name, x.name, axis_attr, x.type))
            return v
        x = self.tame(x, 50.0)
        scale = math.sqrt(n)
        if op == "rms_norm":
            w = self.param(D, x.etype)
            if w is None:
                return self.step_reduce()
            bound = scale * w.mag
            v = self.new_val(x.shape, x.etype, -bound, bound,
                             constdims=x.constdims)
            self.use(x, w)
            eps = r.choice([1e-5, 1e-6, 1e-3])
            self.emit("%s = molten.rms_norm %s, %s eps = %s%s : %s, %s"
                      % (v.name, x.name, w.name, _fmt(eps), axis_attr,
                         x.type, w.type))
            return v
        w = self.param(D, x.etype) if r.random() < 0.6 else None
        b = self.param(D, x.etype) if r.random() < 0.5 else None
        bound = scale * (w.mag if w else 1.0) + (b.mag if b else 0.0)
        v = self.new_val(x.shape, x.etype, -bound, bound,
                         constdims=x.constdims)
        self.use(x, *(p for p in (w, b) if p))
        text = "%s = molten.layer_norm %s" % (v.name, x.name)
        if w:
            text += " weight(%s : %s)" % (w.name, w.type)
        if b:
            text += " bias(%s : %s)" % (b.name, b.type)
        if r.random() < 0.5:
            text += " eps = %s" % _fmt(r.choice([1e-5, 1e-3]))
        text += "%s : %s" % (axis_attr, x.type)
        self.emit(text)
        return v

    def add_input(self, shape, etype, lo=-2.0, hi=2.0):
        v = Val("%%arg%d" % len(self.args), shape, etype, lo, hi,
                is_input=True)
        self.args.append(v)
        self.vals.append(v)
        return v

    def generate(self):
        r = self.rng
        self.make_space()
        k = r.random()
        self.etype = BF16 if k < 0.2 else F16 if k < 0.25 else F32
        # data movement in about half of the programs
        self.move_weight = r.choice([0, 0, 5, 12])
        self.add_input(self.full, self.etype)
        for _ in range(r.randint(0, 2)):
            shape = self.input_shape()
            lo, hi = (0.5, 2.0) if r.random() < 0.15 else (-2.0, 2.0)
            self.add_input(shape, self.etype, lo, hi)
        target = r.randint(3, 15)
        while self.nops < target:
            self.step()

        # Most unused values flow into the last one (diamonds); the others
        # may become results.
        last = [v for v in self.vals if not v.is_input and not v.is_const][-1]
        for v in list(self.vals):
            if (v.uses == 0 and v is not last and not v.is_input
                    and not v.is_const and r.random() < 0.6
                    and broadcast(last.shape, v.shape) is not None):
                op = r.choice(["add", "sub", "mul", "max"])
                a, b = self.tame(last, 8.0), self.tame(v, 8.0)
                last = self.binary(op, a, b)

        # Results: the last value, and some others (intermediate values,
        # unused leaves first).
        computed = [v for v in self.vals if not v.is_input and not v.is_const]
        results = [computed[-1]]
        leaves = [v for v in computed[:-1] if v.uses == 0]
        r.shuffle(leaves)
        others = [v for v in computed[:-1] if v not in leaves]
        r.shuffle(others)
        extra = r.choice([0, 0, 1, 1, 2])
        for v in leaves + others:
            if len(results) > extra:
                break
            results.append(v)
        if r.random() < 0.03:
            results.append(self.args[0])  # an argument returned as is
        if self.masks and r.random() < 0.2:
            results.append(r.choice(self.masks))  # an i1 result
        consts = [v for v in self.vals if v.is_const]
        if consts and r.random() < 0.03:
            results.append(r.choice(consts))  # a constant returned

        sig = ", ".join("%s: %s" % (a.name, a.type) for a in self.args)
        rtypes = ", ".join(v.type for v in results)
        if len(results) > 1:
            rtypes = "(" + rtypes + ")"
        text = "func.func @%s(%s) -> %s {\n" % (self.func_name, sig, rtypes)
        text += "\n".join(self.lines) + "\n"
        text += "  return %s : %s\n}\n" % (
            ", ".join(v.name for v in results),
            ", ".join(v.type for v in results))
        specs = [(list(a.shape), a.etype, a.lo, a.hi) for a in self.args]
        return text, self.func_name, specs


def generate(seed):
    """(mlir_text, func_name, input_specs) of the program of `seed`."""
    return Gen(seed).generate()


def check(seeds, tools_dir):
    """Runs molten-opt --verify-each on every program; returns failures."""
    molten_opt = os.path.join(tools_dir, "molten-opt")
    texts = []
    for s in seeds:
        texts.append(generate(s)[0])
    # One module of all functions: one process.
    proc = subprocess.run([molten_opt, "--verify-each", "-"],
                          input="\n".join(texts), capture_output=True,
                          text=True)
    if proc.returncode == 0:
        return []
    failures = []
    for s, t in zip(seeds, texts):
        p = subprocess.run([molten_opt, "--verify-each", "-"], input=t,
                           capture_output=True, text=True)
        if p.returncode != 0:
            failures.append((s, t, p.stderr))
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tools-dir", help="directory holding molten-opt")
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--print", type=int, metavar="SEED",
                    help="print the program of SEED and its inputs")
    args = ap.parse_args()
    if args.print is not None:
        text, name, specs = generate(args.print)
        print(text)
        print("// inputs:", specs)
        return 0
    seeds = range(args.first_seed, args.first_seed + args.count)
    failures = check(seeds, args.tools_dir)
    for s, t, err in failures:
        print("seed %d: invalid program\n%s\n%s" % (s, t, err))
    print("molten-randprog: %d valid, %d invalid"
          % (len(seeds) - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
