// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Kernels, SIMD against their scalar twins. The input chooses the Highway target (byte 0, via
// hwy::SetSupportedTargetsForTest, as libjxl's djxl_fuzzer does), the channel count and one of
// eight operations (byte 1: reduce, shrink, alpha, Resize, right-angle rotate, arbitrary rotate,
// point ops, convert), an operation parameter (byte 2), four sizes in [1, 2048] (bytes 3-10) and
// the pixels (the rest, repeated). Any difference between the dispatched kernel and reference::
// aborts.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <hwy/targets.h>

#include "ossimg/image.h"

#include "src/kernels/kernels.h"
#include "src/kernels/reference/reference.h"
#include "src/kernels/resize.h"

namespace {

using namespace ossimg;           // NOLINT(build/namespaces): a fuzzer, not library code
using namespace ossimg::kernels;  // NOLINT(build/namespaces)

// Pixels per image are capped so one execution stays in the millisecond range under ASan.
constexpr int64_t kMaxPixels = int64_t{1} << 18;

Image MustCreate(int32_t w, int32_t h, PixelFormat f) {
  StatusOr<Image> img = Image::Create(w, h, f);
  if (!img.ok()) std::abort();
  return std::move(img).value();
}

void Fill(Image& img, const uint8_t* data, size_t size) {
  const size_t bytes = static_cast<size_t>(img.width()) * img.channels();
  size_t pos = 0;
  uint32_t s = 0x9E3779B9u;
  for (int32_t y = 0; y < img.height(); ++y) {
    uint8_t* row = img.Row(y);
    // Fill the padding too: kernels may read it and must not let it change results.
    for (size_t x = 0; x < img.stride(); ++x) {
      s = s * 1664525u + 1013904223u;
      row[x] = (size > 0 && x < bytes) ? data[pos++ % size] : static_cast<uint8_t>(s >> 24);
    }
  }
}

void ExpectSame(const ImageView& a, const ImageView& b) {
  const size_t bytes = static_cast<size_t>(a.width) * a.channels();
  for (int32_t y = 0; y < a.height; ++y) {
    if (std::memcmp(a.Row(y), b.Row(y), bytes) != 0) std::abort();
  }
}

int64_t ChooseTarget(uint8_t byte) {
  // The fallback is HWY_SCALAR with g++ and HWY_EMU128 with clang (Highway 1.0.3).
  const int64_t candidates[] = {HWY_AVX3, HWY_AVX2, HWY_SSE4, HWY_SCALAR, HWY_EMU128};
  int64_t supported[5];
  int n = 0;
  for (int64_t t : candidates) {
    if ((hwy::SupportedTargets() & t) && TargetCompiled(t)) supported[n++] = t;
  }
  if (n == 0) std::abort();
  return supported[byte % n];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 11) return 0;
  const int64_t target = ChooseTarget(data[0]);
  const int channels = 1 + (data[1] & 3);
  const int op = (data[1] >> 2) % 8;
  const Filter filter = static_cast<Filter>(data[2] % 4);
  auto dim = [&](int i) { return 1 + ((data[3 + 2 * i] | (data[4 + 2 * i] << 8)) % 2048); };
  const int32_t in_w = dim(0), in_h = dim(1), out_w = dim(2), out_h = dim(3);
  if (int64_t{in_w} * in_h > kMaxPixels || int64_t{out_w} * out_h > kMaxPixels ||
      int64_t{out_w} * in_h > kMaxPixels) {
    return 0;
  }
  const PixelFormat format = channels == 1   ? PixelFormat::kGray8
                             : channels == 2 ? PixelFormat::kGrayA8
                             : channels == 3 ? PixelFormat::kRGB8
                                             : PixelFormat::kRGBA8;
  Image src = MustCreate(in_w, in_h, format);
  Fill(src, data + 11, size - 11);
  hwy::SetSupportedTargetsForTest(target);
  SetForceScalar(false);

  switch (op) {
    case 0: {  // separable reduce/enlarge, H then V
      StatusOr<ResampleTable> th = BuildResampleTable(in_w, out_w, filter);
      StatusOr<ResampleTable> tv = BuildResampleTable(in_h, out_h, filter);
      if (!th.ok() || !tv.ok()) break;
      Image mid_s = MustCreate(out_w, in_h, format), mid_r = MustCreate(out_w, in_h, format);
      ReduceH(src.view(), mid_s.mutable_view(), *th, 0, in_h);
      reference::ReduceH(src.view(), mid_r.mutable_view(), *th, 0, in_h);
      ExpectSame(mid_s.view(), mid_r.view());
      Image out_s = MustCreate(out_w, out_h, format), out_r = MustCreate(out_w, out_h, format);
      ReduceV(mid_r.view(), out_s.mutable_view(), *tv, 0, out_h);
      reference::ReduceV(mid_r.view(), out_r.mutable_view(), *tv, 0, out_h);
      ExpectSame(out_s.view(), out_r.view());
      break;
    }
    case 1: {  // box shrink by factors derived from the output size
      const int32_t fx = std::max(1, in_w / out_w), fy = std::max(1, in_h / out_h);
      const int32_t w = ShrinkedSize(in_w, fx), h = ShrinkedSize(in_h, fy);
      Image mid_s = MustCreate(w, in_h, format), mid_r = MustCreate(w, in_h, format);
      ShrinkH(src.view(), mid_s.mutable_view(), fx, 0, in_h);
      reference::ShrinkH(src.view(), mid_r.mutable_view(), fx, 0, in_h);
      ExpectSame(mid_s.view(), mid_r.view());
      Image out_s = MustCreate(w, h, format), out_r = MustCreate(w, h, format);
      ShrinkV(mid_r.view(), out_s.mutable_view(), fy, 0, h);
      reference::ShrinkV(mid_r.view(), out_r.mutable_view(), fy, 0, h);
      ExpectSame(out_s.view(), out_r.view());
      break;
    }
    case 2: {  // alpha
      if (!HasAlpha(format)) break;
      Image s = MustCreate(in_w, in_h, format), r = MustCreate(in_w, in_h, format);
      std::memcpy(s.Row(0), src.Row(0), src.stride() * in_h);
      std::memcpy(r.Row(0), src.Row(0), src.stride() * in_h);
      Premultiply(s.mutable_view(), 0, in_h);
      reference::Premultiply(r.mutable_view(), 0, in_h);
      ExpectSame(s.view(), r.view());
      std::memcpy(s.Row(0), src.Row(0), src.stride() * in_h);
      Unpremultiply(s.mutable_view(), 0, in_h);
      std::memcpy(r.Row(0), src.Row(0), src.stride() * in_h);
      reference::Unpremultiply(r.mutable_view(), 0, in_h);
      ExpectSame(s.view(), r.view());
      break;
    }
    case 4: {  // right-angle rotations and mirrors
      const RightAngle ra = static_cast<RightAngle>(data[2] % 7);
      const int32_t w = SwapsAxes(ra) ? in_h : in_w, h = SwapsAxes(ra) ? in_w : in_h;
      Image out_s = MustCreate(w, h, format), out_r = MustCreate(w, h, format);
      RotateRightAngle(src.view(), out_s.mutable_view(), ra, 0, h);
      reference::RotateRightAngle(src.view(), out_r.mutable_view(), ra, 0, h);
      ExpectSame(out_s.view(), out_r.view());
      break;
    }
    case 5: {  // arbitrary rotation
      const double degrees = data[2] * (360.0 / 256.0) + data[10] / 256.0;
      StatusOr<RotateTable> t = BuildRotateTable(in_w, in_h, degrees);
      if (!t.ok()) std::abort();  // sizes are valid, so the table must build
      if (int64_t{t->dst_width} * t->dst_height > 2 * kMaxPixels) break;
      const uint8_t bg[4] = {data[3], data[4], data[5], data[6]};
      Image out_s = MustCreate(t->dst_width, t->dst_height, format);
      Image out_r = MustCreate(t->dst_width, t->dst_height, format);
      RotateArbitrary(src.view(), out_s.mutable_view(), *t, bg, 0, t->dst_height);
      reference::RotateArbitrary(src.view(), out_r.mutable_view(), *t, bg, 0, t->dst_height);
      ExpectSame(out_s.view(), out_r.view());
      break;
    }
    case 6: {  // point operations
      uint8_t lut[4 * 256];
      for (int i = 0; i < 4 * 256; ++i) lut[i] = data[(11 + i) % size] ^ static_cast<uint8_t>(i);
      Image s = MustCreate(in_w, in_h, format), r = MustCreate(in_w, in_h, format);
      std::memcpy(s.Row(0), src.Row(0), src.stride() * in_h);
      std::memcpy(r.Row(0), src.Row(0), src.stride() * in_h);
      ApplyLut(s.mutable_view(), lut, 0, in_h);
      reference::ApplyLut(r.mutable_view(), lut, 0, in_h);
      ExpectSame(s.view(), r.view());
      // Unsharp against the LUT image as the "blurred" one: any pair of inputs must agree.
      const int32_t amounts[4] = {data[3] * 4 - 512, data[5] * 4, data[7], 0};
      Image us = MustCreate(in_w, in_h, format), ur = MustCreate(in_w, in_h, format);
      UnsharpCombine(src.view(), r.view(), us.mutable_view(), amounts, 0, in_h);
      reference::UnsharpCombine(src.view(), r.view(), ur.mutable_view(), amounts, 0, in_h);
      ExpectSame(us.view(), ur.view());
      if (HasAlpha(format)) {
        MaskShape shape;
        shape.rounded_rect = data[2] & 1;
        shape.cx = out_w * 0.37;
        shape.cy = out_h * 0.61;
        shape.radius = data[4] + 0.25;
        shape.width = in_w;
        shape.height = in_h;
        shape.corner_radius = data[6] * 0.5;
        ApplyMask(s.mutable_view(), shape, 0, in_h);
        reference::ApplyMask(r.mutable_view(), shape, 0, in_h);
        ExpectSame(s.view(), r.view());
      }
      std::vector<uint32_t> a(static_cast<size_t>(in_w) * channels + 64, 0), b(a);
      AccumulateColumns(src.view(), a.data(), 0, in_h);
      reference::AccumulateColumns(src.view(), b.data(), 0, in_h);
      if (a != b) std::abort();
      break;
    }
    case 7: {  // format conversions
      const int out_channels = 1 + data[2] % 4;
      const PixelFormat out_format = out_channels == 1   ? PixelFormat::kGray8
                                     : out_channels == 2 ? PixelFormat::kGrayA8
                                     : out_channels == 3 ? PixelFormat::kRGB8
                                                         : PixelFormat::kRGBA8;
      const uint8_t bg[3] = {data[3], data[5], data[7]};
      Image out_s = MustCreate(in_w, in_h, out_format), out_r = MustCreate(in_w, in_h, out_format);
      ConvertFormat(src.view(), out_s.mutable_view(), bg, 0, in_h);
      reference::ConvertFormat(src.view(), out_r.mutable_view(), bg, 0, in_h);
      ExpectSame(out_s.view(), out_r.view());
      break;
    }
    default: {  // the whole Resize pipeline, SIMD vs force-scalar
      ResizeOptions opt;
      opt.filter = filter;
      Image out_s = MustCreate(out_w, out_h, format), out_r = MustCreate(out_w, out_h, format);
      const Status a = Resize(src.view(), out_s.mutable_view(), opt);
      SetForceScalar(true);
      const Status b = Resize(src.view(), out_r.mutable_view(), opt);
      SetForceScalar(false);
      if (a.ok() != b.ok()) std::abort();
      if (a.ok()) ExpectSame(out_s.view(), out_r.view());
      break;
    }
  }
  hwy::SetSupportedTargetsForTest(0);
  return 0;
}
