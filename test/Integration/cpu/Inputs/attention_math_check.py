#!/usr/bin/env python3
"""Checks that molten-decompose's recognition of attention written as math
does not change the program's results: each case is softmax(q k^T * c +
mask) v written with molten.matmul / mul / add / select / softmax (masks
with fully masked rows, grouped-query heads repeated by reshape /
broadcast_to), run on the CPU reference path (scripts/molten_reference.py)

* as written (no pre-passes: the softmax's own lowering), and
* after `--canonicalize --molten-decompose`, where it must have become one
  molten.attention (with nan_if_masked where it is masked, reading the
  unrepeated key and value heads where they were repeated),

each against the same math evaluated by PyTorch in float64. A fully masked
row is NaN in the math, and must be NaN in both; NaN is accepted only where
the expected result has it (attention_check.compare). Tolerances are
attention_check's: f32 mode 1e-5 * max|expected| (bf16 results, rounded
once, 2^-8 relative more), f64 mode 1e-12 * max|expected|. bf16 math as
written rounds its scores and probabilities to bf16 on the way, so its bf16
cases are checked in f64 mode only (where every float is f64).

    attention_math_check.py --scripts DIR --tools-dir DIR [--llvm-dir DIR]
                            [--seed S]
"""

import os
import re
import subprocess
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attention_check import (NEG_INF, compare, exact, parse_args,  # noqa: E402
                             print_error, print_mismatch, random_tensor,
                             ttype)

DECOMPOSE = ["--canonicalize", "--molten-decompose"]
NINF_BITS = {"f32": "0xFF800000", "bf16": "0xFF80"}


class Case:
    """One function of math: `args` are (name, shape, element type) with
    None for a dynamic dim; `body` the ops (with `{e}` for the element type
    and `{ninf}` for -inf in it); `reference(inputs)` the float64 result.
    `masked` says whether the rewrite must set nan_if_masked, `heads` the
    key/value head count the op must read."""

    def __init__(self, name, etype, args, result, body, reference, *,
                 masked, heads=None, nan_rows=True):
        self.name = "math_" + name
        self.etype, self.args, self.result = etype, args, result
        self.body, self.reference = body, reference
        self.masked, self.heads, self.nan_rows = masked, heads, nan_rows

    def text(self):
        params = ", ".join(f"%{n}: {ttype(s, e.format(e=self.etype))}"
                           for n, s, e, _ in self.args)
        out = ttype(self.result, self.etype)
        body = self.body.format(e=self.etype, ninf=NINF_BITS[self.etype])
        lines = "".join("\n    " + line.strip()
                        for line in body.strip().splitlines())
        return f"""
  func.func @{self.name}({params}) -> {out} {{{lines}
    return %o : {out}
  }}"""


def build_cases(gen):
    cases = []

    def holes(shape, full_rows, etype="f32"):
        """An additive mask of random finite biases and -inf holes; the
        rows `full_rows` (index tuples into the leading dims) all -inf."""
        m = exact(torch.rand(shape, generator=gen, dtype=torch.float64)
                  * 2 - 1, etype)
        m = m.masked_fill(torch.rand(shape, generator=gen) < 0.3, NEG_INF)
        m[..., 0] = 0.0  # every other row keeps a key
        for r in full_rows:
            m[r] = NEG_INF
        return m

    def keep_mask(shape, false_rows):
        keep = torch.rand(shape, generator=gen) < 0.6
        keep[..., 0] = True
        for r in false_rows:
            keep[r] = False
        return keep

    def attend(q, k, v, logits):
        return torch.softmax(logits, dim=-1) @ v

    # softmax(c * s + m), m [Sq, Skv] with rows 2 and 5 fully masked.
    m = holes((7, 13), [2, 5])
    cases.append(Case(
        "additive_f32", "f32",
        [("q", [2, 4, 7, 16], "{e}", None), ("k", [2, 4, 13, 16], "{e}", None),
         ("v", [2, 4, 13, 8], "{e}", None), ("m", [7, 13], "f32", m)],
        [2, 4, 7, 8], """
        %c = molten.constant dense<2.500000e-01> : tensor<{e}>
        %s = molten.matmul %q, %k transpose_rhs : tensor<2x4x7x16x{e}>, tensor<2x4x13x16x{e}> -> tensor<2x4x7x13x{e}>
        %t = molten.mul %c, %s : tensor<{e}>, tensor<2x4x7x13x{e}>
        %u = molten.add %t, %m : tensor<2x4x7x13x{e}>, tensor<7x13x{e}>
        %p = molten.softmax %u : tensor<2x4x7x13x{e}>
        %o = molten.matmul %p, %v : tensor<2x4x7x13x{e}>, tensor<2x4x13x8x{e}> -> tensor<2x4x7x8x{e}>
        """, lambda q, k, v, m: attend(q, k, v, 0.25 * (q @ k.mT) + m),
        masked=True))

    # m + s / c, rank 3, the query rows dynamic, row 3 of batch 1 fully
    # masked.
    m = holes((3, 5, 9), [(1, 3)])
    cases.append(Case(
        "additive_left_div_f32", "f32",
        [("q", [3, None, 8], "{e}", [3, 5, 8]), ("k", [3, 9, 8], "{e}", None),
         ("v", [3, 9, 4], "{e}", None), ("m", [3, None, 9], "f32", m)],
        [3, None, 4], """
        %c = molten.constant dense<2.000000e+00> : tensor<{e}>
        %s = molten.matmul %q, %k transpose_rhs : tensor<3x?x8x{e}>, tensor<3x9x8x{e}> -> tensor<3x?x9x{e}>
        %t = molten.div %s, %c : tensor<3x?x9x{e}>, tensor<{e}>
        %u = molten.add %m, %t : tensor<3x?x9x{e}>, tensor<3x?x9x{e}>
        %p = molten.softmax %u : tensor<3x?x9x{e}>
        %o = molten.matmul %p, %v : tensor<3x?x9x{e}>, tensor<3x9x4x{e}> -> tensor<3x?x4x{e}>
        """, lambda q, k, v, m: attend(q, k, v, (q @ k.mT) / 2.0 + m),
        masked=True))

    # select(keep, s * c, -inf) (masked_fill), keep [B, 1, Sq, Skv] with
    # rows 0 and 4 of batch 1 all false; f32 and bf16.
    for etype in ("f32", "bf16"):
        keep = keep_mask((2, 1, 7, 13), [(1, 0, 0), (1, 0, 4)])
        cases.append(Case(
            f"select_{etype}", etype,
            [("q", [2, 2, 7, 16], "{e}", None),
             ("k", [2, 2, 13, 16], "{e}", None),
             ("v", [2, 2, 13, 8], "{e}", None),
             ("keep", [2, 1, 7, 13], "i1", keep)],
            [2, 2, 7, 8], """
            %c = molten.constant dense<3.750000e-01> : tensor<{e}>
            %ninf = molten.constant dense<{ninf}> : tensor<{e}>
            %s = molten.matmul %q, %k transpose_rhs : tensor<2x2x7x16x{e}>, tensor<2x2x13x16x{e}> -> tensor<2x2x7x13x{e}>
            %t = molten.mul %s, %c : tensor<2x2x7x13x{e}>, tensor<{e}>
            %u = molten.select %keep, %t, %ninf : tensor<2x1x7x13xi1>, tensor<2x2x7x13x{e}>, tensor<{e}>
            %p = molten.softmax %u : tensor<2x2x7x13x{e}>
            %o = molten.matmul %p, %v : tensor<2x2x7x13x{e}>, tensor<2x2x13x8x{e}> -> tensor<2x2x7x8x{e}>
            """, lambda q, k, v, keep: attend(
                q, k, v, torch.where(keep, 0.375 * (q @ k.mT), NEG_INF)),
            masked=True))

    # select(masked, -inf, s * c), masked_fill's form, masked [Sq, Skv]
    # with row 1 all true.
    masked = ~keep_mask((7, 13), [1])
    cases.append(Case(
        "select_masked_fill_f32", "f32",
        [("q", [3, 7, 16], "{e}", None), ("k", [3, 13, 16], "{e}", None),
         ("v", [3, 13, 8], "{e}", None), ("masked", [7, 13], "i1", masked)],
        [3, 7, 8], """
        %c = molten.constant dense<2.500000e-01> : tensor<{e}>
        %ninf = molten.constant dense<{ninf}> : tensor<{e}>
        %s = molten.matmul %q, %k transpose_rhs : tensor<3x7x16x{e}>, tensor<3x13x16x{e}> -> tensor<3x7x13x{e}>
        %t = molten.mul %s, %c : tensor<3x7x13x{e}>, tensor<{e}>
        %u = molten.select %masked, %ninf, %t : tensor<7x13xi1>, tensor<{e}>, tensor<3x7x13x{e}>
        %p = molten.softmax %u : tensor<3x7x13x{e}>
        %o = molten.matmul %p, %v : tensor<3x7x13x{e}>, tensor<3x13x8x{e}> -> tensor<3x7x8x{e}>
        """, lambda q, k, v, masked: attend(
            q, k, v, torch.where(masked, NEG_INF, 0.25 * (q @ k.mT))),
        masked=True))

    # PyTorch eager's softmax(dtype=float32).to(dtype): bf16 scores and
    # mask, the softmax in f32 between casts; row 3 fully masked.
    m = holes((7, 13), [3], "bf16")
    cases.append(Case(
        "f32_softmax_bf16", "bf16",
        [("q", [2, 4, 7, 16], "{e}", None), ("k", [2, 4, 13, 16], "{e}", None),
         ("v", [2, 4, 13, 8], "{e}", None), ("m", [7, 13], "{e}", m)],
        [2, 4, 7, 8], """
        %c = molten.constant dense<2.500000e-01> : tensor<{e}>
        %s = molten.matmul %q, %k transpose_rhs : tensor<2x4x7x16x{e}>, tensor<2x4x13x16x{e}> -> tensor<2x4x7x13x{e}>
        %t = molten.mul %s, %c : tensor<2x4x7x13x{e}>, tensor<{e}>
        %u = molten.add %t, %m : tensor<2x4x7x13x{e}>, tensor<7x13x{e}>
        %w = molten.cast %u : tensor<2x4x7x13x{e}> to tensor<2x4x7x13xf32>
        %p = molten.softmax %w : tensor<2x4x7x13xf32>
        %n = molten.cast %p : tensor<2x4x7x13xf32> to tensor<2x4x7x13x{e}>
        %o = molten.matmul %n, %v : tensor<2x4x7x13x{e}>, tensor<2x4x13x8x{e}> -> tensor<2x4x7x8x{e}>
        """, lambda q, k, v, m: attend(q, k, v, 0.25 * (q @ k.mT) + m),
        masked=True))

    # GQA as data movement: 2 key/value heads repeated 4 times for 8 query
    # heads, the sequence dims dynamic, an additive mask [Sq, Skv] with row
    # 6 fully masked.
    def repeated(q, k, v):
        return k.repeat_interleave(4, dim=1), v.repeat_interleave(4, dim=1)

    def gqa_additive(q, k, v, m):
        k, v = repeated(q, k, v)
        return attend(q, k, v, (q @ k.mT) * 0.25 + m)

    m = holes((7, 13), [6])
    cases.append(Case(
        "gqa_additive_f32", "f32",
        [("q", [2, 8, None, 16], "{e}", [2, 8, 7, 16]),
         ("k0", [2, 2, None, 16], "{e}", [2, 2, 13, 16]),
         ("v0", [2, 2, None, 8], "{e}", [2, 2, 13, 8]),
         ("m", [None, None], "f32", m)],
        [2, 8, None, 8], """
        %c2 = arith.constant 2 : index
        %n = tensor.dim %k0, %c2 : tensor<2x2x?x16x{e}>
        %k1 = molten.reshape %k0 : tensor<2x2x?x16x{e}> -> tensor<2x2x1x?x16x{e}>
        %k2 = molten.broadcast_to %k1 [%n] : tensor<2x2x1x?x16x{e}> -> tensor<2x2x4x?x16x{e}>
        %k = molten.reshape %k2 : tensor<2x2x4x?x16x{e}> -> tensor<2x8x?x16x{e}>
        %v1 = molten.reshape %v0 : tensor<2x2x?x8x{e}> -> tensor<2x2x1x?x8x{e}>
        %v2 = molten.broadcast_to %v1 [%n] : tensor<2x2x1x?x8x{e}> -> tensor<2x2x4x?x8x{e}>
        %v = molten.reshape %v2 : tensor<2x2x4x?x8x{e}> -> tensor<2x8x?x8x{e}>
        %c = molten.constant dense<2.500000e-01> : tensor<{e}>
        %s = molten.matmul %q, %k transpose_rhs : tensor<2x8x?x16x{e}>, tensor<2x8x?x16x{e}> -> tensor<2x8x?x?x{e}>
        %t = molten.mul %s, %c : tensor<2x8x?x?x{e}>, tensor<{e}>
        %u = molten.add %t, %m : tensor<2x8x?x?x{e}>, tensor<?x?x{e}>
        %p = molten.softmax %u : tensor<2x8x?x?x{e}>
        %o = molten.matmul %p, %v : tensor<2x8x?x?x{e}>, tensor<2x8x?x8x{e}> -> tensor<2x8x?x8x{e}>
        """, gqa_additive, masked=True, heads=2))

    # GQA where v's heads are split off [B, S, Hkv * Dv] by a reshape, which
    # canonicalize folds into the unit-dim reshape; unmasked, bf16.
    def gqa_split(q, k, vp):
        v = vp.reshape(2, 2, 7, 8)  # row-major, as molten.reshape
        k, v = repeated(q, k, v)
        return attend(q, k, v, 0.5 * (q @ k.mT))

    cases.append(Case(
        "gqa_split_bf16", "bf16",
        [("q", [2, 8, 5, 16], "{e}", None), ("k0", [2, 2, 7, 16], "{e}", None),
         ("vp", [2, 7, 16], "{e}", None)],
        [2, 8, 5, 8], """
        %k1 = molten.reshape %k0 : tensor<2x2x7x16x{e}> -> tensor<2x2x1x7x16x{e}>
        %k2 = molten.broadcast_to %k1 : tensor<2x2x1x7x16x{e}> -> tensor<2x2x4x7x16x{e}>
        %k = molten.reshape %k2 : tensor<2x2x4x7x16x{e}> -> tensor<2x8x7x16x{e}>
        %v0 = molten.reshape %vp : tensor<2x7x16x{e}> -> tensor<2x2x7x8x{e}>
        %v1 = molten.reshape %v0 : tensor<2x2x7x8x{e}> -> tensor<2x2x1x7x8x{e}>
        %v2 = molten.broadcast_to %v1 : tensor<2x2x1x7x8x{e}> -> tensor<2x2x4x7x8x{e}>
        %v = molten.reshape %v2 : tensor<2x2x4x7x8x{e}> -> tensor<2x8x7x8x{e}>
        %c = molten.constant dense<5.000000e-01> : tensor<{e}>
        %s = molten.matmul %q, %k transpose_rhs : tensor<2x8x5x16x{e}>, tensor<2x8x7x16x{e}> -> tensor<2x8x5x7x{e}>
        %t = molten.mul %c, %s : tensor<{e}>, tensor<2x8x5x7x{e}>
        %p = molten.softmax %t : tensor<2x8x5x7x{e}>
        %o = molten.matmul %p, %v : tensor<2x8x5x7x{e}>, tensor<2x8x7x8x{e}> -> tensor<2x8x5x8x{e}>
        """, gqa_split, masked=False, heads=2))
    return cases


def check_rewritten(module, cases, molten_opt):
    """The problems of the decomposed module: each case one
    molten.attention, no softmax or broadcast_to left, nan_if_masked where
    masked, the key's head count where repeated."""
    text = subprocess.run([molten_opt, *DECOMPOSE], input=module,
                          capture_output=True, text=True, check=True).stdout
    problems = []
    for case in cases:
        body = re.search(r"func\.func @%s\(.*?\n  \}" % case.name, text,
                         re.S).group(0)
        attention = re.findall(r"molten\.attention .*", body)
        if len(attention) != 1 or "molten.softmax" in body or \
                "molten.broadcast_to" in body:
            problems.append(f"@{case.name} is not one molten.attention "
                            f"after molten-decompose:\n{body}")
            continue
        if ("nan_if_masked" in attention[0]) != case.masked:
            problems.append(f"@{case.name}: nan_if_masked is "
                            f"{'missing' if case.masked else 'set'}: "
                            f"{attention[0]}")
        if case.heads is not None:
            key_type = attention[0].rsplit(" : ", 1)[1].split(", ")[1]
            if not key_type.startswith(f"tensor<2x{case.heads}x"):
                problems.append(f"@{case.name}: the key is not the "
                                f"unrepeated one: {attention[0]}")
    return problems


def main():
    args, ref = parse_args(__doc__.split("\n")[0], 20250612)
    gen = torch.Generator().manual_seed(args.seed)
    cases = build_cases(gen)
    module = "module {" + "".join(c.text() for c in cases) + "\n}\n"

    failures = 0
    for problem in check_rewritten(module, cases,
                                   ref.find_molten_opt(args.tools_dir)):
        failures += 1
        print("MISMATCH " + problem)

    calls, wants = [], []
    for case in cases:
        tensors, inputs = [], []
        for name, shape, etype, given in case.args:
            etype = etype.format(e=case.etype)
            if isinstance(given, torch.Tensor):
                t = given
            else:
                t = random_tensor(gen, given or shape, etype)
            tensors.append(t)
            inputs.append((list(t.shape), etype,
                           t.flatten().tolist() if etype != "i1" else
                           [bool(x) for x in t.flatten().tolist()]))
        calls.append((case.name, inputs))
        want = case.reference(*tensors)
        if case.masked and case.nan_rows:
            assert torch.isnan(want).any(), case.name  # a fully masked row
        wants.append(want)

    for form, pre_passes in (("as written", []),
                             ("molten-decompose", DECOMPOSE)):
        for f64 in (False, True):
            mode = "f64" if f64 else "f32"
            outputs = ref.run_many(module, calls, pre_passes=pre_passes,
                                   f64=f64, tools_dir=args.tools_dir,
                                   llvm_dir=args.llvm_dir)
            for case, want, outs in zip(cases, wants, outputs):
                if case.etype == "bf16" and not f64 and not pre_passes:
                    continue  # the math rounds to bf16 on the way
                shape, got = outs[0]
                got = torch.tensor(got, dtype=torch.float64).reshape(shape)
                if list(shape) != list(want.shape):
                    problems = [f"shape {shape}, expected "
                                f"{list(want.shape)}"]
                else:
                    problems, err, tol = compare(got, want, case.etype, f64)
                    nans = int(torch.isnan(got).sum())
                    print_error(f"{form}, {mode} mode", case.name, err, tol,
                                f", {nans} NaN")
                if problems:
                    failures += 1
                    print_mismatch(f"{form}, {mode} mode", case, args.seed,
                                   problems)
    print(f"attention math: {len(cases)} cases, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
