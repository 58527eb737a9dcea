// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "transport/digest.h"

#include <openssl/evp.h>

namespace ossimg::oss {

std::string HexLower(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

namespace {
std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out), len);
}
}  // namespace

std::string Sha256Hex(std::string_view data) { return HexLower(Digest(EVP_sha256(), data)); }

std::string Md5Raw(std::string_view data) { return Digest(EVP_md5(), data); }

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Base64Decode(std::string_view b64) {
  if (b64.size() % 4 != 0) return "";
  std::string out(b64.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  if (n < 0) return "";
  out.resize(static_cast<size_t>(n));
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (size_t i = b64.size(); i > 0 && b64[i - 1] == '=' && !out.empty(); --i) out.pop_back();
  return out;
}

}  // namespace ossimg::oss
