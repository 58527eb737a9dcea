// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// PNG through libpng's classic API. See png_codec.cc for the setjmp rules.

#ifndef OSSIMG_SRC_CODECS_PNG_CODEC_H_
#define OSSIMG_SRC_CODECS_PNG_CODEC_H_

#include "codecs/codec_internal.h"

namespace ossimg::codecs {

bool SniffPng(const uint8_t* data, size_t size);
Status ProbePng(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
StatusOr<Image> DecodePng(const uint8_t* data, size_t size, const ProbeResult& probe,
                          const DecodeOptions& options, const Limits& limits);
StatusOr<std::vector<uint8_t>> EncodePng(const ImageView& image, const EncodeOptions& options);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_PNG_CODEC_H_
