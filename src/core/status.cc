// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "ossimg/status.h"

#include <cstddef>

namespace ossimg {
namespace {

// Indexed by StatusCode. The OSS code words and HTTP statuses follow OSS's
// error table (docs/compat.md, "Errors"); exit codes follow
// docs/architecture.md.
constexpr StatusCodeInfo kInfo[] = {
    {"OK", "OK", 200, 0},
    {"InvalidArgument", "InvalidArgument", 400, 2},
    {"BadRequest", "BadRequest", 400, 2},
    {"MissingArgument", "MissingArgument", 400, 2},
    {"ImageTooLarge", "ImageTooLarge", 400, 2},
    {"WatermarkError", "WatermarkError", 400, 2},
    {"Unsupported", "BadRequest", 400, 2},
    {"CorruptInput", "BadRequest", 400, 2},
    {"NotFound", "NoSuchKey", 404, 2},
    {"NoSuchBucket", "NoSuchBucket", 404, 2},
    {"NoSuchStyle", "NoSuchStyle", 404, 2},
    {"AccessDenied", "AccessDenied", 403, 2},
    {"SignatureDoesNotMatch", "SignatureDoesNotMatch", 403, 2},
    {"InvalidRequest", "InvalidRequest", 400, 2},
    {"Transient", "ServiceUnavailable", 503, 3},
    {"IoError", "InternalError", 500, 2},
    {"Cancelled", "InternalError", 500, 130},
    {"Internal", "InternalError", 500, 2},
};
static_assert(sizeof(kInfo) / sizeof(kInfo[0]) ==
                  static_cast<size_t>(StatusCode::kInternal) + 1,
              "one kInfo row per StatusCode");

}  // namespace

const StatusCodeInfo& GetStatusCodeInfo(StatusCode code) {
  size_t i = static_cast<size_t>(code);
  if (i >= sizeof(kInfo) / sizeof(kInfo[0]))
    i = static_cast<size_t>(StatusCode::kInternal);
  return kInfo[i];
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string s = oss_code();
  s += ": ";
  s += message_;
  if (!ec_.empty()) {
    s += " (EC ";
    s += ec_;
    s += ")";
  }
  return s;
}

}  // namespace ossimg
