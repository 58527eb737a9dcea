// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Bytes -> ProbeImage -> DecodeImage under small Limits (16 MP, 256 MB), so hostile headers are
// refused and bombs stay inside the fuzzer's memory. Beyond "no crash, no leak, no UB":
// - every error carries one of the codes a decoder may return and a message;
// - a decode succeeds only where the probe did, with the probe's layout and the size libjpeg's
//   scaling gives;
// - small decoded images survive lossless PNG and TIFF round trips unchanged, and JPEG and BMP
//   encoding work.
// The last input byte picks a shrink factor and a crop, so shrink- and crop-on-load are fuzzed;
// the size modulo 3 picks strict decoding. GIF and animated WebP also go through DecodeAnimation
// (every frame the canvas size, one delay per frame), and small animations through
// EncodeAnimation as GIF and back with the same frame count.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ossimg/codec.h"

namespace {

bool Allowed(ossimg::StatusCode c) {
  using ossimg::StatusCode;
  return c == StatusCode::kCorruptInput || c == StatusCode::kUnsupported ||
         c == StatusCode::kImageTooLarge || c == StatusCode::kInvalidArgument;
}

// Aborts with the failed condition, so a crash file explains itself.
#define CHECK(cond)                                                                     \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "decode_fuzzer.cc:%d: check failed: %s\n", __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ossimg::Limits limits;
  limits.max_pixels = 16u << 20;
  limits.max_memory_bytes = 256u << 20;
  limits.max_side = 16384;

  const ossimg::StatusOr<ossimg::ImageInfo> info = ossimg::ProbeImage(data, size, limits);
  ossimg::DecodeOptions opts;
  if (size > 0) {
    const uint8_t k = data[size - 1];
    opts.scale_denom = 1 << (k & 3);
    if (k & 4) opts.crop = ossimg::Rect{(k >> 3) & 3, (k >> 5) & 7, 9 + (k & 31), 5 + (k >> 4)};
    opts.fail_on_truncated = size % 3 == 0;  // strict decodes also read up to EOI / IEND
  }
  const ossimg::StatusOr<ossimg::Image> img = ossimg::DecodeImage(data, size, opts, limits);
  if (!info.ok()) {
    CHECK(Allowed(info.status().code()) && !info.status().message().empty());
    CHECK(!img.ok());
    return 0;
  }
  CHECK(info->width > 0 && info->height > 0 && info->width <= limits.max_side &&
        info->height <= limits.max_side);
  CHECK(info->orientation >= 1 && info->orientation <= 8);
  if (!img.ok()) {
    CHECK(Allowed(img.status().code()) && !img.status().message().empty());
    return 0;
  }
  CHECK(img->format() == info->pixel_format);
  if (opts.crop.empty()) {
    // JPEG and WebP shrink on load; the other formats decode at full size.
    const bool shrinks = info->format == ossimg::ImageFormat::kJpeg ||
                         info->format == ossimg::ImageFormat::kWebp;
    const int s = shrinks ? opts.scale_denom : 1;
    CHECK(img->width() == (info->width + s - 1) / s && img->height() == (info->height + s - 1) / s);
  } else {
    CHECK(img->width() <= opts.crop.width && img->height() <= opts.crop.height);
  }
  // Touch every pixel: MSan/ASan see uninitialised or out-of-bounds rows here.
  unsigned sum = 0;
  for (int32_t y = 0; y < img->height(); ++y) {
    const uint8_t* row = img->Row(y);
    for (int32_t i = 0; i < img->width() * img->channels(); ++i) sum += row[i];
  }
  if (sum == 0xFFFFFFFFu) std::abort();  // keeps the loop

  if (info->format == ossimg::ImageFormat::kJpeg) {
    // Differential: the two-thread Huffman decode (a speculative helper, codecs/jpeg_entropy.h;
    // fuzzing builds start it on any scan size) must give the one-thread pixels, whatever the
    // bytes.
    ossimg::DecodeOptions two = opts;
    two.threads = 2;
    const ossimg::StatusOr<ossimg::Image> img2 = ossimg::DecodeImage(data, size, two, limits);
    CHECK(img2.ok() && img2->width() == img->width() && img2->height() == img->height());
    for (int32_t y = 0; y < img->height(); ++y) {
      CHECK(std::memcmp(img->Row(y), img2->Row(y),
                        static_cast<size_t>(img->width()) * img->channels()) == 0);
    }
  }

  if (info->format == ossimg::ImageFormat::kGif || info->frame_count > 1) {
    const auto anim = ossimg::DecodeAnimation(data, size, limits);
    if (!anim.ok()) {
      CHECK(Allowed(anim.status().code()) && !anim.status().message().empty());
    } else {
      CHECK(static_cast<int32_t>(anim->frames.size()) == info->frame_count);
      CHECK(anim->delays_ms.size() == anim->frames.size());
      for (const ossimg::Image& f : anim->frames) {
        CHECK(f.width() == info->width && f.height() == info->height &&
              f.format() == info->pixel_format);
      }
      if (static_cast<int64_t>(info->width) * info->height * info->frame_count <= 16384) {
        const auto gif = ossimg::EncodeAnimation(*anim, ossimg::ImageFormat::kGif, {});
        CHECK(gif.ok());
        const auto back = ossimg::DecodeAnimation(gif->data(), gif->size(), limits);
        CHECK(back.ok() && back->frames.size() == anim->frames.size());
      }
    }
  }

  if (static_cast<int64_t>(img->width()) * img->height() <= 4096) {
    const auto png = ossimg::EncodeImage(img->view(), ossimg::ImageFormat::kPng, {});
    CHECK(png.ok());
    const auto back = ossimg::DecodeImage(png->data(), png->size(), {}, limits);
    CHECK(back.ok() && back->width() == img->width() && back->height() == img->height() &&
          back->format() == img->format());
    for (int32_t y = 0; y < img->height(); ++y) {
      CHECK(std::memcmp(back->Row(y), img->Row(y),
                        static_cast<size_t>(img->width()) * img->channels()) == 0);
    }
    CHECK(ossimg::EncodeImage(img->view(), ossimg::ImageFormat::kJpeg, {}).ok());
    const auto gif = ossimg::EncodeImage(img->view(), ossimg::ImageFormat::kGif, {});
    CHECK(gif.ok());
    const auto gback = ossimg::DecodeImage(gif->data(), gif->size(), {}, limits);
    CHECK(gback.ok() && gback->width() == img->width() && gback->height() == img->height());
    ossimg::EncodeOptions pal;
    pal.png_palette = true;
    const auto png8 = ossimg::EncodeImage(img->view(), ossimg::ImageFormat::kPng, pal);
    CHECK(png8.ok());
    const auto back8 = ossimg::DecodeImage(png8->data(), png8->size(), {}, limits);
    CHECK(back8.ok() && back8->width() == img->width() && back8->height() == img->height());
    // TIFF and BMP are lossless too: TIFF keeps the layout, BMP turns gray into RGB.
    for (const ossimg::ImageFormat f : {ossimg::ImageFormat::kTiff, ossimg::ImageFormat::kBmp}) {
      const auto enc = ossimg::EncodeImage(img->view(), f, {});
      CHECK(enc.ok());
      const auto dec = ossimg::DecodeImage(enc->data(), enc->size(), {}, limits);
      CHECK(dec.ok() && dec->width() == img->width() && dec->height() == img->height());
      if (f == ossimg::ImageFormat::kTiff) {
        CHECK(dec->format() == img->format());
        for (int32_t y = 0; y < img->height(); ++y) {
          CHECK(std::memcmp(dec->Row(y), img->Row(y),
                            static_cast<size_t>(img->width()) * img->channels()) == 0);
        }
      }
    }
    if (ossimg::HasAlpha(img->format())) {
      ossimg::ImageView premul = img->view();  // any bytes are a valid premultiplied image too
      premul.alpha = ossimg::AlphaMode::kPremultiplied;
      CHECK(ossimg::EncodeImage(premul, ossimg::ImageFormat::kPng, {}).ok());
    }
  }
  return 0;
}
