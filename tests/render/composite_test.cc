// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The "over" arithmetic on every destination layout, and the promise that
// pixels under zero watermark alpha keep their exact bytes.

#include "render/composite.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/image.h"

namespace ossimg::render {
namespace {

Image Filled(int32_t w, int32_t h, PixelFormat f, std::vector<uint8_t> px,
             AlphaMode mode = AlphaMode::kNone) {
  StatusOr<Image> img = Image::Create(w, h, f);
  EXPECT_TRUE(img.ok());
  for (int32_t y = 0; y < h; ++y) {
    for (int32_t x = 0; x < w; ++x)
      std::memcpy(img->Row(y) + x * img->channels(), px.data(),
                  img->channels());
  }
  img->set_alpha(HasAlpha(f) ? mode : AlphaMode::kNone);
  return std::move(*img);
}

std::vector<uint8_t> Px(const Image& img, int32_t x, int32_t y) {
  const uint8_t* p = img.Row(y) + x * img.channels();
  return std::vector<uint8_t>(p, p + img.channels());
}

TEST(CompositeTest, FullCoverageGivesTheColourAndZeroLeavesPixels) {
  Image dst = Filled(8, 4, PixelFormat::kRGB8, {10, 20, 30});
  Image mask = Filled(4, 2, PixelFormat::kGray8, {0});
  mask.Row(0)[0] = 255;
  mask.Row(1)[3] = 128;
  CompositeMask(dst.mutable_view(), mask.view(), 0xFF8000, 255, 2, 1, 0,
                dst.height());
  EXPECT_EQ(Px(dst, 2, 1), (std::vector<uint8_t>{255, 128, 0}));
  // 128/255 of (255,128,0) over (10,20,30), rounded.
  EXPECT_EQ(Px(dst, 5, 2), (std::vector<uint8_t>{133, 74, 15}));
  for (int32_t y = 0; y < dst.height(); ++y) {
    for (int32_t x = 0; x < dst.width(); ++x) {
      if ((x == 2 && y == 1) || (x == 5 && y == 2)) continue;
      EXPECT_EQ(Px(dst, x, y), (std::vector<uint8_t>{10, 20, 30}))
          << x << "," << y;
    }
  }
}

TEST(CompositeTest, OpacityScalesCoverage) {
  Image dst = Filled(2, 1, PixelFormat::kGray8, {0});
  Image mask = Filled(2, 1, PixelFormat::kGray8, {255});
  CompositeMask(dst.mutable_view(), mask.view(), 0xFFFFFF, 128, 0, 0, 0, 1);
  EXPECT_EQ(dst.Row(0)[0], 128);
}

TEST(CompositeTest, GrayDestinationTakesLuma) {
  Image dst = Filled(1, 1, PixelFormat::kGray8, {0});
  Image mask = Filled(1, 1, PixelFormat::kGray8, {255});
  CompositeMask(dst.mutable_view(), mask.view(), 0xFF0000, 255, 0, 0, 0, 1);
  EXPECT_EQ(dst.Row(0)[0], (77 * 255 + 128) >> 8);
}

TEST(CompositeTest, StraightAlphaOverTransparentKeepsTheSourceColour) {
  Image dst =
      Filled(2, 1, PixelFormat::kRGBA8, {0, 0, 0, 0}, AlphaMode::kStraight);
  Image mask = Filled(2, 1, PixelFormat::kGray8, {100});
  CompositeMask(dst.mutable_view(), mask.view(), 0x204080, 255, 0, 0, 0, 1);
  // Over a fully transparent pixel the colour is the watermark's and alpha its
  // coverage.
  EXPECT_EQ(Px(dst, 0, 0), (std::vector<uint8_t>{0x20, 0x40, 0x80, 100}));
}

TEST(CompositeTest, StraightAlphaOverHalfTransparent) {
  Image dst = Filled(1, 1, PixelFormat::kRGBA8, {200, 100, 0, 128},
                     AlphaMode::kStraight);
  Image layer =
      Filled(1, 1, PixelFormat::kRGBA8, {0, 0, 255, 128}, AlphaMode::kStraight);
  CompositeLayer(dst.mutable_view(), layer.view(), 255, 0, 0, 0, 1);
  // a = 128 + 128 * 127 / 255 = 191.75; c = (s * 128 + d * 128 * 127 / 255) /
  // 191.75.
  const std::vector<uint8_t> p = Px(dst, 0, 0);
  EXPECT_EQ(p[3], 192);
  EXPECT_NEAR(p[0], 200 * 63.75 / 191.75, 0.51);
  EXPECT_NEAR(p[2], 255 * 128 / 191.75, 0.51);
}

TEST(CompositeTest, PremultipliedDestination) {
  Image dst =
      Filled(1, 1, PixelFormat::kGrayA8, {50, 100}, AlphaMode::kPremultiplied);
  Image mask = Filled(1, 1, PixelFormat::kGray8, {255});
  CompositeMask(dst.mutable_view(), mask.view(), 0x808080, 128, 0, 0, 0, 1);
  // c = 128 * 128/255 + 50 * 127/255; a = 128 + 100 * 127/255.
  EXPECT_EQ(Px(dst, 0, 0), (std::vector<uint8_t>{89, 178}));
}

TEST(CompositeTest, ClipsAtEveryEdgeAndRespectsTheRowRange) {
  Image dst = Filled(5, 5, PixelFormat::kRGB8, {1, 2, 3});
  Image mask = Filled(4, 4, PixelFormat::kGray8, {255});
  CompositeMask(dst.mutable_view(), mask.view(), 0xFFFFFF, 255, -2, 3, 0, 4);
  for (int32_t y = 0; y < 5; ++y) {
    for (int32_t x = 0; x < 5; ++x) {
      const bool in =
          x < 2 && y == 3;  // rows 3..6 clipped to 3 by the row range [0,4)
      EXPECT_EQ(Px(dst, x, y)[0], in ? 255 : 1) << x << "," << y;
    }
  }
  // Entirely outside: nothing happens (and nothing is read out of bounds).
  CompositeMask(dst.mutable_view(), mask.view(), 0, 255, 100, -100, 0, 5);
  CompositeMask(dst.mutable_view(), mask.view(), 0, 255, -4, 0, 0, 5);
  EXPECT_EQ(Px(dst, 0, 0)[0], 1);
}

TEST(CompositeTest, StripSplitDoesNotChangePixels) {
  Image a = Filled(37, 29, PixelFormat::kRGBA8, {90, 80, 70, 200},
                   AlphaMode::kStraight);
  Image b = Filled(37, 29, PixelFormat::kRGBA8, {90, 80, 70, 200},
                   AlphaMode::kStraight);
  Image layer = Filled(20, 20, PixelFormat::kRGBA8, {0, 0, 0, 0});
  for (int32_t y = 0; y < 20; ++y) {
    for (int32_t x = 0; x < 20; ++x) {
      uint8_t* p = layer.Row(y) + x * 4;
      p[0] = static_cast<uint8_t>(x * 13);
      p[1] = static_cast<uint8_t>(y * 11);
      p[2] = 7;
      p[3] = static_cast<uint8_t>((x * y * 5) & 255);
    }
  }
  CompositeLayer(a.mutable_view(), layer.view(), 170, 9, 5, 0, 29);
  for (int32_t b0 = 0; b0 < 29; b0 += 3)
    CompositeLayer(b.mutable_view(), layer.view(), 170, 9, 5, b0, b0 + 3);
  for (int32_t y = 0; y < 29; ++y)
    ASSERT_EQ(0, std::memcmp(a.Row(y), b.Row(y), 37 * 4)) << y;
}

TEST(CompositeTest, IsGray) {
  EXPECT_TRUE(IsGray(Filled(3, 3, PixelFormat::kGrayA8, {1, 2}).view()));
  EXPECT_TRUE(IsGray(Filled(3, 3, PixelFormat::kRGBA8, {9, 9, 9, 1}).view()));
  EXPECT_FALSE(IsGray(Filled(3, 3, PixelFormat::kRGB8, {9, 9, 8}).view()));
}

}  // namespace
}  // namespace ossimg::render
