// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Our baseline Huffman decoder (codecs/jpeg_entropy.h) against libjpeg-turbo's own: every scale,
// every sampling layout, grey, one and two threads, byte for byte. The reference decodes run
// libjpeg directly, with nothing of ours in the way.

#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

// clang-format off: jpeglib.h needs size_t and FILE declared before it.
#include <jpeglib.h>
// clang-format on

#include "codecs/jpeg_entropy.h"
#include "gtest/gtest.h"
#include "ossimg/codec.h"

namespace ossimg {
namespace {

using codecs::JpegEntropy;

// Photo-like content with enough detail for long codes and every coefficient position: smooth
// gradients, hard edges and noise.
std::vector<uint8_t> Pixels(int w, int h, int comps, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * comps);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < comps; ++c) {
        int v = (x * (c + 1) * 3 + y * (3 - c) * 2) / 5 % 256;
        if (((x / 37) + (y / 23)) % 3 == 0) v = 255 - v;  // edges
        v += static_cast<int>(rng() % 61) - 30;           // noise
        px[(static_cast<size_t>(y) * w + x) * comps + c] =
            static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
      }
    }
  }
  return px;
}

struct EncodeSpec {
  int width, height, comps;
  int h_samp, v_samp;  // luma sampling factors
  int quality;
  int restart_rows = 0;
  int restart_mcus = 0;  // restart interval in MCUs (wins over restart_rows)
  bool progressive = false;
};

std::vector<uint8_t> Encode(const EncodeSpec& s, uint32_t seed) {
  const std::vector<uint8_t> px = Pixels(s.width, s.height, s.comps, seed);
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* out = nullptr;
  unsigned long out_size = 0;
  jpeg_mem_dest(&c, &out, &out_size);
  c.image_width = static_cast<JDIMENSION>(s.width);
  c.image_height = static_cast<JDIMENSION>(s.height);
  c.input_components = s.comps;
  c.in_color_space = s.comps == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, s.quality, TRUE);
  if (s.comps == 3) {
    c.comp_info[0].h_samp_factor = s.h_samp;
    c.comp_info[0].v_samp_factor = s.v_samp;
  }
  c.restart_in_rows = s.restart_rows;
  if (s.restart_mcus > 0) c.restart_interval = static_cast<unsigned int>(s.restart_mcus);
  if (s.progressive) jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<uint8_t*>(px.data()) +
                   static_cast<size_t>(c.next_scanline) * s.width * s.comps;
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  std::vector<uint8_t> bytes(out, out + out_size);
  jpeg_destroy_compress(&c);
  std::free(out);
  return bytes;
}

struct Decoded {
  std::vector<uint8_t> pixels;
  int width = 0, height = 0;
  int warnings = 0;
  bool installed = false;
  JpegEntropy::Stats stats;
};

struct CountingErrors {
  jpeg_error_mgr pub;
  int warnings;
};

void CountWarning(j_common_ptr cinfo, int level) {
  if (level < 0) ++reinterpret_cast<CountingErrors*>(cinfo->err)->warnings;
}

// `hook`: 0 = libjpeg alone; otherwise our decoder with that many threads.
Decoded Decode(const std::vector<uint8_t>& jpeg, int scale, int hook) {
  jpeg_decompress_struct d{};  // client_data must start null (JpegEntropy uses it)
  CountingErrors err;
  d.err = jpeg_std_error(&err.pub);
  err.pub.emit_message = CountWarning;
  err.warnings = 0;
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, jpeg.data(), static_cast<unsigned long>(jpeg.size()));
  jpeg_read_header(&d, TRUE);
  d.scale_num = 1;
  d.scale_denom = static_cast<unsigned int>(scale);
  jpeg_start_decompress(&d);
  Decoded out;
  std::unique_ptr<JpegEntropy> entropy;
  if (hook > 0) entropy = JpegEntropy::Install(&d, hook, uint64_t{1} << 30);
  out.installed = entropy != nullptr;
  out.width = static_cast<int>(d.output_width);
  out.height = static_cast<int>(d.output_height);
  const size_t stride = static_cast<size_t>(d.output_width) * d.output_components;
  out.pixels.resize(stride * d.output_height);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = out.pixels.data() + stride * d.output_scanline;
    jpeg_read_scanlines(&d, &row, 1);
  }
  jpeg_finish_decompress(&d);
  if (entropy != nullptr) out.stats = entropy->stats();
  entropy.reset();
  jpeg_destroy_decompress(&d);
  out.warnings = err.warnings;
  return out;
}

struct Layout {
  const char* name;
  int comps, h_samp, v_samp;
};

const Layout kLayouts[] = {
    {"420", 3, 2, 2}, {"422", 3, 2, 1}, {"440", 3, 1, 2}, {"444", 3, 1, 1}, {"gray", 1, 1, 1}};

TEST(JpegEntropy, SameCoefficientsAsLibjpegAtEveryScaleAndLayout) {
  int synced = 0;
  for (const Layout& l : kLayouts) {
    // Odd sizes: partial MCUs on the right and at the bottom.
    for (const int quality : {75, 95}) {
      const EncodeSpec spec{1203, 795, l.comps, l.h_samp, l.v_samp, quality};
      const std::vector<uint8_t> jpeg = Encode(spec, 7u + quality);
      for (const int scale : {1, 2, 4, 8}) {
        SCOPED_TRACE(std::string(l.name) + " q" + std::to_string(quality) + " 1/" +
                     std::to_string(scale) + " (" + std::to_string(jpeg.size()) + " bytes)");
        const Decoded ref = Decode(jpeg, scale, 0);
        for (const int threads : {1, 2}) {
          const Decoded ours = Decode(jpeg, scale, threads);
          ASSERT_TRUE(ours.installed);
          EXPECT_EQ(ours.width, ref.width);
          EXPECT_EQ(ours.height, ref.height);
          EXPECT_TRUE(ours.pixels == ref.pixels) << "threads " << threads;
          EXPECT_EQ(ours.warnings, 0);
          if (threads == 2 && ours.stats.helper_started) {
            EXPECT_GT(ours.stats.helper_mcus, 0);
            if (ours.stats.synced_at > 0) ++synced;
          }
        }
      }
    }
  }
  // The point of the helper: on these sizes it starts, and its work is used (it resynchronises
  // within a few MCUs on real data; a miss costs time, not pixels).
  EXPECT_GT(synced, 20);
}

TEST(JpegEntropy, HelperWorkIsUsedOnALargeScan) {
  const EncodeSpec spec{2000, 1500, 3, 2, 2, 92};
  const std::vector<uint8_t> jpeg = Encode(spec, 11);
  ASSERT_GT(jpeg.size(), size_t{512} << 10);
  const Decoded ref = Decode(jpeg, 4, 0);
  const Decoded ours = Decode(jpeg, 4, 2);
  ASSERT_TRUE(ours.installed);
  EXPECT_TRUE(ours.stats.helper_started);
  EXPECT_GT(ours.stats.synced_at, 0);
  EXPECT_TRUE(ours.pixels == ref.pixels);
  // One thread: no helper, same pixels.
  const Decoded one = Decode(jpeg, 4, 1);
  EXPECT_FALSE(one.stats.helper_started);
  EXPECT_TRUE(one.pixels == ref.pixels);
}

TEST(JpegEntropy, RestartIntervalsDecodeLikeLibjpegAndSplitExactly) {
  // Cameras often write restart markers: the intervals reset the DC predictors and start on a
  // byte, so the helper starts exactly at one (no speculation) and the pixels stay libjpeg's.
  int synced = 0;
  for (const Layout& l : kLayouts) {
    for (const int mcus : {1, 7, 64}) {
      EncodeSpec spec{1203, 795, l.comps, l.h_samp, l.v_samp, 92};
      spec.restart_mcus = mcus;
      const std::vector<uint8_t> jpeg = Encode(spec, 31u + mcus);
      for (const int scale : {1, 4}) {
        SCOPED_TRACE(std::string(l.name) + " every " + std::to_string(mcus) + " MCUs, 1/" +
                     std::to_string(scale));
        const Decoded ref = Decode(jpeg, scale, 0);
        EXPECT_EQ(ref.warnings, 0);
        for (const int threads : {1, 2}) {
          const Decoded ours = Decode(jpeg, scale, threads);
          ASSERT_TRUE(ours.installed);
          EXPECT_TRUE(ours.pixels == ref.pixels) << "threads " << threads;
          EXPECT_EQ(ours.warnings, 0);
          if (threads == 2 && ours.stats.synced_at > 0) {
            EXPECT_EQ(ours.stats.synced_at % mcus, 0);  // at an interval boundary
            ++synced;
          }
        }
      }
    }
  }
  EXPECT_GT(synced, 10);
}

TEST(JpegEntropy, RestartMarkersOutOfSequenceStayWithLibjpeg) {
  EncodeSpec spec{640, 480, 3, 2, 2, 85};
  spec.restart_mcus = 4;
  std::vector<uint8_t> jpeg = Encode(spec, 2);
  // Renumber the second RST marker: libjpeg's resynchronisation (and its warnings) decide.
  int seen = 0;
  for (size_t i = 0; i + 1 < jpeg.size(); ++i) {
    if (jpeg[i] == 0xFF && jpeg[i + 1] >= 0xD0 && jpeg[i + 1] <= 0xD7 && ++seen == 2) {
      jpeg[i + 1] = 0xD5;
      break;
    }
  }
  ASSERT_EQ(seen, 2);
  EXPECT_FALSE(Decode(jpeg, 1, 2).installed);
}

TEST(JpegEntropy, LeavesOtherScansToLibjpeg) {
  EncodeSpec spec{640, 480, 3, 2, 2, 85};
  spec.progressive = true;
  EXPECT_FALSE(Decode(Encode(spec, 1), 1, 2).installed);
  spec.progressive = false;
  // Truncated before EOI: libjpeg's recovery (a warning and grey rows) stays in charge.
  spec.restart_rows = 0;
  std::vector<uint8_t> cut = Encode(spec, 1);
  cut.resize(cut.size() * 2 / 3);
  EXPECT_FALSE(Decode(cut, 1, 2).installed);
}

// The offset of the first entropy-coded byte (after the SOS segment).
size_t ScanStart(const std::vector<uint8_t>& jpeg) {
  for (size_t i = 2; i + 4 < jpeg.size();) {
    if (jpeg[i] != 0xFF) return 0;
    const int marker = jpeg[i + 1];
    const size_t len = (static_cast<size_t>(jpeg[i + 2]) << 8) | jpeg[i + 3];
    if (marker == 0xDA) return i + 2 + len;
    i += 2 + len;
  }
  return 0;
}

TEST(JpegEntropy, ShortScanReadsZerosAndWarnsLikeLibjpeg) {
  // Bytes cut out of the middle with the EOI kept: the scan runs out of bits. libjpeg goes on
  // with zero bits after a "premature end of data segment" warning; so do we.
  const EncodeSpec spec{1024, 768, 3, 2, 2, 90};
  std::vector<uint8_t> jpeg = Encode(spec, 5);
  const size_t start = ScanStart(jpeg);
  ASSERT_GT(start, 0u);
  jpeg.erase(jpeg.begin() + static_cast<ptrdiff_t>(start + (jpeg.size() - start) / 2),
             jpeg.end() - 2);
  for (const int threads : {1, 2}) {
    const Decoded ours = Decode(jpeg, 4, threads);
    ASSERT_TRUE(ours.installed);
    EXPECT_GE(ours.warnings, 1);
    EXPECT_EQ(ours.width, 256);
  }
  // Through the codec: lenient by default, CorruptInput when strict.
  DecodeOptions strict;
  strict.fail_on_truncated = true;
  for (const int threads : {1, 2}) {
    strict.threads = threads;
    EXPECT_FALSE(DecodeImage(jpeg.data(), jpeg.size(), strict).ok());
    DecodeOptions lenient;
    lenient.threads = threads;
    EXPECT_TRUE(DecodeImage(jpeg.data(), jpeg.size(), lenient).ok());
  }
}

TEST(JpegEntropy, CorruptScansNeverCrashAndStayThreadIndependent) {
  // Random bytes written over the scan: bad codes, runs past coefficient 63, fake markers. The
  // speculative helper starts in this garbage; whatever the pixels, they must be the same with
  // one thread and with two (the helper's work is only used where it provably matches).
  const EncodeSpec spec{1500, 1000, 3, 2, 2, 93};
  const std::vector<uint8_t> clean = Encode(spec, 9);
  const size_t start = ScanStart(clean);
  std::mt19937 rng(3);
  for (int trial = 0; trial < 12; ++trial) {
    std::vector<uint8_t> jpeg = clean;
    for (int i = 0; i < 40; ++i) {
      const size_t at = start + rng() % (jpeg.size() - start - 2);
      jpeg[at] = static_cast<uint8_t>(rng());
    }
    for (const int scale : {1, 4}) {
      DecodeOptions one, two;
      one.scale_denom = two.scale_denom = scale;
      two.threads = 2;
      StatusOr<Image> a = DecodeImage(jpeg.data(), jpeg.size(), one);
      StatusOr<Image> b = DecodeImage(jpeg.data(), jpeg.size(), two);
      ASSERT_EQ(a.ok(), b.ok()) << "trial " << trial;
      if (!a.ok()) continue;
      ASSERT_EQ(a->height(), b->height());
      for (int32_t y = 0; y < a->height(); ++y) {
        ASSERT_EQ(0, std::memcmp(a->Row(y), b->Row(y),
                                 static_cast<size_t>(a->width()) * 3))
            << "trial " << trial << " row " << y;
      }
    }
  }
}

TEST(JpegEntropy, PublicDecodeMatchesLibjpegWithOneAndTwoThreads) {
  const EncodeSpec spec{1999, 1333, 3, 2, 2, 90};
  const std::vector<uint8_t> jpeg = Encode(spec, 21);
  for (const int scale : {1, 2, 4, 8}) {
    const Decoded ref = Decode(jpeg, scale, 0);
    for (const int threads : {1, 2}) {
      DecodeOptions o;
      o.scale_denom = scale;
      o.threads = threads;
      StatusOr<Image> img = DecodeImage(jpeg.data(), jpeg.size(), o);
      ASSERT_TRUE(img.ok()) << img.status().ToString();
      ASSERT_EQ(img->width(), ref.width);
      ASSERT_EQ(img->height(), ref.height);
      const size_t row = static_cast<size_t>(ref.width) * 3;
      for (int32_t y = 0; y < img->height(); ++y) {
        ASSERT_EQ(0, std::memcmp(img->Row(y), ref.pixels.data() + row * y, row))
            << "scale " << scale << " threads " << threads << " row " << y;
      }
    }
  }
}

}  // namespace
}  // namespace ossimg
