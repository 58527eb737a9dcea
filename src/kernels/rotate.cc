// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Highway kernels: right-angle rotations and mirrors as blocked transposes. Every one of the
// seven transforms is "destination pixel (x, y) = source bytes at origin + x dx + y dy"
// (reference::MapFor), so one kernel serves all: lane i of a vector gathers the 32-bit word at
// base + i dx and the pixels are written back with StorePixels. Destination rows are processed in
// tiles of kTileRows, and inside a tile column chunk by column chunk, so for the 90-degree cases
// the Lanes() source rows a chunk reads stay in L1 across the tile (each source cache line serves
// kTileRows destination rows instead of one).

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/kernels/rotate.cc"
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>         // after foreach_target.h, which re-includes this file

#include "src/kernels/kernels.h"
#include "src/kernels/pixels-inl.h"
#include "src/kernels/reference/reference.h"

HWY_BEFORE_NAMESPACE();
namespace ossimg::kernels::HWY_NAMESPACE {
namespace {

namespace hn = hwy::HWY_NAMESPACE;

constexpr int32_t kTileRows = 16;

template <int C, class D>
HWY_INLINE void CopyChunk(D d, const uint8_t* base, hn::Vec<D> offsets, uint8_t* HWY_RESTRICT out) {
  const auto px = hn::GatherOffset(d, reinterpret_cast<const int32_t*>(base), offsets);
  if constexpr (C == 4) {
    hn::StoreU(px, d, reinterpret_cast<int32_t*>(out));
  } else {
    StorePixels<C>(d, Channel<0>(d, px), Channel<1>(d, px), Channel<2>(d, px), px, out);
  }
}

template <int C>
void RotateRows(const ImageView& src, const MutableImageView& dst, RightAngle op, int32_t row_begin,
                int32_t row_end) {
  const hn::ScalableTag<int32_t> d;
  const hn::CappedTag<int32_t, 1> d1;
  const int32_t n = static_cast<int32_t>(hn::Lanes(d));
  const reference::PixelMap m = reference::MapFor(src, op);
  // |i * dx| < Lanes * stride: fits int32 for any image Image::Create accepts.
  const auto offsets = hn::Mul(hn::Iota(d, 0), hn::Set(d, static_cast<int32_t>(m.dx)));
  const auto zero1 = hn::Zero(d1);
  for (int32_t ty = row_begin; ty < row_end; ty += kTileRows) {
    const int32_t ty_end = std::min(row_end, ty + kTileRows);
    int32_t x = 0;
    for (; x + n <= dst.width; x += n) {
      for (int32_t y = ty; y < ty_end; ++y) {
        CopyChunk<C>(d, m.origin + x * m.dx + y * m.dy, offsets, dst.Row(y) + x * C);
      }
    }
    for (; x < dst.width; ++x) {
      for (int32_t y = ty; y < ty_end; ++y) {
        CopyChunk<C>(d1, m.origin + x * m.dx + y * m.dy, zero1, dst.Row(y) + x * C);
      }
    }
  }
}

}  // namespace

void RotateRightAngle(const ImageView& src, const MutableImageView& dst, RightAngle op,
                      int32_t row_begin, int32_t row_end) {
  switch (src.channels()) {
    case 1:
      return RotateRows<1>(src, dst, op, row_begin, row_end);
    case 2:
      return RotateRows<2>(src, dst, op, row_begin, row_end);
    case 3:
      return RotateRows<3>(src, dst, op, row_begin, row_end);
    default:
      return RotateRows<4>(src, dst, op, row_begin, row_end);
  }
}

}  // namespace ossimg::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ossimg::kernels {

HWY_EXPORT(RotateRightAngle);

void RotateRightAngle(const ImageView& src, const MutableImageView& dst, RightAngle op,
                      int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || dst.width == 0) return;
  const bool swap = SwapsAxes(op);
  if (src.format != dst.format || src.data == nullptr || dst.data == nullptr || row_begin < 0 ||
      row_end > dst.height || dst.width != (swap ? src.height : src.width) ||
      dst.height != (swap ? src.width : src.height)) {
    std::abort();  // a bug in the caller, see kernels.h
  }
  if (ForceScalar()) return reference::RotateRightAngle(src, dst, op, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(RotateRightAngle)(src, dst, op, row_begin, row_end);
}

}  // namespace ossimg::kernels
#endif  // HWY_ONCE
