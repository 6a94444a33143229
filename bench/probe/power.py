#!/usr/bin/env python3
"""Power draw and SM clock while one matmul runs back to back: Molten's
bundle against cuBLAS (a diagnosis, not a benchmark).

    python3 bench/probe/power.py --bundles matmul-bundles --out DIR

For bench/matmul_bench.py's bundle nt_n14336_k4096 (gelu(x @ W^T + b),
bf16) at M = 2048: CUDA graphs of 20 calls replayed for a few seconds per
implementation (Molten, cuBLAS's F.linear alone, and F.linear + GELU in
eager), in interleaved rounds, while nvidia-smi samples power.draw and
clocks.sm every 100 ms. Per implementation: TFLOP/s, median watts and
MHz over the samples taken while it ran, and TFLOP per joule. Writes
DIR/power.json and DIR/power.md.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))), "python"))
from molten import Bundle  # noqa: E402

SECONDS = 3.0
CALLS = 20


class Sampler(threading.Thread):
    """nvidia-smi's power and SM clock, with the time of each sample."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = []
        self.process = subprocess.Popen(
            ["nvidia-smi", "--query-gpu=power.draw,clocks.sm",
             "--format=csv,noheader,nounits", "-lms", "100"],
            stdout=subprocess.PIPE, text=True)

    def run(self):
        for line in self.process.stdout:
            try:
                watts, mhz = (float(v) for v in line.split(","))
            except ValueError:
                continue
            self.samples.append((time.time(), watts, mhz))

    def stop(self):
        self.process.terminate()


def graph(fn):
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        fn()
    torch.cuda.current_stream().wait_stream(stream)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        for _ in range(CALLS):
            fn()
    return g


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--m", type=int, default=2048)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    n, k, m = 14336, 4096, args.m
    bundle = Bundle(os.path.join(args.bundles, "nt_n14336_k4096.bundle"))
    bundle.prepare()
    function = "linear_gelu_nt_n14336_k4096"
    x = torch.randn(m, k, device="cuda").to(torch.bfloat16)
    w = (torch.randn(n, k, device="cuda") / k ** 0.5).to(torch.bfloat16)
    b = torch.randn(n, device="cuda").to(torch.bfloat16)
    out = torch.empty(m, n, device="cuda", dtype=torch.bfloat16)
    impls = {
        "molten": lambda: bundle.run(function, x, w, b, out=out),
        "cublas": lambda: torch.matmul(x, w.t(), out=out),
        "eager": lambda: F.gelu(F.linear(x, w, b)),
    }
    graphs = {name: graph(fn) for name, fn in impls.items()}
    sampler = Sampler()
    sampler.start()
    time.sleep(1.0)
    spans = {name: [] for name in impls}
    for _ in range(args.rounds):
        for name, g in graphs.items():
            start = time.time()
            replays = 0
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            while time.time() - start < SECONDS:
                g.replay()
                replays += 1
                if replays % 8 == 0:
                    torch.cuda.synchronize()
            torch.cuda.synchronize()
            seconds = time.perf_counter() - t0
            spans[name].append((start, time.time(), replays * CALLS / seconds))
            time.sleep(0.5)
    sampler.stop()
    time.sleep(0.3)
    flops = 2.0 * m * n * k
    rows = {}
    for name, runs in spans.items():
        # Samples past the first half second of each run: the clocks settle.
        inside = [(w_, c) for t, w_, c in sampler.samples
                  for s, e, _ in runs if s + 0.5 <= t <= e]
        rate = statistics.median(r for _, _, r in runs)
        watts = statistics.median(w_ for w_, _ in inside) if inside else None
        mhz = statistics.median(c for _, c in inside) if inside else None
        rows[name] = {"tflops": flops * rate / 1e12, "watts": watts, "mhz": mhz,
                      "samples": len(inside),
                      "tflop_per_joule": flops * rate / 1e12 / watts
                      if watts else None}
        print(name, rows[name], flush=True)
    result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__,
              "command": " ".join(sys.argv), "m": m, "n": n, "k": k,
              "results": rows}
    with open(os.path.join(args.out, "power.json"), "w") as f:
        json.dump(result, f, indent=1)
    lines = ["# Power while one matmul runs back to back (%s)" % result["device"],
             "", "gelu(x @ W^T + b), bf16, M = %d, N = %d, K = %d; cuBLAS: the "
             "matmul alone." % (m, n, k), "",
             "| implementation | TFLOP/s | W | SM MHz | TFLOP/J |",
             "| --- | --- | --- | --- | --- |"]
    for name, r in rows.items():
        lines.append("| %s | %.0f | %s | %s | %s |" % (
            name, r["tflops"], "%.0f" % r["watts"] if r["watts"] else "-",
            "%.0f" % r["mhz"] if r["mhz"] else "-",
            "%.2f" % r["tflop_per_joule"] if r["tflop_per_joule"] else "-"))
    with open(os.path.join(args.out, "power.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
