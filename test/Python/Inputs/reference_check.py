"""The CPU reference check the Python tests share: runs a molten function
(text) on the reference path (scripts/molten_reference.py: molten-opt and
mlir-runner, in the program's own types) and compares its results with
PyTorch's at molten-run's tolerance for the narrowest float type.

    checker = ReferenceCheck(REFERENCE.py, TOOLS_DIR)
    checker.check(text, func, input_tensors, expected_tensors)  # exits on a mismatch
"""
import importlib.util
import sys

import torch

TOLERANCE = {"f32": 1e-5, "f16": 2e-3, "bf16": 1e-2}
ELEMENT = {torch.float32: "f32", torch.float16: "f16", torch.bfloat16: "bf16",
           torch.bool: "i1"}


class ReferenceCheck:
    def __init__(self, reference_py, tools_dir):
        spec = importlib.util.spec_from_file_location("molten_reference",
                                                      reference_py)
        self.reference = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.reference)
        self.tools_dir = tools_dir

    def check_graph(self, imported, func, args, expected):
        """check() of a molten.fx.ImportedGraph called with the graph's
        `args`: its arguments and the expected results in the layouts
        the function takes and makes (memory order where permuted)."""
        expected = [w if order is None else w.permute(order)
                    for w, order in zip(expected, imported.output_orders)]
        self.check(imported.text, func, imported.arguments(args), expected)

    def check(self, text, func, tensors, expected):
        inputs = [(list(t.shape), ELEMENT[t.dtype],
                   t.double().flatten().tolist()) for t in tensors]
        got = self.reference.run(text, func, inputs, tools_dir=self.tools_dir)
        floats = [ELEMENT[t.dtype] for t in list(tensors) + list(expected)
                  if t.dtype != torch.bool]
        tolerance = max(TOLERANCE[e] for e in floats)
        for index, ((shape, values), want) in enumerate(zip(got, expected)):
            want = want.double()
            if shape != list(want.shape):
                sys.exit("%s: result %d has shape %s, torch's %s"
                         % (func, index, shape, list(want.shape)))
            error = (torch.tensor(values, dtype=torch.float64).reshape(shape)
                     - want).abs().max().item()
            scale = max(1.0, want.abs().max().item())
            if not error / scale <= tolerance:
                sys.exit("%s: result %d differs from torch by %g "
                         "(tolerance %g)" % (func, index, error / scale,
                                             tolerance))
