#!/usr/bin/env python3
"""molten.attention on the GPU: correctness against float64, then speed
against PyTorch's scaled_dot_product_attention, in one run.

    # here (MLIR tools, no GPU): one bundle per program, sizes dynamic
    python3 bench/attention_bench.py --make-bundles attention-bundles [--tools-dir build/bin]
    # on the GPU machine (PyTorch, no MLIR)
    python3 bench/attention_bench.py --bundles attention-bundles --out DIR [--max-seconds 300]
    # under compute-sanitizer: the checks only, sequences up to 1000
    python3 bench/attention_bench.py --bundles attention-bundles --out DIR --check-only --small

Checks: every program of PROGRAMS at every (batch, Sq, Skv) of its sizes,
fresh random inputs (randn, rounded to the element type), the output
NaN-poisoned first, against softmax(q k^T scale + mask) v in float64
(causal: keys j <= i; GQA: each key/value head repeated for its group; a
fully masked row gives 0, as torch SDPA does). Error: max|got - ref| /
max(1, max|ref|), under TOLERANCE of the element type; also the error of
torch SDPA itself (same inputs, same type) for comparison.

Speed (bf16, seq 4096, 32 heads, head dim 128, batch BENCH_BATCH; causal
and not): Molten's bundle against SDPA restricted to the flash backend and
SDPA's default choice, interleaved (bench/bench.py: CUDA graph replay,
median of rounds), reported as time, TFLOP/s (4 B H S^2 D, halved when
causal) and SDPA-flash / Molten time (> 1: Molten faster). Decode: one
query token against 8192 keys, reported as KV bytes / time over the
device-to-device copy bandwidth.

Files: DIR/results.json (raw, with device and versions) and
DIR/results.md.
"""
import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

TOLERANCE = {"bf16": 2e-2, "f16": 5e-3, "f32": 1e-4}
BENCH_BATCH = 4
BENCH_SEQ = 4096
DECODE_KV = 8192
TARGET_S = 2e-3
SMALL_SEQ = 1000
REPEATS = 7

# name: element type, heads (query, key/value) or None for rank 2, head
# dims (D, Dv), causal, mask, the (batch, Sq, Skv) sizes checked, and
# optionally nan_if_masked.
SELF = [(1, 1, 1), (2, 7, 7), (1, 1000, 1000), (1, 4097, 4097)]
PROGRAMS = {
    "causal_bf16_h32_d128": ("bf16", (32, 32), (128, 128), True, False,
                             [(1, 1, 1), (2, 7, 7), (1, 1000, 1000),
                              (1, 4097, 4097), (1, 5, 300)]),
    "full_bf16_h32_d128": ("bf16", (32, 32), (128, 128), False, False,
                           SELF + [(1, 1, 4097), (2, 129, 13)]),
    "gqa_causal_f16_h8_kv2_d64": ("f16", (8, 2), (64, 64), True, False,
                                  SELF + [(1, 16, 3000), (2, 1, 8192),
                                          (1, 17, 17)]),
    "gqa_full_bf16_h8_kv4_d64_dv128": ("bf16", (8, 4), (64, 128), False,
                                       False, SELF + [(3, 200, 77),
                                                      (2, 3, 5000)]),
    "rank2_causal_bf16_d128": ("bf16", None, (128, 128), True, False,
                               [(1, 1, 1), (1, 7, 7), (1, 4097, 4097)]),
    # The portable kernel: a mask, f32, a head dim the flash kernel lacks.
    "masked_bf16_h4_d64": ("bf16", (4, 4), (64, 64), False, True,
                           [(1, 1, 1), (2, 7, 9), (1, 300, 300)]),
    "causal_f32_h4_d32": ("f32", (4, 4), (32, 32), True, False,
                          [(1, 1, 1), (2, 7, 7), (1, 300, 300)]),
    "causal_bf16_h4_d96": ("bf16", (4, 4), (96, 96), True, False,
                           [(1, 7, 7), (1, 300, 300)]),
    # nan_if_masked (attention recognised from math with a mask): the
    # fully masked row is NaN, as softmax gives.
    "masked_nan_f16_h2_d64": ("f16", (2, 2), (64, 64), False, True,
                              [(1, 7, 9), (1, 300, 300)], True),
}
BENCH = {"causal": "causal_bf16_h32_d128", "full": "full_bf16_h32_d128"}


def program_text(name, spec):
    """The molten function `name` of `spec` (batch, Sq, Skv dynamic)."""
    elem, heads, (d, dv), causal, masked = spec[:5]
    nan = len(spec) > 6 and spec[6]

    def t(h, s, last):
        dims = (["?", str(h)] if heads else []) + [s, str(last)]
        return "tensor<%sx%s>" % ("x".join(dims), elem)
    hq, hk = heads if heads else (None, None)
    q, k, v = t(hq, "?", d), t(hk, "?", d), t(hk, "?", dv)
    out = t(hq, "?", dv)
    args = "%%q: %s, %%k: %s, %%v: %s" % (q, k, v)
    mask = ""
    if masked:
        args += ", %m: tensor<?x?xf32>"
        mask = " mask(%m : tensor<?x?xf32>)"
    return ("func.func @%s(%s) -> %s {\n"
            "  %%o = molten.attention %%q, %%k, %%v%s%s%s : %s, %s, %s -> %s\n"
            "  return %%o : %s\n}\n" % (
                name, args, out, mask, " causal" if causal else "",
                " nan_if_masked" if nan else "", q, k, v, out, out))


def make_bundles(out, tools_dir, chip):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import make_matmul_cases as mmc
    translate = mmc.find_tool(tools_dir, "molten-translate")
    os.makedirs(out, exist_ok=True)
    programs = [(n, program_text(n, s)) for n, s in PROGRAMS.items()]
    failures = mmc.build_all(2, out, translate, chip, programs)
    manifest = {"version": 1, "generated_by": "bench/attention_bench.py",
                "git_head": mmc.git_head(), "chip": chip,
                "bundles": {n: {"bundle": n + ".bundle",
                                "plan": mmc.bundle_summary(
                                    os.path.join(out, n + ".bundle"))}
                            for n in PROGRAMS if failures[n] is None}}
    mmc.write_manifest(out, manifest, failures)
    print("%d bundles in %s" % (len(manifest["bundles"]), out))
    return 0 if len(manifest["bundles"]) == len(PROGRAMS) else 1


# ---------------------------------------------------------------------------
# On the GPU.
# ---------------------------------------------------------------------------

def dtype_of(torch, elem):
    return {"bf16": torch.bfloat16, "f16": torch.float16,
            "f32": torch.float32}[elem]


def make_inputs(torch, spec, batch, sq, skv, gen):
    elem, heads, (d, dv), causal, masked = spec[:5]
    dt = dtype_of(torch, elem)

    def rnd(*shape):
        return torch.randn(*shape, generator=gen, device="cuda").to(dt)
    lead = [batch] + [heads[0]] if heads else []
    kv_lead = [batch] + [heads[1]] if heads else []
    q, k, v = rnd(*lead, sq, d), rnd(*kv_lead, skv, d), rnd(*kv_lead, skv, dv)
    inputs = [q, k, v]
    if masked:
        # Random additive mask with some -inf, and the first row fully
        # masked (SDPA gives 0 there).
        m = torch.randn(sq, skv, generator=gen, device="cuda")
        m = m.masked_fill(torch.rand(sq, skv, generator=gen,
                                     device="cuda") < 0.3, float("-inf"))
        m[0] = float("-inf")
        inputs.append(m)
    return inputs


def reference(torch, spec, inputs):
    """float64 attention on the same (rounded) inputs."""
    elem, heads, (d, dv), causal, masked = spec[:5]
    nan = len(spec) > 6 and spec[6]
    q, k, v = (t.double() for t in inputs[:3])
    if heads and heads[0] != heads[1]:
        g = heads[0] // heads[1]
        k = k.repeat_interleave(g, dim=-3)
        v = v.repeat_interleave(g, dim=-3)
    s = q @ k.transpose(-1, -2) / math.sqrt(d)
    sq, skv = s.shape[-2], s.shape[-1]
    if masked:
        s = s + inputs[3].double()
    if causal:
        keep = torch.ones(sq, skv, dtype=torch.bool, device=s.device).tril()
        s = s.masked_fill(~keep, float("-inf"))
    m = s.amax(-1, keepdim=True)
    m = torch.where(torch.isinf(m) & (m < 0), torch.zeros_like(m), m)
    p = torch.exp(s - m)
    total = p.sum(-1, keepdim=True)
    empty = torch.full_like(p, float("nan") if nan else 0.0)
    p = torch.where(total > 0, p / total, empty)
    return p @ v


def sdpa(torch, spec, inputs):
    elem, heads, _, causal, masked = spec[:5]
    F = torch.nn.functional
    q, k, v = inputs[:3]
    kw = {"is_causal": causal}
    if masked:
        kw["attn_mask"] = inputs[3].to(q.dtype)
    if heads and heads[0] != heads[1]:
        kw["enable_gqa"] = True
    return F.scaled_dot_product_attention(q, k, v, **kw)


def check(torch, bench, name, spec, bundle, gen, small):
    rows = []
    for batch, sq, skv in spec[5]:
        if small and max(sq, skv) > SMALL_SEQ:
            continue
        row = {"program": name, "batch": batch, "sq": sq, "skv": skv}
        try:
            inputs = make_inputs(torch, spec, batch, sq, skv, gen)
            # Under compute-sanitizer (--small) the reference runs on the
            # CPU and SDPA not at all, so the tools see Molten's kernels
            # (and PyTorch's fills and copies) only.
            if small:
                ref = reference(torch, spec, [t.cpu() for t in inputs]).cuda()
            else:
                ref = reference(torch, spec, inputs)
            got = torch.full(ref.shape, float("nan"),
                             dtype=dtype_of(torch, spec[0]), device="cuda")
            bundle.run(name, *inputs, out=got)
            torch.cuda.synchronize()
            # NaN exactly where the reference is NaN (nan_if_masked rows).
            expect_nan = torch.isnan(ref)
            row["finite"] = bool(
                (torch.isfinite(got) | expect_nan).all() and
                torch.isnan(got[expect_nan]).all())
            keep = ~expect_nan
            row["error"] = bench.max_rel_error(
                torch.where(keep, got.double(), 0.0),
                torch.where(keep, ref, 0.0))
            try:
                if not small:
                    row["error_sdpa"] = bench.max_rel_error(
                        sdpa(torch, spec, inputs), ref)
            except Exception as e:  # SDPA may refuse a case
                row["sdpa_failed"] = "%s: %s" % (type(e).__name__, e)
            row["passed"] = (row["finite"] and
                             row["error"] <= TOLERANCE[spec[0]])
        except Exception as e:
            row.update(passed=False, failure="%s: %s" % (type(e).__name__, e))
        rows.append(row)
        print("check %-32s B=%d Sq=%-5d Skv=%-5d %s err %s (sdpa %s)" % (
            name, batch, sq, skv, "ok  " if row["passed"] else "FAIL",
            "%.2e" % row["error"] if "error" in row else row.get("failure"),
            "%.2e" % row["error_sdpa"] if "error_sdpa" in row else "-"),
            flush=True)
    return rows


def speed(torch, bench, name, spec, bundle, batch, sq, skv, copy_bw, gen):
    from torch.nn.attention import SDPBackend, sdpa_kernel
    elem, heads, (d, dv), causal = spec[:4]
    inputs = make_inputs(torch, spec, batch, sq, skv, gen)
    sets = [inputs]
    fns = {"molten": lambda q, k, v: bundle.run(name, q, k, v),
           "sdpa": lambda q, k, v: sdpa(torch, spec, [q, k, v])}

    def flash(q, k, v):
        with sdpa_kernel([SDPBackend.FLASH_ATTENTION]):
            return sdpa(torch, spec, [q, k, v])
    fns["sdpa_flash"] = flash
    result = {"program": name, "batch": batch, "sq": sq, "skv": skv,
              "heads": heads, "head_dim": d, "causal": causal}
    reps = {}
    for fn_name, fn in list(fns.items()):
        try:
            est = bench.call_timer(fn, sets)()
        except Exception as e:
            result["failed_" + fn_name] = "%s: %s" % (type(e).__name__, e)
            del fns[fn_name]
            continue
        reps[fn_name] = max(1, min(256, math.ceil(TARGET_S / est)))
    bundle.prepare()
    graphs = {}
    for fn_name, fn in fns.items():
        try:
            graphs[fn_name] = bench.graph_timer(fn, sets * reps[fn_name])
        except Exception as e:
            result["graph_error_" + fn_name] = "%s: %s" % (type(e).__name__, e)
    for fn_name, t in bench.time_interleaved(graphs, REPEATS).items():
        result["t_" + fn_name] = t
    flops = 4.0 * batch * heads[0] * sq * skv * d * (0.5 if causal else 1.0)
    kv_bytes = batch * heads[1] * skv * (d + dv) * 2
    for fn_name in fns:
        if "t_" + fn_name in result:
            t = result["t_" + fn_name]
            result["tflops_" + fn_name] = flops / t / 1e12
            result["kv_frac_copy_" + fn_name] = kv_bytes / t / copy_bw
    if "t_molten" in result:
        for other in ("sdpa", "sdpa_flash"):
            if "t_" + other in result:
                result[other + "_over_molten"] = (result["t_" + other]
                                                  / result["t_molten"])
    print("speed %-22s B=%d Sq=%d Skv=%d: %s" % (
        name, batch, sq, skv, ", ".join(
            "%s %.1f us %.0f TFLOP/s" % (n, result["t_" + n] * 1e6,
                                         result["tflops_" + n])
            for n in fns if "t_" + n in result)), flush=True)
    return result


def write_markdown(path, meta, checks, speeds):
    lines = ["# molten.attention on %s" % meta["device"], "",
             "Command: `%s` (%s; torch %s, driver %s; copy %.0f GB/s)." % (
                 meta["command"], meta["date"], meta["torch"], meta["driver"],
                 meta["copy_gbps"]), "",
             "## Correctness (float64 reference, outputs NaN-poisoned first)",
             "", "| program | B | Sq | Skv | error | SDPA's error | pass |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in checks:
        lines.append("| %s | %d | %d | %d | %s | %s | %s |" % (
            r["program"], r["batch"], r["sq"], r["skv"],
            "%.2e" % r["error"] if "error" in r else r.get("failure", "-"),
            "%.2e" % r["error_sdpa"] if "error_sdpa" in r else "-",
            "yes" if r["passed"] else "**no**"))
    lines += ["", "%d of %d pass." % (sum(r["passed"] for r in checks),
                                      len(checks)), "",
              "## Speed (CUDA graph replay, median of %d interleaved rounds)"
              % REPEATS, "",
              "| case | Molten us | TFLOP/s | SDPA flash us | TFLOP/s | "
              "flash / Molten | SDPA default us | KV bytes / copy (Molten) |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in speeds:
        def us(n):
            return "%.1f" % (r["t_" + n] * 1e6) if "t_" + n in r else "-"

        def tf(n):
            return "%.0f" % r["tflops_" + n] if "tflops_" + n in r else "-"
        lines.append("| %s B=%d Sq=%d Skv=%d | %s | %s | %s | %s | %s | %s | "
                     "%s |" % (
                         r["program"], r["batch"], r["sq"], r["skv"],
                         us("molten"), tf("molten"), us("sdpa_flash"),
                         tf("sdpa_flash"),
                         "%.2f" % r["sdpa_flash_over_molten"]
                         if "sdpa_flash_over_molten" in r else "-",
                         us("sdpa"),
                         "%.2f" % r["kv_frac_copy_molten"]
                         if "kv_frac_copy_molten" in r else "-"))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def run_gpu(args):
    sys.path.insert(0, os.path.join(ROOT, "python"))
    sys.path.insert(0, HERE)
    from gpu_check import find_or_build_runtime
    lib = find_or_build_runtime(lambda msg: print(msg, flush=True))
    import torch
    import bench
    from molten import Bundle
    began = time.time()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.bundles, "manifest.json")) as f:
        manifest = json.load(f)
    bundles = {n: Bundle(os.path.join(args.bundles, e["bundle"]))
               for n, e in manifest["bundles"].items()}
    copy_bw = bench.copy_ceiling()
    driver = subprocess.run(["nvidia-smi", "--query-gpu=driver_version",
                             "--format=csv,noheader"], capture_output=True,
                            text=True).stdout.strip()
    meta = {"device": torch.cuda.get_device_name(), "driver": driver,
            "torch": torch.__version__, "cuda": torch.version.cuda,
            "python": platform.python_version(), "runtime_lib": lib,
            "bundles_git_head": manifest.get("git_head"),
            "copy_gbps": copy_bw / 1e9,
            "command": " ".join([os.path.relpath(sys.argv[0], ROOT)]
                                + sys.argv[1:]),
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    gen = torch.Generator(device="cuda")
    gen.manual_seed(1234)
    checks, speeds = [], []
    for name, spec in PROGRAMS.items():
        if name not in bundles:
            checks.append({"program": name, "batch": 0, "sq": 0, "skv": 0,
                           "passed": False, "failure": "no bundle"})
            continue
        checks += check(torch, bench, name, spec, bundles[name], gen,
                        args.small)
        torch.cuda.empty_cache()
    passed = all(r["passed"] for r in checks)
    if passed and not args.check_only:
        for kind, name in BENCH.items():
            if time.time() - began > args.max_seconds:
                break
            spec = PROGRAMS[name]
            for batch, sq, skv in ((BENCH_BATCH, BENCH_SEQ, BENCH_SEQ),
                                   (BENCH_BATCH, 1, DECODE_KV)):
                if spec[3] and sq == 1:
                    continue  # causal decode is not decode
                try:
                    speeds.append(speed(torch, bench, name, spec,
                                        bundles[name], batch, sq, skv,
                                        copy_bw, gen))
                except Exception as e:
                    speeds.append({"program": name, "batch": batch, "sq": sq,
                                   "skv": skv, "failure": "%s: %s" % (
                                       type(e).__name__, e)})
                torch.cuda.empty_cache()
    meta["wall_s"] = round(time.time() - began, 1)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "checks": checks, "speeds": speeds}, f,
                  indent=1)
    write_markdown(os.path.join(args.out, "results.md"), meta, checks, speeds)
    print("attention_bench: %d of %d checks pass, %d timed, %.0f s" % (
        sum(r["passed"] for r in checks), len(checks), len(speeds),
        time.time() - began))
    return 0 if passed else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--make-bundles", metavar="DIR")
    p.add_argument("--tools-dir")
    p.add_argument("--chip", default="sm_90a")
    p.add_argument("--bundles", default="attention-bundles")
    p.add_argument("--out")
    p.add_argument("--max-seconds", type=float, default=300)
    p.add_argument("--check-only", action="store_true",
                   help="no timing (for compute-sanitizer)")
    p.add_argument("--small", action="store_true",
                   help="for compute-sanitizer: only sequences up to %d, "
                   "the reference on the CPU, no SDPA" % SMALL_SEQ)
    args = p.parse_args()
    if args.make_bundles:
        return make_bundles(args.make_bundles, args.tools_dir, args.chip)
    if not args.out:
        p.error("--out is required on the GPU")
    return run_gpu(args)


if __name__ == "__main__":
    sys.exit(main())
