// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The `ossimg` executable. Exit codes (docs/architecture.md): 0 success, 1 usage error (CLI11's
// own codes are mapped here), 2 input or process string refused, 3 transient, 130 interrupted.

#include <exception>
#include <functional>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/oss_commands.h"
#include "ossimg/version.h"

int main(int argc, char** argv) {
  CLI::App app{"ossimg: x-oss-process image processing engine", "ossimg"};
  app.set_version_flag("--version", OSSIMG_VERSION_STRING);
  app.require_subcommand(1);
  std::function<int()> run;
  ossimg::cli::AddParseCommand(app, &run);
  ossimg::cli::AddServeCommand(app, &run);
  ossimg::cli::AddInfoCommand(app, &run);
  ossimg::cli::AddProcessCommand(app, &run);
  ossimg::cli::AddPlanCommand(app, &run);
  ossimg::cli::AddBatchCommand(app, &run);
  // oss:// commands (oss_commands.cc).
  ossimg::cli::AddPersistCommand(app, &run);
  ossimg::cli::AddPresignCommand(app, &run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 1;
  }
  try {
    return run ? run() : 1;
  } catch (const std::exception& e) {
    // Nothing in the library throws across its API; this catches allocation failure and the like.
    std::cerr << "ossimg: InternalError: " << e.what() << "\n";
    return 2;
  }
}
