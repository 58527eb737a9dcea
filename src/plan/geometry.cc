// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "plan/geometry.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>

namespace ossimg::plan {
namespace {

constexpr double kPi = 3.14159265358979323846;

// In the order of the Action variant (include/ossimg/actions.h).
constexpr const char* kActionNames[] = {
    "resize",      "crop",        "indexcrop", "circle",    "rounded-corners",
    "rotate",      "auto-orient", "blur",      "bright",    "contrast",
    "sharpen",     "format",      "quality",   "interlace", "info",
    "average-hue", "watermark"};
static_assert(sizeof(kActionNames) / sizeof(kActionNames[0]) ==
                  std::variant_size_v<Action>,
              "one name per action");

// round(num / den) with halves rounded up, as OSS documents ("四舍五入"), never
// below 1.
int32_t RoundDiv(int64_t num, int64_t den) {
  const int64_t q = (2 * num + den) / (2 * den);
  return static_cast<int32_t>(std::max<int64_t>(q, 1));
}

// The size of `src` scaled so that it fits inside (or, with cover, covers) bw x
// bh.
Size FitBox(Size src, int32_t bw, int32_t bh, bool cover) {
  const int64_t W = src.width, H = src.height;
  // Compare bw/W with bh/H without floating point: width-bound when bw*H <=
  // bh*W.
  const bool width_bound = int64_t{bw} * H <= int64_t{bh} * W;
  if (width_bound != cover) return Size{bw, RoundDiv(H * bw, W)};
  return Size{RoundDiv(W * bh, H), bh};
}

Status TooLarge(Size s, const Limits& limits) {
  if (s.width > limits.max_output_side || s.height > limits.max_output_side ||
      static_cast<uint64_t>(s.width) * static_cast<uint64_t>(s.height) >
          limits.max_output_pixels) {
    return Status(StatusCode::kImageTooLarge,
                  "The target image of " + std::to_string(s.width) + "x" +
                      std::to_string(s.height) + " exceeds the limit of " +
                      std::to_string(limits.max_output_side) +
                      " px per side and " +
                      std::to_string(limits.max_output_pixels) + " px in all.",
                  "0040-00000007", -1);
  }
  return Status();
}

}  // namespace

Size OrientedSize(int orientation, Size stored) {
  if (orientation >= 5 && orientation <= 8)
    return Size{stored.height, stored.width};
  return stored;
}

StatusOr<ResizeGeometry> ResizeTarget(const ResizeAction& a, Size src,
                                      bool never_enlarge, const Limits& limits,
                                      Size main_image) {
  ResizeGeometry g;
  if (src.width <= 0 || src.height <= 0) {
    g.scaled = src;
    g.unchanged = true;
    return g;
  }
  const int64_t W = src.width, H = src.height;
  bool percent = false;
  if (a.w || a.h) {
    if (a.mode == ResizeMode::kFixed) {
      // One side given: the other takes the same value (OSS documentation).
      g.scaled = Size{a.w ? a.w : a.h, a.h ? a.h : a.w};
    } else if (a.w && a.h) {
      g.scaled =
          FitBox(src, a.w, a.h,
                 a.mode == ResizeMode::kMfit || a.mode == ResizeMode::kFill);
      if (a.mode == ResizeMode::kFill) {
        g.has_crop = true;
        g.crop = Rect{(g.scaled.width - a.w) / 2, (g.scaled.height - a.h) / 2,
                      a.w, a.h};
      } else if (a.mode == ResizeMode::kPad) {
        g.has_canvas = true;
        g.canvas = Size{a.w, a.h};
        g.offset_x = (a.w - g.scaled.width) / 2;
        g.offset_y = (a.h - g.scaled.height) / 2;
      }
    } else if (a.w) {
      g.scaled = Size{a.w, RoundDiv(H * a.w, W)};
    } else {
      g.scaled = Size{RoundDiv(W * a.h, H), a.h};
    }
  } else if (a.l || a.s) {
    const bool landscape = W >= H;
    if (a.l && a.s) {
      // A box of long x short, oriented like the image, then the mode as with w
      // and h.
      ResizeAction box = a;
      box.w = landscape ? a.l : a.s;
      box.h = landscape ? a.s : a.l;
      box.l = box.s = 0;
      return ResizeTarget(box, src, never_enlarge, limits, main_image);
    }
    if (a.l) {
      g.scaled = landscape ? Size{a.l, RoundDiv(H * a.l, W)}
                           : Size{RoundDiv(W * a.l, H), a.l};
    } else {
      g.scaled = landscape ? Size{RoundDiv(W * a.s, H), a.s}
                           : Size{a.s, RoundDiv(H * a.s, W)};
    }
  } else if (a.p) {
    percent = true;
    g.scaled = Size{RoundDiv(W * a.p, 100), RoundDiv(H * a.p, 100)};
  } else if (a.P) {
    // Watermark images: P percent of the main image, fitted inside that box.
    const Size main = main_image.width > 0 ? main_image : src;
    g.scaled = FitBox(src, RoundDiv(int64_t{main.width} * a.P, 100),
                      RoundDiv(int64_t{main.height} * a.P, 100), false);
  } else {
    g.scaled = src;
    g.unchanged = true;
    return g;
  }
  // limit_1: a result larger than the source in either direction returns the
  // source as it is. Percentages are documented as able to enlarge, so limit
  // applies to them only for GIFs.
  const bool limit = never_enlarge || (a.limit && !percent);
  if (limit && (g.scaled.width > W || g.scaled.height > H)) {
    g = ResizeGeometry();
    g.scaled = src;
    g.unchanged = true;
    return g;
  }
  OSSIMG_RETURN_IF_ERROR(TooLarge(g.scaled, limits));
  OSSIMG_RETURN_IF_ERROR(TooLarge(g.output(), limits));
  return g;
}

StatusOr<Rect> CropRect(const CropAction& a, Size src) {
  const int64_t W = src.width, H = src.height;
  const int64_t w = a.w ? a.w : W;
  const int64_t h = a.h ? a.h : H;
  int64_t ax = 0, ay = 0;
  switch (a.g) {
    case Gravity::kNW:
      break;
    case Gravity::kNorth:
      ax = W / 2 - w / 2;
      break;
    case Gravity::kNE:
      ax = W - w;
      break;
    case Gravity::kWest:
      ay = H / 2 - h / 2;
      break;
    case Gravity::kCenter:
      ax = W / 2 - w / 2;
      ay = H / 2 - h / 2;
      break;
    case Gravity::kEast:
      ax = W - w;
      ay = H / 2 - h / 2;
      break;
    case Gravity::kSW:
      ay = H - h;
      break;
    case Gravity::kSouth:
      ax = W / 2 - w / 2;
      ay = H - h;
      break;
    case Gravity::kSE:
      ax = W - w;
      ay = H - h;
      break;
  }
  const int64_t x0 = std::max<int64_t>(ax, 0) + a.x;
  const int64_t y0 = std::max<int64_t>(ay, 0) + a.y;
  if (x0 >= W || y0 >= H) {
    return Status(StatusCode::kBadRequest,
                  "Advance cut's position is out of image.");
  }
  const int64_t x1 = std::min<int64_t>(x0 + w, W);
  const int64_t y1 = std::min<int64_t>(y0 + h, H);
  return Rect{static_cast<int32_t>(x0), static_cast<int32_t>(y0),
              static_cast<int32_t>(x1 - x0), static_cast<int32_t>(y1 - y0)};
}

Rect IndexCropRect(const IndexCropAction& a, Size src) {
  const Rect whole{0, 0, src.width, src.height};
  if (a.y) {
    const int64_t n = (int64_t{src.height} + a.y - 1) / a.y;
    if (a.i >= n) return whole;
    const int64_t y0 = int64_t{a.i} * a.y;
    return Rect{0, static_cast<int32_t>(y0), src.width,
                static_cast<int32_t>(std::min<int64_t>(a.y, src.height - y0))};
  }
  if (a.x) {
    const int64_t n = (int64_t{src.width} + a.x - 1) / a.x;
    if (a.i >= n) return whole;
    const int64_t x0 = int64_t{a.i} * a.x;
    return Rect{static_cast<int32_t>(x0), 0,
                static_cast<int32_t>(std::min<int64_t>(a.x, src.width - x0)),
                src.height};
  }
  return whole;
}

Rect CircleRect(const CircleAction& a, Size src, int32_t* radius) {
  const int32_t r =
      std::max(1, std::min(a.r, std::min(src.width, src.height) / 2));
  if (radius) *radius = r;
  return Rect{src.width / 2 - r, src.height / 2 - r, 2 * r, 2 * r}.Intersect(
      Rect{0, 0, src.width, src.height});
}

StatusOr<Size> RotatedSize(int32_t degrees, Size src) {
  if (src.width > 4096 || src.height > 4096) {
    return Status(StatusCode::kBadRequest,
                  "Picture exceed the maximum allowable rotation range.",
                  "0040-00000006", -1);
  }
  const int32_t d = ((degrees % 360) + 360) % 360;
  if (d == 0 || d == 180) return src;
  if (d == 90 || d == 270) return Size{src.height, src.width};
  const double t = d * kPi / 180.0;
  const double c = std::fabs(std::cos(t)), s = std::fabs(std::sin(t));
  return Size{
      static_cast<int32_t>(std::lround(src.width * c + src.height * s)),
      static_cast<int32_t>(std::lround(src.width * s + src.height * c))};
}

StatusOr<GeometryTrace> TraceGeometry(const ProcessSpec& spec, Size stored,
                                      int orientation,
                                      ImageFormat source_format,
                                      const Limits& limits) {
  GeometryTrace t;
  t.stored = stored;
  // auto-orient is not positional: OSS orients first, unless auto-orient,0 says
  // not to.
  for (const Action& a : spec.actions) {
    if (const auto* ao = std::get_if<AutoOrientAction>(&a))
      t.apply_orientation = ao->enabled;
  }
  t.oriented = t.apply_orientation ? OrientedSize(orientation, stored) : stored;
  t.output_format = source_format;
  const bool gif = source_format == ImageFormat::kGif;
  Size cur = t.oriented;
  for (size_t i = 0; i < spec.actions.size(); ++i) {
    const Action& a = spec.actions[i];
    GeometryStep step;
    step.action_index = i;
    step.name = kActionNames[a.index()];
    if (const auto* r = std::get_if<ResizeAction>(&a)) {
      OSSIMG_ASSIGN_OR_RETURN(ResizeGeometry g,
                              ResizeTarget(*r, cur, gif, limits));
      cur = g.output();
    } else if (const auto* c = std::get_if<CropAction>(&a)) {
      OSSIMG_ASSIGN_OR_RETURN(Rect rc, CropRect(*c, cur));
      cur = Size{rc.width, rc.height};
    } else if (const auto* ic = std::get_if<IndexCropAction>(&a)) {
      const Rect rc = IndexCropRect(*ic, cur);
      cur = Size{rc.width, rc.height};
    } else if (const auto* ci = std::get_if<CircleAction>(&a)) {
      const Rect rc = CircleRect(*ci, cur, nullptr);
      cur = Size{rc.width, rc.height};
    } else if (const auto* ro = std::get_if<RotateAction>(&a)) {
      OSSIMG_ASSIGN_OR_RETURN(cur, RotatedSize(ro->degrees, cur));
    } else if (const auto* f = std::get_if<FormatAction>(&a)) {
      // format,gif converts only GIFs; anything else keeps its source format.
      if (f->format != ImageFormat::kGif || gif) t.output_format = f->format;
    } else if (std::holds_alternative<InfoAction>(a)) {
      t.output_kind = GeometryTrace::Output::kInfoJson;
    } else if (std::holds_alternative<AverageHueAction>(a)) {
      t.output_kind = GeometryTrace::Output::kAverageHue;
    } else {  // colour, filter, watermark and encoder settings
    }
    step.size = cur;
    t.steps.push_back(step);
    if (t.output_kind != GeometryTrace::Output::kImage)
      break;  // answers end the chain
  }
  t.output = cur;
  if (t.output_kind == GeometryTrace::Output::kImage &&
      t.output_format == ImageFormat::kWebp &&
      (cur.width > 16383 || cur.height > 16383)) {
    return Status(StatusCode::kImageTooLarge,
                  "WebP output is limited to 16383 px per side.",
                  "0040-00000011", -1);
  }
  return t;
}

}  // namespace ossimg::plan
