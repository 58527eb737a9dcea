// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// WebP: round trips (lossless exact, lossy bounded), probe facts, shrink- and crop-on-load,
// animations (first frame on a transparent canvas), limits, broken files, and the engine writing
// format,webp. Every fixture is generated here with libwebp.

#include <webp/encode.h>
#include <webp/mux.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::CountDiff;
using testing::MakeImage;
using testing::MustDecode;

std::vector<uint8_t> Encode(const ImageView& v, EncodeOptions o = {}) {
  StatusOr<std::vector<uint8_t>> r = EncodeImage(v, ImageFormat::kWebp, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : std::vector<uint8_t>();
}

EncodeOptions Lossless() {
  EncodeOptions o;
  o.lossless = true;
  return o;
}

// PSNR over the first `channels` channels of two same-sized views.
double Psnr(const ImageView& a, const ImageView& b, int channels) {
  double se = 0;
  for (int32_t y = 0; y < a.height; ++y) {
    for (int32_t x = 0; x < a.width; ++x) {
      for (int c = 0; c < channels; ++c) {
        const double d = static_cast<double>(a.Row(y)[x * a.channels() + c]) -
                         b.Row(y)[x * b.channels() + c];
        se += d * d;
      }
    }
  }
  const double mse = se / (static_cast<double>(a.width) * a.height * channels);
  return mse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 / mse);
}

int MaxAlphaError(const ImageView& a, const ImageView& b) {
  int m = 0;
  for (int32_t y = 0; y < a.height; ++y) {
    for (int32_t x = 0; x < a.width; ++x) {
      m = std::max(m, std::abs(a.Row(y)[x * 4 + 3] - b.Row(y)[x * 4 + 3]));
    }
  }
  return m;
}

// Smooth gradients: what a lossy codec is made for, so PSNR says something about the codec.
Image Smooth(int32_t w, int32_t h, PixelFormat f) {
  Image img = MakeImage(w, h, f);
  const int ch = Channels(f);
  for (int32_t y = 0; y < h; ++y) {
    for (int32_t x = 0; x < w; ++x) {
      for (int c = 0; c < ch - (HasAlpha(f) ? 1 : 0); ++c) {
        img.Row(y)[x * ch + c] = static_cast<uint8_t>(40 + (x * 150) / w + (y * 50) / h + c * 10);
      }
    }
  }
  return img;
}

TEST(WebpTest, Registered) {
  EXPECT_TRUE(CanDecode(ImageFormat::kWebp));
  EXPECT_TRUE(CanEncode(ImageFormat::kWebp));
}

TEST(WebpTest, LosslessRoundTripsAreExact) {
  for (PixelFormat f : {PixelFormat::kRGB8, PixelFormat::kRGBA8}) {
    const Image src = MakeImage(37, 23, f);
    const std::vector<uint8_t> bytes = Encode(src.view(), Lossless());
    ASSERT_EQ(SniffImageFormat(bytes.data(), bytes.size()), ImageFormat::kWebp);
    const Image out = MustDecode(bytes);
    EXPECT_EQ(out.format(), f);
    EXPECT_EQ(CountDiff(out.view(), src.view()), 0) << PixelFormatName(f);
  }
}

TEST(WebpTest, GrayIsExpandedToRgb) {
  const Image gray = MakeImage(20, 11, PixelFormat::kGray8);
  const Image rgb = MustDecode(Encode(gray.view(), Lossless()));
  ASSERT_EQ(rgb.format(), PixelFormat::kRGB8);
  const Image graya = MakeImage(20, 11, PixelFormat::kGrayA8);
  const Image rgba = MustDecode(Encode(graya.view(), Lossless()));
  ASSERT_EQ(rgba.format(), PixelFormat::kRGBA8);
  for (int32_t y = 0; y < 11; ++y) {
    for (int32_t x = 0; x < 20; ++x) {
      for (int c = 0; c < 3; ++c) {
        ASSERT_EQ(rgb.Row(y)[x * 3 + c], gray.Row(y)[x]);
        ASSERT_EQ(rgba.Row(y)[x * 4 + c], graya.Row(y)[x * 2]);
      }
      ASSERT_EQ(rgba.Row(y)[x * 4 + 3], graya.Row(y)[x * 2 + 1]);
    }
  }
  // Lossy gray stays close to gray.
  EncodeOptions q90;
  q90.quality = 90;
  const Image lossy = MustDecode(Encode(gray.view(), q90));
  EXPECT_GT(Psnr(lossy.view(), rgb.view(), 3), 30.0);
}

TEST(WebpTest, LossyRoundTripsStayClose) {
  EncodeOptions q90;
  q90.quality = 90;
  const Image rgb = Smooth(64, 48, PixelFormat::kRGB8);
  const Image rgb_out = MustDecode(Encode(rgb.view(), q90));
  ASSERT_EQ(rgb_out.format(), PixelFormat::kRGB8);
  EXPECT_GT(Psnr(rgb_out.view(), rgb.view(), 3), 38.0);

  const Image rgba = Smooth(64, 48, PixelFormat::kRGBA8);
  const Image rgba_out = MustDecode(Encode(rgba.view(), q90));
  ASSERT_EQ(rgba_out.format(), PixelFormat::kRGBA8);
  EXPECT_GT(Psnr(rgba_out.view(), rgba.view(), 3), 38.0);
  EXPECT_EQ(rgba_out.alpha(), AlphaMode::kStraight);
  EXPECT_LE(MaxAlphaError(rgba_out.view(), rgba.view()), 2);  // alpha_quality 100
}

TEST(WebpTest, QualityZeroMeansSeventyFive) {
  const Image src = MakeImage(40, 30, PixelFormat::kRGB8);
  EncodeOptions q75;
  q75.quality = 75;
  EncodeOptions q20;
  q20.quality = 20;
  const std::vector<uint8_t> def = Encode(src.view());
  EXPECT_EQ(def, Encode(src.view(), q75));
  EXPECT_GT(def.size(), Encode(src.view(), q20).size());
}

TEST(WebpTest, ProbeReportsHeaderFactsAndIcc) {
  const Image src = MakeImage(33, 17, PixelFormat::kRGBA8);
  EncodeOptions o;
  // A real profile: malformed ones are dropped by EncodeImage and ProbeImage (codecs/cms.h).
  o.icc_profile = testing::ReadTestFile("codecs/srgb.icc");
  ASSERT_FALSE(o.icc_profile.empty());
  const std::vector<uint8_t> bytes = Encode(src.view(), o);
  StatusOr<ImageInfo> info = ProbeImage(bytes.data(), bytes.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->format, ImageFormat::kWebp);
  EXPECT_EQ(info->width, 33);
  EXPECT_EQ(info->height, 17);
  EXPECT_TRUE(info->has_alpha);
  EXPECT_EQ(info->channels, 4);
  EXPECT_EQ(info->frame_count, 1);
  EXPECT_EQ(info->pixel_format, PixelFormat::kRGBA8);
  EXPECT_EQ(info->icc_profile, o.icc_profile);
  // The VP8X file still decodes.
  EXPECT_EQ(MustDecode(bytes).width(), 33);

  const std::vector<uint8_t> plain = Encode(MakeImage(8, 9, PixelFormat::kRGB8).view());
  info = ProbeImage(plain.data(), plain.size());
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->has_alpha);
  EXPECT_EQ(info->pixel_format, PixelFormat::kRGB8);
  EXPECT_TRUE(info->icc_profile.empty());
}

TEST(WebpTest, ProbeReadsExif) {
  const std::vector<uint8_t> plain = Encode(MakeImage(8, 6, PixelFormat::kRGB8).view());
  // A little-endian TIFF header and IFD0 holding Orientation = 6, behind JPEG's "Exif\0\0",
  // which some writers keep and the probe strips.
  const std::vector<uint8_t> exif = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1,
                                     0,   0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
  const WebPData image{plain.data(), plain.size()};
  WebPMux* mux = WebPMuxCreate(&image, 1);
  ASSERT_NE(mux, nullptr);
  const WebPData chunk{exif.data(), exif.size()};
  ASSERT_EQ(WebPMuxSetChunk(mux, "EXIF", &chunk, 1), WEBP_MUX_OK);
  WebPData out;
  WebPDataInit(&out);
  ASSERT_EQ(WebPMuxAssemble(mux, &out), WEBP_MUX_OK);
  const std::vector<uint8_t> bytes(out.bytes, out.bytes + out.size);
  WebPDataClear(&out);
  WebPMuxDelete(mux);
  StatusOr<ImageInfo> info = ProbeImage(bytes.data(), bytes.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->orientation, 6);
  EXPECT_EQ(info->exif, std::vector<uint8_t>(exif.begin() + 6, exif.end()));
  EXPECT_EQ(MustDecode(bytes).width(), 8);  // EXIF is reported, never applied by the codec
}

TEST(WebpTest, ScaledDecodeUsesCeilSizes) {
  const Image src = MakeImage(101, 75, PixelFormat::kRGB8);
  for (bool lossless : {false, true}) {
    EncodeOptions o;
    o.lossless = lossless;
    const std::vector<uint8_t> bytes = Encode(src.view(), o);
    for (int d : {2, 4, 8}) {
      DecodeOptions dopt;
      dopt.scale_denom = d;
      const Image img = MustDecode(bytes, dopt);
      EXPECT_EQ(img.width(), (101 + d - 1) / d) << d;
      EXPECT_EQ(img.height(), (75 + d - 1) / d) << d;
    }
  }
  // A flat image stays flat when shrunk.
  StatusOr<Image> flat = Image::Create(64, 40, PixelFormat::kRGB8);
  ASSERT_TRUE(flat.ok());
  for (int32_t y = 0; y < 40; ++y) {
    for (int32_t x = 0; x < 64 * 3; ++x) flat->Row(y)[x] = static_cast<uint8_t>(x % 3 * 50 + 40);
  }
  DecodeOptions half;
  half.scale_denom = 2;
  const Image small = MustDecode(Encode(flat->view(), Lossless()), half);
  ASSERT_EQ(small.width(), 32);
  for (int32_t y = 0; y < small.height(); ++y) {
    for (int32_t x = 0; x < 32 * 3; ++x) ASSERT_EQ(small.Row(y)[x], x % 3 * 50 + 40);
  }
}

TEST(WebpTest, CropDecodeEqualsDecodeThenCrop) {
  const Image src = MakeImage(61, 45, PixelFormat::kRGBA8);
  for (bool lossless : {true, false}) {
    EncodeOptions o;
    o.lossless = lossless;
    const std::vector<uint8_t> bytes = Encode(src.view(), o);
    const Image full = MustDecode(bytes);
    for (const Rect& r : {Rect{10, 4, 20, 13}, Rect{11, 5, 21, 9}, Rect{0, 0, 61, 1},
                          Rect{50, 40, 100, 100}}) {
      DecodeOptions dopt;
      dopt.crop = r;
      const Image img = MustDecode(bytes, dopt);
      const ImageView want = full.view().Crop(r);
      ASSERT_EQ(img.width(), want.width);
      ASSERT_EQ(img.height(), want.height);
      EXPECT_EQ(CountDiff(img.view(), want), 0)
          << "lossless " << lossless << " crop " << r.x << "," << r.y;
    }
    // Crop in scaled coordinates.
    DecodeOptions scaled;
    scaled.scale_denom = 2;
    const Image half = MustDecode(bytes, scaled);
    scaled.crop = Rect{3, 5, 10, 7};
    const Image img = MustDecode(bytes, scaled);
    EXPECT_EQ(CountDiff(img.view(), half.view().Crop(scaled.crop)), 0);
    // A crop outside the image is the caller's error.
    DecodeOptions outside;
    outside.crop = Rect{100, 100, 5, 5};
    EXPECT_EQ(DecodeImage(bytes.data(), bytes.size(), outside).status().code(),
              StatusCode::kInvalidArgument);
  }
}

// A two-frame animation whose first frame covers `first` of a 40x30 canvas.
std::vector<uint8_t> Animation(const Rect& first, const Image& f1, const Image& f2) {
  WebPMux* mux = WebPMuxNew();
  std::vector<std::vector<uint8_t>> keep;
  for (int i = 0; i < 2; ++i) {
    const Image& f = i == 0 ? f1 : f2;
    keep.push_back(Encode(f.view(), Lossless()));
    WebPMuxFrameInfo info;
    std::memset(&info, 0, sizeof(info));
    info.bitstream = WebPData{keep.back().data(), keep.back().size()};
    info.x_offset = i == 0 ? first.x : 0;
    info.y_offset = i == 0 ? first.y : 0;
    info.duration = 100;
    info.id = WEBP_CHUNK_ANMF;
    info.dispose_method = WEBP_MUX_DISPOSE_NONE;
    info.blend_method = WEBP_MUX_BLEND;
    EXPECT_EQ(WebPMuxPushFrame(mux, &info, 1), WEBP_MUX_OK);
  }
  EXPECT_EQ(WebPMuxSetCanvasSize(mux, 40, 30), WEBP_MUX_OK);
  const WebPMuxAnimParams params{0xffffffffu, 0};
  EXPECT_EQ(WebPMuxSetAnimationParams(mux, &params), WEBP_MUX_OK);
  WebPData out;
  WebPDataInit(&out);
  EXPECT_EQ(WebPMuxAssemble(mux, &out), WEBP_MUX_OK);
  std::vector<uint8_t> bytes(out.bytes, out.bytes + out.size);
  WebPDataClear(&out);
  WebPMuxDelete(mux);
  return bytes;
}

TEST(WebpTest, AnimationDecodesItsFirstFrame) {
  const Image f1 = MakeImage(20, 10, PixelFormat::kRGB8, 3);
  const Image f2 = MakeImage(40, 30, PixelFormat::kRGB8, 4);
  const Rect at{4, 6, 20, 10};
  const std::vector<uint8_t> bytes = Animation(at, f1, f2);
  StatusOr<ImageInfo> info = ProbeImage(bytes.data(), bytes.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->frame_count, 2);
  EXPECT_EQ(info->width, 40);
  EXPECT_EQ(info->height, 30);
  // Frame 1 leaves most of the canvas transparent.
  EXPECT_EQ(info->pixel_format, PixelFormat::kRGBA8);
  const Image img = MustDecode(bytes);
  ASSERT_EQ(img.format(), PixelFormat::kRGBA8);
  for (int32_t y = 0; y < 30; ++y) {
    for (int32_t x = 0; x < 40; ++x) {
      const uint8_t* p = img.Row(y) + x * 4;
      if (x >= at.x && x < at.x + at.width && y >= at.y && y < at.y + at.height) {
        const uint8_t* s = f1.Row(y - at.y) + (x - at.x) * 3;
        ASSERT_EQ(std::memcmp(p, s, 3), 0) << x << "," << y;
        ASSERT_EQ(p[3], 255);
      } else {
        ASSERT_EQ(p[3], 0) << x << "," << y;
      }
    }
  }
  DecodeOptions crop;
  crop.crop = Rect{1, 5, 9, 9};
  EXPECT_EQ(CountDiff(MustDecode(bytes, crop).view(), img.view().Crop(crop.crop)), 0);

  // A first frame covering the canvas decodes like a still image, scaled too.
  const std::vector<uint8_t> full = Animation(Rect{0, 0, 40, 30}, f2, f1);
  const Image whole = MustDecode(full);
  EXPECT_EQ(CountDiff(whole.view().Crop(Rect{0, 0, 40, 30}), whole.view()), 0);
  for (int32_t y = 0; y < 30; ++y) {
    for (int32_t x = 0; x < 40; ++x) {
      for (int c = 0; c < 3; ++c) {
        ASSERT_EQ(whole.Row(y)[x * whole.channels() + c], f2.Row(y)[x * 3 + c]);
      }
    }
  }
  DecodeOptions half;
  half.scale_denom = 2;
  const Image small = MustDecode(full, half);
  EXPECT_EQ(small.width(), 20);
  EXPECT_EQ(small.height(), 15);
}

// RIFF + VP8X claiming a canvas of `w` x `h`, and nothing else.
std::vector<uint8_t> Vp8xHeader(uint32_t w, uint32_t h) {
  std::vector<uint8_t> b = {'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P',
                            'V', 'P', '8', 'X', 10, 0, 0, 0, 0, 0, 0, 0};
  for (uint32_t v : {w - 1, h - 1}) {
    for (int i = 0; i < 3; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  return b;
}

TEST(WebpTest, HugeHeadersAreRefusedBeforeAllocation) {
  const std::vector<uint8_t> huge = Vp8xHeader(1u << 24, 1u << 24);
  EXPECT_EQ(ProbeImage(huge.data(), huge.size()).status().code(), StatusCode::kImageTooLarge);
  EXPECT_EQ(DecodeImage(huge.data(), huge.size()).status().code(), StatusCode::kImageTooLarge);
  // 20000 x 20000 passes the side limit but not the pixel limit.
  const std::vector<uint8_t> many = Vp8xHeader(20000, 20000);
  EXPECT_EQ(DecodeImage(many.data(), many.size()).status().code(), StatusCode::kImageTooLarge);
  // A small header with nothing after it is a truncated file.
  const std::vector<uint8_t> small = Vp8xHeader(10, 10);
  EXPECT_EQ(DecodeImage(small.data(), small.size()).status().code(), StatusCode::kCorruptInput);

  const std::vector<uint8_t> bytes = Encode(MakeImage(100, 80, PixelFormat::kRGBA8).view());
  Limits pixels;
  pixels.max_pixels = 100 * 80 - 1;
  EXPECT_EQ(DecodeImage(bytes.data(), bytes.size(), {}, pixels).status().code(),
            StatusCode::kImageTooLarge);
  Limits side;
  side.max_side = 99;
  EXPECT_EQ(ProbeImage(bytes.data(), bytes.size(), side).status().code(),
            StatusCode::kImageTooLarge);
  // The output alone fits, the decoder's alpha plane does not.
  Limits memory;
  memory.max_memory_bytes = Image::StrideFor(100, PixelFormat::kRGBA8) * 80 + 100;
  EXPECT_EQ(DecodeImage(bytes.data(), bytes.size(), {}, memory).status().code(),
            StatusCode::kImageTooLarge);
  // A scaled decode needs less and is allowed what a full one is not.
  Limits scaled_memory;
  scaled_memory.max_memory_bytes = Image::StrideFor(100, PixelFormat::kRGBA8) * 80;
  DecodeOptions half;
  half.scale_denom = 2;
  EXPECT_TRUE(DecodeImage(bytes.data(), bytes.size(), half, scaled_memory).ok());
}

TEST(WebpTest, TruncatedAndCorruptFilesAreCleanErrors) {
  for (bool lossless : {false, true}) {
    EncodeOptions o;
    o.lossless = lossless;
    const std::vector<uint8_t> bytes = Encode(MakeImage(64, 64, PixelFormat::kRGB8).view(), o);
    for (size_t keep : {bytes.size() - 1, bytes.size() / 2, size_t{40}, size_t{20}, size_t{12}}) {
      const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + keep);
      const StatusOr<Image> r = DecodeImage(cut.data(), cut.size());
      EXPECT_EQ(r.status().code(), StatusCode::kCorruptInput) << lossless << " " << keep;
    }
    // A broken chunk tag after the RIFF header.
    std::vector<uint8_t> tag = bytes;
    tag[12] = 'X';
    EXPECT_EQ(DecodeImage(tag.data(), tag.size()).status().code(), StatusCode::kCorruptInput);
    // Damaged payload: a picture or CorruptInput, never anything else (ASan checks the rest).
    for (size_t at = 30; at < bytes.size(); at += 7) {
      std::vector<uint8_t> bad = bytes;
      bad[at] ^= 0x5a;
      const StatusOr<Image> r = DecodeImage(bad.data(), bad.size());
      if (!r.ok()) {
        EXPECT_EQ(r.status().code(), StatusCode::kCorruptInput) << at;
      }
    }
  }
  const std::vector<uint8_t> junk = {'R', 'I', 'F', 'F', 100, 0, 0, 0, 'W', 'E', 'B', 'P',
                                     'V', 'P', '8', ' ', 50,  0, 0, 0, 1, 2, 3, 4};
  EXPECT_EQ(ProbeImage(junk.data(), junk.size()).status().code(), StatusCode::kCorruptInput);
}

TEST(WebpTest, EncoderRefusesSidesOverTheWebpMaximum) {
  StatusOr<Image> wide = Image::Create(16384, 1, PixelFormat::kRGB8);
  ASSERT_TRUE(wide.ok());
  std::memset(wide->Row(0), 0, 16384 * 3);
  EXPECT_EQ(EncodeImage(wide->view(), ImageFormat::kWebp).status().code(),
            StatusCode::kImageTooLarge);
}

TEST(WebpTest, EngineWritesWebp) {
  const Image src = MakeImage(200, 100, PixelFormat::kRGBA8);
  StatusOr<std::vector<uint8_t>> png = EncodeImage(src.view(), ImageFormat::kPng);
  ASSERT_TRUE(png.ok());
  Engine engine;
  StatusOr<Result> r = engine.Process(png->data(), png->size(), "image/resize,w_50/format,webp");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, ImageFormat::kWebp);
  EXPECT_EQ(r->content_type, "image/webp");
  StatusOr<ImageInfo> info = ProbeImage(r->bytes.data(), r->bytes.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->format, ImageFormat::kWebp);
  EXPECT_EQ(info->width, 50);
  EXPECT_EQ(info->height, 25);
  EXPECT_TRUE(info->has_alpha);

  const Image rgb = Smooth(120, 90, PixelFormat::kRGB8);
  StatusOr<std::vector<uint8_t>> jpg = EncodeImage(rgb.view(), ImageFormat::kJpeg);
  ASSERT_TRUE(jpg.ok());
  r = engine.Process(jpg->data(), jpg->size(), "image/format,webp");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, ImageFormat::kWebp);
  const Image back = MustDecode(r->bytes);
  EXPECT_EQ(back.width(), 120);
  EXPECT_EQ(back.height(), 90);
  EXPECT_EQ(back.format(), PixelFormat::kRGB8);
  EXPECT_GT(Psnr(back.view(), rgb.view(), 3), 35.0);
}

}  // namespace
}  // namespace ossimg
