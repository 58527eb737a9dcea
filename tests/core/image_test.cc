// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "ossimg/image.h"

#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>

#include "ossimg/codec.h"

namespace ossimg {
namespace {

TEST(RectTest, Intersect) {
  EXPECT_EQ((Rect{0, 0, 10, 10}.Intersect(Rect{5, 5, 10, 10})),
            (Rect{5, 5, 5, 5}));
  EXPECT_TRUE((Rect{0, 0, 10, 10}.Intersect(Rect{10, 0, 5, 5})).empty());
  // No overflow near INT32_MAX.
  EXPECT_EQ(
      (Rect{0, 0, 100, 100}.Intersect(Rect{50, 50, 2147483647, 2147483647})),
      (Rect{50, 50, 50, 50}));
}

TEST(ImageTest, RowsAreAlignedAndPadded) {
  for (int w : {1, 3, 63, 64, 65, 511, 512, 1000}) {
    for (PixelFormat f : {PixelFormat::kGray8, PixelFormat::kGrayA8,
                          PixelFormat::kRGB8, PixelFormat::kRGBA8}) {
      StatusOr<Image> img = Image::Create(w, 3, f);
      ASSERT_TRUE(img.ok()) << img.status().ToString();
      EXPECT_EQ(img->stride() % Image::kAlignment, 0u);
      EXPECT_GE(img->stride(),
                static_cast<size_t>(w) * Channels(f) + Image::kRowPadding);
      EXPECT_NE(img->stride() % 2048, 0u) << "2 KiB strides alias in L1";
      EXPECT_EQ(reinterpret_cast<uintptr_t>(img->Row(0)) % Image::kAlignment,
                0u);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(img->Row(2)) % Image::kAlignment,
                0u);
      // The whole padded area is writable (ASan would catch an overrun).
      std::memset(img->Row(2), 0xAB, img->stride());
    }
  }
}

TEST(ImageTest, AlphaModeFollowsFormat) {
  EXPECT_EQ(Image::Create(2, 2, PixelFormat::kRGBA8)->alpha(),
            AlphaMode::kStraight);
  EXPECT_EQ(Image::Create(2, 2, PixelFormat::kRGB8)->alpha(), AlphaMode::kNone);
}

TEST(ImageTest, RefusesSizesBeyondLimitsWithoutAllocating) {
  EXPECT_EQ(Image::Create(-1, 1, PixelFormat::kRGB8).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Image::Create(30001, 1, PixelFormat::kRGB8).status().code(),
            StatusCode::kImageTooLarge);
  // 30000 x 30000 = 900 MP > 250 MP.
  EXPECT_EQ(Image::Create(30000, 30000, PixelFormat::kRGB8).status().code(),
            StatusCode::kImageTooLarge);
  Limits small;
  small.max_memory_bytes = 1 << 20;
  EXPECT_EQ(
      Image::Create(1024, 1024, PixelFormat::kRGBA8, small).status().code(),
      StatusCode::kImageTooLarge);
  EXPECT_TRUE(Image::Create(100, 100, PixelFormat::kRGBA8, small).ok());
}

TEST(ImageTest, EmptyImageIsValid) {
  StatusOr<Image> img = Image::Create(0, 0, PixelFormat::kRGB8);
  ASSERT_TRUE(img.ok());
  EXPECT_TRUE(img->empty());
}

TEST(ImageViewTest, CropIsAViewClippedToTheImage) {
  StatusOr<Image> img = Image::Create(8, 6, PixelFormat::kRGB8);
  ASSERT_TRUE(img.ok());
  for (int y = 0; y < 6; ++y) {
    for (int x = 0; x < 8 * 3; ++x)
      img->Row(y)[x] = static_cast<uint8_t>(y * 24 + x);
  }
  const ImageView v = img->view().Crop(Rect{2, 1, 100, 2});
  EXPECT_EQ(v.width, 6);
  EXPECT_EQ(v.height, 2);
  EXPECT_EQ(v.Row(0), img->Row(1) + 2 * 3);  // same memory, no copy
  EXPECT_EQ(v.Row(1)[0], 2 * 24 + 6);
  const MutableImageView mv = img->mutable_view().Crop(Rect{100, 100, 5, 5});
  EXPECT_EQ(mv.width, 0);
  EXPECT_EQ(mv.height, 0);
}

TEST(FormatTest, NamesRoundTrip) {
  for (ImageFormat f :
       {ImageFormat::kJpeg, ImageFormat::kPng, ImageFormat::kWebp,
        ImageFormat::kBmp, ImageFormat::kGif, ImageFormat::kTiff,
        ImageFormat::kHeic, ImageFormat::kAvif}) {
    EXPECT_EQ(ImageFormatFromName(ImageFormatName(f)), f);
  }
  EXPECT_EQ(ImageFormatFromName("jpeg"), ImageFormat::kUnknown);
  EXPECT_STREQ(ImageFormatMimeType(ImageFormat::kWebp), "image/webp");
}

}  // namespace
}  // namespace ossimg
