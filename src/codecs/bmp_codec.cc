// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// BMP by hand. Every length and offset comes from the file, so each is checked
// against the buffer in 64-bit arithmetic before it is used; RLE streams are
// clipped to the image (a run past the row end is dropped, rows past the top
// end the stream) and a short file decodes what it holds.

#include "codecs/bmp_codec.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace ossimg::codecs {
namespace {

constexpr uint32_t kBiRgb = 0, kBiRle8 = 1, kBiRle4 = 2, kBiBitfields = 3, kBiJpeg = 4, kBiPng = 5,
                   kBiAlphaBitfields = 6;
constexpr size_t kFileHeader = 14;
constexpr uint32_t kProfileEmbedded = 0x4D424544;  // 'MBED'

uint16_t Le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t Le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
void Put16(std::vector<uint8_t>* v, uint32_t x) {
  v->push_back(static_cast<uint8_t>(x));
  v->push_back(static_cast<uint8_t>(x >> 8));
}
void Put32(std::vector<uint8_t>* v, uint32_t x) {
  Put16(v, x & 0xFFFF);
  Put16(v, x >> 16);
}

// One channel of a BITFIELDS mask: value = (pixel & mask) >> shift, scaled to 8
// bits.
struct Channel {
  uint32_t mask = 0;
  int shift = 0;
  int bits = 0;
  uint8_t Get(uint32_t px, uint8_t absent) const {
    if (bits == 0) return absent;
    const uint32_t v = (px & mask) >> shift;
    if (bits >= 8) return static_cast<uint8_t>(v >> (bits - 8));
    const uint32_t max = (1u << bits) - 1;
    return static_cast<uint8_t>((v * 255 + max / 2) / max);
  }
};

bool MakeChannel(uint32_t mask, Channel* c) {
  c->mask = mask;
  if (mask == 0) return true;
  c->shift = 0;
  while (((mask >> c->shift) & 1) == 0) ++c->shift;
  const uint32_t m = mask >> c->shift;
  if ((m & (m + 1)) != 0) return false;  // not one contiguous run of bits
  c->bits = 0;
  for (uint32_t t = m; t != 0; t >>= 1) ++c->bits;
  return true;
}

// Everything the header says, validated.
struct Header {
  int32_t width = 0, height = 0;  // height > 0
  bool top_down = false;
  int bpp = 0;
  uint32_t compression = kBiRgb;
  uint64_t pixel_offset = 0;
  uint64_t row_bytes = 0;  // uncompressed rows, padded to 4 bytes
  Channel r, g, b, a;
  bool alpha = false;
  uint8_t palette[256][3] = {};  // RGB
  int palette_size = 0;
  std::vector<uint8_t> icc;
};

Status ParseHeader(const uint8_t* d, size_t n, Header* h) {
  if (n < kFileHeader + 12) return CorruptInputError("BMP header truncated");
  const uint32_t hsize = Le32(d + 14);
  const bool core = hsize == 12;  // OS/2 1.x / BITMAPCOREHEADER: 16-bit sides, 3-byte palette
  if (!core && hsize != 40 && hsize != 52 && hsize != 56 && hsize != 64 && hsize != 108 &&
      hsize != 124) {
    return CorruptInputError("BMP header size " + std::to_string(hsize) + " is not a known one");
  }
  if (n < kFileHeader + hsize) return CorruptInputError("BMP header truncated");
  const uint8_t* p = d + kFileHeader;
  int64_t w, hh;
  if (core) {
    w = Le16(p + 4);
    hh = Le16(p + 6);
    h->bpp = Le16(p + 10);
  } else {
    w = static_cast<int32_t>(Le32(p + 4));
    hh = static_cast<int32_t>(Le32(p + 8));
    h->bpp = Le16(p + 14);
    h->compression = Le32(p + 16);
  }
  if (w <= 0 || hh == 0) return CorruptInputError("BMP has a zero or negative size");
  h->top_down = hh < 0;
  hh = hh < 0 ? -hh : hh;  // int64: INT32_MIN negates safely
  if (w > INT32_MAX || hh > INT32_MAX) return ImageTooLargeError("BMP side out of range");
  h->width = static_cast<int32_t>(w);
  h->height = static_cast<int32_t>(hh);
  if (hsize == 64 && (h->compression == 3 || h->compression == 4)) {
    return UnsupportedError("OS/2 BMP with Huffman or RLE24 compression is not supported");
  }
  if (h->compression == kBiJpeg || h->compression == kBiPng) {
    return UnsupportedError("BMP with embedded JPEG/PNG is not supported");
  }
  const int bpp = h->bpp;
  switch (h->compression) {
    case kBiRgb:
      if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
        return CorruptInputError("BMP bit depth " + std::to_string(bpp) + " is invalid");
      }
      break;
    case kBiRle8:
      if (bpp != 8) return CorruptInputError("BMP RLE8 needs 8 bits per pixel");
      break;
    case kBiRle4:
      if (bpp != 4) return CorruptInputError("BMP RLE4 needs 4 bits per pixel");
      break;
    case kBiBitfields:
    case kBiAlphaBitfields:
      if (bpp != 16 && bpp != 32) return CorruptInputError("BMP BITFIELDS needs 16 or 32 bits");
      break;
    default:
      return CorruptInputError("BMP compression " + std::to_string(h->compression) + " is unknown");
  }
  // Masks: inside V2+ headers, or right after a 40-byte header (3 or 4 of
  // them).
  size_t after = kFileHeader + hsize;
  if (h->compression == kBiBitfields || h->compression == kBiAlphaBitfields) {
    const uint8_t* m = nullptr;
    bool has_alpha_mask = false;
    if (hsize >= 52) {
      m = p + 40;
      has_alpha_mask = hsize >= 56;
    } else {
      const size_t count = h->compression == kBiAlphaBitfields ? 4 : 3;
      if (n < after + count * 4) return CorruptInputError("BMP masks truncated");
      m = d + after;
      after += count * 4;
      has_alpha_mask = count == 4;
    }
    if (!MakeChannel(Le32(m), &h->r) || !MakeChannel(Le32(m + 4), &h->g) ||
        !MakeChannel(Le32(m + 8), &h->b) ||
        !MakeChannel(has_alpha_mask ? Le32(m + 12) : 0, &h->a)) {
      return CorruptInputError("BMP colour mask is not contiguous");
    }
    if (bpp == 16 && ((h->r.mask | h->g.mask | h->b.mask | h->a.mask) >> 16) != 0) {
      return CorruptInputError("BMP mask wider than 16 bits");
    }
    h->alpha = h->a.mask != 0;
  } else if (bpp == 16) {
    // BI_RGB 16-bit is X1R5G5B5.
    MakeChannel(0x7C00, &h->r);
    MakeChannel(0x03E0, &h->g);
    MakeChannel(0x001F, &h->b);
  } else if (bpp == 32) {
    // BI_RGB 32-bit is X8R8G8B8: the fourth byte is reserved, as Windows reads
    // it.
    MakeChannel(0xFF0000, &h->r);
    MakeChannel(0x00FF00, &h->g);
    MakeChannel(0x0000FF, &h->b);
  }
  if (bpp <= 8) {
    const uint32_t used = core ? 0 : Le32(p + 32);
    const uint32_t max = 1u << bpp;
    const uint32_t count = used == 0 || used > max ? max : used;
    const size_t entry = core ? 3 : 4;
    // A palette cut short by the pixel data or the file keeps the entries that
    // are there.
    const size_t avail = n > after ? (n - after) / entry : 0;
    h->palette_size = static_cast<int>(std::min<size_t>(count, avail));
    if (h->palette_size == 0) return CorruptInputError("BMP palette missing");
    for (int i = 0; i < h->palette_size; ++i) {
      const uint8_t* e = d + after + static_cast<size_t>(i) * entry;
      h->palette[i][0] = e[2];
      h->palette[i][1] = e[1];
      h->palette[i][2] = e[0];
    }
  }
  h->pixel_offset = Le32(d + 10);
  if (h->pixel_offset < kFileHeader + hsize || h->pixel_offset >= n) {
    return CorruptInputError("BMP pixel data offset outside the file");
  }
  h->row_bytes = (static_cast<uint64_t>(h->width) * bpp + 31) / 32 * 4;
  if (hsize == 124 && Le32(p + 56) == kProfileEmbedded) {
    // V5: profile offset is from the start of the info header.
    const uint64_t off = kFileHeader + uint64_t{Le32(p + 112)};
    const uint64_t len = Le32(p + 116);
    if (len > 0 && off + len <= n) h->icc.assign(d + off, d + off + len);
  }
  return Status::Ok();
}

PixelFormat FormatOf(const Header& h) { return h.alpha ? PixelFormat::kRGBA8 : PixelFormat::kRGB8; }

// Writes palette index `idx` at x of an RGB row; an index past the palette is
// black, as Windows shows it.
inline void PutIndex(const Header& h, uint8_t* row, int32_t x, int idx) {
  uint8_t* o = row + static_cast<size_t>(x) * 3;
  if (idx < h.palette_size) {
    o[0] = h.palette[idx][0];
    o[1] = h.palette[idx][1];
    o[2] = h.palette[idx][2];
  } else {
    o[0] = o[1] = o[2] = 0;
  }
}

// Row `y` in file order (bottom row first for bottom-up files) -> the output
// row.
uint8_t* OutRow(Image& img, const Header& h, int64_t y) {
  return img.Row(static_cast<int32_t>(h.top_down ? y : h.height - 1 - y));
}

void DecodeRow(const Header& h, const uint8_t* s, uint8_t* o) {
  const int32_t w = h.width;
  switch (h.bpp) {
    case 1:
    case 4:
    case 8: {
      const int per_byte = 8 / h.bpp;
      const int mask = (1 << h.bpp) - 1;
      for (int32_t x = 0; x < w; ++x) {
        const int shift = 8 - h.bpp * (x % per_byte + 1);
        PutIndex(h, o, x, (s[x / per_byte] >> shift) & mask);
      }
      break;
    }
    case 24:
      for (int32_t x = 0; x < w; ++x, s += 3, o += 3) {
        o[0] = s[2];
        o[1] = s[1];
        o[2] = s[0];
      }
      break;
    default: {  // 16 or 32 through the masks
      const int ch = h.alpha ? 4 : 3;
      const int bytes = h.bpp / 8;
      for (int32_t x = 0; x < w; ++x, s += bytes, o += ch) {
        const uint32_t px = bytes == 2 ? Le16(s) : Le32(s);
        o[0] = h.r.Get(px, 0);
        o[1] = h.g.Get(px, 0);
        o[2] = h.b.Get(px, 0);
        if (ch == 4) o[3] = h.a.Get(px, 255);
      }
    }
  }
}

// RLE4/RLE8. Returns false when the stream ends before its end-of-bitmap code.
bool DecodeRle(const Header& h, const uint8_t* p, const uint8_t* end, Image& img) {
  const bool rle4 = h.compression == kBiRle4;
  int64_t x = 0, y = 0;
  const int32_t w = h.width;
  while (end - p >= 2) {
    const int count = p[0], v = p[1];
    p += 2;
    if (count > 0) {  // a run: one index (RLE8) or two alternating nibbles (RLE4)
      if (y < h.height) {
        uint8_t* row = OutRow(img, h, y);
        for (int i = 0; i < count && x < w; ++i, ++x) {
          PutIndex(h, row, static_cast<int32_t>(x), rle4 ? ((i & 1) ? v & 15 : v >> 4) : v);
        }
      }
      continue;
    }
    if (v == 0) {  // end of line
      x = 0;
      if (++y >= h.height) return true;
    } else if (v == 1) {  // end of bitmap
      return true;
    } else if (v == 2) {  // delta
      if (end - p < 2) return false;
      x += p[0];
      y += p[1];
      p += 2;
      if (y >= h.height) return true;
    } else {  // absolute: v literal indices, padded to 16 bits
      const int64_t bytes = rle4 ? (v + 1) / 2 : v;
      if (end - p < bytes) return false;
      if (y < h.height) {
        uint8_t* row = OutRow(img, h, y);
        for (int i = 0; i < v && x < w; ++i, ++x) {
          PutIndex(h, row, static_cast<int32_t>(x),
                   rle4 ? ((i & 1) ? p[i / 2] & 15 : p[i / 2] >> 4) : p[i]);
        }
      }
      p += bytes + (bytes & 1);
      if (p > end) p = end;
    }
  }
  return false;
}

}  // namespace

bool SniffBmp(const uint8_t* d, size_t n) {
  if (n < 18 || d[0] != 'B' || d[1] != 'M') return false;
  // "BM" alone is too weak: require a known info-header size too.
  const uint32_t hsize = Le32(d + 14);
  return hsize == 12 || hsize == 40 || hsize == 52 || hsize == 56 || hsize == 64 || hsize == 108 ||
         hsize == 124;
}

Status ProbeBmp(const uint8_t* data, size_t size, const Limits&, ProbeResult* out) {
  Header h;
  OSSIMG_RETURN_IF_ERROR(ParseHeader(data, size, &h));
  ImageInfo& info = out->info;
  info.width = h.width;
  info.height = h.height;
  info.pixel_format = FormatOf(h);
  info.has_alpha = h.alpha;
  info.channels = h.alpha ? 4 : 3;
  info.palette = h.bpp <= 8;
  info.bit_depth = h.bpp <= 8 ? h.bpp : 8;
  info.icc_profile = std::move(h.icc);
  out->decoder_bytes = 0;
  return Status::Ok();
}

StatusOr<Image> DecodeBmp(const uint8_t* data, size_t size, const ProbeResult& probe,
                          const DecodeOptions& options, const Limits& limits) {
  Header h;
  OSSIMG_RETURN_IF_ERROR(ParseHeader(data, size, &h));
  const PixelFormat fmt = FormatOf(h);
  const Rect full{0, 0, h.width, h.height};
  const Rect crop = options.crop.Intersect(full);
  const bool cropping = !options.crop.empty() && !(crop == full);
  // A crop decodes the whole image, then copies: both are alive at once.
  const uint64_t extra = cropping ? ImageBytes(crop.width, crop.height, fmt) : 0;
  OSSIMG_RETURN_IF_ERROR(
      CheckMemoryBudget(ImageBytes(h.width, h.height, fmt), probe.decoder_bytes + extra, limits));
  OSSIMG_ASSIGN_OR_RETURN(Image img, Image::Create(h.width, h.height, fmt, limits));
  const uint8_t* p = data + h.pixel_offset;
  const uint8_t* end = data + size;
  bool complete = true;
  if (h.compression == kBiRle4 || h.compression == kBiRle8) {
    // Pixels the stream skips (delta, early end of line) take palette entry 0,
    // as GDI leaves them; start from that.
    for (int32_t y = 0; y < h.height; ++y) {
      uint8_t* row = img.Row(y);
      for (int32_t x = 0; x < h.width; ++x) PutIndex(h, row, x, 0);
    }
    complete = DecodeRle(h, p, end, img);
  } else {
    const uint64_t avail = static_cast<uint64_t>(end - p);
    const int64_t rows = static_cast<int64_t>(std::min<uint64_t>(h.height, avail / h.row_bytes));
    for (int64_t y = 0; y < rows; ++y) {
      DecodeRow(h, p + static_cast<uint64_t>(y) * h.row_bytes, OutRow(img, h, y));
    }
    // Rows the file does not hold are zero (black, transparent), as PNG's
    // missing rows are.
    const size_t row_out = static_cast<size_t>(h.width) * Channels(fmt);
    for (int64_t y = rows; y < h.height; ++y) std::memset(OutRow(img, h, y), 0, row_out);
    complete = rows == h.height;
  }
  if (!complete && options.fail_on_truncated) return CorruptInputError("BMP pixel data truncated");
  if (h.alpha) img.set_alpha(AlphaMode::kStraight);
  if (cropping) return CopyCrop(img, options.crop, limits);
  return img;
}

StatusOr<std::vector<uint8_t>> EncodeBmp(const ImageView& image, const EncodeOptions&) {
  const bool alpha = HasAlpha(image.format);
  const bool gray = image.format == PixelFormat::kGray8 || image.format == PixelFormat::kGrayA8;
  const int bpp = alpha ? 32 : 24;
  // 24-bit BI_RGB with the 40-byte header reads everywhere; alpha needs
  // BITFIELDS with an alpha mask, which only the V4 header carries in a form
  // readers agree on.
  const uint32_t hsize = alpha ? 108 : 40;
  const uint64_t row_bytes = (static_cast<uint64_t>(image.width) * bpp + 31) / 32 * 4;
  const uint64_t pixels = row_bytes * static_cast<uint64_t>(image.height);
  const uint64_t total = kFileHeader + hsize + pixels;
  if (total > UINT32_MAX) return ImageTooLargeError("BMP files are limited to 4 GB");
  std::vector<uint8_t> out;
  out.reserve(total);
  out.push_back('B');
  out.push_back('M');
  Put32(&out, static_cast<uint32_t>(total));
  Put32(&out, 0);
  Put32(&out, kFileHeader + hsize);
  Put32(&out, hsize);
  Put32(&out, static_cast<uint32_t>(image.width));
  Put32(&out, static_cast<uint32_t>(image.height));  // positive: bottom-up, the common form
  Put16(&out, 1);
  Put16(&out, static_cast<uint32_t>(bpp));
  Put32(&out, alpha ? kBiBitfields : kBiRgb);
  Put32(&out, static_cast<uint32_t>(pixels));
  Put32(&out, 2835);  // 72 dpi in pixels per metre
  Put32(&out, 2835);
  Put32(&out, 0);
  Put32(&out, 0);
  if (alpha) {
    Put32(&out, 0x00FF0000);
    Put32(&out, 0x0000FF00);
    Put32(&out, 0x000000FF);
    Put32(&out, 0xFF000000);
    Put32(&out, 0x73524742);           // LCS_sRGB
    out.resize(out.size() + 36 + 12);  // endpoints and gamma: unused with sRGB
  }
  const int ch = image.channels();
  const size_t pad = static_cast<size_t>(row_bytes - static_cast<uint64_t>(image.width) * bpp / 8);
  for (int32_t y = image.height - 1; y >= 0; --y) {
    const uint8_t* s = image.Row(y);
    for (int32_t x = 0; x < image.width; ++x, s += ch) {
      const uint8_t r = s[0], g = gray ? s[0] : s[1], b = gray ? s[0] : s[2];
      out.push_back(b);
      out.push_back(g);
      out.push_back(r);
      if (alpha) out.push_back(s[ch - 1]);
    }
    out.resize(out.size() + pad);
  }
  return out;
}

}  // namespace ossimg::codecs
