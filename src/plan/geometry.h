// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Output geometry of every OSS action, computed from sizes alone (no pixels).
// The planner uses it to size each node before decoding and to choose decode
// hints; `ossimg plan` prints it. Each function follows the OSS documentation;
// the readings of its silent corners are in docs/compat.md ("Geometry").

#ifndef OSSIMG_SRC_PLAN_GEOMETRY_H_
#define OSSIMG_SRC_PLAN_GEOMETRY_H_

#include <cstdint>
#include <vector>

#include "ossimg/actions.h"
#include "ossimg/codec.h"
#include "ossimg/image.h"
#include "ossimg/limits.h"
#include "ossimg/status.h"

namespace ossimg::plan {

struct Size {
  int32_t width = 0;
  int32_t height = 0;
  bool operator==(const Size& o) const {
    return width == o.width && height == o.height;
  }
};

// EXIF orientations 5-8 swap width and height.
Size OrientedSize(int orientation, Size stored);

// What a resize does: scale the image to `scaled`, then (fill) cut `crop` out
// of it, or (pad) place it at `offset` on a `canvas` filled with the pad
// colour. `unchanged` when limit_1 refuses to enlarge: OSS then returns the
// image at its own size.
struct ResizeGeometry {
  Size scaled;
  bool unchanged = false;
  bool has_crop = false;
  Rect crop;  // within `scaled`
  bool has_canvas = false;
  Size canvas;
  int32_t offset_x = 0, offset_y = 0;  // of the scaled image on the canvas
  Size output() const {
    return has_crop     ? Size{crop.width, crop.height}
           : has_canvas ? canvas
                        : scaled;
  }
};

// `main_image` is the size of the image being watermarked, for a watermark's
// resize,P_. `never_enlarge` forces limit_1 (OSS never enlarges GIFs).
StatusOr<ResizeGeometry> ResizeTarget(const ResizeAction& a, Size src,
                                      bool never_enlarge, const Limits& limits,
                                      Size main_image = Size());

// The crop rectangle, clipped to the image. BadRequest when the origin is
// outside.
StatusOr<Rect> CropRect(const CropAction& a, Size src);

// The slice to keep; the whole image when the index is past the last slice.
Rect IndexCropRect(const IndexCropAction& a, Size src);

// The circle's bounding square (side 2r after clamping r to half the shorter
// side).
Rect CircleRect(const CircleAction& a, Size src, int32_t* radius);

// Canvas after rotating clockwise by `degrees`: the rotated bounding box.
// BadRequest (EC-006) when a side of the source exceeds 4096 px.
StatusOr<Size> RotatedSize(int32_t degrees, Size src);

// One step of a traced process: the action's index and the size after it.
struct GeometryStep {
  size_t action_index = 0;
  const char* name = "";
  Size size;
};

struct GeometryTrace {
  Size stored;    // as decoded
  Size oriented;  // after the EXIF orientation, when it is applied
  bool apply_orientation = true;
  std::vector<GeometryStep> steps;
  Size output;
  ImageFormat output_format = ImageFormat::kUnknown;
  enum class Output : uint8_t {
    kImage,
    kInfoJson,
    kAverageHue
  } output_kind = Output::kImage;
};

// Walks every action of `spec` (kind image) over a source of the given stored
// size, orientation and format, as OSS would: orientation first unless
// auto-orient,0 is given; info/average-hue end the chain; format decides the
// output format (gif only when the source is a GIF).
StatusOr<GeometryTrace> TraceGeometry(const ProcessSpec& spec, Size stored,
                                      int orientation,
                                      ImageFormat source_format,
                                      const Limits& limits);

}  // namespace ossimg::plan

#endif  // OSSIMG_SRC_PLAN_GEOMETRY_H_
