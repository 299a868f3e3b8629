#!/usr/bin/env bash
# Installs whatever this project needs and the machine lacks: Debian packages,
# the zstd sources for the wasm build, and the npm dev dependencies.
# Idempotent and quiet when everything is already there; runs as root on a new machine.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[setup] $*" >&2; }

# --- Debian packages ---------------------------------------------------------
# command or file that proves the package is there -> package name
declare -A need=(
  [/usr/bin/emcc]=emscripten
  [/usr/bin/wasm-opt]=binaryen
  [/usr/bin/cmake]=cmake
  [/usr/bin/g++]=g++
  [/usr/bin/clang++]=clang
  [/usr/bin/clang-format]=clang-format
  [/usr/bin/ninja]=ninja-build
  [/usr/include/zstd.h]=libzstd-dev
  [/usr/include/nlohmann/json.hpp]=nlohmann-json3-dev
  [/usr/src/googletest/CMakeLists.txt]=googletest
  [/usr/include/gtest/gtest.h]=libgtest-dev
  [/usr/bin/dpkg-source]=dpkg-dev
  [/usr/bin/flock]=util-linux
  [/usr/bin/node]=nodejs
  [/usr/share/zoneinfo/Europe/Stockholm]=tzdata
  # The browser tests drive Debian's Chromium through playwright-core (never a downloaded browser).
  [/usr/bin/chromium]=chromium
)
missing=()
for path in "${!need[@]}"; do
  [ -e "$path" ] || missing+=("${need[$path]}")
done
apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
}
# libFuzzer's runtime (and clang's sanitizers), for the fuzz targets; its
# folder names clang's exact version.
compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ||
  missing+=(libclang-rt-14-dev)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- zstd sources for the wasm build ------------------------------------------
# The wasm build compiles zstd from Debian's source package (no toolchain or
# archive is ever downloaded from elsewhere).
zstd_dir=third_party/zstd
if [ ! -f "$zstd_dir/lib/zstd.h" ]; then
  say "fetching zstd sources with apt-get source"
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    cat >/etc/apt/sources.list.d/namidb-deb-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
  apt_update
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source -qq libzstd >/dev/null 2>&1)
  src=$(find "$tmp" -maxdepth 1 -mindepth 1 -type d -name 'libzstd-*' | head -n 1)
  [ -n "$src" ] || { say "apt-get source libzstd produced no source tree"; exit 1; }
  mkdir -p third_party
  rm -rf "$zstd_dir"
  mv "$src" "$zstd_dir"
  rm -rf "$tmp"
fi

# --- npm dev dependencies -----------------------------------------------------
# Re-run npm ci only when package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
