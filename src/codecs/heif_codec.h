// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// HEIC through libheif (loaded on first use): primary image with its transforms
// (irot/imir/clap) applied as libheif does by default; encode through libheif's
// x265 encoder.

#ifndef OSSIMG_SRC_CODECS_HEIF_CODEC_H_
#define OSSIMG_SRC_CODECS_HEIF_CODEC_H_

#include "codecs/codec_internal.h"

namespace ossimg::codecs {

bool SniffHeic(const uint8_t* data, size_t size);
Status ProbeHeic(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
StatusOr<Image> DecodeHeic(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits);
StatusOr<std::vector<uint8_t>> EncodeHeic(const ImageView& image, const EncodeOptions& options);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_HEIF_CODEC_H_
