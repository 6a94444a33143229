#!/usr/bin/env python3
"""Compiles the benchmark set into bundles (run where MLIR is: here, not on
the GPU machine). One bundle per workload, dtype and hidden size serves every
row count (the token dim is dynamic).

    python3 bench/make_bundles.py [--out bench-bundles] [--tools-dir build/bin]
        [--gpu-options "row-chunks-per-thread=4 ..."] [--only rms_norm,...]

--gpu-options passes convert-molten-to-gpu options (the emitters' tuning)
through molten-translate; bench/tune.py compares such variants.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads  # noqa: E402

MAIN = ["rms_norm", "rms_norm_silu_gate", "softmax", "layer_norm", "gelu_bias",
        "residual_rms_norm", "rope"]
MAIN_HIDDEN = [4096, 5120]
MAIN_ROWS = [1, 2048, 8192, 32768]
SWEEP = ["rms_norm", "softmax"]
SWEEP_HIDDEN = [256, 1024, 2048, 8192, 16384, 32768, 65536]


def cases():
    for name in MAIN:
        for dtype in ["f32", "bf16"]:
            for hidden in MAIN_HIDDEN:
                yield name, dtype, hidden, MAIN_ROWS, "main"
    for name in SWEEP:
        for hidden in SWEEP_HIDDEN:
            # About 64 MB of input per call, so the timing sees DRAM.
            rows = max(1, (64 << 20) // (hidden * 2))
            yield name, "bf16", hidden, [rows], "sweep"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p.add_argument("--out", default=os.path.join(root, "bench-bundles"))
    p.add_argument("--tools-dir", default=os.path.join(root, "build", "bin"))
    p.add_argument("--gpu-options", default="",
                   help="convert-molten-to-gpu options (the pipeline's gpu-options) "
                        "for every bundle")
    p.add_argument("--only", default="", help="comma-separated workloads")
    args = p.parse_args()
    only = set(filter(None, args.only.split(",")))
    os.makedirs(args.out, exist_ok=True)
    manifest = []
    built = {}
    for name, dtype, hidden, rows, group in cases():
        if only and name not in only:
            continue
        key = f"{name}_{dtype}_{hidden}"
        if key not in built:
            src = os.path.join(args.out, key + ".mlir")
            with open(src, "w") as f:
                f.write(workloads.program(name, hidden, dtype))
            bundle = os.path.join(args.out, key + ".bundle")
            subprocess.run([os.path.join(args.tools_dir, "molten-translate"),
                            "--molten-to-bundle", src, "-o", bundle,
                            "--molten-gpu-options=" + args.gpu_options],
                           check=True)
            built[key] = key + ".bundle"
        manifest.append({"workload": name, "dtype": dtype, "hidden": hidden,
                         "rows": rows, "group": group, "bundle": built[key],
                         "function": name})
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    with open(os.path.join(args.out, "gpu-options.txt"), "w") as f:
        f.write(args.gpu_options + "\n")
    print(f"{len(built)} bundles, {sum(len(c['rows']) for c in manifest)} cases in {args.out}")


if __name__ == "__main__":
    main()
