#!/usr/bin/env python3
"""SASS of a bundle's kernels and their instruction mix (opcode counts),
through ptxas and cuobjdump (a full CUDA toolkit: the GPU machine has one;
no GPU needed); with --ptx, the mix of the PTX itself (no toolkit: this
machine has no cuobjdump).

    python3 bench/sass.py BUNDLE [BUNDLE ...] [--arch sm_90] [--listing] [--ptx]
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from resources import bundle_ptx  # noqa: E402

CUDA = os.environ.get("CUDA_HOME", "/usr/local/cuda")


def sass(ptx, arch):
    with tempfile.TemporaryDirectory() as tmp:
        src, cubin = os.path.join(tmp, "k.ptx"), os.path.join(tmp, "k.cubin")
        with open(src, "w") as f:
            f.write(ptx)
        subprocess.run([os.path.join(CUDA, "bin", "ptxas"), f"-arch={arch}", src, "-o", cubin],
                       check=True)
        return subprocess.run([os.path.join(CUDA, "bin", "cuobjdump"), "-sass", cubin],
                              check=True, capture_output=True, text=True).stdout


def per_kernel(text):
    """{kernel: [instruction text]} from cuobjdump -sass output."""
    kernels, current = {}, None
    for line in text.splitlines():
        m = re.match(r"\s+Function : (\S+)", line)
        if m:
            current = kernels.setdefault(m.group(1), [])
            continue
        m = re.match(r"\s+/\*[0-9a-f]{4,}\*/\s+(.*?)\s*;", line)
        if m and current is not None:
            current.append(m.group(1))
    return kernels


def per_kernel_ptx(ptx):
    """{kernel: [instruction text]} from PTX: the statements of each entry
    (no directives, labels or braces)."""
    kernels, current = {}, None
    for line in ptx.splitlines():
        m = re.match(r"\.visible \.entry (\w+)\(", line)
        if m:
            current = kernels.setdefault(m.group(1), [])
            continue
        text = line.strip()
        if current is not None and text.endswith(";") and \
                not text.startswith((".", "//")):
            current.append(text.rstrip(";"))
    return kernels


def opcode(instruction):
    words = instruction.split()
    if words and words[0].startswith("@"):
        words = words[1:]
    return words[0] if words else ""


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("bundles", nargs="+")
    p.add_argument("--arch", default="sm_90")
    p.add_argument("--listing", action="store_true", help="print every instruction too")
    p.add_argument("--ptx", action="store_true",
                   help="count the PTX's instructions instead of the SASS's")
    args = p.parse_args()
    for path in args.bundles:
        ptx, _ = bundle_ptx(path)
        code_of = per_kernel_ptx(ptx) if args.ptx else \
            per_kernel(sass(ptx, args.arch))
        for kernel, code in code_of.items():
            mix = collections.Counter(opcode(i) for i in code)
            print(f"== {os.path.basename(path)} {kernel}: {len(code)} instructions")
            print("   " + ", ".join(f"{op} {n}" for op, n in mix.most_common()))
            if args.listing:
                print("\n".join("     " + i for i in code))
    return 0


if __name__ == "__main__":
    sys.exit(main())
