// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Scalar twins of src/kernels/resample.cc and src/kernels/alpha.cc.

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "src/kernels/reference/reference.h"

namespace ossimg::kernels::reference {

void ReduceH(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end) {
  if (dst.width == 0) return;
  const int c_count = src.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* in = src.Row(y);
    uint8_t* out = dst.Row(y);
    for (int32_t o = 0; o < t.out_size; ++o) {
      const int32_t start = t.start[static_cast<size_t>(o)];
      for (int c = 0; c < c_count; ++c) {
        int32_t acc = 0;
        for (int32_t k = 0; k < t.taps; ++k) {
          acc += t.Weight(o, k) * in[static_cast<ptrdiff_t>(start + k) * c_count + c];
        }
        out[static_cast<ptrdiff_t>(o) * c_count + c] = RoundWeighted(acc);
      }
    }
  }
}

void ReduceV(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end) {
  if (dst.width == 0) return;
  const ptrdiff_t bytes = static_cast<ptrdiff_t>(dst.width) * dst.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const int32_t start = t.start[static_cast<size_t>(y)];
    uint8_t* out = dst.Row(y);
    for (ptrdiff_t x = 0; x < bytes; ++x) {
      int32_t acc = 0;
      for (int32_t k = 0; k < t.taps; ++k) acc += t.Weight(y, k) * src.Row(start + k)[x];
      out[x] = RoundWeighted(acc);
    }
  }
}

void ShrinkH(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end) {
  if (dst.width == 0) return;
  const int c_count = src.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const uint8_t* in = src.Row(y);
    uint8_t* out = dst.Row(y);
    for (int32_t o = 0; o < dst.width; ++o) {
      const int32_t first = o * factor;
      const int32_t n = std::min(factor, src.width - first);
      for (int c = 0; c < c_count; ++c) {
        int32_t sum = 0;
        for (int32_t i = 0; i < n; ++i) sum += in[static_cast<ptrdiff_t>(first + i) * c_count + c];
        out[static_cast<ptrdiff_t>(o) * c_count + c] = RoundMean(sum, n);
      }
    }
  }
}

void ShrinkV(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end) {
  if (dst.width == 0) return;
  const ptrdiff_t bytes = static_cast<ptrdiff_t>(dst.width) * dst.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    const int32_t first = y * factor;
    const int32_t n = std::min(factor, src.height - first);
    uint8_t* out = dst.Row(y);
    for (ptrdiff_t x = 0; x < bytes; ++x) {
      int32_t sum = 0;
      for (int32_t i = 0; i < n; ++i) sum += src.Row(first + i)[x];
      out[x] = RoundMean(sum, n);
    }
  }
}

void Premultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end) {
  if (img.width == 0) return;
  const int c_count = img.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    uint8_t* p = img.Row(y);
    for (int32_t x = 0; x < img.width; ++x, p += c_count) {
      const uint32_t a = p[c_count - 1];
      for (int c = 0; c < c_count - 1; ++c) p[c] = PremultiplyOne(p[c], a);
    }
  }
}

void Unpremultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end) {
  if (img.width == 0) return;
  const int c_count = img.channels();
  for (int32_t y = row_begin; y < row_end; ++y) {
    uint8_t* p = img.Row(y);
    for (int32_t x = 0; x < img.width; ++x, p += c_count) {
      const uint32_t a = p[c_count - 1];
      for (int c = 0; c < c_count - 1; ++c) p[c] = UnpremultiplyOne(p[c], a);
    }
  }
}

}  // namespace ossimg::kernels::reference
