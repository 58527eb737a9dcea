// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// An in-process `ossimg serve` on a free loopback port over a temporary root
// with buckets "bkt" and "dst-bkt" and bkt/photo.jpg (600x400 JPEG), for the
// client, load and hostile-request tests.

#ifndef OSSIMG_TESTS_TRANSPORT_TEST_SERVER_H_
#define OSSIMG_TESTS_TRANSPORT_TEST_SERVER_H_

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "ossimg/codec.h"
#include "ossimg/transport.h"

#include "transport/server.h"
#include <sys/stat.h>

namespace ossimg::testing {

inline constexpr const char* kTestId = "LTAI-client-test";
inline constexpr const char* kTestSecret = "client-test-secret-do-not-print";

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteWholeFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

inline int WidthOf(const std::string& bytes) {
  StatusOr<ImageInfo> info = ProbeImage(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), Limits());
  return info.ok() ? info->width : -1;
}

class TestServer {
 public:
  // Starts the server with `o` (root, host, port and credentials are filled
  // in here).
  void Start(serve::ServerOptions o = serve::ServerOptions()) {
    char tmpl[] = "/tmp/ossimg-client-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    ASSERT_EQ(::mkdir((root_ + "/bkt").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((root_ + "/dst-bkt").c_str(), 0755), 0);
    photo_ = ReadWholeFile(std::string(OSSIMG_SOURCE_DIR) +
                           "/samples/coffee-600x400.jpg");
    ASSERT_FALSE(photo_.empty());
    WriteWholeFile(root_ + "/bkt/photo.jpg", photo_);
    o.root = root_;
    o.host = "127.0.0.1";
    o.port = 0;
    o.credentials.access_key_id = kTestId;
    o.credentials.access_key_secret = kTestSecret;
    o.engine.threads = 1;
    StatusOr<std::unique_ptr<serve::Server>> s =
        serve::Server::Create(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
    thread_ = std::thread([this] { EXPECT_TRUE(server_->Run().ok()); });
  }

  void Stop() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
    std::system(("rm -rf '" + root_ + "'").c_str());
  }

  ~TestServer() { Stop(); }

  int port() const { return server_->port(); }
  std::string endpoint() const {
    return "http://127.0.0.1:" + std::to_string(port());
  }
  const std::string& root() const { return root_; }
  const std::string& photo() const { return photo_; }

  // A client for this server with fast retries.
  std::unique_ptr<oss::OssClient> Client(
      oss::SignatureVersion v = oss::SignatureVersion::kV4,
      int max_attempts = 4) const {
    oss::ClientOptions o;
    o.endpoint = endpoint();
    o.credentials = {kTestId, kTestSecret, ""};
    o.signature = v;
    o.max_attempts = max_attempts;
    o.backoff_base_ms = 1;
    o.backoff_max_ms = 5;
    o.connect_timeout_ms = 2000;
    o.total_timeout_ms = 20000;
    StatusOr<std::unique_ptr<oss::OssClient>> c =
        oss::OssClient::Create(std::move(o));
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }

 private:
  std::string root_;
  std::string photo_;
  std::unique_ptr<serve::Server> server_;
  std::thread thread_;
};

}  // namespace ossimg::testing

#endif  // OSSIMG_TESTS_TRANSPORT_TEST_SERVER_H_
