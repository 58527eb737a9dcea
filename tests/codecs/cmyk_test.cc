// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// CMYK and YCCK JPEGs to sRGB through lcms2, and the ICC rules. Fixtures and
// goldens: tests/data/codecs/make_cmyk_fixtures.c (a 4 KB CMYK profile made
// with lcms2, JPEGs written with libjpeg, goldens by libvips' icc_transform).

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

#include "codecs/cms.h"
#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::MakeImage;
using testing::MustDecode;
using testing::ReadPnm;
using testing::ReadTestFile;

constexpr int kW = 40, kH = 24;

// The ink the fixture generator wrote at (x, y), 0..255 = none..full.
void Ink(int x, int y, int* ink) {
  ink[0] = x * 255 / (kW - 1);
  ink[1] = y * 255 / (kH - 1);
  ink[2] = ((x + y) * 4) & 255;
  ink[3] = x < kW / 2 ? 0 : (y * 6) & 255;
}

// Largest per-sample difference between an RGB image and a PPM.
int MaxDiff(const Image& img, const testing::Pnm& pnm) {
  EXPECT_EQ(img.width(), pnm.width);
  EXPECT_EQ(img.height(), pnm.height);
  EXPECT_EQ(pnm.channels, 3);
  if (img.width() != pnm.width || img.height() != pnm.height) return 999;
  int m = 0;
  for (int32_t y = 0; y < img.height(); ++y) {
    for (int32_t x = 0; x < img.width() * 3; ++x) {
      m = std::max(m, std::abs(img.Row(y)[x] - pnm.pixels[(y * pnm.width) * 3 + x]));
    }
  }
  return m;
}

int MaxDiff(const Image& a, const Image& b) {
  if (a.width() != b.width() || a.height() != b.height() || a.format() != b.format()) return 999;
  int m = 0;
  for (int32_t y = 0; y < a.height(); ++y) {
    for (int32_t x = 0; x < a.width() * a.channels(); ++x) {
      m = std::max(m, std::abs(a.Row(y)[x] - b.Row(y)[x]));
    }
  }
  return m;
}

// Mean |decoded - (1-ink)(1-K)| per sample: small when the naive fallback was
// used.
double MeanDiffFromNaive(const Image& img) {
  double sum = 0;
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      int ink[4];
      Ink(x, y, ink);
      for (int c = 0; c < 3; ++c) {
        const int want = (255 - ink[c]) * (255 - ink[3]) / 255;
        sum += std::abs(img.Row(y)[x * 3 + c] - want);
      }
    }
  }
  return sum / (kW * kH * 3);
}

TEST(CmykTest, ProbeSaysCmykAndRgbOut) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/cmyk-adobe.jpg");
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_TRUE(info->cmyk);
  EXPECT_EQ(info->channels, 4);
  EXPECT_EQ(info->pixel_format, PixelFormat::kRGB8);
  EXPECT_EQ(codecs::IccColorSpace(info->icc_profile.data(), info->icc_profile.size()),
            codecs::IccSpace::kCmyk);
  EXPECT_TRUE(info->warnings.empty());
}

// The golden: libvips (lcms2) through the embedded profile. JPEG decoding is
// the same libjpeg, so only lcms2's interpolation and rounding may differ.
TEST(CmykTest, AdobeCmykAndYcckMatchLibvipsThroughTheProfile) {
  for (const char* name : {"cmyk-adobe", "ycck-adobe"}) {
    SCOPED_TRACE(name);
    const Image img = MustDecode(ReadTestFile(std::string("codecs/") + name + ".jpg"));
    ASSERT_EQ(img.format(), PixelFormat::kRGB8);
    EXPECT_LE(MaxDiff(img, ReadPnm(std::string("codecs/") + name + ".ppm")), 2);
    // The profile tints blue by 0.8: far from the naive formula, so it was
    // really used.
    EXPECT_GT(MeanDiffFromNaive(img), 8.0);
  }
}

TEST(CmykTest, PlainCmykWithoutAdobeMarkerIsNotInverted) {
  // Same ink, stored as ink (no APP14) instead of 255 - ink.
  const Image plain = MustDecode(ReadTestFile("codecs/cmyk-plain.jpg"));
  const Image adobe = MustDecode(ReadTestFile("codecs/cmyk-adobe.jpg"));
  EXPECT_LE(MaxDiff(plain, adobe), 1);
}

TEST(CmykTest, NoProfileUsesTheNaiveFormula) {
  const Image img = MustDecode(ReadTestFile("codecs/cmyk-noprofile.jpg"));
  ASSERT_EQ(img.width(), kW);
  EXPECT_LT(MeanDiffFromNaive(img), 2.0);  // q95 JPEG noise only
  EXPECT_EQ(img.Row(0)[0], 255);           // no ink is white
}

// Finds the APP2 ICC payload of a JPEG (after "ICC_PROFILE\0" seq count).
size_t IccOffset(const std::vector<uint8_t>& jpg) {
  const std::string sig("ICC_PROFILE");
  auto it = std::search(jpg.begin(), jpg.end(), sig.begin(), sig.end());
  return it == jpg.end() ? 0 : static_cast<size_t>(it - jpg.begin()) + 14;
}

TEST(CmykTest, MalformedProfileIsIgnoredWithAWarning) {
  std::vector<uint8_t> b = ReadTestFile("codecs/cmyk-adobe.jpg");
  const size_t icc = IccOffset(b);
  ASSERT_GT(icc, 0u);
  b[icc + 36] = 'X';  // 'acsp' -> 'Xcsp'
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_TRUE(info->icc_profile.empty());
  ASSERT_EQ(info->warnings.size(), 1u);
  EXPECT_NE(info->warnings[0].find("ICC profile ignored"), std::string::npos);
  const Image img = MustDecode(b);
  EXPECT_LT(MeanDiffFromNaive(img), 2.0);

  // A profile whose declared size runs past its data is not handed to lcms2
  // either.
  b = ReadTestFile("codecs/cmyk-adobe.jpg");
  b[icc] = 0x7F;
  info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->icc_profile.empty());
  EXPECT_LT(MeanDiffFromNaive(MustDecode(b)), 2.0);
}

TEST(CmykTest, IccHeaderChecks) {
  std::vector<uint8_t> srgb = ReadTestFile("codecs/srgb.icc");
  ASSERT_FALSE(srgb.empty());
  EXPECT_TRUE(codecs::CheckIccHeader(srgb.data(), srgb.size()).ok());
  EXPECT_EQ(codecs::IccColorSpace(srgb.data(), srgb.size()), codecs::IccSpace::kRgb);
  EXPECT_TRUE(codecs::IccMatchesPixels(srgb, PixelFormat::kRGBA8));
  EXPECT_FALSE(codecs::IccMatchesPixels(srgb, PixelFormat::kGray8));
  // Huge: refused before any parser sees it.
  std::vector<uint8_t> huge(codecs::kMaxIccBytes + 1);
  std::copy(srgb.begin(), srgb.end(), huge.begin());
  huge[0] = static_cast<uint8_t>(huge.size() >> 24);
  huge[1] = static_cast<uint8_t>(huge.size() >> 16);
  huge[2] = static_cast<uint8_t>(huge.size() >> 8);
  huge[3] = static_cast<uint8_t>(huge.size());
  EXPECT_EQ(codecs::CheckIccHeader(huge.data(), huge.size()).code(), StatusCode::kImageTooLarge);
  // Truncated header, and a tag table past the end.
  EXPECT_FALSE(codecs::CheckIccHeader(srgb.data(), 100).ok());
  std::vector<uint8_t> tags = srgb;
  tags[128] = 0x10;  // 2^28 tags
  EXPECT_FALSE(codecs::CheckIccHeader(tags.data(), tags.size()).ok());
}

TEST(CmykTest, CropAndShrinkOnLoadConvertToo) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/ycck-adobe.jpg");
  const Image full = MustDecode(b);
  DecodeOptions o;
  o.crop = Rect{9, 5, 17, 11};
  const Image crop = MustDecode(b, o);
  ASSERT_EQ(crop.width(), 17);
  ASSERT_EQ(crop.height(), 11);
  for (int32_t y = 0; y < 11; ++y) {
    for (int32_t x = 0; x < 17 * 3; ++x) {
      ASSERT_EQ(crop.Row(y)[x], full.Row(y + 5)[9 * 3 + x]) << x << "," << y;
    }
  }
  o = DecodeOptions();
  o.scale_denom = 4;
  const Image small = MustDecode(b, o);
  EXPECT_EQ(small.width(), 10);
  EXPECT_EQ(small.height(), 6);
  EXPECT_EQ(small.format(), PixelFormat::kRGB8);
}

TEST(CmykTest, EngineWritesSrgbWithoutTheCmykProfile) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/cmyk-adobe.jpg");
  const Image want = MustDecode(b);
  Engine engine;
  for (const char* fmt : {"png", "jpg", "webp", "tiff", "bmp"}) {
    SCOPED_TRACE(fmt);
    StatusOr<Result> r = engine.Process(b.data(), b.size(), std::string("image/format,") + fmt);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    StatusOr<ImageInfo> info = ProbeImage(r->bytes.data(), r->bytes.size());
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_FALSE(info->cmyk);
    EXPECT_TRUE(info->icc_profile.empty());  // a CMYK profile would misdescribe sRGB pixels
    if (std::string(fmt) == "png") {
      EXPECT_EQ(MaxDiff(MustDecode(r->bytes), want), 0);
    }
  }
}

TEST(CmykTest, RgbProfilesAreKept) {
  const std::vector<uint8_t> srgb = ReadTestFile("codecs/srgb.icc");
  const Image img = MakeImage(20, 10, PixelFormat::kRGB8);
  EncodeOptions o;
  o.icc_profile = srgb;
  for (ImageFormat f :
       {ImageFormat::kPng, ImageFormat::kJpeg, ImageFormat::kTiff, ImageFormat::kWebp}) {
    SCOPED_TRACE(ImageFormatName(f));
    StatusOr<std::vector<uint8_t>> bytes = EncodeImage(img.view(), f, o);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    StatusOr<ImageInfo> info = ProbeImage(bytes->data(), bytes->size());
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->icc_profile, srgb);
  }
  // The same RGB profile on gray pixels is dropped rather than written.
  const Image gray = MakeImage(20, 10, PixelFormat::kGray8);
  StatusOr<std::vector<uint8_t>> png = EncodeImage(gray.view(), ImageFormat::kPng, o);
  ASSERT_TRUE(png.ok());
  StatusOr<ImageInfo> info = ProbeImage(png->data(), png->size());
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->icc_profile.empty());
}

}  // namespace
}  // namespace ossimg
