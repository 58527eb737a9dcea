// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Geometry from sizes alone, checked against every size OSS documents or its
// SDK tests assert.

#include "plan/geometry.h"

#include <string>

#include <gtest/gtest.h>

#include "ossimg/process.h"

namespace ossimg::plan {
namespace {

Size Out(const std::string& process, Size src, int orientation = 1,
         ImageFormat fmt = ImageFormat::kJpeg) {
  StatusOr<ProcessSpec> spec = ParseProcess(process);
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  if (!spec.ok()) return Size{};
  StatusOr<GeometryTrace> t =
      TraceGeometry(*spec, src, orientation, fmt, Limits());
  EXPECT_TRUE(t.ok()) << process << " -> " << t.status().ToString();
  return t.ok() ? t->output : Size{-1, -1};
}

Status Err(const std::string& process, Size src) {
  StatusOr<ProcessSpec> spec = ParseProcess(process);
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  StatusOr<GeometryTrace> t =
      TraceGeometry(*spec, src, 1, ImageFormat::kJpeg, Limits());
  EXPECT_FALSE(t.ok()) << process;
  return t.ok() ? Status() : t.status();
}

::testing::AssertionResult Is(Size got, int w, int h) {
  if (got.width == w && got.height == h) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << got.width << "x" << got.height << ", want " << w << "x"
         << h;
}

TEST(ResizeGeometryTest, DocumentedModes) {
  // OSS resize documentation: a 200x100 source, w_150,h_80.
  const Size src{200, 100};
  EXPECT_TRUE(Is(Out("image/resize,m_lfit,w_150,h_80,limit_0", src), 150, 75));
  EXPECT_TRUE(Is(Out("image/resize,m_mfit,w_150,h_80,limit_0", src), 160, 80));
  EXPECT_TRUE(Is(Out("image/resize,m_fill,w_150,h_80,limit_0", src), 150, 80));
  EXPECT_TRUE(Is(Out("image/resize,m_pad,w_150,h_80,limit_0", src), 150, 80));
  EXPECT_TRUE(Is(Out("image/resize,m_fixed,w_150,h_80,limit_0", src), 150, 80));
  // fixed with one side: the other side takes the same value.
  EXPECT_TRUE(Is(Out("image/resize,m_fixed,h_100", src), 100, 100));
}

TEST(ResizeGeometryTest, FourHundredByThreeHundredExamples) {
  const Size src{400, 300};
  EXPECT_TRUE(Is(Out("image/resize,h_100", src), 133, 100));
  EXPECT_TRUE(Is(Out("image/resize,m_fill,w_100,h_100", src), 100, 100));
  EXPECT_TRUE(
      Is(Out("image/resize,m_pad,w_100,h_100,color_FF0000", src), 100, 100));
  StatusOr<ResizeGeometry> pad = ResizeTarget(
      std::get<ResizeAction>(
          ParseProcess("image/resize,m_pad,w_100,h_100")->actions[0]),
      src, false, Limits());
  ASSERT_TRUE(pad.ok());
  EXPECT_TRUE(Is(pad->scaled, 100, 75));
  EXPECT_EQ(pad->offset_y, 12);
  StatusOr<ResizeGeometry> fill = ResizeTarget(
      std::get<ResizeAction>(
          ParseProcess("image/resize,m_fill,w_100,h_100")->actions[0]),
      src, false, Limits());
  ASSERT_TRUE(fill.ok());
  EXPECT_TRUE(Is(fill->scaled, 133, 100));
  EXPECT_EQ(fill->crop.x, 16);
}

TEST(ResizeGeometryTest, RoundingIsHalfUp) {
  // 3924x2550 with l_923,h_600 -> 923x600 (923.29...), from the OSS HEIF/AVIF
  // page.
  EXPECT_TRUE(Is(Out("image/resize,l_923,h_600", Size{3924, 2550}), 923, 600));
  // 3 * 50 / 100 = 1.5 rounds up to 2.
  EXPECT_TRUE(Is(Out("image/resize,p_50", Size{3, 3}), 2, 2));
  // Never below one pixel.
  EXPECT_TRUE(Is(Out("image/resize,w_1", Size{1000, 1}), 1, 1));
}

TEST(ResizeGeometryTest, LongAndShortSides) {
  EXPECT_TRUE(Is(Out("image/resize,l_100", Size{400, 300}), 100, 75));
  EXPECT_TRUE(Is(Out("image/resize,l_100", Size{300, 400}), 75, 100));
  EXPECT_TRUE(Is(Out("image/resize,s_100", Size{400, 300}), 133, 100));
  EXPECT_TRUE(Is(Out("image/resize,s_100", Size{300, 400}), 100, 133));
  // l and s together: a long x short box oriented like the image.
  EXPECT_TRUE(Is(Out("image/resize,l_200,s_50", Size{400, 300}), 67, 50));
  EXPECT_TRUE(
      Is(Out("image/resize,m_fixed,l_200,s_50", Size{300, 400}), 50, 200));
}

TEST(ResizeGeometryTest, LimitRefusesToEnlarge) {
  EXPECT_TRUE(Is(Out("image/resize,w_800", Size{400, 300}), 400, 300));
  EXPECT_TRUE(Is(Out("image/resize,w_800,limit_0", Size{400, 300}), 800, 600));
  EXPECT_TRUE(
      Is(Out("image/resize,m_fixed,w_500,h_100", Size{400, 300}), 400, 300));
  // Percentages may enlarge (documented), except GIFs, which OSS never
  // enlarges.
  EXPECT_TRUE(Is(Out("image/resize,p_200", Size{400, 300}), 800, 600));
  EXPECT_TRUE(
      Is(Out("image/resize,p_200", Size{400, 300}, 1, ImageFormat::kGif), 400,
         300));
  EXPECT_TRUE(Is(
      Out("image/resize,w_800,limit_0", Size{400, 300}, 1, ImageFormat::kGif),
      400, 300));
}

TEST(ResizeGeometryTest, OutputLimits) {
  // EC-007's example: a 5000x5000 target is over 4096^2 pixels.
  const Status s =
      Err("image/resize,m_fixed,w_5000,h_5000,limit_0", Size{100, 100});
  EXPECT_EQ(s.code(), StatusCode::kImageTooLarge);
  EXPECT_EQ(s.ec(), "0040-00000007");
  EXPECT_TRUE(
      Is(Out("image/resize,m_fixed,w_4096,h_4096,limit_0", Size{100, 100}),
         4096, 4096));
  EXPECT_TRUE(
      Is(Out("image/resize,m_fixed,w_16384,h_1,limit_0", Size{100, 100}), 16384,
         1));
}

TEST(OrientationTest, AppliedFirstWhereverAutoOrientIsWritten) {
  // OSS's example: f.jpg is 424x333 with EXIF orientation 7; resize,w_100 gives
  // 100x127 whether or not auto-orient,1 is written, and even when written
  // after the resize.
  EXPECT_TRUE(
      Is(Out("image/resize,w_100/auto-orient,1", Size{424, 333}, 7), 100, 127));
  EXPECT_TRUE(Is(Out("image/resize,w_100/", Size{424, 333}, 7), 100, 127));
  EXPECT_TRUE(
      Is(Out("image/resize,w_100/auto-orient,0", Size{424, 333}, 7), 100, 79));
  for (int o = 1; o <= 8; ++o) {
    const Size s = OrientedSize(o, Size{10, 20});
    EXPECT_EQ(s.width, o >= 5 ? 20 : 10) << o;
  }
}

TEST(CropGeometryTest, PythonSdkExampleAndGravity) {
  // example.jpg is 400x267.
  const Size src{400, 267};
  EXPECT_TRUE(Is(Out("image/crop,w_100,h_100,x_100,y_100,r_1", src), 100, 100));
  StatusOr<Rect> se = CropRect(CropAction{50, 50, 0, 0, Gravity::kSE}, src);
  ASSERT_TRUE(se.ok());
  EXPECT_EQ(*se, (Rect{350, 217, 50, 50}));
  StatusOr<Rect> c =
      CropRect(CropAction{100, 100, 0, 0, Gravity::kCenter}, src);
  EXPECT_EQ(*c, (Rect{150, 83, 100, 100}));  // srcH/2 - h/2, each halved first
  // Clipped to the image.
  StatusOr<Rect> clip = CropRect(CropAction{0, 0, 350, 200, Gravity::kNW}, src);
  EXPECT_EQ(*clip, (Rect{350, 200, 50, 67}));
  const Status out = Err("image/crop,x_400,w_10", src);
  EXPECT_EQ(out.code(), StatusCode::kBadRequest);
  EXPECT_EQ(out.message(), "Advance cut's position is out of image.");
}

TEST(IndexCropGeometryTest, SlicesAndPastTheEnd) {
  const Size src{250, 100};
  EXPECT_EQ(IndexCropRect(IndexCropAction{100, 0, 0}, src),
            (Rect{0, 0, 100, 100}));
  EXPECT_EQ(IndexCropRect(IndexCropAction{100, 0, 2}, src),
            (Rect{200, 0, 50, 100}));
  EXPECT_EQ(IndexCropRect(IndexCropAction{100, 0, 3}, src),
            (Rect{0, 0, 250, 100}));
  EXPECT_EQ(IndexCropRect(IndexCropAction{0, 30, 3}, src),
            (Rect{0, 90, 250, 10}));
}

TEST(CircleGeometryTest, RadiusClampedToHalfTheShorterSide) {
  int32_t r = 0;
  EXPECT_EQ(CircleRect(CircleAction{100}, Size{400, 267}, &r),
            (Rect{100, 33, 200, 200}));
  EXPECT_EQ(r, 100);
  EXPECT_EQ(CircleRect(CircleAction{4096}, Size{400, 267}, &r),
            (Rect{67, 0, 266, 266}));
  EXPECT_EQ(r, 133);
}

TEST(RotateGeometryTest, RightAnglesAndBoundingBoxes) {
  EXPECT_TRUE(Is(Out("image/rotate,90", Size{400, 267}), 267, 400));
  EXPECT_TRUE(Is(Out("image/rotate,180", Size{400, 267}), 400, 267));
  EXPECT_TRUE(Is(Out("image/rotate,360", Size{400, 267}), 400, 267));
  EXPECT_TRUE(Is(Out("image/rotate,45", Size{100, 100}), 141, 141));
  const Status big = Err("image/rotate,90", Size{4097, 10});
  EXPECT_EQ(big.code(), StatusCode::kBadRequest);
  EXPECT_EQ(big.message(),
            "Picture exceed the maximum allowable rotation range.");
}

TEST(TraceTest, OutputFormatAndAnswers) {
  StatusOr<ProcessSpec> spec = ParseProcess("image/resize,w_100/format,gif");
  StatusOr<GeometryTrace> t =
      TraceGeometry(*spec, Size{400, 300}, 1, ImageFormat::kPng, Limits());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->output_format, ImageFormat::kPng);  // gif only converts GIFs
  spec = ParseProcess("image/format,webp/info/resize,w_10");
  t = TraceGeometry(*spec, Size{400, 300}, 1, ImageFormat::kPng, Limits());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->output_kind, GeometryTrace::Output::kInfoJson);
  EXPECT_EQ(t->steps.size(), 2u);  // info ends the chain
  EXPECT_TRUE(Is(t->output, 400, 300));
  spec = ParseProcess("image/format,webp");
  t = TraceGeometry(*spec, Size{16384, 10}, 1, ImageFormat::kPng, Limits());
  EXPECT_EQ(t.status().ec(), "0040-00000011");
}

}  // namespace
}  // namespace ossimg::plan
