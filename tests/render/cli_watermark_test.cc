// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg process` with image watermarks: keys resolve next to the input by
// default or under
// --root, never outside it; --font-dir is searched first.

#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "parser/base64.h"
#include <sys/wait.h>

namespace {

struct CliResult {
  int exit_code = -1;
  std::string err;
};

CliResult Ossimg(const std::string& args) {
  const char* bin = std::getenv("OSSIMG_BINARY");
  if (bin == nullptr) {
    ADD_FAILURE() << "OSSIMG_BINARY is not set (run through ctest)";
    return CliResult();
  }
  const std::string err_path =
      testing::TempDir() + "/ossimg_wm_cli_err_" +
      testing::UnitTest::GetInstance()->current_test_info()->name();
  const int rc =
      std::system((std::string(bin) + " " + args + " 2>" + err_path).c_str());
  CliResult r;
  r.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  if (FILE* f = std::fopen(err_path.c_str(), "rb")) {
    char buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) r.err.append(buf, n);
    std::fclose(f);
  }
  return r;
}

class CliWatermarkTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/ossimg_wm_cli_" +
           testing::UnitTest::GetInstance()->current_test_info()->name();
    const std::string samples = std::string(OSSIMG_SOURCE_DIR) + "/samples";
    ASSERT_EQ(
        0,
        std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_ + "/in " + dir_ +
                     "/marks && cp " + samples + "/coffee-600x400.jpg " + dir_ +
                     "/in/ && cp " + samples + "/logo-250x250-rgba.png " +
                     dir_ + "/in/logo.png && cp " + samples +
                     "/logo-250x250-rgba.png " + dir_ + "/marks/other.png")
                        .c_str()));
  }
  std::string Process(const std::string& key, const std::string& extra = "") {
    return "process " + extra + " " + dir_ + "/in/coffee-600x400.jpg " + dir_ +
           "/out.jpg 'image/watermark,image_" +
           ossimg::parser::EncodeBase64Url(key) + "'";
  }
  std::string dir_;
};

TEST_F(CliWatermarkTest, DefaultRootIsTheInputFolder) {
  CliResult ok = Ossimg(Process("logo.png?x-oss-process=image/resize,P_20"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  CliResult missing = Ossimg(Process("other.png"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("WatermarkError"), std::string::npos)
      << missing.err;
}

TEST_F(CliWatermarkTest, RootFlagAndEscapes) {
  CliResult ok = Ossimg(Process("other.png", "--root " + dir_ + "/marks"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  for (const std::string& key :
       {std::string("../marks/other.png"), dir_ + "/marks/other.png"}) {
    CliResult r = Ossimg(Process(key));
    EXPECT_EQ(r.exit_code, 2) << key;
    EXPECT_NE(r.err.find("WatermarkError"), std::string::npos) << r.err;
  }
}

TEST_F(CliWatermarkTest, FontDirWithAnUnreadableFontFails) {
  // A file named after the OSS font wins over the system face; a broken one is
  // an error, which shows the folder was searched first.
  ASSERT_EQ(0, std::system(("mkdir -p " + dir_ + "/fonts && echo junk > " +
                            dir_ + "/fonts/wqy-zenhei.ttf")
                               .c_str()));
  const std::string p = " " + dir_ + "/in/coffee-600x400.jpg " + dir_ +
                        "/o.jpg 'image/watermark,text_" +
                        ossimg::parser::EncodeBase64Url("hi") + "'";
  EXPECT_EQ(Ossimg("process" + p).exit_code, 0);
  CliResult r = Ossimg("process --font-dir " + dir_ + "/fonts" + p);
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
