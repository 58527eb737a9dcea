// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// AVIF through libavif 0.11 (dav1d decodes, libaom encodes), dlopen'd on first
// use. libavif returns avifResult codes and never longjmps.
//
// libavif does not apply the irot/imir boxes; they are mapped to the EXIF
// orientation they equal (ImageInfo::orientation) and the planner orients, as
// for a JPEG. The clean aperture (clap) is not applied (rare in practice;
// libavif 0.11 leaves it to the application too).

#include "codecs/avif_codec.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "codecs/exif.h"
#include "core/dynlib.h"
#include <avif/avif.h>

namespace ossimg::codecs {
namespace {

struct AvifApi {
  decltype(&avifDecoderCreate) decoder_create;
  decltype(&avifDecoderDestroy) decoder_destroy;
  decltype(&avifDecoderSetIOMemory) set_io_memory;
  decltype(&avifDecoderParse) parse;
  decltype(&avifDecoderNextImage) next_image;
  decltype(&avifResultToString) result_to_string;
  decltype(&avifRGBImageSetDefaults) rgb_defaults;
  decltype(&avifImageYUVToRGB) yuv_to_rgb;
  decltype(&avifImageRGBToYUV) rgb_to_yuv;
  decltype(&avifImageCreate) image_create;
  decltype(&avifImageDestroy) image_destroy;
  decltype(&avifImageSetProfileICC) set_icc;
  decltype(&avifEncoderCreate) encoder_create;
  decltype(&avifEncoderDestroy) encoder_destroy;
  decltype(&avifEncoderWrite) encoder_write;
  decltype(&avifRWDataFree) rwdata_free;
  decltype(&avifCodecName) codec_name;
};

Status GetAvif(const AvifApi** api) {
  return LoadDynLib<AvifApi>(
      "libavif", {OSSIMG_SONAME_AVIF},
      [](DynLib& l, AvifApi& a) {
        return l.Sym("avifDecoderCreate", &a.decoder_create) &&
               l.Sym("avifDecoderDestroy", &a.decoder_destroy) &&
               l.Sym("avifDecoderSetIOMemory", &a.set_io_memory) &&
               l.Sym("avifDecoderParse", &a.parse) &&
               l.Sym("avifDecoderNextImage", &a.next_image) &&
               l.Sym("avifResultToString", &a.result_to_string) &&
               l.Sym("avifRGBImageSetDefaults", &a.rgb_defaults) &&
               l.Sym("avifImageYUVToRGB", &a.yuv_to_rgb) &&
               l.Sym("avifImageRGBToYUV", &a.rgb_to_yuv) &&
               l.Sym("avifImageCreate", &a.image_create) &&
               l.Sym("avifImageDestroy", &a.image_destroy) &&
               l.Sym("avifImageSetProfileICC", &a.set_icc) &&
               l.Sym("avifEncoderCreate", &a.encoder_create) &&
               l.Sym("avifEncoderDestroy", &a.encoder_destroy) &&
               l.Sym("avifEncoderWrite", &a.encoder_write) &&
               l.Sym("avifRWDataFree", &a.rwdata_free) && l.Sym("avifCodecName", &a.codec_name);
      },
      api);
}

Status ResultError(const AvifApi* api, avifResult r, const char* what) {
  const std::string msg = std::string("AVIF ") + what + ": " + api->result_to_string(r);
  switch (r) {
    case AVIF_RESULT_NO_CODEC_AVAILABLE:
    case AVIF_RESULT_NOT_IMPLEMENTED:
      return UnsupportedError(msg);
    case AVIF_RESULT_OUT_OF_MEMORY:
      return ImageTooLargeError(msg);
    default:
      return CorruptInputError(msg);
  }
}

// irot (anticlockwise quarter turns, applied first) and imir (0: top<->bottom,
// 1: left<->right) as the EXIF orientation that displays the same picture.
int OrientationOf(const avifImage* img) {
  static const int kTable[4][3] = {{1, 4, 2}, {8, 5, 7}, {3, 2, 4}, {6, 7, 5}};
  const int angle = (img->transformFlags & AVIF_TRANSFORM_IROT) ? img->irot.angle & 3 : 0;
  const int mirror = (img->transformFlags & AVIF_TRANSFORM_IMIR) ? 1 + (img->imir.mode & 1) : 0;
  return kTable[angle][mirror];
}

struct Decoder {
  const AvifApi* api = nullptr;
  avifDecoder* dec = nullptr;
  ~Decoder() {
    if (dec != nullptr) api->decoder_destroy(dec);
  }
};

// `for_decode`: the probe has passed our limits, so libavif's pixel guard (imageSizeLimit, which
// libavif also hands to dav1d as its frame_size_limit) can be ours: a sequence header claiming
// more than the container's ispe then fails before dav1d allocates its frames. For a probe the
// guard stays at libavif's default (16384^2) so that a large ispe gets our ImageTooLarge error,
// not libavif's generic one; a probe decodes no frame.
Status Open(const uint8_t* data, size_t size, const Limits& limits, bool for_decode, Decoder* d) {
  OSSIMG_RETURN_IF_ERROR(GetAvif(&d->api));
  d->dec = d->api->decoder_create();
  if (d->dec == nullptr) return InternalError("AVIF: out of memory");
  if (for_decode) {
    d->dec->imageSizeLimit =
        static_cast<uint32_t>(std::min<uint64_t>(limits.max_pixels, d->dec->imageSizeLimit));
  }
  d->dec->imageCountLimit = static_cast<uint32_t>(std::max<int32_t>(1, limits.max_frames));
  d->dec->maxThreads = 1;  // the engine parallelises across strips and jobs, not inside a decode
  d->dec->ignoreXMP = AVIF_TRUE;
  avifResult r = d->api->set_io_memory(d->dec, data, size);
  if (r != AVIF_RESULT_OK) return ResultError(d->api, r, "input");
  r = d->api->parse(d->dec);
  if (r != AVIF_RESULT_OK) return ResultError(d->api, r, "header");
  return Status::Ok();
}

PixelFormat FormatOf(const avifDecoder* dec) {
  return dec->alphaPresent ? PixelFormat::kRGBA8 : PixelFormat::kRGB8;
}

}  // namespace

bool SniffAvif(const uint8_t* d, size_t n) {
  if (n < 12 || std::memcmp(d + 4, "ftyp", 4) != 0) return false;
  if (std::memcmp(d + 8, "avif", 4) == 0 || std::memcmp(d + 8, "avis", 4) == 0) return true;
  // A generic major brand (mif1/msf1) with "avif" among the compatible brands
  // (bytes 16 onwards, within the ftyp box and the first 64 bytes).
  const size_t box = (size_t{d[0]} << 24) | (size_t{d[1]} << 16) | (size_t{d[2]} << 8) | d[3];
  const size_t end = std::min({box, n, size_t{64}});
  for (size_t i = 16; i + 4 <= end; i += 4) {
    if (std::memcmp(d + i, "avif", 4) == 0 || std::memcmp(d + i, "avis", 4) == 0) return true;
  }
  return false;
}

Status ProbeAvif(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out) {
  Decoder d;
  OSSIMG_RETURN_IF_ERROR(Open(data, size, limits, /*for_decode=*/false, &d));
  const avifImage* img = d.dec->image;
  ImageInfo& info = out->info;
  if (img->width > INT32_MAX || img->height > INT32_MAX) {
    return ImageTooLargeError("AVIF side out of range");
  }
  info.width = static_cast<int32_t>(img->width);
  info.height = static_cast<int32_t>(img->height);
  info.pixel_format = FormatOf(d.dec);
  info.has_alpha = HasAlpha(info.pixel_format);
  info.channels = info.has_alpha ? 4 : 3;
  info.bit_depth = static_cast<int>(img->depth);
  info.frame_count = std::max(1, d.dec->imageCount);
  if (img->icc.size > 0) info.icc_profile.assign(img->icc.data, img->icc.data + img->icc.size);
  if (img->exif.size > 0 && img->exif.size <= (size_t{1} << 20)) {
    info.exif.assign(img->exif.data, img->exif.data + img->exif.size);
    ParseExif(info.exif.data(), info.exif.size(), &info);
  }
  // The boxes rule, as in HEIF: an EXIF orientation is informational.
  info.orientation = OrientationOf(img);
  // dav1d's frame (YUV planes, up to 16 bits) while we convert.
  out->decoder_bytes = uint64_t{img->width} * img->height * 6;
  return Status::Ok();
}

StatusOr<Image> DecodeAvif(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits) {
  Decoder d;
  OSSIMG_RETURN_IF_ERROR(Open(data, size, limits, /*for_decode=*/true, &d));
  const PixelFormat fmt = FormatOf(d.dec);
  const int32_t w = static_cast<int32_t>(d.dec->image->width);
  const int32_t h = static_cast<int32_t>(d.dec->image->height);
  const Rect full{0, 0, w, h};
  const Rect crop = options.crop.Intersect(full);
  const bool cropping = !options.crop.empty() && !(crop == full);
  OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(
      ImageBytes(w, h, fmt), probe.decoder_bytes + (cropping ? ImageBytes(w, h, fmt) : 0), limits));
  const avifResult r = d.api->next_image(d.dec);
  if (r != AVIF_RESULT_OK) return ResultError(d.api, r, "decode");
  if (d.dec->image->width != static_cast<uint32_t>(w) ||
      d.dec->image->height != static_cast<uint32_t>(h)) {
    return CorruptInputError("AVIF: frame size differs from the header");
  }
  OSSIMG_ASSIGN_OR_RETURN(Image out, Image::Create(w, h, fmt, limits));
  avifRGBImage rgb;
  d.api->rgb_defaults(&rgb, d.dec->image);
  rgb.format = fmt == PixelFormat::kRGBA8 ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
  rgb.depth = 8;
  rgb.pixels = out.Row(0);
  rgb.rowBytes = static_cast<uint32_t>(out.stride());
  const avifResult c = d.api->yuv_to_rgb(d.dec->image, &rgb);
  if (c != AVIF_RESULT_OK) return ResultError(d.api, c, "colour conversion");
  if (HasAlpha(fmt)) out.set_alpha(AlphaMode::kStraight);
  if (cropping) return CopyCrop(out, crop, limits);
  return out;
}

StatusOr<std::vector<uint8_t>> EncodeAvif(const ImageView& image, const EncodeOptions& options) {
  const AvifApi* api = nullptr;
  OSSIMG_RETURN_IF_ERROR(GetAvif(&api));
  if (api->codec_name(AVIF_CODEC_CHOICE_AUTO, AVIF_CODEC_FLAG_CAN_ENCODE) == nullptr) {
    return UnsupportedError("AVIF: libavif has no AV1 encoder");
  }
  const bool alpha = HasAlpha(image.format);
  const bool gray = image.format == PixelFormat::kGray8 || image.format == PixelFormat::kGrayA8;
  const int ch = image.channels();
  std::unique_ptr<avifImage, void (*)(avifImage*)> img(
      api->image_create(static_cast<uint32_t>(image.width), static_cast<uint32_t>(image.height), 8,
                        AVIF_PIXEL_FORMAT_YUV420),
      api->image_destroy);
  if (img == nullptr) return InternalError("AVIF: out of memory");
  // libavif reads RGB(A) rows; gray is expanded (AV1 monochrome is poorly
  // supported by viewers).
  std::vector<uint8_t> expanded;
  avifRGBImage rgb;
  api->rgb_defaults(&rgb, img.get());
  rgb.depth = 8;
  rgb.format = alpha ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
  if (gray) {
    const int out_ch = alpha ? 4 : 3;
    expanded.resize(static_cast<size_t>(image.width) * image.height * out_ch);
    uint8_t* dst = expanded.data();
    for (int32_t y = 0; y < image.height; ++y) {
      const uint8_t* s = image.Row(y);
      for (int32_t x = 0; x < image.width; ++x, s += ch, dst += out_ch) {
        dst[0] = dst[1] = dst[2] = s[0];
        if (alpha) dst[3] = s[1];
      }
    }
    rgb.pixels = expanded.data();
    rgb.rowBytes = static_cast<uint32_t>(image.width * out_ch);
  } else {
    rgb.pixels = const_cast<uint8_t*>(image.data);  // only read
    rgb.rowBytes = static_cast<uint32_t>(image.stride);
  }
  avifResult r = api->rgb_to_yuv(img.get(), &rgb);
  if (r != AVIF_RESULT_OK) return ResultError(api, r, "colour conversion");
  if (!options.icc_profile.empty()) {
    api->set_icc(img.get(), options.icc_profile.data(), options.icc_profile.size());
  }
  std::unique_ptr<avifEncoder, void (*)(avifEncoder*)> enc(api->encoder_create(),
                                                           api->encoder_destroy);
  if (enc == nullptr) return InternalError("AVIF: out of memory");
  // libavif 0.11 has no quality knob: quality maps onto the quantizer as
  // libavif 1.0 does (q 100 -> 0 lossless-ish, q 0 -> 63). Alpha keeps its
  // edges: quantizer 0.
  const int q = options.quality == 0 ? kDefaultAvifQuality : options.quality;
  const int quantizer = ((100 - q) * 63 + 50) / 100;
  enc->minQuantizer = enc->maxQuantizer = quantizer;
  enc->minQuantizerAlpha = enc->maxQuantizerAlpha = 0;
  // Speed 8: libaom's default (6) takes 3.3x the CPU (0.85 s against 0.26 s for 4.1 MP) for a file
  // no smaller (65.7 KB against 62.4 KB at quality 50); speed 10 halves the time again but is
  // libaom's real-time mode. docs/codecs.md has the numbers.
  enc->speed = 8;
  enc->maxThreads = 1;
  avifRWData output = AVIF_DATA_EMPTY;
  r = api->encoder_write(enc.get(), img.get(), &output);
  if (r != AVIF_RESULT_OK) {
    api->rwdata_free(&output);
    return ResultError(api, r, "encode");
  }
  std::vector<uint8_t> out(output.data, output.data + output.size);
  api->rwdata_free(&output);
  return out;
}

}  // namespace ossimg::codecs
