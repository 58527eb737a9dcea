// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The digests and encodings the OSS protocol needs (OpenSSL underneath), shared by the signer,
// the verifier and the server.

#ifndef OSSIMG_SRC_TRANSPORT_DIGEST_H_
#define OSSIMG_SRC_TRANSPORT_DIGEST_H_

#include <string>
#include <string_view>

namespace ossimg::oss {

std::string HexLower(std::string_view bytes);
std::string Sha256Hex(std::string_view data);
std::string Md5Raw(std::string_view data);
std::string Base64Encode(std::string_view bytes);
// Standard padded base64; "" when malformed.
std::string Base64Decode(std::string_view b64);

}  // namespace ossimg::oss

#endif  // OSSIMG_SRC_TRANSPORT_DIGEST_H_
