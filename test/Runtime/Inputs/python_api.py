"""molten.runtime (python/molten/runtime.py) without PyTorch and without a GPU: loading,
queries, and the errors (run by test/Runtime/python.test).

usage: python_api.py <bundle> [fake|no-driver]
"""
import os
import sys

import molten.runtime as mr

here = os.path.dirname(os.path.abspath(__file__))

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

# Names (fuzz case 11): a name that is not an identifier, here byte 0xff,
# is refused when the bundle loads, the byte escaped in the message.
bad_name = os.path.join(here, "bad-name-0xff.bundle")
expect_error("name-0xff", lambda: mr.Bundle(bad_name), "MOLTEN_ERROR_BAD_BUNDLE",
             "line 450: function name 'rms\\xffnorm' is not an identifier")
with open(path, "rb") as f:
    text = f.read()
expect_error("name-dash",
             lambda: mr.Bundle(data=text.replace(b"function rms_norm_raw ", b"function rms-norm ")),
             "MOLTEN_ERROR_BAD_BUNDLE", "function name 'rms-norm' is not an identifier")
expect_error("function-utf8", lambda: b.num_inputs("rms\u00e9"),
             "MOLTEN_ERROR_INVALID_ARGUMENT", "no function 'rms\\xc3\\xa9'")
# Strings from the library never raise UnicodeDecodeError: bytes that are
# not UTF-8 come back as \xHH. A path in a message can hold any bytes...
expect_error("path-0xff", lambda: mr.Bundle(b"/nonexistent/\xff.bundle"), "MOLTEN_ERROR_IO",
             "cannot open '/nonexistent/\\xff.bundle'")


class NonUtf8Names:
    """...and names do not, since the runtime refuses them, but Python does
    not count on that: this library returns them anyway."""

    def __init__(self, lib):
        self._lib = lib

    def __getattr__(self, name):
        return getattr(self._lib, name)

    def molten_bundle_function_name(self, handle, index, name):
        name._obj.value = b"rms\xffnorm"
        return 0

    def molten_bundle_target(self, handle, target):
        target._obj.value = b"sm_9\xff"
        return 0


real_lib, b._lib = b._lib, NonUtf8Names(b._lib)
assert b.functions == ["rms\\xffnorm"], b.functions
assert b.target == "sm_9\\xff", b.target
b._lib = real_lib
print("undecodable names:", "ok")

# Python values are checked before ctypes sees them (fuzz case 12): ctypes
# wrapped 2**64 to 0 and a dtype code 2**32 to 0, and a float or an unknown
# dtype name raised TypeError or KeyError.
fn = "rms_norm_raw"
M, I = "MOLTEN_ERROR_ARGUMENT_MISMATCH", "MOLTEN_ERROR_INVALID_ARGUMENT"


def shapes_error(name, shapes, dtypes, status, text):
    expect_error(name, lambda: b.output_shapes(fn, shapes, dtypes), status, text)


shapes_error("dim-2**64", [(2**64, 4096), (4096,)], None, M,
             "input_shapes[0][0] is 18446744073709551616, larger than 2**63-1")
shapes_error("dim-2**64+4", [(2**64 + 4, 4096), (4096,)], None, M,
             "input_shapes[0][0] is 18446744073709551620, larger than 2**63-1")
shapes_error("dim-2**63", [(8, 4096), (2**63,)], None, M,
             "input_shapes[1][0] is 9223372036854775808, larger than 2**63-1")
shapes_error("dim-negative", [(-1, 4096), (4096,)], None, M, "input_shapes[0][0] is -1 (negative)")
shapes_error("dim--2**64", [(8, 4096), (-2**64,)], None, M,
             "input_shapes[1][0] is -18446744073709551616 (negative)")
shapes_error("dim-float", [(4.0, 4096), (4096,)], None, I,
             "input_shapes[0][0] is 4.0 (float), not an integer")
shapes_error("dim-bool", [(True, 4096), (4096,)], None, I,
             "input_shapes[0][0] is True (bool), not an integer")
shapes_error("dim-str", [("4", 4096), (4096,)], None, I,
             "input_shapes[0][0] is '4' (str), not an integer")
shapes_error("shape-int", [(8, 4096), 4096], None, I,
             "input_shapes[1] is 4096 (int), not a sequence of sizes")
shapes_error("shapes-int", 4096, None, I, "input_shapes is 4096 (int), not a sequence")
shapes_error("dtype-code-2**32", [(4, 4096), (4096,)], [2**32, 0], M,
             "input_dtypes[0] is 4294967296, not a molten dtype code (0 f32, 1 f16, 2 bf16, 3 i1)")
shapes_error("dtype-code-negative", [(4, 4096), (4096,)], [0, -1], M,
             "input_dtypes[1] is -1, not a molten dtype code")
shapes_error("dtype-name-f64", [(4, 4096), (4096,)], ["f64", "f32"], M,
             "input_dtypes[0] is 'f64', not a molten dtype name (f32, f16, bf16, i1)")
shapes_error("dtype-float", [(4, 4096), (4096,)], ["f32", 0.0], I,
             "input_dtypes[1] is 0.0 (float), not an integer")
shapes_error("dtype-bool", [(4, 4096), (4096,)], [False, "f32"], I,
             "input_dtypes[0] is False (bool), not an integer")
shapes_error("dtype-count", [(4, 4096), (4096,)], ["f32"], I,
             "2 input_shapes but 1 input_dtypes")
# 2**63-1 itself gets through to the runtime, which finds the size too big.
shapes_error("dim-2**63-1", [(2**63 - 1, 4096), (4096,)], None, M,
             "input 0: the size of shape [9223372036854775807, 4096] overflows")
expect_error("index-2**32", lambda: b.input_info(fn, 2**32), I,
             "the input index is 4294967296, out of the range of a C int")
expect_error("index-float", lambda: b.output_info(fn, 0.0), I,
             "the output index is 0.0 (float), not an integer")
expect_error("index-range", lambda: b.input_info(fn, 2), I, "function 'rms_norm_raw' has no input 2")
expect_error("function-type", lambda: b.num_inputs(None), I,
             "the function name is None (NoneType), not a str")
expect_error("function-nul", lambda: b.output_shapes("rms_norm_raw\0x", [(4, 4096), (4096,)]), I,
             "contains a NUL character")
expect_error("data-type", lambda: mr.Bundle(data=5), I, "data is of type int, not bytes or str")


class Dim:
    """An integer that is not an int, as numpy's are."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


# What worked before still does: lists, __index__ sizes and codes, names.
assert b.output_shapes(fn, [[4, 4096], [4096]]) == [(4, 4096)]
assert b.output_shapes(fn, [(Dim(4), Dim(4096)), (4096,)], [Dim(0), "f32"]) == [(4, 4096)]
assert b.output_shapes(fn, ((0, 4096), (4096,)), (0, 0)) == [(0, 4096)]
assert b.input_info(fn, Dim(1)) == ("f32", 1)
print("python values:", "ok")

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
