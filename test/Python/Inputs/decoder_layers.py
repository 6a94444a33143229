"""Two decoder layers through backend="molten" on the CPU
(test/Python/decoder-layers.test), bf16 with the sequence dim dynamic:
Llama-style (RMSNorm, q/k/v projections with grouped KV heads, rotary
embedding, SDPA, residuals, SiLU-gated MLP) and GPT-2's block (LayerNorm,
fused qkv projection with bias split three ways, SDPA, tanh GELU MLP).
Prints each one's report, and runs every region's molten function on the
CPU reference path (scripts/molten_reference.py) on the inputs the region
got, comparing it with PyTorch's result for that region at the bf16
tolerance; each layer's output must equal eager's.

    decoder_layers.py REFERENCE.py TOOLS_DIR
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import molten
import molten.backend
from reference_check import ReferenceCheck  # beside this script

checker = ReferenceCheck(sys.argv[1], sys.argv[2])


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(dim))
        self.eps = eps

    def forward(self, x):
        xf = x.float()
        xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return xf.to(x.dtype) * self.weight


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., half:], x[..., :half]), dim=-1) * sin


class Layer(nn.Module):
    def __init__(self, dim=64, heads=4, kv_heads=2, inter=96):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, dim // heads
        kv = kv_heads * self.head_dim
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(dim, kv, bias=False)
        self.v = nn.Linear(dim, kv, bias=False)
        self.o = nn.Linear(dim, dim, bias=False)
        self.gate = nn.Linear(dim, inter, bias=False)
        self.up = nn.Linear(dim, inter, bias=False)
        self.down = nn.Linear(inter, dim, bias=False)
        self.norm1, self.norm2 = RMSNorm(dim), RMSNorm(dim)

    def forward(self, x, cos, sin):
        b, t, d = x.shape
        h = self.norm1(x)
        q = self.q(h).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(h).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v(h).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True,
                                           enable_gqa=True)
        x = x + self.o(a.transpose(1, 2).reshape(b, t, d))
        h = self.norm2(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class GPT2Block(nn.Module):
    def __init__(self, dim=64, heads=4):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.fc = nn.Linear(dim, 4 * dim)
        self.out = nn.Linear(4 * dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = [z.view(b, t, self.heads, d // self.heads).transpose(1, 2)
                   for z in (q, k, v)]
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(a.transpose(1, 2).reshape(b, t, d))
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


checked = []
fallback = molten.backend._Region.forward


def forward_and_check(region, *args):
    """PyTorch's result for the region, checked against the reference."""
    want = fallback(region, *args)
    wants = want if isinstance(want, (tuple, list)) else (want,)
    checker.check(region.imported.text, region.name,
                  [args[i] for i in region.imported.tensor_inputs], wants)
    checked.append(region.name)
    return want


def run(title, model, *inputs):
    for t in inputs:
        torch._dynamo.mark_dynamic(t, t.dim() - 2)
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
bf16 = torch.bfloat16
run("llama", Layer().to(bf16).eval(), torch.randn(1, 5, 64, dtype=bf16),
    torch.randn(5, 16, dtype=bf16), torch.randn(5, 16, dtype=bf16))
run("gpt2", GPT2Block().to(bf16).eval(), torch.randn(1, 5, 64, dtype=bf16))
