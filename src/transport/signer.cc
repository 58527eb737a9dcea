// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// OSS Signature V1 and V4. Every rule here has a vector in
// tests/data/oss-vectors.tsv, reproduced by tests/transport/signer_test.cc.

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ossimg/transport.h"
#include "transport/digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "transport/text.h"

namespace ossimg::oss {
namespace {

using transport_text::Lower;

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

std::string Hmac(const EVP_MD* md, std::string_view key,
                 std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out;
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       out.data(), &len);
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}




// The union of the sub-resource lists of the official SDKs: a verifier must
// accept whatever any client signs (docs/compat.md, "OSS protocol").
const std::set<std::string, std::less<>>& SubResources() {
  static const auto* set =
      new std::set<std::string, std::less<>>{"acl",
                                             "uploads",
                                             "location",
                                             "cors",
                                             "logging",
                                             "website",
                                             "referer",
                                             "lifecycle",
                                             "delete",
                                             "append",
                                             "tagging",
                                             "objectMeta",
                                             "uploadId",
                                             "partNumber",
                                             "security-token",
                                             "position",
                                             "img",
                                             "style",
                                             "styleName",
                                             "replication",
                                             "replicationProgress",
                                             "replicationLocation",
                                             "cname",
                                             "bucketInfo",
                                             "comp",
                                             "qos",
                                             "live",
                                             "status",
                                             "vod",
                                             "startTime",
                                             "endTime",
                                             "symlink",
                                             "x-oss-process",
                                             "response-content-type",
                                             "response-content-language",
                                             "response-expires",
                                             "response-cache-control",
                                             "response-content-disposition",
                                             "response-content-encoding",
                                             "x-oss-traffic-limit",
                                             "udf",
                                             "udfName",
                                             "udfImage",
                                             "udfId",
                                             "udfImageDesc",
                                             "udfApplication",
                                             "udfApplicationLog",
                                             "restore",
                                             "callback",
                                             "callback-var",
                                             "qosInfo",
                                             "policy",
                                             "stat",
                                             "encryption",
                                             "versions",
                                             "versioning",
                                             "versionId",
                                             "requestPayment",
                                             "x-oss-request-payer",
                                             "sequential",
                                             "inventory",
                                             "inventoryId",
                                             "continuation-token",
                                             "asyncFetch",
                                             "worm",
                                             "wormId",
                                             "wormExtend",
                                             "withHashContext",
                                             "x-oss-enable-md5",
                                             "x-oss-enable-sha1",
                                             "x-oss-enable-sha256",
                                             "x-oss-hash-ctx",
                                             "x-oss-md5-ctx",
                                             "transferAcceleration",
                                             "regionList",
                                             "cloudboxes",
                                             "x-oss-ac-source-ip",
                                             "x-oss-ac-subnet-mask",
                                             "x-oss-ac-vpc-id",
                                             "x-oss-ac-forward-allow",
                                             "metaQuery",
                                             "resourceGroup",
                                             "rtc",
                                             "x-oss-async-process",
                                             "responseHeader",
                                             "objectInfo",
                                             "group",
                                             "link",
                                             "x-oss-write-get-object-response",
                                             "bucketArchiveDirectRead",
                                             "httpsConfig"};
  return *set;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// "/bucket/key", "/bucket/" or "/" (raw, for V1).
std::string ResourcePath(const Request& req) {
  if (req.bucket.empty()) return "/";
  return "/" + req.bucket + "/" + req.key;
}

std::string V4Scope(std::string_view datetime, std::string_view region) {
  return std::string(datetime.substr(0, 8)) + "/" + std::string(region) +
         "/oss/aliyun_v4_request";
}

std::vector<std::string> NormalisedAdditional(
    const Request& req, const std::vector<std::string>& additional) {
  std::vector<std::string> out;
  for (const std::string& h : additional) {
    const std::string l = Lower(Trim(h));
    // content-type, content-md5 and x-oss-* are signed anyway; listing them
    // again is dropped, as the SDKs do. Only headers the request carries can be
    // signed.
    if (l.empty() || l == "content-type" || l == "content-md5" ||
        StartsWith(l, "x-oss-")) {
      continue;
    }
    if (!req.Header(l)) continue;
    out.push_back(l);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

}  // namespace

std::optional<std::string> Request::Header(std::string_view name) const {
  const std::string want = Lower(name);
  for (const auto& [k, v] : headers) {
    if (Lower(k) == want) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v.value_or("");
  }
  return std::nullopt;
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool IsV1SubResource(std::string_view name) {
  return SubResources().find(name) != SubResources().end();
}

std::string V1StringToSign(const Request& req, std::string_view date) {
  std::string s = req.method + "\n";
  s += Trim(req.Header("content-md5").value_or("")) + "\n";
  s += Trim(req.Header("content-type").value_or("")) + "\n";
  s += std::string(date) + "\n";
  std::vector<std::pair<std::string, std::string>> oss_headers;
  for (const auto& [k, v] : req.headers) {
    const std::string l = Lower(Trim(k));
    if (StartsWith(l, "x-oss-")) oss_headers.emplace_back(l, Trim(v));
  }
  std::sort(oss_headers.begin(), oss_headers.end());
  for (const auto& [k, v] : oss_headers) s += k + ":" + v + "\n";
  s += ResourcePath(req);
  std::vector<std::pair<std::string, std::string>> sub;
  for (const auto& [k, v] : req.query) {
    if (IsV1SubResource(k)) sub.emplace_back(k, v.value_or(""));
  }
  std::sort(sub.begin(), sub.end());
  for (size_t i = 0; i < sub.size(); ++i) {
    s += i == 0 ? "?" : "&";
    s += sub[i].first;
    if (!sub[i].second.empty()) s += "=" + sub[i].second;
  }
  return s;
}

std::string V1Signature(std::string_view secret,
                        std::string_view string_to_sign) {
  return Base64Encode(Hmac(EVP_sha1(), secret, string_to_sign));
}

std::string V1Authorization(const Request& req, const Credentials& creds) {
  const std::string date =
      req.Header("x-oss-date").value_or(req.Header("date").value_or(""));
  return "OSS " + creds.access_key_id + ":" +
         V1Signature(creds.access_key_secret, V1StringToSign(req, Trim(date)));
}

std::string V1PresignQuery(const Request& req, const Credentials& creds,
                           int64_t expires_unix) {
  Request signed_req = req;
  if (!creds.security_token.empty()) {
    signed_req.query.emplace_back("security-token", creds.security_token);
  }
  const std::string expires = std::to_string(expires_unix);
  const std::string sig =
      V1Signature(creds.access_key_secret, V1StringToSign(signed_req, expires));
  std::vector<std::string> parts;
  parts.push_back("OSSAccessKeyId=" + UriEncode(creds.access_key_id, false));
  parts.push_back("Expires=" + expires);
  parts.push_back("Signature=" + UriEncode(sig, false));
  for (const auto& [k, v] : signed_req.query) {
    parts.push_back(UriEncode(k, false) +
                    (v ? "=" + UriEncode(*v, false) : ""));
  }
  return Join(parts, "&");
}

std::string V4CanonicalRequest(
    const Request& req, const std::vector<std::string>& additional_headers) {
  std::string s = req.method + "\n";
  s += UriEncode(req.bucket.empty() ? "/" : "/" + req.bucket + "/" + req.key,
                 true) +
       "\n";
  std::vector<std::pair<std::string, std::string>> q;
  for (const auto& [k, v] : req.query) {
    if (k == "x-oss-signature") continue;
    q.emplace_back(UriEncode(k, false), UriEncode(v.value_or(""), false));
  }
  std::sort(q.begin(), q.end());
  for (size_t i = 0; i < q.size(); ++i) {
    if (i) s += "&";
    s += q[i].first;
    if (!q[i].second.empty()) s += "=" + q[i].second;
  }
  s += "\n";
  const std::vector<std::string> additional =
      NormalisedAdditional(req, additional_headers);
  std::vector<std::pair<std::string, std::string>> h;
  for (const auto& [k, v] : req.headers) {
    const std::string l = Lower(Trim(k));
    if (l == "content-type" || l == "content-md5" || StartsWith(l, "x-oss-") ||
        std::binary_search(additional.begin(), additional.end(), l)) {
      h.emplace_back(l, Trim(v));
    }
  }
  std::sort(h.begin(), h.end());
  for (const auto& [k, v] : h) s += k + ":" + v + "\n";
  s += "\n" + Join(additional, ";") + "\n";
  s += Trim(req.Header("x-oss-content-sha256").value_or("UNSIGNED-PAYLOAD"));
  return s;
}

std::string V4StringToSign(std::string_view datetime, std::string_view region,
                           std::string_view canonical_request) {
  return "OSS4-HMAC-SHA256\n" + std::string(datetime) + "\n" +
         V4Scope(datetime, region) + "\n" + Sha256Hex(canonical_request);
}

std::string V4Signature(std::string_view secret, std::string_view datetime,
                        std::string_view region,
                        std::string_view string_to_sign) {
  const std::string k1 = Hmac(EVP_sha256(), "aliyun_v4" + std::string(secret),
                              datetime.substr(0, 8));
  const std::string k2 = Hmac(EVP_sha256(), k1, region);
  const std::string k3 = Hmac(EVP_sha256(), k2, "oss");
  const std::string k4 = Hmac(EVP_sha256(), k3, "aliyun_v4_request");
  return HexLower(Hmac(EVP_sha256(), k4, string_to_sign));
}

std::string V4Authorization(
    const Request& req, const Credentials& creds, std::string_view region,
    const std::vector<std::string>& additional_headers) {
  const std::string datetime = Trim(req.Header("x-oss-date").value_or(""));
  const std::string sts = V4StringToSign(
      datetime, region, V4CanonicalRequest(req, additional_headers));
  const std::vector<std::string> additional =
      NormalisedAdditional(req, additional_headers);
  std::string auth = "OSS4-HMAC-SHA256 Credential=" + creds.access_key_id +
                     "/" + V4Scope(datetime, region);
  if (!additional.empty())
    auth += ",AdditionalHeaders=" + Join(additional, ";");
  auth += ",Signature=" +
          V4Signature(creds.access_key_secret, datetime, region, sts);
  return auth;
}

std::string V4PresignQuery(const Request& req, const Credentials& creds,
                           std::string_view region, std::string_view datetime,
                           int64_t expires_seconds,
                           const std::vector<std::string>& additional_headers) {
  Request signed_req = req;
  signed_req.query.emplace_back("x-oss-signature-version", "OSS4-HMAC-SHA256");
  signed_req.query.emplace_back(
      "x-oss-credential",
      creds.access_key_id + "/" + V4Scope(datetime, region));
  signed_req.query.emplace_back("x-oss-date", std::string(datetime));
  signed_req.query.emplace_back("x-oss-expires",
                                std::to_string(expires_seconds));
  if (!creds.security_token.empty()) {
    signed_req.query.emplace_back("x-oss-security-token", creds.security_token);
  }
  const std::vector<std::string> additional =
      NormalisedAdditional(req, additional_headers);
  if (!additional.empty()) {
    signed_req.query.emplace_back("x-oss-additional-headers",
                                  Join(additional, ";"));
  }
  const std::string sts = V4StringToSign(
      datetime, region, V4CanonicalRequest(signed_req, additional));
  signed_req.query.emplace_back(
      "x-oss-signature",
      V4Signature(creds.access_key_secret, datetime, region, sts));
  std::vector<std::string> parts;
  for (const auto& [k, v] : signed_req.query) {
    parts.push_back(UriEncode(k, false) +
                    (v ? "=" + UriEncode(*v, false) : ""));
  }
  return Join(parts, "&");
}

}  // namespace ossimg::oss
