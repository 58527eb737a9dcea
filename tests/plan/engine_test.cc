// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The engine end to end on generated images: sizes, formats, errors, decode
// hints, thread-count independence, and the OSS data points (the Python SDK's
// example.jpg is 400x267).

#include "ossimg/engine.h"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ossimg/codec.h"
#include "ossimg/image.h"

namespace ossimg {
namespace {

std::vector<uint8_t> MakeImage(int w, int h, PixelFormat f, ImageFormat fmt,
                               int quality = 90) {
  StatusOr<Image> img = Image::Create(w, h, f);
  EXPECT_TRUE(img.ok());
  const int ch = Channels(f);
  for (int y = 0; y < h; ++y) {
    uint8_t* row = img->Row(y);
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < ch; ++c) {
        row[x * ch + c] = static_cast<uint8_t>(
            (x * 255 / std::max(1, w - 1) + y * 3 + c * 60) & 255);
      }
      if (HasAlpha(f))
        row[x * ch + ch - 1] = static_cast<uint8_t>(x < w / 2 ? 255 : 128);
    }
  }
  EncodeOptions eo;
  eo.quality = quality;
  StatusOr<std::vector<uint8_t>> bytes = EncodeImage(img->view(), fmt, eo);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

const std::vector<uint8_t>& ExampleJpg() {
  static const auto* bytes = new std::vector<uint8_t>(
      MakeImage(400, 267, PixelFormat::kRGB8, ImageFormat::kJpeg, 80));
  return *bytes;
}

struct Out {
  ImageFormat format;
  int w, h;
};

Out RunEngine(const std::vector<uint8_t>& src, const std::string& process,
              Options opt = Options()) {
  Engine engine(opt);
  StatusOr<Result> r = engine.Process(src.data(), src.size(), process);
  EXPECT_TRUE(r.ok()) << process << " -> " << r.status().ToString();
  if (!r.ok()) return Out{ImageFormat::kUnknown, -1, -1};
  // The bytes must really be an image of the reported format and size.
  StatusOr<ImageInfo> info = ProbeImage(r->bytes.data(), r->bytes.size());
  EXPECT_TRUE(info.ok());
  EXPECT_EQ(info->format, r->format);
  EXPECT_EQ(info->width, r->width);
  EXPECT_EQ(info->height, r->height);
  return Out{r->format, r->width, r->height};
}

Status Fail(const std::vector<uint8_t>& src, const std::string& process) {
  Engine engine;
  StatusOr<Result> r = engine.Process(src.data(), src.size(), process);
  EXPECT_FALSE(r.ok()) << process;
  return r.ok() ? Status() : r.status();
}

TEST(EngineTest, PythonSdkDataPoints) {
  const auto& src = ExampleJpg();
  Out o = RunEngine(src, "image/resize,m_fixed,w_100,h_100");
  EXPECT_EQ(o.format, ImageFormat::kJpeg);
  EXPECT_EQ(o.w, 100);
  EXPECT_EQ(o.h, 100);
  o = RunEngine(src, "image/crop,w_100,h_100,x_100,y_100,r_1");
  EXPECT_EQ(o.w, 100);
  EXPECT_EQ(o.h, 100);
  o = RunEngine(src, "image/rotate,90");
  EXPECT_EQ(o.w, 267);
  EXPECT_EQ(o.h, 400);
  o = RunEngine(src, "image/format,png");
  EXPECT_EQ(o.format, ImageFormat::kPng);
  EXPECT_EQ(o.w, 400);
  EXPECT_EQ(o.h, 267);
}

TEST(EngineTest, ResizeModesOnAJpeg) {
  const auto& src = ExampleJpg();
  Out o = RunEngine(src, "image/resize,m_pad,w_100,h_100,color_FF0000");
  EXPECT_EQ(o.w, 100);
  EXPECT_EQ(o.h, 100);
  o = RunEngine(src, "image/resize,m_fill,w_100,h_50");
  EXPECT_EQ(o.w, 100);
  EXPECT_EQ(o.h, 50);
  o = RunEngine(src, "image/resize,w_800");  // limit_1: not enlarged
  EXPECT_EQ(o.w, 400);
  o = RunEngine(src, "image/resize,w_800,limit_0");
  EXPECT_EQ(o.w, 800);
  EXPECT_EQ(o.h, 534);
  o = RunEngine(src, "image/resize,p_50/format,png");
  EXPECT_EQ(o.w, 200);
  EXPECT_EQ(o.h, 134);
  EXPECT_EQ(o.format, ImageFormat::kPng);
}

TEST(EngineTest, ShrinkOnLoadKeepsOssSizes) {
  // 3000x2000 -> 100 wide allows JPEG 1/8 decode; the output size must not
  // change.
  const auto src =
      MakeImage(3001, 2001, PixelFormat::kRGB8, ImageFormat::kJpeg);
  Engine engine;
  StatusOr<std::string> plan =
      engine.Plan(src.data(), src.size(), "image/resize,w_100");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const nlohmann::json j = nlohmann::json::parse(*plan);
  EXPECT_EQ(j["steps"][0]["scale_denom"], 8);
  EXPECT_EQ(j["output"]["width"], 100);
  EXPECT_EQ(j["output"]["height"], 67);
  const Out o = RunEngine(src, "image/resize,w_100");
  EXPECT_EQ(o.w, 100);
  EXPECT_EQ(o.h, 67);
}

TEST(EngineTest, OutputBytesDoNotDependOnThreadsOrSimd) {
  const auto src = MakeImage(1203, 805, PixelFormat::kRGBA8, ImageFormat::kPng);
  const std::string process =
      "image/resize,w_301/rotate,90/blur,r_3,s_2/format,png";
  std::vector<uint8_t> first;
  for (int threads : {1, 2, 3}) {
    Options opt;
    opt.threads = threads;
    Engine engine(opt);
    StatusOr<Result> r = engine.Process(src.data(), src.size(), process);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    if (first.empty()) {
      first = r->bytes;
    } else {
      EXPECT_EQ(r->bytes, first) << threads << " threads";
    }
  }
}

// With two or more threads a JPEG source is decoded on one thread while the resize consumes its
// rows on another (executor.cc DecodeAndResize); the bytes must match the sequential path for
// every resize mode, with and without shrink-on-load and a box shrink, and for a damaged file.
TEST(EngineTest, PipelinedJpegDecodeAndResizeMatchesSequential) {
  const auto big = MakeImage(1603, 1201, PixelFormat::kRGB8, ImageFormat::kJpeg, 90);
  const std::vector<uint8_t> cut(big.begin(),
                                 big.begin() + static_cast<ptrdiff_t>(big.size() * 3 / 5));
  for (const auto* src : {&big, &cut}) {
    for (const char* process :
         {"image/resize,m_lfit,w_400,h_400/quality,Q_85", "image/resize,w_1000",
          "image/resize,m_fill,w_300,h_300/format,png", "image/resize,m_pad,w_500,h_200",
          "image/resize,p_150,limit_0/format,png", "image/resize,w_1603/format,png",
          "image/resize,w_120/rotate,90/format,png"}) {
      for (ShrinkOnLoad sol : {ShrinkOnLoad::kFast, ShrinkOnLoad::kNone}) {
        std::vector<uint8_t> first;
        for (int threads : {1, 2}) {
          Options opt;
          opt.threads = threads;
          opt.shrink_on_load = sol;
          StatusOr<Result> r = Engine(opt).Process(src->data(), src->size(), process);
          ASSERT_TRUE(r.ok()) << process << ": " << r.status().ToString();
          if (threads == 1) {
            first = r->bytes;
          } else {
            EXPECT_EQ(r->bytes, first) << process << (src == &cut ? " (truncated)" : "");
          }
        }
      }
    }
  }
  // A file that fails mid-way fails the same way through the pipeline.
  std::vector<uint8_t> bad = big;
  for (size_t i = bad.size() / 3; i < bad.size() / 3 + 64; ++i) bad[i] = 0xFF;
  Options two;
  two.threads = 2;
  const StatusOr<Result> a = Engine(two).Process(bad.data(), bad.size(), "image/resize,w_300");
  Options one;
  one.threads = 1;
  const StatusOr<Result> b = Engine(one).Process(bad.data(), bad.size(), "image/resize,w_300");
  EXPECT_EQ(a.ok(), b.ok());
  if (a.ok() && b.ok()) {
    EXPECT_EQ(a->bytes, b->bytes);
  }
}

TEST(EngineTest, ProcessToStreamsTheSameBytesToASink) {
  const auto src = MakeImage(1500, 1100, PixelFormat::kRGB8, ImageFormat::kJpeg, 95);
  const Engine engine;
  for (const char* process : {"image/quality,Q_97", "image/resize,w_300/format,png", "image/info"}) {
    const StatusOr<Result> whole = engine.Process(src.data(), src.size(), process);
    ASSERT_TRUE(whole.ok()) << whole.status().ToString();
    std::vector<uint8_t> streamed;
    int pieces = 0;
    const StatusOr<Result> r =
        engine.ProcessTo(src.data(), src.size(), process, [&](const uint8_t* d, size_t n) {
          streamed.insert(streamed.end(), d, d + n);
          ++pieces;
          return Status::Ok();
        });
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->bytes.empty());
    EXPECT_EQ(r->format, whole->format);
    EXPECT_EQ(streamed, whole->bytes) << process;
    // A q97 JPEG of 1.6 MP is several 64 KiB pieces: it really streamed.
    EXPECT_EQ(pieces > 2, whole->format == ImageFormat::kJpeg) << pieces;
    EXPECT_EQ(pieces == 1, whole->format != ImageFormat::kJpeg) << pieces;
  }
  // A failing sink stops the job with its own error.
  int calls = 0;
  const StatusOr<Result> bad = engine.ProcessTo(
      src.data(), src.size(), "image/quality,Q_97", [&](const uint8_t*, size_t) {
        ++calls;
        return Status(StatusCode::kIoError, "disk full");
      });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kIoError);
  EXPECT_EQ(calls, 1);
}

// PNG sources pipeline too once their data has inflated (png_fast.h); interlaced files take
// libpng and the sequential path. Same bytes with one thread and two.
TEST(EngineTest, PipelinedPngDecodeAndResizeMatchesSequential) {
  EncodeOptions interlaced;
  interlaced.progressive = true;
  for (PixelFormat f : {PixelFormat::kRGB8, PixelFormat::kRGBA8, PixelFormat::kGray8}) {
    const auto plain = MakeImage(1203, 905, f, ImageFormat::kPng);
    for (const char* process : {"image/resize,w_300", "image/resize,m_fill,w_200,h_200",
                                "image/resize,p_50/format,jpg", "image/resize,w_1203"}) {
      std::vector<uint8_t> first;
      for (int threads : {1, 2}) {
        Options opt;
        opt.threads = threads;
        StatusOr<Result> r = Engine(opt).Process(plain.data(), plain.size(), process);
        ASSERT_TRUE(r.ok()) << process << ": " << r.status().ToString();
        if (threads == 1) {
          first = r->bytes;
        } else {
          EXPECT_EQ(r->bytes, first) << process << " " << static_cast<int>(f);
        }
      }
    }
  }
  // Interlaced (libpng, no progress): still right with two threads.
  StatusOr<Image> img = Image::Create(300, 200, PixelFormat::kRGB8);
  ASSERT_TRUE(img.ok());
  for (int32_t y = 0; y < 200; ++y) {
    for (int32_t x = 0; x < 900; ++x) img->Row(y)[x] = static_cast<uint8_t>(x + y);
  }
  const std::vector<uint8_t> adam7 = *EncodeImage(img->view(), ImageFormat::kPng, interlaced);
  Options one, two;
  one.threads = 1;
  two.threads = 2;
  const StatusOr<Result> a = Engine(one).Process(adam7.data(), adam7.size(), "image/resize,w_100");
  const StatusOr<Result> b = Engine(two).Process(adam7.data(), adam7.size(), "image/resize,w_100");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->bytes, b->bytes);
}

TEST(EngineTest, ErrorsComeBeforeDecoding) {
  const auto& src = ExampleJpg();
  EXPECT_EQ(Fail(src, "image/resize,w_0,h_0").ec(), "0040-00000321");
  EXPECT_EQ(Fail(src, "image/crop,x_400,w_10").message(),
            "Advance cut's position is out of image.");
  EXPECT_EQ(Fail(src, "image/resize,m_fixed,w_5000,h_5000,limit_0").ec(),
            "0040-00000007");
  EXPECT_EQ(Fail(src, "style/missing").code(), StatusCode::kNoSuchStyle);
  const std::vector<uint8_t> garbage(100, 7);
  EXPECT_EQ(Fail(garbage, "image/resize,w_10").code(),
            StatusCode::kUnsupported);
  // The process string is judged before the bytes.
  EXPECT_EQ(Fail(garbage, "image/slim").ec(), "0040-00000213");
}

TEST(EngineTest, Styles) {
  Options opt;
  opt.styles["thumb"] = "image/resize,m_fixed,w_64,h_48";
  Out o = RunEngine(ExampleJpg(), "style/thumb", opt);
  EXPECT_EQ(o.w, 64);
  EXPECT_EQ(o.h, 48);
  o = RunEngine(ExampleJpg(), "style/thumb|image/rotate,90", opt);
  EXPECT_EQ(o.w, 48);
  EXPECT_EQ(o.h, 64);
}

TEST(EngineTest, OrientationAppliedByDefault) {
  for (int o = 1; o <= 8; ++o) {
    const std::string path = std::string(OSSIMG_TEST_DATA_DIR) +
                             "/codecs/orient" + std::to_string(o) + ".jpg";
    StatusOr<std::vector<uint8_t>> src = ReadFileBytes(path, 1 << 20);
    ASSERT_TRUE(src.ok());
    StatusOr<ImageInfo> info = ProbeImage(src->data(), src->size());
    ASSERT_TRUE(info.ok());
    ASSERT_EQ(info->orientation, o);
    const bool swap = o >= 5;
    Out out = RunEngine(*src, "image/format,png");
    EXPECT_EQ(out.w, swap ? info->height : info->width) << o;
    out = RunEngine(*src, "image/auto-orient,0/format,png");
    EXPECT_EQ(out.w, info->width) << o;
  }
}

TEST(EngineTest, InfoAndAverageHue) {
  const auto& src = ExampleJpg();
  Engine engine;
  StatusOr<Result> r = engine.Process(src.data(), src.size(), "image/info");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string body(r->bytes.begin(), r->bytes.end());
  EXPECT_EQ(r->content_type, "application/json");
  EXPECT_EQ(body.rfind("{\n    \"FileSize\": {\"value\": \"", 0), 0u) << body;
  EXPECT_NE(body.find("    \"ImageWidth\": {\"value\": \"400\"}"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("\"FrameCount\": {\"value\": \"1\"}"), std::string::npos);
  EXPECT_EQ(body.substr(body.size() - 2), "}}");
  const nlohmann::json j = nlohmann::json::parse(body);
  EXPECT_EQ(j["Format"]["value"], "jpg");
  // info after a resize describes the resized image.
  r = engine.Process(src.data(), src.size(),
                     "image/resize,m_fixed,w_100,h_100/info");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(nlohmann::json::parse(r->bytes)["ImageWidth"]["value"], "100");
  // average-hue of a flat colour is that colour.
  StatusOr<Image> flat = Image::Create(8, 8, PixelFormat::kRGB8);
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 8; ++x) {
      flat->Row(y)[3 * x] = 0x5c;
      flat->Row(y)[3 * x + 1] = 0x78;
      flat->Row(y)[3 * x + 2] = 0x3b;
    }
  }
  StatusOr<std::vector<uint8_t>> png =
      EncodeImage(flat->view(), ImageFormat::kPng);
  r = engine.Process(png->data(), png->size(), "image/average-hue");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::string(r->bytes.begin(), r->bytes.end()), "0x5c783b");
}

TEST(EngineTest, QualityFollowsOssRules) {
  const auto src =
      MakeImage(64, 64, PixelFormat::kRGB8, ImageFormat::kJpeg, 80);
  Engine engine;
  auto quality_of = [&](const std::string& process) {
    StatusOr<std::string> plan = engine.Plan(src.data(), src.size(), process);
    EXPECT_TRUE(plan.ok());
    return nlohmann::json::parse(*plan)["output"]["quality"].get<int>();
  };
  EXPECT_EQ(quality_of("image/quality,q_90"), 72);  // 80 x 90%
  EXPECT_EQ(quality_of("image/quality,Q_90"), 80);  // capped by the source
  EXPECT_EQ(quality_of("image/quality,Q_50"), 50);
  EXPECT_EQ(quality_of("image/resize,w_10"), 80);  // keeps the source's quality
}

TEST(EngineTest, AtomicWriteLeavesNothingOnFailure) {
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/ossimg_atomic_test.bin";
  ASSERT_TRUE(WriteFileAtomically(path, {1, 2, 3}).ok());
  StatusOr<std::vector<uint8_t>> back = ReadFileBytes(path, 100);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_FALSE(WriteFileAtomically("/nonexistent-dir/x.bin", {1}).ok());
  EXPECT_EQ(ReadFileBytes(path, 2).status().code(), StatusCode::kImageTooLarge);
  EXPECT_EQ(ReadFileBytes(dir + "/no-such-file", 2).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace ossimg

namespace ossimg {
namespace {

TEST(EngineEffectsTest, EveryPixelActionRunsAndKeepsOrSetsTheSize) {
  const auto src = MakeImage(120, 80, PixelFormat::kRGB8, ImageFormat::kJpeg);
  struct Case {
    const char* process;
    ImageFormat format;
    int w, h;
  };
  const Case cases[] = {
      {"image/blur,r_3,s_2", ImageFormat::kJpeg, 120, 80},
      {"image/sharpen,100", ImageFormat::kJpeg, 120, 80},
      {"image/bright,50", ImageFormat::kJpeg, 120, 80},
      {"image/contrast,-50", ImageFormat::kJpeg, 120, 80},
      {"image/circle,r_30/format,png", ImageFormat::kPng, 60, 60},
      {"image/circle,r_30", ImageFormat::kJpeg, 60, 60},
      {"image/rounded-corners,r_20/format,png", ImageFormat::kPng, 120, 80},
      {"image/rotate,45/format,png", ImageFormat::kPng, 141, 141},
      {"image/rotate,30", ImageFormat::kJpeg, 144, 129},
      {"image/indexcrop,x_50,i_2", ImageFormat::kJpeg, 20, 80},
  };
  for (const Case& c : cases) {
    const Out o = RunEngine(src, c.process);
    EXPECT_EQ(o.format, c.format) << c.process;
    EXPECT_EQ(o.w, c.w) << c.process;
    EXPECT_EQ(o.h, c.h) << c.process;
  }
}

TEST(EngineEffectsTest, CircleCornersAreTransparentInPngAndWhiteInJpeg) {
  const auto src = MakeImage(100, 100, PixelFormat::kRGB8, ImageFormat::kPng);
  Engine engine;
  StatusOr<Result> png = engine.Process(src.data(), src.size(), "image/circle,r_50");
  ASSERT_TRUE(png.ok());
  StatusOr<Image> px = DecodeImage(png->bytes.data(), png->bytes.size());
  ASSERT_TRUE(px.ok());
  ASSERT_EQ(px->format(), PixelFormat::kRGBA8);
  EXPECT_EQ(px->Row(0)[3], 0);            // corner: transparent
  EXPECT_EQ(px->Row(50)[50 * 4 + 3], 255);  // centre: opaque
  StatusOr<Result> jpg =
      engine.Process(src.data(), src.size(), "image/circle,r_50/format,jpg");
  ASSERT_TRUE(jpg.ok());
  StatusOr<Image> jpx = DecodeImage(jpg->bytes.data(), jpg->bytes.size());
  ASSERT_TRUE(jpx.ok());
  EXPECT_GE(jpx->Row(0)[0], 250);  // corner: white
  EXPECT_GE(jpx->Row(0)[1], 250);
}

TEST(EngineEffectsTest, BrightMakesTheAverageBrighter) {
  const auto src = MakeImage(64, 64, PixelFormat::kRGB8, ImageFormat::kPng);
  Engine engine;
  auto hue = [&](const std::string& p) {
    StatusOr<Result> r = engine.Process(src.data(), src.size(), p);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::stoi(std::string(r->bytes.begin() + 2, r->bytes.begin() + 4), nullptr, 16);
  };
  EXPECT_GT(hue("image/bright,50/average-hue"), hue("image/average-hue"));
  EXPECT_LT(hue("image/bright,-50/average-hue"), hue("image/average-hue"));
}

}  // namespace
}  // namespace ossimg

namespace ossimg {
namespace {

TEST(EngineInfoTest, InfoDescribesTheStoredSourceEvenWhenOriented) {
  const std::string path = std::string(OSSIMG_TEST_DATA_DIR) + "/codecs/orient6.jpg";
  StatusOr<std::vector<uint8_t>> src = ReadFileBytes(path, 1 << 20);
  ASSERT_TRUE(src.ok());
  StatusOr<ImageInfo> probe = ProbeImage(src->data(), src->size());
  ASSERT_TRUE(probe.ok());
  Engine engine;
  StatusOr<Result> r = engine.Process(src->data(), src->size(), "image/info");
  ASSERT_TRUE(r.ok());
  const nlohmann::json j = nlohmann::json::parse(r->bytes);
  EXPECT_EQ(j["ImageWidth"]["value"], std::to_string(probe->width));  // stored, not rotated
  EXPECT_EQ(j["FileSize"]["value"], std::to_string(src->size()));     // the source file
  EXPECT_EQ(j["Orientation"]["value"], "6");
}

}  // namespace
}  // namespace ossimg

namespace ossimg {
namespace {

void Put16(std::vector<uint8_t>* v, uint16_t x) {
  v->push_back(static_cast<uint8_t>(x >> 8));
  v->push_back(static_cast<uint8_t>(x & 255));
}
void Put32(std::vector<uint8_t>* v, uint32_t x) {
  Put16(v, static_cast<uint16_t>(x >> 16));
  Put16(v, static_cast<uint16_t>(x & 0xFFFF));
}

// A JPEG whose EXIF has IFD0 {Orientation 7, XResolution 96/1, GPS pointer} and a GPS IFD
// {GPSVersionID 2 2 0 0, GPSLatitudeRef "N"}: the fields of OSS's documented info example.
std::vector<uint8_t> JpegWithExif() {
  std::vector<uint8_t> t = {'M', 'M', 0, 42, 0, 0, 0, 8};
  // IFD0 at 8: 3 entries (2 + 3*12 + 4 = 42 bytes) -> ends at 50; rational at 50; GPS IFD at 58.
  Put16(&t, 3);
  Put16(&t, 0x0112); Put16(&t, 3); Put32(&t, 1); Put16(&t, 7); Put16(&t, 0);  // Orientation
  Put16(&t, 0x011A); Put16(&t, 5); Put32(&t, 1); Put32(&t, 50);             // XResolution
  Put16(&t, 0x8825); Put16(&t, 4); Put32(&t, 1); Put32(&t, 58);             // GPS IFD pointer
  Put32(&t, 0);
  Put32(&t, 96); Put32(&t, 1);  // the rational at 50
  Put16(&t, 2);                 // GPS IFD at 58
  Put16(&t, 0x0000); Put16(&t, 1); Put32(&t, 4); t.insert(t.end(), {2, 2, 0, 0});  // version
  Put16(&t, 0x0001); Put16(&t, 2); Put32(&t, 2); t.insert(t.end(), {'N', 0, 0, 0});  // lat ref
  Put32(&t, 0);
  std::vector<uint8_t> app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
  app1.insert(app1.end(), t.begin(), t.end());
  app1[2] = static_cast<uint8_t>((app1.size() - 2) >> 8);
  app1[3] = static_cast<uint8_t>((app1.size() - 2) & 255);
  std::vector<uint8_t> jpeg = MakeImage(40, 30, PixelFormat::kRGB8, ImageFormat::kJpeg);
  jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
  return jpeg;
}

TEST(EngineInfoTest, ExifFieldsInOssStyle) {
  const std::vector<uint8_t> src = JpegWithExif();
  Engine engine;
  StatusOr<Result> r = engine.Process(src.data(), src.size(), "image/info");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const nlohmann::json j = nlohmann::json::parse(r->bytes);
  EXPECT_EQ(j["Orientation"]["value"], "7");
  EXPECT_EQ(j["XResolution"]["value"], "96/1");
  EXPECT_EQ(j["GPSVersionID"]["value"], "2 2 0 0");
  EXPECT_EQ(j["GPSLatitudeRef"]["value"], "North");
  EXPECT_EQ(j["ImageWidth"]["value"], "40");  // stored size, although orientation 7 swaps
  // A damaged EXIF block still gives an answer, with what could be read.
  std::vector<uint8_t> bad = src;
  bad[2 + 10 + 8 + 2 + 8] = 0xFF;  // the first entry's count, made huge
  r = engine.Process(bad.data(), bad.size(), "image/info");
  EXPECT_TRUE(r.ok());
}

}  // namespace
}  // namespace ossimg

namespace ossimg {
namespace {

TEST(EngineTest, ShrinkOnLoadPolicies) {
  const auto src = MakeImage(1000, 1000, PixelFormat::kRGB8, ImageFormat::kJpeg);
  auto denom = [&](ShrinkOnLoad p) {
    Options opt;
    opt.shrink_on_load = p;
    StatusOr<std::string> plan = Engine(opt).Plan(src.data(), src.size(), "image/resize,w_200");
    EXPECT_TRUE(plan.ok());
    return nlohmann::json::parse(*plan)["steps"][0]["scale_denom"].get<int>();
  };
  EXPECT_EQ(denom(ShrinkOnLoad::kNone), 1);
  EXPECT_EQ(denom(ShrinkOnLoad::kQuality), 2);  // 500 px leaves 2.5x for the reduce
  EXPECT_EQ(denom(ShrinkOnLoad::kFast), 4);     // 250 px is still above the 200 px target
  for (ShrinkOnLoad p : {ShrinkOnLoad::kNone, ShrinkOnLoad::kQuality, ShrinkOnLoad::kFast}) {
    Options opt;
    opt.shrink_on_load = p;
    StatusOr<Result> r = Engine(opt).Process(src.data(), src.size(), "image/resize,w_200");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->width, 200);  // the policy never changes the size
    EXPECT_EQ(r->height, 200);
  }
}

}  // namespace
}  // namespace ossimg
