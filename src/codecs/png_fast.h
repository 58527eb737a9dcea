// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The common PNG cases without libpng's zlib: IDAT is inflated and deflated in one call with
// libdeflate, and rows are (un)filtered here. libpng stays the reference and the fallback for
// everything else.
//
// Why: on the 14.7 MP RGBA corpus PNG, zlib's inflate takes ~80 ms where libdeflate takes ~16 ms,
// and zlib level 6 needs ~2.5-3x libdeflate level 6's time to deflate a photo at the same size
// (docs/codecs.md has the measurements). libspng would still use zlib underneath.
//
// Scope of the fast paths (anything else returns false and the caller uses libpng):
// - decode: non-interlaced, bit depth 8, gray / RGB / gray+alpha / RGBA without tRNS, and
//   8-bit palettes (with tRNS); the whole zlib stream must inflate cleanly to exactly the
//   expected size and every IDAT CRC must match. A truncated or damaged file therefore goes to
//   libpng, which gives the recovery and error messages documented in docs/codecs.md.
// - encode: non-interlaced, no ICC profile (libpng validates profiles), any of our pixel formats,
//   and palette output at 1/2/4/8 bits.
// The pixels are exactly libpng's (tests/codecs/png_fast_test.cc compares both paths).

#ifndef OSSIMG_SRC_CODECS_PNG_FAST_H_
#define OSSIMG_SRC_CODECS_PNG_FAST_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "ossimg/image.h"
#include "ossimg/limits.h"

namespace ossimg::codecs {

// Decodes `data` into `*out` (already created by the caller with the probed size and pixel
// format) when the file is in the fast path's scope; false leaves `*out`'s pixels undefined and
// the caller decodes with libpng.
// `progress` (may be null): DecodeOptions::progress, called after each batch of final rows. It is
// called only once nothing can fail any more (the whole stream inflated, every filter byte
// valid), so a consumer never sees rows that a libpng fallback would redo.
bool DecodePngFast(const uint8_t* data, size_t size, Image* out,
                   const std::function<void(const ImageView&, int32_t)>* progress = nullptr);

// The fast decode's scope and pixels, one row at a time, for a consumer that keeps only a
// window of rows (the engine's PNG decode + resize, through a ring of rows): IDAT is inflated
// row by row with ISA-L's streaming inflate (libdeflate has none; zlib's is ~4x slower here),
// so no full-size buffer exists. A damaged stream fails the row that meets the damage (rows
// before it are final); the caller then decodes the whole file with DecodeImage, whose paths
// recover their own way.
class PngRowDecoder {
 public:
  // nullptr when the file is outside the fast path's scope; width, height and channels are the
  // probed image's.
  static std::unique_ptr<PngRowDecoder> Create(const uint8_t* data, size_t size, int32_t width,
                                               int32_t height, int out_channels);
  ~PngRowDecoder();
  // Writes the next row (width x channels bytes) to `dst`. False on damage or past the end.
  bool DecodeRow(uint8_t* dst);
  int32_t rows_done() const;
  // After the last row: the zlib stream must end there, with a matching Adler-32.
  bool Finish();

  struct State;

 private:
  explicit PngRowDecoder(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

struct PngFastEncodeParams {
  int level = 6;                // libdeflate level 0..12 (6 matches zlib's default trade-off)
  bool adaptive_filter = true;  // libpng's heuristic: minimum sum of absolute differences
  // Palette output: one index byte per pixel in `indices` (row-major, width x height), packed
  // here to `bit_depth` bits; palette RGB triples and tRNS alphas.
  const uint8_t* indices = nullptr;
  int bit_depth = 8;
  const uint8_t* palette_rgb = nullptr;  // 3 x num_palette
  int num_palette = 0;
  const uint8_t* trans = nullptr;
  int num_trans = 0;
};

// Encodes `image` (straight alpha) as a PNG file. Returns false only when out of memory.
bool EncodePngFast(const ImageView& image, const PngFastEncodeParams& params,
                   std::vector<uint8_t>* out);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_PNG_FAST_H_
