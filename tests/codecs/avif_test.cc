// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// AVIF: decoding libvips-written fixtures
// (tests/data/codecs/make_format_fixtures.py), lossy round trips through the
// encoder for every layout and odd sizes, quality, alpha and the ICC profile.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

#include "tests/codecs/test_util.h"
#include <avif/avif.h>

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

TEST(AvifTest, DecodesLibvipsFiles) {
  const testing::Pnm src = ReadPnm("codecs/fmt-src.ppm");
  for (const char* name : {"avif-rgb.avif", "avif-rgba.avif"}) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> b = ReadTestFile(std::string("codecs/") + name);
    StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->format, ImageFormat::kAvif);
    EXPECT_EQ(info->width, 37);
    EXPECT_EQ(info->height, 23);
    EXPECT_EQ(info->orientation, 1);
    const bool alpha = std::string(name).find("rgba") != std::string::npos;
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

TEST(AvifTest, RoundTripsEveryLayout) {
  for (PixelFormat f :
       {PixelFormat::kRGB8, PixelFormat::kRGBA8, PixelFormat::kGray8, PixelFormat::kGrayA8}) {
    SCOPED_TRACE(PixelFormatName(f));
    const Image src = Smooth(45, 29, f);  // odd sides: 4:2:0 padding
    StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), ImageFormat::kAvif);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_EQ(SniffImageFormat(b->data(), b->size()), ImageFormat::kAvif);
    const Image back = MustDecode(*b);
    EXPECT_EQ(back.width(), 45);
    EXPECT_EQ(back.height(), 29);
    EXPECT_EQ(back.format(), HasAlpha(f) ? PixelFormat::kRGBA8 : PixelFormat::kRGB8);
    EXPECT_GT(Psnr(back, src.Row(0), src.channels(), static_cast<ptrdiff_t>(src.stride())), 30.0);
  }
}

TEST(AvifTest, QualityChangesSizeAndIccIsKept) {
  const Image src = MakeImage(64, 48, PixelFormat::kRGB8);
  EncodeOptions lo, hi;
  lo.quality = 20;
  hi.quality = 90;
  hi.icc_profile = ReadTestFile("codecs/srgb.icc");
  StatusOr<std::vector<uint8_t>> a = EncodeImage(src.view(), ImageFormat::kAvif, lo);
  StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), ImageFormat::kAvif, hi);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LT(a->size(), b->size());
  StatusOr<ImageInfo> info = ProbeImage(b->data(), b->size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->icc_profile, hi.icc_profile);
}

TEST(AvifTest, CropOnLoadEqualsFullDecodeCropped) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/avif-rgba.avif");
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

TEST(AvifTest, PixelLimitIsCheckedFromTheHeader) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/avif-rgb.avif");
  Limits l;
  l.max_pixels = 37 * 23 - 1;
  EXPECT_EQ(ProbeImage(b.data(), b.size(), l).status().code(), StatusCode::kImageTooLarge);
}

// Quadrant colours: top-left red, top-right green, bottom-left blue, bottom-right white.
const uint8_t kQuadrant[2][2][3] = {{{220, 30, 30}, {30, 200, 30}},
                                    {{30, 30, 220}, {240, 240, 240}}};

// A 64x32 four-colour AVIF carrying irot `angle` (-1: none) and imir `mode` (-1: none), written
// with libavif directly.
std::vector<uint8_t> TransformedAvif(int angle, int mode) {
  avifImage* img = avifImageCreate(64, 32, 8, AVIF_PIXEL_FORMAT_YUV444);
  avifRGBImage rgb;
  avifRGBImageSetDefaults(&rgb, img);
  rgb.format = AVIF_RGB_FORMAT_RGB;
  std::vector<uint8_t> px(64 * 32 * 3);
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 64; ++x) {
      for (int c = 0; c < 3; ++c) px[(y * 64 + x) * 3 + c] = kQuadrant[y / 16][x / 32][c];
    }
  }
  rgb.pixels = px.data();
  rgb.rowBytes = 64 * 3;
  EXPECT_EQ(avifImageRGBToYUV(img, &rgb), AVIF_RESULT_OK);
  if (angle >= 0) {
    img->transformFlags |= AVIF_TRANSFORM_IROT;
    img->irot.angle = static_cast<uint8_t>(angle);
  }
  if (mode >= 0) {
    img->transformFlags |= AVIF_TRANSFORM_IMIR;
    img->imir.mode = static_cast<uint8_t>(mode);
  }
  avifEncoder* enc = avifEncoderCreate();
  enc->speed = 10;
  enc->minQuantizer = enc->maxQuantizer = 10;
  avifRWData out = AVIF_DATA_EMPTY;
  EXPECT_EQ(avifEncoderWrite(enc, img, &out), AVIF_RESULT_OK);
  std::vector<uint8_t> bytes(out.data, out.data + out.size);
  avifRWDataFree(&out);
  avifEncoderDestroy(enc);
  avifImageDestroy(img);
  return bytes;
}

// irot (anticlockwise quarter turns, first) then imir (0: top<->bottom, 1: left<->right), on the
// 2x2 grid of quadrants, straight from ISO/IEC 23008-12: the picture the engine must show.
void Displayed(int angle, int mode, int grid[2][2]) {
  int g[2][2] = {{0, 1}, {2, 3}};  // quadrant ids, row-major
  for (int i = 0; i < (angle < 0 ? 0 : angle); ++i) {
    const int r[2][2] = {{g[0][1], g[1][1]}, {g[0][0], g[1][0]}};  // 90 degrees anticlockwise
    std::memcpy(g, r, sizeof(g));
  }
  if (mode == 0) std::swap(g[0], g[1]);
  if (mode == 1) {
    std::swap(g[0][0], g[0][1]);
    std::swap(g[1][0], g[1][1]);
  }
  std::memcpy(grid, g, sizeof(g));
}

TEST(AvifTest, IrotAndImirAreShownAsTheSpecificationSays) {
  Engine engine;
  for (int angle = -1; angle < 4; ++angle) {
    for (int mode = -1; mode < 2; ++mode) {
      SCOPED_TRACE("irot " + std::to_string(angle) + " imir " + std::to_string(mode));
      const std::vector<uint8_t> b = TransformedAvif(angle, mode);
      StatusOr<Result> r = engine.Process(b.data(), b.size(), "image/format,png");
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      const bool turned = angle == 1 || angle == 3;
      ASSERT_EQ(r->width, turned ? 32 : 64);
      ASSERT_EQ(r->height, turned ? 64 : 32);
      const Image out = MustDecode(r->bytes);
      int grid[2][2];
      Displayed(angle, mode, grid);
      for (int qy = 0; qy < 2; ++qy) {
        for (int qx = 0; qx < 2; ++qx) {
          const int x = out.width() / 4 + qx * out.width() / 2;
          const int y = out.height() / 4 + qy * out.height() / 2;
          const uint8_t* want = kQuadrant[grid[qy][qx] / 2][grid[qy][qx] % 2];
          for (int c = 0; c < 3; ++c) {
            EXPECT_NEAR(out.Row(y)[x * out.channels() + c], want[c], 24) << qx << "," << qy;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace ossimg
