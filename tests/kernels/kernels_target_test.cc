// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Per-target tests (Highway's hwy_gtest.h pattern): this TU is compiled for every attainable
// target (-DHWY_IS_TEST=1) and each TEST_P instance runs with hwy::SetSupportedTargetsForTest set
// to one target, so the library's dynamic dispatch picks that target's kernels. Every kernel is
// compared *exactly* with its scalar twin over awkward sizes derived from the target's lane count.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "tests/kernels/kernels_target_test.cc"
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>         // after foreach_target.h, which re-includes this file
#include <hwy/tests/hwy_gtest.h>

#include "src/kernels/kernels.h"
#include "src/kernels/reference/reference.h"
#include "tests/kernels/test_util.h"

HWY_BEFORE_NAMESPACE();
namespace ossimg::kernels::HWY_NAMESPACE {
namespace {

namespace hn = hwy::HWY_NAMESPACE;
using ::ossimg::kernels::ktest::CheckAlpha;
using ::ossimg::kernels::ktest::CheckReduce;
using ::ossimg::kernels::ktest::CheckShrink;

// The library is built without some targets this TU has (SSSE3); dispatch then falls back to a
// lower one, and this instance would only repeat that target's test under the wrong name.
bool LibraryRunsThisTarget() {
  SetForceScalar(false);
  return TargetCompiled(HWY_TARGET) && ActiveTarget() == HWY_TARGET;
}

#define OSSIMG_REQUIRE_LIBRARY_TARGET()                                                  \
  if (!LibraryRunsThisTarget()) {                                                        \
    GTEST_SKIP() << hwy::TargetName(HWY_TARGET) << " is not compiled into the library (" \
                 << "HWY_DISABLED_TARGETS)";                                             \
  }

// Widths around the vector sizes the kernels use: int32 lanes (horizontal kernels, one pixel per
// lane) and bytes (vertical kernels, width * channels bytes per row, two vectors per step).
std::vector<int32_t> AwkwardWidths() {
  const int32_t n = static_cast<int32_t>(hn::Lanes(hn::ScalableTag<int32_t>()));
  std::vector<int32_t> w = {1, 2, 3, n - 1, n, n + 1, 2 * n - 1, 2 * n + 1, 4 * n + 3, 37, 101};
  w.erase(std::remove_if(w.begin(), w.end(), [](int32_t v) { return v < 1; }), w.end());
  std::sort(w.begin(), w.end());
  w.erase(std::unique(w.begin(), w.end()), w.end());
  return w;
}

void TestActiveTargetIsThisTarget() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  EXPECT_STREQ(ActiveTargetName(), hwy::TargetName(HWY_TARGET));
  SetForceScalar(true);
  EXPECT_STREQ(ActiveTargetName(), "reference");
  SetForceScalar(false);
}

void TestReduceHorizontalMatchesReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 1;
  for (int c = 1; c <= 4; ++c) {
    for (int32_t out_w : AwkwardWidths()) {
      // Downscale by odd ratios, identity and upscale.
      for (int32_t in_w : {out_w, out_w * 3 + 1, out_w * 7 / 3 + 2, std::max(1, out_w / 3)}) {
        for (Filter f : {Filter::kLanczos3, Filter::kBilinear, Filter::kBicubic, Filter::kBox}) {
          const std::string err = CheckReduce(in_w, 3, out_w, 3, c, f, seed++);
          ASSERT_TRUE(err.empty()) << err;
        }
      }
    }
  }
}

void TestReduceVerticalMatchesReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 100;
  for (int c = 1; c <= 4; ++c) {
    for (int32_t w : AwkwardWidths()) {
      for (int32_t in_h : {1, 2, 5, 17}) {
        for (int32_t out_h : {1, 3, 8, 40}) {
          const std::string err = CheckReduce(w, in_h, w, out_h, c, Filter::kLanczos3, seed++);
          ASSERT_TRUE(err.empty()) << err;
        }
      }
    }
  }
}

void TestGaussianMatchesReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 300;
  for (int c = 1; c <= 4; ++c) {
    for (int32_t w : AwkwardWidths()) {
      for (auto [sigma, radius] : {std::pair{1.0, 2}, {5.0, 10}, {2.5, 1}, {50.0, 50}}) {
        const std::string err =
            ::ossimg::kernels::ktest::CheckGaussian(w, 7, c, sigma, radius, seed++);
        ASSERT_TRUE(err.empty()) << err;
      }
    }
  }
}

void TestReduceExtremeRatios() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  for (int c = 1; c <= 4; ++c) {
    // 1000:1 and 1:8, and everything down to a single pixel.
    std::string err = CheckReduce(2000, 3, 2, 3, c, Filter::kLanczos3, 7);
    ASSERT_TRUE(err.empty()) << err;
    err = CheckReduce(3, 1000, 3, 1, c, Filter::kLanczos3, 8);
    ASSERT_TRUE(err.empty()) << err;
    err = CheckReduce(5, 4, 40, 32, c, Filter::kLanczos3, 9);
    ASSERT_TRUE(err.empty()) << err;
    err = CheckReduce(1, 1, 8, 8, c, Filter::kBicubic, 10);
    ASSERT_TRUE(err.empty()) << err;
    err = CheckReduce(257, 255, 1, 1, c, Filter::kBilinear, 11);
    ASSERT_TRUE(err.empty()) << err;
  }
}

void TestShrinkMatchesReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 500;
  for (int c = 1; c <= 4; ++c) {
    for (int32_t out_w : AwkwardWidths()) {
      for (int32_t f : {1, 2, 3, 5, 8}) {
        // Exact multiples and a partial last box.
        for (int32_t in_w : {out_w * f, out_w * f + f / 2 + 1}) {
          const std::string err = CheckShrink(in_w, 2 * f + 1, f, f, c, seed++);
          ASSERT_TRUE(err.empty()) << err;
        }
      }
    }
    std::string err = CheckShrink(0, 3, 2, 2, c, seed++);  // width 0
    ASSERT_TRUE(err.empty()) << err;
    err = CheckShrink(2003, 2, 1000, 1, c, seed++);  // 1000:1, partial last box
    ASSERT_TRUE(err.empty()) << err;
    err = CheckShrink(3, 1001, 1, 1000, c, seed++);
    ASSERT_TRUE(err.empty()) << err;
    err = CheckShrink(7, 5, 7, 5, c, seed++);  // to a single pixel
    ASSERT_TRUE(err.empty()) << err;
  }
}

// Every (sum, n) the box shrink's division can meet, for n <= 48: column x of an n-row image
// sums to exactly x, for x in [0, 255 n].
void TestShrinkDivisionIsExact() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  for (int32_t n = 1; n <= 48; ++n) {
    const int32_t w = 255 * n + 1;
    Image src = std::move(Image::Create(w, n, PixelFormat::kGray8)).value();
    for (int32_t r = 0; r < n; ++r) {
      for (int32_t x = 0; x < w; ++x) {
        src.Row(r)[x] = static_cast<uint8_t>(std::clamp(x - 255 * r, 0, 255));
      }
    }
    Image a = std::move(Image::Create(w, 1, PixelFormat::kGray8)).value();
    Image b = std::move(Image::Create(w, 1, PixelFormat::kGray8)).value();
    ShrinkV(src.view(), a.mutable_view(), n, 0, 1);
    reference::ShrinkV(src.view(), b.mutable_view(), n, 0, 1);
    for (int32_t x = 0; x < w; ++x) {
      ASSERT_EQ(a.Row(0)[x], b.Row(0)[x]) << "sum " << x << " n " << n;
      ASSERT_EQ(b.Row(0)[x], (2 * x + n) / (2 * n));
    }
  }
}

void TestAlphaMatchesReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 900;
  for (int c : {2, 4}) {
    std::vector<int32_t> widths = AwkwardWidths();
    widths.push_back(0);
    // 16-bit lanes hold twice as many GrayA pixels as int32 lanes.
    widths.push_back(static_cast<int32_t>(hn::Lanes(hn::ScalableTag<uint16_t>())) + 1);
    for (int32_t w : widths) {
      const std::string err = CheckAlpha(w, 3, c, seed++);
      ASSERT_TRUE(err.empty()) << err;
    }
    // Enough random pixels to hit every (colour, alpha) pair many times.
    const std::string err = CheckAlpha(509, 400, c, seed++);
    ASSERT_TRUE(err.empty()) << err;
  }
}

void TestRotateMatchesReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 1300;
  const std::vector<int32_t> sizes = AwkwardWidths();
  for (int c = 1; c <= 4; ++c) {
    for (RightAngle op :
         {RightAngle::kFlipH, RightAngle::kFlipV, RightAngle::kRotate90, RightAngle::kRotate180,
          RightAngle::kRotate270, RightAngle::kTranspose, RightAngle::kTransverse}) {
      for (int32_t w : sizes) {
        for (int32_t h : {1, 2, 17, 40}) {
          const std::string err = ::ossimg::kernels::ktest::CheckRotate(w, h, c, op, seed++);
          ASSERT_TRUE(err.empty()) << err;
        }
      }
    }
  }
}

void TestRotateArbitraryMatchesReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 1700;
  for (int c = 1; c <= 4; ++c) {
    for (double deg : {0.0, 1.0, 30.0, 45.0, 90.0, 133.7, 180.0, 271.0, 359.0}) {
      for (int32_t w : AwkwardWidths()) {
        for (int32_t h : {1, 3, 20}) {
          const std::string err = ::ossimg::kernels::ktest::CheckWarp(w, h, c, deg, seed++);
          ASSERT_TRUE(err.empty()) << err;
        }
      }
    }
  }
}

void TestPointOpsMatchReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 2100;
  std::vector<int32_t> widths = AwkwardWidths();
  widths.push_back(0);
  for (int c = 1; c <= 4; ++c) {
    for (int32_t w : widths) {
      const std::string err = ::ossimg::kernels::ktest::CheckPointOps(w, 5, c, seed++);
      ASSERT_TRUE(err.empty()) << err;
    }
  }
}

void TestConvertMatchesReference() {
  OSSIMG_REQUIRE_LIBRARY_TARGET();
  uint32_t seed = 2500;
  for (int ci = 1; ci <= 4; ++ci) {
    for (int co = 1; co <= 4; ++co) {
      for (int32_t w : AwkwardWidths()) {
        const std::string err = ::ossimg::kernels::ktest::CheckConvert(w, 3, ci, co, seed++);
        ASSERT_TRUE(err.empty()) << err;
      }
    }
  }
}

}  // namespace
}  // namespace ossimg::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ossimg::kernels {
namespace {

HWY_BEFORE_TEST(KernelsTargetTest);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestActiveTargetIsThisTarget);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestReduceHorizontalMatchesReference);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestReduceVerticalMatchesReference);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestGaussianMatchesReference);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestReduceExtremeRatios);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestShrinkMatchesReference);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestShrinkDivisionIsExact);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestAlphaMatchesReference);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestRotateMatchesReference);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestRotateArbitraryMatchesReference);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestPointOpsMatchReference);
HWY_EXPORT_AND_TEST_P(KernelsTargetTest, TestConvertMatchesReference);

}  // namespace
}  // namespace ossimg::kernels
#endif  // HWY_ONCE
