// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Median cut with k-means refinement. The histogram keeps the exact sum of the colours in each
// 5-bit cell, so a box's mean is the mean of its real pixels, not of cell centres. A box is
// split where it holds the most squared error (count x variance, summed over channels), along
// its channel of largest variance, at the weighted median: large smooth areas get the colours
// they need without starving small saturated details, which splitting by count alone does.
// Nearest-colour search uses weighted RGB distance (2, 4, 3: green counts most, as the eye
// sees it) and a lazily filled 6-bit-per-channel lookup table.

#include "codecs/quantize.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace ossimg::codecs {
namespace {

constexpr int kAlphaThreshold = 128;
constexpr int kWeights[3] = {2, 4, 3};
constexpr uint16_t kUnset = 0xFFFF;

struct Px {
  int r, g, b, a;
};

inline Px ReadPx(const uint8_t* p, int ch) {
  switch (ch) {
    case 1:
      return {p[0], p[0], p[0], 255};
    case 2:
      return {p[0], p[0], p[0], p[1]};
    case 3:
      return {p[0], p[1], p[2], 255};
    default:
      return {p[0], p[1], p[2], p[3]};
  }
}

inline int Dist(int r0, int g0, int b0, const uint8_t* c) {
  const int dr = r0 - c[0], dg = g0 - c[1], db = b0 - c[2];
  return kWeights[0] * dr * dr + kWeights[1] * dg * dg + kWeights[2] * db * db;
}

// Opaque entries are searched from `first` (1 when entry 0 is the transparent one).
int Nearest(const Palette& p, int first, int r, int g, int b) {
  int best = first, best_d = std::numeric_limits<int>::max();
  for (int i = first; i < p.size(); ++i) {
    const int d = Dist(r, g, b, &p.rgb[3 * i]);
    if (d < best_d) {
      best_d = d;
      best = i;
    }
  }
  return best;
}

// Open addressing over 24-bit colours; used while the frames have few enough colours.
class ColorSet {
 public:
  explicit ColorSet(int capacity) : slots_(Pow2Above(4 * capacity), 0) {}
  // False when the set already holds `limit` colours and `c` is new.
  bool Insert(uint32_t c, int limit) {
    const uint32_t key = c + 1;  // 0 marks an empty slot
    size_t i = Hash(key);
    while (slots_[i] != 0) {
      if (slots_[i] == key) return true;
      i = (i + 1) & (slots_.size() - 1);
    }
    if (static_cast<int>(colors_.size()) >= limit) return false;
    slots_[i] = key;
    colors_.push_back(c);
    return true;
  }
  const std::vector<uint32_t>& colors() const { return colors_; }

 private:
  static size_t Pow2Above(int n) {
    size_t s = 1;
    while (s < static_cast<size_t>(n)) s <<= 1;
    return s;
  }
  size_t Hash(uint32_t k) const { return (k * 2654435761u >> 8) & (slots_.size() - 1); }
  std::vector<uint32_t> slots_;
  std::vector<uint32_t> colors_;
};

struct Entry {
  std::array<int, 3> c;  // mean colour of the cell
  uint64_t w;            // pixels in the cell
};

struct Box {
  size_t begin, end;  // entries [begin, end)
  double sse;         // weighted squared error about the mean, all channels
  int axis;           // channel of the largest variance
};

Box MakeBox(const std::vector<Entry>& e, size_t begin, size_t end) {
  double s[3] = {0, 0, 0}, s2[3] = {0, 0, 0}, w = 0;
  for (size_t i = begin; i < end; ++i) {
    const double wi = static_cast<double>(e[i].w);
    w += wi;
    for (int k = 0; k < 3; ++k) {
      s[k] += wi * e[i].c[k];
      s2[k] += wi * e[i].c[k] * e[i].c[k];
    }
  }
  Box b{begin, end, 0, 0};
  double best = -1;
  for (int k = 0; k < 3; ++k) {
    const double v = (s2[k] - s[k] * s[k] / w) * kWeights[k];
    b.sse += v;
    if (v > best) {
      best = v;
      b.axis = k;
    }
  }
  if (end - begin < 2) b.sse = 0;  // one cell cannot be split
  return b;
}

void MeanInto(const std::vector<Entry>& e, size_t begin, size_t end, uint8_t* out) {
  uint64_t s[3] = {0, 0, 0}, w = 0;
  for (size_t i = begin; i < end; ++i) {
    w += e[i].w;
    for (int k = 0; k < 3; ++k) s[k] += e[i].w * static_cast<uint64_t>(e[i].c[k]);
  }
  for (int k = 0; k < 3; ++k) out[k] = static_cast<uint8_t>(w ? (s[k] + w / 2) / w : 0);
}

}  // namespace

Palette BuildPalette(const std::vector<ImageView>& frames, int max_colors) {
  max_colors = std::clamp(max_colors, 2, 256);
  Palette p;
  bool transparent = false;
  for (const ImageView& f : frames) {
    if (!HasAlpha(f.format)) continue;
    const int ch = f.channels();
    for (int32_t y = 0; y < f.height && !transparent; ++y) {
      const uint8_t* row = f.Row(y);
      for (int32_t x = 0; x < f.width; ++x) {
        if (row[x * ch + ch - 1] < kAlphaThreshold) {
          transparent = true;
          break;
        }
      }
    }
  }
  const int opaque_limit = max_colors - (transparent ? 1 : 0);

  // Exact when the opaque colours fit.
  ColorSet set(opaque_limit);
  bool fits = true;
  uint32_t last = 0xFFFFFFFF;
  for (const ImageView& f : frames) {
    const int ch = f.channels();
    for (int32_t y = 0; y < f.height && fits; ++y) {
      const uint8_t* row = f.Row(y);
      for (int32_t x = 0; x < f.width; ++x) {
        const Px q = ReadPx(row + x * ch, ch);
        if (q.a < kAlphaThreshold) continue;
        const uint32_t c = static_cast<uint32_t>(q.r << 16 | q.g << 8 | q.b);
        if (c == last) continue;  // runs of one colour are common
        last = c;
        if (!set.Insert(c, opaque_limit)) {
          fits = false;
          break;
        }
      }
    }
    if (!fits) break;
  }
  if (transparent) {
    p.transparent = 0;
    p.rgb = {0, 0, 0};
  }
  if (fits) {
    std::vector<uint32_t> colors = set.colors();
    std::sort(colors.begin(), colors.end());
    for (uint32_t c : colors) {
      p.rgb.push_back(static_cast<uint8_t>(c >> 16));
      p.rgb.push_back(static_cast<uint8_t>(c >> 8));
      p.rgb.push_back(static_cast<uint8_t>(c));
    }
    if (p.size() == 0) p.rgb.insert(p.rgb.end(), {0, 0, 0});  // all transparent
    p.exact = true;
    return p;
  }

  // Histogram of opaque pixels in 5-bit cells with exact sums.
  struct Cell {
    uint64_t w = 0, s[3] = {0, 0, 0};
  };
  std::vector<Cell> hist(1 << 15);
  for (const ImageView& f : frames) {
    const int ch = f.channels();
    for (int32_t y = 0; y < f.height; ++y) {
      const uint8_t* row = f.Row(y);
      for (int32_t x = 0; x < f.width; ++x) {
        const Px q = ReadPx(row + x * ch, ch);
        if (q.a < kAlphaThreshold) continue;
        Cell& c = hist[(q.r >> 3) << 10 | (q.g >> 3) << 5 | (q.b >> 3)];
        ++c.w;
        c.s[0] += q.r;
        c.s[1] += q.g;
        c.s[2] += q.b;
      }
    }
  }
  std::vector<Entry> e;
  for (const Cell& c : hist) {
    if (c.w == 0) continue;
    Entry en;
    for (int k = 0; k < 3; ++k) en.c[k] = static_cast<int>((c.s[k] + c.w / 2) / c.w);
    en.w = c.w;
    e.push_back(en);
  }

  std::vector<Box> boxes{MakeBox(e, 0, e.size())};
  while (static_cast<int>(boxes.size()) < opaque_limit) {
    size_t pick = 0;
    for (size_t i = 1; i < boxes.size(); ++i) {
      if (boxes[i].sse > boxes[pick].sse) pick = i;
    }
    const Box b = boxes[pick];
    if (b.sse <= 0) break;  // every box is a single colour
    const int axis = b.axis;
    std::sort(e.begin() + b.begin, e.begin() + b.end, [axis](const Entry& x, const Entry& y) {
      return x.c[axis] != y.c[axis] ? x.c[axis] < y.c[axis] : x.w > y.w;
    });
    uint64_t total = 0;
    for (size_t i = b.begin; i < b.end; ++i) total += e[i].w;
    uint64_t acc = 0;
    size_t mid = b.begin + 1;
    for (size_t i = b.begin; i < b.end - 1; ++i) {
      acc += e[i].w;
      mid = i + 1;
      if (2 * acc >= total) break;
    }
    boxes[pick] = MakeBox(e, b.begin, mid);
    boxes.push_back(MakeBox(e, mid, b.end));
  }
  const size_t first = p.rgb.size() / 3;
  p.rgb.resize(3 * (first + boxes.size()));
  for (size_t i = 0; i < boxes.size(); ++i) {
    MeanInto(e, boxes[i].begin, boxes[i].end, &p.rgb[3 * (first + i)]);
  }

  // Two k-means passes over the cells: each colour moves to the mean of the cells nearest it.
  const int f = static_cast<int>(first);
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::array<uint64_t, 4>> acc(boxes.size(), {0, 0, 0, 0});
    for (const Entry& en : e) {
      const int i = Nearest(p, f, en.c[0], en.c[1], en.c[2]) - f;
      for (int k = 0; k < 3; ++k) acc[i][k] += en.w * static_cast<uint64_t>(en.c[k]);
      acc[i][3] += en.w;
    }
    for (size_t i = 0; i < boxes.size(); ++i) {
      const uint64_t w = acc[i][3];
      if (w == 0) continue;  // keep an entry nobody chose
      for (int k = 0; k < 3; ++k) p.rgb[3 * (first + i) + k] = static_cast<uint8_t>((acc[i][k] + w / 2) / w);
    }
  }
  return p;
}

namespace {
size_t HashSlot(uint32_t key, size_t mask) { return (key * 2654435761u >> 8) & mask; }
}  // namespace

PaletteMapper::PaletteMapper(const Palette& palette)
    : palette_(palette), first_(palette.transparent >= 0 ? 1 : 0) {
  if (palette.exact) {
    keys_.assign(1024, 0);  // > 4 x 256 entries: short probe chains
    vals_.assign(1024, 0);
    for (int i = first_; i < palette.size(); ++i) {
      const uint8_t* c = &palette.rgb[3 * i];
      const uint32_t key = (static_cast<uint32_t>(c[0]) << 16 | c[1] << 8 | c[2]) + 1;
      size_t s = HashSlot(key, keys_.size() - 1);
      while (keys_[s] != 0 && keys_[s] != key) s = (s + 1) & (keys_.size() - 1);
      keys_[s] = key;
      vals_[s] = static_cast<uint8_t>(i);
    }
  } else {
    lut_.assign(1 << 18, kUnset);
  }
}

uint8_t PaletteMapper::Exact(uint32_t rgb) const {
  const uint32_t key = rgb + 1;
  size_t s = HashSlot(key, keys_.size() - 1);
  while (keys_[s] != key) {
    // A colour missing from an exact palette cannot happen for the frames it was built from;
    // any other frame maps it to the first opaque entry rather than loop.
    if (keys_[s] == 0) return static_cast<uint8_t>(first_);
    s = (s + 1) & (keys_.size() - 1);
  }
  return vals_[s];
}

uint8_t PaletteMapper::Nearest(int r, int g, int b) {
  uint16_t& v = lut_[(r >> 2) << 12 | (g >> 2) << 6 | (b >> 2)];
  if (v == kUnset) {
    v = static_cast<uint16_t>(
        codecs::Nearest(palette_, first_, (r & ~3) | 2, (g & ~3) | 2, (b & ~3) | 2));
  }
  return static_cast<uint8_t>(v);
}

void PaletteMapper::Map(const ImageView& frame, bool dither, uint8_t* out) {
  const int ch = frame.channels();
  const uint8_t tr = static_cast<uint8_t>(palette_.transparent >= 0 ? palette_.transparent : 0);
  const size_t w = static_cast<size_t>(frame.width);
  if (palette_.exact || !dither) {
    uint32_t last_key = 0xFFFFFFFF;
    uint8_t last_idx = 0;
    for (int32_t y = 0; y < frame.height; ++y) {
      const uint8_t* row = frame.Row(y);
      uint8_t* o = out + w * static_cast<size_t>(y);
      for (size_t x = 0; x < w; ++x) {
        const Px q = ReadPx(row + x * ch, ch);
        if (q.a < kAlphaThreshold) {
          o[x] = tr;
          continue;
        }
        const uint32_t key = static_cast<uint32_t>(q.r << 16 | q.g << 8 | q.b);
        if (key != last_key) {  // runs of one colour are common in GIF-like pictures
          last_idx = palette_.exact ? Exact(key) : Nearest(q.r, q.g, q.b);
          last_key = key;
        }
        o[x] = last_idx;
      }
    }
    return;
  }
  // Floyd-Steinberg in 1/16 units; rows of (w + 2) x 3 errors with a guard cell on each side.
  std::vector<int32_t> cur((w + 2) * 3, 0), next((w + 2) * 3, 0);
  for (int32_t y = 0; y < frame.height; ++y) {
    const uint8_t* row = frame.Row(y);
    uint8_t* o = out + w * static_cast<size_t>(y);
    std::fill(next.begin(), next.end(), 0);
    for (size_t x = 0; x < w; ++x) {
      const Px q = ReadPx(row + x * ch, ch);
      if (q.a < kAlphaThreshold) {
        o[x] = tr;
        continue;  // transparent pixels neither take nor pass on error
      }
      int32_t* e = &cur[(x + 1) * 3];
      const int v[3] = {std::clamp(q.r + (e[0] + 8) / 16, 0, 255),
                        std::clamp(q.g + (e[1] + 8) / 16, 0, 255),
                        std::clamp(q.b + (e[2] + 8) / 16, 0, 255)};
      const uint8_t idx = Nearest(v[0], v[1], v[2]);
      o[x] = idx;
      const uint8_t* c = &palette_.rgb[3 * idx];
      for (int k = 0; k < 3; ++k) {
        const int32_t err = v[k] - c[k];
        cur[(x + 2) * 3 + k] += err * 7;
        next[x * 3 + k] += err * 3;
        next[(x + 1) * 3 + k] += err * 5;
        next[(x + 2) * 3 + k] += err;
      }
    }
    std::swap(cur, next);
  }
}

void MapToPalette(const ImageView& frame, const Palette& palette, bool dither, uint8_t* out) {
  PaletteMapper(palette).Map(frame, dither, out);
}

}  // namespace ossimg::codecs
