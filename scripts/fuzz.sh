#!/usr/bin/env bash
# `npm run fuzz -- [--seconds N] [--jobs J] [target...]`: builds the libFuzzer
# targets of fuzz/ (build/fuzz, clang with ASan + UBSan) and runs each for N
# seconds (default 300; `npm test` runs 15), J at a time (default: the
# number of cores). Each run starts from the committed seeds (fuzz/corpus/<target>)
# and grows a scratch corpus in build/fuzz/corpus/<target>; crashes, leaks,
# sanitizer reports, timeouts and out-of-memory inputs land in
# build/fuzz/artifacts/<target>/ and fail the run.
#
#   --merge-seeds   after the runs, add the scratch inputs that reach new
#                   coverage to fuzz/corpus/<target> (to commit them)
#   --seeds         first make seeds from engine objects again
#                   (build/fuzz/namidb_fuzz_seeds) and add those that reach
#                   new coverage to fuzz/corpus/<target>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=300
jobs=$(nproc)
merge=0
seeds=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --merge-seeds) merge=1; shift ;;
    --seeds) seeds=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see scripts/fuzz.sh --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

bash scripts/build.sh fuzz
out=build/fuzz
if [ ${#targets[@]} -eq 0 ]; then
  for source in fuzz/*_fuzz.cc; do targets+=("$(basename "$source" .cc)"); done
fi
for t in "${targets[@]}"; do
  [ -x "$out/$t" ] || { echo "no fuzz target '$t' (fuzz/*_fuzz.cc)" >&2; exit 2; }
done
if [ "$seeds" = 1 ]; then
  rm -rf "$out/seeds"
  "$out/namidb_fuzz_seeds" "$out/seeds"
  for dir in "$out"/seeds/*/; do
    t=$(basename "$dir")
    mkdir -p "fuzz/corpus/$t"
    "$out/$t" -merge=1 "fuzz/corpus/$t" "$dir" >"$out/seeds/$t.merge.log" 2>&1
  done
fi

# Per-target options: statements get a run-time limit well above their own
# statement timeout, and stay short enough to read; the decoders follow the
# values their comparisons read (sizes, tags, magic numbers).
options_for() {
  case "$1" in
    statement_fuzz) echo "-timeout=20 -max_len=512" ;;
    cypher_parse_fuzz) echo "-timeout=10 -max_len=2048" ;;
    *) echo "-timeout=10 -use_value_profile=1" ;;
  esac
}

run_one() {
  local t=$1
  local corpus=$out/corpus/$t artifacts=$out/artifacts/$t/ log=$out/logs/$t.log
  mkdir -p "$corpus" "$artifacts" "$out/logs" "fuzz/corpus/$t"
  local dict=()
  case "$t" in
    cypher_parse_fuzz|statement_fuzz) dict=(-dict=fuzz/dict/cypher.dict) ;;
    value_json_fuzz|manifest_fuzz) dict=(-dict=fuzz/dict/json.dict) ;;
  esac
  local status=0
  # shellcheck disable=SC2046
  "$out/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "${dict[@]}" $(options_for "$t") \
    "$corpus" "fuzz/corpus/$t" >"$log" 2>&1 || status=$?
  echo "$status" >"$out/logs/$t.status"
}

echo "== fuzzing ${#targets[@]} targets for ${seconds} s each, $jobs at a time (logs in $out/logs)"
running=0
for t in "${targets[@]}"; do
  rm -f "$out/logs/$t.status"
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_one "$t" &
  running=$((running + 1))
done
wait
failed=()
for t in "${targets[@]}"; do
  [ "$(cat "$out/logs/$t.status" 2>/dev/null)" = 0 ] || failed+=("$t")
done

for t in "${targets[@]}"; do
  log=$out/logs/$t.log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$done_line")
  printf '%-20s %10s runs  cov %6s  ft %7s  corpus %s\n' "$t" "${runs:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}"
done

if [ ${#failed[@]} -gt 0 ]; then
  for t in "${failed[@]}"; do
    echo "== $t FAILED: the end of $out/logs/$t.log"
    grep -vE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$out/logs/$t.log" | tail -n 40
    echo "artifacts: $(ls "$out/artifacts/$t/")"
    echo "reproduce: $out/$t $out/artifacts/$t/<file>   (docs/development.md, \"Fuzzing\")"
  done
  echo "fuzzing: ${#failed[@]} of ${#targets[@]} targets failed"
  exit 1
fi

if [ "$merge" = 1 ]; then
  for t in "${targets[@]}"; do
    "$out/$t" -merge=1 "fuzz/corpus/$t" "$out/corpus/$t" >"$out/logs/$t.merge.log" 2>&1
    echo "$t: $(ls "fuzz/corpus/$t" | wc -l) seeds in fuzz/corpus/$t"
  done
fi
echo "fuzzing: ${#targets[@]} targets, 0 crashes"
