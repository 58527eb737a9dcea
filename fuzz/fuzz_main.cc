// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Standalone driver for the fuzz targets when libFuzzer is not linked (g++
// builds, CI): runs LLVMFuzzerTestOneInput over every file named on the command
// line, recursing into directories. Missing paths are skipped, so an empty
// crashes/ folder is fine. Exits non-zero if no file ran.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool RunFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  size_t ran = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path root(argv[i]);
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
        if (e.is_regular_file() && e.path().filename().string()[0] != '.')
          ran += RunFile(e.path());
      }
    } else if (fs::is_regular_file(root, ec)) {
      ran += RunFile(root);
    }
  }
  std::printf("ran %zu inputs\n", ran);
  return ran > 0 ? 0 : 1;
}
