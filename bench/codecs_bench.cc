// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Codec throughput in source megapixels per second ("MP/s"). Inputs: the shared corpus when it is
// there (OSSIMG_CORPUS_DIR: the 17.9 MP baseline 4:2:0 photo for JPEG, a 1920x1200 RGBA PNG),
// generated images otherwise. The same files are the ones djpeg/cjpeg are timed on in
// docs/codecs.md, so the numbers compare.

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "ossimg/codec.h"

namespace {

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

ossimg::Image Generated(int32_t w, int32_t h, ossimg::PixelFormat f) {
  ossimg::StatusOr<ossimg::Image> img = ossimg::Image::Create(w, h, f);
  const int ch = ossimg::Channels(f);
  uint32_t s = 12345;
  for (int32_t y = 0; y < h; ++y) {
    uint8_t* row = img->Row(y);
    for (int32_t x = 0; x < w * ch; ++x) {
      s = s * 1103515245u + 12345u;
      row[x] = static_cast<uint8_t>((x / ch + y) / 8 + (x % ch) * 40 + ((s >> 16) & 15));
    }
  }
  return std::move(img).value();
}

// The bytes of a benchmark input: a corpus file, else `fallback` encoded as `format`.
struct Input {
  std::vector<uint8_t> bytes;
  int64_t pixels = 0;
  std::string label;
};

Input Load(const char* corpus_file, ossimg::ImageFormat format, ossimg::PixelFormat layout) {
  Input in;
  in.bytes = ReadFile(std::string(OSSIMG_CORPUS_DIR) + "/" + corpus_file);
  in.label = corpus_file;
  if (in.bytes.empty()) {
    const ossimg::Image img = Generated(4000, 3000, layout);
    in.bytes = *ossimg::EncodeImage(img.view(), format, {});
    in.label = "generated-4000x3000";
  }
  const auto info = ossimg::ProbeImage(in.bytes.data(), in.bytes.size());
  in.pixels = info.ok() ? int64_t{info->width} * info->height : 0;
  return in;
}

const Input& JpegInput() {
  static const Input in = Load("jpeg/elephants-5640x3172-base420q90.jpg",
                               ossimg::ImageFormat::kJpeg, ossimg::PixelFormat::kRGB8);
  return in;
}

const Input& PngInput() {
  static const Input in = Load("png/gulp-1920x1200-rgba-alpha.png", ossimg::ImageFormat::kPng,
                               ossimg::PixelFormat::kRGBA8);
  return in;
}

void SetRate(benchmark::State& state, const Input& in) {
  state.counters["MP/s"] = benchmark::Counter(
      static_cast<double>(in.pixels) * static_cast<double>(state.iterations()) / 1e6,
      benchmark::Counter::kIsRate);
  state.SetLabel(in.label);
}

void Decode(benchmark::State& state, const Input& in, int scale) {
  ossimg::DecodeOptions o;
  o.scale_denom = scale;
  for (auto _ : state) {
    auto img = ossimg::DecodeImage(in.bytes.data(), in.bytes.size(), o);
    if (!img.ok()) state.SkipWithError(img.status().ToString().c_str());
    benchmark::DoNotOptimize(img);
  }
  SetRate(state, in);
}

void BM_Jpeg_Decode(benchmark::State& state) { Decode(state, JpegInput(), 1); }
void BM_Jpeg_DecodeScaled(benchmark::State& state) {
  Decode(state, JpegInput(), static_cast<int>(state.range(0)));
}
void BM_Png_Decode(benchmark::State& state) { Decode(state, PngInput(), 1); }

// Crop-on-load: a 1024x1024 window from the middle decodes only its rows and iMCU columns
// (plus one iMCU of padding). MP/s counts the source pixels, so it compares with BM_Jpeg_Decode.
void BM_Jpeg_DecodeCrop(benchmark::State& state) {
  const Input& in = JpegInput();
  const auto info = ossimg::ProbeImage(in.bytes.data(), in.bytes.size());
  ossimg::DecodeOptions o;
  o.crop = ossimg::Rect{info->width / 2 - 512, info->height / 2 - 512, 1024, 1024};
  for (auto _ : state) {
    auto img = ossimg::DecodeImage(in.bytes.data(), in.bytes.size(), o);
    if (!img.ok()) state.SkipWithError(img.status().ToString().c_str());
    benchmark::DoNotOptimize(img);
  }
  SetRate(state, in);
}

void Encode(benchmark::State& state, const Input& in, ossimg::ImageFormat f,
            const ossimg::EncodeOptions& eo) {
  const auto img = ossimg::DecodeImage(in.bytes.data(), in.bytes.size());
  if (!img.ok()) {
    state.SkipWithError(img.status().ToString().c_str());
    return;
  }
  size_t bytes = 0;
  for (auto _ : state) {
    auto out = ossimg::EncodeImage(img->view(), f, eo);
    if (!out.ok()) state.SkipWithError(out.status().ToString().c_str());
    bytes = out.ok() ? out->size() : 0;
    benchmark::DoNotOptimize(out);
  }
  SetRate(state, in);
  state.counters["bytes"] = static_cast<double>(bytes);
}

void BM_Jpeg_Encode(benchmark::State& state) {
  ossimg::EncodeOptions eo;  // q85, 4:2:0, optimised Huffman: the defaults
  Encode(state, JpegInput(), ossimg::ImageFormat::kJpeg, eo);
}
void BM_Jpeg_EncodeProgressive(benchmark::State& state) {
  ossimg::EncodeOptions eo;
  eo.progressive = true;
  Encode(state, JpegInput(), ossimg::ImageFormat::kJpeg, eo);
}
void BM_Png_Encode(benchmark::State& state) {
  Encode(state, PngInput(), ossimg::ImageFormat::kPng, {});
}
void BM_Png_EncodeNoFilter(benchmark::State& state) {
  ossimg::EncodeOptions eo;
  eo.png_adaptive_filter = false;
  Encode(state, PngInput(), ossimg::ImageFormat::kPng, eo);
}
void BM_Jpeg_Probe(benchmark::State& state) {
  const Input& in = JpegInput();
  for (auto _ : state) {
    auto info = ossimg::ProbeImage(in.bytes.data(), in.bytes.size());
    benchmark::DoNotOptimize(info);
  }
}

BENCHMARK(BM_Jpeg_Probe);
BENCHMARK(BM_Jpeg_Decode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Jpeg_DecodeScaled)
    ->Arg(2)
    ->Arg(4)
    ->Arg(8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Jpeg_DecodeCrop)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Jpeg_Encode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Jpeg_EncodeProgressive)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Png_Decode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Png_Encode)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Png_EncodeNoFilter)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
