// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// JSON answers: OSS's `info` body and the plan that `ossimg plan` prints.

#include <algorithm>
#include <map>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "plan/plan.h"

namespace ossimg {

std::string OssInfoJson(const ImageInfo& info) {
  // Live OSS answers with keys sorted, a 4-space indent, every value a string
  // inside
  // {"value": ...}, and the closing "}}" on the last line (docs/compat.md,
  // "info").
  std::map<std::string, std::string> fields;
  fields["FileSize"] = std::to_string(info.file_bytes);
  fields["Format"] = ImageFormatName(info.format);
  fields["FrameCount"] = std::to_string(info.frame_count);
  fields["ImageHeight"] = std::to_string(info.height);
  fields["ImageWidth"] = std::to_string(info.width);
  // EXIF fields never replace the facts above (a hostile tag could claim
  // another width).
  for (const auto& [k, v] : plan::ExifFields(info.exif)) fields.emplace(k, v);
  for (const auto& [k, v] : info.exif_fields) fields.emplace(k, v);
  if (info.has_jfif) {  // only where EXIF said nothing
    // JFIF units 0/1/2 (none, inch, cm) are EXIF's ResolutionUnit 1/2/3.
    fields.emplace("ResolutionUnit", std::to_string(info.density_unit + 1));
    fields.emplace("XResolution", std::to_string(info.x_density) + "/1");
    fields.emplace("YResolution", std::to_string(info.y_density) + "/1");
  }
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : fields) {
    out += first ? "\n" : ",\n";
    first = false;
    out += "    " +
           nlohmann::json(k).dump(-1, ' ', false,
                                  nlohmann::json::error_handler_t::replace) +
           ": {\"value\": " +
           nlohmann::json(v).dump(-1, ' ', false,
                                  nlohmann::json::error_handler_t::replace) +
           "}";
  }
  out += "}";
  return out;
}

}  // namespace ossimg

namespace ossimg::plan {

std::string PlanToJson(const Plan& plan) {
  using Json = nlohmann::ordered_json;
  Json steps = Json::array();
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    Json s{{"step", StepName(plan.steps[i])},
           {"width", plan.sizes[i].width},
           {"height", plan.sizes[i].height}};
    if (const auto* d = std::get_if<DecodeStep>(&plan.steps[i])) {
      s["scale_denom"] = d->scale_denom;
      if (!d->crop.empty()) {
        s["crop"] = {d->crop.x, d->crop.y, d->crop.width, d->crop.height};
      }
    } else if (const auto* c = std::get_if<CropStep>(&plan.steps[i])) {
      s["rect"] = {c->rect.x, c->rect.y, c->rect.width, c->rect.height};
    } else if (const auto* r = std::get_if<ResizeStep>(&plan.steps[i])) {
      s["scaled"] = {r->g.scaled.width, r->g.scaled.height};
      if (r->g.has_crop)
        s["fill_crop"] = {r->g.crop.x, r->g.crop.y, r->g.crop.width,
                          r->g.crop.height};
      if (r->g.has_canvas)
        s["pad_canvas"] = {r->g.canvas.width, r->g.canvas.height};
    }
    steps.push_back(s);
  }
  const char* kind =
      plan.output_kind == GeometryTrace::Output::kInfoJson     ? "info"
      : plan.output_kind == GeometryTrace::Output::kAverageHue ? "average-hue"
                                                               : "image";
  Json j{{"source",
          {{"format", ImageFormatName(plan.source.format)},
           {"width", plan.source.width},
           {"height", plan.source.height},
           {"orientation", plan.source.orientation},
           {"frames", plan.source.frame_count},
           {"quality", plan.source_quality}}},
         {"steps", steps},
         {"output",
          {{"kind", kind},
           {"format", ImageFormatName(plan.output_format)},
           {"width", plan.output().width},
           {"height", plan.output().height},
           {"alpha", plan.output_has_alpha},
           {"quality", plan.encode.quality},
           {"progressive", plan.encode.progressive},
           {"animated", plan.animated}}},
         {"peak_memory_bytes", plan.peak_bytes}};
  return j.dump(2);
}

}  // namespace ossimg::plan
