// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Kernel benchmarks, one per kernel family, each run per Highway target and for the scalar
// twin. The argument is the target: 0 = the scalar reference (SetForceScalar), otherwise a
// HWY_* target bit forced with hwy::SetSupportedTargetsForTest; unsupported targets are skipped.
// Counters: MPix/s of *input* pixels (of output pixels for enlargements).
//
//   ./build/release/ossimg_bench --benchmark_filter='BM_(Resize|Shrink|Rotate|Blur|Sharpen|Convert)'

#include <cstdint>
#include <cstring>
#include <string>

#include <benchmark/benchmark.h>
#include <hwy/targets.h>

#include "ossimg/image.h"

#include "src/core/thread_pool.h"
#include "src/kernels/filters.h"
#include "src/kernels/kernels.h"
#include "src/kernels/resize.h"

namespace ossimg::kernels {
namespace {

Image MakeImage(int32_t w, int32_t h, PixelFormat f) {
  StatusOr<Image> img = Image::Create(w, h, f);
  if (!img.ok()) std::abort();
  Image out = std::move(img).value();
  uint32_t s = 12345;
  for (int32_t y = 0; y < h; ++y) {
    uint8_t* row = out.Row(y);
    for (size_t x = 0; x < out.stride(); ++x) {
      // Smooth-ish content plus noise, like a photo.
      s = s * 1664525u + 1013904223u;
      row[x] = static_cast<uint8_t>((x / 7 + y / 5 + (s >> 29)) & 0xFF);
    }
  }
  return out;
}

// Selects the target for this run; returns false (and skips) when the CPU lacks it.
class TargetScope {
 public:
  explicit TargetScope(benchmark::State& state) {
    const int64_t target = state.range(0);
    if (target == 0) {
      SetForceScalar(true);
      state.SetLabel("reference");
      return;
    }
    if ((hwy::SupportedTargets() & target) == 0 || !TargetCompiled(target)) {
      state.SkipWithError("target not supported by this CPU or not compiled");
      ok_ = false;
      return;
    }
    hwy::SetSupportedTargetsForTest(target);
    state.SetLabel(ActiveTargetName());
  }
  ~TargetScope() {
    SetForceScalar(false);
    hwy::SetSupportedTargetsForTest(0);
  }
  bool ok() const { return ok_; }

 private:
  bool ok_ = true;
};

void SetRate(benchmark::State& state, int64_t pixels_per_iteration) {
  state.counters["MPix/s"] = benchmark::Counter(
      static_cast<double>(pixels_per_iteration) * static_cast<double>(state.iterations()) / 1e6,
      benchmark::Counter::kIsRate);
}

void Targets(benchmark::internal::Benchmark* b) {
  for (int64_t t :
       {int64_t{HWY_AVX3}, int64_t{HWY_AVX2}, int64_t{HWY_SSE4}, int64_t{HWY_SCALAR}, int64_t{0}}) {
    b->Arg(t);
  }
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

// The hot path: 5640x3172 RGB (a 18 MP photo) to 800 px wide, Lanczos3 with the default
// box-shrink gap, one thread.
void BM_Resize_Lanczos3(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(5640, 3172, PixelFormat::kRGB8);
  Image dst = std::move(Image::Create(800, 450, PixelFormat::kRGB8)).value();
  for (auto _ : state) {
    const Status s = Resize(src.view(), dst.mutable_view(), ResizeOptions());
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{5640} * 3172);
}
BENCHMARK(BM_Resize_Lanczos3)->Apply(Targets);

// The same with two threads sharing strips.
void BM_Resize_TwoThreads(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(5640, 3172, PixelFormat::kRGB8);
  Image dst = std::move(Image::Create(800, 450, PixelFormat::kRGB8)).value();
  ThreadPool pool(2);
  ResizeOptions opt;
  opt.pool = &pool;
  for (auto _ : state) {
    const Status s = Resize(src.view(), dst.mutable_view(), opt);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{5640} * 3172);
}
BENCHMARK(BM_Resize_TwoThreads)->Arg(HWY_AVX2)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

// The separable Lanczos3 reduce alone (what remains after the box shrink): 1880x1057 RGB ->
// 800x450, horizontal then vertical.
void BM_Resize_ReduceOnly(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(1880, 1057, PixelFormat::kRGB8);
  Image mid = std::move(Image::Create(800, 1057, PixelFormat::kRGB8)).value();
  Image dst = std::move(Image::Create(800, 450, PixelFormat::kRGB8)).value();
  const ResampleTable th = std::move(BuildResampleTable(1880, 800, Filter::kLanczos3)).value();
  const ResampleTable tv = std::move(BuildResampleTable(1057, 450, Filter::kLanczos3)).value();
  for (auto _ : state) {
    ReduceH(src.view(), mid.mutable_view(), th, 0, 1057);
    ReduceV(mid.view(), dst.mutable_view(), tv, 0, 450);
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{1880} * 1057);
}
BENCHMARK(BM_Resize_ReduceOnly)->Apply(Targets);

// Enlarging 2.5x with Lanczos3: 800x450 RGBA -> 2000x1125 (rate in output pixels).
void BM_Resize_Enlarge(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(800, 450, PixelFormat::kRGBA8);
  Image dst = std::move(Image::Create(2000, 1125, PixelFormat::kRGBA8)).value();
  for (auto _ : state) {
    const Status s = Resize(src.view(), dst.mutable_view(), ResizeOptions());
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{2000} * 1125);
}
BENCHMARK(BM_Resize_Enlarge)->Apply(Targets);

// Integer box shrink 3x3 of 5640x3172 RGB: vertical then horizontal.
void BM_Shrink_Box(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(5640, 3172, PixelFormat::kRGB8);
  const int32_t h = ShrinkedSize(3172, 3), w = ShrinkedSize(5640, 3);
  Image mid = std::move(Image::Create(5640, h, PixelFormat::kRGB8)).value();
  Image dst = std::move(Image::Create(w, h, PixelFormat::kRGB8)).value();
  for (auto _ : state) {
    ShrinkV(src.view(), mid.mutable_view(), 3, 0, h);
    ShrinkH(mid.view(), dst.mutable_view(), 3, 0, h);
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{5640} * 3172);
}
BENCHMARK(BM_Shrink_Box)->Apply(Targets);

// Premultiply + unpremultiply of a 4000x3000 RGBA image, in place.
void BM_Convert_Premultiply(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  Image img = MakeImage(4000, 3000, PixelFormat::kRGBA8);
  for (auto _ : state) {
    Premultiply(img.mutable_view(), 0, 3000);
    Unpremultiply(img.mutable_view(), 0, 3000);
    benchmark::DoNotOptimize(img.Row(0));
  }
  SetRate(state, int64_t{4000} * 3000);
}
BENCHMARK(BM_Convert_Premultiply)->Apply(Targets);

// Rotate 90 degrees clockwise, 4000x3000 RGB (a blocked gather transpose).
void BM_Rotate_90(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(4000, 3000, PixelFormat::kRGB8);
  Image dst = std::move(Image::Create(3000, 4000, PixelFormat::kRGB8)).value();
  for (auto _ : state) {
    RotateRightAngle(src.view(), dst.mutable_view(), RightAngle::kRotate90, 0, 4000);
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{4000} * 3000);
}
BENCHMARK(BM_Rotate_90)->Apply(Targets);

// Rotate 30 degrees (bilinear warp onto the expanded canvas), 2000x1500 RGB; rate in input px.
void BM_Rotate_30(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(2000, 1500, PixelFormat::kRGB8);
  const RotateTable t = std::move(BuildRotateTable(2000, 1500, 30)).value();
  Image dst = std::move(Image::Create(t.dst_width, t.dst_height, PixelFormat::kRGB8)).value();
  const uint8_t bg[4] = {255, 255, 255, 255};
  for (auto _ : state) {
    RotateArbitrary(src.view(), dst.mutable_view(), t, bg, 0, t.dst_height);
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{2000} * 1500);
}
BENCHMARK(BM_Rotate_30)->Apply(Targets);

// OSS blur,r_10,s_5 on 2000x1500 RGB.
void BM_Blur_Gaussian(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(2000, 1500, PixelFormat::kRGB8);
  Image dst = std::move(Image::Create(2000, 1500, PixelFormat::kRGB8)).value();
  for (auto _ : state) {
    const Status s = Blur(src.view(), dst.mutable_view(), 10, 5, nullptr);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{2000} * 1500);
}
BENCHMARK(BM_Blur_Gaussian)->Apply(Targets);

// OSS sharpen,100 on 2000x1500 RGB.
void BM_Sharpen_Unsharp(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(2000, 1500, PixelFormat::kRGB8);
  Image dst = std::move(Image::Create(2000, 1500, PixelFormat::kRGB8)).value();
  for (auto _ : state) {
    const Status s = Sharpen(src.view(), dst.mutable_view(), 100, nullptr);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{2000} * 1500);
}
BENCHMARK(BM_Sharpen_Unsharp)->Apply(Targets);

// RGBA -> RGB flattened onto white, 4000x3000.
void BM_Convert_RgbaToRgb(benchmark::State& state) {
  TargetScope scope(state);
  if (!scope.ok()) return;
  const Image src = MakeImage(4000, 3000, PixelFormat::kRGBA8);
  Image dst = std::move(Image::Create(4000, 3000, PixelFormat::kRGB8)).value();
  const uint8_t bg[3] = {255, 255, 255};
  for (auto _ : state) {
    ConvertFormat(src.view(), dst.mutable_view(), bg, 0, 3000);
    benchmark::DoNotOptimize(dst.Row(0));
  }
  SetRate(state, int64_t{4000} * 3000);
}
BENCHMARK(BM_Convert_RgbaToRgb)->Apply(Targets);

}  // namespace
}  // namespace ossimg::kernels
