#!/usr/bin/env python3
"""How fast PyTorch's own kernels move the weight bytes of the matmul
benchmark's decode shapes: a ceiling for small weights, where the copy
bandwidth of a 1 GiB copy (bench/bench.py) may not be reachable (a
diagnosis, not a benchmark).

    python3 bench/probe/small_reads.py --out DIR

For each (N, K) of bench/matmul_bench.py, with W = N x K bf16 values:
a copy of W / 2 to another W / 2 (the same bytes read and written as one
read of W), a sum of W (reads W once), and a one-element add (the launch
alone), each under CUDA graph replay, rotating among enough copies that L2
cannot serve them (as bench/matmul_bench.py does), median of interleaved
rounds. Writes DIR/small_reads.json and DIR/small_reads.md: the times, and
for the copy and the sum W bytes / time as a fraction of the 1 GiB copy's
bandwidth.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench  # noqa: E402  bench/bench.py

SHAPES = [(4096, 4096), (11008, 4096), (4096, 11008), (14336, 4096),
          (3072, 768)]


def timers_for(n, k):
    elements = n * k
    count = bench.rotating_sets(2 * elements)
    weights = [torch.randn(elements, device="cuda").to(torch.bfloat16)
               for _ in range(count)]
    half = elements // 2
    halves = [(w[half:2 * half], w[:half]) for w in weights]
    one = torch.zeros(1, device="cuda")
    return {
        "copy": bench.graph_timer(lambda dst, src: dst.copy_(src), halves),
        "sum": bench.graph_timer(lambda w: w.sum(dtype=torch.float32),
                                 [(w,) for w in weights]),
        "launch": bench.graph_timer(lambda x: x.add_(1), [(one,)] * count),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/small-reads")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    copy_bw = bench.copy_ceiling()
    rows = []
    for n, k in SHAPES:
        times = bench.time_interleaved(timers_for(n, k))
        weight_bytes = 2 * n * k
        rows.append({"n": n, "k": k, "weight_bytes": weight_bytes,
                     "us": {name: t * 1e6 for name, t in times.items()},
                     "of_copy": {name: weight_bytes / times[name] / copy_bw
                                 for name in ("copy", "sum")}})
        print(rows[-1], flush=True)
    meta = {"device": torch.cuda.get_device_name(),
            "torch": torch.__version__, "copy_bytes_per_s": copy_bw}
    with open(os.path.join(args.out, "small_reads.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows}, f, indent=1)
    lines = ["# Weight-sized reads on %s (torch %s)" % (meta["device"],
                                                         meta["torch"]),
             "", "1 GiB copy: %.0f GB/s. Times in us (W bytes / time as a "
             "fraction of that bandwidth)." % (copy_bw / 1e9), "",
             "| N | K | W MB | copy W/2 | sum of W | one-element add |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        cells = ["%.1f (%.2f)" % (r["us"][name], r["of_copy"][name])
                 for name in ("copy", "sum")] + ["%.1f" % r["us"]["launch"]]
        lines.append("| %d | %d | %.1f | %s |" % (
            r["n"], r["k"], r["weight_bytes"] / 1e6, " | ".join(cells)))
    with open(os.path.join(args.out, "small_reads.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
