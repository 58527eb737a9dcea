// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Image file formats as the OSS grammar names them, and encoder options.

#ifndef OSSIMG_CODEC_H_
#define OSSIMG_CODEC_H_

#include <cstdint>
#include <string_view>

#include "ossimg/export.h"

namespace ossimg {

enum class ImageFormat : uint8_t {
  kUnknown,
  kJpeg,
  kPng,
  kWebp,
  kBmp,
  kGif,
  kTiff,
  kHeic,
  kAvif
};

// The OSS spelling: "jpg", "png", "webp", "bmp", "gif", "tiff", "heic", "avif";
// "unknown".
OSSIMG_EXPORT const char* ImageFormatName(ImageFormat f);
// Inverse of ImageFormatName for the eight OSS names (exact, lower case);
// kUnknown otherwise.
OSSIMG_EXPORT ImageFormat ImageFormatFromName(std::string_view name);
// "image/jpeg", ...
OSSIMG_EXPORT const char* ImageFormatMimeType(ImageFormat f);

struct EncodeOptions {
  int quality = 0;           // 1..100; 0 = the format's default
  bool progressive = false;  // OSS interlace,1 (JPEG progressive, PNG Adam7)
  bool lossless = false;     // WebP lossless
};

}  // namespace ossimg

#endif  // OSSIMG_CODEC_H_
