#!/usr/bin/env bash
# Times ossimg against vipsthumbnail / vips on the same inputs in one run (whole process, as a
# user runs them), with hyperfine, and reports peak RSS from GNU time. Workloads follow the
# baseline's workloads a-h where ossimg supports them. Needs ../shared/corpus (or CORPUS=...).
#   bash scripts/bench/compare.sh [runs=10] [threads=1]
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10}
THREADS=${2:-1}
CORPUS=${CORPUS:-../shared/corpus}
O=${OUT:-build/compare}
mkdir -p "$O"
O=$(cd "$O" && pwd)  # vipsthumbnail resolves a relative -o against the input folder
if [[ ! -x build/release/ossimg ]]; then
  cmake --preset release >/dev/null && cmake --build build/release --target ossimg_cli >/dev/null
fi
B=build/release/ossimg
L=$CORPUS/jpeg/elephants-5640x3172-base420q90.jpg
M=$CORPUS/jpeg/fallenleaf-2560x1600-base420.jpg
P=$CORPUS/png/icecold-5120x2880-rgba.png
S=$CORPUS/jpeg/storm-1920x1280-base422.jpg

# id | ossimg command | peer command
WORKLOADS=(
  "a fit800_jpeg|$B process --threads $THREADS $L $O/a_ossimg.jpg image/resize,m_lfit,w_800,h_800/quality,Q_85|env VIPS_CONCURRENCY=$THREADS vipsthumbnail $L -s 800x800 -o $O/a_vips.jpg[Q=85,strip]"
  "b w2000_jpeg|$B process --threads $THREADS $L $O/b_ossimg.jpg image/resize,w_2000/quality,Q_85|env VIPS_CONCURRENCY=$THREADS vipsthumbnail $L -s 2000x -o $O/b_vips.jpg[Q=85,strip]"
  "c crop_centre_jpeg|$B process --threads $THREADS $M $O/c_ossimg.jpg image/crop,g_center,w_1000,h_1000/quality,Q_85|env VIPS_CONCURRENCY=$THREADS vips crop $M $O/c_vips.jpg[Q=85,strip] 780 300 1000 1000"
  "d rot90_jpeg|$B process --threads $THREADS $M $O/d_ossimg.jpg image/rotate,90/quality,Q_85|env VIPS_CONCURRENCY=$THREADS vips rot $M $O/d_vips.jpg[Q=85,strip] d90"
  "f png_half|$B process --threads $THREADS $P $O/f_ossimg.png image/resize,p_50|env VIPS_CONCURRENCY=$THREADS vipsthumbnail $P -s 2560x -o $O/f_vips.png"
  "g blur5_jpeg|$B process --threads $THREADS $S $O/g_ossimg.jpg image/blur,r_5,s_5/quality,Q_85|env VIPS_CONCURRENCY=$THREADS vips gaussblur $S $O/g_vips.jpg[Q=85,strip] 5"
)

rss() {  # peak RSS in MB of one run
  /usr/bin/time -f "%M" -o "$O/rss.txt" "$@" >/dev/null 2>&1
  echo $(( $(tail -n 1 "$O/rss.txt") / 1024 ))
}
median() {  # median ms of hyperfine runs
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$O/hf.json" "$1" >/dev/null 2>&1 || { echo FAIL; return; }
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f"%(r["median"]*1e3))' "$O/hf.json"
}

printf '%-20s %-8s %10s %10s %8s %8s %8s\n' workload threads ossimg_ms vips_ms ratio ossMB vipsMB
for w in "${WORKLOADS[@]}"; do
  IFS='|' read -r id ours peer <<<"$w"
  [[ -f ${ours##* $CORPUS} ]] 2>/dev/null || true
  o=$(median "$ours"); v=$(median "$peer")
  read -ra oa <<<"$ours"; read -ra pa <<<"$peer"
  orss=$(rss "${oa[@]}"); vrss=$(rss "${pa[@]}")
  ratio=$(python3 -c "print('%.2f' % ($v / $o))" 2>/dev/null || echo -)
  printf '%-20s %-8s %10s %10s %8s %8s %8s\n' "$id" "$THREADS" "$o" "$v" "$ratio" "$orss" "$vrss"
done
echo "(ratio = vips time / ossimg time: above 1 means ossimg is faster)"
