// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Porter-Duff "over" of a watermark onto an image, in 8-bit fixed point, in the
// image's own (sRGB-encoded) values, as libvips' composite, cairo and browsers
// blend by default. Every destination layout is handled in place: Gray8 / RGB8
// (opaque), GrayA8 / RGBA8 with straight or premultiplied alpha. A destination
// pixel under zero watermark alpha is never written, so unmarked pixels keep
// their exact bytes. Rows are independent: callers split the destination into
// row strips on a thread pool, and the result does not depend on the split.

#ifndef OSSIMG_RENDER_COMPOSITE_H_
#define OSSIMG_RENDER_COMPOSITE_H_

#include <cstdint>

#include "ossimg/image.h"

namespace ossimg::render {

// Draws `mask` (Gray8 coverage) in the solid colour 0xRRGGBB with `opacity` in
// [0,255], its top-left corner at (x, y) of `dst`, touching only destination
// rows [row_begin, row_end).
void CompositeMask(const MutableImageView& dst, const ImageView& mask,
                   uint32_t rgb, int32_t opacity, int32_t x, int32_t y,
                   int32_t row_begin, int32_t row_end);

// Draws `layer` (RGBA8 straight alpha) with `opacity` in [0,255] at (x, y),
// rows [row_begin, row_end) of `dst` only.
void CompositeLayer(const MutableImageView& dst, const ImageView& layer,
                    int32_t opacity, int32_t x, int32_t y, int32_t row_begin,
                    int32_t row_end);

// Whether every pixel of `layer` (any format) is grey (r == g == b), i.e.
// drawing it on a grey image needs no colour channels.
bool IsGray(const ImageView& layer);

}  // namespace ossimg::render

#endif  // OSSIMG_RENDER_COMPOSITE_H_
