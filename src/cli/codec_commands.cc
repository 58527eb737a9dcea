// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg info IN` and the codec-only `ossimg process IN OUT PROCESS` (decode
// -> encode with format/quality/interlace), so the codecs are usable before the
// engine exists.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ossimg/codec.h"
#include "ossimg/engine.h"
#include "ossimg/image.h"
#include "ossimg/process.h"

#include "cli/commands.h"
#include "cli/oss_commands.h"
#include <sys/stat.h>

namespace ossimg::cli {
namespace {

StatusOr<std::vector<uint8_t>> ReadInput(const std::string& path,
                                         const Limits& limits) {
  // A regular file is read in one go into a buffer of its size: growing a vector chunk by chunk
  // copies it twice over into fresh pages, whose faults cost a camera JPEG's whole-process run
  // several milliseconds. (Not mmap: a file truncated while we read it would be SIGBUS.)
  struct stat st;
  if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    return ReadFileBytes(path, limits.max_file_bytes);
  }
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    if (errno == ENOENT)
      return Status(StatusCode::kNotFound, path + ": no such file");
    return IoError(path + ": " + std::strerror(errno));
  }
  std::vector<uint8_t> bytes;
  uint8_t buf[1 << 16];
  size_t n;
  bool too_big = false;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
    // Stop reading once past the file limit: a huge stdin must not fill the
    // memory first.
    if (bytes.size() + n > limits.max_file_bytes) {
      too_big = true;
      break;
    }
    bytes.insert(bytes.end(), buf, buf + n);
  }
  const bool failed = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (too_big) {
    return ImageTooLargeError(path + " exceeds the file size limit of " +
                              std::to_string(limits.max_file_bytes) + " bytes");
  }
  if (failed) return IoError(path + ": read error");
  return bytes;
}

// Writes `data` to stdout for "-", else atomically (a temporary file, then
// rename), so OUT is either the complete new file or untouched, never half
// written.
Status WriteOutput(const std::string& path, const std::vector<uint8_t>& data) {
  if (path == "-") {
    if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size() ||
        std::fflush(stdout)) {
      return IoError("writing stdout failed");
    }
    return Status::Ok();
  }
  return WriteFileAtomically(path, data);
}

// Everything the probe knows, for people and scripts (not an OSS format).
std::string DetailedInfoJson(const ImageInfo& info) {
  nlohmann::json j;
  j["format"] = ImageFormatName(info.format);
  j["width"] = info.width;
  j["height"] = info.height;
  j["frames"] = info.frame_count;
  j["channels"] = info.channels;
  j["alpha"] = info.has_alpha;
  j["bit_depth"] = info.bit_depth;
  j["palette"] = info.palette;
  j["interlaced"] = info.interlaced;
  j["cmyk"] = info.cmyk;
  j["decoded_layout"] = PixelFormatName(info.pixel_format);
  j["file_bytes"] = info.file_bytes;
  j["orientation"] = info.orientation;
  j["icc_bytes"] = info.icc_profile.size();
  j["exif_bytes"] = info.exif.size();
  if (info.has_jfif) {
    j["jfif"] = {{"unit", info.density_unit},
                 {"x", info.x_density},
                 {"y", info.y_density}};
  }
  if (info.jpeg_quality > 0) j["jpeg_quality"] = info.jpeg_quality;
  if (info.png_gamma > 0) j["png_gamma"] = info.png_gamma;
  if (info.srgb_chunk) j["srgb_chunk"] = true;
  nlohmann::json exif = nlohmann::json::object();
  for (const auto& f : info.exif_fields) exif[f.first] = f.second;
  j["exif"] = exif;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The format an output path's extension names, kUnknown when it names none.
ImageFormat FormatFromExtension(const std::string& path) {
  const size_t dot = path.rfind('.');
  const size_t slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return ImageFormat::kUnknown;
  }
  std::string ext = path.substr(dot + 1);
  for (char& c : ext)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "jpeg") ext = "jpg";
  if (ext == "tif") ext = "tiff";
  return ImageFormatFromName(ext);
}

StatusOr<Options> MakeOptions(const EngineFlags& flags, const std::string& in) {
  Options opt;
  opt.threads = flags.threads;
  if (flags.limits == "relaxed") {
    opt.limits = Limits::Relaxed();
  } else if (flags.limits != "oss") {
    return InvalidArgumentError("--limits must be oss or relaxed");
  }
  if (flags.shrink_on_load == "quality") {
    opt.shrink_on_load = ShrinkOnLoad::kQuality;
  } else if (flags.shrink_on_load == "none") {
    opt.shrink_on_load = ShrinkOnLoad::kNone;
  } else if (flags.shrink_on_load != "fast") {
    return InvalidArgumentError("--shrink-on-load must be fast, quality or none");
  }
  if (!flags.styles.empty()) {
    OSSIMG_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                            ReadInput(flags.styles, opt.limits));
    const nlohmann::json j =
        nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (!j.is_object())
      return InvalidArgumentError(flags.styles + ": not a JSON object");
    for (const auto& [name, value] : j.items()) {
      if (!value.is_string()) {
        return InvalidArgumentError(flags.styles + ": style " + name +
                                    " is not a string");
      }
      opt.styles[name] = value.get<std::string>();
    }
  }
  // Watermarks: `image_` keys are files under --root (default: the input file's folder, the
  // current folder for stdin), as OSS resolves them in the source's bucket.
  std::string root = flags.root;
  if (root.empty()) {
    const size_t slash = in.rfind('/');
    root = (in == "-" || slash == std::string::npos) ? "." : in.substr(0, slash ? slash : 1);
  }
  opt.watermark_objects = DirectoryObjects(root, opt.limits.max_file_bytes);
  opt.font_dir = flags.font_dir;
  return opt;
}

int RunProcess(const std::string& in, const std::string& out,
               const std::string& process, const EngineFlags& flags) {
  StatusOr<Options> opt = MakeOptions(flags, in);
  if (!opt.ok()) return ReportError(opt.status());
  // oss://bucket/key on either side goes through the OSS client
  // (oss_commands.cc); settings come from OSS_* variables.
  StatusOr<std::vector<uint8_t>> bytes =
      IsOssUrl(in) ? ReadOssObject(in, opt->limits.max_file_bytes, OssFlags())
                   : ReadInput(in, opt->limits);
  if (!bytes.ok()) return ReportError(bytes.status());
  const Engine engine(*opt);
  StatusOr<Result> r = engine.Process(bytes->data(), bytes->size(), process);
  if (!r.ok()) return ReportError(r.status());
  // An output name whose extension names another format than the rules give is
  // an error (the file would lie about its content); "-" and names without a
  // known extension take any.
  const ImageFormat ext = FormatFromExtension(out);
  if (r->format != ImageFormat::kUnknown && ext != ImageFormat::kUnknown &&
      ext != r->format) {
    return ReportError(InvalidArgumentError(
        std::string("output name ") + out + " says " + ImageFormatName(ext) +
        " but the process gives " + ImageFormatName(r->format)));
  }
  const Status s =
      IsOssUrl(out) ? WriteOssObject(out, r->bytes, r->content_type, OssFlags())
                    : WriteOutput(out, r->bytes);
  return s.ok() ? 0 : ReportError(s);
}

int RunPlan(const std::string& in, const std::string& process,
            const EngineFlags& flags) {
  StatusOr<Options> opt = MakeOptions(flags, in);
  if (!opt.ok()) return ReportError(opt.status());
  StatusOr<std::vector<uint8_t>> bytes = ReadInput(in, opt->limits);
  if (!bytes.ok()) return ReportError(bytes.status());
  const Engine engine(*opt);
  StatusOr<std::string> plan =
      engine.Plan(bytes->data(), bytes->size(), process);
  if (!plan.ok()) return ReportError(plan.status());
  std::cout << *plan << "\n";
  return 0;
}

void AddEngineFlags(CLI::App* cmd, EngineFlags* flags) {
  cmd->add_option("--threads", flags->threads, "Threads (0 = all cores)");
  cmd->add_option("--styles", flags->styles,
                  "JSON file: style name -> process string");
  cmd->add_option("--limits", flags->limits,
                  "oss (default: OSS's limits) or relaxed");
  cmd->add_option("--shrink-on-load", flags->shrink_on_load,
                  "JPEG DCT-domain shrink: fast (default; >= 1x left for the reduce, as sharp), "
                  "quality (>= 2x, as libvips) or none");
  cmd->add_option("--root", flags->root,
                  "Folder of watermark image objects (default: the input's folder)");
  cmd->add_option("--font-dir", flags->font_dir,
                  "Folder searched first for watermark fonts");
}

}  // namespace

void AddInfoCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::string in;
    bool all = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd =
      app.add_subcommand("info",
                         "Print an image's header facts as JSON (OSS "
                         "image/info shape), without decoding");
  cmd->add_option("in", opts->in, "Input file or - for stdin")->required();
  cmd->add_flag("--all", opts->all,
                "Everything the probe knows (ossimg's own JSON shape)");
  cmd->callback([opts, run]() {
    *run = [opts]() -> int {
      const Limits limits;
      StatusOr<std::vector<uint8_t>> bytes = ReadInput(opts->in, limits);
      if (!bytes.ok()) return ReportError(bytes.status());
      StatusOr<ImageInfo> info =
          ProbeImage(bytes->data(), bytes->size(), limits);
      if (!info.ok()) return ReportError(info.status());
      std::cout << (opts->all ? DetailedInfoJson(*info) : OssInfoJson(*info))
                << "\n";
      return 0;
    };
  });
}

void AddProcessCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::string in, out, process;
    EngineFlags flags;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("process",
                                     "Apply PROCESS to IN and write OUT (JSON "
                                     "or text for info / average-hue)");
  cmd->add_option("in", opts->in, "Input file or - for stdin")->required();
  cmd->add_option("out", opts->out, "Output file or - for stdout")->required();
  cmd->add_option("process", opts->process,
                  "e.g. 'image/resize,w_800/format,webp'")
      ->required();
  AddEngineFlags(cmd, &opts->flags);
  cmd->callback([opts, run]() {
    *run = [opts]() -> int {
      return RunProcess(opts->in, opts->out, opts->process, opts->flags);
    };
  });
}

void AddPlanCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::string in, process;
    EngineFlags flags;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd =
      app.add_subcommand("plan",
                         "Print the plan for PROCESS on IN as JSON: steps, "
                         "sizes, decode hints, peak memory "
                         "(reads the header only)");
  cmd->add_option("in", opts->in, "Input file or - for stdin")->required();
  cmd->add_option("process", opts->process, "e.g. 'image/resize,w_800'")
      ->required();
  AddEngineFlags(cmd, &opts->flags);
  cmd->callback([opts, run]() {
    *run = [opts]() -> int {
      return RunPlan(opts->in, opts->process, opts->flags);
    };
  });
}

}  // namespace ossimg::cli
