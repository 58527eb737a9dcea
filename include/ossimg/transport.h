// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// OSS request signing: Signature V1 (HMAC-SHA1) and V4 (OSS4-HMAC-SHA256), for
// headers and presigned URLs, exactly as OSS canonicalises requests
// (docs/compat.md, "OSS protocol"). The same functions sign requests in the OSS
// client and verify them in `ossimg serve`. Common principles:
// - Keys, query names and values are raw (decoded) UTF-8; the functions encode
// as the protocol
//   requires.
// - A query parameter without a value (`?x-oss-process`, `?acl`) has `value ==
// std::nullopt`;
//   one with an empty value (`?x-oss-process=`) is treated the same, as OSS
//   does.
// - Header names are matched case-insensitively; values are trimmed.

#ifndef OSSIMG_TRANSPORT_H_
#define OSSIMG_TRANSPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ossimg/export.h"

namespace ossimg::oss {

struct Credentials {
  std::string access_key_id;
  std::string access_key_secret;
  std::string security_token;  // STS; empty when not used
};

struct Request {
  std::string method;  // upper case: GET, PUT, HEAD, DELETE, POST
  std::string bucket;  // empty for service-level requests
  std::string key;     // raw UTF-8 object key; empty for bucket-level requests
  std::vector<std::pair<std::string, std::optional<std::string>>> query;
  std::vector<std::pair<std::string, std::string>> headers;

  // The value of a header (case-insensitive name), or nullopt.
  std::optional<std::string> Header(std::string_view name) const;
  // The value of a query parameter (exact name), or nullopt when absent; ""
  // when valueless.
  std::optional<std::string> Query(std::string_view name) const;
};

// ---- Signature V1
// --------------------------------------------------------------------------

// True for the query parameters V1 signs (acl, x-oss-process,
// response-content-type, ...).
OSSIMG_EXPORT bool IsV1SubResource(std::string_view name);

// VERB, Content-MD5, Content-Type, `date` (x-oss-date/Date for headers, Expires
// for presigned URLs), the x-oss-* headers and the canonical resource, joined
// as V1 requires.
OSSIMG_EXPORT std::string V1StringToSign(const Request& req,
                                         std::string_view date);
// base64(HMAC-SHA1(secret, string_to_sign)).
OSSIMG_EXPORT std::string V1Signature(std::string_view secret,
                                      std::string_view string_to_sign);
// "OSS <AccessKeyId>:<Signature>", with the date taken from x-oss-date, else
// Date.
OSSIMG_EXPORT std::string V1Authorization(const Request& req,
                                          const Credentials& creds);
// The query string of a V1 presigned URL for `req` (its own query parameters
// first, then OSSAccessKeyId, Expires, Signature and, with STS,
// security-token), percent-encoded.
OSSIMG_EXPORT std::string V1PresignQuery(const Request& req,
                                         const Credentials& creds,
                                         int64_t expires_unix);

// ---- Signature V4
// --------------------------------------------------------------------------

// The canonical request: method, URI, query (all parameters but
// x-oss-signature), headers (content-type, content-md5, x-oss-*, and
// `additional_headers`), the additional header list, and the payload hash
// (x-oss-content-sha256, default UNSIGNED-PAYLOAD).
OSSIMG_EXPORT std::string V4CanonicalRequest(
    const Request& req, const std::vector<std::string>& additional_headers);
// "OSS4-HMAC-SHA256\n<datetime>\n<date>/<region>/oss/aliyun_v4_request\n<sha256
// hex>".
OSSIMG_EXPORT std::string V4StringToSign(std::string_view datetime,
                                         std::string_view region,
                                         std::string_view canonical_request);
// Lower-case hex HMAC-SHA256 with the key derived from secret, date, region,
// "oss".
OSSIMG_EXPORT std::string V4Signature(std::string_view secret,
                                      std::string_view datetime,
                                      std::string_view region,
                                      std::string_view string_to_sign);
// The Authorization header for a request that carries x-oss-date
// (YYYYMMDDTHHMMSSZ).
OSSIMG_EXPORT std::string V4Authorization(
    const Request& req, const Credentials& creds, std::string_view region,
    const std::vector<std::string>& additional_headers);
// The query string of a V4 presigned URL: `req`'s own parameters plus
// x-oss-signature-version, x-oss-credential, x-oss-date, x-oss-expires,
// (x-oss-security-token,) (x-oss-additional-headers) and x-oss-signature,
// percent-encoded.
OSSIMG_EXPORT std::string V4PresignQuery(
    const Request& req, const Credentials& creds, std::string_view region,
    std::string_view datetime, int64_t expires_seconds,
    const std::vector<std::string>& additional_headers);

// RFC 3986 percent-encoding (unreserved kept, everything else %XX upper case);
// `keep_slash` keeps '/' as is (object keys in paths).
OSSIMG_EXPORT std::string UriEncode(std::string_view s, bool keep_slash);

}  // namespace ossimg::oss

#endif  // OSSIMG_TRANSPORT_H_
