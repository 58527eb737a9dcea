// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Geometry of the rotation kernels: where each corner goes, and that inverse transforms cancel.

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

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

}  // namespace
}  // namespace ossimg::kernels
