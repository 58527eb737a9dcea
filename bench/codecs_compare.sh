#!/bin/sh
# Copyright 2026 The ossimg Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Times djpeg/cjpeg (libjpeg-turbo-progs) on the files BM_Jpeg_* use, so their MP/s sit next to
# ossimg_bench's. CPU time (user + sys), best of N runs: the machine is shared, and wall time
# there measures the neighbours. Compare with ossimg_bench's CPU column.
# Usage: bench/codecs_compare.sh [N]
set -eu
N=${1:-5}
CORPUS=${OSSIMG_CORPUS:-$(dirname "$0")/../../shared/corpus}
JPG=$CORPUS/jpeg/elephants-5640x3172-base420q90.jpg
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
djpeg -outfile "$TMP/in.ppm" "$JPG"
MP=$(awk 'NR==2 {printf "%.4f", $1 * $2 / 1e6}' "$TMP/in.ppm")

best() {  # best CPU time (user + sys) in seconds of N runs of "$@"
  b=
  for _ in $(seq "$N"); do
    t=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.6f" % (r.ru_utime + r.ru_stime))' "$@")
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
report() { printf '%-44s %8.1f ms %8.1f MP/s\n' "$1" "$(echo "$2 * 1000" | bc -l)" "$(echo "$MP / $2" | bc -l)"; }

report "djpeg (full, -outfile /dev/null)" "$(best djpeg -outfile /dev/null "$JPG")"
for s in 2 4 8; do
  report "djpeg -scale 1/$s" "$(best djpeg -scale 1/$s -outfile /dev/null "$JPG")"
done
report "cjpeg -quality 85 -optimize (4:2:0)" "$(best cjpeg -quality 85 -optimize -outfile /dev/null "$TMP/in.ppm")"
report "cjpeg -quality 85 -optimize -progressive" "$(best cjpeg -quality 85 -optimize -progressive -outfile /dev/null "$TMP/in.ppm")"
