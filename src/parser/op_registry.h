// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The operation registry: every OSS action declared once, with each parameter's
// type, range, default, requiredness and OSS error number. The parser validates
// against it; `ossimg parse
// --list`, the fuzz dictionary and the table-driven tests are generated from it
// (the libvips lesson: one declaration, every front end).

#ifndef OSSIMG_SRC_PARSER_OP_REGISTRY_H_
#define OSSIMG_SRC_PARSER_OP_REGISTRY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ossimg/actions.h"
#include "ossimg/status.h"

#include "parser/lexer.h"

namespace ossimg::parser {

enum class ParamType : uint8_t {
  kInt,     // decimal integer in [min, max]
  kEnum,    // one of `choices`, exact and case-sensitive
  kColor,   // six hex digits RRGGBB
  kBase64,  // base64 (URL-safe or standard, padding optional); decoded before
            // binding
};

enum class ActionKind : uint8_t {
  kKeyValue,     // resize,w_100,h_100
  kSingleValue,  // rotate,90
  kNoValue,      // info
};

struct ParamSpec {
  std::string key;  // "" for the value of a single-value action (and quality's
                    // bare value)
  ParamType type = ParamType::kInt;
  int64_t min = 0;
  int64_t max = 0;
  std::vector<std::string> choices;  // kEnum
  std::string default_value;  // as written in a process string; "" = none
  bool required = false;
  std::string ec;  // OSS number for an invalid (or missing, when required)
                   // value; "" = none
  std::string ec_missing;  // OSS number for a key given without a value
                           // ("text"); "" = use ec
  std::string ec_zero;  // OSS number for the value 0 when 0 is out of range; ""
                        // = use ec
  std::string alias_of;  // this key is another spelling of that key (watermark
                         // font = type)
  bool nested_only = false;  // accepted only inside a watermark's image
                             // preprocessing (resize P)
  std::string doc;

  std::string DisplayName() const { return key.empty() ? "value" : key; }
  // A human description of the accepted values, e.g. "an integer in [1,
  // 16384]".
  std::string Expectation() const;
};

// A parameter after generic validation. For kInt and kEnum `i` holds the number
// or the index into `choices`; for kColor the 0xRRGGBB value; for kBase64 `s`
// holds the decoded bytes.
struct ParamValue {
  bool present = false;
  int64_t i = 0;
  std::string s;
  size_t offset = 0;
  std::string
      given_as;  // the key as written (differs from the spec's for an alias)
};

struct BindContext {
  size_t offset = 0;    // of the action name
  bool nested = false;  // inside a watermark image's "?x-oss-process=..."
};

struct OpSpec;
// Checks on the raw tokens that must run before per-parameter validation
// (resize: w_0,h_0 is EC-321, not the EC-312 that w_0 alone gives).
using PrecheckFn = Status (*)(const OpSpec& op, const RawAction& raw);
using BindFn = Status (*)(const OpSpec& op, const BindContext& ctx,
                          const std::vector<ParamValue>& values, Action* out);

struct OpSpec {
  std::string name;
  ActionKind kind = ActionKind::kKeyValue;
  std::vector<ParamSpec> params;
  // OSS number when the action has no (recognised) parameter at all; "" =
  // allowed or no number.
  std::string ec_missing;
  bool needs_param =
      false;  // the action is an error without any recognised parameter
  // A minimal valid parameter list ("w_100"), used by tests, docs and the fuzz
  // dictionary.
  std::string example;
  bool allowed_in_watermark =
      false;  // may appear in a watermark image's preprocessing
  std::string doc;
  BindFn bind = nullptr;
  PrecheckFn precheck = nullptr;

  // Index of `key` in params, or -1.
  int Find(std::string_view key) const;
};

// All actions, in the order of the OSS documentation.
const std::vector<OpSpec>& Registry();
// The spec for `name` (exact, case-sensitive), or nullptr.
const OpSpec* FindOp(std::string_view name);

}  // namespace ossimg::parser

#endif  // OSSIMG_SRC_PARSER_OP_REGISTRY_H_
