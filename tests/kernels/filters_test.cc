// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Behaviour of the OSS filters: blur, sharpen, bright/contrast, masks, average colour, formats.

#include "src/kernels/filters.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include <gtest/gtest.h>

#include "src/core/thread_pool.h"
#include "src/kernels/kernels.h"
#include "tests/kernels/test_util.h"

namespace ossimg::kernels {
namespace {

using ktest::Compare;
using ktest::FlatImage;
using ktest::FormatFor;
using ktest::Mean;
using ktest::RandomImage;
using ktest::SmoothImage;

Image MustCreate(int32_t w, int32_t h, PixelFormat f) {
  StatusOr<Image> img = Image::Create(w, h, f);
  EXPECT_TRUE(img.ok());
  return std::move(img).value();
}

TEST(Blur, FlatStaysFlatAndMeanIsKept) {
  const Image flat = FlatImage(64, 40, PixelFormat::kRGB8, 99);
  Image out = MustCreate(64, 40, PixelFormat::kRGB8);
  ASSERT_TRUE(Blur(flat.view(), out.mutable_view(), 10, 5, nullptr).ok());
  EXPECT_EQ(Compare(out.view(), flat.view()), "");
  const Image smooth = SmoothImage(200, 150, PixelFormat::kRGB8);
  Image blurred = MustCreate(200, 150, PixelFormat::kRGB8);
  ASSERT_TRUE(Blur(smooth.view(), blurred.mutable_view(), 3, 2, nullptr).ok());
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(Mean(blurred.view(), c), Mean(smooth.view(), c), 1.0);
}

TEST(Blur, SpreadsAnImpulseSymmetrically) {
  Image img = FlatImage(21, 21, PixelFormat::kGray8, 0);
  img.Row(10)[10] = 255;
  Image out = MustCreate(21, 21, PixelFormat::kGray8);
  ASSERT_TRUE(Blur(img.view(), out.mutable_view(), 5, 2, nullptr).ok());
  EXPECT_LT(out.Row(10)[10], 255);
  EXPECT_GT(out.Row(10)[11], 0);
  EXPECT_EQ(out.Row(10)[9], out.Row(10)[11]);
  EXPECT_EQ(out.Row(9)[10], out.Row(11)[10]);
  EXPECT_EQ(out.Row(10)[12], out.Row(12)[10]);
  EXPECT_EQ(out.Row(0)[0], 0);  // beyond the radius
}

TEST(Blur, RejectsOutOfRangeParameters) {
  const Image img = FlatImage(8, 8, PixelFormat::kRGB8, 1);
  Image out = MustCreate(8, 8, PixelFormat::kRGB8);
  EXPECT_EQ(Blur(img.view(), out.mutable_view(), 0, 5, nullptr).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Blur(img.view(), out.mutable_view(), 51, 5, nullptr).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Blur(img.view(), out.mutable_view(), 5, 51, nullptr).code(),
            StatusCode::kInvalidArgument);
}

TEST(Sharpen, KeepsFlatAreasAndSteepensEdges) {
  Image img = FlatImage(40, 4, PixelFormat::kGray8, 100);
  for (int32_t y = 0; y < 4; ++y) {
    for (int32_t x = 20; x < 40; ++x) img.Row(y)[x] = 150;
  }
  Image out = MustCreate(40, 4, PixelFormat::kGray8);
  ASSERT_TRUE(Sharpen(img.view(), out.mutable_view(), 200, nullptr).ok());
  EXPECT_EQ(out.Row(1)[5], 100);
  EXPECT_EQ(out.Row(1)[35], 150);
  EXPECT_LT(out.Row(1)[19], 100);  // undershoot before the edge
  EXPECT_GT(out.Row(1)[20], 150);  // overshoot after it
  EXPECT_EQ(Sharpen(img.view(), out.mutable_view(), 49, nullptr).code(),
            StatusCode::kInvalidArgument);
}

TEST(Sharpen, LeavesAlphaAlone) {
  const Image img = RandomImage(33, 9, PixelFormat::kRGBA8, 4);
  Image out = MustCreate(33, 9, PixelFormat::kRGBA8);
  ASSERT_TRUE(Sharpen(img.view(), out.mutable_view(), 399, nullptr).ok());
  for (int32_t y = 0; y < 9; ++y) {
    for (int32_t x = 0; x < 33; ++x) ASSERT_EQ(out.Row(y)[x * 4 + 3], img.Row(y)[x * 4 + 3]);
  }
}

TEST(BrightContrast, Luts) {
  EXPECT_EQ(BrightLut(0)[77], 77);
  EXPECT_EQ(BrightLut(100)[0], 255);
  EXPECT_EQ(BrightLut(-100)[255], 0);
  EXPECT_EQ(BrightLut(10)[100], 126);  // + 25.5, rounded
  EXPECT_EQ(ContrastLut(0)[33], 33);
  EXPECT_EQ(ContrastLut(-100)[3], 128);  // no contrast: all mid-grey
  EXPECT_EQ(ContrastLut(100)[192], 255);
  EXPECT_EQ(ContrastLut(100)[64], 0);
  EXPECT_EQ(ContrastLut(50)[138], 143);
}

TEST(BrightContrast, AppliesToColourNotAlpha) {
  Image img = FlatImage(17, 3, PixelFormat::kRGBA8, 100);
  ASSERT_TRUE(ApplyBrightContrast(img.mutable_view(), 20, 0, nullptr).ok());
  EXPECT_EQ(img.Row(1)[0], 151);
  EXPECT_EQ(img.Row(1)[3], 100);
  EXPECT_EQ(ApplyBrightContrast(img.mutable_view(), 101, 0, nullptr).code(),
            StatusCode::kInvalidArgument);
}

TEST(Masks, CircleIsTransparentOutsideOpaqueInsideAndSmoothOnTheEdge) {
  Image img = FlatImage(100, 100, PixelFormat::kRGBA8, 255);
  ASSERT_TRUE(ApplyCircle(img.mutable_view(), 50, nullptr).ok());
  EXPECT_EQ(img.Row(0)[3], 0);
  EXPECT_EQ(img.Row(99)[99 * 4 + 3], 0);
  EXPECT_EQ(img.Row(50)[50 * 4 + 3], 255);
  int partial = 0;
  for (int32_t x = 0; x < 100; ++x) {
    const int a = img.Row(20)[x * 4 + 3];
    partial += a > 0 && a < 255;
  }
  EXPECT_GE(partial, 2);  // anti-aliased: both edges of the row
  EXPECT_LE(partial, 8);
  Image rgb = FlatImage(10, 10, PixelFormat::kRGB8, 1);
  EXPECT_FALSE(ApplyCircle(rgb.mutable_view(), 5, nullptr).ok());
}

TEST(Masks, RoundedCornersOnlyTouchTheCorners) {
  Image img = FlatImage(80, 60, PixelFormat::kGrayA8, 255);
  ASSERT_TRUE(ApplyRoundedCorners(img.mutable_view(), 20, nullptr).ok());
  EXPECT_EQ(img.Row(0)[1], 0);
  EXPECT_EQ(img.Row(0)[79 * 2 + 1], 0);
  EXPECT_EQ(img.Row(59)[1], 0);
  EXPECT_EQ(img.Row(0)[40 * 2 + 1], 255);   // top edge, middle
  EXPECT_EQ(img.Row(30)[0 * 2 + 1], 255);   // left edge, middle
  EXPECT_EQ(img.Row(30)[40 * 2 + 1], 255);  // centre
  EXPECT_EQ(img.Row(30)[40 * 2], 255);      // grey untouched
}

TEST(AverageColour, MeanOfEachChannel) {
  Image img = MustCreate(10, 4, PixelFormat::kRGB8);
  for (int32_t y = 0; y < 4; ++y) {
    for (int32_t x = 0; x < 10; ++x) {
      img.Row(y)[x * 3] = y < 2 ? 0 : 255;  // half black, half white: 127.5 -> 128
      img.Row(y)[x * 3 + 1] = 10;
      img.Row(y)[x * 3 + 2] = static_cast<uint8_t>(x);  // mean 4.5 -> 5
    }
  }
  ThreadPool pool(2);
  for (ThreadPool* p : {static_cast<ThreadPool*>(nullptr), &pool}) {
    StatusOr<std::array<uint8_t, 4>> avg = AverageColour(img.view(), p);
    ASSERT_TRUE(avg.ok());
    EXPECT_EQ((*avg)[0], 128);
    EXPECT_EQ((*avg)[1], 10);
    EXPECT_EQ((*avg)[2], 5);
  }
  const Image big = RandomImage(1000, 700, PixelFormat::kRGBA8, 3);
  StatusOr<std::array<uint8_t, 4>> avg = AverageColour(big.view(), &pool);
  ASSERT_TRUE(avg.ok());
  for (int c = 0; c < 4; ++c) EXPECT_NEAR((*avg)[c], Mean(big.view(), c), 0.5001);
}

TEST(Convert, KnownValues) {
  Image rgb = MustCreate(3, 1, PixelFormat::kRGB8);
  const uint8_t px[9] = {255, 0, 0, 0, 255, 0, 255, 255, 255};
  std::copy(px, px + 9, rgb.Row(0));
  Image gray = MustCreate(3, 1, PixelFormat::kGray8);
  const uint8_t bg[3] = {255, 255, 255};
  ConvertFormat(rgb.view(), gray.mutable_view(), bg, 0, 1);
  EXPECT_EQ(gray.Row(0)[0], 77);   // (77 * 255 + 128) >> 8
  EXPECT_EQ(gray.Row(0)[1], 149);  // (150 * 255 + 128) >> 8
  EXPECT_EQ(gray.Row(0)[2], 255);
  // RGBA half-transparent black on a white background flattens to mid-grey.
  Image rgba = MustCreate(1, 1, PixelFormat::kRGBA8);
  const uint8_t half[4] = {0, 0, 0, 128};
  std::copy(half, half + 4, rgba.Row(0));
  Image flat = MustCreate(1, 1, PixelFormat::kRGB8);
  ConvertFormat(rgba.view(), flat.mutable_view(), bg, 0, 1);
  EXPECT_EQ(flat.Row(0)[0], 127);  // round(255 * 127 / 255)
  Image back = MustCreate(1, 1, PixelFormat::kRGBA8);
  ConvertFormat(flat.view(), back.mutable_view(), bg, 0, 1);
  EXPECT_EQ(back.Row(0)[3], 255);
}

}  // namespace
}  // namespace ossimg::kernels
