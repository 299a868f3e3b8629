#!/usr/bin/env bash
# The offline demo (examples/web), built with Vite from the packed package as
# an npm user would build it: `npm pack`, unpacked into build/pack/package,
# which examples/web/package.json depends on (`file:`).
#
#   scripts/web.sh build    pack, install the demo's npm packages if needed, vite build -> examples/web/dist
#   scripts/web.sh serve    build, then serve examples/web/dist on 127.0.0.1 (PORT, default: any free port)
#   scripts/web.sh dev      pack, then Vite's dev server (reloads on edits of examples/web/src)
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:-serve}
case "$action" in build | serve | dev) ;; *)
  echo "usage: scripts/web.sh [build|serve|dev]" >&2
  exit 2
  ;;
esac

# NAMIDB_PACKAGE_BUILT=1: dist/ is built already (the tests, which must not
# rewrite dist/ while other test files import it).
[ "${NAMIDB_PACKAGE_BUILT:-}" = 1 ] || bash scripts/build.sh wasm js >&2
rm -rf build/pack
mkdir -p build/pack
npm pack --silent --pack-destination build/pack >/dev/null
tar -xzf build/pack/namidb-wasm-*.tgz -C build/pack

cd examples/web
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[web] installing the demo's npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
# A production build whatever NODE_ENV the caller has (Vitest sets "test").
case "$action" in
  build) NODE_ENV=production npx vite build --logLevel warn ;;
  serve)
    NODE_ENV=production npx vite build --logLevel warn
    exec node serve.mjs
    ;;
  dev) exec npx vite --host 127.0.0.1 ;;
esac
