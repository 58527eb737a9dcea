// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "transport/xml.h"

#include <cstdlib>

namespace ossimg::oss {

namespace {

void AppendUtf8(unsigned long cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Finds the next element `name` from `from`: [inner_begin, inner_end), and
// the position after its end tag; false when there is none. An element
// written <name/> is empty.
bool Next(std::string_view xml, std::string_view name, size_t from,
          size_t* inner_begin, size_t* inner_end, size_t* after) {
  const std::string open = "<" + std::string(name);
  const std::string close = "</" + std::string(name) + ">";
  size_t pos = from;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    const size_t tag_end = pos + open.size();
    if (tag_end >= xml.size()) return false;
    const char c = xml[tag_end];
    if (c != '>' && c != ' ' && c != '/' && c != '\t' && c != '\n') {
      pos = tag_end;  // <CodeX> is not <Code>
      continue;
    }
    const size_t gt = xml.find('>', tag_end);
    if (gt == std::string_view::npos) return false;
    if (xml[gt - 1] == '/') {
      *inner_begin = *inner_end = gt + 1;
      *after = gt + 1;
      return true;
    }
    const size_t end = xml.find(close, gt + 1);
    if (end == std::string_view::npos) return false;
    *inner_begin = gt + 1;
    *inner_end = end;
    *after = end + close.size();
    return true;
  }
  return false;
}

}  // namespace

std::string XmlUnescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    const std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") {
      out += '&';
    } else if (ent == "lt") {
      out += '<';
    } else if (ent == "gt") {
      out += '>';
    } else if (ent == "quot") {
      out += '"';
    } else if (ent == "apos") {
      out += '\'';
    } else if (!ent.empty() && ent[0] == '#') {
      const std::string num(ent.substr(1));
      const bool hex = !num.empty() && (num[0] == 'x' || num[0] == 'X');
      AppendUtf8(
          std::strtoul(num.c_str() + (hex ? 1 : 0), nullptr, hex ? 16 : 10),
          &out);
    } else {
      out += s[i];
      continue;
    }
    i = semi;
  }
  return out;
}

std::string XmlText(std::string_view xml, std::string_view name) {
  size_t b = 0, e = 0, after = 0;
  if (!Next(xml, name, 0, &b, &e, &after)) return "";
  return XmlUnescape(xml.substr(b, e - b));
}

std::vector<std::string> XmlElements(std::string_view xml,
                                     std::string_view name) {
  std::vector<std::string> out;
  size_t pos = 0, b = 0, e = 0;
  while (Next(xml, name, pos, &b, &e, &pos))
    out.emplace_back(xml.substr(b, e - b));
  return out;
}

}  // namespace ossimg::oss
