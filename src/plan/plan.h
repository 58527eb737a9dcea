// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The plan: a parsed process lowered against a probed header into typed steps
// whose output sizes are known before decoding. Today the graph is a chain
// (decode -> orient -> ... -> encode); watermarks will add a second input to a
// step, which is why steps name their sizes rather than relying on their
// position.

#ifndef OSSIMG_SRC_PLAN_PLAN_H_
#define OSSIMG_SRC_PLAN_PLAN_H_

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "ossimg/actions.h"
#include "ossimg/codec.h"
#include "ossimg/engine.h"
#include "ossimg/image.h"

#include "plan/geometry.h"
#include "src/kernels/kernels.h"

namespace ossimg {
class ThreadPool;
}  // namespace ossimg

namespace ossimg::plan {

struct DecodeStep {
  int scale_denom = 1;  // JPEG shrink-on-load
  Rect crop;  // crop-on-load in decoded coordinates; empty = whole image
};
struct OrientStep {
  kernels::RightAngle op;
};
struct ResizeStep {
  ResizeGeometry g;
  uint32_t pad_color = 0xFFFFFF;
};
struct CropStep {
  Rect rect;
};
struct RotateStep {
  int32_t degrees = 0;
};
struct CircleStep {
  int32_t radius = 0;
  Rect rect;
};
struct RoundedCornersStep {
  int32_t radius = 0;
};
struct BlurStep {
  int32_t radius = 0;
  int32_t sigma = 0;
};
struct BrightStep {
  int32_t value = 0;
};
struct ContrastStep {
  int32_t value = 0;
};
struct SharpenStep {
  int32_t value = 0;
};
struct WatermarkStep {
  WatermarkAction action;
};

using Step = std::variant<DecodeStep, OrientStep, ResizeStep, CropStep,
                          RotateStep, CircleStep, RoundedCornersStep, BlurStep,
                          BrightStep, ContrastStep, SharpenStep, WatermarkStep>;

const char* StepName(const Step& s);

struct Plan {
  ImageInfo source;
  int source_quality =
      0;  // estimated JPEG quality of the source, 0 when unknown
  std::vector<Step> steps;
  std::vector<Size> sizes;  // sizes[i] = output of steps[i]
  GeometryTrace::Output output_kind = GeometryTrace::Output::kImage;
  ImageFormat output_format = ImageFormat::kUnknown;
  EncodeOptions encode;
  // Output pixels: straight alpha is kept only where the output format can hold
  // it.
  bool output_has_alpha = false;
  uint64_t peak_bytes =
      0;  // predicted: the two largest adjacent images alive at once
  // Every frame of an animated source goes through the steps and the output is animated
  // (KeepsAnimation); otherwise an animation gives its first frame.
  bool animated = false;
  Size output() const { return sizes.empty() ? Size{} : sizes.back(); }
};

// The process with styles resolved and piped stages concatenated.
StatusOr<ProcessSpec> ResolveProcess(std::string_view process,
                                     const Options& options);

// Lowers `spec` against the probed header. Fails with OSS's error for anything
// decidable from sizes alone (output too large, crop origin outside, rotation
// of a too-large source).
StatusOr<Plan> BuildPlan(const ProcessSpec& spec, const ImageInfo& source,
                         int source_quality, const Options& options);

// The decode hint policy (tuned by the performance work): the JPEG scale
// denominator for decoding `stored` when the first resize wants `target` (both
// in stored orientation).
int ChooseJpegScale(Size stored, Size target, ShrinkOnLoad policy = ShrinkOnLoad::kQuality);

// Runs the plan on the source bytes.
StatusOr<Result> Execute(const Plan& plan, const uint8_t* data, size_t size,
                         const Options& options);

std::string PlanToJson(const Plan& plan);

// Runs steps[first..] of `plan` on a decoded image, checking each planned size (executor.cc).
StatusOr<Image> RunSteps(const Plan& plan, Image img, const Options& options, ThreadPool* pool,
                         size_t first = 1);

// Whether OSS keeps the animation of plan.source through `spec` (animation.cc): an animated GIF
// or WebP written as GIF or WebP, with no resize by percentage and no rotate, which OSS documents
// as making an animated GIF static.
bool KeepsAnimation(const ProcessSpec& spec, const Plan& plan);

// Executes a plan with `animated` set: every frame through RunSteps, then EncodeAnimation.
StatusOr<Result> ExecuteAnimation(const Plan& plan, const uint8_t* data, size_t size,
                                  const Options& options);

// Every EXIF tag libexif reads from a raw EXIF payload (TIFF header onwards), by EXIF name, as
// OSS's info prints them. Hostile payloads give the tags read before the damage.
std::map<std::string, std::string> ExifFields(const std::vector<uint8_t>& tiff);

// OSS's `info` answer for a probed source (pretty-printed, keys sorted, values
// strings).
std::string InfoJson(const ImageInfo& info);

}  // namespace ossimg::plan

#endif  // OSSIMG_SRC_PLAN_PLAN_H_
