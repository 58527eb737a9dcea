// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// PNG: every colour type and bit depth (fixtures from make_fixtures.py, whose pattern PngValue
// recomputes), tRNS, Adam7, metadata, round trips, truncation.

#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"

#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::CountDiff;
using testing::MakeImage;
using testing::MustDecode;
using testing::ReadTestFile;

constexpr int kW = 13, kH = 7;

// The stored sample of make_fixtures.py's val().
int StoredValue(int x, int y, int c, int depth) {
  if (depth <= 8) return (x * 7 + y * 13 + c * 5) % (1 << depth);
  return ((x * 7 + y * 13 + c * 5) * 771 + x) % 65536;
}

// What a stored sample becomes in 8 bits: low depths replicate their bits (v * 255 / max), 16-bit
// is scaled with rounding (png_set_scale_16).
int Expected8(int v, int depth) {
  if (depth == 16) return (v * 255 + 32767) / 65535;
  return v * 255 / ((1 << depth) - 1);
}

struct Layout {
  int colour;
  int depth;
};

class PngLayouts : public ::testing::TestWithParam<std::tuple<Layout, bool>> {};

TEST_P(PngLayouts, DecodesEverySample) {
  const auto [layout, interlaced] = GetParam();
  const std::string name = "codecs/png_c" + std::to_string(layout.colour) + "_d" +
                           std::to_string(layout.depth) + (interlaced ? "_i" : "") + ".png";
  SCOPED_TRACE(name);
  const std::vector<uint8_t> b = ReadTestFile(name);
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->bit_depth, layout.depth);
  EXPECT_EQ(info->interlaced, interlaced);
  EXPECT_EQ(info->palette, layout.colour == 3);
  const Image img = MustDecode(b);
  ASSERT_EQ(img.width(), kW);
  ASSERT_EQ(img.height(), kH);
  ASSERT_EQ(img.format(), info->pixel_format);
  const int ch = img.channels();
  const PixelFormat want_fmt = layout.colour == 0   ? PixelFormat::kGray8
                               : layout.colour == 4 ? PixelFormat::kGrayA8
                               : layout.colour == 6 ? PixelFormat::kRGBA8
                                                    : PixelFormat::kRGB8;
  ASSERT_EQ(img.format(), want_fmt);
  int bad = 0;
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      for (int c = 0; c < ch; ++c) {
        int want;
        if (layout.colour == 3) {
          // Palette entry i is (3i, 5i, 7i) mod 256.
          const int i = StoredValue(x, y, 0, layout.depth);
          want = (i * (3 + 2 * c)) % 256;
        } else {
          want = Expected8(StoredValue(x, y, c, layout.depth), layout.depth);
        }
        bad += img.Row(y)[x * ch + c] != want;
      }
    }
  }
  EXPECT_EQ(bad, 0);
}

INSTANTIATE_TEST_SUITE_P(
    AllDepths, PngLayouts,
    ::testing::Combine(::testing::Values(Layout{0, 1}, Layout{0, 2}, Layout{0, 4}, Layout{0, 8},
                                         Layout{0, 16}, Layout{2, 8}, Layout{2, 16}, Layout{4, 8},
                                         Layout{4, 16}, Layout{6, 8}, Layout{6, 16}, Layout{3, 1},
                                         Layout{3, 2}, Layout{3, 4}, Layout{3, 8}),
                       ::testing::Bool()),
    [](const ::testing::TestParamInfo<PngLayouts::ParamType>& p) {
      const Layout l = std::get<0>(p.param);
      return "colour" + std::to_string(l.colour) + "_depth" + std::to_string(l.depth) +
             (std::get<1>(p.param) ? "_adam7" : "");
    });

TEST(PngTest, TransparencyChunks) {
  {
    // Palette with tRNS for the first 10 indices: alpha (37 i) mod 256, opaque after.
    const std::vector<uint8_t> b = ReadTestFile("codecs/png_pal_trns.png");
    const Image img = MustDecode(b);
    ASSERT_EQ(img.format(), PixelFormat::kRGBA8);
    for (int y = 0; y < kH; ++y) {
      for (int x = 0; x < kW; ++x) {
        const int i = StoredValue(x, y, 0, 4);
        const uint8_t* p = img.Row(y) + x * 4;
        EXPECT_EQ(p[0], (i * 3) % 256);
        EXPECT_EQ(p[3], i < 10 ? (i * 37) % 256 : 255);
      }
    }
  }
  {
    // Gray 20 is transparent.
    const Image img = MustDecode(ReadTestFile("codecs/png_gray_trns.png"));
    ASSERT_EQ(img.format(), PixelFormat::kGrayA8);
    int transparent = 0;
    for (int y = 0; y < kH; ++y) {
      for (int x = 0; x < kW; ++x) {
        const uint8_t* p = img.Row(y) + x * 2;
        EXPECT_EQ(p[1], p[0] == 20 ? 0 : 255);
        transparent += p[0] == 20;
      }
    }
    EXPECT_GT(transparent, 0);
  }
  {
    const Image img = MustDecode(ReadTestFile("codecs/png_rgb_trns.png"));
    ASSERT_EQ(img.format(), PixelFormat::kRGBA8);
    for (int y = 0; y < kH; ++y) {
      for (int x = 0; x < kW; ++x) {
        const uint8_t* p = img.Row(y) + x * 4;
        const bool key = p[0] == 20 && p[1] == 25 && p[2] == 30;
        EXPECT_EQ(p[3], key ? 0 : 255);
      }
    }
  }
}

TEST(PngTest, Gray16TransparencyKeyIsExact) {
  // Only samples equal to the 16-bit key are transparent, even where two 16-bit values round to
  // the same 8-bit value.
  const Image img = MustDecode(ReadTestFile("codecs/png_gray16_trns.png"));
  ASSERT_EQ(img.format(), PixelFormat::kGrayA8);
  const int key = StoredValue(3, 2, 0, 16);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      const int v = StoredValue(x, y, 0, 16);
      EXPECT_EQ(img.Row(y)[x * 2], Expected8(v, 16));
      EXPECT_EQ(img.Row(y)[x * 2 + 1], v == key ? 0 : 255) << x << "," << y;
    }
  }
}

TEST(PngTest, MetadataIccAndExif) {
  const std::vector<uint8_t> icc = ReadTestFile("codecs/srgb.icc");
  const std::vector<uint8_t> b = ReadTestFile("codecs/png_icc.png");
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->icc_profile, icc);
  // Kept through an encode.
  EncodeOptions eo;
  eo.icc_profile = icc;
  const Image img = MustDecode(b);
  StatusOr<std::vector<uint8_t>> png = EncodeImage(img.view(), ImageFormat::kPng, eo);
  ASSERT_TRUE(png.ok());
  StatusOr<ImageInfo> again = ProbeImage(png->data(), png->size());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->icc_profile, icc);

  const std::vector<uint8_t> e = ReadTestFile("codecs/png_exif6.png");
  info = ProbeImage(e.data(), e.size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->orientation, 6);
}

TEST(PngTest, RoundTripIsLosslessPerLayout) {
  for (PixelFormat f :
       {PixelFormat::kGray8, PixelFormat::kGrayA8, PixelFormat::kRGB8, PixelFormat::kRGBA8}) {
    for (bool interlace : {false, true}) {
      SCOPED_TRACE(std::string(PixelFormatName(f)) + (interlace ? " adam7" : ""));
      const Image src = MakeImage(57, 33, f);
      EncodeOptions eo;
      eo.progressive = interlace;
      StatusOr<std::vector<uint8_t>> png = EncodeImage(src.view(), ImageFormat::kPng, eo);
      ASSERT_TRUE(png.ok()) << png.status().ToString();
      StatusOr<ImageInfo> info = ProbeImage(png->data(), png->size());
      ASSERT_TRUE(info.ok());
      EXPECT_EQ(info->interlaced, interlace);
      EXPECT_EQ(info->pixel_format, f);
      EXPECT_EQ(info->has_alpha, HasAlpha(f));
      const Image out = MustDecode(*png);
      EXPECT_EQ(CountDiff(out.view(), src.view()), 0);
    }
  }
}

// Palette output: lossless, smallest bit depth, translucent colours through tRNS.
TEST(PngTest, PaletteEncodeIsLossless) {
  for (int colours : {2, 3, 16, 200, 256}) {
    for (PixelFormat f : {PixelFormat::kRGB8, PixelFormat::kRGBA8}) {
      SCOPED_TRACE(std::to_string(colours) + " colours " + PixelFormatName(f));
      StatusOr<Image> src = Image::Create(40, 30, f);
      ASSERT_TRUE(src.ok());
      const int ch = Channels(f);
      for (int32_t y = 0; y < 30; ++y) {
        for (int32_t x = 0; x < 40; ++x) {
          const int i = (x * 7 + y * 3) % colours;
          uint8_t* p = src->Row(y) + x * ch;
          p[0] = static_cast<uint8_t>(i);
          p[1] = static_cast<uint8_t>(255 - i);
          p[2] = static_cast<uint8_t>(i * 3);
          if (ch == 4) p[3] = static_cast<uint8_t>(i % 3 == 0 ? 255 : i);  // some translucent
        }
      }
      EncodeOptions eo;
      eo.png_palette = true;
      StatusOr<std::vector<uint8_t>> png = EncodeImage(src->view(), ImageFormat::kPng, eo);
      ASSERT_TRUE(png.ok()) << png.status().ToString();
      StatusOr<ImageInfo> info = ProbeImage(png->data(), png->size());
      ASSERT_TRUE(info.ok());
      EXPECT_TRUE(info->palette);
      const int want_depth = colours <= 2 ? 1 : colours <= 4 ? 2 : colours <= 16 ? 4 : 8;
      EXPECT_EQ(info->bit_depth, want_depth);
      const Image out = MustDecode(*png);
      EXPECT_EQ(CountDiff(out.view(), src->view()), 0);
    }
  }
  // More than 256 colours: truecolour, still lossless.
  StatusOr<Image> many_or = Image::Create(64, 64, PixelFormat::kRGB8);
  ASSERT_TRUE(many_or.ok());
  Image many = std::move(many_or).value();
  for (int32_t y = 0; y < 64; ++y) {
    for (int32_t x = 0; x < 64; ++x) {  // 4096 distinct colours
      uint8_t* p = many.Row(y) + x * 3;
      p[0] = static_cast<uint8_t>(x * 4);
      p[1] = static_cast<uint8_t>(y * 4);
      p[2] = 7;
    }
  }
  EncodeOptions eo;
  eo.png_palette = true;
  StatusOr<std::vector<uint8_t>> png = EncodeImage(many.view(), ImageFormat::kPng, eo);
  ASSERT_TRUE(png.ok());
  StatusOr<ImageInfo> info = ProbeImage(png->data(), png->size());
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->palette);
  EXPECT_EQ(CountDiff(MustDecode(*png).view(), many.view()), 0);
}

TEST(PngTest, EncodesACroppedViewWithStride) {
  const Image src = MakeImage(64, 64, PixelFormat::kRGBA8);
  const ImageView v = src.view().Crop(Rect{5, 7, 20, 11});
  StatusOr<std::vector<uint8_t>> png = EncodeImage(v, ImageFormat::kPng, {});
  ASSERT_TRUE(png.ok());
  const Image out = MustDecode(*png);
  EXPECT_EQ(CountDiff(out.view(), v), 0);
}

TEST(PngTest, CompressionLevelsDecodeTheSame) {
  const Image src = MakeImage(80, 40, PixelFormat::kRGB8);
  size_t size0 = 0, size9 = 0;
  for (int level : {0, 1, 9}) {
    EncodeOptions eo;
    eo.png_compression = level;
    StatusOr<std::vector<uint8_t>> png = EncodeImage(src.view(), ImageFormat::kPng, eo);
    ASSERT_TRUE(png.ok());
    if (level == 0) size0 = png->size();
    if (level == 9) size9 = png->size();
    EXPECT_EQ(CountDiff(MustDecode(*png).view(), src.view()), 0);
  }
  EXPECT_LT(size9, size0);
}

TEST(PngTest, AdaptiveFilterIsLosslessAndSmallerOnPhotos) {
  const Image src = MakeImage(120, 80, PixelFormat::kRGB8);  // gradients: filters pay off
  EncodeOptions none, adaptive;
  none.png_adaptive_filter = false;
  StatusOr<std::vector<uint8_t>> a = EncodeImage(src.view(), ImageFormat::kPng, none);
  StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), ImageFormat::kPng, adaptive);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LT(b->size(), a->size());
  EXPECT_EQ(CountDiff(MustDecode(*a).view(), src.view()), 0);
  EXPECT_EQ(CountDiff(MustDecode(*b).view(), src.view()), 0);
}

TEST(PngTest, DecodeCropIsAView) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/png_c2_d8.png");
  const Image full = MustDecode(b);
  DecodeOptions o;
  o.crop = Rect{3, 2, 5, 4};
  const Image crop = MustDecode(b, o);
  EXPECT_EQ(CountDiff(crop.view(), full.view().Crop(o.crop)), 0);
  // A crop outside the image is an error, not an empty image (found by decode_fuzzer:
  // fuzz/crashes/decode_fuzzer/png-crop-outside).
  o.crop = Rect{3, 7, 37, 20};
  EXPECT_EQ(DecodeImage(b.data(), b.size(), o).status().code(), StatusCode::kInvalidArgument);
}

// A PNG cut after some rows recovers them (the rest zero) unless strict.
TEST(PngTest, TruncatedRecoversUnlessStrict) {
  const Image src = MakeImage(200, 100, PixelFormat::kRGB8);
  EncodeOptions eo;
  eo.png_compression = 0;  // stored blocks: the cut point maps to a row
  StatusOr<std::vector<uint8_t>> png = EncodeImage(src.view(), ImageFormat::kPng, eo);
  ASSERT_TRUE(png.ok());
  std::vector<uint8_t> cut(png->begin(), png->begin() + static_cast<ptrdiff_t>(png->size() / 2));
  const Image img = MustDecode(cut);
  ASSERT_EQ(img.height(), 100);
  EXPECT_EQ(CountDiff(img.view().Crop(Rect{0, 0, 200, 40}), src.view().Crop(Rect{0, 0, 200, 40})),
            0);
  for (int32_t y = 60; y < 100; ++y) {
    for (int32_t i = 0; i < 600; ++i) ASSERT_EQ(img.Row(y)[i], 0) << y;
  }
  DecodeOptions strict;
  strict.fail_on_truncated = true;
  EXPECT_EQ(DecodeImage(cut.data(), cut.size(), strict).status().code(), StatusCode::kCorruptInput);
  // Cut just before IEND: every row is there, so only a strict decode objects.
  std::vector<uint8_t> no_iend(png->begin(), png->end() - 12);
  EXPECT_EQ(CountDiff(MustDecode(no_iend).view(), src.view()), 0);
  EXPECT_EQ(DecodeImage(no_iend.data(), no_iend.size(), strict).status().code(),
            StatusCode::kCorruptInput);
  EXPECT_TRUE(DecodeImage(png->data(), png->size(), strict).ok());
}

}  // namespace
}  // namespace ossimg
