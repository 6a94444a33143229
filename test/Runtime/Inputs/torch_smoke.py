"""molten.runtime on a GPU with PyTorch (not run by lit here: the
CI machines have neither; run it by hand on a GPU machine):

    MOLTEN_RUNTIME_LIB=<dir>/libmolten_runtime.so python3 torch_smoke.py

The bundle of gpu_smoke.cpp (y = 2 * x + 1 through a temporary): results,
out=, a side stream, a CUDA graph, argument errors."""
import os
import sys

import torch

import molten.runtime as mr

here = os.path.dirname(os.path.abspath(__file__))

ptx = open(os.path.join(here, "smoke.ptx")).read()
text = ("molten-bundle 1\ntarget sm_80\nptx %d\n%s\n" % (len(ptx.encode()), ptx) +
        "function scale inputs 1 outputs 1 symbols 1\n"
        "buffer 0 input 0 f32 1 s0\n"
        "buffer 1 temp f32 1 s0\n"
        "buffer 2 output 0 f32 1 s0\n"
        "kernel k_twice grid cdiv s0 256 1 1 block 256 1 1 smem 0 buffers 2 0 1 symbols 1 0\n"
        "kernel k_plus1 grid cdiv s0 256 1 1 block 256 1 1 smem 0 buffers 2 1 2 symbols 1 0\n"
        "end\n")
b = mr.Bundle(data=text)
n = 1000003
x = torch.randn(n, device="cuda")
want = x * 2 + 1

y = b.run("scale", x)
assert torch.equal(y, want), "run"
print("run: ok")

out = torch.empty_like(x)
assert b.run("scale", x, out=out) is out and torch.equal(out, want), "out="
print("out=: ok")

s = torch.cuda.Stream()
s.wait_stream(torch.cuda.current_stream())
with torch.cuda.stream(s):
    y2 = b.run("scale", x)
s.synchronize()
assert torch.equal(y2, want), "side stream"
print("side stream: ok")

b.prepare()
xs = torch.zeros(n, device="cuda")
g = torch.cuda.CUDAGraph()
with torch.cuda.graph(g):
    ys = b.run("scale", xs)
xs.copy_(x)
g.replay()
torch.cuda.synchronize()
assert torch.equal(ys, want), "graph"
print("graph: ok")

for name, call, status in [
        ("unaligned", lambda: b.run("scale", x[1:]), "MOLTEN_ERROR_ARGUMENT_MISMATCH"),
        ("dtype", lambda: b.run("scale", x.half()), "MOLTEN_ERROR_ARGUMENT_MISMATCH"),
        ("shape", lambda: b.run("scale", x, out=torch.empty(5, device="cuda")),
         "MOLTEN_ERROR_ARGUMENT_MISMATCH"),
        ("cpu", lambda: b.run("scale", x.cpu()), "MOLTEN_ERROR_INVALID_ARGUMENT")]:
    try:
        call()
        raise AssertionError(name + ": no error")
    except mr.MoltenError as e:
        print("[%s] %s: %s" % (name, e.status, e))
        assert e.status == status, (name, e.status)
print("torch smoke: ok")
