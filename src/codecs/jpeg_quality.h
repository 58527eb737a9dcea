// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Estimating the IJG quality a JPEG was saved with, from its luminance
// quantisation table. OSS's quality,q_ is relative to it (q_90 on a quality-80
// source gives 72) and quality,Q_ is capped by it, so the planner needs it.

#ifndef OSSIMG_SRC_CODECS_JPEG_QUALITY_H_
#define OSSIMG_SRC_CODECS_JPEG_QUALITY_H_

#include <cstddef>
#include <cstdint>

namespace ossimg::codecs {

// The quality 1..100 whose scaled IJG luminance table is closest to the file's
// first DQT table (table 0), or 0 when the bytes hold no readable DQT before
// the first scan.
int EstimateJpegQuality(const uint8_t* data, size_t size);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_JPEG_QUALITY_H_
