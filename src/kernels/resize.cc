// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/kernels/resize.h"

#include <cmath>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace ossimg::kernels {
namespace {

Status CheckPair(const ImageView& src, const MutableImageView& dst) {
  if (src.format != dst.format) {
    return InvalidArgumentError(std::string("format mismatch: ") + PixelFormatName(src.format) +
                                " -> " + PixelFormatName(dst.format));
  }
  if (src.width < 1 || src.height < 1 || dst.width < 1 || dst.height < 1 || src.data == nullptr ||
      dst.data == nullptr) {
    return InvalidArgumentError("resize needs non-empty source and destination images");
  }
  return Status::Ok();
}

void CopyRows(const ImageView& src, const MutableImageView& dst, int32_t begin, int32_t end) {
  const size_t bytes = static_cast<size_t>(src.width) * src.channels();
  for (int32_t y = begin; y < end; ++y) std::memcpy(dst.Row(y), src.Row(y), bytes);
}

// Runs the separable passes (either may be absent) from `src` into `dst`, choosing the order
// that does less work. Intermediate images are bounded by `limits`.
Status Separable(const ImageView& src, const MutableImageView& dst, const ResampleTable* th,
                 const ResampleTable* tv, const ResizeOptions& opt) {
  auto strips = [&](int32_t rows, const std::function<void(int32_t, int32_t)>& fn) {
    ForEachStrip(opt.pool, rows, opt.strip_rows, fn);
  };
  if (th == nullptr && tv == nullptr) {
    strips(dst.height, [&](int32_t b, int32_t e) { CopyRows(src, dst, b, e); });
    return Status::Ok();
  }
  if (th == nullptr) {
    strips(dst.height, [&](int32_t b, int32_t e) { ReduceV(src, dst, *tv, b, e); });
    return Status::Ok();
  }
  if (tv == nullptr) {
    strips(dst.height, [&](int32_t b, int32_t e) { ReduceH(src, dst, *th, b, e); });
    return Status::Ok();
  }
  // Cost in multiply-adds per byte: the horizontal pass (a gather and a mask per tap) costs
  // about twice a vertical one per sample.
  const double c = src.channels();
  const double h_first = 2.0 * src.height * dst.width * c * th->taps +
                         static_cast<double>(dst.height) * dst.width * c * tv->taps;
  const double v_first = static_cast<double>(dst.height) * src.width * c * tv->taps +
                         2.0 * dst.height * dst.width * c * th->taps;
  if (h_first <= v_first) {
    OSSIMG_ASSIGN_OR_RETURN(Image tmp,
                            Image::Create(dst.width, src.height, src.format, opt.limits));
    MutableImageView t = tmp.mutable_view();
    strips(t.height, [&](int32_t b, int32_t e) { ReduceH(src, t, *th, b, e); });
    strips(dst.height, [&](int32_t b, int32_t e) { ReduceV(t, dst, *tv, b, e); });
  } else {
    OSSIMG_ASSIGN_OR_RETURN(Image tmp,
                            Image::Create(src.width, dst.height, src.format, opt.limits));
    MutableImageView t = tmp.mutable_view();
    strips(t.height, [&](int32_t b, int32_t e) { ReduceV(src, t, *tv, b, e); });
    strips(dst.height, [&](int32_t b, int32_t e) { ReduceH(t, dst, *th, b, e); });
  }
  return Status::Ok();
}

// The first error reported by any strip (strips run on several threads).
class StripErrors {
 public:
  void Add(const Status& s) {
    std::lock_guard<std::mutex> lock(mu_);
    if (first_.ok()) first_ = s;
  }
  Status First() {
    std::lock_guard<std::mutex> lock(mu_);
    return first_;
  }

 private:
  std::mutex mu_;
  Status first_;
};

}  // namespace

int32_t BoxShrinkFactor(int32_t in_size, int32_t out_size, double gap) {
  if (gap <= 0.0 || out_size <= 0 || in_size <= out_size) return 1;
  const double f = std::floor(static_cast<double>(in_size) / out_size / gap);
  if (f < 2.0) return 1;
  return f > kMaxShrinkFactor ? kMaxShrinkFactor : static_cast<int32_t>(f);
}

Status Resize(const ImageView& src_in, const MutableImageView& dst, const ResizeOptions& opt) {
  OSSIMG_RETURN_IF_ERROR(CheckPair(src_in, dst));
  auto strips = [&](int32_t rows, const std::function<void(int32_t, int32_t)>& fn) {
    ForEachStrip(opt.pool, rows, opt.strip_rows, fn);
  };
  if (src_in.width == dst.width && src_in.height == dst.height) {
    // Nothing to resample; a premultiply round trip would only lose precision.
    strips(dst.height, [&](int32_t b, int32_t e) { CopyRows(src_in, dst, b, e); });
    return Status::Ok();
  }
  ImageView src = src_in;
  // Straight alpha: resample premultiplied values (stb_image_resize2 "ALPHA CHANNEL"). When a box
  // shrink comes first, each strip premultiplies just the source rows it reads into a small
  // buffer, so a huge source is never copied whole; otherwise the reduce needs a full copy.
  const bool premultiply = HasAlpha(src.format) && src.alpha == AlphaMode::kStraight;
  bool premultiplied = false;
  StripErrors errors;
  // Source rows [a, z), premultiplied when needed, as a view; `keep` owns the pixels.
  auto source_rows = [&](int32_t a, int32_t z, std::optional<Image>& keep) -> std::optional<ImageView> {
    if (!premultiply || premultiplied) {
      return src.Crop(Rect{0, a, src.width, z - a});
    }
    StatusOr<Image> buf = Image::Create(src.width, z - a, src.format, opt.limits);
    if (!buf.ok()) {
      errors.Add(buf.status());
      return std::nullopt;
    }
    keep.emplace(std::move(buf).value());
    MutableImageView v = keep->mutable_view();
    CopyRows(src.Crop(Rect{0, a, src.width, z - a}), v, 0, z - a);
    Premultiply(v, 0, z - a);
    return ImageView(v);
  };

  // Integer box shrink, vertical first: it is the cheaper pass and divides the rows the
  // horizontal one has to touch.
  const int32_t fy = BoxShrinkFactor(src.height, dst.height, opt.gap);
  const int32_t fx = BoxShrinkFactor(src.width, dst.width, opt.gap);
  std::optional<Image> shrunk_v, shrunk_h, premul;
  if (fy > 1) {
    OSSIMG_ASSIGN_OR_RETURN(
        Image s, Image::Create(src.width, ShrinkedSize(src.height, fy), src.format, opt.limits));
    shrunk_v.emplace(std::move(s));
    MutableImageView sv = shrunk_v->mutable_view();
    strips(sv.height, [&](int32_t b, int32_t e) {
      // Output rows [b, e) read source rows [b fy, min(e fy, height)); cropping both views keeps
      // the kernel's row arithmetic (output y <- rows y fy ...) unchanged.
      std::optional<Image> keep;
      const int32_t a = b * fy, z = std::min(src.height, e * fy);
      const std::optional<ImageView> in = source_rows(a, z, keep);
      if (in) ShrinkV(*in, sv.Crop(Rect{0, b, sv.width, e - b}), fy, 0, e - b);
    });
    OSSIMG_RETURN_IF_ERROR(errors.First());
    src = sv;
    premultiplied = premultiply;
  }
  if (fx > 1) {
    OSSIMG_ASSIGN_OR_RETURN(
        Image s, Image::Create(ShrinkedSize(src.width, fx), src.height, src.format, opt.limits));
    shrunk_h.emplace(std::move(s));
    MutableImageView sh = shrunk_h->mutable_view();
    strips(sh.height, [&](int32_t b, int32_t e) {
      std::optional<Image> keep;
      const std::optional<ImageView> in = source_rows(b, e, keep);
      if (in) ShrinkH(*in, sh.Crop(Rect{0, b, sh.width, e - b}), fx, 0, e - b);
    });
    OSSIMG_RETURN_IF_ERROR(errors.First());
    src = sh;
    premultiplied = premultiply;
  }
  if (fx > 1) shrunk_v.reset();  // consumed by the horizontal shrink
  if (premultiply && !premultiplied) {
    OSSIMG_ASSIGN_OR_RETURN(Image p, Image::Create(src.width, src.height, src.format, opt.limits));
    premul.emplace(std::move(p));
    MutableImageView pv = premul->mutable_view();
    strips(src.height, [&](int32_t b, int32_t e) {
      CopyRows(src, pv, b, e);
      Premultiply(pv, b, e);
    });
    src = pv;
  }

  std::optional<ResampleTable> th, tv;
  if (src.width != dst.width) {
    OSSIMG_ASSIGN_OR_RETURN(ResampleTable t, BuildResampleTable(src.width, dst.width, opt.filter));
    th.emplace(std::move(t));
  }
  if (src.height != dst.height) {
    OSSIMG_ASSIGN_OR_RETURN(ResampleTable t,
                            BuildResampleTable(src.height, dst.height, opt.filter));
    tv.emplace(std::move(t));
  }
  OSSIMG_RETURN_IF_ERROR(Separable(src, dst, th ? &*th : nullptr, tv ? &*tv : nullptr, opt));
  if (premultiply) {
    strips(dst.height, [&](int32_t b, int32_t e) { Unpremultiply(dst, b, e); });
  }
  return Status::Ok();
}

Status Convolve(const ImageView& src, const MutableImageView& dst, const ResampleTable& table_h,
                const ResampleTable& table_v, ThreadPool* pool) {
  OSSIMG_RETURN_IF_ERROR(CheckPair(src, dst));
  if (src.width != dst.width || src.height != dst.height || table_h.in_size != src.width ||
      table_h.out_size != src.width || table_v.in_size != src.height ||
      table_v.out_size != src.height) {
    return InvalidArgumentError("convolution tables do not match the image size");
  }
  ResizeOptions opt;
  opt.pool = pool;
  if (HasAlpha(src.format) && src.alpha == AlphaMode::kStraight) {
    OSSIMG_ASSIGN_OR_RETURN(Image p, Image::Create(src.width, src.height, src.format, opt.limits));
    MutableImageView pv = p.mutable_view();
    ForEachStrip(pool, src.height, opt.strip_rows, [&](int32_t b, int32_t e) {
      CopyRows(src, pv, b, e);
      Premultiply(pv, b, e);
    });
    OSSIMG_RETURN_IF_ERROR(Separable(pv, dst, &table_h, &table_v, opt));
    ForEachStrip(pool, dst.height, opt.strip_rows,
                 [&](int32_t b, int32_t e) { Unpremultiply(dst, b, e); });
    return Status::Ok();
  }
  return Separable(src, dst, &table_h, &table_v, opt);
}

}  // namespace ossimg::kernels
