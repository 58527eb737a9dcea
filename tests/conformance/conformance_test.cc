// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The conformance table (conformance.tsv, written by make_table.py from the OSS rules): every
// row runs a process string through the Engine on a small generated input and checks the output
// format and size, or the OSS error code and number.

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

namespace ossimg {
namespace {

struct Row {
  std::string input, process, expected;
};
void PrintTo(const Row& r, std::ostream* os) { *os << r.input << " " << r.process; }

std::vector<Row> LoadRows() {
  std::ifstream in(std::string(OSSIMG_SOURCE_DIR) + "/tests/conformance/conformance.tsv");
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    Row r;
    std::getline(ss, r.input, '\t');
    std::getline(ss, r.process, '\t');
    std::getline(ss, r.expected, '\t');
    rows.push_back(r);
  }
  return rows;
}

// A JPEG with an EXIF APP1 segment carrying only the orientation tag, inserted after APP0.
std::vector<uint8_t> WithOrientation(std::vector<uint8_t> jpeg, int orientation) {
  const uint8_t tiff[] = {'M', 'M', 0, 42, 0, 0, 0, 8,  // big-endian TIFF header, IFD at 8
                          0, 1,                          // one entry
                          0x01, 0x12, 0, 3, 0, 0, 0, 1,  // Orientation, SHORT, count 1
                          0, static_cast<uint8_t>(orientation), 0, 0,
                          0, 0, 0, 0};  // no next IFD
  std::vector<uint8_t> app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
  app1.insert(app1.end(), std::begin(tiff), std::end(tiff));
  const size_t len = app1.size() - 2;
  app1[2] = static_cast<uint8_t>(len >> 8);
  app1[3] = static_cast<uint8_t>(len & 255);
  size_t at = 2;
  if (jpeg.size() > 6 && jpeg[2] == 0xFF && jpeg[3] == 0xE0) at = 4 + ((jpeg[4] << 8) | jpeg[5]);
  jpeg.insert(jpeg.begin() + static_cast<ptrdiff_t>(at), app1.begin(), app1.end());
  return jpeg;
}

std::vector<uint8_t> Generate(int w, int h, PixelFormat f, ImageFormat fmt) {
  StatusOr<Image> img = Image::Create(w, h, f);
  const int ch = Channels(f);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < ch; ++c) {
        img->Row(y)[x * ch + c] = static_cast<uint8_t>((x * 7 + y * 5 + c * 50) & 255);
      }
      if (HasAlpha(f)) img->Row(y)[x * ch + ch - 1] = static_cast<uint8_t>(255 - (y & 127));
    }
  }
  StatusOr<std::vector<uint8_t>> bytes = EncodeImage(img->view(), fmt, EncodeOptions());
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

const std::vector<uint8_t>& Input(const std::string& name) {
  static auto* cache = new std::map<std::string, std::vector<uint8_t>>();
  auto it = cache->find(name);
  if (it != cache->end()) return it->second;
  std::vector<uint8_t> b;
  if (name == "jpg400x267") b = Generate(400, 267, PixelFormat::kRGB8, ImageFormat::kJpeg);
  if (name == "jpg200x100") b = Generate(200, 100, PixelFormat::kRGB8, ImageFormat::kJpeg);
  if (name == "png400x300") b = Generate(400, 300, PixelFormat::kRGB8, ImageFormat::kPng);
  if (name == "pnga300x400") b = Generate(300, 400, PixelFormat::kRGBA8, ImageFormat::kPng);
  if (name == "gray150x100") b = Generate(150, 100, PixelFormat::kGray8, ImageFormat::kJpeg);
  if (name == "jpg4097x8") b = Generate(4097, 8, PixelFormat::kRGB8, ImageFormat::kJpeg);
  if (name == "jpg424x333o7") {
    b = WithOrientation(Generate(424, 333, PixelFormat::kRGB8, ImageFormat::kJpeg), 7);
  }
  if (name == "jpg80x60o6") {
    b = WithOrientation(Generate(80, 60, PixelFormat::kRGB8, ImageFormat::kJpeg), 6);
  }
  return (*cache)[name] = b;
}

class ConformanceTest : public ::testing::TestWithParam<Row> {};

TEST_P(ConformanceTest, MatchesOss) {
  const Row& r = GetParam();
  const std::vector<uint8_t>& src = Input(r.input);
  ASSERT_FALSE(src.empty()) << "unknown input " << r.input;
  const Engine engine;
  StatusOr<Result> res = engine.Process(src.data(), src.size(), r.process);
  std::stringstream want(r.expected);
  std::string kind;
  want >> kind;
  if (kind == "error") {
    std::string code, ec;
    want >> code >> ec;
    ASSERT_FALSE(res.ok()) << r.process << " succeeded";
    EXPECT_EQ(res.status().oss_code(), code) << res.status().ToString();
    if (ec != "-") {
      EXPECT_EQ(res.status().ec(), ec) << res.status().ToString();
    }
    return;
  }
  ASSERT_TRUE(res.ok()) << r.input << " " << r.process << " -> " << res.status().ToString();
  if (kind == "json") {
    EXPECT_EQ(res->content_type, "application/json");
    EXPECT_EQ(res->bytes.front(), '{');
    return;
  }
  if (kind == "text") {
    EXPECT_EQ(res->content_type, "text/plain");
    EXPECT_EQ(res->bytes.size(), 8u);  // 0xRRGGBB
    return;
  }
  std::string size;
  want >> size;
  const size_t x = size.find('x');
  const int w = std::stoi(size.substr(0, x)), h = std::stoi(size.substr(x + 1));
  EXPECT_STREQ(ImageFormatName(res->format), kind.c_str());
  EXPECT_EQ(res->width, w) << r.process;
  EXPECT_EQ(res->height, h) << r.process;
  StatusOr<ImageInfo> info = ProbeImage(res->bytes.data(), res->bytes.size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->width, w);
  EXPECT_EQ(info->height, h);
  EXPECT_STREQ(ImageFormatName(info->format), kind.c_str());
}

INSTANTIATE_TEST_SUITE_P(Table, ConformanceTest, ::testing::ValuesIn(LoadRows()),
                         [](const ::testing::TestParamInfo<Row>& param_info) {
                           return std::to_string(param_info.index);
                         });

TEST(ConformanceTableTest, HasAtLeast150Rows) { EXPECT_GE(LoadRows().size(), 150u); }

}  // namespace
}  // namespace ossimg
