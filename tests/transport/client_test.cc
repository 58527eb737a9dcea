// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The OSS client (libcurl) against an in-process `ossimg serve`: every
// operation, both signature versions, presigned URLs, OSS errors as Status,
// and retries driven by the server's deterministic fault injection.

#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/transport.h"

#include "tests/transport/test_server.h"
#include "transport/xml.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace ossimg::oss {
namespace {

using ::ossimg::testing::kTestId;
using ::ossimg::testing::kTestSecret;
using ::ossimg::testing::ReadWholeFile;
using ::ossimg::testing::TestServer;
using ::ossimg::testing::WidthOf;

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}
std::string Str(const std::vector<uint8_t>& v) {
  return std::string(v.begin(), v.end());
}

bool StartsWith(const std::string& s, const std::string& p) {
  return s.rfind(p, 0) == 0;
}

class ClientTest : public ::testing::TestWithParam<SignatureVersion> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(server_.Start());
    client_ = server_.Client(GetParam());
    ASSERT_NE(client_, nullptr);
  }
  TestServer server_;
  std::unique_ptr<OssClient> client_;
};

TEST_P(ClientTest, PutHeadGetDelete) {
  PutOptions po;
  po.content_type = "text/plain";
  po.user_meta = {{"ossimg-source", "abc"}, {"Owner", "me"}};
  StatusOr<std::string> etag = client_->PutObject("bkt", "dir/sp ace+plus.txt",
                                                  Bytes("hello world"), po);
  ASSERT_TRUE(etag.ok()) << etag.status().ToString();
  EXPECT_EQ(*etag, "\"5EB63BBBE01EEED093CB22BB8F5ACDC3\"");  // MD5, upper hex
  EXPECT_EQ(ReadWholeFile(server_.root() + "/bkt/dir/sp ace+plus.txt"),
            "hello world");

  StatusOr<ObjectMeta> head = client_->HeadObject("bkt", "dir/sp ace+plus.txt");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size, 11);
  EXPECT_EQ(head->content_type, "text/plain");
  EXPECT_EQ(head->etag, *etag);
  EXPECT_EQ(head->UserMeta("ossimg-source").value_or(""), "abc");
  EXPECT_EQ(head->UserMeta("owner").value_or(""), "me");

  StatusOr<GetResult> get =
      client_->GetObject("bkt", "dir/sp ace+plus.txt", GetOptions());
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(get->http_status, 200);
  EXPECT_EQ(Str(get->data), "hello world");
  EXPECT_EQ(get->meta.content_type, "text/plain");

  ASSERT_TRUE(client_->DeleteObject("bkt", "dir/sp ace+plus.txt").ok());
  head = client_->HeadObject("bkt", "dir/sp ace+plus.txt");
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.status().code(), StatusCode::kNotFound);
  EXPECT_STREQ(head.status().oss_code(), "NoSuchKey");
  get = client_->GetObject("bkt", "dir/sp ace+plus.txt", GetOptions());
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(get.status().ec(), "0026-00000001");
  // Deleting what is not there is fine, as on OSS.
  EXPECT_TRUE(client_->DeleteObject("bkt", "dir/sp ace+plus.txt").ok());
  // A missing bucket is its own code.
  get = client_->GetObject("no-such-bucket", "x", GetOptions());
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.status().code(), StatusCode::kNoSuchBucket);
}

TEST_P(ClientTest, RangeAndConditionalGet) {
  const std::string& photo = server_.photo();
  GetOptions range;
  range.range_begin = 10;
  range.range_end = 19;
  StatusOr<GetResult> r = client_->GetObject("bkt", "photo.jpg", range);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->http_status, 206);
  EXPECT_EQ(Str(r->data), photo.substr(10, 10));
  range.range_begin = static_cast<int64_t>(photo.size()) - 5;
  range.range_end = -1;
  r = client_->GetObject("bkt", "photo.jpg", range);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Str(r->data), photo.substr(photo.size() - 5));
  range.range_begin = static_cast<int64_t>(photo.size()) + 10;
  r = client_->GetObject("bkt", "photo.jpg", range);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(StartsWith(r.status().message(), "InvalidRange"))
      << r.status().message();

  StatusOr<GetResult> full =
      client_->GetObject("bkt", "photo.jpg", GetOptions());
  ASSERT_TRUE(full.ok());
  GetOptions inm;
  inm.if_none_match = full->meta.etag;
  r = client_->GetObject("bkt", "photo.jpg", inm);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->not_modified);
  EXPECT_EQ(r->http_status, 304);
  EXPECT_TRUE(r->data.empty());
  GetOptions im;
  im.if_match = "\"0000\"";
  r = client_->GetObject("bkt", "photo.jpg", im);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(StartsWith(r.status().message(), "PreconditionFailed"));
  im.if_match = full->meta.etag;
  r = client_->GetObject("bkt", "photo.jpg", im);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Str(r->data), photo);
}

TEST_P(ClientTest, GetWithServerSideProcess) {
  GetOptions o;
  o.process = "image/resize,w_120/format,png";
  StatusOr<GetResult> r = client_->GetObject("bkt", "photo.jpg", o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->meta.content_type, "image/png");
  EXPECT_EQ(WidthOf(Str(r->data)), 120);
  o.process = "image/resize,w_abc";
  r = client_->GetObject("bkt", "photo.jpg", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(r.status().ec().empty());
  // A permanent error is not retried.
  const int64_t before = client_->attempts();
  r = client_->GetObject("bkt", "photo.jpg", o);
  EXPECT_EQ(client_->attempts() - before, 1);
}

TEST_P(ClientTest, FetchAndProcessLocally) {
  Options opt;
  opt.threads = 1;
  const Engine engine(opt);
  StatusOr<Result> r = FetchAndProcess(*client_, engine, "bkt", "photo.jpg",
                                       "image/resize,w_77/format,png");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->width, 77);
  EXPECT_EQ(r->content_type, "image/png");
  // The same pixels as OSS-side processing by ossimg serve.
  GetOptions o;
  o.process = "image/resize,w_77/format,png";
  StatusOr<GetResult> remote = client_->GetObject("bkt", "photo.jpg", o);
  ASSERT_TRUE(remote.ok());
  EXPECT_EQ(remote->data, r->bytes);
  r = FetchAndProcess(*client_, engine, "bkt", "missing.jpg",
                      "image/resize,w_77");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST_P(ClientTest, ForbidOverwriteAndContentMd5) {
  PutOptions po;
  po.forbid_overwrite = true;
  ASSERT_TRUE(client_->PutObject("bkt", "once.bin", Bytes("1"), po).ok());
  StatusOr<std::string> again =
      client_->PutObject("bkt", "once.bin", Bytes("2"), po);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(StartsWith(again.status().message(), "FileAlreadyExists"))
      << again.status().message();
  EXPECT_EQ(again.status().ec(), "0026-00000002");
  EXPECT_NE(again.status().code(), StatusCode::kTransient);
  EXPECT_EQ(ReadWholeFile(server_.root() + "/bkt/once.bin"), "1");
  po.forbid_overwrite = false;
  ASSERT_TRUE(client_->PutObject("bkt", "once.bin", Bytes("2"), po).ok());
  EXPECT_EQ(ReadWholeFile(server_.root() + "/bkt/once.bin"), "2");
}

TEST_P(ClientTest, ListObjectsV2Pages) {
  std::vector<std::string> keys;
  for (int i = 0; i < 23; ++i) {
    char name[64];
    std::snprintf(name, sizeof(name), "list/%02d %s.txt", i,
                  i % 3 == 0 ? "a+b" : (i % 3 == 1 ? "\xe4\xb8\xad" : "x&y"));
    keys.push_back(name);
    ASSERT_TRUE(
        client_->PutObject("bkt", name, Bytes(name), PutOptions()).ok());
  }
  ASSERT_TRUE(
      client_->PutObject("bkt", "list/sub/deeper.txt", Bytes("d"), PutOptions())
          .ok());
  keys.push_back("list/sub/deeper.txt");
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  while (true) {
    StatusOr<ListPage> page =
        client_->ListObjectsV2("bkt", "list/", token, 10, "");
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    for (const ListedObject& o : page->objects) {
      seen.push_back(o.key);
      EXPECT_EQ(o.size, o.key == "list/sub/deeper.txt"
                            ? 1
                            : static_cast<int64_t>(o.key.size()));
    }
    if (!page->truncated) break;
    token = page->next_token;
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, keys);
  StatusOr<std::vector<ListedObject>> all = client_->ListAll("bkt", "list/");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), keys.size());
  // With a delimiter the sub-folder is one common prefix.
  StatusOr<ListPage> top = client_->ListObjectsV2("bkt", "list/", "", 100, "/");
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->objects.size(), 23u);
  ASSERT_EQ(top->common_prefixes.size(), 1u);
  EXPECT_EQ(top->common_prefixes[0], "list/sub/");
}

TEST_P(ClientTest, ImagePersist) {
  StatusOr<PersistResult> r =
      client_->ImagePersist("bkt", "photo.jpg", "image/resize,w_90/format,webp",
                            "dst-bkt", "out/small.webp");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->bucket, "dst-bkt");
  EXPECT_EQ(r->object, "out/small.webp");
  EXPECT_EQ(r->status, "OK");
  const std::string saved =
      ReadWholeFile(server_.root() + "/dst-bkt/out/small.webp");
  EXPECT_EQ(r->file_size, static_cast<int64_t>(saved.size()));
  EXPECT_EQ(WidthOf(saved), 90);
  // Same bucket: OSS answers an empty bucket.
  r = client_->ImagePersist("bkt", "photo.jpg", "image/resize,w_50", "",
                            "thumb.jpg");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->bucket, "");
  EXPECT_EQ(WidthOf(ReadWholeFile(server_.root() + "/bkt/thumb.jpg")), 50);
  // Failures are failures (non-2xx), with OSS's code.
  r = client_->ImagePersist("bkt", "missing.jpg", "image/resize,w_50", "",
                            "t.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  r = client_->ImagePersist("bkt", "photo.jpg", "image/resize,w_50", "nobucket",
                            "t.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNoSuchBucket);
}

TEST_P(ClientTest, PresignedUrlRoundTrip) {
  StatusOr<std::string> url =
      client_->PresignGetUrl("bkt", "photo.jpg", "image/resize,w_64", 3600);
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  const std::string prefix = server_.endpoint();
  ASSERT_TRUE(StartsWith(*url, prefix + "/bkt/photo.jpg?")) << *url;
  EXPECT_EQ(url->find(kTestSecret), std::string::npos);
  httplib::Client http("127.0.0.1", server_.port());
  http.set_url_encode(false);
  httplib::Result r = http.Get(url->substr(prefix.size()).c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(WidthOf(r->body), 64);
  // Changing the signed process breaks the signature.
  std::string tampered = url->substr(prefix.size());
  const size_t w = tampered.find("w_64");
  ASSERT_NE(w, std::string::npos);
  tampered.replace(w, 4, "w_65");
  r = http.Get(tampered.c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_FALSE(client_->PresignGetUrl("bkt", "photo.jpg", "", 0).ok());
}

TEST_P(ClientTest, ReusesItsConnection) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(client_->HeadObject("bkt", "photo.jpg").ok());
    ASSERT_TRUE(client_->GetObject("bkt", "photo.jpg", GetOptions()).ok());
  }
  ASSERT_TRUE(
      client_->PutObject("bkt", "reuse.bin", Bytes("x"), PutOptions()).ok());
  EXPECT_EQ(client_->attempts(), 21);
  EXPECT_EQ(client_->connections(), 1);
}

INSTANTIATE_TEST_SUITE_P(
    V1AndV4, ClientTest,
    ::testing::Values(SignatureVersion::kV1, SignatureVersion::kV4),
    [](const ::testing::TestParamInfo<SignatureVersion>& i) {
      return i.param == SignatureVersion::kV1 ? "V1" : "V4";
    });

// ---- Retries, driven by the server's fault injection ----

TEST(ClientRetryTest, RetriesServiceUnavailableThenSucceeds) {
  TestServer server;
  serve::ServerOptions o;
  o.fault = serve::ServerOptions::Fault::kFail503;
  o.fault_count = 2;
  ASSERT_NO_FATAL_FAILURE(server.Start(o));
  auto client = server.Client();
  StatusOr<GetResult> r = client->GetObject("bkt", "photo.jpg", GetOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Str(r->data), server.photo());
  EXPECT_EQ(client->attempts(), 3);
}

TEST(ClientRetryTest, RetriesConnectionResetsThenSucceeds) {
  TestServer server;
  serve::ServerOptions o;
  o.fault = serve::ServerOptions::Fault::kReset;
  o.fault_count = 2;
  ASSERT_NO_FATAL_FAILURE(server.Start(o));
  auto client = server.Client();
  StatusOr<std::string> put = client->PutObject("bkt", "after-reset.txt",
                                                Bytes("payload"), PutOptions());
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(client->attempts(), 3);
  EXPECT_EQ(ReadWholeFile(server.root() + "/bkt/after-reset.txt"), "payload");
}

TEST(ClientRetryTest, GivesUpAsTransientAfterMaxAttempts) {
  TestServer server;
  serve::ServerOptions o;
  o.fault_count = 10;
  ASSERT_NO_FATAL_FAILURE(server.Start(o));
  auto client = server.Client(SignatureVersion::kV4, 3);
  StatusOr<ObjectMeta> r = client->HeadObject("bkt", "photo.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kTransient);
  EXPECT_EQ(r.status().exit_code(), 3);
  EXPECT_EQ(client->attempts(), 3);
}

TEST(ClientRetryTest, UnreachableEndpointIsTransient) {
  // A port that was bound and never listened on: connections are refused.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ClientOptions o;
  o.endpoint = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  o.connect_timeout_ms = 2000;
  o.total_timeout_ms = 5000;
  o.credentials = {kTestId, kTestSecret, ""};
  o.max_attempts = 2;
  o.backoff_base_ms = 1;
  StatusOr<std::unique_ptr<OssClient>> c = OssClient::Create(o);
  ASSERT_TRUE(c.ok());
  StatusOr<GetResult> r = (*c)->GetObject("bkt", "photo.jpg", GetOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kTransient);
  EXPECT_EQ((*c)->attempts(), 2);
  ::close(fd);
}

// ---- Credentials ----

TEST(ClientCredentialsTest, WrongSecretIsPermanentAndNeverPrinted) {
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start());
  ClientOptions o;
  o.endpoint = server.endpoint();
  const std::string secret = "wrong-secret-must-not-leak";
  o.credentials = {kTestId, secret, ""};
  o.backoff_base_ms = 1;
  StatusOr<std::unique_ptr<OssClient>> c = OssClient::Create(o);
  ASSERT_TRUE(c.ok());
  StatusOr<GetResult> r = (*c)->GetObject("bkt", "photo.jpg", GetOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kSignatureDoesNotMatch);
  EXPECT_EQ((*c)->attempts(), 1);
  EXPECT_EQ(r.status().ToString().find(secret), std::string::npos);
}

TEST(ClientCredentialsTest, FromEnvironmentFlagsWin) {
  ::setenv("OSS_ACCESS_KEY_ID", "env-id", 1);
  ::setenv("OSS_ACCESS_KEY_SECRET", "env-secret", 1);
  ::setenv("OSS_SESSION_TOKEN", "env-token", 1);
  ::setenv("OSS_ENDPOINT", "http://127.0.0.1:1", 1);
  ::setenv("OSS_REGION", "oss-cn-beijing", 1);
  ClientOptions base;
  base.credentials.access_key_id = "flag-id";
  StatusOr<ClientOptions> o = ClientOptionsFromEnvironment(base);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->credentials.access_key_id, "flag-id");
  EXPECT_EQ(o->credentials.access_key_secret, "env-secret");
  EXPECT_EQ(o->credentials.security_token, "env-token");
  EXPECT_EQ(o->endpoint, "http://127.0.0.1:1");
  EXPECT_EQ(o->region, "oss-cn-beijing");
  base.region = "cn-hangzhou";  // a flag, even the default's value, wins
  o = ClientOptionsFromEnvironment(base);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->region, "cn-hangzhou");
  ::unsetenv("OSS_ACCESS_KEY_SECRET");
  o = ClientOptionsFromEnvironment(ClientOptions());
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("OSS_ACCESS_KEY_SECRET"),
            std::string::npos);
  EXPECT_EQ(o.status().message().find("env-id"), std::string::npos);
  for (const char* v :
       {"OSS_ACCESS_KEY_ID", "OSS_SESSION_TOKEN", "OSS_ENDPOINT", "OSS_REGION"})
    ::unsetenv(v);
}

TEST(ClientCredentialsTest, StsTokenIsSignedAndSent) {
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start());
  ClientOptions o;
  o.endpoint = server.endpoint();
  o.credentials = {kTestId, kTestSecret, "sts-token"};
  StatusOr<std::unique_ptr<OssClient>> c = OssClient::Create(o);
  ASSERT_TRUE(c.ok());
  StatusOr<ObjectMeta> r = (*c)->HeadObject("bkt", "photo.jpg");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

TEST(ClientOptionsTest, RejectsMalformedEndpoints) {
  for (const char* ep :
       {"", "http://", "http://host/path", "http://user@host"}) {
    ClientOptions o;
    o.endpoint = ep;
    EXPECT_FALSE(OssClient::Create(o).ok()) << ep;
  }
}

TEST(OssUrlTest, Parses) {
  std::string b, k;
  ASSERT_TRUE(ParseOssUrl("oss://bkt/a/b.jpg", &b, &k));
  EXPECT_EQ(b, "bkt");
  EXPECT_EQ(k, "a/b.jpg");
  ASSERT_TRUE(ParseOssUrl("oss://bkt", &b, &k));
  EXPECT_EQ(k, "");
  EXPECT_FALSE(ParseOssUrl("oss:///x", &b, &k));
  EXPECT_FALSE(ParseOssUrl("/tmp/x", &b, &k));
}

TEST(XmlTest, TextElementsAndEntities) {
  const std::string xml =
      "<?xml version=\"1.0\"?><Error xmlns=\"x\"><Code>NoSuchKey</Code>"
      "<CodeX>no</CodeX><Message>a &lt;b&gt; &amp; &#x4E2D; &#65;</Message>"
      "<Empty/></Error>";
  EXPECT_EQ(XmlText(xml, "Code"), "NoSuchKey");
  EXPECT_EQ(XmlText(xml, "Message"), "a <b> & \xe4\xb8\xad A");
  EXPECT_EQ(XmlText(xml, "Empty"), "");
  EXPECT_EQ(XmlText(xml, "Missing"), "");
  EXPECT_EQ(XmlElements("<L><C><K>1</K></C><C><K>2</K></C></L>", "C").size(),
            2u);
}

}  // namespace
}  // namespace ossimg::oss
