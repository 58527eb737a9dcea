// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The multi-frame entry points (DecodeAnimation, EncodeAnimation). Kept apart from codec.cc's
// registry: only GIF and WebP have frames, so they are dispatched by format here rather than
// through a column every Codec row would carry.

#include <string>
#include <utility>

#include "codecs/codec_internal.h"
#include "codecs/gif_codec.h"
#include "codecs/webp_codec.h"
#include "ossimg/codec.h"

namespace ossimg {

StatusOr<Animation> DecodeAnimation(const uint8_t* data, size_t size, const Limits& limits) {
  OSSIMG_ASSIGN_OR_RETURN(codecs::ProbeResult probe, codecs::ProbeFile(data, size, limits));
  const ImageFormat f = probe.info.format;
  if (f == ImageFormat::kGif) return codecs::DecodeGifAnimation(data, size, probe, limits);
  if (f == ImageFormat::kWebp && probe.info.frame_count > 1) {
    return codecs::DecodeWebpAnimation(data, size, probe, limits);
  }
  // A still image (or an animated format this build reads one frame of, such as APNG).
  Animation anim;
  OSSIMG_ASSIGN_OR_RETURN(Image img, DecodeImage(data, size, DecodeOptions(), limits));
  anim.frames.push_back(std::move(img));
  anim.delays_ms.push_back(0);
  anim.loop_count = 0;
  return anim;
}

StatusOr<std::vector<uint8_t>> EncodeAnimation(const Animation& animation, ImageFormat format,
                                               const EncodeOptions& options) {
  const std::vector<Image>& frames = animation.frames;
  if (frames.empty()) return InvalidArgumentError("an animation needs at least one frame");
  if (animation.delays_ms.size() != frames.size()) {
    return InvalidArgumentError("an animation needs one delay per frame");
  }
  if (options.quality < 0 || options.quality > 100) {
    return InvalidArgumentError("quality must be in [1, 100] (0 = default)");
  }
  for (const Image& f : frames) {
    if (f.empty()) return InvalidArgumentError("cannot encode an empty frame");
    if (f.width() != frames[0].width() || f.height() != frames[0].height() ||
        f.format() != frames[0].format()) {
      return InvalidArgumentError("animation frames must share one size and pixel format");
    }
  }
  if (frames.size() == 1) {
    return EncodeImage(frames[0].view(), format, options);
  }
  if (format != ImageFormat::kGif && format != ImageFormat::kWebp) {
    return UnsupportedError(std::string("writing an animation as ") + ImageFormatName(format) +
                            " is not supported; encode one frame instead");
  }
  // Files hold straight alpha: premultiplied frames are converted into copies.
  std::vector<Image> straight;
  std::vector<ImageView> views;
  for (const Image& f : frames) {
    if (f.alpha() == AlphaMode::kPremultiplied && HasAlpha(f.format())) {
      OSSIMG_ASSIGN_OR_RETURN(Image s, codecs::Unpremultiply(f.view()));
      straight.push_back(std::move(s));
    }
  }
  size_t next = 0;
  for (const Image& f : frames) {
    if (f.alpha() == AlphaMode::kPremultiplied && HasAlpha(f.format())) {
      views.push_back(straight[next++].view());
    } else {
      views.push_back(f.view());
    }
  }
  if (format == ImageFormat::kGif) {
    return codecs::EncodeGifAnimation(views, animation.delays_ms, animation.loop_count, options);
  }
  return codecs::EncodeWebpAnimation(views, animation.delays_ms, animation.loop_count, options);
}

}  // namespace ossimg
