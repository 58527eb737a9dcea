// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Highway kernels: premultiply and unpremultiply alpha, in place, for GrayA and RGBA.
//
// No deinterleaving: a GrayA pixel is one uint16 lane and an RGBA pixel one uint32 lane, so the
// colour channels are shifts and masks of the lane and alpha stays where it is.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/kernels/alpha.cc"
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>         // after foreach_target.h, which re-includes this file

#include "src/kernels/kernels.h"
#include "src/kernels/reference/reference.h"

HWY_BEFORE_NAMESPACE();
namespace ossimg::kernels::HWY_NAMESPACE {
namespace {

namespace hn = hwy::HWY_NAMESPACE;

// round(c * a / 255) for lanes holding c, a <= 255: x = c a + 128; (x + (x >> 8)) >> 8. Fits in
// 16 bits (max 65407), so it works in uint16 and uint32 lanes alike.
template <class V>
HWY_INLINE V PremulLane(V c, V a, V k128) {
  const V x = hn::Add(hn::Mul(c, a), k128);
  return hn::ShiftRight<8>(hn::Add(x, hn::ShiftRight<8>(x)));
}

// RGBA: lanes are whole pixels (R in the low byte).
template <class D>
HWY_INLINE void PremulRGBA(D d, uint8_t* HWY_RESTRICT p) {
  using T = hn::TFromD<D>;
  T* px_ptr = reinterpret_cast<T*>(p);
  const auto px = hn::LoadU(d, px_ptr);
  const auto mask = hn::Set(d, 0xFF);
  const auto k128 = hn::Set(d, 128);
  const auto a = hn::ShiftRight<24>(px);
  const auto r = PremulLane(hn::And(px, mask), a, k128);
  const auto g = PremulLane(hn::And(hn::ShiftRight<8>(px), mask), a, k128);
  const auto b = PremulLane(hn::And(hn::ShiftRight<16>(px), mask), a, k128);
  const auto out =
      hn::Or(hn::Or(r, hn::ShiftLeft<8>(g)), hn::Or(hn::ShiftLeft<16>(b), hn::ShiftLeft<24>(a)));
  hn::StoreU(out, d, px_ptr);
}

template <class D>
HWY_INLINE void PremulGrayA(D d, uint8_t* HWY_RESTRICT p) {
  using T = hn::TFromD<D>;
  T* px_ptr = reinterpret_cast<T*>(p);
  const auto px = hn::LoadU(d, px_ptr);
  const auto a = hn::ShiftRight<8>(px);
  const auto g = PremulLane(hn::And(px, hn::Set(d, 0xFF)), a, hn::Set(d, 128));
  hn::StoreU(hn::Or(g, hn::ShiftLeft<8>(a)), d, px_ptr);
}

// min(255, (510 c + a) div (2 a)), 0 where a == 0, for int32 lanes. The float division is exact
// in the sense of DivRound in resample.cc: operands are integers < 2^24 and the quotient's
// rounding error is below the distance to the next integer.
template <class D, class V>
HWY_INLINE V UnpremulLane(D d, V c, V a) {
  const hn::Rebind<float, D> df;
  const V num = hn::Add(hn::Mul(c, hn::Set(d, 510)), a);
  const V den = hn::Max(hn::Add(a, a), hn::Set(d, 1));  // avoids 0/0; masked out below
  const V q = hn::ConvertTo(d, hn::Div(hn::ConvertTo(df, num), hn::ConvertTo(df, den)));
  return hn::IfThenZeroElse(hn::Eq(a, hn::Zero(d)), hn::Min(q, hn::Set(d, 255)));
}

template <class D>
HWY_INLINE void UnpremulRGBA(D d, uint8_t* HWY_RESTRICT p) {
  // int32 lanes: arithmetic shifts of the top byte are masked, so the sign does not matter.
  int32_t* px_ptr = reinterpret_cast<int32_t*>(p);
  const auto px = hn::LoadU(d, px_ptr);
  const auto mask = hn::Set(d, 0xFF);
  const auto a = hn::And(hn::ShiftRight<24>(px), mask);
  const auto r = UnpremulLane(d, hn::And(px, mask), a);
  const auto g = UnpremulLane(d, hn::And(hn::ShiftRight<8>(px), mask), a);
  const auto b = UnpremulLane(d, hn::And(hn::ShiftRight<16>(px), mask), a);
  const auto out =
      hn::Or(hn::Or(r, hn::ShiftLeft<8>(g)), hn::Or(hn::ShiftLeft<16>(b), hn::ShiftLeft<24>(a)));
  hn::StoreU(out, d, px_ptr);
}

template <class D>
HWY_INLINE void UnpremulGrayA(D d, uint8_t* HWY_RESTRICT p) {
  const hn::Rebind<uint16_t, D> d16;
  uint16_t* px_ptr = reinterpret_cast<uint16_t*>(p);
  const auto px = hn::PromoteTo(d, hn::LoadU(d16, px_ptr));
  const auto a = hn::ShiftRight<8>(px);
  const auto g = UnpremulLane(d, hn::And(px, hn::Set(d, 0xFF)), a);
  hn::StoreU(hn::DemoteTo(d16, hn::Or(g, hn::ShiftLeft<8>(a))), d16, px_ptr);
}

// Runs `block(d, pixel_ptr)` over a row of `width` pixels of `bytes_per_pixel` bytes: full
// vectors, then one pixel at a time (never writing past the row).
template <class D, class Block>
HWY_INLINE void ForRow(D d, uint8_t* row, int32_t width, Block block) {
  const hn::CappedTag<hn::TFromD<D>, 1> d1;
  constexpr size_t kBytes = sizeof(hn::TFromD<D>);
  const int32_t n = static_cast<int32_t>(hn::Lanes(d));
  int32_t x = 0;
  for (; x + n <= width; x += n) block(d, row + static_cast<size_t>(x) * kBytes);
  for (; x < width; ++x) block(d1, row + static_cast<size_t>(x) * kBytes);
}

}  // namespace

void Premultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end) {
  for (int32_t y = row_begin; y < row_end; ++y) {
    if (img.channels() == 4) {
      ForRow(hn::ScalableTag<uint32_t>(), img.Row(y), img.width,
             [](auto d, uint8_t* p) { PremulRGBA(d, p); });
    } else {
      ForRow(hn::ScalableTag<uint16_t>(), img.Row(y), img.width,
             [](auto d, uint8_t* p) { PremulGrayA(d, p); });
    }
  }
}

void Unpremultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end) {
  for (int32_t y = row_begin; y < row_end; ++y) {
    if (img.channels() == 4) {
      ForRow(hn::ScalableTag<int32_t>(), img.Row(y), img.width,
             [](auto d, uint8_t* p) { UnpremulRGBA(d, p); });
    } else {
      // int32 lanes each holding one GrayA pixel: the loop steps 2 bytes per lane.
      const hn::ScalableTag<int32_t> d;
      const hn::CappedTag<int32_t, 1> d1;
      const int32_t n = static_cast<int32_t>(hn::Lanes(d));
      uint8_t* row = img.Row(y);
      int32_t x = 0;
      for (; x + n <= img.width; x += n) UnpremulGrayA(d, row + 2 * static_cast<size_t>(x));
      for (; x < img.width; ++x) UnpremulGrayA(d1, row + 2 * static_cast<size_t>(x));
    }
  }
}

}  // namespace ossimg::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ossimg::kernels {

HWY_EXPORT(Premultiply);
HWY_EXPORT(Unpremultiply);

namespace {
void CheckAlphaImage(const MutableImageView& img, int32_t row_begin, int32_t row_end) {
  if (!HasAlpha(img.format) || img.data == nullptr || row_begin < 0 || row_end > img.height) {
    std::abort();  // a bug in the caller, see kernels.h
  }
}
}  // namespace

void Premultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || img.width == 0) return;
  CheckAlphaImage(img, row_begin, row_end);
  if (ForceScalar()) return reference::Premultiply(img, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(Premultiply)(img, row_begin, row_end);
}

void Unpremultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || img.width == 0) return;
  CheckAlphaImage(img, row_begin, row_end);
  if (ForceScalar()) return reference::Unpremultiply(img, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(Unpremultiply)(img, row_begin, row_end);
}

}  // namespace ossimg::kernels
#endif  // HWY_ONCE
