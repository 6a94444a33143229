#!/usr/bin/env python3
"""Which Triton kernels and launch configurations torch.compile picks for the
benchmark's workloads (run on the GPU machine): writes each case's generated
code and the autotuner's chosen configs under OUT.
    python3 bench/probe/inductor_configs.py OUT [name:dtype:hidden:rows ...]
"""
import glob
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import workloads  # noqa: E402

out = sys.argv[1]
cases = sys.argv[2:] or ["rms_norm:f32:4096:32768", "rms_norm:bf16:4096:32768",
                         "softmax:bf16:4096:32768", "rope:bf16:4096:32768",
                         "gelu_bias:bf16:4096:32768",
                         "rms_norm_silu_gate:bf16:4096:32768",
                         "layer_norm:f32:4096:32768", "rms_norm:bf16:65536:512",
                         "rms_norm_silu_gate:f32:4096:1"]
os.makedirs(out, exist_ok=True)
import torch  # noqa: E402
import torch._inductor.config as cfg  # noqa: E402

fns = workloads.torch_fns()
gen = torch.Generator(device="cuda").manual_seed(0)
for case in cases:
    name, dtype, hidden, rows = case.split(":")
    cache = os.path.join(out, "cache-" + case.replace(":", "_"))
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = cache
    os.environ["TRITON_CACHE_DIR"] = os.path.join(cache, "triton")
    torch._dynamo.reset()
    inputs = workloads.make_inputs(name, int(rows), int(hidden), dtype, gen)
    if isinstance(inputs, dict):
        inputs = list(inputs.values())
    fn = torch.compile(fns[name], dynamic=False)
    fn(*inputs)
    torch.cuda.synchronize()
    summary = []
    for path in glob.glob(os.path.join(cache, "**", "*.best_config"), recursive=True):
        summary.append(path + ": " + open(path).read())
    for path in glob.glob(os.path.join(cache, "**", "*.py"), recursive=True):
        text = open(path).read()
        if "@triton.jit" in text or "triton_heuristics" in text:
            summary.append("==== " + path + "\n" + text)
    with open(os.path.join(out, case.replace(":", "_") + ".txt"), "w") as f:
        f.write("\n".join(summary))
    print(case, len(summary), "files", flush=True)
    shutil.rmtree(os.path.join(cache, "triton"), ignore_errors=True)
