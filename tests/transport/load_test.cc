// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg serve` under load and abuse.
// - Load: 500 requests from 16 concurrent clients (GET with x-oss-process,
//   plain GET and PUT of self-describing objects) must all succeed on the
//   first attempt, and no object may ever be read torn. Requests per second
//   and the p99 latency are printed for docs/serve.md, never asserted.
// - Hostile requests (oversized headers and bodies, malformed signatures,
//   trickling) each get an error or a closed connection while the server
//   keeps answering a well-behaved client.

#include <httplib.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/transport.h"

#include "tests/transport/test_server.h"
#include "transport/verify.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace ossimg::oss {
namespace {

using ::ossimg::testing::TestServer;
using ::ossimg::testing::WidthOf;

// ---- Load ----

// An object whose bytes say what they must be: "<key>|<seq>|" then a body
// generated from (key, seq). A torn or mixed write cannot pass Check().
std::vector<uint8_t> Payload(const std::string& key, int seq) {
  std::string s = key + "|" + std::to_string(seq) + "|";
  const size_t n = 20000 + static_cast<size_t>(seq % 7) * 9000;
  uint32_t x = static_cast<uint32_t>(seq) * 2654435761u + 17;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    s += static_cast<char>('a' + (x >> 16) % 26);
  }
  return std::vector<uint8_t>(s.begin(), s.end());
}

bool Check(const std::string& key, const std::vector<uint8_t>& data) {
  const std::string s(data.begin(), data.end());
  const size_t a = s.find('|');
  const size_t b = a == std::string::npos ? a : s.find('|', a + 1);
  if (b == std::string::npos || s.substr(0, a) != key) return false;
  const int seq = std::atoi(s.substr(a + 1, b - a - 1).c_str());
  return Payload(key, seq) == data;
}

TEST(ServeLoadTest, FiveHundredMixedRequestsFromSixteenClients) {
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start());
  auto client = server.Client(SignatureVersion::kV4, /*max_attempts=*/1);
  ASSERT_NE(client, nullptr);
  constexpr int kClients = 16, kRequests = 500, kKeys = 20;
  std::atomic<int> next{0}, errors{0}, torn{0};
  std::mutex mu;
  std::vector<double> ms;
  std::vector<std::string> failures;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < kRequests; i = next++) {
        const std::string key = "load/k" + std::to_string((i / 4) % kKeys);
        const auto t0 = std::chrono::steady_clock::now();
        Status s;
        if (i % 4 == 0 || i % 4 == 2) {
          GetOptions o;
          o.process =
              "image/resize,w_" + std::to_string(100 + i % 50) + "/format,webp";
          StatusOr<GetResult> r = client->GetObject("bkt", "photo.jpg", o);
          s = r.status();
          if (r.ok() && WidthOf(std::string(r->data.begin(), r->data.end())) !=
                            100 + i % 50)
            ++torn;
        } else if (i % 4 == 1) {
          StatusOr<GetResult> r = client->GetObject("bkt", key, GetOptions());
          // Not written yet is fine; anything read must be whole.
          if (!r.ok() && r.status().code() == StatusCode::kNotFound) {
            s = Status::Ok();
          } else {
            s = r.status();
            if (r.ok() && !Check(key, r->data)) ++torn;
          }
        } else {
          s = client->PutObject("bkt", key, Payload(key, i), PutOptions())
                  .status();
        }
        const double d = std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - t0)
                             .count();
        std::lock_guard<std::mutex> lock(mu);
        ms.push_back(d);
        if (!s.ok()) {
          ++errors;
          failures.push_back(s.ToString());
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(errors.load(), 0) << (failures.empty() ? "" : failures[0]);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(client->attempts(), kRequests);  // nothing needed a retry
  // Every key ends whole, as one of the versions written to it.
  for (int k = 0; k < kKeys; ++k) {
    const std::string key = "load/k" + std::to_string(k);
    StatusOr<GetResult> r = client->GetObject("bkt", key, GetOptions());
    ASSERT_TRUE(r.ok()) << key << ": " << r.status().ToString();
    EXPECT_TRUE(Check(key, r->data)) << key;
  }
  std::sort(ms.begin(), ms.end());
  const double p50 = ms[ms.size() / 2];
  const double p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  std::printf(
      "serve load: %d requests, %d clients, %.0f req/s, p50 %.1f ms, p99 %.1f "
      "ms\n",
      kRequests, kClients, kRequests / secs, p50, p99);
}

// ---- Hostile requests ----

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    serve::ServerOptions o;
    o.max_body_bytes = 1 << 20;
    o.read_timeout_ms = 300;
    o.body_time_budget_ms = 300;
    o.max_header_count = 100;
    ASSERT_NO_FATAL_FAILURE(server_.Start(o));
    client_ = server_.Client(SignatureVersion::kV4, 1);
  }

  int Connect() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)),
              0);
    return fd;
  }

  static bool SendAll(int fd, const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n =
          ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  // Everything the server sends until it closes the connection.
  static std::string ReadToClose(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0)
      out.append(buf, static_cast<size_t>(n));
    return out;
  }

  // A well-behaved signed request still works.
  void ExpectStillServing() {
    StatusOr<ObjectMeta> m = client_->HeadObject("bkt", "photo.jpg");
    EXPECT_TRUE(m.ok()) << m.status().ToString();
  }

  TestServer server_;
  std::unique_ptr<OssClient> client_;
};

// Bodies are read by the server's own receiver (for the limits above);
// chunked uploads (ali-oss putStream) must still arrive whole.
TEST_F(HostileTest, ChunkedPutStillWorks) {
  Request req;
  req.method = "PUT";
  req.bucket = "bkt";
  req.key = "chunked.txt";
  req.headers = {{"Content-Type", "text/plain"},
                 {"x-oss-date", FormatIso8601Basic(::time(nullptr))},
                 {"x-oss-content-sha256", "UNSIGNED-PAYLOAD"}};
  const std::string auth = V4Authorization(
      req, Credentials{::ossimg::testing::kTestId, ::ossimg::testing::kTestSecret, ""},
      "cn-hangzhou", {});
  std::string head = "PUT /bkt/chunked.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : req.headers) head += k + ": " + v + "\r\n";
  head += "Authorization: " + auth +
          "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  const int fd = Connect();
  ASSERT_TRUE(SendAll(fd, head + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  const std::string answer = ReadToClose(fd);
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer.substr(0, 300);
  StatusOr<GetResult> r = client_->GetObject("bkt", "chunked.txt", GetOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(std::string(r->data.begin(), r->data.end()), "hello world");
}

TEST_F(HostileTest, OversizedHeaderLineIsRefused) {
  const int fd = Connect();
  SendAll(fd, "GET /bkt/photo.jpg HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                  std::string(20000, 'a') + "\r\n\r\n");
  const std::string answer = ReadToClose(fd);
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 4", 0), 0u) << answer.substr(0, 200);
  ExpectStillServing();
}

TEST_F(HostileTest, TooManyHeadersIsRequestHeaderTooLarge) {
  std::string req = "GET /bkt/photo.jpg HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 150; ++i) req += "X-H-" + std::to_string(i) + ": v\r\n";
  req += "\r\n";
  const int fd = Connect();
  SendAll(fd, req);
  const std::string answer = ReadToClose(fd);
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("<Code>RequestHeaderTooLarge</Code>"),
            std::string::npos);
  ExpectStillServing();
}

TEST_F(HostileTest, OversizedBodyIsEntityTooLarge) {
  const int fd = Connect();
  SendAll(fd,
          "PUT /bkt/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
              std::to_string(4 << 20) + "\r\n\r\n");
  SendAll(fd, std::string(1 << 16, 'x'));  // may fail once the server gives up
  const std::string answer = ReadToClose(fd);
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  StatusOr<ObjectMeta> m = client_->HeadObject("bkt", "big.bin");
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
  // The same size through the client: refused, permanently.
  StatusOr<std::string> put = client_->PutObject(
      "bkt", "big.bin", std::vector<uint8_t>(2 << 20, 'y'), PutOptions());
  EXPECT_FALSE(put.ok());
  EXPECT_NE(put.status().code(), StatusCode::kTransient)
      << put.status().ToString();
  ExpectStillServing();
}

TEST_F(HostileTest, MalformedSignaturesAreRefused) {
  httplib::Client http("127.0.0.1", server_.port());
  for (const char* auth :
       {"OSS4-HMAC-SHA256 garbage",
        "OSS4-HMAC-SHA256 Credential=a/b/c,Signature=zz",
        "OSS4-HMAC-SHA256 Credential=,AdditionalHeaders=,Signature=",
        "OSS nocolon", "OSS :", "OSS LTAI-client-test:!!!notbase64",
        "Bearer token", ""}) {
    httplib::Headers h{{"Authorization", auth},
                       {"x-oss-date", "20260101T000000Z"},
                       {"x-oss-content-sha256", "UNSIGNED-PAYLOAD"}};
    httplib::Result r = http.Put("/bkt/evil.txt", h, "evil", "text/plain");
    ASSERT_TRUE(r) << auth;
    EXPECT_TRUE(r->status == 400 || r->status == 403)
        << auth << " -> " << r->status;
    EXPECT_NE(r->body.find("<Code>"), std::string::npos) << auth;
  }
  EXPECT_FALSE(client_->HeadObject("bkt", "evil.txt").ok());
  ExpectStillServing();
}

TEST_F(HostileTest, TricklingHeadersAreCutOffWhileOthersAreServed) {
  const int fd = Connect();
  // Half a request, then silence.
  ASSERT_TRUE(SendAll(fd, "GET /bkt/photo.jpg HTTP/1.1\r\nHost: 127"));
  ExpectStillServing();
  // The server hangs up after its read timeout, without an answer.
  const std::string answer = ReadToClose(fd);
  ::close(fd);
  EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  ExpectStillServing();
}

TEST_F(HostileTest, TricklingBodyMeetsTheTimeBudget) {
  const int fd = Connect();
  ASSERT_TRUE(SendAll(
      fd,
      "PUT /bkt/slow.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
      "100000\r\n\r\n"));
  // One byte per 20 ms: never idle long enough for the read timeout, so
  // only the body budget can stop it.
  std::string answer;
  for (int i = 0; i < 1000; ++i) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) > 0) {
      answer = ReadToClose(fd);
      break;
    }
    if (!SendAll(fd, "x")) {
      answer = ReadToClose(fd);
      break;
    }
  }
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("<Code>RequestTimeout</Code>"), std::string::npos);
  EXPECT_FALSE(client_->HeadObject("bkt", "slow.bin").ok());
  ExpectStillServing();
}

}  // namespace
}  // namespace ossimg::oss
