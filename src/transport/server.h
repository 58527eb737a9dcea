// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg serve`: a local OSS-compatible endpoint over a folder. Buckets are
// the subfolders of the root; objects are files. GetObject (with x-oss-process,
// Range, conditionals), PutObject, HeadObject, DeleteObject, ListObjectsV2 and
// ImagePersist (POST ?x-oss-process ... |sys/saveas) speak OSS's wire protocol
// (docs/serve.md), with V1 and V4 signatures checked. The HTTP library stays
// behind this header (pimpl), so nothing else in the tree includes it.

#ifndef OSSIMG_SRC_TRANSPORT_SERVER_H_
#define OSSIMG_SRC_TRANSPORT_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "ossimg/engine.h"
#include "ossimg/status.h"
#include "ossimg/transport.h"

namespace ossimg::serve {

struct ServerOptions {
  std::string root;                    // buckets are its subfolders
  std::string host = "127.0.0.1";      // address to listen on
  int port = 0;                        // 0 = any free port (see Server::port())
  std::string region = "cn-hangzhou";  // V4 signing region
  // Host (without port, lower case) -> bucket, consulted before anything else.
  std::map<std::string, std::string> cnames;
  // Unsigned GET/HEAD allowed; everything else still needs a signature.
  bool anonymous = false;
  oss::Credentials credentials;  // the only key pair accepted
  Options engine;                // limits, styles, threads for the Engine
  // Requests being handled at once past which the server answers 503
  // SlowDown (httplib's own queue has no bound). The worker pool is a little
  // larger than this so that the refusals themselves get a thread.
  int max_in_flight = 32;
  size_t max_body_bytes = size_t{512} << 20;  // PutObject / POST bodies
  // Request headers, names and values together, and their number; past
  // either the answer is 400 RequestHeaderTooLarge. (cpp-httplib also refuses
  // any single line over 8 KiB before we see the request.)
  size_t max_header_bytes = size_t{64} << 10;
  size_t max_header_count = 100;
  // Slowloris defence: a connection that sends nothing for this long is
  // closed (per read, headers and body alike); idle keep-alive connections
  // likewise.
  int read_timeout_ms = 5000;
  // A request body must arrive within this time after its headers, however
  // steadily it trickles: 408 RequestTimeout past it.
  int body_time_budget_ms = 60000;
  // Test-only fault injection: the first `fault_count` requests fail, with
  // 503 ServiceUnavailable (kFail503) or by resetting the connection after
  // the status line (kReset). Deterministic: counted, never timed.
  enum class Fault { kFail503, kReset };
  Fault fault = Fault::kFail503;
  int fault_count = 0;
  // Unix seconds; tests inject a fixed clock. Null = the system clock.
  std::function<int64_t()> clock;
};

class Server {
 public:
  // Checks the root and binds the socket (so port() is known and a port in
  // use is reported here, not later).
  static StatusOr<std::unique_ptr<Server>> Create(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;
  const std::string& host() const;
  // Serves until Stop(); requests already accepted are finished first.
  Status Run();
  // Thread-safe; makes Run() return after the in-flight requests finish.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ossimg::serve

#endif  // OSSIMG_SRC_TRANSPORT_SERVER_H_
