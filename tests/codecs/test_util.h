// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the codec tests: fixture loading, PNM goldens, synthetic images.

#ifndef OSSIMG_TESTS_CODECS_TEST_UTIL_H_
#define OSSIMG_TESTS_CODECS_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ossimg/codec.h"
#include "ossimg/image.h"

namespace ossimg::testing {

// Bytes of tests/data/<rel>; fails the test (ADD_FAILURE) and returns {} when missing.
std::vector<uint8_t> ReadTestFile(const std::string& rel);

// A binary PPM (P6) or PGM (P5) as written by djpeg.
struct Pnm {
  int width = 0, height = 0, channels = 0;
  std::vector<uint8_t> pixels;  // tightly packed
};
Pnm ReadPnm(const std::string& rel);

// Number of bytes where `img` differs from `pnm` (-1 when the sizes or layouts differ).
int64_t CountDiff(const ImageView& img, const Pnm& pnm);
// Number of bytes where two views differ (-1 when the sizes or layouts differ).
int64_t CountDiff(const ImageView& a, const ImageView& b);
// Mean absolute difference per sample of two same-sized views of the same layout.
double MeanAbsDiff(const ImageView& a, const ImageView& b);

// A deterministic photo-like test image (gradients and texture; alpha a ramp when present).
Image MakeImage(int32_t width, int32_t height, PixelFormat format, uint32_t seed = 1);

// Decodes or fails the test with the status.
Image MustDecode(const std::vector<uint8_t>& bytes, const DecodeOptions& o = DecodeOptions(),
                 const Limits& limits = Limits());

}  // namespace ossimg::testing

#endif  // OSSIMG_TESTS_CODECS_TEST_UTIL_H_
