// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// oss:// in the CLI: the flags every OSS-aware command shares, the client they
// make, and object reads and writes for `process` and `batch`
// (oss_commands.cc, docs/oss-client.md).

#ifndef OSSIMG_SRC_CLI_OSS_COMMANDS_H_
#define OSSIMG_SRC_CLI_OSS_COMMANDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ossimg/status.h"
#include "ossimg/transport.h"

namespace ossimg::cli {

// Empty fields come from OSS_ENDPOINT, OSS_REGION, OSS_ACCESS_KEY_ID,
// OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN. The secret has no flag: a
// command line is visible to every user of the machine (ps, /proc).
struct OssFlags {
  std::string endpoint;
  std::string region;
  std::string access_key_id;
  std::string signature = "v4";  // v1 or v4
  int retries = 3;               // retries after the first attempt
};

void AddOssFlags(CLI::App* cmd, OssFlags* flags);
StatusOr<std::unique_ptr<oss::OssClient>> MakeOssClient(const OssFlags& flags);

bool IsOssUrl(const std::string& s);
// Reads oss://bucket/key (refused past `max_bytes`).
StatusOr<std::vector<uint8_t>> ReadOssObject(const std::string& url,
                                             uint64_t max_bytes,
                                             const OssFlags& flags);
Status WriteOssObject(const std::string& url, const std::vector<uint8_t>& data,
                      const std::string& content_type, const OssFlags& flags);

// `ossimg persist SRC DST PROCESS` and `ossimg presign URL`.
void AddPersistCommand(CLI::App& app, std::function<int()>* run);
void AddPresignCommand(CLI::App& app, std::function<int()>* run);

}  // namespace ossimg::cli

#endif  // OSSIMG_SRC_CLI_OSS_COMMANDS_H_
