// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// GIF through giflib 5.2 (decode) and cgif 0.3 (encode).
//
// giflib is driven record by record (DGifGetRecordType / DGifGetImageDesc / DGifGetLine) rather
// than with DGifSlurp, which would hold every frame's raster at once with no bound but the LZW
// ratio. Probe walks the file once without decompressing (DGifGetCode / DGifGetCodeNext hand back
// the compressed blocks): frame count, frame rectangles, disposal, delays, transparency, the
// NETSCAPE2.0 loop count. It stops as soon as the frame count passes Limits::max_frames, and the
// decompressed work is bounded before any LZW runs: the sum of the frames' areas must stay under
// Limits::max_pixels, as the canvas x frames does.
//
// Composition follows the GIF89a specification as browsers implement it: the canvas starts
// transparent (the logical screen's background colour is ignored, as every browser does), a
// frame's transparent index leaves the canvas pixel as it was, and before the next frame the
// frame's area is left (disposal 0/1), cleared to transparent (2) or restored to what it was
// before the frame was drawn (3). Frames are clipped to the canvas; palette indices past the
// colour table are left undrawn. The output is RGBA8 when anything can be transparent (a
// transparent index, disposal 2, a first frame not covering the canvas or disposed with 3),
// RGB8 otherwise.
//
// A file cut at a record boundary (a missing trailer is common) is complete. A file cut inside
// a frame's data gives the frames before it, or CorruptInput with DecodeOptions::fail_on_truncated
// or when no frame is whole; LZW errors inside a whole frame are CorruptInput.

#include "codecs/gif_codec.h"

#include <cgif.h>
#include <gif_lib.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "codecs/quantize.h"

namespace ossimg::codecs {
namespace {

struct Source {
  const uint8_t* data;
  size_t size;
  size_t pos;
};

int ReadFn(GifFileType* gif, GifByteType* buf, int len) {
  auto* s = static_cast<Source*>(gif->UserData);
  if (len <= 0) return 0;
  const size_t n = std::min(static_cast<size_t>(len), s->size - s->pos);
  std::memcpy(buf, s->data + s->pos, n);
  s->pos += n;
  return static_cast<int>(n);
}

struct GifCloser {
  void operator()(GifFileType* g) const {
    int err = 0;
    DGifCloseFile(g, &err);
  }
};
using GifPtr = std::unique_ptr<GifFileType, GifCloser>;

struct FrameHeader {
  Rect rect;
  int disposal = 0;
  int delay_cs = 0;
  int transparent = -1;
};

// What a walk over the records learns.
struct Scan {
  int32_t width = 0, height = 0;
  std::vector<FrameHeader> frames;
  int loop_count = 1;  // plays; 0 = forever
  bool truncated = false;
  bool has_alpha = false;
};

// Draws frames onto the canvas and applies their disposal.
class Composer {
 public:
  explicit Composer(Image canvas) : canvas_(std::move(canvas)) {
    for (int32_t y = 0; y < canvas_.height(); ++y) {
      std::memset(canvas_.Row(y), 0, static_cast<size_t>(canvas_.width()) * canvas_.channels());
    }
  }

  // Disposes of the previous frame and prepares for `fh`.
  Status Begin(const FrameHeader& fh) {
    const Rect canvas_rect{0, 0, canvas_.width(), canvas_.height()};
    if (have_prev_) {
      const Rect r = prev_.rect.Intersect(canvas_rect);
      const size_t ch = canvas_.channels();
      if (prev_.disposal == DISPOSE_BACKGROUND && !r.empty()) {
        for (int32_t y = r.y; y < r.y + r.height; ++y) {
          std::memset(canvas_.Row(y) + r.x * ch, 0, r.width * ch);
        }
      } else if (prev_.disposal == DISPOSE_PREVIOUS && !r.empty()) {
        for (int32_t y = r.y; y < r.y + r.height; ++y) {
          std::memcpy(canvas_.Row(y) + r.x * ch, saved_.Row(y) + r.x * ch, r.width * ch);
        }
      }
    }
    if (fh.disposal == DISPOSE_PREVIOUS) {
      if (saved_.empty()) {
        Limits unlimited;  // counted in the probe's decoder_bytes
        unlimited.max_side = unlimited.max_output_side = 1 << 30;
        unlimited.max_pixels = unlimited.max_memory_bytes = UINT64_MAX;
        OSSIMG_ASSIGN_OR_RETURN(saved_, Image::Create(canvas_.width(), canvas_.height(),
                                                      canvas_.format(), unlimited));
      }
      const size_t row = static_cast<size_t>(canvas_.width()) * canvas_.channels();
      for (int32_t y = 0; y < canvas_.height(); ++y) {
        std::memcpy(saved_.Row(y), canvas_.Row(y), row);
      }
    }
    prev_ = fh;
    have_prev_ = true;
    return Status::Ok();
  }

  // Row `y` of the current frame (frame coordinates), as palette indices.
  void Row(int32_t y, const uint8_t* idx, const ColorMapObject* cmap) {
    const int32_t cy = prev_.rect.y + y;
    if (cy < 0 || cy >= canvas_.height()) return;
    const int32_t x0 = std::max(0, prev_.rect.x);
    const int32_t x1 = std::min(canvas_.width(), prev_.rect.x + prev_.rect.width);
    const int ch = canvas_.channels();
    uint8_t* d = canvas_.Row(cy);
    for (int32_t x = x0; x < x1; ++x) {
      const int i = idx[x - prev_.rect.x];
      if (i == prev_.transparent || i >= cmap->ColorCount) continue;
      const GifColorType& c = cmap->Colors[i];
      uint8_t* p = d + static_cast<size_t>(x) * ch;
      p[0] = c.Red;
      p[1] = c.Green;
      p[2] = c.Blue;
      if (ch == 4) p[3] = 255;
    }
  }

  Image& canvas() { return canvas_; }

 private:
  Image canvas_;
  Image saved_;
  FrameHeader prev_;
  bool have_prev_ = false;
};

Status GifError(const GifFileType* gif, const char* what) {
  const int e = gif ? gif->Error : 0;
  if (e == D_GIF_ERR_NOT_ENOUGH_MEM) return ImageTooLargeError(std::string("GIF ") + what);
  const char* msg = GifErrorString(e);
  return CorruptInputError(std::string("GIF ") + what + ": " + (msg ? msg : "error"));
}

// Walks the records. Frames [0, decode_frames) are decoded into `composer` and handed to
// `on_frame`; later frames are skipped (not decompressed); the walk stops after `stop_after`
// frames (to not read past what a caller needs). Limits are checked as frames are found.
template <typename OnFrame>
Status Walk(const uint8_t* data, size_t size, const Limits& limits, int decode_frames,
            int stop_after, Composer* composer, Scan* scan, OnFrame on_frame) {
  Source src{data, size, 0};
  int err = 0;
  GifPtr gif(DGifOpen(&src, ReadFn, &err));
  if (gif == nullptr) return CorruptInputError("GIF header is damaged or truncated");
  scan->width = gif->SWidth;
  scan->height = gif->SHeight;
  GraphicsControlBlock gcb{DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR};
  uint64_t frame_pixels = 0;
  std::vector<uint8_t> line;
  for (;;) {
    if (static_cast<int>(scan->frames.size()) >= stop_after) break;
    GifRecordType type;
    if (DGifGetRecordType(gif.get(), &type) == GIF_ERROR) {
      // Cut or garbage at a record boundary: the frames so far are whole (a missing trailer is
      // common). Nothing at all is an error.
      if (scan->frames.empty()) return GifError(gif.get(), "has no image");
      break;
    }
    if (type == TERMINATE_RECORD_TYPE) break;
    if (type == EXTENSION_RECORD_TYPE) {
      int code = 0;
      GifByteType* ext = nullptr;
      if (DGifGetExtension(gif.get(), &code, &ext) == GIF_ERROR) {
        scan->truncated = true;
        break;
      }
      bool netscape = false;
      if (ext != nullptr && code == GRAPHICS_EXT_FUNC_CODE) {
        if (DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_ERROR) {
          gcb = GraphicsControlBlock{DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR};
        }
      } else if (ext != nullptr && code == APPLICATION_EXT_FUNC_CODE && ext[0] == 11 &&
                 (std::memcmp(ext + 1, "NETSCAPE2.0", 11) == 0 ||
                  std::memcmp(ext + 1, "ANIMEXTS1.0", 11) == 0)) {
        netscape = true;
      }
      while (ext != nullptr) {
        if (DGifGetExtensionNext(gif.get(), &ext) == GIF_ERROR) {
          scan->truncated = true;
          break;
        }
        if (netscape && ext != nullptr && ext[0] >= 3 && ext[1] == 1) {
          const int n = ext[2] | ext[3] << 8;
          // n repeats after the first play (browsers, gif2webp): n + 1 plays, 0 forever.
          scan->loop_count = n == 0 ? 0 : n + 1;
          netscape = false;
        }
      }
      if (scan->truncated) break;
      continue;
    }
    if (type != IMAGE_DESC_RECORD_TYPE) continue;  // giflib reports only the three above

    if (DGifGetImageDesc(gif.get()) == GIF_ERROR) {
      scan->truncated = true;
      break;
    }
    const GifImageDesc& d = gif->Image;
    if (d.Width <= 0 || d.Height <= 0) return CorruptInputError("GIF frame has no pixels");
    const ColorMapObject* cmap = d.ColorMap ? d.ColorMap : gif->SColorMap;
    if (cmap == nullptr || cmap->Colors == nullptr) {
      return CorruptInputError("GIF frame has no colour table");
    }
    if (static_cast<int>(scan->frames.size()) >= limits.max_frames) {
      return ImageTooLargeError("GIF has more than " + std::to_string(limits.max_frames) +
                                " frames");
    }
    frame_pixels += static_cast<uint64_t>(d.Width) * static_cast<uint64_t>(d.Height);
    if (frame_pixels > limits.max_pixels) {
      return ImageTooLargeError("GIF frames hold more than " + std::to_string(limits.max_pixels) +
                                " pixels");
    }
    FrameHeader fh;
    fh.rect = Rect{d.Left, d.Top, d.Width, d.Height};
    fh.disposal = gcb.DisposalMode;
    fh.delay_cs = gcb.DelayTime;
    fh.transparent = gcb.TransparentColor;
    gcb = GraphicsControlBlock{DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR};

    const int index = static_cast<int>(scan->frames.size());
    if (composer != nullptr && index < decode_frames) {
      OSSIMG_RETURN_IF_ERROR(composer->Begin(fh));
      line.resize(static_cast<size_t>(d.Width));
      // Interlaced rows arrive in four passes: every 8th from 0, every 8th from 4, every 4th
      // from 2, every 2nd from 1.
      static const int kStart[4] = {0, 4, 2, 1}, kStep[4] = {8, 8, 4, 2};
      const int passes = d.Interlace ? 4 : 1;
      for (int p = 0; p < passes; ++p) {
        const int start = d.Interlace ? kStart[p] : 0, step = d.Interlace ? kStep[p] : 1;
        for (int y = start; y < d.Height; y += step) {
          if (DGifGetLine(gif.get(), line.data(), d.Width) == GIF_ERROR) {
            if (src.pos >= src.size) {
              scan->truncated = true;
              return CorruptInputError("GIF is truncated inside a frame");
            }
            return GifError(gif.get(), "frame data");
          }
          composer->Row(y, line.data(), cmap);
        }
      }
      scan->frames.push_back(fh);
      OSSIMG_RETURN_IF_ERROR(on_frame(index));
    } else {
      int code_size = 0;
      GifByteType* block = nullptr;
      bool cut = DGifGetCode(gif.get(), &code_size, &block) == GIF_ERROR;
      while (!cut && block != nullptr) cut = DGifGetCodeNext(gif.get(), &block) == GIF_ERROR;
      if (cut) {
        // The frame's data ends early: it is not counted.
        scan->truncated = true;
        break;
      }
      scan->frames.push_back(fh);
    }
  }
  if (scan->frames.empty()) return CorruptInputError("GIF has no whole frame");
  return Status::Ok();
}

bool AnyTransparency(const Scan& s) {
  const Rect canvas{0, 0, s.width, s.height};
  if (!(s.frames[0].rect.Intersect(canvas) == canvas)) return true;
  if (s.frames[0].disposal == DISPOSE_PREVIOUS) return true;
  for (const FrameHeader& f : s.frames) {
    if (f.transparent >= 0 || f.disposal == DISPOSE_BACKGROUND) return true;
  }
  return false;
}

// Appends cgif's output.
int WriteFn(void* ctx, const uint8_t* data, const size_t n) {
  auto* out = static_cast<std::vector<uint8_t>*>(ctx);
  out->insert(out->end(), data, data + n);
  return 0;
}

struct CgifCloser {
  void operator()(CGIF* g) const { cgif_close(g); }
};

}  // namespace

bool SniffGif(const uint8_t* d, size_t n) {
  return n >= 6 && (std::memcmp(d, "GIF87a", 6) == 0 || std::memcmp(d, "GIF89a", 6) == 0);
}

Status ProbeGif(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out) {
  Scan scan;
  // The canvas is checked first so a lying screen descriptor is ImageTooLarge at once.
  if (size >= 10) {
    ImageInfo hdr;
    hdr.width = data[6] | data[7] << 8;
    hdr.height = data[8] | data[9] << 8;
    OSSIMG_RETURN_IF_ERROR(CheckProbeLimits(hdr, limits));
  }
  OSSIMG_RETURN_IF_ERROR(Walk(data, size, limits, 0, limits.max_frames + 1, nullptr, &scan,
                              [](int) { return Status::Ok(); }));
  ImageInfo& info = out->info;
  info.width = scan.width;
  info.height = scan.height;
  info.frame_count = static_cast<int32_t>(scan.frames.size());
  info.has_alpha = AnyTransparency(scan);
  info.channels = info.has_alpha ? 4 : 3;
  info.bit_depth = 8;
  info.palette = true;
  info.pixel_format = info.has_alpha ? PixelFormat::kRGBA8 : PixelFormat::kRGB8;
  // The working canvas (the first frame is returned in it) aside, disposal 3 keeps a copy of
  // the canvas, and giflib a line and its LZW tables.
  out->decoder_bytes = ImageBytes(scan.width, scan.height, info.pixel_format) + 65536 + 32768;
  return Status::Ok();
}

StatusOr<Image> DecodeGif(const uint8_t* data, size_t size, const ProbeResult& probe,
                          const DecodeOptions& options, const Limits& limits) {
  const ImageInfo& info = probe.info;
  const int d = options.scale_denom;
  const Rect full{0, 0, (info.width + d - 1) / d, (info.height + d - 1) / d};
  const Rect crop = options.crop.empty() ? full : options.crop.Intersect(full);
  if (crop.empty()) return InvalidArgumentError("crop rectangle lies outside the image");
  if (d != 1) {
    // GIF has no shrink-on-load; the engine resizes. Refusing is clearer than a silent full size.
    return UnsupportedError("GIF cannot be decoded at a reduced scale");
  }
  OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(
      ImageBytes(info.width, info.height, info.pixel_format) +
          (crop == full ? 0 : ImageBytes(crop.width, crop.height, info.pixel_format)),
      probe.decoder_bytes, limits));
  OSSIMG_ASSIGN_OR_RETURN(Image canvas,
                          Image::Create(info.width, info.height, info.pixel_format, limits));
  canvas.set_alpha(info.has_alpha ? AlphaMode::kStraight : AlphaMode::kNone);
  Composer composer(std::move(canvas));
  Scan scan;
  // A strict decode reads every frame's blocks so a cut later in the file is noticed.
  const int stop = options.fail_on_truncated ? limits.max_frames + 1 : 1;
  OSSIMG_RETURN_IF_ERROR(Walk(data, size, limits, 1, stop, &composer, &scan,
                              [](int) { return Status::Ok(); }));
  if (options.fail_on_truncated && scan.truncated) {
    return CorruptInputError("GIF is truncated");
  }
  Image out = std::move(composer.canvas());
  if (crop == full) return out;
  return CopyCrop(out, crop, limits);
}

StatusOr<Animation> DecodeGifAnimation(const uint8_t* data, size_t size, const ProbeResult& probe,
                                       const Limits& limits) {
  const ImageInfo& info = probe.info;
  const uint64_t frame_bytes = ImageBytes(info.width, info.height, info.pixel_format);
  OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(
      frame_bytes * static_cast<uint64_t>(info.frame_count + 1), probe.decoder_bytes, limits));
  OSSIMG_ASSIGN_OR_RETURN(Image canvas,
                          Image::Create(info.width, info.height, info.pixel_format, limits));
  const AlphaMode alpha = info.has_alpha ? AlphaMode::kStraight : AlphaMode::kNone;
  canvas.set_alpha(alpha);
  Composer composer(std::move(canvas));
  Animation anim;
  Scan scan;
  const size_t row = static_cast<size_t>(info.width) * Channels(info.pixel_format);
  OSSIMG_RETURN_IF_ERROR(Walk(data, size, limits, info.frame_count, info.frame_count, &composer,
                              &scan, [&](int) -> Status {
                                OSSIMG_ASSIGN_OR_RETURN(
                                    Image f, Image::Create(info.width, info.height,
                                                           info.pixel_format, limits));
                                f.set_alpha(alpha);
                                const Image& c = composer.canvas();
                                for (int32_t y = 0; y < info.height; ++y) {
                                  std::memcpy(f.Row(y), c.Row(y), row);
                                }
                                anim.frames.push_back(std::move(f));
                                return Status::Ok();
                              }));
  if (static_cast<int32_t>(anim.frames.size()) != info.frame_count) {
    return CorruptInputError("GIF frames changed between probe and decode");
  }
  for (const FrameHeader& f : scan.frames) anim.delays_ms.push_back(f.delay_cs * 10);
  anim.loop_count = scan.loop_count;
  return anim;
}

StatusOr<std::vector<uint8_t>> EncodeGifAnimation(const std::vector<ImageView>& frames,
                                                  const std::vector<int>& delays_ms,
                                                  int loop_count, const EncodeOptions& options) {
  if (frames.empty()) return InvalidArgumentError("GIF needs at least one frame");
  const int32_t w = frames[0].width, h = frames[0].height;
  if (w > 65535 || h > 65535) {
    return ImageTooLargeError("GIF sides are limited to 65535 pixels");
  }
  const bool animated = frames.size() > 1;
  // cgif finds no free index for its "unchanged pixel" transparency in a full 256-entry table,
  // so an approximated animation gets 255 colours. Frames with exactly 256 colours keep them all:
  // lossless beats that optimisation (cgif still crops each frame to its changed rectangle).
  Palette pal = BuildPalette(frames, 256);
  if (animated && !pal.exact) pal = BuildPalette(frames, 255);
  if (pal.transparent == 0) {
    // cgif compares colours, not indices, when differencing frames: the transparent entry gets a
    // colour no opaque entry has, so an opaque pixel never matches a transparent one.
    uint32_t c = 0;
    for (bool used = true; used; ++c) {
      used = false;
      for (int i = 1; i < pal.size(); ++i) {
        const uint8_t* p = &pal.rgb[3 * i];
        if ((static_cast<uint32_t>(p[0]) << 16 | p[1] << 8 | p[2]) == c) used = true;
      }
      if (!used) break;
    }
    pal.rgb[0] = static_cast<uint8_t>(c >> 16);
    pal.rgb[1] = static_cast<uint8_t>(c >> 8);
    pal.rgb[2] = static_cast<uint8_t>(c);
  }
  while (pal.size() < 2) pal.rgb.insert(pal.rgb.end(), {0, 0, 0});

  std::vector<uint8_t> out;
  CGIF_Config cfg;
  std::memset(&cfg, 0, sizeof(cfg));
  cfg.pGlobalPalette = pal.rgb.data();
  cfg.numGlobalPaletteEntries = static_cast<uint16_t>(pal.size());
  cfg.width = static_cast<uint16_t>(w);
  cfg.height = static_cast<uint16_t>(h);
  if (animated) {
    cfg.attrFlags = CGIF_ATTR_IS_ANIMATED;
    if (loop_count == 1) {
      cfg.attrFlags |= CGIF_ATTR_NO_LOOP;
    } else {
      cfg.numLoops = static_cast<uint16_t>(loop_count <= 0 ? 0 : std::min(loop_count - 1, 65535));
    }
  } else if (pal.transparent == 0) {
    // cgif writes the graphics control extension (which carries the transparent index) only in
    // animated mode; one frame without a loop extension is still a still image.
    cfg.attrFlags = CGIF_ATTR_IS_ANIMATED | CGIF_ATTR_NO_LOOP;
  }
  cfg.pWriteFn = WriteFn;
  cfg.pContext = &out;
  std::unique_ptr<CGIF, CgifCloser> gif(cgif_newgif(&cfg));
  if (gif == nullptr) return InternalError("cgif: cannot start the GIF");
  std::vector<uint8_t> idx(static_cast<size_t>(w) * static_cast<size_t>(h));
  PaletteMapper mapper(pal);
  for (size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].width != w || frames[i].height != h) {
      return InvalidArgumentError("GIF frames must all have the same size");
    }
    mapper.Map(frames[i], options.gif_dither && !animated, idx.data());
    CGIF_FrameConfig fc;
    std::memset(&fc, 0, sizeof(fc));
    fc.pImageData = idx.data();
    const int ms = i < delays_ms.size() ? delays_ms[i] : 0;
    fc.delay = static_cast<uint16_t>(std::clamp((ms + 5) / 10, 0, 65535));
    if (animated) fc.genFlags = CGIF_FRAME_GEN_USE_TRANSPARENCY | CGIF_FRAME_GEN_USE_DIFF_WINDOW;
    if (pal.transparent == 0 && std::find(idx.begin(), idx.end(), 0) != idx.end()) {
      // cgif then disposes of the previous frame to the background, so the hole shows.
      fc.attrFlags = CGIF_FRAME_ATTR_HAS_ALPHA;
      fc.transIndex = 0;
    }
    if (cgif_addframe(gif.get(), &fc) != CGIF_OK) return InternalError("cgif: cannot add a frame");
  }
  const int r = cgif_close(gif.release());
  if (r != CGIF_OK) return InternalError("cgif: cannot finish the GIF (" + std::to_string(r) + ")");
  return out;
}

StatusOr<std::vector<uint8_t>> EncodeGif(const ImageView& image, const EncodeOptions& options) {
  return EncodeGifAnimation({image}, {0}, 1, options);
}

}  // namespace ossimg::codecs
