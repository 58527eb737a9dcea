// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Process string -> ParseProcess -> JSON. Checks, beyond "no crash": an error
// always carries an OSS code and an offset inside the input; a success
// serialises to JSON, and parsing is deterministic (the same input gives the
// same JSON).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ossimg/process.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096)
    return 0;  // long strings only repeat short ones; keep executions fast
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  ossimg::Limits limits;
  limits.max_process_bytes = 4096;
  const ossimg::StatusOr<ossimg::ProcessSpec> spec =
      ossimg::ParseProcess(in, limits);
  if (!spec.ok()) {
    const ossimg::Status& s = spec.status();
    if (s.code() != ossimg::StatusCode::kInvalidArgument &&
        s.code() != ossimg::StatusCode::kBadRequest) {
      std::abort();
    }
    if (s.offset() < 0 || static_cast<size_t>(s.offset()) > size) std::abort();
    if (s.message().empty()) std::abort();
    return 0;
  }
  const std::string json = ossimg::ProcessSpecToJson(*spec);
  const ossimg::StatusOr<ossimg::ProcessSpec> again =
      ossimg::ParseProcess(in, limits);
  if (!again.ok() || ossimg::ProcessSpecToJson(*again) != json) std::abort();
  return 0;
}
