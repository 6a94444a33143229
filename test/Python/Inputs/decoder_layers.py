"""Two decoder layers through backend="molten" on the CPU
(test/Python/decoder-layers.test), bf16 with the sequence dim dynamic:
Llama-style (RMSNorm, q/k/v projections with grouped KV heads, rotary
embedding, SDPA, residuals, SiLU-gated MLP) and GPT-2's block (LayerNorm,
fused qkv projection with bias split three ways, SDPA, tanh GELU MLP).
Prints each one's report, and runs every region's molten function on the
CPU reference path (scripts/molten_reference.py) on the inputs the region
got, comparing it with PyTorch's result for that region at the bf16
tolerance; each layer's output must equal eager's.

    decoder_layers.py REFERENCE.py TOOLS_DIR LAYERS.py

LAYERS.py is bench/decoder_layers.py, whose layer classes this runs at
small sizes.
"""
import importlib.util
import sys

import torch

import molten
import molten.backend
from reference_check import ReferenceCheck  # beside this script

checker = ReferenceCheck(sys.argv[1], sys.argv[2])
spec = importlib.util.spec_from_file_location("decoder_layers", sys.argv[3])
layers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(layers)


checked = []
fallback = molten.backend._Region.forward


def forward_and_check(region, *args):
    """PyTorch's result for the region, checked against the reference."""
    want = fallback(region, *args)
    wants = want if isinstance(want, (tuple, list)) else (want,)
    checker.check_graph(region.imported, region.name, args, wants)
    checked.append(region.name)
    return want


def run(title, model, *inputs):
    del checked[:]
    start = len(molten.backend.report())
    with torch.no_grad():
        got = molten.compile(model)(*inputs)
        want = model(*inputs)
    assert torch.equal(got, want), title
    print("%s:" % title)
    print("\n".join(molten.backend.report()[start:]))
    print("checked against the reference:", " ".join(sorted(checked)))


molten.backend._Region.forward = forward_and_check
torch.manual_seed(0)
llama = layers.LlamaLayer(dim=64, heads=4, kv_heads=2, inter=96)
gpt2 = layers.GPT2Block(dim=64, heads=4)
for title, layer in (("llama", llama), ("gpt2", gpt2)):
    layer = layer.to(torch.bfloat16).eval()
    run(title, layer, *layers.mark_tokens(layer.inputs(5, "cpu")))
