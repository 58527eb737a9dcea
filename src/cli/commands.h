// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The `ossimg` subcommands. Each registers its CLI11 options and returns its
// exit code through the shared convention of docs/architecture.md (0 ok, 1
// usage, 2 refused input, 3 transient).

#ifndef OSSIMG_SRC_CLI_COMMANDS_H_
#define OSSIMG_SRC_CLI_COMMANDS_H_

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "ossimg/status.h"

namespace ossimg::cli {

// Prints "ossimg: <Code>: <message> (EC ...)" on stderr and returns the
// status's exit code.
int ReportError(const Status& status);

// Adds a subcommand to `app`; `*run` is set to the function that runs it when
// selected.
void AddParseCommand(CLI::App& app, std::function<int()>* run);
// `ossimg info IN` and the codec-only `ossimg process IN OUT PROCESS`
// (codec_commands.cc).
void AddInfoCommand(CLI::App& app, std::function<int()>* run);
void AddProcessCommand(CLI::App& app, std::function<int()>* run);
// `ossimg serve`: the local OSS endpoint (serve_command.cc).
void AddServeCommand(CLI::App& app, std::function<int()>* run);

// Engine settings shared by process, plan and batch.
struct EngineFlags {
  int threads = 0;
  std::string styles;          // JSON file of styles
  std::string limits = "oss";  // "oss" or "relaxed"
  std::string shrink_on_load = "fast";  // "fast", "quality" or "none"
  std::string root;      // watermark objects' folder; empty = the input file's folder
  std::string font_dir;  // searched before the system fonts for watermark text
};

void AddPlanCommand(CLI::App& app, std::function<int()>* run);
void AddBatchCommand(CLI::App& app, std::function<int()>* run);

// The libFuzzer dictionary derived from the registry (also `ossimg parse
// --dict`).
std::string FuzzDictionary();

}  // namespace ossimg::cli

#endif  // OSSIMG_SRC_CLI_COMMANDS_H_
