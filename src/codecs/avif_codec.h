// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// AVIF through libavif (loaded on first use): first frame; encode with
// libavif's default AV1 encoder at a fast speed.

#ifndef OSSIMG_SRC_CODECS_AVIF_CODEC_H_
#define OSSIMG_SRC_CODECS_AVIF_CODEC_H_

#include "codecs/codec_internal.h"

namespace ossimg::codecs {

bool SniffAvif(const uint8_t* data, size_t size);
Status ProbeAvif(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
StatusOr<Image> DecodeAvif(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits);
StatusOr<std::vector<uint8_t>> EncodeAvif(const ImageView& image, const EncodeOptions& options);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_AVIF_CODEC_H_
