// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "ossimg/status.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace ossimg {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_EQ(s.exit_code(), 0);
}

TEST(StatusTest, CarriesOssCodeEcAndOffset) {
  Status s(StatusCode::kInvalidArgument, "bad", "0040-00000212", 6);
  EXPECT_FALSE(s.ok());
  EXPECT_STREQ(s.oss_code(), "InvalidArgument");
  EXPECT_EQ(s.http_status(), 400);
  EXPECT_EQ(s.exit_code(), 2);
  EXPECT_EQ(s.offset(), 6);
  EXPECT_EQ(s.ToString(), "InvalidArgument: bad (EC 0040-00000212)");
}

TEST(StatusTest, MappingTableCoversEveryCode) {
  for (int c = 0; c <= static_cast<int>(StatusCode::kInternal); ++c) {
    const StatusCodeInfo& info = GetStatusCodeInfo(static_cast<StatusCode>(c));
    EXPECT_NE(info.name, nullptr);
    EXPECT_GE(info.http_status, 200);
  }
  EXPECT_EQ(GetStatusCodeInfo(StatusCode::kNotFound).http_status, 404);
  EXPECT_STREQ(GetStatusCodeInfo(StatusCode::kNotFound).oss_code, "NoSuchKey");
  EXPECT_EQ(GetStatusCodeInfo(StatusCode::kAccessDenied).http_status, 403);
  EXPECT_EQ(GetStatusCodeInfo(StatusCode::kTransient).exit_code, 3);
  EXPECT_EQ(GetStatusCodeInfo(StatusCode::kCancelled).exit_code, 130);
  EXPECT_STREQ(GetStatusCodeInfo(StatusCode::kCorruptInput).oss_code,
               "BadRequest");
}

StatusOr<int> Half(int x) {
  if (x % 2) return InvalidArgumentError("odd");
  return x / 2;
}

Status UseHalf(int x, int* out) {
  OSSIMG_ASSIGN_OR_RETURN(*out, Half(x));
  OSSIMG_RETURN_IF_ERROR(Status());
  return Status();
}

TEST(StatusOrTest, ValueAndErrorPropagate) {
  int v = 0;
  EXPECT_TRUE(UseHalf(8, &v).ok());
  EXPECT_EQ(v, 4);
  Status s = UseHalf(3, &v);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "odd");
}

TEST(StatusOrTest, MoveOnlyValue) {
  StatusOr<std::unique_ptr<int>> p = std::make_unique<int>(7);
  ASSERT_TRUE(p.ok());
  std::unique_ptr<int> taken = std::move(p).value();
  EXPECT_EQ(*taken, 7);
}

TEST(StatusOrTest, OkStatusBecomesInternalError) {
  StatusOr<int> s{Status()};
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInternal);
}

TEST(StatusOrDeathTest, ValueOfErrorAborts) {
  StatusOr<int> s = InvalidArgumentError("x");
  EXPECT_DEATH((void)s.value(), "");
}

}  // namespace
}  // namespace ossimg
