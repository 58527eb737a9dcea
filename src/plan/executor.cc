// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Running a plan: decode with the planned hints, then each step on whole images
// whose kernels run in strips on the thread pool, then encode. Every size was
// fixed by the planner; the executor checks that the kernels produced exactly
// those sizes.

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>

#include "codecs/png_fast.h"
#include "plan/plan.h"
#include "plan/watermark.h"
#include "src/core/thread_pool.h"
#include "src/kernels/filters.h"
#include "src/kernels/kernels.h"
#include "src/kernels/resize.h"

namespace ossimg::plan {
namespace {

struct Context {
  const Options& options;
  ThreadPool* pool;
};

StatusOr<Image> CopyRect(const ImageView& src, const Rect& r,
                         const Limits& limits) {
  const ImageView v = src.Crop(r);
  OSSIMG_ASSIGN_OR_RETURN(Image out,
                          Image::Create(v.width, v.height, v.format, limits));
  out.set_alpha(v.alpha);
  const size_t row_bytes = static_cast<size_t>(v.width) * v.channels();
  for (int32_t y = 0; y < v.height; ++y)
    std::memcpy(out.Row(y), v.Row(y), row_bytes);
  return out;
}

// The same pixels with an alpha channel added (opaque), for steps that make
// pixels transparent.
StatusOr<Image> WithAlpha(Image img, const Context& ctx) {
  if (HasAlpha(img.format())) return img;
  const bool gray = img.format() == PixelFormat::kGray8;
  OSSIMG_ASSIGN_OR_RETURN(Image out, Image::Create(img.width(), img.height(),
                                                   gray ? PixelFormat::kGrayA8
                                                        : PixelFormat::kRGBA8,
                                                   ctx.options.limits));
  const uint8_t white[3] = {255, 255, 255};
  const ImageView src = img.view();
  const MutableImageView dst = out.mutable_view();
  kernels::ForEachStrip(ctx.pool, out.height(), kernels::kDefaultStripRows,
                        [&](int32_t b, int32_t e) {
                          kernels::ConvertFormat(src, dst, white, b, e);
                        });
  return out;
}

// `wait` (may be null): the source is still being decoded (see DecodeAndResize). `stream` (may
// be null): the source rows come through a window (see StreamPngAndResize).
struct SourceStream {
  const std::function<void(int32_t)>* release;
  const std::function<const uint8_t*(int32_t)>* row;
};
StatusOr<Image> RunResizeView(const ImageView& img, const ResizeStep& st, const Context& ctx,
                              const std::function<void(int32_t)>* wait,
                              const SourceStream* stream = nullptr) {
  const ResizeGeometry& g = st.g;
  OSSIMG_ASSIGN_OR_RETURN(
      Image scaled, Image::Create(g.scaled.width, g.scaled.height, img.format,
                                  ctx.options.limits));
  scaled.set_alpha(img.alpha);
  kernels::ResizeOptions ro;
  ro.pool = ctx.pool;
  ro.limits = ctx.options.limits;
  ro.wait_source_rows = wait;
  if (stream != nullptr) {
    ro.release_source_rows = stream->release;
    ro.source_row = stream->row;
  }
  OSSIMG_RETURN_IF_ERROR(kernels::Resize(img, scaled.mutable_view(), ro));
  if (g.has_crop) return CopyRect(scaled.view(), g.crop, ctx.options.limits);
  if (!g.has_canvas) return scaled;
  // pad: the scaled image centred on a canvas of the pad colour (opaque).
  OSSIMG_ASSIGN_OR_RETURN(Image canvas,
                          Image::Create(g.canvas.width, g.canvas.height,
                                        scaled.format(), ctx.options.limits));
  canvas.set_alpha(scaled.alpha());
  const int ch = canvas.channels();
  const uint8_t r = (st.pad_color >> 16) & 255, gr = (st.pad_color >> 8) & 255,
                b = st.pad_color & 255;
  // Gray images take the colour's luma (BT.601, as libjpeg converts).
  const uint8_t luma =
      static_cast<uint8_t>((299 * r + 587 * gr + 114 * b + 500) / 1000);
  for (int32_t y = 0; y < canvas.height(); ++y) {
    uint8_t* d = canvas.Row(y);
    for (int32_t x = 0; x < canvas.width(); ++x, d += ch) {
      if (ch <= 2) {
        d[0] = luma;
      } else {
        d[0] = r;
        d[1] = gr;
        d[2] = b;
      }
      if (ch == 2 || ch == 4) d[ch - 1] = 255;
    }
  }
  const size_t row_bytes = static_cast<size_t>(scaled.width()) * ch;
  for (int32_t y = 0; y < scaled.height(); ++y) {
    std::memcpy(
        canvas.Row(y + g.offset_y) + static_cast<size_t>(g.offset_x) * ch,
        scaled.Row(y), row_bytes);
  }
  return canvas;
}

StatusOr<Image> RunResize(Image img, const ResizeStep& st, const Context& ctx) {
  return RunResizeView(img.view(), st, ctx, nullptr);
}

// Decode and resize as a two-stage pipeline: the decoder runs on a second thread (libjpeg's
// Huffman decoding cannot be split; PNG's unfiltering is serial from row to row) while this
// thread resizes, strip by strip in order, the rows already decoded. The resize then costs
// little on top of the decode. The pixels are those of
// the sequential path: the same kernels read the same final rows.
StatusOr<Image> DecodeAndResize(const uint8_t* data, size_t size, DecodeOptions dopt,
                                const ResizeStep& st, const Context& ctx) {
  struct Shared {
    std::mutex mu;
    std::condition_variable cv;  // both threads wait on it: always notify_all
    ImageView view;
    bool have_view = false;
    int32_t rows = 0;
    bool failed = false;         // the decoder reported a failure (rows_done < 0)
    bool done = false;           // DecodeImage returned
    bool consumer_done = false;  // this thread no longer reads the decoder's buffer
  } sh;
  dopt.progress = [&sh](const ImageView& v, int32_t rows) {
    std::unique_lock<std::mutex> lock(sh.mu);
    if (rows < 0) {
      // The decoder is about to fail and free its buffer: keep it alive until this thread has
      // stopped reading it (the resize runs to its end on rows that are then discarded).
      sh.failed = true;
      sh.cv.notify_all();
      sh.cv.wait(lock, [&sh] { return sh.consumer_done; });
      return;
    }
    sh.view = v;
    sh.have_view = true;
    sh.rows = rows;
    sh.cv.notify_all();
  };
  const auto release = [&sh] {
    {
      std::lock_guard<std::mutex> lock(sh.mu);
      sh.consumer_done = true;
    }
    sh.cv.notify_all();
  };
  StatusOr<Image> decoded = InternalError("decode did not run");
  std::thread decoder([&] {
    decoded = DecodeImage(data, size, dopt, ctx.options.limits);
    {
      std::lock_guard<std::mutex> lock(sh.mu);
      sh.done = true;
    }
    sh.cv.notify_all();
  });
  ImageView view;
  {
    std::unique_lock<std::mutex> lock(sh.mu);
    sh.cv.wait(lock, [&sh] { return sh.have_view || sh.failed || sh.done; });
    if (sh.have_view && !sh.failed) view = sh.view;
  }
  if (!view.data) {  // failed or finished before the first rows: nothing to overlap
    release();
    decoder.join();
    OSSIMG_RETURN_IF_ERROR(decoded.status());
    return RunResize(std::move(decoded).value(), st, ctx);
  }
  // A failure ends the waits early; the buffer stays valid until release(), and the decode's
  // error is returned below, never these pixels.
  const std::function<void(int32_t)> wait = [&sh](int32_t rows) {
    std::unique_lock<std::mutex> lock(sh.mu);
    sh.cv.wait(lock, [&sh, rows] { return sh.rows >= rows || sh.failed || sh.done; });
  };
  const Context serial{ctx.options, nullptr};  // the other core is decoding
  StatusOr<Image> out = RunResizeView(view, st, serial, &wait);
  release();
  decoder.join();
  OSSIMG_RETURN_IF_ERROR(decoded.status());
  return out;
}

// PNG decode and resize streamed through a ring of source rows, as libvips streams: the PNG is
// inflated row by row (codecs::PngRowDecoder) into a ring that the resize reads strip by strip
// and releases behind it, so the decoded image never exists whole (the 14.7 MP RGBA job held
// 59 MB of it). With a pool the decoder runs ahead on the second core, as far as the ring
// allows; without, rows are decoded when the resize asks for them. nullopt when the stream does
// not fit (a file outside the fast decoder's scope, damaged data, a strip wider than the ring):
// the caller then decodes the whole file. The pixels are the same either way: the resize reads
// the same rows.
std::optional<StatusOr<Image>> StreamPngAndResize(const uint8_t* data, size_t size,
                                                  const ImageInfo& info, const ResizeStep& st,
                                                  const Context& ctx) {
  constexpr int32_t kRingRows = 256;  // the 50% Lanczos3 strips of the corpus job read ~140
  constexpr int32_t kBatch = 16;      // rows the decoder thread publishes at a time
  std::unique_ptr<codecs::PngRowDecoder> dec = codecs::PngRowDecoder::Create(
      data, size, info.width, info.height, Channels(info.pixel_format));
  if (dec == nullptr) return std::nullopt;
  const int32_t height = info.height;
  const int32_t ring_rows = std::min(height, kRingRows);
  StatusOr<Image> ring_or =
      Image::Create(info.width, ring_rows, info.pixel_format, ctx.options.limits);
  if (!ring_or.ok()) return std::nullopt;
  Image ring = std::move(ring_or).value();

  struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    int32_t decoded = 0;   // rows [0, decoded) are in the ring
    int32_t released = 0;  // rows below this are done with: their slots may be reused
    bool failed = false;   // damaged data or a request wider than the ring
    bool stop = false;
  } sh;
  const bool threaded = ctx.pool != nullptr;
  std::thread decoder;
  if (threaded) {
    decoder = std::thread([&] {
      for (;;) {
        int32_t y = 0, n = 0;
        {
          std::unique_lock<std::mutex> lock(sh.mu);
          // Decoding row y reuses the slot of row y - ring_rows: only once it is released.
          sh.cv.wait(lock, [&] { return sh.stop || sh.decoded < sh.released + ring_rows; });
          if (sh.stop) return;
          y = sh.decoded;
          n = std::min({kBatch, sh.released + ring_rows - y, height - y});
        }
        bool ok = true;
        for (int32_t i = 0; i < n && ok; ++i) ok = dec->DecodeRow(ring.Row((y + i) % ring_rows));
        std::lock_guard<std::mutex> lock(sh.mu);
        if (!ok) sh.failed = true;
        if (ok) sh.decoded = y + n;
        sh.cv.notify_all();
        if (!ok || sh.decoded == height) return;
      }
    });
  }
  const std::function<void(int32_t)> wait = [&](int32_t rows) {
    std::unique_lock<std::mutex> lock(sh.mu);
    if (rows > sh.released + ring_rows) sh.failed = true;  // would need rows already reused
    if (threaded) {
      sh.cv.wait(lock, [&] { return sh.decoded >= rows || sh.failed; });
      return;
    }
    while (sh.decoded < rows && !sh.failed) {
      if (dec->DecodeRow(ring.Row(sh.decoded % ring_rows))) {
        ++sh.decoded;
      } else {
        sh.failed = true;
      }
    }
  };
  const std::function<void(int32_t)> release = [&](int32_t row) {
    std::lock_guard<std::mutex> lock(sh.mu);
    if (row > sh.released) {
      sh.released = row;
      sh.cv.notify_all();
    }
  };
  const std::function<const uint8_t*(int32_t)> row = [&](int32_t y) {
    return static_cast<const uint8_t*>(ring.Row(y % ring_rows));
  };
  const SourceStream stream{&release, &row};
  // The view only carries the size and layout: with `stream` the resize reads rows via `row`.
  ImageView view = ring.view();
  view.height = height;
  const Context serial{ctx.options, nullptr};  // strips in order
  StatusOr<Image> out = RunResizeView(view, st, serial, &wait, &stream);
  {
    std::lock_guard<std::mutex> lock(sh.mu);
    sh.stop = true;
  }
  sh.cv.notify_all();
  if (decoder.joinable()) decoder.join();
  if (sh.failed) return std::nullopt;
  // Rows the resize never needed (the last few) still have to decode cleanly, and the stream
  // must end there: otherwise the whole-file decode decides what the file holds.
  while (dec->rows_done() < height) {
    if (!dec->DecodeRow(ring.Row(dec->rows_done() % ring_rows))) return std::nullopt;
  }
  if (!dec->Finish()) return std::nullopt;
  return out;
}

StatusOr<Image> RunRightAngle(Image img, kernels::RightAngle op,
                              const Context& ctx) {
  const bool swap = kernels::SwapsAxes(op);
  OSSIMG_ASSIGN_OR_RETURN(
      Image out, Image::Create(swap ? img.height() : img.width(),
                               swap ? img.width() : img.height(), img.format(),
                               ctx.options.limits));
  out.set_alpha(img.alpha());
  const ImageView src = img.view();
  const MutableImageView dst = out.mutable_view();
  kernels::ForEachStrip(ctx.pool, out.height(), kernels::kDefaultStripRows,
                        [&](int32_t b, int32_t e) {
                          kernels::RotateRightAngle(src, dst, op, b, e);
                        });
  return out;
}

StatusOr<Image> RunBlur(Image img, const BlurStep& st, const Context& ctx) {
  OSSIMG_ASSIGN_OR_RETURN(Image out,
                          Image::Create(img.width(), img.height(), img.format(),
                                        ctx.options.limits));
  out.set_alpha(img.alpha());
  OSSIMG_RETURN_IF_ERROR(kernels::Blur(img.view(), out.mutable_view(),
                                       st.radius, st.sigma, ctx.pool));
  return out;
}

StatusOr<Image> RunSharpen(Image img, const SharpenStep& st,
                           const Context& ctx) {
  OSSIMG_ASSIGN_OR_RETURN(Image out,
                          Image::Create(img.width(), img.height(), img.format(),
                                        ctx.options.limits));
  out.set_alpha(img.alpha());
  OSSIMG_RETURN_IF_ERROR(
      kernels::Sharpen(img.view(), out.mutable_view(), st.value, ctx.pool));
  return out;
}

// Rotation by any angle: the picture on a transparent canvas (OSS fills the
// corners white for JPEG, which the JPEG encoder's flattening onto white
// gives), resampled with premultiplied alpha so the anti-aliased edges do not
// darken.
StatusOr<Image> RunRotateArbitrary(Image img, int32_t degrees,
                                   const Context& ctx) {
  OSSIMG_ASSIGN_OR_RETURN(img, WithAlpha(std::move(img), ctx));
  OSSIMG_ASSIGN_OR_RETURN(
      kernels::RotateTable t,
      kernels::BuildRotateTable(img.width(), img.height(), degrees));
  OSSIMG_ASSIGN_OR_RETURN(Image out,
                          Image::Create(t.dst_width, t.dst_height, img.format(),
                                        ctx.options.limits));
  const MutableImageView src_m = img.mutable_view();
  kernels::ForEachStrip(
      ctx.pool, img.height(), kernels::kDefaultStripRows,
      [&](int32_t b, int32_t e) { kernels::Premultiply(src_m, b, e); });
  const uint8_t transparent[4] = {0, 0, 0, 0};
  const ImageView src = img.view();
  const MutableImageView dst = out.mutable_view();
  kernels::ForEachStrip(ctx.pool, out.height(), kernels::kDefaultStripRows,
                        [&](int32_t b, int32_t e) {
                          kernels::RotateArbitrary(src, dst, t, transparent, b,
                                                   e);
                          kernels::Unpremultiply(dst, b, e);
                        });
  out.set_alpha(AlphaMode::kStraight);
  return out;
}

StatusOr<Image> RunStep(Image img, const Step& step, const Context& ctx) {
  const Limits& limits = ctx.options.limits;
  if (const auto* o = std::get_if<OrientStep>(&step)) {
    return RunRightAngle(std::move(img), o->op, ctx);
  }
  if (const auto* r = std::get_if<ResizeStep>(&step))
    return RunResize(std::move(img), *r, ctx);
  if (const auto* c = std::get_if<CropStep>(&step))
    return CopyRect(img.view(), c->rect, limits);
  if (const auto* ro = std::get_if<RotateStep>(&step)) {
    const int32_t d = ((ro->degrees % 360) + 360) % 360;
    if (d == 90)
      return RunRightAngle(std::move(img), kernels::RightAngle::kRotate90, ctx);
    if (d == 180)
      return RunRightAngle(std::move(img), kernels::RightAngle::kRotate180,
                           ctx);
    if (d == 270)
      return RunRightAngle(std::move(img), kernels::RightAngle::kRotate270,
                           ctx);
    return RunRotateArbitrary(std::move(img), d, ctx);
  }
  if (const auto* b = std::get_if<BlurStep>(&step))
    return RunBlur(std::move(img), *b, ctx);
  if (const auto* sh = std::get_if<SharpenStep>(&step)) {
    return RunSharpen(std::move(img), *sh, ctx);
  }
  if (const auto* ci = std::get_if<CircleStep>(&step)) {
    OSSIMG_ASSIGN_OR_RETURN(Image sq, CopyRect(img.view(), ci->rect, limits));
    OSSIMG_ASSIGN_OR_RETURN(sq, WithAlpha(std::move(sq), ctx));
    OSSIMG_RETURN_IF_ERROR(
        kernels::ApplyCircle(sq.mutable_view(), ci->radius, ctx.pool));
    return sq;
  }
  if (const auto* rc = std::get_if<RoundedCornersStep>(&step)) {
    OSSIMG_ASSIGN_OR_RETURN(img, WithAlpha(std::move(img), ctx));
    OSSIMG_RETURN_IF_ERROR(
        kernels::ApplyRoundedCorners(img.mutable_view(), rc->radius, ctx.pool));
    return img;
  }
  if (const auto* br = std::get_if<BrightStep>(&step)) {
    OSSIMG_RETURN_IF_ERROR(kernels::ApplyBrightContrast(
        img.mutable_view(), br->value, 0, ctx.pool));
    return img;
  }
  if (const auto* ct = std::get_if<ContrastStep>(&step)) {
    OSSIMG_RETURN_IF_ERROR(kernels::ApplyBrightContrast(img.mutable_view(), 0,
                                                        ct->value, ctx.pool));
    return img;
  }
  if (const auto* wm = std::get_if<WatermarkStep>(&step))
    return RunWatermark(std::move(img), wm->action, ctx.options, ctx.pool);
  return img;
}

StatusOr<std::string> AverageHue(const ImageView& v, ThreadPool* pool) {
  OSSIMG_ASSIGN_OR_RETURN(auto mean, kernels::AverageColour(v, pool));
  const bool gray = v.channels() <= 2;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "0x%02x%02x%02x", mean[0],
                gray ? mean[0] : mean[1], gray ? mean[0] : mean[2]);
  return std::string(buf);
}

}  // namespace

StatusOr<Image> RunSteps(const Plan& plan, Image img, const Options& options,
                         ThreadPool* pool, size_t first) {
  const Context ctx{options, pool};
  for (size_t i = first; i < plan.steps.size(); ++i) {
    OSSIMG_ASSIGN_OR_RETURN(img, RunStep(std::move(img), plan.steps[i], ctx));
    const Size want = plan.sizes[i];
    if (img.width() != want.width || img.height() != want.height) {
      return InternalError(std::string("step ") + StepName(plan.steps[i]) +
                           " made " + std::to_string(img.width()) + "x" +
                           std::to_string(img.height()) + ", the plan said " +
                           std::to_string(want.width) + "x" +
                           std::to_string(want.height));
    }
  }
  return img;
}

StatusOr<Result> Execute(const Plan& plan, const uint8_t* data, size_t size,
                         const Options& options) {
  Result result;
  // info with nothing before it but the automatic orientation describes the source as stored
  // (OSS reports stored dimensions and the source's own EXIF), from the header alone.
  bool only_info = plan.output_kind == GeometryTrace::Output::kInfoJson;
  for (const Step& s : plan.steps) {
    only_info = only_info && (std::holds_alternative<DecodeStep>(s) ||
                              std::holds_alternative<OrientStep>(s));
  }
  if (only_info) {
    // info on the untouched source answers from the header alone.
    const std::string json = OssInfoJson(plan.source);
    result.bytes.assign(json.begin(), json.end());
    result.content_type = "application/json";
    return result;
  }
  if (plan.animated) return ExecuteAnimation(plan, data, size, options);
  ThreadPool pool(ThreadPool::Resolve(options.threads));
  const Context ctx{options, pool.num_threads() > 1 ? &pool : nullptr};

  const auto& dec = std::get<DecodeStep>(plan.steps[0]);
  DecodeOptions dopt;
  dopt.scale_denom = dec.scale_denom;
  dopt.crop = dec.crop;
  dopt.threads = pool.num_threads();
  size_t next = 1;
  Image img;
  const bool streams = (plan.source.format == ImageFormat::kJpeg && !plan.source.cmyk) ||
                       plan.source.format == ImageFormat::kPng;
  const bool resize_first = dec.crop.empty() && plan.steps.size() >= 2 &&
                            std::holds_alternative<ResizeStep>(plan.steps[1]);
  std::optional<StatusOr<Image>> streamed;
  if (resize_first && plan.source.format == ImageFormat::kPng) {
    // Only a resize that resamples: an unscaled one (pad around the original size) would need
    // every row at once, more than the ring holds.
    const ResizeStep& rs = std::get<ResizeStep>(plan.steps[1]);
    if (rs.g.scaled.width != plan.source.width || rs.g.scaled.height != plan.source.height) {
      streamed = StreamPngAndResize(data, size, plan.source, rs, ctx);
    }
  }
  if (streamed.has_value()) {
    OSSIMG_ASSIGN_OR_RETURN(img, std::move(*streamed));
    next = 2;
  } else if (ctx.pool != nullptr && streams && resize_first) {
    OSSIMG_ASSIGN_OR_RETURN(img, DecodeAndResize(data, size, dopt,
                                                 std::get<ResizeStep>(plan.steps[1]), ctx));
    next = 2;
  } else {
    OSSIMG_ASSIGN_OR_RETURN(img, DecodeImage(data, size, dopt, options.limits));
  }
  for (size_t i = 1; i < next; ++i) {
    const Size want = plan.sizes[i];
    if (img.width() != want.width || img.height() != want.height) {
      return InternalError("pipelined decode and resize made the wrong size");
    }
  }
  OSSIMG_ASSIGN_OR_RETURN(img, RunSteps(plan, std::move(img), options, ctx.pool, next));

  if (plan.output_kind == GeometryTrace::Output::kAverageHue) {
    OSSIMG_ASSIGN_OR_RETURN(const std::string hue,
                            AverageHue(img.view(), ctx.pool));
    result.bytes.assign(hue.begin(), hue.end());
    result.content_type = "text/plain";
    return result;
  }
  OSSIMG_ASSIGN_OR_RETURN(
      result.bytes, EncodeImage(img.view(), plan.output_format, plan.encode));
  if (plan.output_kind == GeometryTrace::Output::kInfoJson) {
    // info after other actions describes the processed image, as OSS would
    // store it.
    OSSIMG_ASSIGN_OR_RETURN(
        ImageInfo info,
        ProbeImage(result.bytes.data(), result.bytes.size(), Limits()));
    const std::string json = OssInfoJson(info);
    result.bytes.assign(json.begin(), json.end());
    result.content_type = "application/json";
    return result;
  }
  result.format = plan.output_format;
  result.content_type = ImageFormatMimeType(plan.output_format);
  result.width = img.width();
  result.height = img.height();
  return result;
}

}  // namespace ossimg::plan
