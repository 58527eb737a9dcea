// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// WebP through libwebp (decode, encode), libwebpdemux (frames, ICC, EXIF) and libwebpmux (ICC on
// output). DecodeWebp gives an animation's first frame; DecodeWebpAnimation (WebPAnimDecoder)
// all of them, and EncodeWebpAnimation writes them with WebPAnimEncoder.

#ifndef OSSIMG_SRC_CODECS_WEBP_CODEC_H_
#define OSSIMG_SRC_CODECS_WEBP_CODEC_H_

#include <vector>

#include "codecs/codec_internal.h"

namespace ossimg::codecs {

bool SniffWebp(const uint8_t* data, size_t size);
Status ProbeWebp(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
StatusOr<Image> DecodeWebp(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits);
StatusOr<std::vector<uint8_t>> EncodeWebp(const ImageView& image, const EncodeOptions& options);

// Every frame composed on the canvas (Animation's contract); `probe` is this file's probe result.
StatusOr<Animation> DecodeWebpAnimation(const uint8_t* data, size_t size, const ProbeResult& probe,
                                        const Limits& limits);
// `frames` share one size and are straight alpha.
StatusOr<std::vector<uint8_t>> EncodeWebpAnimation(const std::vector<ImageView>& frames,
                                                   const std::vector<int>& delays_ms,
                                                   int loop_count, const EncodeOptions& options);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_WEBP_CODEC_H_
