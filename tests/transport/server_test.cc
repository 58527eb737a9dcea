// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg serve` driven over loopback with httplib's client and our own
// signer: every request below is signed (or presigned) exactly as an OSS SDK
// would, and the answers are checked for OSS's codes, statuses and headers.
// The server runs in-process on a free port with a fixed clock, so expiry and
// skew are tested without sleeping; one test runs the real `ossimg serve`
// binary and stops it with SIGTERM.

#include "transport/server.h"

#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ossimg/codec.h"
#include "ossimg/transport.h"

#include "transport/verify.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

namespace ossimg::serve {
namespace {

constexpr int64_t kNow =
    1767225600;  // 2026-01-01T00:00:00Z, the server's clock
const char* kId = "LTAI-test-id";
const char* kSecret = "test-secret";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

enum class Sign { kNone, kV1, kV4, kV1Presign, kV4Presign };

struct Call {
  std::string method = "GET";
  std::string bucket = "bkt";
  std::string key;
  std::vector<std::pair<std::string, std::optional<std::string>>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Sign sign = Sign::kV4;
  int64_t time = kNow;  // signing time
  std::string secret = kSecret;
  int64_t expires = 600;
  // "path" (/bucket/key on 127.0.0.1), "vhost" (<bucket>.oss-cn-hangzhou...),
  // or a CNAME host bound to the bucket.
  std::string style = "path";
  std::string raw_path;  // sent as is when set (traversal tests)
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(ServerOptions()); }
  void TearDown() override { StopServer(); }

  void StartServer(ServerOptions o) {
    char tmpl[] = "/tmp/ossimg-serve-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    ASSERT_EQ(::mkdir((root_ + "/bkt").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((root_ + "/dst-bkt").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((root_ + "/outside").c_str(), 0755), 0);
    photo_ = ReadFile(std::string(OSSIMG_SOURCE_DIR) +
                      "/samples/coffee-600x400.jpg");
    ASSERT_FALSE(photo_.empty());
    WriteFile(root_ + "/bkt/photo.jpg", photo_);
    o.root = root_;
    o.host = "127.0.0.1";
    o.port = 0;
    o.credentials.access_key_id = kId;
    o.credentials.access_key_secret = kSecret;
    o.cnames["img.example.test"] = "bkt";
    o.clock = [] { return kNow; };
    o.engine.threads = 1;
    StatusOr<std::unique_ptr<Server>> s = Server::Create(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
    thread_ = std::thread([this] { ASSERT_TRUE(server_->Run().ok()); });
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
    std::system(("rm -rf '" + root_ + "'").c_str());
  }

  httplib::Result Send(const Call& c) {
    oss::Request req;
    req.method = c.method;
    req.bucket = c.bucket;
    req.key = c.key;
    req.query = c.query;
    req.headers = c.headers;
    oss::Credentials creds{kId, c.secret, ""};
    std::string query;
    const auto encode_query = [](const oss::Request& r) {
      std::string q;
      for (const auto& [k, v] : r.query) {
        q += (q.empty() ? "" : "&") + oss::UriEncode(k, false) +
             (v ? "=" + oss::UriEncode(*v, false) : "");
      }
      return q;
    };
    switch (c.sign) {
      case Sign::kNone:
        query = encode_query(req);
        break;
      case Sign::kV1:
        req.headers.emplace_back("x-oss-date", oss::FormatHttpDate(c.time));
        req.headers.emplace_back("Authorization",
                                 oss::V1Authorization(req, creds));
        query = encode_query(req);
        break;
      case Sign::kV4:
        req.headers.emplace_back("x-oss-date", oss::FormatIso8601Basic(c.time));
        if (!req.Header("x-oss-content-sha256")) {
          req.headers.emplace_back("x-oss-content-sha256", "UNSIGNED-PAYLOAD");
        }
        req.headers.emplace_back(
            "Authorization",
            oss::V4Authorization(req, creds, "cn-hangzhou", {}));
        query = encode_query(req);
        break;
      case Sign::kV1Presign:
        query = oss::V1PresignQuery(req, creds, c.time + c.expires);
        break;
      case Sign::kV4Presign:
        query =
            oss::V4PresignQuery(req, creds, "cn-hangzhou",
                                oss::FormatIso8601Basic(c.time), c.expires, {});
        break;
    }
    httplib::Request h;
    h.method = c.method;
    std::string host = "127.0.0.1:" + std::to_string(server_->port());
    std::string path;
    if (c.style == "path") {
      path = "/" + c.bucket + "/" + oss::UriEncode(c.key, true);
    } else {
      host = (c.style == "vhost" ? c.bucket + ".oss-cn-hangzhou.aliyuncs.com"
                                 : c.style) +
             ":" + std::to_string(server_->port());
      path = "/" + oss::UriEncode(c.key, true);
    }
    if (!c.raw_path.empty()) path = c.raw_path;
    h.path = path + (query.empty() ? "" : "?" + query);
    for (const auto& [k, v] : req.headers) h.headers.emplace(k, v);
    h.headers.emplace("Host", host);
    h.body = c.body;
    httplib::Client cli("127.0.0.1", server_->port());
    cli.set_url_encode(false);
    return cli.send(h);
  }

  static std::string Header(const httplib::Result& r, const char* name) {
    return r->get_header_value(name);
  }

  std::string root_;
  std::string photo_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

Call Get(std::string key, std::optional<std::string> process = std::nullopt) {
  Call c;
  c.key = std::move(key);
  if (process) c.query.emplace_back("x-oss-process", *process);
  return c;
}

int ImageWidth(const std::string& bytes) {
  StatusOr<ImageInfo> info = ProbeImage(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), Limits());
  return info.ok() ? info->width : -1;
}

// ---- Success in each addressing mode and signature scheme ----

TEST_F(ServerTest, GetWithProcessInEverySchemeAndAddressingMode) {
  for (Sign sign : {Sign::kV1, Sign::kV4, Sign::kV1Presign, Sign::kV4Presign}) {
    for (const char* style : {"path", "vhost", "img.example.test"}) {
      Call c = Get("photo.jpg", "image/resize,w_100");
      c.sign = sign;
      c.style = style;
      httplib::Result r = Send(c);
      ASSERT_TRUE(r) << style;
      EXPECT_EQ(r->status, 200)
          << style << " " << static_cast<int>(sign) << "\n"
          << r->body;
      EXPECT_EQ(Header(r, "Content-Type"), "image/jpeg");
      EXPECT_EQ(ImageWidth(r->body), 100);
      EXPECT_EQ(Header(r, "x-oss-request-id").size(), 24u);
      EXPECT_FALSE(Header(r, "ETag").empty());
      EXPECT_FALSE(Header(r, "Last-Modified").empty());
    }
  }
}

// Image watermark keys resolve in the request's own bucket, as OSS resolves them, and never
// outside it.
TEST_F(ServerTest, ImageWatermarkKeysResolveInTheSameBucket) {
  ASSERT_EQ(::mkdir((root_ + "/bkt/marks").c_str(), 0755), 0);
  WriteFile(root_ + "/bkt/marks/logo.jpg", photo_);
  WriteFile(root_ + "/outside/secret.jpg", photo_);
  // "marks/logo.jpg?x-oss-process=image/resize,w_50" and "../outside/secret.jpg", base64url.
  const std::string inside = "bWFya3MvbG9nby5qcGc_eC1vc3MtcHJvY2Vzcz1pbWFnZS9yZXNpemUsd181MA";
  const std::string outside = "Li4vb3V0c2lkZS9zZWNyZXQuanBn";
  httplib::Result ok = Send(Get("photo.jpg", "image/watermark,image_" + inside));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(ImageWidth(ok->body), 600);
  httplib::Result bad = Send(Get("photo.jpg", "image/watermark,image_" + outside));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
  EXPECT_NE(bad->body.find("WatermarkError"), std::string::npos) << bad->body;
}

TEST_F(ServerTest, V4AdditionalHeadersAndPythonSpelling) {
  // Signed with AdditionalHeaders=host, then written the Python SDK's way:
  // ", " separators and AdditionalHeaders after Signature.
  const std::string host = "127.0.0.1:" + std::to_string(server_->port());
  oss::Request req;
  req.method = "GET";
  req.bucket = "bkt";
  req.key = "photo.jpg";
  req.headers = {{"Host", host},
                 {"x-oss-date", oss::FormatIso8601Basic(kNow)},
                 {"x-oss-content-sha256", "UNSIGNED-PAYLOAD"}};
  const std::string auth = oss::V4Authorization(
      req, oss::Credentials{kId, kSecret, ""}, "cn-hangzhou", {"host"});
  ASSERT_NE(auth.find(",AdditionalHeaders=host,"), std::string::npos) << auth;
  const size_t cred_end = auth.find(",AdditionalHeaders=host,");
  const std::string python =
      auth.substr(0, cred_end) + ", " +
      auth.substr(cred_end + std::string(",AdditionalHeaders=host,").size()) +
      ", AdditionalHeaders=host";
  for (const std::string& a : {auth, python}) {
    httplib::Headers h = {{"Host", host},
                          {"x-oss-date", oss::FormatIso8601Basic(kNow)},
                          {"x-oss-content-sha256", "UNSIGNED-PAYLOAD"},
                          {"Authorization", a}};
    httplib::Client cli("127.0.0.1", server_->port());
    httplib::Result r = cli.Get("/bkt/photo.jpg", h);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << a << "\n" << r->body;
  }
  // The signed Host is checked: another Host breaks the signature.
  httplib::Headers h = {
      {"Host", "localhost:" + std::to_string(server_->port())},
      {"x-oss-date", oss::FormatIso8601Basic(kNow)},
      {"x-oss-content-sha256", "UNSIGNED-PAYLOAD"},
      {"Authorization", auth}};
  httplib::Client cli("127.0.0.1", server_->port());
  EXPECT_EQ(cli.Get("/bkt/photo.jpg", h)->status, 403);
  // An empty AdditionalHeaders is refused, as OSS does.
  h = {{"Host", host},
       {"x-oss-date", oss::FormatIso8601Basic(kNow)},
       {"Authorization", python.substr(0, python.rfind("host"))}};
  EXPECT_EQ(cli.Get("/bkt/photo.jpg", h)->status, 400);
}

TEST_F(ServerTest, StyleIsResolved) {
  StopServer();
  ServerOptions o;
  o.engine.styles["small"] = "image/resize,w_50";
  StartServer(o);
  httplib::Result r = Send(Get("photo.jpg", "style/small"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(ImageWidth(r->body), 50);
  r = Send(Get("photo.jpg", "style/missing"));
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("<Code>NoSuchStyle</Code>"), std::string::npos);
}

// ---- Signature failures ----

TEST_F(ServerTest, WrongSecretIsSignatureDoesNotMatchWithStringToSign) {
  for (Sign sign : {Sign::kV1, Sign::kV4, Sign::kV1Presign, Sign::kV4Presign}) {
    Call c = Get("photo.jpg");
    c.sign = sign;
    c.secret = "wrong";
    httplib::Result r = Send(c);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(Header(r, "Content-Type"), "application/xml");
    EXPECT_NE(r->body.find("<Code>SignatureDoesNotMatch</Code>"),
              std::string::npos);
    EXPECT_NE(r->body.find("<StringToSign>"), std::string::npos);
    EXPECT_NE(r->body.find("<EC>0002-00000040</EC>"), std::string::npos);
    EXPECT_NE(r->body.find("<RequestId>" + Header(r, "x-oss-request-id")),
              std::string::npos);
    EXPECT_NE(r->body.find("<HostId>127.0.0.1:"), std::string::npos);
  }
}

TEST_F(ServerTest, TamperedPresignedUrlIsRefused) {
  for (Sign sign : {Sign::kV1Presign, Sign::kV4Presign}) {
    Call c = Get("photo.jpg", "image/resize,w_100");
    c.sign = sign;
    oss::Request req;
    req.method = "GET";
    req.bucket = "bkt";
    req.key = "photo.jpg";
    req.query = c.query;
    oss::Credentials creds{kId, kSecret, ""};
    std::string q =
        sign == Sign::kV1Presign
            ? oss::V1PresignQuery(req, creds, kNow + 600)
            : oss::V4PresignQuery(req, creds, "cn-hangzhou",
                                  oss::FormatIso8601Basic(kNow), 600, {});
    // Ask for a bigger image than was signed.
    const size_t pos = q.find("w_100");
    ASSERT_NE(pos, std::string::npos);
    q.replace(pos, 5, "w_500");
    httplib::Client cli("127.0.0.1", server_->port());
    cli.set_url_encode(false);
    httplib::Result r = cli.Get("/bkt/photo.jpg?" + q);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_NE(r->body.find("<Code>SignatureDoesNotMatch</Code>"),
              std::string::npos);
    EXPECT_NE(r->body.find("w_500"), std::string::npos)
        << "StringToSign shows what was checked";
  }
}

TEST_F(ServerTest, ExpiredAndFutureDatedSignatures) {
  struct Case {
    Sign sign;
    int64_t time;
    int64_t expires;
    const char* code;
  };
  const Case cases[] = {
      {Sign::kV1, kNow - 16 * 60, 0, "RequestTimeTooSkewed"},
      {Sign::kV1, kNow + 16 * 60, 0, "RequestTimeTooSkewed"},
      {Sign::kV4, kNow - 16 * 60, 0, "RequestTimeTooSkewed"},
      {Sign::kV4, kNow + 16 * 60, 0, "RequestTimeTooSkewed"},
      {Sign::kV1Presign, kNow - 700, 600, "AccessDenied"},    // expired
      {Sign::kV4Presign, kNow - 700, 600, "AccessDenied"},    // expired
      {Sign::kV4Presign, kNow + 3600, 7200, "AccessDenied"},  // not valid yet
  };
  for (const Case& k : cases) {
    Call c = Get("photo.jpg");
    c.sign = k.sign;
    c.time = k.time;
    c.expires = k.expires;
    httplib::Result r = Send(c);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << k.code;
    EXPECT_NE(r->body.find(std::string("<Code>") + k.code + "</Code>"),
              std::string::npos)
        << r->body;
  }
  // Within the 15-minute window is fine.
  Call c = Get("photo.jpg");
  c.time = kNow - 14 * 60;
  EXPECT_EQ(Send(c)->status, 200);
}

TEST_F(ServerTest, UnsignedRequestsNeedAnonymousAndOnlyRead) {
  Call c = Get("photo.jpg");
  c.sign = Sign::kNone;
  EXPECT_EQ(Send(c)->status, 403);
  StopServer();
  ServerOptions o;
  o.anonymous = true;
  StartServer(o);
  EXPECT_EQ(Send(c)->status, 200);
  Call put;
  put.method = "PUT";
  put.key = "new.txt";
  put.body = "x";
  put.sign = Sign::kNone;
  httplib::Result r = Send(put);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(r->body.find("<Code>AccessDenied</Code>"), std::string::npos);
  EXPECT_FALSE(Exists(root_ + "/bkt/new.txt"));
}

// ---- Errors from the object layer ----

TEST_F(ServerTest, BadProcessIsInvalidArgumentWithEc) {
  httplib::Result r = Send(Get("photo.jpg", "image/resize,w_abc"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("<Code>InvalidArgument</Code>"), std::string::npos);
  EXPECT_NE(r->body.find("<EC>0040-00000312</EC>"), std::string::npos);
  EXPECT_EQ(Header(r, "x-oss-ec"), "0040-00000312");
  // sys/saveas belongs to POST only.
  r = Send(Get("photo.jpg", "image/resize,w_10|sys/saveas,o_eC5qcGc"));
  EXPECT_EQ(r->status, 400);
}

TEST_F(ServerTest, NoSuchKeyAndNoSuchBucket) {
  httplib::Result r = Send(Get("missing.jpg"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("<Code>NoSuchKey</Code>"), std::string::npos);
  EXPECT_NE(r->body.find("<EC>0026-00000001</EC>"), std::string::npos);
  EXPECT_NE(r->body.find("<Key>missing.jpg</Key>"), std::string::npos);
  Call head = Get("missing.jpg");
  head.method = "HEAD";
  r = Send(head);
  EXPECT_EQ(r->status, 404);
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(Header(r, "x-oss-ec"), "0026-00000001");
  Call c = Get("photo.jpg");
  c.bucket = "no-such-bucket";
  for (const char* style : {"path", "vhost"}) {
    c.style = style;
    r = Send(c);
    EXPECT_EQ(r->status, 404);
    EXPECT_NE(r->body.find("<Code>NoSuchBucket</Code>"), std::string::npos);
  }
}

TEST_F(ServerTest, PathTraversalIsRefused) {
  WriteFile(root_ + "/outside/secret.txt", "secret");
  for (const char* raw :
       {"/bkt/../outside/secret.txt", "/bkt/%2e%2e/outside/secret.txt",
        "/bkt/a/%2E%2E/%2E%2E/outside/secret.txt", "/bkt/%2Fetc%2Fpasswd",
        "/bkt/x%00.jpg", "/bkt/./photo.jpg"}) {
    Call c = Get("photo.jpg");
    c.sign = Sign::kNone;  // the path is refused before anything else matters
    c.raw_path = raw;
    httplib::Result r = Send(c);
    ASSERT_TRUE(r) << raw;
    EXPECT_TRUE(r->status == 400 || r->status == 403)
        << raw << " " << r->status;
    EXPECT_EQ(r->body.find("secret"), std::string::npos) << raw;
  }
  // Signed requests with such keys get InvalidObjectName.
  Call c = Get("../outside/secret.txt");
  httplib::Result r = Send(c);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("<Code>InvalidObjectName</Code>"), std::string::npos);
  // A symlink out of the root is not followed, for reads or writes.
  ASSERT_EQ(::symlink((root_ + "/outside/secret.txt").c_str(),
                      (root_ + "/bkt/link.txt").c_str()),
            0);
  r = Send(Get("link.txt"));
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(r->body.find("secret</"), std::string::npos);
  ASSERT_EQ(
      ::symlink((root_ + "/outside").c_str(), (root_ + "/bkt/dir").c_str()), 0);
  Call put;
  put.method = "PUT";
  put.key = "dir/planted.txt";
  put.body = "planted";
  put.headers.emplace_back("Content-Type", "text/plain");
  r = Send(put);
  EXPECT_EQ(r->status, 400);
  EXPECT_FALSE(Exists(root_ + "/outside/planted.txt"));
}

// ---- Range and conditionals ----

TEST_F(ServerTest, RangeFollowsOssRules) {
  Call c = Get("photo.jpg");
  c.headers.emplace_back("Range", "bytes=0-9");
  httplib::Result r = Send(c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  EXPECT_EQ(r->body, photo_.substr(0, 10));
  EXPECT_EQ(Header(r, "Content-Range"),
            "bytes 0-9/" + std::to_string(photo_.size()));
  c.headers.back().second = "bytes=-5";
  r = Send(c);
  EXPECT_EQ(r->status, 206);
  EXPECT_EQ(r->body, photo_.substr(photo_.size() - 5));
  // Past the end: OSS ignores the header and answers the whole object...
  c.headers.back().second = "bytes=100000000-";
  r = Send(c);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.size(), photo_.size());
  // ...unless the client asks for standard behaviour.
  c.headers.emplace_back("x-oss-range-behavior", "standard");
  r = Send(c);
  EXPECT_EQ(r->status, 416);
  EXPECT_NE(r->body.find("<Code>InvalidRange</Code>"), std::string::npos);
}

TEST_F(ServerTest, ConditionalGet) {
  httplib::Result r = Send(Get("photo.jpg"));
  const std::string etag = Header(r, "ETag");
  ASSERT_EQ(etag.size(), 34u);
  Call c = Get("photo.jpg");
  c.headers.emplace_back("If-None-Match", etag);
  r = Send(c);
  EXPECT_EQ(r->status, 304);
  EXPECT_TRUE(r->body.empty());
  Call m = Get("photo.jpg");
  m.headers.emplace_back("If-Modified-Since",
                         oss::FormatHttpDate(::time(nullptr) + 3600));
  EXPECT_EQ(Send(m)->status, 304);
  m.headers.back().second = oss::FormatHttpDate(0);
  EXPECT_EQ(Send(m)->status, 200);
  Call im = Get("photo.jpg");
  im.headers.emplace_back("If-Match", "\"0000\"");
  EXPECT_EQ(Send(im)->status, 412);
}

// ---- Writes ----

TEST_F(ServerTest, PutHeadGetDelete) {
  Call put;
  put.method = "PUT";
  put.key = "dir/sp ace+plus.txt";
  put.body = "hello";
  put.headers.emplace_back("Content-Type", "text/plain");
  httplib::Result r = Send(put);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Header(r, "ETag"), "\"5D41402ABC4B2A76B9719D911017C592\"");
  EXPECT_EQ(ReadFile(root_ + "/bkt/dir/sp ace+plus.txt"), "hello");
  Call head = Get("dir/sp ace+plus.txt");
  head.method = "HEAD";
  r = Send(head);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Header(r, "Content-Length"), "5");
  EXPECT_EQ(Header(r, "Content-Type"), "text/plain");
  r = Send(Get("dir/sp ace+plus.txt"));
  EXPECT_EQ(r->body, "hello");
  // Content-MD5 is checked; x-oss-forbid-overwrite is honoured.
  put.headers.emplace_back("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==");
  EXPECT_EQ(Send(put)->status, 400);
  put.headers.pop_back();
  put.headers.emplace_back("x-oss-forbid-overwrite", "true");
  r = Send(put);
  EXPECT_EQ(r->status, 409);
  EXPECT_NE(r->body.find("FileAlreadyExists"), std::string::npos);
  // Content-Type and x-oss-meta-* given to PutObject come back.
  Call meta;
  meta.method = "PUT";
  meta.key = "notes.bin";
  meta.body = "# notes";
  meta.headers = {{"Content-Type", "text/markdown"},
                  {"x-oss-meta-owner", "alice"},
                  {"Cache-Control", "no-cache"}};
  ASSERT_EQ(Send(meta)->status, 200);
  r = Send(Get("notes.bin"));
  EXPECT_EQ(Header(r, "Content-Type"), "text/markdown");
  EXPECT_EQ(Header(r, "x-oss-meta-owner"), "alice");
  EXPECT_EQ(Header(r, "Cache-Control"), "no-cache");
  // A file replaced behind the server's back loses the stale metadata.
  WriteFile(root_ + "/bkt/notes.bin", "replaced by hand");
  r = Send(Get("notes.bin"));
  EXPECT_EQ(Header(r, "Content-Type"), "application/octet-stream");
  EXPECT_EQ(Header(r, "x-oss-meta-owner"), "");
  // A V4 payload hash other than UNSIGNED-PAYLOAD must match the body.
  Call hashed;
  hashed.method = "PUT";
  hashed.key = "hashed.txt";
  hashed.body = "abc";
  hashed.headers = {
      {"Content-Type", "text/plain"},
      {"x-oss-content-sha256",
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}};
  EXPECT_EQ(Send(hashed)->status, 200);
  hashed.body = "abd";
  EXPECT_EQ(Send(hashed)->status, 400);
  // A folder object is a folder; it holds no bytes.
  Call folder;
  folder.method = "PUT";
  folder.key = "made/here/";
  folder.headers.emplace_back("Content-Type", "application/octet-stream");
  EXPECT_EQ(Send(folder)->status, 200);
  struct stat fst;
  EXPECT_TRUE(::stat((root_ + "/bkt/made/here").c_str(), &fst) == 0 &&
              S_ISDIR(fst.st_mode));
  folder.body = "x";
  EXPECT_EQ(Send(folder)->status, 400);
  Call del = Get("dir/sp ace+plus.txt");
  del.method = "DELETE";
  EXPECT_EQ(Send(del)->status, 204);
  EXPECT_FALSE(Exists(root_ + "/bkt/dir/sp ace+plus.txt"));
  EXPECT_EQ(Send(del)->status, 204);  // deleting a missing key is not an error
  EXPECT_EQ(Send(Get("dir/sp ace+plus.txt"))->status, 404);
}

TEST_F(ServerTest, ListObjectsV2) {
  for (const char* k : {"a/1.txt", "a/2.txt", "b/1.txt", "c.txt"}) {
    Call put;
    put.method = "PUT";
    put.key = k;
    put.body = k;
    put.headers.emplace_back("Content-Type", "text/plain");
    ASSERT_EQ(Send(put)->status, 200);
  }
  Call list;
  list.key = "";
  list.query = {{"list-type", "2"}, {"delimiter", "/"}, {"max-keys", "2"}};
  httplib::Result r = Send(list);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(
      r->body.find("<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>"),
      std::string::npos);
  EXPECT_NE(
      r->body.find("<CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes>"),
      std::string::npos);
  EXPECT_NE(r->body.find("<IsTruncated>true</IsTruncated>"), std::string::npos);
  const size_t t = r->body.find("<NextContinuationToken>");
  ASSERT_NE(t, std::string::npos);
  const size_t e = r->body.find("</NextContinuationToken>");
  const std::string token = r->body.substr(t + 23, e - t - 23);
  list.query.emplace_back("continuation-token", token);
  r = Send(list);
  EXPECT_NE(r->body.find("<Key>c.txt</Key>"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("<Key>photo.jpg</Key>"), std::string::npos);
  EXPECT_EQ(r->body.find("a/"), std::string::npos);
  EXPECT_NE(r->body.find("<IsTruncated>false</IsTruncated>"),
            std::string::npos);
  // ListObjects V1: marker / NextMarker.
  Call v1;
  v1.key = "";
  v1.query = {{"delimiter", "/"}, {"max-keys", "2"}};
  r = Send(v1);
  EXPECT_NE(r->body.find("<NextMarker>b/</NextMarker>"), std::string::npos)
      << r->body;
  EXPECT_NE(r->body.find("<Marker></Marker>"), std::string::npos);
  v1.query.emplace_back("marker", "b/");
  r = Send(v1);
  EXPECT_NE(r->body.find("<Key>c.txt</Key>"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("<Owner><ID>"), std::string::npos);
  EXPECT_EQ(r->body.find("b/1.txt"), std::string::npos);
  Call prefix;
  prefix.key = "";
  prefix.query = {{"list-type", "2"}, {"prefix", "a/"}};
  r = Send(prefix);
  EXPECT_NE(r->body.find("<Key>a/1.txt</Key>"), std::string::npos);
  EXPECT_NE(r->body.find("<Key>a/2.txt</Key>"), std::string::npos);
  EXPECT_NE(r->body.find("<KeyCount>2</KeyCount>"), std::string::npos);
}

Call Persist(const std::string& body) {
  Call c;
  c.method = "POST";
  c.key = "photo.jpg";
  c.query = {{"x-oss-process", std::nullopt}};
  c.body = body;
  c.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return c;
}

TEST_F(ServerTest, ImagePersistSaveas) {
  // o_ = base64("out/small.jpg"), b_ = base64("dst-bkt"), URL-safe unpadded.
  httplib::Result r =
      Send(Persist("x-oss-process=image/resize,w_100|sys/"
                   "saveas,o_b3V0L3NtYWxsLmpwZw,b_ZHN0LWJrdA"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  const nlohmann::json j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["bucket"], "dst-bkt");
  EXPECT_EQ(j["object"], "out/small.jpg");
  EXPECT_EQ(j["status"], "OK");
  const std::string saved = ReadFile(root_ + "/dst-bkt/out/small.jpg");
  EXPECT_EQ(j["fileSize"], saved.size());
  EXPECT_EQ(ImageWidth(saved), 100);
  // Without b_ the source bucket is the target and "bucket" is empty; the
  // value form-urlencoded as ali-oss sends it works too.
  r = Send(Persist(
      "x-oss-process=image%2Fresize%2Cw_60%7Csys%2Fsaveas%2Co_c2FtZS5qcGc%3D"));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(nlohmann::json::parse(r->body)["bucket"], "");
  EXPECT_EQ(ImageWidth(ReadFile(root_ + "/bkt/same.jpg")), 60);
}

TEST_F(ServerTest, ImagePersistErrors) {
  // b_ = base64("nope-bucket")
  httplib::Result r =
      Send(Persist("x-oss-process=image/resize,w_100|sys/"
                   "saveas,o_eC5qcGc,b_bm9wZS1idWNrZXQ"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("<Code>NoSuchBucket</Code>"), std::string::npos);
  r = Send(Persist("x-oss-process="));
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("<Code>InvalidRequest</Code>"), std::string::npos);
  r = Send(Persist("x-oss-process=image/resize,w_abc|sys/saveas,o_eC5qcGc"));
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("<Code>InvalidArgument</Code>"), std::string::npos);
  // Without saveas the answer is the processed image.
  r = Send(Persist("x-oss-process=image/resize,w_80"));
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(ImageWidth(r->body), 80);
}

// ---- Load shedding ----

TEST_F(ServerTest, PastTheInFlightLimitIsSlowDown) {
  StopServer();
  ServerOptions o;
  o.max_in_flight = 1;
  StartServer(o);
  // A PUT whose body never finishes holds the only slot.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const std::string head =
      "PUT /bkt/slow.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
      "100\r\n\r\nabc";
  ASSERT_EQ(::write(fd, head.data(), head.size()),
            static_cast<ssize_t>(head.size()));
  int status = 0;
  std::string body;
  for (int i = 0; i < 200; ++i) {  // until the server has taken the PUT
    httplib::Result r = Send(Get("photo.jpg"));
    ASSERT_TRUE(r);
    status = r->status;
    body = r->body;
    if (status == 503) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(status, 503);
  EXPECT_NE(body.find("<Code>SlowDown</Code>"), std::string::npos);
  ::close(fd);
  for (int i = 0; i < 200 && status == 503; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    status = Send(Get("photo.jpg"))->status;
  }
  EXPECT_EQ(status, 200);
}

// ---- The real binary ----

// Starts `ossimg serve` on a free port; returns its pid and port.
// Starts `ossimg serve` on a free port. With `stdout_fd`, the caller keeps reading the server's
// stdout (the "stopping" line) and closes it.
void StartBinary(const std::string& root, pid_t* pid, int* port, int* stdout_fd = nullptr) {
  const char* bin = std::getenv("OSSIMG_BINARY");
  ASSERT_NE(bin, nullptr);
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  *pid = ::fork();
  ASSERT_GE(*pid, 0);
  if (*pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::setenv("OSS_ACCESS_KEY_ID", kId, 1);
    ::setenv("OSS_ACCESS_KEY_SECRET", kSecret, 1);
    ::execl(bin, bin, "serve", "--root", root.c_str(), "--listen",
            "127.0.0.1:0", "--anonymous", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string line;
  char ch;
  while (::read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
  if (stdout_fd != nullptr) {
    *stdout_fd = out[0];
  } else {
    ::close(out[0]);
  }
  ASSERT_EQ(line.rfind("listening on http://127.0.0.1:", 0), 0u) << line;
  *port = std::stoi(line.substr(line.rfind(':') + 1));
}

std::string MakeRoot() {
  char tmpl[] = "/tmp/ossimg-serve-cli-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return "";
  const std::string root = tmpl;
  ::mkdir((root + "/bkt").c_str(), 0755);
  WriteFile(root + "/bkt/hello.txt", "hello");
  return root;
}

int WaitExitCode(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

TEST(ServeCommandTest, PrintsListeningAndExitsZeroOnSigterm) {
  const std::string root = MakeRoot();
  ASSERT_FALSE(root.empty());
  pid_t pid = 0;
  int port = 0;
  ASSERT_NO_FATAL_FAILURE(StartBinary(root, &pid, &port));
  httplib::Client cli("127.0.0.1", port);
  httplib::Result r = cli.Get("/bkt/hello.txt");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain");
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_EQ(WaitExitCode(pid), 0);
  std::system(("rm -rf '" + root + "'").c_str());
}

TEST(ServeCommandTest, SigtermFinishesTheRequestInFlight) {
  const std::string root = MakeRoot();
  ASSERT_FALSE(root.empty());
  pid_t pid = 0;
  int port = 0;
  int server_out = -1;
  ASSERT_NO_FATAL_FAILURE(StartBinary(root, &pid, &port, &server_out));
  // A signed PUT (the binary runs on the real clock) whose body arrives in
  // two halves, with SIGTERM in between. Every step waits for an event, not
  // for time: "100 Continue" says the server has the PUT's headers, the
  // "stopping" line says SIGTERM has closed the listener.
  oss::Request req;
  req.method = "PUT";
  req.bucket = "bkt";
  req.key = "drained.txt";
  req.headers = {{"Content-Type", "text/plain"},
                 {"x-oss-date", oss::FormatIso8601Basic(::time(nullptr))},
                 {"x-oss-content-sha256", "UNSIGNED-PAYLOAD"}};
  const std::string auth = oss::V4Authorization(
      req, oss::Credentials{kId, kSecret, ""}, "cn-hangzhou", {});
  std::string head = "PUT /bkt/drained.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : req.headers) head += k + ": " + v + "\r\n";
  head += "Authorization: " + auth +
          "\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n01234";
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  // A first request on the same connection proves a worker owns it, so the
  // PUT below is read by that worker, not left in the listen backlog.
  const std::string get =
      "GET /bkt/hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(::write(fd, get.data(), get.size()),
            static_cast<ssize_t>(get.size()));
  std::string first;
  char c;
  while (first.size() < 5 || first.compare(first.size() - 5, 5, "hello") != 0) {
    ASSERT_EQ(::read(fd, &c, 1), 1) << first;
    first += c;
  }
  ASSERT_EQ(::write(fd, head.data(), head.size()),
            static_cast<ssize_t>(head.size()));
  std::string cont;
  while (cont.size() < 4 || cont.compare(cont.size() - 4, 4, "\r\n\r\n") != 0) {
    ASSERT_EQ(::read(fd, &c, 1), 1) << cont;
    cont += c;
  }
  EXPECT_EQ(cont.rfind("HTTP/1.1 100", 0), 0u) << cont;
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  std::string stopping;
  while (::read(server_out, &c, 1) == 1 && c != '\n') stopping += c;
  ::close(server_out);
  EXPECT_EQ(stopping, "stopping: finishing requests in flight");
  ASSERT_EQ(::write(fd, "56789", 5), 5);
  std::string answer;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof(buf))) > 0) {
    answer.append(buf, static_cast<size_t>(n));
    if (answer.find("\r\n\r\n") != std::string::npos) break;
  }
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_EQ(WaitExitCode(pid), 0);
  EXPECT_EQ(ReadFile(root + "/bkt/drained.txt"), "0123456789");
  std::system(("rm -rf '" + root + "'").c_str());
}

}  // namespace
}  // namespace ossimg::serve
