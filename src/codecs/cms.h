// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Colour management: ICC profile sanity checks (no library needed) and CMYK ->
// sRGB through lcms2, which is loaded on first use (core/dynlib.h) so that jobs
// without CMYK never pay for it.
//
// Policy (docs/compat.md "Formats and colour"):
// - An embedded profile is data from the file, never trusted: it is used only
// if its header is
//   consistent (declared size within the data, 'acsp' signature, tag table
//   inside, at most kMaxIccBytes) and lcms2 accepts it. Otherwise it is dropped
//   with a warning (ImageInfo::warnings); the pixels are still decoded.
// - CMYK/YCCK JPEGs are converted to sRGB with their CMYK profile; without a
// usable one, by the
//   naive formula R = (1-C)(1-K) (what browsers and libjpeg-turbo's own
//   CMYK->RGB do).
// - RGB and gray profiles are kept as they are (OSS keeps them), but never
// written into a file
//   whose pixels are of another colour space (IccMatchesPixels).

#ifndef OSSIMG_SRC_CODECS_CMS_H_
#define OSSIMG_SRC_CODECS_CMS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ossimg/image.h"
#include "ossimg/status.h"

namespace ossimg::codecs {

// Real print profiles are 0.5-2 MB; a JPEG can carry 16 MB of APP2 data. lcms2
// parses what it is given, so larger claims are refused before it sees them.
inline constexpr size_t kMaxIccBytes = 4u << 20;

enum class IccSpace : uint8_t { kInvalid, kGray, kRgb, kCmyk, kOther };

// Header-only check of a profile: Ok, or why it must be ignored.
Status CheckIccHeader(const uint8_t* icc, size_t size);
// The data colour space of a profile that passes CheckIccHeader; kInvalid
// otherwise.
IccSpace IccColorSpace(const uint8_t* icc, size_t size);
// Whether `icc` may be embedded in a file holding `format` pixels (gray profile
// for gray, RGB for RGB). A CMYK profile never describes decoded (RGB) pixels.
bool IccMatchesPixels(const std::vector<uint8_t>& icc, PixelFormat format);

// Whether lcms2 can be loaded (Unsupported naming the library otherwise).
Status LoadLcms2();

// Converts CMYK rows (4 bytes per pixel) to sRGB (3 bytes per pixel).
class CmykConverter {
 public:
  // `inverted`: samples are stored as 255 - ink (Adobe APP14 files, what
  // Photoshop writes). With a usable CMYK `icc` the conversion goes through
  // lcms2 (relative colorimetric, like libvips' icc_import default); otherwise
  // the naive formula. `*warning` says why a given profile was not used (empty
  // when it was, or when there was none).
  static std::unique_ptr<CmykConverter> Create(const std::vector<uint8_t>& icc, bool inverted,
                                               std::string* warning);
  ~CmykConverter();
  CmykConverter(const CmykConverter&) = delete;
  CmykConverter& operator=(const CmykConverter&) = delete;

  void Convert(const uint8_t* cmyk, uint8_t* rgb, int32_t width) const;
  bool uses_profile() const { return transform_ != nullptr; }

 private:
  CmykConverter() = default;
  void* transform_ = nullptr;  // cmsHTRANSFORM, or null for the naive formula
  bool inverted_ = false;
};

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_CMS_H_
