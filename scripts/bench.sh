#!/usr/bin/env bash
# `npm run bench -- <suite> [args]`: builds an optimized native tree (no
# sanitizers) and runs a benchmark, which prints one JSON object per line.
#   storage   the storage engine (bench/storage_bench.cc); args pass through,
#             e.g. npm run bench -- storage --nodes 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
suite="${1:-}"
[ $# -gt 0 ] && shift
case "$suite" in
  storage)
    [ -f build/native-release/build.ninja ] ||
      cmake -S . -B build/native-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DNAMIDB_SANITIZE=OFF -DNAMIDB_TESTS=OFF >/dev/null
    ninja -C build/native-release --quiet namidb_storage_bench >&2
    exec build/native-release/namidb_storage_bench "$@"
    ;;
  *)
    echo "usage: npm run bench -- storage [--nodes N] [--batch N] [--stores memory,file]" >&2
    exit 2
    ;;
esac
