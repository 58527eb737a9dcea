// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "codecs/exif.h"

#include <algorithm>
#include <string>

namespace ossimg::codecs {
namespace {

// IFD0 and the Exif sub-IFD are all we read (IFD1 describes the thumbnail); the cap and the
// visited list stop pointer loops such as an Exif IFD pointing back at IFD0.
constexpr int kMaxIfds = 4;
// A real IFD has a few dozen entries; beyond this the walk stops.
constexpr uint32_t kMaxEntriesPerIfd = 512;
constexpr size_t kMaxStringBytes = 256;

constexpr uint16_t kTagMake = 0x010F;
constexpr uint16_t kTagModel = 0x0110;
constexpr uint16_t kTagOrientation = 0x0112;
constexpr uint16_t kTagXResolution = 0x011A;
constexpr uint16_t kTagYResolution = 0x011B;
constexpr uint16_t kTagResolutionUnit = 0x0128;
constexpr uint16_t kTagSoftware = 0x0131;
constexpr uint16_t kTagDateTime = 0x0132;
constexpr uint16_t kTagExifIfd = 0x8769;
constexpr uint16_t kTagDateTimeOriginal = 0x9003;

enum Type : uint16_t { kByte = 1, kAscii = 2, kShort = 3, kLong = 4, kRational = 5 };

class Reader {
 public:
  Reader(const uint8_t* d, size_t n, bool le) : d_(d), n_(n), le_(le) {}
  bool Has(uint64_t off, uint64_t len) const { return off <= n_ && len <= n_ - off; }
  uint16_t U16(size_t off) const {
    return le_ ? static_cast<uint16_t>(d_[off] | d_[off + 1] << 8)
               : static_cast<uint16_t>(d_[off] << 8 | d_[off + 1]);
  }
  uint32_t U32(size_t off) const {
    const uint32_t a = d_[off], b = d_[off + 1], c = d_[off + 2], e = d_[off + 3];
    return le_ ? (a | b << 8 | c << 16 | e << 24) : (a << 24 | b << 16 | c << 8 | e);
  }
  const uint8_t* data() const { return d_; }

 private:
  const uint8_t* d_;
  size_t n_;
  bool le_;
};

const char* TagName(uint16_t tag) {
  switch (tag) {
    case kTagMake:
      return "Make";
    case kTagModel:
      return "Model";
    case kTagOrientation:
      return "Orientation";
    case kTagXResolution:
      return "XResolution";
    case kTagYResolution:
      return "YResolution";
    case kTagResolutionUnit:
      return "ResolutionUnit";
    case kTagSoftware:
      return "Software";
    case kTagDateTime:
      return "DateTime";
    case kTagDateTimeOriginal:
      return "DateTimeOriginal";
    default:
      return nullptr;
  }
}

uint32_t TypeSize(uint16_t type) {
  switch (type) {
    case kByte:
    case kAscii:
      return 1;
    case kShort:
      return 2;
    case kLong:
      return 4;
    case kRational:
      return 8;
    default:
      return 0;
  }
}

void AddField(ImageInfo* info, const char* name, std::string value) {
  for (const auto& f : info->exif_fields) {
    if (f.first == name) return;  // the first occurrence wins
  }
  info->exif_fields.emplace_back(name, std::move(value));
}

}  // namespace

void ParseExif(const uint8_t* data, size_t size, ImageInfo* info) {
  if (data == nullptr || size < 8) return;
  bool le;
  if (data[0] == 'I' && data[1] == 'I' && data[2] == 42 && data[3] == 0) {
    le = true;
  } else if (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && data[3] == 42) {
    le = false;
  } else {
    return;
  }
  const Reader r(data, size, le);
  uint32_t queue[kMaxIfds];
  uint32_t visited[kMaxIfds];
  int queued = 0, nvisited = 0;
  queue[queued++] = r.U32(4);
  for (int q = 0; q < queued && nvisited < kMaxIfds; ++q) {
    const uint32_t ifd = queue[q];
    bool seen = false;
    for (int i = 0; i < nvisited; ++i) seen |= visited[i] == ifd;
    if (seen || ifd < 8 || !r.Has(ifd, 2)) continue;  // a loop, or an offset past the end
    visited[nvisited++] = ifd;
    uint32_t count = r.U16(ifd);
    if (count > kMaxEntriesPerIfd) count = kMaxEntriesPerIfd;
    // Only the entries that fit are read: a lying count stops at the end of the data.
    const uint64_t fit = (size - ifd - 2) / 12;
    if (count > fit) count = static_cast<uint32_t>(fit);
    for (uint32_t e = 0; e < count; ++e) {
      const size_t ent = ifd + 2 + static_cast<size_t>(e) * 12;
      const uint16_t tag = r.U16(ent);
      const uint16_t type = r.U16(ent + 2);
      const uint32_t n = r.U32(ent + 4);
      const uint32_t tsize = TypeSize(type);
      if (tsize == 0 || n == 0) continue;
      const uint64_t bytes = static_cast<uint64_t>(n) * tsize;  // n may be 2^32-1: 64-bit math
      const uint64_t voff = bytes <= 4 ? ent + 8 : r.U32(ent + 8);
      if (!r.Has(voff, bytes)) continue;  // value past the end: skip this field only
      if (tag == kTagExifIfd && type == kLong && queued < kMaxIfds) {
        queue[queued++] = r.U32(ent + 8);
        continue;
      }
      const char* name = TagName(tag);
      if (name == nullptr) continue;
      std::string value;
      if (type == kAscii) {
        const uint8_t* s = r.data() + voff;
        size_t len = 0;
        while (len < bytes && len < kMaxStringBytes && s[len] != 0) ++len;
        value.assign(reinterpret_cast<const char*>(s), len);
      } else if (type == kShort) {
        value = std::to_string(r.U16(voff));
      } else if (type == kLong) {
        value = std::to_string(r.U32(voff));
      } else if (type == kRational) {
        value = std::to_string(r.U32(voff)) + "/" + std::to_string(r.U32(voff + 4));
      } else {
        value = std::to_string(r.data()[voff]);
      }
      if (tag == kTagOrientation) {
        const bool first = info->exif_fields.end() ==
                           std::find_if(info->exif_fields.begin(), info->exif_fields.end(),
                                        [](const auto& f) { return f.first == "Orientation"; });
        const int o = type == kShort ? r.U16(voff) : 0;
        if (o < 1 || o > 8) continue;  // invalid orientation: treated as absent
        if (first) info->orientation = o;
      }
      AddField(info, name, std::move(value));
    }
  }
}

}  // namespace ossimg::codecs
