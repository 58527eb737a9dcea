// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg batch` as a distributed engine's worker sees it: sharding, resume
// after SIGKILL, provenance, failure isolation, reports, signals. Runs the real
// executable ($OSSIMG_BINARY).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ossimg/codec.h"
#include "ossimg/engine.h"
#include "ossimg/image.h"

#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  bool killed = false;
  std::string out;
};

RunResult Ossimg(const std::string& args, const std::string& env = "") {
  const std::string cmd =
      env + " " + std::getenv("OSSIMG_BINARY") + " " + args + " 2>/dev/null";
  RunResult r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  if (WIFEXITED(st)) r.exit_code = WEXITSTATUS(st);
  // The shell reports a child killed by signal s as exit status 128 + s.
  r.killed = r.exit_code == 128 + SIGKILL;
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string l;
  while (std::getline(ss, l)) {
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

std::vector<nlohmann::json> Records(const std::string& out) {
  std::vector<nlohmann::json> r;
  for (const std::string& l : Lines(out)) r.push_back(nlohmann::json::parse(l));
  return r;
}

// A fresh folder with `n` small images in nested folders (half PNG, half JPEG)
// plus a text file.
std::string MakeTree(const std::string& name, int n) {
  const std::string root = ::testing::TempDir() + "ossimg_batch_" + name;
  fs::remove_all(root);
  for (int i = 0; i < n; ++i) {
    ossimg::StatusOr<ossimg::Image> img =
        ossimg::Image::Create(16 + i % 7, 12, ossimg::PixelFormat::kRGB8);
    for (int y = 0; y < img->height(); ++y) {
      for (int x = 0; x < img->width() * 3; ++x)
        img->Row(y)[x] = static_cast<uint8_t>(x * 9 + y * 5 + i);
    }
    const bool png = i % 2 == 0;
    const auto bytes =
        ossimg::EncodeImage(img->view(), png ? ossimg::ImageFormat::kPng
                                             : ossimg::ImageFormat::kJpeg);
    const std::string dir =
        root + "/src/d" + std::to_string(i % 5) + (i % 3 ? "/sub" : "");
    fs::create_directories(dir);
    std::ofstream(dir + "/img" + std::to_string(i) + (png ? ".png" : ".JPG"),
                  std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes->data()),
               static_cast<std::streamsize>(bytes->size()));
  }
  std::ofstream(root + "/src/notes.txt") << "not an image";
  return root;
}

std::set<std::string> ListShard(const std::string& root,
                                const std::string& shard,
                                const std::string& env = "") {
  const RunResult r =
      Ossimg("batch image/resize,w_8 " + root + "/src " + root + "/dst --list" +
                 (shard.empty() ? "" : " --shard " + shard),
             env);
  EXPECT_EQ(r.exit_code, 0);
  const auto lines = Lines(r.out);
  return std::set<std::string>(lines.begin(), lines.end());
}

std::vector<std::string> FilesUnder(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file()) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(BatchTest, ShardsAreDisjointCompleteAndStable) {
  const std::string root = MakeTree("shards", 200);
  const std::set<std::string> all = ListShard(root, "0/1");
  EXPECT_EQ(all.size(), 201u);  // 200 images + the text file (listed as skip)
  std::set<std::string> seen;
  std::vector<std::set<std::string>> parts;
  for (int i = 0; i < 4; ++i) {
    parts.push_back(ListShard(root, std::to_string(i) + "/4"));
    EXPECT_GT(parts.back().size(), 20u);  // a hash, not a pile-up
    for (const std::string& s : parts.back())
      EXPECT_TRUE(seen.insert(s).second) << s;
  }
  EXPECT_EQ(seen, all);
  // New items never move old ones between shards.
  ossimg::StatusOr<ossimg::Image> img =
      ossimg::Image::Create(8, 8, ossimg::PixelFormat::kGray8);
  const auto bytes =
      ossimg::EncodeImage(img->view(), ossimg::ImageFormat::kPng);
  for (int i = 0; i < 30; ++i) {
    std::ofstream(root + "/src/new" + std::to_string(i) + ".png",
                  std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes->data()),
               static_cast<std::streamsize>(bytes->size()));
  }
  for (int i = 0; i < 4; ++i) {
    const std::set<std::string> now = ListShard(root, std::to_string(i) + "/4");
    for (const std::string& s : parts[i]) EXPECT_EQ(now.count(s), 1u) << s;
  }
}

TEST(BatchTest, ShardFromSchedulerEnvironment) {
  const std::string root = MakeTree("env", 40);
  const auto want = ListShard(root, "1/3");
  EXPECT_EQ(ListShard(root, "", "JOB_COMPLETION_INDEX=1 JOB_COMPLETIONS=3"),
            want);
  EXPECT_EQ(ListShard(root, "",
                      "SLURM_ARRAY_TASK_ID=6 SLURM_ARRAY_TASK_MIN=5 "
                      "SLURM_ARRAY_TASK_COUNT=3"),
            want);
  EXPECT_EQ(ListShard(root, "",
                      "AWS_BATCH_JOB_ARRAY_INDEX=1 AWS_BATCH_JOB_ARRAY_SIZE=3"),
            want);
  EXPECT_EQ(
      Ossimg("batch image/info " + root + "/src " + root + "/dst --shard 3/3")
          .exit_code,
      1);
}

TEST(BatchTest, ConvertsMirrorsTheTreeAndReports) {
  const std::string root = MakeTree("convert", 30);
  const RunResult r = Ossimg("batch image/resize,w_8/format,png " + root +
                             "/src " + root + "/dst --json -q --jobs 2");
  EXPECT_EQ(r.exit_code, 0);
  const auto recs = Records(r.out);
  ASSERT_EQ(recs.size(), 32u);  // 30 images, 1 skipped text file, the summary
  const auto& summary = recs.back();
  EXPECT_TRUE(summary["summary"].get<bool>());
  EXPECT_EQ(summary["ok"], 30);
  EXPECT_EQ(summary["skipped"], 1);
  for (size_t i = 0; i + 1 < recs.size(); ++i) {
    if (recs[i]["status"] != "ok") continue;
    const std::string dst = recs[i]["dst"];
    EXPECT_EQ(dst.substr(dst.size() - 4),
              ".png");  // the output format's extension
    EXPECT_EQ(recs[i]["width"], 8);
    EXPECT_TRUE(fs::exists(dst)) << dst;
  }
  EXPECT_TRUE(fs::exists(root + "/dst/d1/sub/img1.png"));
}

TEST(BatchTest, SameBytesWhateverTheJobCount) {
  const std::string root = MakeTree("jobs", 20);
  ASSERT_EQ(Ossimg("batch image/resize,w_11/rotate,30 " + root + "/src " +
                   root + "/a -q --jobs 1")
                .exit_code,
            0);
  ASSERT_EQ(Ossimg("batch image/resize,w_11/rotate,30 " + root + "/src " +
                   root + "/b -q --jobs 2")
                .exit_code,
            0);
  const auto a = FilesUnder(root + "/a"), b = FilesUnder(root + "/b");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    std::ifstream fa(a[i], std::ios::binary), fb(b[i], std::ios::binary);
    std::stringstream sa, sb;
    sa << fa.rdbuf();
    sb << fb.rdbuf();
    EXPECT_EQ(sa.str(), sb.str()) << a[i];
  }
}

TEST(BatchTest, SigkillLeavesOnlyCompleteOutputsAndResumes) {
  const std::string root = MakeTree("kill", 60);
  const std::string cmd =
      "batch image/resize,w_8 " + root + "/src " + root + "/dst -q --jobs 1";
  // Killed right after the 17th output was linked.
  RunResult r = Ossimg(cmd, "OSSIMG_BATCH_KILL_AFTER_ITEMS=17");
  EXPECT_TRUE(r.killed) << r.exit_code;
  auto files = FilesUnder(root + "/dst");
  EXPECT_EQ(files.size(), 17u);
  // Killed with the 5th output's bytes written but not linked: still only
  // complete files.
  RunResult r2 =
      Ossimg(cmd + " --skip-existing", "OSSIMG_BATCH_KILL_BEFORE_LINK=5");
  EXPECT_TRUE(r2.killed);
  files = FilesUnder(root + "/dst");
  EXPECT_EQ(files.size(), 21u);  // 17 + 4 more, the 5th never appeared
  for (const std::string& f : files) {
    auto bytes = ossimg::ReadFileBytes(f, 1 << 20);
    ASSERT_TRUE(bytes.ok());
    EXPECT_TRUE(ossimg::DecodeImage(bytes->data(), bytes->size()).ok()) << f;
  }
  EXPECT_FALSE(fs::exists(root + "/dst.ossimg-staging"));
  // Resume: the 21 done are skipped by provenance, the rest done.
  r = Ossimg(cmd + " --skip-existing --json");
  EXPECT_EQ(r.exit_code, 0);
  const auto summary = Records(r.out).back();
  EXPECT_EQ(summary["skipped"], 21 + 1);  // + the text file
  EXPECT_EQ(summary["ok"], 60 - 21);
  EXPECT_EQ(FilesUnder(root + "/dst").size(), 60u);
}

TEST(BatchTest, SkipExistingRedoesWhatChanged) {
  const std::string root = MakeTree("prov", 10);
  const std::string args =
      root + "/src " + root + "/dst -q --json --skip-existing";
  ASSERT_EQ(Ossimg("batch image/resize,w_8 " + args).exit_code, 0);
  auto s = Records(Ossimg("batch image/resize,w_8 " + args).out).back();
  EXPECT_EQ(s["ok"], 0);
  // A touched source is redone; the others are not.
  fs::last_write_time(root + "/src/d0/img0.png",
                      fs::file_time_type::clock::now());
  s = Records(Ossimg("batch image/resize,w_8 " + args).out).back();
  EXPECT_EQ(s["ok"], 1);
  // Another process string redoes everything; so does --force.
  s = Records(Ossimg("batch image/resize,w_9 " + args).out).back();
  EXPECT_EQ(s["ok"], 10);
  s = Records(Ossimg("batch image/resize,w_9 " + args + " --force").out).back();
  EXPECT_EQ(s["ok"], 10);
}

TEST(BatchTest, BadItemsFailAloneWithTheirOwnRecord) {
  const std::string root = MakeTree("bad", 6);
  std::ofstream(root + "/src/garbage.jpg") << "this is not a jpeg at all";
  std::ofstream manifest(root + "/manifest.jsonl");
  manifest << "{\"src\": \"" << root
           << "/src/d0/img0.png\", \"dst\": \"one.png\"}\n";
  manifest << "{\"src\": \"" << root << "/src/garbage.jpg\"}\n";
  manifest << "{\"src\": broken json\n";
  manifest << "{\"src\": \"" << root << "/src/vanished.png\"}\n";
  manifest << "{\"src\": \"" << root
           << "/src/d0/img0.png\", \"dst\": \"two.png\", \"process\": "
              "\"image/slim\"}\n";
  manifest << root
           << "/src/d1/sub/img1.JPG,three.jpg,image/resize,w_5\n";  // CSV
  manifest.close();
  const RunResult r =
      Ossimg("batch image/resize,w_8 --manifest " + root + "/manifest.jsonl " +
             root + "/out --json -q --jobs 1");
  EXPECT_EQ(r.exit_code, 2);
  std::map<std::string, std::string> by_code;
  int ok = 0;
  for (const auto& rec : Records(r.out)) {
    if (rec.contains("summary")) {
      EXPECT_EQ(rec["errors"], 4);
      continue;
    }
    if (rec["status"] == "ok") ++ok;
    if (rec["status"] == "error")
      by_code[rec["code"].get<std::string>() + " " +
              rec["src"].get<std::string>()] = rec["message"];
  }
  EXPECT_EQ(ok, 2);
  EXPECT_TRUE(fs::exists(root + "/out/one.png"));
  EXPECT_TRUE(fs::exists(root + "/out/three.jpg"));
  EXPECT_EQ(by_code.count("BadRequest " + root + "/src/garbage.jpg"), 1u);
  EXPECT_EQ(by_code.count("NoSuchKey " + root + "/src/vanished.png"), 1u);
  EXPECT_EQ(by_code.count("InvalidArgument " + root + "/src/d0/img0.png"),
            1u);  // image/slim
  EXPECT_EQ(by_code.count("InvalidArgument manifest line 3"), 1u);
}

TEST(BatchTest, SigtermDrainsAndExits130WithASummary) {
  const std::string root = MakeTree("term", 40);
  const RunResult r = Ossimg("batch image/resize,w_8 " + root + "/src " + root +
                                 "/dst --json -q --jobs 1",
                             "OSSIMG_BATCH_TERM_AFTER_ITEMS=7");
  EXPECT_EQ(r.exit_code, 130);
  const auto recs = Records(r.out);
  ASSERT_FALSE(recs.empty());
  EXPECT_TRUE(recs.back()["interrupted"].get<bool>());
  EXPECT_GE(recs.back()["ok"].get<int>(), 7);
  EXPECT_LT(recs.back()["done"].get<int>(), 41);
}

TEST(BatchTest, UsageErrorsRunNothing) {
  const std::string root = MakeTree("usage", 2);
  EXPECT_EQ(Ossimg("batch image/resize,w_8 " + root + "/src").exit_code, 1);
  EXPECT_EQ(
      Ossimg("batch image/resize,w_8 /no/such/dir " + root + "/dst").exit_code,
      1);
  EXPECT_EQ(Ossimg("batch image/resize,w_8 " + root + "/src " + root +
                   "/dst --shard 2")
                .exit_code,
            1);
  EXPECT_FALSE(fs::exists(root + "/dst"));
}

}  // namespace
