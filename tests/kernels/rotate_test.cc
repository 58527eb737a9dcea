// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Geometry of the rotation kernels: where each corner goes, and that inverse transforms cancel.

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "src/kernels/kernels.h"
#include "tests/kernels/test_util.h"

namespace ossimg::kernels {
namespace {

Image Apply(const ImageView& src, RightAngle op) {
  const bool swap = SwapsAxes(op);
  StatusOr<Image> dst =
      Image::Create(swap ? src.height : src.width, swap ? src.width : src.height, src.format);
  EXPECT_TRUE(dst.ok());
  RotateRightAngle(src, dst->mutable_view(), op, 0, dst->height());
  return std::move(dst).value();
}

// A 3x2 gray image with distinct values:  1 2 3
//                                          4 5 6
Image Small() {
  Image img = std::move(Image::Create(3, 2, PixelFormat::kGray8)).value();
  for (int32_t y = 0; y < 2; ++y) {
    for (int32_t x = 0; x < 3; ++x) img.Row(y)[x] = static_cast<uint8_t>(1 + x + 3 * y);
  }
  return img;
}

std::vector<int> Pixels(const Image& img) {
  std::vector<int> v;
  for (int32_t y = 0; y < img.height(); ++y) {
    for (int32_t x = 0; x < img.width(); ++x) v.push_back(img.Row(y)[x]);
  }
  return v;
}

TEST(RotateRightAngle, KnownLayouts) {
  const Image src = Small();
  EXPECT_EQ(Pixels(Apply(src.view(), RightAngle::kRotate90)), (std::vector<int>{4, 1, 5, 2, 6, 3}));
  EXPECT_EQ(Pixels(Apply(src.view(), RightAngle::kRotate270)),
            (std::vector<int>{3, 6, 2, 5, 1, 4}));
  EXPECT_EQ(Pixels(Apply(src.view(), RightAngle::kRotate180)),
            (std::vector<int>{6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(Pixels(Apply(src.view(), RightAngle::kFlipH)), (std::vector<int>{3, 2, 1, 6, 5, 4}));
  EXPECT_EQ(Pixels(Apply(src.view(), RightAngle::kFlipV)), (std::vector<int>{4, 5, 6, 1, 2, 3}));
  EXPECT_EQ(Pixels(Apply(src.view(), RightAngle::kTranspose)),
            (std::vector<int>{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(Pixels(Apply(src.view(), RightAngle::kTransverse)),
            (std::vector<int>{6, 3, 5, 2, 4, 1}));
}

TEST(RotateRightAngle, InversesCancel) {
  const Image src = ktest::RandomImage(131, 77, PixelFormat::kRGB8, 5);
  const Image r90 = Apply(src.view(), RightAngle::kRotate90);
  EXPECT_EQ(ktest::Compare(Apply(r90.view(), RightAngle::kRotate270).view(), src.view()), "");
  const Image t = Apply(src.view(), RightAngle::kTranspose);
  EXPECT_EQ(ktest::Compare(Apply(t.view(), RightAngle::kTranspose).view(), src.view()), "");
  const Image r180 = Apply(src.view(), RightAngle::kRotate180);
  const Image r90x2 = Apply(r90.view(), RightAngle::kRotate90);
  EXPECT_EQ(ktest::Compare(r180.view(), r90x2.view()), "");
}

TEST(RotateArbitrary, CanvasHoldsTheRotatedPicture) {
  const RotateTable t45 = std::move(BuildRotateTable(100, 100, 45)).value();
  EXPECT_EQ(t45.dst_width, 141);
  EXPECT_EQ(t45.dst_height, 141);
  const RotateTable t90 = std::move(BuildRotateTable(300, 200, 90)).value();
  EXPECT_EQ(t90.dst_width, 200);
  EXPECT_EQ(t90.dst_height, 300);
  const RotateTable t30 = std::move(BuildRotateTable(400, 100, 30)).value();
  EXPECT_EQ(t30.dst_width, 396);   // 400 cos30 + 100 sin30 = 396.4
  EXPECT_EQ(t30.dst_height, 287);  // 400 sin30 + 100 cos30 = 286.6
  EXPECT_FALSE(BuildRotateTable(0, 10, 30).ok());
  EXPECT_FALSE(BuildRotateTable(10, 10, std::nan("")).ok());
}

Image Warp(const ImageView& src, double degrees, const uint8_t bg[4]) {
  const RotateTable t = std::move(BuildRotateTable(src.width, src.height, degrees)).value();
  Image dst = std::move(Image::Create(t.dst_width, t.dst_height, src.format)).value();
  RotateArbitrary(src, dst.mutable_view(), t, bg, 0, t.dst_height);
  return dst;
}

TEST(RotateArbitrary, RightAnglesAreExactTransposes) {
  const uint8_t bg[4] = {1, 2, 3, 4};
  const Image src = ktest::RandomImage(61, 37, PixelFormat::kRGBA8, 9);
  EXPECT_EQ(ktest::Compare(Warp(src.view(), 0, bg).view(), src.view()), "");
  EXPECT_EQ(ktest::Compare(Warp(src.view(), 90, bg).view(),
                           Apply(src.view(), RightAngle::kRotate90).view()),
            "");
  EXPECT_EQ(ktest::Compare(Warp(src.view(), 180, bg).view(),
                           Apply(src.view(), RightAngle::kRotate180).view()),
            "");
  EXPECT_EQ(ktest::Compare(Warp(src.view(), 270, bg).view(),
                           Apply(src.view(), RightAngle::kRotate270).view()),
            "");
}

TEST(RotateArbitrary, CornersGetTheBackgroundAndTheCentreThePicture) {
  const uint8_t bg[4] = {255, 255, 255, 0};
  const Image src = ktest::FlatImage(120, 80, PixelFormat::kRGB8, 40);
  const Image dst = Warp(src.view(), 30, bg);
  const int32_t w = dst.width(), h = dst.height();
  for (auto [x, y] : {std::pair{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}}) {
    for (int c = 0; c < 3; ++c) EXPECT_EQ(dst.Row(y)[x * 3 + c], 255) << x << "," << y;
  }
  for (int c = 0; c < 3; ++c) EXPECT_EQ(dst.Row(h / 2)[(w / 2) * 3 + c], 40);
  // Along the picture's edge the colours blend (anti-aliasing): some pixels are in between.
  int blended = 0;
  for (int32_t x = 0; x < w; ++x) {
    const int v = dst.Row(h / 2)[x * 3];
    blended += v > 40 && v < 255;
  }
  EXPECT_GE(blended, 1);
  EXPECT_LE(blended, 4);
}

}  // namespace
}  // namespace ossimg::kernels
