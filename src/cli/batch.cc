// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg batch`. Guarantees, each tested in tests/batch/:
// - Sharding by a stable hash of each item's source key: shards are disjoint,
// their union is
//   everything, and adding items never moves existing ones between shards.
// - Atomic outputs: the bytes are written to an anonymous O_TMPFILE file in the
// destination
//   folder and linked into place only when complete, so a SIGKILL at any moment
//   leaves nothing but complete outputs (where O_TMPFILE is missing, a staging
//   folder beside DST is used and emptied at the next start).
// - Provenance (source size and mtime, canonical process, ossimg version) rides
// along in
//   user.ossimg.* extended attributes, so --skip-existing redoes exactly what
//   changed.
// - One bad item never stops the others; the report has a record per item and a
// summary.

#include "cli/batch.h"

#include "cli/commands.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "ossimg/engine.h"
#include "ossimg/process.h"
#include "ossimg/transport.h"
#include "ossimg/version.h"

#include <sys/stat.h>
#include <sys/xattr.h>

namespace ossimg::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop.store(true); }

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsImageExtension(const std::string& ext) {
  static const char* const kExt[] = {".jpg",  ".jpeg", ".png", ".webp",
                                     ".gif",  ".bmp",  ".tif", ".tiff",
                                     ".heic", ".avif"};
  const std::string e = Lower(ext);
  for (const char* k : kExt) {
    if (e == k) return true;
  }
  return false;
}

struct Item {
  std::string
      key;  // what the shard hash reads: the source path as given / relative
  std::string src;  // path to read
  std::string
      rel_dir;  // folder mode: relative folder of the source ("" at the top)
  std::string stem, name;
  std::string
      dst;  // manifest: explicit destination (relative to DST or absolute)
  std::string process;  // per-item override
  std::string problem;  // a manifest line that could not be read
  bool skip = false;    // not an image extension
  // oss:// source: the listing's ETag and size, the source's provenance.
  std::string oss_etag;
  int64_t oss_size = -1;
};

struct Record {
  std::string src, dst, status, code, message;
  double ms = 0;
  uint64_t in_bytes = 0, out_bytes = 0;
  int width = 0, height = 0;
  bool transient = false;
};

// "I/N", 0 <= I < N.
bool ParseShardImpl(const std::string& s, int* index, int* count) {
  const size_t slash = s.find('/');
  if (slash == std::string::npos) return false;
  char* end = nullptr;
  const long i = std::strtol(s.c_str(), &end, 10);
  if (end != s.c_str() + slash) return false;
  const long n = std::strtol(s.c_str() + slash + 1, &end, 10);
  if (*end != '\0' || n < 1 || i < 0 || i >= n || n > 1000000) return false;
  *index = static_cast<int>(i);
  *count = static_cast<int>(n);
  return true;
}

// The shard from the environment of the engines users run us in.
void ShardFromEnvironment(int* index, int* count) {
  auto get = [](const char* name) -> long {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return -1;
    char* end = nullptr;
    const long x = std::strtol(v, &end, 10);
    return *end == '\0' ? x : -1;
  };
  long i = get("JOB_COMPLETION_INDEX"),
       n = get("JOB_COMPLETIONS");  // Kubernetes Indexed Job
  if (i < 0 || n < 1) {
    i = get("SLURM_ARRAY_TASK_ID");
    n = get("SLURM_ARRAY_TASK_COUNT");
    const long min = get("SLURM_ARRAY_TASK_MIN");
    if (i >= 0 && min > 0) i -= min;  // SLURM arrays may start at any index
  }
  if (i < 0 || n < 1) {
    i = get("AWS_BATCH_JOB_ARRAY_INDEX");
    n = get("AWS_BATCH_JOB_ARRAY_SIZE");
  }
  if (i >= 0 && n >= 1 && i < n) {
    *index = static_cast<int>(i);
    *count = static_cast<int>(n);
  } else {
    *index = 0;
    *count = 1;
  }
}

std::vector<Item> ListFolder(const std::string& root) {
  std::vector<Item> items;
  std::error_code ec;
  fs::recursive_directory_iterator it(
      root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path rel = fs::relative(it->path(), root, ec);
    Item item;
    item.key = rel.generic_string();
    item.src = it->path().string();
    item.rel_dir = rel.parent_path().generic_string();
    item.stem = rel.stem().string();
    item.name = rel.filename().string();
    item.skip = !IsImageExtension(rel.extension().string());
    items.push_back(std::move(item));
  }
  // Sorted so --list and the report are reproducible; sharding does not depend
  // on the order.
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.key < b.key; });
  return items;
}

// "oss://bucket/prefix" -> bucket and a prefix that is empty or ends in '/'.
bool SplitOssPrefix(const std::string& url, std::string* bucket,
                    std::string* prefix) {
  if (!oss::ParseOssUrl(url, bucket, prefix)) return false;
  if (!prefix->empty() && prefix->back() != '/') *prefix += '/';
  return true;
}

// The objects under an oss:// prefix as items keyed by their path below the
// prefix, exactly as a folder's files are, so sharding and names do not
// depend on where the images live. Folder markers ("dir/") are not items.
StatusOr<std::vector<Item>> ListOss(oss::ObjectStore& store,
                                    const std::string& bucket,
                                    const std::string& prefix) {
  OSSIMG_ASSIGN_OR_RETURN(std::vector<oss::ListedObject> objects,
                          store.ListAll(bucket, prefix));
  std::vector<Item> items;
  for (const oss::ListedObject& o : objects) {
    if (o.key.empty() || o.key.back() == '/') continue;
    const fs::path rel(o.key.substr(prefix.size()));
    Item item;
    item.key = rel.generic_string();
    item.src = o.key;
    item.rel_dir = rel.parent_path().generic_string();
    item.stem = rel.stem().string();
    item.name = rel.filename().string();
    item.skip = !IsImageExtension(rel.extension().string());
    item.oss_etag = o.etag;
    item.oss_size = o.size;
    items.push_back(std::move(item));
  }
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.key < b.key; });
  return items;
}

// JSON lines {"src":..,"dst":..,"process":..} or CSV "src,dst,process" (dst and
// process may be empty; a first line "src,..." is a header).
std::vector<Item> ReadManifest(std::istream& in) {
  std::vector<Item> items;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    Item item;
    item.key = "manifest line " + std::to_string(n);
    if (line[0] == '{') {
      const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("src") ||
          !j["src"].is_string() ||
          (j.contains("dst") && !j["dst"].is_string()) ||
          (j.contains("process") && !j["process"].is_string())) {
        item.problem =
            "manifest line " + std::to_string(n) + " is not {\"src\": ...}";
        items.push_back(std::move(item));
        continue;
      }
      item.src = j["src"].get<std::string>();
      if (j.contains("dst")) item.dst = j["dst"].get<std::string>();
      if (j.contains("process")) item.process = j["process"].get<std::string>();
    } else {
      // CSV: src,dst,process. Process strings contain commas, so everything
      // after the second comma is the process; quotes are not needed (nor
      // understood).
      std::vector<std::string> f;
      const size_t c1 = line.find(',');
      f.push_back(line.substr(0, c1));
      if (c1 != std::string::npos) {
        const size_t c2 = line.find(',', c1 + 1);
        f.push_back(line.substr(
            c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1));
        if (c2 != std::string::npos) f.push_back(line.substr(c2 + 1));
      }
      if (n == 1 && f[0] == "src") continue;  // header
      if (f[0].empty()) {
        item.problem = "manifest line " + std::to_string(n) +
                       " is not src[,dst[,process]]";
        items.push_back(std::move(item));
        continue;
      }
      item.src = f[0];
      if (f.size() > 1) item.dst = f[1];
      if (f.size() > 2) item.process = f[2];
    }
    item.key = item.src;
    const fs::path p(item.src);
    item.stem = p.stem().string();
    item.name = p.filename().string();
    items.push_back(std::move(item));
  }
  return items;
}

std::string ApplyTemplate(const std::string& tmpl, const Item& item,
                          const std::string& ext) {
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    auto take = [&](const char* ph, const std::string& v) {
      const size_t n = std::strlen(ph);
      if (tmpl.compare(i, n, ph) != 0) return false;
      out += v;
      i += n;
      return true;
    };
    if (take("{dir}", item.rel_dir) || take("{stem}", item.stem) ||
        take("{name}", item.name) || take("{ext}", ext)) {
      continue;
    }
    out += tmpl[i++];
  }
  // "{dir}/x" at the top level gives "/x": keep outputs inside DST.
  while (!out.empty() && out[0] == '/') out.erase(0, 1);
  return out;
}

// Output paths must stay inside DST: no "..", no absolute paths from templates
// or manifests.
bool SafeRelative(const std::string& rel) {
  if (rel.empty() || rel[0] == '/') return false;
  for (const auto& part : fs::path(rel)) {
    if (part == "..") return false;
  }
  return true;
}

struct Provenance {
  std::string source, process, version;
};

Provenance ProvenanceOf(const struct stat& st,
                        const std::string& canonical_process) {
  Provenance p;
  p.source = std::to_string(st.st_size) + ":" +
             std::to_string(st.st_mtim.tv_sec) + "." +
             std::to_string(st.st_mtim.tv_nsec);
  p.process = canonical_process;
  p.version = OSSIMG_VERSION_STRING;
  return p;
}

bool ReadXattr(const std::string& path, const char* name, std::string* out) {
  char buf[4096];
  const ssize_t n = ::getxattr(path.c_str(), name, buf, sizeof(buf));
  if (n < 0) return false;
  out->assign(buf, static_cast<size_t>(n));
  return true;
}

bool ProvenanceMatches(const std::string& dst, const Provenance& want) {
  std::string s, p, v;
  return ReadXattr(dst, "user.ossimg.source", &s) &&
         ReadXattr(dst, "user.ossimg.process", &p) &&
         ReadXattr(dst, "user.ossimg.version", &v) && s == want.source &&
         p == want.process && v == want.version;
}

// On OSS the provenance rides in user metadata. The canonical process can
// hold any UTF-8 (watermark text), which header values cannot, so its FNV-1a
// hash stands for it.
std::vector<std::pair<std::string, std::string>> ProvenanceMeta(
    const Provenance& p) {
  char hash[32];
  std::snprintf(hash, sizeof(hash), "%016llx",
                static_cast<unsigned long long>(Fnv1a(p.process)));
  return {{"ossimg-source", p.source},
          {"ossimg-process", hash},
          {"ossimg-version", p.version}};
}

bool OssProvenanceMatches(oss::ObjectStore& store, const std::string& bucket,
                          const std::string& key, const Provenance& want) {
  StatusOr<oss::ObjectMeta> meta = store.HeadObject(bucket, key);
  if (!meta.ok()) return false;
  for (const auto& [k, v] : ProvenanceMeta(want)) {
    if (meta->UserMeta(k).value_or("") != v) return false;
  }
  return true;
}

void SetProvenance(int fd, const Provenance& p) {
  // Best effort: a file system without user xattrs just never skips (the output
  // is still right).
  ::fsetxattr(fd, "user.ossimg.source", p.source.data(), p.source.size(), 0);
  ::fsetxattr(fd, "user.ossimg.process", p.process.data(), p.process.size(), 0);
  ::fsetxattr(fd, "user.ossimg.version", p.version.data(), p.version.size(), 0);
}

// Test hooks (docs/batch.md): kill ourselves with SIGKILL after N completed
// outputs, or at the Nth output after its bytes are written but before it is
// linked into place, or send ourselves SIGTERM after N outputs. Deterministic
// points, so the tests need no sleeps.
std::atomic<long> g_linked{0};
std::atomic<long> g_written{0};
long EnvLong(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::atol(v) : 0;
}

// OSSIMG_BATCH_KILL_AFTER_ITEMS / OSSIMG_BATCH_TERM_AFTER_ITEMS, after each
// complete output (a linked file or a stored object).
void CountOutputForTestHooks() {
  static const long abort_after = EnvLong("OSSIMG_BATCH_KILL_AFTER_ITEMS");
  static const long term_after = EnvLong("OSSIMG_BATCH_TERM_AFTER_ITEMS");
  if (abort_after > 0 || term_after > 0) {
    const long n = ++g_linked;
    if (n == abort_after) ::raise(SIGKILL);
    if (n == term_after)
      ::raise(SIGTERM);  // as if the scheduler stopped us: drain and exit 130
  }
}

Status WriteAtomically(const std::string& dst,
                       const std::vector<uint8_t>& bytes,
                       const Provenance& prov, const std::string& staging) {
  std::error_code ec;
  const fs::path dir = fs::path(dst).parent_path();
  fs::create_directories(dir, ec);
  if (ec) return IoError("cannot create " + dir.string() + ": " + ec.message());
  int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  std::string staged;
  if (fd < 0) {
    // No O_TMPFILE here: a named file in the staging folder beside DST, renamed
    // into place.
    fs::create_directories(staging, ec);
    staged = staging + "/item-XXXXXX";
    fd = ::mkstemp(staged.data());
    if (fd < 0)
      return IoError("cannot create a temporary file: " +
                     std::string(strerror(errno)));
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string err = std::strerror(errno);
      ::close(fd);
      if (!staged.empty()) ::unlink(staged.c_str());
      return IoError("cannot write " + dst + ": " + err);
    }
    done += static_cast<size_t>(n);
  }
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  SetProvenance(fd, prov);
  static const long abort_before_link =
      EnvLong("OSSIMG_BATCH_KILL_BEFORE_LINK");
  if (abort_before_link > 0 && ++g_written == abort_before_link)
    ::raise(SIGKILL);
  Status result;
  if (staged.empty()) {
    // linkat fails on an existing name: the old output goes first. A kill in
    // between leaves no output for this item, never a partial one.
    ::unlink(dst.c_str());
    const std::string proc = "/proc/self/fd/" + std::to_string(fd);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, dst.c_str(),
                 AT_SYMLINK_FOLLOW) != 0) {
      result = IoError("cannot link " + dst + ": " + std::strerror(errno));
    }
    ::close(fd);
  } else {
    ::close(fd);
    if (std::rename(staged.c_str(), dst.c_str()) != 0) {
      result =
          IoError("cannot rename into " + dst + ": " + std::strerror(errno));
      ::unlink(staged.c_str());
    }
  }
  if (result.ok()) CountOutputForTestHooks();
  return result;
}

class Reporter {
 public:
  Reporter(const BatchConfig& c, size_t total)
      : config_(c), total_(total), start_(Clock::now()) {
    if (!c.report.empty()) file_.open(c.report, std::ios::trunc);
    tty_ = ::isatty(2);
  }
  bool ok() const { return config_.report.empty() || file_.good(); }

  void Add(const Record& r) {
    std::lock_guard<std::mutex> lock(mu_);
    nlohmann::ordered_json j{
        {"src", r.src},           {"dst", r.dst},
        {"status", r.status},     {"code", r.code},
        {"message", r.message},   {"ms", r.ms},
        {"in_bytes", r.in_bytes}, {"out_bytes", r.out_bytes},
        {"width", r.width},       {"height", r.height}};
    Write(j);
    ++done_;
    if (r.status == "ok") ++ok_;
    if (r.status == "skipped") ++skipped_;
    if (r.status == "error") {
      ++errors_;
      if (r.transient) ++transient_;
    }
    Progress(false);
  }

  void Finish(const std::string& shard, bool interrupted) {
    std::lock_guard<std::mutex> lock(mu_);
    Progress(true);
    nlohmann::ordered_json j{
        {"summary", true},
        {"shard", shard},
        {"total", total_},
        {"done", done_},
        {"ok", ok_},
        {"skipped", skipped_},
        {"errors", errors_},
        {"transient_errors", transient_},
        {"interrupted", interrupted},
        {"ms", std::chrono::duration<double, std::milli>(Clock::now() - start_)
                   .count()}};
    Write(j);
    if (file_.is_open()) file_.flush();
  }

  size_t errors() const { return errors_; }
  size_t transient() const { return transient_; }

 private:
  void Write(const nlohmann::ordered_json& j) {
    const std::string line =
        j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (file_.is_open()) file_ << line << "\n";
    if (config_.json) std::cout << line << "\n";
  }
  void Progress(bool final_line) {
    if (config_.quiet) return;
    const double secs =
        std::chrono::duration<double>(Clock::now() - start_).count();
    if (!tty_ && !final_line && secs - last_line_ < 5) return;
    last_line_ = secs;
    const double rate = secs > 0 ? done_ / secs : 0;
    const double eta = rate > 0 ? (total_ - done_) / rate : 0;
    char buf[200];
    std::snprintf(buf, sizeof(buf),
                  "[%zu/%zu] %.1f items/s, ETA %.0f s, %zu failed", done_,
                  total_, rate, eta, errors_);
    if (tty_) {
      std::fprintf(stderr, "\r%s%s", buf, final_line ? "\n" : "");
    } else {
      std::fprintf(stderr, "%s\n", buf);
    }
  }

  const BatchConfig& config_;
  std::mutex mu_;
  std::ofstream file_;
  size_t total_;
  size_t done_ = 0, ok_ = 0, skipped_ = 0, errors_ = 0, transient_ = 0;
  Clock::time_point start_;
  bool tty_ = false;
  double last_line_ = -100;
};

// Admits items while their planned peaks fit the budget together (one always
// runs).
class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t limit) : limit_(limit) {}
  void Acquire(uint64_t bytes) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return in_use_ == 0 || in_use_ + bytes <= limit_; });
    in_use_ += bytes;
  }
  void Release(uint64_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      in_use_ -= bytes;
    }
    cv_.notify_all();
  }
  uint64_t limit() const { return limit_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t limit_;
  uint64_t in_use_ = 0;
};

}  // namespace

bool ParseShard(const std::string& s, int* index, int* count) {
  return ParseShardImpl(s, index, count);
}

int RunBatch(const BatchConfig& config) {
  // ---- usage checks: nothing runs when these fail (exit 1)
  if (config.dst.empty() && !config.list_only) {
    std::cerr << "ossimg batch: DST is required\n";
    return 1;
  }
  if (config.src.empty() == config.manifest.empty()) {
    std::cerr
        << "ossimg batch: give either SRC (a folder) or --manifest FILE\n";
    return 1;
  }
  const bool src_oss = IsOssUrl(config.src);
  const bool dst_oss = IsOssUrl(config.dst);
  std::string src_bucket, src_prefix, dst_bucket, dst_prefix;
  if ((src_oss && !SplitOssPrefix(config.src, &src_bucket, &src_prefix)) ||
      (dst_oss && !SplitOssPrefix(config.dst, &dst_bucket, &dst_prefix))) {
    std::cerr << "ossimg batch: an oss:// SRC or DST is oss://BUCKET[/PREFIX/]\n";
    return 1;
  }
  std::unique_ptr<oss::OssClient> client;
  if (src_oss || dst_oss) {
    StatusOr<std::unique_ptr<oss::OssClient>> c = MakeOssClient(config.oss);
    if (!c.ok()) {
      ReportError(c.status());
      return 1;
    }
    client = std::move(*c);
  }
  if (!config.src.empty() && !src_oss && !fs::is_directory(config.src)) {
    std::cerr << "ossimg batch: " << config.src << " is not a folder\n";
    return 1;
  }
  Options options;
  if (config.limits == "relaxed") {
    options.limits = Limits::Relaxed();
  } else if (config.limits != "oss") {
    std::cerr << "ossimg batch: --limits must be oss or relaxed\n";
    return 1;
  }
  if (!config.styles.empty()) {
    std::ifstream f(config.styles);
    const nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
    if (!j.is_object()) {
      std::cerr << "ossimg batch: " << config.styles
                << " is not a JSON object\n";
      return 1;
    }
    for (const auto& [k, v] : j.items()) {
      if (v.is_string()) options.styles[k] = v.get<std::string>();
    }
  }

  int shard = config.shard_index, shards = config.shard_count;
  if (shards <= 0) ShardFromEnvironment(&shard, &shards);
  const std::string shard_name =
      std::to_string(shard) + "/" + std::to_string(shards);

  std::vector<Item> all;
  if (src_oss) {
    StatusOr<std::vector<Item>> listed = ListOss(*client, src_bucket, src_prefix);
    if (!listed.ok()) return ReportError(listed.status());  // 3 when transient
    all = std::move(*listed);
  } else if (!config.src.empty()) {
    all = ListFolder(config.src);
  } else if (config.manifest == "-") {
    all = ReadManifest(std::cin);
  } else {
    std::ifstream f(config.manifest);
    if (!f) {
      std::cerr << "ossimg batch: cannot read " << config.manifest << "\n";
      return 1;
    }
    all = ReadManifest(f);
  }
  std::vector<Item> mine;
  for (Item& it : all) {
    if (Fnv1a(it.key) % static_cast<uint64_t>(shards) ==
        static_cast<uint64_t>(shard)) {
      mine.push_back(std::move(it));
    }
  }

  const int cores = std::max(1u, std::thread::hardware_concurrency());
  const int jobs = std::max(1, config.jobs > 0 ? config.jobs : cores);
  // Each item's own threads share the cores with the other jobs: no
  // oversubscription.
  options.threads = std::max(1, cores / jobs);
  // Image watermark keys resolve where the sources live: the SRC folder, or the SRC bucket.
  if (src_oss) {
    oss::OssClient* c = client.get();
    const std::string bucket = src_bucket;
    options.watermark_objects =
        [c, bucket](std::string_view key) -> StatusOr<std::vector<uint8_t>> {
      OSSIMG_ASSIGN_OR_RETURN(oss::GetResult r, c->GetObject(bucket, std::string(key), {}));
      return std::move(r.data);
    };
  } else if (!config.src.empty()) {
    options.watermark_objects = DirectoryObjects(config.src, options.limits.max_file_bytes);
  }
  const Engine engine(options);
  const std::string staging =
      (config.dst.empty() || dst_oss ? std::string(".") : config.dst) +
      ".ossimg-staging";
  std::error_code ec;
  if (!dst_oss) {
    // leftovers of a killed run on a file system without O_TMPFILE
    fs::remove_all(staging, ec);
  }

  if (config.list_only) {
    for (const Item& it : mine) {
      std::cout << (it.skip ? "skip " : "do ")
                << (it.src.empty() ? it.key : it.src) << "\n";
    }
    return 0;
  }

  struct sigaction sa;
  std::memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnSignal;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);

  Reporter reporter(config, mine.size());
  if (!reporter.ok()) {
    std::cerr << "ossimg batch: cannot write " << config.report << "\n";
    return 1;
  }
  MemoryBudget budget(config.memory_budget
                          ? config.memory_budget
                          : options.limits.max_memory_bytes / 4 * 3);
  std::atomic<size_t> next{0};

  auto do_item = [&](const Item& it) {
    Record rec;
    rec.src = src_oss ? "oss://" + src_bucket + "/" + it.src
              : it.src.empty() ? it.key
                               : it.src;
    const auto t0 = Clock::now();
    auto fail = [&](const Status& s) {
      rec.status = "error";
      rec.code = s.oss_code();
      rec.message = s.message();
      rec.transient = s.code() == StatusCode::kTransient;
    };
    auto finish = [&]() {
      rec.ms =
          std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      reporter.Add(rec);
    };
    if (!it.problem.empty()) {
      fail(InvalidArgumentError(it.problem));
      return finish();
    }
    if (it.skip) {
      rec.status = "skipped";
      rec.message = "not an image file name";
      return finish();
    }
    const std::string process =
        it.process.empty() ? config.process : it.process;
    StatusOr<ProcessSpec> spec = ParseProcess(process, options.limits);
    if (!spec.ok()) {
      fail(spec.status());
      return finish();
    }
    Provenance prov;
    StatusOr<std::vector<uint8_t>> bytes = std::vector<uint8_t>();
    if (src_oss) {
      if (it.oss_size > 0 &&
          static_cast<uint64_t>(it.oss_size) > options.limits.max_file_bytes) {
        fail(ImageTooLargeError(rec.src + " is over the file size limit"));
        return finish();
      }
      // The listing's ETag and size say which version of the source this is.
      prov.source = it.oss_etag + ":" + std::to_string(it.oss_size);
      prov.process = ProcessSpecToJson(*spec, -1);
      prov.version = OSSIMG_VERSION_STRING;
      StatusOr<oss::GetResult> got =
          client->GetObject(src_bucket, it.src, oss::GetOptions());
      if (!got.ok()) {
        fail(got.status());
        return finish();
      }
      bytes = std::move(got->data);
    } else {
      struct stat st;
      if (::stat(it.src.c_str(), &st) != 0) {
        fail(Status(StatusCode::kNotFound, it.src + ": " + std::strerror(errno)));
        return finish();
      }
      prov = ProvenanceOf(st, ProcessSpecToJson(*spec, -1));
      bytes = ReadFileBytes(it.src, options.limits.max_file_bytes);
    }
    if (!bytes.ok()) {
      fail(bytes.status());
      return finish();
    }
    rec.in_bytes = bytes->size();
    // The plan (header only) gives the output format, hence the name, and the
    // peak memory.
    StatusOr<std::string> plan_json =
        engine.Plan(bytes->data(), bytes->size(), process);
    if (!plan_json.ok()) {
      fail(plan_json.status());
      return finish();
    }
    const nlohmann::json plan = nlohmann::json::parse(*plan_json);
    const uint64_t peak = plan["peak_memory_bytes"].get<uint64_t>();
    const std::string kind = plan["output"]["kind"].get<std::string>();
    const std::string ext = kind == "info" ? "json"
                            : kind == "average-hue"
                                ? "txt"
                                : plan["output"]["format"].get<std::string>();
    std::string rel =
        it.dst.empty() ? ApplyTemplate(config.name_template, it, ext) : it.dst;
    if (!SafeRelative(rel) && !(it.dst.size() && it.dst[0] == '/')) {
      fail(InvalidArgumentError("output name " + rel + " leaves DST"));
      return finish();
    }
    const std::string dst_key = dst_prefix + rel;
    const std::string dst =
        dst_oss ? "oss://" + dst_bucket + "/" + dst_key
        : !it.dst.empty() && it.dst[0] == '/' ? it.dst
                                              : config.dst + "/" + rel;
    rec.dst = dst;
    if (config.skip_existing && !config.force &&
        (dst_oss ? OssProvenanceMatches(*client, dst_bucket, dst_key, prov)
                 : ProvenanceMatches(dst, prov))) {
      rec.status = "skipped";
      rec.message = "output exists with the same provenance";
      return finish();
    }
    if (peak > budget.limit()) {
      fail(ImageTooLargeError("planned peak memory of " + std::to_string(peak) +
                              " bytes exceeds the batch memory budget of " +
                              std::to_string(budget.limit()) + " bytes"));
      return finish();
    }
    budget.Acquire(peak);
    StatusOr<Result> r = engine.Process(bytes->data(), bytes->size(), process);
    budget.Release(peak);
    if (!r.ok()) {
      fail(r.status());
      return finish();
    }
    Status w;
    if (dst_oss) {
      // A PUT replaces the object whole or not at all, so an interrupted run
      // leaves complete outputs only, as the folder mode does.
      oss::PutOptions po;
      po.content_type = r->content_type;
      po.user_meta = ProvenanceMeta(prov);
      w = client->PutObject(dst_bucket, dst_key, r->bytes, po).status();
      if (w.ok()) CountOutputForTestHooks();
    } else {
      w = WriteAtomically(dst, r->bytes, prov, staging);
    }
    if (!w.ok()) {
      fail(w);
      return finish();
    }
    rec.status = "ok";
    rec.out_bytes = r->bytes.size();
    rec.width = r->width;
    rec.height = r->height;
    finish();
  };

  std::vector<std::thread> workers;
  for (int j = 0; j < jobs; ++j) {
    workers.emplace_back([&] {
      while (!g_stop.load()) {
        const size_t i = next.fetch_add(1);
        if (i >= mine.size()) break;
        do_item(mine[i]);
      }
    });
  }
  for (std::thread& t : workers) t.join();
  const bool interrupted = g_stop.load() && next.load() < mine.size();
  reporter.Finish(shard_name, interrupted);
  if (interrupted) return 130;
  if (reporter.transient() > 0) return 3;
  if (reporter.errors() > 0) return 2;
  return 0;
}

}  // namespace ossimg::cli

namespace ossimg::cli {

void AddBatchCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::vector<std::string> args;
    std::string shard;
    std::string memory_budget;
    BatchConfig config;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "batch",
      "Convert a folder (PROCESS SRC DST) or a manifest (PROCESS --manifest "
      "FILE DST), "
      "sharded, resumable, with atomic outputs and a JSON-lines report");
  cmd->add_option("args", opts->args,
                  "PROCESS SRC DST, or PROCESS DST with --manifest")
      ->required();
  cmd->add_option("--manifest", opts->config.manifest,
                  "JSON lines {\"src\",\"dst\",\"process\"} or CSV "
                  "src,dst,process; - = stdin");
  cmd->add_option("--shard", opts->shard,
                  "I/N: this worker's share (default: from "
                  "JOB_COMPLETION_INDEX, SLURM_ARRAY_*, "
                  "AWS_BATCH_JOB_ARRAY_*)");
  cmd->add_flag("--list", opts->config.list_only,
                "Print this shard's items and do nothing");
  cmd->add_flag("--skip-existing", opts->config.skip_existing,
                "Skip outputs whose recorded provenance matches");
  cmd->add_flag("--force", opts->config.force, "Redo every item");
  cmd->add_option("--jobs", opts->config.jobs,
                  "Items in flight (default: cores)");
  cmd->add_option("--memory-budget", opts->memory_budget,
                  "Bytes (or with K/M/G) of planned peak memory in flight");
  cmd->add_option("--report", opts->config.report, "JSON-lines report file");
  cmd->add_flag("--json", opts->config.json, "Report on stdout");
  cmd->add_flag("-q,--quiet", opts->config.quiet, "No progress on stderr");
  cmd->add_option("--name-template", opts->config.name_template,
                  "Output path under DST: {dir} {stem} {name} {ext} (default "
                  "{dir}/{stem}.{ext})");
  cmd->add_option("--styles", opts->config.styles,
                  "JSON file: style name -> process string");
  cmd->add_option("--limits", opts->config.limits, "oss (default) or relaxed");
  AddOssFlags(cmd, &opts->config.oss);
  cmd->callback([opts, run]() {
    *run = [opts]() -> int {
      BatchConfig c = opts->config;
      const std::vector<std::string>& a = opts->args;
      const size_t want = c.manifest.empty() ? 3 : 2;
      if (a.size() != want && !(c.list_only && a.size() == want - 1)) {
        std::cerr << "ossimg batch: expected "
                  << (want == 3 ? "PROCESS SRC DST" : "PROCESS DST") << "\n";
        return 1;
      }
      c.process = a[0];
      if (c.manifest.empty()) {
        c.src = a[1];
        if (a.size() > 2) c.dst = a[2];
      } else if (a.size() > 1) {
        c.dst = a[1];
      }
      while (!c.dst.empty() && c.dst.size() > 1 && c.dst.back() == '/')
        c.dst.pop_back();
      if (!opts->shard.empty() &&
          !ParseShard(opts->shard, &c.shard_index, &c.shard_count)) {
        std::cerr << "ossimg batch: --shard must be I/N with 0 <= I < N\n";
        return 1;
      }
      if (!opts->memory_budget.empty()) {
        char* end = nullptr;
        double v = std::strtod(opts->memory_budget.c_str(), &end);
        const std::string unit = Lower(end);
        if (unit == "k") v *= 1024;
        if (unit == "m") v *= 1024.0 * 1024;
        if (unit == "g") v *= 1024.0 * 1024 * 1024;
        if (v <= 0 ||
            (!unit.empty() && unit != "k" && unit != "m" && unit != "g")) {
          std::cerr << "ossimg batch: bad --memory-budget\n";
          return 1;
        }
        c.memory_budget = static_cast<uint64_t>(v);
      }
      return RunBatch(c);
    };
  });
}

}  // namespace ossimg::cli
