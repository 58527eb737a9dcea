// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "tests/kernels/test_util.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "src/kernels/reference/reference.h"

namespace ossimg::kernels::ktest {
namespace {

constexpr uint8_t kSentinel = 0xA5;

uint32_t Next(uint32_t& s) {
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}

Image MustCreate(int32_t w, int32_t h, PixelFormat f) {
  StatusOr<Image> img = Image::Create(w, h, f);
  if (!img.ok()) std::abort();
  return std::move(img).value();
}

}  // namespace

PixelFormat FormatFor(int channels) {
  switch (channels) {
    case 1:
      return PixelFormat::kGray8;
    case 2:
      return PixelFormat::kGrayA8;
    case 3:
      return PixelFormat::kRGB8;
    default:
      return PixelFormat::kRGBA8;
  }
}

Image RandomImage(int32_t width, int32_t height, PixelFormat format, uint32_t seed) {
  Image img = MustCreate(width, height, format);
  if (img.empty()) return img;
  uint32_t s = seed * 2654435761u + 1;
  for (int32_t y = 0; y < height; ++y) {
    uint8_t* row = img.Row(y);
    for (size_t x = 0; x < img.stride(); ++x) row[x] = static_cast<uint8_t>(Next(s) >> 24);
  }
  return img;
}

Image SmoothImage(int32_t width, int32_t height, PixelFormat format) {
  Image img = MustCreate(width, height, format);
  const int c_count = Channels(format);
  for (int32_t y = 0; y < height; ++y) {
    uint8_t* row = img.Row(y);
    for (int32_t x = 0; x < width; ++x) {
      for (int c = 0; c < c_count; ++c) {
        const double v = 128 + 60 * std::sin(0.05 * x + c) + 50 * std::cos(0.037 * y + 2 * c);
        row[x * c_count + c] = static_cast<uint8_t>(std::lround(v));
      }
    }
  }
  return img;
}

Image FlatImage(int32_t width, int32_t height, PixelFormat format, uint8_t value) {
  Image img = MustCreate(width, height, format);
  for (int32_t y = 0; y < height; ++y) std::memset(img.Row(y), value, img.stride());
  return img;
}

GuardedImage MakeGuarded(int32_t width, int32_t height, PixelFormat format) {
  GuardedImage g;
  // 16 spare pixels right of the view (more than a vector of outputs) and one row above/below.
  g.backing = MustCreate(width + 16, height + 2, format);
  for (int32_t y = 0; y < height + 2; ++y) {
    std::memset(g.backing.Row(y), kSentinel, g.backing.stride());
  }
  g.view = g.backing.mutable_view().Crop(Rect{0, 1, width, height});
  if (width == 0 || height == 0) {
    g.view.width = width;
    g.view.height = height;
    g.view.data = g.backing.Row(1);
  }
  return g;
}

bool GuardIntact(const GuardedImage& g) {
  const int c_count = g.backing.channels();
  for (int32_t y = 0; y < g.backing.height(); ++y) {
    const uint8_t* row = g.backing.Row(y);
    const bool inside_rows = y >= 1 && y <= g.view.height;
    const size_t from = inside_rows ? static_cast<size_t>(g.view.width) * c_count : 0;
    for (size_t x = from; x < g.backing.stride(); ++x) {
      if (row[x] != kSentinel) return false;
    }
  }
  return true;
}

std::string Compare(const ImageView& a, const ImageView& b) {
  if (a.width != b.width || a.height != b.height || a.format != b.format) return "shape differs";
  const int c_count = a.channels();
  for (int32_t y = 0; y < a.height; ++y) {
    for (int32_t x = 0; x < a.width * c_count; ++x) {
      if (a.Row(y)[x] != b.Row(y)[x]) {
        std::ostringstream os;
        os << "first difference at x=" << x / c_count << " c=" << x % c_count << " y=" << y << ": "
           << int{a.Row(y)[x]} << " vs reference " << int{b.Row(y)[x]};
        return os.str();
      }
    }
  }
  return "";
}

namespace {

std::string Finish(const std::string& what, const GuardedImage& simd, const GuardedImage& ref) {
  std::string diff = Compare(simd.view, ref.view);
  if (diff.empty() && !GuardIntact(simd)) diff = "SIMD kernel wrote outside its destination";
  return diff.empty() ? "" : what + ": " + diff;
}

}  // namespace

std::string CheckReduce(int32_t in_w, int32_t in_h, int32_t out_w, int32_t out_h, int channels,
                        Filter filter, uint32_t seed) {
  std::ostringstream what;
  what << "reduce " << FilterName(filter) << " " << in_w << "x" << in_h << " -> " << out_w << "x"
       << out_h << " c=" << channels;
  const PixelFormat f = FormatFor(channels);
  const Image src = RandomImage(in_w, in_h, f, seed);
  StatusOr<ResampleTable> th = BuildResampleTable(in_w, out_w, filter);
  StatusOr<ResampleTable> tv = BuildResampleTable(in_h, out_h, filter);
  if (!th.ok() || !tv.ok()) return what.str() + ": table failed";
  // Horizontal then vertical, both by the dispatched kernels and by the reference.
  GuardedImage mid_s = MakeGuarded(out_w, in_h, f), mid_r = MakeGuarded(out_w, in_h, f);
  ReduceH(src.view(), mid_s.view, *th, 0, in_h);
  reference::ReduceH(src.view(), mid_r.view, *th, 0, in_h);
  std::string err = Finish(what.str() + " (H)", mid_s, mid_r);
  if (!err.empty()) return err;
  GuardedImage out_s = MakeGuarded(out_w, out_h, f), out_r = MakeGuarded(out_w, out_h, f);
  ReduceV(mid_r.view, out_s.view, *tv, 0, out_h);
  reference::ReduceV(mid_r.view, out_r.view, *tv, 0, out_h);
  return Finish(what.str() + " (V)", out_s, out_r);
}

std::string CheckGaussian(int32_t width, int32_t height, int channels, double sigma, int32_t radius,
                          uint32_t seed) {
  std::ostringstream what;
  what << "gaussian s=" << sigma << " r=" << radius << " " << width << "x" << height
       << " c=" << channels;
  const PixelFormat f = FormatFor(channels);
  const Image src = RandomImage(width, height, f, seed);
  StatusOr<ResampleTable> th = BuildGaussianTable(width, sigma, radius);
  StatusOr<ResampleTable> tv = BuildGaussianTable(height, sigma, radius);
  if (!th.ok() || !tv.ok()) return what.str() + ": table failed";
  GuardedImage mid_s = MakeGuarded(width, height, f), mid_r = MakeGuarded(width, height, f);
  ReduceH(src.view(), mid_s.view, *th, 0, height);
  reference::ReduceH(src.view(), mid_r.view, *th, 0, height);
  std::string err = Finish(what.str() + " (H)", mid_s, mid_r);
  if (!err.empty()) return err;
  GuardedImage out_s = MakeGuarded(width, height, f), out_r = MakeGuarded(width, height, f);
  ReduceV(mid_r.view, out_s.view, *tv, 0, height);
  reference::ReduceV(mid_r.view, out_r.view, *tv, 0, height);
  return Finish(what.str() + " (V)", out_s, out_r);
}

std::string CheckShrink(int32_t in_w, int32_t in_h, int32_t fx, int32_t fy, int channels,
                        uint32_t seed) {
  std::ostringstream what;
  what << "shrink " << in_w << "x" << in_h << " by " << fx << "x" << fy << " c=" << channels;
  const PixelFormat f = FormatFor(channels);
  const Image src = RandomImage(in_w, in_h, f, seed);
  const int32_t out_w = ShrinkedSize(in_w, fx), out_h = ShrinkedSize(in_h, fy);
  GuardedImage mid_s = MakeGuarded(out_w, in_h, f), mid_r = MakeGuarded(out_w, in_h, f);
  ShrinkH(src.view(), mid_s.view, fx, 0, in_h);
  reference::ShrinkH(src.view(), mid_r.view, fx, 0, in_h);
  std::string err = Finish(what.str() + " (H)", mid_s, mid_r);
  if (!err.empty()) return err;
  GuardedImage out_s = MakeGuarded(out_w, out_h, f), out_r = MakeGuarded(out_w, out_h, f);
  ShrinkV(mid_r.view, out_s.view, fy, 0, out_h);
  reference::ShrinkV(mid_r.view, out_r.view, fy, 0, out_h);
  return Finish(what.str() + " (V)", out_s, out_r);
}

std::string CheckAlpha(int32_t width, int32_t height, int channels, uint32_t seed) {
  std::ostringstream what;
  what << "alpha " << width << "x" << height << " c=" << channels;
  const PixelFormat f = FormatFor(channels);
  const Image src = RandomImage(width, height, f, seed);
  GuardedImage s = MakeGuarded(width, height, f), r = MakeGuarded(width, height, f);
  if (width == 0) return "";  // nothing to copy from (no pixels); the kernels are no-ops
  for (int32_t y = 0; y < height; ++y) {
    std::memcpy(s.view.Row(y), src.Row(y), static_cast<size_t>(width) * channels);
    std::memcpy(r.view.Row(y), src.Row(y), static_cast<size_t>(width) * channels);
  }
  Premultiply(s.view, 0, height);
  reference::Premultiply(r.view, 0, height);
  std::string err = Finish(what.str() + " (premultiply)", s, r);
  if (!err.empty()) return err;
  // Unpremultiply the raw random bytes too: colour > alpha must clamp identically.
  for (int32_t y = 0; y < height; ++y) {
    std::memcpy(s.view.Row(y), src.Row(y), static_cast<size_t>(width) * channels);
    std::memcpy(r.view.Row(y), src.Row(y), static_cast<size_t>(width) * channels);
  }
  Unpremultiply(s.view, 0, height);
  reference::Unpremultiply(r.view, 0, height);
  return Finish(what.str() + " (unpremultiply)", s, r);
}

std::string CheckRotate(int32_t width, int32_t height, int channels, RightAngle op, uint32_t seed) {
  std::ostringstream what;
  what << "rotate op " << static_cast<int>(op) << " " << width << "x" << height
       << " c=" << channels;
  const PixelFormat f = FormatFor(channels);
  const Image src = RandomImage(width, height, f, seed);
  const int32_t w = SwapsAxes(op) ? height : width, h = SwapsAxes(op) ? width : height;
  GuardedImage s = MakeGuarded(w, h, f), r = MakeGuarded(w, h, f);
  // Two strips, so a row range that does not start at 0 is exercised too.
  RotateRightAngle(src.view(), s.view, op, 0, h / 2);
  RotateRightAngle(src.view(), s.view, op, h / 2, h);
  reference::RotateRightAngle(src.view(), r.view, op, 0, h);
  return Finish(what.str(), s, r);
}

std::string CheckWarp(int32_t width, int32_t height, int channels, double degrees, uint32_t seed) {
  std::ostringstream what;
  what << "rotate " << degrees << " deg " << width << "x" << height << " c=" << channels;
  const PixelFormat f = FormatFor(channels);
  const Image src = RandomImage(width, height, f, seed);
  StatusOr<RotateTable> t = BuildRotateTable(width, height, degrees);
  if (!t.ok()) return what.str() + ": table failed";
  const uint8_t bg[4] = {static_cast<uint8_t>(seed), 7, 200, 31};
  GuardedImage s = MakeGuarded(t->dst_width, t->dst_height, f);
  GuardedImage r = MakeGuarded(t->dst_width, t->dst_height, f);
  RotateArbitrary(src.view(), s.view, *t, bg, 0, t->dst_height);
  reference::RotateArbitrary(src.view(), r.view, *t, bg, 0, t->dst_height);
  return Finish(what.str(), s, r);
}

std::string CheckPointOps(int32_t width, int32_t height, int channels, uint32_t seed) {
  std::ostringstream what;
  what << width << "x" << height << " c=" << channels;
  const PixelFormat f = FormatFor(channels);
  const Image src = RandomImage(width, height, f, seed);
  const Image other = RandomImage(width, height, f, seed + 1);
  auto copy_into = [&](GuardedImage& g) {
    if (width == 0) return;
    for (int32_t y = 0; y < height; ++y) {
      std::memcpy(g.view.Row(y), src.Row(y), static_cast<size_t>(width) * channels);
    }
  };
  {
    std::vector<uint8_t> lut(static_cast<size_t>(channels) * 256);
    uint32_t st = seed;
    for (uint8_t& v : lut) v = static_cast<uint8_t>(Next(st) >> 24);
    GuardedImage s = MakeGuarded(width, height, f), r = MakeGuarded(width, height, f);
    copy_into(s);
    copy_into(r);
    ApplyLut(s.view, lut.data(), 0, height);
    reference::ApplyLut(r.view, lut.data(), 0, height);
    std::string err = Finish("lut " + what.str(), s, r);
    if (!err.empty()) return err;
  }
  {
    const int32_t amounts[4] = {256, 1021, 128, 0};
    GuardedImage s = MakeGuarded(width, height, f), r = MakeGuarded(width, height, f);
    UnsharpCombine(src.view(), other.view(), s.view, amounts, 0, height);
    reference::UnsharpCombine(src.view(), other.view(), r.view, amounts, 0, height);
    std::string err = Finish("unsharp " + what.str(), s, r);
    if (!err.empty()) return err;
  }
  if (HasAlpha(f)) {
    for (bool rounded : {false, true}) {
      MaskShape shape;
      shape.rounded_rect = rounded;
      shape.cx = width / 2.0;
      shape.cy = height / 2.0;
      shape.radius = std::min(width, height) / 2.0;
      shape.width = width;
      shape.height = height;
      shape.corner_radius = std::min(width, height) / 3.0;
      GuardedImage s = MakeGuarded(width, height, f), r = MakeGuarded(width, height, f);
      copy_into(s);
      copy_into(r);
      ApplyMask(s.view, shape, 0, height);
      reference::ApplyMask(r.view, shape, 0, height);
      std::string err = Finish("mask " + what.str(), s, r);
      if (!err.empty()) return err;
    }
  }
  {
    const size_t bytes = static_cast<size_t>(width) * channels;
    std::vector<uint32_t> a(bytes + 64, 7), b(bytes + 64, 7);
    AccumulateColumns(src.view(), a.data(), 0, height);
    reference::AccumulateColumns(src.view(), b.data(), 0, height);
    if (a != b) return "column sums " + what.str() + " differ";
  }
  return "";
}

std::string CheckConvert(int32_t width, int32_t height, int in_channels, int out_channels,
                         uint32_t seed) {
  std::ostringstream what;
  what << "convert " << width << "x" << height << " c=" << in_channels << "->" << out_channels;
  const Image src = RandomImage(width, height, FormatFor(in_channels), seed);
  const uint8_t bg[3] = {255, 17, 128};
  GuardedImage s = MakeGuarded(width, height, FormatFor(out_channels));
  GuardedImage r = MakeGuarded(width, height, FormatFor(out_channels));
  ConvertFormat(src.view(), s.view, bg, 0, height);
  reference::ConvertFormat(src.view(), r.view, bg, 0, height);
  return Finish(what.str(), s, r);
}

double Mean(const ImageView& img, int channel) {
  double sum = 0;
  const int c_count = img.channels();
  for (int32_t y = 0; y < img.height; ++y) {
    for (int32_t x = 0; x < img.width; ++x) sum += img.Row(y)[x * c_count + channel];
  }
  return sum / (static_cast<double>(img.width) * img.height);
}

Image ReadPnm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Image();
  std::string magic;
  in >> magic;
  auto next_int = [&]() {
    int v = -1;
    for (;;) {
      in >> std::ws;
      if (in.peek() == '#') {
        std::string line;
        std::getline(in, line);
        continue;
      }
      in >> v;
      return v;
    }
  };
  const int w = next_int(), h = next_int(), maxval = next_int();
  in.get();  // the single whitespace before the samples
  if ((magic != "P6" && magic != "P5") || w <= 0 || h <= 0 || maxval != 255) return Image();
  Image img = MustCreate(w, h, magic == "P6" ? PixelFormat::kRGB8 : PixelFormat::kGray8);
  for (int32_t y = 0; y < h; ++y) {
    in.read(reinterpret_cast<char*>(img.Row(y)), static_cast<std::streamsize>(w) * img.channels());
  }
  return in ? std::move(img) : Image();
}

double Psnr(const ImageView& a, const ImageView& b) {
  double se = 0;
  const int32_t bytes = a.width * a.channels();
  for (int32_t y = 0; y < a.height; ++y) {
    for (int32_t x = 0; x < bytes; ++x) {
      const double d = static_cast<double>(a.Row(y)[x]) - b.Row(y)[x];
      se += d * d;
    }
  }
  const double mse = se / (static_cast<double>(bytes) * a.height);
  return mse == 0 ? INFINITY : 10 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace ossimg::kernels::ktest
