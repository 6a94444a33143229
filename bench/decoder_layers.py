#!/usr/bin/env python3
"""Decoder layers through torch.compile(backend="molten"), end to end.

Two modes, since the GPU machine has no MLIR (no compiler there):

    # here (CPU, build tree): compile every region and fill a bundle cache
    PYTHONPATH=python python3 bench/decoder_layers.py --make-cache layer-cache
    # on the GPU machine, the cache carried (PYTHONPATH=python, the runtime)
    python3 bench/decoder_layers.py --cache layer-cache --out DIR

The layers, bf16, random init (seed 0): a Llama-architecture decoder layer
(hidden 4096, 32 heads, 8 KV heads, intermediate 14336, RMSNorm, rotary
embedding, SiLU-gated MLP) and a GPT-2 block (hidden 768, 12 heads,
LayerNorm, tanh GELU). Attention is PyTorch's SDPA: Molten leaves it to
PyTorch for now. The sequence dim is dynamic (prefill) or 1 (decode), so
--make-cache compiles both shapes (a few tokens stand for any prefill
length).

On the GPU: prefill (2048 tokens) and decode (1 token) outputs against
eager (bf16 tolerance), then times eager, torch.compile (default) and
backend="molten", interleaved (bench.time_interleaved): prefill with CUDA
events around the calls, also both with mode="reduce-overhead" (their own
CUDA graphs, host included), and decode as CUDA graph replays. Writes
results.json and results.md; the backend's report says which regions ran
their bundles and which fell back (a region whose text differs from the
cached one, e.g. under another PyTorch version, finds no bundle).

The test test/Python/decoder-layers.test uses the layer classes at small
sizes.
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


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


class LlamaLayer(nn.Module):
    """Inputs: x [batch, seq, dim], cos and sin [seq, head_dim]."""

    def __init__(self, dim=4096, heads=32, kv_heads=8, inter=14336):
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

    def inputs(self, tokens, device, dtype=torch.bfloat16):
        gen = torch.Generator().manual_seed(tokens)
        x = torch.randn(1, tokens, self.q.in_features, generator=gen)
        cos = torch.randn(tokens, self.head_dim, generator=gen)
        sin = torch.randn(tokens, self.head_dim, generator=gen)
        return [t.to(device, dtype) for t in (x, cos, sin)]


class GPT2Block(nn.Module):
    """Input: x [batch, seq, dim]."""

    def __init__(self, dim=768, heads=12):
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

    def inputs(self, tokens, device, dtype=torch.bfloat16):
        gen = torch.Generator().manual_seed(tokens)
        x = torch.randn(1, tokens, self.qkv.in_features, generator=gen)
        return [x.to(device, dtype)]


def mark_tokens(inputs):
    """The sequence dim dynamic where it is more than 1."""
    for t in inputs:
        if t.shape[-2] > 1:
            torch._dynamo.mark_dynamic(t, t.dim() - 2)
    return inputs


def layers(device):
    torch.manual_seed(0)
    return {name: cls().to(device, torch.bfloat16).eval()
            for name, cls in (("llama", LlamaLayer), ("gpt2", GPT2Block))}


def make_cache(args):
    import molten
    import molten.backend
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(args.make_cache)
    with torch.no_grad():
        for name, layer in layers("cpu").items():
            compiled = molten.compile(layer)
            for tokens in (3, 1):
                compiled(*mark_tokens(layer.inputs(tokens, "cpu")))
    report = molten.backend.report()
    # One cache can serve several PyTorch versions (their graphs, and so
    # the regions' texts and keys, differ): one report each.
    path = os.path.join(args.make_cache, "report-%s.txt" % torch.__version__)
    with open(path, "w") as f:
        f.write("\n".join(report) + "\n")
    print("\n".join(report))


def run(args):
    import bench  # bench/bench.py, beside this script: timers, errors
    import molten
    os.environ["MOLTEN_CACHE_DIR"] = os.path.abspath(args.cache)
    os.makedirs(args.out, exist_ok=True)
    results = {"device": torch.cuda.get_device_name(),
               "torch": torch.__version__, "command": " ".join(sys.argv),
               "cases": []}
    with torch.no_grad():
        for name, layer in layers("cuda").items():
            variants = {"eager": layer, "compile": torch.compile(layer),
                        "molten": molten.compile(layer)}
            # mode="reduce-overhead" replays CUDA graphs itself: timed with
            # the host in prefill; decode captures every variant already.
            replaying = {
                "compile-ro": torch.compile(layer, mode="reduce-overhead"),
                "molten-ro": molten.compile(layer, mode="reduce-overhead")}
            for phase, tokens in (("prefill", args.prefill), ("decode", 1)):
                sets = [mark_tokens(layer.inputs(tokens, "cuda"))] * 2
                want = layer(*sets[0])
                timer = bench.call_timer if phase == "prefill" \
                    else bench.graph_timer
                errors, timers, failures = {}, {}, {}
                timed = dict(variants, **(replaying if phase == "prefill"
                                          else {}))
                for v, fn in timed.items():
                    # One variant failing (a capture, a compile) must not
                    # lose the others' numbers.
                    try:
                        if v != "eager":
                            errors[v] = bench.max_rel_error(fn(*sets[0]), want)
                        timers[v] = timer(fn, sets)
                    except Exception as e:  # noqa: BLE001
                        failures[v] = "%s: %s" % (type(e).__name__, e)
                        print("%s %s %s failed: %s" % (name, phase, v,
                                                       failures[v]))
                times = bench.time_interleaved(timers)
                case = {"layer": name, "phase": phase, "tokens": tokens,
                        "seconds": times, "max_rel_error": errors,
                        "failures": failures}
                add_case(results, case)
    dump_results(results, args.out)
    lines = ["# Decoder layers, backend=\"molten\" (%s, torch %s)" % (
        results["device"], results["torch"]), "",
        "| layer | phase | tokens | eager us | compile us | molten us | "
        "compile / molten | molten error | compile-ro us | molten-ro us |",
        "| --- " * 10 + "|"]
    nan = float("nan")
    for c in results["cases"]:
        s = c["seconds"]
        lines.append("| %s | %s | %d | %.1f | %.1f | %.1f | %.2f | %.1e | "
                     "%.1f | %.1f |" % (
                         c["layer"], c["phase"], c["tokens"],
                         s.get("eager", nan) * 1e6,
                         s.get("compile", nan) * 1e6,
                         s.get("molten", nan) * 1e6,
                         s.get("compile", nan) / s.get("molten", nan),
                         c["max_rel_error"].get("molten", nan),
                         s.get("compile-ro", nan) * 1e6,
                         s.get("molten-ro", nan) * 1e6))
    failed = ["- %s %s %s: %s" % (c["layer"], c["phase"], v, why)
              for c in results["cases"] for v, why in c["failures"].items()]
    if failed:
        lines += ["", "Failed:", ""] + failed
    write_lines(os.path.join(args.out, "results.md"), lines,
                results["report"])


def add_case(results, case):
    """One timed case into `results`, and as a line of JSON to stdout."""
    results["cases"].append(case)
    print(json.dumps(case), flush=True)


def dump_results(results, out):
    """The backend's report into `results`, and all of it to
    out/results.json."""
    import molten.backend
    results["report"] = molten.backend.report()
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


def two_halves(doc, make_cache, run, out, add_arguments=None):
    """The command line of a benchmark made in two halves (this script and
    bench/call_overhead.py): --make-cache DIR compiles here into a bundle
    cache, --cache DIR runs it on the GPU machine."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--make-cache", metavar="DIR",
                        help="compile here (CPU) into the bundle cache DIR")
    parser.add_argument("--cache", metavar="DIR",
                        help="on the GPU: the carried bundle cache")
    parser.add_argument("--out", default=out)
    if add_arguments:
        add_arguments(parser)
    args = parser.parse_args()
    if args.make_cache:
        make_cache(args)
    elif args.cache:
        run(args)
    else:
        parser.error("give --make-cache DIR (here) or --cache DIR (GPU)")


def write_lines(path, lines, report):
    """The markdown `lines`, then the backend's report, to `path` and
    stdout."""
    lines = lines + ["", "Regions:", ""] + ["- " + r for r in report]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    two_halves(__doc__, make_cache, run, "/tmp/decoder-layers",
               lambda parser: parser.add_argument("--prefill", type=int,
                                                  default=2048))


if __name__ == "__main__":
    main()
