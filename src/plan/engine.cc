// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "ossimg/engine.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/memory.h"
#include "plan/plan.h"
#include "src/kernels/kernels.h"
#include <sys/stat.h>

namespace ossimg {

struct Engine::Impl {};

Engine::Engine(Options options)
    : options_(std::move(options)), impl_(new Impl) {
  // The scalar switch is process-wide in the kernels; only ever turned on here.
  if (options_.force_scalar) kernels::SetForceScalar(true);
}

Engine::~Engine() = default;

namespace {

struct Prepared {
  ImageInfo info;
  plan::Plan plan;
};

StatusOr<Prepared> Prepare(const uint8_t* data, size_t size,
                           std::string_view process, const Options& options) {
  // The process string is checked before the image, as OSS reports grammar
  // errors first.
  OSSIMG_ASSIGN_OR_RETURN(ProcessSpec spec,
                          plan::ResolveProcess(process, options));
  if (spec.kind != ProcessSpec::Kind::kImage) {
    return InternalError("style was not resolved");
  }
  Prepared p;
  OSSIMG_ASSIGN_OR_RETURN(p.info, ProbeImage(data, size, options.limits));
  const int quality =
      p.info.format == ImageFormat::kJpeg ? p.info.jpeg_quality : 0;
  OSSIMG_ASSIGN_OR_RETURN(p.plan,
                          plan::BuildPlan(spec, p.info, quality, options));
  return p;
}

}  // namespace

StatusOr<Result> Engine::Process(const uint8_t* data, size_t size,
                                 std::string_view process) const {
  OSSIMG_ASSIGN_OR_RETURN(Prepared p, Prepare(data, size, process, options_));
  return plan::Execute(p.plan, data, size, options_);
}

StatusOr<Result> Engine::ProcessTo(
    const uint8_t* data, size_t size, std::string_view process,
    const std::function<Status(const uint8_t* data, size_t size)>& sink) const {
  OSSIMG_ASSIGN_OR_RETURN(Prepared p, Prepare(data, size, process, options_));
  const bool image_out = p.plan.output_kind == plan::GeometryTrace::Output::kImage;
  if (image_out) p.plan.encode.sink = sink;
  OSSIMG_ASSIGN_OR_RETURN(Result r, plan::Execute(p.plan, data, size, options_));
  if (!image_out) {  // info JSON or average-hue text: small, one piece
    OSSIMG_RETURN_IF_ERROR(sink(r.bytes.data(), r.bytes.size()));
    r.bytes.clear();
  }
  return r;
}

StatusOr<Result> Engine::ProcessFile(const std::string& path,
                                     std::string_view process) const {
  OSSIMG_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                          ReadFileBytes(path, options_.limits.max_file_bytes));
  if (options_.watermark_objects) return Process(bytes.data(), bytes.size(), process);
  // Without a resolver, image watermark keys resolve next to the file, as `ossimg process` does.
  const size_t slash = path.find_last_of('/');
  Options with_root = options_;
  with_root.watermark_objects = DirectoryObjects(
      slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash),
      options_.limits.max_file_bytes);
  return Engine(std::move(with_root)).Process(bytes.data(), bytes.size(), process);
}

StatusOr<std::string> Engine::Plan(const uint8_t* data, size_t size,
                                   std::string_view process) const {
  OSSIMG_ASSIGN_OR_RETURN(Prepared p, Prepare(data, size, process, options_));
  return plan::PlanToJson(p.plan);
}

StatusOr<std::vector<uint8_t>> ReadFileBytes(const std::string& path,
                                             uint64_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return Status(StatusCode::kNotFound, "The specified key does not exist.");
    return IoError("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return IoError(path + " is not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return ImageTooLargeError(
        "The source file of " + std::to_string(st.st_size) +
        " bytes exceeds the limit of " + std::to_string(max_bytes) + " bytes.");
  }
  std::vector<uint8_t> bytes;
  bytes.reserve(static_cast<size_t>(st.st_size));
  PrefaultLarge(bytes.data(), bytes.capacity());  // core/memory.h: no fault per page
  bytes.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(got);
  return bytes;
}

Status WriteFileAtomically(const std::string& path,
                           const std::vector<uint8_t>& bytes) {
  const size_t slash = path.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : path.substr(0, slash);
  std::string tmp = dir + "/.ossimg-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return IoError("cannot create a file in " + dir + ": " +
                   std::strerror(errno));
  size_t done = 0;
  bool ok = true;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    done += static_cast<size_t>(n);
  }
  // mkstemp creates 0600; outputs get the usual permissions (subject to the
  // umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ok = ok && ::fchmod(fd, 0666 & ~mask) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    ::unlink(tmp.c_str());
    return IoError("cannot write " + path + ": " + err);
  }
  return Status();
}

}  // namespace ossimg
