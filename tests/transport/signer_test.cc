// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Reproduces every row of tests/data/oss-vectors.tsv (a copy of the project's
// OSS protocol vectors: captures from ali-oss 6.23.0 and the fixed vectors of
// the official Go and C++ SDK test suites): canonical request, string to sign,
// signature and the final header or URL.

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ossimg/transport.h"

namespace ossimg::oss {
namespace {

// One TSV row, column name -> field. A struct (not a bare map) so gtest prints
// it by its id.
struct Row {
  std::map<std::string, std::string> f;
  const std::string& at(const std::string& k) const { return f.at(k); }
};

// The TSV escapes inside a field: "\\n" is a newline, "\\t" a tab, "\\\\" a
// backslash.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char n = s[++i];
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<Row> LoadVectors() {
  std::ifstream in(std::string(OSSIMG_TEST_DATA_DIR) + "/oss-vectors.tsv");
  std::vector<Row> rows;
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, '\t')) fields.push_back(f);
    if (header.empty()) {
      header = fields;
      continue;
    }
    Row r;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i)
      r.f[header[i]] = fields[i];
    rows.push_back(r);
  }
  return rows;
}

Request ToRequest(const Row& r) {
  Request req;
  req.method = r.at("method");
  req.bucket = r.at("bucket");
  req.key = r.at("key");
  const nlohmann::json query =
      nlohmann::json::parse(Unescape(r.at("query_json")));
  const nlohmann::json headers =
      nlohmann::json::parse(Unescape(r.at("headers_json")));
  for (const auto& q : query) {
    if (q[1].is_null()) {
      req.query.emplace_back(q[0].get<std::string>(), std::nullopt);
    } else {
      req.query.emplace_back(q[0].get<std::string>(), q[1].get<std::string>());
    }
  }
  for (const auto& [k, v] : headers.items()) {
    req.headers.emplace_back(k, v.get<std::string>());
  }
  return req;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  if (s.empty() || s == "-") return out;
  std::stringstream ss(s);
  std::string f;
  while (std::getline(ss, f, sep)) out.push_back(f);
  return out;
}

// Query parameters of a URL or query string as a sorted list, for order-free
// comparison.
std::vector<std::string> QueryParams(const std::string& url_or_query) {
  const size_t q = url_or_query.find('?');
  std::vector<std::string> p = Split(
      q == std::string::npos ? url_or_query : url_or_query.substr(q + 1), '&');
  std::sort(p.begin(), p.end());
  return p;
}

void PrintTo(const Row& r, std::ostream* os) { *os << r.at("id"); }

class VectorTest : public ::testing::TestWithParam<Row> {};

TEST_P(VectorTest, Reproduces) {
  const Row& r = GetParam();
  const Request req = ToRequest(r);
  const Credentials creds{r.at("access_key_id"), r.at("access_key_secret"), ""};
  const std::string kind = r.at("kind");
  const std::string want_sts = Unescape(r.at("string_to_sign"));
  const std::string want_sig = r.at("signature");
  const std::string output = r.at("output");
  if (kind == "v1-header" || kind == "v1-presign") {
    const std::string sts = V1StringToSign(req, r.at("time"));
    EXPECT_EQ(sts, want_sts);
    EXPECT_EQ(V1Signature(creds.access_key_secret, sts), want_sig);
    if (kind == "v1-header") {
      EXPECT_EQ(V1Authorization(req, creds), output);
    } else if (output.rfind("http", 0) == 0) {
      // Rebuild the URL from the request without its auth parameters.
      Request bare = req;
      bare.query.erase(std::remove_if(bare.query.begin(), bare.query.end(),
                                      [](const auto& q) {
                                        return q.first == "OSSAccessKeyId" ||
                                               q.first == "Expires" ||
                                               q.first == "Signature" ||
                                               q.first == "security-token";
                                      }),
                       bare.query.end());
      Credentials c = creds;
      if (auto tok = req.Query("security-token")) c.security_token = *tok;
      EXPECT_EQ(QueryParams(V1PresignQuery(bare, c, std::stoll(r.at("time")))),
                QueryParams(output));
    }
    return;
  }
  const std::vector<std::string> additional =
      Split(r.at("additional_headers"), ';');
  const std::string region = r.at("region");
  const std::string datetime = r.at("time");
  const std::string canonical = V4CanonicalRequest(req, additional);
  EXPECT_EQ(canonical, Unescape(r.at("canonical_request")));
  const std::string sts = V4StringToSign(datetime, region, canonical);
  EXPECT_EQ(sts, want_sts);
  EXPECT_EQ(V4Signature(creds.access_key_secret, datetime, region, sts),
            want_sig);
  if (kind == "v4-header") {
    EXPECT_EQ(V4Authorization(req, creds, region, additional), output);
  } else {
    Request bare = req;
    Credentials c = creds;
    int64_t expires = 0;
    std::vector<std::string> presign_additional = additional;
    bare.query.clear();
    for (const auto& q : req.query) {
      if (q.first == "x-oss-expires") {
        expires = std::stoll(*q.second);
      } else if (q.first == "x-oss-security-token") {
        c.security_token = *q.second;
      } else if (q.first == "x-oss-additional-headers") {
        presign_additional = Split(*q.second, ';');
      } else if (q.first.rfind("x-oss-", 0) != 0 ||
                 q.first == "x-oss-process") {
        bare.query.push_back(q);
      }
    }
    const std::string query =
        V4PresignQuery(bare, c, region, datetime, expires, presign_additional);
    if (output.rfind("http", 0) == 0) {
      EXPECT_EQ(QueryParams(query), QueryParams(output));
    } else {
      EXPECT_NE(query.find(output), std::string::npos) << query;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(OssVectors, VectorTest,
                         ::testing::ValuesIn(LoadVectors()),
                         [](const ::testing::TestParamInfo<Row>& param_info) {
                           std::string n = param_info.param.at("id");
                           for (char& ch : n) {
                             if (!isalnum(static_cast<unsigned char>(ch)))
                               ch = '_';
                           }
                           return n;
                         });

TEST(SignerTest, AllFortyFourVectorsAreLoaded) {
  EXPECT_EQ(LoadVectors().size(), 44u);
}

TEST(SignerTest, UriEncode) {
  EXPECT_EQ(UriEncode("dir/sp ace+plus\xE4\xB8\xAD.jpg", true),
            "dir/sp%20ace%2Bplus%E4%B8%AD.jpg");
  EXPECT_EQ(UriEncode("image/resize,w_100", false), "image%2Fresize%2Cw_100");
  EXPECT_EQ(UriEncode("A-Z_a.z~09", false), "A-Z_a.z~09");
}

TEST(SignerTest, SubResourcesDecideWhatV1Signs) {
  EXPECT_TRUE(IsV1SubResource("x-oss-process"));
  EXPECT_TRUE(IsV1SubResource("acl"));
  EXPECT_FALSE(IsV1SubResource("prefix"));
  EXPECT_FALSE(IsV1SubResource("OSSAccessKeyId"));
  Request r;
  r.method = "GET";
  r.bucket = "b";
  r.key = "k";
  r.query = {{"prefix", "x"}, {"x-oss-process", "image/info"}};
  EXPECT_EQ(V1StringToSign(r, "D"),
            "GET\n\n\nD\n/b/k?x-oss-process=image/info");
}

}  // namespace
}  // namespace ossimg::oss
