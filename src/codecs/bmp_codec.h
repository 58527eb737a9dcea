// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// BMP, hand-written: read 1/4/8-bit palette (BI_RGB, RLE4, RLE8), 16/32-bit
// (BI_RGB, BITFIELDS, ALPHABITFIELDS), 24-bit, bottom-up and top-down, OS/2 1.x
// to V5 headers (V5 embedded ICC profiles); write 24-bit, or 32-bit BITFIELDS
// with alpha (V4 header) when the image has alpha.

#ifndef OSSIMG_SRC_CODECS_BMP_CODEC_H_
#define OSSIMG_SRC_CODECS_BMP_CODEC_H_

#include "codecs/codec_internal.h"

namespace ossimg::codecs {

bool SniffBmp(const uint8_t* data, size_t size);
Status ProbeBmp(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
StatusOr<Image> DecodeBmp(const uint8_t* data, size_t size, const ProbeResult& probe,
                          const DecodeOptions& options, const Limits& limits);
StatusOr<std::vector<uint8_t>> EncodeBmp(const ImageView& image, const EncodeOptions& options);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_BMP_CODEC_H_
