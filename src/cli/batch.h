// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg batch`: offline conversion of a folder or a manifest, as one
// well-behaved worker of whatever distributed engine the user already runs
// (Kubernetes Indexed Jobs, SLURM arrays, AWS Batch, Spark, GNU parallel).
// Docs: docs/batch.md.

#ifndef OSSIMG_SRC_CLI_BATCH_H_
#define OSSIMG_SRC_CLI_BATCH_H_

#include <cstdint>
#include <string>

#include "cli/oss_commands.h"

namespace ossimg::cli {

struct BatchConfig {
  std::string process;   // default process for every item
  std::string src;       // folder (recursive); empty with a manifest
  std::string dst;       // output folder
  std::string manifest;  // JSON lines or CSV; "-" = stdin
  std::string name_template = "{dir}/{stem}.{ext}";
  int shard_index = -1;  // -1: from the environment, else 0
  int shard_count = 0;
  bool list_only = false;
  bool skip_existing = false;
  bool force = false;
  int jobs = 0;                // 0 = cores
  uint64_t memory_budget = 0;  // bytes; 0 = 3/4 of Limits::max_memory_bytes
  std::string report;          // JSON-lines report file; empty = none
  bool json = false;           // report on stdout
  bool quiet = false;
  std::string styles;  // JSON styles file
  std::string limits = "oss";
  // SRC and DST may be oss://bucket/prefix/ (docs/batch.md); the client's
  // settings.
  OssFlags oss;
};

// Parses "I/N".
bool ParseShard(const std::string& s, int* index, int* count);

// Runs the batch; returns the exit code (0 all ok or skipped, 1 usage, 2 some
// items failed for good, 3 some failed transiently, 130 interrupted).
int RunBatch(const BatchConfig& config);

}  // namespace ossimg::cli

#endif  // OSSIMG_SRC_CLI_BATCH_H_
