// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Resize = premultiply -> integer box shrink -> separable fixed-point reduce -> unpremultiply
// (libvips resize.c / reducev.cpp "gap" scheme). This is the composition the planner lowers
// `resize` into; it validates sizes and returns a Status, then runs the kernels of kernels.h in
// strips, on a thread pool when one is given.

#ifndef OSSIMG_SRC_KERNELS_RESIZE_H_
#define OSSIMG_SRC_KERNELS_RESIZE_H_

#include <cstdint>

#include "ossimg/image.h"
#include "ossimg/status.h"

#include "src/core/thread_pool.h"
#include "src/kernels/kernels.h"
#include "src/kernels/strips.h"

namespace ossimg::kernels {

struct ResizeOptions {
  Filter filter = Filter::kLanczos3;
  // Box shrink by floor(ratio / gap) on an axis first when that is >= 2, leaving at least `gap`
  // for the filter (libvips' default 2.0). 0 disables the box shrink: exact, slower for big
  // ratios.
  double gap = 2.0;
  ThreadPool* pool = nullptr;  // null: run on the calling thread
  int32_t strip_rows = kDefaultStripRows;
  Limits limits;  // bounds the intermediate images
  // Pipelining: when set, called (on the resizing thread) before source rows [0, rows) are read,
  // and returns once they are final. The source may still be filling from another thread; use it
  // with pool == nullptr so strips run in order.
  const std::function<void(int32_t rows)>* wait_source_rows = nullptr;
  // Streaming: when set, called with r once source rows [0, r) will not be read again, so the
  // caller can give their memory back. Calls come in strip order, r never decreasing; needs
  // pool == nullptr.
  const std::function<void(int32_t rows)>* release_source_rows = nullptr;
  // Streaming: when set, source row y is read through it (a window of rows the caller keeps,
  // such as a ring), never through the source view's data: each pass copies the rows it needs
  // into a strip buffer after wait_source_rows. Needs pool == nullptr.
  const std::function<const uint8_t*(int32_t y)>* source_row = nullptr;
};

// The box-shrink factor Resize uses for one axis (1 = none).
int32_t BoxShrinkFactor(int32_t in_size, int32_t out_size, double gap);

// Resamples src into dst (dst's width and height are the target size; same format). A source
// with straight alpha is premultiplied into a temporary before resampling and dst is
// unpremultiplied after, so transparent pixels do not bleed colour; dst keeps src's alpha mode.
Status Resize(const ImageView& src, const MutableImageView& dst, const ResizeOptions& options);

// Separable same-size convolution with a table from BuildGaussianTable (blur).
Status Convolve(const ImageView& src, const MutableImageView& dst, const ResampleTable& table_h,
                const ResampleTable& table_v, ThreadPool* pool);

}  // namespace ossimg::kernels

#endif  // OSSIMG_SRC_KERNELS_RESIZE_H_
