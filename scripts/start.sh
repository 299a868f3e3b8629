#!/usr/bin/env bash
# `npm start`: builds what is missing, then runs the namidb command line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh wasm js >&2
exec node dist/js/cli.js "$@"
