#!/usr/bin/env bash
# `npm start`: builds what is missing, then runs the namidb command line;
# `npm start -- --web` serves the browser workbench (scripts/web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# `npm start -- --web`: the offline browser workbench (examples/web) instead.
if [ "${1:-}" = "--web" ]; then exec bash scripts/web.sh serve; fi
bash scripts/build.sh wasm js >&2
# With no arguments: the shell on the default database, with the demo graph
# made on first use (the command line itself makes none unless asked).
if [ $# -eq 0 ]; then exec node dist/js/cli.js --demo; fi
exec node dist/js/cli.js "$@"
