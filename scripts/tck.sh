#!/usr/bin/env bash
# `npm run tck -- [--features DIR] [--json FILE]`: builds what is missing,
# then runs the openCypher TCK scenarios (js/tck/run.ts) through the package's
# own open() / write() on the wasm engine, and prints pass rates per
# top-level directory in three modes (strict, type+phase, lenient).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh wasm js >&2
npx tsc -p tsconfig.tck.json
exec node dist/tck/run.js "$@"
