// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Contributor tables for the separable resampler. Built once per plan node in plain scalar code
// (double precision, then quantised), so every SIMD target and the scalar twin read the very same
// integer weights: that is what makes their pixels bit-identical.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "src/kernels/kernels.h"

namespace ossimg::kernels {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int32_t kMaxAxis = 1 << 24;
// Bound on taps * out_size so a hostile ratio cannot make a table of gigabytes; 2^26 int32
// weights is 256 MiB, far above what OSS-sized images need (taps never exceed in_size <= 30000).
constexpr int64_t kMaxTableEntries = int64_t{1} << 26;

double Sinc(double x) {
  if (x == 0.0) return 1.0;
  const double px = kPi * x;
  return std::sin(px) / px;
}

// Filter value at distance x (in input samples, already divided by the downscale ratio).
double FilterValue(Filter f, double x) {
  x = std::fabs(x);
  switch (f) {
    case Filter::kBox:
      // Half weight exactly on the boundary keeps the kernel symmetric.
      return x < 0.5 ? 1.0 : (x == 0.5 ? 0.5 : 0.0);
    case Filter::kBilinear:
      return x < 1.0 ? 1.0 - x : 0.0;
    case Filter::kBicubic: {
      // Catmull-Rom (a = -0.5), as libvips' bicubic: interpolating, mild overshoot.
      constexpr double a = -0.5;
      if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
      if (x < 2.0) return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a;
      return 0.0;
    }
    case Filter::kLanczos3:
      return x < 3.0 ? Sinc(x) * Sinc(x / 3.0) : 0.0;
  }
  return 0.0;
}

double FilterSupport(Filter f) {
  switch (f) {
    case Filter::kBox:
      return 0.5;
    case Filter::kBilinear:
      return 1.0;
    case Filter::kBicubic:
      return 2.0;
    case Filter::kLanczos3:
      return 3.0;
  }
  return 1.0;
}

// Quantises `w` (any positive sum) to integers summing exactly to kWeightOne. The rounding
// remainder goes to the largest weight, where it changes the response least.
std::vector<int32_t> Quantise(const std::vector<double>& w) {
  double sum = 0.0;
  for (double v : w) sum += v;
  std::vector<int32_t> q(w.size(), 0);
  if (!(sum > 1e-12)) {
    // Degenerate (cannot happen for our filters): take the middle sample.
    q[q.size() / 2] = kWeightOne;
    return q;
  }
  int32_t total = 0;
  size_t largest = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    q[i] = static_cast<int32_t>(std::lround(w[i] / sum * kWeightOne));
    total += q[i];
    if (std::fabs(w[i]) > std::fabs(w[largest])) largest = i;
  }
  q[largest] += kWeightOne - total;
  return q;
}

// Marks the run of outputs around the middle that share offset and weights (see kernels.h).
void FindConvolutionRun(ResampleTable& t) {
  const int32_t mid = t.out_size / 2;
  const int32_t offset = t.start[static_cast<size_t>(mid)] - mid;
  auto same = [&](int32_t o) {
    if (t.start[static_cast<size_t>(o)] - o != offset) return false;
    for (int32_t k = 0; k < t.taps; ++k) {
      if (t.Weight(o, k) != t.Weight(mid, k)) return false;
    }
    return true;
  };
  int32_t begin = mid, end = mid + 1;
  while (begin > 0 && same(begin - 1)) --begin;
  while (end < t.out_size && same(end)) ++end;
  t.conv_begin = begin;
  t.conv_end = end;
  t.conv_offset = offset;
}

// Builds a table where output o is centred on input position center(o) and input i gets weight
// weight(i - center). Taps outside [0, in_size) fold onto the nearest edge sample.
template <class CenterFn, class WeightFn>
StatusOr<ResampleTable> BuildTable(int32_t in_size, int32_t out_size, double support,
                                   CenterFn center_of, WeightFn weight_of) {
  struct Contrib {
    int32_t lo;
    std::vector<int32_t> q;
  };
  std::vector<Contrib> contribs(static_cast<size_t>(out_size));
  int32_t taps = 1;
  std::vector<double> acc;
  for (int32_t o = 0; o < out_size; ++o) {
    const double c = center_of(o);
    const int64_t lo = static_cast<int64_t>(std::floor(c - support));
    const int64_t hi = static_cast<int64_t>(std::ceil(c + support));
    const int32_t clo = static_cast<int32_t>(std::clamp<int64_t>(lo, 0, in_size - 1));
    const int32_t chi = static_cast<int32_t>(std::clamp<int64_t>(hi, 0, in_size - 1));
    acc.assign(static_cast<size_t>(chi - clo + 1), 0.0);
    for (int64_t i = lo; i <= hi; ++i) {
      const double w = weight_of(static_cast<double>(i) - c);
      // sin(pi k) is ~1e-16, not 0, in floating point: treat such weights as the zeros they
      // are, so an identity or integer-phase table has no useless taps.
      if (std::fabs(w) < 1e-9) continue;
      const int64_t ci = std::clamp<int64_t>(i, 0, in_size - 1);
      acc[static_cast<size_t>(ci - clo)] += w;
    }
    // Trim zero weights at both ends so `taps` is as small as the filter allows.
    size_t first = 0, last = acc.size();
    while (first + 1 < last && acc[first] == 0.0) ++first;
    while (last - 1 > first && acc[last - 1] == 0.0) --last;
    std::vector<double> w(acc.begin() + static_cast<ptrdiff_t>(first),
                          acc.begin() + static_cast<ptrdiff_t>(last));
    contribs[static_cast<size_t>(o)] = Contrib{clo + static_cast<int32_t>(first), Quantise(w)};
    taps = std::max<int32_t>(taps, static_cast<int32_t>(w.size()));
  }
  ResampleTable t;
  t.in_size = in_size;
  t.out_size = out_size;
  t.taps = std::min(taps, in_size);
  t.out_padded = (out_size + 15) / 16 * 16;
  if (static_cast<int64_t>(t.taps) * t.out_padded > kMaxTableEntries) {
    return InvalidArgumentError("resample table of " + std::to_string(t.taps) + " taps x " +
                                std::to_string(out_size) + " outputs is too large");
  }
  t.start.assign(static_cast<size_t>(t.out_padded), 0);
  t.weights.assign(static_cast<size_t>(t.taps) * t.out_padded, 0);
  for (int32_t o = 0; o < out_size; ++o) {
    const Contrib& ct = contribs[static_cast<size_t>(o)];
    const int32_t start = std::min(ct.lo, in_size - t.taps);
    t.start[static_cast<size_t>(o)] = start;
    for (size_t j = 0; j < ct.q.size(); ++j) {
      const int32_t k = ct.lo - start + static_cast<int32_t>(j);
      t.weights[static_cast<size_t>(k) * t.out_padded + o] = ct.q[j];
    }
  }
  if (in_size == out_size) FindConvolutionRun(t);
  return t;
}

Status CheckAxis(int32_t size, const char* what) {
  if (size < 1 || size > kMaxAxis) {
    return InvalidArgumentError(std::string(what) + " " + std::to_string(size) +
                                " is outside [1, 2^24]");
  }
  return Status::Ok();
}

}  // namespace

const char* FilterName(Filter f) {
  switch (f) {
    case Filter::kBox:
      return "box";
    case Filter::kBilinear:
      return "bilinear";
    case Filter::kBicubic:
      return "bicubic";
    case Filter::kLanczos3:
      return "lanczos3";
  }
  return "unknown";
}

StatusOr<ResampleTable> BuildResampleTable(int32_t in_size, int32_t out_size, Filter filter) {
  OSSIMG_RETURN_IF_ERROR(CheckAxis(in_size, "input size"));
  OSSIMG_RETURN_IF_ERROR(CheckAxis(out_size, "output size"));
  const double ratio = static_cast<double>(in_size) / out_size;  // > 1 when downscaling
  const double stretch = std::max(1.0, ratio);
  const double support = FilterSupport(filter) * stretch;
  return BuildTable(
      in_size, out_size, support, [ratio](int32_t o) { return (o + 0.5) * ratio - 0.5; },
      [filter, stretch](double d) { return FilterValue(filter, d / stretch); });
}

StatusOr<ResampleTable> BuildGaussianTable(int32_t size, double sigma, int32_t radius) {
  OSSIMG_RETURN_IF_ERROR(CheckAxis(size, "size"));
  if (!(sigma > 0.0) || sigma > 1000.0 || radius < 0 || radius > 1000) {
    return InvalidArgumentError("gaussian sigma must be in (0, 1000] and radius in [0, 1000]");
  }
  const double two_s2 = 2.0 * sigma * sigma;
  const double r = radius;
  return BuildTable(
      size, size, r, [](int32_t o) { return static_cast<double>(o); },
      [two_s2, r](double d) { return std::fabs(d) <= r ? std::exp(-d * d / two_s2) : 0.0; });
}

int32_t ShrinkedSize(int32_t in_size, int32_t factor) {
  if (factor < 1) return in_size;
  return in_size / factor + (in_size % factor != 0 ? 1 : 0);
}

}  // namespace ossimg::kernels

namespace ossimg::kernels {

StatusOr<RotateTable> BuildRotateTable(int32_t width, int32_t height, double degrees) {
  if (width < 1 || height < 1 || width > 65535 || height > 65535 || !std::isfinite(degrees)) {
    return InvalidArgumentError("rotate needs a finite angle and sides in [1, 65535]");
  }
  const double rad = std::fmod(degrees, 360.0) * kPi / 180.0;
  double cs = std::cos(rad), sn = std::sin(rad);
  // Exact right angles: keep the canvas exact (cos 90 is 6e-17, not 0).
  if (std::fabs(cs) < 1e-12) cs = 0.0;
  if (std::fabs(sn) < 1e-12) sn = 0.0;
  RotateTable t;
  t.src_width = width;
  t.src_height = height;
  t.dst_width = std::max<int32_t>(
      1, static_cast<int32_t>(std::lround(std::fabs(width * cs) + std::fabs(height * sn))));
  t.dst_height = std::max<int32_t>(
      1, static_cast<int32_t>(std::lround(std::fabs(width * sn) + std::fabs(height * cs))));
  constexpr double kOne = 1 << kRotateFracBits;
  // Clockwise rotation in y-down coordinates maps (u, v) to (u cos - v sin, u sin + v cos);
  // we need the inverse: source = (u cos + v sin, -u sin + v cos) about the centres.
  t.ax = static_cast<int32_t>(std::lround(cs * kOne));
  t.ay = static_cast<int32_t>(std::lround(-sn * kOne));
  const double cxd = t.dst_width / 2.0, cyd = t.dst_height / 2.0;
  const double cxs = width / 2.0, cys = height / 2.0;
  t.row_x.resize(static_cast<size_t>(t.dst_height));
  t.row_y.resize(static_cast<size_t>(t.dst_height));
  for (int32_t y = 0; y < t.dst_height; ++y) {
    const double u = 0.5 - cxd, v = y + 0.5 - cyd;
    t.row_x[static_cast<size_t>(y)] = std::llround((u * cs + v * sn + cxs - 0.5) * kOne);
    t.row_y[static_cast<size_t>(y)] = std::llround((-u * sn + v * cs + cys - 0.5) * kOne);
  }
  return t;
}

}  // namespace ossimg::kernels
