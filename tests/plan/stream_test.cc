// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// PNG decode + resize streamed through a ring of rows (executor.cc, StreamPngAndResize) must
// give exactly the pixels of decoding the whole image first. The reference is the same pixels
// stored as BMP, a format that never streams: both go through the same plan.

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ossimg/codec.h"
#include "ossimg/engine.h"

namespace ossimg {
namespace {

Image Pattern(int w, int h, PixelFormat f, uint32_t seed) {
  StatusOr<Image> img = Image::Create(w, h, f);
  std::mt19937 rng(seed);
  const int ch = Channels(f);
  for (int y = 0; y < h; ++y) {
    uint8_t* p = img->Row(y);
    for (int x = 0; x < w; ++x, p += ch) {
      for (int c = 0; c < ch; ++c) {
        p[c] = static_cast<uint8_t>(((x * (c + 2)) ^ (y * 3)) + (rng() % 9));
      }
      if (ch == 4) p[3] = static_cast<uint8_t>((x + 2 * y) % 256);  // varied alpha
    }
  }
  return std::move(img).value();
}

std::vector<uint8_t> Encode(const Image& img, ImageFormat f, bool palette = false) {
  EncodeOptions o;
  o.png_palette = palette;
  StatusOr<std::vector<uint8_t>> b = EncodeImage(img.view(), f, o);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? *b : std::vector<uint8_t>();
}

// Decoded pixels of the engine's PNG output.
std::vector<uint8_t> Process(const std::vector<uint8_t>& src, const std::string& process,
                         int threads) {
  Options o;
  o.threads = threads;
  const Engine engine(o);
  StatusOr<Result> r = engine.Process(src.data(), src.size(), process + "/format,png");
  EXPECT_TRUE(r.ok()) << process << ": " << r.status().ToString();
  if (!r.ok()) return {};
  StatusOr<Image> img = DecodeImage(r->bytes.data(), r->bytes.size());
  EXPECT_TRUE(img.ok());
  if (!img.ok()) return {};
  std::vector<uint8_t> px;
  const size_t row = static_cast<size_t>(img->width()) * img->channels();
  for (int32_t y = 0; y < img->height(); ++y) {
    px.insert(px.end(), img->Row(y), img->Row(y) + row);
  }
  px.push_back(static_cast<uint8_t>(img->width()));
  px.push_back(static_cast<uint8_t>(img->height()));
  return px;
}

TEST(PngStream, SamePixelsAsAWholeDecode) {
  struct Case {
    int w, h;
    PixelFormat f;
    const char* process;
  };
  const Case cases[] = {
      {640, 480, PixelFormat::kRGBA8, "image/resize,p_50"},  // premultiplied passes
      {640, 480, PixelFormat::kRGB8, "image/resize,p_50"},
      {641, 479, PixelFormat::kRGBA8, "image/resize,w_200"},
      {500, 700, PixelFormat::kRGB8, "image/resize,m_fill,w_120,h_90"},  // crop after scaling
      {500, 700, PixelFormat::kRGBA8, "image/resize,m_pad,w_300,h_300"},
      {300, 200, PixelFormat::kRGB8, "image/resize,w_600"},               // upscale
      {900, 300, PixelFormat::kRGBA8, "image/resize,h_299"},              // vertical only-ish
      {1200, 900, PixelFormat::kRGB8, "image/resize,w_100"},              // box shrink first
      {60, 3000, PixelFormat::kRGBA8, "image/resize,h_20"},  // strips wider than the ring
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.process) + " " + std::to_string(c.w) + "x" +
                 std::to_string(c.h));
    const Image img = Pattern(c.w, c.h, c.f, static_cast<uint32_t>(c.w * 7 + c.h));
    const std::vector<uint8_t> png = Encode(img, ImageFormat::kPng);
    const std::vector<uint8_t> bmp = Encode(img, ImageFormat::kBmp);
    const std::vector<uint8_t> ref = Process(bmp, c.process, 1);
    ASSERT_FALSE(ref.empty());
    EXPECT_TRUE(Process(png, c.process, 1) == ref);
    EXPECT_TRUE(Process(png, c.process, 2) == ref);
  }
}

TEST(PngStream, PalettePngSamePixels) {
  // Few colours: the encoder writes a palette PNG, which the stream expands row by row.
  Image img = Pattern(400, 300, PixelFormat::kRGB8, 1);
  for (int y = 0; y < img.height(); ++y) {
    uint8_t* p = img.Row(y);
    for (int x = 0; x < img.width() * 3; ++x) p[x] = static_cast<uint8_t>((p[x] / 64) * 64);
  }
  const std::vector<uint8_t> png = Encode(img, ImageFormat::kPng, /*palette=*/true);
  ASSERT_EQ(png[25], 3) << "expected a palette PNG (colour type 3)";
  const std::vector<uint8_t> bmp = Encode(img, ImageFormat::kBmp);
  const std::vector<uint8_t> ref = Process(bmp, "image/resize,p_40", 1);
  EXPECT_TRUE(Process(png, "image/resize,p_40", 1) == ref);
  EXPECT_TRUE(Process(png, "image/resize,p_40", 2) == ref);
}

TEST(PngStream, DamageLateInTheFileFallsBackToTheWholeDecode) {
  // A well-framed file whose zlib stream misses a piece (the second IDAT chunk dropped): the
  // stream decodes rows, the resize consumes them, then the stream fails (or never checks out);
  // the whole-file decode then recovers what libpng can, and that is what gets resized.
  const Image img = Pattern(1200, 900, PixelFormat::kRGBA8, 5);
  std::vector<uint8_t> png = Encode(img, ImageFormat::kPng);
  int idats = 0;
  for (size_t off = 8; off + 12 <= png.size();) {
    const size_t len = (size_t{png[off]} << 24) | (size_t{png[off + 1]} << 16) |
                       (size_t{png[off + 2]} << 8) | png[off + 3];
    if (std::memcmp(png.data() + off + 4, "IDAT", 4) == 0 && ++idats == 2) {
      png.erase(png.begin() + static_cast<ptrdiff_t>(off),
                png.begin() + static_cast<ptrdiff_t>(off + 12 + len));
      break;
    }
    off += 12 + len;
  }
  ASSERT_EQ(idats, 2) << "the encoder wrote one IDAT; use a larger image";
  StatusOr<Image> recovered = DecodeImage(png.data(), png.size());
  ASSERT_TRUE(recovered.ok()) << recovered.status().ToString();
  const std::vector<uint8_t> bmp = Encode(*recovered, ImageFormat::kBmp);
  const std::vector<uint8_t> ref = Process(bmp, "image/resize,p_50", 1);
  ASSERT_FALSE(ref.empty());
  EXPECT_TRUE(Process(png, "image/resize,p_50", 1) == ref);
  EXPECT_TRUE(Process(png, "image/resize,p_50", 2) == ref);
}

}  // namespace
}  // namespace ossimg
