// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The watermark step on a decoded 12 MP (4000x3000) RGB image: font loading,
// shaping, rasterising, nested processing of the watermark image and
// compositing, without the JPEG decode and encode around it (docs/watermark.md
// has end-to-end numbers next to libvips). Counters: MP/s of the main image.

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

#include "plan/watermark.h"
#include "src/core/thread_pool.h"

namespace {

ossimg::Image Main12MP() {
  ossimg::Image img =
      std::move(*ossimg::Image::Create(4000, 3000, ossimg::PixelFormat::kRGB8));
  for (int32_t y = 0; y < img.height(); ++y) {
    uint8_t* p = img.Row(y);
    for (int32_t x = 0; x < img.width(); ++x, p += 3) {
      p[0] = static_cast<uint8_t>(x / 16);
      p[1] = static_cast<uint8_t>(y / 12);
      p[2] = 128;
    }
  }
  return img;
}

void RunWatermarkBench(benchmark::State& state, ossimg::WatermarkAction a,
                       const ossimg::Options& opt) {
  ossimg::Image img = Main12MP();
  const int threads = static_cast<int>(state.range(0));
  ossimg::ThreadPool pool(threads);
  for (auto _ : state) {
    // The same image is marked again each time: the work per run does not
    // change.
    ossimg::StatusOr<ossimg::Image> r = ossimg::plan::RunWatermark(
        std::move(img), a, opt, threads > 1 ? &pool : nullptr);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    img = std::move(*r);
    benchmark::DoNotOptimize(img.Row(0));
  }
  state.counters["MP/s"] =
      benchmark::Counter(12.0, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Watermark_Text12MP(benchmark::State& state) {
  ossimg::WatermarkAction a;
  a.text = "ossimg 版权所有 2026";
  a.size = 120;
  a.color = 0xFFFFFF;
  a.shadow = 50;
  RunWatermarkBench(state, a, ossimg::Options());
}
BENCHMARK(BM_Watermark_Text12MP)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Watermark_TiledFill12MP(benchmark::State& state) {
  ossimg::WatermarkAction a;
  a.text = "ossimg 版权所有";
  a.size = 60;
  a.color = 0xFFFFFF;
  a.t = 50;
  a.rotate = 30;
  a.fill = true;
  a.padx = 40;
  a.pady = 40;
  RunWatermarkBench(state, a, ossimg::Options());
}
BENCHMARK(BM_Watermark_TiledFill12MP)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Watermark_Image(benchmark::State& state) {
  // A 250x250 RGBA logo (a disc with soft edges), scaled to 20% of the main
  // image by its own process, as in OSS's documentation example.
  ossimg::Image disc =
      std::move(*ossimg::Image::Create(250, 250, ossimg::PixelFormat::kRGBA8));
  for (int32_t y = 0; y < 250; ++y) {
    for (int32_t x = 0; x < 250; ++x) {
      uint8_t* p = disc.Row(y) + x * 4;
      const int d2 = (x - 125) * (x - 125) + (y - 125) * (y - 125);
      p[0] = static_cast<uint8_t>(x);
      p[1] = static_cast<uint8_t>(y);
      p[2] = 200;
      p[3] = d2 < 110 * 110 ? 255 : d2 < 125 * 125 ? 128 : 0;
    }
  }
  disc.set_alpha(ossimg::AlphaMode::kStraight);
  ossimg::StatusOr<std::vector<uint8_t>> logo =
      ossimg::EncodeImage(disc.view(), ossimg::ImageFormat::kPng);
  if (!logo.ok()) {
    state.SkipWithError(logo.status().ToString().c_str());
    return;
  }
  ossimg::Options opt;
  opt.threads = static_cast<int>(state.range(0));
  opt.watermark_objects =
      [&](std::string_view) -> ossimg::StatusOr<std::vector<uint8_t>> {
    return *logo;
  };
  ossimg::WatermarkAction a;
  a.image = "logo.png";
  a.image_ops.emplace_back(ossimg::ResizeAction{});
  std::get<ossimg::ResizeAction>(a.image_ops.back()).P = 20;
  a.t = 80;
  RunWatermarkBench(state, a, opt);
}
BENCHMARK(BM_Watermark_Image)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
