#!/usr/bin/env bash
# Installs every Debian package that Molten's build and tests need, and the
# packages named as arguments (scripts/fuzz.sh asks for clang-22).
# Idempotent: prints nothing and changes nothing when all are present.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache python3 clang-format
  python3-pip python3-setuptools python3-wheel
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
