#!/usr/bin/env python3
"""Writes the compile fuzzer's seed corpus, test/Fuzz/corpus/compile/.

The seeds are the bundled examples and every case of the lit tests' .mlir
files (split at "// -----"), each a file named after where it came from.
Run it again after adding tests; docs/fuzzing.md says how the corpus is used.
"""
import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "Fuzz" / "corpus" / "compile"
OPTION_SEEDS = [
    "chip=sm_90a ptx=80",
    "chip=sm_100 ptx=86",
    "chip=sm_80 ptx=70 dependent-launch=false",
    "chip=sm_90 ptx=78",
    "block-size=64 loop-block-size=1024 row-elements-per-thread=1",
    "loop-chunks-per-thread=16 row-max-blocks=1 loop-max-blocks=1",
    "min-threads-per-sm=0 few-rows-variant=false looped-row-bytes=1",
    "prefetch-elements-per-thread=0 looped-row-threads=64",
]


def cases(path):
    text = path.read_text()
    for chunk in re.split(r"^// -----\s*$", text, flags=re.M):
        # RUN/CHECK lines and comments are not the fuzzer's business.
        lines = [l for l in chunk.splitlines() if not l.lstrip().startswith("//")]
        body = "\n".join(lines).strip()
        if body:
            yield body + "\n"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    sources = sorted(ROOT.glob("examples/*.mlir")) + sorted(ROOT.glob("test/**/*.mlir"))
    seen = set()
    count = 0
    for path in sources:
        if "Fuzz" in path.parts or "Inputs" in path.parts:
            continue
        rel = path.relative_to(ROOT)
        for i, body in enumerate(cases(path)):
            digest = hashlib.sha1(body.encode()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            name = "%s-%d.mlir" % (str(rel).replace("/", "_").removesuffix(".mlir"), i)
            (OUT / name).write_text(body)
            count += 1
    # Seeds that set molten-to-gpu-pipeline options (molten-compile-fuzz
    # reads a first line "// molten-fuzz: <options>").
    example = (ROOT / "examples" / "softmax.mlir").read_text()
    for i, options in enumerate(OPTION_SEEDS):
        (OUT / ("options-%d.mlir" % i)).write_text(
            "// molten-fuzz: %s\n%s" % (options, example))
        count += 1
    print("wrote %d seeds to %s" % (count, OUT.relative_to(ROOT)))


if __name__ == "__main__":
    main()
