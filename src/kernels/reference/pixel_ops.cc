// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Scalar twins of src/kernels/pixel_ops.cc.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "src/kernels/reference/reference.h"

namespace ossimg::kernels::reference {

void ApplyLut(const MutableImageView& img, const uint8_t* lut, int32_t row_begin, int32_t row_end) {
  if (img.width == 0) return;
  const int c_count = img.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    uint8_t* p = img.Row(y);
    for (int32_t x = 0; x < img.width * c_count; ++x) p[x] = lut[(x % c_count) * 256 + p[x]];
  }
}

void UnsharpCombine(const ImageView& src, const ImageView& blurred, const MutableImageView& dst,
                    const int32_t amount_q8[4], int32_t row_begin, int32_t row_end) {
  if (dst.width == 0) return;
  const int c_count = src.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* s = src.Row(y);
    const uint8_t* b = blurred.Row(y);
    uint8_t* o = dst.Row(y);
    for (int32_t x = 0; x < src.width * c_count; ++x) {
      const int32_t v = s[x] + (((s[x] - b[x]) * amount_q8[x % c_count]) >> 8);
      o[x] = static_cast<uint8_t>(std::clamp(v, 0, 255));
    }
  }
}

void ApplyMask(const MutableImageView& img, const MaskShape& shape, int32_t row_begin,
               int32_t row_end) {
  if (img.width == 0) return;
  const int c_count = img.channels();
  std::vector<uint8_t> cov(static_cast<size_t>(img.width));
  for (int32_t y = row_begin; y < row_end; ++y) {
    MaskCoverageRow(shape, y, img.width, cov.data());
    uint8_t* p = img.Row(y);
    for (int32_t x = 0; x < img.width; ++x) {
      uint8_t& a = p[x * c_count + c_count - 1];
      a = PremultiplyOne(a, cov[static_cast<size_t>(x)]);
    }
  }
}

void AccumulateColumns(const ImageView& img, uint32_t* sums, int32_t row_begin, int32_t row_end) {
  if (img.width == 0) return;
  const int32_t bytes = img.width * img.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* p = img.Row(y);
    for (int32_t x = 0; x < bytes; ++x) sums[x] += p[x];
  }
}

void ConvertFormat(const ImageView& src, const MutableImageView& dst, const uint8_t background[3],
                   int32_t row_begin, int32_t row_end) {
  if (dst.width == 0) return;
  const int ci = src.channels(), co = dst.channels();
  const bool in_alpha = HasAlpha(src.format), out_alpha = HasAlpha(dst.format);
  const bool in_colour = ci >= 3, out_colour = co >= 3;
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* s = src.Row(y);
    uint8_t* o = dst.Row(y);
    for (int32_t x = 0; x < src.width; ++x, s += ci, o += co) {
      uint32_t r = s[0], g = in_colour ? s[1] : s[0], b = in_colour ? s[2] : s[0];
      const uint32_t a = in_alpha ? s[ci - 1] : 255;
      if (in_alpha && !out_alpha) {
        r = Div255(r * a + background[0] * (255 - a));
        g = Div255(g * a + background[1] * (255 - a));
        b = Div255(b * a + background[2] * (255 - a));
      }
      if (out_colour) {
        o[0] = static_cast<uint8_t>(r);
        o[1] = static_cast<uint8_t>(g);
        o[2] = static_cast<uint8_t>(b);
      } else {
        o[0] = in_colour ? GrayOf(r, g, b) : static_cast<uint8_t>(r);
      }
      if (out_alpha) o[co - 1] = static_cast<uint8_t>(a);
    }
  }
}

}  // namespace ossimg::kernels::reference
