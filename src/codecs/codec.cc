// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The codec registry and the public ProbeImage / DecodeImage / EncodeImage entry points.

#include "ossimg/codec.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "codecs/avif_codec.h"
#include "codecs/bmp_codec.h"
#include "codecs/cms.h"
#include "codecs/codec_internal.h"
#include "codecs/gif_codec.h"
#include "codecs/heif_codec.h"
#include "codecs/jpeg_codec.h"
#include "codecs/png_codec.h"
#include "codecs/tiff_codec.h"
#include "codecs/webp_codec.h"

namespace ossimg {
namespace codecs {
namespace {

// Sniffing order matters only where signatures overlap (AVIF before HEIC's generic mif1).
const Codec kCodecs[] = {
    {ImageFormat::kJpeg, SniffJpeg, ProbeJpeg, DecodeJpeg, EncodeJpeg},
    {ImageFormat::kPng, SniffPng, ProbePng, DecodePng, EncodePng},
    {ImageFormat::kWebp, SniffWebp, ProbeWebp, DecodeWebp, EncodeWebp},
    {ImageFormat::kGif, SniffGif, ProbeGif, DecodeGif, EncodeGif},
    {ImageFormat::kBmp, SniffBmp, ProbeBmp, DecodeBmp, EncodeBmp},
    {ImageFormat::kTiff, SniffTiff, ProbeTiff, DecodeTiff, EncodeTiff},
    {ImageFormat::kAvif, SniffAvif, ProbeAvif, DecodeAvif, EncodeAvif},
    {ImageFormat::kHeic, SniffHeic, ProbeHeic, DecodeHeic, EncodeHeic},
};

// Finds the codec for the bytes and checks what every entry point checks first.
StatusOr<const Codec*> CodecFor(const uint8_t* data, size_t size, const Limits& limits) {
  if (data == nullptr || size == 0) return CorruptInputError("empty input");
  if (size > limits.max_file_bytes) {
    return ImageTooLargeError("file of " + std::to_string(size) + " bytes exceeds the limit of " +
                              std::to_string(limits.max_file_bytes));
  }
  const ImageFormat f = SniffImageFormat(data, size);
  if (f == ImageFormat::kUnknown) return UnsupportedError("unrecognised image format");
  const Codec* c = FindCodec(f);
  if (c == nullptr || c->probe == nullptr) {
    return UnsupportedError(std::string("decoding ") + ImageFormatName(f) +
                            " is not supported by this build");
  }
  return c;
}

StatusOr<ProbeResult> ProbeWith(const Codec& c, const uint8_t* data, size_t size,
                                const Limits& limits, bool check_full_memory) {
  ProbeResult r;
  OSSIMG_RETURN_IF_ERROR(c.probe(data, size, limits, &r));
  r.info.format = c.format;
  r.info.file_bytes = size;
  // A profile is file data: one that is malformed or huge is dropped here, for every format,
  // so nothing downstream (lcms2, the encoders) ever sees it (docs/compat.md).
  if (!r.info.icc_profile.empty()) {
    if (Status s = CheckIccHeader(r.info.icc_profile.data(), r.info.icc_profile.size()); !s.ok()) {
      r.info.warnings.push_back("ICC profile ignored: " + s.message());
      r.info.icc_profile.clear();
    }
  }
  OSSIMG_RETURN_IF_ERROR(CheckProbeLimits(r.info, limits));
  // The memory a full-size decode would need, so a probe refuses what a decode would. A
  // shrink-on-load decode checks its own, smaller, need instead.
  if (check_full_memory)
    OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(
        ImageBytes(r.info.width, r.info.height, r.info.pixel_format), r.decoder_bytes, limits));
  return r;
}

}  // namespace

StatusOr<ProbeResult> ProbeFile(const uint8_t* data, size_t size, const Limits& limits) {
  OSSIMG_ASSIGN_OR_RETURN(const Codec* c, CodecFor(data, size, limits));
  return ProbeWith(*c, data, size, limits, true);
}

const Codec* FindCodec(ImageFormat format) {
  for (const Codec& c : kCodecs) {
    if (c.format == format) return &c;
  }
  return nullptr;
}

Status CheckProbeLimits(const ImageInfo& info, const Limits& limits) {
  if (info.width <= 0 || info.height <= 0) {
    return CorruptInputError("image has a zero or negative size (" + std::to_string(info.width) +
                             "x" + std::to_string(info.height) + ")");
  }
  if (info.width > limits.max_side || info.height > limits.max_side) {
    return ImageTooLargeError("image side " + std::to_string(std::max(info.width, info.height)) +
                              " exceeds the limit of " + std::to_string(limits.max_side));
  }
  if (info.frame_count < 1) return CorruptInputError("image has no frames");
  if (info.frame_count > limits.max_frames) {
    return ImageTooLargeError(std::to_string(info.frame_count) + " frames exceed the limit of " +
                              std::to_string(limits.max_frames));
  }
  const uint64_t pixels = static_cast<uint64_t>(info.width) * static_cast<uint64_t>(info.height) *
                          static_cast<uint64_t>(info.frame_count);
  if (pixels > limits.max_pixels) {
    return ImageTooLargeError("image of " + std::to_string(pixels) +
                              " pixels exceeds the limit of " + std::to_string(limits.max_pixels));
  }
  return Status::Ok();
}

Status CheckMemoryBudget(uint64_t output_bytes, uint64_t decoder_bytes, const Limits& limits) {
  const uint64_t total = output_bytes + decoder_bytes;  // both < 2^62: no overflow
  if (total > limits.max_memory_bytes) {
    return ImageTooLargeError("decoding needs " + std::to_string(total) +
                              " bytes, over the memory budget of " +
                              std::to_string(limits.max_memory_bytes));
  }
  return Status::Ok();
}

uint64_t ImageBytes(int64_t width, int64_t height, PixelFormat format) {
  if (width <= 0 || height <= 0) return 0;
  return static_cast<uint64_t>(Image::StrideFor(static_cast<int32_t>(width), format)) *
         static_cast<uint64_t>(height);
}

StatusOr<Image> CopyCrop(const Image& src, const Rect& crop, const Limits& limits) {
  const ImageView v = src.view().Crop(crop);
  // Same contract as JPEG's crop-on-load: a crop that misses the image is the caller's error,
  // never an empty image.
  if (v.width <= 0 || v.height <= 0) {
    return InvalidArgumentError("crop rectangle lies outside the image");
  }
  OSSIMG_ASSIGN_OR_RETURN(Image out, Image::Create(v.width, v.height, v.format, limits));
  out.set_alpha(src.alpha());
  const size_t row = static_cast<size_t>(v.width) * v.channels();
  for (int32_t y = 0; y < v.height; ++y) std::memcpy(out.Row(y), v.Row(y), row);
  return out;
}

StatusOr<Image> Unpremultiply(const ImageView& src) {
  Limits unlimited;  // the caller already holds an image of this size
  unlimited.max_side = unlimited.max_output_side = 1 << 30;
  unlimited.max_pixels = unlimited.max_memory_bytes = UINT64_MAX;
  OSSIMG_ASSIGN_OR_RETURN(Image out, Image::Create(src.width, src.height, src.format, unlimited));
  const int ch = src.channels();
  for (int32_t y = 0; y < src.height; ++y) {
    const uint8_t* s = src.Row(y);
    uint8_t* d = out.Row(y);
    for (int32_t x = 0; x < src.width; ++x, s += ch, d += ch) {
      const uint32_t a = s[ch - 1];
      for (int c = 0; c < ch - 1; ++c) {
        // c_straight = c_premul * 255 / a, rounded; colour is meaningless where a == 0.
        const uint32_t v = a == 0 ? 0 : (s[c] * 255u + a / 2) / a;
        d[c] = static_cast<uint8_t>(v > 255 ? 255 : v);
      }
      d[ch - 1] = static_cast<uint8_t>(a);
    }
  }
  out.set_alpha(AlphaMode::kStraight);
  return out;
}

void FlattenRowOnWhite(const uint8_t* src, int32_t width, PixelFormat format, uint8_t* dst) {
  // out = c*a + 255*(1-a), rounded: (c*a + 255*(255-a) + 127) / 255, exact in integers.
  const int ch = Channels(format) - 1;
  for (int32_t x = 0; x < width; ++x) {
    const uint32_t a = src[ch];
    for (int c = 0; c < ch; ++c) {
      dst[c] = static_cast<uint8_t>((src[c] * a + 255u * (255u - a) + 127u) / 255u);
    }
    src += ch + 1;
    dst += ch;
  }
}

}  // namespace codecs

ImageFormat SniffImageFormat(const uint8_t* data, size_t size) {
  if (data == nullptr) return ImageFormat::kUnknown;
  for (const codecs::Codec& c : codecs::kCodecs) {
    if (c.sniff(data, size)) return c.format;
  }
  return ImageFormat::kUnknown;
}

bool CanDecode(ImageFormat f) {
  const codecs::Codec* c = codecs::FindCodec(f);
  return c != nullptr && c->decode != nullptr;
}

bool CanEncode(ImageFormat f) {
  const codecs::Codec* c = codecs::FindCodec(f);
  return c != nullptr && c->encode != nullptr;
}

StatusOr<ImageInfo> ProbeImage(const uint8_t* data, size_t size, const Limits& limits) {
  OSSIMG_ASSIGN_OR_RETURN(const codecs::Codec* c, codecs::CodecFor(data, size, limits));
  OSSIMG_ASSIGN_OR_RETURN(codecs::ProbeResult r, codecs::ProbeWith(*c, data, size, limits, true));
  return std::move(r.info);
}

StatusOr<Image> DecodeImage(const uint8_t* data, size_t size, const DecodeOptions& options,
                            const Limits& limits) {
  const int s = options.scale_denom;
  if (s != 1 && s != 2 && s != 4 && s != 8) {
    return InvalidArgumentError("scale_denom must be 1, 2, 4 or 8");
  }
  OSSIMG_ASSIGN_OR_RETURN(const codecs::Codec* c, codecs::CodecFor(data, size, limits));
  if (c->decode == nullptr) {
    return UnsupportedError(std::string("decoding ") + ImageFormatName(c->format) +
                            " is not supported by this build");
  }
  OSSIMG_ASSIGN_OR_RETURN(codecs::ProbeResult r, codecs::ProbeWith(*c, data, size, limits, s == 1));
  return c->decode(data, size, r, options, limits);
}

StatusOr<std::vector<uint8_t>> EncodeImage(const ImageView& image, ImageFormat format,
                                           const EncodeOptions& options) {
  const codecs::Codec* c = codecs::FindCodec(format);
  if (c == nullptr || c->encode == nullptr) {
    return UnsupportedError(std::string("encoding ") + ImageFormatName(format) +
                            " is not supported by this build");
  }
  if (image.data == nullptr || image.width <= 0 || image.height <= 0) {
    return InvalidArgumentError("cannot encode an empty image");
  }
  if (image.stride < static_cast<ptrdiff_t>(image.width) * image.channels()) {
    return InvalidArgumentError("image stride is smaller than a row");
  }
  if (options.quality < 0 || options.quality > 100) {
    return InvalidArgumentError("quality must be in [1, 100] (0 = default)");
  }
  if (!options.icc_profile.empty() && !codecs::IccMatchesPixels(options.icc_profile, image.format)) {
    // A CMYK source's profile after conversion to sRGB, an RGB profile on gray pixels, or a
    // malformed one: embedding it would misdescribe the pixels. Untagged means sRGB.
    EncodeOptions o = options;
    o.icc_profile.clear();
    return EncodeImage(image, format, o);
  }
  // Encoders that cannot stream (all but JPEG) get no sink; their whole file goes to it after.
  const bool stream_here = options.sink && format != ImageFormat::kJpeg;
  EncodeOptions own;
  if (stream_here) {
    own = options;
    own.sink = nullptr;
  }
  const EncodeOptions& opt = stream_here ? own : options;
  StatusOr<std::vector<uint8_t>> out = [&]() -> StatusOr<std::vector<uint8_t>> {
    if (image.alpha == AlphaMode::kPremultiplied && HasAlpha(image.format)) {
      // Files store straight alpha (PNG by definition; JPEG composites from it): undo the
      // premultiplication into a temporary copy rather than make every encoder handle both.
      OSSIMG_ASSIGN_OR_RETURN(Image straight, codecs::Unpremultiply(image));
      return c->encode(straight.view(), opt);
    }
    return c->encode(image, opt);
  }();
  if (!stream_here || !out.ok()) return out;
  OSSIMG_RETURN_IF_ERROR(options.sink(out->data(), out->size()));
  return std::vector<uint8_t>();
}

}  // namespace ossimg
