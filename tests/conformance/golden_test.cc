// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Golden hashes of the output bytes of fixed pipelines. The kernels are fixed point, so the bytes
// are the same on every SIMD target, with the scalar twins, and for any thread count; a change
// here means the pictures changed and must be explained in the commit.
// To refresh after an intended change: OSSIMG_PRINT_GOLDEN=1 ./golden_test, paste the table.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"
#include "src/kernels/kernels.h"

namespace ossimg {
namespace {

uint64_t Fnv1a(const std::vector<uint8_t>& b) {
  uint64_t h = 1469598103934665603ull;
  for (uint8_t c : b) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::vector<uint8_t> Source(bool alpha) {
  const int w = 317, h = 211;
  const PixelFormat f = alpha ? PixelFormat::kRGBA8 : PixelFormat::kRGB8;
  StatusOr<Image> img = Image::Create(w, h, f);
  const int ch = Channels(f);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* p = img->Row(y) + x * ch;
      p[0] = static_cast<uint8_t>((x * x + y * 3) & 255);
      p[1] = static_cast<uint8_t>((x * 2 + y * y / 7) & 255);
      p[2] = static_cast<uint8_t>(((x ^ y) * 5) & 255);
      if (alpha) p[3] = static_cast<uint8_t>((x + y) % 256);
    }
  }
  return *EncodeImage(img->view(), ImageFormat::kPng, EncodeOptions());
}

struct Golden {
  bool alpha;
  const char* process;
  uint64_t hash;
};

const Golden kGolden[] = {
    {false, "image/resize,w_100", 0x1d2b822bbad1ed5full},
    {false, "image/resize,m_fill,w_64,h_64", 0x357996e6c51b3d2cull},
    {false, "image/resize,m_pad,w_120,h_120,color_FF6A00", 0xa127d45e2b0f035eull},
    {false, "image/resize,p_300,limit_0", 0x6e10ff9389ca0be2ull},
    {false, "image/crop,g_center,w_100,h_80/rotate,90", 0x3931c7c8bc1c4a5full},
    {false, "image/rotate,33", 0xff313728a4025163ull},
    {false, "image/blur,r_5,s_3", 0x15f66a6c5c0dd642ull},
    {false, "image/sharpen,200", 0x71cbf50aa8295903ull},
    {false, "image/bright,40/contrast,-30", 0xe03d6eed0310fc60ull},
    {false, "image/circle,r_90", 0x5046de93f8bfd900ull},
    {true, "image/resize,w_150/rounded-corners,r_20", 0xdeebd70486b1f842ull},
    {true, "image/rotate,200/resize,h_77", 0x964c3d2e522e2f66ull},
    {false, "image/resize,w_120/format,jpg/quality,Q_80", 0xccdec34be9b37addull},
};

std::vector<uint8_t> RunPipeline(const Golden& g, int threads) {
  static const std::vector<uint8_t>* rgb = new std::vector<uint8_t>(Source(false));
  static const std::vector<uint8_t>* rgba = new std::vector<uint8_t>(Source(true));
  const std::vector<uint8_t>& src = g.alpha ? *rgba : *rgb;
  Options opt;
  opt.threads = threads;
  const Engine engine(opt);
  StatusOr<Result> r = engine.Process(src.data(), src.size(), g.process);
  EXPECT_TRUE(r.ok()) << g.process << " -> " << r.status().ToString();
  if (!r.ok()) return {};
  // Lossless outputs are compared by their decoded pixels (plus size and layout), so the hash
  // pins the kernels' arithmetic, not the PNG compressor's choices; JPEG bytes are hashed as they
  // are, since libjpeg-turbo's output is itself deterministic and the encoder settings matter.
  if (r->format != ImageFormat::kPng) return r->bytes;
  StatusOr<Image> img = DecodeImage(r->bytes.data(), r->bytes.size());
  EXPECT_TRUE(img.ok()) << g.process;
  if (!img.ok()) return {};
  std::vector<uint8_t> pixels = {static_cast<uint8_t>(img->format())};
  for (int32_t v : {img->width(), img->height()}) {
    for (int s = 0; s < 32; s += 8) pixels.push_back(static_cast<uint8_t>(v >> s));
  }
  const size_t row = static_cast<size_t>(img->width()) * static_cast<size_t>(img->channels());
  for (int32_t y = 0; y < img->height(); ++y) {
    pixels.insert(pixels.end(), img->Row(y), img->Row(y) + row);
  }
  return pixels;
}

TEST(GoldenTest, OutputBytesAreStable) {
  const bool print = std::getenv("OSSIMG_PRINT_GOLDEN") != nullptr;
  for (const Golden& g : kGolden) {
    const uint64_t h = Fnv1a(RunPipeline(g, 1));
    if (print) {
      std::printf("    {%s, \"%s\", 0x%016llxull},\n", g.alpha ? "true" : "false", g.process,
                  static_cast<unsigned long long>(h));
    } else {
      EXPECT_EQ(h, g.hash) << g.process;
    }
  }
}

TEST(GoldenTest, SameBytesWithScalarKernelsAndTwoThreads) {
  const bool was = kernels::ForceScalar();
  for (const Golden& g : kGolden) {
    kernels::SetForceScalar(false);
    const std::vector<uint8_t> simd = RunPipeline(g, 2);
    kernels::SetForceScalar(true);
    const std::vector<uint8_t> scalar = RunPipeline(g, 1);
    EXPECT_EQ(Fnv1a(simd), Fnv1a(scalar)) << g.process;
  }
  kernels::SetForceScalar(was);
}

}  // namespace
}  // namespace ossimg
