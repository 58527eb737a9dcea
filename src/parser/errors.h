// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// How the parser builds its errors. Per the decision recorded in docs/compat.md
// ("Errors"), every grammar or parameter error is InvalidArgument; BadRequest
// is kept for the three messages OSS documents with that code (see
// kNotBase64Message and the planner's two).

#ifndef OSSIMG_SRC_PARSER_ERRORS_H_
#define OSSIMG_SRC_PARSER_ERRORS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "ossimg/status.h"

namespace ossimg::parser {

// OSS's exact message for a parameter that is not valid base64.
inline constexpr const char kNotBase64Message[] =
    "Input is not base64 decoding.";

// `ec` is the three-digit OSS number ("212") or "" when OSS documents none.
inline Status GrammarError(std::string_view ec, size_t offset,
                           std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message),
                ec.empty() ? std::string() : "0040-00000" + std::string(ec),
                static_cast<int64_t>(offset));
}

inline Status NotBase64Error(std::string_view ec, size_t offset) {
  return Status(StatusCode::kBadRequest, kNotBase64Message,
                ec.empty() ? std::string() : "0040-00000" + std::string(ec),
                static_cast<int64_t>(offset));
}

}  // namespace ossimg::parser

#endif  // OSSIMG_SRC_PARSER_ERRORS_H_
