// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "codecs/jpeg_quality.h"

#include <cstdlib>

namespace ossimg::codecs {
namespace {

// The IJG (libjpeg) standard luminance table, Annex K of the JPEG standard.
constexpr int kStdLuminance[64] = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

// The sum of the table libjpeg's jpeg_set_quality(quality, force_baseline=TRUE)
// writes.
long ScaledSum(int quality) {
  const int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  long sum = 0;
  for (int v : kStdLuminance) {
    long q = (static_cast<long>(v) * scale + 50) / 100;
    if (q < 1) q = 1;
    if (q > 255) q = 255;
    sum += q;
  }
  return sum;
}

}  // namespace

int EstimateJpegQuality(const uint8_t* data, size_t size) {
  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) return 0;
  size_t pos = 2;
  // Walk the marker segments up to the first scan; the sum of the 64 entries
  // does not depend on the zigzag order, so the table is compared without
  // reordering.
  while (pos + 4 <= size) {
    if (data[pos] != 0xFF) return 0;
    const uint8_t marker = data[pos + 1];
    if (marker == 0xFF) {
      ++pos;  // fill byte
      continue;
    }
    if (marker == 0xDA || marker == 0xD9)
      return 0;  // scan or end before any DQT
    const size_t len =
        (static_cast<size_t>(data[pos + 2]) << 8) | data[pos + 3];
    if (len < 2 || pos + 2 + len > size) return 0;
    if (marker == 0xDB) {
      size_t p = pos + 4;
      const size_t end = pos + 2 + len;
      while (p < end) {
        const int precision = data[p] >> 4;
        const int id = data[p] & 15;
        const size_t n = precision ? 128 : 64;
        if (p + 1 + n > end) return 0;
        if (id == 0) {
          long sum = 0;
          for (size_t i = 0; i < 64; ++i) {
            sum += precision ? (data[p + 1 + 2 * i] << 8) | data[p + 2 + 2 * i]
                             : data[p + 1 + i];
          }
          int best = 0;
          long best_diff = -1;
          for (int q = 1; q <= 100; ++q) {
            const long d = std::labs(ScaledSum(q) - sum);
            if (best_diff < 0 || d < best_diff) {
              best_diff = d;
              best = q;
            }
          }
          return best;
        }
        p += 1 + n;
      }
    }
    pos += 2 + len;
  }
  return 0;
}

}  // namespace ossimg::codecs
