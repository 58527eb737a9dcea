// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Lowering a process against a probed header. Every size and every
// size-dependent OSS error is settled here, before decoding.

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <variant>

#include "ossimg/process.h"

#include "plan/plan.h"

namespace ossimg::plan {
namespace {

kernels::RightAngle OrientationOp(int orientation) {
  switch (orientation) {
    case 2:
      return kernels::RightAngle::kFlipH;
    case 3:
      return kernels::RightAngle::kRotate180;
    case 4:
      return kernels::RightAngle::kFlipV;
    case 5:
      return kernels::RightAngle::kTranspose;
    case 6:
      return kernels::RightAngle::kRotate90;
    case 7:
      return kernels::RightAngle::kTransverse;
    default:
      return kernels::RightAngle::kRotate270;  // 8
  }
}

bool FormatHoldsAlpha(ImageFormat f) {
  return f == ImageFormat::kPng || f == ImageFormat::kWebp ||
         f == ImageFormat::kGif || f == ImageFormat::kBmp ||
         f == ImageFormat::kTiff || f == ImageFormat::kHeic ||
         f == ImageFormat::kAvif;
}

uint64_t Bytes(Size s, int channels) {
  return static_cast<uint64_t>(s.width) * static_cast<uint64_t>(s.height) *
         static_cast<uint64_t>(channels);
}

Status TooBigToRotate() {
  return Status(StatusCode::kBadRequest,
                "Picture exceed the maximum allowable rotation range.",
                "0040-00000006", -1);
}

}  // namespace

const char* StepName(const Step& s) {
  static const char* const kNames[] = {
      "decode", "orient",   "resize",          "crop",
      "rotate", "circle",   "rounded-corners", "blur",
      "bright", "contrast", "sharpen",         "watermark"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == std::variant_size_v<Step>,
                "names");
  return kNames[s.index()];
}

StatusOr<ProcessSpec> ResolveProcess(std::string_view process,
                                     const Options& options) {
  OSSIMG_ASSIGN_OR_RETURN(ProcessSpec spec,
                          ParseProcess(process, options.limits));
  if (spec.kind != ProcessSpec::Kind::kStyle) return spec;
  const auto it = options.styles.find(spec.style);
  if (it == options.styles.end()) {
    return Status(StatusCode::kNoSuchStyle,
                  "The specified style does not exist.");
  }
  StatusOr<ProcessSpec> style = ParseProcess(it->second, options.limits);
  if (!style.ok()) {
    return Status(style.status().code(),
                  "Style " + spec.style + ": " + style.status().message(),
                  style.status().ec(), -1);
  }
  if (style->kind != ProcessSpec::Kind::kImage) {
    return InvalidArgumentError("Style " + spec.style +
                                " must contain image/... actions.");
  }
  // Actions piped after the style ("style/a|image/...") run after the style's
  // own.
  ProcessSpec out = std::move(*style);
  if (!spec.actions.empty()) {
    out.stage_starts.push_back(out.actions.size());
    for (Action& a : spec.actions) out.actions.push_back(std::move(a));
  }
  out.save_as = std::move(spec.save_as);
  return out;
}

int ChooseJpegScale(Size stored, Size target, ShrinkOnLoad policy) {
  if (policy == ShrinkOnLoad::kNone) return 1;
  // kQuality leaves at least 2x for the final Lanczos3 reduce (libvips' thumbnail rule):
  // shrink-on-load averages 8x8 blocks in the DCT domain, blurrier than the reduce kernel.
  // kFast only stays at or above the target (sharp's rule): less Huffman-decoded detail.
  const int64_t need = policy == ShrinkOnLoad::kQuality ? 2 : 1;
  for (int d : {8, 4, 2}) {
    const int64_t w = (int64_t{stored.width} + d - 1) / d;
    const int64_t h = (int64_t{stored.height} + d - 1) / d;
    if (w >= need * target.width && h >= need * target.height) return d;
  }
  return 1;
}

StatusOr<Plan> BuildPlan(const ProcessSpec& spec, const ImageInfo& source,
                         int source_quality, const Options& options) {
  const Limits& limits = options.limits;
  Plan plan;
  plan.source = source;
  plan.source_quality = source_quality;
  const Size stored{source.width, source.height};
  const bool gif = source.format == ImageFormat::kGif;

  // Orientation: applied first wherever auto-orient is written, and by default.
  const AutoOrientAction* explicit_orient = nullptr;
  for (const Action& a : spec.actions) {
    if (const auto* ao = std::get_if<AutoOrientAction>(&a))
      explicit_orient = ao;
  }
  const bool orient = explicit_orient == nullptr || explicit_orient->enabled;
  // OSS's rotation limit covers an explicit auto-orient,1, never the default
  // orientation.
  if (explicit_orient && explicit_orient->enabled &&
      (stored.width > 4096 || stored.height > 4096)) {
    return TooBigToRotate();
  }

  plan.steps.push_back(DecodeStep{});
  plan.sizes.push_back(stored);
  Size cur = stored;
  if (orient && source.orientation >= 2 && source.orientation <= 8) {
    plan.steps.push_back(OrientStep{OrientationOp(source.orientation)});
    cur = OrientedSize(source.orientation, stored);
    plan.sizes.push_back(cur);
  }
  const size_t first_geometry = plan.steps.size();

  plan.output_format = source.format;
  bool alpha = HasAlpha(source.pixel_format);
  int32_t q = 0, Q = 0;
  bool progressive = false;
  for (const Action& a : spec.actions) {
    if (const auto* r = std::get_if<ResizeAction>(&a)) {
      OSSIMG_ASSIGN_OR_RETURN(ResizeGeometry g,
                              ResizeTarget(*r, cur, gif, limits));
      if (g.unchanged) continue;
      plan.steps.push_back(ResizeStep{g, r->color});
      cur = g.output();
    } else if (const auto* c = std::get_if<CropAction>(&a)) {
      OSSIMG_ASSIGN_OR_RETURN(Rect rc, CropRect(*c, cur));
      if (rc == (Rect{0, 0, cur.width, cur.height})) continue;
      plan.steps.push_back(CropStep{rc});
      cur = Size{rc.width, rc.height};
    } else if (const auto* ic = std::get_if<IndexCropAction>(&a)) {
      const Rect rc = IndexCropRect(*ic, cur);
      if (rc == (Rect{0, 0, cur.width, cur.height})) continue;
      plan.steps.push_back(CropStep{rc});
      cur = Size{rc.width, rc.height};
    } else if (const auto* ci = std::get_if<CircleAction>(&a)) {
      CircleStep st;
      st.rect = CircleRect(*ci, cur, &st.radius);
      plan.steps.push_back(st);
      cur = Size{st.rect.width, st.rect.height};
      alpha = true;
    } else if (const auto* rc = std::get_if<RoundedCornersAction>(&a)) {
      plan.steps.push_back(RoundedCornersStep{
          std::max(1, std::min(rc->r, std::min(cur.width, cur.height) / 2))});
      alpha = true;
    } else if (const auto* ro = std::get_if<RotateAction>(&a)) {
      OSSIMG_ASSIGN_OR_RETURN(Size rs, RotatedSize(ro->degrees, cur));
      if (ro->degrees % 360 == 0) continue;
      plan.steps.push_back(RotateStep{ro->degrees});
      cur = rs;
      if (ro->degrees % 90 != 0)
        alpha = true;  // the corners are transparent (white for JPEG)
    } else if (const auto* b = std::get_if<BlurAction>(&a)) {
      plan.steps.push_back(BlurStep{b->r, b->s});
    } else if (const auto* br = std::get_if<BrightAction>(&a)) {
      if (br->value != 0) plan.steps.push_back(BrightStep{br->value});
    } else if (const auto* ct = std::get_if<ContrastAction>(&a)) {
      if (ct->value != 0) plan.steps.push_back(ContrastStep{ct->value});
    } else if (const auto* sh = std::get_if<SharpenAction>(&a)) {
      plan.steps.push_back(SharpenStep{sh->value});
    } else if (const auto* w = std::get_if<WatermarkAction>(&a)) {
      plan.steps.push_back(WatermarkStep{*w});
    } else if (const auto* f = std::get_if<FormatAction>(&a)) {
      // format,gif converts only GIFs; any other source keeps its format (OSS
      // documentation).
      if (f->format != ImageFormat::kGif || gif) plan.output_format = f->format;
      continue;
    } else if (const auto* qa = std::get_if<QualityAction>(&a)) {
      q = qa->q;
      Q = qa->Q;
      continue;
    } else if (const auto* il = std::get_if<InterlaceAction>(&a)) {
      progressive = il->progressive;
      continue;
    } else if (std::holds_alternative<InfoAction>(a)) {
      plan.output_kind = GeometryTrace::Output::kInfoJson;
      break;  // answers end the chain
    } else if (std::holds_alternative<AverageHueAction>(a)) {
      plan.output_kind = GeometryTrace::Output::kAverageHue;
      break;
    } else {
      continue;  // auto-orient: handled above
    }
    plan.sizes.push_back(cur);
  }

  // Decode hints. A first resize lets JPEG shrink in the DCT domain; a first
  // crop lets it decode only the rows and iMCU columns it needs (exact: the
  // same pixels as decode + crop).
  if (source.format == ImageFormat::kJpeg &&
      plan.steps.size() > first_geometry &&
      plan.output_kind == GeometryTrace::Output::kImage) {
    Step& first = plan.steps[first_geometry];
    if (const auto* rs = std::get_if<ResizeStep>(&first)) {
      Size target = rs->g.scaled;
      if (orient && source.orientation >= 5)
        std::swap(target.width, target.height);
      const int d = ChooseJpegScale(stored, target, options.shrink_on_load);
      if (d > 1) {
        auto& dec = std::get<DecodeStep>(plan.steps[0]);
        dec.scale_denom = d;
        const Size scaled{(stored.width + d - 1) / d,
                          (stored.height + d - 1) / d};
        plan.sizes[0] = scaled;
        if (first_geometry == 2)
          plan.sizes[1] = OrientedSize(source.orientation, scaled);
      }
    } else if (const auto* cs = std::get_if<CropStep>(&first);
               cs && first_geometry == 1) {
      std::get<DecodeStep>(plan.steps[0]).crop = cs->rect;
      plan.sizes[0] = plan.sizes[1];
      plan.steps.erase(plan.steps.begin() + 1);
      plan.sizes.erase(plan.sizes.begin() + 1);
    }
  }

  if (plan.output_kind == GeometryTrace::Output::kImage) {
    if (!CanEncode(plan.output_format)) {
      return UnsupportedError(std::string("Writing ") +
                              ImageFormatName(plan.output_format) +
                              " is not supported by this build of ossimg.");
    }
    const Size out = plan.output();
    if (plan.output_format == ImageFormat::kWebp &&
        (out.width > 16383 || out.height > 16383)) {
      return Status(StatusCode::kImageTooLarge,
                    "WebP output is limited to 16383 px per side.",
                    "0040-00000011", -1);
    }
  }

  // Encoder settings. Q is absolute but never above the source's quality; q is
  // relative to the source's (OSS documentation); without either a JPEG keeps
  // its source's estimated quality.
  EncodeOptions& enc = plan.encode;
  const int src_q = source.format == ImageFormat::kJpeg ? source_quality : 0;
  if (plan.output_format == ImageFormat::kJpeg) {
    if (Q) {
      enc.quality = src_q ? std::min(src_q, Q) : Q;
    } else if (q) {
      enc.quality = src_q ? std::max(1, (src_q * q + 50) / 100) : q;
    } else {
      enc.quality = src_q ? src_q : kDefaultJpegQuality;
    }
  } else if (plan.output_format == ImageFormat::kWebp) {
    enc.quality = Q ? Q : q;  // for WebP q acts like Q
  }
  enc.progressive = progressive && plan.output_format == ImageFormat::kJpeg;
  enc.icc_profile = source.icc_profile;
  // A paletted PNG stays paletted when its pixels still fit a palette (the
  // encoder checks).
  enc.png_palette = source.palette && plan.output_format == ImageFormat::kPng;
  plan.output_has_alpha = alpha && FormatHoldsAlpha(plan.output_format);

  // Peak memory: each step holds its input and its output at once.
  const int ch = alpha ? 4 : Channels(source.pixel_format);
  for (size_t i = 0; i < plan.sizes.size(); ++i) {
    const uint64_t prev = i ? Bytes(plan.sizes[i - 1], ch) : 0;
    plan.peak_bytes =
        std::max(plan.peak_bytes, prev + Bytes(plan.sizes[i], ch));
  }
  plan.animated = KeepsAnimation(spec, plan);
  if (plan.animated) {
    // Every decoded frame is alive at once, plus one frame's step input and output.
    plan.peak_bytes += Bytes(stored, ch) * static_cast<uint64_t>(source.frame_count);
  }
  return plan;
}

}  // namespace ossimg::plan
