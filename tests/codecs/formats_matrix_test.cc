// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Every readable input format to every OSS output format through the engine and
// the CLI
// (`ossimg process IN OUT image/format,<fmt>`), and the start-up rule: the
// heavy libraries are loaded on first use, never linked into the binary.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

#include "tests/codecs/test_util.h"
#include <sys/wait.h>

namespace ossimg {
namespace {

using testing::MakeImage;
using testing::MustDecode;

const ImageFormat kInputs[] = {ImageFormat::kJpeg, ImageFormat::kPng,  ImageFormat::kWebp,
                               ImageFormat::kBmp,  ImageFormat::kTiff, ImageFormat::kHeic,
                               ImageFormat::kAvif};
const char* const kOutputs[] = {"jpg", "png", "webp", "bmp", "gif", "tiff", "heic", "avif"};

bool HoldsAlpha(ImageFormat f) { return f != ImageFormat::kJpeg; }

TEST(FormatsMatrix, EveryInputToEveryOutput) {
  Engine engine;
  for (PixelFormat layout : {PixelFormat::kRGB8, PixelFormat::kRGBA8}) {
    const Image src = MakeImage(48, 32, layout);
    for (ImageFormat in : kInputs) {
      StatusOr<std::vector<uint8_t>> bytes = EncodeImage(src.view(), in);
      ASSERT_TRUE(bytes.ok()) << ImageFormatName(in) << ": " << bytes.status().ToString();
      const bool src_alpha = HasAlpha(layout) && HoldsAlpha(in);
      for (const char* out : kOutputs) {
        SCOPED_TRACE(std::string(PixelFormatName(layout)) + " " + ImageFormatName(in) + " -> " +
                     out);
        const ImageFormat want_fmt = ImageFormatFromName(out);
        if (want_fmt == ImageFormat::kGif && !CanEncode(ImageFormat::kGif)) continue;
        StatusOr<Result> r = engine.Process(bytes->data(), bytes->size(),
                                            std::string("image/resize,w_24/format,") + out);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        // format,gif on a non-GIF keeps the source format (OSS).
        const ImageFormat expect = want_fmt == ImageFormat::kGif ? in : want_fmt;
        EXPECT_EQ(r->format, expect);
        StatusOr<ImageInfo> info = ProbeImage(r->bytes.data(), r->bytes.size());
        ASSERT_TRUE(info.ok()) << info.status().ToString();
        EXPECT_EQ(info->format, expect);
        EXPECT_EQ(info->width, 24);
        EXPECT_EQ(info->height, 16);
        EXPECT_EQ(info->has_alpha, src_alpha && HoldsAlpha(expect));
        const Image back = MustDecode(r->bytes);
        EXPECT_EQ(back.width(), 24);
      }
    }
  }
}

std::string RunCommand(const std::string& cmd, int* code) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(FormatsMatrix, CliConvertsBetweenTheNewFormats) {
  const char* bin = std::getenv("OSSIMG_BINARY");
  ASSERT_NE(bin, nullptr) << "ctest sets OSSIMG_BINARY";
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("ossimg_formats_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string data = OSSIMG_TEST_DATA_DIR;
  const std::pair<const char*, const char*> cases[] = {
      {"codecs/bmp-rle8.bmp", "tiff"},   {"codecs/tiff-tile-deflate.tif", "heic"},
      {"codecs/heic-rgba.heic", "avif"}, {"codecs/avif-rgba.avif", "bmp"},
      {"codecs/ycck-adobe.jpg", "avif"}, {"codecs/tiff-16bit.tif", "jpg"}};
  for (const auto& [in, fmt] : cases) {
    SCOPED_TRACE(std::string(in) + " -> " + fmt);
    const fs::path out = dir / (std::string("out.") + fmt);
    int code = -1;
    const std::string log = RunCommand(std::string(bin) + " process " + data + "/" + in + " " +
                                           out.string() + " image/format," + fmt,
                                       &code);
    ASSERT_EQ(code, 0) << log;
    std::ifstream f(out, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), {});
    StatusOr<ImageInfo> info = ProbeImage(bytes.data(), bytes.size());
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_STREQ(ImageFormatName(info->format), fmt);
  }
  fs::remove_all(dir);
}

// Linking libheif, libavif, libtiff and lcms2 would cost every job their
// relocation at start-up (core/dynlib.h); the binary must load them on first
// use instead.
TEST(FormatsMatrix, HeavyLibrariesAreNotLinked) {
  const char* bin = std::getenv("OSSIMG_BINARY");
  ASSERT_NE(bin, nullptr);
  int code = -1;
  const std::string dyn = RunCommand(std::string("readelf -d ") + bin, &code);
  ASSERT_EQ(code, 0) << dyn;
  ASSERT_NE(dyn.find("NEEDED"),
            std::string::npos);  // a dynamic binary: the check means something
  for (const char* lib :
       {"libtiff", "libheif", "libavif", "liblcms2", "libde265", "libx265", "libaom", "libdav1d"}) {
    EXPECT_EQ(dyn.find(lib), std::string::npos) << lib << " is linked";
  }
}

}  // namespace
}  // namespace ossimg
