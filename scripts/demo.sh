#!/usr/bin/env bash
# `make demo`: runs ossimg's main job on the bundled samples and prints what it made.
# Until the codecs and the engine land, the main job is the parser: every line of
# samples/process-strings.txt goes through `ossimg parse`, valid strings print their typed,
# normalised actions, refused ones print OSS's error code and number.
set -uo pipefail
OSSIMG=${1:-build/dev/ossimg}
cd "$(dirname "$0")/.."
echo "== ossimg $("$OSSIMG" --version) =="
while IFS= read -r line; do
  [[ -z $line || $line == \#* ]] && continue
  echo
  echo "\$ ossimg parse --compact '$line'"
  "$OSSIMG" parse --compact "$line"
  echo "(exit $?)"
done < samples/process-strings.txt
