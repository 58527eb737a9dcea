// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Watermarks through the engine: placement for every gravity and offset,
// rotate, shadow, fill, transparency, CJK text, image watermarks with their own
// processing, mixed layouts, the untouched-pixel promise, formats and alpha,
// thread-count independence, goldens, and errors.
//
// Goldens (tests/data/watermark/*.png) are compared with a tolerance, since
// FreeType's anti-aliasing may move by a level between versions;
// OSSIMG_UPDATE_GOLDEN=1 rewrites them.

#include "plan/watermark.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"
#include "ossimg/image.h"

#include "parser/base64.h"
#include "plan/geometry.h"
#include "render/fonts.h"
#include "render/text.h"

namespace ossimg {
namespace {

std::string B64(const std::string& s) { return parser::EncodeBase64Url(s); }

// A flat image (every pixel `px`) encoded as `fmt`.
std::vector<uint8_t> Flat(int32_t w, int32_t h, PixelFormat f,
                          std::vector<uint8_t> px,
                          ImageFormat fmt = ImageFormat::kPng) {
  StatusOr<Image> img = Image::Create(w, h, f);
  EXPECT_TRUE(img.ok());
  for (int32_t y = 0; y < h; ++y)
    for (int32_t x = 0; x < w; ++x)
      std::memcpy(img->Row(y) + x * img->channels(), px.data(),
                  img->channels());
  if (HasAlpha(f)) img->set_alpha(AlphaMode::kStraight);
  StatusOr<std::vector<uint8_t>> b = EncodeImage(img->view(), fmt);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? *b : std::vector<uint8_t>();
}

// A smooth gradient, so a misplaced or shifted pixel shows.
std::vector<uint8_t> Gradient(int32_t w, int32_t h) {
  StatusOr<Image> img = Image::Create(w, h, PixelFormat::kRGB8);
  for (int32_t y = 0; y < h; ++y) {
    for (int32_t x = 0; x < w; ++x) {
      uint8_t* p = img->Row(y) + x * 3;
      p[0] = static_cast<uint8_t>(40 + x * 150 / w);
      p[1] = static_cast<uint8_t>(60 + y * 150 / h);
      p[2] = 120;
    }
  }
  return *EncodeImage(img->view(), ImageFormat::kPng);
}

struct Objects {
  std::map<std::string, std::vector<uint8_t>> files;
  std::function<StatusOr<std::vector<uint8_t>>(std::string_view)> Resolver()
      const {
    return [this](std::string_view key) -> StatusOr<std::vector<uint8_t>> {
      auto it = files.find(std::string(key));
      if (it == files.end())
        return Status(StatusCode::kNotFound, "no such object");
      return it->second;
    };
  }
};

StatusOr<Image> ProcessToImage(const std::vector<uint8_t>& src,
                               const std::string& process,
                               Options opt = Options()) {
  Engine engine(opt);
  OSSIMG_ASSIGN_OR_RETURN(Result r,
                          engine.Process(src.data(), src.size(), process));
  return DecodeImage(r.bytes.data(), r.bytes.size());
}

Image Decode(const std::vector<uint8_t>& b) {
  return std::move(*DecodeImage(b.data(), b.size()));
}

Rect ChangedBox(const Image& before, const Image& after) {
  int32_t x0 = INT32_MAX, y0 = INT32_MAX, x1 = -1, y1 = -1;
  const int ch = before.channels();
  for (int32_t y = 0; y < before.height(); ++y) {
    for (int32_t x = 0; x < before.width(); ++x) {
      if (std::memcmp(before.Row(y) + x * ch, after.Row(y) + x * ch, ch) != 0) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
      }
    }
  }
  if (x1 < 0) return Rect{};
  return Rect{x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

int64_t CountChanged(const Image& before, const Image& after,
                     const Rect& inside) {
  int64_t n = 0;
  const int ch = before.channels();
  for (int32_t y = inside.y; y < inside.y + inside.height; ++y)
    for (int32_t x = inside.x; x < inside.x + inside.width; ++x)
      n += std::memcmp(before.Row(y) + x * ch, after.Row(y) + x * ch, ch) != 0;
  return n;
}

bool SamePixels(const Image& a, const Image& b) {
  if (a.width() != b.width() || a.height() != b.height() ||
      a.format() != b.format())
    return false;
  for (int32_t y = 0; y < a.height(); ++y)
    if (std::memcmp(a.Row(y), b.Row(y),
                    static_cast<size_t>(a.width()) * a.channels()) != 0)
      return false;
  return true;
}

// The text block the engine lays out for `text` at `size` (the mask,
// unrotated).
plan::Size TextBlock(const std::string& text, int32_t size) {
  StatusOr<render::FontFile> f = render::FindFont("wqy-zenhei", "");
  StatusOr<Image> m = render::RenderTextMask(text, *f, size, Limits());
  return plan::Size{m->width(), m->height()};
}

constexpr int32_t kW = 240, kH = 160;

class GravityTest : public testing::TestWithParam<int> {};

// Every gravity: the marked pixels lie inside the block placed where OSS's
// rules put it, and every pixel outside that block keeps its exact value.
TEST_P(GravityTest, MarksOnlyThePlacedBlock) {
  const Gravity g = static_cast<Gravity>(GetParam());
  static const char* kNames[] = {"nw",   "north", "ne",    "west", "center",
                                 "east", "sw",    "south", "se"};
  const std::vector<uint8_t> src = Gradient(kW, kH);
  const Image before = Decode(src);
  const std::string text = "OSS水印";
  StatusOr<Image> after =
      ProcessToImage(src, "image/watermark,text_" + B64(text) +
                              ",size_24,color_ffffff,x_13,y_7,voffset_-9,g_" +
                              kNames[GetParam()]);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  const plan::Size block = TextBlock(text, 24);
  const plan::Point at =
      plan::WatermarkOrigin(g, kW, kH, block.width, block.height, 13, 7, -9);
  const Rect want{static_cast<int32_t>(at.x), static_cast<int32_t>(at.y),
                  block.width, block.height};
  const Rect got = ChangedBox(before, *after);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.Intersect(want), got) << kNames[GetParam()];
  // The ink nearly fills the block (a glyph's side bearing is a pixel or two).
  EXPECT_GE(got.width, block.width - 6);
  EXPECT_GE(got.height, block.height / 2);
  EXPECT_EQ(CountChanged(before, *after, Rect{0, 0, kW, kH}),
            CountChanged(before, *after, want));
}

INSTANTIATE_TEST_SUITE_P(All, GravityTest, testing::Range(0, 9));

TEST(WatermarkTest, OriginFollowsTheDocumentedMargins) {
  // x is ignored for north/center/south, y for west/center/east; voffset only
  // moves those.
  EXPECT_EQ(plan::WatermarkOrigin(Gravity::kNW, 100, 80, 20, 10, 5, 6, 7).x, 5);
  EXPECT_EQ(plan::WatermarkOrigin(Gravity::kNW, 100, 80, 20, 10, 5, 6, 7).y, 6);
  EXPECT_EQ(plan::WatermarkOrigin(Gravity::kSE, 100, 80, 20, 10, 5, 6, 7).x,
            75);
  EXPECT_EQ(plan::WatermarkOrigin(Gravity::kSE, 100, 80, 20, 10, 5, 6, 7).y,
            64);
  EXPECT_EQ(plan::WatermarkOrigin(Gravity::kNorth, 100, 80, 20, 10, 5, 6, 7).x,
            40);
  EXPECT_EQ(plan::WatermarkOrigin(Gravity::kCenter, 100, 80, 20, 10, 5, 6, 7).y,
            42);
  EXPECT_EQ(plan::WatermarkOrigin(Gravity::kEast, 100, 80, 20, 10, 5, 6, -7).y,
            28);
  EXPECT_EQ(plan::WatermarkOrigin(Gravity::kSouth, 100, 80, 20, 10, 5, 6, 7).y,
            64);
}

TEST(WatermarkTest, OffsetsMoveTheMarkExactly) {
  const std::vector<uint8_t> src =
      Flat(kW, kH, PixelFormat::kRGB8, {30, 30, 30});
  const Image before = Decode(src);
  const std::string t = "text_" + B64("ossimg") + ",color_ffffff";
  StatusOr<Image> a =
      ProcessToImage(src, "image/watermark," + t + ",g_nw,x_10,y_10");
  StatusOr<Image> b =
      ProcessToImage(src, "image/watermark," + t + ",g_nw,x_47,y_31");
  StatusOr<Image> c =
      ProcessToImage(src, "image/watermark," + t + ",g_west,voffset_0");
  StatusOr<Image> d =
      ProcessToImage(src, "image/watermark," + t + ",g_west,voffset_25");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
  const Rect ra = ChangedBox(before, *a), rb = ChangedBox(before, *b);
  EXPECT_EQ(rb.x - ra.x, 37);
  EXPECT_EQ(rb.y - ra.y, 21);
  EXPECT_EQ(rb.width, ra.width);
  const Rect rc = ChangedBox(before, *c), rd = ChangedBox(before, *d);
  EXPECT_EQ(rd.y - rc.y, 25);  // positive voffset moves down (docs/compat.md)
  EXPECT_EQ(rd.x, rc.x);
}

TEST(WatermarkTest, RotateTurnsTheBlock) {
  const std::vector<uint8_t> src =
      Flat(400, 400, PixelFormat::kRGB8, {30, 30, 30});
  const Image before = Decode(src);
  const std::string t =
      "text_" + B64("ossimg wm") + ",size_24,color_ffffff,g_center";
  StatusOr<Image> r0 = ProcessToImage(src, "image/watermark," + t);
  StatusOr<Image> r90 =
      ProcessToImage(src, "image/watermark," + t + ",rotate_90");
  StatusOr<Image> r45 =
      ProcessToImage(src, "image/watermark," + t + ",rotate_45");
  ASSERT_TRUE(r0.ok() && r90.ok() && r45.ok());
  const Rect a = ChangedBox(before, *r0), b = ChangedBox(before, *r90),
             c = ChangedBox(before, *r45);
  EXPECT_NEAR(b.width, a.height, 2);
  EXPECT_NEAR(b.height, a.width, 2);
  // 45 degrees: the ink spans at most (w + h) / sqrt(2) both ways, and nearly
  // that (the ink's corners are empty, so not exactly).
  const double diag = (a.width + a.height) * 0.7071;
  EXPECT_LE(c.width, diag + 2);
  EXPECT_GE(c.width, diag * 0.85);
  EXPECT_LE(c.height, diag + 2);
  EXPECT_GE(c.height, diag * 0.85);
  // Clockwise: the heavy start of "WW.." (its left end at 0 degrees) is at the
  // top at 90.
  StatusOr<Image> h0 = ProcessToImage(
      src, "image/watermark,text_" + B64("WW..") + ",color_ffffff,g_center");
  StatusOr<Image> h90 =
      ProcessToImage(src, "image/watermark,text_" + B64("WW..") +
                              ",color_ffffff,g_center,rotate_90");
  ASSERT_TRUE(h0.ok() && h90.ok());
  const Rect e = ChangedBox(before, *h0), f = ChangedBox(before, *h90);
  EXPECT_GT(
      CountChanged(before, *h0, Rect{e.x, e.y, e.width / 2, e.height}),
      1.3 * CountChanged(before, *h0,
                         Rect{e.x + e.width / 2, e.y, e.width / 2, e.height}));
  EXPECT_GT(
      CountChanged(before, *h90, Rect{f.x, f.y, f.width, f.height / 2}),
      1.3 * CountChanged(before, *h90,
                         Rect{f.x, f.y + f.height / 2, f.width, f.height / 2}));
}

TEST(WatermarkTest, ShadowDarkensBelowRight) {
  const std::vector<uint8_t> src =
      Flat(kW, kH, PixelFormat::kRGB8, {200, 200, 200});
  const Image before = Decode(src);
  // g_nw: the shadow grows the block, which would move a centred one.
  const std::string t = "text_" + B64("I") + ",color_ffffff,size_40,g_nw";
  StatusOr<Image> plain = ProcessToImage(src, "image/watermark," + t);
  StatusOr<Image> shadow =
      ProcessToImage(src, "image/watermark," + t + ",shadow_100");
  ASSERT_TRUE(plain.ok() && shadow.ok());
  const Rect p = ChangedBox(before, *plain), s = ChangedBox(before, *shadow);
  // The shadow (black, 2 px for size 40) adds ink to the lower right only.
  EXPECT_EQ(s.x, p.x);
  EXPECT_EQ(s.y, p.y);
  EXPECT_EQ(s.width, p.width + 2);
  EXPECT_EQ(s.height, p.height + 2);
  int darker = 0;
  for (int32_t y = s.y; y < s.y + s.height; ++y)
    for (int32_t x = s.x; x < s.x + s.width; ++x)
      darker += shadow->Row(y)[x * 3] < 100;
  EXPECT_GT(darker, 20);
  // shadow_0 is no shadow.
  StatusOr<Image> zero =
      ProcessToImage(src, "image/watermark," + t + ",shadow_0");
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(SamePixels(*zero, *plain));
}

TEST(WatermarkTest, TransparencyScalesTheInk) {
  const std::vector<uint8_t> src = Flat(kW, kH, PixelFormat::kGray8, {0});
  const std::string t = "text_" + B64("█") + ",type_" +
                        B64("droidsansfallback") +
                        ",color_ffffff,size_60,g_center";
  StatusOr<Image> full = ProcessToImage(src, "image/watermark," + t);
  StatusOr<Image> half = ProcessToImage(src, "image/watermark," + t + ",t_50");
  ASSERT_TRUE(full.ok() && half.ok());
  int max_full = 0, max_half = 0;
  for (int32_t y = 0; y < kH; ++y) {
    for (int32_t x = 0; x < kW; ++x) {
      max_full = std::max<int>(max_full, full->Row(y)[x]);
      max_half = std::max<int>(max_half, half->Row(y)[x]);
    }
  }
  EXPECT_EQ(max_full, 255);
  EXPECT_NEAR(max_half, 128, 1);
  // White text on a grey image stays grey: no colour channels are added.
  EXPECT_EQ(full->format(), PixelFormat::kGray8);
}

TEST(WatermarkTest, ColouredTextOnGreyImageBecomesColour) {
  const std::vector<uint8_t> src = Flat(kW, kH, PixelFormat::kGray8, {90});
  StatusOr<Image> out = ProcessToImage(
      src, "image/watermark,text_" + B64("red") + ",color_ff0000,g_nw");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->format(), PixelFormat::kRGB8);
  const uint8_t* far = out->Row(kH - 1) + (kW - 1) * 3;
  EXPECT_EQ(far[0], 90);
  EXPECT_EQ(far[1], 90);
  EXPECT_EQ(far[2], 90);
}

TEST(WatermarkTest, FillTilesTheWholeImagePeriodically) {
  const std::vector<uint8_t> src =
      Flat(400, 300, PixelFormat::kRGB8, {20, 40, 60});
  const Image before = Decode(src);
  StatusOr<Image> out =
      ProcessToImage(src, "image/watermark,text_" + B64("水印") +
                              ",size_20,color_ffffff,fill_1,padx_30,pady_20");
  ASSERT_TRUE(out.ok());
  for (const Rect& q : {Rect{0, 0, 200, 150}, Rect{200, 0, 200, 150},
                        Rect{0, 150, 200, 150}, Rect{200, 150, 200, 150}}) {
    EXPECT_GT(CountChanged(before, *out, q), 200) << q.x << "," << q.y;
  }
  // Tiles repeat every (block + padx, block + pady): on a flat image the pixels
  // are periodic.
  const plan::Size block = TextBlock("水印", 20);
  const int32_t sx = block.width + 30, sy = block.height + 20;
  for (int32_t y = 0; y + sy < 300; y += 7) {
    for (int32_t x = 0; x + sx < 400; x += 5) {
      ASSERT_EQ(0,
                std::memcmp(out->Row(y) + x * 3, out->Row(y) + (x + sx) * 3, 3))
          << x << "," << y;
      ASSERT_EQ(0,
                std::memcmp(out->Row(y) + x * 3, out->Row(y + sy) + x * 3, 3))
          << x << "," << y;
    }
  }
}

TEST(WatermarkTest, TinyTilesStayPeriodic) {
  // size_2 with padx_1: cells of a few pixels, drawn as one layer of many
  // cells; the pattern must still repeat at the cell size.
  const std::vector<uint8_t> src =
      Flat(300, 200, PixelFormat::kRGB8, {0, 0, 0});
  StatusOr<Image> out =
      ProcessToImage(src, "image/watermark,text_" + B64("W") +
                              ",size_4,color_ffffff,fill_1,padx_1,pady_2");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const plan::Size block = TextBlock("W", 4);
  const int32_t sx = block.width + 1, sy = block.height + 2;
  int64_t lit = 0;
  for (int32_t y = 0; y + sy < 200; ++y) {
    for (int32_t x = 0; x + sx < 300; ++x) {
      lit += out->Row(y)[x * 3] != 0;
      ASSERT_EQ(out->Row(y)[x * 3], out->Row(y)[(x + sx) * 3]) << x << "," << y;
      ASSERT_EQ(out->Row(y)[x * 3], out->Row(y + sy)[x * 3]) << x << "," << y;
    }
  }
  EXPECT_GT(lit, 1000);
}

TEST(WatermarkTest, TextWiderThanTheSideLimitShowsItsVisiblePart) {
  // 31 characters at size_1000 are ~31000 px wide, beyond the 30000 px side
  // limit for images; the watermark layer may be that wide (the grammar bounds
  // it), and the image shows the middle of it at g_center.
  std::string text;
  for (int i = 0; i < 31; ++i) text += "水";
  const std::vector<uint8_t> src = Flat(300, 200, PixelFormat::kGray8, {0});
  StatusOr<Image> out =
      ProcessToImage(src, "image/watermark,text_" + B64(text) +
                              ",size_1000,color_ffffff,g_center");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  int64_t lit = 0;
  for (int32_t y = 0; y < 200; ++y)
    for (int32_t x = 0; x < 300; ++x) lit += out->Row(y)[x] > 128;
  EXPECT_GT(lit, 2000);
}

TEST(WatermarkTest, ResultDoesNotDependOnThreads) {
  const std::vector<uint8_t> src = Gradient(333, 517);
  const std::string p = "image/watermark,text_" + B64("版权所有 ossimg") +
                        ",size_28,rotate_33,fill_1,shadow_60,t_70,color_ffee00";
  Options one, many;
  one.threads = 1;
  many.threads = 4;
  StatusOr<Image> a = ProcessToImage(src, p, one);
  StatusOr<Image> b = ProcessToImage(src, p, many);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(SamePixels(*a, *b));
}

TEST(WatermarkTest, SeveralWatermarksInOneProcess) {
  const std::vector<uint8_t> src = Flat(kW, kH, PixelFormat::kRGB8, {0, 0, 0});
  const Image before = Decode(src);
  StatusOr<Image> out =
      ProcessToImage(src, "image/watermark,text_" + B64("a") +
                              ",color_ffffff,g_nw/watermark,text_" + B64("b") +
                              ",color_ffffff,g_se");
  ASSERT_TRUE(out.ok());
  EXPECT_GT(CountChanged(before, *out, Rect{0, 0, kW / 2, kH / 2}), 20);
  EXPECT_GT(CountChanged(before, *out, Rect{kW / 2, kH / 2, kW / 2, kH / 2}),
            20);
  EXPECT_EQ(CountChanged(before, *out, Rect{kW / 2, 0, kW / 2, kH / 2}), 0);
}

TEST(WatermarkTest, KeepsAlphaAndWorksOnEveryFormat) {
  // A transparent RGBA PNG: under the text alpha rises, elsewhere it stays
  // exactly 0.
  const std::vector<uint8_t> src =
      Flat(kW, kH, PixelFormat::kRGBA8, {0, 0, 0, 0});
  const std::string p =
      "image/watermark,text_" + B64("alpha") + ",color_ff0000,g_center";
  StatusOr<Image> out = ProcessToImage(src, p);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->format(), PixelFormat::kRGBA8);
  int opaque = 0;
  for (int32_t y = 0; y < kH; ++y)
    for (int32_t x = 0; x < kW; ++x) opaque += out->Row(y)[x * 4 + 3] == 255;
  EXPECT_GT(opaque, 50);
  EXPECT_EQ(out->Row(0)[3], 0);
  EXPECT_EQ(out->Row(kH - 1)[(kW - 1) * 4 + 3], 0);
  for (const char* fmt : {"jpg", "png", "webp"}) {
    StatusOr<Image> o = ProcessToImage(
        Flat(kW, kH, PixelFormat::kRGB8, {9, 9, 9}, ImageFormat::kJpeg),
        p + "/format," + fmt);
    ASSERT_TRUE(o.ok()) << fmt << ": " << o.status().ToString();
    EXPECT_EQ(o->width(), kW);
  }
}

class ImageWatermarkTest : public testing::Test {
 protected:
  void SetUp() override {
    objects_.files["wm/red.png"] =
        Flat(40, 20, PixelFormat::kRGB8, {255, 0, 0});
    objects_.files["half.png"] =
        Flat(10, 10, PixelFormat::kRGBA8, {0, 0, 255, 128});
    options_.watermark_objects = objects_.Resolver();
    src_ = Flat(200, 100, PixelFormat::kRGB8, {0, 255, 0});
    before_ = Decode(src_);
  }
  StatusOr<Image> Mark(const std::string& params) {
    return ProcessToImage(src_, "image/watermark," + params, options_);
  }
  Objects objects_;
  Options options_;
  std::vector<uint8_t> src_;
  Image before_;
};

TEST_F(ImageWatermarkTest, PlacedExactly) {
  StatusOr<Image> out = Mark("image_" + B64("wm/red.png") + ",g_nw,x_5,y_6");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(ChangedBox(before_, *out), (Rect{5, 6, 40, 20}));
  EXPECT_EQ(out->Row(6)[5 * 3], 255);
  EXPECT_EQ(out->Row(6)[5 * 3 + 1], 0);
}

TEST_F(ImageWatermarkTest, NestedProcessAndPercentOfTheMainImage) {
  // P_50 of a 200x100 image: fitted in 100x50, so the 40x20 mark becomes
  // 100x50.
  StatusOr<Image> p = Mark(
      "image_" + B64("wm/red.png?x-oss-process=image/resize,P_50,limit_0") +
      ",g_se,x_0,y_0");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(ChangedBox(before_, *p), (Rect{100, 50, 100, 50}));
  // rotate,90 then crop: 20x40, then the top 20x15.
  StatusOr<Image> r =
      Mark("image_" +
           B64("wm/red.png?x-oss-process=image/rotate,90/crop,w_20,h_15") +
           ",g_nw,x_0,y_0");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(ChangedBox(before_, *r), (Rect{0, 0, 20, 15}));
}

TEST_F(ImageWatermarkTest, AlphaAndOpacityBlend) {
  StatusOr<Image> out = Mark("image_" + B64("half.png") + ",g_nw,x_0,y_0,t_50");
  ASSERT_TRUE(out.ok());
  // alpha 128 x 50% = 64: blue over green.
  const uint8_t* p = out->Row(0);
  EXPECT_NEAR(p[1], 255 * (255 - 64) / 255.0, 1);
  EXPECT_NEAR(p[2], 64, 1);
}

TEST_F(ImageWatermarkTest, OrderAlignInterval) {
  const std::string text = "text_" + B64("T") + ",color_000000,size_40";
  const std::string img = "image_" + B64("wm/red.png");
  const plan::Size tb = TextBlock("T", 40);
  // order 0: image left at x, text after `interval`; align 2 (bottom) aligns
  // bottoms.
  StatusOr<Image> a =
      Mark(img + "," + text + ",g_nw,x_3,y_4,interval_7,order_0,align_2");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  const int32_t bh = std::max(20, tb.height);
  EXPECT_EQ(a->Row(4 + bh - 20)[3 * 3], 255);  // red top-left
  EXPECT_EQ(a->Row(4 + bh - 21)[3 * 3],
            0);  // above it: untouched green's red channel
  EXPECT_EQ(CountChanged(before_, *a, Rect{3 + 40, 0, 7, 100}),
            0);  // the interval
  // order 1: text first, image to its right; align 0 puts it at the top.
  StatusOr<Image> b =
      Mark(img + "," + text + ",g_nw,x_3,y_4,interval_7,order_1,align_0");
  ASSERT_TRUE(b.ok());
  const int32_t ix = 3 + tb.width + 7;
  EXPECT_EQ(b->Row(4)[ix * 3], 255);
  EXPECT_EQ(b->Row(4)[(ix - 1) * 3 + 1], 255);  // left of it: green
  // align 1 centres the shorter part.
  StatusOr<Image> c =
      Mark(img + "," + text + ",g_nw,x_3,y_4,interval_7,order_0,align_1");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->Row(4 + (bh - 20) / 2)[3 * 3], 255);
}

TEST_F(ImageWatermarkTest, Errors) {
  auto code = [&](const std::string& params) {
    StatusOr<Image> r = Mark(params);
    return r.ok() ? StatusCode::kOk : r.status().code();
  };
  EXPECT_EQ(code("image_" + B64("missing.png")), StatusCode::kWatermarkError);
  Options none;
  StatusOr<Image> no_store =
      ProcessToImage(src_, "image/watermark,image_" + B64("wm/red.png"), none);
  ASSERT_FALSE(no_store.ok());
  EXPECT_EQ(no_store.status().code(), StatusCode::kWatermarkError);
  // Broken objects, with and without their own process (the executor path),
  // are WatermarkError too.
  for (const char* bad : {"png-no-idat.png", "jpeg-bad-components.jpg",
                          "gif-header.gif", "jpeg-bomb-400mp.jpg"}) {
    const std::string path = std::string(OSSIMG_TEST_DATA_DIR) + "/bad/" + bad;
    StatusOr<std::vector<uint8_t>> b = ReadFileBytes(path, 1 << 24);
    ASSERT_TRUE(b.ok()) << path;
    objects_.files[bad] = *b;
    EXPECT_EQ(code("image_" + B64(bad)), StatusCode::kWatermarkError) << bad;
    EXPECT_EQ(code("image_" +
                   B64(std::string(bad) + "?x-oss-process=image/resize,w_10")),
              StatusCode::kWatermarkError)
        << bad;
  }
  objects_.files["junk.png"] = {1, 2, 3, 4, 5};
  EXPECT_EQ(code("image_" + B64("junk.png")), StatusCode::kWatermarkError);
  // Grammar errors come from the parser with OSS's numbers.
  StatusOr<Image> nested =
      Mark("image_" +
           B64("wm/red.png?x-oss-process=image/watermark,text_" + B64("x")));
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.status().ec(), "0040-00000373");
  StatusOr<Image> info =
      Mark("image_" + B64("wm/red.png?x-oss-process=image/info"));
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().ec(), "0040-00000374");
  StatusOr<Image> bad = Mark("image_!!notbase64");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().ec(), "0040-00000265");
  const std::string one = "/watermark,image_" + B64("wm/red.png");
  StatusOr<Image> four =
      ProcessToImage(src_, "image" + one + one + one + one, options_);
  ASSERT_FALSE(four.ok());
  EXPECT_EQ(four.status().ec(), "0040-00000026");
  StatusOr<Image> three =
      ProcessToImage(src_, "image" + one + one + one, options_);
  EXPECT_TRUE(three.ok());
}

TEST(WatermarkErrorsTest, TextAndFont) {
  const std::vector<uint8_t> src = Flat(50, 50, PixelFormat::kRGB8, {0, 0, 0});
  StatusOr<Image> bad = ProcessToImage(src, "image/watermark,text_notbase64");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().ec(), "0040-00000257");
  StatusOr<Image> font = ProcessToImage(
      src, "image/watermark,text_" + B64("x") + ",type_bm90c3VwcG9ydAo");
  ASSERT_FALSE(font.ok());
  EXPECT_EQ(font.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(font.status().ec(), "0040-00000251");
  StatusOr<Image> type =
      ProcessToImage(src, "image/watermark,text_" + B64("x") + ",type_!!");
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.status().ec(), "0040-00000250");
}

class DirectoryObjectsTest : public testing::Test {
 protected:
  void SetUp() override {
    base_ = testing::TempDir() + "/ossimg_wm_root";
    ASSERT_EQ(0, system(("rm -rf " + base_ + " && mkdir -p " + base_ +
                         "/root/sub " + base_ + "/outside && echo hi > " +
                         base_ + "/root/sub/a.png && echo secret > " + base_ +
                         "/outside/s.png && ln -s " + base_ +
                         "/outside/s.png " + base_ + "/root/link.png")
                            .c_str()));
    resolve_ = DirectoryObjects(base_ + "/root", 1 << 20);
  }
  std::string base_;
  std::function<StatusOr<std::vector<uint8_t>>(std::string_view)> resolve_;
};

TEST_F(DirectoryObjectsTest, ReadsInsideAndRefusesEscapes) {
  StatusOr<std::vector<uint8_t>> ok = resolve_("sub/a.png");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(std::string(ok->begin(), ok->end()), "hi\n");
  const std::vector<std::string> keys = {"../outside/s.png",
                                         "sub/../../outside/s.png",
                                         base_ + "/outside/s.png",
                                         "link.png",
                                         "nope.png",
                                         ".."};
  for (const std::string& key : keys) {
    StatusOr<std::vector<uint8_t>> r = resolve_(key);
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_EQ(r.status().code(), StatusCode::kWatermarkError) << key;
  }
}

// Goldens: small committed PNGs, compared with a tolerance of a few levels.
void CheckGolden(const std::string& name, const std::vector<uint8_t>& src,
                 const std::string& process, const Options& opt = Options()) {
  Options o = opt;
  Engine engine(o);
  StatusOr<Result> r =
      engine.Process(src.data(), src.size(), process + "/format,png");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string path =
      std::string(OSSIMG_TEST_DATA_DIR) + "/watermark/" + name + ".png";
  if (std::getenv("OSSIMG_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(r->bytes.data()), r->bytes.size());
  }
  std::ifstream in(path, std::ios::binary);
  const std::vector<uint8_t> want((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  ASSERT_FALSE(want.empty()) << "missing golden " << path;
  const Image got = Decode(r->bytes), ref = Decode(want);
  ASSERT_EQ(got.width(), ref.width());
  ASSERT_EQ(got.height(), ref.height());
  ASSERT_EQ(got.format(), ref.format());
  int64_t sum = 0, big = 0;
  const size_t n = static_cast<size_t>(got.width()) * got.channels();
  for (int32_t y = 0; y < got.height(); ++y) {
    for (size_t i = 0; i < n; ++i) {
      const int d = std::abs(int{got.Row(y)[i]} - int{ref.Row(y)[i]});
      sum += d;
      big += d > 48;
    }
  }
  const double mean = static_cast<double>(sum) / (n * got.height());
  EXPECT_LT(mean, 0.5) << name;
  EXPECT_LT(big, static_cast<int64_t>(n * got.height() / 500)) << name;
}

TEST(WatermarkGoldenTest, AllGravities) {
  std::string p = "image";
  for (const char* g :
       {"nw", "north", "ne", "west", "center", "east", "sw", "south", "se"})
    p += std::string("/watermark,text_") + B64(g) + ",size_16,color_ffffff,g_" +
         g;
  CheckGolden("gravity", Gradient(240, 160), p);
}

TEST(WatermarkGoldenTest, OffsetsRotateShadowTransparency) {
  CheckGolden("rotate_shadow", Gradient(240, 160),
              "image/watermark,text_" + B64("ossimg 水印") +
                  ",size_28,color_ffffff,rotate_30,shadow_80,g_sw,x_30,y_20" +
                  "/watermark,text_" + B64("t_40") +
                  ",size_24,color_000000,t_40,g_ne,x_4,y_50");
}

TEST(WatermarkGoldenTest, FillCjk) {
  CheckGolden(
      "fill_cjk", Gradient(240, 160),
      "image/watermark,text_" + B64("版权所有") + ",type_" +
          B64("fangzhengkaiti") +
          ",size_18,color_ff2020,rotate_340,fill_1,padx_12,pady_10,t_80");
}

TEST(WatermarkGoldenTest, ImageAndTextOnTransparent) {
  Objects objects;
  objects.files["logo.png"] = Gradient(30, 30);
  Options o;
  o.watermark_objects = objects.Resolver();
  CheckGolden(
      "image_text_alpha", Flat(160, 80, PixelFormat::kRGBA8, {0, 0, 0, 0}),
      "image/watermark,image_" +
          B64("logo.png?x-oss-process=image/rounded-corners,r_10") + ",text_" +
          B64("logo") + ",size_20,color_3050ff,g_center,interval_6,align_1",
      o);
}

}  // namespace
}  // namespace ossimg

namespace ossimg {
namespace {

// Engine::ProcessFile with no resolver of its own finds image watermark keys next to the file,
// as `ossimg process` does; an explicit resolver still wins.
TEST(ImageWatermarkFileTest, ProcessFileResolvesKeysNextToTheFile) {
  const std::string dir = ::testing::TempDir() + "wm_processfile";
  std::string cmd = "mkdir -p '" + dir + "/marks'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const auto write = [](const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  };
  write(dir + "/main.png", Flat(120, 80, PixelFormat::kRGB8, {0, 255, 0}));
  write(dir + "/marks/red.png", Flat(30, 20, PixelFormat::kRGB8, {255, 0, 0}));
  const std::string process =
      "image/watermark,image_" + B64("marks/red.png") + ",g_nw,x_0,y_0/format,png";
  StatusOr<Result> r = Engine().ProcessFile(dir + "/main.png", process);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  StatusOr<Image> img = DecodeImage(r->bytes.data(), r->bytes.size());
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->Row(0)[0], 255);  // red mark at the origin
  EXPECT_EQ(img->Row(0)[1], 0);
  EXPECT_EQ(img->Row(79)[119 * 3 + 1], 255);  // green elsewhere
  // A key that climbs out of the folder is still refused.
  StatusOr<Result> out = Engine().ProcessFile(
      dir + "/main.png", "image/watermark,image_" + B64("../main.png"));
  EXPECT_FALSE(out.ok());
}

}  // namespace
}  // namespace ossimg
