#!/usr/bin/env bash
# Builds the fuzzers with clang 14 + libFuzzer + ASan/UBSan (preset `fuzz`) and runs each for
# $1 seconds (default 60) on a copy of its committed corpus. New inputs land in
# build/fuzz/corpus/<name>; crashes in build/fuzz/artifacts/. To keep a minimised corpus:
#   build/fuzz/fuzz/<name> -merge=1 fuzz/corpus/<name> build/fuzz/corpus/<name>
set -euo pipefail
SECONDS_PER=${1:-60}
cd "$(dirname "$0")/.."
cmake --preset fuzz >/dev/null
cmake --build build/fuzz
mkdir -p build/fuzz/artifacts
for bin in build/fuzz/fuzz/*_fuzzer; do
  name=$(basename "$bin")
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  cp -n fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
  dict=()
  [[ $name == parser_fuzzer ]] && dict=(-dict=fuzz/parser.dict)
  echo "== $name for ${SECONDS_PER}s"
  "$bin" "$corpus" "${dict[@]}" -max_total_time="$SECONDS_PER" -rss_limit_mb=2048 \
    -artifact_prefix=build/fuzz/artifacts/"$name"- -print_final_stats=1 2>&1 | tail -12
done
