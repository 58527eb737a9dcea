// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg info` and the codec-only `ossimg process`: output, exit codes, error lines, and never a
// half-written or left-over output file.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ossimg/codec.h"

#include "tests/codecs/test_util.h"
#include <sys/wait.h>

namespace ossimg {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

CliRun Cli(const std::string& args) {
  const char* bin = std::getenv("OSSIMG_BINARY");
  CliRun r;
  if (bin == nullptr) {
    ADD_FAILURE() << "OSSIMG_BINARY is not set (ctest sets it)";
    return r;
  }
  const std::string cmd = std::string(bin) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string Data(const std::string& rel) { return std::string(OSSIMG_TEST_DATA_DIR) + "/" + rel; }

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ossimg_cli_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename());
    return names;
  }
  fs::path dir_;
};

TEST_F(CliTest, InfoPrintsTheOssShape) {
  const CliRun r = Cli("info " + Data("codecs/s420.jpg"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // cjpeg writes JFIF units 0 density 1x1: reported as OSS does ("1", "1/1", "1/1").
  EXPECT_EQ(r.out,
            "{\n"
            "    \"FileSize\": {\"value\": \"1573\"},\n"
            "    \"Format\": {\"value\": \"jpg\"},\n"
            "    \"FrameCount\": {\"value\": \"1\"},\n"
            "    \"ImageHeight\": {\"value\": \"29\"},\n"
            "    \"ImageWidth\": {\"value\": \"37\"},\n"
            "    \"ResolutionUnit\": {\"value\": \"1\"},\n"
            "    \"XResolution\": {\"value\": \"1/1\"},\n"
            "    \"YResolution\": {\"value\": \"1/1\"}}\n");
  const CliRun o = Cli("info " + Data("codecs/orient6.jpg"));
  EXPECT_NE(o.out.find("\"Orientation\": {\"value\": \"6\"}"), std::string::npos) << o.out;
}

TEST_F(CliTest, InfoErrors) {
  const CliRun r = Cli("info " + Data("bad/jpeg-lottapixel.jpg"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out.rfind("ossimg: ImageTooLarge: ", 0), 0u) << r.out;
  const CliRun m = Cli("info " + (dir_ / "missing.jpg").string());
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_EQ(m.out.rfind("ossimg: NoSuchKey: ", 0), 0u) << m.out;
}

TEST_F(CliTest, ProcessConvertsJpegToPngAndBack) {
  const std::string png = (dir_ / "out.png").string();
  CliRun r = Cli("process " + Data("codecs/s420.jpg") + " " + png + " image/format,png");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::vector<uint8_t> bytes = testing::ReadTestFile("codecs/s420.jpg");
  const Image want = testing::MustDecode(bytes);
  const std::vector<uint8_t> got = [&] {
    FILE* f = std::fopen(png.c_str(), "rb");
    std::vector<uint8_t> v(static_cast<size_t>(fs::file_size(png)));
    EXPECT_EQ(std::fread(v.data(), 1, v.size(), f), v.size());
    std::fclose(f);
    return v;
  }();
  EXPECT_EQ(testing::CountDiff(testing::MustDecode(got).view(), want.view()), 0);

  const std::string jpg = (dir_ / "out.jpg").string();
  r = Cli("process " + png + " " + jpg + " image/format,jpg/interlace,1/quality,Q_70");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  r = Cli("info --all " + jpg);
  EXPECT_NE(r.out.find("\"interlaced\": true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"jpeg_quality\": 70"), std::string::npos) << r.out;
  // Only the outputs, no temporary files left behind.
  EXPECT_EQ(Files().size(), 2u);
}

TEST_F(CliTest, FailuresLeaveNoOutput) {
  const std::string out = (dir_ / "out.png").string();
  CliRun r = Cli("process " + Data("bad/png-289mp.png") + " " + out + " image/format,png");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out.rfind("ossimg: ImageTooLarge: ", 0), 0u) << r.out;
  r = Cli("process " + Data("bad/png-truncated-idat.png") + " " + out + " image/format,png");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out.rfind("ossimg: BadRequest: ", 0), 0u) << r.out;
  // The output name says PNG, the process says JPEG.
  r = Cli("process " + Data("codecs/s420.jpg") + " " + out + " image/format,jpg");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out.rfind("ossimg: InvalidArgument: ", 0), 0u) << r.out;
  // A grammar error carries the OSS error number.
  r = Cli("process " + Data("codecs/s420.jpg") + " " + out + " image/interlace,2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("EC 0040-00000282"), std::string::npos) << r.out;
  EXPECT_TRUE(Files().empty());
}

TEST_F(CliTest, ExistingOutputIsReplacedWhole) {
  const std::string out = (dir_ / "out.png").string();
  FILE* f = std::fopen(out.c_str(), "wb");
  std::fputs("old", f);
  std::fclose(f);
  // A failed run keeps the old file untouched ...
  CliRun r = Cli("process " + Data("bad/png-289mp.png") + " " + out + " image/format,png");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(fs::file_size(out), 3u);
  // ... a successful one replaces it.
  r = Cli("process " + Data("codecs/png_c6_d8.png") + " " + out + " image/format,png");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_GT(fs::file_size(out), 3u);
  EXPECT_EQ(Files().size(), 1u);
}

TEST_F(CliTest, ProcessInfoAction) {
  const CliRun r = Cli("process " + Data("codecs/png_c2_d8.png") + " - image/info");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\"Format\": {\"value\": \"png\"}"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace ossimg
