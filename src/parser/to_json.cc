// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// JSON views of a parsed process and of the registry (`ossimg parse`, `ossimg
// parse --list`).

#include <cstdio>
#include <string>
#include <type_traits>
#include <variant>

#include <nlohmann/json.hpp>

#include "ossimg/process.h"

#include "parser/op_registry.h"

namespace ossimg {
namespace {

using Json = nlohmann::ordered_json;

const char* GravityName(Gravity g) {
  static const char* const kNames[] = {
      "nw", "north", "ne", "west", "center", "east", "sw", "south", "se"};
  return kNames[static_cast<int>(g)];
}

const char* ResizeModeName(ResizeMode m) {
  static const char* const kNames[] = {"lfit", "mfit", "fill", "pad", "fixed"};
  return kNames[static_cast<int>(m)];
}

std::string Hex6(uint32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%06X", c & 0xFFFFFFu);
  return buf;
}

// 0 means "not given" for the resize sizes; JSON says so with null.
Json OrNull(int32_t v) { return v ? Json(v) : Json(nullptr); }

Json ToJson(const ResizeAction& a) {
  return Json{{"action", "resize"},       {"m", ResizeModeName(a.mode)},
              {"w", OrNull(a.w)},         {"h", OrNull(a.h)},
              {"l", OrNull(a.l)},         {"s", OrNull(a.s)},
              {"p", OrNull(a.p)},         {"P", OrNull(a.P)},
              {"limit", a.limit ? 1 : 0}, {"color", Hex6(a.color)}};
}
Json ToJson(const CropAction& a) {
  return Json{{"action", "crop"}, {"w", a.w}, {"h", a.h},
              {"x", a.x},         {"y", a.y}, {"g", GravityName(a.g)}};
}
Json ToJson(const IndexCropAction& a) {
  return Json{{"action", "indexcrop"},
              {"x", OrNull(a.x)},
              {"y", OrNull(a.y)},
              {"i", a.i}};
}
Json ToJson(const CircleAction& a) {
  return Json{{"action", "circle"}, {"r", a.r}};
}
Json ToJson(const RoundedCornersAction& a) {
  return Json{{"action", "rounded-corners"}, {"r", a.r}};
}
Json ToJson(const RotateAction& a) {
  return Json{{"action", "rotate"}, {"value", a.degrees}};
}
Json ToJson(const AutoOrientAction& a) {
  return Json{{"action", "auto-orient"}, {"value", a.enabled ? 1 : 0}};
}
Json ToJson(const BlurAction& a) {
  return Json{{"action", "blur"}, {"r", a.r}, {"s", a.s}};
}
Json ToJson(const BrightAction& a) {
  return Json{{"action", "bright"}, {"value", a.value}};
}
Json ToJson(const ContrastAction& a) {
  return Json{{"action", "contrast"}, {"value", a.value}};
}
Json ToJson(const SharpenAction& a) {
  return Json{{"action", "sharpen"}, {"value", a.value}};
}
Json ToJson(const FormatAction& a) {
  return Json{{"action", "format"}, {"value", ImageFormatName(a.format)}};
}
Json ToJson(const QualityAction& a) {
  return Json{{"action", "quality"}, {"q", OrNull(a.q)}, {"Q", OrNull(a.Q)}};
}
Json ToJson(const InterlaceAction& a) {
  return Json{{"action", "interlace"}, {"value", a.progressive ? 1 : 0}};
}
Json ToJson(const InfoAction&) { return Json{{"action", "info"}}; }
Json ToJson(const AverageHueAction&) { return Json{{"action", "average-hue"}}; }
Json ToJson(const WatermarkAction& a) {
  Json j{{"action", "watermark"},
         {"t", a.t},
         {"g", GravityName(a.g)},
         {"x", a.x},
         {"y", a.y},
         {"voffset", a.voffset}};
  if (a.text) {
    // Invalid UTF-8 cannot reach here (the binder rejects it), so dump() will
    // not throw.
    j["text"] = *a.text;
    j["type"] = a.font;
    j["color"] = Hex6(a.color);
    j["size"] = a.size;
    j["shadow"] = a.shadow;
    j["rotate"] = a.rotate;
    j["fill"] = a.fill ? 1 : 0;
  }
  if (a.image) {
    j["image"] = *a.image;
    Json ops = Json::array();
    for (const WatermarkImageOp& op : a.image_ops) {
      ops.push_back(std::visit([](const auto& x) { return ToJson(x); }, op));
    }
    j["image_process"] = ops;
  }
  j["padx"] = a.padx;
  j["pady"] = a.pady;
  j["order"] = a.order;
  j["align"] = a.align;
  j["interval"] = a.interval;
  return j;
}

// Object keys and bucket names may hold any bytes; JSON needs valid UTF-8, so
// invalid sequences are replaced rather than thrown on.
std::string DumpSafe(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string ProcessSpecToJson(const ProcessSpec& spec, int indent) {
  Json j;
  if (spec.kind == ProcessSpec::Kind::kStyle) {
    j["kind"] = "style";
    j["style"] = spec.style;
  } else {
    j["kind"] = "image";
    Json actions = Json::array();
    for (const Action& a : spec.actions) {
      actions.push_back(std::visit([](const auto& x) { return ToJson(x); }, a));
    }
    j["actions"] = actions;
  }
  if (spec.kind == ProcessSpec::Kind::kStyle && !spec.actions.empty()) {
    Json actions = Json::array();
    for (const Action& a : spec.actions) {
      actions.push_back(std::visit([](const auto& x) { return ToJson(x); }, a));
    }
    j["actions"] = actions;
  }
  if (!spec.stage_starts.empty()) j["stage_starts"] = spec.stage_starts;
  if (spec.save_as) {
    j["saveas"] =
        Json{{"o", spec.save_as->object}, {"b", spec.save_as->bucket}};
  }
  return DumpSafe(j, indent);
}

std::string ActionRegistryJson(int indent) {
  using parser::ActionKind;
  using parser::ParamType;
  Json actions = Json::array();
  for (const parser::OpSpec& op : parser::Registry()) {
    Json params = Json::array();
    for (const parser::ParamSpec& p : op.params) {
      Json jp{{"key", p.key}};
      switch (p.type) {
        case ParamType::kInt:
          jp["type"] = "int";
          jp["min"] = p.min;
          jp["max"] = p.max;
          break;
        case ParamType::kEnum:
          jp["type"] = "enum";
          jp["choices"] = p.choices;
          break;
        case ParamType::kColor:
          jp["type"] = "color";
          break;
        case ParamType::kBase64:
          jp["type"] = "base64";
          break;
      }
      jp["default"] =
          p.default_value.empty() ? Json(nullptr) : Json(p.default_value);
      jp["required"] = p.required;
      jp["ec"] = p.ec.empty() ? Json(nullptr) : Json("0040-00000" + p.ec);
      if (p.nested_only) jp["watermark_image_only"] = true;
      jp["doc"] = p.doc;
      params.push_back(jp);
    }
    const char* kind = op.kind == ActionKind::kKeyValue      ? "key_value"
                       : op.kind == ActionKind::kSingleValue ? "single_value"
                                                             : "no_value";
    Json ja{
        {"name", op.name}, {"kind", kind}, {"doc", op.doc}, {"params", params}};
    if (!op.example.empty()) ja["example"] = op.name + "," + op.example;
    if (!op.ec_missing.empty()) ja["ec_missing"] = "0040-00000" + op.ec_missing;
    ja["in_watermark_image"] = op.allowed_in_watermark;
    actions.push_back(ja);
  }
  Json j{{"prefixes", {"image/", "style/"}},
         {"system", Json::array({Json{{"name", "sys/saveas"},
                                      {"params",
                                       {"o (base64url object, required)",
                                        "b (base64url bucket, optional)"}}}})},
         {"actions", actions}};
  return DumpSafe(j, indent);
}

}  // namespace ossimg
