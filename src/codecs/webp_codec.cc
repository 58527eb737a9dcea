// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// WebP through libwebp 1.2.
//
// Probe: WebPGetFeatures reads the RIFF/VP8X/VP8/VP8L headers; an extended (VP8X) file is also
// walked by WebPDemux for the frame count, the first frame's rectangle and the ICCP/EXIF chunks.
// The demuxer keeps one small record per frame and no pixels, and the file size limit bounds the
// number of frames it can find, so it runs before the caller's CheckProbeLimits.
//
// Decode: libwebp writes straight into the Image rows (external output buffer with our stride), so
// there is no intermediate copy. Shrink-on-load uses libwebp's rescaler (use_scaling) to
// ceil(w/d) x ceil(h/d), the size libjpeg gives for JPEG. Crop-on-load uses use_cropping, which
// libwebp snaps to an even origin (the chroma grid), so an odd origin or a crop combined with a
// scale (libwebp crops before it scales, our crop is in scaled coordinates) decodes the smallest
// rectangle it can and copies the crop out of it.
//
// Animations: DecodeWebp decodes the first frame only (the codec contract); it is composed onto a
// transparent canvas as the WebP specification composes frame 1. DecodeWebpAnimation runs
// WebPAnimDecoder, which composes every frame (blending, disposal) onto its own RGBA canvas;
// each is copied out, dropping alpha when the probe found none. EncodeWebpAnimation gives
// WebPAnimEncoder the composed frames with their timestamps; it finds the changed rectangles
// and picks blending and disposal itself. Truncated files are CorruptInput: libwebp's decoders
// cannot return a partial picture.

#include "codecs/webp_codec.h"

#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "codecs/exif.h"

namespace ossimg::codecs {
namespace {

// EncodeOptions::quality == 0: libwebp's and cwebp's default, which OSS's WebP output matches.
constexpr int kDefaultWebpQuality = 75;
// Metadata chunks above this are hostile or useless; they are ignored rather than copied.
constexpr size_t kMaxMetadataBytes = 8u << 20;
// Pixels around a lossy crop that a full decode's chroma upsampling reads (one chroma sample is
// two pixels); decoding them makes the crop identical to decode-then-crop.
constexpr int32_t kLossyCropMargin = 2;

const char* Vp8StatusText(VP8StatusCode st) {
  switch (st) {
    case VP8_STATUS_OK:
      return "ok";
    case VP8_STATUS_OUT_OF_MEMORY:
      return "out of memory";
    case VP8_STATUS_INVALID_PARAM:
      return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR:
      return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return "unsupported feature";
    case VP8_STATUS_SUSPENDED:
      return "suspended";
    case VP8_STATUS_USER_ABORT:
      return "aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA:
      return "file truncated";
  }
  return "unknown error";
}

Status DecodeError(VP8StatusCode st, const char* what) {
  if (st == VP8_STATUS_OUT_OF_MEMORY) {
    return ImageTooLargeError(std::string("WebP ") + what + ": out of memory");
  }
  return CorruptInputError(std::string("WebP ") + what + ": " + Vp8StatusText(st));
}

uint32_t Le24(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16;
}

bool IsExtended(const uint8_t* d, size_t n) {
  return n >= 16 && std::memcmp(d + 12, "VP8X", 4) == 0;
}

struct DemuxDeleter {
  void operator()(WebPDemuxer* d) const { WebPDemuxDelete(d); }
};
using DemuxPtr = std::unique_ptr<WebPDemuxer, DemuxDeleter>;

DemuxPtr Demux(const uint8_t* data, size_t size) {
  const WebPData wd{data, size};
  return DemuxPtr(WebPDemux(&wd));
}

// The first frame of an animation: its bitstream (ALPH + VP8, or VP8L) and where it lies.
struct Frame {
  const uint8_t* bytes = nullptr;
  size_t size = 0;
  Rect rect;
  bool has_alpha = false;
};

bool FirstFrame(WebPDemuxer* demux, Frame* f) {
  WebPIterator it;
  if (!WebPDemuxGetFrame(demux, 1, &it)) return false;
  f->bytes = it.fragment.bytes;
  f->size = it.fragment.size;
  f->rect = Rect{it.x_offset, it.y_offset, it.width, it.height};
  f->has_alpha = it.has_alpha != 0;
  WebPDemuxReleaseIterator(&it);
  return true;
}

// A metadata chunk's payload (the first of its kind), capped; empty when absent.
std::vector<uint8_t> Chunk(WebPDemuxer* demux, const char fourcc[4]) {
  std::vector<uint8_t> out;
  WebPChunkIterator it;
  if (WebPDemuxGetChunk(demux, fourcc, 1, &it)) {
    if (it.chunk.size <= kMaxMetadataBytes) {
      out.assign(it.chunk.bytes, it.chunk.bytes + it.chunk.size);
    }
    WebPDemuxReleaseChunkIterator(&it);
  }
  return out;
}

// Bytes libwebp holds while decoding a w x h bitstream, beyond the output: VP8L keeps the whole
// image as 32-bit ARGB; VP8 keeps the alpha plane and a few macroblock rows (about 64 B per column,
// generously, including the rescaler's rows).
uint64_t DecoderBytes(int32_t w, int32_t h, int format, bool alpha) {
  const uint64_t px = static_cast<uint64_t>(w) * static_cast<uint64_t>(h);
  const uint64_t per_px = format == 2 ? 4 : alpha ? 1 : 0;
  return per_px * px + 64 * static_cast<uint64_t>(w) + 4096;
}

// Decodes `bits` into `dst` (RGB8 or RGBA8). `crop` (source coordinates, even origin) and a
// scaled size are libwebp's options; `dst` must be exactly the size they produce.
Status DecodeInto(const uint8_t* bits, size_t n, const MutableImageView& dst, const Rect* crop,
                  bool scale) {
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) return InternalError("libwebp ABI mismatch");
  if (crop != nullptr) {
    config.options.use_cropping = 1;
    config.options.crop_left = crop->x;
    config.options.crop_top = crop->y;
    config.options.crop_width = crop->width;
    config.options.crop_height = crop->height;
  }
  if (scale) {
    config.options.use_scaling = 1;
    config.options.scaled_width = dst.width;
    config.options.scaled_height = dst.height;
  }
  const int ch = dst.channels();
  config.output.colorspace = ch == 4 ? MODE_RGBA : MODE_RGB;  // straight alpha
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = dst.data;
  config.output.u.RGBA.stride = static_cast<int>(dst.stride);
  config.output.u.RGBA.size = static_cast<size_t>(dst.stride) * (dst.height - 1) +
                              static_cast<size_t>(dst.width) * ch;
  const VP8StatusCode st = WebPDecode(bits, n, &config);
  const int out_w = config.output.width, out_h = config.output.height;
  WebPFreeDecBuffer(&config.output);  // frees nothing of ours (external memory)
  if (st != VP8_STATUS_OK) return DecodeError(st, "decode");
  if (out_w != dst.width || out_h != dst.height) {
    return InternalError("libwebp decoded " + std::to_string(out_w) + "x" +
                         std::to_string(out_h) + ", expected " + std::to_string(dst.width) +
                         "x" + std::to_string(dst.height));
  }
  return Status::Ok();
}

Limits Unlimited() {
  Limits l;  // for a scratch image already counted in the memory budget
  l.max_side = l.max_output_side = 1 << 30;
  l.max_pixels = l.max_memory_bytes = UINT64_MAX;
  return l;
}

// Expands Gray8/GrayA8 to RGB8/RGBA8 (WebP has no gray) into `buf`; returns the stride.
size_t ExpandGray(const ImageView& src, std::vector<uint8_t>* buf) {
  const bool alpha = src.format == PixelFormat::kGrayA8;
  const size_t out_ch = alpha ? 4 : 3;
  const size_t stride = static_cast<size_t>(src.width) * out_ch;
  buf->resize(stride * static_cast<size_t>(src.height));
  for (int32_t y = 0; y < src.height; ++y) {
    const uint8_t* s = src.Row(y);
    uint8_t* d = buf->data() + stride * static_cast<size_t>(y);
    for (int32_t x = 0; x < src.width; ++x) {
      d[0] = d[1] = d[2] = s[0];
      if (alpha) d[3] = s[1];
      s += alpha ? 2 : 1;
      d += out_ch;
    }
  }
  return stride;
}

struct PictureGuard {
  WebPPicture pic{};  // zeroed: WebPPictureFree is safe even if WebPPictureInit fails
  WebPMemoryWriter writer{};
  PictureGuard() { WebPMemoryWriterInit(&writer); }
  ~PictureGuard() {
    WebPPictureFree(&pic);
    WebPMemoryWriterClear(&writer);
  }
};

const char* EncodeErrorText(WebPEncodingError e) {
  switch (e) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY:
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY:
      return "out of memory";
    case VP8_ENC_ERROR_BAD_DIMENSION:
      return "bad dimension";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW:
    case VP8_ENC_ERROR_PARTITION_OVERFLOW:
      return "partition overflow";
    case VP8_ENC_ERROR_FILE_TOO_BIG:
      return "file too big";
    default:
      return "encoder failed";
  }
}

// Adds an ICCP chunk (and so a VP8X header) to a simple WebP file.
StatusOr<std::vector<uint8_t>> AddIcc(const std::vector<uint8_t>& webp,
                                      const std::vector<uint8_t>& icc) {
  const WebPData image{webp.data(), webp.size()};
  std::unique_ptr<WebPMux, void (*)(WebPMux*)> mux(WebPMuxCreate(&image, 0), WebPMuxDelete);
  if (mux == nullptr) return InternalError("WebP mux: cannot parse our own output");
  const WebPData profile{icc.data(), icc.size()};
  if (WebPMuxSetChunk(mux.get(), "ICCP", &profile, 0) != WEBP_MUX_OK) {
    return InternalError("WebP mux: cannot add the ICC profile");
  }
  WebPData assembled;
  WebPDataInit(&assembled);
  if (WebPMuxAssemble(mux.get(), &assembled) != WEBP_MUX_OK) {
    WebPDataClear(&assembled);
    return InternalError("WebP mux: cannot assemble the file");
  }
  std::vector<uint8_t> out(assembled.bytes, assembled.bytes + assembled.size);
  WebPDataClear(&assembled);
  return out;
}

// Fills `config` from EncodeOptions (shared by the still and the animated encoder).
Status MakeConfig(const EncodeOptions& options, WebPConfig* config) {
  if (!WebPConfigInit(config)) return InternalError("libwebp ABI mismatch");
  config->quality = static_cast<float>(options.quality ? options.quality : kDefaultWebpQuality);
  config->lossless = options.lossless ? 1 : 0;
  config->method = 4;  // libwebp's default speed/size trade-off
  // Lossless means every pixel comes back: keep the colour under fully transparent pixels too.
  config->exact = options.lossless ? 1 : 0;
  if (!WebPValidateConfig(config)) return InternalError("invalid WebP encoder configuration");
  return Status::Ok();
}

// Imports `image` into `pic` (Gray expanded to RGB: WebP has no gray).
Status ImportPicture(const ImageView& image, WebPPicture* pic) {
  std::vector<uint8_t> expanded;
  const uint8_t* px = image.data;
  size_t stride = static_cast<size_t>(image.stride);
  const bool alpha = HasAlpha(image.format);
  if (image.format == PixelFormat::kGray8 || image.format == PixelFormat::kGrayA8) {
    stride = ExpandGray(image, &expanded);
    px = expanded.data();
  }
  const int ok = alpha ? WebPPictureImportRGBA(pic, px, static_cast<int>(stride))
                       : WebPPictureImportRGB(pic, px, static_cast<int>(stride));
  if (!ok) return ImageTooLargeError("WebP: cannot allocate the picture");
  return Status::Ok();
}

struct AnimDecoderDeleter {
  void operator()(WebPAnimDecoder* d) const { WebPAnimDecoderDelete(d); }
};
struct AnimEncoderDeleter {
  void operator()(WebPAnimEncoder* e) const { WebPAnimEncoderDelete(e); }
};

}  // namespace

bool SniffWebp(const uint8_t* d, size_t n) {
  return n >= 12 && std::memcmp(d, "RIFF", 4) == 0 && std::memcmp(d + 8, "WEBP", 4) == 0;
}

Status ProbeWebp(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out) {
  ImageInfo& info = out->info;
  if (IsExtended(data, size) && size >= 30) {
    // The VP8X canvas (24-bit sides) is checked first: libwebp calls a canvas over 2^32 pixels a
    // bitstream error, but a lying header is ImageTooLarge here, as for the other formats.
    info.width = static_cast<int32_t>(Le24(data + 24) + 1);
    info.height = static_cast<int32_t>(Le24(data + 27) + 1);
    OSSIMG_RETURN_IF_ERROR(CheckProbeLimits(info, limits));
  }
  WebPBitstreamFeatures f;
  const VP8StatusCode st = WebPGetFeatures(data, size, &f);
  if (st != VP8_STATUS_OK) {
    // A VP8X header alone gives the canvas size: a lying header is ImageTooLarge even when the
    // rest of the file is missing, as for the other formats.
    if (st == VP8_STATUS_NOT_ENOUGH_DATA && f.width > 0 && f.height > 0) {
      info.width = f.width;
      info.height = f.height;
      OSSIMG_RETURN_IF_ERROR(CheckProbeLimits(info, limits));
    }
    return DecodeError(st, "header");
  }
  info.width = f.width;
  info.height = f.height;
  info.has_alpha = f.has_alpha != 0;
  int format = f.format;  // 1 lossy, 2 lossless, 0 mixed (animations)
  int32_t bits_w = f.width, bits_h = f.height;
  if (IsExtended(data, size)) {
    DemuxPtr demux = Demux(data, size);
    if (demux == nullptr) {
      // An animation needs the demuxer for its first frame; a still image decodes without it.
      if (f.has_animation) {
        return CorruptInputError("WebP animation: malformed or truncated chunks");
      }
    } else {
      const uint32_t flags = WebPDemuxGetI(demux.get(), WEBP_FF_FORMAT_FLAGS);
      if (f.has_animation) {
        info.frame_count = static_cast<int32_t>(
            std::min<uint32_t>(WebPDemuxGetI(demux.get(), WEBP_FF_FRAME_COUNT), INT32_MAX));
        Frame fr;
        if (!FirstFrame(demux.get(), &fr)) return CorruptInputError("WebP animation has no frames");
        const Rect canvas{0, 0, info.width, info.height};
        // Pixels outside the first frame are transparent: the output needs alpha then.
        info.has_alpha = info.has_alpha || fr.has_alpha || !(fr.rect == canvas);
        WebPBitstreamFeatures ff;
        if (WebPGetFeatures(fr.bytes, fr.size, &ff) == VP8_STATUS_OK) format = ff.format;
        bits_w = fr.rect.width;
        bits_h = fr.rect.height;
      }
      if (flags & ICCP_FLAG) info.icc_profile = Chunk(demux.get(), "ICCP");
      if (flags & EXIF_FLAG) {
        info.exif = Chunk(demux.get(), "EXIF");
        // Some writers keep JPEG's APP1 "Exif\0\0" prefix; the payload starts at the TIFF header.
        if (info.exif.size() >= 6 && std::memcmp(info.exif.data(), "Exif\0\0", 6) == 0) {
          info.exif.erase(info.exif.begin(), info.exif.begin() + 6);
        }
        if (!info.exif.empty()) ParseExif(info.exif.data(), info.exif.size(), &info);
      }
    }
  }
  info.channels = info.has_alpha ? 4 : 3;
  info.bit_depth = 8;
  info.pixel_format = info.has_alpha ? PixelFormat::kRGBA8 : PixelFormat::kRGB8;
  out->decoder_bytes = DecoderBytes(bits_w, bits_h, format == 0 ? 2 : format, info.has_alpha);
  return Status::Ok();
}

StatusOr<Image> DecodeWebp(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits) {
  const ImageInfo& info = probe.info;
  const PixelFormat fmt = info.pixel_format;
  const int d = options.scale_denom;
  const Rect canvas{0, 0, info.width, info.height};
  const Rect full{0, 0, (info.width + d - 1) / d, (info.height + d - 1) / d};
  const Rect crop = options.crop.empty() ? full : options.crop.Intersect(full);
  if (crop.empty()) return InvalidArgumentError("crop rectangle lies outside the image");
  const bool cropping = !(crop == full);

  // The bitstream to decode: the file, or an animation's first frame.
  const uint8_t* bits = data;
  size_t bits_size = size;
  DemuxPtr demux;
  WebPBitstreamFeatures f;
  if (WebPGetFeatures(data, size, &f) != VP8_STATUS_OK) return CorruptInputError("WebP header");
  if (f.has_animation) {
    demux = Demux(data, size);
    Frame fr;
    if (demux == nullptr || !FirstFrame(demux.get(), &fr)) {
      return CorruptInputError("WebP animation: malformed or truncated chunks");
    }
    if (!(fr.rect == canvas)) {
      // Frame 1 covers part of the canvas: compose it onto a transparent canvas at full size.
      if (d != 1) {
        return UnsupportedError(
            "scaled decoding of a WebP animation whose first frame does not cover the canvas");
      }
      const uint64_t canvas_bytes = ImageBytes(info.width, info.height, fmt);
      OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(
          canvas_bytes + (cropping ? ImageBytes(crop.width, crop.height, fmt) : 0),
          probe.decoder_bytes, limits));
      OSSIMG_ASSIGN_OR_RETURN(Image img, Image::Create(info.width, info.height, fmt, limits));
      img.set_alpha(AlphaMode::kStraight);
      for (int32_t y = 0; y < img.height(); ++y) {
        std::memset(img.Row(y), 0, static_cast<size_t>(img.width()) * img.channels());
      }
      const Rect r = fr.rect.Intersect(canvas);
      if (!(r == fr.rect)) return CorruptInputError("WebP frame lies outside the canvas");
      OSSIMG_RETURN_IF_ERROR(
          DecodeInto(fr.bytes, fr.size, img.mutable_view().Crop(r), nullptr, false));
      if (!cropping) return img;
      return CopyCrop(img, crop, limits);
    }
    bits = fr.bytes;
    bits_size = fr.size;
  }

  const bool scale = d != 1;
  WebPBitstreamFeatures bf;
  if (WebPGetFeatures(bits, bits_size, &bf) != VP8_STATUS_OK) {
    return CorruptInputError("WebP frame header is damaged");
  }
  const bool lossless = bf.format == 2;
  // Direct: libwebp produces exactly `crop` into the output rows. Only lossless pixels do not
  // depend on their neighbours; lossy chroma upsampling at a crop edge would differ from a full
  // decode's.
  const bool direct = !cropping || (!scale && lossless && crop.x % 2 == 0 && crop.y % 2 == 0);
  if (direct) {
    OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(ImageBytes(crop.width, crop.height, fmt),
                                             probe.decoder_bytes, limits));
    OSSIMG_ASSIGN_OR_RETURN(Image img, Image::Create(crop.width, crop.height, fmt, limits));
    img.set_alpha(HasAlpha(fmt) ? AlphaMode::kStraight : AlphaMode::kNone);
    OSSIMG_RETURN_IF_ERROR(DecodeInto(bits, bits_size, img.mutable_view(),
                                      cropping ? &crop : nullptr, scale));
    return img;
  }
  // Indirect: decode the smallest rectangle libwebp can give with the pixels of a full decode
  // (the scaled whole image, or the crop grown to an even origin and, for lossy, by the chroma
  // upsampler's reach), then copy the crop out of it.
  Rect area = full;
  if (!scale) {
    const int32_t m = lossless ? 0 : kLossyCropMargin;
    const int32_t x0 = std::max(0, crop.x - m) & ~1, y0 = std::max(0, crop.y - m) & ~1;
    const int32_t x1 = std::min(full.width, crop.x + crop.width + m);
    const int32_t y1 = std::min(full.height, crop.y + crop.height + m);
    area = Rect{x0, y0, x1 - x0, y1 - y0};
  }
  OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(
      ImageBytes(area.width, area.height, fmt) + ImageBytes(crop.width, crop.height, fmt),
      probe.decoder_bytes, limits));
  OSSIMG_ASSIGN_OR_RETURN(Image tmp, Image::Create(area.width, area.height, fmt, Unlimited()));
  tmp.set_alpha(HasAlpha(fmt) ? AlphaMode::kStraight : AlphaMode::kNone);
  OSSIMG_RETURN_IF_ERROR(
      DecodeInto(bits, bits_size, tmp.mutable_view(), scale ? nullptr : &area, scale));
  const Rect in_tmp{crop.x - area.x, crop.y - area.y, crop.width, crop.height};
  return CopyCrop(tmp, in_tmp, limits);
}

StatusOr<std::vector<uint8_t>> EncodeWebp(const ImageView& image, const EncodeOptions& options) {
  if (image.width > WEBP_MAX_DIMENSION || image.height > WEBP_MAX_DIMENSION) {
    return ImageTooLargeError("WebP sides are limited to " + std::to_string(WEBP_MAX_DIMENSION) +
                              " pixels");
  }
  WebPConfig config;
  OSSIMG_RETURN_IF_ERROR(MakeConfig(options, &config));

  PictureGuard g;
  if (!WebPPictureInit(&g.pic)) return InternalError("libwebp ABI mismatch");
  g.pic.use_argb = config.lossless;  // the lossless encoder works on ARGB, lossy on YUV
  g.pic.width = image.width;
  g.pic.height = image.height;
  g.pic.writer = WebPMemoryWrite;
  g.pic.custom_ptr = &g.writer;

  OSSIMG_RETURN_IF_ERROR(ImportPicture(image, &g.pic));
  if (!WebPEncode(&config, &g.pic)) {
    return InternalError(std::string("WebP encode: ") + EncodeErrorText(g.pic.error_code));
  }
  std::vector<uint8_t> out(g.writer.mem, g.writer.mem + g.writer.size);
  if (options.icc_profile.empty()) return out;
  return AddIcc(out, options.icc_profile);
}

StatusOr<Animation> DecodeWebpAnimation(const uint8_t* data, size_t size, const ProbeResult& probe,
                                        const Limits& limits) {
  const ImageInfo& info = probe.info;
  const PixelFormat fmt = info.pixel_format;
  // Our frames, plus the decoder's two RGBA canvases (current and previous) and its own buffers.
  const uint64_t canvas_rgba = ImageBytes(info.width, info.height, PixelFormat::kRGBA8);
  OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(
      ImageBytes(info.width, info.height, fmt) * static_cast<uint64_t>(info.frame_count),
      2 * canvas_rgba + probe.decoder_bytes, limits));
  WebPAnimDecoderOptions opts;
  if (!WebPAnimDecoderOptionsInit(&opts)) return InternalError("libwebp ABI mismatch");
  opts.color_mode = MODE_RGBA;  // straight alpha
  opts.use_threads = 0;
  const WebPData wd{data, size};
  std::unique_ptr<WebPAnimDecoder, AnimDecoderDeleter> dec(WebPAnimDecoderNew(&wd, &opts));
  if (dec == nullptr) return CorruptInputError("WebP animation: malformed or truncated chunks");
  WebPAnimInfo ai;
  if (!WebPAnimDecoderGetInfo(dec.get(), &ai)) return CorruptInputError("WebP animation info");
  if (static_cast<int32_t>(ai.canvas_width) != info.width ||
      static_cast<int32_t>(ai.canvas_height) != info.height ||
      static_cast<int32_t>(ai.frame_count) != info.frame_count) {
    return CorruptInputError("WebP animation: canvas or frame count differs from the header");
  }
  Animation anim;
  anim.loop_count = static_cast<int>(ai.loop_count);
  const AlphaMode alpha = HasAlpha(fmt) ? AlphaMode::kStraight : AlphaMode::kNone;
  const size_t src_stride = static_cast<size_t>(info.width) * 4;
  int prev_ts = 0;
  while (WebPAnimDecoderHasMoreFrames(dec.get())) {
    uint8_t* buf = nullptr;
    int ts = 0;
    if (!WebPAnimDecoderGetNext(dec.get(), &buf, &ts)) {
      return CorruptInputError("WebP animation: frame " + std::to_string(anim.frames.size() + 1) +
                               " does not decode");
    }
    OSSIMG_ASSIGN_OR_RETURN(Image f, Image::Create(info.width, info.height, fmt, limits));
    f.set_alpha(alpha);
    for (int32_t y = 0; y < info.height; ++y) {
      const uint8_t* s = buf + src_stride * static_cast<size_t>(y);
      uint8_t* d = f.Row(y);
      if (fmt == PixelFormat::kRGBA8) {
        std::memcpy(d, s, src_stride);
      } else {
        for (int32_t x = 0; x < info.width; ++x, s += 4, d += 3) std::memcpy(d, s, 3);
      }
    }
    anim.frames.push_back(std::move(f));
    // The timestamp is when the frame ends: its delay is the difference to the previous one.
    anim.delays_ms.push_back(ts - prev_ts);
    prev_ts = ts;
  }
  if (static_cast<int32_t>(anim.frames.size()) != info.frame_count) {
    return CorruptInputError("WebP animation: fewer frames than announced");
  }
  return anim;
}

StatusOr<std::vector<uint8_t>> EncodeWebpAnimation(const std::vector<ImageView>& frames,
                                                   const std::vector<int>& delays_ms,
                                                   int loop_count, const EncodeOptions& options) {
  if (frames.empty()) return InvalidArgumentError("WebP animation needs at least one frame");
  const int32_t w = frames[0].width, h = frames[0].height;
  if (w > WEBP_MAX_DIMENSION || h > WEBP_MAX_DIMENSION) {
    return ImageTooLargeError("WebP sides are limited to " + std::to_string(WEBP_MAX_DIMENSION) +
                              " pixels");
  }
  WebPConfig config;
  OSSIMG_RETURN_IF_ERROR(MakeConfig(options, &config));
  WebPAnimEncoderOptions eo;
  if (!WebPAnimEncoderOptionsInit(&eo)) return InternalError("libwebp ABI mismatch");
  eo.anim_params.loop_count = std::max(0, loop_count);
  eo.anim_params.bgcolor = 0x00000000;  // transparent: what viewers show before frame 1 anyway
  std::unique_ptr<WebPAnimEncoder, AnimEncoderDeleter> enc(WebPAnimEncoderNew(w, h, &eo));
  if (enc == nullptr) return ImageTooLargeError("WebP: cannot allocate the animation encoder");
  int ts = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].width != w || frames[i].height != h) {
      return InvalidArgumentError("WebP animation frames must all have the same size");
    }
    PictureGuard g;
    if (!WebPPictureInit(&g.pic)) return InternalError("libwebp ABI mismatch");
    g.pic.use_argb = 1;  // the animation encoder compares frames in ARGB
    g.pic.width = w;
    g.pic.height = h;
    OSSIMG_RETURN_IF_ERROR(ImportPicture(frames[i], &g.pic));
    if (!WebPAnimEncoderAdd(enc.get(), &g.pic, ts, &config)) {
      return InternalError(std::string("WebP animation encode: ") +
                           WebPAnimEncoderGetError(enc.get()));
    }
    ts += std::max(0, i < delays_ms.size() ? delays_ms[i] : 0);
  }
  // The end of the last frame fixes its duration.
  if (!WebPAnimEncoderAdd(enc.get(), nullptr, ts, nullptr)) {
    return InternalError(std::string("WebP animation encode: ") +
                         WebPAnimEncoderGetError(enc.get()));
  }
  WebPData assembled;
  WebPDataInit(&assembled);
  if (!WebPAnimEncoderAssemble(enc.get(), &assembled)) {
    WebPDataClear(&assembled);
    return InternalError(std::string("WebP animation assemble: ") +
                         WebPAnimEncoderGetError(enc.get()));
  }
  std::vector<uint8_t> out(assembled.bytes, assembled.bytes + assembled.size);
  WebPDataClear(&assembled);
  if (options.icc_profile.empty()) return out;
  return AddIcc(out, options.icc_profile);
}

}  // namespace ossimg::codecs
