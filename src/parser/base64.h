// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Base64 as OSS parameters use it: the URL-safe alphabet without padding is
// documented, but live OSS also takes the URL-safe alphabet with '=' padding
// and the standard alphabet ('+', '/') with padding (docs/compat.md), so the
// decoder takes all of them.

#ifndef OSSIMG_SRC_PARSER_BASE64_H_
#define OSSIMG_SRC_PARSER_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace ossimg::parser {

// Decodes either alphabet, padded or not. Returns nullopt for a character
// outside both alphabets, a length that cannot come from base64 (4k+1), or '='
// anywhere but the end.
std::optional<std::string> DecodeBase64(std::string_view in);

// URL-safe alphabet, no padding: what OSS documents and what ossimg emits.
std::string EncodeBase64Url(std::string_view in);

}  // namespace ossimg::parser

#endif  // OSSIMG_SRC_PARSER_BASE64_H_
