// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Whole jobs through the public Engine: the headline (a big camera JPEG to an 800 px thumbnail)
// and a few other workloads of ../shared/bench/workloads.tsv, on the shared corpus when present.

#include <string>
#include <vector>

#include <benchmark/benchmark.h>

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
