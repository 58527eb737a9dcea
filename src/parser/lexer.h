// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Splits a process string into actions and raw parameter tokens, keeping the
// byte offset of each so errors can point at the token. Knows the separators
// ('/', ',', '|') and the two prefixes
// ("image/", "style/"), nothing about individual actions.

#ifndef OSSIMG_SRC_PARSER_LEXER_H_
#define OSSIMG_SRC_PARSER_LEXER_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "ossimg/actions.h"
#include "ossimg/limits.h"
#include "ossimg/status.h"

namespace ossimg::parser {

struct RawParam {
  std::string_view
      text;           // never empty: empty parameters are dropped by the lexer
  size_t offset = 0;  // byte offset of text in the process string
};

struct RawAction {
  std::string_view name;
  size_t offset = 0;
  std::vector<RawParam> params;
};

struct RawProcess {
  ProcessSpec::Kind kind = ProcessSpec::Kind::kImage;
  std::string_view style;  // for kStyle
  size_t style_offset = 0;
  std::vector<RawAction>
      actions;  // of every image stage; empty actions are dropped
  std::vector<size_t>
      segment_starts;  // index in `actions` where each later "|image/" starts
  std::vector<RawAction>
      sys;  // "|sys/<name>,..." segments, name without "sys/"
};

// `base_offset` is added to every offset (used for nested process strings
// inside a watermark, so offsets stay meaningful as positions in the decoded
// parameter).
Status Lex(std::string_view process, const Limits& limits, size_t base_offset,
           RawProcess* out);

}  // namespace ossimg::parser

#endif  // OSSIMG_SRC_PARSER_LEXER_H_
