// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The OSS client (include/ossimg/transport.h) over libcurl, loaded on first
// use through DynLib: linking libcurl would cost every `ossimg` start-up its
// relocations, and most runs never talk to OSS.
//
// One easy handle per concurrent caller, kept in a pool: curl keeps the
// connection (and its TLS session) with the handle, so consecutive requests
// from a thread reuse it. Every attempt is signed afresh (the date is part of
// the signature), so a retry after a backoff is never refused as skewed.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ossimg/transport.h"

#include "core/dynlib.h"
#include "transport/digest.h"
#include "transport/xml.h"
#include <curl/curl.h>

#include "transport/text.h"

namespace ossimg::oss {
namespace {

struct CurlApi {
  decltype(&curl_global_init) global_init;
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_reset) easy_reset;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_perform) easy_perform;
  decltype(&curl_easy_getinfo) easy_getinfo;
  decltype(&curl_easy_strerror) easy_strerror;
  decltype(&curl_slist_append) slist_append;
  decltype(&curl_slist_free_all) slist_free_all;
};

StatusOr<const CurlApi*> LoadCurl() {
  const CurlApi* api = nullptr;
  Status s = LoadDynLib<CurlApi>(
      "libcurl", {OSSIMG_SONAME_CURL, "libcurl.so.4", "libcurl-gnutls.so.4"},
      [](DynLib& l, CurlApi& a) {
        const bool ok = l.Sym("curl_global_init", &a.global_init) &&
                        l.Sym("curl_easy_init", &a.easy_init) &&
                        l.Sym("curl_easy_cleanup", &a.easy_cleanup) &&
                        l.Sym("curl_easy_reset", &a.easy_reset) &&
                        l.Sym("curl_easy_setopt", &a.easy_setopt) &&
                        l.Sym("curl_easy_perform", &a.easy_perform) &&
                        l.Sym("curl_easy_getinfo", &a.easy_getinfo) &&
                        l.Sym("curl_easy_strerror", &a.easy_strerror) &&
                        l.Sym("curl_slist_append", &a.slist_append) &&
                        l.Sym("curl_slist_free_all", &a.slist_free_all);
        // Once per process, before any handle exists (curl's rule).
        return ok && a.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
      },
      &api);
  if (!s.ok()) return s;
  return api;
}

using transport_text::Lower;

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' ||
                   s[e - 1] == '\n'))
    --e;
  return std::string(s.substr(b, e - b));
}

std::tm Utc(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

// RFC 1123 (V1's x-oss-date) and ISO 8601 basic (V4's).
std::string HttpDate(int64_t unix_seconds) {
  const std::tm tm = Utc(unix_seconds);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string IsoBasic(int64_t unix_seconds) {
  const std::tm tm = Utc(unix_seconds);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

bool IsIpOrLocalhost(std::string_view host) {
  return host == "localhost" || transport_text::IsIpLiteral(host);
}

// URL-safe base64 without padding, as the doc and the C++ SDK write o_/b_.
std::string UrlSafeBase64(std::string_view s) {
  std::string b = Base64Encode(s);
  while (!b.empty() && b.back() == '=') b.pop_back();
  for (char& c : b) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return b;
}

// Keys in a listing with encoding-type=url: %XX, and '+' as a space (OSS
// encodes '+' itself as %2B, so a literal '+' can only be a space).
std::string UrlDecode(std::string_view s) {
  const auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 &&
        hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

// The StatusCode for an OSS error code word; what is not listed goes by the
// HTTP status.
StatusCode CodeForOssError(const std::string& code, int http) {
  static const std::pair<const char*, StatusCode> kMap[] = {
      {"NoSuchKey", StatusCode::kNotFound},
      {"NoSuchBucket", StatusCode::kNoSuchBucket},
      {"NoSuchStyle", StatusCode::kNoSuchStyle},
      {"AccessDenied", StatusCode::kAccessDenied},
      {"InvalidAccessKeyId", StatusCode::kAccessDenied},
      {"RequestTimeTooSkewed", StatusCode::kAccessDenied},
      {"SignatureDoesNotMatch", StatusCode::kSignatureDoesNotMatch},
      {"InvalidArgument", StatusCode::kInvalidArgument},
      {"BadRequest", StatusCode::kBadRequest},
      {"MissingArgument", StatusCode::kMissingArgument},
      {"ImageTooLarge", StatusCode::kImageTooLarge},
      {"WatermarkError", StatusCode::kWatermarkError},
  };
  for (const auto& [word, sc] : kMap) {
    if (code == word) return sc;
  }
  if (http == 404) return StatusCode::kNotFound;
  if (http == 403) return StatusCode::kAccessDenied;
  if (http >= 500) return StatusCode::kTransient;
  return StatusCode::kInvalidRequest;
}

bool RetryableHttp(int http) { return http >= 500 || http == 429; }

struct HttpCall {
  Request req;       // method, bucket, key, query, headers to sign
  std::string body;  // PUT/POST
  bool head = false;
};

struct HttpAnswer {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case
  std::string body;
  std::string Header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return "";
  }
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers =
      static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  const std::string_view line(data, size * n);
  // A new status line (after "100 Continue", or a retry on the same handle)
  // starts a new header block.
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
  } else if (const size_t colon = line.find(':');
             colon != std::string_view::npos) {
    headers->emplace_back(Lower(Trim(line.substr(0, colon))),
                          Trim(line.substr(colon + 1)));
  }
  return size * n;
}

ObjectMeta MetaFrom(const HttpAnswer& a) {
  ObjectMeta m;
  const std::string len = a.Header("content-length");
  if (!len.empty()) m.size = std::strtoll(len.c_str(), nullptr, 10);
  m.etag = a.Header("etag");
  m.content_type = a.Header("content-type");
  m.last_modified = a.Header("last-modified");
  for (const auto& [k, v] : a.headers) {
    if (k.rfind("x-oss-meta-", 0) == 0)
      m.user_meta.emplace_back(k.substr(11), v);
  }
  return m;
}

}  // namespace

std::optional<std::string> ObjectMeta::UserMeta(std::string_view name) const {
  const std::string want = Lower(name);
  for (const auto& [k, v] : user_meta) {
    if (k == want) return v;
  }
  return std::nullopt;
}

ObjectStore::~ObjectStore() = default;

StatusOr<std::vector<ListedObject>> ObjectStore::ListAll(
    const std::string& bucket, const std::string& prefix) {
  std::vector<ListedObject> all;
  std::string token;
  while (true) {
    OSSIMG_ASSIGN_OR_RETURN(ListPage page,
                            ListObjectsV2(bucket, prefix, token, 1000, ""));
    for (ListedObject& o : page.objects) all.push_back(std::move(o));
    if (!page.truncated) break;
    if (page.next_token.empty() || page.next_token == token) {
      return Status(StatusCode::kInternal,
                    "ListObjectsV2 is truncated but gives no new token");
    }
    token = page.next_token;
  }
  return all;
}

StatusOr<Result> FetchAndProcess(ObjectStore& store, const Engine& engine,
                                 const std::string& bucket,
                                 const std::string& key,
                                 std::string_view process) {
  OSSIMG_ASSIGN_OR_RETURN(GetResult got,
                          store.GetObject(bucket, key, GetOptions()));
  return engine.Process(got.data.data(), got.data.size(), process);
}

bool ParseOssUrl(std::string_view url, std::string* bucket, std::string* key) {
  constexpr std::string_view kScheme = "oss://";
  if (url.substr(0, kScheme.size()) != kScheme) return false;
  url.remove_prefix(kScheme.size());
  const size_t slash = url.find('/');
  *bucket = std::string(url.substr(0, slash));
  *key =
      slash == std::string_view::npos ? "" : std::string(url.substr(slash + 1));
  return !bucket->empty();
}

StatusOr<ClientOptions> ClientOptionsFromEnvironment(ClientOptions o) {
  const auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  if (o.endpoint.empty()) o.endpoint = env("OSS_ENDPOINT");
  if (o.region.empty()) o.region = env("OSS_REGION");
  Credentials& c = o.credentials;
  if (c.access_key_id.empty()) c.access_key_id = env("OSS_ACCESS_KEY_ID");
  if (c.access_key_secret.empty())
    c.access_key_secret = env("OSS_ACCESS_KEY_SECRET");
  if (c.security_token.empty()) c.security_token = env("OSS_SESSION_TOKEN");
  if (o.endpoint.empty())
    return InvalidArgumentError("no endpoint: set OSS_ENDPOINT or --endpoint");
  if (c.access_key_id.empty())
    return InvalidArgumentError(
        "no access key id: set OSS_ACCESS_KEY_ID or --access-key-id");
  if (c.access_key_secret.empty())
    return InvalidArgumentError(
        "no access key secret: set OSS_ACCESS_KEY_SECRET");
  return o;
}

struct OssClient::Impl {
  ClientOptions options;
  const CurlApi* curl = nullptr;
  std::string scheme;  // "http" or "https"
  std::string host;    // host[:port] of the endpoint
  bool path_style = false;
  std::mutex pool_mu;
  std::vector<CURL*> pool;
  std::atomic<int64_t> attempts{0};
  std::atomic<int64_t> connections{0};
  std::mutex rng_mu;
  std::mt19937_64 rng{std::random_device{}()};

  ~Impl() {
    for (CURL* h : pool) curl->easy_cleanup(h);
  }

  int64_t Now() const {
    if (options.clock) return options.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!pool.empty()) {
        CURL* h = pool.back();
        pool.pop_back();
        return h;
      }
    }
    return curl->easy_init();
  }

  void Release(CURL* h) {
    std::lock_guard<std::mutex> lock(pool_mu);
    pool.push_back(h);
  }

  // scheme://host/path for `req` (its query not included).
  std::string BaseUrl(const Request& req) const {
    std::string url = scheme + "://";
    if (path_style || req.bucket.empty()) {
      url += host + "/";
      if (!req.bucket.empty()) url += req.bucket + "/";
    } else {
      url += req.bucket + "." + host + "/";
    }
    return url + UriEncode(req.key, true);
  }

  static std::string QueryString(const Request& req) {
    std::string q;
    for (const auto& [k, v] : req.query) {
      q += (q.empty() ? "" : "&") + UriEncode(k, false);
      if (v) q += "=" + UriEncode(*v, false);
    }
    return q;
  }

  void Sign(Request* req) const {
    const Credentials& c = options.credentials;
    const int64_t now = Now();
    if (!c.security_token.empty())
      req->headers.emplace_back("x-oss-security-token", c.security_token);
    if (options.signature == SignatureVersion::kV1) {
      req->headers.emplace_back("x-oss-date", HttpDate(now));
      req->headers.emplace_back("Authorization", V1Authorization(*req, c));
    } else {
      req->headers.emplace_back("x-oss-date", IsoBasic(now));
      req->headers.emplace_back("x-oss-content-sha256", "UNSIGNED-PAYLOAD");
      req->headers.emplace_back("Authorization",
                                V4Authorization(*req, c, options.region, {}));
    }
  }

  // One attempt. A Status only for a failure below HTTP (connection,
  // timeout); HTTP errors come back as answers.
  StatusOr<HttpAnswer> Once(const HttpCall& call) {
    ++attempts;
    Request req = call.req;
    Sign(&req);
    CURL* h = Acquire();
    if (h == nullptr) return InternalError("curl_easy_init failed");
    curl->easy_reset(h);  // keeps the connection cache
    HttpAnswer answer;
    std::string url = BaseUrl(req);
    const std::string q = QueryString(req);
    if (!q.empty()) url += "?" + q;
    curl_slist* list = nullptr;
    for (const auto& [k, v] : req.headers) {
      list = curl->slist_append(list, (k + ": " + v).c_str());
    }
    // curl adds these on its own; neither is signed, and Expect would cost
    // a round trip per PUT.
    list = curl->slist_append(list, "Expect:");
    if (!req.Header("Content-Type"))
      list = curl->slist_append(list, "Content-Type:");
    curl->easy_setopt(h, CURLOPT_URL, url.c_str());
    curl->easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                      static_cast<long>(options.connect_timeout_ms));
    curl->easy_setopt(h, CURLOPT_TIMEOUT_MS,
                      static_cast<long>(options.total_timeout_ms));
    curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
    curl->easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);
    curl->easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
    curl->easy_setopt(h, CURLOPT_HEADERDATA, &answer.headers);
    // Only http(s), never a redirect to somewhere the credentials should
    // not go.
    curl->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    const std::string& m = req.method;
    if (m == "HEAD") {
      curl->easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (m == "GET") {
      curl->easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
      curl->easy_setopt(h, CURLOPT_CUSTOMREQUEST, m.c_str());
      if (m == "PUT" || m == "POST") {
        curl->easy_setopt(h, CURLOPT_POSTFIELDS, call.body.data());
        curl->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                          static_cast<curl_off_t>(call.body.size()));
      }
    }
    const CURLcode rc = curl->easy_perform(h);
    curl->slist_free_all(list);
    long status = 0;
    curl->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    long new_connections = 0;
    curl->easy_getinfo(h, CURLINFO_NUM_CONNECTS, &new_connections);
    connections += new_connections;
    if (rc != CURLE_OK) {
      // A handle whose connection broke is dropped rather than pooled.
      curl->easy_cleanup(h);
      return Status(
          StatusCode::kTransient,
          std::string("cannot reach ") + host + ": " + curl->easy_strerror(rc));
    }
    Release(h);
    answer.status = static_cast<int>(status);
    return answer;
  }

  // Attempts with backoff; the answer of the last attempt (any HTTP
  // status), or kTransient when no attempt got an answer.
  StatusOr<HttpAnswer> Send(const HttpCall& call) {
    const int tries = std::max(1, options.max_attempts);
    Status last;
    for (int attempt = 1;; ++attempt) {
      StatusOr<HttpAnswer> a = Once(call);
      const bool retry = !a.ok() || RetryableHttp(a->status);
      if (!retry || attempt >= tries) {
        if (!a.ok()) {
          return Status(StatusCode::kTransient,
                        a.status().message() + " (after " +
                            std::to_string(attempt) + " attempts)");
        }
        return a;
      }
      // Full jitter: a random wait up to the exponential cap, so clients
      // that failed together do not come back together.
      const int64_t cap = std::min<int64_t>(
          options.backoff_max_ms, static_cast<int64_t>(options.backoff_base_ms)
                                      << std::min(attempt - 1, 20));
      int64_t wait = 0;
      if (cap > 0) {
        std::lock_guard<std::mutex> lock(rng_mu);
        wait = std::uniform_int_distribution<int64_t>(0, cap)(rng);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
  }

  // An error answer as a Status: the OSS code word first, then the message,
  // the request id, and OSS's EC. HEAD answers have no body; their code is
  // in x-oss-err (base64 XML, from ossimg serve) or only in the status.
  static Status ErrorFrom(const HttpAnswer& a, const std::string& what) {
    std::string xml = a.body;
    std::string code = XmlText(xml, "Code");
    std::string message = XmlText(xml, "Message");
    std::string ec = XmlText(xml, "EC");
    if (ec.empty()) ec = a.Header("x-oss-ec");
    std::string request_id = XmlText(xml, "RequestId");
    if (request_id.empty()) request_id = a.Header("x-oss-request-id");
    if (code.empty()) {
      switch (a.status) {
        case 404:
          code = "NoSuchKey";
          break;
        case 403:
          code = "AccessDenied";
          break;
        case 409:
          code = "FileAlreadyExists";
          break;
        case 412:
          code = "PreconditionFailed";
          break;
        case 429:
        case 503:
          code = "SlowDown";
          break;
        default:
          code = "HTTP" + std::to_string(a.status);
      }
    }
    StatusCode sc = CodeForOssError(code, a.status);
    if (RetryableHttp(a.status)) sc = StatusCode::kTransient;
    // The code word leads the message unless the StatusCode already says it
    // (ReportError prints both).
    std::string msg = code == GetStatusCodeInfo(sc).oss_code ? "" : code + ": ";
    msg += (message.empty() ? "HTTP " + std::to_string(a.status) : message) +
           " (" + what + ", HTTP " + std::to_string(a.status);
    if (!request_id.empty()) msg += ", RequestId " + request_id;
    msg += ")";
    return Status(sc, msg, ec, -1);
  }
};

OssClient::OssClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OssClient::~OssClient() = default;

StatusOr<std::unique_ptr<OssClient>> OssClient::Create(ClientOptions options) {
  OSSIMG_ASSIGN_OR_RETURN(const CurlApi* api, LoadCurl());
  auto impl = std::make_unique<Impl>();
  impl->curl = api;
  std::string ep = options.endpoint;
  impl->scheme = "https";
  if (ep.rfind("http://", 0) == 0) {
    impl->scheme = "http";
    ep = ep.substr(7);
  } else if (ep.rfind("https://", 0) == 0) {
    ep = ep.substr(8);
  }
  while (!ep.empty() && ep.back() == '/') ep.pop_back();
  if (ep.empty() || ep.find('/') != std::string::npos ||
      ep.find_first_of(" @?#") != std::string::npos) {
    return InvalidArgumentError(
        "endpoint must be [http(s)://]host[:port], got " + options.endpoint);
  }
  impl->host = ep;
  std::string bare = ep;
  if (bare.front() != '[' && bare.find(':') != std::string::npos)
    bare = bare.substr(0, bare.find(':'));
  impl->path_style = options.path_style || IsIpOrLocalhost(Lower(bare));
  if (options.region.empty()) options.region = "cn-hangzhou";
  if (options.region.rfind("oss-", 0) == 0)
    options.region = options.region.substr(4);
  impl->options = std::move(options);
  return std::unique_ptr<OssClient>(new OssClient(std::move(impl)));
}

int64_t OssClient::attempts() const { return impl_->attempts.load(); }
int64_t OssClient::connections() const { return impl_->connections.load(); }

StatusOr<GetResult> OssClient::GetObject(const std::string& bucket,
                                         const std::string& key,
                                         const GetOptions& o) {
  HttpCall call;
  call.req.method = "GET";
  call.req.bucket = bucket;
  call.req.key = key;
  if (!o.process.empty())
    call.req.query.emplace_back("x-oss-process", o.process);
  if (o.range_begin) {
    call.req.headers.emplace_back(
        "Range", "bytes=" + std::to_string(*o.range_begin) + "-" +
                     (o.range_end >= 0 ? std::to_string(o.range_end) : ""));
    // Without it OSS ignores an unsatisfiable range and sends everything.
    call.req.headers.emplace_back("x-oss-range-behavior", "standard");
  }
  if (!o.if_none_match.empty())
    call.req.headers.emplace_back("If-None-Match", o.if_none_match);
  if (!o.if_match.empty())
    call.req.headers.emplace_back("If-Match", o.if_match);
  OSSIMG_ASSIGN_OR_RETURN(HttpAnswer a, impl_->Send(call));
  GetResult r;
  r.http_status = a.status;
  if (a.status == 304) {
    r.not_modified = true;
    r.meta = MetaFrom(a);
    return r;
  }
  if (a.status != 200 && a.status != 206)
    return Impl::ErrorFrom(a, "GetObject " + bucket + "/" + key);
  r.meta = MetaFrom(a);
  r.data.assign(a.body.begin(), a.body.end());
  // A body cut short by the server must not pass for the object.
  if (r.meta.size >= 0 && static_cast<size_t>(r.meta.size) != r.data.size()) {
    return Status(StatusCode::kTransient,
                  "GetObject " + bucket + "/" + key + ": short body");
  }
  return r;
}

StatusOr<ObjectMeta> OssClient::HeadObject(const std::string& bucket,
                                           const std::string& key) {
  HttpCall call;
  call.req.method = "HEAD";
  call.req.bucket = bucket;
  call.req.key = key;
  OSSIMG_ASSIGN_OR_RETURN(HttpAnswer a, impl_->Send(call));
  if (a.status != 200) {
    // ossimg serve puts the error XML in x-oss-err for HEAD.
    if (std::string err = a.Header("x-oss-err"); !err.empty())
      a.body = Base64Decode(err);
    return Impl::ErrorFrom(a, "HeadObject " + bucket + "/" + key);
  }
  return MetaFrom(a);
}

StatusOr<std::string> OssClient::PutObject(const std::string& bucket,
                                           const std::string& key,
                                           const std::vector<uint8_t>& data,
                                           const PutOptions& o) {
  HttpCall call;
  call.req.method = "PUT";
  call.req.bucket = bucket;
  call.req.key = key;
  call.body.assign(data.begin(), data.end());
  call.req.headers.emplace_back("Content-MD5", Base64Encode(Md5Raw(call.body)));
  call.req.headers.emplace_back("Content-Type", o.content_type.empty()
                                                    ? "application/octet-stream"
                                                    : o.content_type);
  if (o.forbid_overwrite)
    call.req.headers.emplace_back("x-oss-forbid-overwrite", "true");
  for (const auto& [k, v] : o.user_meta)
    call.req.headers.emplace_back("x-oss-meta-" + Lower(k), v);
  OSSIMG_ASSIGN_OR_RETURN(HttpAnswer a, impl_->Send(call));
  if (a.status != 200)
    return Impl::ErrorFrom(a, "PutObject " + bucket + "/" + key);
  return a.Header("etag");
}

Status OssClient::DeleteObject(const std::string& bucket,
                               const std::string& key) {
  HttpCall call;
  call.req.method = "DELETE";
  call.req.bucket = bucket;
  call.req.key = key;
  OSSIMG_ASSIGN_OR_RETURN(HttpAnswer a, impl_->Send(call));
  if (a.status != 204 && a.status != 200)
    return Impl::ErrorFrom(a, "DeleteObject " + bucket + "/" + key);
  return Status::Ok();
}

StatusOr<ListPage> OssClient::ListObjectsV2(const std::string& bucket,
                                            const std::string& prefix,
                                            const std::string& token,
                                            int max_keys,
                                            const std::string& delimiter) {
  HttpCall call;
  call.req.method = "GET";
  call.req.bucket = bucket;
  auto& q = call.req.query;
  q.emplace_back("list-type", "2");
  q.emplace_back("encoding-type", "url");
  q.emplace_back("max-keys", std::to_string(std::clamp(max_keys, 1, 1000)));
  if (!prefix.empty()) q.emplace_back("prefix", prefix);
  if (!delimiter.empty()) q.emplace_back("delimiter", delimiter);
  if (!token.empty()) q.emplace_back("continuation-token", token);
  OSSIMG_ASSIGN_OR_RETURN(HttpAnswer a, impl_->Send(call));
  if (a.status != 200) return Impl::ErrorFrom(a, "ListObjectsV2 " + bucket);
  ListPage page;
  const bool url = XmlText(a.body, "EncodingType") == "url";
  const auto dec = [url](std::string s) { return url ? UrlDecode(s) : s; };
  for (const std::string& c : XmlElements(a.body, "Contents")) {
    ListedObject o;
    o.key = dec(XmlText(c, "Key"));
    o.size = std::strtoll(XmlText(c, "Size").c_str(), nullptr, 10);
    o.etag = XmlText(c, "ETag");
    o.last_modified = XmlText(c, "LastModified");
    page.objects.push_back(std::move(o));
  }
  for (const std::string& c : XmlElements(a.body, "CommonPrefixes"))
    page.common_prefixes.push_back(dec(XmlText(c, "Prefix")));
  page.truncated = XmlText(a.body, "IsTruncated") == "true";
  page.next_token = XmlText(a.body, "NextContinuationToken");
  return page;
}

StatusOr<PersistResult> OssClient::ImagePersist(
    const std::string& bucket, const std::string& key,
    const std::string& process, const std::string& target_bucket,
    const std::string& target_key) {
  if (process.empty())
    return InvalidArgumentError("ImagePersist: empty process");
  HttpCall call;
  call.req.method = "POST";
  call.req.bucket = bucket;
  call.req.key = key;
  call.req.query.emplace_back("x-oss-process", std::nullopt);
  call.body =
      "x-oss-process=" + process + "|sys/saveas,o_" + UrlSafeBase64(target_key);
  if (!target_bucket.empty()) call.body += ",b_" + UrlSafeBase64(target_bucket);
  call.req.headers.emplace_back("Content-MD5", Base64Encode(Md5Raw(call.body)));
  OSSIMG_ASSIGN_OR_RETURN(HttpAnswer a, impl_->Send(call));
  const std::string what = "ImagePersist " + bucket + "/" + key;
  if (a.status < 200 || a.status > 299) return Impl::ErrorFrom(a, what);
  const nlohmann::json j = nlohmann::json::parse(a.body, nullptr, false);
  PersistResult r;
  const auto text = [&j](const char* name, std::string* out) {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return false;
    *out = it->get<std::string>();
    return true;
  };
  if (!j.is_object() || !text("object", &r.object)) {
    return Status(StatusCode::kInvalidRequest,
                  what + ": the answer is not ImagePersist's JSON");
  }
  text("bucket", &r.bucket);
  text("status", &r.status);
  if (const auto it = j.find("fileSize"); it != j.end() && it->is_number())
    r.file_size = it->get<int64_t>();
  if (r.status != "OK") {
    return Status(StatusCode::kInvalidRequest,
                  what + ": status " + r.status + " instead of OK");
  }
  return r;
}

StatusOr<std::string> OssClient::PresignGetUrl(const std::string& bucket,
                                               const std::string& key,
                                               const std::string& process,
                                               int64_t expires_seconds) const {
  if (expires_seconds < 1 || expires_seconds > 604800)
    return InvalidArgumentError("--expires must be 1 to 604800 seconds");
  Request req;
  req.method = "GET";
  req.bucket = bucket;
  req.key = key;
  if (!process.empty()) req.query.emplace_back("x-oss-process", process);
  const Credentials& c = impl_->options.credentials;
  const int64_t now = impl_->Now();
  std::string q;
  if (impl_->options.signature == SignatureVersion::kV1) {
    q = V1PresignQuery(req, c, now + expires_seconds);
  } else {
    q = V4PresignQuery(req, c, impl_->options.region, IsoBasic(now),
                       expires_seconds, {});
  }
  return impl_->BaseUrl(req) + "?" + q;
}

}  // namespace ossimg::oss
