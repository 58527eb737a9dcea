// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg info IN` and the codec-only `ossimg process IN OUT PROCESS` (decode -> encode with
// format/quality/interlace), so the codecs are usable before the engine exists.

#include <fcntl.h>
#include <sys/stat.h>
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

#include "cli/commands.h"
#include "ossimg/codec.h"
#include "ossimg/image.h"
#include "ossimg/process.h"

namespace ossimg::cli {
namespace {

StatusOr<std::vector<uint8_t>> ReadInput(const std::string& path, const Limits& limits) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    if (errno == ENOENT) return Status(StatusCode::kNotFound, path + ": no such file");
    return IoError(path + ": " + std::strerror(errno));
  }
  std::vector<uint8_t> bytes;
  uint8_t buf[1 << 16];
  size_t n;
  bool too_big = false;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
    // Stop reading once past the file limit: a huge stdin must not fill the memory first.
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

// Writes `data` to `path` through a temporary file in the same directory and a rename, so OUT is
// either the complete new file or untouched, never half written.
Status WriteOutputAtomically(const std::string& path, const std::vector<uint8_t>& data) {
  if (path == "-") {
    if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size() || std::fflush(stdout)) {
      return IoError("writing stdout failed");
    }
    return Status::Ok();
  }
  std::string tmpl = path + ".ossimg-tmp-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = mkstemp(name.data());
  if (fd < 0) return IoError(path + ": cannot create a temporary file: " + std::strerror(errno));
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t w = ::write(fd, data.data() + off, data.size() - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      const std::string err = std::strerror(errno);
      ::close(fd);
      ::unlink(name.data());
      return IoError(path + ": write failed: " + err);
    }
    off += static_cast<size_t>(w);
  }
  // Temporary files are 0600; give the output the usual permissions (subject to umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (::close(fd) != 0 || std::rename(name.data(), path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    ::unlink(name.data());
    return IoError(path + ": " + err);
  }
  return Status::Ok();
}

// The OSS `image/info` body: keys sorted, every value a string, 4-space indent, closing "}}".
std::string OssInfoJson(const ImageInfo& info) {
  std::map<std::string, std::string> fields;
  fields["FileSize"] = std::to_string(info.file_bytes);
  fields["Format"] = ImageFormatName(info.format);
  fields["FrameCount"] = std::to_string(info.frame_count);
  fields["ImageHeight"] = std::to_string(info.height);
  fields["ImageWidth"] = std::to_string(info.width);
  for (const auto& f : info.exif_fields) fields.emplace(f.first, f.second);
  if (info.has_jfif && fields.count("ResolutionUnit") == 0) {
    // JFIF units 0/1/2 (aspect, dpi, dpcm) are EXIF ResolutionUnit 1/2/3.
    fields["ResolutionUnit"] = std::to_string(info.density_unit + 1);
    fields["XResolution"] = std::to_string(info.x_density) + "/1";
    fields["YResolution"] = std::to_string(info.y_density) + "/1";
  }
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : fields) {
    out += first ? "\n" : ",\n";
    first = false;
    out += "    " + nlohmann::json(k).dump() + ": {\"value\": " +
           nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}";
  }
  return out + "}";
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
    j["jfif"] = {{"unit", info.density_unit}, {"x", info.x_density}, {"y", info.y_density}};
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
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "jpeg") ext = "jpg";
  if (ext == "tif") ext = "tiff";
  return ImageFormatFromName(ext);
}

int RunProcess(const std::string& in, const std::string& out, const std::string& process) {
  const Limits limits;
  StatusOr<ProcessSpec> spec = ParseProcess(process, limits);
  if (!spec.ok()) return ReportError(spec.status());
  if (spec->kind != ProcessSpec::Kind::kImage || spec->save_as || !spec->stage_starts.empty()) {
    return ReportError(UnsupportedError(
        "styles, pipes and sys/saveas need the engine; this build's process does "
        "format/quality/interlace/info only"));
  }
  StatusOr<std::vector<uint8_t>> bytes = ReadInput(in, limits);
  if (!bytes.ok()) return ReportError(bytes.status());
  StatusOr<ImageInfo> info = ProbeImage(bytes->data(), bytes->size(), limits);
  if (!info.ok()) return ReportError(info.status());

  ImageFormat format = info->format;  // OSS: the source format unless format,x says otherwise
  QualityAction quality;
  bool progressive = false;
  bool want_info = false;
  for (const Action& a : spec->actions) {
    if (const auto* f = std::get_if<FormatAction>(&a)) {
      // OSS: format,gif on a non-GIF source keeps the source format.
      if (f->format != ImageFormat::kGif || info->format == ImageFormat::kGif) format = f->format;
    } else if (const auto* q = std::get_if<QualityAction>(&a)) {
      quality = *q;
    } else if (const auto* i = std::get_if<InterlaceAction>(&a)) {
      progressive = i->progressive;
    } else if (std::holds_alternative<InfoAction>(a)) {
      want_info = true;
    } else {
      return ReportError(UnsupportedError(
          "only format, quality, interlace and info run before the engine exists"));
    }
  }
  if (want_info) {
    const std::string json = OssInfoJson(*info);
    const Status s = WriteOutputAtomically(out, std::vector<uint8_t>(json.begin(), json.end()));
    return s.ok() ? 0 : ReportError(s);
  }
  const ImageFormat ext = FormatFromExtension(out);
  if (out != "-" && ext != ImageFormat::kUnknown && ext != format) {
    return ReportError(InvalidArgumentError(std::string("output name ") + out + " says " +
                                            ImageFormatName(ext) + " but the process gives " +
                                            ImageFormatName(format)));
  }
  if (!CanEncode(format)) {
    return ReportError(
        UnsupportedError(std::string("encoding ") + ImageFormatName(format) + " is not built yet"));
  }
  StatusOr<Image> img = DecodeImage(bytes->data(), bytes->size(), DecodeOptions(), limits);
  if (!img.ok()) return ReportError(img.status());

  EncodeOptions eo;
  eo.progressive = progressive;
  eo.icc_profile = info->icc_profile;  // OSS keeps the source's colour profile
  eo.png_palette = info->palette;       // and a paletted PNG stays paletted when it still fits
  const int source_q = info->format == ImageFormat::kJpeg ? info->jpeg_quality : 0;
  if (quality.Q > 0) {
    // Absolute: min(source quality, Q); relative: source quality x q / 100.
    eo.quality = source_q > 0 ? std::min(source_q, quality.Q) : quality.Q;
  } else if (quality.q > 0) {
    const int base = source_q > 0 ? source_q : kDefaultJpegQuality;
    eo.quality = std::max(1, (base * quality.q + 50) / 100);
  } else if (source_q > 0 && format == ImageFormat::kJpeg) {
    eo.quality = source_q;  // re-encode at the source's quality, not above it
  }
  StatusOr<std::vector<uint8_t>> encoded = EncodeImage(img->view(), format, eo);
  if (!encoded.ok()) return ReportError(encoded.status());
  const Status s = WriteOutputAtomically(out, *encoded);
  return s.ok() ? 0 : ReportError(s);
}

}  // namespace

void AddInfoCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::string in;
    bool all = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "info", "Print an image's header facts as JSON (OSS image/info shape), without decoding");
  cmd->add_option("in", opts->in, "Input file or - for stdin")->required();
  cmd->add_flag("--all", opts->all, "Everything the probe knows (ossimg's own JSON shape)");
  cmd->callback([opts, run]() {
    *run = [opts]() -> int {
      const Limits limits;
      StatusOr<std::vector<uint8_t>> bytes = ReadInput(opts->in, limits);
      if (!bytes.ok()) return ReportError(bytes.status());
      StatusOr<ImageInfo> info = ProbeImage(bytes->data(), bytes->size(), limits);
      if (!info.ok()) return ReportError(info.status());
      std::cout << (opts->all ? DetailedInfoJson(*info) : OssInfoJson(*info)) << "\n";
      return 0;
    };
  });
}

void AddProcessCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::string in, out, process;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "process", "Decode IN, apply PROCESS, write OUT (this build: format, quality, interlace, "
                 "info)");
  cmd->add_option("in", opts->in, "Input file or - for stdin")->required();
  cmd->add_option("out", opts->out, "Output file or - for stdout")->required();
  cmd->add_option("process", opts->process, "e.g. 'image/format,png'")->required();
  cmd->callback([opts, run]() {
    *run = [opts]() -> int { return RunProcess(opts->in, opts->out, opts->process); };
  });
}

}  // namespace ossimg::cli
