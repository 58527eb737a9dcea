// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "codecs/cms.h"

#include <string>

#include <lcms2.h>

#include "core/dynlib.h"

namespace ossimg::codecs {
namespace {

uint32_t Be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

struct Lcms2Api {
  decltype(&cmsOpenProfileFromMem) open_profile_from_mem;
  decltype(&cmsCreate_sRGBProfile) create_srgb_profile;
  decltype(&cmsCloseProfile) close_profile;
  decltype(&cmsGetColorSpace) get_color_space;
  decltype(&cmsCreateTransform) create_transform;
  decltype(&cmsDeleteTransform) delete_transform;
  decltype(&cmsDoTransform) do_transform;
  decltype(&cmsSetLogErrorHandler) set_log_error_handler;
};

void SilentLogger(cmsContext, cmsUInt32Number, const char*) {}

// One call site, so LoadDynLib's per-instantiation state is shared by every
// caller.
Status GetLcms2(const Lcms2Api** api) {
  return LoadDynLib<Lcms2Api>(
      "lcms2", {OSSIMG_SONAME_LCMS2},
      [](DynLib& l, Lcms2Api& a) {
        const bool ok = l.Sym("cmsOpenProfileFromMem", &a.open_profile_from_mem) &&
                        l.Sym("cmsCreate_sRGBProfile", &a.create_srgb_profile) &&
                        l.Sym("cmsCloseProfile", &a.close_profile) &&
                        l.Sym("cmsGetColorSpace", &a.get_color_space) &&
                        l.Sym("cmsCreateTransform", &a.create_transform) &&
                        l.Sym("cmsDeleteTransform", &a.delete_transform) &&
                        l.Sym("cmsDoTransform", &a.do_transform) &&
                        l.Sym("cmsSetLogErrorHandler", &a.set_log_error_handler);
        // lcms2 reports profile errors through this handler; they become our
        // warnings instead.
        if (ok) a.set_log_error_handler(SilentLogger);
        return ok;
      },
      api);
}

}  // namespace

Status CheckIccHeader(const uint8_t* icc, size_t size) {
  if (size < 132) return CorruptInputError("ICC profile shorter than its 132-byte header");
  if (size > kMaxIccBytes) {
    return ImageTooLargeError("ICC profile of " + std::to_string(size) + " bytes exceeds " +
                              std::to_string(kMaxIccBytes));
  }
  const uint32_t declared = Be32(icc);
  if (declared < 132 || declared > size) {
    return CorruptInputError("ICC profile declares " + std::to_string(declared) +
                             " bytes but holds " + std::to_string(size));
  }
  if (Be32(icc + 36) != 0x61637370) return CorruptInputError("ICC profile lacks 'acsp'");
  const uint64_t tags = Be32(icc + 128);
  if (132 + tags * 12 > declared) return CorruptInputError("ICC tag table overruns the profile");
  return Status::Ok();
}

IccSpace IccColorSpace(const uint8_t* icc, size_t size) {
  if (!CheckIccHeader(icc, size).ok()) return IccSpace::kInvalid;
  switch (Be32(icc + 16)) {
    case 0x47524159:
      return IccSpace::kGray;  // 'GRAY'
    case 0x52474220:
      return IccSpace::kRgb;  // 'RGB '
    case 0x434D594B:
      return IccSpace::kCmyk;  // 'CMYK'
    default:
      return IccSpace::kOther;
  }
}

bool IccMatchesPixels(const std::vector<uint8_t>& icc, PixelFormat format) {
  const IccSpace s = IccColorSpace(icc.data(), icc.size());
  const bool gray = format == PixelFormat::kGray8 || format == PixelFormat::kGrayA8;
  return gray ? s == IccSpace::kGray : s == IccSpace::kRgb;
}

Status LoadLcms2() {
  const Lcms2Api* api = nullptr;
  return GetLcms2(&api);
}

std::unique_ptr<CmykConverter> CmykConverter::Create(const std::vector<uint8_t>& icc, bool inverted,
                                                     std::string* warning) {
  std::unique_ptr<CmykConverter> c(new CmykConverter());
  c->inverted_ = inverted;
  warning->clear();
  if (icc.empty()) return c;
  if (Status s = CheckIccHeader(icc.data(), icc.size()); !s.ok()) {
    *warning = "ICC profile ignored: " + s.message();
    return c;
  }
  if (IccColorSpace(icc.data(), icc.size()) != IccSpace::kCmyk) {
    *warning = "ICC profile ignored: not a CMYK profile";
    return c;
  }
  const Lcms2Api* api = nullptr;
  if (Status s = GetLcms2(&api); !s.ok()) {
    *warning = "ICC profile ignored: " + s.message();
    return c;
  }
  cmsHPROFILE in =
      api->open_profile_from_mem(icc.data(), static_cast<cmsUInt32Number>(Be32(icc.data())));
  if (in == nullptr) {
    *warning = "ICC profile ignored: lcms2 cannot read it";
    return c;
  }
  cmsHPROFILE out = api->create_srgb_profile();
  if (out != nullptr && api->get_color_space(in) == cmsSigCmykData) {
    // TYPE_CMYK_8_REV: lcms2 reads 255 - sample, the Adobe convention.
    c->transform_ = api->create_transform(in, inverted ? TYPE_CMYK_8_REV : TYPE_CMYK_8, out,
                                          TYPE_RGB_8, INTENT_RELATIVE_COLORIMETRIC, 0);
  }
  api->close_profile(in);
  if (out != nullptr) api->close_profile(out);
  if (c->transform_ == nullptr) *warning = "ICC profile ignored: lcms2 cannot build a transform";
  return c;
}

CmykConverter::~CmykConverter() {
  if (transform_ == nullptr) return;
  const Lcms2Api* api = nullptr;
  if (GetLcms2(&api).ok()) api->delete_transform(transform_);
}

void CmykConverter::Convert(const uint8_t* cmyk, uint8_t* rgb, int32_t width) const {
  if (transform_ != nullptr) {
    const Lcms2Api* api = nullptr;
    if (GetLcms2(&api).ok()) {  // loaded when the transform was made
      api->do_transform(transform_, cmyk, rgb, static_cast<cmsUInt32Number>(width));
      return;
    }
  }
  // No profile: channel = (1 - ink) * (1 - black). With s = 255 - ink (inverted
  // storage) this is s_c * s_k / 255, rounded.
  for (int32_t x = 0; x < width; ++x, cmyk += 4, rgb += 3) {
    const uint32_t k = inverted_ ? cmyk[3] : 255u - cmyk[3];
    for (int c = 0; c < 3; ++c) {
      const uint32_t v = inverted_ ? cmyk[c] : 255u - cmyk[c];
      rgb[c] = static_cast<uint8_t>((v * k + 127) / 255);
    }
  }
}

}  // namespace ossimg::codecs
