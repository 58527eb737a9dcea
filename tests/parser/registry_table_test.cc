// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Parser cases generated from the action registry, so that every action and
// parameter is covered the day it is declared: the action's example; each
// parameter at both ends of its range and one past each end, non-numeric and
// empty; every enum choice and a wrong one; colours; base64; missing required
// values; unknown keys; duplicates; trailing separators.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ossimg/process.h"

#include "parser/op_registry.h"

namespace ossimg::parser {
namespace {

using nlohmann::json;

struct Case {
  std::string name;     // gtest-safe label
  std::string process;  // the whole process string
  bool ok = true;
  StatusCode code = StatusCode::kOk;
  std::string ec;  // expected full EC ("0040-00000312") or ""
  // For accepted cases: the action's JSON field that must hold `value` (skipped
  // when empty).
  std::string field;
  json value;
};

// Keeps ctest's test names readable instead of a byte dump of the struct.
void PrintTo(const Case& c, std::ostream* os) { *os << c.process; }

std::string Sanitise(std::string s) {
  for (char& c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9')))
      c = '_';
  }
  return s;
}

std::string FullEc(const std::string& ec) {
  return ec.empty() ? "" : "0040-00000" + ec;
}

// The op's example with the parameter `key` removed, so a test can add its own
// value.
std::string BaseWithout(const OpSpec& op, const std::string& key) {
  // Any one resize size parameter is enough on its own; don't let w_100 mask l,
  // s or p.
  if (op.name == "resize" &&
      (key == "w" || key == "h" || key == "l" || key == "s" || key == "p")) {
    return "";
  }
  std::string out;
  size_t start = 0;
  const std::string& ex = op.example;
  while (start <= ex.size() && !ex.empty()) {
    size_t comma = ex.find(',', start);
    if (comma == std::string::npos) comma = ex.size();
    const std::string tok = ex.substr(start, comma - start);
    const bool same = op.kind == ActionKind::kSingleValue
                          ? key.empty()
                          : tok.rfind(key + "_", 0) == 0;
    if (!same) out += (out.empty() ? "" : ",") + tok;
    start = comma + 1;
  }
  return out;
}

std::string Token(const OpSpec& op, const ParamSpec& p,
                  const std::string& value) {
  if (op.kind == ActionKind::kSingleValue || p.key.empty()) return value;
  return p.key + "_" + value;
}

std::string Join(const std::string& name, const std::string& base,
                 const std::string& tok) {
  std::string s = "image/" + name;
  if (!base.empty()) s += "," + base;
  if (!tok.empty()) s += "," + tok;
  return s;
}

std::string FieldOf(const ParamSpec& p) {
  return p.key.empty() ? "value" : p.key;
}

std::vector<Case> GenerateCases() {
  std::vector<Case> cases;
  auto add_ok = [&](const std::string& label, const std::string& process,
                    std::string field = "", json value = nullptr) {
    Case c;
    c.name = Sanitise(label);
    c.process = process;
    c.field = std::move(field);
    c.value = std::move(value);
    cases.push_back(std::move(c));
  };
  auto add_err = [&](const std::string& label, const std::string& process,
                     StatusCode code, const std::string& ec) {
    Case c;
    c.name = Sanitise(label);
    c.process = process;
    c.ok = false;
    c.code = code;
    c.ec = FullEc(ec);
    cases.push_back(std::move(c));
  };

  for (const OpSpec& op : Registry()) {
    const std::string n = op.name;
    add_ok(n + "_example", Join(n, op.example, ""));
    add_ok(n + "_trailing_comma", Join(n, op.example, "") + ",");
    add_ok(n + "_trailing_slash", Join(n, op.example, "") + "/");
    add_ok(n + "_after_resize",
           "image/resize,w_10/" + Join(n, op.example, "").substr(6));
    if (op.kind == ActionKind::kKeyValue) {
      add_ok(n + "_unknown_key_ignored", Join(n, op.example, "zz_1"));
      if (op.needs_param) {
        add_err(n + "_no_params", "image/" + n, StatusCode::kInvalidArgument,
                op.ec_missing);
      }
    }
    if (op.kind == ActionKind::kSingleValue) {
      const ParamSpec& p = op.params[0];
      add_err(n + "_two_values", Join(n, op.example, op.example),
              StatusCode::kInvalidArgument, "203");
      if (p.required) {
        add_err(n + "_missing_value", "image/" + n,
                StatusCode::kInvalidArgument, op.ec_missing);
      }
    }
    for (const ParamSpec& p : op.params) {
      if (p.nested_only || !p.alias_of.empty()) continue;
      const std::string base = BaseWithout(op, p.key);
      const std::string label = n + "_" + FieldOf(p);
      const bool bare = op.kind == ActionKind::kKeyValue && p.key.empty();
      // The JSON field is checked where normalisation keeps the value as given.
      const std::string field = bare ? "" : FieldOf(p);
      if (op.kind == ActionKind::kKeyValue && p.required) {
        add_err(label + "_missing", Join(n, base, ""),
                StatusCode::kInvalidArgument,
                p.ec_missing.empty() ? p.ec : p.ec_missing);
      }
      switch (p.type) {
        case ParamType::kInt: {
          add_ok(label + "_min",
                 Join(n, base, Token(op, p, std::to_string(p.min))), field,
                 p.min);
          add_ok(label + "_max",
                 Join(n, base, Token(op, p, std::to_string(p.max))), field,
                 p.max);
          const std::string below_ec =
              (p.min - 1 == 0 && !p.ec_zero.empty()) ? p.ec_zero : p.ec;
          add_err(label + "_below_min",
                  Join(n, base, Token(op, p, std::to_string(p.min - 1))),
                  StatusCode::kInvalidArgument, below_ec);
          add_err(label + "_above_max",
                  Join(n, base, Token(op, p, std::to_string(p.max + 1))),
                  StatusCode::kInvalidArgument, p.ec);
          add_err(label + "_not_a_number", Join(n, base, Token(op, p, "abc")),
                  StatusCode::kInvalidArgument, p.ec);
          add_err(label + "_decimal", Join(n, base, Token(op, p, "1.5")),
                  StatusCode::kInvalidArgument, p.ec);
          if (!bare && op.kind == ActionKind::kKeyValue) {
            add_err(label + "_empty", Join(n, base, p.key + "_"),
                    StatusCode::kInvalidArgument,
                    p.ec_missing.empty() ? p.ec : p.ec_missing);
            add_ok(label + "_duplicate_last_wins",
                   Join(n, base,
                        Token(op, p, std::to_string(p.min)) + "," +
                            Token(op, p, std::to_string(p.max))),
                   field, p.max);
          }
          break;
        }
        case ParamType::kEnum:
          for (const std::string& choice : p.choices) {
            add_ok(label + "_" + choice, Join(n, base, Token(op, p, choice)),
                   field, choice);
          }
          add_err(label + "_wrong_choice", Join(n, base, Token(op, p, "bogus")),
                  StatusCode::kInvalidArgument, p.ec);
          add_err(label + "_upper_case_choice",
                  Join(n, base, Token(op, p, "X" + p.choices[0])),
                  StatusCode::kInvalidArgument, p.ec);
          break;
        case ParamType::kColor:
          add_ok(label + "_lower", Join(n, base, Token(op, p, "ff6a00")), field,
                 "FF6A00");
          add_ok(label + "_upper", Join(n, base, Token(op, p, "00FFAA")), field,
                 "00FFAA");
          add_err(label + "_eight_digits",
                  Join(n, base, Token(op, p, "AABBCCDD")),
                  StatusCode::kInvalidArgument, p.ec);
          add_err(label + "_not_hex", Join(n, base, Token(op, p, "GGGGGG")),
                  StatusCode::kInvalidArgument, p.ec);
          add_err(label + "_short", Join(n, base, Token(op, p, "fff")),
                  StatusCode::kInvalidArgument, p.ec);
          break;
        case ParamType::kBase64:
          add_err(label + "_not_base64",
                  Join(n, base, Token(op, p, "notbase64")),
                  StatusCode::kBadRequest, p.ec);
          add_err(label + "_bad_character", Join(n, base, Token(op, p, "a$bc")),
                  StatusCode::kBadRequest, p.ec);
          break;
      }
    }
  }
  return cases;
}

class RegistryTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(RegistryTableTest, Parses) {
  const Case& c = GetParam();
  StatusOr<ProcessSpec> r = ParseProcess(c.process);
  if (c.ok) {
    ASSERT_TRUE(r.ok()) << c.process << " -> " << r.status().ToString();
    if (!c.field.empty()) {
      const json j = json::parse(ProcessSpecToJson(*r));
      const json& action = j["actions"].back();
      ASSERT_TRUE(action.contains(c.field)) << action.dump();
      EXPECT_EQ(action[c.field], c.value)
          << c.process << " -> " << action.dump();
    }
  } else {
    ASSERT_FALSE(r.ok()) << c.process
                         << " parsed: " << ProcessSpecToJson(*r, -1);
    EXPECT_EQ(r.status().code(), c.code)
        << c.process << " -> " << r.status().ToString();
    EXPECT_EQ(r.status().ec(), c.ec)
        << c.process << " -> " << r.status().ToString();
    EXPECT_FALSE(r.status().message().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Generated, RegistryTableTest,
                         ::testing::ValuesIn(GenerateCases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return param_info.param.name + "_" +
                                  std::to_string(param_info.index);
                         });

TEST(RegistryTest, AtLeast300GeneratedCases) {
  EXPECT_GE(GenerateCases().size(), 300u);
}

TEST(RegistryTest, EveryOssActionIsDeclaredOnce) {
  const std::vector<std::string> expected = {
      "resize",      "crop",     "indexcrop", "circle",    "rounded-corners",
      "auto-orient", "rotate",   "blur",      "bright",    "contrast",
      "sharpen",     "format",   "quality",   "interlace", "info",
      "average-hue", "watermark"};
  std::vector<std::string> names;
  for (const OpSpec& op : Registry()) names.push_back(op.name);
  EXPECT_EQ(names, expected);
  for (const OpSpec& op : Registry()) {
    EXPECT_NE(op.bind, nullptr) << op.name;
    EXPECT_FALSE(op.doc.empty()) << op.name;
    if (op.kind != ActionKind::kNoValue) {
      EXPECT_FALSE(op.example.empty()) << op.name;
    }
  }
}

TEST(RegistryTest, ListJsonComesFromTheRegistry) {
  const json j = json::parse(ActionRegistryJson());
  ASSERT_EQ(j["actions"].size(), Registry().size());
  const json& resize = j["actions"][0];
  EXPECT_EQ(resize["name"], "resize");
  EXPECT_EQ(resize["params"][1]["key"], "w");
  EXPECT_EQ(resize["params"][1]["min"], 1);
  EXPECT_EQ(resize["params"][1]["max"], 16384);
  EXPECT_EQ(resize["params"][1]["ec"], "0040-00000312");
}

}  // namespace
}  // namespace ossimg::parser
