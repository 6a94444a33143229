"""Which views the backend leaves out of a region (test/Python/final-views.test):
those that only shape its results, as PyTorch makes them without copying;
but a layer norm's getitem is no view, and a split's parts go together.
Prints each graph's report line, the ops of the region's text, and the
calls its graph makes outside the region.

    final_views.py
"""
import torch
import torch.nn.functional as F

import molten
import molten.backend

torch.manual_seed(0)
norm, linear = torch.nn.LayerNorm(64), torch.nn.Linear(64, 64)


def post_norm(x):
    """The region ends in a layer norm: its getitem stays in."""
    return norm(linear(x) + x)


def split_heads(x, w):
    """The qkv split's three parts leave the region as views: it returns
    the product whole."""
    q, k, v = F.linear(x, w).split(64, dim=-1)
    return q.view(5, 4, 16).transpose(0, 1), k, v


def split_partly(x, w):
    """One part is used inside the region: the split stays, whole."""
    q, k, v = F.linear(x, w).split(64, dim=-1)
    return q * 2, k, v.exp()


texts = []
import_graph = molten.backend.import_graph


def recording(gm, name):
    imported = import_graph(gm, name)
    texts.append(imported.text)
    return imported


molten.backend.import_graph = recording
graphs = []
forward_compiler = molten.backend._forward_compiler


def keeping(options):
    compile_forward = forward_compiler(options)

    def compile_kept(gm, example_inputs):
        graphs.append(compile_forward(gm, example_inputs))
        return graphs[-1]
    return compile_kept


molten.backend._forward_compiler = keeping
x, w = torch.randn(5, 64), torch.randn(192, 64)
with torch.no_grad():
    for fn, args in ((post_norm, (x,)), (split_heads, (x, w)),
                     (split_partly, (x, w))):
        del texts[:], graphs[:]
        before = len(molten.backend.report())
        got = molten.compile(fn)(*args)
        want = fn(*args)
        for g, e in zip(got if isinstance(got, tuple) else [got],
                        want if isinstance(want, tuple) else [want]):
            assert torch.allclose(g, e), fn.__name__
        print("%s: %s" % (fn.__name__, "; ".join(
            molten.backend.report()[before:])))
        ops = [line.split("=")[1].split()[0] for line in texts[0].splitlines()
               if " = molten." in line]
        results = texts[0].splitlines()[0].split("->")[1].strip()
        print("  ops: %s -> %s" % (" ".join(ops), results))
        # What the graph calls outside the region: the views as methods.
        print("  outside: %s" % " ".join(
            "%s:%s" % (n.op, getattr(n.target, "__name__", n.target))
            for n in graphs[0].graph.nodes
            if n.op in ("call_function", "call_method")))
