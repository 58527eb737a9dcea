// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// EXIF tags for OSS's `info` answer, read with libexif (every IFD: IFD0, EXIF, GPS, the
// thumbnail's IFD1), named as libexif names them, which are the EXIF specification's names that
// OSS prints too (Orientation, XResolution, GPSLatitudeRef, DateTime, ...), with values in OSS's
// numeric style (docs/compat.md, "info").

#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>
#include <string.h>

#include <map>
#include <string>
#include <vector>

#include "plan/plan.h"

namespace ossimg::plan {
namespace {

struct Collector {
  std::map<std::string, std::string>* out;
  ExifIfd ifd;
  ExifByteOrder order;
};

// OSS prints EXIF values as numbers, not libexif's prose ("Top-left", "Inch"): rationals as
// "n/d", several components separated by spaces ("2 2 0 0"), ASCII as is.
std::string FormatValue(const ExifEntry* e, ExifByteOrder order) {
  const unsigned size = exif_format_get_size(e->format);
  if (size == 0 || e->data == nullptr || e->size < e->components * size) return "";
  std::string out;
  auto sep = [&](unsigned long i) {
    if (i) out += ' ';
  };
  for (unsigned long i = 0; i < e->components; ++i) {
    const unsigned char* p = e->data + i * size;
    switch (e->format) {
      case EXIF_FORMAT_ASCII:
        return std::string(reinterpret_cast<const char*>(e->data),
                           strnlen(reinterpret_cast<const char*>(e->data), e->size));
      case EXIF_FORMAT_BYTE:
        sep(i);
        out += std::to_string(p[0]);
        break;
      case EXIF_FORMAT_SBYTE:
        sep(i);
        out += std::to_string(static_cast<signed char>(p[0]));
        break;
      case EXIF_FORMAT_SHORT:
        sep(i);
        out += std::to_string(exif_get_short(p, order));
        break;
      case EXIF_FORMAT_SSHORT:
        sep(i);
        out += std::to_string(exif_get_sshort(p, order));
        break;
      case EXIF_FORMAT_LONG:
        sep(i);
        out += std::to_string(exif_get_long(p, order));
        break;
      case EXIF_FORMAT_SLONG:
        sep(i);
        out += std::to_string(exif_get_slong(p, order));
        break;
      case EXIF_FORMAT_RATIONAL: {
        const ExifRational r = exif_get_rational(p, order);
        sep(i);
        out += std::to_string(r.numerator) + "/" + std::to_string(r.denominator);
        break;
      }
      case EXIF_FORMAT_SRATIONAL: {
        const ExifSRational r = exif_get_srational(p, order);
        sep(i);
        out += std::to_string(r.numerator) + "/" + std::to_string(r.denominator);
        break;
      }
      case EXIF_FORMAT_UNDEFINED:
        // Short printable blobs (ExifVersion "0230") read as text; binary data is left out.
        if (e->size > 16) return "";
        for (unsigned j = 0; j < e->size; ++j) {
          if (e->data[j] < 0x20 || e->data[j] > 0x7E) return "";
        }
        return std::string(reinterpret_cast<const char*>(e->data), e->size);
      default:
        return "";
    }
  }
  return out;
}

void OnEntry(ExifEntry* e, void* user) {
  auto* c = static_cast<Collector*>(user);
  // Maker notes and user comments are opaque or free text; OSS's answers leave them out.
  if (e->tag == EXIF_TAG_MAKER_NOTE || e->tag == EXIF_TAG_USER_COMMENT) return;
  const char* name = exif_tag_get_name_in_ifd(e->tag, c->ifd);
  if (name == nullptr) return;
  std::string value = FormatValue(e, c->order);
  if (value.empty()) return;
  // OSS spells the GPS hemispheres out ("GPSLatitudeRef": "North").
  if (c->ifd == EXIF_IFD_GPS && (e->tag == EXIF_TAG_GPS_LATITUDE_REF ||
                                 e->tag == EXIF_TAG_GPS_LONGITUDE_REF)) {
    if (value == "N") value = "North";
    if (value == "S") value = "South";
    if (value == "E") value = "East";
    if (value == "W") value = "West";
  }
  c->out->emplace(name, value);  // the first IFD that has a tag wins (IFD0 before IFD1)
}

}  // namespace

std::map<std::string, std::string> ExifFields(const std::vector<uint8_t>& tiff) {
  std::map<std::string, std::string> out;
  // An APP1 payload is at most 64 KiB; anything larger is not from a real file.
  if (tiff.size() < 8 || tiff.size() > 65536) return out;
  std::vector<uint8_t> data = {'E', 'x', 'i', 'f', 0, 0};
  data.insert(data.end(), tiff.begin(), tiff.end());
  ExifData* ed = exif_data_new();
  if (ed == nullptr) return out;
  // Read only: no fixing up, no MakerNote interpretation.
  exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_unset_option(ed, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
  exif_data_load_data(ed, data.data(), static_cast<unsigned int>(data.size()));
  for (int i = 0; i < EXIF_IFD_COUNT; ++i) {
    Collector c{&out, static_cast<ExifIfd>(i), exif_data_get_byte_order(ed)};
    if (ed->ifd[i] != nullptr) exif_content_foreach_entry(ed->ifd[i], OnEntry, &c);
  }
  exif_data_unref(ed);
  return out;
}

}  // namespace ossimg::plan
