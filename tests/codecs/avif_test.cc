// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// AVIF only: irot/imir transform boxes. The tests AVIF shares with HEIC (fixtures, round trips,
// quality and ICC, crop-on-load, limits) are the LossyFormatTest suite in heif_test.cc.

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

#include "tests/codecs/test_util.h"
#include <avif/avif.h>

namespace ossimg {
namespace {

using testing::MustDecode;

// Quadrant colours: top-left red, top-right green, bottom-left blue, bottom-right white.
const uint8_t kQuadrant[2][2][3] = {{{220, 30, 30}, {30, 200, 30}},
                                    {{30, 30, 220}, {240, 240, 240}}};

// A 64x32 four-colour AVIF carrying irot `angle` (-1: none) and imir `mode` (-1: none), written
// with libavif directly.
std::vector<uint8_t> TransformedAvif(int angle, int mode) {
  avifImage* img = avifImageCreate(64, 32, 8, AVIF_PIXEL_FORMAT_YUV444);
  avifRGBImage rgb;
  avifRGBImageSetDefaults(&rgb, img);
  rgb.format = AVIF_RGB_FORMAT_RGB;
  std::vector<uint8_t> px(64 * 32 * 3);
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 64; ++x) {
      for (int c = 0; c < 3; ++c) px[(y * 64 + x) * 3 + c] = kQuadrant[y / 16][x / 32][c];
    }
  }
  rgb.pixels = px.data();
  rgb.rowBytes = 64 * 3;
  EXPECT_EQ(avifImageRGBToYUV(img, &rgb), AVIF_RESULT_OK);
  if (angle >= 0) {
    img->transformFlags |= AVIF_TRANSFORM_IROT;
    img->irot.angle = static_cast<uint8_t>(angle);
  }
  if (mode >= 0) {
    img->transformFlags |= AVIF_TRANSFORM_IMIR;
    img->imir.mode = static_cast<uint8_t>(mode);
  }
  avifEncoder* enc = avifEncoderCreate();
  enc->speed = 10;
  enc->minQuantizer = enc->maxQuantizer = 10;
  avifRWData out = AVIF_DATA_EMPTY;
  EXPECT_EQ(avifEncoderWrite(enc, img, &out), AVIF_RESULT_OK);
  std::vector<uint8_t> bytes(out.data, out.data + out.size);
  avifRWDataFree(&out);
  avifEncoderDestroy(enc);
  avifImageDestroy(img);
  return bytes;
}

// irot (anticlockwise quarter turns, first) then imir (0: top<->bottom, 1: left<->right), on the
// 2x2 grid of quadrants, straight from ISO/IEC 23008-12: the picture the engine must show.
void Displayed(int angle, int mode, int grid[2][2]) {
  int g[2][2] = {{0, 1}, {2, 3}};  // quadrant ids, row-major
  for (int i = 0; i < (angle < 0 ? 0 : angle); ++i) {
    const int r[2][2] = {{g[0][1], g[1][1]}, {g[0][0], g[1][0]}};  // 90 degrees anticlockwise
    std::memcpy(g, r, sizeof(g));
  }
  if (mode == 0) std::swap(g[0], g[1]);
  if (mode == 1) {
    std::swap(g[0][0], g[0][1]);
    std::swap(g[1][0], g[1][1]);
  }
  std::memcpy(grid, g, sizeof(g));
}

TEST(AvifTest, IrotAndImirAreShownAsTheSpecificationSays) {
  Engine engine;
  for (int angle = -1; angle < 4; ++angle) {
    for (int mode = -1; mode < 2; ++mode) {
      SCOPED_TRACE("irot " + std::to_string(angle) + " imir " + std::to_string(mode));
      const std::vector<uint8_t> b = TransformedAvif(angle, mode);
      StatusOr<Result> r = engine.Process(b.data(), b.size(), "image/format,png");
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      const bool turned = angle == 1 || angle == 3;
      ASSERT_EQ(r->width, turned ? 32 : 64);
      ASSERT_EQ(r->height, turned ? 64 : 32);
      const Image out = MustDecode(r->bytes);
      int grid[2][2];
      Displayed(angle, mode, grid);
      for (int qy = 0; qy < 2; ++qy) {
        for (int qx = 0; qx < 2; ++qx) {
          const int x = out.width() / 4 + qx * out.width() / 2;
          const int y = out.height() / 4 + qy * out.height() / 2;
          const uint8_t* want = kQuadrant[grid[qy][qx] / 2][grid[qy][qx] % 2];
          for (int c = 0; c < 3; ++c) {
            EXPECT_NEAR(out.Row(y)[x * out.channels() + c], want[c], 24) << qx << "," << qy;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace ossimg
