"""molten.compiler (python/molten/compiler.py) and libMoltenCompiler's C API: a bundle as
molten-translate writes it, that the runtime loads; every failure a
CompileError with the compiler's diagnostics, never a crash or stderr.

    compile_api.py PROGRAM.mlir TRANSLATED.bundle
"""
import os
import sys
import threading

import ctypes

import molten.compiler
from molten import Bundle, CompileError, compile_bundle

program_path, translated_path = sys.argv[1:3]
program = open(program_path).read()
translated = open(translated_path, "rb").read()

bundle = compile_bundle(program, options="chip=sm_90a", name=program_path)
print("same as molten-translate:", bundle == translated)
loaded = Bundle(data=bundle)
print("functions:", loaded.functions, "target:", loaded.target)
print("default chip:", compile_bundle(program).split(b"\n")[1].decode())

# Calls on several threads at once: each compiles in a context of its own.
results = [None] * 4


def work(i):
    results[i] = compile_bundle(program, options="chip=sm_90a")


threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads:", all(r == translated for r in results))


def failure(label, *args, **kwargs):
    try:
        compile_bundle(*args, **kwargs)
        print("[%s] compiled" % label)
    except CompileError as e:
        print("[%s] %s" % (label, e.diagnostics.strip().replace("\n", " | ")))
    except TypeError as e:
        print("[%s] TypeError: %s" % (label, e))


failure("syntax", "func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
        "  %y = molten.exp %x : tensor<4xf32\n  return %y : tensor<4xf32>\n}\n",
        name="bad.mlir")
failure("verifier", "func.func @f(%x: tensor<4xf32>, %w: tensor<3xf32>) -> "
        "tensor<4xf32> {\n  %y = molten.add %x, %w : tensor<4xf32>, "
        "tensor<3xf32>\n  return %y : tensor<4xf32>\n}\n", name="shapes.mlir")
failure("option", program, options="chip=sm_90a bogus=1")
failure("gpu-option", program, options="gpu-options={block-size=7}")
failure("chip", program, options="chip=sm_10")
failure("empty", "")
failure("nul", "func.func @f() {\0 return }")
failure("not-utf8", b"\xff\xfe func")
failure("type", 5)

# The C API itself: a NULL source is status 2 and sets nothing else.
lib = molten.compiler._library()
out, size, diags = ctypes.c_void_p(1), ctypes.c_size_t(7), ctypes.c_void_p(1)
status = lib.molten_compile(None, 0, None, None, ctypes.byref(out),
                            ctypes.byref(size), ctypes.byref(diags))
print("null source: status", status, "bundle", out.value, "size", size.value,
      "diagnostics", diags.value)
# Output pointers may be NULL: compiles, and only the status comes back.
text = program.encode()
print("no outputs: status", lib.molten_compile(text, len(text), None,
                                                b"chip=sm_90a", None, None,
                                                None))
