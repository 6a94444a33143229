"""Molten from Python: compile molten programs to bundles and run them on
PyTorch tensors. Pure ctypes over two C libraries of the build:

    import molten
    data = molten.compile_bundle(text, options="chip=sm_90a")  # libMoltenCompiler
    y = molten.Bundle(data=data).run("f", x)                    # libmolten_runtime
    fast = molten.compile(model)                # torch.compile, backend="molten"

molten.runtime and molten.compiler say where the libraries are looked for
(MOLTEN_RUNTIME_LIB, MOLTEN_COMPILER_LIB). Importing molten needs neither
the libraries nor PyTorch; they load on first use. docs/python.md.
"""

from .compiler import CompileError, compile_bundle
from .runtime import Bundle, MoltenError


def compile(fn, options=None, **torch_compile_kwargs):
    """torch.compile(fn, backend="molten") (molten.backend; imports torch)."""
    from . import backend
    return backend.compile(fn, options, **torch_compile_kwargs)

__all__ = ["Bundle", "CompileError", "MoltenError", "compile",
           "compile_bundle"]
__version__ = "0.1.0"
