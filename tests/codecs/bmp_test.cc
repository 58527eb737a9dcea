// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// BMP: every header, depth and compression against the pixels the fixture
// generator meant (tests/data/codecs/make_format_fixtures.py writes each BMP
// and its PPM by hand), round trips through the encoder, and the hostile files
// of tests/data/bad/EXPECTED.formats (all formats).

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"

#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::CountDiff;
using testing::MakeImage;
using testing::MustDecode;
using testing::ReadPnm;
using testing::ReadTestFile;

TEST(BmpTest, EveryLayoutDecodesToItsPixels) {
  const std::pair<const char*, const char*> cases[] = {
      {"bmp-24.bmp", "fmt-truecolour.ppm"},      {"bmp-24-topdown.bmp", "fmt-truecolour.ppm"},
      {"bmp-24-core.bmp", "fmt-truecolour.ppm"}, {"bmp-32-x.bmp", "fmt-truecolour.ppm"},
      {"bmp-16-555.bmp", "fmt-555.ppm"},         {"bmp-16-565.bmp", "fmt-565.ppm"},
      {"bmp-pal1.bmp", "fmt-pal1.ppm"},          {"bmp-pal4.bmp", "fmt-pal4.ppm"},
      {"bmp-pal8.bmp", "fmt-pal8.ppm"},          {"bmp-rle4.bmp", "fmt-rle4.ppm"},
      {"bmp-rle8.bmp", "fmt-rle8.ppm"},
  };
  for (const auto& [bmp, ppm] : cases) {
    SCOPED_TRACE(bmp);
    const std::vector<uint8_t> b = ReadTestFile(std::string("codecs/") + bmp);
    StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->format, ImageFormat::kBmp);
    EXPECT_EQ(info->width, 13);
    EXPECT_EQ(info->height, 7);
    EXPECT_EQ(info->pixel_format, PixelFormat::kRGB8);
    const Image img = MustDecode(b);
    EXPECT_EQ(CountDiff(img.view(), ReadPnm(std::string("codecs/") + ppm)), 0);
  }
}

TEST(BmpTest, V4AlphaBitfields) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/bmp-32-alpha-v4.bmp");
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->has_alpha);
  const Image img = MustDecode(b);
  ASSERT_EQ(img.format(), PixelFormat::kRGBA8);
  const testing::Pnm rgb = ReadPnm("codecs/fmt-truecolour.ppm");
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 13; ++x) {
      for (int c = 0; c < 3; ++c) {
        ASSERT_EQ(img.Row(y)[x * 4 + c], rgb.pixels[(y * 13 + x) * 3 + c]);
      }
      ASSERT_EQ(img.Row(y)[x * 4 + 3], x * 19);
    }
  }
}

TEST(BmpTest, RoundTripsEveryLayoutExactly) {
  for (PixelFormat f :
       {PixelFormat::kRGB8, PixelFormat::kRGBA8, PixelFormat::kGray8, PixelFormat::kGrayA8}) {
    SCOPED_TRACE(PixelFormatName(f));
    const Image src = MakeImage(31, 17, f);
    StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), ImageFormat::kBmp);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    const Image back = MustDecode(*b);
    ASSERT_EQ(back.format(), HasAlpha(f) ? PixelFormat::kRGBA8 : PixelFormat::kRGB8);
    const int ch = Channels(f);
    for (int32_t y = 0; y < 17; ++y) {
      for (int32_t x = 0; x < 31; ++x) {
        const uint8_t* s = src.Row(y) + x * ch;
        const uint8_t* d = back.Row(y) + x * back.channels();
        const bool gray = ch <= 2;
        ASSERT_EQ(d[0], s[0]);
        ASSERT_EQ(d[1], gray ? s[0] : s[1]);
        ASSERT_EQ(d[2], gray ? s[0] : s[2]);
        if (HasAlpha(f)) {
          ASSERT_EQ(d[3], s[ch - 1]);
        }
      }
    }
  }
}

TEST(BmpTest, CropAndStrictTruncation) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/bmp-rle8.bmp");
  const Image full = MustDecode(b);
  DecodeOptions o;
  o.crop = Rect{3, 2, 6, 4};
  const Image c = MustDecode(b, o);
  ASSERT_EQ(c.width(), 6);
  ASSERT_EQ(c.height(), 4);
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 18; ++x) ASSERT_EQ(c.Row(y)[x], full.Row(y + 2)[9 + x]);
  }
  const std::vector<uint8_t> cut = ReadTestFile("bad/bmp-truncated.bmp");
  EXPECT_TRUE(DecodeImage(cut.data(), cut.size()).ok());
  DecodeOptions strict;
  strict.fail_on_truncated = true;
  EXPECT_EQ(DecodeImage(cut.data(), cut.size(), strict).status().code(), StatusCode::kCorruptInput);
}

TEST(BmpTest, SniffNeedsAKnownHeaderSize) {
  std::vector<uint8_t> b = ReadTestFile("codecs/bmp-24.bmp");
  EXPECT_EQ(SniffImageFormat(b.data(), b.size()), ImageFormat::kBmp);
  b[14] = 41;  // no BMP header is 41 bytes long
  EXPECT_EQ(SniffImageFormat(b.data(), b.size()), ImageFormat::kUnknown);
}

TEST(FormatBadFiles, EachEndsWithItsExpectedResult) {
  std::ifstream list(std::string(OSSIMG_TEST_DATA_DIR) + "/bad/EXPECTED.formats");
  ASSERT_TRUE(list.good());
  Limits limits;
  limits.max_memory_bytes = 64u << 20;
  std::string line;
  int files = 0;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream is(line);
    std::string name, want;
    is >> name >> want;
    SCOPED_TRACE(line);
    const std::vector<uint8_t> b = ReadTestFile("bad/" + name);
    StatusOr<Image> img = DecodeImage(b.data(), b.size(), DecodeOptions(), limits);
    const std::string got = img.ok() ? "OK" : GetStatusCodeInfo(img.status().code()).name;
    EXPECT_EQ(got, want) << img.status().ToString();
    if (!img.ok()) {
      EXPECT_FALSE(img.status().message().empty());
    }
    ++files;
  }
  EXPECT_GE(files, 20);
}

}  // namespace
}  // namespace ossimg
