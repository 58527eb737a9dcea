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
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ossimg/engine.h"
#include "ossimg/export.h"
#include "ossimg/status.h"

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


// ---- The OSS client
// ------------------------------------------------------------------------
//
// ObjectStore is what the CLI and `ossimg batch` read and write objects
// through; OssClient implements it over HTTP(S) with libcurl, loaded on first
// use (src/core/dynlib.h), so a process that never touches OSS never loads
// it. Errors: an OSS XML error becomes a Status whose oss_code() is OSS's
// <Code> (NoSuchKey, AccessDenied, ...) or, for codes without a StatusCode of
// their own (FileAlreadyExists, PreconditionFailed, InvalidRange, ...), whose
// message starts with it ("FileAlreadyExists: ..."); ec() is OSS's EC. 5xx answers,
// throttling (429, 503 SlowDown) and connection failures are retried with
// exponential backoff and full jitter, and when the retries run out they are
// StatusCode::kTransient (exit code 3); everything else is permanent.
// Credentials never appear in a Status message.

// Facts about an object (HeadObject, GetObject).
struct ObjectMeta {
  int64_t size = -1;  // Content-Length of the answer (the range for a 206)
  std::string etag;   // as sent, quotes included
  std::string content_type;
  std::string last_modified;
  // x-oss-meta-* headers, names lower-cased without the prefix.
  std::vector<std::pair<std::string, std::string>> user_meta;
  std::optional<std::string> UserMeta(std::string_view name) const;
};

struct GetOptions {
  // Bytes [range_begin, range_end] (inclusive); range_end < 0 = to the end.
  std::optional<int64_t> range_begin;
  int64_t range_end = -1;
  std::string if_none_match;  // "" = not sent; a match gives not_modified
  std::string if_match;       // "" = not sent; a mismatch is PreconditionFailed
  std::string process;        // x-oss-process run by the server; "" = none
};

struct GetResult {
  int http_status = 0;  // 200, 206 or 304
  bool not_modified = false;
  std::vector<uint8_t> data;
  ObjectMeta meta;
};

struct PutOptions {
  std::string content_type;  // "" = application/octet-stream
  bool forbid_overwrite = false;  // x-oss-forbid-overwrite: true
  // Stored as x-oss-meta-<name> (names lower case, values ASCII).
  std::vector<std::pair<std::string, std::string>> user_meta;
};

struct ListedObject {
  std::string key;
  int64_t size = 0;
  std::string etag;
  std::string last_modified;
};

struct ListPage {
  std::vector<ListedObject> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_token;  // pass as `token` for the next page
};

// ImagePersist's JSON answer.
struct PersistResult {
  std::string bucket;  // "" when no b_ was given, as OSS answers
  std::string object;
  int64_t file_size = 0;
  std::string status;
};

class OSSIMG_EXPORT ObjectStore {
 public:
  virtual ~ObjectStore();
  virtual StatusOr<GetResult> GetObject(const std::string& bucket,
                                        const std::string& key,
                                        const GetOptions& options) = 0;
  virtual StatusOr<ObjectMeta> HeadObject(const std::string& bucket,
                                          const std::string& key) = 0;
  // Sends Content-MD5 (the server checks it); returns the ETag.
  virtual StatusOr<std::string> PutObject(const std::string& bucket,
                                          const std::string& key,
                                          const std::vector<uint8_t>& data,
                                          const PutOptions& options) = 0;
  virtual Status DeleteObject(const std::string& bucket,
                              const std::string& key) = 0;
  // One page of ListObjectsV2 (encoding-type=url, decoded here).
  virtual StatusOr<ListPage> ListObjectsV2(const std::string& bucket,
                                           const std::string& prefix,
                                           const std::string& token,
                                           int max_keys,
                                           const std::string& delimiter) = 0;
  // POST ?x-oss-process with `process|sys/saveas,o_<key>[,b_<bucket>]`
  // (URL-safe base64, no padding). An empty target bucket = the source's.
  virtual StatusOr<PersistResult> ImagePersist(
      const std::string& bucket, const std::string& key,
      const std::string& process, const std::string& target_bucket,
      const std::string& target_key) = 0;

  // Every object under `prefix`, following the pages.
  StatusOr<std::vector<ListedObject>> ListAll(const std::string& bucket,
                                              const std::string& prefix);
};

enum class SignatureVersion { kV1, kV4 };

struct ClientOptions {
  // "http://127.0.0.1:8080", "https://oss-cn-hangzhou.aliyuncs.com" or a bare
  // host (https). IP literals and localhost are addressed path style
  // (/bucket/key), anything else virtual-hosted (bucket.host/key), as real
  // OSS requires.
  std::string endpoint;
  // V4 scope; a leading "oss-" is dropped; empty = OSS_REGION, else
  // cn-hangzhou.
  std::string region;
  Credentials credentials;
  SignatureVersion signature = SignatureVersion::kV4;
  bool path_style = false;  // force path style for a named host
  int max_attempts = 4;     // first try included
  // Backoff before retry n (1-based): random in [0, min(max, base * 2^(n-1))]
  // ("full jitter"). Tests set a tiny base.
  int backoff_base_ms = 200;
  int backoff_max_ms = 10000;
  int connect_timeout_ms = 10000;
  int total_timeout_ms = 300000;  // per attempt, transfer included
  // Unix seconds for signing; null = the system clock (tests pin it).
  std::function<int64_t()> clock;
};

// Credentials and endpoint from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET,
// OSS_SESSION_TOKEN, OSS_ENDPOINT and OSS_REGION; fields already set in
// `base` (from flags) win. InvalidArgument naming the missing variable (never
// its value) when something required is absent.
OSSIMG_EXPORT StatusOr<ClientOptions> ClientOptionsFromEnvironment(
    ClientOptions base);

class OSSIMG_EXPORT OssClient : public ObjectStore {
 public:
  // Loads libcurl (Unsupported when it cannot be loaded) and checks the
  // endpoint.
  static StatusOr<std::unique_ptr<OssClient>> Create(ClientOptions options);
  ~OssClient() override;

  StatusOr<GetResult> GetObject(const std::string& bucket,
                                const std::string& key,
                                const GetOptions& options) override;
  StatusOr<ObjectMeta> HeadObject(const std::string& bucket,
                                  const std::string& key) override;
  StatusOr<std::string> PutObject(const std::string& bucket,
                                  const std::string& key,
                                  const std::vector<uint8_t>& data,
                                  const PutOptions& options) override;
  Status DeleteObject(const std::string& bucket,
                      const std::string& key) override;
  StatusOr<ListPage> ListObjectsV2(const std::string& bucket,
                                   const std::string& prefix,
                                   const std::string& token, int max_keys,
                                   const std::string& delimiter) override;
  StatusOr<PersistResult> ImagePersist(const std::string& bucket,
                                       const std::string& key,
                                       const std::string& process,
                                       const std::string& target_bucket,
                                       const std::string& target_key) override;

  // A presigned GET URL (with x-oss-process when `process` is not empty)
  // valid for `expires_seconds`, signed with the configured version.
  StatusOr<std::string> PresignGetUrl(const std::string& bucket,
                                      const std::string& key,
                                      const std::string& process,
                                      int64_t expires_seconds) const;

  // Requests sent so far, retries included (tests check retry counts).
  int64_t attempts() const;
  // Connections opened so far (a reused connection is not counted again).
  int64_t connections() const;

 private:
  struct Impl;
  explicit OssClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Local processing of an object: fetch it whole, then run `process` with
// `engine` here (the alternative to GetOptions::process, where OSS runs it).
OSSIMG_EXPORT StatusOr<Result> FetchAndProcess(ObjectStore& store,
                                               const Engine& engine,
                                               const std::string& bucket,
                                               const std::string& key,
                                               std::string_view process);

// "oss://bucket/key" -> bucket, key ("" for "oss://bucket" or "oss://bucket/").
// False when `url` is not an oss:// URL with a bucket.
OSSIMG_EXPORT bool ParseOssUrl(std::string_view url, std::string* bucket,
                               std::string* key);

}  // namespace ossimg::oss

#endif  // OSSIMG_TRANSPORT_H_
