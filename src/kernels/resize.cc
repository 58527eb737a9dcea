// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/kernels/resize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// Source rows for a pass, optionally premultiplied on the fly. Rows(a, z) is a view of source
// rows [a, z); with premultiplication it is a small per-strip buffer owned by `keep`, so no
// full-size premultiplied copy of the source ever exists.
class RowSource {
 public:
  // `wait` (may be null): ResizeOptions::wait_source_rows, for a source still being decoded.
  // `release` (may be null): ResizeOptions::release_source_rows.
  RowSource(const ImageView& src, bool premultiply, const Limits& limits, StripErrors* errors,
            const std::function<void(int32_t)>* wait = nullptr,
            const std::function<void(int32_t)>* release = nullptr,
            const std::function<const uint8_t*(int32_t)>* row = nullptr)
      : src_(src),
        premultiply_(premultiply),
        limits_(limits),
        errors_(errors),
        wait_(wait),
        release_(release),
        row_(row) {}
  // Rows below `row` will not be read again.
  void Release(int32_t row) const {
    if (release_ != nullptr) (*release_)(row);
  }
  bool releases() const { return release_ != nullptr; }
  const ImageView& view() const { return src_; }
  // Whether passes may read view() as a whole; otherwise they go through Rows().
  bool direct() const { return !premultiply_ && wait_ == nullptr && row_ == nullptr; }
  std::optional<ImageView> Rows(int32_t a, int32_t z, std::optional<Image>& keep) const {
    if (wait_ != nullptr) (*wait_)(z);
    if (row_ != nullptr) return CopiedRows(a, z, keep);
    const ImageView rows = src_.Crop(Rect{0, a, src_.width, z - a});
    if (!premultiply_) return rows;
    if (!NewStrip(z - a, keep)) return std::nullopt;
    MutableImageView v = keep->mutable_view();
    CopyRows(rows, v, 0, z - a);
    Premultiply(v, 0, z - a);
    return ImageView(v);
  }

 private:
  ImageView src_;
  bool premultiply_;
  Limits limits_;
  StripErrors* errors_;
  // Rows [a, z) through the row accessor, into a strip buffer (premultiplied when asked).
  std::optional<ImageView> CopiedRows(int32_t a, int32_t z, std::optional<Image>& keep) const {
    if (!NewStrip(z - a, keep)) return std::nullopt;
    MutableImageView v = keep->mutable_view();
    const size_t bytes = static_cast<size_t>(src_.width) * static_cast<size_t>(src_.channels());
    for (int32_t y = a; y < z; ++y) std::memcpy(v.Row(y - a), (*row_)(y), bytes);
    if (premultiply_) Premultiply(v, 0, z - a);
    return ImageView(v);
  }

  // A strip buffer of `rows` source rows in `keep`; false (the error recorded) when it cannot
  // be allocated.
  bool NewStrip(int32_t rows, std::optional<Image>& keep) const {
    StatusOr<Image> buf = Image::Create(src_.width, rows, src_.format, limits_);
    if (!buf.ok()) {
      errors_->Add(buf.status());
      return false;
    }
    keep.emplace(std::move(buf).value());
    return true;
  }

  const std::function<void(int32_t)>* wait_;
  const std::function<void(int32_t)>* release_;
  const std::function<const uint8_t*(int32_t)>* row_;
};

// For each output row o of a vertical table, the first input row any output row >= o reads
// (start is not monotonic by a row here and there): what a streaming source may drop after
// the strip ending at o.
std::vector<int32_t> SuffixMinStart(const ResampleTable& t) {
  std::vector<int32_t> m(static_cast<size_t>(t.out_size) + 1);
  m[static_cast<size_t>(t.out_size)] = std::numeric_limits<int32_t>::max();
  for (int32_t o = t.out_size - 1; o >= 0; --o) {
    m[static_cast<size_t>(o)] =
        std::min(m[static_cast<size_t>(o) + 1], t.start[static_cast<size_t>(o)]);
  }
  return m;
}

// Output rows [b, e) of a vertical table as a table of its own over the input rows they read,
// [min start, max start + taps), so a strip can run on just those (premultiplied) rows. (start is
// not monotonic: trimming zero weights moves a window by a row here and there.)
ResampleTable SubTable(const ResampleTable& t, int32_t b, int32_t e, int32_t* first_row) {
  int32_t a = t.start[static_cast<size_t>(b)], z = a;
  for (int32_t o = b; o < e; ++o) {
    a = std::min(a, t.start[static_cast<size_t>(o)]);
    z = std::max(z, t.start[static_cast<size_t>(o)]);
  }
  *first_row = a;
  ResampleTable s;
  s.out_size = e - b;
  s.taps = t.taps;
  s.out_padded = (s.out_size + 15) / 16 * 16;
  s.in_size = z + t.taps - a;
  s.start.assign(static_cast<size_t>(s.out_padded), 0);
  s.weights.assign(static_cast<size_t>(s.taps) * s.out_padded, 0);
  for (int32_t i = 0; i < s.out_size; ++i) {
    s.start[static_cast<size_t>(i)] = t.start[static_cast<size_t>(b + i)] - a;
    for (int32_t k = 0; k < t.taps; ++k) {
      s.weights[static_cast<size_t>(k) * s.out_padded + i] = t.Weight(b + i, k);
    }
  }
  return s;
}

// Horizontal pass over rows [b, e) of `out` from the same rows of the source.
void HorizontalStrip(const RowSource& in, const MutableImageView& out, const ResampleTable& th,
                     int32_t b, int32_t e) {
  if (in.direct()) return ReduceH(in.view(), out, th, b, e);
  std::optional<Image> keep;
  const std::optional<ImageView> rows = in.Rows(b, e, keep);
  if (rows) ReduceH(*rows, out.Crop(Rect{0, b, out.width, e - b}), th, 0, e - b);
}

// Vertical pass over rows [b, e) of `out`.
void VerticalStrip(const RowSource& in, const MutableImageView& out, const ResampleTable& tv,
                   int32_t b, int32_t e) {
  if (in.direct()) return ReduceV(in.view(), out, tv, b, e);
  int32_t a = 0;
  const ResampleTable sub = SubTable(tv, b, e, &a);
  std::optional<Image> keep;
  const std::optional<ImageView> rows = in.Rows(a, a + sub.in_size, keep);
  if (rows) ReduceV(*rows, out.Crop(Rect{0, b, out.width, e - b}), sub, 0, e - b);
}

// Runs the separable passes (either may be absent) from `in` into `dst`, choosing the order
// that does less work. Intermediate images are bounded by `limits`.
Status Separable(const RowSource& in, const MutableImageView& dst, const ResampleTable* th,
                 const ResampleTable* tv, const ResizeOptions& opt, StripErrors& errors) {
  const ImageView& src = in.view();
  auto strips = [&](int32_t rows, const std::function<void(int32_t, int32_t)>& fn) {
    ForEachStrip(opt.pool, rows, opt.strip_rows, fn);
  };
  if (th == nullptr && tv == nullptr) {
    // Only reached without premultiplication (Resize returns early for equal sizes).
    strips(dst.height, [&](int32_t b, int32_t e) { CopyRows(src, dst, b, e); });
    return Status::Ok();
  }
  std::vector<int32_t> keep_from;  // streaming sources: rows still needed after each strip
  if (in.releases() && tv != nullptr) keep_from = SuffixMinStart(*tv);
  const auto release_after = [&](int32_t e) {
    if (!in.releases()) return;
    in.Release(tv == nullptr ? e : std::min(keep_from[static_cast<size_t>(e)], src.height));
  };
  if (th == nullptr) {
    strips(dst.height, [&](int32_t b, int32_t e) {
      VerticalStrip(in, dst, *tv, b, e);
      release_after(e);
    });
    return errors.First();
  }
  if (tv == nullptr) {
    strips(dst.height, [&](int32_t b, int32_t e) {
      HorizontalStrip(in, dst, *th, b, e);
      release_after(e);
    });
    return errors.First();
  }
  // Cost in multiply-adds per byte: the horizontal pass (a gather and a mask per tap) costs
  // about twice a vertical one per sample.
  const double c = src.channels();
  const double h_first = 2.0 * src.height * dst.width * c * th->taps +
                         static_cast<double>(dst.height) * dst.width * c * tv->taps;
  const double v_first = static_cast<double>(dst.height) * src.width * c * tv->taps +
                         2.0 * dst.height * dst.width * c * th->taps;
  // Both orders run fused, strip by strip: a strip of destination rows is made from a
  // strip-sized intermediate that stays in cache, so no image of the intermediate size ever
  // exists (on a 50% RGBA resize of 14.7 MP that was 29 MB). Every destination row is computed
  // from the same rows with the same weights as an unfused run, so the pixels are the same for
  // any strip height and thread count.
  if (h_first <= v_first) {
    // Horizontal first: each strip needs the source rows its vertical taps read; neighbouring
    // strips re-filter the rows they share, so the strips are made tall enough (>= 4 window
    // heights) to keep that overlap near 10%.
    const int32_t strip_rows = std::max(opt.strip_rows, 4 * tv->taps);
    ForEachStrip(opt.pool, dst.height, strip_rows, [&](int32_t b, int32_t e) {
      int32_t a = 0;
      const ResampleTable sub = SubTable(*tv, b, e, &a);
      StatusOr<Image> tmp = Image::Create(dst.width, sub.in_size, src.format, opt.limits);
      if (!tmp.ok()) return errors.Add(tmp.status());
      MutableImageView t = tmp->mutable_view();
      std::optional<Image> keep;
      const std::optional<ImageView> rows = in.Rows(a, a + sub.in_size, keep);
      if (!rows) return;
      ReduceH(*rows, t, *th, 0, sub.in_size);
      ReduceV(t, dst.Crop(Rect{0, b, dst.width, e - b}), sub, 0, e - b);
      release_after(e);
    });
  } else {
    // Vertical first: a strip of destination rows is the vertical pass's rows [b, e), so the
    // strips share nothing.
    strips(dst.height, [&](int32_t b, int32_t e) {
      StatusOr<Image> tmp = Image::Create(src.width, e - b, src.format, opt.limits);
      if (!tmp.ok()) return errors.Add(tmp.status());
      MutableImageView t = tmp->mutable_view();
      int32_t a = 0;
      const ResampleTable sub = SubTable(*tv, b, e, &a);
      std::optional<Image> keep;
      const std::optional<ImageView> rows = in.Rows(a, a + sub.in_size, keep);
      if (!rows) return;
      ReduceV(*rows, t, sub, 0, e - b);
      ReduceH(t, dst.Crop(Rect{0, b, dst.width, e - b}), *th, 0, e - b);
      release_after(e);
    });
  }
  return errors.First();
}

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
    if (opt.wait_source_rows != nullptr) (*opt.wait_source_rows)(src_in.height);
    if (opt.source_row != nullptr) {
      const size_t bytes = static_cast<size_t>(dst.width) * static_cast<size_t>(dst.channels());
      for (int32_t y = 0; y < dst.height; ++y) {
        std::memcpy(dst.Row(y), (*opt.source_row)(y), bytes);
      }
      return Status::Ok();
    }
    strips(dst.height, [&](int32_t b, int32_t e) { CopyRows(src_in, dst, b, e); });
    return Status::Ok();
  }
  ImageView src = src_in;
  // Straight alpha: resample premultiplied values (stb_image_resize2 "ALPHA CHANNEL"). The first
  // pass (box shrink or reduce) premultiplies, strip by strip, just the source rows it reads
  // (RowSource), so a huge source is never copied whole.
  const bool premultiply = HasAlpha(src.format) && src.alpha == AlphaMode::kStraight;
  bool premultiplied = false;
  bool shrunk = false;  // src is now a box shrink's (complete) output
  StripErrors errors;
  // Only the caller's source may still be arriving; the box shrinks' outputs are complete.
  auto source_rows = [&](int32_t a, int32_t z, std::optional<Image>& keep) {
    return RowSource(src, premultiply && !premultiplied, opt.limits, &errors,
                     shrunk ? nullptr : opt.wait_source_rows, nullptr,
                     shrunk ? nullptr : opt.source_row)
        .Rows(a, z, keep);
  };

  // Integer box shrink, vertical first: it is the cheaper pass and divides the rows the
  // horizontal one has to touch.
  const int32_t fy = BoxShrinkFactor(src.height, dst.height, opt.gap);
  const int32_t fx = BoxShrinkFactor(src.width, dst.width, opt.gap);
  std::optional<Image> shrunk_v, shrunk_h;
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
      if (opt.release_source_rows != nullptr) (*opt.release_source_rows)(z);
    });
    OSSIMG_RETURN_IF_ERROR(errors.First());
    src = sv;
    premultiplied = premultiply;
    shrunk = true;
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
      if (!shrunk && opt.release_source_rows != nullptr) (*opt.release_source_rows)(e);
    });
    OSSIMG_RETURN_IF_ERROR(errors.First());
    src = sh;
    premultiplied = premultiply;
    shrunk = true;
  }
  if (fx > 1) shrunk_v.reset();  // consumed by the horizontal shrink

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
  // Without a box shrink the source is still straight: the passes premultiply strip by strip.
  const RowSource rows(src, premultiply && !premultiplied, opt.limits, &errors,
                       shrunk ? nullptr : opt.wait_source_rows,
                       shrunk ? nullptr : opt.release_source_rows,
                       shrunk ? nullptr : opt.source_row);
  OSSIMG_RETURN_IF_ERROR(
      Separable(rows, dst, th ? &*th : nullptr, tv ? &*tv : nullptr, opt, errors));
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
  const bool premultiply = HasAlpha(src.format) && src.alpha == AlphaMode::kStraight;
  StripErrors errors;
  const RowSource rows(src, premultiply, opt.limits, &errors);
  OSSIMG_RETURN_IF_ERROR(Separable(rows, dst, &table_h, &table_v, opt, errors));
  if (premultiply) {
    ForEachStrip(pool, dst.height, opt.strip_rows,
                 [&](int32_t b, int32_t e) { Unpremultiply(dst, b, e); });
  }
  return Status::Ok();
}

}  // namespace ossimg::kernels
