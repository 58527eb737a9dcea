// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Status and StatusOr: how every ossimg function reports failure. No exception
// crosses the public API. A Status carries a StatusCode, a message, and for OSS
// grammar errors the OSS error number
// ("0040-00000212") and the byte offset in the process string where the problem
// starts.
//
// One table (StatusCodeInfo) maps each code to the OSS error code word
// (InvalidArgument, BadRequest, ...), the HTTP status the OSS endpoint answers
// with, and the CLI exit code, so the library, the CLI and the server always
// agree.

#ifndef OSSIMG_STATUS_H_
#define OSSIMG_STATUS_H_

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "ossimg/export.h"

namespace ossimg {

enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument,  // a process string or parameter OSS refuses (400)
  kBadRequest,  // OSS's BadRequest: crop origin outside, rotate too big, bad
                // base64
  kMissingArgument,  // a required request argument is absent (400)
  kImageTooLarge,    // source or output beyond the limits (400)
  kWatermarkError,   // a watermark object is missing or unreadable (400)
  kUnsupported,      // a format or feature this build cannot handle (400
                     // BadRequest)
  kCorruptInput,     // bytes that do not decode as the format they claim (400
                     // BadRequest)
  kNotFound,         // no such object (404 NoSuchKey)
  kNoSuchBucket,     // 404
  kNoSuchStyle,      // 404
  kAccessDenied,     // 403
  kSignatureDoesNotMatch,  // 403
  kInvalidRequest,  // malformed HTTP-level request, e.g. a POST with no process
                    // (400)
  kTransient,       // network failure, throttling: retrying may help (503)
  kIoError,         // local file system failure (500)
  kCancelled,       // interrupted by a signal or a deadline (500)
  kInternal,        // a bug in ossimg (500)
};

// Static facts about a StatusCode, shared by library, CLI and server.
struct StatusCodeInfo {
  const char* name;      // our own name, e.g. "InvalidArgument"
  const char* oss_code;  // the <Code> word OSS puts in its XML error body
  int http_status;       // what the OSS endpoint answers with
  int exit_code;  // what the `ossimg` CLI exits with (docs/architecture.md)
};
OSSIMG_EXPORT const StatusCodeInfo& GetStatusCodeInfo(StatusCode code);

class [[nodiscard]] OSSIMG_EXPORT Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}
  Status(StatusCode code, std::string message, std::string oss_ec,
         int64_t offset)
      : code_(code),
        message_(std::move(message)),
        ec_(std::move(oss_ec)),
        offset_(offset) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The OSS error number without the "EC " prefix, e.g. "0040-00000212"; empty
  // when OSS documents none for this error.
  const std::string& ec() const { return ec_; }
  // Byte offset into the process string where the offending token starts, or
  // -1.
  int64_t offset() const { return offset_; }

  const char* oss_code() const { return GetStatusCodeInfo(code_).oss_code; }
  int http_status() const { return GetStatusCodeInfo(code_).http_status; }
  int exit_code() const { return GetStatusCodeInfo(code_).exit_code; }

  // "InvalidArgument: message (EC 0040-00000212)"; "OK" when ok().
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string ec_;
  int64_t offset_ = -1;
};

// Shorthands for the common error constructors.
inline Status InvalidArgumentError(std::string msg) {
  return Status(StatusCode::kInvalidArgument, std::move(msg));
}
inline Status CorruptInputError(std::string msg) {
  return Status(StatusCode::kCorruptInput, std::move(msg));
}
inline Status UnsupportedError(std::string msg) {
  return Status(StatusCode::kUnsupported, std::move(msg));
}
inline Status ImageTooLargeError(std::string msg) {
  return Status(StatusCode::kImageTooLarge, std::move(msg));
}
inline Status IoError(std::string msg) {
  return Status(StatusCode::kIoError, std::move(msg));
}
inline Status InternalError(std::string msg) {
  return Status(StatusCode::kInternal, std::move(msg));
}

// Either a T or a non-OK Status. Accessing the value of an error StatusOr
// aborts: that is a programming error, not an input error.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status)
      : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok())
      status_ =
          Status(StatusCode::kInternal, "StatusOr built from an OK Status");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  const T& value() const& { return CheckedValue(); }
  T& value() & { return CheckedValue(); }
  T&& value() && { return std::move(CheckedValue()); }
  const T& operator*() const& { return CheckedValue(); }
  T& operator*() & { return CheckedValue(); }
  T&& operator*() && { return std::move(CheckedValue()); }
  const T* operator->() const { return &CheckedValue(); }
  T* operator->() { return &CheckedValue(); }

 private:
  T& CheckedValue() {
    if (!value_) std::abort();
    return *value_;
  }
  const T& CheckedValue() const {
    if (!value_) std::abort();
    return *value_;
  }
  Status status_;
  std::optional<T> value_;
};

}  // namespace ossimg

#define OSSIMG_STATUS_CONCAT_INNER(a, b) a##b
#define OSSIMG_STATUS_CONCAT(a, b) OSSIMG_STATUS_CONCAT_INNER(a, b)

// Returns from the current function when `expr` (a Status) is not OK.
#define OSSIMG_RETURN_IF_ERROR(expr)                         \
  do {                                                       \
    ::ossimg::Status ossimg_status_tmp_ = (expr);            \
    if (!ossimg_status_tmp_.ok()) return ossimg_status_tmp_; \
  } while (0)

// `OSSIMG_ASSIGN_OR_RETURN(auto x, FunctionReturningStatusOr());`
#define OSSIMG_ASSIGN_OR_RETURN(lhs, expr) \
  OSSIMG_ASSIGN_OR_RETURN_IMPL(            \
      OSSIMG_STATUS_CONCAT(ossimg_statusor_, __LINE__), lhs, expr)
#define OSSIMG_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();     \
  lhs = std::move(tmp).value()

#endif  // OSSIMG_STATUS_H_
