// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Animated sources through the engine. OSS documents which actions keep a GIF animated: a resize
// by width/height keeps it, a resize by percentage and a rotation make it static, and the output
// stays animated only as GIF or WebP (`format,gif` on a non-GIF keeps the source format, so an
// animated WebP stays WebP). Every other action is frame-safe: it depends on one frame's pixels
// and the planned sizes only, so it runs on each composed frame with the same step list, and the
// encoder recomputes frame differences for the result. Animated WebP follows the GIF rules (OSS
// documents none of its own). When the animation is not kept, the engine processes the first
// frame as a still image, which is what DecodeImage gives.

#include <string>
#include <utility>
#include <variant>

#include "ossimg/process.h"
#include "plan/plan.h"
#include "src/core/thread_pool.h"

namespace ossimg::plan {
namespace {

bool Animates(ImageFormat f) { return f == ImageFormat::kGif || f == ImageFormat::kWebp; }

}  // namespace

bool KeepsAnimation(const ProcessSpec& spec, const Plan& plan) {
  if (plan.source.frame_count <= 1 || !Animates(plan.source.format)) return false;
  // average-hue reads the first frame; info after other actions describes the processed
  // animation as it would be stored, so it keeps the frames.
  if (plan.output_kind == GeometryTrace::Output::kAverageHue) return false;
  if (!Animates(plan.output_format)) return false;
  for (const Action& a : spec.actions) {
    if (const auto* r = std::get_if<ResizeAction>(&a)) {
      const bool by_percent = r->w == 0 && r->h == 0 && r->l == 0 && r->s == 0 && r->p != 0;
      if (by_percent) return false;
    } else if (std::holds_alternative<RotateAction>(a)) {
      return false;
    }
  }
  return true;
}

StatusOr<Result> ExecuteAnimation(const Plan& plan, const uint8_t* data, size_t size,
                                  const Options& options) {
  OSSIMG_ASSIGN_OR_RETURN(Animation anim, DecodeAnimation(data, size, options.limits));
  if (static_cast<int32_t>(anim.frames.size()) != plan.source.frame_count) {
    return InternalError("the animation has " + std::to_string(anim.frames.size()) +
                         " frames, the probe said " + std::to_string(plan.source.frame_count));
  }
  ThreadPool pool(ThreadPool::Resolve(options.threads));
  ThreadPool* p = pool.num_threads() > 1 ? &pool : nullptr;
  // Frame after frame, each replaced by its result, so at most one frame's intermediates are
  // alive beside the animation. The kernels split each frame across the pool, as for a still.
  for (Image& frame : anim.frames) {
    OSSIMG_ASSIGN_OR_RETURN(frame, RunSteps(plan, std::move(frame), options, p));
  }
  Result result;
  OSSIMG_ASSIGN_OR_RETURN(result.bytes, EncodeAnimation(anim, plan.output_format, plan.encode));
  if (plan.output_kind == GeometryTrace::Output::kInfoJson) {
    OSSIMG_ASSIGN_OR_RETURN(ImageInfo info,
                            ProbeImage(result.bytes.data(), result.bytes.size(), Limits()));
    const std::string json = OssInfoJson(info);
    result.bytes.assign(json.begin(), json.end());
    result.content_type = "application/json";
    return result;
  }
  result.format = plan.output_format;
  result.content_type = ImageFormatMimeType(plan.output_format);
  result.width = anim.frames[0].width();
  result.height = anim.frames[0].height();
  return result;
}

}  // namespace ossimg::plan
