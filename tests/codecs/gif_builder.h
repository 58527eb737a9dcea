// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Writes GIFs frame by frame with giflib's encoder, so tests (and tests/data/anim's generator)
// can state exactly the offsets, disposal modes, transparency, interlacing and loop count a
// decoder must handle. Header-only: the generator is built by hand outside CMake.

#ifndef OSSIMG_TESTS_CODECS_GIF_BUILDER_H_
#define OSSIMG_TESTS_CODECS_GIF_BUILDER_H_

#include <gif_lib.h>

#include <cstdint>
#include <vector>

namespace ossimg::testing {

struct GifFrameSpec {
  int x = 0, y = 0, w = 0, h = 0;
  std::vector<uint8_t> idx;  // w x h palette indices, row after row (display order)
  int disposal = DISPOSAL_UNSPECIFIED;
  int delay_cs = 0;
  int transparent = NO_TRANSPARENT_COLOR;
  bool interlace = false;
  bool gcb = true;  // write a graphics control extension
};

inline int GifWriteToVector(GifFileType* gif, const GifByteType* data, int n) {
  auto* out = static_cast<std::vector<uint8_t>*>(gif->UserData);
  out->insert(out->end(), data, data + n);
  return n;
}

// `palette` holds 3 bytes per colour, 2..256 colours (padded to a power of two). `loops` < 0
// writes no NETSCAPE2.0 extension. Returns empty bytes when giflib refuses.
inline std::vector<uint8_t> BuildGif(int width, int height, const std::vector<uint8_t>& palette,
                                     const std::vector<GifFrameSpec>& frames, int loops = 0) {
  std::vector<uint8_t> out;
  int err = 0;
  GifFileType* gif = EGifOpen(&out, GifWriteToVector, &err);
  if (gif == nullptr) return {};
  EGifSetGifVersion(gif, true);
  int n = 2;
  while (n * 3 < static_cast<int>(palette.size())) n *= 2;
  std::vector<GifColorType> colors(static_cast<size_t>(n), GifColorType{0, 0, 0});
  for (size_t i = 0; i * 3 + 2 < palette.size(); ++i) {
    colors[i] = GifColorType{palette[3 * i], palette[3 * i + 1], palette[3 * i + 2]};
  }
  ColorMapObject* cmap = GifMakeMapObject(n, colors.data());
  bool ok = EGifPutScreenDesc(gif, width, height, 8, 0, cmap) == GIF_OK;
  if (ok && loops >= 0) {
    const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    const GifByteType sub[] = {1, static_cast<GifByteType>(loops & 255),
                               static_cast<GifByteType>(loops >> 8)};
    ok = EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
         EGifPutExtensionBlock(gif, 11, app) == GIF_OK &&
         EGifPutExtensionBlock(gif, 3, sub) == GIF_OK && EGifPutExtensionTrailer(gif) == GIF_OK;
  }
  for (const GifFrameSpec& f : frames) {
    if (!ok) break;
    if (f.gcb) {
      GraphicsControlBlock gcb{f.disposal, false, f.delay_cs, f.transparent};
      GifByteType ext[4];
      const size_t len = EGifGCBToExtension(&gcb, ext);
      ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(len), ext) == GIF_OK;
    }
    ok = ok && EGifPutImageDesc(gif, f.x, f.y, f.w, f.h, f.interlace, nullptr) == GIF_OK;
    std::vector<GifPixelType> line(static_cast<size_t>(f.w));
    auto put_row = [&](int y) {
      for (int x = 0; x < f.w; ++x) line[x] = f.idx[static_cast<size_t>(y) * f.w + x];
      ok = ok && EGifPutLine(gif, line.data(), f.w) == GIF_OK;
    };
    if (f.interlace) {
      const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
      for (int p = 0; p < 4; ++p) {
        for (int y = start[p]; y < f.h; y += step[p]) put_row(y);
      }
    } else {
      for (int y = 0; y < f.h; ++y) put_row(y);
    }
  }
  GifFreeMapObject(cmap);
  if (EGifCloseFile(gif, &err) != GIF_OK) ok = false;
  return ok ? out : std::vector<uint8_t>();
}

// A frame of one palette index.
inline GifFrameSpec SolidFrame(int x, int y, int w, int h, uint8_t index) {
  GifFrameSpec f;
  f.x = x;
  f.y = y;
  f.w = w;
  f.h = h;
  f.idx.assign(static_cast<size_t>(w) * h, index);
  return f;
}

}  // namespace ossimg::testing

#endif  // OSSIMG_TESTS_CODECS_GIF_BUILDER_H_
