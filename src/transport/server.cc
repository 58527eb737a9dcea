// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The local OSS endpoint on cpp-httplib. Each request goes through
// Impl::Handle: parse the raw target (httplib's decoded copies turn '+' into
// space in queries and lose %2F), resolve the bucket from the Host header or
// the path, verify the signature, then run the operation on files under the
// root. Every answer, success or error, carries x-oss-request-id.

#include "transport/server.h"

#include <dirent.h>
#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ossimg/codec.h"
#include "ossimg/process.h"

#include "transport/digest.h"
#include "transport/verify.h"
#include <openssl/evp.h>
#include <openssl/md5.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "transport/text.h"

namespace ossimg::serve {
namespace {

using oss::Base64Encode;
using oss::Md5Raw;
using oss::Sha256Hex;

// ---- Small helpers -------------------------------------------------------

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding exactly once; '+' stays '+' (Android sends raw base64 '+'
// in ImagePersist bodies, and every SDK encodes a space as %20). A malformed
// escape is kept literally, as lenient servers do.
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
        HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}




// OSS's ETag for a single PUT: the MD5 in upper-case hex, quoted.
std::string ETagOf(std::string_view data) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (unsigned char c : Md5Raw(data)) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out + "\"";
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

using transport_text::IsIpLiteral;

// OSS bucket names: 3-63 of [a-z0-9-], not starting or ending with '-'.
bool ValidBucketName(std::string_view b) {
  if (b.size() < 3 || b.size() > 63 || b.front() == '-' || b.back() == '-') {
    return false;
  }
  for (char c : b) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

// Keys become paths under the bucket folder, so anything that could leave it
// or alias another key is refused: NUL, a leading '/', empty, "." and ".."
// segments. (Symlinks are checked against the real path when opening.)
bool ValidKey(std::string_view key) {
  if (key.empty() || key.size() > 1023 || key.front() == '/') return false;
  if (key.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    const std::string_view seg = key.substr(start, end - start);
    if ((seg.empty() && end != key.size()) || seg == "." || seg == "..") {
      return false;
    }
    start = end + 1;
  }
  return true;
}

const char* MimeForKey(std::string_view key) {
  const size_t dot = key.rfind('.');
  if (dot == std::string_view::npos ||
      key.find('/', dot) != std::string_view::npos) {
    return nullptr;
  }
  static const std::pair<const char*, const char*> kTypes[] = {
      {"jpg", "image/jpeg"},      {"jpeg", "image/jpeg"},
      {"png", "image/png"},       {"webp", "image/webp"},
      {"gif", "image/gif"},       {"bmp", "image/bmp"},
      {"tif", "image/tiff"},      {"tiff", "image/tiff"},
      {"heic", "image/heic"},     {"avif", "image/avif"},
      {"svg", "image/svg+xml"},   {"json", "application/json"},
      {"xml", "application/xml"}, {"txt", "text/plain"},
      {"html", "text/html"},      {"htm", "text/html"},
      {"css", "text/css"},        {"js", "application/javascript"},
      {"pdf", "application/pdf"}, {"zip", "application/zip"},
      {"mp4", "video/mp4"},
  };
  const std::string ext = Lower(key.substr(dot + 1));
  for (const auto& [e, t] : kTypes) {
    if (ext == e) return t;
  }
  return nullptr;
}

std::string IsoTime(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.000Z",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

// ---- Errors ----------------------------------------------------------------

struct OssError {
  int http_status = 500;
  std::string code;
  std::string message;
  std::string ec;
  std::vector<std::pair<std::string, std::string>> extra;  // more elements
};

OssError FromStatus(const Status& s) {
  OssError e;
  e.http_status = s.http_status();
  e.code = s.oss_code();
  e.message = s.message();
  e.ec = s.ec();
  if (s.code() == StatusCode::kNotFound) e.ec = "0026-00000001";
  return e;
}

OssError MakeError(int http, std::string code, std::string message,
                   std::string ec = "") {
  OssError e;
  e.http_status = http;
  e.code = std::move(code);
  e.message = std::move(message);
  e.ec = std::move(ec);
  return e;
}

OssError NoSuchKey(const std::string& key) {
  OssError e = MakeError(404, "NoSuchKey", "The specified key does not exist.",
                         "0026-00000001");
  e.extra.emplace_back("Key", key);
  return e;
}

OssError NoSuchBucket(const std::string& bucket) {
  OssError e =
      MakeError(404, "NoSuchBucket", "The specified bucket does not exist.");
  e.extra.emplace_back("BucketName", bucket);
  return e;
}

std::string ErrorXml(const OssError& e, const std::string& request_id,
                     const std::string& host_id) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n";
  const auto add = [&x](const std::string& name, const std::string& value) {
    x += "  <" + name + ">" + XmlEscape(value) + "</" + name + ">\n";
  };
  add("Code", e.code);
  add("Message", e.message);
  add("RequestId", request_id);
  add("HostId", host_id);
  for (const auto& [k, v] : e.extra) add(k, v);
  if (!e.ec.empty()) add("EC", e.ec);
  x += "</Error>\n";
  return x;
}

// Bodies go out through a content provider, not Response::body: httplib would
// otherwise gzip text bodies behind our back and re-apply Range to them.
void SetBody(httplib::Response& res, std::string body,
             const std::string& content_type) {
  auto data = std::make_shared<std::string>(std::move(body));
  const size_t size = data->size();
  if (size == 0) {
    res.set_header("Content-Type", content_type);
    res.set_header("Content-Length", "0");
    return;
  }
  res.set_content_provider(
      size, content_type,
      [data](size_t offset, size_t length, httplib::DataSink& sink) {
        sink.write(data->data() + offset,
                   std::min(length, data->size() - offset));
        return true;
      });
}

// ---- Files
// -------------------------------------------------------------------

struct FileStat {
  int64_t size = 0;
  int64_t mtime = 0;     // seconds
  int64_t mtime_ns = 0;  // for the ETag cache
};

std::optional<FileStat> StatFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return std::nullopt;
  FileStat f;
  f.size = st.st_size;
  f.mtime = st.st_mtim.tv_sec;
  f.mtime_ns =
      static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return f;
}

bool IsDir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<std::string> RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

bool Within(const std::string& real, const std::string& real_dir) {
  return real == real_dir || StartsWith(real, real_dir + "/");
}

std::optional<std::string> ReadAll(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out;
  std::array<char, 1 << 16> buf;
  while (true) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf.data(), static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

// Every key under `dir` (regular files only; symlinks are not followed, so a
// listing never reaches outside the root), with '/' separators.
void WalkKeys(const std::string& dir, const std::string& prefix,
              std::vector<std::string>* keys) {
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), ::closedir);
  if (!d) return;
  while (dirent* e = ::readdir(d.get())) {
    const std::string name = e->d_name;
    // ".ossimg-" files are WriteFileAtomically's temporaries.
    if (name == "." || name == ".." || StartsWith(name, ".ossimg-")) continue;
    const std::string path = dir + "/" + name;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      WalkKeys(path, prefix + name + "/", keys);
    } else if (S_ISREG(st.st_mode)) {
      keys->push_back(prefix + name);
    }
  }
}

// ---- Parsed request ---------------------------------------------------------

struct Call {
  oss::Request req;  // method, bucket, key, query, headers as signed
  std::string host;  // Host header as sent (HostId in errors)
  std::string request_id;
  bool head = false;
};

// The in-flight count is taken in the pre-routing handler and given back in
// the post-routing one; both run on the worker thread that owns the request,
// so a thread_local says whether this request was counted.
thread_local bool t_counted = false;
// When the headers of this thread's current request were complete (the body
// budget runs from here).
thread_local std::chrono::steady_clock::time_point t_headers_done;

// The accepted socket of a connection, found by its two ports (httplib hides
// the descriptor from handlers). Test-only: fault injection uses it to make
// the connection end in a reset.
int FindConnectionSocket(int local_port, int remote_port) {
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir("/proc/self/fd"), ::closedir);
  if (!d) return -1;
  while (dirent* e = ::readdir(d.get())) {
    const int fd = std::atoi(e->d_name);
    if (fd <= 2) continue;
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t ll = sizeof(local), pl = sizeof(peer);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &ll) != 0 ||
        ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &pl) != 0) {
      continue;
    }
    const auto port_of = [](const sockaddr_storage& a) {
      if (a.ss_family == AF_INET)
        return static_cast<int>(
            ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port));
      if (a.ss_family == AF_INET6)
        return static_cast<int>(
            ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port));
      return -1;
    };
    if (port_of(local) == local_port && port_of(peer) == remote_port) return fd;
  }
  return -1;
}

struct RangeSpec {
  size_t begin = 0;
  size_t end = 0;  // inclusive
};

}  // namespace

// ---- The server
// ---------------------------------------------------------------

struct Server::Impl {
  ServerOptions options;
  std::string real_root;
  httplib::Server http;
  Engine engine;
  int port = 0;
  std::atomic<int> in_flight{0};
  std::atomic<int> faults_left{0};
  std::atomic<uint64_t> request_counter{0};
  std::string id_prefix;
  std::atomic<bool> run_started{false};
  std::atomic<bool> run_finished{false};
  std::atomic<bool> stop_requested{false};
  std::mutex etag_mu;
  std::map<std::string, std::pair<int64_t, std::string>>
      etag_cache;  // path -> (mtime_ns+size, etag)

  explicit Impl(ServerOptions o)
      : options(std::move(o)), engine(options.engine) {}

  int64_t Now() const {
    if (options.clock) return options.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  // 24 upper-case hex digits like OSS's: a random per-process prefix and a
  // counter, unique without coordination between threads.
  std::string NewRequestId() {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%s%012llX", id_prefix.c_str(),
                  static_cast<unsigned long long>(++request_counter));
    return buf;
  }

  void SendError(const Call& call, httplib::Response& res, const OssError& e) {
    res.status = e.http_status;
    if (!e.ec.empty()) res.set_header("x-oss-ec", e.ec);
    const std::string xml = ErrorXml(e, call.request_id, call.host);
    if (call.head) {
      // HEAD errors carry no body on OSS; ali-oss decodes x-oss-err instead.
      res.set_header("x-oss-err", Base64Encode(xml));
      res.set_header("Content-Length", "0");
      return;
    }
    SetBody(res, xml, "application/xml");
  }

  std::string ETagForFile(const std::string& path, const FileStat& st,
                          const std::string* contents) {
    const int64_t stamp = st.mtime_ns ^ (st.size << 1);
    {
      std::lock_guard<std::mutex> lock(etag_mu);
      auto it = etag_cache.find(path);
      if (it != etag_cache.end() && it->second.first == stamp)
        return it->second.second;
    }
    std::string etag;
    if (contents) {
      etag = ETagOf(*contents);
    } else {
      std::optional<std::string> data = ReadAll(path);
      etag = data ? ETagOf(*data) : "\"\"";
    }
    std::lock_guard<std::mutex> lock(etag_mu);
    if (etag_cache.size() > 100000) etag_cache.clear();
    etag_cache[path] = {stamp, etag};
    return etag;
  }

  // Parses the raw target and the Host header into `call`.
  std::optional<OssError> Parse(const httplib::Request& hreq, Call* call) {
    call->req.method = hreq.method;
    call->head = hreq.method == "HEAD";
    call->host = hreq.get_header_value("Host");
    for (const auto& [k, v] : hreq.headers) {
      // httplib adds the socket addresses as pseudo headers; they were never
      // sent, so they must not take part in signing.
      if (k == "REMOTE_ADDR" || k == "REMOTE_PORT" || k == "LOCAL_ADDR" ||
          k == "LOCAL_PORT") {
        continue;
      }
      call->req.headers.emplace_back(k, v);
    }
    const std::string& target = hreq.target;
    const size_t q = target.find('?');
    const std::string path = PercentDecode(target.substr(0, q));
    if (q != std::string::npos) {
      const std::string query = target.substr(q + 1);
      size_t start = 0;
      while (start <= query.size()) {
        size_t end = query.find('&', start);
        if (end == std::string::npos) end = query.size();
        const std::string item = query.substr(start, end - start);
        if (!item.empty()) {
          const size_t eq = item.find('=');
          if (eq == std::string::npos) {
            call->req.query.emplace_back(PercentDecode(item), std::nullopt);
          } else {
            call->req.query.emplace_back(PercentDecode(item.substr(0, eq)),
                                         PercentDecode(item.substr(eq + 1)));
          }
        }
        start = end + 1;
      }
    }
    if (path.empty() || path[0] != '/') {
      return MakeError(400, "InvalidRequest",
                       "The request path must start with '/'.");
    }
    std::string host = Lower(call->host);
    if (!host.empty() && host.front() == '[') {
      host = host.substr(0, host.find(']') + 1);
    } else if (host.find(':') != std::string::npos) {
      host = host.substr(0, host.find(':'));
    }
    // 1. CNAME map; 2. <bucket>.<endpoint> (ali-oss with an IP endpoint
    // sends Host: <bucket>.oss-<region>.aliyuncs.com); 3. path style when the
    // Host is an IP address or localhost.
    auto cname = options.cnames.find(host);
    if (cname != options.cnames.end()) {
      call->req.bucket = cname->second;
      call->req.key = path.substr(1);
    } else if (!IsIpLiteral(host) && host != "localhost" &&
               host.find('.') != std::string::npos) {
      call->req.bucket = host.substr(0, host.find('.'));
      call->req.key = path.substr(1);
    } else if (IsIpLiteral(host) || host == "localhost" || host.empty()) {
      const size_t slash = path.find('/', 1);
      call->req.bucket = path.substr(
          1, slash == std::string::npos ? std::string::npos : slash - 1);
      call->req.key = slash == std::string::npos ? "" : path.substr(slash + 1);
    } else {
      return MakeError(400, "InvalidRequest",
                       "Cannot tell the bucket from Host " + call->host + ".");
    }
    return std::nullopt;
  }

  std::optional<OssError> Authorize(const Call& call) {
    const oss::AuthScheme scheme = oss::DetectAuthScheme(call.req);
    if (scheme == oss::AuthScheme::kNone) {
      if (options.anonymous &&
          (call.req.method == "GET" || call.req.method == "HEAD")) {
        return std::nullopt;
      }
      return MakeError(
          403, "AccessDenied",
          options.anonymous
              ? "Anonymous access is allowed for reads only."
              : "Anonymous access is forbidden: sign the request.");
    }
    if (options.credentials.access_key_id.empty()) {
      return MakeError(
          403, "InvalidAccessKeyId",
          "This server has no access key (OSS_ACCESS_KEY_ID is unset).");
    }
    oss::VerifyOptions vo;
    vo.region = options.region;
    vo.now_unix = Now();
    std::optional<oss::AuthError> err =
        oss::VerifyRequest(call.req, options.credentials, vo);
    if (!err) return std::nullopt;
    OssError e = MakeError(err->http_status, err->code, err->message, err->ec);
    if (err->code == "SignatureDoesNotMatch") {
      e.extra.emplace_back("OSSAccessKeyId", err->access_key_id);
      e.extra.emplace_back("SignatureProvided", err->signature_provided);
      e.extra.emplace_back("StringToSign", err->string_to_sign);
      if (!err->canonical_request.empty()) {
        e.extra.emplace_back("CanonicalRequest", err->canonical_request);
      }
    }
    return e;
  }

  std::string BucketDir(const std::string& bucket) const {
    return real_root + "/" + bucket;
  }

  // An engine whose image watermarks (`image_` keys) resolve in the request's own bucket, as OSS
  // resolves them; DirectoryObjects refuses keys that would leave the bucket's folder.
  Engine EngineFor(const std::string& bucket) const {
    Options o = options.engine;
    o.watermark_objects = DirectoryObjects(BucketDir(bucket), o.limits.max_file_bytes);
    return Engine(std::move(o));
  }

  // The real path of an existing object, or an error (NoSuchKey, or
  // AccessDenied for a symlink that leads out of the bucket).
  StatusOr<std::string> ObjectPathForRead(const Call& call, OssError* err) {
    const std::string bucket_dir = BucketDir(call.req.bucket);
    const std::string path = bucket_dir + "/" + call.req.key;
    std::optional<std::string> real = RealPath(path);
    if (!real || !StatFile(*real)) {
      *err = NoSuchKey(call.req.key);
      return Status(StatusCode::kNotFound, "");
    }
    if (!Within(*real, bucket_dir)) {
      *err = MakeError(403, "AccessDenied",
                       "The key resolves outside its bucket.");
      return Status(StatusCode::kAccessDenied, "");
    }
    return *real;
  }

  // Creates the folders of `key` under the bucket, refusing any existing
  // component whose real path leaves the bucket; returns the file path.
  std::optional<std::string> PrepareWrite(const std::string& bucket,
                                          const std::string& key,
                                          OssError* err) {
    return PrepareWriteIn(BucketDir(bucket), key, err);
  }

  std::optional<std::string> PrepareWriteIn(const std::string& bucket_dir,
                                            const std::string& key,
                                            OssError* err) {
    std::string path = bucket_dir;
    size_t start = 0;
    while (true) {
      const size_t slash = key.find('/', start);
      if (slash == std::string::npos) break;
      path += "/" + key.substr(start, slash - start);
      if (::mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) {
        *err = MakeError(500, "InternalError",
                         "cannot create a folder for the key");
        return std::nullopt;
      }
      std::optional<std::string> real = RealPath(path);
      if (!real || !Within(*real, bucket_dir) || !IsDir(*real)) {
        *err =
            MakeError(400, "InvalidObjectName",
                      "A prefix of the key is an object or leaves the bucket.");
        return std::nullopt;
      }
      start = slash + 1;
    }
    path += "/" + key.substr(start);
    // A folder object ("dir/") is the folder itself, created above.
    if (key.back() == '/') return path;
    if (IsDir(path)) {
      *err = MakeError(409, "FileAlreadyExists",
                       "The key is a prefix of other objects.");
      return std::nullopt;
    }
    return path;
  }

  // ---- Object metadata ----
  // Content-Type, the headers OSS replays (Cache-Control, ...) and
  // x-oss-meta-* live in a JSON file per object under
  // <root>/.ossimg-meta/<bucket>/<key> (".ossimg-meta" can never be a bucket
  // name). It records the object's size and mtime, so a file replaced behind
  // the server's back is served without stale metadata.

  std::string MetaDir(const std::string& bucket) const {
    return real_root + "/.ossimg-meta/" + bucket;
  }

  static bool IsStoredHeader(const std::string& lower) {
    return lower == "content-type" || lower == "cache-control" ||
           lower == "content-disposition" || lower == "content-encoding" ||
           lower == "content-language" || lower == "expires" ||
           StartsWith(lower, "x-oss-meta-");
  }

  Status WriteMeta(
      const std::string& bucket, const std::string& key,
      const std::string& object_path,
      const std::vector<std::pair<std::string, std::string>>& headers) {
    ::mkdir((real_root + "/.ossimg-meta").c_str(), 0777);
    ::mkdir(MetaDir(bucket).c_str(), 0777);
    OssError err;
    std::optional<std::string> path =
        PrepareWriteIn(MetaDir(bucket), key, &err);
    if (!path) return IoError("cannot store the metadata: " + err.message);
    std::optional<FileStat> st = StatFile(object_path);
    if (!st) return IoError("the object vanished while being written");
    nlohmann::json j;
    j["size"] = st->size;
    j["mtime_ns"] = st->mtime_ns;
    j["headers"] = nlohmann::json::object();
    for (const auto& [k, v] : headers) j["headers"][k] = v;
    const std::string text = j.dump();
    return WriteFileAtomically(*path,
                               std::vector<uint8_t>(text.begin(), text.end()));
  }

  std::vector<std::pair<std::string, std::string>> ReadMeta(
      const std::string& bucket, const std::string& key, const FileStat& st) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::string path = MetaDir(bucket) + "/" + key;
    std::optional<std::string> real = RealPath(path);
    if (!real || !Within(*real, MetaDir(bucket))) return out;
    std::optional<std::string> text = ReadAll(*real);
    if (!text) return out;
    const nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || j.value("size", int64_t{-1}) != st.size ||
        j.value("mtime_ns", int64_t{-1}) != st.mtime_ns ||
        !j.contains("headers") || !j["headers"].is_object()) {
      return out;
    }
    for (const auto& [k, v] : j["headers"].items()) {
      if (v.is_string()) out.emplace_back(k, v.get<std::string>());
    }
    return out;
  }

  void DeleteMeta(const std::string& bucket, const std::string& key) {
    const std::string path = MetaDir(bucket) + "/" + key;
    const size_t slash = path.rfind('/');
    std::optional<std::string> parent = RealPath(path.substr(0, slash));
    struct stat st;
    if (parent && Within(*parent, MetaDir(bucket)) &&
        ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      ::unlink(path.c_str());
    }
  }

  std::optional<OssError> CheckBucket(const std::string& bucket) {
    if (!ValidBucketName(bucket)) {
      OssError e = MakeError(400, "InvalidBucketName",
                             "The specified bucket is not valid.");
      e.extra.emplace_back("BucketName", bucket);
      return e;
    }
    if (!IsDir(BucketDir(bucket))) return NoSuchBucket(bucket);
    return std::nullopt;
  }

  // ---- Operations ----

  // Sets status/headers for a conditional GET; true when answered (304/412).
  bool Conditionals(const Call& call, httplib::Response& res,
                    const std::string& etag, int64_t mtime) {
    const auto header = [&](const char* n) { return call.req.Header(n); };
    if (auto im = header("If-Match")) {
      if (*im != "*" && *im != etag) {
        SendError(call, res,
                  MakeError(412, "PreconditionFailed",
                            "At least one of the pre-conditions you specified "
                            "did not hold."));
        return true;
      }
    }
    if (auto ius = header("If-Unmodified-Since")) {
      auto t = oss::ParseHttpDate(*ius);
      if (t && mtime > *t) {
        SendError(call, res,
                  MakeError(412, "PreconditionFailed",
                            "At least one of the pre-conditions you specified "
                            "did not hold."));
        return true;
      }
    }
    bool not_modified = false;
    if (auto inm = header("If-None-Match")) {
      not_modified = *inm == "*" || *inm == etag;
    } else if (auto ims = header("If-Modified-Since")) {
      auto t = oss::ParseHttpDate(*ims);
      not_modified = t && mtime <= *t;
    }
    if (not_modified) {
      res.status = 304;
      res.set_header("ETag", etag);
      res.set_header("Last-Modified", oss::FormatHttpDate(mtime));
      return true;
    }
    return false;
  }

  // OSS serves one range; an invalid one is ignored (whole object, 200)
  // unless x-oss-range-behavior: standard asks for 416 on a start past the end.
  std::optional<RangeSpec> ParseRange(const Call& call, size_t size,
                                      bool* unsatisfiable) {
    *unsatisfiable = false;
    const std::optional<std::string> h = call.req.Header("Range");
    if (!h || !StartsWith(*h, "bytes=")) return std::nullopt;
    const bool standard =
        Lower(call.req.Header("x-oss-range-behavior").value_or("")) ==
        "standard";
    const std::string spec = h->substr(6);
    if (spec.find(',') != std::string::npos) return std::nullopt;
    const size_t dash = spec.find('-');
    if (dash == std::string::npos) return std::nullopt;
    const std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
    const auto num = [](const std::string& s) -> std::optional<uint64_t> {
      if (s.empty() || s.size() > 18 ||
          s.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
      }
      return std::stoull(s);
    };
    RangeSpec r;
    if (a.empty()) {  // bytes=-n: the last n bytes
      auto n = num(b);
      if (!n || *n == 0 || size == 0) return std::nullopt;
      r.begin = *n >= size ? 0 : size - static_cast<size_t>(*n);
      r.end = size - 1;
      return r;
    }
    auto first = num(a);
    if (!first) return std::nullopt;
    std::optional<uint64_t> last;
    if (!b.empty()) {
      last = num(b);
      if (!last || *last < *first) return std::nullopt;
    }
    if (*first >= size) {
      *unsatisfiable = standard;
      return std::nullopt;
    }
    r.begin = static_cast<size_t>(*first);
    if (!last) {
      r.end = size - 1;
    } else if (*last >= size) {
      if (!standard) return std::nullopt;  // OSS ignores an end past EOF
      r.end = size - 1;
    } else {
      r.end = static_cast<size_t>(*last);
    }
    return r;
  }

  void SendObjectBytes(const Call& call, httplib::Response& res,
                       std::string body, const std::string& content_type,
                       const std::string& etag, int64_t mtime) {
    res.set_header("ETag", etag);
    res.set_header("Last-Modified", oss::FormatHttpDate(mtime));
    res.set_header("Accept-Ranges", "bytes");
    res.set_header("x-oss-object-type", "Normal");
    res.set_header("x-oss-storage-class", "Standard");
    bool unsatisfiable = false;
    const std::optional<RangeSpec> range =
        call.req.method == "GET" ? ParseRange(call, body.size(), &unsatisfiable)
                                 : std::nullopt;
    if (unsatisfiable) {
      SendError(call, res,
                MakeError(416, "InvalidRange",
                          "The requested range is not satisfiable."));
      return;
    }
    if (range) {
      res.status = 206;
      res.set_header("Content-Range", "bytes " + std::to_string(range->begin) +
                                          "-" + std::to_string(range->end) +
                                          "/" + std::to_string(body.size()));
      body = body.substr(range->begin, range->end - range->begin + 1);
    } else {
      res.status = 200;
    }
    SetBody(res, std::move(body), content_type);
  }

  void GetObject(const Call& call, httplib::Response& res) {
    OssError err;
    StatusOr<std::string> path = ObjectPathForRead(call, &err);
    if (!path.ok()) return SendError(call, res, err);
    std::optional<FileStat> st = StatFile(*path);
    std::optional<std::string> data = st ? ReadAll(*path) : std::nullopt;
    if (!data) return SendError(call, res, NoSuchKey(call.req.key));
    const std::optional<std::string> process = call.req.Query("x-oss-process");
    if (process && !process->empty() && call.req.method == "GET") {
      StatusOr<ProcessSpec> spec =
          ParseProcess(*process, options.engine.limits);
      if (!spec.ok()) return SendError(call, res, FromStatus(spec.status()));
      if (spec->save_as) {
        return SendError(
            call, res,
            MakeError(400, "InvalidArgument",
                      "sys/saveas is only allowed in a POST (ImagePersist)."));
      }
      StatusOr<Result> out = EngineFor(call.req.bucket)
                                 .Process(reinterpret_cast<const uint8_t*>(data->data()),
                                          data->size(), *process);
      if (!out.ok()) return SendError(call, res, FromStatus(out.status()));
      std::string body(out->bytes.begin(), out->bytes.end());
      const std::string etag = ETagOf(body);
      if (Conditionals(call, res, etag, st->mtime)) return;
      return SendObjectBytes(call, res, std::move(body), out->content_type,
                             etag, st->mtime);
    }
    const std::string etag = ETagForFile(*path, *st, &*data);
    if (Conditionals(call, res, etag, st->mtime)) return;
    // The Content-Type given to PutObject, else the key's extension, else
    // what the bytes look like.
    std::string type;
    for (const auto& [k, v] : ReadMeta(call.req.bucket, call.req.key, *st)) {
      if (k == "content-type") {
        type = v;
      } else {
        res.set_header(k, v);
      }
    }
    if (type.empty()) {
      if (const char* m = MimeForKey(call.req.key)) {
        type = m;
      } else {
        const ImageFormat f = SniffImageFormat(
            reinterpret_cast<const uint8_t*>(data->data()), data->size());
        type = f == ImageFormat::kUnknown ? "application/octet-stream"
                                          : ImageFormatMimeType(f);
      }
    }
    SendObjectBytes(call, res, std::move(*data), type, etag, st->mtime);
  }

  void PutObject(const Call& call, const httplib::Request& hreq,
                 httplib::Response& res) {
    if (call.req.Header("x-oss-copy-source")) {
      return SendError(
          call, res,
          MakeError(501, "NotImplemented", "CopyObject is not implemented."));
    }
    const std::string forbid =
        Lower(call.req.Header("x-oss-forbid-overwrite").value_or("false"));
    if (forbid != "true" && forbid != "false") {
      return SendError(
          call, res,
          MakeError(400, "InvalidArgument",
                    "x-oss-forbid-overwrite must be true or false.",
                    "0017-00000279"));
    }
    if (auto md5 = call.req.Header("Content-MD5")) {
      if (*md5 != Base64Encode(Md5Raw(hreq.body))) {
        return SendError(call, res,
                         MakeError(400, "InvalidDigest",
                                   "The Content-MD5 you specified did not "
                                   "match what was received."));
      }
    }
    OssError err;
    if (call.req.key.back() == '/' && !hreq.body.empty()) {
      return SendError(call, res,
                       MakeError(400, "InvalidObjectName",
                                 "A folder object (key ending in '/') must "
                                 "be empty: it is stored as a folder."));
    }
    std::optional<std::string> path =
        PrepareWrite(call.req.bucket, call.req.key, &err);
    if (!path) return SendError(call, res, err);
    if (call.req.key.back() == '/') {
      res.status = 200;
      res.set_header("ETag", ETagOf(""));
      res.set_header("Content-Length", "0");
      return;
    }
    if (forbid == "true" && StatFile(*path)) {
      return SendError(call, res,
                       MakeError(409, "FileAlreadyExists",
                                 "The object you specified already exists and "
                                 "can not be overwritten.",
                                 "0026-00000002"));
    }
    Status s = WriteFileAtomically(
        *path, std::vector<uint8_t>(hreq.body.begin(), hreq.body.end()));
    if (!s.ok()) return SendError(call, res, FromStatus(s));
    std::vector<std::pair<std::string, std::string>> stored;
    for (const auto& [k, v] : call.req.headers) {
      const std::string lower = Lower(k);
      if (IsStoredHeader(lower)) stored.emplace_back(lower, v);
    }
    s = WriteMeta(call.req.bucket, call.req.key, *path, stored);
    if (!s.ok()) return SendError(call, res, FromStatus(s));
    res.status = 200;
    res.set_header("ETag", ETagOf(hreq.body));
    res.set_header("Content-MD5", Base64Encode(Md5Raw(hreq.body)));
    res.set_header("Content-Length", "0");
  }

  void DeleteObject(const Call& call, httplib::Response& res) {
    const std::string bucket_dir = BucketDir(call.req.bucket);
    const std::string path = bucket_dir + "/" + call.req.key;
    // The link itself is removed, never what it points to; its folder must
    // still be inside the bucket.
    const size_t slash = path.rfind('/');
    std::optional<std::string> parent = RealPath(path.substr(0, slash));
    struct stat st;
    if (parent && Within(*parent, bucket_dir) &&
        ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
        call.req.key.back() == '/') {
      ::rmdir(path.c_str());  // a folder object goes only when empty
    } else if (parent && Within(*parent, bucket_dir) &&
               ::lstat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
      if (::unlink(path.c_str()) != 0) {
        return SendError(
            call, res,
            MakeError(500, "InternalError", "cannot delete the object"));
      }
    }
    DeleteMeta(call.req.bucket, call.req.key);
    res.status = 204;  // also when the key did not exist, as OSS answers
  }

  void ImagePersist(const Call& call, const httplib::Request& hreq,
                    httplib::Response& res) {
    // Body: "x-oss-process=<value>", the value form-urlencoded by ali-oss and
    // raw by the other SDKs; split at the first '=' and decode once without
    // turning '+' into a space.
    const std::string& body = hreq.body;
    const size_t eq = body.find('=');
    if (eq == std::string::npos ||
        Lower(body.substr(0, eq)) != "x-oss-process") {
      return SendError(call, res,
                       MakeError(400, "InvalidRequest",
                                 "The body must be x-oss-process=<process>."));
    }
    std::string process = PercentDecode(body.substr(eq + 1));
    while (!process.empty() &&
           (process.back() == '\n' || process.back() == '\r'))
      process.pop_back();
    if (process.empty()) {
      return SendError(
          call, res, MakeError(400, "InvalidRequest", "The process is empty."));
    }
    StatusOr<ProcessSpec> spec = ParseProcess(process, options.engine.limits);
    if (!spec.ok()) return SendError(call, res, FromStatus(spec.status()));
    std::string target_bucket = call.req.bucket;
    if (spec->save_as && !spec->save_as->bucket.empty())
      target_bucket = spec->save_as->bucket;
    if (spec->save_as) {
      if (auto e = CheckBucket(target_bucket)) return SendError(call, res, *e);
      if (!ValidKey(spec->save_as->object) ||
          spec->save_as->object.back() == '/') {
        return SendError(call, res,
                         MakeError(400, "InvalidObjectName",
                                   "The saveas object name is not valid."));
      }
    }
    OssError err;
    StatusOr<std::string> path = ObjectPathForRead(call, &err);
    if (!path.ok()) return SendError(call, res, err);
    std::optional<std::string> data = ReadAll(*path);
    if (!data) return SendError(call, res, NoSuchKey(call.req.key));
    StatusOr<Result> out = EngineFor(call.req.bucket).Process(
        reinterpret_cast<const uint8_t*>(data->data()), data->size(), process);
    if (!out.ok()) return SendError(call, res, FromStatus(out.status()));
    if (!spec->save_as) {
      // Without saveas OSS answers with the processed bytes.
      res.status = 200;
      SetBody(res, std::string(out->bytes.begin(), out->bytes.end()),
              out->content_type);
      return;
    }
    std::optional<std::string> target =
        PrepareWrite(target_bucket, spec->save_as->object, &err);
    if (!target) return SendError(call, res, err);
    Status s = WriteFileAtomically(*target, out->bytes);
    if (s.ok()) {
      s = WriteMeta(target_bucket, spec->save_as->object, *target,
                    {{"content-type", out->content_type}});
    }
    if (!s.ok()) return SendError(call, res, FromStatus(s));
    // OSS's answer: pretty-printed, sorted keys, "bucket" empty when b_ was
    // not given.
    nlohmann::json j;
    j["bucket"] = spec->save_as->bucket;
    j["fileSize"] = out->bytes.size();
    j["object"] = spec->save_as->object;
    j["status"] = "OK";
    res.status = 200;
    SetBody(res, j.dump(4), "application/json");
  }

  // ListObjectsV2 (list-type=2: continuation-token, start-after, KeyCount)
  // and ListObjects V1 (marker, NextMarker, Owner), which ali-oss's list()
  // uses.
  void ListObjects(const Call& call, httplib::Response& res, bool v2) {
    const std::string prefix = call.req.Query("prefix").value_or("");
    const std::string delimiter = call.req.Query("delimiter").value_or("");
    const bool url_encode =
        call.req.Query("encoding-type").value_or("") == "url";
    int max_keys = 100;
    if (auto mk = call.req.Query("max-keys")) {
      if (mk->empty() || mk->size() > 6 ||
          mk->find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(*mk) > 1000) {
        return SendError(
            call, res,
            MakeError(400, "InvalidArgument", "max-keys must be 0 to 1000."));
      }
      max_keys = std::stoi(*mk);
    }
    std::string after =
        call.req.Query(v2 ? "start-after" : "marker").value_or("");
    const std::optional<std::string> token =
        v2 ? call.req.Query("continuation-token") : std::nullopt;
    // A token or marker we handed out may name a common prefix: everything
    // under it was rolled up already. A client's start-after is a plain key.
    const bool resume = token.has_value() || (!v2 && !after.empty());
    if (token) {
      // The token is the last key or common prefix handed out, base64'd.
      std::string decoded(token->size(), '\0');
      const int n =
          EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                          reinterpret_cast<const unsigned char*>(token->data()),
                          static_cast<int>(token->size()));
      if (n < 0)
        return SendError(
            call, res,
            MakeError(400, "InvalidArgument", "Invalid continuation-token."));
      decoded.resize(static_cast<size_t>(n));
      size_t pad = 0;
      for (size_t i = token->size(); i > 0 && (*token)[i - 1] == '='; --i)
        ++pad;
      decoded.resize(decoded.size() - std::min(pad, decoded.size()));
      after = decoded;
    }
    std::vector<std::string> keys;
    WalkKeys(BucketDir(call.req.bucket), "", &keys);
    std::sort(keys.begin(), keys.end());
    const auto enc = [url_encode](const std::string& s) {
      return XmlEscape(url_encode ? oss::UriEncode(s, true) : s);
    };
    std::string contents, prefixes, last;
    int count = 0;
    bool truncated = false;
    std::string last_prefix;
    for (const std::string& key : keys) {
      if (!StartsWith(key, prefix)) continue;
      if (!after.empty() &&
          (key <= after ||
           (resume && !delimiter.empty() && after.size() >= delimiter.size() &&
            after.compare(after.size() - delimiter.size(), delimiter.size(),
                          delimiter) == 0 &&
            StartsWith(key, after)))) {
        continue;
      }
      std::string common;
      if (!delimiter.empty()) {
        const size_t pos = key.find(delimiter, prefix.size());
        if (pos != std::string::npos)
          common = key.substr(0, pos + delimiter.size());
      }
      if (!common.empty() && common == last_prefix) continue;
      if (count == max_keys) {
        truncated = true;
        break;
      }
      ++count;
      if (!common.empty()) {
        last_prefix = common;
        last = common;
        prefixes += "<CommonPrefixes><Prefix>" + enc(common) +
                    "</Prefix></CommonPrefixes>";
        continue;
      }
      last = key;
      const std::string path = BucketDir(call.req.bucket) + "/" + key;
      std::optional<FileStat> st = StatFile(path);
      if (!st) continue;
      contents += "<Contents><Key>" + enc(key) + "</Key><LastModified>" +
                  IsoTime(st->mtime) + "</LastModified><ETag>" +
                  XmlEscape(ETagForFile(path, *st, nullptr)) +
                  "</ETag><Type>Normal</Type><Size>" +
                  std::to_string(st->size) +
                  "</Size><StorageClass>Standard</StorageClass>" +
                  (v2 ? ""
                      : "<Owner><ID>ossimg</ID><DisplayName>ossimg</"
                        "DisplayName></Owner>") +
                  "</Contents>";
    }
    std::string x =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>";
    x += "<Name>" + XmlEscape(call.req.bucket) + "</Name>";
    x += "<Prefix>" + enc(prefix) + "</Prefix>";
    if (!v2) x += "<Marker>" + enc(after) + "</Marker>";
    if (token)
      x += "<ContinuationToken>" + XmlEscape(*token) + "</ContinuationToken>";
    if (auto sa = call.req.Query("start-after"); sa && v2)
      x += "<StartAfter>" + enc(*sa) + "</StartAfter>";
    x += "<MaxKeys>" + std::to_string(max_keys) + "</MaxKeys>";
    x += "<Delimiter>" + enc(delimiter) + "</Delimiter>";
    if (url_encode) x += "<EncodingType>url</EncodingType>";
    x += std::string("<IsTruncated>") + (truncated ? "true" : "false") +
         "</IsTruncated>";
    if (v2) x += "<KeyCount>" + std::to_string(count) + "</KeyCount>";
    if (truncated && v2)
      x += "<NextContinuationToken>" + XmlEscape(Base64Encode(last)) +
           "</NextContinuationToken>";
    if (truncated && !v2) x += "<NextMarker>" + enc(last) + "</NextMarker>";
    x += contents + prefixes + "</ListBucketResult>\n";
    res.status = 200;
    SetBody(res, x, "application/xml");
  }

  void Handle(const httplib::Request& hreq, httplib::Response& res) {
    Call call;
    call.request_id = NewRequestId();
    res.set_header("x-oss-request-id", call.request_id);
    res.set_header("Server", "ossimg");
    if (auto e = Parse(hreq, &call)) return SendError(call, res, *e);
    if (auto e = Authorize(call)) return SendError(call, res, *e);
    // V4 signs x-oss-content-sha256; when it is a real hash rather than
    // UNSIGNED-PAYLOAD, the body must match it.
    if (auto sha = call.req.Header("x-oss-content-sha256");
        sha && *sha != "UNSIGNED-PAYLOAD" &&
        Lower(*sha) != Sha256Hex(hreq.body)) {
      return SendError(call, res,
                       MakeError(400, "InvalidDigest",
                                 "x-oss-content-sha256 does not match the "
                                 "body."));
    }
    const std::string& m = call.req.method;
    if (call.req.bucket.empty()) {
      return SendError(
          call, res,
          MakeError(
              501, "NotImplemented",
              "Service-level requests (ListBuckets) are not implemented."));
    }
    if (auto e = CheckBucket(call.req.bucket)) return SendError(call, res, *e);
    if (call.req.key.empty()) {
      if (m == "GET") {
        return ListObjects(call, res,
                           call.req.Query("list-type").value_or("") == "2");
      }
      return SendError(call, res,
                       MakeError(501, "NotImplemented",
                                 "Bucket operations are not implemented."));
    }
    if (!ValidKey(call.req.key)) {
      OssError e = MakeError(400, "InvalidObjectName",
                             "The object name is not valid (empty, '.', '..' "
                             "or NUL segments, or too long).");
      e.extra.emplace_back("Key", call.req.key);
      return SendError(call, res, e);
    }
    if (m == "GET" || m == "HEAD") return GetObject(call, res);
    if (m == "PUT") return PutObject(call, hreq, res);
    if (m == "DELETE") return DeleteObject(call, res);
    if (m == "POST" && call.req.Query("x-oss-process"))
      return ImagePersist(call, hreq, res);
    SendError(
        call, res,
        MakeError(
            405, "MethodNotAllowed",
            "The specified method is not allowed against this resource."));
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

StatusOr<std::unique_ptr<Server>> Server::Create(ServerOptions options) {
  std::optional<std::string> real_root = RealPath(options.root);
  if (!real_root || !IsDir(*real_root)) {
    return Status(StatusCode::kIoError,
                  "--root " + options.root + " is not a folder");
  }
  for (auto& [host, bucket] : options.cnames) {
    if (!ValidBucketName(bucket)) {
      return InvalidArgumentError("--cname " + host + "=" + bucket +
                                  ": invalid bucket name");
    }
  }
  std::map<std::string, std::string> cnames;
  for (auto& [host, bucket] : options.cnames) cnames[Lower(host)] = bucket;
  options.cnames = std::move(cnames);
  auto impl = std::make_unique<Impl>(std::move(options));
  impl->faults_left = impl->options.fault_count;
  impl->real_root = *real_root;
  {
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%012X",
                  static_cast<unsigned>(rd()) & 0xFFFFFFFu);
    impl->id_prefix = buf;
  }
  Impl* p = impl.get();
  httplib::Server& http = impl->http;
  const int limit = std::max(1, p->options.max_in_flight);
  const size_t workers = static_cast<size_t>(limit) + 4;
  http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  http.set_payload_max_length(p->options.max_body_bytes);
  http.set_pre_routing_handler(
      [p, limit](const httplib::Request& req, httplib::Response& res) {
        // httplib parsed Range already and would slice bodies itself (416 on
        // ranges OSS ignores); OSS's rules are applied in SendObjectBytes
        // instead. The Request object is not const where httplib owns it.
        const_cast<httplib::Request&>(req).ranges.clear();
        t_headers_done = std::chrono::steady_clock::now();
        if (t_counted) p->in_flight.fetch_sub(1);
        t_counted = true;
        const auto refuse = [p, &req, &res](int status, const char* code,
                                           const char* message) {
          Call call;
          call.request_id = p->NewRequestId();
          call.host = req.get_header_value("Host");
          call.head = req.method == "HEAD";
          res.set_header("x-oss-request-id", call.request_id);
          // The body (if any) is left unread: the connection cannot be
          // reused.
          res.set_header("Connection", "close");
          p->SendError(call, res, MakeError(status, code, message));
          return httplib::Server::HandlerResponse::Handled;
        };
        if (p->faults_left.load() > 0 && p->faults_left.fetch_sub(1) > 0) {
          if (p->options.fault == ServerOptions::Fault::kFail503) {
            return refuse(503, "ServiceUnavailable",
                          "Injected fault (--fail-first).");
          }
          // Linger 0 turns httplib's close into a reset; the provider
          // failing makes it close right after the status line.
          const int fd = FindConnectionSocket(
              std::atoi(req.get_header_value("LOCAL_PORT").c_str()),
              std::atoi(req.get_header_value("REMOTE_PORT").c_str()));
          if (fd >= 0) {
            linger lg{1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
          }
          res.status = 200;
          res.set_content_provider(
              1, "application/octet-stream",
              [](size_t, size_t, httplib::DataSink&) { return false; });
          return httplib::Server::HandlerResponse::Handled;
        }
        size_t header_bytes = 0, header_count = 0;
        for (const auto& [k, v] : req.headers) {
          header_bytes += k.size() + v.size() + 4;
          ++header_count;
        }
        if (header_bytes > p->options.max_header_bytes ||
            header_count > p->options.max_header_count) {
          return refuse(400, "RequestHeaderTooLarge",
                        "The request headers are too large or too many.");
        }
        if (p->in_flight.fetch_add(1) + 1 > limit) {
          return refuse(503, "SlowDown", "Please reduce your request rate.");
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  http.set_post_routing_handler(
      [p](const httplib::Request&, httplib::Response& res) {
        if (t_counted) {
          p->in_flight.fetch_sub(1);
          t_counted = false;
        }
        if (!res.has_header("x-oss-request-id"))
          res.set_header("x-oss-request-id", p->NewRequestId());
      });
  // Errors httplib answers by itself (malformed request line, 413 body too
  // large, 416 unparsable Range, unknown method) get an OSS-shaped body too.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [p](const httplib::Request& req, httplib::Response& res) {
        if (res.has_header("x-oss-request-id"))
          return httplib::Server::HandlerResponse::Unhandled;
        const_cast<httplib::Request&>(req).ranges.clear();
        Call call;
        call.request_id = p->NewRequestId();
        call.host = req.get_header_value("Host");
        call.head = req.method == "HEAD";
        res.set_header("x-oss-request-id", call.request_id);
        OssError e;
        switch (res.status) {
          case 413:
            e = MakeError(
                413, "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed size.");
            break;
          case 416:
            e = MakeError(416, "InvalidRange",
                          "The requested range cannot be parsed.");
            break;
          case 404:
            e = MakeError(
                405, "MethodNotAllowed",
                "The specified method is not allowed against this resource.");
            break;
          default:
            e = MakeError(res.status, "InvalidRequest",
                          "Malformed HTTP request.");
            break;
        }
        p->SendError(call, res, e);
        return httplib::Server::HandlerResponse::Handled;
      }));
  const auto handler = [p](const httplib::Request& req,
                           httplib::Response& res) { p->Handle(req, res); };
  // Bodies are read here rather than by httplib so that a body trickling in
  // under the per-read timeout still meets the body time budget and the size
  // limit as it arrives.
  const auto with_body = [p](const httplib::Request& req,
                             httplib::Response& res,
                             const httplib::ContentReader& reader) {
    const auto deadline =
        t_headers_done +
        std::chrono::milliseconds(p->options.body_time_budget_ms);
    std::string body;
    bool too_slow = false, too_big = false;
    // A declared length over the limit is refused before any of it is read.
    const std::string declared = req.get_header_value("Content-Length");
    too_big = declared.size() > 18 ||
              (!declared.empty() && std::strtoull(declared.c_str(), nullptr,
                                                  10) > p->options.max_body_bytes);
    const bool ok = !too_big && reader([&](const char* data, size_t len) {
      if (std::chrono::steady_clock::now() > deadline) {
        too_slow = true;
        return false;
      }
      if (body.size() + len > p->options.max_body_bytes) {
        too_big = true;
        return false;
      }
      body.append(data, len);
      return true;
    });
    if (!ok || too_slow || too_big) {
      Call call;
      call.request_id = p->NewRequestId();
      call.host = req.get_header_value("Host");
      res.set_header("x-oss-request-id", call.request_id);
      res.set_header("Connection", "close");
      p->SendError(
          call, res,
          too_big ? MakeError(413, "EntityTooLarge",
                              "Your proposed upload exceeds the maximum "
                              "allowed size.")
                  : MakeError(400, "RequestTimeout",
                              "The request body did not arrive in time."));
      return;
    }
    const_cast<httplib::Request&>(req).body = std::move(body);
    p->Handle(req, res);
  };
  http.Get(".*", handler);  // also HEAD
  http.Put(".*", with_body);
  http.Post(".*", with_body);
  http.Delete(".*", handler);
  const int rt = std::max(1, p->options.read_timeout_ms);
  http.set_read_timeout(rt / 1000, (rt % 1000) * 1000);
  http.set_keep_alive_timeout(std::max(1, rt / 1000));
  // Connection reuse matters to clients more than httplib's default of 5
  // requests per connection.
  http.set_keep_alive_max_count(1000);
  // httplib listens with a backlog of 5 (compiled into the library): a
  // burst of new connections overflows it and the kernel drops SYNs, which
  // clients retry only after a second. The socket is caught here and given
  // a real backlog once bound.
  auto listen_socket = std::make_shared<int>(-1);
  http.set_socket_options([listen_socket](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listen_socket = sock;
  });
  if (p->options.port == 0) {
    p->port = http.bind_to_any_port(p->options.host);
  } else {
    p->port = http.bind_to_port(p->options.host, p->options.port)
                  ? p->options.port
                  : -1;
  }
  if (p->port > 0 && *listen_socket >= 0) ::listen(*listen_socket, SOMAXCONN);
  if (p->port <= 0) {
    return Status(StatusCode::kIoError, "cannot listen on " + p->options.host +
                                            ":" +
                                            std::to_string(p->options.port) +
                                            ": " + std::strerror(errno));
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }
const std::string& Server::host() const { return impl_->options.host; }

Status Server::Run() {
  impl_->run_started = true;
  if (impl_->stop_requested) {
    impl_->run_finished = true;
    return Status::Ok();
  }
  const bool ok = impl_->http.listen_after_bind();
  impl_->run_finished = true;
  if (!ok) return Status(StatusCode::kIoError, "the listening socket failed");
  return Status::Ok();
}

void Server::Stop() {
  // httplib's stop() does nothing until its loop runs, so a Stop() that races
  // with Run() waits for the loop to start (or for Run() to give up).
  impl_->stop_requested = true;
  if (!impl_->run_started) return;
  while (!impl_->http.is_running() && !impl_->run_finished) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->http.stop();
}

}  // namespace ossimg::serve
