// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "tests/codecs/test_util.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <gtest/gtest.h>

namespace ossimg::testing {

std::vector<uint8_t> ReadTestFile(const std::string& rel) {
  const std::string path = std::string(OSSIMG_TEST_DATA_DIR) + "/" + rel;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "missing fixture " << path;
    return {};
  }
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

Pnm ReadPnm(const std::string& rel) {
  const std::vector<uint8_t> b = ReadTestFile(rel);
  Pnm p;
  std::string header(b.begin(), b.begin() + std::min<size_t>(b.size(), 64));
  std::istringstream is(header);
  std::string magic;
  int maxval = 0;
  is >> magic >> p.width >> p.height >> maxval;
  if (!is || maxval != 255 || (magic != "P6" && magic != "P5")) {
    ADD_FAILURE() << rel << " is not an 8-bit binary PNM";
    return {};
  }
  p.channels = magic == "P6" ? 3 : 1;
  const size_t offset = static_cast<size_t>(is.tellg()) + 1;  // one whitespace after maxval
  p.pixels.assign(b.begin() + static_cast<ptrdiff_t>(offset), b.end());
  EXPECT_EQ(p.pixels.size(), static_cast<size_t>(p.width) * p.height * p.channels) << rel;
  return p;
}

int64_t CountDiff(const ImageView& img, const Pnm& pnm) {
  if (img.width != pnm.width || img.height != pnm.height || img.channels() != pnm.channels) {
    return -1;
  }
  int64_t diff = 0;
  const size_t row = static_cast<size_t>(img.width) * img.channels();
  for (int32_t y = 0; y < img.height; ++y) {
    const uint8_t* a = img.Row(y);
    const uint8_t* b = pnm.pixels.data() + row * static_cast<size_t>(y);
    for (size_t i = 0; i < row; ++i) diff += a[i] != b[i];
  }
  return diff;
}

int64_t CountDiff(const ImageView& a, const ImageView& b) {
  if (a.width != b.width || a.height != b.height || a.format != b.format) return -1;
  int64_t diff = 0;
  const size_t row = static_cast<size_t>(a.width) * a.channels();
  for (int32_t y = 0; y < a.height; ++y) {
    for (size_t i = 0; i < row; ++i) diff += a.Row(y)[i] != b.Row(y)[i];
  }
  return diff;
}

double MeanAbsDiff(const ImageView& a, const ImageView& b) {
  double sum = 0;
  const size_t row = static_cast<size_t>(a.width) * a.channels();
  for (int32_t y = 0; y < a.height; ++y) {
    for (size_t i = 0; i < row; ++i) sum += std::abs(a.Row(y)[i] - b.Row(y)[i]);
  }
  return sum / (static_cast<double>(row) * a.height);
}

Image MakeImage(int32_t width, int32_t height, PixelFormat format, uint32_t seed) {
  StatusOr<Image> img = Image::Create(width, height, format);
  EXPECT_TRUE(img.ok());
  const int ch = Channels(format);
  const bool alpha = HasAlpha(format);
  uint32_t state = seed * 2654435761u + 1;
  for (int32_t y = 0; y < height; ++y) {
    uint8_t* row = img->Row(y);
    for (int32_t x = 0; x < width; ++x) {
      state = state * 1103515245u + 12345u;
      const int noise = static_cast<int>((state >> 16) & 7);
      for (int c = 0; c < ch; ++c) {
        int v;
        if (alpha && c == ch - 1) {
          v = (x * 255) / std::max(1, width - 1);
        } else {
          v = (x * 3 + y * 2 + c * 60) % 200 + 20 + noise;
        }
        row[x * ch + c] = static_cast<uint8_t>(v);
      }
    }
  }
  return std::move(img).value();
}

Image MustDecode(const std::vector<uint8_t>& bytes, const DecodeOptions& o, const Limits& limits) {
  StatusOr<Image> img = DecodeImage(bytes.data(), bytes.size(), o, limits);
  EXPECT_TRUE(img.ok()) << img.status().ToString();
  if (!img.ok()) return Image();
  return std::move(img).value();
}

}  // namespace ossimg::testing
