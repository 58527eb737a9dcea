// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Small string helpers shared by the signer, the client and the server.

#ifndef OSSIMG_SRC_TRANSPORT_TEXT_H_
#define OSSIMG_SRC_TRANSPORT_TEXT_H_

#include <cctype>
#include <string>
#include <string_view>

namespace ossimg::transport_text {

// ASCII lower case (header names, hosts): never locale-dependent.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A dotted IPv4 address or a bracketed IPv6 one: such endpoints take path-style addressing.
inline bool IsIpLiteral(std::string_view host) {
  if (!host.empty() && host.front() == '[') return true;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

}  // namespace ossimg::transport_text

#endif  // OSSIMG_SRC_TRANSPORT_TEXT_H_
