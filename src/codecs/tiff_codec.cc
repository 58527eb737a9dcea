// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// TIFF through libtiff 4.5+, dlopen'd on first use. The file is read from
// memory through TIFFClientOpenExt, whose per-handle error and warning handlers
// collect libtiff's messages into the handle's state (nothing reaches stderr,
// and concurrent decodes do not share a handler), and whose single-allocation
// cap is the memory budget.
//
// Decoding: 8-bit contiguous gray/RGB(A) strips, the bulk of real files, are
// read scanline by scanline straight into the output (exact, alpha as stored).
// Everything else (tiles, 1/2/4/16-bit, palette, YCbCr, CMYK, separate planes,
// min-is-white) goes through libtiff's RGBA interface in bands of rows, which
// converts to 8-bit RGBA with associated alpha; we undo the association.
// Orientation is reported (ImageInfo::orientation), never applied: rows come in
// storage order and the planner orients, as for JPEG's EXIF.

#include "codecs/tiff_codec.h"

#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_set>

#include "core/dynlib.h"

namespace ossimg::codecs {
namespace {

struct TiffApi {
  decltype(&TIFFOpenOptionsAlloc) options_alloc;
  decltype(&TIFFOpenOptionsFree) options_free;
  decltype(&TIFFOpenOptionsSetMaxSingleMemAlloc) options_set_max_alloc;
  decltype(&TIFFOpenOptionsSetErrorHandlerExtR) options_set_error;
  decltype(&TIFFOpenOptionsSetWarningHandlerExtR) options_set_warning;
  decltype(&TIFFClientOpenExt) client_open;
  decltype(&TIFFClose) close;
  decltype(&TIFFGetField) get_field;
  decltype(&TIFFGetFieldDefaulted) get_field_defaulted;
  decltype(&TIFFSetField) set_field;
  decltype(&TIFFIsTiled) is_tiled;
  decltype(&TIFFStripSize64) strip_size;
  decltype(&TIFFTileSize64) tile_size;
  decltype(&TIFFScanlineSize64) scanline_size;
  decltype(&TIFFReadScanline) read_scanline;
  decltype(&TIFFWriteScanline) write_scanline;
  decltype(&TIFFDefaultStripSize) default_strip_size;
  decltype(&TIFFRGBAImageOK) rgba_ok;
  decltype(&TIFFRGBAImageBegin) rgba_begin;
  decltype(&TIFFRGBAImageGet) rgba_get;
  decltype(&TIFFRGBAImageEnd) rgba_end;
};

Status GetTiff(const TiffApi** api) {
  return LoadDynLib<TiffApi>(
      "libtiff", {OSSIMG_SONAME_TIFF},
      [](DynLib& l, TiffApi& a) {
        return l.Sym("TIFFOpenOptionsAlloc", &a.options_alloc) &&
               l.Sym("TIFFOpenOptionsFree", &a.options_free) &&
               l.Sym("TIFFOpenOptionsSetMaxSingleMemAlloc", &a.options_set_max_alloc) &&
               l.Sym("TIFFOpenOptionsSetErrorHandlerExtR", &a.options_set_error) &&
               l.Sym("TIFFOpenOptionsSetWarningHandlerExtR", &a.options_set_warning) &&
               l.Sym("TIFFClientOpenExt", &a.client_open) && l.Sym("TIFFClose", &a.close) &&
               l.Sym("TIFFGetField", &a.get_field) &&
               l.Sym("TIFFGetFieldDefaulted", &a.get_field_defaulted) &&
               l.Sym("TIFFSetField", &a.set_field) && l.Sym("TIFFIsTiled", &a.is_tiled) &&
               l.Sym("TIFFStripSize64", &a.strip_size) && l.Sym("TIFFTileSize64", &a.tile_size) &&
               l.Sym("TIFFScanlineSize64", &a.scanline_size) &&
               l.Sym("TIFFReadScanline", &a.read_scanline) &&
               l.Sym("TIFFWriteScanline", &a.write_scanline) &&
               l.Sym("TIFFDefaultStripSize", &a.default_strip_size) &&
               l.Sym("TIFFRGBAImageOK", &a.rgba_ok) && l.Sym("TIFFRGBAImageBegin", &a.rgba_begin) &&
               l.Sym("TIFFRGBAImageGet", &a.rgba_get) && l.Sym("TIFFRGBAImageEnd", &a.rgba_end);
      },
      api);
}

// The client I/O state: a read-only buffer, or a growing output buffer with a
// seek position (libtiff writes the directory last and seeks back to link it).
struct Io {
  const uint8_t* in = nullptr;
  std::vector<uint8_t>* out = nullptr;
  uint64_t size = 0;
  uint64_t pos = 0;
  std::string error;  // the first libtiff error
  int warnings = 0;
};

tmsize_t ReadProc(thandle_t h, void* buf, tmsize_t n) {
  Io* io = static_cast<Io*>(h);
  if (n < 0 || (io->in == nullptr && io->out == nullptr)) return -1;
  // libtiff reads back what it wrote only in update modes; the encoder's buffer
  // serves that too.
  const uint8_t* src = io->in != nullptr ? io->in : io->out->data();
  const uint64_t avail = io->pos < io->size ? io->size - io->pos : 0;
  const uint64_t k = std::min<uint64_t>(avail, static_cast<uint64_t>(n));
  if (k > 0) std::memcpy(buf, src + io->pos, k);
  io->pos += k;
  return static_cast<tmsize_t>(k);
}

tmsize_t WriteProc(thandle_t h, void* buf, tmsize_t n) {
  Io* io = static_cast<Io*>(h);
  if (io->out == nullptr || n < 0) return -1;
  const uint64_t end = io->pos + static_cast<uint64_t>(n);
  if (end > UINT32_MAX * uint64_t{4}) return -1;
  if (end > io->out->size()) io->out->resize(end);
  std::memcpy(io->out->data() + io->pos, buf, static_cast<size_t>(n));
  io->pos = end;
  io->size = std::max<uint64_t>(io->size, end);
  return n;
}

toff_t SeekProc(thandle_t h, toff_t off, int whence) {
  Io* io = static_cast<Io*>(h);
  uint64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? io->pos : io->size;
  const uint64_t target = base + off;  // off is unsigned; libtiff passes wrapped negatives
  if (io->out == nullptr && target > io->size) return static_cast<toff_t>(-1);
  io->pos = target;
  return target;
}

int CloseProc(thandle_t) { return 0; }
toff_t SizeProc(thandle_t h) { return static_cast<Io*>(h)->size; }
int MapProc(thandle_t, void**, toff_t*) { return 0; }
void UnmapProc(thandle_t, void*, toff_t) {}

// The format string is libtiff's own (printf-style, checked by libtiff's callers).
__attribute__((format(printf, 4, 0))) int ErrorHandler(TIFF*, void* user, const char* module,
                                                      const char* fmt, va_list ap) {
  Io* io = static_cast<Io*>(user);
  if (io->error.empty()) {
    char msg[512];
    std::vsnprintf(msg, sizeof(msg), fmt, ap);
    io->error = std::string(module != nullptr ? module : "libtiff") + ": " + msg;
  }
  return 1;  // handled: libtiff's global handler (stderr) is not called
}

int WarningHandler(TIFF*, void* user, const char*, const char*, va_list) {
  ++static_cast<Io*>(user)->warnings;
  return 1;
}

// An open TIFF handle; closes on destruction.
class Handle {
 public:
  Handle(const TiffApi* api, TIFF* tif) : api_(api), tif_(tif) {}
  ~Handle() {
    if (tif_ != nullptr) api_->close(tif_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  TIFF* get() const { return tif_; }
  // Flushes and closes now (the encoder needs the bytes written).
  void Close() {
    if (tif_ != nullptr) api_->close(tif_);
    tif_ = nullptr;
  }

 private:
  const TiffApi* api_;
  TIFF* tif_;
};

StatusOr<std::unique_ptr<Handle>> Open(const TiffApi* api, Io* io, const char* mode,
                                       uint64_t max_alloc) {
  TIFFOpenOptions* opts = api->options_alloc();
  if (opts == nullptr) return InternalError("libtiff: out of memory");
  api->options_set_error(opts, ErrorHandler, io);
  api->options_set_warning(opts, WarningHandler, io);
  api->options_set_max_alloc(opts, static_cast<tmsize_t>(std::min<uint64_t>(max_alloc, INT64_MAX)));
  // 'm': no memory mapping (we have no file); 'h' reads the header only... not
  // wanted.
  TIFF* tif = api->client_open("memory", mode, io, ReadProc, WriteProc, SeekProc, CloseProc,
                               SizeProc, MapProc, UnmapProc, opts);
  api->options_free(opts);
  if (tif == nullptr) {
    return CorruptInputError("TIFF: " +
                             (io->error.empty() ? std::string("cannot open") : io->error));
  }
  return std::make_unique<Handle>(api, tif);
}

uint16_t Be16(const uint8_t* p, bool le) {
  return le ? static_cast<uint16_t>(p[0] | p[1] << 8) : static_cast<uint16_t>(p[0] << 8 | p[1]);
}
uint32_t Get32(const uint8_t* p, bool le) {
  return le ? (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24)
            : (uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3]);
}
uint64_t Get64(const uint8_t* p, bool le) {
  const uint64_t a = Get32(p, le), b = Get32(p + 4, le);
  return le ? (b << 32 | a) : (a << 32 | b);
}

// Walks the IFD chain without libtiff (header bytes only) and refuses more than
// `max` directories: a chain of thousands of IFDs costs libtiff a full
// directory read each, and a file that claims them is not a picture OSS would
// process. Loops end the walk (libtiff detects them too).
Status CheckIfdCount(const uint8_t* d, size_t n, int32_t max) {
  if (n < 8) return CorruptInputError("TIFF header truncated");
  const bool le = d[0] == 'I';
  const bool big = Be16(d + 2, le) == 43;
  uint64_t off = big ? (n >= 16 ? Get64(d + 8, le) : 0) : Get32(d + 4, le);
  std::unordered_set<uint64_t> seen;
  int32_t count = 0;
  while (off != 0 && off < n && seen.insert(off).second) {
    if (++count > max) {
      return ImageTooLargeError("TIFF has more than " + std::to_string(max) + " directories");
    }
    const uint64_t head = big ? 8 : 2, entry = big ? 20 : 12, link = big ? 8 : 4;
    if (off + head > n) break;
    const uint64_t entries = big ? Get64(d + off, le) : Be16(d + off, le);
    const uint64_t next_at = off + head + entries * entry;
    if (entries > n || next_at + link > n) break;
    off = big ? Get64(d + next_at, le) : Get32(d + next_at, le);
  }
  return Status::Ok();
}

// What the first directory says.
struct Dir {
  uint32_t width = 0, height = 0;
  uint16_t spp = 1, bps = 1, photometric = 0, planar = PLANARCONFIG_CONTIG, orientation = 1;
  uint16_t extra_count = 0;
  uint16_t extra_type = 0;  // EXTRASAMPLE_* of the first extra sample
  bool tiled = false;
  uint64_t chunk_bytes = 0;  // one strip or tile
  bool simple = false;       // the direct scanline path applies
  bool alpha = false;
  bool gray = false;
};

constexpr uint64_t kMaxTilePixels = uint64_t{1} << 26;  // 8192 x 8192

Status ReadDir(const TiffApi* api, TIFF* tif, Io* io, const Limits& limits, Dir* dir,
               std::vector<uint8_t>* icc) {
  if (!api->get_field(tif, TIFFTAG_IMAGEWIDTH, &dir->width) ||
      !api->get_field(tif, TIFFTAG_IMAGELENGTH, &dir->height)) {
    return CorruptInputError("TIFF lacks its image size");
  }
  api->get_field_defaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &dir->spp);
  api->get_field_defaulted(tif, TIFFTAG_BITSPERSAMPLE, &dir->bps);
  api->get_field_defaulted(tif, TIFFTAG_PLANARCONFIG, &dir->planar);
  api->get_field_defaulted(tif, TIFFTAG_ORIENTATION, &dir->orientation);
  if (!api->get_field(tif, TIFFTAG_PHOTOMETRIC, &dir->photometric)) {
    dir->photometric = dir->spp >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
  }
  uint16_t* extra = nullptr;
  if (api->get_field(tif, TIFFTAG_EXTRASAMPLES, &dir->extra_count, &extra) &&
      dir->extra_count > 0 && extra != nullptr) {
    dir->extra_type = extra[0];
  }
  dir->tiled = api->is_tiled(tif) != 0;
  if (dir->tiled) {
    uint32_t tw = 0, th = 0;
    api->get_field(tif, TIFFTAG_TILEWIDTH, &tw);
    api->get_field(tif, TIFFTAG_TILELENGTH, &th);
    if (tw == 0 || th == 0) return CorruptInputError("TIFF tile of zero size");
    if (uint64_t{tw} * th > kMaxTilePixels) {
      return ImageTooLargeError("TIFF tile " + std::to_string(tw) + "x" + std::to_string(th) +
                                " exceeds " + std::to_string(kMaxTilePixels) + " pixels");
    }
    dir->chunk_bytes = api->tile_size(tif);
  } else {
    dir->chunk_bytes = api->strip_size(tif);
  }
  if (dir->orientation < 1 || dir->orientation > 8) dir->orientation = 1;
  const bool gray_photo =
      dir->photometric == PHOTOMETRIC_MINISBLACK || dir->photometric == PHOTOMETRIC_MINISWHITE;
  dir->gray = gray_photo && dir->spp <= 2;
  // Alpha: an extra sample flagged as alpha; an unspecified extra sample on
  // RGB+1 or gray+1 is alpha too, as libtiff's RGBA interface reads it.
  const uint16_t colour = dir->gray ? 1 : 3;
  dir->alpha = dir->spp > colour && dir->extra_count > 0;
  dir->simple = !dir->tiled && dir->bps == 8 && dir->planar == PLANARCONFIG_CONTIG &&
                dir->spp == colour + (dir->alpha ? 1 : 0) &&
                ((dir->photometric == PHOTOMETRIC_MINISBLACK && (dir->spp == 1 || dir->spp == 2)) ||
                 (dir->photometric == PHOTOMETRIC_RGB && (dir->spp == 3 || dir->spp == 4))) &&
                (!dir->alpha || dir->extra_type != EXTRASAMPLE_ASSOCALPHA);
  if (!dir->simple) {
    char emsg[1024] = {};
    if (!api->rgba_ok(tif, emsg)) return UnsupportedError(std::string("TIFF layout: ") + emsg);
  }
  if (dir->chunk_bytes == 0) {
    return CorruptInputError("TIFF: " + (io->error.empty() ? std::string("bad strip") : io->error));
  }
  (void)limits;
  uint32_t icc_len = 0;
  void* icc_data = nullptr;
  if (api->get_field(tif, TIFFTAG_ICCPROFILE, &icc_len, &icc_data) && icc_data != nullptr &&
      icc_len > 0) {
    const uint8_t* p = static_cast<const uint8_t*>(icc_data);
    icc->assign(p, p + icc_len);
  }
  return Status::Ok();
}

PixelFormat FormatOf(const Dir& d) {
  return d.gray ? (d.alpha ? PixelFormat::kGrayA8 : PixelFormat::kGray8)
                : (d.alpha ? PixelFormat::kRGBA8 : PixelFormat::kRGB8);
}

// Rows of RGBA handed to libtiff at once: the raster is this many rows of
// 4-byte pixels.
constexpr uint32_t kBandRows = 64;

uint64_t DecoderBytes(const Dir& d) {
  const uint64_t scanline = uint64_t{d.width} * d.spp * ((d.bps + 7) / 8);
  return d.chunk_bytes + (d.simple ? scanline : uint64_t{d.width} * kBandRows * 4);
}

// Straight alpha from libtiff's associated RGBA (always premultiplied, whatever
// the file held).
void RgbaRowToOutput(const uint32_t* src, int32_t w, PixelFormat f, uint8_t* o) {
  const int ch = Channels(f);
  for (int32_t x = 0; x < w; ++x, o += ch) {
    const uint32_t p = src[x];
    const uint32_t a = TIFFGetA(p);
    uint32_t c[3] = {TIFFGetR(p), TIFFGetG(p), TIFFGetB(p)};
    if (HasAlpha(f) && a != 255) {
      for (uint32_t& v : c) v = a == 0 ? 0 : std::min<uint32_t>(255, (v * 255 + a / 2) / a);
    }
    if (f == PixelFormat::kGray8 || f == PixelFormat::kGrayA8) {
      o[0] = static_cast<uint8_t>(c[0]);
    } else {
      o[0] = static_cast<uint8_t>(c[0]);
      o[1] = static_cast<uint8_t>(c[1]);
      o[2] = static_cast<uint8_t>(c[2]);
    }
    if (HasAlpha(f)) o[ch - 1] = static_cast<uint8_t>(a);
  }
}

struct Opened {
  const TiffApi* api;
  Io io;
  std::unique_ptr<Handle> handle;
  Dir dir;
  std::vector<uint8_t> icc;
};

Status OpenForRead(const uint8_t* data, size_t size, const Limits& limits, Opened* o) {
  OSSIMG_RETURN_IF_ERROR(CheckIfdCount(data, size, limits.max_frames));
  OSSIMG_RETURN_IF_ERROR(GetTiff(&o->api));
  o->io.in = data;
  o->io.size = size;
  OSSIMG_ASSIGN_OR_RETURN(o->handle, Open(o->api, &o->io, "rm", limits.max_memory_bytes));
  return ReadDir(o->api, o->handle->get(), &o->io, limits, &o->dir, &o->icc);
}

}  // namespace

bool SniffTiff(const uint8_t* d, size_t n) {
  if (n < 4) return false;
  return (d[0] == 'I' && d[1] == 'I' && (d[2] == 42 || d[2] == 43) && d[3] == 0) ||
         (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && (d[3] == 42 || d[3] == 43));
}

Status ProbeTiff(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out) {
  Opened o;
  OSSIMG_RETURN_IF_ERROR(OpenForRead(data, size, limits, &o));
  ImageInfo& info = out->info;
  if (o.dir.width > INT32_MAX || o.dir.height > INT32_MAX) {
    return ImageTooLargeError("TIFF side out of range");
  }
  info.width = static_cast<int32_t>(o.dir.width);
  info.height = static_cast<int32_t>(o.dir.height);
  info.channels = o.dir.spp;
  info.bit_depth = o.dir.bps;
  info.has_alpha = o.dir.alpha;
  info.pixel_format = FormatOf(o.dir);
  info.palette = o.dir.photometric == PHOTOMETRIC_PALETTE;
  info.cmyk = o.dir.photometric == PHOTOMETRIC_SEPARATED;
  info.orientation = o.dir.orientation;
  info.icc_profile = std::move(o.icc);
  out->decoder_bytes = DecoderBytes(o.dir);
  return Status::Ok();
}

StatusOr<Image> DecodeTiff(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits) {
  Opened o;
  OSSIMG_RETURN_IF_ERROR(OpenForRead(data, size, limits, &o));
  const Dir& d = o.dir;
  const PixelFormat fmt = FormatOf(d);
  const int32_t w = static_cast<int32_t>(d.width), h = static_cast<int32_t>(d.height);
  const Rect full{0, 0, w, h};
  const Rect crop = options.crop.Intersect(full);
  const bool cropping = !options.crop.empty() && !(crop == full);
  const uint64_t extra = cropping ? ImageBytes(crop.width, crop.height, fmt) : 0;
  OSSIMG_RETURN_IF_ERROR(
      CheckMemoryBudget(ImageBytes(w, h, fmt), probe.decoder_bytes + extra, limits));
  OSSIMG_ASSIGN_OR_RETURN(Image img, Image::Create(w, h, fmt, limits));
  TIFF* tif = o.handle->get();
  bool complete = true;
  if (d.simple) {
    const uint64_t line = o.api->scanline_size(tif);
    if (line < static_cast<uint64_t>(w) * d.spp) return CorruptInputError("TIFF scanline size");
    std::vector<uint8_t> buf(line);
    const size_t row = static_cast<size_t>(w) * Channels(fmt);
    for (int32_t y = 0; y < h; ++y) {
      if (complete && o.api->read_scanline(tif, buf.data(), static_cast<uint32_t>(y), 0) < 0) {
        complete = false;
      }
      // Rows after a damaged strip are zero, as a truncated PNG's are.
      if (complete) {
        std::memcpy(img.Row(y), buf.data(), row);
      } else {
        std::memset(img.Row(y), 0, row);
      }
    }
  } else {
    TIFFRGBAImage rgba;
    std::memset(&rgba, 0, sizeof(rgba));
    char emsg[1024] = {};
    if (!o.api->rgba_begin(&rgba, tif, /*stop_on_error=*/1, emsg)) {
      return UnsupportedError(std::string("TIFF layout: ") + emsg);
    }
    // Storage order: asking for the file's own orientation makes libtiff flip
    // nothing.
    rgba.req_orientation = rgba.orientation;
    std::vector<uint32_t> band(static_cast<size_t>(w) * kBandRows);
    for (int32_t y = 0; y < h; y += kBandRows) {
      const uint32_t n = static_cast<uint32_t>(std::min<int32_t>(kBandRows, h - y));
      rgba.row_offset = y;
      rgba.col_offset = 0;
      if (complete && !o.api->rgba_get(&rgba, band.data(), d.width, n)) complete = false;
      for (uint32_t i = 0; i < n; ++i) {
        if (complete) {
          RgbaRowToOutput(band.data() + static_cast<size_t>(i) * w, w, fmt, img.Row(y + i));
        } else {
          std::memset(img.Row(y + i), 0, static_cast<size_t>(w) * Channels(fmt));
        }
      }
    }
    o.api->rgba_end(&rgba);
  }
  if (!complete && options.fail_on_truncated) {
    return CorruptInputError("TIFF data damaged: " + o.io.error);
  }
  if (!complete && o.io.error.empty()) o.io.error = "read failed";
  if (d.alpha) img.set_alpha(AlphaMode::kStraight);
  if (cropping) return CopyCrop(img, crop, limits);
  return img;
}

StatusOr<std::vector<uint8_t>> EncodeTiff(const ImageView& image, const EncodeOptions& options) {
  const TiffApi* api = nullptr;
  OSSIMG_RETURN_IF_ERROR(GetTiff(&api));
  std::vector<uint8_t> out;
  Io io;
  io.out = &out;
  // 'w' classic TIFF: BigTIFF only when the data could pass 4 GB.
  const uint64_t raw = static_cast<uint64_t>(image.width) * image.height * image.channels();
  OSSIMG_ASSIGN_OR_RETURN(std::unique_ptr<Handle> handle,
                          Open(api, &io, raw > (uint64_t{3} << 30) ? "w8" : "w", UINT32_MAX));
  TIFF* tif = handle->get();
  const int ch = image.channels();
  const bool gray = image.format == PixelFormat::kGray8 || image.format == PixelFormat::kGrayA8;
  api->set_field(tif, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(image.width));
  api->set_field(tif, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(image.height));
  api->set_field(tif, TIFFTAG_SAMPLESPERPIXEL, static_cast<uint16_t>(ch));
  api->set_field(tif, TIFFTAG_BITSPERSAMPLE, static_cast<uint16_t>(8));
  api->set_field(tif, TIFFTAG_PHOTOMETRIC,
                 static_cast<uint16_t>(gray ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB));
  api->set_field(tif, TIFFTAG_PLANARCONFIG, static_cast<uint16_t>(PLANARCONFIG_CONTIG));
  if (HasAlpha(image.format)) {
    const uint16_t extra[1] = {EXTRASAMPLE_UNASSALPHA};
    api->set_field(tif, TIFFTAG_EXTRASAMPLES, static_cast<uint16_t>(1), extra);
  }
  // Deflate with the horizontal predictor: lossless, as libvips' tiffsave
  // compression=deflate; the predictor typically saves 30-40% on photos for
  // little time.
  api->set_field(tif, TIFFTAG_COMPRESSION, static_cast<uint16_t>(COMPRESSION_ADOBE_DEFLATE));
  api->set_field(tif, TIFFTAG_PREDICTOR, static_cast<uint16_t>(PREDICTOR_HORIZONTAL));
  api->set_field(tif, TIFFTAG_ZIPQUALITY, 6);
  api->set_field(tif, TIFFTAG_ROWSPERSTRIP, api->default_strip_size(tif, 0));
  api->set_field(tif, TIFFTAG_ORIENTATION, static_cast<uint16_t>(ORIENTATION_TOPLEFT));
  if (!options.icc_profile.empty()) {
    api->set_field(tif, TIFFTAG_ICCPROFILE, static_cast<uint32_t>(options.icc_profile.size()),
                   options.icc_profile.data());
  }
  std::vector<uint8_t> row(static_cast<size_t>(image.width) * ch);
  for (int32_t y = 0; y < image.height; ++y) {
    // libtiff may modify the row (the predictor works in place), so hand it a
    // copy.
    std::memcpy(row.data(), image.Row(y), row.size());
    if (api->write_scanline(tif, row.data(), static_cast<uint32_t>(y), 0) < 0) {
      return InternalError("TIFF encode: " + io.error);
    }
  }
  handle->Close();
  if (!io.error.empty()) return InternalError("TIFF encode: " + io.error);
  out.resize(io.size);
  return out;
}

}  // namespace ossimg::codecs
