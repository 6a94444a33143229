"""molten.backend on this CPU machine (test/Python/backend.test): a graph
with an op molten cannot import (cumsum) compiles with backend="molten";
the importable region around it becomes a bundle in the cache, the rest
stays in PyTorch, and, with CPU tensors, every region falls back to
PyTorch: the results are eager's, bit for bit. Prints the report, then
each region's custom op (molten::region_<key>) with torch.library.opcheck's
verdict on the arguments it was called with (schema, fake tensors,
aliasing, AOT dispatch with dynamic shapes).

    backend.py
"""
import torch
import torch.nn.functional as F

import molten
import molten.backend


def layer(x, w, b, g):
    h = F.gelu(F.linear(x, w, b))
    y = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + 1e-6) * g
    return torch.cumsum(y, -1) + 1


calls = {}
run = molten.backend._Region.run


def recording(region, *args):
    calls.setdefault(region.name, (region, args))
    return run(region, *args)


molten.backend._Region.run = recording
# Whether each region call took the direct path (real tensors, no tracing)
# rather than its custom op: a parameter among the tensors must not
# divert it.
direct = []
running = molten.backend._running
molten.backend._running = lambda args: direct.append(running(args)) or direct[-1]
torch.manual_seed(0)
x = torch.randn(5, 64)
w, b = torch.randn(96, 64), torch.randn(96)
g = torch.nn.Parameter(torch.randn(96), requires_grad=False)
torch._dynamo.mark_dynamic(x, 0)
with torch.no_grad():
    fast = molten.compile(layer)
    got = fast(x, w, b, g)
    # AOTAutograd watches the first call's custom ops through a dispatch
    # mode; later calls go straight to the bundles.
    del direct[:]
    again = fast(x, w, b, g)
    second = list(direct)
    got_by_name = torch.compile(layer, backend="molten")(x, w, b, g)
    want = layer(x, w, b, g)
assert torch.equal(got, want) and torch.equal(again, want)
assert torch.equal(got_by_name, want)
print("\n".join(molten.backend.report()))
print("second call: %d region calls, %d direct" % (len(second), sum(second)))
for name, (region, args) in sorted(calls.items()):
    positions = set(region.imported.tensor_inputs)
    tensors = [a for i, a in enumerate(args) if i in positions]
    sizes = [a for i, a in enumerate(args) if i not in positions]
    torch.library.opcheck(region.op, (tensors, sizes))
    print("%s: %s opcheck ok" % (name, region.op._opoverload._schema))

# mode="reduce-overhead" (CUDA graph trees) through both entry points: on
# CPU tensors PyTorch's own check skips the graphs, and says why.
with torch.no_grad():
    for fast in (molten.compile(layer, mode="reduce-overhead"),
                 torch.compile(layer, backend="molten",
                               mode="reduce-overhead")):
        assert torch.equal(fast(x, w, b, g), want)
print("\n".join(r for r in molten.backend.report()
                if r.startswith("CUDA graphs")))
# The compiled function takes the boxed calling convention: it empties the
# argument list it is given (CUDA graph trees assert it).
from torch.fx.experimental.proxy_tensor import make_fx  # noqa: E402
pair = [torch.randn(3), torch.randn(3)]
boxed = molten.backend._cuda_graphs(lambda gm, example: gm, 0)(
    make_fx(lambda a, c: (a * c + 1,))(*pair), pair)
arguments = list(pair)
result = boxed(arguments)
print("boxed call: arguments left %d, result %s" % (
    len(arguments), torch.equal(result[0], pair[0] * pair[1] + 1)))
for kwargs in ({"mode": "fastest"}, {"options": {"chip": "sm_90a"}}):
    torch._dynamo.reset()
    try:
        torch.compile(layer, backend="molten", **kwargs)(x, w, b, g)
        print("no error for", kwargs)
    except Exception as e:  # Dynamo wraps the backend's ValueError
        print(next(line for line in str(e).splitlines()
                   if "molten backend" in line))

# One region text, two layouts: a transpose inside one region, a permuted
# argument of the other. Each gets its own custom op (whose first call
# runs the region): the same results as eager.
torch._dynamo.reset()
with torch.no_grad():
    inner = torch.randn(1, 5, 4, 16)
    outer = torch.randn(1, 5, 4, 16).transpose(1, 2)
    first = molten.compile(lambda a: a.transpose(1, 2) * 2)(inner)
    second = molten.compile(lambda a: a * 2)(outer)
print("one text, two layouts:", torch.equal(first, inner.transpose(1, 2) * 2),
      torch.equal(second, outer * 2))
