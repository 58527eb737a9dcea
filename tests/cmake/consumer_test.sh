#!/usr/bin/env bash
# Builds tests/cmake/consumer against ossimg: MODE=package installs the already-built tree into a
# temporary prefix and uses find_package; MODE=subdirectory embeds the source tree.
set -euo pipefail
# CXX and SANITIZE (comma-separated) repeat the outer build's compiler and sanitizers: a
# sanitized static libossimg needs a sanitized link.
MODE=$1 SRC=$2 BUILD=$3 CXX_COMPILER=${4:-} SANITIZE=${5:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
if [[ -n $CXX_COMPILER ]]; then launcher+=(-DCMAKE_CXX_COMPILER="$CXX_COMPILER"); fi
if [[ -n $SANITIZE ]]; then
  launcher+=(-DCMAKE_CXX_FLAGS=-fsanitize="$SANITIZE" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize="$SANITIZE")
fi
if [[ $MODE == package ]]; then
  cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
  test -f "$WORK/prefix/lib/pkgconfig/ossimg.pc" || test -f "$WORK"/prefix/lib*/pkgconfig/ossimg.pc
  cmake -S "$SRC/tests/cmake/consumer" -B "$WORK/b" -G Ninja "${launcher[@]}" \
    -DCMAKE_PREFIX_PATH="$WORK/prefix" -DOSSIMG_CONSUME=package >/dev/null
else
  cmake -S "$SRC/tests/cmake/consumer" -B "$WORK/b" -G Ninja "${launcher[@]}" \
    -DOSSIMG_SOURCE_DIR="$SRC" -DOSSIMG_CONSUME=subdirectory >/dev/null
fi
cmake --build "$WORK/b" >/dev/null
out=$("$WORK/b/consumer")
echo "$out"
[[ $out == w=123\ version=* ]]
