#!/usr/bin/env bash
# Batch throughput: a folder of N camera JPEGs (copies of the shared corpus's photos) to 800 px
# WebP thumbnails (q75; PROCESS=... to change), `ossimg batch --jobs 1` and `--jobs 2` against vipsthumbnail driven by
# `xargs -P 2` on the same folder, in one run. Prints images per second.
#   bash scripts/bench/batch_bench.sh [N=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200}
CORPUS=${CORPUS:-../shared/corpus}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
[[ -x build/release/ossimg ]] || { cmake --preset release >/dev/null && cmake --build build/release --target ossimg_cli >/dev/null; }
B=$PWD/build/release/ossimg
photos=("$CORPUS"/jpeg/fallenleaf-2560x1600-base420.jpg "$CORPUS"/jpeg/path-2560x1600-base444.jpg
        "$CORPUS"/jpeg/colorfulcups-2560x1600-prog422.jpg "$CORPUS"/jpeg/storm-1920x1280-base422.jpg
        "$CORPUS"/jpeg/elephants-5640x3172-base420q90.jpg)
mkdir -p "$W/in"
for ((i = 0; i < N; i++)); do cp "${photos[i % ${#photos[@]}]}" "$W/in/img$i.jpg"; done
P=${PROCESS:-'image/resize,m_lfit,w_800,h_800/format,webp'}
rate() { python3 -c "print('%.1f' % ($N / $1))"; }
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); python3 -c "print($e - $s)"; }
o1=$(t "$B" batch "$P" "$W/in" "$W/o1" --jobs 1 -q)
o2=$(t "$B" batch "$P" "$W/in" "$W/o2" --jobs 2 -q)
mkdir -p "$W/v"
v2=$(t sh -c "cd '$W/in' && ls | xargs -P 2 -n 1 sh -c 'VIPS_CONCURRENCY=1 vipsthumbnail \"\$0\" -s 800x800 -o \"$W/v/%s.webp[Q=75,strip]\"'")
printf '%-34s %8s s %8s img/s\n' "ossimg batch --jobs 1" "$(printf %.2f "$o1")" "$(rate "$o1")"
printf '%-34s %8s s %8s img/s\n' "ossimg batch --jobs 2" "$(printf %.2f "$o2")" "$(rate "$o2")"
printf '%-34s %8s s %8s img/s\n' "vipsthumbnail via xargs -P 2" "$(printf %.2f "$v2")" "$(rate "$v2")"
echo "($N images, $(ls "$W/o2" | wc -l) ossimg outputs, $(ls "$W/v" | wc -l) vips outputs)"
