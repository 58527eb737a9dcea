// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Palette quantisation for GIF output: one palette for a set of frames (so an animation does
// not flicker and unchanged pixels keep their index, which frame differencing needs), and the
// mapping of a frame onto it, with optional Floyd-Steinberg dithering.
//
// Alpha is one bit in GIF: a pixel with alpha < 128 is transparent and takes the palette's
// transparent entry; every other pixel is treated as opaque.

#ifndef OSSIMG_SRC_CODECS_QUANTIZE_H_
#define OSSIMG_SRC_CODECS_QUANTIZE_H_

#include <cstdint>
#include <vector>

#include "ossimg/image.h"

namespace ossimg::codecs {

struct Palette {
  std::vector<uint8_t> rgb;  // 3 bytes per entry
  int transparent = -1;      // index of the transparent entry (always 0 when present), or -1
  // True when every colour of the frames is in the palette: mapping is then lossless.
  bool exact = false;
  int size() const { return static_cast<int>(rgb.size() / 3); }
};

// A palette of at most `max_colors` (2..256) entries, the transparent entry included, for the
// pixels of `frames` (Gray8/GrayA8/RGB8/RGBA8, straight alpha). When the frames hold few enough
// distinct colours they become the palette as they are (sorted, so the result is deterministic);
// otherwise median cut over a 5-bit-per-channel histogram, refined by two k-means passes.
Palette BuildPalette(const std::vector<ImageView>& frames, int max_colors = 256);

// Maps frames onto one palette. Built once per palette and reused for every frame of an
// animation: the colour -> index table (exact palettes) and the nearest-colour cache
// (approximate ones) are filled as pixels are seen.
class PaletteMapper {
 public:
  explicit PaletteMapper(const Palette& palette);
  // `out` receives width x height indices, row after row. `dither` diffuses the error
  // (Floyd-Steinberg); ignored when the palette is exact.
  void Map(const ImageView& frame, bool dither, uint8_t* out);

 private:
  uint8_t Exact(uint32_t rgb) const;
  uint8_t Nearest(int r, int g, int b);

  const Palette& palette_;
  int first_;  // first opaque entry
  // Exact palettes: open addressing, key rgb + 1 (0 = empty).
  std::vector<uint32_t> keys_;
  std::vector<uint8_t> vals_;
  // Approximate palettes: nearest entry per 6-bit-per-channel cell, 0xFFFF until looked up.
  std::vector<uint16_t> lut_;
};

// One-frame convenience: PaletteMapper(palette).Map(frame, dither, out).
void MapToPalette(const ImageView& frame, const Palette& palette, bool dither, uint8_t* out);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_QUANTIZE_H_
