// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The engine: source bytes + an x-oss-process string -> the bytes OSS would
// answer with (an image, or JSON for info, or text for average-hue). Common
// principles:
// - Everything that can be decided from the header is decided before a pixel is
// decoded: the
//   output size, format and every OSS error that depends only on sizes. Plan()
//   shows that work.
// - Limits (include/ossimg/limits.h) are OSS's by default; embedders may relax
// them.
// - Output bytes do not depend on the number of threads or on SIMD versus
// scalar kernels.
// - No function throws; failures are Status values with OSS's error code.

#ifndef OSSIMG_ENGINE_H_
#define OSSIMG_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ossimg/codec.h"
#include "ossimg/export.h"
#include "ossimg/image.h"
#include "ossimg/limits.h"
#include "ossimg/status.h"

namespace ossimg {

// How far a JPEG may shrink in the DCT domain while decoding, before the Lanczos3 reduce.
enum class ShrinkOnLoad : uint8_t {
  kNone,     // always decode at full size (the reference picture)
  kQuality,  // the largest 1/2..1/8 that leaves at least 2x for the reduce (libvips' rule)
  kFast,     // the largest 1/2..1/8 that stays at or above the target (sharp's rule); default
};

struct Options {
  Limits limits;
  // kFast by default: on the headline photo it is ~20% faster than kQuality for ~1 dB PSNR
  // (docs/compat.md, "Decode hints").
  ShrinkOnLoad shrink_on_load = ShrinkOnLoad::kFast;
  // Threads for strip-parallel kernels: 0 = all cores, 1 = the calling thread
  // only.
  int threads = 0;
  // Route every kernel to its scalar twin (same output bytes; for tests and
  // diagnosis).
  bool force_scalar = false;
  // Styles for "style/<name>": name -> process string ("image/..."). A missing
  // name is NoSuchStyle (404), as OSS answers.
  std::map<std::string, std::string> styles;
  // Watermarks (docs/watermark.md). `watermark_objects` returns the bytes of the object a
  // `watermark,image_<key>` names, from the same store as the source (OSS: the same bucket); any
  // failure becomes OSS's WatermarkError. Unset: image watermarks fail. `font_dir` is searched
  // before the system fonts (e.g. for licensed FangZheng files named fangzhengkaiti.ttf).
  std::function<StatusOr<std::vector<uint8_t>>(std::string_view key)> watermark_objects;
  std::string font_dir;
};

// A `watermark_objects` resolver reading keys as files under the folder `root`. Absolute keys,
// `..` segments and symbolic links that lead outside `root` are refused.
OSSIMG_EXPORT std::function<StatusOr<std::vector<uint8_t>>(std::string_view key)>
DirectoryObjects(std::string root, uint64_t max_bytes);

struct Result {
  std::vector<uint8_t> bytes;
  // The image format written, or kUnknown for info (JSON) and average-hue
  // (text).
  ImageFormat format = ImageFormat::kUnknown;
  std::string content_type;  // "image/jpeg", "application/json", "text/plain"
  int32_t width = 0;         // of the output image; 0 for info / average-hue
  int32_t height = 0;
};

class OSSIMG_EXPORT Engine {
 public:
  explicit Engine(Options options = Options());
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const Options& options() const { return options_; }

  // Runs `process` on the encoded image in `data`.
  StatusOr<Result> Process(const uint8_t* data, size_t size,
                           std::string_view process) const;
  // Reads `path` (refusing files over Limits::max_file_bytes before reading
  // them) and runs `process` on it.
  StatusOr<Result> ProcessFile(const std::string& path,
                               std::string_view process) const;

  // The plan as JSON, from the header alone: source, every step with its output
  // size, the decode hints, the output format and size, and the predicted peak
  // memory. Nothing is decoded.
  StatusOr<std::string> Plan(const uint8_t* data, size_t size,
                             std::string_view process) const;

 private:
  struct Impl;
  Options options_;
  std::unique_ptr<Impl> impl_;
};

// OSS's `image/info` body for a probed image: keys sorted, every value a string in
// {"value": ...}, a 4-space indent, and the closing "}}" on the last line, as live OSS answers.
OSSIMG_EXPORT std::string OssInfoJson(const ImageInfo& info);

// Reads a whole file under a size limit (IoError, or ImageTooLarge past
// `max_bytes`).
OSSIMG_EXPORT StatusOr<std::vector<uint8_t>> ReadFileBytes(
    const std::string& path, uint64_t max_bytes);

// Writes `bytes` to `path` atomically: a temporary file in the same folder,
// then rename, so a reader never sees a half-written file and a failure leaves
// nothing behind.
OSSIMG_EXPORT Status WriteFileAtomically(const std::string& path,
                                         const std::vector<uint8_t>& bytes);

}  // namespace ossimg

#endif  // OSSIMG_ENGINE_H_
