// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// One line of text -> an anti-aliased 8-bit coverage mask. HarfBuzz shapes the
// UTF-8 string (so CJK, Latin kerning and combining marks are placed as the
// font says), FreeType renders each glyph's outline unhinted at its sub-pixel
// pen position. Both libraries are loaded on first use.

#ifndef OSSIMG_RENDER_TEXT_H_
#define OSSIMG_RENDER_TEXT_H_

#include <cstdint>
#include <string_view>

#include "ossimg/image.h"
#include "ossimg/limits.h"
#include "ossimg/status.h"

#include "render/fonts.h"

namespace ossimg::render {

// A Gray8 mask (0 = no ink, 255 = full coverage) as tall as the font's ascender
// + descender at `pixel_size` (em size in pixels, OSS's `size`) and as wide as
// the advances, grown where a glyph overhangs so nothing is clipped.
// Unsupported when FreeType or HarfBuzz cannot be loaded; WatermarkError when
// the font file cannot be read; ImageTooLarge past `limits`.
StatusOr<Image> RenderTextMask(std::string_view utf8, const FontFile& font,
                               int32_t pixel_size, const Limits& limits);

}  // namespace ossimg::render

#endif  // OSSIMG_RENDER_TEXT_H_
