// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Per-target helpers shared by the kernel TUs: whole pixels in int32 lanes. A gathered 32-bit
// word holds one pixel of up to 4 channels (little-endian: channel 0 in the low byte); kernels
// split it with Channel<c>, compute per channel in int32, and StorePixels<C> clamps to bytes and
// writes C interleaved channels. Included once per target (toggling guard, as skeleton-inl.h).

#if defined(OSSIMG_SRC_KERNELS_PIXELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef OSSIMG_SRC_KERNELS_PIXELS_INL_H_
#undef OSSIMG_SRC_KERNELS_PIXELS_INL_H_
#else
#define OSSIMG_SRC_KERNELS_PIXELS_INL_H_
#endif

#include <cstdint>

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace ossimg::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Byte offset of pixel index `v` for C channels.
template <int C, class V>
HWY_INLINE V PixelToByte(V v) {
  if constexpr (C == 1) {
    return v;
  } else if constexpr (C == 2) {
    return hn::ShiftLeft<1>(v);
  } else if constexpr (C == 3) {
    return hn::Add(hn::ShiftLeft<1>(v), v);
  } else {
    return hn::ShiftLeft<2>(v);
  }
}

// Channel c of gathered little-endian pixels.
template <int c, class D, class V>
HWY_INLINE V Channel(D d, V px) {
  if constexpr (c == 0) {
    return hn::And(px, hn::Set(d, 0xFF));
  } else {
    return hn::And(hn::ShiftRight<8 * c>(px), hn::Set(d, 0xFF));
  }
}

// Clamps int32 lanes to bytes (DemoteTo saturates) and stores C interleaved channels.
template <int C, class D, class V>
HWY_INLINE void StorePixels(D d, V v0, V v1, V v2, V v3, uint8_t* HWY_RESTRICT out) {
  const hn::Rebind<uint8_t, D> du8;
  (void)d;
  if constexpr (C == 1) {
    hn::StoreU(hn::DemoteTo(du8, v0), du8, out);
  } else if constexpr (C == 2) {
    hn::StoreInterleaved2(hn::DemoteTo(du8, v0), hn::DemoteTo(du8, v1), du8, out);
  } else if constexpr (C == 3) {
    hn::StoreInterleaved3(hn::DemoteTo(du8, v0), hn::DemoteTo(du8, v1), hn::DemoteTo(du8, v2), du8,
                          out);
  } else {
    hn::StoreInterleaved4(hn::DemoteTo(du8, v0), hn::DemoteTo(du8, v1), hn::DemoteTo(du8, v2),
                          hn::DemoteTo(du8, v3), du8, out);
  }
}

}  // namespace ossimg::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // OSSIMG_SRC_KERNELS_PIXELS_INL_H_
