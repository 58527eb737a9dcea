// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "codecs/png_fast.h"

#include <isa-l/igzip_lib.h>
#include <libdeflate.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ossimg::codecs {
namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
// IDAT chunk size we write: large enough that chunk overhead is nil, small enough that a reader
// streaming the file sees data early.
constexpr size_t kIdatChunk = 1u << 20;

uint32_t Be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}

bool CrcOk(const uint8_t* chunk, uint32_t len) {
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  (void)chunk;
  (void)len;
  return true;  // as png_codec.cc tells libpng: fuzzers cannot forge CRCs
#else
  const uint32_t crc = static_cast<uint32_t>(libdeflate_crc32(0, chunk + 4, 4 + size_t{len}));
  return crc == Be32(chunk + 8 + len);
#endif
}

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};
struct CompressorDeleter {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// ---------------------------------------------------------------------------------------------
// Unfiltering (PNG spec section 9). `in` is the filtered row (without its filter byte), `prev` the
// previous unfiltered row (zeros for the first), `out` may be `in` itself or lie before it.

inline uint8_t PaethPredictor(int a, int b, int c) {
  const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
  return static_cast<uint8_t>((pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c));
}

template <int kBpp>
void UnfilterRowT(int filter, const uint8_t* in, const uint8_t* prev, uint8_t* out, size_t n) {
  switch (filter) {
    case 0:
      std::memmove(out, in, n);
      break;
    case 1:
      for (size_t i = 0; i < n; ++i) {
        out[i] = static_cast<uint8_t>(in[i] + (i >= kBpp ? out[i - kBpp] : 0));
      }
      break;
    case 2:
      for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(in[i] + prev[i]);
      break;
    case 3:
      for (size_t i = 0; i < n; ++i) {
        const int a = i >= kBpp ? out[i - kBpp] : 0;
        out[i] = static_cast<uint8_t>(in[i] + ((a + prev[i]) >> 1));
      }
      break;
    case 4:
      for (size_t i = 0; i < n; ++i) {
        const int a = i >= kBpp ? out[i - kBpp] : 0;
        const int c = i >= kBpp ? prev[i - kBpp] : 0;
        out[i] = static_cast<uint8_t>(in[i] + PaethPredictor(a, prev[i], c));
      }
      break;
  }
}

#if defined(__SSE2__)
// Paeth and Avg are serial from pixel to pixel but independent across a pixel's channels: one
// pixel at a time in 16-bit lanes (the scheme of libpng's filter_sse2_intrinsics.c).
template <int kBpp>
inline __m128i LoadPixel(const uint8_t* p) {
  int v = 0;
  std::memcpy(&v, p, kBpp);
  return _mm_unpacklo_epi8(_mm_cvtsi32_si128(v), _mm_setzero_si128());
}
template <int kBpp>
inline void StorePixel(uint8_t* p, __m128i v) {
  const int x = _mm_cvtsi128_si32(_mm_packus_epi16(v, v));
  std::memcpy(p, &x, kBpp);
}
inline __m128i AbsI16(__m128i x) {
  const __m128i neg = _mm_cmplt_epi16(x, _mm_setzero_si128());
  return _mm_sub_epi16(_mm_xor_si128(x, neg), neg);
}
inline __m128i Select(__m128i mask, __m128i t, __m128i e) {
  return _mm_or_si128(_mm_and_si128(mask, t), _mm_andnot_si128(mask, e));
}

template <int kBpp>
void UnfilterPaethSse2(const uint8_t* in, const uint8_t* prev, uint8_t* out, size_t n) {
  __m128i a = _mm_setzero_si128(), c = _mm_setzero_si128();
  const __m128i mask = _mm_set1_epi16(0xFF);
  for (size_t i = 0; i < n; i += kBpp) {
    const __m128i b = LoadPixel<kBpp>(prev + i);
    const __m128i x = LoadPixel<kBpp>(in + i);
    __m128i pa = _mm_sub_epi16(b, c);  // p - a where p = a + b - c
    __m128i pb = _mm_sub_epi16(a, c);  // p - b
    __m128i pc = _mm_add_epi16(pa, pb);
    pa = AbsI16(pa);
    pb = AbsI16(pb);
    pc = AbsI16(pc);
    const __m128i smallest = _mm_min_epi16(pc, _mm_min_epi16(pa, pb));
    // Ties favour a, then b, then c, as the specification's predictor does.
    const __m128i pred = Select(_mm_cmpeq_epi16(smallest, pa), a,
                                Select(_mm_cmpeq_epi16(smallest, pb), b, c));
    const __m128i d = _mm_and_si128(_mm_add_epi16(x, pred), mask);
    StorePixel<kBpp>(out + i, d);
    a = d;
    c = b;
  }
}

template <int kBpp>
void UnfilterAvgSse2(const uint8_t* in, const uint8_t* prev, uint8_t* out, size_t n) {
  __m128i a = _mm_setzero_si128();
  const __m128i mask = _mm_set1_epi16(0xFF);
  for (size_t i = 0; i < n; i += kBpp) {
    const __m128i b = LoadPixel<kBpp>(prev + i);
    const __m128i x = LoadPixel<kBpp>(in + i);
    const __m128i avg = _mm_srli_epi16(_mm_add_epi16(a, b), 1);
    a = _mm_and_si128(_mm_add_epi16(x, avg), mask);
    StorePixel<kBpp>(out + i, a);
  }
}

template <int kBpp>
void UnfilterSubSse2(const uint8_t* in, uint8_t* out, size_t n) {
  __m128i a = _mm_setzero_si128();
  const __m128i mask = _mm_set1_epi16(0xFF);
  for (size_t i = 0; i < n; i += kBpp) {
    a = _mm_and_si128(_mm_add_epi16(LoadPixel<kBpp>(in + i), a), mask);
    StorePixel<kBpp>(out + i, a);
  }
}
#endif  // __SSE2__

void UnfilterRow(int filter, int bpp, const uint8_t* in, const uint8_t* prev, uint8_t* out,
                 size_t n) {
#if defined(__SSE2__)
  // The one-pixel-at-a-time loops store kBpp bytes through a 4-byte int: exact for 3 and 4.
  if (bpp == 4 || bpp == 3) {
    if (filter == 4) {
      return bpp == 4 ? UnfilterPaethSse2<4>(in, prev, out, n)
                      : UnfilterPaethSse2<3>(in, prev, out, n);
    }
    if (filter == 3) {
      return bpp == 4 ? UnfilterAvgSse2<4>(in, prev, out, n)
                      : UnfilterAvgSse2<3>(in, prev, out, n);
    }
    if (filter == 1) {
      return bpp == 4 ? UnfilterSubSse2<4>(in, out, n) : UnfilterSubSse2<3>(in, out, n);
    }
  }
#endif
  switch (bpp) {
    case 1:
      return UnfilterRowT<1>(filter, in, prev, out, n);
    case 2:
      return UnfilterRowT<2>(filter, in, prev, out, n);
    case 3:
      return UnfilterRowT<3>(filter, in, prev, out, n);
    default:
      return UnfilterRowT<4>(filter, in, prev, out, n);
  }
}

// ---------------------------------------------------------------------------------------------
// Filtering for the encoder. All five candidates depend only on the raw rows, so these loops
// vectorise.

template <int kBpp>
void FilterRowT(int filter, const uint8_t* raw, const uint8_t* prev, uint8_t* out, size_t n) {
  switch (filter) {
    case 0:
      std::memcpy(out, raw, n);
      break;
    case 1:
      for (size_t i = 0; i < kBpp && i < n; ++i) out[i] = raw[i];
      for (size_t i = kBpp; i < n; ++i) out[i] = static_cast<uint8_t>(raw[i] - raw[i - kBpp]);
      break;
    case 2:
      for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(raw[i] - prev[i]);
      break;
    case 3:
      for (size_t i = 0; i < kBpp && i < n; ++i) out[i] = static_cast<uint8_t>(raw[i] - (prev[i] >> 1));
      for (size_t i = kBpp; i < n; ++i) {
        out[i] = static_cast<uint8_t>(raw[i] - ((raw[i - kBpp] + prev[i]) >> 1));
      }
      break;
    case 4:
      for (size_t i = 0; i < kBpp && i < n; ++i) out[i] = static_cast<uint8_t>(raw[i] - prev[i]);
      for (size_t i = kBpp; i < n; ++i) {
        const int a = raw[i - kBpp], b = prev[i], c = prev[i - kBpp];
        const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
        const int pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
        out[i] = static_cast<uint8_t>(raw[i] - pred);
      }
      break;
  }
}

// libpng's heuristic: the filtered bytes read as signed, smallest sum of magnitudes wins.
uint64_t SumAbs(const uint8_t* p, size_t n) {
  uint64_t s = 0;
  for (size_t i = 0; i < n; ++i) s += static_cast<uint64_t>(std::abs(static_cast<int8_t>(p[i])));
  return s;
}

template <int kBpp>
void FilterImage(const uint8_t* const* rows, int32_t height, size_t rowbytes, bool adaptive,
                 const uint8_t* zeros, uint8_t* scratch, uint8_t* out) {
  const size_t stride = rowbytes + 1;
  for (int32_t y = 0; y < height; ++y) {
    const uint8_t* raw = rows[y];
    const uint8_t* prev = y > 0 ? rows[y - 1] : zeros;
    uint8_t* dst = out + static_cast<size_t>(y) * stride;
    if (!adaptive) {
      dst[0] = 0;
      std::memcpy(dst + 1, raw, rowbytes);
      continue;
    }
    int best = 0;
    uint64_t best_sum = SumAbs(raw, rowbytes);
    for (int f = 1; f <= 4; ++f) {
      FilterRowT<kBpp>(f, raw, prev, scratch, rowbytes);
      const uint64_t s = SumAbs(scratch, rowbytes);
      if (s < best_sum) {
        best_sum = s;
        best = f;
        std::memcpy(dst + 1, scratch, rowbytes);
      }
    }
    dst[0] = static_cast<uint8_t>(best);
    if (best == 0) std::memcpy(dst + 1, raw, rowbytes);
  }
}

void PutBe32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

void AppendChunk(std::vector<uint8_t>* out, const char* type, const uint8_t* data, size_t len) {
  const size_t at = out->size();
  out->resize(at + 12 + len);
  uint8_t* p = out->data() + at;
  PutBe32(p, static_cast<uint32_t>(len));
  std::memcpy(p + 4, type, 4);
  if (len > 0) std::memcpy(p + 8, data, len);
  PutBe32(p + 8 + len, static_cast<uint32_t>(libdeflate_crc32(0, p + 4, 4 + len)));
}

// What the fast paths need from a PNG in their scope; false for anything else.
struct FastHeader {
  uint32_t width = 0, height = 0;
  int color = 0, in_channels = 0;
  const uint8_t* plte = nullptr;
  uint32_t plte_len = 0;
  const uint8_t* trns = nullptr;
  uint32_t trns_len = 0;
  std::vector<std::pair<const uint8_t*, uint32_t>> idats;
};

bool ParseFastHeader(const uint8_t* data, size_t size, int32_t out_width, int32_t out_height,
                     int out_channels, FastHeader* h) {
  if (size < 33 || std::memcmp(data, kSignature, 8) != 0) return false;
  if (Be32(data + 8) != 13 || std::memcmp(data + 12, "IHDR", 4) != 0) return false;
  const uint32_t width = Be32(data + 16), height = Be32(data + 20);
  const int depth = data[24], color = data[25], interlace = data[28];
  if (depth != 8 || interlace != 0 || data[26] != 0 || data[27] != 0) return false;
  if (static_cast<int64_t>(width) != out_width || static_cast<int64_t>(height) != out_height) {
    return false;
  }
  int in_channels;
  switch (color) {
    case 0: in_channels = 1; break;
    case 2: in_channels = 3; break;
    case 3: in_channels = 1; break;
    case 4: in_channels = 2; break;
    case 6: in_channels = 4; break;
    default: return false;
  }
  if (!CrcOk(data + 8, 13)) return false;

  // Walk the chunks: PLTE and tRNS before the image data, then the consecutive IDATs.
  const uint8_t* plte = nullptr;
  uint32_t plte_len = 0;
  const uint8_t* trns = nullptr;
  uint32_t trns_len = 0;
  std::vector<std::pair<const uint8_t*, uint32_t>> idats;
  size_t off = 33;
  while (size - off >= 12) {
    const uint32_t len = Be32(data + off);
    if (len > 0x7FFFFFFFu || len > size - off - 12) return false;
    const uint8_t* type = data + off + 4;
    const bool is_idat = std::memcmp(type, "IDAT", 4) == 0;
    if (!is_idat && !idats.empty()) break;  // the image data has ended
    if (is_idat) {
      if (!CrcOk(data + off, len)) return false;
      idats.emplace_back(data + off + 8, len);
    } else if (std::memcmp(type, "PLTE", 4) == 0) {
      if (!CrcOk(data + off, len)) return false;
      plte = data + off + 8;
      plte_len = len;
    } else if (std::memcmp(type, "tRNS", 4) == 0) {
      if (!CrcOk(data + off, len)) return false;
      trns = data + off + 8;
      trns_len = len;
    } else if (std::memcmp(type, "IEND", 4) == 0) {
      break;
    }
    off += 12 + static_cast<size_t>(len);
  }
  if (idats.empty()) return false;
  // libpng turns a truecolour tRNS into an alpha channel; leave that rarer case to it.
  if (color != 3 && trns != nullptr) return false;
  if (color == 3) {
    if (plte == nullptr || plte_len == 0 || plte_len % 3 != 0 || plte_len > 768) return false;
    if (trns_len > plte_len / 3) return false;
  }
  const int expected_out = color == 3 ? (trns != nullptr ? 4 : 3) : in_channels;
  if (out_channels != expected_out) return false;
  h->width = width;
  h->height = height;
  h->color = color;
  h->in_channels = in_channels;
  h->plte = plte;
  h->plte_len = plte_len;
  h->trns = trns;
  h->trns_len = trns_len;
  h->idats = std::move(idats);
  return true;
}

// The RGBA entries of a palette (unused indices black, opaque unless tRNS says otherwise).
void PaletteLut(const FastHeader& h, uint8_t lut[256][4]) {
  const uint32_t entries = h.plte_len / 3;
  for (uint32_t i = 0; i < 256; ++i) {
    const bool valid = i < entries;
    lut[i][0] = valid ? h.plte[3 * i] : 0;
    lut[i][1] = valid ? h.plte[3 * i + 1] : 0;
    lut[i][2] = valid ? h.plte[3 * i + 2] : 0;
    lut[i][3] = i < h.trns_len ? h.trns[i] : 255;
  }
}

}  // namespace

bool DecodePngFast(const uint8_t* data, size_t size, Image* out,
                   const std::function<void(const ImageView&, int32_t)>* progress) {
  FastHeader hdr;
  if (!ParseFastHeader(data, size, out->width(), out->height(), out->channels(), &hdr)) {
    return false;
  }
  const uint32_t width = hdr.width, height = hdr.height;
  const int color = hdr.color, in_channels = hdr.in_channels;
  const auto& idats = hdr.idats;
  const int out_channels = out->channels();

  const size_t rowbytes = static_cast<size_t>(width) * static_cast<size_t>(in_channels);
  const size_t row_in = rowbytes + 1;
  const size_t total = row_in * height;
  const size_t stride = out->stride();
  if (stride < row_in) return false;

  // One contiguous zlib stream: the file's own bytes when there is a single IDAT.
  std::vector<uint8_t> joined;
  const uint8_t* z = idats[0].first;
  size_t zlen = idats[0].second;
  if (idats.size() > 1) {
    size_t n = 0;
    for (const auto& c : idats) n += c.second;
    joined.resize(n);
    size_t at = 0;
    for (const auto& c : idats) {
      std::memcpy(joined.data() + at, c.first, c.second);
      at += c.second;
    }
    z = joined.data();
    zlen = n;
  }

  // Inflate into the tail of the image's own buffer and unfilter forward into the rows: output
  // row y never reaches input row y + 1 because stride >= row_in (see the proof in the tests'
  // comment), so no second full-size buffer is needed.
  uint8_t* base = out->Row(0);
  uint8_t* inflated = base + stride * height - total;
  std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
  if (d == nullptr) return false;
  size_t got = 0;
  if (libdeflate_zlib_decompress(d.get(), z, zlen, inflated, total, &got) != LIBDEFLATE_SUCCESS ||
      got != total) {
    return false;
  }
  joined = std::vector<uint8_t>();

  const int bpp = in_channels;
  std::vector<uint8_t> zeros(rowbytes, 0);
  if (color != 3) {
    for (uint32_t y = 0; y < height; ++y) {
      if (inflated[y * row_in] > 4) return false;
    }
    const ImageView view = out->view();
    constexpr uint32_t kBatch = 32;
    for (uint32_t y = 0; y < height; ++y) {
      const uint8_t* in = inflated + y * row_in;
      uint8_t* dst = base + static_cast<size_t>(y) * stride;
      const uint8_t* prev = y > 0 ? dst - stride : zeros.data();
      UnfilterRow(in[0], bpp, in + 1, prev, dst, rowbytes);
      if (progress != nullptr && ((y + 1) % kBatch == 0 || y + 1 == height)) {
        (*progress)(view, static_cast<int32_t>(y + 1));
      }
    }
    return true;
  }

  // Palette: unfilter the indices in two scratch rows, then look them up.
  uint8_t lut[256][4];
  PaletteLut(hdr, lut);
  const uint32_t entries = hdr.plte_len / 3;
  bool out_of_range = false;
  std::vector<uint8_t> rows(2 * rowbytes);
  uint8_t* cur = rows.data();
  uint8_t* prev = zeros.data();
  for (uint32_t y = 0; y < height; ++y) {
    const uint8_t* in = inflated + y * row_in;
    if (in[0] > 4) return false;
    UnfilterRow(in[0], 1, in + 1, prev, cur, rowbytes);
    uint8_t* dst = base + static_cast<size_t>(y) * stride;
    for (uint32_t x = 0; x < width; ++x) {
      const uint8_t i = cur[x];
      out_of_range |= i >= entries;
      std::memcpy(dst + static_cast<size_t>(x) * static_cast<size_t>(out_channels), lut[i],
                  static_cast<size_t>(out_channels));
    }
    prev = cur;
    cur = cur == rows.data() ? rows.data() + rowbytes : rows.data();
  }
  // An index past the palette is an error libpng reports its own way.
  return !out_of_range;
}

bool EncodePngFast(const ImageView& image, const PngFastEncodeParams& params,
                   std::vector<uint8_t>* out) {
  const uint32_t width = static_cast<uint32_t>(image.width);
  const uint32_t height = static_cast<uint32_t>(image.height);
  const bool palette = params.indices != nullptr;
  const int channels = image.channels();
  int color_type = 0;
  switch (image.format) {
    case PixelFormat::kGray8: color_type = 0; break;
    case PixelFormat::kGrayA8: color_type = 4; break;
    case PixelFormat::kRGB8: color_type = 2; break;
    case PixelFormat::kRGBA8: color_type = 6; break;
  }
  const int depth = palette ? params.bit_depth : 8;
  if (palette) color_type = 3;
  const size_t rowbytes = palette ? (static_cast<size_t>(width) * depth + 7) / 8
                                  : static_cast<size_t>(width) * channels;

  // Rows to filter: the image's own, or the packed indices.
  std::vector<uint8_t> packed;
  std::vector<const uint8_t*> rows(height);
  if (palette) {
    packed.assign(rowbytes * height, 0);
    const int per_byte = 8 / depth;
    for (uint32_t y = 0; y < height; ++y) {
      const uint8_t* idx = params.indices + static_cast<size_t>(y) * width;
      uint8_t* dst = packed.data() + y * rowbytes;
      if (depth == 8) {
        std::memcpy(dst, idx, width);
      } else {
        for (uint32_t x = 0; x < width; ++x) {
          const int shift = 8 - depth * (1 + static_cast<int>(x % per_byte));
          dst[x / per_byte] |= static_cast<uint8_t>(idx[x] << shift);
        }
      }
      rows[y] = dst;
    }
  } else {
    for (uint32_t y = 0; y < height; ++y) rows[y] = image.Row(static_cast<int32_t>(y));
  }

  // Palette and sub-byte images compress best unfiltered (the PNG specification's advice).
  const bool adaptive = params.adaptive_filter && !palette;
  const size_t total = (rowbytes + 1) * height;
  std::unique_ptr<uint8_t[]> filtered(new (std::nothrow) uint8_t[total]);
  std::unique_ptr<uint8_t[]> scratch(new (std::nothrow) uint8_t[rowbytes + 1]);
  if (filtered == nullptr || scratch == nullptr) return false;
  std::vector<uint8_t> zeros(rowbytes, 0);
  const int bpp = palette ? 1 : channels;
  switch (bpp) {
    case 1:
      FilterImage<1>(rows.data(), image.height, rowbytes, adaptive, zeros.data(), scratch.get(),
                     filtered.get());
      break;
    case 2:
      FilterImage<2>(rows.data(), image.height, rowbytes, adaptive, zeros.data(), scratch.get(),
                     filtered.get());
      break;
    case 3:
      FilterImage<3>(rows.data(), image.height, rowbytes, adaptive, zeros.data(), scratch.get(),
                     filtered.get());
      break;
    default:
      FilterImage<4>(rows.data(), image.height, rowbytes, adaptive, zeros.data(), scratch.get(),
                     filtered.get());
      break;
  }
  packed = std::vector<uint8_t>();

  std::unique_ptr<libdeflate_compressor, CompressorDeleter> c(
      libdeflate_alloc_compressor(std::clamp(params.level, 0, 12)));
  if (c == nullptr) return false;
  const size_t bound = libdeflate_zlib_compress_bound(c.get(), total);
  std::unique_ptr<uint8_t[]> z(new (std::nothrow) uint8_t[bound]);
  if (z == nullptr) return false;
  const size_t zlen = libdeflate_zlib_compress(c.get(), filtered.get(), total, z.get(), bound);
  if (zlen == 0) return false;
  filtered.reset();

  out->clear();
  out->reserve(8 + 25 + 12 + 3 * 256 + 12 + 256 + zlen + 12 * (zlen / kIdatChunk + 1) + 12);
  out->insert(out->end(), kSignature, kSignature + 8);
  uint8_t ihdr[13];
  PutBe32(ihdr, width);
  PutBe32(ihdr + 4, height);
  ihdr[8] = static_cast<uint8_t>(depth);
  ihdr[9] = static_cast<uint8_t>(color_type);
  ihdr[10] = ihdr[11] = ihdr[12] = 0;
  AppendChunk(out, "IHDR", ihdr, sizeof(ihdr));
  if (palette) {
    AppendChunk(out, "PLTE", params.palette_rgb, 3 * static_cast<size_t>(params.num_palette));
    if (params.num_trans > 0) {
      AppendChunk(out, "tRNS", params.trans, static_cast<size_t>(params.num_trans));
    }
  }
  for (size_t at = 0; at < zlen; at += kIdatChunk) {
    AppendChunk(out, "IDAT", z.get() + at, std::min(kIdatChunk, zlen - at));
  }
  AppendChunk(out, "IEND", nullptr, 0);
  return true;
}

// ---------------------------------------------------------------------------------------------
// PngRowDecoder: the same rows, inflated on demand.

struct PngRowDecoder::State {
  FastHeader hdr;
  int out_channels = 0;
  inflate_state inflate;
  size_t next_idat = 0;
  size_t rowbytes = 0;
  std::vector<uint8_t> raw;   // one filtered row: the filter byte, then the row
  std::vector<uint8_t> rows;  // two unfiltered rows: the current one and the one above
  uint8_t lut[256][4];
  int32_t rows_done = 0;
  bool failed = false;
};

PngRowDecoder::PngRowDecoder(std::unique_ptr<State> s) : s_(std::move(s)) {}
PngRowDecoder::~PngRowDecoder() = default;

std::unique_ptr<PngRowDecoder> PngRowDecoder::Create(const uint8_t* data, size_t size,
                                                     int32_t width, int32_t height,
                                                     int out_channels) {
  auto s = std::make_unique<State>();
  if (!ParseFastHeader(data, size, width, height, out_channels, &s->hdr)) return nullptr;
  s->out_channels = out_channels;
  s->rowbytes = static_cast<size_t>(s->hdr.width) * static_cast<size_t>(s->hdr.in_channels);
  s->raw.resize(s->rowbytes + 1);
  s->rows.assign(2 * s->rowbytes, 0);  // the row above the first is zeros
  if (s->hdr.color == 3) PaletteLut(s->hdr, s->lut);
  isal_inflate_init(&s->inflate);
  s->inflate.crc_flag = ISAL_ZLIB;  // parse the zlib header and check the Adler-32 at the end
  return std::unique_ptr<PngRowDecoder>(new PngRowDecoder(std::move(s)));
}

int32_t PngRowDecoder::rows_done() const { return s_->rows_done; }

namespace {

// Inflates exactly `n` bytes into `dst`, feeding the IDAT payloads in order. False when the
// stream is damaged or ends early.
bool InflateExactly(PngRowDecoder::State* s, uint8_t* dst, size_t n) {
  inflate_state& z = s->inflate;
  z.next_out = dst;
  z.avail_out = static_cast<uint32_t>(n);
  while (z.avail_out > 0) {
    // Without input left ISA-L may still hold decoded bytes back: call it once more anyway.
    if (z.avail_in == 0 && s->next_idat < s->hdr.idats.size()) {
      const auto& c = s->hdr.idats[s->next_idat++];
      z.next_in = const_cast<uint8_t*>(c.first);
      z.avail_in = c.second;
    }
    const uint32_t before = z.avail_out;
    const uint32_t before_in = z.avail_in;
    const int r = isal_inflate(&z);
    if (r != ISAL_DECOMP_OK) return false;
    if (z.avail_out == 0) break;
    if (z.block_state == ISAL_BLOCK_FINISH) return false;  // the stream ended short
    // No progress at all: the input is used up (truncated) or damaged.
    if (z.avail_out == before && z.avail_in == before_in) return false;
  }
  return true;
}

}  // namespace

bool PngRowDecoder::DecodeRow(uint8_t* dst) {
  State& st = *s_;
  if (st.failed || st.rows_done == static_cast<int32_t>(st.hdr.height)) return false;
  if (!InflateExactly(&st, st.raw.data(), st.raw.size()) || st.raw[0] > 4) {
    st.failed = true;
    return false;
  }
  const int32_t y = st.rows_done;
  uint8_t* cur = st.rows.data() + static_cast<size_t>(y % 2) * st.rowbytes;
  const uint8_t* prev = st.rows.data() + static_cast<size_t>((y + 1) % 2) * st.rowbytes;
  if (st.hdr.color != 3) {
    // The same unfiltering as the whole-file path, into our own row (the row above must stay
    // available whatever the caller does with its copy).
    UnfilterRow(st.raw[0], st.hdr.in_channels, st.raw.data() + 1, prev, cur, st.rowbytes);
    std::memcpy(dst, cur, st.rowbytes);
  } else {
    UnfilterRow(st.raw[0], 1, st.raw.data() + 1, prev, cur, st.rowbytes);
    const uint32_t entries = st.hdr.plte_len / 3;
    bool out_of_range = false;
    for (uint32_t x = 0; x < st.hdr.width; ++x) {
      const uint8_t i = cur[x];
      out_of_range |= i >= entries;
      std::memcpy(dst + static_cast<size_t>(x) * static_cast<size_t>(st.out_channels), st.lut[i],
                  static_cast<size_t>(st.out_channels));
    }
    if (out_of_range) {  // libpng reports this its own way
      st.failed = true;
      return false;
    }
  }
  ++st.rows_done;
  return true;
}

bool PngRowDecoder::Finish() {
  State& st = *s_;
  if (st.failed || st.rows_done != static_cast<int32_t>(st.hdr.height)) return false;
  // The stream must end here, with a matching Adler-32 (ISA-L checks it at the end of the
  // stream): inflate into a one-byte probe, which must stay empty.
  uint8_t probe;
  inflate_state& z = st.inflate;
  while (z.block_state != ISAL_BLOCK_FINISH) {
    if (z.avail_in == 0 && st.next_idat < st.hdr.idats.size()) {
      const auto& c = st.hdr.idats[st.next_idat++];
      z.next_in = const_cast<uint8_t*>(c.first);
      z.avail_in = c.second;
    }
    const uint32_t before_in = z.avail_in;
    z.next_out = &probe;
    z.avail_out = 1;
    if (isal_inflate(&z) != ISAL_DECOMP_OK || z.avail_out == 0) return false;  // extra data
    if (z.block_state != ISAL_BLOCK_FINISH && z.avail_in == before_in &&
        st.next_idat == st.hdr.idats.size()) {
      return false;  // the stream does not end
    }
  }
  return true;
}

}  // namespace ossimg::codecs
