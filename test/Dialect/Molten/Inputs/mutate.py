#!/usr/bin/env python3
"""Mutation robustness test: no input may crash molten-opt.

Usage: mutate.py MOLTEN_OPT SEED COUNT SEED_PATH...

Each SEED_PATH is a .mlir file or a directory searched for .mlir files (a
missing path is skipped). Files are split at `// -----` into seed programs.
COUNT mutated programs are made from them, deterministically for a SEED:
tokens deleted, duplicated or swapped, numbers set to 0, -1 or huge values,
element types and shapes swapped, dims/axis/permutation/offset attributes
changed, SSA uses redirected, op names and enum keywords swapped, lines
dropped or duplicated; and, to keep many mutants valid so that they reach
the folds, one float type or one static size renamed throughout, or a
constant replaced by a splat of a special value (NaN, inf, -0, huge).

Every program is run through molten-opt as
  1. molten-opt PROGRAM                      (is the input valid?)
  2. molten-opt PROGRAM --canonicalize
  3. molten-opt PROGRAM --verify-each --canonicalize -mlir-print-op-generic
and, if the input is valid, the generic output of (3) is parsed again.
A run fails the test if molten-opt
  * dies from a signal, exits with a code other than 0 or 1, or times out;
  * prints a crash report (`LLVM ERROR`, `Stack dump`, `PLEASE submit`);
  * exits with 1 without a location-bearing diagnostic (`FILE:L:C: error:`);
  * rejects, after canonicalization, an input that it accepted (a fold or
    pattern produced invalid IR), or prints IR it cannot parse back.
Failures print the program, the command and molten-opt's stderr; the script
then exits with 1. Only the Python 3 standard library is used.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------


def collect_files(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                files += [os.path.join(root, n) for n in sorted(names)
                          if n.endswith(".mlir")]
        elif os.path.isfile(path):
            files.append(path)
    return files


COMMENT = re.compile(r"//.*$", re.M)
FUNC_START = re.compile(r"^\s*func\.func\b", re.M)


def split_functions(code):
    """The top-level functions of `code` (by brace matching), or `code`
    itself if it has none. Small programs keep more mutants valid."""
    starts = [m.start() for m in FUNC_START.finditer(code)]
    funcs = []
    for start in starts:
        depth, i = 0, code.index("{", start)
        while i < len(code):
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            i += 1
            if depth == 0:
                break
        funcs.append(code[start:i])
    # Functions that call others keep the whole chunk.
    if len(funcs) < 2 or re.search(r"\bcall\b", code):
        return [code]
    return funcs


def split_programs(text):
    """The programs of a file as (program, expected_valid) pairs: chunks
    between `// -----`, then functions, with comments (RUN lines, CHECKs,
    expected-error annotations) removed so that mutations hit code."""
    programs = []
    for chunk in re.split(r"^// -----.*$", text, flags=re.M):
        valid = "expected-error" not in chunk
        code = COMMENT.sub("", chunk)
        code = "\n".join(l for l in code.splitlines() if l.strip())
        for func in split_functions(code):
            if "molten." in func:
                programs.append((func.strip() + "\n", valid))
    return programs


# --------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------

TOKEN = re.compile(
    r"tensor<[^<>]*>|memref<[^<>]*>|dense<[^<>]*>|array<[^<>]*>"
    r"|%[\w.$#-]+|\^\w+|@[\w.$]+|0x[0-9A-Fa-f]+"
    r"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Za-z_][\w.$]*"
    r"|->|\S")
NUMBER = re.compile(r"(?<![\w%#.x])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])")
SHAPE = re.compile(r"tensor<([^<>]*)>")
# An element type, also inside a shape (`4xf32`, where \\b does not match).
ELEMENT = re.compile(r"(?:(?<=[x<])|\b)(f32|f16|bf16|f64|i1|i32|i64|index)\b")
DENSE = re.compile(r"dense<([^<>]*)>")
LIST_ATTR = re.compile(
    r"\b(dims|permutation|offsets|sizes|strides)(\s*=\s*)(\[[^\]]*\]"
    r"|array<i64(?::[^>]*)?>)")
INT_ATTR = re.compile(r"\b(axis|dim)(\s*=\s*)(-?\d+)")
SSA_USE = re.compile(r"(?<=[\s(,\[])%[\w.$#-]+(?![\w.$#-]*\s*(?:=|:\s*tensor|:\s*index))")
OP_NAME = re.compile(r"\bmolten\.\w+")

HUGE = ["9223372036854775807", "-9223372036854775808", "4611686018427387904",
        "2147483648", "4294967296", "6148914691236517205", "1000000007"]
NUMBERS = ["0", "-1", "1", "2", "3", "-2", "7", "1.0e-300", "1.0e300",
           "-0.0", "0x7FF8000000000000", "0x7FF0000000000000"] + HUGE
ELEMENTS = ["f32", "f16", "bf16", "f64", "i1", "i32", "index"]
DIMS = ["?", "0", "1", "2", "3", "4", "7", "8", "64", "4096",
        "4611686018427387904", "9223372036854775807"]
ENUMS = ["none", "tanh", "lt", "le", "gt", "ge", "eq", "ne", "rotate_half",
         "interleaved", "bogus"]
OPS = ["neg", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid",
       "relu", "silu", "erf", "gelu", "clamp", "cast", "add", "sub", "mul",
       "div", "max", "min", "pow", "compare", "select", "constant",
       "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "rms_norm",
       "layer_norm", "softmax", "rope", "matmul", "broadcast_to", "reshape",
       "transpose", "slice", "concat", "fused", "yield"]


def replace_random_match(rng, pattern, text, fn):
    matches = list(pattern.finditer(text))
    if not matches:
        return None
    m = rng.choice(matches)
    return text[:m.start()] + fn(m) + text[m.end():]


def token_spans(text):
    return [m.span() for m in TOKEN.finditer(text)]


def mutate_token(rng, text):
    spans = token_spans(text)
    if len(spans) < 2:
        return None
    kind = rng.randrange(3)
    a = rng.choice(spans)
    if kind == 0:  # delete
        return text[:a[0]] + text[a[1]:]
    if kind == 1:  # duplicate
        return text[:a[1]] + " " + text[a[0]:a[1]] + text[a[1]:]
    b = rng.choice(spans)  # swap
    if a == b:
        return None
    (s1, e1), (s2, e2) = sorted([a, b])
    if e1 > s2:
        return None
    return (text[:s1] + text[s2:e2] + text[e1:s2] + text[s1:e1] + text[e2:])


def mutate_number(rng, text):
    return replace_random_match(rng, NUMBER, text,
                                lambda m: rng.choice(NUMBERS))


def mutate_element_type(rng, text):
    return replace_random_match(rng, ELEMENT, text,
                                lambda m: rng.choice(ELEMENTS))


def mutate_shape(rng, text):
    def new_shape(m):
        parts = m.group(1).split("x")
        dims, elem = parts[:-1], parts[-1]
        kind = rng.randrange(6)
        if kind == 0 and dims:
            dims[rng.randrange(len(dims))] = rng.choice(DIMS)
        elif kind == 1:
            dims.insert(rng.randrange(len(dims) + 1), rng.choice(DIMS))
        elif kind == 2 and dims:
            del dims[rng.randrange(len(dims))]
        elif kind == 3:
            return "tensor<*x%s>" % elem
        elif kind == 4 and len(dims) > 1:
            rng.shuffle(dims)
        else:
            elem = rng.choice(ELEMENTS)
        return "tensor<%s>" % "x".join(dims + [elem])
    return replace_random_match(rng, SHAPE, text, new_shape)


def swap_shapes(rng, text):
    """Puts one tensor type of the program where another one was."""
    shapes = [m.group(0) for m in SHAPE.finditer(text)]
    if not shapes:
        return None
    return replace_random_match(rng, SHAPE, text,
                                lambda m: rng.choice(shapes))


def rename_element_type(rng, text):
    """Replaces every use of one float type by another: mostly still a
    valid program, now in another precision."""
    present = sorted(set(m.group(1) for m in ELEMENT.finditer(text))
                     & {"f32", "f16", "bf16"})
    if not present:
        return None
    old = rng.choice(present)
    new = rng.choice(["f32", "f16", "bf16", "f32", "f16", "bf16", "f64", "i1"])
    return re.sub(r"(?:(?<=[x<])|\b)%s\b" % old, new, text)


def rename_dim(rng, text):
    """Replaces one static size everywhere in the tensor types: shapes stay
    consistent, with sizes such as 0, 1, odd or huge."""
    sizes = sorted(set(d for m in SHAPE.finditer(text)
                       for d in m.group(1).split("x")[:-1] if d.isdigit()))
    if not sizes:
        return None
    old, new = rng.choice(sizes), rng.choice(DIMS)

    def fix(m):
        parts = m.group(1).split("x")
        return "tensor<%s>" % "x".join(
            [new if d == old else d for d in parts[:-1]] + parts[-1:])
    return SHAPE.sub(fix, text)


def mutate_constant(rng, text):
    """Replaces the value of a dense constant by a splat of a special
    value: NaN, infinities, signed zeros, huge, tiny, true, false."""
    values = ["0.0", "-0.0", "1.0", "-1.0", "0x7FC00000", "0x7F800000",
              "0xFF800000", "3.4e38", "1.0e-45", "65504.0", "true", "false",
              "[]", "[1.0, 2.0]"]
    return replace_random_match(rng, DENSE, text,
                                lambda m: "dense<%s>" % rng.choice(values))


def random_int_list(rng):
    n = rng.choice([0, 1, 1, 2, 2, 3, 4])
    pool = [0, 1, 2, 3, -1, -2, 5, 9223372036854775807, -9223372036854775808]
    weights = [6, 6, 4, 3, 2, 1, 1, 1, 1]
    return rng.choices(pool, weights, k=n)


def mutate_list_attr(rng, text):
    def new_list(m):
        values = random_int_list(rng)
        if m.group(3).startswith("array"):
            body = "array<i64" + (": " + ", ".join(map(str, values))
                                  if values else "") + ">"
        else:
            body = "[" + ", ".join(map(str, values)) + "]"
        return m.group(1) + m.group(2) + body
    return replace_random_match(rng, LIST_ATTR, text, new_list)


def mutate_int_attr(rng, text):
    return replace_random_match(
        rng, INT_ATTR, text,
        lambda m: m.group(1) + m.group(2) + str(rng.choice(
            [0, 1, 2, 3, -1, -2, -3, -4, 9223372036854775807,
             -9223372036854775808])))


def mutate_ssa_use(rng, text):
    names = sorted(set(re.findall(r"%[\w.$#-]+", text)))
    if len(names) < 2:
        return None
    return replace_random_match(rng, SSA_USE, text,
                                lambda m: rng.choice(names))


def mutate_op_name(rng, text):
    return replace_random_match(rng, OP_NAME, text,
                                lambda m: "molten." + rng.choice(OPS))


def mutate_keyword(rng, text):
    pattern = re.compile(r"\b(" + "|".join(ENUMS[:-1]) + r"|keepdim"
                         r"|transpose_rhs)\b")
    return replace_random_match(rng, pattern, text,
                                lambda m: rng.choice(ENUMS + ["", "keepdim"]))


def mutate_lines(rng, text):
    lines = text.splitlines()
    if len(lines) < 2:
        return None
    i = rng.randrange(len(lines))
    kind = rng.randrange(3)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, lines[rng.randrange(len(lines))])
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines) + "\n"


MUTATIONS = [
    (rename_element_type, 5), (rename_dim, 6), (mutate_constant, 4),
    (mutate_token, 4), (mutate_number, 4), (mutate_element_type, 3),
    (mutate_shape, 4), (swap_shapes, 2), (mutate_list_attr, 4),
    (mutate_int_attr, 3), (mutate_ssa_use, 2), (mutate_op_name, 2),
    (mutate_keyword, 1), (mutate_lines, 2),
]


def mutate(rng, program):
    funcs, weights = zip(*MUTATIONS)
    for _ in range(rng.choice([1, 1, 1, 1, 2, 2, 3])):
        for _attempt in range(10):
            result = rng.choices(funcs, weights)[0](rng, program)
            if result is not None and result != program:
                program = result
                break
    return program


# --------------------------------------------------------------------------
# Running molten-opt
# --------------------------------------------------------------------------

LOCATED_ERROR = re.compile(r"^\S[^\n]*:\d+:\d+: error: ", re.M)
CRASH_MARKERS = ("LLVM ERROR", "Stack dump", "PLEASE submit a bug report",
                 "Assertion", "UNREACHABLE")


def run(molten_opt, args, timeout, stdin=None):
    try:
        proc = subprocess.run([molten_opt] + args, input=stdin,
                              capture_output=True, text=True,
                              timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %ss" % timeout
    return proc.returncode, proc.stdout, proc.stderr


def describe(rc):
    if rc is None:
        return "timed out"
    if rc < 0:
        return "killed by signal %d" % -rc
    if rc > 128:
        return "exit code %d (signal %d?)" % (rc, rc - 128)
    return "exit code %d" % rc


def check_run(rc, stderr):
    """Why a run is a failure, or None."""
    if rc is None or rc not in (0, 1):
        return describe(rc)
    if any(marker in stderr for marker in CRASH_MARKERS):
        return "crash report on stderr"
    if rc == 1 and not LOCATED_ERROR.search(stderr):
        return "exit code 1 without a location-bearing `error:`"
    return None


def check_program(molten_opt, path, timeout):
    """Returns (command, reason, stderr) for each failure."""
    failures = []
    rc0, _, err0 = run(molten_opt, [path], timeout)
    reason = check_run(rc0, err0)
    if reason:
        failures.append(("molten-opt PROGRAM", reason, err0))
    valid = rc0 == 0
    for args in (["--canonicalize"],
                 ["--verify-each", "--canonicalize", "-mlir-print-op-generic"]):
        rc, out, err = run(molten_opt, [path] + args, timeout)
        command = "molten-opt PROGRAM " + " ".join(args)
        reason = check_run(rc, err)
        if not reason and valid and rc != 0:
            reason = "a valid input fails after canonicalization"
        if reason:
            failures.append((command, reason, err))
            continue
        if valid and "-mlir-print-op-generic" in args:
            rc2, _, err2 = run(molten_opt, ["-"], timeout, stdin=out)
            reason = check_run(rc2, err2)
            if not reason and rc2 != 0:
                reason = "the canonicalized output does not parse back"
            if reason:
                failures.append((command + " | molten-opt", reason,
                                 err2 + "\n--- printed IR ---\n" + out))
    return failures, valid


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("molten_opt")
    parser.add_argument("seed", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--save-failures", metavar="DIR",
                        help="also write each failing program to DIR")
    opts = parser.parse_args()

    seeds = []
    for path in collect_files(opts.paths):
        with open(path, encoding="utf-8") as f:
            seeds += split_programs(f.read())
    if not seeds:
        print("error: no seed programs in %s" % " ".join(opts.paths))
        return 1

    # Mostly mutate valid programs: their mutants reach the folds; mutants
    # of invalid ones mostly exercise the parser and verifiers again.
    valid_seeds = [p for p, ok in seeds if ok]
    invalid_seeds = [p for p, ok in seeds if not ok]
    rng = random.Random(opts.seed)
    programs = []
    for _ in range(opts.count):
        pool = valid_seeds if valid_seeds and (
            not invalid_seeds or rng.random() < 0.8) else invalid_seeds
        programs.append(mutate(rng, rng.choice(pool)))

    with tempfile.TemporaryDirectory(prefix="molten-mutate-") as tmp:
        paths = []
        for i, program in enumerate(programs):
            path = os.path.join(tmp, "mutant%04d.mlir" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(program)
            paths.append(path)
        with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            results = list(pool.map(
                lambda p: check_program(opts.molten_opt, p, opts.timeout),
                paths))

    failed = 0
    for i, (program, (failures, _)) in enumerate(zip(programs, results)):
        if not failures:
            continue
        failed += 1
        print("=" * 72)
        print("FAIL: mutant %d (seed %d)" % (i, opts.seed))
        for command, reason, stderr in failures:
            print("command: %s\nreason:  %s" % (command, reason))
            print("stderr (last 40 lines):")
            print("\n".join(stderr.splitlines()[-40:]))
        print("--- program ---")
        print(program, end="")
        if opts.save_failures:
            os.makedirs(opts.save_failures, exist_ok=True)
            with open(os.path.join(opts.save_failures,
                                   "mutant%04d.mlir" % i), "w") as f:
                f.write(program)

    valid = sum(1 for failures, ok in results if ok)
    print("%d mutants from %d seed programs: %d valid, %d rejected, "
          "%d failed" % (len(programs), len(seeds), valid,
                         len(programs) - valid, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
