// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "plan/watermark.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "plan/plan.h"
#include "render/composite.h"
#include "render/fonts.h"
#include "render/text.h"
#include "src/kernels/kernels.h"
#include "src/kernels/strips.h"

namespace ossimg::plan {
namespace {

Status WatermarkError(std::string msg) {
  return Status(StatusCode::kWatermarkError, std::move(msg));
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// OSS percentages (t, shadow) as 8-bit opacity.
int32_t Opacity255(int32_t percent) { return (percent * 255 + 50) / 100; }

// The text part: a coverage mask (already rotated) in a colour, with an
// optional shadow.
struct TextPart {
  Image mask;
  uint32_t color = 0;
  int32_t shadow_opacity = 0;  // 0..255
  int32_t shadow_offset = 0;   // px right and down
  int32_t width() const { return mask.width() + shadow_offset; }
  int32_t height() const { return mask.height() + shadow_offset; }
};

StatusOr<Image> RotateMask(Image mask, int32_t degrees, const Limits& limits) {
  const int32_t d = ((degrees % 360) + 360) % 360;
  if (d == 0) return mask;
  if (d % 90 == 0) {
    const kernels::RightAngle op = d == 90    ? kernels::RightAngle::kRotate90
                                   : d == 180 ? kernels::RightAngle::kRotate180
                                              : kernels::RightAngle::kRotate270;
    const bool swap = kernels::SwapsAxes(op);
    OSSIMG_ASSIGN_OR_RETURN(Image out,
                            Image::Create(swap ? mask.height() : mask.width(),
                                          swap ? mask.width() : mask.height(),
                                          PixelFormat::kGray8, limits));
    kernels::RotateRightAngle(mask.view(), out.mutable_view(), op, 0,
                              out.height());
    return out;
  }
  // Coverage is not a colour: rotating the mask (rather than coloured pixels)
  // needs no premultiplication, and the shadow can be offset after rotation so
  // it always falls to the lower right, as a light above-left would cast it.
  OSSIMG_ASSIGN_OR_RETURN(
      kernels::RotateTable t,
      kernels::BuildRotateTable(mask.width(), mask.height(), d));
  OSSIMG_ASSIGN_OR_RETURN(
      Image out,
      Image::Create(t.dst_width, t.dst_height, PixelFormat::kGray8, limits));
  const uint8_t none[4] = {0, 0, 0, 0};
  kernels::RotateArbitrary(mask.view(), out.mutable_view(), t, none, 0,
                           out.height());
  return out;
}

// Limits for the watermark's own buffers. The grammar bounds a text line (64
// characters of at most 1000 px), so its side may exceed the image side limit
// (64 CJK characters at size_1000 are ~64000 px wide, of which the image shows
// a part); pixels and memory stay bounded by the embedder's limits.
Limits LayerLimits(const Limits& limits) {
  Limits l = limits;
  l.max_side = std::max<int32_t>(l.max_side, 66 * 1000);
  return l;
}

StatusOr<TextPart> MakeTextPart(const WatermarkAction& a,
                                const Options& options) {
  OSSIMG_ASSIGN_OR_RETURN(render::FontFile font,
                          render::FindFont(a.font, options.font_dir));
  const Limits limits = LayerLimits(options.limits);
  OSSIMG_ASSIGN_OR_RETURN(
      Image mask, render::RenderTextMask(*a.text, font, a.size, limits));
  TextPart p;
  OSSIMG_ASSIGN_OR_RETURN(p.mask,
                          RotateMask(std::move(mask), a.rotate, limits));
  p.color = a.color;
  if (a.shadow > 0) {
    // OSS documents only the shadow's transparency; the offset is ours: 1/20 of
    // the font size (2 px at the default 40), at least 1 px.
    p.shadow_offset = std::max(1, (a.size + 10) / 20);
    p.shadow_opacity = Opacity255(a.shadow);
  }
  return p;
}

// The watermark image after its own ?x-oss-process, as RGBA with straight
// alpha.
StatusOr<Image> MakeImagePart(const WatermarkAction& a, Size main,
                              const Options& options) {
  if (!options.watermark_objects) {
    return WatermarkError("The watermark image " + *a.image +
                          " cannot be read: no object store is configured.");
  }
  StatusOr<std::vector<uint8_t>> bytes = options.watermark_objects(*a.image);
  if (!bytes.ok()) {
    return WatermarkError("The watermark image " + *a.image +
                          " cannot be read: " + bytes.status().message());
  }
  StatusOr<ImageInfo> info =
      ProbeImage(bytes->data(), bytes->size(), options.limits);
  if (!info.ok()) {
    return WatermarkError(
        "The watermark image " + *a.image +
        " is not a readable image: " + info.status().message());
  }
  if (info->format == ImageFormat::kGif) {
    // OSS lists JPG, PNG, BMP, WebP and TIFF for watermark images.
    return WatermarkError("The watermark image " + *a.image +
                          " is a GIF, which OSS refuses.");
  }
  ProcessSpec spec;
  for (const WatermarkImageOp& op : a.image_ops) {
    std::visit(
        [&](const auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, ResizeAction>) {
            ResizeAction r = o;
            if (r.P && !r.w && !r.h && !r.l && !r.s && !r.p) {
              // P_: a box of P percent of the main image (as it is at this
              // step), fitted like lfit, so BuildPlan needs no notion of a main
              // image.
              r.w = std::max<int32_t>(
                  1,
                  static_cast<int32_t>((int64_t{main.width} * r.P + 50) / 100));
              r.h = std::max<int32_t>(
                  1, static_cast<int32_t>((int64_t{main.height} * r.P + 50) /
                                          100));
              r.mode = ResizeMode::kLfit;
              r.P = 0;
            }
            spec.actions.emplace_back(r);
          } else {
            spec.actions.emplace_back(o);
          }
        },
        op);
  }
  spec.actions.emplace_back(FormatAction{ImageFormat::kPng});
  Options nested = options;
  nested.watermark_objects = nullptr;
  OSSIMG_ASSIGN_OR_RETURN(Plan plan, BuildPlan(spec, *info, 0, nested));
  Image img;
  if (plan.steps.size() == 1) {
    // Nothing to do but decode (no preprocessing, no EXIF rotation).
    StatusOr<Image> d = DecodeImage(bytes->data(), bytes->size(),
                                    DecodeOptions(), options.limits);
    if (!d.ok())
      return WatermarkError("The watermark image " + *a.image + ": " +
                            d.status().message());
    img = std::move(*d);
  } else {
    // The engine's own steps (resize, crop, indexcrop, rounded-corners, rotate
    // and the EXIF orientation) run through the real executor; a stored,
    // unfiltered PNG carries the result back losslessly at a few ms per
    // megapixel.
    plan.encode.png_compression = 0;
    plan.encode.png_adaptive_filter = false;
    plan.encode.png_palette = false;
    plan.encode.icc_profile.clear();
    StatusOr<Result> r = Execute(plan, bytes->data(), bytes->size(), nested);
    if (!r.ok()) {
      // Bytes the codecs cannot read (broken, CMYK) make the object
      // unreadable; geometry errors of its process keep their own codes.
      if (r.status().code() == StatusCode::kCorruptInput ||
          r.status().code() == StatusCode::kUnsupported) {
        return WatermarkError("The watermark image " + *a.image + ": " +
                              r.status().message());
      }
      return r.status();
    }
    OSSIMG_ASSIGN_OR_RETURN(img, DecodeImage(r->bytes.data(), r->bytes.size(),
                                             DecodeOptions(), options.limits));
  }
  if (img.alpha() == AlphaMode::kPremultiplied) {
    kernels::Unpremultiply(img.mutable_view(), 0, img.height());
    img.set_alpha(AlphaMode::kStraight);
  }
  if (img.format() == PixelFormat::kRGBA8) return img;
  OSSIMG_ASSIGN_OR_RETURN(
      Image rgba, Image::Create(img.width(), img.height(), PixelFormat::kRGBA8,
                                options.limits));
  const uint8_t white[3] = {255, 255, 255};
  kernels::ConvertFormat(img.view(), rgba.mutable_view(), white, 0,
                         rgba.height());
  rgba.set_alpha(AlphaMode::kStraight);
  return rgba;
}

// Stand-alone copy with colour channels, for a grey image receiving a coloured
// watermark.
StatusOr<Image> ToColour(const Image& img, const Limits& limits,
                         ThreadPool* pool) {
  const PixelFormat f = img.format() == PixelFormat::kGrayA8
                            ? PixelFormat::kRGBA8
                            : PixelFormat::kRGB8;
  OSSIMG_ASSIGN_OR_RETURN(Image out,
                          Image::Create(img.width(), img.height(), f, limits));
  out.set_alpha(img.alpha());
  const uint8_t white[3] = {255, 255, 255};
  const ImageView src = img.view();
  const MutableImageView dst = out.mutable_view();
  kernels::ForEachStrip(pool, out.height(), kernels::kDefaultStripRows,
                        [&](int32_t b, int32_t e) {
                          kernels::ConvertFormat(src, dst, white, b, e);
                        });
  return out;
}

}  // namespace

Point WatermarkOrigin(Gravity g, int64_t W, int64_t H, int64_t w, int64_t h,
                      int32_t x, int32_t y, int32_t voffset) {
  Point p;
  switch (g) {
    case Gravity::kNW:
    case Gravity::kWest:
    case Gravity::kSW:
      p.x = x;
      break;
    case Gravity::kNorth:
    case Gravity::kCenter:
    case Gravity::kSouth:
      p.x = FloorDiv(W - w, 2);
      break;
    default:
      p.x = W - w - x;
  }
  switch (g) {
    case Gravity::kNW:
    case Gravity::kNorth:
    case Gravity::kNE:
      p.y = y;
      break;
    case Gravity::kWest:
    case Gravity::kCenter:
    case Gravity::kEast:
      // voffset > 0 moves the mark down, like every other y in image
      // coordinates.
      p.y = FloorDiv(H - h, 2) + voffset;
      break;
    default:
      p.y = H - h - y;
  }
  return p;
}

StatusOr<Image> RunWatermark(Image img, const WatermarkAction& a,
                             const Options& options, ThreadPool* pool) {
  const Size main{img.width(), img.height()};
  TextPart text;
  Image picture;
  const bool has_text = a.text.has_value(), has_image = a.image.has_value();
  if (has_image) {
    OSSIMG_ASSIGN_OR_RETURN(picture, MakeImagePart(a, main, options));
  }
  if (has_text) {
    OSSIMG_ASSIGN_OR_RETURN(text, MakeTextPart(a, options));
  }

  // One block: image and text side by side (order 0: image on the left),
  // aligned vertically by `align`, `interval` px apart, drawn once into a
  // straight-alpha RGBA layer. `t` is then the opacity of the layer as a whole
  // (group opacity): the text covers its own shadow even when translucent.
  const int64_t iw = has_image ? picture.width() : 0,
                ih = has_image ? picture.height() : 0;
  const int64_t tw = has_text ? text.width() : 0,
                th = has_text ? text.height() : 0;
  const int64_t gap = has_image && has_text ? a.interval : 0;
  const int64_t bw = iw + gap + tw, bh = std::max(ih, th);
  auto align = [&](int64_t h) {
    return a.align == 0 ? 0 : a.align == 1 ? (bh - h) / 2 : bh - h;
  };
  const bool image_first = a.order == 0;
  const int32_t image_x = static_cast<int32_t>(image_first ? 0 : tw + gap);
  const int32_t text_x = static_cast<int32_t>(image_first ? iw + gap : 0);

  // With fill_1 the layer holds several cells of (block + padx, block + pady)
  // so that a tiny block (size_1 text, padx_0) does not turn into millions of
  // tiles: the work stays proportional to the pixels.
  int64_t cell_w = bw, cell_h = bh, nx = 1, ny = 1;
  if (a.fill) {
    cell_w = bw + a.padx;
    cell_h = bh + a.pady;
    constexpr int64_t kMinLayer = 256;
    nx = std::max<int64_t>(1,
                           std::min<int64_t>((kMinLayer + cell_w - 1) / cell_w,
                                             main.width / cell_w + 1));
    ny = std::max<int64_t>(1,
                           std::min<int64_t>((kMinLayer + cell_h - 1) / cell_h,
                                             main.height / cell_h + 1));
  }
  const int64_t layer_w = a.fill ? nx * cell_w : bw;
  const int64_t layer_h = a.fill ? ny * cell_h : bh;
  if (layer_w > INT32_MAX || layer_h > INT32_MAX) {
    return ImageTooLargeError("The watermark is too large.");
  }
  OSSIMG_ASSIGN_OR_RETURN(
      Image layer,
      Image::Create(static_cast<int32_t>(layer_w),
                    static_cast<int32_t>(layer_h), PixelFormat::kRGBA8,
                    LayerLimits(options.limits)));
  layer.set_alpha(AlphaMode::kStraight);
  for (int32_t y = 0; y < layer.height(); ++y)
    std::memset(layer.Row(y), 0, static_cast<size_t>(layer.width()) * 4);
  const MutableImageView lv = layer.mutable_view();
  for (int64_t cy = 0; cy < ny; ++cy) {
    for (int64_t cx = 0; cx < nx; ++cx) {
      const int32_t ox = static_cast<int32_t>(cx * cell_w);
      const int32_t oy = static_cast<int32_t>(cy * cell_h);
      if (has_image) {
        render::CompositeLayer(lv, picture.view(), 255, ox + image_x,
                               oy + static_cast<int32_t>(align(ih)), 0,
                               layer.height());
      }
      if (has_text) {
        const int32_t x = ox + text_x;
        const int32_t y = oy + static_cast<int32_t>(align(th));
        if (text.shadow_offset > 0) {
          render::CompositeMask(lv, text.mask.view(), 0x000000,
                                text.shadow_opacity, x + text.shadow_offset,
                                y + text.shadow_offset, 0, layer.height());
        }
        render::CompositeMask(lv, text.mask.view(), text.color, 255, x, y, 0,
                              layer.height());
      }
    }
  }

  const bool gray = !HasAlpha(img.format())
                        ? img.format() == PixelFormat::kGray8
                        : img.format() == PixelFormat::kGrayA8;
  if (gray && !render::IsGray(layer.view())) {
    OSSIMG_ASSIGN_OR_RETURN(img, ToColour(img, options.limits, pool));
  }

  const Point origin = WatermarkOrigin(a.g, main.width, main.height, bw, bh,
                                       a.x, a.y, a.voffset);
  // Tiles (fill_1) repeat the block every cell in both directions from its
  // placed position, so the placed one is always among them.
  int64_t x_first = origin.x, y_first = origin.y;
  const int64_t x_step = layer_w, y_step = layer_h;
  if (a.fill) {
    x_first = ((origin.x % x_step) + x_step) % x_step - x_step;
    y_first = ((origin.y % y_step) + y_step) % y_step - y_step;
  }
  const int32_t opacity = Opacity255(a.t);
  const MutableImageView dst = img.mutable_view();
  const ImageView src = layer.view();
  // Every row strip draws the tiles that meet it in the same order: pixels do
  // not depend on the strip split or the thread count.
  kernels::ForEachStrip(
      pool, main.height, kernels::kDefaultStripRows, [&](int32_t b, int32_t e) {
        if (!a.fill) {
          render::CompositeLayer(dst, src, opacity,
                                 static_cast<int32_t>(origin.x),
                                 static_cast<int32_t>(origin.y), b, e);
          return;
        }
        int64_t ty = y_first;
        if (ty + y_step <= b) ty += ((b - ty) / y_step) * y_step;
        for (; ty < e; ty += y_step) {
          for (int64_t tx = x_first; tx < main.width; tx += x_step) {
            render::CompositeLayer(dst, src, opacity, static_cast<int32_t>(tx),
                                   static_cast<int32_t>(ty), b, e);
          }
        }
      });
  return img;
}

namespace {

bool HasDotDotSegment(std::string_view key) {
  size_t i = 0;
  while (i <= key.size()) {
    size_t j = key.find('/', i);
    if (j == std::string_view::npos) j = key.size();
    if (key.substr(i, j - i) == "..") return true;
    i = j + 1;
  }
  return false;
}

}  // namespace
}  // namespace ossimg::plan

namespace ossimg {

std::function<StatusOr<std::vector<uint8_t>>(std::string_view key)>
DirectoryObjects(std::string root, uint64_t max_bytes) {
  return [root = std::move(root),
          max_bytes](std::string_view key) -> StatusOr<std::vector<uint8_t>> {
    if (key.empty() || key.front() == '/' ||
        key.find('\0') != std::string_view::npos ||
        plan::HasDotDotSegment(key)) {
      return Status(StatusCode::kWatermarkError,
                    "The watermark object key " + std::string(key) +
                        " leaves the source's folder.");
    }
    char real_root[PATH_MAX];
    if (::realpath(root.c_str(), real_root) == nullptr)
      return Status(StatusCode::kWatermarkError,
                    "The object folder " + root + " does not exist.");
    const std::string path = std::string(real_root) + "/" + std::string(key);
    char real_path[PATH_MAX];
    if (::realpath(path.c_str(), real_path) == nullptr) {
      return Status(
          StatusCode::kWatermarkError,
          "The watermark object " + std::string(key) + " does not exist.");
    }
    // A symbolic link inside the folder must not lead out of it.
    const std::string prefix =
        std::string(real_root) + (std::strcmp(real_root, "/") ? "/" : "");
    if (std::string_view(real_path).substr(0, prefix.size()) != prefix) {
      return Status(StatusCode::kWatermarkError,
                    "The watermark object key " + std::string(key) +
                        " leaves the source's folder.");
    }
    return ReadFileBytes(real_path, max_bytes);
  };
}

}  // namespace ossimg
