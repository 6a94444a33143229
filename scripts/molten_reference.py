#!/usr/bin/env python3
"""Run a molten function on the CPU through the reference path.

The reference path (docs/reference-path.md) lowers molten with
`convert-molten-to-linalg` and runs the result with stock MLIR:

  1. molten-opt <pre-passes> --convert-molten-to-linalg[=f64]   (the program)
  2. a wrapper entry function is appended: it materializes the inputs as
     `arith.constant dense<...>` (static shapes, `tensor.cast` to the
     function's dynamic types), calls the function and prints every result
  3. molten-opt <CPU_PIPELINE> | mlir-runner, and the printed memrefs are
     parsed back.

Results are printed bit-exactly: each element is bitcast to an integer of its
width (f16/bf16 are first extended to f32, exactly) and printed with
printMemrefI32 (printMemrefI64 in f64 mode). printMemrefF32/F64 print only six
significant digits, which is too few for a reference.

Python 3 standard library only. Importable:

    from molten_reference import run, run_many, round_to
    outs = run("prog.mlir", "f", [([2, 8], "f32", values)])
    shape, flat = outs[0]

and a command line that runs a function on seeded random inputs:

    molten_reference.py prog.mlir --func f --dims 3 [--seed S] \\
        [--pre-passes "--canonicalize --molten-decompose"] [--f64]
"""

import argparse
import math
import os
import random
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile

LLVM_DIR = os.environ.get("MOLTEN_LLVM_DIR", "/usr/lib/llvm-22")

# Bufferize the linalg-on-tensors program and lower it to the LLVM dialect.
# math ops without an LLVM intrinsic (erf, tanh, pow) call libm.
CPU_PIPELINE = (
    "--one-shot-bufferize=bufferize-function-boundaries",
    "--convert-linalg-to-loops",
    "--convert-scf-to-cf",
    "--expand-strided-metadata",
    "--lower-affine",
    "--convert-math-to-libm",
    "--convert-math-to-llvm",
    "--finalize-memref-to-llvm",
    "--convert-func-to-llvm",
    "--convert-arith-to-llvm",
    "--convert-cf-to-llvm",
    "--reconcile-unrealized-casts",
)

ENTRY = "molten_reference_main"

FLOAT_TYPES = ("f64", "f32", "f16", "bf16")


# ---------------------------------------------------------------------------
# Rounding Python floats to the narrow types (round to nearest even).
# ---------------------------------------------------------------------------

def round_to_f32(x):
    """The float32 nearest to `x` (ties to even), as a Python float."""
    x = float(x)
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:  # beyond the largest finite f32
        return math.copysign(math.inf, x)


def round_to_f16(x):
    """The float16 nearest to `x` (ties to even), as a Python float."""
    x = float(x)
    try:
        return struct.unpack("<e", struct.pack("<e", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def round_to_bf16(x):
    """The bfloat16 nearest to `x` (ties to even), as a Python float.

    bf16 is the upper half of an f32. `x` is first rounded to f32 with
    round-to-odd (truncate, then set the last bit if inexact), which keeps
    the second rounding, at bit 16 of the f32 bits, from seeing a false tie:
    the result is the correctly rounded bf16 of the double `x`."""
    x = float(x)
    if not math.isfinite(x):
        return x
    f = round_to_f32(x)
    if math.isinf(f):  # beyond the f32 range, so beyond bf16's as well
        return f
    bits = struct.unpack("<I", struct.pack("<f", f))[0]
    if f != x:
        if abs(f) > abs(x):
            bits -= 1  # one f32 step toward zero (sign-magnitude bits)
        bits |= 1
    bits += 0x7FFF + ((bits >> 16) & 1)
    bits &= 0xFFFF0000
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def round_to(x, element_type):
    """`x` rounded to `element_type` (f64, f32, f16 or bf16)."""
    if element_type == "f64":
        return float(x)
    return {"f32": round_to_f32, "f16": round_to_f16,
            "bf16": round_to_bf16}[element_type](x)


def _same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


# ---------------------------------------------------------------------------
# Reading function signatures and tensor types from MLIR text.
# ---------------------------------------------------------------------------

def parse_tensor_type(text):
    """'tensor<?x8xbf16>' -> ([None, 8], 'bf16')."""
    m = re.fullmatch(r"\s*tensor<([^>]*)>\s*", text)
    if not m:
        raise ValueError(f"only ranked tensor arguments and results are "
                         f"supported, got {text.strip()!r}")
    parts = m.group(1).split("x")
    shape = [None if p == "?" else int(p) for p in parts[:-1]]
    return shape, parts[-1]


def format_tensor_type(shape, element_type):
    dims = "".join(("?" if d is None else str(d)) + "x" for d in shape)
    return f"tensor<{dims}{element_type}>"


def _split_top_level(text):
    """Splits `text` at commas that are not nested in brackets."""
    items, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "<([{":
            depth += 1
        elif c in ">)]}":
            depth -= 1
        elif c == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    if text[start:].strip():
        items.append(text[start:])
    return [item.strip() for item in items]


def _balanced(text, start):
    """The index just past the bracket group that opens at text[start]."""
    pairs = {"(": ")", "<": ">", "[": "]", "{": "}"}
    stack = []
    for i in range(start, len(text)):
        c = text[i]
        if c in pairs:
            stack.append(pairs[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
    raise ValueError("unbalanced brackets in a function signature")


def _strip_attrs(item):
    item = item.strip()
    brace = item.find("{")
    return item if brace < 0 else item[:brace].strip()


def parse_signature(text, func):
    """The argument and result types of `func.func @func` in `text`, as
    lists of type strings, or None if the function is not there."""
    m = re.search(r"func\.func\s+(?:(?:public|private|nested)\s+)?@"
                  + re.escape(func) + r"\s*\(", text)
    if not m:
        return None
    open_paren = m.end() - 1
    close = _balanced(text, open_paren)
    args = []
    for item in _split_top_level(text[open_paren + 1:close - 1]):
        # '%x: tensor<...> {attrs}' in a definition, 'tensor<...>' in a
        # declaration.
        item = _strip_attrs(item)
        args.append(item.split(":", 1)[1].strip() if item.startswith("%")
                    else item)
    rest = text[close:].lstrip()
    results = []
    if rest.startswith("->"):
        rest = rest[2:].lstrip()
        if rest.startswith("("):
            end = _balanced(rest, 0)
            results = [_strip_attrs(r) for r in
                       _split_top_level(rest[1:end - 1])]
        else:
            results = [re.match(r"tensor<[^>]*>|[^\s{]+", rest).group(0)]
    return args, results


# ---------------------------------------------------------------------------
# Writing the entry function.
# ---------------------------------------------------------------------------

def _literal(value, element_type):
    if element_type == "i1":
        return "true" if value else "false"
    value = float(value)
    if math.isfinite(value):
        return repr(value)
    # Non-finite values as bit patterns, which MLIR's dense parser accepts.
    if element_type == "f64":
        return "0x%016X" % struct.unpack("<Q", struct.pack("<d", value))[0]
    if element_type == "f32":
        return "0x%08X" % struct.unpack("<I", struct.pack("<f", value))[0]
    if element_type == "f16":
        return "0x%04X" % struct.unpack("<H", struct.pack("<e", value))[0]
    bits = struct.unpack("<I", struct.pack("<f", value))[0] >> 16
    return "0x%04X" % bits


def _dense(shape, element_type, values):
    def nest(offset, dims):
        if not dims:
            return _literal(values[offset], element_type)
        stride = 1
        for d in dims[1:]:
            stride *= d
        return "[" + ", ".join(nest(offset + i * stride, dims[1:])
                               for i in range(dims[0])) + "]"
    if not shape:
        return f"dense<{_literal(values[0], element_type)}>"
    return f"dense<{nest(0, list(shape))}>"


def _check_input(index, func, shape, element_type, values, arg_type,
                 original_type):
    arg_shape, arg_element = parse_tensor_type(arg_type)
    want_element = (parse_tensor_type(original_type)[1] if original_type
                    else arg_element)
    where = f"@{func} input #{index}"
    # Without the original signature (a pre-pass renamed the function, say),
    # an f64-mode argument accepts any float type.
    if element_type != want_element and not (
            original_type is None and arg_element == "f64"
            and element_type in FLOAT_TYPES):
        raise ValueError(f"{where}: element type {element_type} but the "
                         f"function takes {want_element}")
    if len(shape) != len(arg_shape) or any(
            a is not None and a != s for a, s in zip(arg_shape, shape)):
        raise ValueError(f"{where}: shape {list(shape)} does not fit "
                         f"{arg_type}")
    count = 1
    for d in shape:
        count *= d
    if len(values) != count:
        raise ValueError(f"{where}: {len(values)} values for shape "
                         f"{list(shape)}")
    if element_type in FLOAT_TYPES:
        for v in values:
            if not _same(round_to(v, element_type), float(v)):
                raise ValueError(
                    f"{where}: {v!r} is not exactly representable in "
                    f"{element_type}; round it with round_to(v, "
                    f"{element_type!r})")


class _Entry:
    """Accumulates the body of the entry function."""

    def __init__(self):
        self.lines = []
        self.counter = 0
        self.print_functions = set()

    def fresh(self, stem):
        self.counter += 1
        return f"%{stem}{self.counter}"

    def emit(self, line):
        self.lines.append("    " + line)

    def call(self, func, inputs, arg_types, result_types):
        operands = []
        for (shape, element_type, values), arg_type in zip(inputs, arg_types):
            arg_shape, arg_element = parse_tensor_type(arg_type)
            static_type = format_tensor_type(shape, arg_element)
            const = self.fresh("in")
            self.emit(f"{const} = arith.constant "
                      f"{_dense(shape, arg_element, values)} : {static_type}")
            if static_type != arg_type:
                cast = self.fresh("arg")
                self.emit(f"{cast} = tensor.cast {const} : {static_type} to "
                          f"{arg_type}")
                const = cast
            operands.append(const)
        results = []
        if result_types:
            base = self.fresh("res")
            self.emit(f"{base}:{len(result_types)} = func.call @{func}("
                      f"{', '.join(operands)}) : ({', '.join(arg_types)}) -> "
                      f"({', '.join(result_types)})")
            results = [f"{base}#{i}" for i in range(len(result_types))]
        else:
            self.emit(f"func.call @{func}({', '.join(operands)}) : "
                      f"({', '.join(arg_types)}) -> ()")
        for value, type_text in zip(results, result_types):
            self.print_bits(value, type_text)

    def print_bits(self, value, type_text):
        """Prints `value` as the integer bits of each element."""
        shape, element = parse_tensor_type(type_text)
        wide = element == "f64"
        bits_type = "i64" if wide else "i32"
        rank = len(shape)
        sizes = []
        for d, size in enumerate(shape):
            if size is None:
                index = self.fresh("c")
                dim = self.fresh("dim")
                self.emit(f"{index} = arith.constant {d} : index")
                self.emit(f"{dim} = tensor.dim {value}, {index} : {type_text}")
                sizes.append(dim)
        out_type = format_tensor_type(shape, bits_type)
        empty = self.fresh("empty")
        self.emit(f"{empty} = tensor.empty({', '.join(sizes)}) : {out_type}")
        dims = ", ".join(f"d{i}" for i in range(rank))
        identity = f"affine_map<({dims}) -> ({dims})>"
        iterators = ", ".join(['"parallel"'] * rank)
        bits = self.fresh("bits")
        inp, out = self.fresh("elem"), self.fresh("acc")
        self.emit(f"{bits} = linalg.generic {{indexing_maps = [{identity}, "
                  f"{identity}], iterator_types = [{iterators}]}} "
                  f"ins({value} : {type_text}) outs({empty} : {out_type}) {{")
        self.emit(f"^bb0({inp}: {element}, {out}: {bits_type}):")
        scalar = inp
        if element == "i1":
            widened = self.fresh("w")
            self.emit(f"  {widened} = arith.extui {scalar} : i1 to i32")
            scalar = widened
        else:
            if element in ("f16", "bf16"):
                widened = self.fresh("w")
                self.emit(f"  {widened} = arith.extf {scalar} : {element} to "
                          f"f32")
                scalar = widened
                element = "f32"
            cast = self.fresh("b")
            self.emit(f"  {cast} = arith.bitcast {scalar} : {element} to "
                      f"{bits_type}")
            scalar = cast
        self.emit(f"  linalg.yield {scalar} : {bits_type}")
        self.emit(f"}} -> {out_type}")
        memref_type = out_type.replace("tensor<", "memref<", 1)
        buffer, unranked = self.fresh("buf"), self.fresh("u")
        self.emit(f"{buffer} = bufferization.to_buffer {bits} : {out_type} to "
                  f"{memref_type}")
        self.emit(f"{unranked} = memref.cast {buffer} : {memref_type} to "
                  f"memref<*x{bits_type}>")
        printer = "printMemrefI64" if wide else "printMemrefI32"
        self.print_functions.add((printer, bits_type))
        self.emit(f"func.call @{printer}({unranked}) : "
                  f"(memref<*x{bits_type}>) -> ()")

    def text(self):
        decls = "".join(f"  func.func private @{name}(memref<*x{t}>)\n"
                        for name, t in sorted(self.print_functions))
        body = "\n".join(self.lines)
        return (f"{decls}  func.func @{ENTRY}() {{\n{body}\n    return\n"
                f"  }}\n")


# ---------------------------------------------------------------------------
# Reading the printed memrefs back.
# ---------------------------------------------------------------------------

_HEADER = re.compile(r"Unranked Memref base@ = \S+ rank = (\d+) offset = \d+ "
                     r"sizes = \[([^\]]*)\] strides = \[[^\]]*\] data =")


def parse_printed(stdout):
    """[(shape, [int bits...])] for every printed memref, in order."""
    headers = list(_HEADER.finditer(stdout))
    printed = []
    for i, h in enumerate(headers):
        shape = [int(s) for s in h.group(2).split(",") if s.strip()]
        end = headers[i + 1].start() if i + 1 < len(headers) else len(stdout)
        numbers = [int(n) for n in re.findall(r"-?\d+", stdout[h.end():end])]
        count = 1
        for d in shape:
            count *= d
        if len(numbers) < count:
            raise RuntimeError(f"expected {count} values, read "
                               f"{len(numbers)}:\n{stdout[h.start():end]}")
        printed.append((shape, numbers[:count]))
    return printed


def _decode(bits, element):
    if element == "i1":
        return [float(b) for b in bits]
    if element == "f64":
        return [struct.unpack("<d", struct.pack("<q", b))[0] for b in bits]
    return [struct.unpack("<f", struct.pack("<i", b))[0] for b in bits]


# ---------------------------------------------------------------------------
# Running.
# ---------------------------------------------------------------------------

def find_molten_opt(tools_dir=None):
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = []
    if tools_dir:
        candidates.append(os.path.join(tools_dir, "molten-opt"))
    if os.environ.get("MOLTEN_TOOLS_DIR"):
        candidates.append(os.path.join(os.environ["MOLTEN_TOOLS_DIR"],
                                       "molten-opt"))
    which = shutil.which("molten-opt")
    if which:
        candidates.append(which)
    candidates.append(os.path.join(here, "..", "build", "bin", "molten-opt"))
    for c in candidates:
        if os.access(c, os.X_OK):
            return c
    raise RuntimeError("molten-opt not found: pass --tools-dir / tools_dir "
                       "or set MOLTEN_TOOLS_DIR")


def _run_tool(cmd, stdin_text, what, keep_dir):
    proc = subprocess.run(cmd, input=stdin_text, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {proc.returncode}); files "
                           f"kept in {keep_dir}\n$ {shlex.join(cmd)}\n"
                           f"{proc.stderr}")
    return proc.stdout


def _read_program(mlir_path_or_text):
    try:
        if os.path.isfile(mlir_path_or_text):
            with open(mlir_path_or_text) as f:
                return f.read()
    except (OSError, ValueError):
        pass
    return mlir_path_or_text


def run_many(mlir_path_or_text, calls, *, pre_passes=(), f64=False,
             tools_dir=None, llvm_dir=None):
    """Runs several functions of one program in one mlir-runner process.

    `calls` is a list of (func, inputs); inputs are (shape, element_type,
    flat values) per argument, values exactly representable in element_type
    (see round_to). Returns, per call, the list of its results as
    (shape, flat list of floats); i1 results come back as 0.0 / 1.0.
    `tools_dir` holds molten-opt; `llvm_dir` (default $MOLTEN_LLVM_DIR or
    /usr/lib/llvm-22) holds bin/mlir-runner and the runner utils."""
    llvm_dir = llvm_dir or LLVM_DIR
    program = _read_program(mlir_path_or_text)
    if isinstance(pre_passes, str):
        pre_passes = shlex.split(pre_passes)
    molten_opt = find_molten_opt(tools_dir)
    work = tempfile.mkdtemp(prefix="molten-reference-")

    # 1. The program at the linalg level.
    convert = "--convert-molten-to-linalg" + ("=f64" if f64 else "")
    lowered = _run_tool([molten_opt, *pre_passes, convert], program,
                        "molten-opt " + convert, work)

    # 2. The entry function.
    entry = _Entry()
    result_types_per_call = []
    for func, inputs in calls:
        signature = parse_signature(lowered, func)
        if signature is None:
            raise ValueError(f"no function @{func} in the program")
        arg_types, result_types = signature
        original = parse_signature(program, func)
        original_args = original[0] if original else [None] * len(arg_types)
        if len(inputs) != len(arg_types):
            raise ValueError(f"@{func} takes {len(arg_types)} arguments, "
                             f"got {len(inputs)} inputs")
        for i, ((shape, element_type, values), arg_type, original_type) in \
                enumerate(zip(inputs, arg_types, original_args)):
            _check_input(i, func, shape, element_type, values, arg_type,
                         original_type)
        entry.call(func, inputs, arg_types, result_types)
        result_types_per_call.append(result_types)
    closing = lowered.rstrip().rfind("}")
    wrapper = lowered[:closing] + entry.text() + lowered[closing:]
    with open(os.path.join(work, "wrapper.mlir"), "w") as f:
        f.write(wrapper)

    # 3. Lower to LLVM and run.
    llvm = _run_tool([molten_opt, *CPU_PIPELINE], wrapper,
                     "the CPU pipeline", work)
    with open(os.path.join(work, "llvm.mlir"), "w") as f:
        f.write(llvm)
    libs = ",".join(os.path.join(llvm_dir, "lib", lib) for lib in
                    ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
    stdout = _run_tool([os.path.join(llvm_dir, "bin", "mlir-runner"),
                        "-e", ENTRY, "--entry-point-result=void",
                        "--shared-libs=" + libs], llvm, "mlir-runner", work)

    printed = parse_printed(stdout)
    expected = sum(len(r) for r in result_types_per_call)
    if len(printed) != expected:
        raise RuntimeError(f"expected {expected} printed results, got "
                           f"{len(printed)}; files kept in {work}\n{stdout}")
    outputs, next_printed = [], 0
    for result_types in result_types_per_call:
        results = []
        for type_text in result_types:
            shape, bits = printed[next_printed]
            next_printed += 1
            results.append((shape, _decode(bits,
                                           parse_tensor_type(type_text)[1])))
        outputs.append(results)
    if not os.environ.get("MOLTEN_REFERENCE_KEEP"):
        shutil.rmtree(work, ignore_errors=True)
    return outputs


def run(mlir_path_or_text, func, inputs, *, pre_passes=(), f64=False,
        tools_dir=None, llvm_dir=None):
    """Runs `func` on `inputs` ((shape, element_type, flat values) per
    argument) and returns its results as (shape, flat list of floats)."""
    return run_many(mlir_path_or_text, [(func, inputs)],
                    pre_passes=pre_passes, f64=f64, tools_dir=tools_dir,
                    llvm_dir=llvm_dir)[0]


# ---------------------------------------------------------------------------
# Command line.
# ---------------------------------------------------------------------------

def random_inputs(arg_types, dims, rng):
    """Seeded inputs for `arg_types`: floats uniform in [-2, 2] rounded to the
    element type, i1 at random; never all zero. Dynamic dimensions take the
    `dims` values in order of appearance (the last one repeats)."""
    inputs, next_dim = [], 0
    for arg_type in arg_types:
        shape, element = parse_tensor_type(arg_type)
        concrete = []
        for d in shape:
            if d is None:
                d = dims[min(next_dim, len(dims) - 1)]
                next_dim += 1
            concrete.append(d)
        count = 1
        for d in concrete:
            count *= d
        if element == "i1":
            values = [rng.random() < 0.5 for _ in range(count)]
        else:
            values = [round_to(rng.uniform(-2.0, 2.0), element)
                      for _ in range(count)]
        if count and not any(values):
            values[0] = True if element == "i1" else 1.0
        inputs.append((concrete, element, values))
    return inputs


def _format_value(v):
    return repr(float(v))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Run a molten function on the CPU (the reference path) "
                    "on seeded random inputs and print its results.")
    parser.add_argument("program", help="the .mlir file")
    parser.add_argument("--func", required=True, help="function to run")
    parser.add_argument("--dims", default="3",
                        help="sizes of the dynamic dimensions, comma-"
                             "separated, in order of appearance over the "
                             "arguments; the last repeats (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pre-passes", default="",
                        help="molten-opt flags to run before the lowering, "
                             "e.g. \"--canonicalize --molten-decompose\"")
    parser.add_argument("--f64", action="store_true",
                        help="compute in float64 (convert-molten-to-linalg"
                             "=f64)")
    parser.add_argument("--tools-dir",
                        help="directory of molten-opt (else "
                             "$MOLTEN_TOOLS_DIR, PATH, build/bin)")
    parser.add_argument("--llvm-dir",
                        help="LLVM install with bin/mlir-runner and the "
                             "runner utils (default $MOLTEN_LLVM_DIR or "
                             "/usr/lib/llvm-22)")
    parser.add_argument("--show-inputs", action="store_true",
                        help="print the inputs as well")
    # `--pre-passes "--canonicalize ..."`: argparse would take a value that
    # starts with "--" for an option; glue it to the flag.
    argv = list(sys.argv[1:] if argv is None else argv)
    for i in range(len(argv) - 1):
        if argv[i] == "--pre-passes":
            argv[i:i + 2] = ["--pre-passes=" + argv[i + 1]]
            break
    args = parser.parse_args(argv)

    program = _read_program(args.program)
    signature = parse_signature(program, args.func)
    if signature is None:
        parser.error(f"no function @{args.func} in {args.program}")
    dims = [int(d) for d in args.dims.split(",") if d.strip()]
    inputs = random_inputs(signature[0], dims, random.Random(args.seed))
    if args.show_inputs:
        for i, (shape, element, values) in enumerate(inputs):
            print(f"input #{i}: {element} {shape}: "
                  + " ".join(_format_value(float(v)) for v in values))
    results = run(program, args.func, inputs, pre_passes=args.pre_passes,
                  f64=args.f64, tools_dir=args.tools_dir,
                  llvm_dir=args.llvm_dir)
    for i, (shape, values) in enumerate(results):
        print(f"result #{i}: {shape}: "
              + " ".join(_format_value(v) for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
