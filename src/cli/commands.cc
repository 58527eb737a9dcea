// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "cli/commands.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "ossimg/process.h"

namespace ossimg::cli {

int ReportError(const Status& status) {
  std::fprintf(stderr, "ossimg: %s: %s", status.oss_code(), status.message().c_str());
  if (!status.ec().empty()) std::fprintf(stderr, " (EC %s)", status.ec().c_str());
  if (status.offset() >= 0) std::fprintf(stderr, " [at byte %lld]", static_cast<long long>(status.offset()));
  std::fprintf(stderr, "\n");
  return status.exit_code();
}

std::string FuzzDictionary() {
  // Every token a process string can contain, taken from the registry itself, so new actions and
  // parameters reach the fuzzer without anyone editing the dictionary.
  const nlohmann::json reg = nlohmann::json::parse(ActionRegistryJson(-1));
  std::set<std::string> tokens = {"image/", "style/", "|sys/saveas,", "o_", "b_", "/", ",", "_",
                                  "?x-oss-process=image/", "-1", "0", "1", "100", "4096",
                                  "16384", "99999999999999999999"};
  for (const auto& a : reg["actions"]) {
    const std::string name = a["name"];
    tokens.insert(name);
    tokens.insert("/" + name + ",");
    if (a.contains("example")) tokens.insert(a["example"].get<std::string>());
    for (const auto& p : a["params"]) {
      const std::string key = p["key"];
      if (!key.empty()) tokens.insert(key + "_");
      if (p["type"] == "enum") {
        for (const auto& c : p["choices"]) tokens.insert(c.get<std::string>());
      }
      if (p["type"] == "int") {
        tokens.insert(std::to_string(p["min"].get<long long>()));
        tokens.insert(std::to_string(p["max"].get<long long>()));
        tokens.insert(std::to_string(p["max"].get<long long>() + 1));
      }
    }
  }
  std::string out = "# Generated from the ossimg action registry by `ossimg parse --dict`.\n";
  for (const std::string& t : tokens) {
    std::string esc;
    for (char c : t) {
      if (c == '"' || c == '\\') esc += '\\';
      esc += c;
    }
    out += "\"" + esc + "\"\n";
  }
  return out;
}

void AddParseCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::string process;
    bool list = false;
    bool dict = false;
    bool compact = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "parse", "Validate a process string and print its actions as JSON (defaults filled in)");
  cmd->add_option("process", opts->process, "e.g. 'image/resize,w_100/format,webp'");
  cmd->add_flag("--list", opts->list, "Print every action, parameter, range and default");
  cmd->add_flag("--dict", opts->dict, "Print the libFuzzer dictionary generated from the registry");
  cmd->add_flag("--compact", opts->compact, "One-line JSON");
  cmd->callback([cmd, opts, run]() {
    *run = [cmd, opts]() -> int {
      const int indent = opts->compact ? -1 : 2;
      if (opts->list) {
        std::cout << ActionRegistryJson(indent) << "\n";
        return 0;
      }
      if (opts->dict) {
        std::cout << FuzzDictionary();
        return 0;
      }
      if (cmd->count("process") == 0) {
        std::cerr << "ossimg parse: a process string is required (or --list)\n";
        return 1;
      }
      StatusOr<ProcessSpec> spec = ParseProcess(opts->process);
      if (!spec.ok()) return ReportError(spec.status());
      std::cout << ProcessSpecToJson(*spec, indent) << "\n";
      return 0;
    };
  });
}

}  // namespace ossimg::cli
