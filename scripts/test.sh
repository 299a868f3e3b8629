#!/usr/bin/env bash
# `npm test`: installs what is missing, checks the source rules (format,
# layers), builds both targets, then runs the GoogleTest suites (ctest), the
# TypeScript type check, Vitest against the real wasm build, and every fuzz
# target for a short while.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== Source rules (clang-format, layers)"
bash scripts/check_source.sh
bash scripts/build.sh native wasm js fuzz

echo "== GoogleTest (native, ASan + UBSan)"
shared_data="${NAMIDB_SHARED_DATA:-../shared/data}"
[ -d "$shared_data" ] ||
  echo "note: no shared data sets at $shared_data (set NAMIDB_SHARED_DATA): the LDBC tests are skipped"
ctest --test-dir build/native --output-on-failure -j "$(nproc)" --no-tests=error

echo "== TypeScript type check (strict)"
npx tsc -p tsconfig.test.json

echo "== Vitest (Node, against dist/wasm)"
npx vitest run

echo "== Fuzzing (libFuzzer, ASan + UBSan; 15 s per target)"
bash scripts/fuzz.sh --seconds 15
