// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The declarations of every OSS action. Ranges, defaults and error numbers
// follow the OSS documentation as docs/compat.md records it; where OSS
// documents no error number, `ec` is "".

#include "parser/op_registry.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "parser/bind.h"

namespace ossimg::parser {
namespace {

constexpr int64_t kMaxInt32 = std::numeric_limits<int32_t>::max();

ParamSpec Int(std::string key, int64_t min, int64_t max, std::string def,
              std::string ec, std::string doc, bool required = false) {
  ParamSpec p;
  p.key = std::move(key);
  p.type = ParamType::kInt;
  p.min = min;
  p.max = max;
  p.default_value = std::move(def);
  p.ec = std::move(ec);
  p.doc = std::move(doc);
  p.required = required;
  return p;
}

ParamSpec Enum(std::string key, std::vector<std::string> choices,
               std::string def, std::string ec, std::string doc,
               bool required = false) {
  ParamSpec p;
  p.key = std::move(key);
  p.type = ParamType::kEnum;
  p.choices = std::move(choices);
  p.min = 0;
  p.max = static_cast<int64_t>(p.choices.size()) - 1;
  p.default_value = std::move(def);
  p.ec = std::move(ec);
  p.doc = std::move(doc);
  p.required = required;
  return p;
}

ParamSpec Color(std::string key, std::string def, std::string ec,
                std::string doc) {
  ParamSpec p;
  p.ec = std::move(ec);
  p.key = std::move(key);
  p.type = ParamType::kColor;
  p.min = 0;
  p.max = 0xFFFFFF;
  p.default_value = std::move(def);
  p.doc = std::move(doc);
  return p;
}

ParamSpec Base64(std::string key, std::string ec, std::string doc) {
  ParamSpec p;
  p.key = std::move(key);
  p.type = ParamType::kBase64;
  p.ec = std::move(ec);
  p.doc = std::move(doc);
  return p;
}

const std::vector<std::string>& GravityNames() {
  static const auto* names = new std::vector<std::string>{
      "nw", "north", "ne", "west", "center", "east", "sw", "south", "se"};
  return *names;
}

std::vector<OpSpec> MakeRegistry() {
  std::vector<OpSpec> r;
  {
    OpSpec op;
    op.name = "resize";
    op.doc =
        "Scale the image: to a box (lfit, mfit, fill, pad), exactly (fixed), "
        "or by percent.";
    op.params = {
        Enum("m", {"lfit", "mfit", "fill", "pad", "fixed"}, "lfit", "311",
             "scaling mode"),
        Int("w", 1, 16384, "", "312", "target width"),
        Int("h", 1, 16384, "", "313", "target height"),
        Int("l", 1, 16384, "", "314",
            "target longer side; ignored when w or h is given"),
        Int("s", 1, 16384, "", "315",
            "target shorter side; ignored when w or h is given"),
        Int("limit", 0, 1, "1", "319",
            "1: never enlarge (the source size is kept)"),
        Color("color", "FFFFFF", "318", "pad colour RRGGBB"),
        Int("p", 1, 1000, "", "317",
            "percent; ignored when w, h, l or s is given"),
        Int("P", 1, 100, "", "",
            "watermark images only: percent of the main image"),
    };
    op.params.back().nested_only = true;
    // resize,w_0,h_0 is EC-321 (PrecheckResize); a lone w_0 keeps w's EC-312.
    op.needs_param = true;
    op.ec_missing = "322";
    op.example = "w_100";
    op.allowed_in_watermark = true;
    op.bind = BindResize;
    op.precheck = PrecheckResize;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "crop";
    op.doc =
        "Cut a w x h rectangle whose origin is the gravity's anchor plus (x, "
        "y); clipped to "
        "the image.";
    op.params = {
        Int("w", 0, kMaxInt32, "0", "225", "width; 0 = to the right edge"),
        Int("h", 0, kMaxInt32, "0", "226", "height; 0 = to the bottom edge"),
        Int("x", 0, kMaxInt32, "0", "", "horizontal offset from the anchor"),
        Int("y", 0, kMaxInt32, "0", "", "vertical offset from the anchor"),
        Enum("g", GravityNames(), "nw", "209", "anchor of the nine-grid"),
    };
    op.example = "w_100,h_100";
    op.allowed_in_watermark = true;
    op.bind = BindCrop;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "indexcrop";
    op.doc =
        "Cut the image into slices of x px (columns) or y px (rows) and keep "
        "slice i.";
    op.params = {
        Int("x", 1, kMaxInt32, "", "230", "slice width"),
        Int("y", 1, kMaxInt32, "", "224", "slice height; wins over x"),
        Int("i", 0, kMaxInt32, "0", "229",
            "slice index from 0; past the last: the source"),
    };
    op.params[1].ec_zero =
        "230";  // y_0 is "x and y cannot be 0", not "y is not a number"
    op.needs_param = true;
    op.ec_missing = "230";
    op.example = "x_100";
    op.allowed_in_watermark = true;
    op.bind = BindIndexCrop;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "circle";
    op.doc =
        "Keep the circle of radius r around the centre; the canvas is its "
        "bounding square.";
    op.params = {Int("r", 1, 4096, "", "233", "radius", /*required=*/true)};
    op.needs_param = true;
    op.ec_missing = "233";
    op.example = "r_100";
    op.bind = BindCircle;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "rounded-corners";
    op.doc = "Round the four corners with radius r.";
    op.params = {
        Int("r", 1, 4096, "", "237", "corner radius", /*required=*/true)};
    op.needs_param = true;
    op.ec_missing = "237";
    op.example = "r_30";
    op.allowed_in_watermark = true;
    op.bind = BindRoundedCorners;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "auto-orient";
    op.kind = ActionKind::kSingleValue;
    op.doc =
        "1: apply the EXIF orientation (also the default without this action); "
        "0: keep the "
        "stored orientation.";
    op.params = {Int("", 0, 1, "", "215", "0 or 1", /*required=*/true)};
    op.ec_missing = "214";
    op.example = "1";
    op.bind = BindAutoOrient;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "rotate";
    op.kind = ActionKind::kSingleValue;
    op.doc =
        "Rotate clockwise by the given degrees; other than multiples of 90 the "
        "canvas grows.";
    op.params = {
        Int("", 0, 360, "", "217", "degrees clockwise", /*required=*/true)};
    op.ec_missing = "216";
    op.example = "90";
    op.allowed_in_watermark = true;
    op.bind = BindRotate;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "blur";
    op.doc = "Gaussian blur with radius r and standard deviation s.";
    op.params = {Int("r", 1, 50, "", "241", "radius", /*required=*/true),
                 Int("s", 1, 50, "", "242", "sigma", /*required=*/true)};
    op.needs_param = true;
    op.example = "r_3,s_2";
    op.bind = BindBlur;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "bright";
    op.kind = ActionKind::kSingleValue;
    op.doc = "Brightness change; 0 keeps the image.";
    op.params = {
        Int("", -100, 100, "", "246", "brightness", /*required=*/true)};
    op.ec_missing = "245";
    op.example = "50";
    op.bind = BindBright;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "contrast";
    op.kind = ActionKind::kSingleValue;
    op.doc = "Contrast change; 0 keeps the image.";
    op.params = {Int("", -100, 100, "", "", "contrast", /*required=*/true)};
    op.example = "50";
    op.bind = BindContrast;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "sharpen";
    op.kind = ActionKind::kSingleValue;
    op.doc = "Unsharp mask; 100 is the recommended strength.";
    op.params = {Int("", 50, 399, "", "280", "strength", /*required=*/true)};
    op.ec_missing = "279";
    op.example = "100";
    op.bind = BindSharpen;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "format";
    op.kind = ActionKind::kSingleValue;
    op.doc =
        "Output format. gif keeps the source format unless the source is a "
        "GIF.";
    op.params = {
        Enum("", {"jpg", "png", "webp", "bmp", "gif", "tiff", "heic", "avif"},
             "", "206", "output format", /*required=*/true)};
    op.ec_missing = "207";
    op.example = "webp";
    op.bind = BindFormat;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "quality";
    op.doc =
        "Encoder quality: q relative to the source's (JPEG), Q absolute "
        "(capped at the "
        "source's). Q wins over q.";
    op.params = {Int("q", 1, 100, "", "309", "relative quality"),
                 Int("Q", 1, 100, "", "308", "absolute quality"),
                 Int("", 1, 100, "", "310", "bare value: absolute quality")};
    op.needs_param = true;
    op.ec_missing = "307";
    op.example = "q_90";
    op.bind = BindQuality;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "interlace";
    op.kind = ActionKind::kSingleValue;
    op.doc = "1: progressive JPEG output.";
    op.params = {Int("", 0, 1, "", "282", "0 or 1", /*required=*/true)};
    op.ec_missing = "281";
    op.example = "1";
    op.bind = BindInterlace;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "info";
    op.kind = ActionKind::kNoValue;
    op.doc =
        "Answer with the image's size, format and EXIF as JSON instead of an "
        "image.";
    op.bind = BindInfo;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "average-hue";
    op.kind = ActionKind::kNoValue;
    op.doc = "Answer with the image's average colour as 0xRRGGBB.";
    op.bind = BindAverageHue;
    r.push_back(std::move(op));
  }
  {
    OpSpec op;
    op.name = "watermark";
    op.doc =
        "Draw a text and/or image watermark; never changes the output size.";
    op.params = {
        Int("t", 0, 100, "100", "263", "opacity"),
        Enum("g", GravityNames(), "se", "260", "position"),
        Int("x", 0, 4096, "10", "262", "horizontal margin"),
        Int("y", 0, 4096, "10", "264", "vertical margin"),
        Int("voffset", -1000, 1000, "0", "268",
            "vertical offset for west, center, east"),
        Base64("text", "257", "text, base64url UTF-8, at most 64 characters"),
        Base64("type", "250", "font name, base64url"),
        Base64("font", "249", "another spelling of type"),
        Color("color", "000000", "254", "text colour RRGGBB"),
        Int("size", 1, 1000, "40", "256", "text size in px"),
        Int("shadow", 0, 100, "0", "255", "text shadow opacity"),
        Int("rotate", 0, 360, "0", "272", "text rotation, degrees clockwise"),
        Int("fill", 0, 1, "0", "274",
            "1: tile the watermark over the whole image"),
        Int("padx", 0, 4096, "0", "276",
            "with fill: horizontal gap between tiles"),
        Int("pady", 0, 4096, "0", "277",
            "with fill: vertical gap between tiles"),
        Base64("image", "265",
               "watermark object key, base64url, optionally with "
               "?x-oss-process=image/..."),
        Int("order", 0, 1, "0", "269",
            "0: image before text; 1: text before image"),
        Int("align", 0, 2, "2", "271",
            "image and text alignment: 0 top, 1 center, 2 bottom"),
        Int("interval", 0, 1000, "0", "270", "px between image and text"),
    };
    op.params[op.Find("text")].ec_missing = "258";
    op.params[op.Find("font")].alias_of = "type";
    op.ec_missing = "278";
    op.needs_param = true;
    op.example = "text_SGVsbG8";
    op.bind = BindWatermark;
    r.push_back(std::move(op));
  }
  return r;
}

}  // namespace

std::string ParamSpec::Expectation() const {
  switch (type) {
    case ParamType::kInt:
      return "an integer in [" + std::to_string(min) + ", " +
             std::to_string(max) + "]";
    case ParamType::kEnum: {
      std::string s = "one of ";
      for (size_t i = 0; i < choices.size(); ++i) {
        if (i) s += ", ";
        s += choices[i];
      }
      return s;
    }
    case ParamType::kColor:
      return "six hex digits RRGGBB";
    case ParamType::kBase64:
      return "URL-safe base64";
  }
  return "";
}

int OpSpec::Find(std::string_view k) const {
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].key == k) return static_cast<int>(i);
  }
  return -1;
}

const std::vector<OpSpec>& Registry() {
  static const auto* registry = new std::vector<OpSpec>(MakeRegistry());
  return *registry;
}

const OpSpec* FindOp(std::string_view name) {
  for (const OpSpec& op : Registry()) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

}  // namespace ossimg::parser
