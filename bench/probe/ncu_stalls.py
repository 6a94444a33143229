#!/usr/bin/env python3
"""Where a kernel's warps stall, from ncu's source page (CSV, SASS):
the stall reasons summed over the kernel and the instructions with the most
samples, as markdown. The CSV comes from scripts/gpu-profile-matmul.sh with
SOURCE=1.

    python3 bench/probe/ncu_stalls.py ncu-DIR-source.csv [--kernel _k0$] [--top 14]
"""
import argparse
import csv
import re


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--kernel", default="_k0$",
                    help="regex of the kernel name (default: _k0$)")
    ap.add_argument("--top", type=int, default=14)
    args = ap.parse_args()
    kernel, header, rows = None, None, []
    for r in csv.reader(open(args.csv)):
        if r and r[0] == "Kernel Name":
            kernel = r[1]
        elif r and r[0] == "Address":
            header = r
        elif header and kernel and re.search(args.kernel, kernel) \
                and len(r) == len(header):
            rows.append(dict(zip(header, r)))
    samples = "Warp Stall Sampling (All Samples)"
    stalls = [h for h in header if h.startswith("stall_")
              and "Not Issued" not in h]
    total = sum(int(d[samples] or 0) for d in rows)
    print("%s: %d instructions, %d samples\n" % (args.csv, len(rows), total))
    sums = sorted(((s, sum(int(d[s] or 0) for d in rows)) for s in stalls),
                  key=lambda x: -x[1])
    print("| stall reason | samples | share |\n| --- | --- | --- |")
    for s, n in sums[:8]:
        print("| %s | %d | %.0f%% |" % (s, n, 100.0 * n / max(total, 1)))
    print("\n| samples | SASS | main reasons |\n| --- | --- | --- |")
    top = sorted(rows, key=lambda d: -int(d[samples] or 0))[:args.top]
    for d in top:
        reasons = sorted(((s, int(d[s] or 0)) for s in stalls),
                         key=lambda x: -x[1])[:2]
        print("| %s | `%s` | %s |" % (
            d[samples], d["Source"].strip(),
            ", ".join("%s %d" % r for r in reasons if r[1])))


if __name__ == "__main__":
    main()
