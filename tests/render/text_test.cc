// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Font lookup and text masks: every OSS font name finds a face, CJK shapes to
// real glyphs, and the mask grows with the size.

#include "render/text.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "render/fonts.h"

namespace ossimg::render {
namespace {

int64_t Ink(const Image& m) {
  int64_t s = 0;
  for (int32_t y = 0; y < m.height(); ++y)
    for (int32_t x = 0; x < m.width(); ++x) s += m.Row(y)[x];
  return s;
}

bool SameMask(const Image& a, const Image& b) {
  if (a.width() != b.width() || a.height() != b.height()) return false;
  for (int32_t y = 0; y < a.height(); ++y)
    if (std::memcmp(a.Row(y), b.Row(y), a.width()) != 0) return false;
  return true;
}

TEST(FontsTest, EveryOssNameHasAFace) {
  for (const char* name :
       {"wqy-zenhei", "wqy-microhei", "droidsansfallback", "fangzhengshusong",
        "fangzhengkaiti", "fangzhengheiti", "fangzhengfangsong"}) {
    StatusOr<FontFile> f = FindFont(name, "");
    ASSERT_TRUE(f.ok()) << name << ": " << f.status().ToString();
  }
}

TEST(FontsTest, UnknownNameIsEc251) {
  StatusOr<FontFile> f = FindFont("notsupport", "");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(f.status().ec(), "0040-00000251");
}

TEST(FontsTest, FontDirWinsWithTheOssName) {
  const std::string dir = testing::TempDir() + "/ossimg_fonts";
  ASSERT_EQ(0, system(("mkdir -p " + dir).c_str()));
  StatusOr<FontFile> real = FindFont("fangzhengkaiti", "");
  ASSERT_TRUE(real.ok());
  {
    std::ifstream in(real->path, std::ios::binary);
    std::ofstream out(dir + "/fangzhengkaiti.ttf", std::ios::binary);
    out << in.rdbuf();
  }
  StatusOr<FontFile> f = FindFont("fangzhengkaiti", dir);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->path, dir + "/fangzhengkaiti.ttf");
}

TEST(FontsTest, FontconfigFindsExactFamiliesOnly) {
  // The fallback for hosts without the Debian paths: the same files here.
  StatusOr<FontFile> kai = FindFontByFamily("AR PL KaitiM GB");
  ASSERT_TRUE(kai.ok()) << kai.status().ToString();
  StatusOr<FontFile> table = FindFont("fangzhengkaiti", "");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(kai->path, table->path);
  // Fontconfig would substitute some face for an unknown family: refused.
  StatusOr<FontFile> none = FindFontByFamily("No Such Family 1234");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kUnsupported);
}

TEST(TextTest, CjkRendersDistinctGlyphs) {
  StatusOr<FontFile> f = FindFont("wqy-zenhei", "");
  ASSERT_TRUE(f.ok());
  StatusOr<Image> a = RenderTextMask("水", *f, 40, Limits());
  StatusOr<Image> b = RenderTextMask("印", *f, 40, Limits());
  StatusOr<Image> missing =
      RenderTextMask("\xEF\xBF\xBF", *f, 40, Limits());  // U+FFFF
  ASSERT_TRUE(a.ok() && b.ok() && missing.ok()) << a.status().ToString();
  EXPECT_GT(Ink(*a), 255 * 100);
  EXPECT_GT(Ink(*b), 255 * 100);
  // Real glyphs: the two characters differ from each other and from the
  // missing-glyph box.
  EXPECT_FALSE(SameMask(*a, *b));
  EXPECT_FALSE(SameMask(*a, *missing));
  // One em wide (CJK is square), ascender + descender tall.
  EXPECT_NEAR(a->width(), 40, 2);
  EXPECT_GE(a->height(), 40);
  EXPECT_LE(a->height(), 60);
}

TEST(TextTest, SizeScalesTheMask) {
  StatusOr<FontFile> f = FindFont("wqy-zenhei", "");
  ASSERT_TRUE(f.ok());
  StatusOr<Image> small = RenderTextMask("Hello 世界", *f, 20, Limits());
  StatusOr<Image> big = RenderTextMask("Hello 世界", *f, 80, Limits());
  ASSERT_TRUE(small.ok() && big.ok());
  EXPECT_NEAR(big->width(), small->width() * 4, 8);
  EXPECT_NEAR(big->height(), small->height() * 4, 8);
  EXPECT_NEAR(static_cast<double>(Ink(*big)) / Ink(*small), 16.0, 2.0);
}

TEST(TextTest, FontsDiffer) {
  StatusOr<FontFile> song = FindFont("fangzhengshusong", "");
  StatusOr<FontFile> kai = FindFont("fangzhengkaiti", "");
  ASSERT_TRUE(song.ok() && kai.ok());
  StatusOr<Image> a = RenderTextMask("永字", *song, 40, Limits());
  StatusOr<Image> b = RenderTextMask("永字", *kai, 40, Limits());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(SameMask(*a, *b));
}

TEST(TextTest, UnreadableFontIsWatermarkError) {
  StatusOr<Image> m =
      RenderTextMask("x", FontFile{"/nonexistent/font.ttf", 0}, 20, Limits());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kWatermarkError);
}

TEST(TextTest, HugeTextHitsTheLimitsNotTheMemory) {
  StatusOr<FontFile> f = FindFont("wqy-zenhei", "");
  ASSERT_TRUE(f.ok());
  Limits small;
  small.max_pixels = 10000;
  StatusOr<Image> m = RenderTextMask("水印水印水印", *f, 200, small);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kImageTooLarge);
}

}  // namespace
}  // namespace ossimg::render
