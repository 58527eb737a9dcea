// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// ParseProcess: lex, then validate every parameter against the registry, then
// bind typed actions.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ossimg/process.h"

#include "parser/base64.h"
#include "parser/bind.h"
#include "parser/errors.h"
#include "parser/lexer.h"
#include "parser/op_registry.h"

namespace ossimg::parser {
namespace {

// Echoes user input in an error message safely: at most 40 bytes, non-printable
// bytes escaped.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  const size_t n = s.size() < 40 ? s.size() : 40;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > n) out += "...";
  out += "\"";
  return out;
}

// Strict decimal: optional '-', then 1+ digits, nothing else. Values past 18
// digits saturate, so they fail the range check instead of wrapping.
bool ParseInt(std::string_view s, int64_t* v) {
  size_t i = 0;
  bool neg = false;
  if (!s.empty() && s[0] == '-') {
    neg = true;
    i = 1;
  }
  if (i == s.size()) return false;
  int64_t acc = 0;
  bool saturated = false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    if (acc > (std::numeric_limits<int64_t>::max() - 9) / 10) {
      saturated = true;
    } else {
      acc = acc * 10 + (s[i] - '0');
    }
  }
  if (saturated) acc = std::numeric_limits<int64_t>::max();
  *v = neg ? -acc : acc;
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string ParamLabel(const OpSpec& op, const ParamSpec& spec) {
  return spec.key.empty() ? op.name + " value"
                          : op.name + " parameter " + spec.key;
}

// `spec` gives the type and range; `ecs` the error numbers (they differ for an
// alias such as watermark font_, which validates like type_ but fails with its
// own number).
Status ValidateValue(const OpSpec& op, const ParamSpec& spec,
                     const ParamSpec& ecs, std::string_view text, size_t offset,
                     ParamValue* out) {
  out->present = true;
  out->offset = offset;
  auto invalid = [&]() {
    return GrammarError(ecs.ec, offset,
                        "The " + ParamLabel(op, ecs) + " must be " +
                            spec.Expectation() + ", not " + Quote(text) + ".");
  };
  if (text.empty()) {
    return GrammarError(
        ecs.ec_missing.empty() ? ecs.ec : ecs.ec_missing, offset,
        "The " + ParamLabel(op, ecs) + " has no value; it must be " +
            spec.Expectation() + ".");
  }
  switch (spec.type) {
    case ParamType::kInt: {
      int64_t v = 0;
      if (!ParseInt(text, &v)) return invalid();
      if (v == 0 && !ecs.ec_zero.empty() && spec.min > 0) {
        return GrammarError(ecs.ec_zero, offset,
                            "The " + ParamLabel(op, ecs) + " must not be 0.");
      }
      if (v < spec.min || v > spec.max) return invalid();
      out->i = v;
      return Status();
    }
    case ParamType::kEnum:
      for (size_t i = 0; i < spec.choices.size(); ++i) {
        if (text == spec.choices[i]) {
          out->i = static_cast<int64_t>(i);
          return Status();
        }
      }
      return invalid();
    case ParamType::kColor: {
      if (text.size() != 6) return invalid();
      int64_t v = 0;
      for (char c : text) {
        const int d = HexDigit(c);
        if (d < 0) return invalid();
        v = v * 16 + d;
      }
      out->i = v;
      return Status();
    }
    case ParamType::kBase64: {
      std::optional<std::string> decoded = DecodeBase64(text);
      if (!decoded) return NotBase64Error(ecs.ec, offset);
      out->s = std::move(*decoded);
      return Status();
    }
  }
  return invalid();
}

// Validates one action's parameters generically and binds it.
Status BindAction(const RawAction& raw, const BindContext& ctx, Action* out) {
  const OpSpec* op = FindOp(raw.name);
  if (op == nullptr) {
    return GrammarError("213", raw.offset,
                        "The action " + Quote(raw.name) + " does not exist.");
  }
  if (ctx.nested && !op->allowed_in_watermark) {
    if (op->name == "watermark") {
      return GrammarError(
          "373", raw.offset,
          "A watermark image cannot itself be processed with watermark.");
    }
    if (op->name == "info") {
      return GrammarError("374", raw.offset,
                          "A watermark image cannot be processed with info.");
    }
    return GrammarError(
        "", raw.offset,
        "A watermark image cannot be processed with " + op->name +
            "; only resize, crop, indexcrop, rounded-corners and rotate.");
  }

  std::vector<ParamValue> values(op->params.size());
  bool any = false;
  switch (op->kind) {
    case ActionKind::kKeyValue:
      if (op->precheck) OSSIMG_RETURN_IF_ERROR(op->precheck(*op, raw));
      for (const RawParam& p : raw.params) {
        const size_t us = p.text.find('_');
        std::string_view key, value;
        size_t value_offset = p.offset;
        if (us == std::string_view::npos) {
          // A lone token: a known key without its value ("watermark,text"), or
          // a bare value (only quality declares one), or something unknown.
          if (op->Find(p.text) >= 0) {
            key = p.text;
            value_offset = p.offset + p.text.size();
          } else {
            value = p.text;
          }
        } else {
          key = p.text.substr(0, us);
          value = p.text.substr(us + 1);
          value_offset = p.offset + us + 1;
        }
        int idx = op->Find(key);
        // Unknown keys are ignored, as live OSS ignores them (docs/compat.md).
        if (idx < 0) continue;
        if (!op->params[idx].alias_of.empty())
          idx = op->Find(op->params[idx].alias_of);
        const ParamSpec& spec = op->params[idx];
        if (spec.nested_only && !ctx.nested) continue;
        // The alias's own error number applies to values given under the alias.
        const ParamSpec& as_given = op->params[op->Find(key)];
        // Duplicate keys: the last one wins.
        OSSIMG_RETURN_IF_ERROR(ValidateValue(*op, spec, as_given, value,
                                             value_offset, &values[idx]));
        values[idx].given_as = as_given.key;
        any = true;
      }
      break;
    case ActionKind::kSingleValue:
      if (raw.params.size() > 1) {
        return GrammarError(
            "203", raw.params[1].offset,
            "The action " + op->name + " takes a single value.");
      }
      if (raw.params.size() == 1) {
        OSSIMG_RETURN_IF_ERROR(ValidateValue(*op, op->params[0], op->params[0],
                                             raw.params[0].text,
                                             raw.params[0].offset, &values[0]));
        any = true;
      }
      break;
    case ActionKind::kNoValue:
      break;  // parameters of info / average-hue are ignored
  }

  const size_t end_offset = raw.offset + raw.name.size();
  if (op->kind == ActionKind::kSingleValue && !any && op->params[0].required) {
    return GrammarError(op->ec_missing, end_offset,
                        "The action " + op->name + " needs a value.");
  }
  if (op->needs_param && !any) {
    return GrammarError(op->ec_missing, end_offset,
                        "The action " + op->name + " needs parameters, e.g. " +
                            op->name + "," + op->example + ".");
  }
  for (size_t i = 0; i < op->params.size(); ++i) {
    const ParamSpec& spec = op->params[i];
    if (op->kind == ActionKind::kKeyValue && spec.required &&
        !values[i].present) {
      return GrammarError(
          spec.ec_missing.empty() ? spec.ec : spec.ec_missing, end_offset,
          "The action " + op->name + " needs the parameter " + spec.key + ".");
    }
  }
  return op->bind(*op, ctx, values, out);
}

Status BindSaveAs(const RawAction& raw, ProcessSpec* spec) {
  if (raw.name != "saveas") {
    return GrammarError(
        "", raw.offset,
        "The system action " + Quote(raw.name) + " does not exist.");
  }
  if (spec->save_as)
    return GrammarError("", raw.offset, "sys/saveas is given twice.");
  SaveAsTarget target;
  bool has_o = false;
  for (const RawParam& p : raw.params) {
    const size_t us = p.text.find('_');
    if (us == std::string_view::npos) continue;
    const std::string_view key = p.text.substr(0, us);
    if (key != "o" && key != "b") continue;
    std::optional<std::string> decoded = DecodeBase64(p.text.substr(us + 1));
    if (!decoded) return NotBase64Error("", p.offset + us + 1);
    if (key == "o") {
      // OSS object keys: 1 to 1023 bytes, not starting with '/' or '\'.
      if (decoded->empty() || decoded->size() > 1023 || (*decoded)[0] == '/' ||
          (*decoded)[0] == '\\' || decoded->find('\0') != std::string::npos) {
        return GrammarError("", p.offset, "The saveas object name is invalid.");
      }
      target.object = std::move(*decoded);
      has_o = true;
    } else {
      // OSS bucket names: 3 to 63 of [a-z0-9-], not starting or ending with
      // '-'.
      const std::string& b = *decoded;
      bool ok = b.size() >= 3 && b.size() <= 63 && b.front() != '-' &&
                b.back() != '-';
      for (char c : b)
        ok = ok &&
             ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
      if (!ok)
        return GrammarError("", p.offset, "The saveas bucket name is invalid.");
      target.bucket = b;
    }
  }
  if (!has_o) {
    return GrammarError("", raw.offset + raw.name.size(),
                        "sys/saveas needs the target object o_<base64url>.");
  }
  spec->save_as = std::move(target);
  return Status();
}

// OSS refuses more than three image watermarks in one request (EC-026).
constexpr int kMaxImageWatermarks = 3;

Status ParseInto(std::string_view process, const Limits& limits, bool nested,
                 ProcessSpec* spec) {
  if (nested && process.find('|') != std::string_view::npos) {
    return GrammarError("", 0,
                        "A watermark image's process cannot contain '|'.");
  }
  RawProcess raw;
  OSSIMG_RETURN_IF_ERROR(Lex(process, limits, 0, &raw));
  spec->kind = raw.kind;
  if (raw.kind == ProcessSpec::Kind::kStyle) {
    if (nested)
      return GrammarError("", 0, "A watermark image cannot use a style.");
    spec->style = std::string(raw.style);
  } else if (raw.actions.empty()) {
    return GrammarError("212", process.size(),
                        "No image processing action is specified.");
  }
  spec->stage_starts = raw.segment_starts;
  BindContext ctx;
  ctx.nested = nested;
  spec->actions.reserve(raw.actions.size());
  int image_watermarks = 0;
  for (const RawAction& a : raw.actions) {
    ctx.offset = a.offset;
    Action action;
    OSSIMG_RETURN_IF_ERROR(BindAction(a, ctx, &action));
    if (const auto* wm = std::get_if<WatermarkAction>(&action);
        wm && wm->image) {
      if (++image_watermarks > kMaxImageWatermarks) {
        return GrammarError("026", a.offset,
                            "At most " + std::to_string(kMaxImageWatermarks) +
                                " image watermarks are allowed.");
      }
    }
    spec->actions.push_back(std::move(action));
  }
  for (const RawAction& s : raw.sys)
    OSSIMG_RETURN_IF_ERROR(BindSaveAs(s, spec));
  return Status();
}

// ---------------------------------------------------------------------------------------------
// Binders.

int32_t I32(const ParamValue& v, int32_t def) {
  return v.present ? static_cast<int32_t>(v.i) : def;
}

// Counts UTF-8 code points; returns -1 for malformed UTF-8 (overlongs and
// surrogates included).
int64_t Utf8Length(std::string_view s) {
  int64_t n = 0;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return -1;
    }
    if (i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return -1;
    i += len;
    ++n;
  }
  return n;
}

}  // namespace

Status PrecheckResize(const OpSpec&, const RawAction& raw) {
  // OSS answers `resize,w_0,h_0` with EC-321 rather than the EC-312 of `w_0`
  // alone.
  bool w0 = false, h0 = false;
  size_t off = raw.offset;
  for (const RawParam& p : raw.params) {
    if (p.text.substr(0, 2) == "w_") w0 = p.text == "w_0";
    if (p.text.substr(0, 2) == "h_") h0 = p.text == "h_0";
    if (p.text == "w_0" || p.text == "h_0") off = p.offset;
  }
  if (w0 && h0) {
    return GrammarError("321", off,
                        "The resize target width and height are both 0.");
  }
  return Status();
}

const std::vector<const char*>& SupportedFonts() {
  static const auto* fonts = new std::vector<const char*>{
      "wqy-zenhei",       "wqy-microhei",   "fangzhengshusong",
      "fangzhengkaiti",   "fangzhengheiti", "fangzhengfangsong",
      "droidsansfallback"};
  return *fonts;
}

Status BindResize(const OpSpec& op, const BindContext& ctx,
                  const std::vector<ParamValue>& v, Action* out) {
  ResizeAction a;
  a.mode = static_cast<ResizeMode>(I32(v[op.Find("m")], 0));
  a.w = I32(v[op.Find("w")], 0);
  a.h = I32(v[op.Find("h")], 0);
  a.l = I32(v[op.Find("l")], 0);
  a.s = I32(v[op.Find("s")], 0);
  a.limit = I32(v[op.Find("limit")], 1) != 0;
  a.color = static_cast<uint32_t>(I32(v[op.Find("color")], 0xFFFFFF));
  a.p = I32(v[op.Find("p")], 0);
  a.P = I32(v[op.Find("P")], 0);
  // Normalise to what takes effect: w/h win over l/s, and any size wins over
  // percentages.
  if (a.w || a.h) a.l = a.s = 0;
  if (a.w || a.h || a.l || a.s) a.p = a.P = 0;
  if (a.p) a.P = 0;
  if (!a.w && !a.h && !a.l && !a.s && !a.p && !a.P) {
    return GrammarError(
        op.ec_missing, ctx.offset + op.name.size(),
        "The action resize needs a target size: w, h, l, s or p.");
  }
  *out = a;
  return Status();
}

Status BindCrop(const OpSpec& op, const BindContext&,
                const std::vector<ParamValue>& v, Action* out) {
  CropAction a;
  a.w = I32(v[op.Find("w")], 0);
  a.h = I32(v[op.Find("h")], 0);
  a.x = I32(v[op.Find("x")], 0);
  a.y = I32(v[op.Find("y")], 0);
  a.g = static_cast<Gravity>(I32(v[op.Find("g")], 0));
  *out = a;
  return Status();
}

Status BindIndexCrop(const OpSpec& op, const BindContext& ctx,
                     const std::vector<ParamValue>& v, Action* out) {
  IndexCropAction a;
  a.x = I32(v[op.Find("x")], 0);
  a.y = I32(v[op.Find("y")], 0);
  a.i = I32(v[op.Find("i")], 0);
  if (!a.x && !a.y) {
    return GrammarError("230", ctx.offset + op.name.size(),
                        "The action indexcrop needs a slice size x or y.");
  }
  // When both are valid, y wins (OSS documentation).
  if (a.y) a.x = 0;
  *out = a;
  return Status();
}

Status BindCircle(const OpSpec&, const BindContext&,
                  const std::vector<ParamValue>& v, Action* out) {
  *out = CircleAction{I32(v[0], 0)};
  return Status();
}

Status BindRoundedCorners(const OpSpec&, const BindContext&,
                          const std::vector<ParamValue>& v, Action* out) {
  *out = RoundedCornersAction{I32(v[0], 0)};
  return Status();
}

Status BindAutoOrient(const OpSpec&, const BindContext&,
                      const std::vector<ParamValue>& v, Action* out) {
  *out = AutoOrientAction{I32(v[0], 1) != 0};
  return Status();
}

Status BindRotate(const OpSpec&, const BindContext&,
                  const std::vector<ParamValue>& v, Action* out) {
  *out = RotateAction{I32(v[0], 0)};
  return Status();
}

Status BindBlur(const OpSpec& op, const BindContext&,
                const std::vector<ParamValue>& v, Action* out) {
  *out = BlurAction{I32(v[op.Find("r")], 0), I32(v[op.Find("s")], 0)};
  return Status();
}

Status BindBright(const OpSpec&, const BindContext&,
                  const std::vector<ParamValue>& v, Action* out) {
  *out = BrightAction{I32(v[0], 0)};
  return Status();
}

Status BindContrast(const OpSpec&, const BindContext&,
                    const std::vector<ParamValue>& v, Action* out) {
  *out = ContrastAction{I32(v[0], 0)};
  return Status();
}

Status BindSharpen(const OpSpec&, const BindContext&,
                   const std::vector<ParamValue>& v, Action* out) {
  *out = SharpenAction{I32(v[0], 0)};
  return Status();
}

Status BindFormat(const OpSpec& op, const BindContext&,
                  const std::vector<ParamValue>& v, Action* out) {
  *out = FormatAction{
      ImageFormatFromName(op.params[0].choices[static_cast<size_t>(v[0].i)])};
  return Status();
}

Status BindQuality(const OpSpec& op, const BindContext&,
                   const std::vector<ParamValue>& v, Action* out) {
  QualityAction a;
  a.q = I32(v[op.Find("q")], 0);
  a.Q = I32(v[op.Find("Q")], 0);
  // A bare value (`quality,90`) is an absolute quality (docs/compat.md); an
  // explicit Q wins.
  if (!a.Q) a.Q = I32(v[op.Find("")], 0);
  if (a.Q) a.q = 0;  // Q wins over q (OSS documentation)
  *out = a;
  return Status();
}

Status BindInterlace(const OpSpec&, const BindContext&,
                     const std::vector<ParamValue>& v, Action* out) {
  *out = InterlaceAction{I32(v[0], 0) != 0};
  return Status();
}

Status BindInfo(const OpSpec&, const BindContext&,
                const std::vector<ParamValue>&, Action* out) {
  *out = InfoAction{};
  return Status();
}

Status BindAverageHue(const OpSpec&, const BindContext&,
                      const std::vector<ParamValue>&, Action* out) {
  *out = AverageHueAction{};
  return Status();
}

Status BindWatermark(const OpSpec& op, const BindContext& ctx,
                     const std::vector<ParamValue>& v, Action* out) {
  WatermarkAction a;
  a.t = I32(v[op.Find("t")], 100);
  a.g = static_cast<Gravity>(
      I32(v[op.Find("g")], static_cast<int32_t>(Gravity::kSE)));
  a.x = I32(v[op.Find("x")], 10);
  a.y = I32(v[op.Find("y")], 10);
  a.voffset = I32(v[op.Find("voffset")], 0);
  a.color = static_cast<uint32_t>(I32(v[op.Find("color")], 0));
  a.size = I32(v[op.Find("size")], 40);
  a.shadow = I32(v[op.Find("shadow")], 0);
  a.rotate = I32(v[op.Find("rotate")], 0);
  a.fill = I32(v[op.Find("fill")], 0) != 0;
  a.order = I32(v[op.Find("order")], 0);
  a.align = I32(v[op.Find("align")], 2);
  a.interval = I32(v[op.Find("interval")], 0);
  a.padx = I32(v[op.Find("padx")], 0);
  a.pady = I32(v[op.Find("pady")], 0);

  const ParamValue& text = v[op.Find("text")];
  if (text.present) {
    const int64_t n = Utf8Length(text.s);
    if (n < 0) {
      return GrammarError("257", text.offset,
                          "The watermark text is not valid UTF-8.");
    }
    if (n == 0)
      return GrammarError("258", text.offset, "The watermark text is empty.");
    if (n > 64) {
      return GrammarError("259", text.offset,
                          "The watermark text is longer than 64 characters.");
    }
    a.text = text.s;
  }
  const ParamValue& type = v[op.Find("type")];
  if (type.present) {
    // Tolerate a trailing newline, as `echo name | base64` produces one.
    std::string font = type.s;
    while (!font.empty() && (font.back() == '\n' || font.back() == '\r'))
      font.pop_back();
    bool known = false;
    for (const char* f : SupportedFonts()) known = known || font == f;
    if (!known) {
      return GrammarError(
          type.given_as == "font" ? "249" : "251", type.offset,
          "The watermark font " + Quote(font) + " is not supported.");
    }
    a.font = font;
  }
  const ParamValue& image = v[op.Find("image")];
  if (image.present) {
    std::string_view decoded = image.s;
    const size_t q = decoded.find('?');
    std::string_view key = decoded.substr(0, q);
    if (key.empty() || key.size() > 1023 ||
        key.find('\0') != std::string_view::npos) {
      return GrammarError("", image.offset,
                          "The watermark image object name is invalid.");
    }
    a.image = std::string(key);
    if (q != std::string_view::npos) {
      constexpr std::string_view kQuery = "x-oss-process=";
      std::string_view query = decoded.substr(q + 1);
      if (query.substr(0, kQuery.size()) != kQuery) {
        return GrammarError(
            "", image.offset,
            "A watermark image may only carry ?x-oss-process=image/...");
      }
      query.remove_prefix(kQuery.size());
      ProcessSpec nested;
      Status s = ParseInto(query, Limits(), /*nested=*/true, &nested);
      if (!s.ok()) {
        // Offsets inside the decoded parameter mean nothing in the process
        // string: point at the image_ parameter instead.
        return Status(s.code(),
                      "In the watermark image's process: " + s.message(),
                      s.ec(), static_cast<int64_t>(image.offset));
      }
      for (Action& na : nested.actions) {
        if (auto* r = std::get_if<ResizeAction>(&na))
          a.image_ops.emplace_back(*r);
        else if (auto* c = std::get_if<CropAction>(&na))
          a.image_ops.emplace_back(*c);
        else if (auto* ic = std::get_if<IndexCropAction>(&na))
          a.image_ops.emplace_back(*ic);
        else if (auto* rc = std::get_if<RoundedCornersAction>(&na))
          a.image_ops.emplace_back(*rc);
        else if (auto* ro = std::get_if<RotateAction>(&na))
          a.image_ops.emplace_back(*ro);
      }
    }
  }
  if (!a.text && !a.image) {
    return GrammarError("278", ctx.offset + op.name.size(),
                        "The action watermark needs text_ or image_.");
  }
  *out = std::move(a);
  return Status();
}

}  // namespace ossimg::parser

namespace ossimg {

StatusOr<ProcessSpec> ParseProcess(std::string_view process,
                                   const Limits& limits) {
  ProcessSpec spec;
  OSSIMG_RETURN_IF_ERROR(
      parser::ParseInto(process, limits, /*nested=*/false, &spec));
  return spec;
}

}  // namespace ossimg
