#!/usr/bin/env bash
# Installs PyTorch for the tests of molten.fx (the FX importer) on this
# CPU machine: torch from PyPI, pinned, with pip --target into a folder of
# its own (the Debian Python stays untouched), once; later runs find it and
# print nothing. PyPI's Linux wheel is the CUDA build, with its CUDA
# libraries as packages (about 5 GB); it runs on a machine without a GPU,
# and PyTorch's CPU-only index (download.pytorch.org) is not reachable
# from these machines.
#   scripts/install-torch.sh        installs if needed; prints nothing
# MOLTEN_TORCH_VERSION picks another version, into a folder named by
# MOLTEN_TORCH_DIR: the GPU machine's PyTorch, to make bundle caches there
# whose graphs match its own (scripts/gpu-layers.sh).
# The folder: $MOLTEN_TORCH_DIR, else ~/.cache/molten/torch; test/lit.cfg.py
# looks in the same place. Its stamp names the version installed, so a new
# pin here replaces it. The Python: $PYTHON, else the
# python3 on PATH (the one CMake finds for the tests).
set -euo pipefail
version=${MOLTEN_TORCH_VERSION:-2.15.0}
python=${PYTHON:-python3}
dir=${MOLTEN_TORCH_DIR:-$HOME/.cache/molten/torch}
stamp="$dir/.molten-installed"
[ "$(cat "$stamp" 2>/dev/null)" = "$version" ] && exit 0
echo "install-torch: installing torch $version into $dir"
rm -rf "$dir.partial"
mkdir -p "$(dirname "$dir")"
"$python" -m pip install --quiet --disable-pip-version-check \
  --root-user-action=ignore --target "$dir.partial" "torch==$version"
# Nothing half-written: the folder appears whole or not at all.
rm -rf "$dir"
mv "$dir.partial" "$dir"
echo "$version" > "$stamp"
echo "install-torch: done"
