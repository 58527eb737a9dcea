// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Writes the animated fixtures of tests/data/anim and the hostile GIFs of tests/data/bad with
// giflib's encoder. Built by hand (not part of the build), from the repository root:
//   g++ -std=c++17 -I. tests/data/anim/make_anim_fixtures.cc -lgif -o /tmp/make_anim_fixtures
//   /tmp/make_anim_fixtures tests/data
//   vips copy 'tests/data/anim/disposal.gif[n=-1]' 'tests/data/anim/disposal.webp[lossless]'
// (the WebP twin is libvips' conversion, so ossimg is tested on a file it did not write).

#include <cstdio>
#include <string>
#include <vector>

#include "tests/codecs/gif_builder.h"

using ossimg::testing::BuildGif;
using ossimg::testing::GifFrameSpec;
using ossimg::testing::SolidFrame;

namespace {

void Write(const std::string& path, const std::vector<uint8_t>& b) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(b.data(), 1, b.size(), f) != b.size()) {
    std::perror(path.c_str());
  }
  if (f) std::fclose(f);
}

// 8 colours: a background gradient's steps and three sprite colours.
const std::vector<uint8_t> kPalette = {30,  30,  60,  60,  60, 110, 90, 90, 160, 120, 120, 210,
                                       250, 200, 40,  220, 40, 60,  40, 200, 90, 255, 255, 255};

// 64x48: a striped background, then a yellow square moving right (disposal previous), a red bar
// growing (disposal none), a green dot with a transparent hole (disposal background). 6 frames,
// 80..130 ms, looping forever.
std::vector<uint8_t> Disposal() {
  std::vector<GifFrameSpec> frames;
  GifFrameSpec bg;
  bg.w = 64;
  bg.h = 48;
  for (int y = 0; y < 48; ++y) {
    for (int x = 0; x < 64; ++x) bg.idx.push_back(static_cast<uint8_t>((x / 16 + y / 12) % 4));
  }
  bg.delay_cs = 8;
  frames.push_back(bg);
  for (int i = 0; i < 5; ++i) {
    GifFrameSpec f;
    if (i % 3 == 0) {
      f = SolidFrame(4 + 10 * i, 6, 12, 12, 4);
      f.disposal = DISPOSE_PREVIOUS;
    } else if (i % 3 == 1) {
      f = SolidFrame(0, 40, 12 * (i + 1), 6, 5);
      f.disposal = DISPOSE_DO_NOT;
    } else {
      f = SolidFrame(20, 20, 9, 9, 6);
      f.idx[4 * 9 + 4] = 7;  // white centre is transparent: the background shows through
      f.transparent = 7;
      f.disposal = DISPOSE_BACKGROUND;
    }
    f.delay_cs = 8 + 1 * i;
    frames.push_back(f);
  }
  return BuildGif(64, 48, kPalette, frames, 0);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "tests/data";
  const std::vector<uint8_t> anim = Disposal();
  Write(dir + "/anim/disposal.gif", anim);

  // Cut inside the last frame's data.
  Write(dir + "/bad/gif-truncated-frame.gif",
        std::vector<uint8_t>(anim.begin(), anim.end() - 6));
  // No global and no local colour table.
  std::vector<uint8_t> b = BuildGif(2, 2, kPalette, {SolidFrame(0, 0, 2, 2, 0)}, -1);
  std::vector<uint8_t> no_table(b.begin(), b.begin() + 13);
  no_table[10] &= 0x7F;
  no_table.insert(no_table.end(), b.begin() + 13 + 24, b.end());
  Write(dir + "/bad/gif-no-colormap.gif", no_table);
  // A 65535x65535 screen (4.3 GP) in a 40-byte file.
  std::vector<uint8_t> huge = b;
  huge[6] = huge[7] = huge[8] = huge[9] = 0xFF;
  Write(dir + "/bad/gif-screen-65535.gif", huge);
  // A 2x2 screen with one 20000x20000 frame (400 MP of LZW work): refused before decoding.
  std::vector<uint8_t> bomb = BuildGif(2, 2, kPalette, {SolidFrame(0, 0, 2, 2, 0)}, -1);
  for (size_t i = 13 + 24; i < bomb.size(); ++i) {
    if (bomb[i] == 0x2C) {
      bomb[i + 5] = 20000 & 255;
      bomb[i + 6] = 20000 >> 8;
      bomb[i + 7] = 20000 & 255;
      bomb[i + 8] = 20000 >> 8;
      break;
    }
  }
  Write(dir + "/bad/gif-frame-400mp.gif", bomb);
  // Garbage LZW codes in the only frame.
  std::vector<uint8_t> lzw = BuildGif(16, 16, kPalette, {SolidFrame(0, 0, 16, 16, 3)}, -1);
  for (size_t i = lzw.size() - 8; i < lzw.size() - 2; ++i) lzw[i] = 0xFF;
  Write(dir + "/bad/gif-bad-lzw.gif", lzw);
  return 0;
}
