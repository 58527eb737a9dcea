// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Image file formats as the OSS grammar names them, and the codec layer: sniffing by magic bytes,
// probing headers under Limits, decoding into an Image and encoding an ImageView.
//
// Common principles:
// - The format is always sniffed from the bytes, never taken from a file name.
// - ProbeImage and DecodeImage enforce Limits before allocating pixels: file bytes, side, pixels
//   (width x height x frames) and the memory budget (the output image plus the decoder's own
//   buffers, e.g. a progressive JPEG's coefficients). Refusals are ImageTooLarge.
// - Bytes that do not decode are CorruptInput; a format or feature this build lacks is Unsupported.
// - Decoded images are interleaved 8-bit Gray, GrayA, RGB or RGBA (ImageInfo::pixel_format).

#ifndef OSSIMG_CODEC_H_
#define OSSIMG_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "ossimg/export.h"
#include "ossimg/image.h"
#include "ossimg/limits.h"
#include "ossimg/status.h"

namespace ossimg {

enum class ImageFormat : uint8_t {
  kUnknown,
  kJpeg,
  kPng,
  kWebp,
  kBmp,
  kGif,
  kTiff,
  kHeic,
  kAvif
};

// The OSS spelling: "jpg", "png", "webp", "bmp", "gif", "tiff", "heic", "avif";
// "unknown".
OSSIMG_EXPORT const char* ImageFormatName(ImageFormat f);
// Inverse of ImageFormatName for the eight OSS names (exact, lower case);
// kUnknown otherwise.
OSSIMG_EXPORT ImageFormat ImageFormatFromName(std::string_view name);
// "image/jpeg", ...
OSSIMG_EXPORT const char* ImageFormatMimeType(ImageFormat f);

struct EncodeOptions {
  int quality = 0;           // 1..100; 0 = the format's default
  bool progressive = false;  // OSS interlace,1 (JPEG progressive, PNG Adam7)
  bool lossless = false;     // WebP lossless
  // ICC profile to embed (JPEG APP2, PNG iCCP, WebP ICCP, TIFF tag, HEIC/AVIF colr); empty writes
  // none. Keep the source's. A profile that does not describe the pixels (CMYK on RGB, RGB on
  // gray, malformed) is dropped by EncodeImage.
  std::vector<uint8_t> icc_profile;
  // JPEG: 4:2:0 chroma subsampling (the default, as OSS) or 4:4:4 when false.
  bool chroma_subsampling = true;
  // PNG zlib level 0..9; -1 = the default (6).
  int png_compression = -1;
  // PNG row filters: libpng's adaptive choice per row (smallest photos), or none when false:
  // libvips's default since 8.13, 1.5-3x faster on the corpus; photos grow ~35%, flat
  // illustrations often shrink (docs/codecs.md). Kept adaptive so output bytes stay as they were.
  bool png_adaptive_filter = true;
  // PNG: write a palette image (1/2/4/8-bit indices, tRNS for alpha) when the pixels hold at most
  // 256 distinct colours; lossless, else truecolour. RGB/RGBA only; an RGBA image that is fully
  // opaque decodes back as RGB. OSS keeps paletted sources paletted.
  bool png_palette = false;
  // Streaming output: when set, EncodeImage hands the file to `sink` in pieces as the encoder
  // produces them and returns an empty vector; a sink error stops the encode and is returned.
  // JPEG streams in 64 KiB pieces while it compresses (the output is never held whole); the other
  // formats deliver their finished buffer in one call.
  std::function<Status(const uint8_t* data, size_t size)> sink;
  // GIF: error diffusion (Floyd-Steinberg) when the palette has to approximate more than 256
  // colours. Still images only: in an animation diffusion makes unchanged pixels change index
  // from frame to frame (crawling noise, and frame differencing stops working), so animated
  // GIFs are mapped to the nearest colour. Images with at most 256 colours are written exactly.
  bool gif_dither = true;
};

// JPEG quality when EncodeOptions::quality is 0.
inline constexpr int kDefaultJpegQuality = 85;
// HEIC and AVIF quality when EncodeOptions::quality is 0: libvips' and sharp's default.
inline constexpr int kDefaultHeicQuality = 50;
inline constexpr int kDefaultAvifQuality = 50;

struct DecodeOptions {
  // DCT-domain shrink-on-load for JPEG: 1, 2, 4 or 8. The output is ceil(side / scale_denom), as
  // libjpeg computes it. Other formats decode at full size and ignore it (the caller resizes).
  int scale_denom = 1;
  // Crop-on-load in output (scaled) coordinates; empty = the whole image. Clipped to the image.
  // For JPEG only the needed rows and iMCU columns are decoded, and the pixels are exactly those
  // of a full decode followed by the crop. Other formats decode fully and crop.
  Rect crop;
  // A truncated file whose decoder can recover gives a picture (missing rows grey for JPEG as
  // libjpeg fills them, zero for PNG) unless this is set; then it is CorruptInput.
  bool fail_on_truncated = false;
  // Progress for pipelining (JPEG without crop-on-load, and PNG files in the libdeflate fast
  // path's scope once their data has inflated cleanly; other decoders never call it): called on
  // the decoding thread after each batch of rows, with the output image (the buffer DecodeImage
  // will return) and how many rows from the top are final. Lets another thread start consuming
  // rows while the rest decode (the engine overlaps decode and resize this way).
  // A decode that fails after reporting rows first calls progress(image, -1) and frees the
  // image only after that call returns, so a consumer can finish with the buffer.
  std::function<void(const ImageView& image, int32_t rows_done)> progress;
  // Threads the decoder may use. With 2 or more, a large baseline JPEG's Huffman decoding is
  // split with one helper thread (the pixels are the same whatever the count).
  int threads = 1;
};

// The format named by the leading magic bytes, kUnknown when none matches. Needs at most 32 bytes.
OSSIMG_EXPORT ImageFormat SniffImageFormat(const uint8_t* data, size_t size);

// Whether this build can decode / encode `f`.
OSSIMG_EXPORT bool CanDecode(ImageFormat f);
OSSIMG_EXPORT bool CanEncode(ImageFormat f);

// Header-only inspection under `limits`. Never allocates pixel buffers.
OSSIMG_EXPORT StatusOr<ImageInfo> ProbeImage(const uint8_t* data, size_t size,
                                             const Limits& limits = Limits());

// Decodes the first frame into an 8-bit interleaved Image (layout: ProbeImage's pixel_format).
// EXIF orientation is not applied (ImageInfo::orientation says how; the plan decides).
OSSIMG_EXPORT StatusOr<Image> DecodeImage(const uint8_t* data, size_t size,
                                          const DecodeOptions& options = DecodeOptions(),
                                          const Limits& limits = Limits());

// Encodes `image` as `format`. JPEG has no alpha: transparent pixels are composited onto white,
// as OSS does for format,jpg. Premultiplied alpha (ImageView::alpha) is undone first: files hold
// straight alpha.
OSSIMG_EXPORT StatusOr<std::vector<uint8_t>> EncodeImage(const ImageView& image,
                                                         ImageFormat format,
                                                         const EncodeOptions& options = {});

// An animation as a sequence of composed pictures. Every frame is the whole canvas as a viewer
// shows it at that moment: GIF disposal (none / background / previous), per-frame offsets and
// transparency, and WebP blending and disposal have already been applied. That makes each frame
// an ordinary Image that any still-image step can process, and lets the encoders recompute the
// smallest changed rectangles (GIF frame differencing, WebPAnimEncoder sub-frames) for the
// processed pictures. A still image is an Animation of one frame.
struct Animation {
  // Same width, height and pixel format in every frame (straight alpha, when any).
  std::vector<Image> frames;
  // How long frames[i] stays on screen, in milliseconds; same size as `frames`. GIF stores
  // centiseconds (a round trip through GIF rounds to 10 ms).
  std::vector<int> delays_ms;
  // How many times the animation plays; 0 = forever. WebP's ANIM loop count. GIF's NETSCAPE2.0
  // value n means n + 1 plays as browsers (and gif2webp) read it, and a GIF without the
  // extension plays once, so an unlooped GIF decodes to 1.
  int loop_count = 0;
};

// Decodes every frame of `data`, composed onto the canvas (see Animation). GIF and animated WebP
// give all their frames; any other decodable image gives one frame with delay 0. Limits apply to
// the whole animation: width x height x frames against max_pixels, max_frames, and the memory
// budget for every composed frame plus the decoder's buffers. EXIF orientation is not applied.
OSSIMG_EXPORT StatusOr<Animation> DecodeAnimation(const uint8_t* data, size_t size,
                                                  const Limits& limits = Limits());

// Encodes an animation as `format`. GIF and WebP write animated files (GIF: one palette for all
// frames, frame differencing by cgif; WebP: WebPAnimEncoder with `options.quality` and
// `options.lossless`). One frame is written as EncodeImage writes it. More than one frame to a
// format without animation (JPEG, PNG, ...) is Unsupported: the caller picks the frame it wants.
OSSIMG_EXPORT StatusOr<std::vector<uint8_t>> EncodeAnimation(const Animation& animation,
                                                             ImageFormat format,
                                                             const EncodeOptions& options = {});

}  // namespace ossimg

#endif  // OSSIMG_CODEC_H_
