// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Pixel containers. Common principles:
// - Pixels are interleaved 8-bit samples (Gray, GrayA, RGB, RGBA); `stride` is
// in bytes.
// - ImageView / MutableImageView never own memory; Image owns it and is
// move-only.
// - Image rows start on 64-byte boundaries and carry at least 64 bytes of
// padding, so a SIMD
//   kernel may load one full vector starting at the last pixel of a row without
//   going out of bounds.
// - Crop is a view (ImageView::Crop), never a copy.

#ifndef OSSIMG_IMAGE_H_
#define OSSIMG_IMAGE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ossimg/export.h"
#include "ossimg/limits.h"
#include "ossimg/status.h"

namespace ossimg {

enum class PixelFormat : uint8_t { kGray8, kGrayA8, kRGB8, kRGBA8 };

// How the alpha channel, if any, relates to the colour channels.
enum class AlphaMode : uint8_t { kNone, kStraight, kPremultiplied };

constexpr int Channels(PixelFormat f) {
  return f == PixelFormat::kGray8    ? 1
         : f == PixelFormat::kGrayA8 ? 2
         : f == PixelFormat::kRGB8   ? 3
                                     : 4;
}
constexpr bool HasAlpha(PixelFormat f) {
  return f == PixelFormat::kGrayA8 || f == PixelFormat::kRGBA8;
}
OSSIMG_EXPORT const char* PixelFormatName(PixelFormat f);

// A rectangle in pixels. Empty when width or height is <= 0.
struct Rect {
  int32_t x = 0, y = 0, width = 0, height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
  // The overlap of two rectangles; empty (0,0,0,0) when they do not meet.
  Rect Intersect(const Rect& o) const;
  bool operator==(const Rect& o) const {
    return x == o.x && y == o.y && width == o.width && height == o.height;
  }
};

// Read-only, non-owning view of interleaved 8-bit pixels.
struct ImageView {
  const uint8_t* data = nullptr;
  int32_t width = 0;
  int32_t height = 0;
  ptrdiff_t stride = 0;  // bytes between rows; may exceed width * channels
  PixelFormat format = PixelFormat::kRGB8;
  AlphaMode alpha = AlphaMode::kNone;

  int channels() const { return Channels(format); }
  const uint8_t* Row(int32_t y) const {
    return data + static_cast<ptrdiff_t>(y) * stride;
  }
  // The part of the view inside `r` (clipped to the view). No pixels are
  // copied.
  ImageView Crop(const Rect& r) const;
};

// Writable, non-owning view.
struct MutableImageView {
  uint8_t* data = nullptr;
  int32_t width = 0;
  int32_t height = 0;
  ptrdiff_t stride = 0;
  PixelFormat format = PixelFormat::kRGB8;
  AlphaMode alpha = AlphaMode::kNone;

  int channels() const { return Channels(format); }
  uint8_t* Row(int32_t y) const {
    return data + static_cast<ptrdiff_t>(y) * stride;
  }
  MutableImageView Crop(const Rect& r) const;
  operator ImageView() const {
    return ImageView{data, width, height, stride, format, alpha};
  }
};

// Owning image with aligned, padded rows.
class OSSIMG_EXPORT Image {
 public:
  static constexpr size_t kAlignment = 64;
  static constexpr size_t kRowPadding = 64;

  Image() = default;
  Image(Image&&) noexcept = default;
  Image& operator=(Image&&) noexcept = default;
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;

  // Allocates an uninitialised image. Fails with ImageTooLarge when the size
  // overflows or exceeds `limits` (side, pixels, memory budget), never aborts.
  static StatusOr<Image> Create(int32_t width, int32_t height,
                                PixelFormat format,
                                const Limits& limits = Limits());
  // Bytes per row that Create would choose for this width and format.
  static size_t StrideFor(int32_t width, PixelFormat format);

  int32_t width() const { return width_; }
  int32_t height() const { return height_; }
  PixelFormat format() const { return format_; }
  AlphaMode alpha() const { return alpha_; }
  void set_alpha(AlphaMode a) { alpha_ = a; }
  size_t stride() const { return stride_; }
  int channels() const { return Channels(format_); }
  bool empty() const { return width_ == 0 || height_ == 0; }

  uint8_t* Row(int32_t y) {
    return data_.get() + static_cast<size_t>(y) * stride_;
  }
  const uint8_t* Row(int32_t y) const {
    return data_.get() + static_cast<size_t>(y) * stride_;
  }

  ImageView view() const;
  MutableImageView mutable_view();

 private:
  struct FreeDeleter {
    void operator()(uint8_t* p) const;
  };
  std::unique_ptr<uint8_t[], FreeDeleter> data_;
  int32_t width_ = 0;
  int32_t height_ = 0;
  size_t stride_ = 0;
  PixelFormat format_ = PixelFormat::kRGB8;
  AlphaMode alpha_ = AlphaMode::kNone;
};

// Declared in ossimg/codec.h (which includes this header); the fixed underlying type makes the
// opaque declaration complete enough for a member.
enum class ImageFormat : uint8_t;

// What a codec learns from a file's header alone (ProbeImage): no pixels are decoded and no pixel
// buffer is allocated. Width and height are the stored, un-oriented dimensions (OSS `info` reports
// them that way); `orientation` says how to display them.
struct ImageInfo {
  ImageFormat format{};       // ImageFormat::kUnknown until a codec recognises the bytes
  int32_t width = 0;
  int32_t height = 0;
  int32_t frame_count = 1;     // > 1 for animations (APNG acTL, GIF, WebP)
  int channels = 0;            // channels as stored: 1 gray, 2 gray+alpha, 3 RGB/YCbCr, 4 RGBA/CMYK
  bool has_alpha = false;      // alpha channel or a tRNS transparency chunk
  int bit_depth = 8;           // bits per stored sample (PNG 1/2/4/8/16; JPEG 8)
  bool palette = false;        // PNG colour type 3
  bool interlaced = false;     // progressive JPEG, Adam7 PNG
  bool cmyk = false;           // JPEG in CMYK or YCCK (decode needs colour management)
  // The layout DecodeImage produces for this file (8-bit interleaved).
  PixelFormat pixel_format = PixelFormat::kRGB8;
  uint64_t file_bytes = 0;
  // EXIF orientation 1..8 (1 when absent or invalid); the first EXIF block wins.
  int orientation = 1;
  // The raw ICC profile (JPEG APP2 chunks reassembled, PNG iCCP inflated); empty when none.
  std::vector<uint8_t> icc_profile;
  // The raw EXIF payload (TIFF header onwards); empty when none.
  std::vector<uint8_t> exif;
  // EXIF IFD0 fields as OSS `info` prints them, e.g. {"Orientation","6"}, {"XResolution","72/1"}.
  // Only well-formed fields are listed; a hostile IFD yields the fields read before the damage.
  std::vector<std::pair<std::string, std::string>> exif_fields;
  // JFIF density (JPEG APP0). units: 0 aspect ratio only, 1 dots/inch, 2 dots/cm.
  bool has_jfif = false;
  int density_unit = 0;
  int x_density = 0;
  int y_density = 0;
  // PNG gAMA (x 100000, 0 when absent) and sRGB chunk: noted, not applied.
  uint32_t png_gamma = 0;
  bool srgb_chunk = false;
  // Things a decoder ignored rather than failed on, e.g. "ICC profile ignored: ...". The pixels are
  // still right by the documented fallback (docs/compat.md, "Formats and colour").
  std::vector<std::string> warnings;
  // Estimated JPEG quality (1..100) from the luminance quantisation table, 0 when unknown. OSS's
  // relative quality (`quality,q_`) is a fraction of the source quality.
  int jpeg_quality = 0;
};

}  // namespace ossimg

#endif  // OSSIMG_IMAGE_H_
