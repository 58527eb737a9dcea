// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Limits: the resource bounds every stage enforces before it allocates. The
// defaults are OSS's documented limits; embedders and fuzzers tighten them.

#ifndef OSSIMG_LIMITS_H_
#define OSSIMG_LIMITS_H_

#include <cstdint>

namespace ossimg {

struct Limits {
  // Source file size. OSS: 20 MB.
  uint64_t max_file_bytes = 20ull * 1024 * 1024;
  // Width or height of a source image. OSS: 30,000 px.
  int32_t max_side = 30000;
  // Width x height x frames of a source. OSS: 250,000,000.
  uint64_t max_pixels = 250000000ull;
  // Output side and area after resizing. OSS: 16,384 px and 16,777,216 px
  // (4096^2).
  int32_t max_output_side = 16384;
  uint64_t max_output_pixels = 16777216ull;
  // Frames of an animated source (GIF, WebP).
  int32_t max_frames = 1000;
  // Upper bound on the bytes of pixel buffers alive at once for one job.
  uint64_t max_memory_bytes = 2ull * 1024 * 1024 * 1024;
  // Progressive JPEG scans: libjpeg can be made to spin on thousands of tiny
  // scans.
  int32_t max_progressive_scans = 100;
  // Length of a process string in bytes; OSS's URLs are bounded, ours are too.
  uint32_t max_process_bytes = 64 * 1024;
  // Actions in one process string (watermarks are actions, OSS allows a few of
  // them).
  int32_t max_actions = 64;

  // For offline work (`--limits relaxed`): OSS's service limits lifted, ossimg's
  // memory safety kept (the memory budget still bounds every allocation).
  static Limits Relaxed() {
    Limits l;
    l.max_file_bytes = 1ull << 32;
    l.max_side = 65535;
    l.max_output_side = 65535;
    l.max_output_pixels = 1ull << 32;
    l.max_pixels = 1ull << 32;
    l.max_memory_bytes = 16ull << 30;
    return l;
  }
};

}  // namespace ossimg

#endif  // OSSIMG_LIMITS_H_
