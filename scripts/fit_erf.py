#!/usr/bin/env python3
"""Derives and checks the relaxed f32 erf of convert-molten-to-gpu.

    PYTHONPATH=~/.cache/molten/torch python3 scripts/fit_erf.py

erf(x) = sign(x) * (1 - 2^(t * P(t))), t = min(|x|, 4), with t * P(t) a
degree-8 polynomial without constant term fitted to log2(erfc(t)) on
[1/64, 4], weighted by erfc(t) (an error d in the exponent moves erf by
about erfc(t) * ln(2) * d), by least squares reweighted toward minimax.
Below |x| = 1/64 the kernel uses x * (2/sqrt(pi)) * (1 - x^2/3). Prints
the coefficients (highest power first, as FastErfPolynomial lists them)
and the largest absolute and relative errors of the formula evaluated in
f32 (Horner with one rounding per multiply-add, exp2 rounded to f32)
against math.erf. docs/precision.md quotes them.
"""
import math

import torch

LIMIT, SMALL, DEGREE = 4.0, 1 / 64, 8


def f32(x):
    return x.float().double()


def fit():
    n = 4000
    t = torch.tensor([SMALL + (LIMIT - SMALL) *
                      (1 - math.cos(math.pi * (i + 0.5) / n)) / 2
                      for i in range(n)], dtype=torch.float64)
    target = torch.tensor([math.log2(math.erfc(v)) for v in t.tolist()],
                          dtype=torch.float64)
    weight = torch.tensor([math.erfc(v) for v in t.tolist()],
                          dtype=torch.float64)
    basis = torch.stack([t**k for k in range(1, DEGREE + 1)], 1)
    w = weight.clone()
    for _ in range(40):
        coef = torch.linalg.lstsq(basis * w[:, None], target * w).solution
        error = (basis @ coef - target).abs() * weight
        w = w * (1 + 5 * error / error.max())
    return [round(c, 9 - int(math.floor(math.log10(abs(c)))))
            for c in reversed(coef.tolist())]


def relaxed_erfc(coef, t, c=1.0, exponent=0.0):
    """2^(c t P(c t) + exponent) in f32, t >= 0, as fastErfc computes it:
    t^j's coefficient times c^j (rounded to f32), the exponent added in the
    last multiply-add; exp2 flushes results under 2^-126."""
    k = [float(f32(torch.tensor(v * c ** (len(coef) - i))))
         for i, v in enumerate(coef)]
    r = torch.full_like(t, k[0])
    for v in k[1:]:
        r = f32(r * t + v)
    e = f32(torch.exp2(f32(r * t + exponent)))
    return torch.where(e < 2.0**-126, torch.zeros_like(e), e)


def relaxed_one_plus_erf(coef, y):
    """GELU's 1 + erf(y) as FastOnePlusErf computes it (t unclamped)."""
    e = relaxed_erfc(coef, y.abs())
    return torch.where(y < 0, e, f32(2 - e))


def relaxed_gelu_half(coef, x):
    """(1 + erf(x / sqrt(2))) / 2 as FastOnePlusErf computes it inside a
    GELU: the polynomial on |x| with the coefficients scaled by sqrt(1/2)^j,
    the 1/2 as -1 in the exponent."""
    e = relaxed_erfc(coef, x.abs(), math.sqrt(0.5), -1.0)
    return torch.where(x < 0, e, f32(1 - e))


def relaxed_erf(coef, x):
    t = torch.clamp(x.abs(), max=LIMIT)
    large = torch.sign(x) * f32(1 - relaxed_erfc(coef, t))
    k1 = float(f32(torch.tensor(2 / math.sqrt(math.pi))))
    k3 = float(f32(torch.tensor(-2 / (3 * math.sqrt(math.pi)))))
    small = f32(x * f32(f32(x * x) * k3 + k1))
    return torch.where(x.abs() < SMALL, small, large)


def main():
    coef = fit()
    print("coefficients, t^8 to t^1:", ", ".join("%.9e" % c for c in coef))
    magnitudes = torch.logspace(-30, 0.7, 200001, dtype=torch.float64)
    x = f32(torch.cat([torch.linspace(-6, 6, 2000001, dtype=torch.float64),
                       magnitudes, -magnitudes]))
    exact = torch.tensor([math.erf(v) for v in x.tolist()],
                         dtype=torch.float64)
    error = (relaxed_erf(coef, x) - exact).abs()
    relative = error / exact.abs().clamp(min=1e-300)
    print("max absolute error %.3g at x = %.6g" % (error.max(),
                                                   x[error.argmax()]))
    print("max relative error %.3g at x = %.6g" % (relative.max(),
                                                   x[relative.argmax()]))
    # 1 + erf(y): absolute error everywhere; relative where y < 0 and the
    # exact value is at least 1e-6 (as far as GELU's results matter to
    # a 16-bit output), against the same sum evaluated in f32 from an exact erf.
    y = f32(torch.cat([torch.linspace(-40, 40, 4000001, dtype=torch.float64),
                       magnitudes, -magnitudes]))
    exact = torch.tensor([math.erfc(-v) for v in y.tolist()],
                         dtype=torch.float64)
    for name, value in (("relaxed", relaxed_one_plus_erf(coef, y)),
                        ("f32 1 + erf", f32(1 + f32(torch.erf(y))))):
        error = (value - exact).abs()
        tail = (y < 0) & (exact >= 1e-6)
        relative = (error / exact.clamp(min=1e-300))[tail]
        print("1 + erf(y), %s: max absolute error %.3g at y = %.6g, max "
              "relative error for y < 0 down to 1e-6 %.3g at y = %.6g" %
              (name, error.max(), y[error.argmax()], relative.max(),
               y[tail][relative.argmax()]))
    # Inside a GELU, 0.5 x (1 + erf(x / sqrt(2))) = x * h: h's absolute
    # error, and against h evaluated in f32 from an exact erf and y.
    exact = torch.tensor([math.erfc(-v * math.sqrt(0.5)) / 2
                          for v in y.tolist()], dtype=torch.float64)
    y_f32 = f32(y * float(f32(torch.tensor(math.sqrt(0.5)))))
    for name, value in (("folded", relaxed_gelu_half(coef, y)),
                        ("f32 (1 + erf) / 2",
                         f32(0.5 * f32(1 + f32(torch.erf(y_f32)))))):
        error = (value - exact).abs()
        tail = (y < 0) & (exact >= 1e-6)
        relative = (error / exact.clamp(min=1e-300))[tail]
        print("GELU's (1 + erf(x / sqrt 2)) / 2, %s: max absolute error %.3g "
              "at x = %.6g, max relative error for x < 0 down to 1e-6 %.3g "
              "at x = %.6g" % (name, error.max(), y[error.argmax()],
                               relative.max(), y[tail][relative.argmax()]))


if __name__ == "__main__":
    main()
