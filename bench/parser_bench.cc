// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Parsing cost: every request pays it, so it must stay far below a decode.

#include <string>

#include <benchmark/benchmark.h>

#include "ossimg/process.h"

namespace {

void BM_Parser_Parse(benchmark::State& state, const char* process) {
  const std::string s = process;
  for (auto _ : state) {
    auto spec = ossimg::ParseProcess(s);
    benchmark::DoNotOptimize(spec);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(s.size()));
}

BENCHMARK_CAPTURE(
    BM_Parser_Parse, thumbnail,
    "image/resize,m_fixed,w_100,h_100/crop,g_se,w_50,h_50/format,webp");
BENCHMARK_CAPTURE(
    BM_Parser_Parse, watermark,
    "image/"
    "watermark,text_SGVsbG8g5Zu-54mH5pyN5YqhIQ,type_d3F5LXplbmhlaQ,color_"
    "FFFFFF,"
    "size_30,g_se/"
    "watermark,image_cGFuZGEucG5nP3gtb3NzLXByb2Nlc3M9aW1hZ2UvcmVzaXplLFBfMzA");
BENCHMARK_CAPTURE(BM_Parser_Parse, error, "image/resize,w_100/rotate,abc");

}  // namespace
