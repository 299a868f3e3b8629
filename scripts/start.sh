#!/usr/bin/env bash
# `npm start`: builds what is missing, then runs the namidb command line;
# `npm start -- --web` serves the browser workbench (scripts/web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# `npm start -- --web`: the offline browser workbench (examples/web) instead.
if [ "${1:-}" = "--web" ]; then exec bash scripts/web.sh serve; fi
bash scripts/build.sh wasm js >&2
exec node dist/js/cli.js "$@"
