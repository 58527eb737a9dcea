// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "parser/base64.h"

#include <array>
#include <cstdint>

namespace ossimg::parser {
namespace {

constexpr char kUrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// 0..63 for a character of either alphabet, -1 otherwise.
constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i)
    t[static_cast<uint8_t>(kUrlAlphabet[i])] = static_cast<int8_t>(i);
  t['+'] = 62;
  t['/'] = 63;
  return t;
}
constexpr std::array<int8_t, 256> kDecode = MakeDecodeTable();

}  // namespace

std::optional<std::string> DecodeBase64(std::string_view in) {
  // Up to two '=' of padding at the very end; the padded length must then be a
  // multiple of 4.
  size_t pad = 0;
  while (pad < 2 && pad < in.size() && in[in.size() - 1 - pad] == '=') ++pad;
  if (pad > 0 && in.size() % 4 != 0) return std::nullopt;
  const std::string_view body = in.substr(0, in.size() - pad);
  if (body.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(body.size() / 4 * 3 + 2);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : body) {
    const int8_t v = kDecode[static_cast<uint8_t>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string EncodeBase64Url(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    acc = (acc << 8) | static_cast<uint8_t>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kUrlAlphabet[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kUrlAlphabet[(acc << (6 - bits)) & 0x3F]);
  return out;
}

}  // namespace ossimg::parser
