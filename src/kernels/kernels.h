// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// SIMD-free declarations of the pixel kernels, for the planner and the executor (the role of
// Highway's skeleton.h). Nothing here includes Highway.
//
// Common principles:
// - Pixels are interleaved 8-bit samples with 1-4 channels; views follow include/ossimg/image.h:
//   rows are padded by >= 64 bytes, so a kernel may *read* a full vector (or a 4-byte gather)
//   starting at the last pixel of a row. Kernels never *write* past `width * channels` bytes of a
//   destination row, because a destination may be a crop of a larger image.
// - Arithmetic is integer fixed point, so the SIMD kernels (src/kernels/*.cc, one foreach_target TU
//   per family) and their scalar twins (src/kernels/reference/) produce bit-identical pixels on
//   every Highway target. Tests compare them exactly.
// - Each kernel processes destination rows [row_begin, row_end). Rows are independent, so the
//   executor may split an image into strips and run them on different threads; results do not
//   depend on the split.
// - Dispatch happens once per call (a row batch), never per pixel. SetForceScalar(true) or the
//   environment variable OSSIMG_NO_SIMD=1 routes every call to the scalar twin.
// - Preconditions (matching sizes, channel counts) are the caller's job: the Status-returning
//   helpers in resize.h validate user-controlled sizes before a kernel runs; a kernel that is
//   handed inconsistent views aborts instead of touching memory it does not own.

#ifndef OSSIMG_SRC_KERNELS_KERNELS_H_
#define OSSIMG_SRC_KERNELS_KERNELS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ossimg/image.h"
#include "ossimg/status.h"

namespace ossimg::kernels {

// ------------------------------------------------------------------------------------------------
// Dispatch control.

// When true, every kernel runs its scalar twin in src/kernels/reference/. The initial value is
// true iff the environment variable OSSIMG_NO_SIMD is set to a non-empty value other than "0".
// Thread-safe (an atomic flag); meant to be set once at start-up or by tests.
void SetForceScalar(bool force);
bool ForceScalar();

// The Highway target (HWY_AVX2, HWY_SCALAR, ...) that dynamic dispatch currently selects for the
// kernels, taking hwy::SetSupportedTargetsForTest into account. Tests use it to know which
// compiled instance of the library really ran.
int64_t ActiveTarget();
// Whether the kernels were compiled for `target` (a single HWY_* bit). Check before forcing a
// target with hwy::SetSupportedTargetsForTest: with clang, Highway 1.0.3's libhwy (built by g++)
// and our code disagree on the fallback bit, and dispatch to a target compiled into neither
// crashes instead of falling back.
bool TargetCompiled(int64_t target);
// Human-readable name of ActiveTarget(), or "reference" when ForceScalar() is set.
const char* ActiveTargetName();

// ------------------------------------------------------------------------------------------------
// Resampling tables.

// Reconstruction filters for the separable reduce/enlarge. kBox averages the covered input pixels
// (area sampling; used for the fractional part of OSS `m=fixed` with tiny ratios).
enum class Filter : uint8_t { kBox, kBilinear, kBicubic, kLanczos3 };
const char* FilterName(Filter f);

// Weights are signed 16-bit fixed point with kWeightBits fractional bits; the weights of each
// output sample sum to exactly 1 << kWeightBits, so a flat image stays flat, bit for bit.
constexpr int kWeightBits = 14;
constexpr int32_t kWeightOne = 1 << kWeightBits;

// The contributor list of one axis, built once per plan node and shared by every row and thread.
// Output sample `o` reads input samples start[o] .. start[o] + taps - 1 (always inside
// [0, in_size), taps <= in_size): taps that would fall outside the image are folded onto the edge
// sample (edge extension), so the hot loops need no border branches.
struct ResampleTable {
  int32_t in_size = 0;
  int32_t out_size = 0;
  int32_t taps = 0;
  // out_size rounded up to a multiple of 16 so kernels can load a vector of per-output values
  // for the last (partial) block; the padding has start = 0 and zero weights.
  int32_t out_padded = 0;
  std::vector<int32_t> start;  // [out_padded], in samples (not bytes)
  // Tap-major: weights[k * out_padded + o]. Values fit in int16 (|w| <= 2^14); stored as int32 so
  // a SIMD kernel loads them straight into 32-bit lanes.
  std::vector<int32_t> weights;
  // Outputs [conv_begin, conv_end) all read start[o] = o + conv_offset with the same weights (a
  // same-size convolution such as the Gaussian, away from the borders). ReduceH then runs them
  // byte-wise like ReduceV instead of gathering pixels; the arithmetic is unchanged. Empty for
  // resampling tables.
  int32_t conv_begin = 0, conv_end = 0, conv_offset = 0;

  int32_t Weight(int32_t o, int32_t k) const {
    return weights[static_cast<size_t>(k) * out_padded + o];
  }
};

// Maps out_size output samples onto in_size input samples with centres aligned
// (x_in = (x_out + 0.5) * in / out - 0.5). Downscaling widens the kernel by the ratio so every
// input contributes (no aliasing); upscaling samples the kernel at unit width.
// Fails with InvalidArgument when a size is not in [1, 2^24] or the table would be huge.
StatusOr<ResampleTable> BuildResampleTable(int32_t in_size, int32_t out_size, Filter filter);

// A same-size table applying a normalised Gaussian of standard deviation `sigma` truncated at
// `radius` samples each side (OSS blur: r, s in [1, 50]).
StatusOr<ResampleTable> BuildGaussianTable(int32_t size, double sigma, int32_t radius);

// ------------------------------------------------------------------------------------------------
// Resample kernels. `src` and `dst` have the same format; channels 1-4.

// dst.height == src.height, dst.width == t.out_size, src.width == t.in_size. Row y of dst is
// computed from row y of src.
void ReduceH(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end);
// dst.width == src.width, src.height == t.in_size, dst.height == t.out_size.
void ReduceV(const ImageView& src, const MutableImageView& dst, const ResampleTable& t,
             int32_t row_begin, int32_t row_end);

// Integer box shrink: each output sample is the rounded mean of `factor` input samples; the last
// output averages only the samples that remain (out = ceil(in / factor)). factor in [1, 32767].
int32_t ShrinkedSize(int32_t in_size, int32_t factor);
void ShrinkH(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end);
void ShrinkV(const ImageView& src, const MutableImageView& dst, int32_t factor, int32_t row_begin,
             int32_t row_end);
constexpr int32_t kMaxShrinkFactor = 32767;

// ------------------------------------------------------------------------------------------------
// Alpha. In place, rows [row_begin, row_end) of a 2- or 4-channel image (alpha last).
// Premultiply: c' = round(c * a / 255). Unpremultiply: c = min(255, round(c' * 255 / a)), 0 if a=0.
void Premultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end);
void Unpremultiply(const MutableImageView& img, int32_t row_begin, int32_t row_end);

// ------------------------------------------------------------------------------------------------
// Right-angle rotations and mirrors (OSS rotate,90/180/270, flip; EXIF orientations 2-8).
// Rotations are clockwise, as OSS's. Destination row y is computed for rows [row_begin, row_end).

enum class RightAngle : uint8_t {
  kFlipH,     // mirror left-right
  kFlipV,     // mirror top-bottom
  kRotate90,  // clockwise
  kRotate180,
  kRotate270,   // clockwise, i.e. 90 counter-clockwise
  kTranspose,   // mirror about the main diagonal
  kTransverse,  // mirror about the anti-diagonal
};
// True when the destination is src.height x src.width.
constexpr bool SwapsAxes(RightAngle op) {
  return op == RightAngle::kRotate90 || op == RightAngle::kRotate270 ||
         op == RightAngle::kTranspose || op == RightAngle::kTransverse;
}
void RotateRightAngle(const ImageView& src, const MutableImageView& dst, RightAngle op,
                      int32_t row_begin, int32_t row_end);

// ------------------------------------------------------------------------------------------------
// Arbitrary rotation (OSS rotate,<1-359>): clockwise about the centre onto a canvas that holds
// the whole rotated picture (W' = |W cos| + |H sin|, H' = |W sin| + |H cos|, rounded), sampled
// bilinearly; canvas pixels outside the picture get `background`, and the picture's edges blend
// into it (anti-aliased). Callers premultiply straight alpha around it, as for resizing.

// Fixed-point inverse mapping, built once per node: source position of destination pixel
// (x, y) is (row_x[y] + x * ax, row_y[y] + x * ay) in units of 2^-24 px (pixel centres at
// integers). Bilinear weights use the top 8 fractional bits.
struct RotateTable {
  int32_t src_width = 0, src_height = 0;
  int32_t dst_width = 0, dst_height = 0;
  int32_t ax = 0, ay = 0;  // |ax|, |ay| <= 2^24
  std::vector<int64_t> row_x, row_y;
};
constexpr int kRotateFracBits = 24;

// Fails with InvalidArgument for empty or oversized (side > 65535) images.
StatusOr<RotateTable> BuildRotateTable(int32_t width, int32_t height, double degrees);

// dst is t.dst_width x t.dst_height, src is t.src_width x t.src_height, same format.
// `background` holds one value per channel (only the first channels() are used).
void RotateArbitrary(const ImageView& src, const MutableImageView& dst, const RotateTable& t,
                     const uint8_t background[4], int32_t row_begin, int32_t row_end);

// ------------------------------------------------------------------------------------------------
// Point operations (src/kernels/pixel_ops.cc). Rows [row_begin, row_end) of the destination.

// Per-channel lookup table: byte v of channel c becomes lut[c * 256 + v]; `lut` holds
// channels() * 256 entries (bright and contrast build theirs in filters.cc, alpha's is identity).
void ApplyLut(const MutableImageView& img, const uint8_t* lut, int32_t row_begin, int32_t row_end);

// Unsharp-mask combination: dst = clamp(src + ((src - blurred) * amount_q8[c]) >> 8) per channel
// c (amount in 1/256 units, arithmetic shift; 0 leaves a channel such as alpha unchanged).
void UnsharpCombine(const ImageView& src, const ImageView& blurred, const MutableImageView& dst,
                    const int32_t amount_q8[4], int32_t row_begin, int32_t row_end);

// Anti-aliased alpha masks: alpha = round(alpha * coverage / 255), where coverage is the area of
// the pixel inside the shape, in 1/255. The shape is a circle of radius `radius` centred at
// (cx, cy), or, with `corner_radius` > 0, a width x height rectangle with rounded corners.
struct MaskShape {
  bool rounded_rect = false;
  double cx = 0, cy = 0, radius = 0;  // circle
  int32_t width = 0, height = 0;      // rounded rectangle (the whole image)
  double corner_radius = 0;
};
// One row of coverage bytes (shared scalar code: both kernel paths read the same bytes).
void MaskCoverageRow(const MaskShape& shape, int32_t y, int32_t width, uint8_t* coverage);
void ApplyMask(const MutableImageView& img, const MaskShape& shape, int32_t row_begin,
               int32_t row_end);

// Adds every sample of rows [row_begin, row_end) to sums[x * channels + c] (uint32 per column
// and channel; callers keep row_end - row_begin below 2^24). For average-hue.
void AccumulateColumns(const ImageView& img, uint32_t* sums, int32_t row_begin, int32_t row_end);

// Any of Gray8/GrayA8/RGB8/RGBA8 to any other. Colour to grey: (77 R + 150 G + 29 B + 128) >> 8
// (BT.601); grey to colour replicates; losing alpha flattens onto background[0..2]
// (round((c a + bg (255 - a)) / 255)); gaining alpha sets 255.
void ConvertFormat(const ImageView& src, const MutableImageView& dst, const uint8_t background[3],
                   int32_t row_begin, int32_t row_end);

}  // namespace ossimg::kernels

#endif  // OSSIMG_SRC_KERNELS_KERNELS_H_
