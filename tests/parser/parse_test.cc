// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Hand-written parser cases: the examples of the OSS documentation and the
// error pages, the grammar's edges (separators, pipes, saveas, styles, nested
// watermark processes) and hostile strings. registry_table_test.cc adds the
// cases generated from the registry.

#include <cstdint>
#include <ostream>
#include <string>
#include <variant>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ossimg/process.h"

#include "parser/base64.h"

namespace ossimg {
namespace {

using nlohmann::json;

ProcessSpec MustParse(const std::string& s) {
  StatusOr<ProcessSpec> r = ParseProcess(s);
  EXPECT_TRUE(r.ok()) << s << " -> " << r.status().ToString();
  return r.ok() ? *std::move(r) : ProcessSpec();
}

Status MustFail(const std::string& s) {
  StatusOr<ProcessSpec> r = ParseProcess(s);
  EXPECT_FALSE(r.ok()) << s << " parsed";
  return r.ok() ? Status() : r.status();
}

struct ErrorCase {
  const char* process;
  StatusCode code;
  const char* ec;  // without the "0040-00000" prefix; "" = none
};

// Each row is an example request from OSS's documentation or error pages.
const ErrorCase kDocumentedErrors[] = {
    {"image/", StatusCode::kInvalidArgument, "212"},
    {"image/slim,1", StatusCode::kInvalidArgument, "213"},
    {"image/rotate,90,200,300", StatusCode::kInvalidArgument, "203"},
    {"image/rotate", StatusCode::kInvalidArgument, "216"},
    {"image/rotate,abc", StatusCode::kInvalidArgument, "217"},
    {"image/rotate,400", StatusCode::kInvalidArgument, "217"},
    {"image/resize,w_100/auto-orient", StatusCode::kInvalidArgument, "214"},
    {"image/resize,w_100/auto-orient,abc", StatusCode::kInvalidArgument, "215"},
    {"image/resize,w_100/auto-orient,10", StatusCode::kInvalidArgument, "215"},
    {"image/format,dng", StatusCode::kInvalidArgument, "206"},
    {"image/format", StatusCode::kInvalidArgument, "207"},
    {"image/crop,w_500,h_500,g_fac", StatusCode::kInvalidArgument, "209"},
    {"image/indexcrop,y_abc,i_0", StatusCode::kInvalidArgument, "224"},
    {"image/crop,x_100,y_50,w_abc,h_100", StatusCode::kInvalidArgument, "225"},
    {"image/crop,x_100,y_50,w_-1,h_100", StatusCode::kInvalidArgument, "225"},
    {"image/crop,x_100,y_50,w_100,h_abc", StatusCode::kInvalidArgument, "226"},
    {"image/crop,x_100,y_50,w_100,h_-1", StatusCode::kInvalidArgument, "226"},
    {"image/indexcrop,x_100,i_abc", StatusCode::kInvalidArgument, "229"},
    {"image/indexcrop,x_0,i_0", StatusCode::kInvalidArgument, "230"},
    {"image/circle,r_abc", StatusCode::kInvalidArgument, "233"},
    {"image/circle,r_5000", StatusCode::kInvalidArgument, "233"},
    {"image/rounded-corners,r_abc", StatusCode::kInvalidArgument, "237"},
    {"image/rounded-corners,r_5000", StatusCode::kInvalidArgument, "237"},
    {"image/blur,r_abc,s_25", StatusCode::kInvalidArgument, "241"},
    {"image/blur,r_200,s_25", StatusCode::kInvalidArgument, "241"},
    {"image/blur,r_3,s_abc", StatusCode::kInvalidArgument, "242"},
    {"image/blur,r_3,s_200", StatusCode::kInvalidArgument, "242"},
    {"image/bright", StatusCode::kInvalidArgument, "245"},
    {"image/bright,abc", StatusCode::kInvalidArgument, "246"},
    {"image/bright,200", StatusCode::kInvalidArgument, "246"},
    // "errorFont" is not base64 at all: BadRequest, with font_'s own number.
    {"image/watermark,text_SGVsbG8gV29ybGQ,font_errorFont",
     StatusCode::kBadRequest, "249"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,font_ZXJyb3JGb250",
     StatusCode::kInvalidArgument, "249"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,type_notbase64",
     StatusCode::kBadRequest, "250"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,type_bm90c3VwcG9ydAo",
     StatusCode::kInvalidArgument, "251"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,color_AABBCCDD",
     StatusCode::kInvalidArgument, "254"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,shadow_200",
     StatusCode::kInvalidArgument, "255"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,size_2000",
     StatusCode::kInvalidArgument, "256"},
    {"image/watermark,text_notbase64", StatusCode::kBadRequest, "257"},
    {"image/watermark,text", StatusCode::kInvalidArgument, "258"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,g_xx", StatusCode::kInvalidArgument,
     "260"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,x_8000",
     StatusCode::kInvalidArgument, "262"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,t_200", StatusCode::kInvalidArgument,
     "263"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,y_8000",
     StatusCode::kInvalidArgument, "264"},
    {"image/watermark,image_notbase64", StatusCode::kBadRequest, "265"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,voffset_2000",
     StatusCode::kInvalidArgument, "268"},
    {"image/"
     "watermark,text_SGVsbG8gV29ybGQ,image_ZXhhbXBsZS9leGFtcGxlLmpwZwo,order_2",
     StatusCode::kInvalidArgument, "269"},
    {"image/"
     "watermark,text_SGVsbG8gV29ybGQ,image_ZXhhbXBsZS9leGFtcGxlLmpwZwo,"
     "interval_2000",
     StatusCode::kInvalidArgument, "270"},
    {"image/"
     "watermark,text_SGVsbG8gV29ybGQ,image_ZXhhbXBsZS9leGFtcGxlLmpwZwo,align_3",
     StatusCode::kInvalidArgument, "271"},
    {"image/"
     "watermark,text_SGVsbG8gV29ybGQ,image_ZXhhbXBsZS9leGFtcGxlLmpwZwo,rotate_"
     "400",
     StatusCode::kInvalidArgument, "272"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,fill_2",
     StatusCode::kInvalidArgument, "274"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,fill_1,padx_5000",
     StatusCode::kInvalidArgument, "276"},
    {"image/watermark,text_SGVsbG8gV29ybGQ,fill_1,pady_5000",
     StatusCode::kInvalidArgument, "277"},
    {"image/watermark", StatusCode::kInvalidArgument, "278"},
    {"image/sharpen", StatusCode::kInvalidArgument, "279"},
    {"image/sharpen,10", StatusCode::kInvalidArgument, "280"},
    {"image/interlace", StatusCode::kInvalidArgument, "281"},
    {"image/interlace,2", StatusCode::kInvalidArgument, "282"},
    {"image/quality", StatusCode::kInvalidArgument, "307"},
    {"image/quality,Q_200", StatusCode::kInvalidArgument, "308"},
    {"image/quality,q_200", StatusCode::kInvalidArgument, "309"},
    {"image/quality,200", StatusCode::kInvalidArgument, "310"},
    {"image/resize,w_100,m_abc", StatusCode::kInvalidArgument, "311"},
    {"image/resize,w_0", StatusCode::kInvalidArgument, "312"},
    {"image/resize,l_0", StatusCode::kInvalidArgument, "314"},
    {"image/resize,s_0", StatusCode::kInvalidArgument, "315"},
    {"image/resize,p_0", StatusCode::kInvalidArgument, "317"},
    {"image/resize,w_100,m_pad,color_AABBCCDD", StatusCode::kInvalidArgument,
     "318"},
    {"image/resize,w_100,limit_3", StatusCode::kInvalidArgument, "319"},
    {"image/resize,w_0,h_0", StatusCode::kInvalidArgument, "321"},
    {"image/resize", StatusCode::kInvalidArgument, "322"},
    // image_ decodes to
    // "panda.png?x-oss-process=image/watermark,image_cGFuZGEucG5n".
    {"image/watermark,image_"
     "cGFuZGEucG5nP3gtb3NzLXByb2Nlc3M9aW1hZ2Uvd2F0ZXJtYXJrLGltYWdlX2NHRnVaR0V1Y"
     "0c1bg",
     StatusCode::kInvalidArgument, "373"},
    // image_ decodes to "panda.png?x-oss-process=image/info".
    {"image/watermark,image_cGFuZGEucG5nP3gtb3NzLXByb2Nlc3M9aW1hZ2UvaW5mbw",
     StatusCode::kInvalidArgument, "374"},
    {"image/resize,w_100|image/resize,w_90|image/resize,w_80|image/"
     "resize,w_70|image/"
     "resize,w_60|image/resize,w_50|image/format,webp",
     StatusCode::kInvalidArgument, "211"},
    {"image/watermark,image_cGFuZGEucG5n/watermark,image_cGFuZGEyLnBuZw/"
     "watermark,image_cGFuZGEzLnBuZw/watermark,image_cGFuZGE0LnBuZw",
     StatusCode::kInvalidArgument, "026"},
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.process; }

class DocumentedErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(DocumentedErrorTest, GivesOssCodeAndNumber) {
  const ErrorCase& c = GetParam();
  const Status s = MustFail(c.process);
  EXPECT_EQ(s.code(), c.code) << c.process << " -> " << s.ToString();
  EXPECT_EQ(s.ec(),
            std::string(c.ec).empty() ? "" : "0040-00000" + std::string(c.ec))
      << c.process << " -> " << s.ToString();
  EXPECT_GE(s.offset(), 0);
  EXPECT_LE(s.offset(), static_cast<int64_t>(std::string(c.process).size()));
}

INSTANTIATE_TEST_SUITE_P(OssErrorPages, DocumentedErrorTest,
                         ::testing::ValuesIn(kDocumentedErrors));

TEST(ParseTest, TheBriefsExample) {
  const ProcessSpec spec = MustParse(
      "image/resize,m_fixed,w_100,h_100/crop,g_se,w_50,h_50/format,webp");
  ASSERT_EQ(spec.actions.size(), 3u);
  const auto r = std::get<ResizeAction>(spec.actions[0]);
  EXPECT_EQ(r.mode, ResizeMode::kFixed);
  EXPECT_EQ(r.w, 100);
  EXPECT_EQ(r.h, 100);
  EXPECT_TRUE(r.limit);
  const auto c = std::get<CropAction>(spec.actions[1]);
  EXPECT_EQ(c.g, Gravity::kSE);
  EXPECT_EQ(c.w, 50);
  EXPECT_EQ(std::get<FormatAction>(spec.actions[2]).format, ImageFormat::kWebp);
}

TEST(ParseTest, ParameterOrderDoesNotMatter) {
  EXPECT_EQ(ProcessSpecToJson(MustParse("image/resize,m_fixed,h_100,w_100")),
            ProcessSpecToJson(MustParse("image/resize,m_fixed,w_100,h_100")));
}

TEST(ParseTest, TrailingSeparatorsAndEmptyTokensAreIgnored) {
  EXPECT_EQ(MustParse("image/resize,w_100/").actions.size(), 1u);
  EXPECT_EQ(MustParse("image/resize,w_100,,").actions.size(), 1u);
  EXPECT_EQ(MustParse("image/resize,m_mfit,h_100,w_100,,").actions.size(), 1u);
  EXPECT_EQ(MustParse("image/resize,w_100//format,png").actions.size(), 2u);
  EXPECT_EQ(MustFail("image///").ec(), "0040-00000212");
}

TEST(ParseTest, UnknownParametersAreTolerated) {
  // The Python SDK's live test: crop with an undocumented r_1 gives a 100x100
  // crop.
  const ProcessSpec spec = MustParse("image/crop,w_100,h_100,x_100,y_100,r_1");
  const auto c = std::get<CropAction>(spec.actions[0]);
  EXPECT_EQ(c.w, 100);
  EXPECT_EQ(c.x, 100);
}

TEST(ParseTest, DuplicateKeysLastWins) {
  EXPECT_EQ(
      std::get<ResizeAction>(MustParse("image/resize,w_100,w_200").actions[0])
          .w,
      200);
  // ... but an invalid earlier duplicate is still an error.
  EXPECT_EQ(MustFail("image/resize,w_abc,w_200").ec(), "0040-00000312");
}

TEST(ParseTest, KeysAndActionNamesAreCaseSensitive) {
  EXPECT_EQ(MustFail("image/Resize,w_100").ec(), "0040-00000213");
  // W is not a resize key: ignored, so nothing gives a size.
  EXPECT_EQ(MustFail("image/resize,W_100").ec(), "0040-00000322");
  const auto q =
      std::get<QualityAction>(MustParse("image/quality,q_80").actions[0]);
  EXPECT_EQ(q.q, 80);
  EXPECT_EQ(q.Q, 0);
}

TEST(ParseTest, ResizePriorities) {
  // w/h win over l/s, and sizes win over percentages.
  const auto r = std::get<ResizeAction>(
      MustParse("image/resize,w_100,l_50,s_20,p_50").actions[0]);
  EXPECT_EQ(r.w, 100);
  EXPECT_EQ(r.l, 0);
  EXPECT_EQ(r.s, 0);
  EXPECT_EQ(r.p, 0);
  const auto r2 =
      std::get<ResizeAction>(MustParse("image/resize,l_923,h_600").actions[0]);
  EXPECT_EQ(r2.h, 600);
  EXPECT_EQ(r2.l, 0);
  const auto r3 =
      std::get<ResizeAction>(MustParse("image/resize,p_50").actions[0]);
  EXPECT_EQ(r3.p, 50);
  const auto r4 = std::get<ResizeAction>(
      MustParse("image/resize,m_pad,w_10,color_ff0000").actions[0]);
  EXPECT_EQ(r4.color, 0xFF0000u);
  EXPECT_EQ(r4.mode, ResizeMode::kPad);
  // Upper-case P is for watermark images only: at the top level it is an
  // unknown key.
  EXPECT_EQ(MustFail("image/resize,P_30").ec(), "0040-00000322");
}

TEST(ParseTest, QualityBareValueIsAbsoluteAndQWins) {
  EXPECT_EQ(std::get<QualityAction>(MustParse("image/quality,90").actions[0]).Q,
            90);
  const auto q =
      std::get<QualityAction>(MustParse("image/quality,q_50,Q_90").actions[0]);
  EXPECT_EQ(q.Q, 90);
  EXPECT_EQ(q.q, 0);
}

TEST(ParseTest, SingleValueActions) {
  EXPECT_EQ(
      std::get<RotateAction>(MustParse("image/rotate,90").actions[0]).degrees,
      90);
  EXPECT_EQ(
      std::get<RotateAction>(MustParse("image/rotate,0").actions[0]).degrees,
      0);
  EXPECT_EQ(
      std::get<RotateAction>(MustParse("image/rotate,360").actions[0]).degrees,
      360);
  EXPECT_FALSE(
      std::get<AutoOrientAction>(MustParse("image/auto-orient,0").actions[0])
          .enabled);
  EXPECT_EQ(
      std::get<BrightAction>(MustParse("image/bright,-100").actions[0]).value,
      -100);
  EXPECT_EQ(std::get<ContrastAction>(MustParse("image/contrast,-50").actions[0])
                .value,
            -50);
  EXPECT_EQ(
      std::get<SharpenAction>(MustParse("image/sharpen,100").actions[0]).value,
      100);
  EXPECT_TRUE(
      std::get<InterlaceAction>(MustParse("image/interlace,1").actions[0])
          .progressive);
  EXPECT_EQ(MustFail("image/rotate,+90").ec(), "0040-00000217");
  EXPECT_EQ(MustFail("image/rotate,90.5").ec(), "0040-00000217");
  EXPECT_EQ(MustFail("image/rotate, 90").ec(), "0040-00000217");
  EXPECT_EQ(MustFail("image/rotate,r_90").ec(), "0040-00000217");
}

TEST(ParseTest, InfoAndAverageHueTakeNoValue) {
  EXPECT_TRUE(
      std::holds_alternative<InfoAction>(MustParse("image/info").actions[0]));
  EXPECT_TRUE(std::holds_alternative<AverageHueAction>(
      MustParse("image/average-hue").actions[0]));
}

TEST(ParseTest, HugeNumbersAreOutOfRangeNotWrapped) {
  EXPECT_EQ(MustFail("image/resize,w_99999999999999999999999999").ec(),
            "0040-00000312");
  EXPECT_EQ(MustFail("image/resize,w_4294967396").ec(),
            "0040-00000312");  // 2^32 + 100
  EXPECT_EQ(MustFail("image/crop,w_2147483648").ec(), "0040-00000225");
  EXPECT_EQ(MustFail("image/bright,-9223372036854775808").ec(),
            "0040-00000246");
}

TEST(ParseTest, PrefixAndStyle) {
  EXPECT_EQ(MustFail("video/snapshot,t_1").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MustFail("").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MustFail("image").code(), StatusCode::kInvalidArgument);
  const ProcessSpec s = MustParse("style/thumb_1.v-2");
  EXPECT_EQ(s.kind, ProcessSpec::Kind::kStyle);
  EXPECT_EQ(s.style, "thumb_1.v-2");
  EXPECT_FALSE(ParseProcess("style/").ok());
  EXPECT_FALSE(ParseProcess("style/a b").ok());
  EXPECT_FALSE(ParseProcess("style/" + std::string(64, 'a')).ok());
  EXPECT_TRUE(ParseProcess("style/" + std::string(63, 'a')).ok());
}

TEST(ParseTest, SaveAs) {
  // o = "out/a.jpg", b = "my-bucket"
  const std::string o = parser::EncodeBase64Url("out/a.jpg");
  const std::string b = parser::EncodeBase64Url("my-bucket");
  ProcessSpec s = MustParse("image/resize,w_100|sys/saveas,o_" + o + ",b_" + b);
  ASSERT_TRUE(s.save_as);
  EXPECT_EQ(s.save_as->object, "out/a.jpg");
  EXPECT_EQ(s.save_as->bucket, "my-bucket");
  s = MustParse("style/small|sys/saveas,o_" + o);
  ASSERT_TRUE(s.save_as);
  EXPECT_EQ(s.save_as->bucket, "");
  // Standard alphabet with padding, as the SDK tests send it.
  s = MustParse("image/resize,w_100|sys/saveas,o_b3V0L2EuanBn,b_bXktYnVja2V0");
  EXPECT_EQ(s.save_as->object, "out/a.jpg");
  EXPECT_EQ(MustFail("image/resize,w_100|saveas,o_" + o).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MustFail("image/resize,w_100|sys/saveas,b_" + b).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MustFail("image/resize,w_100|sys/saveas,o_notbase64").code(),
            StatusCode::kBadRequest);
  EXPECT_EQ(MustFail("image/resize,w_100|sys/saveas,o_" +
                     parser::EncodeBase64Url("/abs"))
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MustFail("image/resize,w_100|sys/saveas,o_" + o + ",b_" +
                     parser::EncodeBase64Url("Bad_Bucket"))
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MustFail("image/resize,w_100|sys/unknown,o_" + o).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      MustFail("image/resize,w_100|sys/saveas,o_" + o + "|image/format,png")
          .code(),
      StatusCode::kInvalidArgument);
}

TEST(ParseTest, PipedStages) {
  const ProcessSpec s =
      MustParse("image/resize,w_100|image/format,png|image/rotate,90");
  ASSERT_EQ(s.actions.size(), 3u);
  ASSERT_EQ(s.stage_starts.size(), 2u);
  EXPECT_EQ(s.stage_starts[0], 1u);
  EXPECT_EQ(s.stage_starts[1], 2u);
  // Five pipes are the most OSS allows.
  EXPECT_TRUE(ParseProcess(
                  "image/rotate,1|image/rotate,2|image/rotate,3|image/rotate,4|"
                  "image/rotate,5|image/rotate,6")
                  .ok());
}

TEST(ParseTest, TextWatermark) {
  const ProcessSpec s = MustParse(
      "image/"
      "watermark,text_SGVsbG8g5Zu-54mH5pyN5YqhIQ,type_d3F5LXplbmhlaQ,color_"
      "FFFFFF,size_30,"
      "shadow_50,rotate_45,fill_1,padx_10,pady_20,t_80,g_center,voffset_-20,x_"
      "5,y_6");
  const auto w = std::get<WatermarkAction>(s.actions[0]);
  ASSERT_TRUE(w.text);
  EXPECT_EQ(*w.text, "Hello \xE5\x9B\xBE\xE7\x89\x87\xE6\x9C\x8D\xE5\x8A\xA1!");
  EXPECT_EQ(w.font, "wqy-zenhei");
  EXPECT_EQ(w.color, 0xFFFFFFu);
  EXPECT_EQ(w.size, 30);
  EXPECT_EQ(w.shadow, 50);
  EXPECT_EQ(w.rotate, 45);
  EXPECT_TRUE(w.fill);
  EXPECT_EQ(w.padx, 10);
  EXPECT_EQ(w.pady, 20);
  EXPECT_EQ(w.t, 80);
  EXPECT_EQ(w.g, Gravity::kCenter);
  EXPECT_EQ(w.voffset, -20);
  EXPECT_FALSE(w.image);
  // Defaults.
  const auto d = std::get<WatermarkAction>(
      MustParse("image/watermark,text_SGVsbG8").actions[0]);
  EXPECT_EQ(d.g, Gravity::kSE);
  EXPECT_EQ(d.x, 10);
  EXPECT_EQ(d.y, 10);
  EXPECT_EQ(d.size, 40);
  EXPECT_EQ(d.t, 100);
  EXPECT_EQ(d.font, "wqy-zenhei");
  // Every documented font, and font_ as another spelling of type_.
  for (const char* f :
       {"wqy-zenhei", "wqy-microhei", "fangzhengshusong", "fangzhengkaiti",
        "fangzhengheiti", "fangzhengfangsong", "droidsansfallback"}) {
    const std::string b = parser::EncodeBase64Url(f);
    EXPECT_EQ(
        std::get<WatermarkAction>(
            MustParse("image/watermark,text_SGVsbG8,type_" + b).actions[0])
            .font,
        f);
    EXPECT_EQ(
        std::get<WatermarkAction>(
            MustParse("image/watermark,text_SGVsbG8,font_" + b).actions[0])
            .font,
        f);
  }
}

TEST(ParseTest, TextWatermarkLengthIsCountedInCharacters) {
  // 64 CJK characters are 192 bytes of UTF-8 and still allowed; 65 are not
  // (EC-259).
  std::string cjk;
  for (int i = 0; i < 64; ++i) cjk += "\xE5\x9B\xBE";
  EXPECT_TRUE(
      ParseProcess("image/watermark,text_" + parser::EncodeBase64Url(cjk))
          .ok());
  EXPECT_EQ(
      MustFail("image/watermark,text_" + parser::EncodeBase64Url(cjk + "a"))
          .ec(),
      "0040-00000259");
  EXPECT_EQ(
      MustFail("image/watermark,text_" + parser::EncodeBase64Url("\xff\xfe"))
          .ec(),
      "0040-00000257");
  EXPECT_EQ(MustFail("image/watermark,text_").ec(), "0040-00000258");
}

TEST(ParseTest, ImageWatermarkWithNestedProcess) {
  const std::string nested = parser::EncodeBase64Url(
      "panda.png?x-oss-process=image/resize,P_30/crop,w_100,h_100/"
      "indexcrop,x_10,i_0/rounded-corners,r_5/rotate,90");
  const ProcessSpec s =
      MustParse("image/watermark,image_" + nested + ",g_nw,x_10,y_10");
  const auto w = std::get<WatermarkAction>(s.actions[0]);
  ASSERT_TRUE(w.image);
  EXPECT_EQ(*w.image, "panda.png");
  ASSERT_EQ(w.image_ops.size(), 5u);
  EXPECT_EQ(std::get<ResizeAction>(w.image_ops[0]).P, 30);
  EXPECT_EQ(std::get<RotateAction>(w.image_ops[4]).degrees, 90);
  // Only the five documented actions may preprocess a watermark image.
  EXPECT_EQ(MustFail("image/watermark,image_" +
                     parser::EncodeBase64Url(
                         "a.png?x-oss-process=image/blur,r_1,s_1"))
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MustFail("image/watermark,image_" +
                     parser::EncodeBase64Url(
                         "a.png?x-oss-process=image/resize,P_101"))
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(
      ParseProcess("image/watermark,image_" +
                   parser::EncodeBase64Url(
                       "a.png?x-oss-process=image/resize,P_30|rotate,90"))
          .ok());
  EXPECT_FALSE(ParseProcess("image/watermark,image_" +
                            parser::EncodeBase64Url("a.png?other=1"))
                   .ok());
  EXPECT_FALSE(
      ParseProcess("image/watermark,image_" +
                   parser::EncodeBase64Url("?x-oss-process=image/rotate,90"))
          .ok());
  // Three image watermarks are allowed.
  EXPECT_TRUE(
      ParseProcess(
          "image/watermark,image_YQ/watermark,image_Yg/watermark,image_Yw")
          .ok());
}

TEST(ParseTest, ErrorOffsetsPointAtTheToken) {
  const std::string s = "image/resize,w_100/rotate,abc";
  const Status st = MustFail(s);
  EXPECT_EQ(st.offset(), static_cast<int64_t>(s.find("abc")));
  const std::string u = "image/resize,w_100/slim,1";
  EXPECT_EQ(MustFail(u).offset(), static_cast<int64_t>(u.find("slim")));
}

TEST(ParseTest, HostileStringsEndInErrorsNotCrashes) {
  // Very long, many actions, binary and unicode.
  std::string many = "image";
  for (int i = 0; i < 100; ++i) many += "/rotate,90";
  EXPECT_EQ(MustFail(many).code(), StatusCode::kInvalidArgument);
  Limits tight;
  tight.max_process_bytes = 100;
  EXPECT_FALSE(ParseProcess(std::string(1000, 'a'), tight).ok());
  EXPECT_FALSE(
      ParseProcess("image/resize,w_100" + std::string(100000, ','), Limits())
          .ok());
  EXPECT_TRUE(ParseProcess("image/resize,w_100" + std::string(1000, ',')).ok());
  EXPECT_FALSE(ParseProcess(std::string("image/\0resize,w_1", 17)).ok());
  EXPECT_FALSE(ParseProcess("image/\xE5\x9B\xBE,w_1").ok());
  EXPECT_FALSE(ParseProcess("image/resize,w_\xE5\x9B\xBE").ok());
  EXPECT_FALSE(ParseProcess("image/resize,w_100|||||||").ok());
  EXPECT_TRUE(
      ParseProcess("image/resize,w_100,\xE5\x9B\xBE_1").ok());  // unknown key
}

TEST(ParseTest, JsonIsNormalisedWithDefaults) {
  const json j = json::parse(
      ProcessSpecToJson(MustParse("image/resize,w_100/crop,w_10/format,png")));
  EXPECT_EQ(j["kind"], "image");
  EXPECT_EQ(j["actions"][0]["action"], "resize");
  EXPECT_EQ(j["actions"][0]["m"], "lfit");
  EXPECT_EQ(j["actions"][0]["limit"], 1);
  EXPECT_EQ(j["actions"][0]["color"], "FFFFFF");
  EXPECT_TRUE(j["actions"][0]["h"].is_null());
  EXPECT_EQ(j["actions"][1]["g"], "nw");
  EXPECT_EQ(j["actions"][2]["value"], "png");
}

}  // namespace
}  // namespace ossimg
