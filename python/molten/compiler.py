"""Compile molten programs (MLIR text) to bundles in process, through
libMoltenCompiler's C API (include/Molten/Compiler/molten_compiler.h).

    from molten import compile_bundle, CompileError, Bundle
    bundle = compile_bundle(text, options="chip=sm_90a")   # bytes
    open("f.bundle", "wb").write(bundle)                   # or run it:
    Bundle(data=bundle)

The bundle is the one `molten-translate --molten-to-bundle` writes for the
same text and options. `options` are molten-to-gpu-pipeline's, as written
in a pass pipeline ("chip=sm_90a gpu-options={block-size=128}"). A program
that does not compile raises CompileError, whose `diagnostics` is the
compiler's text (`name:line:col: error: ...`); warnings of a program that
does compile go to the `warnings` list when one is passed.

Pure ctypes, no build step. The library is found at $MOLTEN_COMPILER_LIB,
else as molten.runtime finds libmolten_runtime.so (next to this file, the
source tree's build*/lib, the loader's path).
"""

import ctypes
import functools
import hashlib

from .runtime import find_library, open_library

__all__ = ["CompileError", "compile_bundle", "identity", "library_path"]


class CompileError(RuntimeError):
    """A program did not compile (or the library could not be loaded).
    `diagnostics` holds the compiler's text."""

    def __init__(self, diagnostics):
        super().__init__(diagnostics)
        self.diagnostics = diagnostics


def library_path():
    """Where libMoltenCompiler.so is looked for first (None: the loader's
    search path)."""
    return find_library("libMoltenCompiler.so", "MOLTEN_COMPILER_LIB")


@functools.lru_cache(maxsize=None)
def _library():
    """The loaded library, with its functions' signatures (loaded once)."""
    try:
        lib = open_library("libMoltenCompiler.so", "MOLTEN_COMPILER_LIB",
                           "make")
    except OSError as e:
        raise CompileError(str(e)) from None
    out = ctypes.POINTER(ctypes.c_void_p)
    lib.molten_compile.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p,
        out, ctypes.POINTER(ctypes.c_size_t), out]
    lib.molten_compile.restype = ctypes.c_int
    lib.molten_compiler_free.argtypes = [ctypes.c_void_p]
    lib.molten_compiler_free.restype = None
    return lib


@functools.lru_cache(maxsize=None)
def identity():
    """The SHA-256 of the compiler library's bytes (another build makes
    other kernels from the same text), or None where there is none."""
    try:
        path = _library()._name
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except (CompileError, OSError, TypeError):
        return None


def _utf8(value, what):
    if isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise TypeError("%s must be str or bytes, not %s"
                        % (what, type(value).__name__))
    return value.encode("utf-8")


def compile_bundle(source, options="", name="<source>", warnings=None):
    """The bundle (bytes) of `source` (MLIR text, str or bytes)."""
    lib = _library()
    text = _utf8(source, "source")
    bundle = ctypes.c_void_p()
    size = ctypes.c_size_t()
    diagnostics = ctypes.c_void_p()
    status = lib.molten_compile(text, len(text), _utf8(name, "name"),
                                _utf8(options or "", "options"),
                                ctypes.byref(bundle), ctypes.byref(size),
                                ctypes.byref(diagnostics))
    try:
        message = (ctypes.string_at(diagnostics.value).decode(
            "utf-8", errors="backslashreplace") if diagnostics.value else "")
        if status != 0:
            raise CompileError(message or "molten_compile failed (status %d)"
                               % status)
        if warnings is not None and message:
            warnings.append(message)
        return ctypes.string_at(bundle.value, size.value)
    finally:
        lib.molten_compiler_free(bundle)
        lib.molten_compiler_free(diagnostics)
