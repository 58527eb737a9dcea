// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The OSS filters built from the kernels of kernels.h: blur, sharpen, bright, contrast, circle,
// rounded-corners, average-hue. Each validates its OSS parameter range, returns a Status, and
// runs in strips (on `pool` when given). How OSS parameters map to pixels, where OSS does not
// document it, is stated per function; the planner's golden tests pin it down later.

#ifndef OSSIMG_SRC_KERNELS_FILTERS_H_
#define OSSIMG_SRC_KERNELS_FILTERS_H_

#include <array>
#include <cstdint>

#include "ossimg/image.h"
#include "ossimg/status.h"

#include "src/core/thread_pool.h"
#include "src/kernels/kernels.h"

namespace ossimg::kernels {

// OSS blur,r_<1-50>,s_<1-50>: separable Gaussian of standard deviation `sigma` truncated at
// `radius` pixels, edges extended, straight alpha premultiplied around it.
Status Blur(const ImageView& src, const MutableImageView& dst, int32_t radius, int32_t sigma,
            ThreadPool* pool);

// OSS sharpen,<50-399>: unsharp mask dst = src + (src - G(src)) * value / 100 with a Gaussian G of
// sigma 1 (radius 2), on colour channels only (alpha is kept).
Status Sharpen(const ImageView& src, const MutableImageView& dst, int32_t value, ThreadPool* pool);

// OSS bright,<-100-100>: adds round(value * 2.55) to every colour sample.
// OSS contrast,<-100-100>: scales colour samples about 128 by (100 + value) / 100.
// Both are one LUT; alpha is kept. In place.
std::array<uint8_t, 256> BrightLut(int32_t value);
std::array<uint8_t, 256> ContrastLut(int32_t value);
Status ApplyBrightContrast(const MutableImageView& img, int32_t bright, int32_t contrast,
                           ThreadPool* pool);

// OSS circle / rounded-corners: multiply alpha by an anti-aliased shape (the image must have an
// alpha channel; the planner converts to RGBA first). In place.
Status ApplyCircle(const MutableImageView& img, int32_t radius, ThreadPool* pool);
Status ApplyRoundedCorners(const MutableImageView& img, int32_t radius, ThreadPool* pool);

// OSS average-hue: the mean of each channel, rounded (channels() values, rest 0).
StatusOr<std::array<uint8_t, 4>> AverageColour(const ImageView& img, ThreadPool* pool);

}  // namespace ossimg::kernels

#endif  // OSSIMG_SRC_KERNELS_FILTERS_H_
