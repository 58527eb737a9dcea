// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "ossimg/codec.h"

namespace ossimg {

namespace {
struct FormatRow {
  ImageFormat format;
  const char* name;
  const char* mime;
};
constexpr FormatRow kFormats[] = {
    {ImageFormat::kJpeg, "jpg", "image/jpeg"},
    {ImageFormat::kPng, "png", "image/png"},
    {ImageFormat::kWebp, "webp", "image/webp"},
    {ImageFormat::kBmp, "bmp", "image/bmp"},
    {ImageFormat::kGif, "gif", "image/gif"},
    {ImageFormat::kTiff, "tiff", "image/tiff"},
    {ImageFormat::kHeic, "heic", "image/heic"},
    {ImageFormat::kAvif, "avif", "image/avif"},
};
}  // namespace

const char* ImageFormatName(ImageFormat f) {
  for (const FormatRow& r : kFormats) {
    if (r.format == f) return r.name;
  }
  return "unknown";
}

ImageFormat ImageFormatFromName(std::string_view name) {
  for (const FormatRow& r : kFormats) {
    if (name == r.name) return r.format;
  }
  return ImageFormat::kUnknown;
}

const char* ImageFormatMimeType(ImageFormat f) {
  for (const FormatRow& r : kFormats) {
    if (r.format == f) return r.mime;
  }
  return "application/octet-stream";
}

}  // namespace ossimg
