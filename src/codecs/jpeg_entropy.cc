// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// See jpeg_entropy.h for the idea. The decoding rules are libjpeg-turbo's decode_mcu_fast
// (jdhuff.c) to the bit, including what it does with corrupt data (a code longer than 16 bits
// decodes as symbol 0 after 17 bits; a run past coefficient 63 lands on 63; missing data reads
// as zero bits after a warning), so the coefficients, and therefore the pixels, are libjpeg's.

#include "codecs/jpeg_entropy.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include <jerror.h>

#include "core/memory.h"

// libjpeg's private interface to its entropy decoder (jpegint.h, which is not installed). The
// layout is unchanged since IJG libjpeg 6b, in every libjpeg-turbo release included; the tests
// compare hooked and unhooked decodes, so a change would not go unnoticed.
struct jpeg_entropy_decoder {
  void (*start_pass)(j_decompress_ptr cinfo);
  boolean (*decode_mcu)(j_decompress_ptr cinfo, JBLOCKROW* MCU_data);
  boolean insufficient_data;
};

namespace ossimg::codecs {
namespace {

// Codes up to this long decode with one table lookup (libjpeg uses 8); AC codes whose magnitude
// bits also fit decode code and value together.
constexpr int kFastBits = 11;
constexpr int kMaxBlocks = 10;  // D_MAX_BLOCKS_IN_MCU
// An upper bound on one MCU's bits: 64 symbols per block, each at most a 17-bit (bad) code plus
// 15 magnitude bits.
constexpr size_t kMaxMcuBytes = kMaxBlocks * 64 * 32 / 8;
// One MCU's record in the helper's store: per block a DC difference, a count and up to 63
// (index, value) entries.
constexpr size_t kMaxMcuRecord = kMaxBlocks * (3 + 63 * 3);
constexpr size_t kChunkBytes = size_t{2} << 20;  // one huge page
constexpr size_t kPadBytes = 8;  // zeros after the data: an unchecked 8-byte load stays inside
// Below this much entropy-coded data a second thread costs more than it saves. Fuzzing builds
// start the helper on any scan, so the fuzzers exercise its speculation and synchronisation.
#if defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
constexpr size_t kMinParallelBytes = 16;
#else
constexpr size_t kMinParallelBytes = 128 << 10;
#endif
// Where the helper starts, as a fraction of the scan. The main thread also runs libjpeg's IDCT,
// upsampling and colour conversion for every row, but the helper writes compact records the
// main thread then copies: measured on the headline photo at 1/4 scale, 0.47-0.53 balance.
constexpr double kHelperStart = 0.48;

// Zigzag to natural order. The 16 extra entries catch a corrupt run past coefficient 63 the way
// libjpeg's jpeg_natural_order does: the value lands on coefficient 63.
constexpr uint8_t kNatural[64 + 16] = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33,
    40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36,
    29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54,
    47, 55, 62, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63};

struct HuffTable {
  uint16_t lookup[1 << kFastBits];  // next kFastBits bits -> (length << 8) | symbol; 0: longer
  int32_t ac_fast[1 << kFastBits];  // value << 16 | run << 8 | bits used; 0: not in one lookup
  int32_t maxcode[18];              // largest code of each length, -1 for none; [17] sentinel
  int32_t valoffset[18];
  uint8_t huffval[256];
};

inline int Extend(int x, int s) { return x < (1 << (s - 1)) ? x - (1 << s) + 1 : x; }

// libjpeg's jpeg_make_d_derived_tbl. libjpeg has already validated the table in start_pass (a
// bad one is an error there); the checks only keep this function safe on its own.
bool BuildTable(const JHUFF_TBL* src, bool is_dc, HuffTable* t) {
  if (src == nullptr) return false;
  uint8_t huffsize[257];
  uint32_t huffcode[257];
  int p = 0;
  for (int l = 1; l <= 16; ++l) {
    const int n = src->bits[l];
    if (p + n > 256) return false;
    for (int i = 0; i < n; ++i) huffsize[p++] = static_cast<uint8_t>(l);
  }
  huffsize[p] = 0;
  const int num_symbols = p;
  uint32_t code = 0;
  int si = huffsize[0];
  p = 0;
  while (huffsize[p] != 0) {
    while (huffsize[p] == si) huffcode[p++] = code++;
    if (code >= (uint32_t{1} << si)) return false;
    code <<= 1;
    ++si;
  }
  p = 0;
  for (int l = 1; l <= 16; ++l) {
    if (src->bits[l] != 0) {
      t->valoffset[l] = p - static_cast<int32_t>(huffcode[p]);
      p += src->bits[l];
      t->maxcode[l] = static_cast<int32_t>(huffcode[p - 1]);
    } else {
      t->maxcode[l] = -1;
    }
  }
  t->valoffset[17] = 0;
  t->maxcode[17] = 0xFFFFF;  // stops the search at 17 bits: a bad code
  std::memcpy(t->huffval, src->huffval, sizeof(t->huffval));
  if (is_dc) {
    for (int i = 0; i < num_symbols; ++i) {
      if (src->huffval[i] > 15) return false;
    }
  }
  std::memset(t->lookup, 0, sizeof(t->lookup));
  p = 0;
  for (int l = 1; l <= kFastBits; ++l) {
    for (int i = 0; i < src->bits[l]; ++i, ++p) {
      const uint32_t first = huffcode[p] << (kFastBits - l);
      const uint32_t count = uint32_t{1} << (kFastBits - l);
      for (uint32_t j = 0; j < count; ++j) {
        t->lookup[first + j] = static_cast<uint16_t>((l << 8) | src->huffval[p]);
      }
    }
  }
  for (uint32_t idx = 0; idx < (1u << kFastBits); ++idx) {
    t->ac_fast[idx] = 0;
    const uint32_t e = t->lookup[idx];
    if (is_dc || e == 0) continue;
    const int len = static_cast<int>(e >> 8), rs = static_cast<int>(e & 0xFF);
    const int run = rs >> 4, size = rs & 15;
    if (size == 0 || len + size > kFastBits) continue;
    const int raw = static_cast<int>((idx >> (kFastBits - len - size)) & ((1u << size) - 1));
    t->ac_fast[idx] = Extend(raw, size) * 65536 + (run << 8) + (len + size);
  }
  return true;
}

// An MSB-first bit reader over the destuffed scan, refilled branch-free before every symbol
// (Giesen's "variant 4"): the critical path per symbol is a table lookup and a shift. A symbol
// and its magnitude bits take at most 32 bits, and a refill leaves at least 56. The safe form
// reads zeros past the buffer, as libjpeg does past the data, for the MCUs near the end.
template <bool kSafe>
struct BitReader {
  const uint8_t* base;
  size_t padded;  // readable bytes at base
  size_t off;     // next byte to load
  uint64_t buf = 0;
  int cnt = 0;    // valid bits at the top of buf

  BitReader(const uint8_t* b, size_t n, uint64_t pos) : base(b), padded(n), off(pos >> 3) {
    Refill();
    Consume(static_cast<int>(pos & 7));
  }
  uint64_t Load() const {
    uint64_t v;
    if (!kSafe || off + 8 <= padded) {
      std::memcpy(&v, base + off, 8);
      return __builtin_bswap64(v);
    }
    v = 0;
    for (size_t i = 0; i < 8; ++i) v = (v << 8) | (off + i < padded ? base[off + i] : 0);
    return v;
  }
  void Refill() {
    buf |= Load() >> cnt;
    off += static_cast<size_t>((63 - cnt) >> 3);
    cnt |= 56;
  }
  void Consume(int n) {
    buf <<= n;
    cnt -= n;
  }
  uint64_t Position() const { return uint64_t{off} * 8 - static_cast<uint64_t>(cnt); }
};

// One Huffman symbol from the top of `bits`: returns it and sets *len to the bits used.
inline int DecodeSymbol(const HuffTable& t, uint64_t bits, int* len) {
  const uint32_t e = t.lookup[bits >> (64 - kFastBits)];
  if (e != 0) {
    *len = static_cast<int>(e >> 8);
    return static_cast<int>(e & 0xFF);
  }
  int l = kFastBits + 1;
  int32_t code = static_cast<int32_t>(bits >> (64 - l));
  while (code > t.maxcode[l]) {
    ++l;
    code = static_cast<int32_t>(bits >> (64 - l));
  }
  *len = l;
  if (l > 16) return 0;  // no such code: libjpeg-turbo's fast path decodes it as 0
  return t.huffval[(code + t.valoffset[l]) & 0xFF];
}

// Where AC coefficients go: a libjpeg block, the helper's compact record, or nowhere.
struct BlockSink {
  JCOEF* block;
  void Put(int natural, int value) { block[natural] = static_cast<JCOEF>(value); }
};
struct RecordSink {
  uint8_t* w;
  uint64_t mask;  // natural indices the IDCT reads at this scale; the others are not stored
  int count;
  // An entry is the natural index with a size flag in bit 6, then the value in one byte when
  // it fits in int8 (most do), else two. Branch-free: which coefficients are kept and how big
  // they are follows the data, so branches would mispredict.
  void Put(int natural, int value) {
    const int16_t v = static_cast<int16_t>(value);
    const int wide = static_cast<int>(static_cast<uint32_t>(value + 128) > 255);
    w[0] = static_cast<uint8_t>(natural | (wide << 6));
    std::memcpy(w + 1, &v, 2);
    if (wide == 0) w[1] = static_cast<uint8_t>(static_cast<int8_t>(value));
    const int keep = static_cast<int>((mask >> natural) & 1);
    w += keep * (2 + wide);
    count += keep;
  }
};
struct DropSink {
  void Put(int, int) {}
};

template <bool kSafe>
inline int DecodeDc(BitReader<kSafe>* br, const HuffTable& t) {
  br->Refill();
  int len;
  const int s = DecodeSymbol(t, br->buf, &len);
  br->Consume(len);
  if (s == 0) return 0;
  const int v = Extend(static_cast<int>(br->buf >> (64 - s)), s);
  br->Consume(s);
  return v;
}

template <bool kSafe, typename Sink>
inline void DecodeAc(BitReader<kSafe>* br, const HuffTable& t, Sink* sink) {
  for (int k = 1; k < 64;) {
    br->Refill();
    const int32_t f = t.ac_fast[br->buf >> (64 - kFastBits)];
    if (f != 0) {
      k += (f >> 8) & 0xFF;
      sink->Put(kNatural[k], f >> 16);
      ++k;
      br->Consume(f & 0xFF);
      continue;
    }
    int len;
    const int rs = DecodeSymbol(t, br->buf, &len);
    br->Consume(len);
    const int run = rs >> 4, size = rs & 15;
    if (size != 0) {
      k += run;
      sink->Put(kNatural[k], Extend(static_cast<int>(br->buf >> (64 - size)), size));
      br->Consume(size);
      ++k;
    } else {
      if (run != 15) break;  // end of block
      k += 16;
    }
  }
}

// Natural indices the scaled IDCTs read (libjpeg-turbo's jidctred.c; its SSE2 twins load whole
// rows but combine the same columns): 1/8 reads the DC only, 1/4 rows and columns 0,1,3,5,7,
// 1/2 all rows and columns but 4. The exactness tests cover every scale.
uint64_t CoefficientMask(int dct_scaled_size) {
  uint64_t lines = 0xFF;
  if (dct_scaled_size == 1) return 1;
  if (dct_scaled_size == 2) lines = 0b10101011;
  if (dct_scaled_size == 4) lines = 0b11101111;
  uint64_t mask = 0;
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c) {
      if (((lines >> r) & 1) != 0 && ((lines >> c) & 1) != 0) mask |= uint64_t{1} << (8 * r + c);
    }
  }
  return mask;
}

}  // namespace

struct JpegEntropy::Impl {
  struct Block {
    const HuffTable* dc;
    const HuffTable* ac;
    int component;  // index into the scan's components (libjpeg's MCU_membership)
    bool dc_needed, ac_needed;
    uint64_t mask;
  };

  j_decompress_ptr cinfo = nullptr;
  LargeBuffer data;  // the scan without byte stuffing, then kPadBytes zeros
  size_t size = 0;            // bytes of real data in `data`
  uint64_t total_bits = 0;
  const uint8_t* scan_start = nullptr;  // in libjpeg's source buffer
  const uint8_t* marker = nullptr;      // the 0xFF of the EOI that ends the scan
  std::unique_ptr<HuffTable[]> tables;  // 4 DC, then 4 AC
  // Restart intervals: MCUs per interval (0: none) and, for interval i >= 1, the destuffed
  // byte where it starts (just after its RST marker, which destuffing drops).
  int64_t restart_interval = 0;
  std::vector<size_t> restarts;
  Block blocks[kMaxBlocks];
  int num_blocks = 0;
  int64_t total_mcus = 0;

  // The main thread (libjpeg's calls).
  enum class Mode { kSelf, kSearch, kCopy } mode = Mode::kSelf;
  int64_t next_mcu = 0;
  uint64_t pos = 0;
  int32_t pred[MAX_COMPS_IN_SCAN] = {};
  int64_t cursor = 0;  // helper MCU index the search has reached
  int64_t offset = 0;  // main MCU index minus helper MCU index, once synchronised
  int64_t synced_at = -1;
  bool warned = false;
  uintptr_t copied_chunk = 0;  // the record chunk CopyOut last read
  size_t released = 0;         // destuffed bytes before this were given back

  // The helper. It writes hpos[k], hrec[k] and hpos[k + 1], then publishes hcount = k + 1.
  std::thread helper;
  bool helper_started = false;
  uint64_t hstart = 0;
  int64_t first_mcu = -1;  // the helper's first MCU when known (restart intervals)
  uint64_t hcap = 0;  // bytes of records it may allocate
  LargeBuffer hpos_buffer, hrec_buffer;
  uint64_t* hpos = nullptr;
  const uint8_t** hrec = nullptr;
  std::vector<LargeBuffer> chunks;
  std::atomic<int64_t> hcount{0};
  std::atomic<bool> hdone{false};
  std::atomic<bool> stop{false};

  ~Impl() {
    stop.store(true, std::memory_order_relaxed);
    if (helper.joinable()) helper.join();
  }

  size_t padded() const { return size + kPadBytes; }

  template <bool kSafe>
  uint64_t DecodeMcuInto(uint64_t p, JBLOCKROW* mcu) {
    BitReader<kSafe> br(data.data(), padded(), p);
    for (int b = 0; b < num_blocks; ++b) {
      const Block& bl = blocks[b];
      JCOEF* block = mcu != nullptr ? mcu[b][0] : nullptr;
      const int diff = DecodeDc(&br, *bl.dc);
      if (bl.dc_needed) {
        // Wraps like libjpeg's int on hostile files (it suppresses UBSan there).
        pred[bl.component] = static_cast<int32_t>(static_cast<uint32_t>(pred[bl.component]) +
                                                  static_cast<uint32_t>(diff));
        if (block != nullptr) block[0] = static_cast<JCOEF>(pred[bl.component]);
      }
      if (bl.ac_needed && block != nullptr) {
        BlockSink sink{block};
        DecodeAc(&br, *bl.ac, &sink);
      } else {
        DropSink sink;
        DecodeAc(&br, *bl.ac, &sink);
      }
    }
    return br.Position();
  }

  template <bool kSafe>
  uint64_t DecodeMcuRecord(uint64_t p, uint8_t** w) {
    BitReader<kSafe> br(data.data(), padded(), p);
    for (int b = 0; b < num_blocks; ++b) {
      const Block& bl = blocks[b];
      const int diff = DecodeDc(&br, *bl.dc);
      const int16_t dc = static_cast<int16_t>(diff);  // |diff| <= 32767: DC sizes are <= 15
      std::memcpy(*w, &dc, 2);
      uint8_t* count = *w + 2;
      if (bl.ac_needed) {
        RecordSink sink{*w + 3, bl.mask, 0};
        DecodeAc(&br, *bl.ac, &sink);
        *count = static_cast<uint8_t>(sink.count);  // at most 63 entries
        *w = sink.w;
      } else {
        DropSink sink;
        DecodeAc(&br, *bl.ac, &sink);
        *count = 0;
        *w += 3;
      }
    }
    return br.Position();
  }

  bool SafeAt(uint64_t p) const { return (p >> 3) + kMaxMcuBytes + kPadBytes > padded(); }

  // Where MCU m + 1 starts after MCU m ended at `p`: at an interval boundary, just after the RST
  // marker (libjpeg discards the rest of the byte and reads the marker there).
  uint64_t NextStart(int64_t m, uint64_t p) const {
    if (restart_interval == 0 || (m + 1) % restart_interval != 0 || m + 1 >= total_mcus) {
      return p;
    }
    return uint64_t{restarts[static_cast<size_t>((m + 1) / restart_interval - 1)]} * 8;
  }

  // The helper. Without restart intervals it starts at an arbitrary bit and its MCU numbers are
  // unknown (`first_mcu` -1); at an interval boundary it starts exactly and knows them.
  void RunHelper() {
    uint64_t p = hstart;
    uint8_t* w = nullptr;
    uint8_t* wend = nullptr;
    uint64_t used = 0;
    int64_t k = 0;
    hpos[0] = p;
    while (k < total_mcus && p < total_bits && !stop.load(std::memory_order_relaxed)) {
      if (first_mcu >= 0 && first_mcu + k >= total_mcus) break;
      if (static_cast<size_t>(wend - w) < kMaxMcuRecord) {
        if (used + kChunkBytes > hcap) break;
        chunks.push_back(LargeBuffer::Allocate(kChunkBytes));
        w = chunks.back().data();
        if (w == nullptr) break;
        wend = w + kChunkBytes;
        used += kChunkBytes;
      }
      hrec[k] = w;
      p = SafeAt(p) ? DecodeMcuRecord<true>(p, &w) : DecodeMcuRecord<false>(p, &w);
      if (first_mcu >= 0) p = NextStart(first_mcu + k, p);
      hpos[k + 1] = p;
      hcount.store(++k, std::memory_order_release);
    }
    hdone.store(true, std::memory_order_release);
  }

  // Whether the helper has finished its MCU j; false once it has stopped short of it.
  bool WaitForHelper(int64_t j) {
    for (;;) {
      const int64_t n = hcount.load(std::memory_order_acquire);
      if (j < n) return true;
      if (hdone.load(std::memory_order_acquire) &&
          hcount.load(std::memory_order_acquire) == n) {
        return false;
      }
      std::this_thread::yield();
    }
  }

  // Looks for a helper MCU that starts exactly at `pos`.
  bool Synchronise(int64_t m) {
    if (first_mcu >= 0) {
      // Restart intervals: the helper starts exactly at MCU first_mcu, and only there can the
      // positions meet (a corrupt interval running long must not meet it by chance elsewhere).
      if (m != first_mcu || pos != hstart) {
        if (m >= first_mcu) mode = Mode::kSelf;
        return false;
      }
    }
    for (;;) {
      const int64_t n = hcount.load(std::memory_order_acquire);
      while (cursor < n && hpos[cursor] < pos) ++cursor;
      if (cursor < n) {
        if (hpos[cursor] != pos) return false;
        offset = m - cursor;
        synced_at = m;
        return true;
      }
      if (hdone.load(std::memory_order_acquire) &&
          hcount.load(std::memory_order_acquire) == n) {
        mode = Mode::kSelf;  // the helper is finished and never met us: decode the rest here
        return false;
      }
      std::this_thread::yield();
    }
  }

  void CopyOut(int64_t j, JBLOCKROW* mcu) {
    const uint8_t* r = hrec[j];
    for (int b = 0; b < num_blocks; ++b) {
      const Block& bl = blocks[b];
      JCOEF* block = mcu != nullptr ? mcu[b][0] : nullptr;
      int16_t diff;
      std::memcpy(&diff, r, 2);
      const int count = r[2];
      r += 3;
      if (bl.dc_needed) {
        pred[bl.component] = static_cast<int32_t>(static_cast<uint32_t>(pred[bl.component]) +
                                                  static_cast<uint32_t>(int32_t{diff}));
        if (block != nullptr) block[0] = static_cast<JCOEF>(pred[bl.component]);
      }
      for (int i = 0; i < count; ++i) {
        int16_t v;
        if ((r[0] & 0x40) != 0) {
          std::memcpy(&v, r + 1, 2);
        } else {
          v = static_cast<int8_t>(r[1]);
        }
        if (block != nullptr) block[r[0] & 63] = v;
        r += (r[0] & 0x40) != 0 ? 3 : 2;
      }
    }
    // A finished chunk of records is not read again: give its memory back as we go. (Chunks
    // are 2 MiB-aligned; the record's start, unlike its end, always lies inside its chunk.)
    const uintptr_t chunk =
        reinterpret_cast<uintptr_t>(hrec[j]) & ~(uintptr_t{kChunkBytes} - 1);
    if (copied_chunk != 0 && chunk != copied_chunk) {
      ReleasePages(reinterpret_cast<uint8_t*>(copied_chunk), kChunkBytes);
    }
    copied_chunk = chunk;
    pos = hpos[j + 1];
  }

  void DecodeMcu(JBLOCKROW* mcu) {
    const int64_t m = next_mcu++;
    if (restart_interval != 0 && m > 0 && m % restart_interval == 0) {
      // A new interval: the DC predictors restart from zero (libjpeg's process_restart).
      for (int32_t& v : pred) v = 0;
      if (mode != Mode::kCopy) {
        const uint64_t start = NextStart(m - 1, pos);
        // The interval before ran past its marker: libjpeg would have met the marker and read
        // zeros, with the same warning as at the end of the scan.
        if (pos > start) Warn();
        pos = start;
      }
    }
    if (mode == Mode::kSearch && pos >= hstart && Synchronise(m)) mode = Mode::kCopy;
    if (mode == Mode::kCopy) {
      if (WaitForHelper(m - offset)) {
        CopyOut(m - offset, mcu);
        AfterMcu(m);
        return;
      }
      mode = Mode::kSelf;  // the helper stopped early (end of its budget): `pos` is where
    }
    pos = SafeAt(pos) ? DecodeMcuInto<true>(pos, mcu) : DecodeMcuInto<false>(pos, mcu);
    AfterMcu(m);
  }

  // libjpeg's words for a scan or interval that needs more bits than it has ("premature end of
  // data segment"); it goes on with zero bits, as the safe BitReader does. Once, as libjpeg.
  void Warn() {
    if (warned) return;
    warned = true;
    cinfo->entropy->insufficient_data = TRUE;
    cinfo->err->msg_code = JWRN_HIT_MARKER;
    (*cinfo->err->emit_message)(reinterpret_cast<j_common_ptr>(cinfo), -1);
  }

  void AfterMcu(int64_t m) {
    // Nothing reads the destuffed data behind this thread again (the helper is always ahead of
    // it): give it back in 512 KiB steps, so peak memory does not hold the whole scan.
    constexpr size_t kStep = size_t{512} << 10;
    const size_t done = static_cast<size_t>(std::min<uint64_t>(pos / 8, size));
    if (done >= released + 2 * kStep) {
      const size_t upto = (done - kStep) & ~(kStep - 1);
      ReleasePages(data.data() + released, upto - released);
      released = upto;
    }
    if (pos > total_bits) Warn();
    if (m + 1 == total_mcus) PositionSource();
  }

  // Leaves libjpeg's source where its own decoder would have: at the EOI (libjpeg's reader
  // fetches up to 8 bytes ahead, so a few unused bytes before the marker pass silently), or at
  // the unused data, which libjpeg then reports as extraneous bytes before the marker.
  void PositionSource() {
    const uint64_t used = (pos + 7) / 8;
    const uint8_t* at = marker;
    if (used + 8 < size) {
      // Map the destuffed offset back to the stuffed source.
      const uint64_t want = used + 8;
      uint64_t got = 0;
      const uint8_t* s = scan_start;
      while (s < marker && got < want) {
        if (*s == 0xFF) {
          while (s < marker && *s == 0xFF) ++s;
          ++s;  // the stuffed zero
        } else {
          ++s;
        }
        ++got;
      }
      at = std::min(s, marker);
    }
    jpeg_source_mgr* src = cinfo->src;
    src->bytes_in_buffer -= static_cast<size_t>(at - src->next_input_byte);
    src->next_input_byte = at;
  }
};

namespace {

boolean HookedDecodeMcu(j_decompress_ptr cinfo, JBLOCKROW* mcu) {
  static_cast<JpegEntropy::Impl*>(cinfo->client_data)->DecodeMcu(mcu);
  return TRUE;
}

// Copies the entropy-coded bytes from `s` up to the marker that ends them, dropping byte
// stuffing the way libjpeg reads it (0xFF, any 0xFF fill, then 0x00 is one 0xFF byte) and the
// RST markers between restart intervals, whose destuffed offsets go to `restarts` (they must
// come in order, RST0 to RST7 and round again). `out` has room for all of [s, end) plus
// kPadBytes; *size receives the bytes written. Returns the end marker's first 0xFF, or nullptr
// when the data ends first or a RST is out of sequence.
const uint8_t* Destuff(const uint8_t* s, const uint8_t* end, uint8_t* out, size_t* size,
                       std::vector<size_t>* restarts) {
  uint8_t* w = out;
  for (;;) {
    const uint8_t* ff = static_cast<const uint8_t*>(std::memchr(s, 0xFF, end - s));
    if (ff == nullptr) return nullptr;
    std::memcpy(w, s, static_cast<size_t>(ff - s));
    w += ff - s;
    const uint8_t* r = ff + 1;
    while (r < end && *r == 0xFF) ++r;
    if (r == end) return nullptr;
    if (*r == 0) {
      *w++ = 0xFF;
    } else if (*r >= 0xD0 && *r <= 0xD7) {
      if (*r != 0xD0 + restarts->size() % 8) return nullptr;
      restarts->push_back(static_cast<size_t>(w - out));
    } else {
      *size = static_cast<size_t>(w - out);
      return ff;
    }
    s = r + 1;
  }
}

}  // namespace

std::unique_ptr<JpegEntropy> JpegEntropy::Install(jpeg_decompress_struct* cinfo, int threads,
                                                  uint64_t memory_budget) {
  if (cinfo->progressive_mode || cinfo->arith_code ||
      cinfo->data_precision != 8 || cinfo->buffered_image ||
      cinfo->comps_in_scan != cinfo->num_components || cinfo->blocks_in_MCU < 1 ||
      cinfo->blocks_in_MCU > kMaxBlocks || cinfo->output_scanline != 0 ||
      cinfo->input_iMCU_row != 0 || cinfo->unread_marker != 0 || cinfo->entropy == nullptr ||
      cinfo->src == nullptr || cinfo->client_data != nullptr) {
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  impl->cinfo = cinfo;
  impl->tables.reset(new HuffTable[8]);
  bool built[8] = {};
  impl->num_blocks = cinfo->blocks_in_MCU;
  for (int b = 0; b < cinfo->blocks_in_MCU; ++b) {
    const int ci = cinfo->MCU_membership[b];
    if (ci < 0 || ci >= cinfo->comps_in_scan) return nullptr;
    const jpeg_component_info* comp = cinfo->cur_comp_info[ci];
    const int dc = comp->dc_tbl_no, ac = comp->ac_tbl_no;
    if (dc < 0 || dc >= NUM_HUFF_TBLS || ac < 0 || ac >= NUM_HUFF_TBLS) return nullptr;
    if (!built[dc]) {
      if (!BuildTable(cinfo->dc_huff_tbl_ptrs[dc], true, &impl->tables[dc])) return nullptr;
      built[dc] = true;
    }
    if (!built[4 + ac]) {
      if (!BuildTable(cinfo->ac_huff_tbl_ptrs[ac], false, &impl->tables[4 + ac])) return nullptr;
      built[4 + ac] = true;
    }
    Impl::Block& bl = impl->blocks[b];
    bl.dc = &impl->tables[dc];
    bl.ac = &impl->tables[4 + ac];
    bl.component = ci;
    // libjpeg's start_pass_huff_decoder: components the output does not need are decoded and
    // dropped, and 1/8 scale needs the DC terms alone.
    bl.dc_needed = comp->component_needed != 0;
    bl.ac_needed = comp->component_needed != 0 && comp->DCT_scaled_size > 1;
    bl.mask = CoefficientMask(comp->DCT_scaled_size);
  }
  impl->total_mcus = static_cast<int64_t>(cinfo->MCUs_per_row) * cinfo->MCU_rows_in_scan;
  if (impl->total_mcus <= 0) return nullptr;

  const uint8_t* start = cinfo->src->next_input_byte;
  const uint8_t* end = start + cinfo->src->bytes_in_buffer;
  impl->data = LargeBuffer::Allocate(static_cast<size_t>(end - start) + kPadBytes);
  if (impl->data.data() == nullptr) return nullptr;
  size_t size = 0;
  const uint8_t* marker = Destuff(start, end, impl->data.data(), &size, &impl->restarts);
  // Only a scan that ends in EOI: truncated files and anything stranger stay with libjpeg,
  // whose warnings and recovery the rest of the codec relies on.
  if (marker == nullptr || marker + 1 >= end) return nullptr;
  {
    const uint8_t* r = marker;
    while (r < end && *r == 0xFF) ++r;
    if (r == end || *r != (JPEG_EOI & 0xFF)) return nullptr;
  }
  // Restart intervals: exactly one RST between consecutive intervals, or libjpeg's resync logic
  // (and its warnings) decides.
  impl->restart_interval = cinfo->restart_interval;
  if (impl->restart_interval != 0) {
    const int64_t intervals =
        (impl->total_mcus + impl->restart_interval - 1) / impl->restart_interval;
    if (static_cast<int64_t>(impl->restarts.size()) != intervals - 1) return nullptr;
  } else if (!impl->restarts.empty()) {
    return nullptr;
  }
  impl->scan_start = start;
  impl->marker = marker;
  impl->size = size;
  impl->total_bits = uint64_t{size} * 8;
  std::memset(impl->data.data() + size, 0, kPadBytes);

  if (threads >= 2 && impl->size >= kMinParallelBytes) {
    Impl* p = impl.get();
    p->hstart = static_cast<uint64_t>(static_cast<double>(p->size) * kHelperStart) * 8;
    if (p->restart_interval != 0) {
      // Start exactly at the first interval boundary past that point: no speculation needed.
      const auto it = std::lower_bound(p->restarts.begin(), p->restarts.end(), p->hstart / 8);
      p->hstart = it == p->restarts.end() ? p->total_bits : uint64_t{*it} * 8;
      p->first_mcu = (it - p->restarts.begin() + 1) * p->restart_interval;
    }
    // The records hold at most 8 bytes per 3 bits of data (a +-1 coefficient costs 3 bits);
    // real photos need about one byte per byte.
    const uint64_t remaining = p->size - p->hstart / 8;
    p->hcap = std::min<uint64_t>(memory_budget, 3 * remaining + 2 * kChunkBytes);
    if (p->hcap >= 2 * kChunkBytes && p->hcap / kChunkBytes < 4096 && p->hstart < p->total_bits) {
      const size_t n = static_cast<size_t>(p->total_mcus) + 1;
      p->hpos_buffer = LargeBuffer::Allocate(n * sizeof(uint64_t));
      p->hrec_buffer = LargeBuffer::Allocate(n * sizeof(const uint8_t*));
      p->hpos = reinterpret_cast<uint64_t*>(p->hpos_buffer.data());
      p->hrec = reinterpret_cast<const uint8_t**>(p->hrec_buffer.data());
      if (p->hpos != nullptr && p->hrec != nullptr) {
        p->mode = Impl::Mode::kSearch;
        p->helper_started = true;
        p->helper = std::thread([p] { p->RunHelper(); });
      }
    }
  }
  cinfo->client_data = impl.get();
  cinfo->entropy->decode_mcu = HookedDecodeMcu;
  return std::unique_ptr<JpegEntropy>(new JpegEntropy(std::move(impl)));
}

JpegEntropy::JpegEntropy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

JpegEntropy::~JpegEntropy() {
  if (impl_ != nullptr && impl_->cinfo->client_data == impl_.get()) {
    impl_->cinfo->client_data = nullptr;
  }
}

JpegEntropy::Stats JpegEntropy::stats() const {
  Stats s;
  s.helper_started = impl_->helper_started;
  s.helper_mcus = impl_->hcount.load(std::memory_order_acquire);
  s.synced_at = impl_->synced_at;
  return s;
}

}  // namespace ossimg::codecs
