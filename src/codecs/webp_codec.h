// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// WebP through libwebp (decode, encode), libwebpdemux (frames, ICC, EXIF) and libwebpmux (ICC on
// output). Animated files decode their first frame only.

#ifndef OSSIMG_SRC_CODECS_WEBP_CODEC_H_
#define OSSIMG_SRC_CODECS_WEBP_CODEC_H_

#include "codecs/codec_internal.h"

namespace ossimg::codecs {

bool SniffWebp(const uint8_t* data, size_t size);
Status ProbeWebp(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
StatusOr<Image> DecodeWebp(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits);
StatusOr<std::vector<uint8_t>> EncodeWebp(const ImageView& image, const EncodeOptions& options);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_WEBP_CODEC_H_
