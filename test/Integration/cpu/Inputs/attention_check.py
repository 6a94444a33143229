#!/usr/bin/env python3
"""Checks molten.attention on the CPU reference path (convert-molten-to-linalg
+ mlir-runner, through scripts/molten_reference.py) against PyTorch's
torch.nn.functional.scaled_dot_product_attention computed in float64.

Each case is one function holding one molten.attention, with seeded random
inputs (uniform in [-2, 2], rounded to the element type, never zero). All
cases run in one module per mode:

* f32 mode: an f32 result must be within 1e-5 * max|expected| of PyTorch's;
  a bf16 result, rounded once, within 2^-8 * |expected| of it (plus the same
  f32 term). Rounding the scores or the probabilities to bf16 on the way
  would not stay within that.
* f64 mode (convert-molten-to-linalg=f64): within 1e-12 * max|expected|.

A fully masked query row (a mask row of -inf) must give exactly 0 in every
mode (PyTorch's SDPA gives 0 there too); with `nan_if_masked`, NaN, as the
math softmax(q k^T * scale + mask) v evaluated in float64 gives. NaN is
accepted only where the expected result has it. Every case prints its
largest error and tolerance; a mismatch prints the case, its inputs' shapes
and the first differing element, and makes the exit status 1.

    attention_check.py --scripts DIR --tools-dir DIR [--llvm-dir DIR] [--seed S]
"""

import argparse
import math
import sys

import torch
import torch.nn.functional as F

NEG_INF = float("-inf")


def ttype(shape, etype):
    return "tensor<" + "".join(
        ("?" if d is None else str(d)) + "x" for d in shape) + etype + ">"


class Case:
    """One molten.attention: operand shapes (the function's types make the
    dims in `dynamic` dynamic), element type, attributes and an optional
    mask (a float64 tensor, -inf allowed, with its element type)."""

    def __init__(self, name, q, k, v, etype, *, causal=False, scale=None,
                 mask=None, mask_etype="f32", dynamic=(), masked_rows=(),
                 nan_if_masked=False):
        self.name = "attention_" + name
        self.shapes = [q, k, v]
        self.etype, self.causal, self.scale = etype, causal, scale
        self.nan_if_masked = nan_if_masked
        self.mask, self.mask_etype = mask, mask_etype
        self.dynamic = dynamic
        # Query rows expected to be all 0 (all NaN with nan_if_masked).
        self.masked_rows = masked_rows
        self.result = q[:-1] + [v[-1]]

    def types(self):
        def dyn(shape):
            return [None if i in self.dynamic else d
                    for i, d in enumerate(shape)]
        q, k, v = (ttype(dyn(s), self.etype) for s in self.shapes)
        out = ttype(dyn(self.result), self.etype)
        mask = None
        if self.mask is not None:
            # A mask dim other than 1 is dynamic where the scores' dim is
            # (the verifier wants the mask's broadcast to be the scores'
            # shape exactly).
            rank = len(self.shapes[0])
            scores = dyn(self.shapes[0])[:-1] + [dyn(self.shapes[1])[-2]]
            lead = rank - self.mask.dim()
            mask = ttype([None if d != 1 and scores[lead + i] is None else d
                          for i, d in enumerate(self.mask.shape)],
                         self.mask_etype)
        return q, k, v, mask, out

    def text(self):
        q, k, v, mask, out = self.types()
        args = f"%q: {q}, %k: {k}, %v: {v}"
        attrs = ""
        if mask:
            args += f", %m: {mask}"
            attrs += f" mask(%m : {mask})"
        if self.scale is not None:
            attrs += f" scale = {self.scale!r}"
        if self.causal:
            attrs += " causal"
        if self.nan_if_masked:
            attrs += " nan_if_masked"
        return f"""
  func.func @{self.name}({args}) -> {out} {{
    %o = molten.attention %q, %k, %v{attrs} : {q}, {k}, {v} -> {out}
    return %o : {out}
  }}"""


def exact(t, etype):
    """`t` (float64) rounded to `etype` and back: exact in both."""
    dtype = {"f32": torch.float32, "bf16": torch.bfloat16}[etype]
    return t.to(dtype).double()


def random_tensor(gen, shape, etype):
    t = exact(torch.rand(shape, generator=gen, dtype=torch.float64) * 4 - 2,
              etype)
    return torch.where(t == 0, torch.full_like(t, 0.5), t)


def torch_reference(case, q, k, v, mask):
    """PyTorch's SDPA in float64; a mask with `causal` is folded into one
    additive mask (PyTorch takes one or the other)."""
    attn_mask, is_causal = mask, case.causal
    if case.causal and mask is not None:
        sq, skv = q.shape[-2], k.shape[-2]
        upper = torch.ones(sq, skv, dtype=torch.bool).triu(1)
        attn_mask = mask.masked_fill(upper, NEG_INF)
        is_causal = False
    return F.scaled_dot_product_attention(
        q, k, v, attn_mask=attn_mask, is_causal=is_causal, scale=case.scale,
        enable_gqa=q.dim() >= 3 and q.shape[-3] != k.shape[-3])


def torch_math(q, k, v, scale, mask=None):
    """softmax(q k^T * scale + mask) v in float64 as written, key/value heads
    repeated for grouped queries: a fully masked row is NaN."""
    if q.dim() >= 3 and q.shape[-3] != k.shape[-3]:
        group = q.shape[-3] // k.shape[-3]
        k = k.repeat_interleave(group, dim=-3)
        v = v.repeat_interleave(group, dim=-3)
    scores = q @ k.transpose(-1, -2) * scale
    if mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-1) @ v


def compare(got, want, etype, f64):
    """The problems of `got` against `want` (float64 tensors), the errors and
    the tolerances. NaN in `got` passes exactly where `want` has NaN."""
    problems = []
    expected_nan = torch.isnan(want)
    finite_want = want.masked_fill(expected_nan, 0.0)
    scale = finite_want.abs().max().item()
    if f64:
        tol = torch.full_like(want, 1e-12 * scale)
    else:
        tol = torch.full_like(want, 1e-5 * scale)
        if etype == "bf16":
            tol += 2.0 ** -8 * finite_want.abs()
    err = (got - finite_want).abs().masked_fill(expected_nan, 0.0)
    unexpected = ~torch.isfinite(got) & ~expected_nan
    if unexpected.any():
        problems.append("non-finite results")
    missing = expected_nan & ~torch.isnan(got)
    if missing.any():
        problems.append(f"{int(missing.sum())} elements are not the NaN "
                        "expected")
    bad = (err > tol) | unexpected | missing
    if bad.any():
        i = bad.flatten().nonzero()[0].item()
        problems.append(
            f"{int(bad.sum())} of {want.numel()} elements differ; "
            f"first at {i}: got {got.flatten()[i].item()!r}, "
            f"expected {want.flatten()[i].item()!r}")
    return problems, err, tol


def print_error(where, name, err, tol, extra=""):
    """The largest error of a case and its ratio to its element's
    tolerance (at most 1 to pass)."""
    print(f"{where}: {name}: max error {err.max().item():.3g}, at most "
          f"{(err / tol).max().item():.3g} of the tolerance{extra}")


def print_mismatch(where, case, seed, problems):
    print(f"MISMATCH [{where}] @{case.name} (seed {seed}):{case.text()}")
    for p in problems:
        print("  " + p)


def build_cases(gen):
    cases = []

    def mask_with_holes(sq, skv, full_rows, etype="f32"):
        """An additive mask: random finite biases, some -inf, and the rows
        `full_rows` all -inf."""
        m = exact(torch.rand(sq, skv, generator=gen, dtype=torch.float64)
                  * 2 - 1, etype)
        holes = torch.rand(sq, skv, generator=gen) < 0.3
        holes[:, 0] = False  # every other row keeps a key
        m = m.masked_fill(holes, NEG_INF)
        for r in full_rows:
            m[r] = NEG_INF
        return m

    for etype in ("f32", "bf16"):
        # Grouped-query attention (4 query heads on 2 kv heads), D != Dv,
        # odd lengths; batch and sequence dims dynamic.
        cases.append(Case(f"gqa_{etype}", [2, 4, 7, 16], [2, 2, 13, 16],
                          [2, 2, 13, 8], etype, dynamic=(0, 2)))
        cases.append(Case(f"gqa_causal_{etype}", [2, 4, 7, 16],
                          [2, 2, 13, 16], [2, 2, 13, 8], etype, causal=True,
                          dynamic=(0, 2)))
        # More queries than keys with causal: rows past Skv see every key.
        cases.append(Case(f"causal_long_q_{etype}", [1, 2, 13, 8],
                          [1, 2, 7, 8], [1, 2, 7, 12], etype, causal=True,
                          dynamic=(2,)))
        # One query row (a decoding step), with and without causal (which
        # then sees key 0 only: the upper-left triangle).
        cases.append(Case(f"one_row_{etype}", [2, 2, 1, 16], [2, 2, 13, 16],
                          [2, 2, 13, 16], etype, dynamic=(0, 2)))
        cases.append(Case(f"one_row_causal_{etype}", [2, 2, 1, 16],
                          [2, 2, 13, 16], [2, 2, 13, 16], etype, causal=True,
                          dynamic=(2,)))
        # An additive f32 mask broadcast over batch and heads, with a fully
        # masked row (row 3: zeros) and an explicit scale.
        cases.append(Case(f"mask_{etype}", [2, 4, 7, 16], [2, 2, 13, 16],
                          [2, 2, 13, 8], etype, scale=0.375,
                          mask=mask_with_holes(7, 13, [3]), dynamic=(0,),
                          masked_rows=[3]))
        # A boolean mask written additively (0 / -inf) in the operands' type,
        # per batch ([B, 1, Sq, Skv]), with rows 0 and 6 of batch 1 fully
        # masked; PyTorch gets it as a boolean mask.
        keep = torch.rand(2, 1, 7, 13, generator=gen) < 0.6
        keep[..., 0] = True
        keep[1, 0, 0] = False
        keep[1, 0, 6] = False
        bool_mask = torch.zeros(keep.shape, dtype=torch.float64).masked_fill(
            ~keep, NEG_INF)
        case = Case(f"bool_mask_{etype}", [2, 2, 7, 16], [2, 2, 13, 16],
                    [2, 2, 13, 8], etype, mask=bool_mask, mask_etype=etype,
                    dynamic=(2,))
        case.torch_mask = keep
        case.masked_batch_rows = [(1, 0), (1, 6)]
        cases.append(case)
        # A mask and causal together.
        cases.append(Case(f"mask_causal_{etype}", [1, 2, 7, 8], [1, 2, 13, 8],
                          [1, 2, 13, 8], etype, causal=True,
                          mask=mask_with_holes(7, 13, []), dynamic=(2,)))
        # nan_if_masked: the fully masked rows 2 and 5 are NaN, as the math
        # gives, every other row as without it.
        cases.append(Case(f"nan_if_masked_{etype}", [2, 4, 7, 16],
                          [2, 2, 13, 16], [2, 2, 13, 8], etype, scale=0.25,
                          mask=mask_with_holes(7, 13, [2, 5]), dynamic=(0,),
                          masked_rows=[2, 5], nan_if_masked=True))
    # No heads (rank 2) and one head dim only (rank 3).
    cases.append(Case("rank2_f32", [7, 16], [13, 16], [13, 8], "f32",
                      scale=0.3, dynamic=(0,)))
    cases.append(Case("rank3_bf16", [3, 5, 8], [3, 9, 8], [3, 9, 4], "bf16",
                      causal=True))
    return cases


def parse_args(description, seed):
    """The attention checks' command line: the arguments and
    molten_reference (imported from --scripts)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scripts", required=True,
                        help="directory of molten_reference.py")
    parser.add_argument("--tools-dir", required=True)
    parser.add_argument("--llvm-dir")
    parser.add_argument("--seed", type=int, default=seed)
    args = parser.parse_args()
    sys.path.insert(0, args.scripts)
    import molten_reference
    return args, molten_reference


def main():
    args, ref = parse_args(__doc__.split("\n")[0], 20250611)
    gen = torch.Generator().manual_seed(args.seed)
    cases = build_cases(gen)
    module = "module {" + "".join(c.text() for c in cases) + "\n}\n"
    calls, tensors = [], []
    for case in cases:
        q, k, v = (random_tensor(gen, s, case.etype) for s in case.shapes)
        inputs = [(list(t.shape), case.etype, t.flatten().tolist())
                  for t in (q, k, v)]
        if case.mask is not None:
            inputs.append((list(case.mask.shape), case.mask_etype,
                           case.mask.flatten().tolist()))
        calls.append((case.name, inputs))
        if case.nan_if_masked:
            scale = case.scale or 1 / math.sqrt(q.shape[-1])
            want = torch_math(q, k, v, scale, case.mask)
            for r in case.masked_rows:
                assert torch.isnan(want[..., r, :]).all()
        else:
            torch_mask = getattr(case, "torch_mask", case.mask)
            want = torch_reference(case, q, k, v, torch_mask)
        tensors.append(want)

    failures = 0
    for f64 in (False, True):
        mode = "f64" if f64 else "f32"
        outputs = ref.run_many(module, calls, f64=f64,
                               tools_dir=args.tools_dir,
                               llvm_dir=args.llvm_dir)
        for case, want, outs in zip(cases, tensors, outputs):
            shape, got = outs[0]
            got = torch.tensor(got, dtype=torch.float64).reshape(shape)
            problems = []
            if list(shape) != list(want.shape):
                problems.append(f"shape {shape}, expected {list(want.shape)}")
                got = None
            else:
                problems, err, tol = compare(got, want, case.etype, f64)
                # Fully masked rows are exactly zero (NaN with
                # nan_if_masked, which compare checks).
                rows = [got[..., r, :] for r in case.masked_rows]
                rows += [got[b, ..., r, :] for b, r in
                         getattr(case, "masked_batch_rows", [])]
                for row in rows:
                    if not case.nan_if_masked and (row != 0).any():
                        problems.append("a fully masked row is not all 0: "
                                        f"{row.flatten().tolist()}")
                print_error(f"{mode} mode", case.name, err, tol)
            if problems:
                failures += 1
                print_mismatch(f"{mode} mode", case, args.seed, problems)
    print(f"attention: {len(cases)} cases, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
