// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// GIF and the multi-frame API: probe facts, composition (offsets, the three disposal modes,
// transparency, interlacing), delays and loop counts through decode -> encode -> decode for GIF
// and animated WebP, the palette quantiser, limits (frames x pixels, frame cap), truncated and
// hostile files. Fixtures are written here with giflib's encoder (gif_builder.h).

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "codecs/quantize.h"
#include "ossimg/codec.h"

#include "tests/codecs/gif_builder.h"
#include "tests/codecs/test_util.h"

namespace ossimg {
namespace {

using testing::BuildGif;
using testing::CountDiff;
using testing::GifFrameSpec;
using testing::MakeImage;
using testing::SolidFrame;

// 0 red, 1 green, 2 blue, 3 white.
const std::vector<uint8_t> kPalette = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};

// The RGBA (or RGB) pixel at x, y as 0xRRGGBBAA (alpha 255 for RGB).
uint32_t Px(const Image& img, int x, int y) {
  const uint8_t* p = img.Row(y) + x * img.channels();
  const uint32_t a = img.channels() == 4 ? p[3] : 255;
  return static_cast<uint32_t>(p[0]) << 24 | p[1] << 16 | p[2] << 8 | a;
}
constexpr uint32_t kRed = 0xFF0000FF, kGreen = 0x00FF00FF, kBlue = 0x0000FFFF;
constexpr uint32_t kClear = 0;

Animation MustDecodeAnimation(const std::vector<uint8_t>& b, const Limits& l = Limits()) {
  StatusOr<Animation> a = DecodeAnimation(b.data(), b.size(), l);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? std::move(a).value() : Animation();
}

std::vector<uint8_t> MustEncodeAnimation(const Animation& a, ImageFormat f,
                                         const EncodeOptions& o = {}) {
  StatusOr<std::vector<uint8_t>> r = EncodeAnimation(a, f, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : std::vector<uint8_t>();
}

// Three frames over a red 4x4 background: blue 2x2 at (1,1) disposed as `disposal`, then a green
// pixel at (0,0).
std::vector<uint8_t> DisposalGif(int disposal) {
  GifFrameSpec bg = SolidFrame(0, 0, 4, 4, 0);
  bg.delay_cs = 10;
  GifFrameSpec blue = SolidFrame(1, 1, 2, 2, 2);
  blue.disposal = disposal;
  blue.delay_cs = 20;
  GifFrameSpec green = SolidFrame(0, 0, 1, 1, 1);
  green.delay_cs = 30;
  return BuildGif(4, 4, kPalette, {bg, blue, green}, 3);
}

TEST(GifTest, ProbeCountsFrames) {
  const std::vector<uint8_t> b = DisposalGif(DISPOSE_DO_NOT);
  ASSERT_FALSE(b.empty());
  StatusOr<ImageInfo> info = ProbeImage(b.data(), b.size());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->format, ImageFormat::kGif);
  EXPECT_EQ(info->width, 4);
  EXPECT_EQ(info->height, 4);
  EXPECT_EQ(info->frame_count, 3);
  EXPECT_TRUE(info->palette);
  // Opaque: the first frame covers the canvas, nothing is transparent or cleared.
  EXPECT_EQ(info->pixel_format, PixelFormat::kRGB8);
  EXPECT_TRUE(CanDecode(ImageFormat::kGif));
  EXPECT_TRUE(CanEncode(ImageFormat::kGif));
}

TEST(GifTest, DisposalNoneKeepsTheFrame) {
  const Animation a = MustDecodeAnimation(DisposalGif(DISPOSE_DO_NOT));
  ASSERT_EQ(a.frames.size(), 3u);
  EXPECT_EQ(Px(a.frames[0], 1, 1), kRed);
  EXPECT_EQ(Px(a.frames[1], 1, 1), kBlue);
  EXPECT_EQ(Px(a.frames[1], 0, 0), kRed);
  EXPECT_EQ(Px(a.frames[2], 0, 0), kGreen);
  EXPECT_EQ(Px(a.frames[2], 2, 2), kBlue);
  EXPECT_EQ(Px(a.frames[2], 3, 3), kRed);
  EXPECT_EQ(a.delays_ms, (std::vector<int>{100, 200, 300}));
  EXPECT_EQ(a.loop_count, 4);  // NETSCAPE 3: three repeats after the first play
}

TEST(GifTest, DisposalBackgroundClearsToTransparent) {
  const Animation a = MustDecodeAnimation(DisposalGif(DISPOSE_BACKGROUND));
  ASSERT_EQ(a.frames.size(), 3u);
  ASSERT_EQ(a.frames[0].format(), PixelFormat::kRGBA8);
  EXPECT_EQ(Px(a.frames[1], 2, 2), kBlue);
  EXPECT_EQ(Px(a.frames[2], 1, 1), kClear);
  EXPECT_EQ(Px(a.frames[2], 2, 2), kClear);
  EXPECT_EQ(Px(a.frames[2], 3, 3), kRed);
  EXPECT_EQ(Px(a.frames[2], 0, 0), kGreen);
}

TEST(GifTest, DisposalPreviousRestores) {
  const Animation a = MustDecodeAnimation(DisposalGif(DISPOSE_PREVIOUS));
  ASSERT_EQ(a.frames.size(), 3u);
  EXPECT_EQ(Px(a.frames[1], 1, 1), kBlue);
  EXPECT_EQ(Px(a.frames[2], 1, 1), kRed);
  EXPECT_EQ(Px(a.frames[2], 2, 2), kRed);
  EXPECT_EQ(Px(a.frames[2], 0, 0), kGreen);
}

TEST(GifTest, TransparentIndexLeavesTheCanvas) {
  GifFrameSpec bg = SolidFrame(0, 0, 3, 1, 0);
  GifFrameSpec top = SolidFrame(0, 0, 3, 1, 3);
  top.idx = {2, 3, 1};
  top.transparent = 3;  // white is transparent
  const Animation a = MustDecodeAnimation(BuildGif(3, 1, kPalette, {bg, top}));
  ASSERT_EQ(a.frames.size(), 2u);
  EXPECT_EQ(Px(a.frames[1], 0, 0), kBlue);
  EXPECT_EQ(Px(a.frames[1], 1, 0), kRed);
  EXPECT_EQ(Px(a.frames[1], 2, 0), kGreen);
  // A transparent index in the first frame shows the empty canvas.
  GifFrameSpec only = top;
  const std::vector<uint8_t> b = BuildGif(3, 1, kPalette, {only});
  Image img = testing::MustDecode(b);
  ASSERT_EQ(img.format(), PixelFormat::kRGBA8);
  EXPECT_EQ(Px(img, 1, 0), kClear);
}

TEST(GifTest, FrameOffsetsAndClipping) {
  // The second frame hangs over the right and bottom edges: it is clipped, not refused.
  GifFrameSpec bg = SolidFrame(0, 0, 4, 4, 0);
  GifFrameSpec over = SolidFrame(3, 2, 5, 5, 2);
  const Animation a = MustDecodeAnimation(BuildGif(4, 4, kPalette, {bg, over}));
  ASSERT_EQ(a.frames.size(), 2u);
  EXPECT_EQ(Px(a.frames[1], 3, 2), kBlue);
  EXPECT_EQ(Px(a.frames[1], 3, 3), kBlue);
  EXPECT_EQ(Px(a.frames[1], 2, 2), kRed);
  EXPECT_EQ(Px(a.frames[1], 3, 1), kRed);
  // A first frame that does not cover the canvas leaves the rest transparent.
  const Animation b = MustDecodeAnimation(BuildGif(4, 4, kPalette, {SolidFrame(1, 1, 2, 2, 1)}));
  ASSERT_EQ(b.frames.size(), 1u);
  EXPECT_EQ(Px(b.frames[0], 0, 0), kClear);
  EXPECT_EQ(Px(b.frames[0], 1, 1), kGreen);
}

TEST(GifTest, InterlacedEqualsProgressiveOrder) {
  GifFrameSpec f;
  f.w = 5;
  f.h = 11;  // every interlace pass has rows, the last ones partly
  for (int i = 0; i < f.w * f.h; ++i) f.idx.push_back(static_cast<uint8_t>((i * 7 / 3) % 4));
  GifFrameSpec fi = f;
  fi.interlace = true;
  const Image a = testing::MustDecode(BuildGif(5, 11, kPalette, {f}));
  const Image b = testing::MustDecode(BuildGif(5, 11, kPalette, {fi}));
  EXPECT_EQ(CountDiff(a.view(), b.view()), 0);
  EXPECT_EQ(Px(a, 4, 10), kBlue);  // index (10*5+4)*7/3 % 4 = 2
}

TEST(GifTest, NoLoopExtensionPlaysOnce) {
  const std::vector<uint8_t> b =
      BuildGif(2, 2, kPalette, {SolidFrame(0, 0, 2, 2, 0), SolidFrame(0, 0, 2, 2, 1)}, -1);
  EXPECT_EQ(MustDecodeAnimation(b).loop_count, 1);
  const std::vector<uint8_t> forever =
      BuildGif(2, 2, kPalette, {SolidFrame(0, 0, 2, 2, 0), SolidFrame(0, 0, 2, 2, 1)}, 0);
  EXPECT_EQ(MustDecodeAnimation(forever).loop_count, 0);
}

// Decode -> encode -> decode keeps every composed frame, the delays and the loop count.
void ExpectSameAnimation(const Animation& a, const Animation& b) {
  ASSERT_EQ(a.frames.size(), b.frames.size());
  EXPECT_EQ(a.delays_ms, b.delays_ms);
  EXPECT_EQ(a.loop_count, b.loop_count);
  for (size_t i = 0; i < a.frames.size(); ++i) {
    ASSERT_EQ(a.frames[i].width(), b.frames[i].width());
    ASSERT_EQ(a.frames[i].height(), b.frames[i].height());
    for (int y = 0; y < a.frames[i].height(); ++y) {
      for (int x = 0; x < a.frames[i].width(); ++x) {
        const uint32_t pa = Px(a.frames[i], x, y), pb = Px(b.frames[i], x, y);
        // Colour under a transparent pixel is not kept.
        if ((pa & 255) == 0 && (pb & 255) == 0) continue;
        ASSERT_EQ(pa, pb) << "frame " << i << " at " << x << "," << y;
      }
    }
  }
}

TEST(GifTest, AnimationRoundTripsThroughGif) {
  for (int disposal : {DISPOSE_DO_NOT, DISPOSE_BACKGROUND, DISPOSE_PREVIOUS}) {
    const Animation src = MustDecodeAnimation(DisposalGif(disposal));
    const std::vector<uint8_t> gif = MustEncodeAnimation(src, ImageFormat::kGif);
    StatusOr<ImageInfo> info = ProbeImage(gif.data(), gif.size());
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->frame_count, 3);
    ExpectSameAnimation(src, MustDecodeAnimation(gif));
  }
}

TEST(GifTest, AnimationRoundTripsThroughWebp) {
  for (int disposal : {DISPOSE_DO_NOT, DISPOSE_BACKGROUND, DISPOSE_PREVIOUS}) {
    const Animation src = MustDecodeAnimation(DisposalGif(disposal));
    EncodeOptions lossless;
    lossless.lossless = true;
    const std::vector<uint8_t> webp = MustEncodeAnimation(src, ImageFormat::kWebp, lossless);
    StatusOr<ImageInfo> info = ProbeImage(webp.data(), webp.size());
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->format, ImageFormat::kWebp);
    EXPECT_EQ(info->frame_count, 3);
    const Animation back = MustDecodeAnimation(webp);
    ExpectSameAnimation(src, back);
    // And back to GIF: WebP -> GIF keeps it all too.
    ExpectSameAnimation(src, MustDecodeAnimation(MustEncodeAnimation(back, ImageFormat::kGif)));
  }
}

TEST(GifTest, LossyWebpAnimationKeepsTiming) {
  Animation a;
  for (int i = 0; i < 3; ++i) {
    a.frames.push_back(MakeImage(40, 30, PixelFormat::kRGB8, i + 1));
    a.delays_ms.push_back(40 + 10 * i);
  }
  a.loop_count = 2;
  const Animation back = MustDecodeAnimation(MustEncodeAnimation(a, ImageFormat::kWebp));
  ASSERT_EQ(back.frames.size(), 3u);
  EXPECT_EQ(back.delays_ms, a.delays_ms);
  EXPECT_EQ(back.loop_count, 2);
  EXPECT_EQ(back.frames[0].format(), PixelFormat::kRGB8);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_LT(testing::MeanAbsDiff(a.frames[i].view(), back.frames[i].view()), 6.0) << i;
  }
}

TEST(GifTest, StillImagesAreOneFrame) {
  const Image img = MakeImage(16, 8, PixelFormat::kRGB8);
  StatusOr<std::vector<uint8_t>> png = EncodeImage(img.view(), ImageFormat::kPng);
  ASSERT_TRUE(png.ok());
  const Animation a = MustDecodeAnimation(*png);
  ASSERT_EQ(a.frames.size(), 1u);
  EXPECT_EQ(CountDiff(a.frames[0].view(), img.view()), 0);
  // One frame encodes anywhere; several only where the format animates.
  EXPECT_FALSE(MustEncodeAnimation(a, ImageFormat::kJpeg).empty());
  Animation two;
  two.frames.push_back(MakeImage(4, 4, PixelFormat::kRGB8, 1));
  two.frames.push_back(MakeImage(4, 4, PixelFormat::kRGB8, 2));
  two.delays_ms = {10, 10};
  EXPECT_EQ(EncodeAnimation(two, ImageFormat::kPng).status().code(), StatusCode::kUnsupported);
  two.delays_ms = {10};
  EXPECT_EQ(EncodeAnimation(two, ImageFormat::kGif).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(GifTest, FewColoursAreExact) {
  // 200 colours: written exactly, whatever the dithering setting.
  Image img = *Image::Create(20, 10, PixelFormat::kRGBA8);
  for (int y = 0; y < 10; ++y) {
    for (int x = 0; x < 20; ++x) {
      uint8_t* p = img.Row(y) + 4 * x;
      p[0] = static_cast<uint8_t>(x * 13);
      p[1] = static_cast<uint8_t>(y * 25);
      p[2] = static_cast<uint8_t>((x * y) & 255);
      p[3] = (x == 0) ? 0 : 255;  // a transparent column
    }
  }
  img.set_alpha(AlphaMode::kStraight);
  StatusOr<std::vector<uint8_t>> gif = EncodeImage(img.view(), ImageFormat::kGif);
  ASSERT_TRUE(gif.ok()) << gif.status().ToString();
  const Image back = testing::MustDecode(*gif);
  ASSERT_EQ(back.format(), PixelFormat::kRGBA8);
  for (int y = 0; y < 10; ++y) {
    for (int x = 0; x < 20; ++x) {
      const uint32_t a = Px(img, x, y), b = Px(back, x, y);
      if (x == 0) {
        EXPECT_EQ(b & 255, 0u);
      } else {
        EXPECT_EQ(a, b) << x << "," << y;
      }
    }
  }
}

// Smooth gradients in three directions: far more than 256 colours.
Image Gradient(int w, int h) {
  Image img = *Image::Create(w, h, PixelFormat::kRGB8);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* p = img.Row(y) + 3 * x;
      p[0] = static_cast<uint8_t>(x * 255 / (w - 1));
      p[1] = static_cast<uint8_t>(y * 255 / (h - 1));
      p[2] = static_cast<uint8_t>((x + y) * 255 / (w + h - 2));
    }
  }
  return img;
}

double Psnr(const ImageView& a, const ImageView& b) {
  double se = 0;
  for (int32_t y = 0; y < a.height; ++y) {
    for (int32_t x = 0; x < a.width * a.channels(); ++x) {
      const double d = static_cast<double>(a.Row(y)[x]) - b.Row(y)[x];
      se += d * d;
    }
  }
  return 10 * std::log10(255.0 * 255.0 * a.width * a.height * a.channels() / std::max(se, 1.0));
}

TEST(GifTest, PhotoPaletteIsClose) {
  // Thousands of colours: median cut must stay close; a single-colour-per-box palette of 8 or a
  // grey ramp would not reach these numbers.
  const Image img = Gradient(96, 64);
  for (bool dither : {false, true}) {
    EncodeOptions o;
    o.gif_dither = dither;
    StatusOr<std::vector<uint8_t>> gif = EncodeImage(img.view(), ImageFormat::kGif, o);
    ASSERT_TRUE(gif.ok());
    const Image back = testing::MustDecode(*gif);
    ASSERT_EQ(back.format(), PixelFormat::kRGB8);
    EXPECT_GT(Psnr(img.view(), back.view()), dither ? 33.0 : 35.0) << dither;
  }
  // The palette is built deterministically: same bytes twice.
  EXPECT_EQ(*EncodeImage(img.view(), ImageFormat::kGif), *EncodeImage(img.view(), ImageFormat::kGif));
}

TEST(GifTest, QuantiserPaletteSizes) {
  const Image img = Gradient(64, 64);
  for (int n : {2, 16, 255, 256}) {
    const codecs::Palette p = codecs::BuildPalette({img.view()}, n);
    EXPECT_LE(p.size(), n);
    EXPECT_GE(p.size(), std::min(n, 2));
    EXPECT_FALSE(p.exact);
    std::vector<uint8_t> idx(64 * 64);
    codecs::MapToPalette(img.view(), p, true, idx.data());
    for (uint8_t i : idx) ASSERT_LT(i, p.size());
  }
}

TEST(GifTest, GrayAndGrayAlphaEncode) {
  for (PixelFormat f : {PixelFormat::kGray8, PixelFormat::kGrayA8}) {
    const Image img = MakeImage(12, 12, f);
    StatusOr<std::vector<uint8_t>> gif = EncodeImage(img.view(), ImageFormat::kGif);
    ASSERT_TRUE(gif.ok()) << PixelFormatName(f);
    const Image back = testing::MustDecode(*gif);
    EXPECT_EQ(back.width(), 12);
  }
}

TEST(GifTest, LimitsCountEveryFrame) {
  const std::vector<uint8_t> b = DisposalGif(DISPOSE_DO_NOT);  // 4x4, 3 frames = 48 px
  Limits l;
  l.max_pixels = 47;
  EXPECT_EQ(ProbeImage(b.data(), b.size(), l).status().code(), StatusCode::kImageTooLarge);
  EXPECT_EQ(DecodeAnimation(b.data(), b.size(), l).status().code(), StatusCode::kImageTooLarge);
  l.max_pixels = 48;
  EXPECT_TRUE(ProbeImage(b.data(), b.size(), l).ok());
  Limits frames;
  frames.max_frames = 2;
  EXPECT_EQ(ProbeImage(b.data(), b.size(), frames).status().code(), StatusCode::kImageTooLarge);
  // Frames far larger than the canvas count with their own area (the LZW work), not the canvas.
  const std::vector<uint8_t> big =
      BuildGif(2, 2, kPalette, {SolidFrame(0, 0, 2, 2, 0), SolidFrame(0, 0, 300, 300, 1)});
  Limits small;
  small.max_pixels = 10000;
  EXPECT_EQ(ProbeImage(big.data(), big.size(), small).status().code(),
            StatusCode::kImageTooLarge);
  // The memory budget covers every composed frame.
  Limits mem;
  mem.max_memory_bytes = 4 * 1024;
  EXPECT_EQ(DecodeAnimation(b.data(), b.size(), mem).status().code(), StatusCode::kImageTooLarge);
}

TEST(GifTest, TruncatedFiles) {
  const std::vector<uint8_t> b = DisposalGif(DISPOSE_DO_NOT);
  // Every prefix: a clean error or a picture, never a crash.
  for (size_t n = 0; n < b.size(); ++n) {
    StatusOr<Animation> a = DecodeAnimation(b.data(), n);
    if (!a.ok()) {
      EXPECT_TRUE(a.status().code() == StatusCode::kCorruptInput ||
                  a.status().code() == StatusCode::kUnsupported)
          << n << ": " << a.status().ToString();
    }
  }
  // Without the trailer the file is whole.
  EXPECT_EQ(MustDecodeAnimation(std::vector<uint8_t>(b.begin(), b.end() - 1)).frames.size(), 3u);
  // Cut inside the last frame's data: the whole frames before it, or an error when strict.
  const std::vector<uint8_t> cut(b.begin(), b.end() - 4);
  EXPECT_EQ(MustDecodeAnimation(cut).frames.size(), 2u);
  DecodeOptions strict;
  strict.fail_on_truncated = true;
  EXPECT_EQ(DecodeImage(cut.data(), cut.size(), strict).status().code(),
            StatusCode::kCorruptInput);
  EXPECT_TRUE(DecodeImage(cut.data(), cut.size()).ok());
}

TEST(GifTest, HostileFiles) {
  // No colour table at all.
  std::vector<uint8_t> b = BuildGif(2, 2, kPalette, {SolidFrame(0, 0, 2, 2, 0)});
  ASSERT_GT(b.size(), 13u);
  std::vector<uint8_t> no_table(b.begin(), b.begin() + 13);
  no_table[10] &= 0x7F;  // no global table
  no_table.insert(no_table.end(), b.begin() + 13 + 12, b.end());  // skip the 4-entry table
  EXPECT_EQ(DecodeImage(no_table.data(), no_table.size()).status().code(),
            StatusCode::kCorruptInput);
  // A lying screen descriptor.
  std::vector<uint8_t> huge = b;
  huge[6] = huge[7] = huge[8] = huge[9] = 0xFF;
  EXPECT_EQ(ProbeImage(huge.data(), huge.size()).status().code(), StatusCode::kImageTooLarge);
  // Garbage LZW data inside a whole frame.
  std::vector<uint8_t> lzw = BuildGif(8, 8, kPalette, {SolidFrame(0, 0, 8, 8, 1)});
  for (size_t i = lzw.size() - 8; i < lzw.size() - 2; ++i) lzw[i] = 0xFF;
  StatusOr<Image> r = DecodeImage(lzw.data(), lzw.size());
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), StatusCode::kCorruptInput);
  }
}

TEST(GifTest, ShrinkOnLoadIsRefusedCropWorks) {
  const std::vector<uint8_t> b = DisposalGif(DISPOSE_DO_NOT);
  DecodeOptions half;
  half.scale_denom = 2;
  EXPECT_EQ(DecodeImage(b.data(), b.size(), half).status().code(), StatusCode::kUnsupported);
  DecodeOptions crop;
  crop.crop = Rect{1, 1, 2, 2};
  const Image img = testing::MustDecode(b, crop);
  EXPECT_EQ(img.width(), 2);
  EXPECT_EQ(Px(img, 0, 0), kRed);  // the first frame only
}

}  // namespace
}  // namespace ossimg
