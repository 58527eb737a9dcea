// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Verifying OSS request signatures on the server side: V1 and V4, in the
// Authorization header or in a presigned URL. The signatures themselves are
// recomputed with the same functions the client uses (include/ossimg/
// transport.h); this file adds what only a verifier needs: telling which
// scheme a request uses, parsing the Authorization header and the presign
// parameters, and the clock rules (15 minutes of skew, presign expiry).

#ifndef OSSIMG_SRC_TRANSPORT_VERIFY_H_
#define OSSIMG_SRC_TRANSPORT_VERIFY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ossimg/transport.h"

namespace ossimg::oss {

enum class AuthScheme {
  kNone,       // no Authorization header and no presign parameters
  kV1Header,   // Authorization: OSS <id>:<sig>
  kV4Header,   // Authorization: OSS4-HMAC-SHA256 Credential=...
  kV1Presign,  // ?OSSAccessKeyId=&Expires=&Signature=
  kV4Presign,  // ?x-oss-signature-version=OSS4-HMAC-SHA256&...
};

AuthScheme DetectAuthScheme(const Request& req);

// Why a request was refused, shaped like OSS's XML error: the code word, the
// HTTP status, a message, and for SignatureDoesNotMatch what the server signed
// (so a client author can diff it against their own string to sign).
struct AuthError {
  std::string code;  // SignatureDoesNotMatch, AccessDenied, ...
  int http_status = 403;
  std::string message;
  std::string ec;  // OSS error number when documented, else empty
  std::string access_key_id;
  std::string signature_provided;
  std::string string_to_sign;
  std::string canonical_request;  // V4 only
};

struct VerifyOptions {
  std::string region = "cn-hangzhou";  // V4 signing region
  int64_t now_unix = 0;                // the server's clock
  int64_t max_skew_seconds = 15 * 60;
};

// Checks `req` (raw decoded key, every query parameter, every header as
// received) against `creds`. Returns nullopt when the signature is valid and
// current; an AuthError otherwise. A request with AuthScheme::kNone is refused
// here; the caller decides whether anonymous access is allowed first.
std::optional<AuthError> VerifyRequest(const Request& req,
                                       const Credentials& creds,
                                       const VerifyOptions& options);

// RFC 1123 ("Tue, 02 Jan 2024 03:04:05 GMT") and ISO 8601 basic
// ("20240102T030405Z") times to Unix seconds; nullopt when malformed.
std::optional<int64_t> ParseHttpDate(std::string_view s);
std::optional<int64_t> ParseIso8601Basic(std::string_view s);
// Unix seconds to RFC 1123 GMT, and to ISO 8601 basic.
std::string FormatHttpDate(int64_t unix_seconds);
std::string FormatIso8601Basic(int64_t unix_seconds);

}  // namespace ossimg::oss

#endif  // OSSIMG_SRC_TRANSPORT_VERIFY_H_
