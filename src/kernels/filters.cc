// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/kernels/filters.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "src/kernels/resize.h"
#include "src/kernels/strips.h"

namespace ossimg::kernels {
namespace {

Status CheckRange(const char* what, int32_t v, int32_t lo, int32_t hi) {
  if (v < lo || v > hi) {
    return InvalidArgumentError(std::string(what) + " " + std::to_string(v) + " is outside [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return Status::Ok();
}

Status CheckImage(const ImageView& img) {
  if (img.width < 1 || img.height < 1 || img.data == nullptr) {
    return InvalidArgumentError("empty image");
  }
  return Status::Ok();
}

uint8_t ClampByte(double v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

}  // namespace

void MaskCoverageRow(const MaskShape& shape, int32_t y, int32_t width, uint8_t* coverage) {
  const double py = y + 0.5;
  // Coverage of a pixel whose centre is at distance `dist` from the centre of a disc of radius
  // r: the usual 1-pixel linear ramp across the edge.
  auto disc = [](double dist, double r) { return ClampByte((r - dist + 0.5) * 255.0); };
  if (!shape.rounded_rect) {
    const double dy = py - shape.cy;
    for (int32_t x = 0; x < width; ++x) {
      coverage[x] = disc(std::hypot(x + 0.5 - shape.cx, dy), shape.radius);
    }
    return;
  }
  const double r = shape.corner_radius;
  const double w = shape.width, h = shape.height;
  // Distance to the corner circle's centre only matters inside the corner squares.
  const double ccy = py < r ? r : (py > h - r ? h - r : py);
  for (int32_t x = 0; x < width; ++x) {
    const double px = x + 0.5;
    const double ccx = px < r ? r : (px > w - r ? w - r : px);
    coverage[x] = (ccx == px || ccy == py) ? 255 : disc(std::hypot(px - ccx, py - ccy), r);
  }
}

Status Blur(const ImageView& src, const MutableImageView& dst, int32_t radius, int32_t sigma,
            ThreadPool* pool) {
  OSSIMG_RETURN_IF_ERROR(CheckRange("blur radius", radius, 1, 50));
  OSSIMG_RETURN_IF_ERROR(CheckRange("blur sigma", sigma, 1, 50));
  OSSIMG_RETURN_IF_ERROR(CheckImage(src));
  OSSIMG_ASSIGN_OR_RETURN(ResampleTable th, BuildGaussianTable(src.width, sigma, radius));
  OSSIMG_ASSIGN_OR_RETURN(ResampleTable tv, BuildGaussianTable(src.height, sigma, radius));
  return Convolve(src, dst, th, tv, pool);
}

Status Sharpen(const ImageView& src, const MutableImageView& dst, int32_t value, ThreadPool* pool) {
  OSSIMG_RETURN_IF_ERROR(CheckRange("sharpen", value, 50, 399));
  OSSIMG_RETURN_IF_ERROR(CheckImage(src));
  if (dst.width != src.width || dst.height != src.height || dst.format != src.format) {
    return InvalidArgumentError("sharpen writes an image of the source's size and format");
  }
  OSSIMG_ASSIGN_OR_RETURN(ResampleTable th, BuildGaussianTable(src.width, 1.0, 2));
  OSSIMG_ASSIGN_OR_RETURN(ResampleTable tv, BuildGaussianTable(src.height, 1.0, 2));
  OSSIMG_ASSIGN_OR_RETURN(Image blurred, Image::Create(src.width, src.height, src.format));
  blurred.set_alpha(AlphaMode::kNone);  // blur the samples as they are; alpha is not sharpened
  MutableImageView bv = blurred.mutable_view();
  ImageView plain = src;
  plain.alpha = AlphaMode::kNone;
  OSSIMG_RETURN_IF_ERROR(Convolve(plain, bv, th, tv, pool));
  const int32_t amount = static_cast<int32_t>(std::lround(value * 256.0 / 100.0));
  int32_t amounts[4] = {amount, amount, amount, amount};
  if (HasAlpha(src.format)) amounts[src.channels() - 1] = 0;
  ForEachStrip(pool, dst.height, kDefaultStripRows,
               [&](int32_t b, int32_t e) { UnsharpCombine(src, bv, dst, amounts, b, e); });
  return Status::Ok();
}

std::array<uint8_t, 256> BrightLut(int32_t value) {
  std::array<uint8_t, 256> lut;
  const double add = value * 2.55;
  for (int v = 0; v < 256; ++v) lut[static_cast<size_t>(v)] = ClampByte(v + add);
  return lut;
}

std::array<uint8_t, 256> ContrastLut(int32_t value) {
  std::array<uint8_t, 256> lut;
  const double k = (100.0 + value) / 100.0;
  for (int v = 0; v < 256; ++v) lut[static_cast<size_t>(v)] = ClampByte((v - 128) * k + 128);
  return lut;
}

Status ApplyBrightContrast(const MutableImageView& img, int32_t bright, int32_t contrast,
                           ThreadPool* pool) {
  OSSIMG_RETURN_IF_ERROR(CheckRange("bright", bright, -100, 100));
  OSSIMG_RETURN_IF_ERROR(CheckRange("contrast", contrast, -100, 100));
  OSSIMG_RETURN_IF_ERROR(CheckImage(img));
  const std::array<uint8_t, 256> b = BrightLut(bright), c = ContrastLut(contrast);
  const int channels = img.channels();
  std::vector<uint8_t> lut(static_cast<size_t>(channels) * 256);
  for (int ch = 0; ch < channels; ++ch) {
    const bool alpha = HasAlpha(img.format) && ch == channels - 1;
    for (int v = 0; v < 256; ++v) {
      lut[static_cast<size_t>(ch * 256 + v)] =
          alpha ? static_cast<uint8_t>(v) : c[b[static_cast<size_t>(v)]];
    }
  }
  ForEachStrip(pool, img.height, kDefaultStripRows,
               [&](int32_t rb, int32_t re) { ApplyLut(img, lut.data(), rb, re); });
  return Status::Ok();
}

Status ApplyCircle(const MutableImageView& img, int32_t radius, ThreadPool* pool) {
  OSSIMG_RETURN_IF_ERROR(CheckImage(img));
  if (!HasAlpha(img.format)) return InvalidArgumentError("circle needs an alpha channel");
  OSSIMG_RETURN_IF_ERROR(CheckRange("circle radius", radius, 1, 4096));
  MaskShape shape;
  shape.cx = img.width / 2.0;
  shape.cy = img.height / 2.0;
  shape.radius = std::min<double>(radius, std::min(img.width, img.height) / 2.0);
  ForEachStrip(pool, img.height, kDefaultStripRows,
               [&](int32_t b, int32_t e) { ApplyMask(img, shape, b, e); });
  return Status::Ok();
}

Status ApplyRoundedCorners(const MutableImageView& img, int32_t radius, ThreadPool* pool) {
  OSSIMG_RETURN_IF_ERROR(CheckImage(img));
  if (!HasAlpha(img.format)) return InvalidArgumentError("rounded corners need an alpha channel");
  OSSIMG_RETURN_IF_ERROR(CheckRange("corner radius", radius, 1, 4096));
  MaskShape shape;
  shape.rounded_rect = true;
  shape.width = img.width;
  shape.height = img.height;
  shape.corner_radius = std::min<double>(radius, std::min(img.width, img.height) / 2.0);
  ForEachStrip(pool, img.height, kDefaultStripRows,
               [&](int32_t b, int32_t e) { ApplyMask(img, shape, b, e); });
  return Status::Ok();
}

StatusOr<std::array<uint8_t, 4>> AverageColour(const ImageView& img, ThreadPool* pool) {
  OSSIMG_RETURN_IF_ERROR(CheckImage(img));
  const int channels = img.channels();
  const size_t bytes = static_cast<size_t>(img.width) * channels;
  std::vector<uint64_t> totals(static_cast<size_t>(channels), 0);
  std::mutex mu;
  // Per strip column sums (uint32 cannot overflow within a strip), folded into 64-bit totals.
  ForEachStrip(pool, img.height, 256, [&](int32_t b, int32_t e) {
    std::vector<uint32_t> sums(bytes + 64, 0);
    AccumulateColumns(img, sums.data(), b, e);
    std::vector<uint64_t> local(static_cast<size_t>(channels), 0);
    for (size_t x = 0; x < bytes; ++x) local[x % channels] += sums[x];
    std::lock_guard<std::mutex> lock(mu);
    for (int c = 0; c < channels; ++c)
      totals[static_cast<size_t>(c)] += local[static_cast<size_t>(c)];
  });
  const uint64_t n = static_cast<uint64_t>(img.width) * static_cast<uint64_t>(img.height);
  std::array<uint8_t, 4> mean = {0, 0, 0, 0};
  for (int c = 0; c < channels; ++c) {
    mean[static_cast<size_t>(c)] =
        static_cast<uint8_t>((2 * totals[static_cast<size_t>(c)] + n) / (2 * n));
  }
  return mean;
}

}  // namespace ossimg::kernels
