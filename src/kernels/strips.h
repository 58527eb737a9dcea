// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Strip execution: a pass over an image is cut into strips of destination rows, run on a
// ThreadPool. Every kernel computes a destination row from source rows only, so any split and any
// thread count give the same pixels (tests/kernels check this).

#ifndef OSSIMG_SRC_KERNELS_STRIPS_H_
#define OSSIMG_SRC_KERNELS_STRIPS_H_

#include <algorithm>
#include <cstdint>
#include <functional>

#include "src/core/thread_pool.h"

namespace ossimg::kernels {

// Default strip height: big enough to amortise dispatch and scheduling, small enough that two
// threads share a 1000-row image evenly and a strip of a wide RGBA row set stays near L2 size.
constexpr int32_t kDefaultStripRows = 32;

// Calls fn(row_begin, row_end) for consecutive strips covering [0, rows). With a null pool (or a
// pool of one thread) the strips run in order on the calling thread.
inline void ForEachStrip(ThreadPool* pool, int32_t rows, int32_t strip_rows,
                         const std::function<void(int32_t, int32_t)>& fn) {
  if (rows <= 0) return;
  strip_rows = std::max<int32_t>(1, strip_rows);
  const int64_t strips = (int64_t{rows} + strip_rows - 1) / strip_rows;
  auto run = [&](int64_t s) {
    const int32_t begin = static_cast<int32_t>(s * strip_rows);
    fn(begin, static_cast<int32_t>(std::min<int64_t>(rows, begin + int64_t{strip_rows})));
  };
  if (pool == nullptr) {
    for (int64_t s = 0; s < strips; ++s) run(s);
  } else {
    pool->ParallelFor(strips, run);
  }
}

}  // namespace ossimg::kernels

#endif  // OSSIMG_SRC_KERNELS_STRIPS_H_
