// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Limits, one test per limit, and the hostile-input corpus in tests/data/bad (EXPECTED lists the
// result of each file).

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"

#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::MakeImage;
using testing::ReadTestFile;

std::vector<uint8_t> Png(int32_t w, int32_t h, PixelFormat f = PixelFormat::kRGB8) {
  const Image img = MakeImage(w, h, f);
  StatusOr<std::vector<uint8_t>> b = EncodeImage(img.view(), ImageFormat::kPng, {});
  EXPECT_TRUE(b.ok());
  return b.ok() ? *b : std::vector<uint8_t>();
}

void ExpectBoth(const std::vector<uint8_t>& b, const Limits& l, StatusCode code) {
  EXPECT_EQ(ProbeImage(b.data(), b.size(), l).status().code(), code);
  EXPECT_EQ(DecodeImage(b.data(), b.size(), DecodeOptions(), l).status().code(), code);
}

TEST(LimitsTest, FileBytes) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/s420.jpg");
  Limits l;
  l.max_file_bytes = b.size() - 1;
  ExpectBoth(b, l, StatusCode::kImageTooLarge);
  l.max_file_bytes = b.size();
  EXPECT_TRUE(ProbeImage(b.data(), b.size(), l).ok());
}

TEST(LimitsTest, Side) {
  for (const char* f : {"codecs/s420.jpg", "codecs/png_c2_d8.png"}) {
    const std::vector<uint8_t> b = ReadTestFile(f);
    const StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
    ASSERT_TRUE(info.ok());
    Limits l;
    l.max_side = std::max(info->width, info->height) - 1;
    ExpectBoth(b, l, StatusCode::kImageTooLarge);
    l.max_side += 1;
    EXPECT_TRUE(DecodeImage(b.data(), b.size(), DecodeOptions(), l).ok());
  }
}

TEST(LimitsTest, Pixels) {
  const std::vector<uint8_t> b = Png(100, 50);
  Limits l;
  l.max_pixels = 4999;
  ExpectBoth(b, l, StatusCode::kImageTooLarge);
  l.max_pixels = 5000;
  EXPECT_TRUE(DecodeImage(b.data(), b.size(), DecodeOptions(), l).ok());
}

// APNG: width x height x frames counts, and the frame cap applies (from acTL, header only).
std::vector<uint8_t> WithActl(std::vector<uint8_t> png, uint32_t frames) {
  // acTL after IHDR (offset 33): length 8, num_frames, num_plays. The CRC is left zero: libpng
  // only warns about (and drops) an ancillary chunk with a bad CRC; the probe reads the count.
  std::vector<uint8_t> chunk = {0, 0, 0, 8, 'a', 'c', 'T', 'L'};
  for (int s = 24; s >= 0; s -= 8) chunk.push_back(static_cast<uint8_t>(frames >> s));
  for (int i = 0; i < 4; ++i) chunk.push_back(0);
  for (int i = 0; i < 4; ++i) chunk.push_back(0);  // CRC
  png.insert(png.begin() + 33, chunk.begin(), chunk.end());
  return png;
}

TEST(LimitsTest, PixelsCountFrames) {
  const std::vector<uint8_t> b = WithActl(Png(100, 50), 10);
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->frame_count, 10);
  Limits l;
  l.max_pixels = 49999;  // 100 x 50 x 10 = 50000
  EXPECT_EQ(ProbeImage(b.data(), b.size(), l).status().code(), StatusCode::kImageTooLarge);
  l.max_pixels = 50000;
  EXPECT_TRUE(ProbeImage(b.data(), b.size(), l).ok());
}

TEST(LimitsTest, Frames) {
  const std::vector<uint8_t> b = WithActl(Png(4, 4), 1001);
  EXPECT_EQ(ProbeImage(b.data(), b.size()).status().code(), StatusCode::kImageTooLarge);
  const std::vector<uint8_t> zero = WithActl(Png(4, 4), 0);
  EXPECT_EQ(ProbeImage(zero.data(), zero.size()).status().code(), StatusCode::kCorruptInput);
}

TEST(LimitsTest, MemoryBudgetCountsTheOutput) {
  const std::vector<uint8_t> b = Png(1000, 100);
  Limits l;
  l.max_memory_bytes = 100 * 1000;  // < 100 rows of 3000+ bytes
  ExpectBoth(b, l, StatusCode::kImageTooLarge);
  l.max_memory_bytes = 1 << 20;
  EXPECT_TRUE(DecodeImage(b.data(), b.size(), DecodeOptions(), l).ok());
}

TEST(LimitsTest, MemoryBudgetCountsProgressiveCoefficients) {
  // 512x512 4:2:0: output ~850 KB; a progressive file also holds 1.5 x 512^2 x 2 = 768 KB of
  // coefficients, a baseline one does not.
  const Image src = MakeImage(512, 512, PixelFormat::kRGB8);
  EncodeOptions base, prog;
  prog.progressive = true;
  StatusOr<std::vector<uint8_t>> b = EncodeImage(src.view(), ImageFormat::kJpeg, base);
  StatusOr<std::vector<uint8_t>> p = EncodeImage(src.view(), ImageFormat::kJpeg, prog);
  ASSERT_TRUE(b.ok() && p.ok());
  Limits l;
  l.max_memory_bytes = 1200 * 1000;
  EXPECT_TRUE(DecodeImage(b->data(), b->size(), DecodeOptions(), l).ok());
  ExpectBoth(*p, l, StatusCode::kImageTooLarge);
  // Shrink-on-load needs a smaller output: the scaled decode fits where the full one did not.
  l.max_memory_bytes = 1000 * 1000;
  DecodeOptions o;
  o.scale_denom = 4;
  EXPECT_TRUE(DecodeImage(p->data(), p->size(), o, l).ok());
}

TEST(LimitsTest, ProgressiveScans) {
  const std::vector<uint8_t> b = ReadTestFile("codecs/prog420.jpg");  // cjpeg: 10 scans
  Limits l;
  l.max_progressive_scans = 3;
  EXPECT_TRUE(ProbeImage(b.data(), b.size(), l).ok());  // the header has one scan
  EXPECT_EQ(DecodeImage(b.data(), b.size(), DecodeOptions(), l).status().code(),
            StatusCode::kImageTooLarge);
  l.max_progressive_scans = 10;
  EXPECT_TRUE(DecodeImage(b.data(), b.size(), DecodeOptions(), l).ok());
}

TEST(BadFiles, EachEndsWithItsExpectedResult) {
  std::ifstream list(std::string(OSSIMG_TEST_DATA_DIR) + "/bad/EXPECTED");
  ASSERT_TRUE(list.good());
  // A small budget, as a server would set per job: the bomb PNG passes the OSS pixel limit.
  Limits limits;
  limits.max_memory_bytes = 64u << 20;
  std::string line;
  int files = 0;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream is(line);
    std::string name, want;
    is >> name >> want;
    SCOPED_TRACE(line);
    const std::vector<uint8_t> b = ReadTestFile("bad/" + name);
    StatusOr<Image> img = DecodeImage(b.data(), b.size(), DecodeOptions(), limits);
    const std::string got = img.ok() ? "OK" : GetStatusCodeInfo(img.status().code()).name;
    EXPECT_EQ(got, want) << img.status().ToString();
    if (!img.ok()) {
      EXPECT_FALSE(img.status().message().empty());
    }
    ++files;
  }
  EXPECT_GE(files, 25);
}

TEST(BadFiles, OversizedIccIsDropped) {
  const std::vector<uint8_t> b = ReadTestFile("bad/png-icc-bomb.png");
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_TRUE(info->icc_profile.empty());  // over libpng's 8 MB chunk cap: ignored, not inflated
}

TEST(BadFiles, HostileExifKeepsWhatWasRead) {
  const std::pair<const char*, int> cases[] = {{"bad/exif-ifd-loop.jpg", 3},
                                               {"bad/exif-offset-past-end.jpg", 8},
                                               {"bad/exif-huge-count.jpg", 5},
                                               {"bad/exif-lying-entry-count.jpg", 2},
                                               {"bad/exif-two-blocks.jpg", 3}};
  for (const auto& [name, orientation] : cases) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> b = ReadTestFile(name);
    StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->orientation, orientation);
    for (const auto& f : info->exif_fields) {
      EXPECT_NE(f.first, "XResolution");  // its value lies past the end
      EXPECT_NE(f.first, "Make");         // its count is 2^32-1
    }
  }
}

}  // namespace
}  // namespace ossimg
