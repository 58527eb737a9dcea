// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Executing a WatermarkStep: text and/or image watermark laid out as one block,
// placed by gravity and margins (or tiled with fill_1), and composited over the
// image. docs/watermark.md describes the layout rules; docs/compat.md
// ("Watermarks") every reading of an ambiguous rule.

#ifndef OSSIMG_SRC_PLAN_WATERMARK_H_
#define OSSIMG_SRC_PLAN_WATERMARK_H_

#include "ossimg/actions.h"
#include "ossimg/engine.h"
#include "ossimg/image.h"

#include "src/core/thread_pool.h"

namespace ossimg::plan {

// Draws the watermark onto `img` and returns it, same size. A grey image
// becomes RGB(A) when the watermark has colour. `pool` may be null (the calling
// thread does all rows); the pixels do not depend on it.
StatusOr<Image> RunWatermark(Image img, const WatermarkAction& a,
                             const Options& options, ThreadPool* pool);

// Where a w x h block goes on a W x H image for gravity g, margins x/y and
// voffset (may lie partly or wholly outside; the compositing clips).
struct Point {
  int64_t x = 0, y = 0;
};
Point WatermarkOrigin(Gravity g, int64_t W, int64_t H, int64_t w, int64_t h,
                      int32_t x, int32_t y, int32_t voffset);

}  // namespace ossimg::plan

#endif  // OSSIMG_SRC_PLAN_WATERMARK_H_
