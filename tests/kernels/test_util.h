// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the kernel tests. Compiled once (not per Highway target), so the
// foreach_target test TU stays small: its per-target bodies only pick sizes from Lanes() and
// call these.

#ifndef OSSIMG_TESTS_KERNELS_TEST_UTIL_H_
#define OSSIMG_TESTS_KERNELS_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ossimg/image.h"

#include "src/kernels/kernels.h"

namespace ossimg::kernels::ktest {

PixelFormat FormatFor(int channels);

// An image whose pixels (and row padding) are pseudo-random bytes from `seed`.
Image RandomImage(int32_t width, int32_t height, PixelFormat format, uint32_t seed);
// A smooth image (sums of low-frequency waves): what photos look like to a resampler.
Image SmoothImage(int32_t width, int32_t height, PixelFormat format);
Image FlatImage(int32_t width, int32_t height, PixelFormat format, uint8_t value);

// An empty-able destination that is a crop of a larger image filled with a sentinel, so writing
// past a row end (into a neighbour's pixels) is caught by GuardIntact.
struct GuardedImage {
  Image backing;
  MutableImageView view;
};
GuardedImage MakeGuarded(int32_t width, int32_t height, PixelFormat format);
// True when nothing outside `view` in the backing image changed.
bool GuardIntact(const GuardedImage& g);

// "" when equal, else a description of the first difference.
std::string Compare(const ImageView& a, const ImageView& b);

// Each runs the dispatched kernel (whatever target is active) and the reference twin on the
// same input and returns Compare() of the results plus a guard check. `label` ends up in the
// failure message.
std::string CheckReduce(int32_t in_w, int32_t in_h, int32_t out_w, int32_t out_h, int channels,
                        Filter filter, uint32_t seed);
// Same-size Gaussian tables (the byte-wise convolution path of ReduceH, and its borders).
std::string CheckGaussian(int32_t width, int32_t height, int channels, double sigma, int32_t radius,
                          uint32_t seed);
std::string CheckShrink(int32_t in_w, int32_t in_h, int32_t fx, int32_t fy, int channels,
                        uint32_t seed);
std::string CheckAlpha(int32_t width, int32_t height, int channels, uint32_t seed);
std::string CheckRotate(int32_t width, int32_t height, int channels, RightAngle op, uint32_t seed);
std::string CheckWarp(int32_t width, int32_t height, int channels, double degrees, uint32_t seed);
// Point operations: LUT, unsharp combination, masks, column sums, all 16 format conversions.
std::string CheckPointOps(int32_t width, int32_t height, int channels, uint32_t seed);
std::string CheckConvert(int32_t width, int32_t height, int in_channels, int out_channels,
                         uint32_t seed);

double Mean(const ImageView& img, int channel);

// Reads a binary PPM (P6) or PGM (P5), skipping '#' comments; an empty image on failure.
Image ReadPnm(const std::string& path);
// Peak signal-to-noise ratio over all samples, in dB (infinity when equal).
double Psnr(const ImageView& a, const ImageView& b);

}  // namespace ossimg::kernels::ktest

#endif  // OSSIMG_TESTS_KERNELS_TEST_UTIL_H_
