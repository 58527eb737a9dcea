// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Scalar twins of src/kernels/rotate.cc.

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "src/kernels/reference/reference.h"

namespace ossimg::kernels::reference {

PixelMap MapFor(const ImageView& src, RightAngle op) {
  const ptrdiff_t c = src.channels();
  const ptrdiff_t s = src.stride;
  const uint8_t* top_left = src.Row(0);
  const uint8_t* top_right = src.Row(0) + (src.width - 1) * c;
  const uint8_t* bottom_left = src.Row(src.height - 1);
  const uint8_t* bottom_right = bottom_left + (src.width - 1) * c;
  switch (op) {
    case RightAngle::kFlipH:
      return {top_right, -c, s};
    case RightAngle::kFlipV:
      return {bottom_left, c, -s};
    case RightAngle::kRotate90:
      return {bottom_left, -s, c};
    case RightAngle::kRotate180:
      return {bottom_right, -c, -s};
    case RightAngle::kRotate270:
      return {top_right, s, -c};
    case RightAngle::kTranspose:
      return {top_left, s, c};
    case RightAngle::kTransverse:
      return {bottom_right, -s, -c};
  }
  return {top_left, c, s};
}

void RotateRightAngle(const ImageView& src, const MutableImageView& dst, RightAngle op,
                      int32_t row_begin, int32_t row_end) {
  if (dst.width == 0 || dst.height == 0) return;
  const PixelMap m = MapFor(src, op);
  const size_t c = static_cast<size_t>(src.channels());
  for (int32_t y = row_begin; y < row_end; ++y) {
    uint8_t* out = dst.Row(y);
    const uint8_t* in = m.origin + y * m.dy;
    for (int32_t x = 0; x < dst.width; ++x) std::memcpy(out + x * c, in + x * m.dx, c);
  }
}

}  // namespace ossimg::kernels::reference

namespace ossimg::kernels::reference {

void RotateArbitrary(const ImageView& src, const MutableImageView& dst, const RotateTable& t,
                     const uint8_t background[4], int32_t row_begin, int32_t row_end) {
  if (dst.width == 0) return;
  const int c_count = src.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    uint8_t* out = dst.Row(y);
    for (int32_t x = 0; x < dst.width; ++x) {
      // Position in 1/4096 px: integer part and an 8-bit fraction.
      const int64_t sx = (t.row_x[y] + int64_t{x} * t.ax) >> 12;
      const int64_t sy = (t.row_y[y] + int64_t{x} * t.ay) >> 12;
      const int64_t ix = sx >> 12, iy = sy >> 12;
      const int32_t fx = static_cast<int32_t>((sx >> 4) & 0xFF);
      const int32_t fy = static_cast<int32_t>((sy >> 4) & 0xFF);
      for (int c = 0; c < c_count; ++c) {
        auto at = [&](int64_t px, int64_t py) -> int32_t {
          if (px < 0 || py < 0 || px >= src.width || py >= src.height) return background[c];
          return src.Row(static_cast<int32_t>(py))[px * c_count + c];
        };
        out[x * c_count + c] =
            Bilinear(at(ix, iy), at(ix + 1, iy), at(ix, iy + 1), at(ix + 1, iy + 1), fx, fy);
      }
    }
  }
}

}  // namespace ossimg::kernels::reference
