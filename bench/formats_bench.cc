// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// BMP, TIFF, HEIC and AVIF throughput in source megapixels per second ("MP/s"), and the CMYK
// JPEG path. Input: the corpus's 2560x1600 4:2:0 photo (fallenleaf, 4.1 MP) when the shared corpus
// is there, a generated 2560x1600 image otherwise; each format's file is encoded from it once.
//
//   build/dev/ossimg_bench --benchmark_filter='BM_(Bmp|Tiff|Heic|Avif|Cmyk)' --benchmark_min_time=2

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "ossimg/codec.h"

namespace {

using ossimg::ImageFormat;

const ossimg::Image& Photo() {
  static const ossimg::Image img = [] {
    std::ifstream in(std::string(OSSIMG_CORPUS_DIR) + "/jpeg/fallenleaf-2560x1600-base420.jpg",
                     std::ios::binary);
    std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto d = ossimg::DecodeImage(b.data(), b.size());
    if (d.ok()) return std::move(d).value();
    // No corpus: smooth gradients with a little texture, 2560x1600.
    auto g = ossimg::Image::Create(2560, 1600, ossimg::PixelFormat::kRGB8);
    uint32_t s = 1;
    for (int32_t y = 0; y < 1600; ++y) {
      for (int32_t x = 0; x < 2560 * 3; ++x) {
        s = s * 1103515245u + 12345u;
        g->Row(y)[x] = static_cast<uint8_t>((x / 3) / 12 + y / 9 + (x % 3) * 30 + ((s >> 16) & 7));
      }
    }
    return std::move(g).value();
  }();
  return img;
}

void SetRate(benchmark::State& state, const ossimg::Image& img) {
  state.counters["MP/s"] = benchmark::Counter(static_cast<double>(img.width()) * img.height() *
                                                  static_cast<double>(state.iterations()) / 1e6,
                                              benchmark::Counter::kIsRate);
}

void Encode(benchmark::State& state, ImageFormat f, int quality = 0) {
  const ossimg::Image& img = Photo();
  ossimg::EncodeOptions eo;
  eo.quality = quality;
  size_t bytes = 0;
  for (auto _ : state) {
    auto out = ossimg::EncodeImage(img.view(), f, eo);
    if (!out.ok()) {
      state.SkipWithError(out.status().ToString().c_str());
      return;
    }
    bytes = out->size();
    benchmark::DoNotOptimize(out);
  }
  SetRate(state, img);
  state.counters["bytes"] = static_cast<double>(bytes);
}

void Decode(benchmark::State& state, ImageFormat f) {
  const ossimg::Image& img = Photo();
  auto bytes = ossimg::EncodeImage(img.view(), f, {});
  if (!bytes.ok()) {
    state.SkipWithError(bytes.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    auto d = ossimg::DecodeImage(bytes->data(), bytes->size());
    if (!d.ok()) {
      state.SkipWithError(d.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(d);
  }
  SetRate(state, img);
}

void BM_Bmp_Encode(benchmark::State& state) { Encode(state, ImageFormat::kBmp); }
void BM_Bmp_Decode(benchmark::State& state) { Decode(state, ImageFormat::kBmp); }
void BM_Tiff_Encode(benchmark::State& state) { Encode(state, ImageFormat::kTiff); }
void BM_Tiff_Decode(benchmark::State& state) { Decode(state, ImageFormat::kTiff); }
void BM_Heic_Encode(benchmark::State& state) { Encode(state, ImageFormat::kHeic); }
void BM_Heic_Decode(benchmark::State& state) { Decode(state, ImageFormat::kHeic); }
void BM_Avif_Encode(benchmark::State& state) { Encode(state, ImageFormat::kAvif); }
void BM_Avif_Decode(benchmark::State& state) { Decode(state, ImageFormat::kAvif); }

// CMYK JPEG decoding: the corpus's small CMYK file (no profile: the naive formula), or the file
// named by $OSSIMG_BENCH_CMYK (e.g. a photo through `vips icc_export --output-profile cmyk`, whose
// 1 MB profile goes through lcms2).
void BM_Cmyk_Decode(benchmark::State& state) {
  const char* env = std::getenv("OSSIMG_BENCH_CMYK");
  const std::string path = env != nullptr
                               ? std::string(env)
                               : std::string(OSSIMG_CORPUS_DIR) + "/jpeg/video001-150x103-cmyk.jpg";
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto info = ossimg::ProbeImage(b.data(), b.size());
  if (!info.ok()) {
    state.SkipWithError(info.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    auto d = ossimg::DecodeImage(b.data(), b.size());
    if (!d.ok()) {
      state.SkipWithError(d.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(d);
  }
  state.counters["MP/s"] = benchmark::Counter(static_cast<double>(info->width) * info->height *
                                                  static_cast<double>(state.iterations()) / 1e6,
                                              benchmark::Counter::kIsRate);
  state.SetLabel(path.substr(path.rfind('/') + 1));
}

BENCHMARK(BM_Bmp_Encode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Bmp_Decode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Tiff_Encode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Tiff_Decode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Heic_Encode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Heic_Decode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Avif_Encode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Avif_Decode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Cmyk_Decode)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
