// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The `ossimg` binary's oss:// paths against an in-process `ossimg serve`:
// process, persist, presign, and batch over a prefix (sharded, resumed after
// a SIGKILL, exit codes 2 and 3). The credentials travel in the environment
// only, and no output may contain the secret.

#include <fcntl.h>
#include <sys/stat.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ossimg/transport.h"

#include "tests/transport/test_server.h"
#include <sys/wait.h>

namespace ossimg::oss {
namespace {

using ::ossimg::testing::kTestId;
using ::ossimg::testing::kTestSecret;
using ::ossimg::testing::ReadWholeFile;
using ::ossimg::testing::TestServer;
using ::ossimg::testing::WidthOf;
using ::ossimg::testing::WriteWholeFile;

struct CliResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string out, err;
};

// Runs `ossimg ARGS` with the server's endpoint and credentials in the
// environment, plus `env`.
CliResult Ossimg(
    const TestServer& server, const std::vector<std::string>& args,
    const std::vector<std::pair<std::string, std::string>>& env = {},
    const char* secret = kTestSecret) {
  const char* bin = std::getenv("OSSIMG_BINARY");
  CliResult r;
  if (bin == nullptr) return r;
  char out_tmpl[] = "/tmp/ossimg-cli-out-XXXXXX";
  char err_tmpl[] = "/tmp/ossimg-cli-err-XXXXXX";
  const int out_fd = ::mkstemp(out_tmpl), err_fd = ::mkstemp(err_tmpl);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::setenv("OSS_ENDPOINT", server.endpoint().c_str(), 1);
    ::setenv("OSS_ACCESS_KEY_ID", kTestId, 1);
    ::setenv("OSS_ACCESS_KEY_SECRET", secret, 1);
    ::setenv("OSSIMG_OSS_BACKOFF_MS", "1", 1);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv{const_cast<char*>(bin)};
    for (const std::string& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(bin, argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::close(out_fd);
  ::close(err_fd);
  r.out = ReadWholeFile(out_tmpl);
  r.err = ReadWholeFile(err_tmpl);
  ::unlink(out_tmpl);
  ::unlink(err_tmpl);
  EXPECT_EQ(r.out.find(kTestSecret), std::string::npos);
  EXPECT_EQ(r.err.find(kTestSecret), std::string::npos);
  EXPECT_EQ(r.err.find(secret), std::string::npos);
  return r;
}

std::vector<nlohmann::json> Records(const std::string& jsonl) {
  std::vector<nlohmann::json> out;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && !j.contains("summary")) out.push_back(j);
  }
  return out;
}

nlohmann::json Summary(const std::string& jsonl) {
  std::istringstream in(jsonl);
  std::string line;
  nlohmann::json last;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("summary")) last = j;
  }
  return last;
}

class OssCliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(server_.Start()); }
  // n JPEGs under bkt/in/ (some in a sub-folder) and one text file.
  void MakeInputs(int n) {
    const std::string in = server_.root() + "/bkt/in";
    ASSERT_EQ(::mkdir(in.c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((in + "/sub").c_str(), 0755), 0);
    for (int i = 0; i < n; ++i) {
      WriteWholeFile(in + (i % 4 == 0 ? "/sub/" : "/") + "img" +
                         std::to_string(i) + ".jpg",
                     server_.photo());
    }
    WriteWholeFile(in + "/notes.txt", "not an image");
  }
  TestServer server_;
};

TEST_F(OssCliTest, ProcessReadsAndWritesObjects) {
  CliResult r =
      Ossimg(server_, {"process", "oss://bkt/photo.jpg", "oss://bkt/out/p.webp",
                       "image/resize,w_70/format,webp"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(WidthOf(ReadWholeFile(server_.root() + "/bkt/out/p.webp")), 70);
  auto client = server_.Client();
  StatusOr<ObjectMeta> head = client->HeadObject("bkt", "out/p.webp");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->content_type, "image/webp");
  // Local output from an object, and errors with OSS's code and exit 2.
  const std::string local = server_.root() + "/local.png";
  r = Ossimg(server_, {"process", "oss://bkt/photo.jpg", local,
                       "image/resize,w_30/format,png"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(WidthOf(ReadWholeFile(local)), 30);
  r = Ossimg(server_,
             {"process", "oss://bkt/missing.jpg", local, "image/resize,w_30"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("NoSuchKey"), std::string::npos) << r.err;
  // A wrong secret is refused and never echoed.
  r = Ossimg(server_,
             {"process", "oss://bkt/photo.jpg", local, "image/resize,w_30"}, {},
             "a-wrong-secret-value");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("SignatureDoesNotMatch"), std::string::npos) << r.err;
}

TEST_F(OssCliTest, PersistAndPresign) {
  CliResult r =
      Ossimg(server_, {"persist", "oss://bkt/photo.jpg",
                       "oss://dst-bkt/saved.jpg", "image/resize,w_40"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["bucket"], "dst-bkt");
  EXPECT_EQ(j["object"], "saved.jpg");
  EXPECT_EQ(j["status"], "OK");
  EXPECT_EQ(WidthOf(ReadWholeFile(server_.root() + "/dst-bkt/saved.jpg")), 40);
  r = Ossimg(server_, {"persist", "oss://bkt/photo.jpg", "oss://bkt/x.jpg",
                       "image/resize,w_40|sys/saveas,o_eA"});
  EXPECT_EQ(r.exit_code, 1);

  for (const char* sig : {"v1", "v4"}) {
    r = Ossimg(server_,
               {"presign", "oss://bkt/photo.jpg", "--process",
                "image/resize,w_33", "--expires", "600", "--signature", sig});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string url = r.out.substr(0, r.out.find('\n'));
    const std::string prefix = server_.endpoint();
    ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
    httplib::Client http("127.0.0.1", server_.port());
    http.set_url_encode(false);
    httplib::Result got = http.Get(url.substr(prefix.size()).c_str());
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200) << got->body;
    EXPECT_EQ(WidthOf(got->body), 33) << sig;
  }
}

TEST_F(OssCliTest, BatchOverAPrefixShardedIsDisjointAndComplete) {
  ASSERT_NO_FATAL_FAILURE(MakeInputs(12));
  std::set<std::string> dsts;
  int total = 0;
  for (int shard = 0; shard < 3; ++shard) {
    CliResult r = Ossimg(
        server_, {"batch", "image/resize,w_100/format,webp", "oss://bkt/in/",
                  "oss://dst-bkt/thumbs/", "--shard",
                  std::to_string(shard) + "/3", "--json", "-q", "--jobs", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    for (const nlohmann::json& rec : Records(r.out)) {
      if (rec["status"] != "ok") continue;
      EXPECT_TRUE(dsts.insert(rec["dst"].get<std::string>()).second)
          << rec.dump();
      ++total;
    }
  }
  EXPECT_EQ(total, 12);
  EXPECT_EQ(dsts.count("oss://dst-bkt/thumbs/sub/img0.webp"), 1u);
  auto client = server_.Client();
  StatusOr<std::vector<ListedObject>> out =
      client->ListAll("dst-bkt", "thumbs/");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->size(), 12u);
  StatusOr<GetResult> one =
      client->GetObject("dst-bkt", "thumbs/img1.webp", GetOptions());
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(WidthOf(std::string(one->data.begin(), one->data.end())), 100);
  EXPECT_EQ(one->meta.content_type, "image/webp");
  EXPECT_TRUE(one->meta.UserMeta("ossimg-source").has_value());
  EXPECT_TRUE(one->meta.UserMeta("ossimg-process").has_value());
  EXPECT_TRUE(one->meta.UserMeta("ossimg-version").has_value());
}

TEST_F(OssCliTest, BatchResumesAfterAKillAndRedoesChangedSources) {
  ASSERT_NO_FATAL_FAILURE(MakeInputs(8));
  const std::vector<std::string> args = {"batch",          "image/resize,w_60",
                                         "oss://bkt/in",   "oss://bkt/out",
                                         "--json",         "-q",
                                         "--jobs",         "1",
                                         "--skip-existing"};
  CliResult r = Ossimg(server_, args, {{"OSSIMG_BATCH_KILL_AFTER_ITEMS", "3"}});
  EXPECT_EQ(r.exit_code, 128 + SIGKILL);
  auto client = server_.Client();
  StatusOr<std::vector<ListedObject>> done = client->ListAll("bkt", "out/");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->size(), 3u);
  r = Ossimg(server_, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json summary = Summary(r.out);
  EXPECT_EQ(summary["ok"], 5);
  EXPECT_EQ(summary["skipped"], 3 + 1);  // + notes.txt
  // A changed source (new ETag) is redone; the rest is skipped.
  GetOptions smaller;
  smaller.process = "image/resize,w_300";
  StatusOr<GetResult> changed =
      client->GetObject("bkt", "in/img1.jpg", smaller);
  ASSERT_TRUE(changed.ok());
  ASSERT_TRUE(
      client->PutObject("bkt", "in/img1.jpg", changed->data, PutOptions())
          .ok());
  r = Ossimg(server_, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  summary = Summary(r.out);
  EXPECT_EQ(summary["ok"], 1);
  EXPECT_EQ(summary["skipped"], 8);
  const std::vector<nlohmann::json> recs = Records(r.out);
  for (const nlohmann::json& rec : recs) {
    if (rec["status"] == "ok") {
      EXPECT_EQ(rec["src"], "oss://bkt/in/img1.jpg");
    }
  }
}

TEST_F(OssCliTest, BatchTransientFailureExitsThree) {
  ASSERT_NO_FATAL_FAILURE(MakeInputs(2));
  server_.Stop();
  serve::ServerOptions o;
  o.fault_count = 1;  // the listing's only attempt
  ASSERT_NO_FATAL_FAILURE(server_.Start(o));
  ASSERT_NO_FATAL_FAILURE(MakeInputs(2));
  CliResult r = Ossimg(server_, {"batch", "image/resize,w_60", "oss://bkt/in/",
                                 "oss://bkt/out/", "-q", "--retries", "0"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("ServiceUnavailable"), std::string::npos) << r.err;
  // The fault is spent: the same run now succeeds.
  r = Ossimg(server_, {"batch", "image/resize,w_60", "oss://bkt/in/",
                       "oss://bkt/out/", "-q", "--retries", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // A DST bucket that does not exist is a permanent failure per item.
  r = Ossimg(server_, {"batch", "image/resize,w_60", "oss://bkt/in/",
                       "oss://no-bucket/out/", "-q"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

// The hidden --test-fail-first flag of the real binary: the first request
// fails, the next one is served.
TEST(ServeFaultFlagTest, FailsTheFirstRequestsThenServes) {
  const char* bin = std::getenv("OSSIMG_BINARY");
  ASSERT_NE(bin, nullptr);
  char tmpl[] = "/tmp/ossimg-fault-flag-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string root = tmpl;
  ASSERT_EQ(::mkdir((root + "/bkt").c_str(), 0755), 0);
  WriteWholeFile(root + "/bkt/a.txt", "abc");
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::setenv("OSS_ACCESS_KEY_ID", kTestId, 1);
    ::setenv("OSS_ACCESS_KEY_SECRET", kTestSecret, 1);
    ::execl(bin, bin, "serve", "--root", root.c_str(), "--listen", "127.0.0.1:0",
            "--anonymous", "--test-fail-first", "1", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string line;
  char ch;
  while (::read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
  ::close(out[0]);
  ASSERT_EQ(line.rfind("listening on http://127.0.0.1:", 0), 0u) << line;
  httplib::Client http("127.0.0.1", std::stoi(line.substr(line.rfind(':') + 1)));
  httplib::Result r = http.Get("/bkt/a.txt");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find("<Code>ServiceUnavailable</Code>"), std::string::npos);
  r = http.Get("/bkt/a.txt");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "abc");
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  // A malformed value is a usage error.
  const pid_t bad = ::fork();
  if (bad == 0) {
    ::setenv("OSS_ACCESS_KEY_ID", kTestId, 1);
    ::setenv("OSS_ACCESS_KEY_SECRET", kTestSecret, 1);
    ::execl(bin, bin, "serve", "--root", root.c_str(), "--listen", "127.0.0.1:0",
            "--test-fail-first", "x:boom", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::waitpid(bad, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
  std::system(("rm -rf '" + root + "'").c_str());
}

}  // namespace
}  // namespace ossimg::oss
