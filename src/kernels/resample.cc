// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Highway kernels of the resampler: separable fixed-point reduce (H and V) and integer box
// shrink (H and V), u8 with 1-4 interleaved channels. One foreach_target TU: this file is
// compiled once per Highway target (SSSE3 is disabled for the library, see CMakeLists.txt).
//
// Horizontal passes vectorise across *output pixels*: lane i handles output o + i, gathers the
// 4 bytes at its input pixel for each tap (GatherOffset with byte offsets; the 64-byte row
// padding keeps the 4-byte read of the last pixel in bounds), splits the channels with shifts
// and masks, and accumulates weight * sample in int32. Because every lane carries a whole pixel,
// one code path serves 1, 2, 3 and 4 channels, and outputs are written back with
// StoreInterleavedN. Vertical passes vectorise across bytes of a row: every byte of output row y
// uses the same taps, so they are plain multiply-accumulates of promoted rows.
//
// The integer arithmetic is exactly that of src/kernels/reference/resample.cc; the divisions of
// the box shrink run in float, which is exact here (see DivRound).

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/kernels/resample.cc"
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>         // after foreach_target.h, which re-includes this file

#include "src/kernels/kernels.h"
#include "src/kernels/pixels-inl.h"
#include "src/kernels/reference/reference.h"

// Re-evaluated for every target pass of foreach_target: the pmaddwd path exists on x86 SIMD
// targets only; SCALAR/EMU128 use the int32 path.
#undef OSSIMG_REDUCE_MADD
#if HWY_ARCH_X86 && HWY_TARGET != HWY_SCALAR && HWY_TARGET != HWY_EMU128
#define OSSIMG_REDUCE_MADD 1
#endif

HWY_BEFORE_NAMESPACE();
namespace ossimg::kernels::HWY_NAMESPACE {
namespace {

namespace hn = hwy::HWY_NAMESPACE;

// floor((sum + n/2) / n) == (2 sum + n) div (2 n) for int32 lanes, without a division: both
// operands are integers below 2^24 (sum <= 255 * 32767), so they convert to float exactly, and
// num * (1/den) rounded twice has a relative error below 2^-23, i.e. an absolute error below
// 2^24 / den * 2^-23 <= 1. The truncated estimate is therefore off by at most one either way, and
// one integer remainder check makes it exact: the same integer the twin's division gives.
template <class D, class V>
HWY_INLINE V DivRound(D d, V sum, int32_t n) {
  const hn::Rebind<float, D> df;
  const int32_t den = 2 * n;
  const V num = hn::Add(hn::Add(sum, sum), hn::Set(d, n));
  V q = hn::ConvertTo(d, hn::Mul(hn::ConvertTo(df, num), hn::Set(df, 1.0f / den)));
  const V vden = hn::Set(d, den);
  const V r = hn::Sub(num, hn::Mul(q, vden));
  q = hn::Add(q, hn::VecFromMask(d, hn::Gt(hn::Zero(d), r)));                   // r < 0: q - 1
  q = hn::Sub(q, hn::VecFromMask(d, hn::Gt(r, hn::Sub(vden, hn::Set(d, 1)))));  // r >= den: q + 1
  return q;
}

// ---------------------------------------------------------------------------------- ReduceH

// Outputs [o, o + Lanes(d)) of one row.
template <int C, class D>
HWY_INLINE void ReduceHBlock(D d, const uint8_t* HWY_RESTRICT in, uint8_t* HWY_RESTRICT out,
                             const ResampleTable& t, int32_t o) {
  using V = hn::Vec<D>;
  const int32_t* base = reinterpret_cast<const int32_t*>(in);
  V offsets = PixelToByte<C>(hn::LoadU(d, t.start.data() + o));
  const V step = hn::Set(d, C);
  const V bias = hn::Set(d, 1 << (kWeightBits - 1));
  V acc0 = bias, acc1 = bias, acc2 = bias, acc3 = bias;
  const int32_t* w = t.weights.data() + o;
  for (int32_t k = 0; k < t.taps; ++k, w += t.out_padded) {
    const V px = hn::GatherOffset(d, base, offsets);
    offsets = hn::Add(offsets, step);
    const V wk = hn::LoadU(d, w);
    acc0 = hn::Add(acc0, hn::Mul(Channel<0>(d, px), wk));
    if constexpr (C >= 2) acc1 = hn::Add(acc1, hn::Mul(Channel<1>(d, px), wk));
    if constexpr (C >= 3) acc2 = hn::Add(acc2, hn::Mul(Channel<2>(d, px), wk));
    if constexpr (C >= 4) acc3 = hn::Add(acc3, hn::Mul(Channel<3>(d, px), wk));
  }
  StorePixels<C>(d, hn::ShiftRight<kWeightBits>(acc0), hn::ShiftRight<kWeightBits>(acc1),
                 hn::ShiftRight<kWeightBits>(acc2), hn::ShiftRight<kWeightBits>(acc3),
                 out + static_cast<ptrdiff_t>(o) * C);
}

// Forward declarations: the convolution path of ReduceH reuses the vertical blocks.
#ifdef OSSIMG_REDUCE_MADD
HWY_INLINE void ReduceVBlockMadd(const uint8_t* HWY_RESTRICT first_row, ptrdiff_t stride,
                                 const int32_t* HWY_RESTRICT w, int32_t w_step, int32_t taps,
                                 uint8_t* HWY_RESTRICT out);
#endif
template <class D>
HWY_INLINE void ReduceVBlock(D d, const uint8_t* HWY_RESTRICT first_row, ptrdiff_t stride,
                             const int32_t* HWY_RESTRICT w, int32_t w_step, int32_t taps,
                             uint8_t* HWY_RESTRICT out);
template <class D>
HWY_INLINE void ReduceVBlock2(D d, const uint8_t* HWY_RESTRICT first_row, ptrdiff_t stride,
                              const int32_t* HWY_RESTRICT w, int32_t w_step, int32_t taps,
                              uint8_t* HWY_RESTRICT out);

// Outputs [o_begin, o_end) of one row by gathering pixels.
template <int C>
HWY_INLINE void ReduceHGather(const uint8_t* HWY_RESTRICT in, uint8_t* HWY_RESTRICT out,
                              const ResampleTable& t, int32_t o_begin, int32_t o_end) {
  const hn::ScalableTag<int32_t> d;
  const hn::CappedTag<int32_t, 1> d1;
  const int32_t n = static_cast<int32_t>(hn::Lanes(d));
  int32_t o = o_begin;
  for (; o + n <= o_end; o += n) ReduceHBlock<C>(d, in, out, t, o);
  for (; o < o_end; ++o) ReduceHBlock<C>(d1, in, out, t, o);
}

// Outputs [t.conv_begin, t.conv_end) of one row, byte-wise: output byte x is
// sum_k w_k in[x + (conv_offset + k) C], i.e. ReduceV over "rows" C bytes apart.
template <int C>
HWY_INLINE void ReduceHConvolution(const uint8_t* HWY_RESTRICT in, uint8_t* HWY_RESTRICT out,
                                   const ResampleTable& t) {
  const hn::ScalableTag<int32_t> d;
  const hn::CappedTag<int32_t, 1> d1;
  const ptrdiff_t n = static_cast<ptrdiff_t>(hn::Lanes(d));
  const ptrdiff_t end = static_cast<ptrdiff_t>(t.conv_end) * C;
  const uint8_t* first = in + static_cast<ptrdiff_t>(t.conv_offset) * C;
  const int32_t* w = t.weights.data() + t.conv_begin;
  ptrdiff_t x = static_cast<ptrdiff_t>(t.conv_begin) * C;
#ifdef OSSIMG_REDUCE_MADD
  const ptrdiff_t n16 = static_cast<ptrdiff_t>(hn::Lanes(hn::ScalableTag<int16_t>()));
  for (; x + n16 <= end; x += n16) {
    ReduceVBlockMadd(first + x, C, w, t.out_padded, t.taps, out + x);
  }
#endif
  for (; x + 2 * n <= end; x += 2 * n) {
    ReduceVBlock2(d, first + x, C, w, t.out_padded, t.taps, out + x);
  }
  for (; x + n <= end; x += n) ReduceVBlock(d, first + x, C, w, t.out_padded, t.taps, out + x);
  for (; x < end; ++x) ReduceVBlock(d1, first + x, C, w, t.out_padded, t.taps, out + x);
}

template <int C>
void ReduceHRows(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
                 int32_t row_begin, int32_t row_end) {
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* in = src.Row(y);
    uint8_t* out = dst.Row(y);
    if (t.conv_end > t.conv_begin) {
      ReduceHGather<C>(in, out, t, 0, t.conv_begin);
      ReduceHConvolution<C>(in, out, t);
      ReduceHGather<C>(in, out, t, t.conv_end, t.out_size);
    } else {
      ReduceHGather<C>(in, out, t, 0, t.out_size);
    }
  }
}

// ---------------------------------------------------------------------------------- ReduceV

template <class D>
HWY_INLINE void ReduceVBlock(D d, const uint8_t* HWY_RESTRICT first_row, ptrdiff_t stride,
                             const int32_t* HWY_RESTRICT w, int32_t w_step, int32_t taps,
                             uint8_t* HWY_RESTRICT out) {
  const hn::Rebind<uint8_t, D> du8;
  auto acc = hn::Set(d, 1 << (kWeightBits - 1));
  const uint8_t* row = first_row;
  for (int32_t k = 0; k < taps; ++k, row += stride, w += w_step) {
    acc = hn::Add(acc, hn::Mul(hn::PromoteTo(d, hn::LoadU(du8, row)), hn::Set(d, *w)));
  }
  hn::StoreU(hn::DemoteTo(du8, hn::ShiftRight<kWeightBits>(acc)), du8, out);
}

// Two vectors per tap: halves the loop overhead and gives the multiplier two independent chains.
template <class D>
HWY_INLINE void ReduceVBlock2(D d, const uint8_t* HWY_RESTRICT first_row, ptrdiff_t stride,
                              const int32_t* HWY_RESTRICT w, int32_t w_step, int32_t taps,
                              uint8_t* HWY_RESTRICT out) {
  const hn::Rebind<uint8_t, D> du8;
  const size_t n = hn::Lanes(d);
  auto acc0 = hn::Set(d, 1 << (kWeightBits - 1));
  auto acc1 = acc0;
  const uint8_t* row = first_row;
  for (int32_t k = 0; k < taps; ++k, row += stride, w += w_step) {
    const auto wk = hn::Set(d, *w);
    acc0 = hn::Add(acc0, hn::Mul(hn::PromoteTo(d, hn::LoadU(du8, row)), wk));
    acc1 = hn::Add(acc1, hn::Mul(hn::PromoteTo(d, hn::LoadU(du8, row + n)), wk));
  }
  hn::StoreU(hn::DemoteTo(du8, hn::ShiftRight<kWeightBits>(acc0)), du8, out);
  hn::StoreU(hn::DemoteTo(du8, hn::ShiftRight<kWeightBits>(acc1)), du8, out + n);
}

#ifdef OSSIMG_REDUCE_MADD
// Two int16 weights in one int32: lo in the low half (unsigned arithmetic: shifting a negative
// int left is undefined in C++17).
HWY_INLINE int32_t PackPair(int32_t lo, int32_t hi) {
  return static_cast<int32_t>((static_cast<uint32_t>(lo) & 0xFFFFu) |
                              (static_cast<uint32_t>(hi) << 16));
}

// Lanes(d16) output bytes, two taps per step with pmaddwd: samples of taps k and k+1 are
// interleaved as int16 pairs and multiplied by the pair (w_k, w_k+1), which sums both products
// into one int32 lane. InterleaveLower/Upper and ReorderDemote2To (packs) both work within
// 128-bit blocks on x86, so their lane orders cancel and the bytes come out in order. Same
// integer sum as the twin, half the multiply uops of the int32 path.
HWY_INLINE void ReduceVBlockMadd(const uint8_t* HWY_RESTRICT first_row, ptrdiff_t stride,
                                 const int32_t* HWY_RESTRICT w, int32_t w_step, int32_t taps,
                                 uint8_t* HWY_RESTRICT out) {
  const hn::ScalableTag<int16_t> d16;
  const hn::RepartitionToWide<decltype(d16)> d32;
  const hn::Rebind<uint8_t, decltype(d16)> du8;
  auto lo = hn::Set(d32, 1 << (kWeightBits - 1));
  auto hi = lo;
  auto unused = hn::Zero(d32);
  const uint8_t* row = first_row;
  int32_t k = 0;
  for (; k + 2 <= taps; k += 2, row += 2 * stride, w += 2 * w_step) {
    const auto p0 = hn::PromoteTo(d16, hn::LoadU(du8, row));
    const auto p1 = hn::PromoteTo(d16, hn::LoadU(du8, row + stride));
    // (w_k, w_k+1) in every pair of int16 lanes (little-endian: w_k in the low half).
    const auto wk = hn::BitCast(d16, hn::Set(d32, PackPair(w[0], w[w_step])));
    lo = hn::ReorderWidenMulAccumulate(d32, hn::InterleaveLower(d16, p0, p1), wk, lo, unused);
    hi = hn::ReorderWidenMulAccumulate(d32, hn::InterleaveUpper(d16, p0, p1), wk, hi, unused);
  }
  if (k < taps) {  // odd tap count: pair the last tap with a zero weight
    const auto p0 = hn::PromoteTo(d16, hn::LoadU(du8, row));
    const auto wk = hn::BitCast(d16, hn::Set(d32, PackPair(w[0], 0)));
    lo = hn::ReorderWidenMulAccumulate(d32, hn::InterleaveLower(d16, p0, p0), wk, lo, unused);
    hi = hn::ReorderWidenMulAccumulate(d32, hn::InterleaveUpper(d16, p0, p0), wk, hi, unused);
  }
  const auto packed =
      hn::ReorderDemote2To(d16, hn::ShiftRight<kWeightBits>(lo), hn::ShiftRight<kWeightBits>(hi));
  hn::StoreU(hn::DemoteTo(du8, packed), du8, out);
}
#endif

void ReduceVRows(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
                 int32_t row_begin, int32_t row_end) {
  const hn::ScalableTag<int32_t> d;
  const hn::CappedTag<int32_t, 1> d1;
  const ptrdiff_t n = static_cast<ptrdiff_t>(hn::Lanes(d));
  const ptrdiff_t bytes = static_cast<ptrdiff_t>(dst.width) * dst.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* first = src.Row(t.start[static_cast<size_t>(y)]);
    const int32_t* w = t.weights.data() + y;
    uint8_t* out = dst.Row(y);
    ptrdiff_t x = 0;
#ifdef OSSIMG_REDUCE_MADD
    const ptrdiff_t n16 = static_cast<ptrdiff_t>(hn::Lanes(hn::ScalableTag<int16_t>()));
    for (; x + n16 <= bytes; x += n16) {
      ReduceVBlockMadd(first + x, src.stride, w, t.out_padded, t.taps, out + x);
    }
#endif
    for (; x + 2 * n <= bytes; x += 2 * n) {
      ReduceVBlock2(d, first + x, src.stride, w, t.out_padded, t.taps, out + x);
    }
    for (; x + n <= bytes; x += n) {
      ReduceVBlock(d, first + x, src.stride, w, t.out_padded, t.taps, out + x);
    }
    for (; x < bytes; ++x)
      ReduceVBlock(d1, first + x, src.stride, w, t.out_padded, t.taps, out + x);
  }
}

// ---------------------------------------------------------------------------------- ShrinkH

// Outputs [o, o + Lanes(d)), each the mean of `count` input pixels starting at o * factor.
template <int C, class D>
HWY_INLINE void ShrinkHBlock(D d, const uint8_t* HWY_RESTRICT in, uint8_t* HWY_RESTRICT out,
                             int32_t o, int32_t factor, int32_t count) {
  using V = hn::Vec<D>;
  const int32_t* base = reinterpret_cast<const int32_t*>(in);
  const hn::RebindToSigned<D> di;
  V offsets = PixelToByte<C>(hn::Mul(hn::Add(hn::Iota(di, 0), hn::Set(d, o)), hn::Set(d, factor)));
  const V step = hn::Set(d, C);
  V s0 = hn::Zero(d), s1 = s0, s2 = s0, s3 = s0;
  for (int32_t i = 0; i < count; ++i) {
    const V px = hn::GatherOffset(d, base, offsets);
    offsets = hn::Add(offsets, step);
    s0 = hn::Add(s0, Channel<0>(d, px));
    if constexpr (C >= 2) s1 = hn::Add(s1, Channel<1>(d, px));
    if constexpr (C >= 3) s2 = hn::Add(s2, Channel<2>(d, px));
    if constexpr (C >= 4) s3 = hn::Add(s3, Channel<3>(d, px));
  }
  StorePixels<C>(d, DivRound(d, s0, count), DivRound(d, s1, count), DivRound(d, s2, count),
                 DivRound(d, s3, count), out + static_cast<ptrdiff_t>(o) * C);
}

template <int C>
void ShrinkHRows(const ImageView& src, const MutableImageView& dst, int32_t factor,
                 int32_t row_begin, int32_t row_end) {
  const hn::ScalableTag<int32_t> d;
  const hn::CappedTag<int32_t, 1> d1;
  const int32_t n = static_cast<int32_t>(hn::Lanes(d));
  // Outputs whose whole box lies inside the row; only the last one can be partial.
  const int32_t full = src.width / factor;
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* in = src.Row(y);
    uint8_t* out = dst.Row(y);
    int32_t o = 0;
    for (; o + n <= full; o += n) ShrinkHBlock<C>(d, in, out, o, factor, factor);
    for (; o < full; ++o) ShrinkHBlock<C>(d1, in, out, o, factor, factor);
    if (o < dst.width) ShrinkHBlock<C>(d1, in, out, o, factor, src.width - o * factor);
  }
}

// ---------------------------------------------------------------------------------- ShrinkV

template <class D>
HWY_INLINE void ShrinkVBlock(D d, const uint8_t* HWY_RESTRICT first_row, ptrdiff_t stride,
                             int32_t count, uint8_t* HWY_RESTRICT out) {
  const hn::Rebind<uint8_t, D> du8;
  auto sum = hn::Zero(d);
  const uint8_t* row = first_row;
  for (int32_t i = 0; i < count; ++i, row += stride) {
    sum = hn::Add(sum, hn::PromoteTo(d, hn::LoadU(du8, row)));
  }
  hn::StoreU(hn::DemoteTo(du8, DivRound(d, sum, count)), du8, out);
}

void ShrinkVRows(const ImageView& src, const MutableImageView& dst, int32_t factor,
                 int32_t row_begin, int32_t row_end) {
  const hn::ScalableTag<int32_t> d;
  const hn::CappedTag<int32_t, 1> d1;
  const ptrdiff_t n = static_cast<ptrdiff_t>(hn::Lanes(d));
  const ptrdiff_t bytes = static_cast<ptrdiff_t>(dst.width) * dst.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const int32_t first = y * factor;
    const int32_t count = std::min(factor, src.height - first);
    const uint8_t* in = src.Row(first);
    uint8_t* out = dst.Row(y);
    ptrdiff_t x = 0;
    for (; x + n <= bytes; x += n) ShrinkVBlock(d, in + x, src.stride, count, out + x);
    for (; x < bytes; ++x) ShrinkVBlock(d1, in + x, src.stride, count, out + x);
  }
}

}  // namespace

// Per-target entry points (exported below). Channel count is resolved here, once per call.
void ReduceH(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end) {
  switch (src.channels()) {
    case 1:
      return ReduceHRows<1>(src, dst, t, row_begin, row_end);
    case 2:
      return ReduceHRows<2>(src, dst, t, row_begin, row_end);
    case 3:
      return ReduceHRows<3>(src, dst, t, row_begin, row_end);
    default:
      return ReduceHRows<4>(src, dst, t, row_begin, row_end);
  }
}

void ReduceV(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end) {
  ReduceVRows(src, dst, t, row_begin, row_end);
}

void ShrinkH(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end) {
  switch (src.channels()) {
    case 1:
      return ShrinkHRows<1>(src, dst, factor, row_begin, row_end);
    case 2:
      return ShrinkHRows<2>(src, dst, factor, row_begin, row_end);
    case 3:
      return ShrinkHRows<3>(src, dst, factor, row_begin, row_end);
    default:
      return ShrinkHRows<4>(src, dst, factor, row_begin, row_end);
  }
}

void ShrinkV(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end) {
  ShrinkVRows(src, dst, factor, row_begin, row_end);
}

int64_t ActiveTarget() { return HWY_TARGET; }

}  // namespace ossimg::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ossimg::kernels {

HWY_EXPORT(ReduceH);
HWY_EXPORT(ReduceV);
HWY_EXPORT(ShrinkH);
HWY_EXPORT(ShrinkV);
HWY_EXPORT(ActiveTarget);

namespace {

// Kernel preconditions. They are guaranteed by the Status-returning callers; a violation is a bug
// in ossimg, and aborting beats reading or writing memory the views do not cover.
void Check(bool ok) {
  if (!ok) std::abort();
}

bool SameFormat(const ImageView& a, const MutableImageView& b) {
  return a.format == b.format && a.data != nullptr && b.data != nullptr;
}

bool ValidRows(const MutableImageView& dst, int32_t row_begin, int32_t row_end) {
  return 0 <= row_begin && row_begin <= row_end && row_end <= dst.height;
}

}  // namespace

int64_t ActiveTarget() { return HWY_DYNAMIC_DISPATCH(ActiveTarget)(); }

bool TargetCompiled(int64_t target) { return (HWY_TARGETS & target) != 0; }

const char* ActiveTargetName() {
  return ForceScalar() ? "reference" : hwy::TargetName(ActiveTarget());
}

void ReduceH(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || dst.width == 0) return;
  Check(SameFormat(src, dst) && ValidRows(dst, row_begin, row_end) && src.width == t.in_size &&
        dst.width == t.out_size && src.height == dst.height);
  if (ForceScalar()) return reference::ReduceH(src, dst, t, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(ReduceH)(src, dst, t, row_begin, row_end);
}

void ReduceV(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end) {
  if (row_begin >= row_end || dst.width == 0) return;
  Check(SameFormat(src, dst) && ValidRows(dst, row_begin, row_end) && src.width == dst.width &&
        src.height == t.in_size && dst.height == t.out_size);
  if (ForceScalar()) return reference::ReduceV(src, dst, t, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(ReduceV)(src, dst, t, row_begin, row_end);
}

void ShrinkH(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end) {
  if (row_begin >= row_end || dst.width == 0) return;
  Check(SameFormat(src, dst) && ValidRows(dst, row_begin, row_end) && factor >= 1 &&
        factor <= kMaxShrinkFactor && dst.width == ShrinkedSize(src.width, factor) &&
        src.height == dst.height);
  if (ForceScalar()) return reference::ShrinkH(src, dst, factor, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(ShrinkH)(src, dst, factor, row_begin, row_end);
}

void ShrinkV(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end) {
  if (row_begin >= row_end || dst.width == 0) return;
  Check(SameFormat(src, dst) && ValidRows(dst, row_begin, row_end) && factor >= 1 &&
        factor <= kMaxShrinkFactor && dst.height == ShrinkedSize(src.height, factor) &&
        src.width == dst.width);
  if (ForceScalar()) return reference::ShrinkV(src, dst, factor, row_begin, row_end);
  HWY_DYNAMIC_DISPATCH(ShrinkV)(src, dst, factor, row_begin, row_end);
}

}  // namespace ossimg::kernels
#endif  // HWY_ONCE
