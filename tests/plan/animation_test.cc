// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Animated GIF and WebP end to end through the engine: which actions keep the animation (resize
// by w/h, crop, filters, format between GIF and WebP) and which make it static (resize by p,
// rotate, formats without animation), GIFs never enlarged, every frame counted against the
// limits, and output bytes independent of the thread count. Fixtures: tests/data/anim
// (disposal.gif from make_anim_fixtures.cc; disposal.webp is libvips' lossless conversion).

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

namespace ossimg {
namespace {

std::vector<uint8_t> Fixture(const std::string& name) {
  std::ifstream f(std::string(OSSIMG_TEST_DATA_DIR) + "/anim/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

const std::vector<uint8_t>& Gif() {
  static const auto* b = new std::vector<uint8_t>(Fixture("disposal.gif"));
  return *b;
}
const std::vector<uint8_t>& Webp() {
  static const auto* b = new std::vector<uint8_t>(Fixture("disposal.webp"));
  return *b;
}

Result Process(const std::vector<uint8_t>& src, const std::string& process, Options o = Options()) {
  Engine engine(o);
  StatusOr<Result> r = engine.Process(src.data(), src.size(), process);
  EXPECT_TRUE(r.ok()) << process << ": " << r.status().ToString();
  return r.ok() ? std::move(r).value() : Result();
}

Animation Frames(const Result& r) {
  StatusOr<Animation> a = DecodeAnimation(r.bytes.data(), r.bytes.size());
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? std::move(a).value() : Animation();
}

const std::vector<int> kDelays = {80, 80, 90, 100, 110, 120};

TEST(AnimationEngine, FixturesAreAnimated) {
  const Animation g = Frames(Result{Gif(), ImageFormat::kGif, "", 0, 0});
  const Animation w = Frames(Result{Webp(), ImageFormat::kWebp, "", 0, 0});
  ASSERT_EQ(g.frames.size(), 6u);
  ASSERT_EQ(w.frames.size(), 6u);
  EXPECT_EQ(g.delays_ms, kDelays);
  EXPECT_EQ(w.delays_ms, kDelays);
  EXPECT_EQ(g.loop_count, 0);
  EXPECT_EQ(w.loop_count, 0);
  // libvips composes the GIF as we do: the WebP holds the same pictures.
  for (size_t i = 0; i < 6; ++i) {
    ASSERT_EQ(w.frames[i].format(), PixelFormat::kRGBA8);
    ASSERT_EQ(g.frames[i].format(), PixelFormat::kRGBA8);
    int diff = 0;
    for (int y = 0; y < 48; ++y) {
      for (int x = 0; x < 64 * 4; ++x) {
        const uint8_t* a = g.frames[i].Row(y);
        const uint8_t* b = w.frames[i].Row(y);
        if ((x & 3) != 3 && a[x | 3] == 0 && b[x | 3] == 0) continue;  // colour under alpha 0
        diff += a[x] != b[x];
      }
    }
    EXPECT_EQ(diff, 0) << "frame " << i;
  }
}

TEST(AnimationEngine, ResizeByWidthKeepsEveryFrame) {
  const Result r = Process(Gif(), "image/resize,w_32");
  EXPECT_EQ(r.format, ImageFormat::kGif);
  EXPECT_EQ(r.width, 32);
  EXPECT_EQ(r.height, 24);
  const Animation a = Frames(r);
  ASSERT_EQ(a.frames.size(), 6u);
  EXPECT_EQ(a.delays_ms, kDelays);
  EXPECT_EQ(a.loop_count, 0);
  EXPECT_EQ(a.frames[5].width(), 32);
  // Frame 3 shows the green dot (rows 20-28 of the source, 10-14 here) that frame 0 does not:
  // every frame was processed, not frame 0 repeated.
  EXPECT_NE(std::vector<uint8_t>(a.frames[0].Row(12), a.frames[0].Row(12) + 32 * 4),
            std::vector<uint8_t>(a.frames[3].Row(12), a.frames[3].Row(12) + 32 * 4));
}

TEST(AnimationEngine, ResizeByPercentOrRotateMakesItStatic) {
  for (const char* p : {"image/resize,p_50", "image/rotate,90", "image/resize,w_40/rotate,45"}) {
    const Result r = Process(Gif(), p);
    EXPECT_EQ(r.format, ImageFormat::kGif) << p;
    StatusOr<ImageInfo> info = ProbeImage(r.bytes.data(), r.bytes.size());
    ASSERT_TRUE(info.ok()) << p;
    EXPECT_EQ(info->frame_count, 1) << p;
  }
  EXPECT_EQ(Process(Gif(), "image/resize,p_50").width, 32);
  EXPECT_EQ(Process(Gif(), "image/rotate,90").width, 48);
}

TEST(AnimationEngine, GifIsNeverEnlarged) {
  for (const char* p : {"image/resize,w_128", "image/resize,w_128,limit_0"}) {
    const Result r = Process(Gif(), p);
    EXPECT_EQ(r.width, 64) << p;
    EXPECT_EQ(Frames(r).frames.size(), 6u) << p;
  }
}

TEST(AnimationEngine, FormatWebpGivesAnimatedWebp) {
  const Result r = Process(Gif(), "image/resize,w_32/format,webp");
  EXPECT_EQ(r.format, ImageFormat::kWebp);
  const Animation a = Frames(r);
  ASSERT_EQ(a.frames.size(), 6u);
  EXPECT_EQ(a.delays_ms, kDelays);
  EXPECT_EQ(a.frames[0].width(), 32);
  // And back: an animated WebP to GIF.
  const Result g = Process(Webp(), "image/resize,h_24/format,gif");
  EXPECT_EQ(g.format, ImageFormat::kWebp);  // format,gif keeps a non-GIF source's format
  EXPECT_EQ(Frames(g).frames.size(), 6u);
  EXPECT_EQ(Frames(g).frames[0].width(), 32);
}

TEST(AnimationEngine, AnimatedWebpThroughFrameSafeActions) {
  for (const char* p :
       {"image/resize,w_40", "image/crop,w_30,h_20,g_center", "image/bright,20/contrast,-10",
        "image/blur,r_2,s_2", "image/sharpen,100", "image/rounded-corners,r_8",
        "image/circle,r_20", "image/resize,m_pad,w_80,h_80,limit_0", "image/indexcrop,x_20,i_1"}) {
    const Result r = Process(Webp(), p);
    EXPECT_EQ(r.format, ImageFormat::kWebp) << p;
    const Animation a = Frames(r);
    // WebPAnimEncoder folds a frame identical to the one before into that frame's duration
    // (a centred crop misses the moving square in two frames): the animation plays the same.
    EXPECT_GE(a.frames.size(), 4u) << p;
    EXPECT_LE(a.frames.size(), 6u) << p;
    int total = 0;
    for (int d : a.delays_ms) total += d;
    EXPECT_EQ(total, 580) << p;
    if (!a.frames.empty()) {
      EXPECT_EQ(a.frames[0].width(), r.width) << p;
      EXPECT_EQ(a.frames[0].height(), r.height) << p;
    }
    const Result g = Process(Gif(), p);
    EXPECT_EQ(g.format, ImageFormat::kGif) << p;
    EXPECT_EQ(Frames(g).frames.size(), 6u) << p;
  }
}

TEST(AnimationEngine, StillFormatsTakeTheFirstFrame) {
  for (const char* p : {"image/format,png", "image/format,jpg", "image/resize,w_32/format,png"}) {
    const Result r = Process(Gif(), p);
    StatusOr<ImageInfo> info = ProbeImage(r.bytes.data(), r.bytes.size());
    ASSERT_TRUE(info.ok()) << p;
    EXPECT_EQ(info->frame_count, 1) << p;
  }
  const Result png = Process(Gif(), "image/format,png");
  const Animation gif = Frames(Result{Gif(), ImageFormat::kGif, "", 0, 0});
  const Animation first = Frames(png);
  ASSERT_EQ(first.frames.size(), 1u);
  // The PNG holds frame 1's pixels (as RGB: frame 1 is opaque).
  const Image& f = first.frames[0];
  for (int y = 0; y < 48; ++y) {
    for (int x = 0; x < 64; ++x) {
      for (int c = 0; c < 3; ++c) {
        ASSERT_EQ(f.Row(y)[x * f.channels() + c], gif.frames[0].Row(y)[x * 4 + c]) << x << "," << y;
      }
    }
  }
}

TEST(AnimationEngine, InfoCountsFrames) {
  for (const auto* src : {&Gif(), &Webp()}) {
    const Result r = Process(*src, "image/info");
    const nlohmann::json j = nlohmann::json::parse(r.bytes.begin(), r.bytes.end());
    EXPECT_EQ(j["FrameCount"]["value"], "6");
  }
  // After a resize, info describes the animated output.
  const Result r = Process(Gif(), "image/resize,w_32/info");
  const nlohmann::json j = nlohmann::json::parse(r.bytes.begin(), r.bytes.end());
  EXPECT_EQ(j["FrameCount"]["value"], "6");
  EXPECT_EQ(j["ImageWidth"]["value"], "32");
}

TEST(AnimationEngine, LimitsCountEveryFrame) {
  Options o;
  o.limits.max_pixels = 64 * 48 * 6 - 1;
  Engine engine(o);
  for (const auto* src : {&Gif(), &Webp()}) {
    StatusOr<Result> r = engine.Process(src->data(), src->size(), "image/resize,w_32");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kImageTooLarge);
  }
  Options frames;
  frames.limits.max_frames = 5;
  StatusOr<Result> r = Engine(frames).Process(Gif().data(), Gif().size(), "image/resize,w_32");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kImageTooLarge);
}

TEST(AnimationEngine, PlanSaysAnimated) {
  Engine engine;
  StatusOr<std::string> plan = engine.Plan(Gif().data(), Gif().size(), "image/resize,w_32");
  ASSERT_TRUE(plan.ok());
  const nlohmann::json j = nlohmann::json::parse(*plan);
  EXPECT_EQ(j["output"]["animated"], true);
  StatusOr<std::string> still = engine.Plan(Gif().data(), Gif().size(), "image/resize,p_50");
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(nlohmann::json::parse(*still)["output"]["animated"], false);
}

TEST(AnimationEngine, BytesDoNotDependOnThreads) {
  for (const char* p : {"image/resize,w_40", "image/resize,w_40/format,webp",
                        "image/resize,w_40/sharpen,120/format,gif"}) {
    for (const auto* src : {&Gif(), &Webp()}) {
      Options one, four;
      one.threads = 1;
      four.threads = 4;
      EXPECT_EQ(Process(*src, p, one).bytes, Process(*src, p, four).bytes) << p;
    }
  }
}

}  // namespace
}  // namespace ossimg

namespace ossimg {
namespace {

// A text watermark is frame-safe: every frame of the animation carries it (white text in the
// centre of each frame), and the frames keep their count.
TEST(AnimationEngine, WatermarkMarksEveryFrame) {
  const Result plain = Process(Gif(), "image/format,webp");
  const Result marked =
      Process(Gif(), "image/watermark,text_SVNTSVNTSVNT,size_30,color_FFFFFF,g_center/format,webp");
  const Animation a = Frames(plain), b = Frames(marked);
  ASSERT_EQ(a.frames.size(), b.frames.size());
  ASSERT_GT(a.frames.size(), 1u);
  for (size_t i = 0; i < a.frames.size(); ++i) {
    const Image& x = a.frames[i];
    const Image& y = b.frames[i];
    ASSERT_EQ(x.width(), y.width());
    int64_t changed = 0;
    for (int32_t r = 0; r < x.height(); ++r) {
      for (int32_t c = 0; c < x.width() * x.channels(); ++c) changed += x.Row(r)[c] != y.Row(r)[c];
    }
    EXPECT_GT(changed, 20) << "frame " << i;
  }
}

}  // namespace
}  // namespace ossimg
