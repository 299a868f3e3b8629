#!/usr/bin/env bash
# Builds the project incrementally: native (engine + GoogleTest suites, with
# ASan + UBSan), wasm (dist/wasm/namidb.mjs + namidb.wasm) and TypeScript
# (dist/js). `scripts/build.sh native|wasm|js` builds one part. Two parts are
# not in the default: `fuzz`, the libFuzzer targets in build/fuzz with clang,
# and `native-release`, the optimized build without sanitizers or tests in
# build/native-release that the benchmarks run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# Debian's emcc needs Node's shared modules (acorn) on NODE_PATH.
export NODE_PATH=/usr/share/nodejs
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(native wasm js)
jobs=$(nproc)

for part in "${parts[@]}"; do
  case "$part" in
    native)
      [ -f build/native/build.ninja ] ||
        cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Debug >/dev/null
      ninja -C build/native -j "$jobs" --quiet
      ;;
    native-release)
      # The benchmark programs count heap bytes with their own operator new,
      # which a sanitizer's allocator would replace.
      [ -f build/native-release/build.ninja ] ||
        cmake -S . -B build/native-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
          -DNAMIDB_SANITIZE=OFF -DNAMIDB_TESTS=OFF >/dev/null
      ninja -C build/native-release -j "$jobs" --quiet
      ;;
    wasm)
      [ -f build/wasm/build.ninja ] ||
        emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
      ninja -C build/wasm -j "$jobs" --quiet namidb_wasm
      ;;
    fuzz)
      [ -f build/fuzz/build.ninja ] ||
        CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
          -DNAMIDB_FUZZ=ON >/dev/null
      ninja -C build/fuzz -j "$jobs" --quiet
      ;;
    js)
      npx tsc -p tsconfig.json
      # The glue's type declarations ship beside the glue; the Deno entry is
      # JavaScript TypeScript cannot compile yet (`import source`).
      mkdir -p dist/wasm dist/js/runtime
      cp js/wasm/namidb.d.mts dist/wasm/namidb.d.mts
      cp js/src/runtime/deno.js dist/js/runtime/deno.js
      ;;
    *)
      echo "usage: scripts/build.sh [native] [wasm] [js] [fuzz] [native-release]" >&2
      exit 2
      ;;
  esac
done
