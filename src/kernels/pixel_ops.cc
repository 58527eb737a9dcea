// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Highway kernels for point operations: per-channel LUTs (bright, contrast), the unsharp-mask
// combination (sharpen), alpha masks (circle, rounded corners), column sums (average-hue) and
// format conversions. Byte-wise kernels work on int32 lanes holding one byte each; when the
// channel of a byte matters they load a per-lane channel pattern starting at x % channels (the
// pattern table repeats the channel sequence, so any start is one unaligned load).

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/kernels/pixel_ops.cc"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>         // after foreach_target.h, which re-includes this file

#include "src/kernels/kernels.h"
#include "src/kernels/pixels-inl.h"
#include "src/kernels/reference/reference.h"

HWY_BEFORE_NAMESPACE();
namespace ossimg::kernels::HWY_NAMESPACE {
namespace {

namespace hn = hwy::HWY_NAMESPACE;

// Max lanes of int32 on any target we compile (AVX3: 16) plus the largest start offset (3).
constexpr int kPatternSize = 64 + 4;

// pattern[j] = scale * value_of_channel(j % channels).
void FillPattern(int32_t* pattern, int channels, const int32_t* per_channel) {
  for (int j = 0; j < kPatternSize; ++j) pattern[j] = per_channel[j % channels];
}

// Runs block(d, x) over [0, count) in full vectors, then one lane at a time.
template <class Block>
HWY_INLINE void ForLanes(int32_t count, Block block) {
  const hn::ScalableTag<int32_t> d;
  const hn::CappedTag<int32_t, 1> d1;
  const int32_t n = static_cast<int32_t>(hn::Lanes(d));
  int32_t x = 0;
  for (; x + n <= count; x += n) block(d, x);
  for (; x < count; ++x) block(d1, x);
}

// round(v * w / 255) for lanes holding bytes (the premultiply formula).
template <class D, class V>
HWY_INLINE V MulDiv255(D d, V v, V w) {
  const V x = hn::Add(hn::Mul(v, w), hn::Set(d, 128));
  return hn::ShiftRight<8>(hn::Add(x, hn::ShiftRight<8>(x)));
}

template <int Ci, int Co, class D>
HWY_INLINE void ConvertBlock(D d, const uint8_t* in, uint8_t* out, int32_t x, const uint8_t* bg) {
  using V = hn::Vec<D>;
  const V px =
      hn::GatherOffset(d, reinterpret_cast<const int32_t*>(in), PixelToByte<Ci>(hn::Iota(d, x)));
  constexpr bool kInColour = Ci >= 3, kOutColour = Co >= 3;
  constexpr bool kInAlpha = Ci == 2 || Ci == 4, kOutAlpha = Co == 2 || Co == 4;
  V r = Channel<0>(d, px);
  V g = kInColour ? Channel<1>(d, px) : r;
  V b = kInColour ? Channel<2>(d, px) : r;
  V a = hn::Set(d, 255);
  if constexpr (kInAlpha) a = Channel<Ci - 1>(d, px);
  if constexpr (kInAlpha && !kOutAlpha) {
    const V inv = hn::Sub(hn::Set(d, 255), a);
    const V k128 = hn::Set(d, 128);
    auto flatten = [&](V c, uint8_t back) {
      const V xx = hn::Add(hn::Add(hn::Mul(c, a), hn::Mul(hn::Set(d, back), inv)), k128);
      return hn::ShiftRight<8>(hn::Add(xx, hn::ShiftRight<8>(xx)));
    };
    r = flatten(r, bg[0]);
    g = flatten(g, bg[1]);
    b = flatten(b, bg[2]);
  }
  V o0 = r, o1 = g, o2 = b;
  if constexpr (!kOutColour) {
    if constexpr (kInColour) {
      o0 = hn::ShiftRight<8>(
          hn::Add(hn::Add(hn::Mul(r, hn::Set(d, 77)), hn::Mul(g, hn::Set(d, 150))),
                  hn::Add(hn::Mul(b, hn::Set(d, 29)), hn::Set(d, 128))));
    }
    o1 = a;  // GrayA: second channel is alpha
  }
  StorePixels<Co>(d, o0, o1, o2, a, out + static_cast<ptrdiff_t>(x) * Co);
}

template <int Ci, int Co>
void ConvertRows(const ImageView& src, const MutableImageView& dst, const uint8_t* bg,
                 int32_t row_begin, int32_t row_end) {
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* in = src.Row(y);
    uint8_t* out = dst.Row(y);
    ForLanes(src.width, [&](auto d, int32_t x) { ConvertBlock<Ci, Co>(d, in, out, x, bg); });
  }
}

template <int Ci>
void ConvertFrom(const ImageView& src, const MutableImageView& dst, const uint8_t* bg,
                 int32_t row_begin, int32_t row_end) {
  switch (dst.channels()) {
    case 1:
      return ConvertRows<Ci, 1>(src, dst, bg, row_begin, row_end);
    case 2:
      return ConvertRows<Ci, 2>(src, dst, bg, row_begin, row_end);
    case 3:
      return ConvertRows<Ci, 3>(src, dst, bg, row_begin, row_end);
    default:
      return ConvertRows<Ci, 4>(src, dst, bg, row_begin, row_end);
  }
}

}  // namespace

void ApplyLut(const MutableImageView& img, const uint8_t* lut, int32_t row_begin, int32_t row_end) {
  const int c_count = img.channels();
  std::vector<int32_t> lut32(static_cast<size_t>(c_count) * 256);
  for (size_t i = 0; i < lut32.size(); ++i) lut32[i] = lut[i];
  int32_t offsets[4] = {0, 256, 512, 768};
  int32_t pattern[kPatternSize];
  FillPattern(pattern, c_count, offsets);
  const int32_t bytes = img.width * c_count;
  for (int32_t y = row_begin; y < row_end; ++y) {
    uint8_t* p = img.Row(y);
    ForLanes(bytes, [&](auto d, int32_t x) {
      const hn::Rebind<uint8_t, decltype(d)> du8;
      const auto idx =
          hn::Add(hn::PromoteTo(d, hn::LoadU(du8, p + x)), hn::LoadU(d, pattern + x % c_count));
      hn::StoreU(hn::DemoteTo(du8, hn::GatherIndex(d, lut32.data(), idx)), du8, p + x);
    });
  }
}

void UnsharpCombine(const ImageView& src, const ImageView& blurred, const MutableImageView& dst,
                    const int32_t amount_q8[4], int32_t row_begin, int32_t row_end) {
  const int c_count = src.channels();
  int32_t pattern[kPatternSize];
  FillPattern(pattern, c_count, amount_q8);
  const int32_t bytes = src.width * c_count;
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* s = src.Row(y);
    const uint8_t* b = blurred.Row(y);
    uint8_t* o = dst.Row(y);
    ForLanes(bytes, [&](auto d, int32_t x) {
      const hn::Rebind<uint8_t, decltype(d)> du8;
      const auto vs = hn::PromoteTo(d, hn::LoadU(du8, s + x));
      const auto diff = hn::Sub(vs, hn::PromoteTo(d, hn::LoadU(du8, b + x)));
      const auto amt = hn::LoadU(d, pattern + x % c_count);
      const auto v = hn::Add(vs, hn::ShiftRight<8>(hn::Mul(diff, amt)));
      hn::StoreU(hn::DemoteTo(du8, v), du8, o + x);
    });
  }
}

void ApplyMask(const MutableImageView& img, const MaskShape& shape, int32_t row_begin,
               int32_t row_end) {
  const int c_count = img.channels();
  std::vector<uint8_t> cov(static_cast<size_t>(img.width) + 64);
  for (int32_t y = row_begin; y < row_end; ++y) {
    MaskCoverageRow(shape, y, img.width, cov.data());
    uint8_t* p = img.Row(y);
    if (c_count == 4) {
      ForLanes(img.width, [&](auto d, int32_t x) {
        const hn::Rebind<uint8_t, decltype(d)> du8;
        int32_t* px_ptr = reinterpret_cast<int32_t*>(p + 4 * static_cast<size_t>(x));
        const auto px = hn::LoadU(d, px_ptr);
        const auto a = hn::And(hn::ShiftRight<24>(px), hn::Set(d, 0xFF));
        const auto na = MulDiv255(d, a, hn::PromoteTo(d, hn::LoadU(du8, cov.data() + x)));
        hn::StoreU(hn::Or(hn::And(px, hn::Set(d, 0xFFFFFF)), hn::ShiftLeft<24>(na)), d, px_ptr);
      });
    } else {
      ForLanes(img.width, [&](auto d, int32_t x) {
        const hn::Rebind<uint8_t, decltype(d)> du8;
        const hn::Rebind<uint16_t, decltype(d)> d16;
        uint16_t* px_ptr = reinterpret_cast<uint16_t*>(p + 2 * static_cast<size_t>(x));
        const auto px = hn::PromoteTo(d, hn::LoadU(d16, px_ptr));
        const auto na =
            MulDiv255(d, hn::ShiftRight<8>(px), hn::PromoteTo(d, hn::LoadU(du8, cov.data() + x)));
        const auto out = hn::Or(hn::And(px, hn::Set(d, 0xFF)), hn::ShiftLeft<8>(na));
        hn::StoreU(hn::DemoteTo(d16, out), d16, px_ptr);
      });
    }
  }
}

void AccumulateColumns(const ImageView& img, uint32_t* sums, int32_t row_begin, int32_t row_end) {
  const int32_t bytes = img.width * img.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* p = img.Row(y);
    ForLanes(bytes, [&](auto d, int32_t x) {
      const hn::RebindToUnsigned<decltype(d)> du;
      const hn::Rebind<uint8_t, decltype(d)> du8;
      hn::StoreU(hn::Add(hn::LoadU(du, sums + x), hn::PromoteTo(du, hn::LoadU(du8, p + x))), du,
                 sums + x);
    });
  }
}

void ConvertFormat(const ImageView& src, const MutableImageView& dst, const uint8_t background[3],
                   int32_t row_begin, int32_t row_end) {
  switch (src.channels()) {
    case 1:
      return ConvertFrom<1>(src, dst, background, row_begin, row_end);
    case 2:
      return ConvertFrom<2>(src, dst, background, row_begin, row_end);
    case 3:
      return ConvertFrom<3>(src, dst, background, row_begin, row_end);
    default:
      return ConvertFrom<4>(src, dst, background, row_begin, row_end);
  }
}

}  // namespace ossimg::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ossimg::kernels {

HWY_EXPORT(ApplyLut);
HWY_EXPORT(UnsharpCombine);
HWY_EXPORT(ApplyMask);
HWY_EXPORT(AccumulateColumns);
HWY_EXPORT(ConvertFormat);

namespace {
void Check(bool ok) {
  if (!ok) std::abort();  // a bug in the caller, see kernels.h
}
bool Rows(int32_t height, int32_t row_begin, int32_t row_end) {
  return 0 <= row_begin && row_end <= height;
}
}  // namespace

void ApplyLut(const MutableImageView& img, const uint8_t* lut, int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || img.width == 0) return;
  Check(img.data != nullptr && lut != nullptr && Rows(img.height, row_begin, row_end));
  if (ForceScalar()) return reference::ApplyLut(img, lut, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(ApplyLut)(img, lut, row_begin, row_end);
}

void UnsharpCombine(const ImageView& src, const ImageView& blurred, const MutableImageView& dst,
                    const int32_t amount_q8[4], int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || dst.width == 0) return;
  Check(src.format == dst.format && blurred.format == dst.format && src.width == dst.width &&
        blurred.width == dst.width && src.height == dst.height && blurred.height == dst.height &&
        Rows(dst.height, row_begin, row_end));
  for (int c = 0; c < 4; ++c) Check(amount_q8[c] >= -4096 && amount_q8[c] <= 4096);
  if (ForceScalar())
    return reference::UnsharpCombine(src, blurred, dst, amount_q8, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(UnsharpCombine)(src, blurred, dst, amount_q8, row_begin, row_end);
}

void ApplyMask(const MutableImageView& img, const MaskShape& shape, int32_t row_begin,
               int32_t row_end) {
  if (row_begin >= row_end || img.width == 0) return;
  Check(HasAlpha(img.format) && img.data != nullptr && Rows(img.height, row_begin, row_end));
  if (ForceScalar()) return reference::ApplyMask(img, shape, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(ApplyMask)(img, shape, row_begin, row_end);
}

void AccumulateColumns(const ImageView& img, uint32_t* sums, int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || img.width == 0) return;
  Check(img.data != nullptr && sums != nullptr && Rows(img.height, row_begin, row_end) &&
        row_end - row_begin < (1 << 24));
  if (ForceScalar()) return reference::AccumulateColumns(img, sums, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(AccumulateColumns)(img, sums, row_begin, row_end);
}

void ConvertFormat(const ImageView& src, const MutableImageView& dst, const uint8_t background[3],
                   int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || dst.width == 0) return;
  Check(src.data != nullptr && dst.data != nullptr && src.width == dst.width &&
        src.height == dst.height && Rows(dst.height, row_begin, row_end));
  if (ForceScalar()) return reference::ConvertFormat(src, dst, background, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(ConvertFormat)(src, dst, background, row_begin, row_end);
}

}  // namespace ossimg::kernels
#endif  // HWY_ONCE
