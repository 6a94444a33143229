#!/usr/bin/env bash
# clang-format over Molten's C++ sources (.clang-format: LLVM style).
#   scripts/format.sh           rewrites the files in place (make format)
#   scripts/format.sh --check   lists the files that differ, exit status 1
#                               if any (test/clang-format.test, in make test)
# The version is Debian 12's clang-format (14): another version may format a
# few constructs differently, so CI and developers use the same one.
set -euo pipefail
cd "$(dirname "$0")/.."
format=${CLANG_FORMAT:-clang-format}
mapfile -t files < <(find include lib tools test \( -name '*.cpp' -o -name '*.h' \) \
  -not -path '*/Inputs/*' | sort)
if [ "${1:-}" != "--check" ]; then
  "$format" -i "${files[@]}"
  exit 0
fi
status=0
for f in "${files[@]}"; do
  if ! "$format" "$f" | cmp -s - "$f"; then
    echo "format: $f differs from clang-format's output (run make format)"
    status=1
  fi
done
exit $status
