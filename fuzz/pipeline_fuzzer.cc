// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The whole engine: the first line of the input is the process string, the rest is the image.
// Small limits keep every execution well inside libFuzzer's time and memory budgets; an error
// must carry an OSS code word, and a success must be a decodable image of the reported size (or
// JSON / text for info and average-hue).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const uint8_t* nl = static_cast<const uint8_t*>(std::memchr(data, '\n', size));
  if (nl == nullptr) return 0;
  const std::string_view process(reinterpret_cast<const char*>(data), nl - data);
  const uint8_t* image = nl + 1;
  const size_t image_size = size - (nl + 1 - data);
  static const ossimg::Engine* engine = [] {
    ossimg::Options opt;
    opt.threads = 1;
    opt.limits.max_pixels = 4 * 1024 * 1024;
    opt.limits.max_side = 4096;
    opt.limits.max_output_side = 2048;
    opt.limits.max_output_pixels = 2 * 1024 * 1024;
    opt.limits.max_memory_bytes = 256ull * 1024 * 1024;
    opt.styles["s"] = "image/resize,w_16/rotate,90";
    return new ossimg::Engine(opt);
  }();
  ossimg::StatusOr<ossimg::Result> r = engine->Process(image, image_size, process);
  if (!r.ok()) {
    if (std::string(r.status().oss_code()).empty()) std::abort();
    if (r.status().code() == ossimg::StatusCode::kInternal) std::abort();  // a bug, not input
    return 0;
  }
  if (r->format == ossimg::ImageFormat::kUnknown) return 0;  // info / average-hue
  ossimg::StatusOr<ossimg::ImageInfo> info =
      ossimg::ProbeImage(r->bytes.data(), r->bytes.size(), ossimg::Limits());
  if (!info.ok() || info->width != r->width || info->height != r->height) std::abort();
  return 0;
}
