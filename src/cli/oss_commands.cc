// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `ossimg persist`, `ossimg presign`, and the oss:// reads and writes of
// `ossimg process` and `ossimg batch`. Credentials are never printed: error
// messages come from the client, which never puts them in a Status.

#include "cli/oss_commands.h"

#include <iostream>
#include <utility>

#include <nlohmann/json.hpp>

#include "cli/commands.h"

namespace ossimg::cli {

void AddOssFlags(CLI::App* cmd, OssFlags* flags) {
  cmd->add_option("--endpoint", flags->endpoint,
                  "OSS endpoint, e.g. https://oss-cn-hangzhou.aliyuncs.com or "
                  "http://127.0.0.1:8080 (default: $OSS_ENDPOINT)");
  cmd->add_option("--region", flags->region,
                  "V4 signing region (default: $OSS_REGION, else cn-hangzhou)");
  cmd->add_option("--access-key-id", flags->access_key_id,
                  "default: $OSS_ACCESS_KEY_ID (the secret only ever comes "
                  "from $OSS_ACCESS_KEY_SECRET)");
  cmd->add_option("--signature", flags->signature, "v4 (default) or v1");
  cmd->add_option("--retries", flags->retries,
                  "retries of a failed request (5xx, throttling, resets), "
                  "default 3");
}

StatusOr<std::unique_ptr<oss::OssClient>> MakeOssClient(const OssFlags& f) {
  oss::ClientOptions base;
  base.endpoint = f.endpoint;
  if (!f.region.empty()) base.region = f.region;
  base.credentials.access_key_id = f.access_key_id;
  if (f.signature == "v1") {
    base.signature = oss::SignatureVersion::kV1;
  } else if (f.signature != "v4") {
    return InvalidArgumentError("--signature must be v1 or v4");
  }
  if (f.retries < 0 || f.retries > 20)
    return InvalidArgumentError("--retries must be 0 to 20");
  base.max_attempts = f.retries + 1;
  // Test hook: a tiny backoff base keeps retry tests fast (docs/oss-client.md).
  if (const char* b = std::getenv("OSSIMG_OSS_BACKOFF_MS"))
    base.backoff_base_ms = std::atoi(b);
  OSSIMG_ASSIGN_OR_RETURN(oss::ClientOptions o,
                          oss::ClientOptionsFromEnvironment(std::move(base)));
  return oss::OssClient::Create(std::move(o));
}

bool IsOssUrl(const std::string& s) { return s.rfind("oss://", 0) == 0; }

namespace {

Status SplitObjectUrl(const std::string& url, std::string* bucket,
                      std::string* key) {
  if (!oss::ParseOssUrl(url, bucket, key) || key->empty() ||
      key->back() == '/') {
    return InvalidArgumentError(url + " is not oss://BUCKET/KEY");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<uint8_t>> ReadOssObject(const std::string& url,
                                             uint64_t max_bytes,
                                             const OssFlags& flags) {
  std::string bucket, key;
  OSSIMG_RETURN_IF_ERROR(SplitObjectUrl(url, &bucket, &key));
  OSSIMG_ASSIGN_OR_RETURN(auto client, MakeOssClient(flags));
  // HEAD first so an object beyond the limit is refused before it is
  // downloaded.
  OSSIMG_ASSIGN_OR_RETURN(oss::ObjectMeta meta,
                          client->HeadObject(bucket, key));
  if (meta.size >= 0 && static_cast<uint64_t>(meta.size) > max_bytes) {
    return ImageTooLargeError(url + " is " + std::to_string(meta.size) +
                              " bytes, over the " + std::to_string(max_bytes) +
                              " byte limit");
  }
  OSSIMG_ASSIGN_OR_RETURN(oss::GetResult r,
                          client->GetObject(bucket, key, oss::GetOptions()));
  return std::move(r.data);
}

Status WriteOssObject(const std::string& url, const std::vector<uint8_t>& data,
                      const std::string& content_type, const OssFlags& flags) {
  std::string bucket, key;
  OSSIMG_RETURN_IF_ERROR(SplitObjectUrl(url, &bucket, &key));
  OSSIMG_ASSIGN_OR_RETURN(auto client, MakeOssClient(flags));
  oss::PutOptions po;
  po.content_type = content_type;
  return client->PutObject(bucket, key, data, po).status();
}

void AddPersistCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::string src, dst, process;
    OssFlags oss;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "persist",
      "Process an OSS object on the server and save the result there "
      "(ImagePersist: POST ?x-oss-process ...|sys/saveas); prints OSS's JSON");
  cmd->add_option("src", opts->src, "oss://BUCKET/KEY")->required();
  cmd->add_option("dst", opts->dst,
                  "oss://BUCKET/KEY (same account and region)")
      ->required();
  cmd->add_option("process", opts->process, "e.g. image/resize,w_800")
      ->required();
  AddOssFlags(cmd, &opts->oss);
  cmd->callback([opts, run]() {
    *run = [opts]() -> int {
      std::string sb, sk, db, dk;
      Status s = SplitObjectUrl(opts->src, &sb, &sk);
      if (s.ok()) s = SplitObjectUrl(opts->dst, &db, &dk);
      if (!s.ok()) {
        ReportError(s);
        return 1;
      }
      std::string process = opts->process;
      if (process.find("sys/saveas") != std::string::npos) {
        ReportError(InvalidArgumentError(
            "PROCESS must not contain sys/saveas: DST says where to save"));
        return 1;
      }
      StatusOr<std::unique_ptr<oss::OssClient>> client =
          MakeOssClient(opts->oss);
      if (!client.ok()) {
        ReportError(client.status());
        return 1;
      }
      // Without b_ OSS saves into the source bucket.
      StatusOr<oss::PersistResult> r =
          (*client)->ImagePersist(sb, sk, process, db == sb ? "" : db, dk);
      if (!r.ok()) return ReportError(r.status());
      nlohmann::ordered_json j{{"bucket", r->bucket},
                               {"fileSize", r->file_size},
                               {"object", r->object},
                               {"status", r->status}};
      std::cout << j.dump() << "\n";
      return 0;
    };
  });
}

void AddPresignCommand(CLI::App& app, std::function<int()>* run) {
  struct Opts {
    std::string url, process;
    int64_t expires = 3600;
    OssFlags oss;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "presign",
      "Print a presigned GET URL for an OSS object, with x-oss-process signed "
      "in");
  cmd->add_option("url", opts->url, "oss://BUCKET/KEY")->required();
  cmd->add_option("--process", opts->process, "e.g. image/resize,w_800");
  cmd->add_option("--expires", opts->expires,
                  "seconds the URL stays valid, 1..604800 (default 3600)");
  AddOssFlags(cmd, &opts->oss);
  cmd->callback([opts, run]() {
    *run = [opts]() -> int {
      std::string bucket, key;
      Status s = SplitObjectUrl(opts->url, &bucket, &key);
      if (!s.ok()) {
        ReportError(s);
        return 1;
      }
      StatusOr<std::unique_ptr<oss::OssClient>> client =
          MakeOssClient(opts->oss);
      if (!client.ok()) {
        ReportError(client.status());
        return 1;
      }
      StatusOr<std::string> url =
          (*client)->PresignGetUrl(bucket, key, opts->process, opts->expires);
      if (!url.ok()) {
        ReportError(url.status());
        return 1;
      }
      std::cout << *url << "\n";
      return 0;
    };
  });
}

}  // namespace ossimg::cli
