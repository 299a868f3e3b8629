#!/usr/bin/env bash
# The source rules `npm test` checks before it builds anything: C++ laid out
# as .clang-format says (`npm run format` rewrites it so), and includes that
# point down the layers only (scripts/check_layers.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cc' '*.h' | grep -v '^third_party/')
if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/namidb-format.$$; then
  grep -E '^[^ ].*: error:' /tmp/namidb-format.$$ | sed 's/: error: .*//' | sort -u | sed 's/^/  not formatted: /' >&2
  rm -f /tmp/namidb-format.$$
  echo "format check: run 'npm run format' (clang-format -i with .clang-format)" >&2
  exit 1
fi
rm -f /tmp/namidb-format.$$
echo "format check: ${#files[@]} C++ files as .clang-format lays them out"
node scripts/check_layers.mjs
