// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Scalar twins of every SIMD kernel: the definition of what each kernel computes, written for
// clarity (one pixel, one channel at a time). They serve three purposes: the oracle of the
// per-target tests and of fuzz/kernel_fuzzer.cc, the OSSIMG_NO_SIMD / SetForceScalar path, and
// the specification a new SIMD kernel must match bit for bit.
//
// Signatures and preconditions are those of the same-name functions in src/kernels/kernels.h.

#ifndef OSSIMG_SRC_KERNELS_REFERENCE_REFERENCE_H_
#define OSSIMG_SRC_KERNELS_REFERENCE_REFERENCE_H_

#include <cstddef>
#include <cstdint>

#include "ossimg/image.h"

#include "src/kernels/kernels.h"

namespace ossimg::kernels::reference {

// The fixed-point rounding shared by all resample kernels: an accumulator of products with
// kWeightBits-bit weights, rounded half up and clamped to a byte. (`acc >> n` on a negative int32
// is an arithmetic shift with g++ and clang, as C++20 guarantees.)
inline uint8_t RoundWeighted(int32_t acc) {
  const int32_t v = (acc + (1 << (kWeightBits - 1))) >> kWeightBits;
  return static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

// Rounded mean of n samples summing to `sum`: floor(sum / n + 1/2).
inline uint8_t RoundMean(int32_t sum, int32_t n) {
  return static_cast<uint8_t>((2 * sum + n) / (2 * n));
}

// round(c * a / 255) for c, a in [0, 255], without a division.
inline uint8_t PremultiplyOne(uint32_t c, uint32_t a) {
  const uint32_t x = c * a + 128;
  return static_cast<uint8_t>((x + (x >> 8)) >> 8);
}

// min(255, round(c * 255 / a)), and 0 when a == 0.
inline uint8_t UnpremultiplyOne(uint32_t c, uint32_t a) {
  if (a == 0) return 0;
  const uint32_t v = (2 * 255 * c + a) / (2 * a);
  return static_cast<uint8_t>(v > 255 ? 255 : v);
}

// Where destination pixel (x, y) of a right-angle transform comes from:
// origin + x * dx + y * dy, in bytes (dx, dy are +-channels or +-stride).
struct PixelMap {
  const uint8_t* origin;
  ptrdiff_t dx;
  ptrdiff_t dy;
};
PixelMap MapFor(const ImageView& src, RightAngle op);

void RotateRightAngle(const ImageView& src, const MutableImageView& dst, RightAngle op,
                      int32_t row_begin, int32_t row_end);

void RotateArbitrary(const ImageView& src, const MutableImageView& dst, const RotateTable& t,
                     const uint8_t background[4], int32_t row_begin, int32_t row_end);

// Bilinear blend of four samples with 8-bit fractions fx, fy (weights sum to 2^16).
inline uint8_t Bilinear(int32_t p00, int32_t p01, int32_t p10, int32_t p11, int32_t fx,
                        int32_t fy) {
  const int32_t top = p00 * (256 - fx) + p01 * fx;
  const int32_t bottom = p10 * (256 - fx) + p11 * fx;
  return static_cast<uint8_t>((top * (256 - fy) + bottom * fy + 32768) >> 16);
}

void ApplyLut(const MutableImageView& img, const uint8_t* lut, int32_t row_begin, int32_t row_end);
void UnsharpCombine(const ImageView& src, const ImageView& blurred, const MutableImageView& dst,
                    const int32_t amount_q8[4], int32_t row_begin, int32_t row_end);
void ApplyMask(const MutableImageView& img, const MaskShape& shape, int32_t row_begin,
               int32_t row_end);
void AccumulateColumns(const ImageView& img, uint32_t* sums, int32_t row_begin, int32_t row_end);
void ConvertFormat(const ImageView& src, const MutableImageView& dst, const uint8_t background[3],
                   int32_t row_begin, int32_t row_end);

// round(x / 255) for x in [0, 65025], as PremultiplyOne.
inline uint32_t Div255(uint32_t x) {
  x += 128;
  return (x + (x >> 8)) >> 8;
}
inline uint8_t GrayOf(uint32_t r, uint32_t g, uint32_t b) {
  return static_cast<uint8_t>((77 * r + 150 * g + 29 * b + 128) >> 8);
}

void ReduceH(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end);
void ReduceV(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end);
void ShrinkH(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end);
void ShrinkV(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end);
void Premultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end);
void Unpremultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end);

}  // namespace ossimg::kernels::reference

#endif  // OSSIMG_SRC_KERNELS_REFERENCE_REFERENCE_H_
