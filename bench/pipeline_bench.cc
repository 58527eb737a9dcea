// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Whole jobs through the public Engine: the headline (a big camera JPEG to an 800 px thumbnail)
// and a few other workloads of ../shared/bench/workloads.tsv, on the shared corpus when present.

#include <cmath>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

namespace {

void BM_Pipeline(benchmark::State& state, const char* file, const char* process, int threads) {
  const std::string path = std::string(OSSIMG_CORPUS_DIR) + "/" + file;
  ossimg::StatusOr<std::vector<uint8_t>> src = ossimg::ReadFileBytes(path, 1u << 30);
  if (!src.ok()) {
    state.SkipWithError(("corpus file missing: " + path).c_str());
    return;
  }
  ossimg::Options opt;
  opt.threads = threads;
  const ossimg::Engine engine(opt);
  for (auto _ : state) {
    ossimg::StatusOr<ossimg::Result> r = engine.Process(src->data(), src->size(), process);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(r->bytes.data());
  }
}

BENCHMARK_CAPTURE(BM_Pipeline, Headline_1T, "jpeg/elephants-5640x3172-base420q90.jpg",
                  "image/resize,m_lfit,w_800,h_800/quality,Q_85", 1)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Pipeline, Headline_2T, "jpeg/elephants-5640x3172-base420q90.jpg",
                  "image/resize,m_lfit,w_800,h_800/quality,Q_85", 2)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Pipeline, Png_Resize_2T, "png/icecold-5120x2880-rgba.png",
                  "image/resize,w_800/format,png", 2)
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

namespace {

// Shrink-on-load policies on the headline: time per run, and PSNR of the thumbnail against the
// one from a full-size decode (kNone), as counters. The choice is recorded in docs/compat.md.
double Psnr(const std::vector<uint8_t>& a_jpeg, const std::vector<uint8_t>& b_jpeg) {
  auto a = ossimg::DecodeImage(a_jpeg.data(), a_jpeg.size());
  auto b = ossimg::DecodeImage(b_jpeg.data(), b_jpeg.size());
  if (!a.ok() || !b.ok() || a->width() != b->width() || a->height() != b->height()) return 0;
  double se = 0;
  size_t n = 0;
  for (int y = 0; y < a->height(); ++y) {
    for (int x = 0; x < a->width() * a->channels(); ++x) {
      const double d = double(a->Row(y)[x]) - double(b->Row(y)[x]);
      se += d * d;
      ++n;
    }
  }
  return se == 0 ? 99.0 : 10 * std::log10(255.0 * 255.0 * n / se);
}

void BM_Pipeline_ShrinkOnLoad(benchmark::State& state, ossimg::ShrinkOnLoad policy) {
  const std::string path =
      std::string(OSSIMG_CORPUS_DIR) + "/jpeg/elephants-5640x3172-base420q90.jpg";
  auto src = ossimg::ReadFileBytes(path, 1u << 30);
  if (!src.ok()) {
    state.SkipWithError("corpus file missing");
    return;
  }
  // Lossless output, so the PSNR measures the resampling, not a second JPEG encode.
  const char* process = "image/resize,m_lfit,w_800,h_800/format,png";
  ossimg::Options ref_opt;
  ref_opt.threads = 1;
  ref_opt.shrink_on_load = ossimg::ShrinkOnLoad::kNone;
  auto ref = ossimg::Engine(ref_opt).Process(src->data(), src->size(), process);
  ossimg::Options opt;
  opt.threads = 1;
  opt.shrink_on_load = policy;
  const ossimg::Engine engine(opt);
  std::vector<uint8_t> out;
  for (auto _ : state) {
    auto r = engine.Process(src->data(), src->size(), process);
    if (!r.ok() || !ref.ok()) {
      state.SkipWithError("process failed");
      return;
    }
    out = r->bytes;
  }
  state.counters["PSNR_dB"] = Psnr(ref->bytes, out);
}

BENCHMARK_CAPTURE(BM_Pipeline_ShrinkOnLoad, None, ossimg::ShrinkOnLoad::kNone)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Pipeline_ShrinkOnLoad, Quality, ossimg::ShrinkOnLoad::kQuality)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Pipeline_ShrinkOnLoad, Fast, ossimg::ShrinkOnLoad::kFast)
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
