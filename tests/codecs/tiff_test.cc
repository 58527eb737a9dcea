// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// TIFF through libtiff: strips and tiles, LZW/deflate/packbits/none/JPEG,
// 16-bit, gray, alpha, orientation reported not applied, the IFD limit, and
// exact round trips through the encoder. Fixtures:
// tests/data/codecs/make_format_fixtures.py (libvips' tiffsave from
// fmt-src.ppm).

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::CountDiff;
using testing::MakeImage;
using testing::MustDecode;
using testing::ReadPnm;
using testing::ReadTestFile;

TEST(TiffTest, LosslessLayoutsDecodeExactly) {
  const testing::Pnm src = ReadPnm("codecs/fmt-src.ppm");
  for (const char* name :
       {"tiff-strip-lzw.tif", "tiff-tile-deflate.tif", "tiff-none.tif", "tiff-16bit.tif"}) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> b = ReadTestFile(std::string("codecs/") + name);
    StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->format, ImageFormat::kTiff);
    EXPECT_EQ(info->width, 37);
    EXPECT_EQ(info->height, 23);
    EXPECT_EQ(info->pixel_format, PixelFormat::kRGB8);
    EXPECT_EQ(CountDiff(MustDecode(b).view(), src), 0);
  }
}

TEST(TiffTest, JpegCompressedIsClose) {
  const testing::Pnm src = ReadPnm("codecs/fmt-src.ppm");
  const Image img = MustDecode(ReadTestFile("codecs/tiff-jpeg.tif"));
  ASSERT_EQ(img.width(), 37);
  double se = 0;
  for (int y = 0; y < 23; ++y) {
    for (int x = 0; x < 37 * 3; ++x) {
      const double d = img.Row(y)[x] - src.pixels[y * 37 * 3 + x];
      se += d * d;
    }
  }
  EXPECT_GT(10 * std::log10(255.0 * 255.0 / (se / (37 * 23 * 3))), 28.0);
}

TEST(TiffTest, GrayAndAlpha) {
  const Image gray = MustDecode(ReadTestFile("codecs/tiff-gray.tif"));
  EXPECT_EQ(gray.format(), PixelFormat::kGray8);
  const Image rgba = MustDecode(ReadTestFile("codecs/tiff-rgba.tif"));
  ASSERT_EQ(rgba.format(), PixelFormat::kRGBA8);
  const testing::Pnm src = ReadPnm("codecs/fmt-src.ppm");
  for (int y = 0; y < 23; ++y) {
    for (int x = 0; x < 37; ++x) {
      ASSERT_EQ(rgba.Row(y)[x * 4 + 3], (x * 7) & 255);
      // Unassociated alpha is kept as stored: colour exact even where alpha is
      // small.
      for (int c = 0; c < 3; ++c) {
        if (x > 0) {
          ASSERT_EQ(rgba.Row(y)[x * 4 + c], src.pixels[(y * 37 + x) * 3 + c]);
        }
      }
    }
  }
}

TEST(TiffTest, RoundTripsExactly) {
  for (PixelFormat f :
       {PixelFormat::kRGB8, PixelFormat::kRGBA8, PixelFormat::kGray8, PixelFormat::kGrayA8}) {
    SCOPED_TRACE(PixelFormatName(f));
    const Image src = MakeImage(67, 41, f);
    StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), ImageFormat::kTiff);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    const Image back = MustDecode(*b);
    EXPECT_EQ(back.format(), f);
    EXPECT_EQ(CountDiff(back.view(), src.view()), 0);
  }
}

// A little-endian, uncompressed 2x1 RGB TIFF with an Orientation tag.
std::vector<uint8_t> OrientedTiff(uint16_t orientation) {
  std::vector<uint8_t> b = {'I', 'I', 42, 0, 8, 0, 0, 0};
  const uint32_t entries[][3] = {{256, 4, 2}, {257, 4, 1}, {258, 3, 8},           {259, 3, 1},
                                 {262, 3, 2}, {273, 4, 0}, {274, 3, orientation}, {277, 3, 3},
                                 {278, 4, 1}, {279, 4, 6}};
  const uint32_t n = sizeof(entries) / sizeof(entries[0]);
  const uint32_t data_at = 8 + 2 + n * 12 + 4;
  auto put = [&b](uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  put(n, 2);
  for (const auto& e : entries) {
    put(e[0], 2);
    put(e[1], 2);
    put(1, 4);
    put(e[0] == 273 ? data_at : e[2], 4);
  }
  put(0, 4);
  for (uint8_t v : {10, 20, 30, 40, 50, 60}) b.push_back(v);
  return b;
}

TEST(TiffTest, OrientationIsReportedNotApplied) {
  const std::vector<uint8_t> b = OrientedTiff(6);
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->orientation, 6);
  EXPECT_EQ(info->width, 2);
  const Image img = MustDecode(b);
  ASSERT_EQ(img.width(), 2);
  EXPECT_EQ(img.Row(0)[0], 10);
  EXPECT_EQ(img.Row(0)[3], 40);
}

TEST(TiffTest, EngineAppliesTheOrientationTag) {
  const std::vector<uint8_t> b = OrientedTiff(6);  // 2x1 stored, 1x2 displayed
  Engine engine;
  StatusOr<Result> r = engine.Process(b.data(), b.size(), "image/format,png");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->width, 1);
  EXPECT_EQ(r->height, 2);
  r = engine.Process(b.data(), b.size(), "image/auto-orient,0/format,png");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->width, 2);
  EXPECT_EQ(r->height, 1);
}

TEST(TiffTest, IfdLimitFollowsMaxFrames) {
  const std::vector<uint8_t> b = ReadTestFile("bad/tiff-1200-ifds.tif");
  EXPECT_EQ(ProbeImage(b.data(), b.size()).status().code(), StatusCode::kImageTooLarge);
  Limits l;
  l.max_frames = 2000;
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size(), l);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->frame_count, 1);  // the first page is the image
}

TEST(TiffTest, StrictDecodeRefusesMissingStrips) {
  const std::vector<uint8_t> b = ReadTestFile("bad/tiff-strip-past-end.tif");
  EXPECT_TRUE(DecodeImage(b.data(), b.size()).ok());
  DecodeOptions strict;
  strict.fail_on_truncated = true;
  EXPECT_EQ(DecodeImage(b.data(), b.size(), strict).status().code(), StatusCode::kCorruptInput);
}

TEST(TiffTest, BigEndianAndBigTiffSniff) {
  const uint8_t mm[] = {'M', 'M', 0, 42};
  const uint8_t big[] = {'I', 'I', 43, 0};
  EXPECT_EQ(SniffImageFormat(mm, 4), ImageFormat::kTiff);
  EXPECT_EQ(SniffImageFormat(big, 4), ImageFormat::kTiff);
}

}  // namespace
}  // namespace ossimg
