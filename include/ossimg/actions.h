// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The typed, validated form of an x-oss-process string: what ParseProcess
// returns and the planner consumes. Each struct mirrors one OSS action; every
// field holds the value OSS would use (defaults filled in). Values that depend
// on the image (a crop "to the edge", a resize side that follows from the
// other) are 0 and documented per field. Ranges are those of the OSS grammar as
// docs/compat.md records them; the parser guarantees them.

#ifndef OSSIMG_ACTIONS_H_
#define OSSIMG_ACTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ossimg/codec.h"

namespace ossimg {

// Nine-grid anchor used by crop and watermark.
enum class Gravity : uint8_t {
  kNW,
  kNorth,
  kNE,
  kWest,
  kCenter,
  kEast,
  kSW,
  kSouth,
  kSE
};

enum class ResizeMode : uint8_t { kLfit, kMfit, kFill, kPad, kFixed };

struct ResizeAction {
  ResizeMode mode = ResizeMode::kLfit;
  int32_t w = 0;  // [1,16384]; 0 = not given
  int32_t h = 0;  // [1,16384]; 0 = not given
  int32_t l =
      0;  // longer side [1,16384]; 0 = not given; ignored when w or h is given
  int32_t s =
      0;  // shorter side [1,16384]; 0 = not given; ignored when w or h is given
  int32_t p =
      0;  // percent [1,1000]; 0 = not given; ignored when w, h, l or s is given
  // Watermark preprocessing only: percent of the MAIN image's size, [1,100]; 0
  // = not given.
  int32_t P = 0;              // NOLINT: the OSS key is upper-case P
  bool limit = true;          // do not enlarge
  uint32_t color = 0xFFFFFF;  // pad colour, 0xRRGGBB
};

struct CropAction {
  int32_t w = 0;  // 0 = to the right edge
  int32_t h = 0;  // 0 = to the bottom edge
  int32_t x = 0;
  int32_t y = 0;
  Gravity g = Gravity::kNW;
};

struct IndexCropAction {
  int32_t x = 0;  // slice width; 0 = not given
  int32_t y = 0;  // slice height; 0 = not given; wins over x
  int32_t i = 0;  // slice index from 0
};

struct CircleAction {
  int32_t r = 0;  // [1,4096]
};

struct RoundedCornersAction {
  int32_t r = 0;  // [1,4096]
};

struct RotateAction {
  int32_t degrees = 0;  // [0,360], clockwise
};

struct AutoOrientAction {
  bool enabled = true;
};

struct BlurAction {
  int32_t r = 0;  // radius [1,50]
  int32_t s = 0;  // sigma [1,50]
};

struct BrightAction {
  int32_t value = 0;  // [-100,100]
};

struct ContrastAction {
  int32_t value = 0;  // [-100,100]
};

struct SharpenAction {
  int32_t value = 0;  // [50,399]
};

struct FormatAction {
  ImageFormat format = ImageFormat::kJpeg;
};

struct QualityAction {
  int32_t q = 0;  // relative quality [1,100] (JPEG: source quality x q / 100);
                  // 0 = not given
  int32_t Q =
      0;  // NOLINT: absolute quality [1,100]; 0 = not given; wins over q
};

struct InterlaceAction {
  bool progressive = false;
};

struct InfoAction {};
struct AverageHueAction {};

// What a watermark image may be preprocessed with (OSS: resize, crop,
// indexcrop, rounded-corners, rotate).
using WatermarkImageOp = std::variant<ResizeAction, CropAction, IndexCropAction,
                                      RoundedCornersAction, RotateAction>;

struct WatermarkAction {
  // Placement, shared by text and image watermarks.
  int32_t t = 100;  // opacity [0,100]
  Gravity g = Gravity::kSE;
  int32_t x = 10;       // horizontal margin [0,4096]
  int32_t y = 10;       // vertical margin [0,4096]
  int32_t voffset = 0;  // vertical offset for west/center/east [-1000,1000]

  // Text watermark (present when `text` is set). Strings are decoded UTF-8.
  std::optional<std::string> text;
  std::string font = "wqy-zenhei";
  uint32_t color = 0x000000;
  int32_t size = 40;   // (0,1000]
  int32_t shadow = 0;  // [0,100]
  int32_t rotate = 0;  // [0,360]
  bool fill = false;   // tile over the whole image
  int32_t padx = 0;    // with fill: horizontal gap between tiles [0,4096]
  int32_t pady = 0;    // with fill: vertical gap between tiles [0,4096]

  // Image watermark (present when `image` is set): the object key and its
  // preprocessing.
  std::optional<std::string> image;
  std::vector<WatermarkImageOp> image_ops;

  // Text and image together.
  int32_t order = 0;     // 0: image first; 1: text first
  int32_t align = 2;     // 0 top, 1 center, 2 bottom
  int32_t interval = 0;  // [0,1000] px between image and text
};

using Action =
    std::variant<ResizeAction, CropAction, IndexCropAction, CircleAction,
                 RoundedCornersAction, RotateAction, AutoOrientAction,
                 BlurAction, BrightAction, ContrastAction, SharpenAction,
                 FormatAction, QualityAction, InterlaceAction, InfoAction,
                 AverageHueAction, WatermarkAction>;

// `|sys/saveas,o_<b64>,b_<b64>`: where the processed image is persisted.
struct SaveAsTarget {
  std::string object;
  std::string bucket;  // empty = the source object's bucket
};

// A whole process string.
struct ProcessSpec {
  enum class Kind : uint8_t { kImage, kStyle };
  Kind kind = Kind::kImage;
  std::string style;  // for Kind::kStyle: the style name to look up
  // The actions in order. For a style they are the ones piped after it
  // ("style/a|image/...").
  std::vector<Action> actions;
  // "image/a|image/b": OSS runs each piped stage on the previous stage's
  // result. Index in `actions` where each stage after the first begins (empty
  // for a single stage).
  std::vector<size_t> stage_starts;
  std::optional<SaveAsTarget> save_as;
};

}  // namespace ossimg

#endif  // OSSIMG_ACTIONS_H_
