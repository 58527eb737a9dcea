#!/usr/bin/env bash
# `make demo`: runs ossimg's main job on the bundled samples and prints what it made.
# 1. Process strings over the sample images (samples/*.jpg, *.png): input and output sizes and
#    the time each took; the outputs land in build/demo/.
# 2. The parser on samples/process-strings.txt: valid strings print their normalised actions,
#    refused ones print OSS's error code and number.
set -uo pipefail
OSSIMG=${1:-build/dev/ossimg}
cd "$(dirname "$0")/.."
OUT=build/demo
mkdir -p "$OUT"
echo "== ossimg $("$OSSIMG" --version)"
echo
printf '%-28s %-52s %-10s %-18s %s\n' input process "in size" "out" ms
run() {
  local in=$1 process=$2 out=$3
  local start end
  start=$(date +%s%N)
  if "$OSSIMG" process "samples/$in" "$OUT/$out" "$process" 2>"$OUT/err.txt"; then
    end=$(date +%s%N)
    local isz osz
    isz=$("$OSSIMG" info "samples/$in" | sed -n 's/.*"ImageWidth": {"value": "\([0-9]*\)".*/\1/p')x$("$OSSIMG" info "samples/$in" | sed -n 's/.*"ImageHeight": {"value": "\([0-9]*\)".*/\1/p')
    if [[ $out == *.json || $out == *.txt ]]; then
      osz="$(head -c 40 "$OUT/$out" | tr '\n' ' ')"
    else
      osz=$("$OSSIMG" info "$OUT/$out" | sed -n 's/.*"ImageWidth": {"value": "\([0-9]*\)".*/\1/p')x$("$OSSIMG" info "$OUT/$out" | sed -n 's/.*"ImageHeight": {"value": "\([0-9]*\)".*/\1/p')" $out"
    fi
    printf '%-28s %-52s %-10s %-18s %s\n' "$in" "$process" "$isz" "$osz" $(((end - start) / 1000000))
  else
    printf '%-28s %-52s %s\n' "$in" "$process" "$(cat "$OUT/err.txt")"
  fi
}
run coffee-600x400.jpg 'image/resize,m_lfit,w_200,h_200/quality,Q_85' thumb.jpg
run coffee-600x400.jpg 'image/resize,m_fill,w_150,h_150/circle,r_75/format,png' circle.png
run coffee-600x400.jpg 'image/crop,g_se,w_300,h_200/rotate,30' rotated.jpg
run coffee-600x400.jpg 'image/resize,m_pad,w_300,h_300,color_336699/rounded-corners,r_30' padded.jpg
run coffee-600x400.jpg 'image/blur,r_5,s_3/bright,20/contrast,-10' blurred.jpg
run coffee-600x400.jpg 'image/sharpen,150/interlace,1' sharp.jpg
run logo-250x250-rgba.png 'image/resize,p_50/rotate,90' logo-small.png
run logo-250x250-rgba.png 'image/format,jpg' logo.jpg
run coffee-600x400.jpg 'image/watermark,text_b3NzaW1nIOawtOWNsA,size_36,color_FFFFFF,shadow_60,g_se' marked.jpg
run coffee-600x400.jpg 'image/watermark,image_bG9nby0yNTB4MjUwLXJnYmEucG5nP3gtb3NzLXByb2Nlc3M9aW1hZ2UvcmVzaXplLFBfMjA,g_nw,t_80/format,webp' logo-marked.webp
run coffee-600x400.jpg 'image/resize,w_300/format,bmp' coffee.bmp
run coffee-600x400.jpg 'image/resize,w_300/format,avif' coffee.avif
run coffee-600x400.jpg 'image/info' info.json
run coffee-600x400.jpg 'image/average-hue' hue.txt
run coffee-600x400.jpg 'image/resize,w_0,h_0' never.jpg
echo
echo "outputs: $OUT/"
echo
echo "== the parser on samples/process-strings.txt"
while IFS= read -r line; do
  [[ -z $line || $line == \#* ]] && continue
  echo
  echo "\$ ossimg parse --compact '$line'"
  "$OSSIMG" parse --compact "$line"
  echo "(exit $?)"
done < samples/process-strings.txt
