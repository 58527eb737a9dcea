// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The smallest useful ossimg program: apply an x-oss-process string to a file.
//   thumbnail IN OUT [PROCESS]   (PROCESS defaults to an 800 px JPEG thumbnail)

#include <cstdio>
#include <string>

#include "ossimg/ossimg.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s IN OUT [PROCESS]\n", argv[0]);
    return 1;
  }
  const std::string process =
      argc > 3 ? argv[3] : "image/resize,m_lfit,w_800,h_800/quality,Q_85";
  const ossimg::Engine engine;  // OSS's limits, all cores
  ossimg::StatusOr<ossimg::Result> result = engine.ProcessFile(argv[1], process);
  if (!result.ok()) {
    // The same one-line form as the ossimg CLI, with OSS's code word.
    std::fprintf(stderr, "thumbnail: %s\n", result.status().ToString().c_str());
    return 2;
  }
  const ossimg::Status written = ossimg::WriteFileAtomically(argv[2], result->bytes);
  if (!written.ok()) {
    std::fprintf(stderr, "thumbnail: %s\n", written.ToString().c_str());
    return 2;
  }
  std::printf("%s: %dx%d %s, %zu bytes\n", argv[2], result->width, result->height,
              ossimg::ImageFormatName(result->format), result->bytes.size());
  return 0;
}
