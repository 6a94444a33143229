"""Writes large molten programs for the compile-time test.

  gen_large.py chain N    a chain of N unary ops on tensor<?x64xf32>
  gen_large.py concat N   a concat of N inputs (two arguments, alternating)
  gen_large.py region N   a hand-written molten.fused region adding N inputs
"""
import sys


def chain(n):
    ops = ["exp", "neg", "abs", "tanh", "sigmoid"]
    lines = ["func.func @chain(%a0: tensor<?x64xf32>) -> tensor<?x64xf32> {"]
    prev = "%a0"
    for i in range(n):
        lines.append("  %%v%d = molten.%s %s : tensor<?x64xf32>" % (i, ops[i % 5], prev))
        prev = "%%v%d" % i
    lines.append("  return %s : tensor<?x64xf32>" % prev)
    lines.append("}")
    return "\n".join(lines)


def concat(n):
    t = "tensor<4x64xf32>"
    out = "tensor<%dx64xf32>" % (4 * n)
    inputs = ", ".join("%a0" if i % 2 == 0 else "%a1" for i in range(n))
    return "\n".join([
        "func.func @wide(%%a0: %s, %%a1: %s) -> %s {" % (t, t, out),
        "  %%y = molten.concat %s dim = 0 : %s -> %s" % (inputs, ", ".join([t] * n), out),
        "  %%z = molten.exp %%y : %s" % out,
        "  return %%z : %s" % out,
        "}",
    ])


def region(n):
    t = "tensor<?x64xf32>"
    args = ", ".join("%%a%d: %s" % (i, t) for i in range(n))
    inputs = ", ".join("%%a%d" % i for i in range(n))
    block = ", ".join("%%b%d: %s" % (i, t) for i in range(n))
    lines = ["func.func @big(%s) -> %s {" % (args, t),
             "  %%r = molten.fused hero(loop) ins(%s : %s) -> (%s) {" % (inputs, ", ".join([t] * n), t),
             "  ^bb0(%s):" % block,
             "    %%s1 = molten.add %%b0, %%b1 : %s, %s" % (t, t)]
    for i in range(2, n):
        lines.append("    %%s%d = molten.add %%s%d, %%b%d : %s, %s" % (i, i - 1, i, t, t))
    lines += ["    molten.yield %%s%d : %s" % (n - 1, t), "  }", "  return %%r : %s" % t, "}"]
    return "\n".join(lines)


if __name__ == "__main__":
    kind, n = sys.argv[1], int(sys.argv[2])
    print({"chain": chain, "concat": concat, "region": region}[kind](n))
