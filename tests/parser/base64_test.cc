// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "parser/base64.h"

#include <string>

#include <gtest/gtest.h>

namespace ossimg::parser {
namespace {

TEST(Base64Test, DecodesBothAlphabetsWithOrWithoutPadding) {
  // "Hello 图片服务!" from the OSS watermark documentation.
  const std::string expected =
      "Hello \xE5\x9B\xBE\xE7\x89\x87\xE6\x9C\x8D\xE5\x8A\xA1!";
  EXPECT_EQ(DecodeBase64("SGVsbG8g5Zu-54mH5pyN5YqhIQ").value(), expected);
  EXPECT_EQ(DecodeBase64("SGVsbG8g5Zu-54mH5pyN5YqhIQ==").value(), expected);
  EXPECT_EQ(DecodeBase64("SGVsbG8g5Zu+54mH5pyN5YqhIQ==").value(), expected);
  EXPECT_EQ(DecodeBase64("d3F5LXplbmhlaQ").value(), "wqy-zenhei");
  EXPECT_EQ(DecodeBase64("").value(), "");
  EXPECT_EQ(DecodeBase64("YQ").value(), "a");
  EXPECT_EQ(DecodeBase64("YWI").value(), "ab");
  EXPECT_EQ(DecodeBase64("YWJj").value(), "abc");
}

TEST(Base64Test, RejectsWhatBase64CannotBe) {
  EXPECT_FALSE(DecodeBase64("notbase64"));  // 9 characters: 4k+1
  EXPECT_FALSE(DecodeBase64("a"));
  EXPECT_FALSE(
      DecodeBase64("YQ=="
                   "YQ"));             // padding in the middle
  EXPECT_FALSE(DecodeBase64("YQ="));   // padded but not a multiple of 4
  EXPECT_FALSE(DecodeBase64("Y Q"));   // space
  EXPECT_FALSE(DecodeBase64("YQ!!"));  // outside both alphabets
  EXPECT_FALSE(DecodeBase64("\xff\xfe"));
}

TEST(Base64Test, EncodeRoundTrips) {
  for (std::string s :
       {"", "a", "ab", "abc", "abcd",
        "panda.png?x-oss-process=image/resize,P_30", "\xff\xfe\xfd\x00\x01"}) {
    const std::string enc = EncodeBase64Url(s);
    EXPECT_EQ(enc.find_first_of("+/="), std::string::npos);
    EXPECT_EQ(DecodeBase64(enc).value(), s);
  }
  EXPECT_EQ(EncodeBase64Url("wqy-zenhei"), "d3F5LXplbmhlaQ");
}

}  // namespace
}  // namespace ossimg::parser
