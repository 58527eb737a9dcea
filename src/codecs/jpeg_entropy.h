// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Baseline JPEG Huffman decoding that can use two cores.
//
// At the scales shrink-on-load uses (1/4 for a camera JPEG to a thumbnail), libjpeg-turbo spends
// about 85% of its time in Huffman decoding, which is serial: every code starts where the last
// one ended. This module splits it anyway, the way GPU JPEG decoders do (Weissenberger and
// Schmidt, "Massively parallel Huffman decoding on GPUs", 2018): a helper thread starts decoding
// in the middle of the scan at an arbitrary bit, assuming it is the start of an MCU. Its first
// MCUs are garbage, but Huffman codes resynchronise within a few codewords and a wrong position
// inside the MCU does not survive the next luma/chroma table switch, so it soon lands on true
// MCU boundaries and stays there. The main thread decodes the first part itself; past the
// helper's starting point it checks, at each MCU start, whether the helper recorded an MCU
// starting at the very same bit. Decoding is a function of the bit position alone (baseline),
// so from that MCU on the helper's coefficients are exactly the ones the main thread would have
// decoded; only the DC predictors differ, and the helper stores DC differences, which the main
// thread accumulates itself. If the positions never meet, the main thread simply decodes
// everything: the speculation can waste work, never change a pixel. Files with restart
// intervals need no speculation: the helper starts exactly at an interval boundary.
//
// The decoder plugs into libjpeg-turbo by replacing its entropy decoder's decode_mcu after
// jpeg_start_decompress, so libjpeg still does the IDCT (scaled, SIMD), upsampling and colour
// conversion, and the output is byte for byte libjpeg's (tests compare every scale and
// subsampling against an unhooked decode).

#ifndef OSSIMG_SRC_CODECS_JPEG_ENTROPY_H_
#define OSSIMG_SRC_CODECS_JPEG_ENTROPY_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>

// clang-format off: jpeglib.h needs size_t and FILE declared before it.
#include <jpeglib.h>
// clang-format on

namespace ossimg::codecs {

class JpegEntropy {
 public:
  // Statistics, for tests and benchmarks.
  struct Stats {
    bool helper_started = false;
    int64_t helper_mcus = 0;  // MCUs the helper decoded (including its garbage start)
    int64_t synced_at = -1;   // first MCU taken from the helper; -1 when none was
  };

  // Installs the decoder on `cinfo`, which must be between jpeg_start_decompress and the first
  // jpeg_read_scanlines, and returns it (it must outlive the decode: libjpeg calls into it).
  // Returns nullptr, leaving libjpeg's own decoder in place, for anything outside the one case
  // handled: a single interleaved baseline Huffman scan of 8-bit samples, ending in EOI within
  // the data, with its restart markers (if any) all present and in sequence. `threads` >= 2
  // allows the helper thread; `memory_budget` bounds what the helper may store (it gives up,
  // harmlessly, when it would exceed it).
  static std::unique_ptr<JpegEntropy> Install(jpeg_decompress_struct* cinfo, int threads,
                                              uint64_t memory_budget);
  ~JpegEntropy();
  JpegEntropy(const JpegEntropy&) = delete;
  JpegEntropy& operator=(const JpegEntropy&) = delete;

  Stats stats() const;

  struct Impl;

 private:
  explicit JpegEntropy(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_JPEG_ENTROPY_H_
