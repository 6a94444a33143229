"""A prepared launch (molten.runtime._Launch) on CPU tensors, with a driver
and a PyTorch device API that only record: the inputs the first call made
contiguous are made contiguous again, the others are passed as they are,
and fresh outputs of the kept shapes are passed."""
import ctypes
import types

import torch

from molten import runtime


class Library:
    """molten_run that reads each input back through its pointer."""

    def __init__(self):
        self.calls = []
        self.status = 0

    def molten_run(self, handle, name, ins, n_in, outs, n_out, stream):
        seen = []
        for k in range(n_in):
            count = 1
            for d in range(ins[k].rank):
                count *= ins[k].shape[d]
            data = ctypes.string_at(ins[k].data, count * 4)
            seen.append((ins[k].data, torch.frombuffer(bytearray(data),
                                                       dtype=torch.float32)))
        self.calls.append((name, seen, [outs[k].data for k in range(n_out)]))
        return self.status


fake_torch = types.SimpleNamespace(
    empty=torch.empty,
    cuda=types.SimpleNamespace(current_device=lambda: 0, device=None),
    _C=types.SimpleNamespace(_cuda_getCurrentRawStream=lambda index: 0))


def arrays(tensors):
    keep = []
    array = (runtime._Tensor * len(tensors))()
    for k, t in enumerate(tensors):
        array[k], shape = runtime._tensor_struct(t.data_ptr(), "f32", t.shape)
        keep.append(shape)
    return array, keep


x = torch.randn(5, 3)
w = torch.randn(5)
ins, keep_in = arrays([x, w])
outs, keep_out = arrays([torch.empty(5, 3)])
lib = Library()
launch = runtime._Launch(lib, fake_torch, b"f", ins, outs, keep_in + keep_out,
                         [((5, 3), torch.float32)], torch.device("cpu", 0),
                         copied=[0])
transposed = torch.randn(3, 5).t()  # [5, 3], not contiguous
result = launch(None, [transposed, w])
(_, seen, out_pointers), = lib.calls
print("input 0 copied:", seen[0][0] != transposed.data_ptr(),
      torch.equal(seen[0][1], transposed.contiguous().flatten()))
print("input 1 as is:", seen[1][0] == w.data_ptr(), torch.equal(seen[1][1], w))
print("output:", tuple(result.shape), out_pointers == [result.data_ptr()])

# accepts(): the devices and layouts of the call that made the launch.
launch.placement = runtime._placement([transposed, w])
print("accepts:", launch.accepts([transposed, w]),
      launch.accepts([transposed.contiguous(), w]))

# A backend region's fast path: a launch kept for the inputs' symbolic
# sizes runs inputs it accepts; other sizes or layouts go the checked way
# (with CPU tensors, PyTorch's graph).
import threading  # noqa: E402

from molten import backend  # noqa: E402
from molten.fx import ImportedGraph  # noqa: E402

region = backend._Region.__new__(backend._Region)
torch.nn.Module.__init__(region)
region.name, region.bundle = "f", types.SimpleNamespace(handle=lambda: None)
region.imported = ImportedGraph("", [0, 1], 1)
region.dynamic, region._local = [0], threading.local()
region.graph_module = lambda a, b: a + 1
launch.copied = []
launch.placement = runtime._placement([x, w])
region._launches()[(x.shape,)] = launch
lib.calls.clear()
out = region.run(x, w)[0]
print("same sizes: launched", len(lib.calls), tuple(out.shape))
longer = torch.randn(6, 3)
out = region.run(longer, w)[0]
print("other sizes: launched", len(lib.calls), torch.equal(out, longer + 1))
out = region.run(transposed, w)[0]
print("other layout: launched", len(lib.calls), torch.equal(out, transposed + 1))
# A launch that fails (here the driver's status; in life out of memory)
# leaves the call to PyTorch, and the report says so.
lib.status = 2
out = region.run(x, w)[0]
print("failed launch: launched", len(lib.calls), torch.equal(out, x + 1),
      any(line.startswith("f: a call ran in PyTorch")
          for line in backend.report()))
