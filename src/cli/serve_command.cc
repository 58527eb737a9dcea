// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg serve`: the local OSS endpoint (src/transport/server.h,
// docs/serve.md). SIGTERM and SIGINT are taken by a dedicated thread with
// sigwait, which stops the server; requests already accepted finish first and
// the command exits 0.

#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "ossimg/engine.h"

#include "cli/commands.h"
#include "transport/server.h"

namespace ossimg::cli {
namespace {

struct ServeFlags {
  std::string root;
  std::string listen = "127.0.0.1:8080";
  std::string region = "cn-hangzhou";
  std::string styles;
  std::vector<std::string> cnames;
  bool anonymous = false;
  int max_in_flight = 32;
  int threads = 1;
  int read_timeout_ms = 5000;
  std::string test_faults;  // "N" or "N:reset"
};

Status LoadStyles(const std::string& path, Options* opt) {
  OSSIMG_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                          ReadFileBytes(path, uint64_t{16} << 20));
  const nlohmann::json j =
      nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (!j.is_object()) return InvalidArgumentError(path + ": not a JSON object");
  for (const auto& [name, value] : j.items()) {
    if (!value.is_string()) {
      return InvalidArgumentError(path + ": style " + name +
                                  " is not a string");
    }
    opt->styles[name] = value.get<std::string>();
  }
  return Status::Ok();
}

StatusOr<serve::ServerOptions> MakeServerOptions(const ServeFlags& f) {
  serve::ServerOptions o;
  o.root = f.root;
  const size_t colon = f.listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgumentError("--listen wants HOST:PORT, got " + f.listen);
  }
  o.host = f.listen.substr(0, colon);
  if (o.host.size() > 2 && o.host.front() == '[') {
    o.host = o.host.substr(1, o.host.size() - 2);
  }
  const std::string port = f.listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return InvalidArgumentError("--listen: bad port " + port);
  }
  o.port = std::stoi(port);
  o.region = f.region;
  // SDKs take the region as "oss-cn-hangzhou"; V4 signs the bare id.
  if (o.region.rfind("oss-", 0) == 0) o.region = o.region.substr(4);
  for (const std::string& c : f.cnames) {
    const size_t eq = c.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == c.size()) {
      return InvalidArgumentError("--cname wants HOST=BUCKET, got " + c);
    }
    o.cnames[c.substr(0, eq)] = c.substr(eq + 1);
  }
  o.anonymous = f.anonymous;
  o.max_in_flight = f.max_in_flight;
  o.engine.threads = f.threads;
  o.read_timeout_ms = f.read_timeout_ms;
  if (!f.test_faults.empty()) {
    const size_t sep = f.test_faults.find(':');
    const std::string n = f.test_faults.substr(0, sep);
    const std::string kind =
        sep == std::string::npos ? "503" : f.test_faults.substr(sep + 1);
    if (n.empty() || n.size() > 6 ||
        n.find_first_not_of("0123456789") != std::string::npos ||
        (kind != "503" && kind != "reset")) {
      return InvalidArgumentError("--test-fail-first wants N or N:reset");
    }
    o.fault_count = std::stoi(n);
    o.fault = kind == "reset" ? serve::ServerOptions::Fault::kReset
                              : serve::ServerOptions::Fault::kFail503;
  }
  if (!f.styles.empty())
    OSSIMG_RETURN_IF_ERROR(LoadStyles(f.styles, &o.engine));
  const char* id = std::getenv("OSS_ACCESS_KEY_ID");
  const char* secret = std::getenv("OSS_ACCESS_KEY_SECRET");
  if (id && *id && secret && *secret) {
    o.credentials.access_key_id = id;
    o.credentials.access_key_secret = secret;
  } else if (!f.anonymous) {
    return InvalidArgumentError(
        "set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (or pass --anonymous "
        "for unsigned reads only)");
  }
  return o;
}

int RunServe(const ServeFlags& flags) {
  StatusOr<serve::ServerOptions> opts = MakeServerOptions(flags);
  if (!opts.ok()) {
    ReportError(opts.status());
    return 1;  // a usage error (docs/architecture.md)
  }
  // Block the stop signals before any thread starts, so every thread inherits
  // the mask and only the waiter below ever sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client hanging up mid-answer must not kill the server.
  signal(SIGPIPE, SIG_IGN);
  StatusOr<std::unique_ptr<serve::Server>> server =
      serve::Server::Create(*std::move(opts));
  if (!server.ok()) return ReportError(server.status());
  serve::Server* s = server->get();
  std::thread waiter([s, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    s->Stop();
    // Said once the listener is closed, so a supervisor (and the drain test) knows that new
    // connections are refused while requests already in flight still finish.
    std::cout << "stopping: finishing requests in flight" << std::endl;
  });
  std::cout << "listening on http://" << s->host() << ":" << s->port()
            << std::endl;
  const Status st = s->Run();
  // Run() returns on a signal (the waiter is done) or on a socket failure
  // (wake the waiter so it can be joined).
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!st.ok()) return ReportError(st);
  std::cerr << "ossimg serve: stopped\n";
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, std::function<int()>* run) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve a folder as a local OSS endpoint (buckets = subfolders), with "
      "x-oss-process, V1/V4 signatures checked against OSS_ACCESS_KEY_ID / "
      "OSS_ACCESS_KEY_SECRET");
  cmd->add_option("--root", flags->root, "Folder whose subfolders are buckets")
      ->required();
  cmd->add_option("--listen", flags->listen,
                  "HOST:PORT (default 127.0.0.1:8080)");
  cmd->add_option("--region", flags->region,
                  "V4 signing region (default cn-hangzhou)");
  cmd->add_option("--styles", flags->styles,
                  "JSON file: style name -> process string");
  cmd->add_option(
      "--cname", flags->cnames,
      "HOST=BUCKET: a custom domain bound to a bucket (repeatable)");
  cmd->add_flag("--anonymous", flags->anonymous,
                "Allow unsigned GET/HEAD (writes still need a signature)");
  cmd->add_option("--max-in-flight", flags->max_in_flight,
                  "Requests handled at once before 503 SlowDown (default 32)");
  cmd->add_option("--threads", flags->threads,
                  "Engine threads per request (default 1: requests run in "
                  "parallel already)");
  cmd->add_option("--read-timeout-ms", flags->read_timeout_ms,
                  "Close a connection silent for this long (default 5000)");
  // Test-only: deterministic failures for client retry tests
  // (docs/serve.md); hidden from --help.
  cmd->add_option("--test-fail-first", flags->test_faults,
                     "N[:reset]: fail the first N requests")
      ->group("");
  cmd->callback(
      [flags, run]() { *run = [flags]() -> int { return RunServe(*flags); }; });
}

}  // namespace ossimg::cli
