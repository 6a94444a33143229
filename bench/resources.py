#!/usr/bin/env python3
"""The compiler's resource report for every kernel of a bundle folder:
block size, registers, spills and shared memory from `ptxas -v` (sm_90).
Needs only the CUDA toolkit (ptxas), no GPU.

    python3 bench/resources.py DIR [--ptxas /usr/local/cuda/bin/ptxas]
"""
import argparse
import os
import re
import subprocess
import tempfile


def bundle_ptx(path):
    data = open(path, "rb").read().decode("latin1")
    size = int(re.search(r"^ptx (\d+)$", data, re.M).group(1))
    start = data.index("\n", data.index("\nptx ") + 1) + 1
    return data[start:start + size], re.findall(r"^kernel (\S+) .* block (\d+) ", data, re.M)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("dir")
    p.add_argument("--ptxas", default="/usr/local/cuda/bin/ptxas")
    args = p.parse_args()
    print(f"{'bundle':<40} {'kernel':<28} {'block':>5} {'regs':>5} {'spill':>6} {'smem':>5}")
    for name in sorted(os.listdir(args.dir)):
        if not name.endswith(".bundle"):
            continue
        ptx, kernels = bundle_ptx(os.path.join(args.dir, name))
        with tempfile.NamedTemporaryFile("w", suffix=".ptx") as f:
            f.write(ptx)
            f.flush()
            report = subprocess.run([args.ptxas, "-arch=sm_90", "-v", f.name, "-o", os.devnull],
                                    capture_output=True, text=True).stderr
        for kernel, block in kernels:
            section = report[report.index(f"Function properties for {kernel}\n"):]
            regs = re.search(r"Used (\d+) registers", section).group(1)
            spill = re.search(r"(\d+) bytes spill stores", section).group(1)
            smem = re.search(r"(\d+) bytes smem", section)
            print(f"{name:<40} {kernel:<28} {block:>5} {regs:>5} {spill:>6} "
                  f"{smem.group(1) if smem else '0':>5}")


if __name__ == "__main__":
    main()
