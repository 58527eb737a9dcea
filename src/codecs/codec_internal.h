// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The codec registry's contract. Each format is one file pair (jpeg_codec.{h,cc}, ...) exposing
// a Codec row; codec.cc sniffs the bytes, finds the row and runs probe -> limits -> decode.

#ifndef OSSIMG_SRC_CODECS_CODEC_INTERNAL_H_
#define OSSIMG_SRC_CODECS_CODEC_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ossimg/codec.h"
#include "ossimg/image.h"
#include "ossimg/limits.h"
#include "ossimg/status.h"

namespace ossimg::codecs {

// What a probe learns beyond the public ImageInfo.
struct ProbeResult {
  ImageInfo info;
  // Bytes the decoder itself holds while decoding, independent of the output size (a progressive
  // JPEG's whole-image coefficient buffer). Added to the output image for the memory budget.
  uint64_t decoder_bytes = 0;
};

struct Codec {
  ImageFormat format;
  // True when the leading bytes are this format's signature.
  bool (*sniff)(const uint8_t* data, size_t size);
  // Header only. Fills *out; dimension limits are checked by the caller (CheckProbeLimits).
  Status (*probe)(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out);
  // Decodes the first frame; `probe` is this file's probe result. nullptr: cannot decode.
  StatusOr<Image> (*decode)(const uint8_t* data, size_t size, const ProbeResult& probe,
                            const DecodeOptions& options, const Limits& limits);
  // nullptr: cannot encode.
  StatusOr<std::vector<uint8_t>> (*encode)(const ImageView& image, const EncodeOptions& options);
};

// The registered codecs, in sniffing order; nullptr when `format` has none.
const Codec* FindCodec(ImageFormat format);

// Sniff, probe and every probe-time limit (what ProbeImage does), keeping the codec's
// ProbeResult for a decode that follows.
StatusOr<ProbeResult> ProbeFile(const uint8_t* data, size_t size, const Limits& limits);

// Zero sizes (CorruptInput), side, pixels (width x height x frames) and frame count
// (ImageTooLarge), checked on a probe before anything is allocated.
Status CheckProbeLimits(const ImageInfo& info, const Limits& limits);

// `output_bytes` (the Image the decode will allocate) plus the decoder's own buffers against the
// memory budget.
Status CheckMemoryBudget(uint64_t output_bytes, uint64_t decoder_bytes, const Limits& limits);

// Bytes Image::Create allocates for a width x height image of `format`.
uint64_t ImageBytes(int64_t width, int64_t height, PixelFormat format);

// Copies the part of `src` inside `crop` (clipped) into a new image; used by codecs without
// crop-on-load.
StatusOr<Image> CopyCrop(const Image& src, const Rect& crop, const Limits& limits);

// A straight-alpha copy of a premultiplied GrayA8/RGBA8 view.
StatusOr<Image> Unpremultiply(const ImageView& src);

// White-composites one row of GrayA8 or RGBA8 into Gray8 or RGB8 (`dst` has width*(ch-1) bytes).
void FlattenRowOnWhite(const uint8_t* src, int32_t width, PixelFormat format, uint8_t* dst);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_CODEC_INTERNAL_H_
