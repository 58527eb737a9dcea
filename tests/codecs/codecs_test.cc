// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The registry: sniffing by magic bytes (never by name) and the API's argument checks.

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"

#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

ImageFormat Sniff(const std::string& s) {
  return SniffImageFormat(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(SniffTest, MagicBytes) {
  EXPECT_EQ(Sniff(std::string("\xFF\xD8\xFF\xE0", 4)), ImageFormat::kJpeg);
  EXPECT_EQ(Sniff(std::string("\x89PNG\r\n\x1A\n", 8)), ImageFormat::kPng);
  EXPECT_EQ(Sniff("GIF89a......"), ImageFormat::kGif);
  EXPECT_EQ(Sniff("GIF87a......"), ImageFormat::kGif);
  EXPECT_EQ(Sniff(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), ImageFormat::kWebp);
  EXPECT_EQ(Sniff(std::string("II*\0\x08\0\0\0", 8)), ImageFormat::kTiff);
  EXPECT_EQ(Sniff(std::string("MM\0*\0\0\0\x08", 8)), ImageFormat::kTiff);
  EXPECT_EQ(Sniff(std::string("\0\0\0\x1C"
                              "ftypavif",
                              12)),
            ImageFormat::kAvif);
  EXPECT_EQ(Sniff(std::string("\0\0\0\x18"
                              "ftypheic",
                              12)),
            ImageFormat::kHeic);
  EXPECT_EQ(Sniff(std::string("BM\x36\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0", 26)),
            ImageFormat::kBmp);
  // Prefixes and near misses are not images.
  EXPECT_EQ(Sniff(std::string("\xFF\xD8", 2)), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff(std::string("\x89PNG\r\n", 6)), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("<svg xmlns='http://www.w3.org/2000/svg'>"), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("%PDF-1.4"), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("push graphic-context\nviewbox 0 0 640 480"), ImageFormat::kUnknown);  // MVG
  EXPECT_EQ(Sniff(""), ImageFormat::kUnknown);
  EXPECT_EQ(SniffImageFormat(nullptr, 0), ImageFormat::kUnknown);
}

TEST(SniffTest, ContentWinsOverTheName) {
  // A PNG named .jpg decodes as PNG.
  const std::vector<uint8_t> b = testing::ReadTestFile("codecs/png_c2_d8.png");
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->format, ImageFormat::kPng);
}

TEST(CodecApiTest, Capabilities) {
  EXPECT_TRUE(CanDecode(ImageFormat::kJpeg));
  EXPECT_TRUE(CanDecode(ImageFormat::kPng));
  EXPECT_TRUE(CanEncode(ImageFormat::kJpeg));
  EXPECT_TRUE(CanEncode(ImageFormat::kPng));
  EXPECT_TRUE(CanDecode(ImageFormat::kGif));
  EXPECT_FALSE(CanEncode(ImageFormat::kUnknown));
}

TEST(CodecApiTest, EncodeRejectsBadArguments) {
  const Image img = testing::MakeImage(8, 8, PixelFormat::kRGB8);
  EXPECT_EQ(EncodeImage(ImageView{}, ImageFormat::kPng, {}).status().code(),
            StatusCode::kInvalidArgument);
  EncodeOptions q;
  q.quality = 101;
  EXPECT_EQ(EncodeImage(img.view(), ImageFormat::kJpeg, q).status().code(),
            StatusCode::kInvalidArgument);
  ImageView narrow = img.view();
  narrow.stride = 3;
  EXPECT_EQ(EncodeImage(narrow, ImageFormat::kPng, {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeImage(img.view(), ImageFormat::kUnknown, {}).status().code(),
            StatusCode::kUnsupported);
}

TEST(CodecApiTest, DecodeErrorsCarryOssCodes) {
  const std::string junk = "definitely not an image";
  StatusOr<Image> r = DecodeImage(reinterpret_cast<const uint8_t*>(junk.data()), junk.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status().oss_code(), "BadRequest");
  EXPECT_EQ(r.status().http_status(), 400);
}

TEST(CodecApiTest, PremultipliedAlphaIsStoredStraight) {
  StatusOr<Image> img = Image::Create(4, 1, PixelFormat::kRGBA8);
  ASSERT_TRUE(img.ok());
  // Straight (200, 100, 50) at alpha 128, 255 and 0, premultiplied.
  const uint8_t px[16] = {100, 50, 25, 128, 200, 100, 50, 255, 0, 0, 0, 0, 10, 20, 30, 255};
  std::memcpy(img->Row(0), px, sizeof(px));
  img->set_alpha(AlphaMode::kPremultiplied);
  StatusOr<std::vector<uint8_t>> png = EncodeImage(img->view(), ImageFormat::kPng, {});
  ASSERT_TRUE(png.ok());
  const Image out = testing::MustDecode(*png);
  const uint8_t* p = out.Row(0);
  EXPECT_EQ(p[0], 199);  // 100 * 255 / 128, rounded
  EXPECT_EQ(p[1], 100);
  EXPECT_EQ(p[2], 50);
  EXPECT_EQ(p[3], 128);
  EXPECT_EQ(p[4], 200);
  EXPECT_EQ(p[7], 255);
  EXPECT_EQ(p[11], 0);
  EXPECT_EQ(p[12], 10);
  // JPEG takes the same straight copy before compositing onto white.
  StatusOr<std::vector<uint8_t>> jpg = EncodeImage(img->view(), ImageFormat::kJpeg, {});
  EXPECT_TRUE(jpg.ok());
}

TEST(CodecApiTest, OneByOneImages) {
  for (ImageFormat f : {ImageFormat::kJpeg, ImageFormat::kPng}) {
    const Image img = testing::MakeImage(1, 1, PixelFormat::kRGB8);
    StatusOr<std::vector<uint8_t>> b = EncodeImage(img.view(), f, {});
    ASSERT_TRUE(b.ok());
    const Image out = testing::MustDecode(*b);
    EXPECT_EQ(out.width(), 1);
    EXPECT_EQ(out.height(), 1);
  }
}

}  // namespace
}  // namespace ossimg
