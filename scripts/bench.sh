#!/usr/bin/env bash
# `npm run bench -- <suite> [args]`: builds what the suite needs with
# optimizations (no sanitizers) and runs it; every benchmark prints one JSON
# object per line.
#   storage   the storage engine (bench/storage_bench.cc), natively and then
#             compiled to WebAssembly in Node (in-memory store). Arguments
#             pass through, e.g. npm run bench -- storage --nodes 1000000;
#             --build native|wasm runs one build only.
#   peers     namidb-wasm against kuzu-wasm (bench/peers/run.ts) on the LDBC
#             test graph, SNAP wiki-Vote and the LDBC-shaped generator, and
#             the wasm build against the native one; kuzu-wasm is installed
#             here, into bench/peers/node_modules. Arguments pass through
#             (--datasets, --persons, --runs, --warmup, --out, --keep); --docs FILE
#             regenerates docs/benchmarks.md's peers section from a run's
#             lines.
#   remote    reading a namespace from a bucket through FetchStore
#             (bench/remote/run.ts): the project's strict S3 endpoint on
#             loopback with injected latency; requests, round trips, bytes and
#             time of open and cold queries, cold and with the persistent
#             cache. Arguments pass through (--datasets, --persons,
#             --latency-ms, --max-in-flight, --out).
#   load      bulk loads through the TypeScript API in the wasm build
#             (bench/load/run.mjs): 1M nodes with upsertNodes, then 2M
#             relationships between them in a new session with upsertEdges,
#             default settings, in-memory store. Arguments pass through
#             (--nodes, --edges, --batch, --dist).
#   scan      label scans in the wasm build (bench/scan/run.mjs): the first
#             rows of a label and of every node (LIMIT), a label's property,
#             whole scans filtered, over a generated 1M-node file: namespace
#             or --url; p50 and the wasm memory. Arguments pass through
#             (--nodes, --runs, --url, --label, --property, --range, --dist).
#   limits    the statement limits in the wasm build (bench/limits/run.mjs):
#             how soon timeoutMs and an AbortSignal stop a CPU-bound
#             statement, the instance's memory after a streaming count and a
#             refused cartesian product, and the C stack and Asyncify buffer
#             the deepest accepted nesting uses. --runs N.
#   calls     the fixed cost of one statement through the TypeScript API in
#             Node (bench/calls/run.mjs): RETURN 1, a point lookup and
#             1,000-row results, by db.query() and by a prepared statement,
#             beside the native build's RunQuery on the same namespace;
#             --ldbc: LDBC IS1-IS7 on the LDBC test graph instead.
#             Arguments pass through (--runs, --warmup, --persons, --only).
#   browser   the engine in Chromium (bench/browser/run.mjs): cold start, and
#             the LDBC reads on an OPFS namespace against a memory one.
#             Arguments pass through (--runs, --warmup, --cold-runs,
#             --starts, --out).
#   runtimes  the packed package in Node, Deno and workerd (bench/edge/run.ts):
#             cold start (module load -> first result) per runtime, and the
#             Cloudflare Worker example's memory serving point and
#             neighbourhood queries on the generated graph in R2 (built once
#             into build/bench-data). Arguments pass through (--only, --runs,
#             --persons, --people, --out).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs Node's shared modules
suite="${1:-}"
[ $# -gt 0 ] && shift
case "$suite" in
  storage)
    builds="native wasm"
    args=()
    while [ $# -gt 0 ]; do
      if [ "$1" = "--build" ] && [ $# -gt 1 ]; then
        builds="$2"
        shift 2
      else
        args+=("$1")
        shift
      fi
    done
    for build in $builds; do
      case "$build" in
        native)
          bash scripts/build.sh native-release >&2
          build/native-release/namidb_storage_bench "${args[@]}"
          ;;
        wasm)
          [ -f build/wasm/build.ninja ] ||
            emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
          ninja -C build/wasm --quiet namidb_storage_bench >&2
          # The wasm build has only the in-memory store.
          node build/wasm/namidb_storage_bench.cjs "${args[@]}" --stores memory
          ;;
        *)
          echo "unknown build '$build' (native or wasm)" >&2
          exit 2
          ;;
      esac
    done
    ;;
  peers)
    [ -d bench/peers/node_modules/kuzu-wasm ] ||
      npm ci --prefix bench/peers --no-audit --no-fund >&2
    bash scripts/build.sh wasm js >&2
    bash scripts/build.sh native-release >&2
    npx tsc -p tsconfig.bench.json
    if [ "${1:-}" = "--docs" ]; then
      shift
      exec node dist/bench/report.js "${@:?--docs FILE...}"
    fi
    # The graphs and the in-memory namespace of a 1M-node run outgrow the default heap.
    exec node --max-old-space-size=12288 dist/bench/run.js --native build/native-release/namidb_query_bench "$@"
    ;;
  remote)
    bash scripts/build.sh wasm js >&2
    npx tsc -p tsconfig.endpoint.json
    npx tsc -p tsconfig.remote.json
    exec node --max-old-space-size=12288 dist/remote/run.js "$@"
    ;;
  limits)
    bash scripts/build.sh wasm js >&2
    exec node bench/limits/run.mjs "$@"
    ;;
  load)
    bash scripts/build.sh wasm js >&2
    exec node bench/load/run.mjs "$@"
    ;;
  scan)
    bash scripts/build.sh wasm js >&2
    exec node bench/scan/run.mjs "$@"
    ;;
  calls)
    bash scripts/build.sh wasm js >&2
    bash scripts/build.sh native-release >&2
    npx tsc -p tsconfig.bench.json  # --ldbc uses the peers benchmark's loader and queries
    exec node bench/calls/run.mjs --native build/native-release/namidb_query_bench "$@"
    ;;
  browser)
    bash scripts/build.sh wasm js >&2
    npx tsc -p tsconfig.bench.json
    exec node bench/browser/run.mjs "$@"
    ;;
  runtimes)
    bash scripts/build.sh wasm js >&2
    npx tsc -p tsconfig.edge.json
    # The 1M-node graph is built in this process before the Worker runs.
    exec node --experimental-websocket --max-old-space-size=12288 dist/edge/run.js "$@"
    ;;
  *)
    echo "usage: npm run bench -- storage [--nodes N] [--batch N] [--labels N] [--stores memory,file] [--build native|wasm]" >&2
    echo "       npm run bench -- peers [--datasets ldbc,wiki-vote,generated] [--persons N] [--runs N] [--out FILE]" >&2
    echo "       npm run bench -- peers --docs FILE" >&2
    echo "       npm run bench -- remote [--datasets ldbc,generated] [--persons N] [--latency-ms N] [--max-in-flight N] [--out FILE]" >&2
    echo "       npm run bench -- load [--nodes N] [--edges N] [--batch N] [--dist DIR]" >&2
    echo "       npm run bench -- scan [--nodes N] [--runs N] [--url URL --label L --property P] [--dist DIR]" >&2
    echo "       npm run bench -- limits [--runs N]" >&2
    echo "       npm run bench -- calls [--runs N] [--warmup N] [--persons N] [--only NAME,...] [--ldbc]" >&2
    echo "       npm run bench -- browser [--runs N] [--cold-runs N] [--starts N] [--out FILE]" >&2
    echo "       npm run bench -- runtimes [--only cold|memory] [--runs N] [--persons N] [--people N] [--out FILE]" >&2
    exit 2
    ;;
esac
