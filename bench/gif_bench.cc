// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// GIF and WebP (still and animated) throughput in megapixels per second, counting every frame's
// canvas pixels ("MP/s" = frames x width x height / CPU second). Inputs from the shared corpus
// (OSSIMG_CORPUS_DIR): gif/newtons-cradle-480x360-36f.gif (36 frames, transparency),
// gif/horses-402x280-57f.gif (57 opaque photo-like frames, 3 MB) and webp/yellow-rose-400x301-*;
// generated images when the corpus is absent. Encoders take the decoded frames, so both
// directions see the same pictures.

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "ossimg/codec.h"
#include "ossimg/engine.h"

namespace {

std::vector<uint8_t> ReadCorpus(const std::string& rel) {
  std::ifstream in(std::string(OSSIMG_CORPUS_DIR) + "/" + rel, std::ios::binary);
  if (!in) return {};
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

// A moving gradient: `frames` frames of w x h, for when the corpus is missing.
ossimg::Animation GeneratedAnimation(int32_t w, int32_t h, int frames) {
  ossimg::Animation a;
  for (int i = 0; i < frames; ++i) {
    ossimg::Image img = *ossimg::Image::Create(w, h, ossimg::PixelFormat::kRGB8);
    for (int32_t y = 0; y < h; ++y) {
      uint8_t* row = img.Row(y);
      for (int32_t x = 0; x < w; ++x) {
        row[3 * x] = static_cast<uint8_t>(x + 4 * i);
        row[3 * x + 1] = static_cast<uint8_t>(y);
        row[3 * x + 2] = static_cast<uint8_t>((x + y) / 2);
      }
    }
    a.frames.push_back(std::move(img));
    a.delays_ms.push_back(50);
  }
  return a;
}

struct Input {
  std::vector<uint8_t> bytes;
  ossimg::Animation anim;
  double megapixels = 0;  // all frames
  std::string label;
};

Input Load(const char* rel, ossimg::ImageFormat fallback_format) {
  Input in;
  in.bytes = ReadCorpus(rel);
  in.label = rel;
  if (in.bytes.empty()) {
    in.anim = GeneratedAnimation(480, 360, 24);
    in.bytes = *ossimg::EncodeAnimation(in.anim, fallback_format);
    in.label = "generated-480x360x24";
  } else {
    in.anim = *ossimg::DecodeAnimation(in.bytes.data(), in.bytes.size());
  }
  const ossimg::Image& f = in.anim.frames[0];
  in.megapixels = static_cast<double>(f.width()) * f.height() * in.anim.frames.size() / 1e6;
  return in;
}

const Input& Cradle() {
  static const Input in = Load("gif/newtons-cradle-480x360-36f.gif", ossimg::ImageFormat::kGif);
  return in;
}
const Input& Horses() {
  static const Input in = Load("gif/horses-402x280-57f.gif", ossimg::ImageFormat::kGif);
  return in;
}
const Input& WebpAnimated() {
  // The cradle as an animated lossy WebP (q75), written once by ossimg.
  static const Input in = [] {
    Input w;
    const Input& c = Cradle();
    w.bytes = *ossimg::EncodeAnimation(c.anim, ossimg::ImageFormat::kWebp);
    w.anim = *ossimg::DecodeAnimation(w.bytes.data(), w.bytes.size());
    w.megapixels = c.megapixels;
    w.label = c.label + " as animated webp q75";
    return w;
  }();
  return in;
}
const Input& WebpStill() {
  static const Input in =
      Load("webp/yellow-rose-400x301-lossy-alpha.webp", ossimg::ImageFormat::kWebp);
  return in;
}

void SetRate(benchmark::State& state, const Input& in) {
  state.counters["MP/s"] = benchmark::Counter(
      in.megapixels * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetLabel(in.label);
}

void Decode(benchmark::State& state, const Input& in) {
  for (auto _ : state) {
    auto a = ossimg::DecodeAnimation(in.bytes.data(), in.bytes.size());
    if (!a.ok()) state.SkipWithError(a.status().ToString().c_str());
    benchmark::DoNotOptimize(a);
  }
  SetRate(state, in);
}

void Encode(benchmark::State& state, const Input& in, ossimg::ImageFormat f,
            const ossimg::EncodeOptions& o = {}) {
  size_t bytes = 0;
  for (auto _ : state) {
    auto b = ossimg::EncodeAnimation(in.anim, f, o);
    if (!b.ok()) state.SkipWithError(b.status().ToString().c_str());
    bytes = b.ok() ? b->size() : 0;
    benchmark::DoNotOptimize(b);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  SetRate(state, in);
}

void BM_Gif_Decode(benchmark::State& state) { Decode(state, Cradle()); }
void BM_Gif_DecodePhoto(benchmark::State& state) { Decode(state, Horses()); }
void BM_Gif_Encode(benchmark::State& state) { Encode(state, Cradle(), ossimg::ImageFormat::kGif); }
void BM_Gif_EncodePhoto(benchmark::State& state) {
  Encode(state, Horses(), ossimg::ImageFormat::kGif);
}
// One frame: the still-image path (median cut + Floyd-Steinberg).
void BM_Gif_EncodeStillDithered(benchmark::State& state) {
  static const Input in = [] {
    Input one;
    const Input& h = Horses();
    one.anim.frames.push_back(*ossimg::Image::Create(h.anim.frames[0].width(),
                                                     h.anim.frames[0].height(),
                                                     h.anim.frames[0].format()));
    for (int32_t y = 0; y < one.anim.frames[0].height(); ++y) {
      std::copy(h.anim.frames[0].Row(y),
                h.anim.frames[0].Row(y) + one.anim.frames[0].width() * h.anim.frames[0].channels(),
                one.anim.frames[0].Row(y));
    }
    one.anim.delays_ms = {0};
    one.megapixels = one.anim.frames[0].width() * one.anim.frames[0].height() / 1e6;
    one.label = h.label + " frame 1";
    return one;
  }();
  Encode(state, in, ossimg::ImageFormat::kGif);
}
void BM_Webp_DecodeAnimated(benchmark::State& state) { Decode(state, WebpAnimated()); }
void BM_Webp_EncodeAnimated(benchmark::State& state) {
  Encode(state, Cradle(), ossimg::ImageFormat::kWebp);
}
void BM_Webp_DecodeStill(benchmark::State& state) { Decode(state, WebpStill()); }
void BM_Webp_EncodeStill(benchmark::State& state) {
  Encode(state, WebpStill(), ossimg::ImageFormat::kWebp);
}
// The engine's animated path: every frame resized to 240 px wide and written as GIF.
void BM_Gif_ResizeAnimated(benchmark::State& state) {
  ossimg::Options o;
  o.threads = 1;
  const ossimg::Engine engine(o);
  const Input& in = Cradle();
  for (auto _ : state) {
    auto r = engine.Process(in.bytes.data(), in.bytes.size(), "image/resize,w_240");
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    benchmark::DoNotOptimize(r);
  }
  SetRate(state, in);
}

BENCHMARK(BM_Gif_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gif_DecodePhoto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gif_Encode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gif_EncodePhoto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gif_EncodeStillDithered)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gif_ResizeAnimated)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Webp_DecodeAnimated)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Webp_EncodeAnimated)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Webp_DecodeStill)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Webp_EncodeStill)->Unit(benchmark::kMillisecond);

}  // namespace
