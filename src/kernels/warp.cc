// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Highway kernel: arbitrary-angle rotation by an inverse affine map with bilinear sampling
// (RotateTable in kernels.h). Lane i handles destination pixel x0 + i: its source position is
// computed exactly as reference::RotateArbitrary does, but split so it fits int32 lanes:
//   (B + i a) >> 12 == (B >> 12) + ((B & 4095) + i a) >> 12,  B = row + x0 a (int64, scalar),
// and |i a| < 16 * 2^24. The four neighbours are gathered with clamped coordinates and replaced
// by the background where they fall outside the source, so edges blend into the background.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/kernels/warp.cc"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>         // after foreach_target.h, which re-includes this file

#include "src/kernels/kernels.h"
#include "src/kernels/pixels-inl.h"
#include "src/kernels/reference/reference.h"

HWY_BEFORE_NAMESPACE();
namespace ossimg::kernels::HWY_NAMESPACE {
namespace {

namespace hn = hwy::HWY_NAMESPACE;

// Position in 1/4096 px of lanes x0 + i along one axis.
template <class D>
HWY_INLINE hn::Vec<D> Position(D d, int64_t row, int32_t step, int32_t x0) {
  const int64_t b = row + int64_t{x0} * step;
  const auto frac = hn::Set(d, static_cast<int32_t>(b & 4095));
  const auto lanes = hn::Add(frac, hn::Mul(hn::Iota(d, 0), hn::Set(d, step)));
  return hn::Add(hn::Set(d, static_cast<int32_t>(b >> 12)), hn::ShiftRight<12>(lanes));
}

template <class D, class V, class M>
HWY_INLINE V Blend(D d, V p00, V p01, V p10, V p11, M m00, M m01, M m10, M m11, V fx, V fy,
                   int32_t bg) {
  const V b = hn::Set(d, bg);
  p00 = hn::IfThenElse(m00, p00, b);
  p01 = hn::IfThenElse(m01, p01, b);
  p10 = hn::IfThenElse(m10, p10, b);
  p11 = hn::IfThenElse(m11, p11, b);
  const V k256 = hn::Set(d, 256);
  const V top = hn::Add(hn::Mul(p00, hn::Sub(k256, fx)), hn::Mul(p01, fx));
  const V bottom = hn::Add(hn::Mul(p10, hn::Sub(k256, fx)), hn::Mul(p11, fx));
  const V sum =
      hn::Add(hn::Add(hn::Mul(top, hn::Sub(k256, fy)), hn::Mul(bottom, fy)), hn::Set(d, 32768));
  return hn::ShiftRight<16>(sum);
}

template <int C, class D>
HWY_INLINE void WarpBlock(D d, const ImageView& src, const RotateTable& t, int32_t y, int32_t x0,
                          const uint8_t* bg, uint8_t* HWY_RESTRICT out) {
  using V = hn::Vec<D>;
  const size_t row = static_cast<size_t>(y);
  const V sx = Position(d, t.row_x[row], t.ax, x0);
  const V sy = Position(d, t.row_y[row], t.ay, x0);
  const V ix = hn::ShiftRight<12>(sx), iy = hn::ShiftRight<12>(sy);
  const V k255 = hn::Set(d, 255);
  const V fx = hn::And(hn::ShiftRight<4>(sx), k255), fy = hn::And(hn::ShiftRight<4>(sy), k255);
  const V zero = hn::Zero(d), one = hn::Set(d, 1);
  const V w = hn::Set(d, src.width), h = hn::Set(d, src.height);
  const V ix1 = hn::Add(ix, one), iy1 = hn::Add(iy, one);
  // 0 <= i < size as two signed Gt (1.0.3 has no integer Ge).
  const V minus1 = hn::Set(d, -1);
  const auto vx0 = hn::And(hn::Gt(ix, minus1), hn::Gt(w, ix));
  const auto vx1 = hn::And(hn::Gt(ix1, minus1), hn::Gt(w, ix1));
  const auto vy0 = hn::And(hn::Gt(iy, minus1), hn::Gt(h, iy));
  const auto vy1 = hn::And(hn::Gt(iy1, minus1), hn::Gt(h, iy1));
  const V wm1 = hn::Sub(w, one), hm1 = hn::Sub(h, one);
  const V cx0 = PixelToByte<C>(hn::Min(hn::Max(ix, zero), wm1));
  const V cx1 = PixelToByte<C>(hn::Min(hn::Max(ix1, zero), wm1));
  const V stride = hn::Set(d, static_cast<int32_t>(src.stride));
  const V ry0 = hn::Mul(hn::Min(hn::Max(iy, zero), hm1), stride);
  const V ry1 = hn::Mul(hn::Min(hn::Max(iy1, zero), hm1), stride);
  const int32_t* base = reinterpret_cast<const int32_t*>(src.data);
  const V p00 = hn::GatherOffset(d, base, hn::Add(ry0, cx0));
  const V p01 = hn::GatherOffset(d, base, hn::Add(ry0, cx1));
  const V p10 = hn::GatherOffset(d, base, hn::Add(ry1, cx0));
  const V p11 = hn::GatherOffset(d, base, hn::Add(ry1, cx1));
  const auto m00 = hn::And(vx0, vy0), m01 = hn::And(vx1, vy0);
  const auto m10 = hn::And(vx0, vy1), m11 = hn::And(vx1, vy1);
  V r[4] = {zero, zero, zero, zero};
  r[0] = Blend(d, Channel<0>(d, p00), Channel<0>(d, p01), Channel<0>(d, p10), Channel<0>(d, p11),
               m00, m01, m10, m11, fx, fy, bg[0]);
  if constexpr (C >= 2) {
    r[1] = Blend(d, Channel<1>(d, p00), Channel<1>(d, p01), Channel<1>(d, p10), Channel<1>(d, p11),
                 m00, m01, m10, m11, fx, fy, bg[1]);
  }
  if constexpr (C >= 3) {
    r[2] = Blend(d, Channel<2>(d, p00), Channel<2>(d, p01), Channel<2>(d, p10), Channel<2>(d, p11),
                 m00, m01, m10, m11, fx, fy, bg[2]);
  }
  if constexpr (C >= 4) {
    r[3] = Blend(d, Channel<3>(d, p00), Channel<3>(d, p01), Channel<3>(d, p10), Channel<3>(d, p11),
                 m00, m01, m10, m11, fx, fy, bg[3]);
  }
  StorePixels<C>(d, r[0], r[1], r[2], r[3], out + static_cast<ptrdiff_t>(x0) * C);
}

template <int C>
void WarpRows(const ImageView& src, const MutableImageView& dst, const RotateTable& t,
              const uint8_t* bg, int32_t row_begin, int32_t row_end) {
  const hn::ScalableTag<int32_t> d;
  const hn::CappedTag<int32_t, 1> d1;
  const int32_t n = static_cast<int32_t>(hn::Lanes(d));
  for (int32_t y = row_begin; y < row_end; ++y) {
    uint8_t* out = dst.Row(y);
    int32_t x = 0;
    for (; x + n <= dst.width; x += n) WarpBlock<C>(d, src, t, y, x, bg, out);
    for (; x < dst.width; ++x) WarpBlock<C>(d1, src, t, y, x, bg, out);
  }
}

}  // namespace

void RotateArbitrary(const ImageView& src, const MutableImageView& dst, const RotateTable& t,
                     const uint8_t background[4], int32_t row_begin, int32_t row_end) {
  switch (src.channels()) {
    case 1:
      return WarpRows<1>(src, dst, t, background, row_begin, row_end);
    case 2:
      return WarpRows<2>(src, dst, t, background, row_begin, row_end);
    case 3:
      return WarpRows<3>(src, dst, t, background, row_begin, row_end);
    default:
      return WarpRows<4>(src, dst, t, background, row_begin, row_end);
  }
}

}  // namespace ossimg::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ossimg::kernels {

HWY_EXPORT(RotateArbitrary);

void RotateArbitrary(const ImageView& src, const MutableImageView& dst, const RotateTable& t,
                     const uint8_t background[4], int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || dst.width == 0) return;
  if (src.format != dst.format || src.data == nullptr || dst.data == nullptr || row_begin < 0 ||
      row_end > dst.height || src.width != t.src_width || src.height != t.src_height ||
      dst.width != t.dst_width || dst.height != t.dst_height || src.stride <= 0) {
    std::abort();  // a bug in the caller, see kernels.h
  }
  // The SIMD kernel addresses the source with int32 byte offsets; beyond 2 GiB only the scalar
  // twin (int64 addressing, same pixels) can run.
  const bool fits =
      static_cast<int64_t>(src.stride) * src.height < std::numeric_limits<int32_t>::max() - 64;
  if (ForceScalar() || !fits) {
    return reference::RotateArbitrary(src, dst, t, background, row_begin, row_end);
  }
  HWY_DYNAMIC_DISPATCH(RotateArbitrary)(src, dst, t, background, row_begin, row_end);
}

}  // namespace ossimg::kernels
#endif  // HWY_ONCE
