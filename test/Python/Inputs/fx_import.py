"""molten.fx on aten graphs that torch.compile records: prints each
graph's molten function (test/Python/fx-import.test checks the text, and
that molten-opt verifies and compiles it) or, for a graph it cannot
import, the nodes that supported() rejects. Each imported function also
runs on the CPU reference path (scripts/molten_reference.py: molten-opt
and mlir-runner, in the program's own types) on the inputs the graph
was called with, and its results are compared with the graph's own (torch,
eager); the tolerances are molten-run's, by the narrowest float type.

    fx_import.py REFERENCE.py TOOLS_DIR
"""
import sys

import torch
import torch.nn.functional as F
from torch._dynamo.backends.common import aot_autograd

from molten.fx import UnsupportedError, import_graph, supported
from reference_check import ReferenceCheck  # beside this script


checker = ReferenceCheck(sys.argv[1], sys.argv[2])


def forward_graph(fn, inputs, dim=0):
    """The aten forward graph of fn (inference) with dim `dim` of the first
    input dynamic (the token dimension), and the arguments it was called
    with."""
    graphs = []

    def keep(gm, example_inputs):
        def call(*args):
            graphs.append((gm, args))
            return gm(*args)
        return call

    torch._dynamo.reset()
    torch._dynamo.mark_dynamic(inputs[0], dim)
    compiled = torch.compile(fn, backend=aot_autograd(fw_compiler=keep),
                             dynamic=False, fullgraph=True)
    with torch.no_grad():
        compiled(*inputs)
    assert len(graphs) == 1, len(graphs)
    return graphs[0]


def show(name, fn, *inputs, dim=0):
    gm, args = forward_graph(fn, inputs, dim)
    print("// ---- %s" % name)
    try:
        imported = import_graph(gm, name)
    except UnsupportedError as e:
        print("// unsupported: %s" % e)
        for node in gm.graph.nodes:
            if node.op == "call_function" and not supported(node):
                print("// rejected: %s" % node.target)
        return
    print(imported.text)
    with torch.no_grad():
        expected = gm(*args)
    if not isinstance(expected, (tuple, list)):
        expected = [expected]
    for k, t in zip(imported.tensor_inputs, imported.arguments(args)):
        if not t.is_contiguous():
            sys.exit("%s: argument %d reaches the function strided" % (name, k))
    checker.check_graph(imported, name, args, expected)
    # The function's results (memory order, contiguous) handed on in the
    # graph's layouts: the same values and strides.
    made = imported.results([w if o is None else w.permute(o).contiguous()
                             for w, o in zip(expected, imported.output_orders)])
    for m, w in zip(made, expected):
        if not (torch.equal(m, w) and m.stride() == w.stride()):
            sys.exit("%s: a result handed on as %s, traced as %s"
                     % (name, m.stride(), w.stride()))


torch.manual_seed(0)
# Odd sizes; the token dim 5, one row in `one_row`.
bf = torch.bfloat16
x = torch.randn(5, 64)
w = torch.randn(96, 64)
b = torch.randn(96)
xb, wb, bb = x.to(bf), w.to(bf), b.to(bf)
g = torch.randn(64)

show("elementwise", lambda x: torch.exp(-x) * torch.sigmoid(x) + torch.tanh(x)
     / 3.0 - torch.relu(x).sqrt() + torch.rsqrt(x.abs() + 1) + torch.erf(x)
     + F.silu(x) + torch.log(x.abs() + 2) + x ** 2.0, x)
show("gelu", lambda x: F.gelu(x) + F.gelu(x, approximate="tanh"), x)
show("linear_gelu", lambda x, w, b: F.gelu(F.linear(x, w, b)), xb, wb, bb)
show("rms_norm", lambda x, g: x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True)
                                            + 1e-6) * g, x, g)
show("softmax", lambda x: torch.softmax(x, -1), x)
show("cast", lambda x: (x.float() * 2).to(bf), xb)
show("compare_where", lambda x: torch.where(x > 0, x, torch.zeros_like(x)), x)
show("masked_fill", lambda x, m: torch.exp(x.masked_fill(m, float("-inf")))
     + x.masked_fill(m, 0.5), x, torch.rand(64) < 0.3)


def eager_attention(q, k, v, masked):
    """Attention as PyTorch eager writes it (4-d @, masked_fill, the softmax
    in f32)."""
    s = (q @ k.transpose(-2, -1)) * 0.25
    s = s.masked_fill(masked, float("-inf"))
    return torch.softmax(s.float(), dim=-1).to(q.dtype) @ v


masked = torch.rand(9) < 0.4  # a key padding mask
masked[0] = False  # no row fully masked
show("eager_attention", eager_attention,
     torch.randn(2, 4, 7, 16, dtype=bf), torch.randn(2, 4, 9, 16, dtype=bf),
     torch.randn(2, 4, 9, 8, dtype=bf), masked, dim=2)
show("max_min", lambda x, g: torch.maximum(x, g) - torch.minimum(x, g)
     + x.amax(-1, keepdim=True) - x.sum(1, keepdim=True), x, g)
show("views", lambda x: x.view(-1, 4, 16).permute(0, 2, 1).reshape(-1, 64), x)
show("slice_cat", lambda x: torch.cat([x[:, 32:], -x[:, :32]], dim=-1), x)
show("clamp", lambda x: x.clamp(-1.0, 2.0) + x.clamp(min=0.5), x)
show("matmul", lambda x, w: x @ w.t() + torch.mm(x, w.t().contiguous()), x, w)
show("batched", lambda q, k: torch.matmul(q, k.transpose(-1, -2)),
     torch.randn(3, 5, 16), torch.randn(3, 7, 16), dim=1)
show("one_row", lambda x, g: torch.softmax(x * g, -1), torch.randn(1, 33),
     torch.randn(33))
show("repeat_kv", lambda k, w: k[:, :, None, :, :].expand(
    k.shape[0], k.shape[1], 2, k.shape[2], k.shape[3]).reshape(
        k.shape[0], 2 * k.shape[1], k.shape[2], k.shape[3]) * w,
    torch.randn(1, 2, 5, 16), torch.randn(16), dim=2)
show("broadcast_rows", lambda x, w: w.expand(x.shape[0], 64) + x, x, g)
show("compares", lambda x, g: torch.where(x < g, x, g)
     + torch.where(x >= 1.0, 1.0, 2.0) + torch.where(x <= 0.5, x, -x)
     + torch.where(x != g, x, 0.0) + torch.where(x == 0.25, 3.0, x)
     + x.amin(-1, keepdim=True), x, g)
# An attention output as PyTorch keeps it: [1, 4, 5, 16] over memory in
# [1, 5, 4, 16] order. And a result that the graph lays out permuted.
show("permuted_input", lambda a, w: a.transpose(1, 2).reshape(1, -1, 64) * w,
     torch.randn(1, 5, 4, 16).transpose(1, 2), g, dim=2)
show("permuted_output", lambda x: (x * 2).view(-1, 4, 16).transpose(0, 1), x)
# A layout whose permutation is not its own inverse: [5, 4, 16] over
# memory in [4, 16, 5] order, in and out.
show("rotated_layout", lambda a: a * 2 + 1,
     torch.randn(4, 16, 5).permute(2, 0, 1))
show("unsupported", lambda x: torch.cumsum(x, -1) + 1, x)
