// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// TIFF through libtiff (loaded on first use), read from memory with
// TIFFClientOpen: first page, strips or tiles, any layout libtiff's RGBA
// interface understands; write deflate-compressed 8-bit RGB/RGBA/gray.

#ifndef OSSIMG_SRC_CODECS_TIFF_CODEC_H_
#define OSSIMG_SRC_CODECS_TIFF_CODEC_H_

#include "codecs/codec_internal.h"

namespace ossimg::codecs {

bool SniffTiff(const uint8_t* data, size_t size);
Status ProbeTiff(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
StatusOr<Image> DecodeTiff(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits);
StatusOr<std::vector<uint8_t>> EncodeTiff(const ImageView& image, const EncodeOptions& options);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_TIFF_CODEC_H_
