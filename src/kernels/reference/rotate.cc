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
