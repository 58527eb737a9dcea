#!/usr/bin/env bash
# ossimg against libvips (whole process, as a user runs the CLIs) and sharp (in process, as a
# Node service runs it), side by side in one run, on the baseline's workloads a-h
# (../shared/bench/workloads.tsv): medians of hyperfine runs, in-process medians from
# ossimg_bench's BM_Job (the public Engine API) and from sharp, and peak RSS from GNU time.
#   bash scripts/bench/compare.sh [runs=10] [threads=1] [workload ids, default "a b c d e f g h"]
# Needs ../shared/corpus (or CORPUS=...). sharp is installed on first use into
# scripts/bench/sharp/node_modules with npm ci (skipped when node is absent).
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10}
THREADS=${2:-1}
IDS=${3:-a b c d e f g h}
CORPUS=$(cd "${CORPUS:-../shared/corpus}" && pwd)
O=${OUT:-build/compare}
mkdir -p "$O"
O=$(cd "$O" && pwd)  # vipsthumbnail resolves a relative -o against the input folder
cmake --preset release >/dev/null && cmake --build build/release --target ossimg_cli ossimg_bench >/dev/null
B=$PWD/build/release/ossimg
L=$CORPUS/jpeg/elephants-5640x3172-base420q90.jpg
M=$CORPUS/jpeg/fallenleaf-2560x1600-base420.jpg
P=$CORPUS/png/icecold-5120x2880-rgba.png
S=$CORPUS/jpeg/storm-1920x1280-base422.jpg
G=$CORPUS/gif/newtons-cradle-480x360-36f.gif

SHARP_DIR=scripts/bench/sharp
HAVE_SHARP=0
if command -v node >/dev/null 2>&1; then
  if [[ ! -d $SHARP_DIR/node_modules/sharp ]]; then
    npm ci --prefix "$SHARP_DIR" --no-audit --no-fund --loglevel=error >/dev/null 2>&1
  fi
  [[ -d $SHARP_DIR/node_modules/sharp ]] && HAVE_SHARP=1
fi

# id | input | ossimg process string | output extension | vips command (whole process)
WORKLOADS=(
  "a|$L|image/resize,m_lfit,w_800,h_800/quality,Q_85|jpg|vipsthumbnail $L -s 800x800 -o $O/a_vips.jpg[Q=85,strip]"
  "b|$L|image/resize,w_2000/quality,Q_85|jpg|vips thumbnail $L $O/b_vips.jpg[Q=85,strip] 2000"
  "c|$M|image/crop,g_center,w_1000,h_1000/quality,Q_85|jpg|vips crop $M $O/c_vips.jpg[Q=85,strip] 780 300 1000 1000"
  "d|$M|image/rotate,90/quality,Q_85|jpg|vips rot $M $O/d_vips.jpg[Q=85,strip] d90"
  "e|$M|image/format,webp/quality,Q_75|webp|vips copy $M $O/e_vips.webp[Q=75,strip]"
  "f|$P|image/resize,p_50|png|vips resize $P $O/f_vips.png[strip] 0.5"
  "g|$S|image/blur,r_10,s_5/quality,Q_85|jpg|vips gaussblur $S $O/g_vips.jpg[Q=85,strip] 5"
  "h|$G|image/resize,w_200|gif|vips thumbnail $G[n=-1] $O/h_vips.gif 200"
)

rss() {  # peak RSS in MB of one run
  /usr/bin/time -f "%M" -o "$O/rss.txt" "$@" >/dev/null 2>&1 || { echo -; return; }
  echo $(( $(tail -n 1 "$O/rss.txt") / 1024 ))
}
median() {  # median ms of hyperfine runs of one command line
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$O/hf.json" "$1" >/dev/null 2>&1 || { echo -; return; }
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f"%(r["median"]*1e3))' "$O/hf.json"
}
ratio() { python3 -c "import sys; a,b=sys.argv[1:3]; print('%.2f'%(float(a)/float(b)))" "$1" "$2" 2>/dev/null || echo -; }

# In-process ossimg medians for all selected workloads in one ossimg_bench run.
jobs=""
for w in "${WORKLOADS[@]}"; do
  IFS='|' read -r id in proc ext peer <<<"$w"
  [[ " $IDS " == *" $id "* ]] && jobs+="$id|$in|$proc|$THREADS;"
done
OSSIMG_BENCH_JOBS="$jobs" build/release/ossimg_bench --benchmark_filter='BM_Job/' \
  --benchmark_repetitions="$RUNS" --benchmark_min_time=0.2 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$O/jobs.json" 2>/dev/null
inproc() {
  python3 - "$O/jobs.json" "$1" <<'PY'
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b["name"].startswith("BM_Job/%s/" % sys.argv[2]) and b.get("aggregate_name") == "median" \
       and not b.get("error_occurred"):
        print("%.1f" % b["real_time"]); break
else:
    print("-")
PY
}

echo "# $(date -u +%F) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), threads=$THREADS, runs=$RUNS"
echo "| wl | ossimg ms | vips ms | vips/ossimg | ossimg in-proc ms | sharp in-proc ms | sharp/ossimg | ossimg MB | vips MB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for w in "${WORKLOADS[@]}"; do
  IFS='|' read -r id in proc ext peer <<<"$w"
  [[ " $IDS " == *" $id "* ]] || continue
  ours="$B process --threads $THREADS $in $O/${id}_ossimg.$ext $proc"
  theirs="env VIPS_CONCURRENCY=$THREADS $peer"
  o=$(median "$ours"); v=$(median "$theirs")
  read -ra oa <<<"$ours"; read -ra pa <<<"$theirs"
  orss=$(rss "${oa[@]}"); vrss=$(rss "${pa[@]}")
  oi=$(inproc "$id")
  si=-
  if ((HAVE_SHARP)); then
    si=$(NODE_PATH=$SHARP_DIR/node_modules node "$SHARP_DIR/inproc.js" "$id" "$in" "$O/${id}_sharp.$ext" "$RUNS" "$THREADS" 2>/dev/null || echo -)
  fi
  echo "| $id | $o | $v | $(ratio "$v" "$o") | $oi | $si | $(ratio "$si" "$oi") | $orss | $vrss |"
done
echo
echo "Ratios above 1 mean ossimg is faster. Whole process: hyperfine -N medians, ${RUNS} runs after 2"
echo "warm-ups. In process: ossimg_bench BM_Job (Engine::Process on bytes in memory) and sharp's"
echo "toFile (scripts/bench/sharp/inproc.js), medians of ${RUNS}. Peak RSS: GNU time, one run."
