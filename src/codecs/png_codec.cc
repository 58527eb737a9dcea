// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// PNG through libpng's classic API (the simplified API cannot bound chunk sizes or give rows to
// caller memory with our padded strides).
//
// libpng reports errors by longjmp to png_jmpbuf. As in jpeg_codec.cc, every libpng call sits in
// a small C-style step function (Png*Step) that calls setjmp, holds no object with a destructor,
// and keeps its state in the heap-allocated Reader/Writer; the C++ around it turns `false` into a
// Status.
//
// Before libpng sees the file, a walk over the chunk headers (no inflation) reads IHDR and acTL,
// so a lying IHDR is refused with ImageTooLarge even when the rest of the file is missing.

#include "codecs/png_codec.h"

#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "codecs/exif.h"
#include "codecs/png_fast.h"

namespace ossimg::codecs {
namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
// Upper bound for any one ancillary chunk libpng allocates or inflates (iCCP, zTXt, eXIf): a
// 10 MB compressed iCCP must not become a gigabyte of profile.
constexpr png_alloc_size_t kMaxChunkBytes = 8u << 20;
// Ancillary chunks libpng keeps (text, sPLT, unknown): more is a hostile file.
constexpr png_uint_32 kMaxCachedChunks = 256;

uint32_t Be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}

// The header facts readable without libpng. Returns false when the IHDR is not where the PNG
// specification requires (first chunk, 13 bytes).
struct RawHeader {
  uint32_t width = 0, height = 0;
  int bit_depth = 0, color_type = 0, interlace = 0;
  uint32_t frames = 1;  // APNG acTL num_frames
  // A chunk before the image data claims more bytes than the file has. libpng would allocate
  // that length for some chunks before noticing (1.2 GB seen by the fuzzer), and the file cannot
  // hold an image anyway: refused up front.
  bool length_past_end = false;
};

bool ReadRawHeader(const uint8_t* d, size_t n, RawHeader* h) {
  if (n < 33 || Be32(d + 8) != 13 || std::memcmp(d + 12, "IHDR", 4) != 0) return false;
  h->width = Be32(d + 16);
  h->height = Be32(d + 20);
  h->bit_depth = d[24];
  h->color_type = d[25];
  h->interlace = d[28];
  // Chunks up to the first IDAT: only the lengths are read, each bounded by what is left.
  size_t off = 33;
  while (n - off >= 12) {
    const uint32_t len = Be32(d + off);
    const uint8_t* type = d + off + 4;
    if (std::memcmp(type, "IDAT", 4) == 0) break;
    if (std::memcmp(type, "acTL", 4) == 0 && len >= 8 && n - off - 8 >= 8) {
      h->frames = Be32(d + off + 8);
    }
    if (len > n - off - 12) {
      h->length_past_end = true;
      break;
    }
    off += 12 + static_cast<size_t>(len);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Reading.

struct Reader {
  png_structp png;
  png_infop info;
  const uint8_t* data;
  size_t size;
  size_t pos;
  char message[200];
  bool truncated;
  // Set by the row step: rows completed (all passes counted), for a truncated file's recovery.
  uint64_t rows_done;
  int passes;
};

void ErrorFn(png_structp png, png_const_charp msg) {
  Reader* r = static_cast<Reader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof(r->message), "%s", msg);
  png_longjmp(png, 1);
}

void WarningFn(png_structp, png_const_charp) {}  // a library never prints

void ReadFn(png_structp png, png_bytep out, size_t n) {
  Reader* r = static_cast<Reader*>(png_get_io_ptr(png));
  if (n > r->size - r->pos) {
    r->truncated = true;
    png_error(png, "file truncated");
  }
  std::memcpy(out, r->data + r->pos, n);
  r->pos += n;
}

bool ReaderOpenStep(Reader* r, uint32_t max_side) {
  r->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r, ErrorFn, WarningFn);
  if (r->png == nullptr) return false;
  r->info = png_create_info_struct(r->png);
  if (r->info == nullptr) return false;
  if (setjmp(png_jmpbuf(r->png))) return false;
  png_set_read_fn(r->png, r, ReadFn);
  png_set_user_limits(r->png, max_side, max_side);
  png_set_chunk_malloc_max(r->png, kMaxChunkBytes);
  png_set_chunk_cache_max(r->png, kMaxCachedChunks);
  // Text chunks are never used; skipping them avoids inflating zTXt/iTXt at all.
  static const png_byte kIgnored[] = "tEXt\0zTXt\0iTXt\0sPLT\0";
  png_set_keep_unknown_chunks(r->png, PNG_HANDLE_CHUNK_NEVER, kIgnored, 4);
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  // Fuzzers cannot forge CRCs and Adler-32s; let them reach the decoder proper.
  png_set_crc_action(r->png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
#ifdef PNG_IGNORE_ADLER32
  png_set_option(r->png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
#endif
  png_read_info(r->png, r->info);
  return true;
}

// Sets the transforms that turn every PNG into 8-bit Gray/GrayA/RGB/RGBA.
bool ReaderTransformStep(Reader* r) {
  if (setjmp(png_jmpbuf(r->png))) return false;
  png_structp png = r->png;
  const int color = png_get_color_type(png, r->info);
  if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, r->info) < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  if (png_get_valid(png, r->info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  png_set_scale_16(png);  // 16 -> 8 bits, rounded (not truncated)
  r->passes = png_set_interlace_handling(png);
  png_read_update_info(png, r->info);
  return true;
}

bool ReaderRowsStep(Reader* r, uint8_t* base, ptrdiff_t stride, uint32_t height) {
  if (setjmp(png_jmpbuf(r->png))) return false;
  for (int pass = 0; pass < r->passes; ++pass) {
    for (uint32_t y = 0; y < height; ++y) {
      png_read_row(r->png, base + static_cast<ptrdiff_t>(y) * stride, nullptr);
      ++r->rows_done;
    }
  }
  return true;
}

// Reads the chunks after the image data up to IEND (checking the CRCs and the zlib stream's end).
bool ReaderEndStep(Reader* r) {
  if (setjmp(png_jmpbuf(r->png))) return false;
  png_read_end(r->png, nullptr);
  return true;
}

struct ReaderDeleter {
  void operator()(Reader* r) const {
    if (r->png != nullptr) png_destroy_read_struct(&r->png, r->info ? &r->info : nullptr, nullptr);
    delete r;
  }
};
using ReaderPtr = std::unique_ptr<Reader, ReaderDeleter>;

ReaderPtr NewReader(const uint8_t* data, size_t size) {
  ReaderPtr r(new Reader());
  r->data = data;
  r->size = size;
  return r;
}

Status ReaderError(const Reader& r, const char* what) {
  return CorruptInputError(std::string("PNG ") + what + ": " +
                           (r.message[0] ? r.message : "libpng failed"));
}

PixelFormat OutputFormat(int color_type, bool trns) {
  switch (color_type) {
    case PNG_COLOR_TYPE_GRAY:
      return trns ? PixelFormat::kGrayA8 : PixelFormat::kGray8;
    case PNG_COLOR_TYPE_GRAY_ALPHA:
      return PixelFormat::kGrayA8;
    case PNG_COLOR_TYPE_RGB_ALPHA:
      return PixelFormat::kRGBA8;
    default:  // RGB, palette
      return trns ? PixelFormat::kRGBA8 : PixelFormat::kRGB8;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing.

struct Writer {
  png_structp png;
  png_infop info;
  uint8_t* buffer;  // malloc'd output
  size_t size;
  size_t capacity;
  char message[200];
};

void WriteErrorFn(png_structp png, png_const_charp msg) {
  Writer* w = static_cast<Writer*>(png_get_error_ptr(png));
  std::snprintf(w->message, sizeof(w->message), "%s", msg);
  png_longjmp(png, 1);
}

void WriteFn(png_structp png, png_bytep data, size_t n) {
  Writer* w = static_cast<Writer*>(png_get_io_ptr(png));
  if (n > w->capacity - w->size) {
    size_t cap = std::max<size_t>(w->capacity * 2, 65536);
    while (cap - w->size < n) cap *= 2;
    uint8_t* p = static_cast<uint8_t*>(std::realloc(w->buffer, cap));
    if (p == nullptr) png_error(png, "out of memory");
    w->buffer = p;
    w->capacity = cap;
  }
  std::memcpy(w->buffer + w->size, data, n);
  w->size += n;
}

void FlushFn(png_structp) {}

struct WriterParams {
  uint32_t width, height;
  int color_type;
  int bit_depth;
  bool interlace;
  int level;
  bool adaptive_filter;
  const uint8_t* icc;
  size_t icc_size;
  png_bytep* rows;
  // Palette images: rows hold one index byte per pixel (libpng packs them to bit_depth).
  const png_color* palette;
  int num_palette;
  const png_byte* trans;
  int num_trans;
};

// The image's colours as a palette (alpha-carrying entries first, so tRNS stays short) and one
// index byte per pixel; false when there are more than 256 colours.
bool BuildPalette(const ImageView& image, std::vector<png_color>* palette,
                  std::vector<png_byte>* trans, std::vector<uint8_t>* indices) {
  // Open addressing over packed RGBA; 1024 slots keep the probe chains short for 256 entries.
  constexpr uint32_t kSlots = 1024, kEmpty = 0xFFFFFFFFu;
  uint32_t keys[kSlots];
  uint16_t values[kSlots];
  std::fill(keys, keys + kSlots, kEmpty);
  std::vector<uint32_t> colours;
  const int ch = image.channels();
  const bool gray = ch <= 2, alpha = HasAlpha(image.format);
  indices->resize(static_cast<size_t>(image.width) * static_cast<size_t>(image.height));
  bool empty_key_used = false;  // 0xFFFFFFFF is opaque white in our packing (a = 255 inverted)
  uint16_t empty_key_index = 0;
  for (int32_t y = 0; y < image.height; ++y) {
    const uint8_t* p = image.Row(y);
    uint8_t* out = indices->data() + static_cast<size_t>(y) * static_cast<size_t>(image.width);
    for (int32_t x = 0; x < image.width; ++x, p += ch) {
      const uint32_t r = p[0], g = gray ? p[0] : p[1], b = gray ? p[0] : p[2];
      const uint32_t a = alpha ? p[ch - 1] : 255;
      // Inverted alpha so opaque colours sort after transparent ones below.
      const uint32_t key = (255u - a) << 24 | r << 16 | g << 8 | b;
      uint16_t index;
      if (key == kEmpty) {
        if (!empty_key_used) {
          if (colours.size() == 256) return false;
          empty_key_used = true;
          empty_key_index = static_cast<uint16_t>(colours.size());
          colours.push_back(key);
        }
        index = empty_key_index;
      } else {
        uint32_t h = (key * 2654435761u) >> 22;
        while (keys[h] != kEmpty && keys[h] != key) h = (h + 1) & (kSlots - 1);
        if (keys[h] == kEmpty) {
          if (colours.size() == 256) return false;
          keys[h] = key;
          values[h] = static_cast<uint16_t>(colours.size());
          colours.push_back(key);
        }
        index = values[h];
      }
      out[x] = static_cast<uint8_t>(index);
    }
  }
  // Reorder: translucent entries first (tRNS lists only those), then opaque ones.
  std::vector<uint8_t> remap(colours.size());
  palette->clear();
  trans->clear();
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < colours.size(); ++i) {
      const uint32_t c = colours[i];
      const bool translucent = (c >> 24) != 0;
      if (translucent != (pass == 0)) continue;
      remap[i] = static_cast<uint8_t>(palette->size());
      palette->push_back(png_color{static_cast<png_byte>(c >> 16), static_cast<png_byte>(c >> 8),
                                   static_cast<png_byte>(c)});
      if (translucent) trans->push_back(static_cast<png_byte>(255u - (c >> 24)));
    }
  }
  for (uint8_t& i : *indices) i = remap[i];
  return true;
}

bool WriterStep(Writer* w, const WriterParams* p) {
  w->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, w, WriteErrorFn, WarningFn);
  if (w->png == nullptr) return false;
  w->info = png_create_info_struct(w->png);
  if (w->info == nullptr) return false;
  if (setjmp(png_jmpbuf(w->png))) return false;
  png_set_write_fn(w->png, w, WriteFn, FlushFn);
  // A profile libpng finds malformed is dropped with a warning instead of failing the encode.
  png_set_benign_errors(w->png, 1);
  png_set_compression_level(w->png, p->level);
  png_set_filter(w->png, PNG_FILTER_TYPE_BASE,
                 p->adaptive_filter ? PNG_ALL_FILTERS : PNG_FILTER_NONE);
  png_set_IHDR(w->png, w->info, p->width, p->height, p->bit_depth, p->color_type,
               p->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (p->icc_size > 0) {
    png_set_iCCP(w->png, w->info, "icc", PNG_COMPRESSION_TYPE_BASE, p->icc,
                 static_cast<png_uint_32>(p->icc_size));
  }
  if (p->num_palette > 0) {
    png_set_PLTE(w->png, w->info, p->palette, p->num_palette);
    if (p->num_trans > 0) png_set_tRNS(w->png, w->info, p->trans, p->num_trans, nullptr);
  }
  png_write_info(w->png, w->info);
  if (p->bit_depth < 8) png_set_packing(w->png);  // rows hold one index per byte
  png_write_image(w->png, p->rows);
  png_write_end(w->png, nullptr);
  return true;
}

struct WriterDeleter {
  void operator()(Writer* w) const {
    if (w->png != nullptr) png_destroy_write_struct(&w->png, w->info ? &w->info : nullptr);
    std::free(w->buffer);
    delete w;
  }
};

}  // namespace

bool SniffPng(const uint8_t* data, size_t size) {
  return size >= sizeof(kSignature) && std::memcmp(data, kSignature, sizeof(kSignature)) == 0;
}

Status ProbePng(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out) {
  RawHeader raw;
  if (!ReadRawHeader(data, size, &raw)) return CorruptInputError("PNG has no valid IHDR chunk");
  if (raw.length_past_end) {
    return CorruptInputError("PNG chunk before the image data runs past the end of the file");
  }
  // Refuse lying dimensions before libpng reads further (a truncated 787402^2 PNG must not hang).
  ImageInfo& info = out->info;
  info.width = raw.width > 0x7FFFFFFFu ? -1 : static_cast<int32_t>(raw.width);
  info.height = raw.height > 0x7FFFFFFFu ? -1 : static_cast<int32_t>(raw.height);
  if (raw.width > 0x7FFFFFFFu || raw.height > 0x7FFFFFFFu) {
    return CorruptInputError("PNG IHDR size exceeds 2^31-1");
  }
  info.frame_count = static_cast<int32_t>(std::min<uint32_t>(raw.frames, 0x7FFFFFFF));
  OSSIMG_RETURN_IF_ERROR(CheckProbeLimits(info, limits));

  ReaderPtr r = NewReader(data, size);
  if (!ReaderOpenStep(r.get(), static_cast<uint32_t>(limits.max_side))) {
    return ReaderError(*r, "header");
  }
  png_structp png = r->png;
  png_infop pi = r->info;
  const int color = png_get_color_type(png, pi);
  const bool trns = png_get_valid(png, pi, PNG_INFO_tRNS) != 0;
  info.bit_depth = png_get_bit_depth(png, pi);
  info.palette = color == PNG_COLOR_TYPE_PALETTE;
  info.interlaced = png_get_interlace_type(png, pi) != PNG_INTERLACE_NONE;
  info.pixel_format = OutputFormat(color, trns);
  info.channels = png_get_channels(png, pi);
  info.has_alpha = HasAlpha(info.pixel_format);
  png_charp name = nullptr;
  int compression = 0;
  png_bytep profile = nullptr;
  png_uint_32 profile_len = 0;
  if (png_get_iCCP(png, pi, &name, &compression, &profile, &profile_len) && profile_len > 0) {
    info.icc_profile.assign(profile, profile + profile_len);
  }
  png_fixed_point gamma = 0;
  if (png_get_gAMA_fixed(png, pi, &gamma)) info.png_gamma = static_cast<uint32_t>(gamma);
  int intent = 0;
  info.srgb_chunk = png_get_sRGB(png, pi, &intent) != 0;
  png_bytep exif = nullptr;
  png_uint_32 exif_len = 0;
  if (png_get_eXIf_1(png, pi, &exif_len, &exif) && exif_len > 0) {
    info.exif.assign(exif, exif + exif_len);
    ParseExif(info.exif.data(), info.exif.size(), &info);
  }
  // libpng keeps one row (two for interlaced) plus zlib's window: small next to the image.
  out->decoder_bytes = 2 * (static_cast<uint64_t>(info.width) * 8 + 64) + (64u << 10);
  return Status::Ok();
}

StatusOr<Image> DecodePng(const uint8_t* data, size_t size, const ProbeResult& probe,
                          const DecodeOptions& options, const Limits& limits) {
  ReaderPtr r = NewReader(data, size);
  if (!ReaderOpenStep(r.get(), static_cast<uint32_t>(limits.max_side))) {
    return ReaderError(*r, "header");
  }
  if (!ReaderTransformStep(r.get())) return ReaderError(*r, "setup");
  const PixelFormat fmt = probe.info.pixel_format;
  const uint32_t width = png_get_image_width(r->png, r->info);
  const uint32_t height = png_get_image_height(r->png, r->info);
  // The transforms must give exactly the layout the probe promised: the rows are written into
  // our buffer and a mismatch would overrun it.
  if (png_get_rowbytes(r->png, r->info) != static_cast<size_t>(width) * Channels(fmt) ||
      png_get_bit_depth(r->png, r->info) != 8) {
    return InternalError("PNG transforms gave an unexpected row layout");
  }
  OSSIMG_RETURN_IF_ERROR(
      CheckMemoryBudget(ImageBytes(width, height, fmt), probe.decoder_bytes, limits));
  OSSIMG_ASSIGN_OR_RETURN(Image img, Image::Create(static_cast<int32_t>(width),
                                                   static_cast<int32_t>(height), fmt, limits));
  // The common, intact file: libdeflate and our own unfiltering (png_fast.h). A strict decode
  // wants libpng's checks of everything after the image data, so it takes the libpng path.
  if (!options.fail_on_truncated &&
      DecodePngFast(data, size, &img, options.progress ? &options.progress : nullptr)) {
    if (!options.crop.empty()) return CopyCrop(img, options.crop, limits);
    return img;
  }
  // Interlaced passes write into rows already there; start from a defined picture so a
  // truncated file recovers deterministically.
  if (r->passes > 1) std::memset(img.Row(0), 0, img.stride() * height);
  if (!ReaderRowsStep(r.get(), img.Row(0), static_cast<ptrdiff_t>(img.stride()), height)) {
    if (options.fail_on_truncated || r->rows_done == 0) return ReaderError(*r, "decode");
    // Recover what was decoded; the rows never reached are zero (transparent or black).
    if (r->passes == 1) {
      for (uint32_t y = static_cast<uint32_t>(r->rows_done); y < height; ++y) {
        std::memset(img.Row(static_cast<int32_t>(y)), 0, img.stride());
      }
    }
  }
  // A strict decode also wants the rest of the file intact (IEND present, trailing CRCs).
  if (options.fail_on_truncated && !ReaderEndStep(r.get())) return ReaderError(*r, "end");
  if (!options.crop.empty()) return CopyCrop(img, options.crop, limits);
  return img;
}

StatusOr<std::vector<uint8_t>> EncodePng(const ImageView& image, const EncodeOptions& options) {
  static_assert(sizeof(png_uint_32) == 4, "");
  WriterParams p{};
  p.width = static_cast<uint32_t>(image.width);
  p.height = static_cast<uint32_t>(image.height);
  switch (image.format) {
    case PixelFormat::kGray8:
      p.color_type = PNG_COLOR_TYPE_GRAY;
      break;
    case PixelFormat::kGrayA8:
      p.color_type = PNG_COLOR_TYPE_GRAY_ALPHA;
      break;
    case PixelFormat::kRGB8:
      p.color_type = PNG_COLOR_TYPE_RGB;
      break;
    case PixelFormat::kRGBA8:
      p.color_type = PNG_COLOR_TYPE_RGB_ALPHA;
      break;
  }
  p.bit_depth = 8;
  p.interlace = options.progressive;
  p.level = options.png_compression < 0 ? 6 : std::min(options.png_compression, 9);
  // The default level for libdeflate: its level 4 with adaptive filtering writes photos about as
  // small as zlib level 6 (libpng's default; sharp's and libvips' with filter none are 9% larger
  // on the corpus PNG job) at well under half the time of its own level 6 (docs/codecs.md).
  const int fast_level = options.png_compression < 0 ? 4 : p.level;
  p.adaptive_filter = options.png_adaptive_filter;
  p.icc = options.icc_profile.data();
  p.icc_size = options.icc_profile.size();
  std::vector<png_bytep> rows(static_cast<size_t>(image.height));
  for (int32_t y = 0; y < image.height; ++y) {
    rows[static_cast<size_t>(y)] = const_cast<png_bytep>(image.Row(y));  // libpng only reads
  }
  std::vector<png_color> palette;
  std::vector<png_byte> trans;
  std::vector<uint8_t> indices;
  // Gray images are already one byte per pixel: a palette would only turn them into RGB.
  const bool colour = image.format == PixelFormat::kRGB8 || image.format == PixelFormat::kRGBA8;
  if (options.png_palette && colour && BuildPalette(image, &palette, &trans, &indices)) {
    const size_t n = palette.size();
    p.color_type = PNG_COLOR_TYPE_PALETTE;
    p.bit_depth = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
    p.palette = palette.data();
    p.num_palette = static_cast<int>(n);
    p.trans = trans.data();
    p.num_trans = static_cast<int>(trans.size());
    for (int32_t y = 0; y < image.height; ++y) {
      rows[static_cast<size_t>(y)] =
          indices.data() + static_cast<size_t>(y) * static_cast<size_t>(image.width);
    }
  }
  p.rows = rows.data();
  // Non-interlaced files without a profile (which libpng validates) take the libdeflate path.
  if (!p.interlace && p.icc_size == 0) {
    PngFastEncodeParams fp;
    fp.level = fast_level;
    fp.adaptive_filter = p.adaptive_filter;
    if (p.color_type == PNG_COLOR_TYPE_PALETTE) {
      static_assert(sizeof(png_color) == 3, "png_color is three bytes");
      fp.indices = indices.data();
      fp.bit_depth = p.bit_depth;
      fp.palette_rgb = reinterpret_cast<const uint8_t*>(palette.data());
      fp.num_palette = p.num_palette;
      fp.trans = trans.data();
      fp.num_trans = p.num_trans;
    }
    std::vector<uint8_t> out;
    if (!EncodePngFast(image, fp, &out)) return InternalError("PNG encode: out of memory");
    return out;
  }
  std::unique_ptr<Writer, WriterDeleter> w(new Writer());
  if (!WriterStep(w.get(), &p)) {
    return InternalError(std::string("PNG encode: ") + (w->message[0] ? w->message : "failed"));
  }
  return std::vector<uint8_t>(w->buffer, w->buffer + w->size);
}

}  // namespace ossimg::codecs
