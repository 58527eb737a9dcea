// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// JPEG: decode identical to djpeg (the goldens were written by djpeg 2.1.5), shrink-on-load,
// crop-on-load exactness, encode options and metadata.

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include <cstring>

// clang-format off: jpeglib.h needs size_t and FILE declared before it.
#include <jpeglib.h>
// clang-format on

#include "ossimg/codec.h"

#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::CountDiff;
using testing::MakeImage;
using testing::MustDecode;
using testing::ReadPnm;
using testing::ReadTestFile;

class JpegMatchesDjpeg : public ::testing::TestWithParam<const char*> {};

TEST_P(JpegMatchesDjpeg, FullDecode) {
  const std::string name = GetParam();
  const std::vector<uint8_t> bytes = ReadTestFile("codecs/" + name + ".jpg");
  const Image img = MustDecode(bytes);
  const testing::Pnm golden = ReadPnm("codecs/" + name + (name == "gray" ? ".pgm" : ".ppm"));
  EXPECT_EQ(CountDiff(img.view(), golden), 0) << name;
}

INSTANTIATE_TEST_SUITE_P(Layouts, JpegMatchesDjpeg,
                         ::testing::Values("s420", "s422", "s444", "prog420", "icc420", "gray"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           return std::string(p.param);
                         });

class JpegScaled : public ::testing::TestWithParam<std::tuple<const char*, int>> {};

TEST_P(JpegScaled, MatchesDjpegScale) {
  const auto [name, scale] = GetParam();
  DecodeOptions o;
  o.scale_denom = scale;
  const Image img = MustDecode(ReadTestFile(std::string("codecs/") + name + ".jpg"), o);
  // ceil(37 / s) x ceil(29 / s), as libjpeg computes it.
  EXPECT_EQ(img.width(), (37 + scale - 1) / scale);
  EXPECT_EQ(img.height(), (29 + scale - 1) / scale);
  const testing::Pnm golden =
      ReadPnm(std::string("codecs/") + name + "_" + std::to_string(scale) + ".ppm");
  EXPECT_EQ(CountDiff(img.view(), golden), 0);
}

INSTANTIATE_TEST_SUITE_P(Scales, JpegScaled,
                         ::testing::Combine(::testing::Values("s420", "prog420"),
                                            ::testing::Values(2, 4, 8)),
                         [](const ::testing::TestParamInfo<JpegScaled::ParamType>& p) {
                           return std::string(std::get<0>(p.param)) + "_1of" +
                                  std::to_string(std::get<1>(p.param));
                         });

TEST(JpegTest, RejectsBadScale) {
  DecodeOptions o;
  o.scale_denom = 3;
  const std::vector<uint8_t> b = ReadTestFile("codecs/s420.jpg");
  EXPECT_EQ(DecodeImage(b.data(), b.size(), o).status().code(), StatusCode::kInvalidArgument);
}

// Crop-on-load must give exactly the pixels of a full decode followed by the crop, for every
// subsampling, progressive files and every scale.
void ExpectCropExact(const std::vector<uint8_t>& bytes, int scale, const Rect& r) {
  DecodeOptions full_o;
  full_o.scale_denom = scale;
  const Image full = MustDecode(bytes, full_o);
  DecodeOptions crop_o = full_o;
  crop_o.crop = r;
  const Image crop = MustDecode(bytes, crop_o);
  const ImageView want = full.view().Crop(r);
  ASSERT_EQ(crop.width(), want.width);
  ASSERT_EQ(crop.height(), want.height);
  EXPECT_EQ(CountDiff(crop.view(), want), 0)
      << "scale 1/" << scale << " crop " << r.x << "," << r.y << " " << r.width << "x" << r.height;
}

TEST(JpegCropOnLoad, ExactOnFixtures) {
  for (const char* name : {"s420", "s422", "s444", "prog420", "gray"}) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> b = ReadTestFile(std::string("codecs/") + name + ".jpg");
    for (const Rect& r : {Rect{0, 0, 5, 5}, Rect{1, 1, 35, 27}, Rect{16, 16, 21, 13},
                          Rect{17, 9, 3, 19}, Rect{30, 20, 100, 100}}) {
      ExpectCropExact(b, 1, r);
    }
    ExpectCropExact(b, 2, Rect{3, 5, 9, 7});
  }
}

TEST(JpegCropOnLoad, ExactOnLargerImages) {
  const Image src = MakeImage(300, 220, PixelFormat::kRGB8, 7);
  for (bool progressive : {false, true}) {
    for (bool sub : {true, false}) {
      EncodeOptions eo;
      eo.quality = 80;
      eo.progressive = progressive;
      eo.chroma_subsampling = sub;
      StatusOr<std::vector<uint8_t>> jpg = EncodeImage(src.view(), ImageFormat::kJpeg, eo);
      ASSERT_TRUE(jpg.ok());
      for (int scale : {1, 2, 4, 8}) {
        const int w = (300 + scale - 1) / scale, h = (220 + scale - 1) / scale;
        for (const Rect& r :
             {Rect{w / 3, h / 3, w / 3, h / 4}, Rect{w / 2 + 1, 1, w / 2 - 1, h - 1},
              Rect{7, h / 2 + 3, 9, 5}, Rect{w - 3, h - 3, 3, 3}}) {
          ExpectCropExact(*jpg, scale, r);
        }
      }
    }
  }
}

TEST(JpegCropOnLoad, OutsideIsAnError) {
  DecodeOptions o;
  o.crop = Rect{100, 100, 10, 10};
  const std::vector<uint8_t> b = ReadTestFile("codecs/s420.jpg");
  EXPECT_EQ(DecodeImage(b.data(), b.size(), o).status().code(), StatusCode::kInvalidArgument);
}

TEST(JpegTest, RoundTripPerLayout) {
  for (PixelFormat f : {PixelFormat::kGray8, PixelFormat::kRGB8}) {
    SCOPED_TRACE(PixelFormatName(f));
    const Image src = MakeImage(61, 47, f);
    EncodeOptions eo;
    eo.quality = 95;
    eo.chroma_subsampling = false;
    StatusOr<std::vector<uint8_t>> jpg = EncodeImage(src.view(), ImageFormat::kJpeg, eo);
    ASSERT_TRUE(jpg.ok()) << jpg.status().ToString();
    const Image out = MustDecode(*jpg);
    ASSERT_EQ(out.format(), f);
    ASSERT_EQ(out.width(), 61);
    ASSERT_EQ(out.height(), 47);
    EXPECT_LT(testing::MeanAbsDiff(out.view(), src.view()), 3.0);
  }
}

TEST(JpegTest, AlphaIsCompositedOnWhite) {
  for (PixelFormat f : {PixelFormat::kGrayA8, PixelFormat::kRGBA8}) {
    SCOPED_TRACE(PixelFormatName(f));
    StatusOr<Image> src = Image::Create(16, 16, f);
    ASSERT_TRUE(src.ok());
    const int ch = Channels(f);
    for (int32_t y = 0; y < 16; ++y) {
      for (int32_t x = 0; x < 16; ++x) {
        uint8_t* p = src->Row(y) + x * ch;
        for (int c = 0; c < ch - 1; ++c) p[c] = 0;  // black ...
        p[ch - 1] = x < 8 ? 0 : 255;                // ... transparent on the left half
      }
    }
    StatusOr<std::vector<uint8_t>> jpg = EncodeImage(src->view(), ImageFormat::kJpeg, {});
    ASSERT_TRUE(jpg.ok());
    const Image out = MustDecode(*jpg);
    EXPECT_EQ(out.format(), f == PixelFormat::kGrayA8 ? PixelFormat::kGray8 : PixelFormat::kRGB8);
    EXPECT_GE(out.Row(8)[1 * out.channels()], 245);  // transparent -> white
    EXPECT_LE(out.Row(8)[14 * out.channels()], 10);  // opaque black stays black
  }
}

TEST(JpegTest, EncoderOptionsShowInTheProbe) {
  const Image src = MakeImage(64, 48, PixelFormat::kRGB8);
  for (int q : {30, 50, 75, 90, 100}) {
    EncodeOptions eo;
    eo.quality = q;
    StatusOr<std::vector<uint8_t>> jpg = EncodeImage(src.view(), ImageFormat::kJpeg, eo);
    ASSERT_TRUE(jpg.ok());
    StatusOr<ImageInfo> info = ProbeImage(jpg->data(), jpg->size());
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->jpeg_quality, q);  // the estimate inverts libjpeg's scaling exactly
    EXPECT_FALSE(info->interlaced);
    // JFIF density as OSS writes it: units 0, 1x1.
    EXPECT_TRUE(info->has_jfif);
    EXPECT_EQ(info->density_unit, 0);
    EXPECT_EQ(info->x_density, 1);
    EXPECT_EQ(info->y_density, 1);
    EXPECT_TRUE(info->icc_profile.empty());
  }
  EncodeOptions eo;
  eo.progressive = true;
  StatusOr<std::vector<uint8_t>> jpg = EncodeImage(src.view(), ImageFormat::kJpeg, eo);
  ASSERT_TRUE(jpg.ok());
  StatusOr<ImageInfo> info = ProbeImage(jpg->data(), jpg->size());
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->interlaced);
  EXPECT_EQ(info->jpeg_quality, kDefaultJpegQuality);
}

TEST(JpegTest, SubsamplingChangesTheFile) {
  const Image src = MakeImage(64, 48, PixelFormat::kRGB8);
  EncodeOptions s420, s444;
  s444.chroma_subsampling = false;
  StatusOr<std::vector<uint8_t>> a = EncodeImage(src.view(), ImageFormat::kJpeg, s420);
  StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), ImageFormat::kJpeg, s444);
  ASSERT_TRUE(a.ok() && b.ok());
  // SOF0 component 1 sampling byte: 0x22 for 4:2:0, 0x11 for 4:4:4.
  auto sampling = [](const std::vector<uint8_t>& j) {
    for (size_t i = 0; i + 11 < j.size(); ++i) {
      if (j[i] == 0xFF && (j[i + 1] == 0xC0 || j[i + 1] == 0xC2))
        return static_cast<int>(j[i + 11]);
    }
    return -1;
  };
  EXPECT_EQ(sampling(*a), 0x22);
  EXPECT_EQ(sampling(*b), 0x11);
}

TEST(JpegTest, IccProfileReadAndKept) {
  const std::vector<uint8_t> icc = ReadTestFile("codecs/srgb.icc");
  const std::vector<uint8_t> b = ReadTestFile("codecs/icc420.jpg");
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->icc_profile, icc);
  // Re-encoding with the profile keeps it byte for byte, also when it spans several markers.
  // A well-formed header (profiles that are not are dropped: cms.h) over 150 KB of tag data.
  std::vector<uint8_t> big_storage(150000);
  for (size_t i = 0; i < big_storage.size(); ++i) big_storage[i] = static_cast<uint8_t>(i * 31);
  std::copy(icc.begin(), icc.end(), big_storage.begin());
  big_storage[0] = 0;
  big_storage[1] = static_cast<uint8_t>(big_storage.size() >> 16);
  big_storage[2] = static_cast<uint8_t>(big_storage.size() >> 8);
  big_storage[3] = static_cast<uint8_t>(big_storage.size());
  const std::vector<uint8_t>& big = big_storage;
  for (const std::vector<uint8_t>* p : {&icc, &big}) {
    EncodeOptions eo;
    eo.icc_profile = *p;
    const Image img = MustDecode(b);
    StatusOr<std::vector<uint8_t>> jpg = EncodeImage(img.view(), ImageFormat::kJpeg, eo);
    ASSERT_TRUE(jpg.ok());
    StatusOr<ImageInfo> again = ProbeImage(jpg->data(), jpg->size());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->icc_profile, *p);
  }
}

TEST(JpegTest, OrientationOneToEight) {
  for (int o = 1; o <= 8; ++o) {
    const std::vector<uint8_t> b = ReadTestFile("codecs/orient" + std::to_string(o) + ".jpg");
    StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->orientation, o);
    // Stored dimensions, not oriented ones (OSS info reports them so).
    EXPECT_EQ(info->width, 37);
    EXPECT_EQ(info->height, 29);
    ASSERT_FALSE(info->exif_fields.empty());
    EXPECT_EQ(info->exif_fields[0].first, "Orientation");
    EXPECT_EQ(info->exif_fields[0].second, std::to_string(o));
    // The pixels are not rotated by the decoder.
    const Image img = MustDecode(b);
    EXPECT_EQ(CountDiff(img.view(), ReadPnm("codecs/s420.ppm")), 0);
  }
}

TEST(JpegTest, ProbeFacts) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/gray.jpg");
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->format, ImageFormat::kJpeg);
  EXPECT_EQ(info->channels, 1);
  EXPECT_EQ(info->pixel_format, PixelFormat::kGray8);
  EXPECT_FALSE(info->has_alpha);
  EXPECT_EQ(info->frame_count, 1);
  EXPECT_EQ(info->file_bytes, b.size());
  EXPECT_EQ(info->orientation, 1);
  EXPECT_EQ(info->jpeg_quality, 90);  // cjpeg -quality 90
  const std::vector<uint8_t> p = ReadTestFile("codecs/prog420.jpg");
  info = ProbeImage(p.data(), p.size());
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->interlaced);
  EXPECT_EQ(info->channels, 3);
}

TEST(JpegTest, TruncatedRecoversUnlessStrict) {
  const std::vector<uint8_t> b = ReadTestFile("bad/jpeg-truncated-scan.jpg");
  const Image img = MustDecode(b);
  EXPECT_EQ(img.width(), 37);
  DecodeOptions strict;
  strict.fail_on_truncated = true;
  EXPECT_EQ(DecodeImage(b.data(), b.size(), strict).status().code(), StatusCode::kCorruptInput);
  // A whole file is fine in strict mode.
  const std::vector<uint8_t> good = ReadTestFile("codecs/s420.jpg");
  EXPECT_TRUE(DecodeImage(good.data(), good.size(), strict).ok());
  // Cut just before EOI: all pixels decode, only a strict decode objects.
  const std::vector<uint8_t> no_eoi(good.begin(), good.end() - 2);
  EXPECT_EQ(CountDiff(MustDecode(no_eoi).view(), MustDecode(good).view()), 0);
  EXPECT_EQ(DecodeImage(no_eoi.data(), no_eoi.size(), strict).status().code(),
            StatusCode::kCorruptInput);
}

// A CMYK JPEG written with libjpeg directly (Debian has no tool that makes one). Errors abort the
// test process through libjpeg's default handler: acceptable in a test helper.
std::vector<uint8_t> CmykJpeg(int w, int h) {
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = static_cast<JDIMENSION>(w);
  c.image_height = static_cast<JDIMENSION>(h);
  c.input_components = 4;
  c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_set_colorspace(&c, JCS_YCCK);
  jpeg_start_compress(&c, TRUE);
  std::vector<uint8_t> row(static_cast<size_t>(w) * 4);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w * 4; ++x) row[x] = static_cast<uint8_t>(x * 3 + y);
    JSAMPROW r = row.data();
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::vector<uint8_t> out(buf, buf + size);
  std::free(buf);
  return out;
}

// Colour management itself is tested in cmyk_test.cc; here: a YCCK file decodes to RGB.
TEST(JpegTest, CmykIsProbedAndDecodedToRgb) {
  const std::vector<uint8_t> b = CmykJpeg(24, 16);
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_TRUE(info->cmyk);
  EXPECT_EQ(info->channels, 4);
  EXPECT_EQ(info->width, 24);
  EXPECT_EQ(info->pixel_format, PixelFormat::kRGB8);
  const StatusOr<Image> img = DecodeImage(b.data(), b.size());
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_EQ(img->format(), PixelFormat::kRGB8);
  EXPECT_EQ(img->width(), 24);
  EXPECT_EQ(img->height(), 16);
}

// Decoders hold no global state: concurrent decodes give the single-threaded result.
TEST(JpegTest, ConcurrentDecodesAgree) {
  const std::vector<uint8_t> jpg = ReadTestFile("codecs/prog420.jpg");
  const std::vector<uint8_t> png = ReadTestFile("codecs/png_c6_d16_i.png");
  const Image want_jpg = MustDecode(jpg);
  const Image want_png = MustDecode(png);
  std::vector<int64_t> diffs(8, -2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      int64_t d = 0;
      for (int i = 0; i < 20; ++i) {
        const std::vector<uint8_t>& b = t % 2 ? png : jpg;
        StatusOr<Image> img = DecodeImage(b.data(), b.size());
        if (!img.ok()) {
          d = -1;
          break;
        }
        d += CountDiff(img->view(), (t % 2 ? want_png : want_jpg).view());
      }
      diffs[static_cast<size_t>(t)] = d;
    });
  }
  for (std::thread& th : threads) th.join();
  for (int64_t d : diffs) EXPECT_EQ(d, 0);
}

}  // namespace
}  // namespace ossimg

namespace ossimg {
namespace {

// DecodeOptions::progress: increasing row counts ending at the height, the rows reported are the
// final pixels, and a decode that fails after reporting rows calls progress(-1) while the buffer
// is still alive (the engine's decode/resize pipeline relies on it).
TEST(JpegProgress, ReportsFinalRowsAndAFailureBeforeFreeing) {
  const Image src = testing::MakeImage(301, 203, PixelFormat::kRGB8, 5);
  const std::vector<uint8_t> jpg = *EncodeImage(src.view(), ImageFormat::kJpeg);
  const Image whole = testing::MustDecode(jpg);
  std::vector<int32_t> calls;
  int64_t mismatched = 0;
  DecodeOptions o;
  o.progress = [&](const ImageView& v, int32_t rows) {
    calls.push_back(rows);
    for (int32_t y = 0; y < rows; ++y) {
      mismatched += std::memcmp(v.Row(y), whole.Row(y), 301 * 3) != 0;
    }
  };
  const StatusOr<Image> img = DecodeImage(jpg.data(), jpg.size(), o);
  ASSERT_TRUE(img.ok());
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), 203);
  for (size_t i = 1; i < calls.size(); ++i) EXPECT_GT(calls[i], calls[i - 1]);
  EXPECT_EQ(mismatched, 0);

  // Strict decode of a file cut before its end: rows are reported, then -1, then the error.
  const std::vector<uint8_t> cut(jpg.begin(), jpg.end() - 2);  // no EOI marker
  calls.clear();
  uint8_t first_pixel_at_failure = 0;
  o.fail_on_truncated = true;
  o.progress = [&](const ImageView& v, int32_t rows) {
    calls.push_back(rows);
    if (rows < 0) first_pixel_at_failure = v.Row(0)[0];  // still readable (ASan checks)
  };
  const StatusOr<Image> strict = DecodeImage(cut.data(), cut.size(), o);
  EXPECT_FALSE(strict.ok());
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls.back(), -1);
  EXPECT_EQ(first_pixel_at_failure, whole.Row(0)[0]);
}

}  // namespace
}  // namespace ossimg
