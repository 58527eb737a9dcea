// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "parser/lexer.h"

#include <string>

#include "parser/errors.h"

namespace ossimg::parser {
namespace {

constexpr std::string_view kImagePrefix = "image/";
constexpr std::string_view kStylePrefix = "style/";
constexpr std::string_view kSysPrefix = "sys/";
constexpr size_t kMaxPipes = 5;

bool IsStyleNameChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-';
}

// Splits "name,p1,p2" (starting at `offset`) into a RawAction. Empty parameters
// are dropped: live OSS accepts a trailing ',' (docs/compat.md).
RawAction LexAction(std::string_view text, size_t offset) {
  RawAction a;
  size_t comma = text.find(',');
  a.name = text.substr(0, comma);
  a.offset = offset;
  while (comma != std::string_view::npos) {
    const size_t start = comma + 1;
    comma = text.find(',', start);
    const std::string_view p = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos
                                               : comma - start);
    if (!p.empty()) a.params.push_back(RawParam{p, offset + start});
  }
  return a;
}

// Lexes the actions of one "image/..." segment (without its prefix) starting at
// `offset`.
Status LexImageActions(std::string_view body, size_t offset,
                       const Limits& limits, RawProcess* out) {
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t slash = body.find('/', pos);
    if (slash == std::string_view::npos) slash = body.size();
    const std::string_view seg = body.substr(pos, slash - pos);
    // Empty segments ("image/resize,w_1/" or "a//b") are ignored, as live OSS
    // ignores the trailing one; a process with no action left is EC-212,
    // decided by the binder.
    if (!seg.empty()) {
      if (out->actions.size() >= static_cast<size_t>(limits.max_actions)) {
        return GrammarError("", offset + pos,
                            "The process has more than " +
                                std::to_string(limits.max_actions) +
                                " actions.");
      }
      out->actions.push_back(LexAction(seg, offset + pos));
    }
    pos = slash + 1;
  }
  return Status();
}

}  // namespace

Status Lex(std::string_view process, const Limits& limits, size_t base_offset,
           RawProcess* out) {
  *out = RawProcess();
  if (process.size() > limits.max_process_bytes) {
    return GrammarError("", base_offset + limits.max_process_bytes,
                        "The process string is longer than " +
                            std::to_string(limits.max_process_bytes) +
                            " bytes.");
  }
  // Segments are separated by '|': the first is "image/..." or "style/...",
  // later ones are more "image/..." stages and finally "sys/..." actions. OSS
  // allows at most 5 pipes (EC-211).
  size_t pipes = 0;
  for (char c : process) pipes += c == '|';
  if (pipes > kMaxPipes) {
    return GrammarError("211", base_offset + process.find('|'),
                        "The process has more than " +
                            std::to_string(kMaxPipes) + " pipes ('|').");
  }
  size_t start = 0;
  bool first = true;
  while (start <= process.size()) {
    size_t bar = process.find('|', start);
    if (bar == std::string_view::npos) bar = process.size();
    const std::string_view seg = process.substr(start, bar - start);
    const size_t off = base_offset + start;
    if (seg.substr(0, kImagePrefix.size()) == kImagePrefix) {
      if (!out->sys.empty()) {
        return GrammarError("", off,
                            "An image stage cannot follow a system action.");
      }
      if (!first) out->segment_starts.push_back(out->actions.size());
      OSSIMG_RETURN_IF_ERROR(LexImageActions(seg.substr(kImagePrefix.size()),
                                             off + kImagePrefix.size(), limits,
                                             out));
    } else if (first && seg.substr(0, kStylePrefix.size()) == kStylePrefix) {
      out->kind = ProcessSpec::Kind::kStyle;
      out->style = seg.substr(kStylePrefix.size());
      out->style_offset = off + kStylePrefix.size();
      // OSS style names: 1-63 characters of [0-9A-Za-z_.-].
      if (out->style.empty() || out->style.size() > 63) {
        return GrammarError("", out->style_offset,
                            "The style name must be 1 to 63 characters long.");
      }
      for (size_t i = 0; i < out->style.size(); ++i) {
        if (!IsStyleNameChar(out->style[i])) {
          return GrammarError(
              "", out->style_offset + i,
              "The style name may contain only letters, digits, '_', '.' and "
              "'-'.");
        }
      }
    } else if (!first && seg.substr(0, kSysPrefix.size()) == kSysPrefix) {
      out->sys.push_back(
          LexAction(seg.substr(kSysPrefix.size()), off + kSysPrefix.size()));
    } else if (first) {
      return GrammarError(
          "", off, "The process must start with \"image/\" or \"style/\".");
    } else {
      return GrammarError("", off,
                          "A segment after '|' must be \"image/...\" or a "
                          "system action such as "
                          "\"sys/saveas\".");
    }
    first = false;
    start = bar + 1;
  }
  return Status();
}

}  // namespace ossimg::parser
