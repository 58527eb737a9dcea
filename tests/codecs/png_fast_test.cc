// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The libdeflate PNG paths (src/codecs/png_fast.h) against libpng. A strict decode
// (DecodeOptions::fail_on_truncated) always goes through libpng, so decoding the same bytes both
// ways compares the two implementations pixel for pixel.
//
// The in-place decode writes output row y over the inflated data it has already read: row y
// lands at y * stride and input row y + 1 starts at (H - y - 1) * (stride - L) + stride + ...
// bytes further on (L = 1 + row bytes <= stride), so a row never overwrites input it still
// needs. The odd widths and tall images below exercise that layout at every height.

#include <libdeflate.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "codecs/png_fast.h"
#include "ossimg/codec.h"
#include "test_util.h"

namespace ossimg {
namespace {

using testing::CountDiff;
using testing::MakeImage;
using testing::MustDecode;
using testing::ReadTestFile;

uint32_t Be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}

// The filter type of every row of a non-interlaced PNG (inflating its IDATs with libdeflate).
std::vector<int> RowFilters(const std::vector<uint8_t>& png) {
  std::vector<uint8_t> z;
  uint32_t width = Be32(png.data() + 16), height = Be32(png.data() + 20);
  const int channels = png[25] == 6 ? 4 : png[25] == 2 ? 3 : png[25] == 4 ? 2 : 1;
  for (size_t off = 8; off + 12 <= png.size();) {
    const uint32_t len = Be32(png.data() + off);
    if (std::memcmp(png.data() + off + 4, "IDAT", 4) == 0) {
      z.insert(z.end(), png.data() + off + 8, png.data() + off + 8 + len);
    }
    off += 12 + len;
  }
  const size_t row = 1 + static_cast<size_t>(width) * channels;
  std::vector<uint8_t> raw(row * height);
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  size_t got = 0;
  const auto r = libdeflate_zlib_decompress(d, z.data(), z.size(), raw.data(), raw.size(), &got);
  libdeflate_free_decompressor(d);
  EXPECT_EQ(r, LIBDEFLATE_SUCCESS);
  std::vector<int> filters;
  for (uint32_t y = 0; y < height && r == LIBDEFLATE_SUCCESS; ++y) filters.push_back(raw[y * row]);
  return filters;
}

// Smooth gradients with noise and flat runs: each of the five filters wins somewhere.
Image Mixed(int32_t w, int32_t h, PixelFormat f) {
  Image img = *Image::Create(w, h, f);
  const int ch = Channels(f);
  uint32_t s = 12345;
  for (int32_t y = 0; y < h; ++y) {
    for (int32_t x = 0; x < w; ++x) {
      s = s * 1103515245u + 12345u;
      for (int c = 0; c < ch; ++c) {
        int v;
        switch ((y / 3) % 5) {
          case 0: v = 7 * c + 40; break;                        // flat: none/sub
          case 1: v = x * 3 + c * 50; break;                    // horizontal ramp: sub
          case 2: v = y * 5 + c; break;                         // vertical ramp: up
          case 3: v = (x + y) * 2 + static_cast<int>(s >> 29); break;  // diagonal: avg/paeth
          default: v = static_cast<int>(s >> (8 + c)) & 255;  // noise
        }
        img.Row(y)[x * ch + c] = static_cast<uint8_t>(v);
      }
    }
  }
  return img;
}

Image DecodeWith(const std::vector<uint8_t>& bytes, bool libpng) {
  DecodeOptions o;
  o.fail_on_truncated = libpng;
  return MustDecode(bytes, o);
}

class PngFastTest : public ::testing::TestWithParam<PixelFormat> {};

TEST_P(PngFastTest, EncodeRoundTripsAndDecodesLikeLibpng) {
  for (int32_t w : {1, 2, 3, 17, 64, 257}) {
    for (int32_t h : {1, 2, 31}) {
      const Image src = Mixed(w, h, GetParam());
      StatusOr<std::vector<uint8_t>> png = EncodeImage(src.view(), ImageFormat::kPng);
      ASSERT_TRUE(png.ok());
      const Image by_libpng = DecodeWith(*png, true);
      const Image fast = DecodeWith(*png, false);
      EXPECT_EQ(CountDiff(by_libpng.view(), src.view()), 0) << w << "x" << h;
      EXPECT_EQ(CountDiff(fast.view(), src.view()), 0) << w << "x" << h;
    }
  }
}

TEST_P(PngFastTest, AdaptiveFilteringUsesEveryFilterAndNoneWhenAsked) {
  const Image src = Mixed(97, 60, GetParam());
  std::vector<uint8_t> png = *EncodeImage(src.view(), ImageFormat::kPng);
  const std::vector<int> filters = RowFilters(png);
  ASSERT_EQ(filters.size(), 60u);
  const std::set<int> used(filters.begin(), filters.end());
  EXPECT_GE(used.size(), 3u);  // flat, ramps and noise pick different filters
  EXPECT_EQ(CountDiff(DecodeWith(png, false).view(), src.view()), 0);

  EncodeOptions none;
  none.png_adaptive_filter = false;
  png = *EncodeImage(src.view(), ImageFormat::kPng, none);
  for (int f : RowFilters(png)) EXPECT_EQ(f, 0);
  EXPECT_EQ(CountDiff(DecodeWith(png, false).view(), src.view()), 0);
}

// The row-at-a-time decoder (ISA-L streaming inflate) gives the whole-file fast path's rows.
TEST_P(PngFastTest, RowDecoderGivesTheSameRows) {
  for (int32_t w : {1, 3, 64, 257}) {
    const Image src = Mixed(w, 47, GetParam());
    const std::vector<uint8_t> png = *EncodeImage(src.view(), ImageFormat::kPng);
    std::unique_ptr<codecs::PngRowDecoder> rows = codecs::PngRowDecoder::Create(
        png.data(), png.size(), src.width(), src.height(), src.channels());
    ASSERT_NE(rows, nullptr);
    std::vector<uint8_t> row(static_cast<size_t>(w) * src.channels());
    for (int32_t y = 0; y < src.height(); ++y) {
      ASSERT_TRUE(rows->DecodeRow(row.data())) << w << " row " << y;
      ASSERT_EQ(0, std::memcmp(row.data(), src.Row(y), row.size())) << w << " row " << y;
    }
    EXPECT_FALSE(rows->DecodeRow(row.data()));  // past the end
    EXPECT_TRUE(rows->Finish());
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, PngFastTest,
                         ::testing::Values(PixelFormat::kGray8, PixelFormat::kGrayA8,
                                           PixelFormat::kRGB8, PixelFormat::kRGBA8));

// Every filter type, decoded by the SSE2 and scalar unfilters, for every bytes-per-pixel: rows
// filtered with one fixed type each, built here so each filter is certain to be present.
TEST(PngFast, EachFilterTypeDecodesLikeLibpng) {
  for (PixelFormat f : {PixelFormat::kGray8, PixelFormat::kGrayA8, PixelFormat::kRGB8,
                        PixelFormat::kRGBA8}) {
    const Image src = MakeImage(53, 25, f, 7);
    const int bpp = Channels(f);
    const size_t rb = 53u * bpp;
    std::vector<uint8_t> raw;
    std::vector<uint8_t> zeros(rb, 0);
    for (int32_t y = 0; y < 25; ++y) {
      const uint8_t* r = src.Row(y);
      const uint8_t* p = y > 0 ? src.Row(y - 1) : zeros.data();
      const int type = y % 5;
      raw.push_back(static_cast<uint8_t>(type));
      for (size_t i = 0; i < rb; ++i) {
        const int a = i >= static_cast<size_t>(bpp) ? r[i - bpp] : 0;
        const int b = p[i];
        const int c = i >= static_cast<size_t>(bpp) ? p[i - bpp] : 0;
        int pred = 0;
        if (type == 1) pred = a;
        if (type == 2) pred = b;
        if (type == 3) pred = (a + b) / 2;
        if (type == 4) {
          const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
          pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
        }
        raw.push_back(static_cast<uint8_t>(r[i] - pred));
      }
    }
    // Wrap in a PNG: the libpng-written header of an encoded copy, with our IDAT.
    std::vector<uint8_t> png = *EncodeImage(src.view(), ImageFormat::kPng);
    std::vector<uint8_t> z(raw.size() + 1024);
    libdeflate_compressor* c = libdeflate_alloc_compressor(6);
    z.resize(libdeflate_zlib_compress(c, raw.data(), raw.size(), z.data(), z.size()));
    libdeflate_free_compressor(c);
    std::vector<uint8_t> file(png.begin(), png.begin() + 33);  // signature + IHDR
    const auto chunk = [&file](const char* type, const std::vector<uint8_t>& data) {
      const uint32_t n = static_cast<uint32_t>(data.size());
      for (int s = 24; s >= 0; s -= 8) file.push_back(static_cast<uint8_t>(n >> s));
      const size_t at = file.size();
      file.insert(file.end(), type, type + 4);
      file.insert(file.end(), data.begin(), data.end());
      const uint32_t crc = static_cast<uint32_t>(libdeflate_crc32(0, file.data() + at, 4 + n));
      for (int s = 24; s >= 0; s -= 8) file.push_back(static_cast<uint8_t>(crc >> s));
    };
    // Two IDAT chunks, so the join path runs too.
    chunk("IDAT", std::vector<uint8_t>(z.begin(), z.begin() + z.size() / 2));
    chunk("IDAT", std::vector<uint8_t>(z.begin() + z.size() / 2, z.end()));
    chunk("IEND", {});
    EXPECT_EQ(CountDiff(DecodeWith(file, true).view(), src.view()), 0) << Channels(f);
    EXPECT_EQ(CountDiff(DecodeWith(file, false).view(), src.view()), 0) << Channels(f);
  }
}

TEST(PngFast, FixturesDecodeLikeLibpng) {
  // Every colour type and depth the fixtures have (most take the fallback; both must agree).
  for (const char* name : {"png_c0_d1.png", "png_c0_d8.png", "png_c2_d8.png", "png_c3_d1.png",
                           "png_c3_d4.png", "png_c3_d8.png", "png_c4_d8.png", "png_c6_d8.png",
                           "png_c6_d16.png", "png_c2_d8_i.png"}) {
    const std::vector<uint8_t> bytes = ReadTestFile(std::string("codecs/") + name);
    EXPECT_EQ(CountDiff(DecodeWith(bytes, true).view(), DecodeWith(bytes, false).view()), 0)
        << name;
  }
}

TEST(PngFast, PaletteOutputAtEveryDepthRoundTrips) {
  for (int colours : {2, 4, 16, 200}) {
    Image src = *Image::Create(41, 9, PixelFormat::kRGBA8);
    for (int32_t y = 0; y < 9; ++y) {
      for (int32_t x = 0; x < 41; ++x) {
        const int i = (x * 7 + y * 3) % colours;
        uint8_t* p = src.Row(y) + x * 4;
        p[0] = static_cast<uint8_t>(i * 5);
        p[1] = static_cast<uint8_t>(255 - i);
        p[2] = static_cast<uint8_t>(i * 11);
        p[3] = i % 3 == 0 ? 128 : 255;
      }
    }
    EncodeOptions o;
    o.png_palette = true;
    const std::vector<uint8_t> png = *EncodeImage(src.view(), ImageFormat::kPng, o);
    EXPECT_EQ(png[25], 3) << colours;  // colour type: palette
    const int depth = colours <= 2 ? 1 : colours <= 4 ? 2 : colours <= 16 ? 4 : 8;
    EXPECT_EQ(png[24], depth) << colours;
    EXPECT_EQ(CountDiff(DecodeWith(png, true).view(), src.view()), 0) << colours;
    EXPECT_EQ(CountDiff(DecodeWith(png, false).view(), src.view()), 0) << colours;
  }
}

// The same PNG with its IDAT payload cut into chunks of `piece` bytes (valid CRCs).
std::vector<uint8_t> SplitIdat(const std::vector<uint8_t>& png, size_t piece) {
  std::vector<uint8_t> out(png.begin(), png.begin() + 8);
  std::vector<uint8_t> data;
  size_t off = 8;
  bool written = false;
  while (off + 12 <= png.size()) {
    const size_t len = Be32(png.data() + off);
    const bool idat = std::memcmp(png.data() + off + 4, "IDAT", 4) == 0;
    if (idat) {
      data.insert(data.end(), png.begin() + off + 8, png.begin() + off + 8 + len);
    } else {
      if (!data.empty() && !written) {
        for (size_t at = 0; at < data.size(); at += piece) {
          const size_t n = std::min(piece, data.size() - at);
          const uint8_t head[8] = {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                                   static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n),
                                   'I', 'D', 'A', 'T'};
          out.insert(out.end(), head, head + 8);
          out.insert(out.end(), data.begin() + at, data.begin() + at + n);
          const uint32_t crc = static_cast<uint32_t>(libdeflate_crc32(
              libdeflate_crc32(0, "IDAT", 4), data.data() + at, n));
          const uint8_t tail[4] = {static_cast<uint8_t>(crc >> 24), static_cast<uint8_t>(crc >> 16),
                                   static_cast<uint8_t>(crc >> 8), static_cast<uint8_t>(crc)};
          out.insert(out.end(), tail, tail + 4);
        }
        written = true;
      }
      out.insert(out.begin() + static_cast<ptrdiff_t>(out.size()), png.begin() + off,
                 png.begin() + off + 12 + len);
    }
    off += 12 + len;
  }
  return out;
}

TEST(PngFast, DamagedDataFallsBackToLibpng) {
  const Image src = Mixed(300, 300, PixelFormat::kRGB8);  // IDAT larger than libpng's reads
  std::vector<uint8_t> png = *EncodeImage(src.view(), ImageFormat::kPng);
  // A flipped bit inside the IDAT payload: the CRC no longer matches, so the fast path declines
  // and libpng reports the file (rather than our decoder returning wrong pixels).
  std::vector<uint8_t> bad = png;
  bad[33 + 8 + 20] ^= 0x10;
  EXPECT_FALSE(DecodeImage(bad.data(), bad.size()).ok());
  // Truncated: libpng's recovery (rows decoded so far, the rest zero) still applies.
  std::vector<uint8_t> cut(png.begin(), png.begin() + static_cast<ptrdiff_t>(png.size() * 2 / 3));
  StatusOr<Image> part = DecodeImage(cut.data(), cut.size());
  ASSERT_TRUE(part.ok()) << part.status().ToString();
  EXPECT_EQ(part->width(), 300);
  EXPECT_EQ(CountDiff(part->view().Crop(Rect{0, 0, 300, 10}), src.view().Crop(Rect{0, 0, 300, 10})),
            0);
  Image direct = *Image::Create(300, 300, PixelFormat::kRGB8);
  EXPECT_FALSE(codecs::DecodePngFast(cut.data(), cut.size(), &direct));
  // A chunk running past the end of the file is outside the row decoder's scope too.
  EXPECT_EQ(codecs::PngRowDecoder::Create(cut.data(), cut.size(), 300, 300, 3), nullptr);
  // Well-framed chunks with a piece of the stream missing: whatever rows come out, the stream
  // never checks out (Finish), so the engine falls back to the whole-file decode.
  std::vector<uint8_t> split = SplitIdat(png, 1000);
  size_t off = 33, idats = 0;
  while (off + 12 <= split.size()) {
    const size_t len = Be32(split.data() + off);
    if (std::memcmp(split.data() + off + 4, "IDAT", 4) == 0 && ++idats == 5) {
      split.erase(split.begin() + static_cast<ptrdiff_t>(off),
                  split.begin() + static_cast<ptrdiff_t>(off + 12 + len));
      break;
    }
    off += 12 + len;
  }
  ASSERT_EQ(idats, 5u);
  std::unique_ptr<codecs::PngRowDecoder> rows =
      codecs::PngRowDecoder::Create(split.data(), split.size(), 300, 300, 3);
  ASSERT_NE(rows, nullptr);
  std::vector<uint8_t> row(900);
  int32_t good = 0;
  while (good < 300 && rows->DecodeRow(row.data())) ++good;
  EXPECT_GT(good, 0);
  EXPECT_FALSE(rows->Finish());
}

TEST(PngFast, RowDecoderPaletteAndSeveralIdats) {
  // Palette rows expand through the PLTE/tRNS table; a file cut into many IDAT chunks feeds
  // the inflater chunk by chunk.
  const Image mixed = Mixed(120, 80, PixelFormat::kRGBA8);
  const std::vector<uint8_t> split = SplitIdat(*EncodeImage(mixed.view(), ImageFormat::kPng), 97);
  ASSERT_EQ(CountDiff(DecodeWith(split, true).view(), mixed.view()), 0);
  const std::vector<std::vector<uint8_t>> files = {
      ReadTestFile("codecs/png_c3_d8.png"), ReadTestFile("codecs/png_c2_d8.png"),
      ReadTestFile("codecs/png_c6_d8.png"), split};
  for (size_t f = 0; f < files.size(); ++f) {
    const std::vector<uint8_t>& bytes = files[f];
    const std::string name = std::to_string(f);
    const Image whole = DecodeWith(bytes, false);
    std::unique_ptr<codecs::PngRowDecoder> rows = codecs::PngRowDecoder::Create(
        bytes.data(), bytes.size(), whole.width(), whole.height(), whole.channels());
    ASSERT_NE(rows, nullptr) << name;
    std::vector<uint8_t> row(static_cast<size_t>(whole.width()) * whole.channels());
    for (int32_t y = 0; y < whole.height(); ++y) {
      ASSERT_TRUE(rows->DecodeRow(row.data())) << name;
      ASSERT_EQ(0, std::memcmp(row.data(), whole.Row(y), row.size())) << name << " " << y;
    }
    EXPECT_TRUE(rows->Finish()) << name;
  }
}

}  // namespace
}  // namespace ossimg

namespace ossimg {
namespace {

// Found by decode_fuzzer: a chunk before IDAT claiming 1.2 GB made libpng allocate that much
// before noticing the file was shorter. With valid CRCs this reaches libpng in production too,
// so the chunk walk refuses it first.
TEST(PngHardening, ChunkLengthPastTheEndIsRefusedBeforeLibpng) {
  const Image src = MakeImage(13, 7, PixelFormat::kRGB8, 3);
  std::vector<uint8_t> png = *EncodeImage(src.view(), ImageFormat::kPng);
  std::vector<uint8_t> bad(png.begin(), png.begin() + 33);  // signature + IHDR
  const uint8_t chunk[] = {0x4C, 0xFF, 0xFE, 0x1A, 'z', 'z', 'Z', 'z', 1, 2, 3, 4};
  bad.insert(bad.end(), chunk, chunk + sizeof(chunk));
  bad.insert(bad.end(), png.begin() + 33, png.end());  // the real IDAT and IEND after it
  const StatusOr<ImageInfo> info = ProbeImage(bad.data(), bad.size());
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), StatusCode::kCorruptInput);
  EXPECT_NE(info.status().message().find("past the end"), std::string::npos)
      << info.status().message();
  EXPECT_FALSE(DecodeImage(bad.data(), bad.size()).ok());
  // The same file without the lying chunk decodes.
  EXPECT_TRUE(DecodeImage(png.data(), png.size()).ok());
}

}  // namespace
}  // namespace ossimg
