// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// GIF: giflib 5 reads (record by record, so every allocation is ours and bounded), cgif writes
// (palette from quantize.h, frame differencing by cgif).

#ifndef OSSIMG_SRC_CODECS_GIF_CODEC_H_
#define OSSIMG_SRC_CODECS_GIF_CODEC_H_

#include <vector>

#include "codecs/codec_internal.h"

namespace ossimg::codecs {

bool SniffGif(const uint8_t* data, size_t size);
Status ProbeGif(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
// The first frame, composed onto the canvas.
StatusOr<Image> DecodeGif(const uint8_t* data, size_t size, const ProbeResult& probe,
                          const DecodeOptions& options, const Limits& limits);
StatusOr<std::vector<uint8_t>> EncodeGif(const ImageView& image, const EncodeOptions& options);

// Every frame composed (Animation's contract); `probe` is this file's probe result.
StatusOr<Animation> DecodeGifAnimation(const uint8_t* data, size_t size, const ProbeResult& probe,
                                       const Limits& limits);
// `frames` share one size and are straight alpha.
StatusOr<std::vector<uint8_t>> EncodeGifAnimation(const std::vector<ImageView>& frames,
                                                  const std::vector<int>& delays_ms,
                                                  int loop_count, const EncodeOptions& options);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_GIF_CODEC_H_
