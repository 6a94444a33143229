"""Run Molten bundles on PyTorch tensors, through libmolten_runtime's C API.

    from molten import Bundle
    bundle = Bundle("rms_norm.bundle")
    y = bundle.run("rms_norm_raw", x, weight)           # outputs allocated here
    bundle.run("rms_norm_raw", x, weight, out=y)        # or passed in

Pure ctypes, no build step. torch is imported only when tensors are involved
(run); loading a bundle and asking about its functions work without it.

Kernels are queued on torch.cuda.current_stream() of the inputs' device, so
they are ordered with the surrounding PyTorch work and can be captured into a
CUDA graph (call Bundle.prepare() before capturing, so the PTX is not
JIT-compiled during capture). Inputs that are not contiguous are made
contiguous (a copy); out= tensors must be contiguous.

The library is found at $MOLTEN_RUNTIME_LIB, else next to this file, else in
the build directories of the source tree this package is in (build*/lib),
else on the loader's path. docs/runtime.md describes the C API and the
environment variables (MOLTEN_LIBCUDA, MOLTEN_DEVICE, MOLTEN_VERBOSE, ...).
"""

import ctypes
import glob
import operator
import os
import threading

__all__ = ["Bundle", "MoltenError", "find_library", "library_path",
           "open_library"]

# enum molten_dtype
F32, F16, BF16, I1 = 0, 1, 2, 3
_DTYPE_NAMES = {F32: "f32", F16: "f16", BF16: "bf16", I1: "i1"}
_DTYPE_CODES = {v: k for k, v in _DTYPE_NAMES.items()}

# What the C API's int and int64_t hold: a larger Python int would be wrapped
# silently by ctypes (2**64 becomes 0).
_INT_MAX = 2**31 - 1
_INT64_MAX = 2**63 - 1


class MoltenError(RuntimeError):
    """A runtime call failed. `status` is the molten_status name, the message
    is molten_last_error()."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _invalid(message):
    return MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT", message)


def _mismatch(message):
    return MoltenError("MOLTEN_ERROR_ARGUMENT_MISMATCH", message)


def _text(value):
    """A string from the C library as str. The runtime's names and messages
    are ASCII, but a message may quote a caller's path: never let a
    UnicodeDecodeError out (undecodable bytes show as \\xHH)."""
    if value is None:
        return ""
    return value.decode("utf-8", errors="backslashreplace")


def _integer(value, what):
    """An int from anything with __index__ (int, numpy integers, the entries
    of torch.Size), but not bool or float: True as a size or a dtype code is
    a bug, and 4.0 should not be truncated quietly."""
    if isinstance(value, bool):
        raise _invalid("%s is %r (bool), not an integer" % (what, value))
    try:
        return operator.index(value)
    except TypeError:
        raise _invalid("%s is %r (%s), not an integer"
                       % (what, value, type(value).__name__)) from None


def _c_int(value, what):
    """An index for a C int parameter: the C side reports a bad index, but
    only if ctypes has not wrapped it into a good one first."""
    value = _integer(value, what)
    if not -_INT_MAX - 1 <= value <= _INT_MAX:
        raise _invalid("%s is %d, out of the range of a C int" % (what, value))
    return value


def _sequence(value, what, expected="a sequence"):
    """A list from a sequence (not a str, nor a single number)."""
    if not isinstance(value, (str, bytes, bytearray)):
        try:
            return list(value)
        except TypeError:  # not iterable (an int, a 0-d array)
            pass
    raise _invalid("%s is %r (%s), not %s" % (what, value, type(value).__name__, expected))


def _shape(shape, what):
    """A shape as a tuple of ints in [0, 2**63-1]."""
    dims = []
    for d, size in enumerate(_sequence(shape, what, "a sequence of sizes")):
        size = _integer(size, "%s[%d]" % (what, d))
        if size < 0:
            raise _mismatch("%s[%d] is %d (negative)" % (what, d, size))
        if size > _INT64_MAX:
            raise _mismatch("%s[%d] is %d, larger than 2**63-1" % (what, d, size))
        dims.append(size)
    if len(dims) > _INT_MAX:
        raise _invalid("%s has %d dimensions" % (what, len(dims)))
    return tuple(dims)


def _dtype_code(dtype, what):
    """A molten_dtype code from a code or a name ("f32", ...)."""
    if isinstance(dtype, str):
        if dtype not in _DTYPE_CODES:
            raise _mismatch("%s is %r, not a molten dtype name (%s)"
                            % (what, dtype, ", ".join(_DTYPE_CODES)))
        return _DTYPE_CODES[dtype]
    code = _integer(dtype, what)
    if code not in _DTYPE_NAMES:
        raise _mismatch("%s is %d, not a molten dtype code (%s)"
                        % (what, code, ", ".join("%d %s" % kv for kv in _DTYPE_NAMES.items())))
    return code


def _function_name(function):
    """A function name as the bytes the C API takes."""
    if not isinstance(function, str):
        raise _invalid("the function name is %r (%s), not a str"
                       % (function, type(function).__name__))
    if "\0" in function:
        # The C side would see only the part before the NUL.
        raise _invalid("the function name %r contains a NUL character" % function)
    return function.encode("utf-8", errors="backslashreplace")


class _Tensor(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p),
        ("dtype", ctypes.c_int),
        ("rank", ctypes.c_int),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
    ]


def library_path():
    """Where libmolten_runtime.so is looked for first (None: the loader's
    search path)."""
    return find_library("libmolten_runtime.so", "MOLTEN_RUNTIME_LIB")


def find_library(filename, env_var):
    """A library of Molten: $env_var, else `filename` next to this file (an
    installed package may carry it), else in the build directories of the
    source tree this package is in, python/molten/ (build/lib first, then
    the other build*/lib, newest first); None when none exists (the
    loader's search path then)."""
    env = os.environ.get(env_var)
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.path.join(here, filename)]
    repo = os.path.dirname(os.path.dirname(here))
    builds = sorted(glob.glob(os.path.join(repo, "build*", "lib", filename)),
                    key=os.path.getmtime, reverse=True)
    preferred = os.path.join(repo, "build", "lib", filename)
    if preferred in builds:
        builds.remove(preferred)
        builds.insert(0, preferred)
    candidates += builds
    for path in candidates:
        if os.path.exists(path):
            return path
    return None


def open_library(filename, env_var, how_to_build):
    """ctypes.CDLL of the library find_library finds (else the loader's
    search); OSError that says how to point at it or build it."""
    try:
        return ctypes.CDLL(find_library(filename, env_var) or filename)
    except OSError as e:
        raise OSError("cannot load %s (%s); set %s to its path, or build it "
                      "(%s)" % (filename, e, env_var, how_to_build)) from None


_lib = None


def _library():
    global _lib
    if _lib is not None:
        return _lib
    try:
        lib = open_library("libmolten_runtime.so", "MOLTEN_RUNTIME_LIB",
                           "scripts/build-runtime.sh")
    except OSError as e:
        raise MoltenError("MOLTEN_ERROR_IO", str(e)) from None
    c_int, c_char_p, c_void_p = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p
    pp = ctypes.POINTER(c_void_p)
    tp = ctypes.POINTER(_Tensor)
    sigs = {
        "molten_last_error": ([], c_char_p),
        "molten_status_name": ([c_int], c_char_p),
        "molten_bundle_load_file": ([c_char_p, pp], c_int),
        "molten_bundle_load_memory": ([c_void_p, ctypes.c_size_t, pp], c_int),
        "molten_bundle_free": ([c_void_p], None),
        "molten_bundle_target": ([c_void_p, ctypes.POINTER(c_char_p)], c_int),
        "molten_bundle_function_count": ([c_void_p, ctypes.POINTER(c_int)], c_int),
        "molten_bundle_function_name": ([c_void_p, c_int, ctypes.POINTER(c_char_p)], c_int),
        "molten_bundle_num_inputs": ([c_void_p, c_char_p, ctypes.POINTER(c_int)], c_int),
        "molten_bundle_num_outputs": ([c_void_p, c_char_p, ctypes.POINTER(c_int)], c_int),
        "molten_bundle_input_info": ([c_void_p, c_char_p, c_int, ctypes.POINTER(c_int),
                                      ctypes.POINTER(c_int)], c_int),
        "molten_bundle_output_info": ([c_void_p, c_char_p, c_int, ctypes.POINTER(c_int),
                                       ctypes.POINTER(c_int)], c_int),
        "molten_bundle_output_shape": ([c_void_p, c_char_p, tp, c_int, c_int,
                                        ctypes.POINTER(ctypes.c_int64), c_int], c_int),
        "molten_driver_init": ([], c_int),
        "molten_bundle_prepare": ([c_void_p], c_int),
        "molten_run": ([c_void_p, c_char_p, tp, c_int, tp, c_int, c_void_p], c_int),
    }
    for name, (args, res) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    _lib = lib
    return lib


def _check(status):
    if status != 0:
        lib = _library()
        raise MoltenError(_text(lib.molten_status_name(status)),
                          _text(lib.molten_last_error()))


def driver_available():
    """True when the CUDA driver loads and initializes."""
    return _library().molten_driver_init() == 0


def _tensor_struct(data, dtype, shape, what="a tensor"):
    # Checked here too, whoever the caller: ctypes would wrap what does not
    # fit (2**64 -> 0) instead of refusing it.
    dtype = _dtype_code(dtype, "the dtype of %s" % what)
    shape = _shape(shape, "the shape of %s" % what)
    shape_array = (ctypes.c_int64 * max(len(shape), 1))(*shape)
    t = _Tensor(data, dtype, len(shape), ctypes.cast(shape_array, ctypes.POINTER(ctypes.c_int64)))
    return t, shape_array


def _torch_dtypes(torch):
    return {torch.float32: F32, torch.float16: F16, torch.bfloat16: BF16, torch.bool: I1}


class Bundle:
    """A loaded bundle (docs/bundle.md)."""

    def __init__(self, path=None, data=None):
        """Loads and validates the bundle at `path`, or from the bytes `data`.
        Needs no GPU."""
        self._handle = None
        lib = _library()
        handle = ctypes.c_void_p()
        if data is not None:
            if isinstance(data, str):
                data = data.encode("utf-8", errors="backslashreplace")
            try:
                # Bytes-like objects only: bytes(5) would be five NUL bytes.
                data = memoryview(data).tobytes()
            except TypeError:
                raise _invalid("data is of type %s, not bytes or str"
                               % type(data).__name__) from None
            buf = ctypes.create_string_buffer(data, len(data))
            _check(lib.molten_bundle_load_memory(buf, len(data), ctypes.byref(handle)))
        else:
            try:
                encoded = os.fsencode(path)
            except TypeError:
                raise _invalid("path is of type %s, not str, bytes or os.PathLike"
                               % type(path).__name__) from None
            if b"\0" in encoded:
                raise _invalid("path %r contains a NUL character" % (path,))
            _check(lib.molten_bundle_load_file(encoded, ctypes.byref(handle)))
        self._handle = handle
        self._lib = lib

    def close(self):
        """Frees the bundle (and its modules). Only when no work it queued can
        still run and no graph captured from it will be replayed."""
        if getattr(self, "_handle", None):
            self._lib.molten_bundle_free(self._handle)
            self._handle = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _h(self):
        if not self._handle:
            raise MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT", "the bundle is closed")
        return self._handle

    @property
    def target(self):
        t = ctypes.c_char_p()
        _check(self._lib.molten_bundle_target(self._h(), ctypes.byref(t)))
        return _text(t.value)

    @property
    def functions(self):
        """The function names, in bundle order."""
        n = ctypes.c_int()
        _check(self._lib.molten_bundle_function_count(self._h(), ctypes.byref(n)))
        names = []
        for i in range(n.value):
            name = ctypes.c_char_p()
            _check(self._lib.molten_bundle_function_name(self._h(), i, ctypes.byref(name)))
            names.append(_text(name.value))
        return names

    def num_inputs(self, function):
        n = ctypes.c_int()
        _check(self._lib.molten_bundle_num_inputs(self._h(), _function_name(function),
                                                  ctypes.byref(n)))
        return n.value

    def num_outputs(self, function):
        n = ctypes.c_int()
        _check(self._lib.molten_bundle_num_outputs(self._h(), _function_name(function),
                                                   ctypes.byref(n)))
        return n.value

    def _info(self, function, index, output):
        dtype, rank = ctypes.c_int(), ctypes.c_int()
        fn = self._lib.molten_bundle_output_info if output else self._lib.molten_bundle_input_info
        index = _c_int(index, "the %s index" % ("output" if output else "input"))
        _check(fn(self._h(), _function_name(function), index, ctypes.byref(dtype),
                  ctypes.byref(rank)))
        return dtype.value, rank.value

    def input_info(self, function, index):
        """(dtype name, rank) of input `index`."""
        dtype, rank = self._info(function, index, False)
        return _DTYPE_NAMES.get(dtype, str(dtype)), rank

    def output_info(self, function, index):
        """(dtype name, rank) of output `index`."""
        dtype, rank = self._info(function, index, True)
        return _DTYPE_NAMES.get(dtype, str(dtype)), rank

    def output_shapes(self, function, input_shapes, input_dtypes=None):
        """The output shapes for inputs of the given shapes (and dtypes, by
        default the declared ones): the runtime checks them as run() would.

        input_shapes: one sequence of sizes per input (tuples, lists,
        torch.Size; sizes are ints or anything with __index__, not bool or
        float, in [0, 2**63-1]). input_dtypes: one dtype per input, a name
        ("f32", "f16", "bf16", "i1") or a code (0-3). A size or dtype of the
        wrong type raises MoltenError MOLTEN_ERROR_INVALID_ARGUMENT, one out
        of range MOLTEN_ERROR_ARGUMENT_MISMATCH (as the runtime's own checks
        do)."""
        input_shapes = _sequence(input_shapes, "input_shapes")
        shapes = [_shape(s, "input_shapes[%d]" % k) for k, s in enumerate(input_shapes)]
        if input_dtypes is None:
            declared = self.num_inputs(function)
            # Inputs beyond the declared ones get f32: the runtime then
            # reports the count.
            codes = [self._info(function, k, False)[0] if k < declared else F32
                     for k in range(len(shapes))]
        else:
            input_dtypes = _sequence(input_dtypes, "input_dtypes")
            if len(input_dtypes) != len(shapes):
                raise _invalid("%d input_shapes but %d input_dtypes: give one dtype per "
                               "input" % (len(shapes), len(input_dtypes)))
            codes = [_dtype_code(d, "input_dtypes[%d]" % k) for k, d in enumerate(input_dtypes)]
        return self._output_shapes(function, [(None, d, s) for d, s in zip(codes, shapes)])

    def _output_shapes(self, function, inputs):
        name = _function_name(function)
        structs, keep = [], []
        for k, (data, dtype, shape) in enumerate(inputs):
            t, arr = _tensor_struct(data, dtype, shape, "input %d" % k)
            structs.append(t)
            keep.append(arr)
        array = (_Tensor * max(len(structs), 1))(*structs)
        shapes = []
        for k in range(self.num_outputs(function)):
            _, rank = self._info(function, k, True)
            out = (ctypes.c_int64 * max(rank, 1))()
            _check(self._lib.molten_bundle_output_shape(
                self._h(), name, array, len(structs), k, out, rank))
            shapes.append(tuple(out[:rank]))
        return shapes

    def prepare(self, device=None):
        """JIT-compiles the bundle's PTX (the driver may take it from its own
        cache) for a CUDA
        device now (default: PyTorch's current device, or without PyTorch the
        runtime's default, $MOLTEN_DEVICE or 0), e.g. before capturing a CUDA
        graph."""
        try:
            import torch
        except ImportError:
            torch = None
        if torch is not None and torch.cuda.is_available():
            index = torch.cuda.current_device() if device is None else torch.device(device).index
            index = torch.cuda.current_device() if index is None else index
            with torch.cuda.device(index):
                # Makes the device's primary context current on this thread.
                torch.zeros(1, device="cuda:%d" % index)
                _check(self._lib.molten_bundle_prepare(self._h()))
            return
        _check(self._lib.molten_bundle_prepare(self._h()))

    def run(self, function, *inputs, out=None):
        """Runs `function` on CUDA tensors, on the current stream of their
        device. Returns the output tensor (a tuple when the function has
        several outputs); with out= (a tensor or a sequence of tensors),
        writes those and returns them."""
        if out is None:
            launch = self._launches().get(_signature(function, inputs))
            if launch is not None:
                return launch(self._h(), inputs)
        try:
            import torch
        except ImportError:
            raise MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT",
                              "Bundle.run needs PyTorch (import torch failed)") from None
        dtypes = _torch_dtypes(torch)
        name = _function_name(function)
        if not inputs:
            raise MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT", "run needs at least one input tensor")
        tensors = []
        for k, t in enumerate(inputs):
            if not isinstance(t, torch.Tensor):
                raise MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT",
                                  "input %d is a %s, not a torch.Tensor" % (k, type(t).__name__))
            if t.dtype not in dtypes:
                raise MoltenError("MOLTEN_ERROR_ARGUMENT_MISMATCH",
                                  "input %d has dtype %s (molten takes float32, float16, "
                                  "bfloat16 and bool)" % (k, t.dtype))
            tensors.append(t.contiguous())
        device = tensors[0].device
        if device.type != "cuda":
            raise MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT",
                              "input 0 is on %s, not on a CUDA device" % device)
        for k, t in enumerate(tensors):
            if t.device != device:
                raise MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT",
                                  "input %d is on %s, input 0 on %s" % (k, t.device, device))
        described = [(t.data_ptr(), dtypes[t.dtype], tuple(t.shape)) for t in tensors]

        if out is None:
            by_code = {v: k for k, v in dtypes.items()}
            shapes = self._output_shapes(function, described)
            outputs = [torch.empty(shape, dtype=by_code[self._info(function, k, True)[0]],
                                   device=device)
                       for k, shape in enumerate(shapes)]
        else:
            outputs = [out] if isinstance(out, torch.Tensor) else list(out)
            for k, t in enumerate(outputs):
                if not isinstance(t, torch.Tensor) or t.dtype not in dtypes:
                    raise MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT",
                                      "out[%d] is not a tensor of a molten dtype" % k)
                if t.device != device:
                    raise MoltenError("MOLTEN_ERROR_INVALID_ARGUMENT",
                                      "out[%d] is on %s, the inputs on %s" % (k, t.device, device))
                if not t.is_contiguous():
                    raise MoltenError("MOLTEN_ERROR_ARGUMENT_MISMATCH",
                                      "out[%d] is not contiguous" % k)

        keep = []

        def structs(items, kind):
            array = (_Tensor * max(len(items), 1))()
            for i, (data, dtype, shape) in enumerate(items):
                t, arr = _tensor_struct(data, dtype, shape, "%s %d" % (kind, i))
                array[i] = t
                keep.append(arr)
            return array

        in_array = structs(described, "input")
        out_array = structs([(t.data_ptr(), dtypes[t.dtype], tuple(t.shape)) for t in outputs],
                            "output")
        with torch.cuda.device(device):
            stream = torch.cuda.current_stream(device).cuda_stream
            _check(self._lib.molten_run(self._h(), name, in_array, len(described),
                                        out_array, len(outputs), ctypes.c_void_p(stream)))
        if out is not None:
            return out
        signature = _signature(function, inputs)
        if signature is not None:
            launches = self._launches()
            if len(launches) >= _MAX_LAUNCHES:
                launches.clear()  # shapes that keep changing: start over
            launches[signature] = _Launch(
                self._lib, torch, name, in_array, out_array, keep,
                [(tuple(t.shape), t.dtype) for t in outputs], device,
                [k for k, (t, s) in enumerate(zip(tensors, inputs)) if t is not s],
                _placement(inputs))
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def _launches(self):
        """This thread's launches by signature (each reuses its argument
        arrays, so threads keep their own)."""
        local = self.__dict__.get("_local")
        if local is None:
            local = self.__dict__.setdefault("_local", threading.local())
        launches = getattr(local, "launches", None)
        if launches is None:
            launches = local.launches = {}
        return launches

    def cached_launch(self, function, inputs):
        """The launch run() kept from a call like this one (same function,
        and inputs of the same dtypes, shapes, devices and layouts), or
        None. A caller that knows its next inputs have these dtypes and
        shapes (a compiled graph: its guards fix them) may call it, after
        `launch.accepts(inputs)` checked their devices and layouts, as
        `launch(bundle.handle(), inputs)`: that skips the signature run()
        computes."""
        return self._launches().get(_signature(function, inputs))

    def handle(self):
        """The bundle's C handle (molten_bundle *)."""
        return self._h()


# Signatures a thread keeps launches for: enough for every shape a model
# runs, bounded where the shapes never repeat.
_MAX_LAUNCHES = 256


def _signature(function, inputs):
    """What a launch depends on besides the data pointers: the function and
    each input's dtype, shape, device and contiguity. None for anything
    that is not a tensor (run's checks then say what is wrong)."""
    if not isinstance(function, str):
        return None
    try:
        return (function,) + tuple([(t.dtype, t.shape, t.device, t.is_contiguous())
                                    for t in inputs])
    except (AttributeError, TypeError):
        return None


def _placement(inputs):
    """Each tensor's device index and contiguity."""
    return [(t.get_device(), t.is_contiguous()) for t in inputs]


def _data_words(array):
    """The argument structs of `array` as 64-bit words, and the stride
    between their `data` fields: one slice assignment then sets every data
    pointer, faster than a struct at a time."""
    assert _Tensor.data.offset == 0 and ctypes.sizeof(_Tensor) % 8 == 0
    stride = ctypes.sizeof(_Tensor) // 8
    return (ctypes.c_uint64 * (len(array) * stride)).from_buffer(array), stride


class _Launch:
    """A run that passed every check, kept for the next call with the same
    signature: its argument arrays (only the data pointers change), its
    output shapes and which inputs it made contiguous (the signature says
    which are not). It skips the checks and the shape queries, which cost
    far more host time than the launch itself."""

    def __init__(self, lib, torch, name, inputs, outputs, keep, output_specs, device,
                 copied, placement=None):
        self.run = lib.molten_run
        self.empty = torch.empty
        # The C function where there is one: torch.cuda.current_device
        # adds a Python call.
        self.current_device = getattr(torch._C, "_cuda_getDevice", None) \
            or torch.cuda.current_device
        self.device_guard = torch.cuda.device
        try:
            self.raw_stream = torch._C._cuda_getCurrentRawStream
        except AttributeError:
            self.raw_stream = lambda index: torch.cuda.current_stream(index).cuda_stream
        self.name, self.inputs, self.outputs = name, inputs, outputs
        self.input_words, self.stride = _data_words(inputs)
        self.output_words, _ = _data_words(outputs)
        self.keep = keep  # the shape arrays the structs point to
        # Sizes as torch.empty takes them fastest: unpacked, but a 0-d
        # tensor's as an empty tuple.
        self.output_specs = [(tuple(shape) or ((),), dtype)
                             for shape, dtype in output_specs]
        self.device, self.index = device, device.index
        self.copied = copied
        self.placement = placement  # _placement of the inputs run() checked

    def accepts(self, inputs):
        """Whether inputs of this launch's dtypes and shapes (the caller's
        word) are also on its device and laid out as its were."""
        return self.placement == _placement(inputs)

    def __call__(self, handle, inputs):
        if self.copied:
            # The copies live until the launch is queued; the caching
            # allocator reuses their memory in stream order after it.
            inputs = list(inputs)
            for k in self.copied:
                inputs[k] = inputs[k].contiguous()
        stride = self.stride
        self.input_words[::stride] = [t.data_ptr() for t in inputs]
        results = [self.empty(*shape, dtype=dtype, device=self.device)
                   for shape, dtype in self.output_specs]
        self.output_words[::stride] = [t.data_ptr() for t in results]
        if self.current_device() == self.index:
            status = self.run(handle, self.name, self.inputs, len(inputs), self.outputs,
                              len(results), self.raw_stream(self.index))
        else:
            with self.device_guard(self.index):
                status = self.run(handle, self.name, self.inputs, len(inputs),
                                  self.outputs, len(results), self.raw_stream(self.index))
        _check(status)
        return results[0] if len(results) == 1 else tuple(results)
