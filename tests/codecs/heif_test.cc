// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// HEIC and AVIF, one suite for both: decoding libvips-written fixtures
// (tests/data/codecs/make_format_fixtures.py), lossy round trips through the
// encoder for every layout and odd sizes, quality, alpha and the ICC profile,
// crop-on-load and the header's pixel limit. AVIF's transform boxes are tested
// in avif_test.cc.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"

#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::MakeImage;
using testing::MustDecode;
using testing::ReadPnm;
using testing::ReadTestFile;

// PSNR of the first three channels of `a` against an RGB PPM / the colour of
// `b`.
double Psnr(const Image& a, const uint8_t* b, int b_channels, ptrdiff_t b_stride) {
  double se = 0;
  for (int32_t y = 0; y < a.height(); ++y) {
    for (int32_t x = 0; x < a.width(); ++x) {
      for (int c = 0; c < 3; ++c) {
        const int bc = b_channels <= 2 ? 0 : c;
        const double d = a.Row(y)[x * a.channels() + c] - b[y * b_stride + x * b_channels + bc];
        se += d * d;
      }
    }
  }
  const double mse = se / (3.0 * a.width() * a.height());
  return mse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 / mse);
}

// Smooth content: what a lossy codec is for.
Image Smooth(int32_t w, int32_t h, PixelFormat f) {
  Image img = MakeImage(w, h, f);
  const int ch = Channels(f);
  const int colour = HasAlpha(f) ? ch - 1 : ch;
  for (int32_t y = 0; y < h; ++y) {
    for (int32_t x = 0; x < w; ++x) {
      for (int c = 0; c < colour; ++c) {
        img.Row(y)[x * ch + c] = static_cast<uint8_t>(30 + (x * 160) / w + (y * 50) / h + c * 9);
      }
    }
  }
  return img;
}

struct LossyFormat {
  ImageFormat format;
  const char* name;  // fixtures are codecs/<name>-rgb.<name> and codecs/<name>-rgba.<name>
  std::string Fixture(const char* layout) const {
    return std::string("codecs/") + name + "-" + layout + "." + name;
  }
};

class LossyFormatTest : public ::testing::TestWithParam<LossyFormat> {};

TEST_P(LossyFormatTest, DecodesLibvipsFiles) {
  const testing::Pnm src = ReadPnm("codecs/fmt-src.ppm");
  for (const char* layout : {"rgb", "rgba"}) {
    const std::string name = GetParam().Fixture(layout);
    SCOPED_TRACE(name);
    const std::vector<uint8_t> b = ReadTestFile(name);
    StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->format, GetParam().format);
    EXPECT_EQ(info->width, 37);
    EXPECT_EQ(info->height, 23);
    EXPECT_EQ(info->orientation, 1);
    const bool alpha = std::string(layout) == "rgba";
    EXPECT_EQ(info->has_alpha, alpha);
    const Image img = MustDecode(b);
    ASSERT_EQ(img.format(), alpha ? PixelFormat::kRGBA8 : PixelFormat::kRGB8);
    // The fixture is a hard test pattern (ramps wrapping at 255) at Q80.
    EXPECT_GT(Psnr(img, src.pixels.data(), 3, 37 * 3), 20.0);
    if (alpha) {
      int worst = 0;
      for (int x = 0; x < 37; ++x)
        worst = std::max(worst, std::abs(img.Row(11)[x * 4 + 3] - ((x * 7) & 255)));
      EXPECT_LE(worst, 12);
    }
  }
}

TEST_P(LossyFormatTest, RoundTripsEveryLayout) {
  for (PixelFormat f :
       {PixelFormat::kRGB8, PixelFormat::kRGBA8, PixelFormat::kGray8, PixelFormat::kGrayA8}) {
    SCOPED_TRACE(PixelFormatName(f));
    const Image src = Smooth(45, 29, f);  // odd sides: 4:2:0 padding
    StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), GetParam().format);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_EQ(SniffImageFormat(b->data(), b->size()), GetParam().format);
    const Image back = MustDecode(*b);
    EXPECT_EQ(back.width(), 45);
    EXPECT_EQ(back.height(), 29);
    EXPECT_EQ(back.format(), HasAlpha(f) ? PixelFormat::kRGBA8 : PixelFormat::kRGB8);
    EXPECT_GT(Psnr(back, src.Row(0), src.channels(), static_cast<ptrdiff_t>(src.stride())), 30.0);
  }
}

TEST_P(LossyFormatTest, QualityChangesSizeAndIccIsKept) {
  const Image src = MakeImage(64, 48, PixelFormat::kRGB8);
  EncodeOptions lo, hi;
  lo.quality = 20;
  hi.quality = 90;
  hi.icc_profile = ReadTestFile("codecs/srgb.icc");
  StatusOr<std::vector<uint8_t>> a = EncodeImage(src.view(), GetParam().format, lo);
  StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), GetParam().format, hi);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LT(a->size(), b->size());
  StatusOr<ImageInfo> info = ProbeImage(b->data(), b->size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->icc_profile, hi.icc_profile);
}

TEST_P(LossyFormatTest, CropOnLoadEqualsFullDecodeCropped) {
  const std::vector<uint8_t> b = ReadTestFile(GetParam().Fixture("rgba"));
  const Image full = MustDecode(b);
  DecodeOptions o;
  o.crop = Rect{5, 3, 20, 10};
  const Image c = MustDecode(b, o);
  ASSERT_EQ(c.width(), 20);
  ASSERT_EQ(c.height(), 10);
  for (int y = 0; y < 10; ++y) {
    for (int x = 0; x < 80; ++x) ASSERT_EQ(c.Row(y)[x], full.Row(y + 3)[20 + x]);
  }
}

TEST_P(LossyFormatTest, PixelLimitIsCheckedFromTheHeader) {
  const std::vector<uint8_t> b = ReadTestFile(GetParam().Fixture("rgb"));
  Limits l;
  l.max_pixels = 37 * 23 - 1;
  EXPECT_EQ(ProbeImage(b.data(), b.size(), l).status().code(), StatusCode::kImageTooLarge);
}

INSTANTIATE_TEST_SUITE_P(Formats, LossyFormatTest,
                         ::testing::Values(LossyFormat{ImageFormat::kHeic, "heic"},
                                           LossyFormat{ImageFormat::kAvif, "avif"}),
                         [](const ::testing::TestParamInfo<LossyFormat>& i) {
                           return std::string(i.param.name);
                         });

}  // namespace
}  // namespace ossimg
