// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "transport/verify.h"

#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include <openssl/crypto.h>

namespace ossimg::oss {
namespace {

constexpr std::string_view kV4Algorithm = "OSS4-HMAC-SHA256";

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

// Constant time, so a signature cannot be guessed byte by byte from timings.
bool SameSignature(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string BytesHex(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += ' ';
    const unsigned char c = static_cast<unsigned char>(s[i]);
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

AuthError Error(std::string code, int http, std::string message,
                std::string ec = "") {
  AuthError e;
  e.code = std::move(code);
  e.http_status = http;
  e.message = std::move(message);
  e.ec = std::move(ec);
  return e;
}

AuthError Mismatch(std::string access_key_id, std::string provided,
                   std::string string_to_sign, std::string canonical) {
  AuthError e = Error("SignatureDoesNotMatch", 403,
                      "The request signature we calculated does not match the "
                      "signature you provided. Check your key and signing "
                      "method.",
                      "0002-00000040");
  e.access_key_id = std::move(access_key_id);
  e.signature_provided = std::move(provided);
  e.string_to_sign = std::move(string_to_sign);
  e.canonical_request = std::move(canonical);
  return e;
}

std::optional<AuthError> CheckSkew(int64_t request_time,
                                   const VerifyOptions& options) {
  const int64_t d = request_time - options.now_unix;
  if (d > options.max_skew_seconds || -d > options.max_skew_seconds) {
    return Error("RequestTimeTooSkewed", 403,
                 "The difference between the request time and the current "
                 "time is too large.");
  }
  return std::nullopt;
}

std::optional<AuthError> VerifyV1Header(const Request& req,
                                        const Credentials& creds,
                                        const VerifyOptions& options) {
  const std::string auth = Trim(req.Header("authorization").value_or(""));
  const size_t colon = auth.rfind(':');
  if (auth.compare(0, 4, "OSS ") != 0 || colon == std::string::npos) {
    return Error("InvalidArgument", 400, "Authorization header is invalid.");
  }
  const std::string id = Trim(auth.substr(4, colon - 4));
  const std::string provided = auth.substr(colon + 1);
  // OSS takes x-oss-date over Date when both are present.
  const std::string date =
      Trim(req.Header("x-oss-date").value_or(req.Header("date").value_or("")));
  const std::optional<int64_t> t = ParseHttpDate(date);
  if (!t) {
    return Error("AccessDenied", 403,
                 "Request has no valid Date or x-oss-date header.");
  }
  if (auto e = CheckSkew(*t, options)) return e;
  if (id != creds.access_key_id) {
    return Error("InvalidAccessKeyId", 403,
                 "The OSS Access Key Id you provided does not exist in our "
                 "records.");
  }
  const std::string sts = V1StringToSign(req, date);
  if (!SameSignature(provided, V1Signature(creds.access_key_secret, sts))) {
    AuthError e = Mismatch(id, provided, sts, "");
    e.canonical_request = "";
    e.message += " StringToSignBytes: " + BytesHex(sts);
    return e;
  }
  return std::nullopt;
}

std::optional<AuthError> VerifyV1Presign(const Request& req,
                                         const Credentials& creds,
                                         const VerifyOptions& options) {
  const std::string id = req.Query("OSSAccessKeyId").value_or("");
  const std::string expires = req.Query("Expires").value_or("");
  const std::string provided = req.Query("Signature").value_or("");
  const std::optional<int64_t> t = ParseInt(expires);
  if (!t) return Error("AccessDenied", 403, "Expires is not a number.");
  if (*t < options.now_unix) {
    return Error("AccessDenied", 403, "Request has expired.");
  }
  if (id != creds.access_key_id) {
    return Error("InvalidAccessKeyId", 403,
                 "The OSS Access Key Id you provided does not exist in our "
                 "records.");
  }
  // OSSAccessKeyId, Expires and Signature are not sub-resources, so the
  // string to sign leaves them out by itself.
  const std::string sts = V1StringToSign(req, expires);
  if (!SameSignature(provided, V1Signature(creds.access_key_secret, sts))) {
    return Mismatch(id, provided, sts, "");
  }
  return std::nullopt;
}

// "<id>/<yyyymmdd>/<region>/oss/aliyun_v4_request", checked against the date
// and region the server expects.
std::optional<AuthError> CheckCredential(std::string_view credential,
                                         std::string_view datetime,
                                         const Credentials& creds,
                                         const VerifyOptions& options) {
  const std::vector<std::string> parts = Split(credential, '/');
  if (parts.size() != 5 || parts[3] != "oss" ||
      parts[4] != "aliyun_v4_request") {
    return Error("InvalidArgument", 400,
                 "Invalid credential: " + std::string(credential));
  }
  if (parts[1] != datetime.substr(0, 8)) {
    return Error("InvalidArgument", 400,
                 "Invalid credential date: it must be the date of x-oss-date.");
  }
  if (parts[2] != options.region) {
    return Error("InvalidArgument", 400,
                 "Invalid signing region in credential: expected " +
                     options.region + ", got " + parts[2] + ".");
  }
  if (parts[0] != creds.access_key_id) {
    return Error("InvalidAccessKeyId", 403,
                 "The OSS Access Key Id you provided does not exist in our "
                 "records.");
  }
  return std::nullopt;
}

std::optional<AuthError> CheckAdditional(std::string_view list,
                                         std::vector<std::string>* out) {
  // An empty list or an empty item is refused by OSS (EC 0002-00000209/210).
  if (list.empty()) {
    return Error("InvalidArgument", 400, "AdditionalHeaders is empty.");
  }
  for (const std::string& h : Split(list, ';')) {
    if (h.empty()) {
      return Error("InvalidArgument", 400,
                   "AdditionalHeaders has an empty header name.");
    }
    out->push_back(h);
  }
  return std::nullopt;
}

std::optional<AuthError> VerifyV4Header(const Request& req,
                                        const Credentials& creds,
                                        const VerifyOptions& options) {
  const std::string auth = Trim(req.Header("authorization").value_or(""));
  std::string credential, provided;
  std::vector<std::string> additional;
  // SDKs differ in spacing and order (Python writes ", " and puts
  // AdditionalHeaders last): split on ',', trim, accept any order.
  for (const std::string& raw : Split(auth.substr(kV4Algorithm.size()), ',')) {
    const std::string item = Trim(raw);
    const size_t eq = item.find('=');
    if (eq == std::string::npos) {
      return Error("InvalidArgument", 400, "Authorization header is invalid.");
    }
    const std::string name = item.substr(0, eq);
    const std::string value = item.substr(eq + 1);
    if (name == "Credential") {
      credential = value;
    } else if (name == "Signature") {
      provided = value;
    } else if (name == "AdditionalHeaders") {
      if (auto e = CheckAdditional(value, &additional)) return e;
    } else {
      return Error("InvalidArgument", 400,
                   "Authorization header has an unknown field " + name + ".");
    }
  }
  if (credential.empty() || provided.empty()) {
    return Error("InvalidArgument", 400,
                 "Authorization header lacks Credential or Signature.");
  }
  const std::string datetime = Trim(req.Header("x-oss-date").value_or(""));
  const std::optional<int64_t> t = ParseIso8601Basic(datetime);
  if (!t) {
    return Error("AccessDenied", 403,
                 "V4 requests need an x-oss-date header (YYYYMMDDTHHMMSSZ).");
  }
  if (auto e = CheckSkew(*t, options)) return e;
  if (auto e = CheckCredential(credential, datetime, creds, options)) return e;
  const std::string canonical = V4CanonicalRequest(req, additional);
  const std::string sts = V4StringToSign(datetime, options.region, canonical);
  if (!SameSignature(provided, V4Signature(creds.access_key_secret, datetime,
                                           options.region, sts))) {
    return Mismatch(creds.access_key_id, provided, sts, canonical);
  }
  return std::nullopt;
}

std::optional<AuthError> VerifyV4Presign(const Request& req,
                                         const Credentials& creds,
                                         const VerifyOptions& options) {
  const std::string datetime = req.Query("x-oss-date").value_or("");
  const std::optional<int64_t> t = ParseIso8601Basic(datetime);
  if (!t) return Error("AccessDenied", 403, "x-oss-date is invalid.");
  // A duration in seconds from x-oss-date (every SDK and the main doc).
  const std::optional<int64_t> expires =
      ParseInt(req.Query("x-oss-expires").value_or(""));
  if (!expires || *expires < 1 || *expires > 604800) {
    return Error("InvalidArgument", 400,
                 "x-oss-expires must be between 1 and 604800 seconds.");
  }
  if (*t - options.now_unix > options.max_skew_seconds) {
    return Error("AccessDenied", 403,
                 "Request is not valid yet: x-oss-date is in the future.");
  }
  if (*t + *expires < options.now_unix) {
    return Error("AccessDenied", 403, "Request has expired.");
  }
  if (auto e = CheckCredential(req.Query("x-oss-credential").value_or(""),
                               datetime, creds, options)) {
    return e;
  }
  std::vector<std::string> additional;
  if (const auto list = req.Query("x-oss-additional-headers")) {
    if (auto e = CheckAdditional(*list, &additional)) return e;
  }
  const std::string provided = req.Query("x-oss-signature").value_or("");
  const std::string canonical = V4CanonicalRequest(req, additional);
  const std::string sts = V4StringToSign(datetime, options.region, canonical);
  if (!SameSignature(provided, V4Signature(creds.access_key_secret, datetime,
                                           options.region, sts))) {
    return Mismatch(creds.access_key_id, provided, sts, canonical);
  }
  return std::nullopt;
}

int MonthIndex(std::string_view m) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (m == kMonths[i]) return i;
  }
  return -1;
}

std::optional<int64_t> FromTm(int year, int mon, int day, int h, int m, int s) {
  if (year < 1970 || year > 9999 || mon < 0 || mon > 11 || day < 1 ||
      day > 31 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = day;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

AuthScheme DetectAuthScheme(const Request& req) {
  if (const auto auth = req.Header("authorization")) {
    const std::string a = Trim(*auth);
    if (a.compare(0, kV4Algorithm.size(), kV4Algorithm) == 0) {
      return AuthScheme::kV4Header;
    }
    return AuthScheme::kV1Header;
  }
  if (req.Query("x-oss-signature-version") || req.Query("x-oss-signature")) {
    return AuthScheme::kV4Presign;
  }
  if (req.Query("Signature") || req.Query("OSSAccessKeyId")) {
    return AuthScheme::kV1Presign;
  }
  return AuthScheme::kNone;
}

std::optional<AuthError> VerifyRequest(const Request& req,
                                       const Credentials& creds,
                                       const VerifyOptions& options) {
  switch (DetectAuthScheme(req)) {
    case AuthScheme::kNone:
      return Error("AccessDenied", 403,
                   "AccessDenied: anonymous access is not allowed.");
    case AuthScheme::kV1Header:
      return VerifyV1Header(req, creds, options);
    case AuthScheme::kV4Header:
      return VerifyV4Header(req, creds, options);
    case AuthScheme::kV1Presign:
      return VerifyV1Presign(req, creds, options);
    case AuthScheme::kV4Presign:
      if (req.Query("x-oss-signature-version").value_or("") != kV4Algorithm) {
        return Error("InvalidArgument", 400,
                     "x-oss-signature-version must be OSS4-HMAC-SHA256.");
      }
      return VerifyV4Presign(req, creds, options);
  }
  return Error("AccessDenied", 403, "Unknown authorization scheme.");
}

std::optional<int64_t> ParseHttpDate(std::string_view s) {
  // "Tue, 02 Jan 2024 03:04:05 GMT"
  char wday[4] = {}, mon[4] = {}, zone[4] = {};
  int day = 0, year = 0, h = 0, m = 0, sec = 0, n = 0;
  const std::string str(s);
  if (std::sscanf(str.c_str(), "%3[A-Za-z], %d %3[A-Za-z] %d %d:%d:%d %3s%n",
                  wday, &day, mon, &year, &h, &m, &sec, zone, &n) != 8 ||
      static_cast<size_t>(n) != str.size() || std::strcmp(zone, "GMT") != 0) {
    return std::nullopt;
  }
  return FromTm(year, MonthIndex(mon), day, h, m, sec);
}

std::optional<int64_t> ParseIso8601Basic(std::string_view s) {
  // "20240102T030405Z"
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  const auto num = [&](size_t pos, size_t len) {
    return ParseInt(s.substr(pos, len)).value_or(-1);
  };
  return FromTm(static_cast<int>(num(0, 4)), static_cast<int>(num(4, 2)) - 1,
                static_cast<int>(num(6, 2)), static_cast<int>(num(9, 2)),
                static_cast<int>(num(11, 2)), static_cast<int>(num(13, 2)));
}

std::string FormatHttpDate(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[128];
  std::snprintf(buf, sizeof(buf), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string FormatIso8601Basic(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%04d%02d%02dT%02d%02d%02dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace ossimg::oss
