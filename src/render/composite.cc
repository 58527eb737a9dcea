// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "render/composite.h"

#include <algorithm>

namespace ossimg::render {
namespace {

inline uint8_t Div255(uint32_t v) {
  return static_cast<uint8_t>((v + 127) / 255);
}

// BT.601 luma with the weights of kernels::ConvertFormat, so a grey image
// marked in colour looks like the colour image turned grey.
inline uint8_t Luma(uint32_t r, uint32_t g, uint32_t b) {
  return static_cast<uint8_t>((77 * r + 150 * g + 29 * b + 128) >> 8);
}

// One source pixel (straight colour s[0..2], alpha a in [1,255]) over one
// destination pixel. `ch` is the destination's channel count; grey destinations
// take the source's luma.
template <int ch>
inline void Over(uint8_t* d, const uint8_t s[3], uint32_t a, AlphaMode mode) {
  constexpr int colours = ch <= 2 ? 1 : 3;
  uint8_t src[3];
  if (colours == 1) {
    src[0] = Luma(s[0], s[1], s[2]);
  } else {
    src[0] = s[0];
    src[1] = s[1];
    src[2] = s[2];
  }
  const uint32_t ia = 255 - a;
  if (ch == 1 || ch == 3) {
    for (int c = 0; c < colours; ++c) d[c] = Div255(src[c] * a + d[c] * ia);
    return;
  }
  const uint32_t da = d[ch - 1];
  if (mode == AlphaMode::kPremultiplied) {
    for (int c = 0; c < colours; ++c) d[c] = Div255(src[c] * a + d[c] * ia);
    d[ch - 1] = Div255(255 * a + da * ia);
    return;
  }
  // Straight alpha: out_a = a + da (1 - a); out_c = (s a + d da (1 - a)) /
  // out_a, all scaled by 255 so the division is exact integer arithmetic.
  const uint32_t den = a * 255 + da * ia;
  for (int c = 0; c < colours; ++c) {
    d[c] = static_cast<uint8_t>((src[c] * a * 255 + d[c] * da * ia + den / 2) /
                                den);
  }
  d[ch - 1] = Div255(den);
}

// The rows of `dst` and `src` (width `w` px from column `sx` of the source,
// `dx` of the destination) that the rectangle at (x, y) of size sw x sh meets
// within [row_begin, row_end).
struct Span {
  int32_t dx = 0, sx = 0, w = 0;
  int32_t y_begin = 0, y_end = 0;  // destination rows
};

Span Clip(const MutableImageView& dst, int32_t sw, int32_t sh, int32_t x,
          int32_t y, int32_t row_begin, int32_t row_end) {
  Span s;
  const int64_t x0 = std::max<int64_t>(0, x),
                x1 = std::min<int64_t>(dst.width, int64_t{x} + sw);
  s.y_begin = static_cast<int32_t>(std::max<int64_t>({0, y, row_begin}));
  s.y_end = static_cast<int32_t>(
      std::min<int64_t>({dst.height, int64_t{y} + sh, row_end}));
  if (x1 <= x0 || s.y_end <= s.y_begin) {
    s.y_end = s.y_begin;
    return s;
  }
  s.dx = static_cast<int32_t>(x0);
  s.sx = static_cast<int32_t>(x0 - x);
  s.w = static_cast<int32_t>(x1 - x0);
  return s;
}

template <int ch>
void MaskRows(const MutableImageView& dst, const ImageView& mask,
              const uint8_t rgb[3], const uint8_t lut[256], const Span& s,
              int32_t y) {
  for (int32_t row = s.y_begin; row < s.y_end; ++row) {
    const uint8_t* m = mask.Row(row - y) + s.sx;
    uint8_t* d = dst.Row(row) + static_cast<ptrdiff_t>(s.dx) * ch;
    for (int32_t i = 0; i < s.w; ++i, d += ch) {
      const uint32_t a = lut[m[i]];
      if (a != 0) Over<ch>(d, rgb, a, dst.alpha);
    }
  }
}

template <int ch>
void LayerRows(const MutableImageView& dst, const ImageView& layer,
               const uint8_t lut[256], const Span& s, int32_t y) {
  for (int32_t row = s.y_begin; row < s.y_end; ++row) {
    const uint8_t* p = layer.Row(row - y) + static_cast<ptrdiff_t>(s.sx) * 4;
    uint8_t* d = dst.Row(row) + static_cast<ptrdiff_t>(s.dx) * ch;
    for (int32_t i = 0; i < s.w; ++i, d += ch, p += 4) {
      const uint32_t a = lut[p[3]];
      if (a != 0) Over<ch>(d, p, a, dst.alpha);
    }
  }
}

// lut[v] = v x opacity / 255, rounded: coverage or alpha scaled by the
// watermark's opacity.
void OpacityLut(int32_t opacity, uint8_t lut[256]) {
  const uint32_t o = static_cast<uint32_t>(std::clamp(opacity, 0, 255));
  for (uint32_t v = 0; v < 256; ++v) lut[v] = Div255(v * o);
}

}  // namespace

void CompositeMask(const MutableImageView& dst, const ImageView& mask,
                   uint32_t rgb, int32_t opacity, int32_t x, int32_t y,
                   int32_t row_begin, int32_t row_end) {
  const Span s = Clip(dst, mask.width, mask.height, x, y, row_begin, row_end);
  if (s.y_end <= s.y_begin || opacity <= 0) return;
  uint8_t lut[256];
  OpacityLut(opacity, lut);
  const uint8_t c[3] = {static_cast<uint8_t>(rgb >> 16),
                        static_cast<uint8_t>(rgb >> 8),
                        static_cast<uint8_t>(rgb)};
  switch (dst.channels()) {
    case 1:
      return MaskRows<1>(dst, mask, c, lut, s, y);
    case 2:
      return MaskRows<2>(dst, mask, c, lut, s, y);
    case 3:
      return MaskRows<3>(dst, mask, c, lut, s, y);
    default:
      return MaskRows<4>(dst, mask, c, lut, s, y);
  }
}

void CompositeLayer(const MutableImageView& dst, const ImageView& layer,
                    int32_t opacity, int32_t x, int32_t y, int32_t row_begin,
                    int32_t row_end) {
  const Span s = Clip(dst, layer.width, layer.height, x, y, row_begin, row_end);
  if (s.y_end <= s.y_begin || opacity <= 0) return;
  uint8_t lut[256];
  OpacityLut(opacity, lut);
  switch (dst.channels()) {
    case 1:
      return LayerRows<1>(dst, layer, lut, s, y);
    case 2:
      return LayerRows<2>(dst, layer, lut, s, y);
    case 3:
      return LayerRows<3>(dst, layer, lut, s, y);
    default:
      return LayerRows<4>(dst, layer, lut, s, y);
  }
}

bool IsGray(const ImageView& layer) {
  const int ch = layer.channels();
  if (ch <= 2) return true;
  for (int32_t y = 0; y < layer.height; ++y) {
    const uint8_t* p = layer.Row(y);
    for (int32_t x = 0; x < layer.width; ++x, p += ch) {
      if (p[0] != p[1] || p[1] != p[2]) return false;
    }
  }
  return true;
}

}  // namespace ossimg::render
