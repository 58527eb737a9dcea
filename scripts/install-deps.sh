#!/usr/bin/env bash
# Installs every Debian package that ossimg's build, tests, benchmarks and fuzzers need.
# Idempotent and quiet: when everything is present it only runs one dpkg-query.
# `apt-get update` runs only when something is missing, because a new machine's lists are stale.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build ccache pkg-config g++ clang libclang-rt-14-dev
  # image codecs and colour
  libhwy-dev libjpeg62-turbo-dev libturbojpeg0-dev libjpeg-turbo-progs libpng-dev libwebp-dev
  libdeflate-dev libisal-dev libgif-dev libcgif-dev liblcms2-dev libexif-dev libtiff-dev libheif-dev libavif-dev
  # text rendering (watermarks)
  libfreetype-dev libharfbuzz-dev libfontconfig-dev
  # watermark fonts: OSS's free faces, and the stand-ins for its FangZheng ones (docs/compat.md)
  fonts-wqy-zenhei fonts-wqy-microhei fonts-droid-fallback fonts-arphic-gbsn00lp
  fonts-arphic-gkai00mp
  # transport
  libcurl4-openssl-dev libssl-dev libcpp-httplib-dev
  # utilities
  nlohmann-json3-dev libcli11-dev libfmt-dev
  # benchmarks: peers measured side by side, and the timing tools
  libvips-tools hyperfine time
  # the deploy manifest syntax check
  python3-yaml
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
)

missing=()
while read -r status pkg; do
  [[ "$status" == "installed" ]] || missing+=("$pkg")
done < <(for p in "${PACKAGES[@]}"; do
  s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  echo "${s:-missing} $p"
done)

if ((${#missing[@]} > 0)); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: done" >&2
fi

# npm: ali-oss for the interop test of `ossimg serve` (tests/interop), pinned by
# tests/interop/package-lock.json into a test-local node_modules. It uses the
# npm that comes with the machine's Node.js 20 (Debian's npm package conflicts
# with it), and runs only when node_modules is missing.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -d "$ROOT/tests/interop/node_modules/ali-oss" ]]; then
  if command -v npm >/dev/null 2>&1; then
    echo "install-deps: npm ci --prefix tests/interop" >&2
    npm ci --prefix "$ROOT/tests/interop" --no-audit --no-fund --loglevel=error >/dev/null
  else
    echo "install-deps: no npm (Node.js 20); the ali-oss interop test will be skipped" >&2
  fi
fi
