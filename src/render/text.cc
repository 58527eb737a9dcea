// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "render/text.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <hb.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "src/core/dynlib.h"

namespace ossimg::render {
namespace {

struct FreeTypeApi {
  decltype(&FT_Init_FreeType) init;
  decltype(&FT_Done_FreeType) done;
  decltype(&FT_New_Face) new_face;
  decltype(&FT_Done_Face) done_face;
  decltype(&FT_Set_Pixel_Sizes) set_pixel_sizes;
  decltype(&FT_Load_Glyph) load_glyph;
  decltype(&FT_Render_Glyph) render_glyph;
  decltype(&FT_Outline_Translate) outline_translate;
};

struct HarfBuzzApi {
  decltype(&hb_blob_create_from_file) blob_create_from_file;
  decltype(&hb_blob_get_length) blob_get_length;
  decltype(&hb_blob_destroy) blob_destroy;
  decltype(&hb_face_create) face_create;
  decltype(&hb_face_destroy) face_destroy;
  decltype(&hb_font_create) font_create;
  decltype(&hb_font_destroy) font_destroy;
  decltype(&hb_font_set_scale) font_set_scale;
  decltype(&hb_buffer_create) buffer_create;
  decltype(&hb_buffer_destroy) buffer_destroy;
  decltype(&hb_buffer_add_utf8) buffer_add_utf8;
  decltype(&hb_buffer_guess_segment_properties) buffer_guess_segment_properties;
  decltype(&hb_buffer_get_glyph_infos) buffer_get_glyph_infos;
  decltype(&hb_buffer_get_glyph_positions) buffer_get_glyph_positions;
  decltype(&hb_shape) shape;
};

Status LoadFreeType(const FreeTypeApi** api) {
  return LoadDynLib<FreeTypeApi>(
      "FreeType", {OSSIMG_SONAME_FREETYPE},
      [](DynLib& l, FreeTypeApi& a) {
        return l.Sym("FT_Init_FreeType", &a.init) &&
               l.Sym("FT_Done_FreeType", &a.done) &&
               l.Sym("FT_New_Face", &a.new_face) &&
               l.Sym("FT_Done_Face", &a.done_face) &&
               l.Sym("FT_Set_Pixel_Sizes", &a.set_pixel_sizes) &&
               l.Sym("FT_Load_Glyph", &a.load_glyph) &&
               l.Sym("FT_Render_Glyph", &a.render_glyph) &&
               l.Sym("FT_Outline_Translate", &a.outline_translate);
      },
      api);
}

Status LoadHarfBuzz(const HarfBuzzApi** api) {
  return LoadDynLib<HarfBuzzApi>(
      "HarfBuzz", {OSSIMG_SONAME_HARFBUZZ},
      [](DynLib& l, HarfBuzzApi& a) {
        return l.Sym("hb_blob_create_from_file", &a.blob_create_from_file) &&
               l.Sym("hb_blob_get_length", &a.blob_get_length) &&
               l.Sym("hb_blob_destroy", &a.blob_destroy) &&
               l.Sym("hb_face_create", &a.face_create) &&
               l.Sym("hb_face_destroy", &a.face_destroy) &&
               l.Sym("hb_font_create", &a.font_create) &&
               l.Sym("hb_font_destroy", &a.font_destroy) &&
               l.Sym("hb_font_set_scale", &a.font_set_scale) &&
               l.Sym("hb_buffer_create", &a.buffer_create) &&
               l.Sym("hb_buffer_destroy", &a.buffer_destroy) &&
               l.Sym("hb_buffer_add_utf8", &a.buffer_add_utf8) &&
               l.Sym("hb_buffer_guess_segment_properties",
                     &a.buffer_guess_segment_properties) &&
               l.Sym("hb_buffer_get_glyph_infos", &a.buffer_get_glyph_infos) &&
               l.Sym("hb_buffer_get_glyph_positions",
                     &a.buffer_get_glyph_positions) &&
               l.Sym("hb_shape", &a.shape);
      },
      api);
}

// A rendered glyph, copied out of FreeType's slot (which the next load
// overwrites).
struct Glyph {
  int32_t left = 0,
          top = 0;  // in mask coordinates relative to (pen origin, baseline)
  int32_t width = 0, rows = 0;
  std::vector<uint8_t> pixels;
};

int32_t FloorDiv64(int64_t v) {
  return static_cast<int32_t>(v >= 0 ? v / 64 : -((-v + 63) / 64));
}

}  // namespace

StatusOr<Image> RenderTextMask(std::string_view utf8, const FontFile& font,
                               int32_t pixel_size, const Limits& limits) {
  const FreeTypeApi* ft = nullptr;
  const HarfBuzzApi* hb = nullptr;
  OSSIMG_RETURN_IF_ERROR(LoadFreeType(&ft));
  OSSIMG_RETURN_IF_ERROR(LoadHarfBuzz(&hb));

  // Shaping. Positions come back in 26.6 pixels because the font's scale is the
  // pixel size x 64 (HarfBuzz's own OpenType functions, unhinted, which matches
  // the unhinted rendering below).
  hb_blob_t* blob = hb->blob_create_from_file(font.path.c_str());
  if (hb->blob_get_length(blob) == 0) {
    hb->blob_destroy(blob);
    return Status(StatusCode::kWatermarkError,
                  "cannot read the font file " + font.path);
  }
  hb_face_t* hface =
      hb->face_create(blob, static_cast<unsigned>(font.face_index));
  hb->blob_destroy(blob);
  hb_font_t* hfont = hb->font_create(hface);
  hb->face_destroy(hface);
  hb->font_set_scale(hfont, pixel_size * 64, pixel_size * 64);
  hb_buffer_t* buf = hb->buffer_create();
  hb->buffer_add_utf8(buf, utf8.data(), static_cast<int>(utf8.size()), 0,
                      static_cast<int>(utf8.size()));
  hb->buffer_guess_segment_properties(buf);
  hb->shape(hfont, buf, nullptr, 0);
  unsigned n = 0;
  const hb_glyph_info_t* infos = hb->buffer_get_glyph_infos(buf, &n);
  const hb_glyph_position_t* pos = hb->buffer_get_glyph_positions(buf, nullptr);
  std::vector<hb_glyph_info_t> glyph_ids(infos, infos + n);
  std::vector<hb_glyph_position_t> positions(pos, pos + n);
  hb->buffer_destroy(buf);
  hb->font_destroy(hfont);

  // Rasterising. One FT_Library per call: FreeType objects are not thread-safe,
  // and watermarks may be rendered by concurrent engine calls.
  FT_Library lib = nullptr;
  if (ft->init(&lib) != 0) return InternalError("FT_Init_FreeType failed");
  FT_Face face = nullptr;
  if (ft->new_face(lib, font.path.c_str(), font.face_index, &face) != 0) {
    ft->done(lib);
    return Status(StatusCode::kWatermarkError,
                  "cannot open the font file " + font.path);
  }
  Status status;
  std::vector<Glyph> glyphs;
  int32_t ascent = 0, descent = 0;
  int64_t pen_x = 0, pen_y = 0;  // 26.6, y up
  if (ft->set_pixel_sizes(face, 0, static_cast<FT_UInt>(pixel_size)) != 0) {
    status = Status(StatusCode::kWatermarkError,
                    "the font cannot be scaled to that size");
  } else {
    ascent = static_cast<int32_t>((face->size->metrics.ascender + 63) / 64);
    descent = static_cast<int32_t>((-face->size->metrics.descender + 63) / 64);
    // The line box is a lower bound of the mask: refuse an impossible one
    // before rasterising 64 glyphs at size 1000.
    int64_t advance = 0;
    for (unsigned i = 0; i < n; ++i) advance += positions[i].x_advance;
    const int64_t min_w = advance / 64, min_h = int64_t{ascent} + descent;
    if (min_w > limits.max_side || min_h > limits.max_side ||
        static_cast<uint64_t>(std::max<int64_t>(0, min_w * min_h)) >
            limits.max_pixels) {
      status = ImageTooLargeError(
          "The watermark text would be " + std::to_string(min_w) + "x" +
          std::to_string(min_h) + " px, beyond the limits.");
      n = 0;
    }
    glyphs.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
      const int64_t gx = pen_x + positions[i].x_offset;
      const int64_t gy = pen_y + positions[i].y_offset;
      pen_x += positions[i].x_advance;
      pen_y += positions[i].y_advance;
      // Embedded bitmaps (wqy-zenhei has some at small sizes) would ignore the
      // sub-pixel position and look unlike the larger sizes: outlines only,
      // unhinted.
      if (ft->load_glyph(face, glyph_ids[i].codepoint,
                         FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0) {
        continue;  // a broken glyph draws nothing rather than failing the
                   // picture
      }
      FT_GlyphSlot slot = face->glyph;
      if (slot->format != FT_GLYPH_FORMAT_OUTLINE) continue;
      const int32_t ix = FloorDiv64(gx), iy = FloorDiv64(gy);
      ft->outline_translate(&slot->outline,
                            static_cast<FT_Pos>(gx - int64_t{ix} * 64),
                            static_cast<FT_Pos>(gy - int64_t{iy} * 64));
      if (ft->render_glyph(slot, FT_RENDER_MODE_NORMAL) != 0) continue;
      const FT_Bitmap& bm = slot->bitmap;
      if (bm.pixel_mode != FT_PIXEL_MODE_GRAY || bm.width == 0 || bm.rows == 0)
        continue;
      Glyph g;
      g.left = ix + slot->bitmap_left;
      g.top = -iy -
              slot->bitmap_top;  // image rows grow downwards from the baseline
      g.width = static_cast<int32_t>(bm.width);
      g.rows = static_cast<int32_t>(bm.rows);
      g.pixels.resize(static_cast<size_t>(g.width) * g.rows);
      for (int32_t r = 0; r < g.rows; ++r) {
        std::memcpy(g.pixels.data() + static_cast<size_t>(r) * g.width,
                    bm.buffer + static_cast<ptrdiff_t>(r) * bm.pitch, g.width);
      }
      glyphs.push_back(std::move(g));
    }
  }
  ft->done_face(face);
  ft->done(lib);
  OSSIMG_RETURN_IF_ERROR(status);

  // The line box (advance x ascender+descender), grown to hold every glyph's
  // ink.
  int32_t x0 = 0, y0 = -ascent;
  int32_t x1 = std::max<int32_t>(1, static_cast<int32_t>((pen_x + 63) / 64));
  int32_t y1 = std::max<int32_t>(y0 + 1, descent);
  for (const Glyph& g : glyphs) {
    x0 = std::min(x0, g.left);
    y0 = std::min(y0, g.top);
    x1 = std::max(x1, g.left + g.width);
    y1 = std::max(y1, g.top + g.rows);
  }
  OSSIMG_ASSIGN_OR_RETURN(
      Image mask, Image::Create(x1 - x0, y1 - y0, PixelFormat::kGray8, limits));
  for (int32_t y = 0; y < mask.height(); ++y)
    std::memset(mask.Row(y), 0, mask.width());
  for (const Glyph& g : glyphs) {
    for (int32_t r = 0; r < g.rows; ++r) {
      uint8_t* d = mask.Row(g.top - y0 + r) + (g.left - x0);
      const uint8_t* s = g.pixels.data() + static_cast<size_t>(r) * g.width;
      for (int32_t c = 0; c < g.width; ++c) {
        // Touching or overlapping glyphs (marks, tight kerning) combine like
        // two layers of ink
        // ("over"), so a shared edge does not show a seam or a double-dark
        // line.
        const int v = d[c] + s[c] - (d[c] * s[c] + 127) / 255;
        d[c] = static_cast<uint8_t>(v);
      }
    }
  }
  return mask;
}

}  // namespace ossimg::render
