"""python/molten_runtime.py without PyTorch and without a GPU: loading,
queries, and the errors (run by test/Runtime/python.test).

usage: python_api.py <bundle> [fake|no-driver]
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "python"))
import molten_runtime as mr  # noqa: E402

path = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "fake"


def expect_error(name, fn, status, text):
    try:
        fn()
    except mr.MoltenError as e:
        print("[%s] %s: %s" % (name, e.status, e))
        assert e.status == status, (e.status, status)
        assert text in str(e), (text, str(e))
        return
    raise AssertionError("%s: no MoltenError" % name)


b = mr.Bundle(path)
print("functions:", b.functions)
print("target:", b.target)
print("inputs:", b.num_inputs("rms_norm_raw"), "outputs:", b.num_outputs("rms_norm_raw"))
print("input 0:", b.input_info("rms_norm_raw", 0), "output 0:", b.output_info("rms_norm_raw", 0))
print("output shapes:", b.output_shapes("rms_norm_raw", [(8, 4096), (4096,)]))
assert b.output_shapes("rms_norm_raw", [(8, 4096), (4096,)]) == [(8, 4096)]

expect_error("shape", lambda: b.output_shapes("rms_norm_raw", [(8, 4096), (4095,)]),
             "MOLTEN_ERROR_ARGUMENT_MISMATCH", "input 1: dimension 0 is 4095, expected 4096")
expect_error("dtype", lambda: b.output_shapes("rms_norm_raw", [(8, 4096), (4096,)], ["f32", "bf16"]),
             "MOLTEN_ERROR_ARGUMENT_MISMATCH", "input 1: dtype is bf16, expected f32")
expect_error("count", lambda: b.output_shapes("rms_norm_raw", [(8, 4096)]),
             "MOLTEN_ERROR_ARGUMENT_MISMATCH", "expected 2 inputs, got 1")
expect_error("function", lambda: b.num_inputs("softmax"),
             "MOLTEN_ERROR_INVALID_ARGUMENT", "no function 'softmax'")
expect_error("bad-bundle", lambda: mr.Bundle(data=b"molten-bundle 7\n"),
             "MOLTEN_ERROR_BAD_BUNDLE", "bundle version '7' is not supported")
expect_error("missing-file", lambda: mr.Bundle("/nonexistent.bundle"),
             "MOLTEN_ERROR_IO", "cannot open '/nonexistent.bundle'")

if mode == "no-driver":
    assert not mr.driver_available()
    expect_error("prepare", b.prepare, "MOLTEN_ERROR_NO_DRIVER", "cannot load the CUDA driver")
else:
    assert mr.driver_available()
    b.prepare()
    print("prepared")

try:
    import torch  # noqa: F401
    have_torch = True
except ImportError:
    have_torch = False
if not have_torch:
    expect_error("run-without-torch", lambda: b.run("rms_norm_raw"),
                 "MOLTEN_ERROR_INVALID_ARGUMENT", "Bundle.run needs PyTorch")

b.close()
b.close()
expect_error("closed", lambda: b.functions, "MOLTEN_ERROR_INVALID_ARGUMENT", "the bundle is closed")
with mr.Bundle(path) as again:
    assert again.functions == ["rms_norm_raw"]
print("python ok")
