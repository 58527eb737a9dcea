// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// HEIC through libheif (1.15 on Debian 12, with libde265 for decoding and x265
// for encoding), dlopen'd on first use. libheif returns heif_error structs and
// never longjmps.
//
// The primary image is decoded with libheif's default transformations (irot,
// imir, clap), so the pixels come out as viewers show them and
// ImageInfo::orientation is 1: HEIF's EXIF orientation is informational only
// (the specification makes the irot/imir boxes authoritative), and applying
// both would rotate twice.

#include "codecs/heif_codec.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "codecs/exif.h"
#include "core/dynlib.h"
#include <libheif/heif.h>

namespace ossimg::codecs {
namespace {

struct HeifApi {
  decltype(&heif_init) init;
  decltype(&heif_context_alloc) context_alloc;
  decltype(&heif_context_free) context_free;
  decltype(&heif_context_read_from_memory_without_copy) read_from_memory;
  decltype(&heif_context_set_maximum_image_size_limit) set_max_size;
  decltype(&heif_context_get_primary_image_handle) primary_handle;
  decltype(&heif_context_get_number_of_top_level_images) top_level_count;
  decltype(&heif_image_handle_release) handle_release;
  decltype(&heif_image_handle_get_width) handle_width;
  decltype(&heif_image_handle_get_height) handle_height;
  decltype(&heif_image_handle_has_alpha_channel) handle_has_alpha;
  decltype(&heif_image_handle_get_luma_bits_per_pixel) handle_luma_bits;
  decltype(&heif_image_handle_get_raw_color_profile_size) icc_size;
  decltype(&heif_image_handle_get_raw_color_profile) icc_get;
  decltype(&heif_image_handle_get_number_of_metadata_blocks) metadata_count;
  decltype(&heif_image_handle_get_list_of_metadata_block_IDs) metadata_ids;
  decltype(&heif_image_handle_get_metadata_size) metadata_size;
  decltype(&heif_image_handle_get_metadata) metadata_get;
  decltype(&heif_decoding_options_alloc) decoding_options_alloc;
  decltype(&heif_decoding_options_free) decoding_options_free;
  decltype(&heif_decode_image) decode_image;
  decltype(&heif_image_release) image_release;
  decltype(&heif_image_get_width) image_width;
  decltype(&heif_image_get_height) image_height;
  decltype(&heif_image_get_plane_readonly) plane_readonly;
  decltype(&heif_image_get_plane) plane;
  decltype(&heif_image_create) image_create;
  decltype(&heif_image_add_plane) add_plane;
  decltype(&heif_image_set_raw_color_profile) set_icc;
  decltype(&heif_context_get_encoder_for_format) get_encoder;
  decltype(&heif_encoder_release) encoder_release;
  decltype(&heif_encoder_set_lossy_quality) set_quality;
  decltype(&heif_encoder_set_parameter_string) set_parameter_string;
  decltype(&heif_context_encode_image) encode_image;
  decltype(&heif_context_write) write;
};

Status GetHeif(const HeifApi** api) {
  return LoadDynLib<HeifApi>(
      "libheif", {OSSIMG_SONAME_HEIF},
      [](DynLib& l, HeifApi& a) {
        const bool ok =
            l.Sym("heif_init", &a.init) && l.Sym("heif_context_alloc", &a.context_alloc) &&
            l.Sym("heif_context_free", &a.context_free) &&
            l.Sym("heif_context_read_from_memory_without_copy", &a.read_from_memory) &&
            l.Sym("heif_context_set_maximum_image_size_limit", &a.set_max_size) &&
            l.Sym("heif_context_get_primary_image_handle", &a.primary_handle) &&
            l.Sym("heif_context_get_number_of_top_level_images", &a.top_level_count) &&
            l.Sym("heif_image_handle_release", &a.handle_release) &&
            l.Sym("heif_image_handle_get_width", &a.handle_width) &&
            l.Sym("heif_image_handle_get_height", &a.handle_height) &&
            l.Sym("heif_image_handle_has_alpha_channel", &a.handle_has_alpha) &&
            l.Sym("heif_image_handle_get_luma_bits_per_pixel", &a.handle_luma_bits) &&
            l.Sym("heif_image_handle_get_raw_color_profile_size", &a.icc_size) &&
            l.Sym("heif_image_handle_get_raw_color_profile", &a.icc_get) &&
            l.Sym("heif_image_handle_get_number_of_metadata_blocks", &a.metadata_count) &&
            l.Sym("heif_image_handle_get_list_of_metadata_block_IDs", &a.metadata_ids) &&
            l.Sym("heif_image_handle_get_metadata_size", &a.metadata_size) &&
            l.Sym("heif_image_handle_get_metadata", &a.metadata_get) &&
            l.Sym("heif_decoding_options_alloc", &a.decoding_options_alloc) &&
            l.Sym("heif_decoding_options_free", &a.decoding_options_free) &&
            l.Sym("heif_decode_image", &a.decode_image) &&
            l.Sym("heif_image_release", &a.image_release) &&
            l.Sym("heif_image_get_width", &a.image_width) &&
            l.Sym("heif_image_get_height", &a.image_height) &&
            l.Sym("heif_image_get_plane_readonly", &a.plane_readonly) &&
            l.Sym("heif_image_get_plane", &a.plane) &&
            l.Sym("heif_image_create", &a.image_create) &&
            l.Sym("heif_image_add_plane", &a.add_plane) &&
            l.Sym("heif_image_set_raw_color_profile", &a.set_icc) &&
            l.Sym("heif_context_get_encoder_for_format", &a.get_encoder) &&
            l.Sym("heif_encoder_release", &a.encoder_release) &&
            l.Sym("heif_encoder_set_lossy_quality", &a.set_quality) &&
            l.Sym("heif_encoder_set_parameter_string", &a.set_parameter_string) &&
            l.Sym("heif_context_encode_image", &a.encode_image) &&
            l.Sym("heif_context_write", &a.write);
        // Registers the built-in codecs and any plugins, once for the life of
        // the process (the library is never unloaded, so heif_deinit is never
        // due).
        if (ok) a.init(nullptr);
        return ok;
      },
      api);
}

std::string Message(const heif_error& e) {
  return std::string("HEIC: ") + (e.message != nullptr ? e.message : "error");
}

// libheif's security limits refuse some hostile files itself; those are
// ImageTooLarge for us.
Status DecodeError(const heif_error& e) {
  if (e.code == heif_error_Memory_allocation_error ||
      e.subcode == heif_suberror_Security_limit_exceeded) {
    return ImageTooLargeError(Message(e));
  }
  // A missing decoder plugin is Unsupported_feature/Unsupported_codec; a decoder plugin error is
  // a bitstream libde265 could not decode, i.e. corrupt input.
  if (e.code == heif_error_Unsupported_feature || e.code == heif_error_Unsupported_filetype) {
    return UnsupportedError(Message(e));
  }
  return CorruptInputError(Message(e));
}

// The context and primary handle of one file; released on destruction.
struct Opened {
  const HeifApi* api = nullptr;
  heif_context* ctx = nullptr;
  heif_image_handle* handle = nullptr;
  ~Opened() {
    if (handle != nullptr) api->handle_release(handle);
    if (ctx != nullptr) api->context_free(ctx);
  }
};

Status Open(const uint8_t* data, size_t size, const Limits& limits, Opened* o) {
  OSSIMG_RETURN_IF_ERROR(GetHeif(&o->api));
  o->ctx = o->api->context_alloc();
  if (o->ctx == nullptr) return InternalError("HEIC: out of memory");
  o->api->set_max_size(o->ctx, limits.max_side);
  heif_error e = o->api->read_from_memory(o->ctx, data, size, nullptr);
  if (e.code != heif_error_Ok) return DecodeError(e);
  e = o->api->primary_handle(o->ctx, &o->handle);
  if (e.code != heif_error_Ok) return DecodeError(e);
  return Status::Ok();
}

PixelFormat FormatOf(const HeifApi* api, const heif_image_handle* h) {
  return api->handle_has_alpha(h) ? PixelFormat::kRGBA8 : PixelFormat::kRGB8;
}

// The HEVC decoder holds the YCbCr planes (4:2:0, up to 16 bits) and libheif's
// converted interleaved copy until we copy it out.
uint64_t DecoderBytes(int32_t w, int32_t h, PixelFormat f) {
  return uint64_t{static_cast<uint32_t>(w)} * static_cast<uint32_t>(h) * (3 + Channels(f));
}

heif_error WriteToVector(heif_context*, const void* data, size_t size, void* user) {
  auto* out = static_cast<std::vector<uint8_t>*>(user);
  const uint8_t* p = static_cast<const uint8_t*>(data);
  out->insert(out->end(), p, p + size);
  return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
}

}  // namespace

bool SniffHeic(const uint8_t* d, size_t n) {
  // ISO BMFF "ftyp" with a HEIF brand as the major brand; "mif1" (generic HEIF)
  // also names AVIF files, which SniffAvif, earlier in the registry, has
  // already claimed by their brands.
  static const char* const kBrands[] = {"heic", "heix", "hevc", "hevx",
                                        "heim", "heis", "mif1", "msf1"};
  if (n < 12 || std::memcmp(d + 4, "ftyp", 4) != 0) return false;
  for (const char* b : kBrands) {
    if (std::memcmp(d + 8, b, 4) == 0) return true;
  }
  return false;
}

Status ProbeHeic(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out) {
  Opened o;
  OSSIMG_RETURN_IF_ERROR(Open(data, size, limits, &o));
  ImageInfo& info = out->info;
  info.width = o.api->handle_width(o.handle);
  info.height = o.api->handle_height(o.handle);
  info.pixel_format = FormatOf(o.api, o.handle);
  info.has_alpha = HasAlpha(info.pixel_format);
  info.channels = info.has_alpha ? 4 : 3;
  info.bit_depth = std::max(8, o.api->handle_luma_bits(o.handle));
  info.frame_count = 1;  // the primary image; other top-level images are not frames
  const size_t icc = o.api->icc_size(o.handle);
  if (icc > 0 && icc <= (size_t{16} << 20)) {
    info.icc_profile.resize(icc);
    if (o.api->icc_get(o.handle, info.icc_profile.data()).code != heif_error_Ok) {
      info.icc_profile.clear();
    }
  }
  heif_item_id exif_id = 0;
  if (o.api->metadata_ids(o.handle, "Exif", &exif_id, 1) == 1) {
    const size_t n = o.api->metadata_size(o.handle, exif_id);
    if (n > 4 && n <= (size_t{1} << 20)) {
      std::vector<uint8_t> block(n);
      if (o.api->metadata_get(o.handle, exif_id, block.data()).code == heif_error_Ok) {
        // The block starts with a 4-byte big-endian offset to the TIFF header.
        const uint32_t skip = 4 + (uint32_t{block[0]} << 24 | uint32_t{block[1]} << 16 |
                                   uint32_t{block[2]} << 8 | block[3]);
        if (skip < n) {
          info.exif.assign(block.begin() + skip, block.end());
          ParseExif(info.exif.data(), info.exif.size(), &info);
        }
      }
    }
  }
  info.orientation = 1;  // libheif applies irot/imir; see the file comment
  out->decoder_bytes = DecoderBytes(info.width, info.height, info.pixel_format);
  return Status::Ok();
}

StatusOr<Image> DecodeHeic(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits) {
  Opened o;
  OSSIMG_RETURN_IF_ERROR(Open(data, size, limits, &o));
  const PixelFormat fmt = FormatOf(o.api, o.handle);
  const int32_t w = o.api->handle_width(o.handle), h = o.api->handle_height(o.handle);
  const Rect full{0, 0, w, h};
  const Rect crop = options.crop.Intersect(full);
  const bool cropping = !options.crop.empty() && !(crop == full);
  OSSIMG_RETURN_IF_ERROR(CheckMemoryBudget(
      ImageBytes(w, h, fmt), probe.decoder_bytes + (cropping ? ImageBytes(w, h, fmt) : 0), limits));
  heif_decoding_options* dopts = o.api->decoding_options_alloc();
  heif_image* img = nullptr;
  const heif_error e = o.api->decode_image(
      o.handle, &img, heif_colorspace_RGB,
      fmt == PixelFormat::kRGBA8 ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB,
      dopts);
  o.api->decoding_options_free(dopts);
  if (e.code != heif_error_Ok) {
    if (img != nullptr) o.api->image_release(img);
    return DecodeError(e);
  }
  std::unique_ptr<heif_image, void (*)(const heif_image*)> holder(img, o.api->image_release);
  int stride = 0;
  const uint8_t* plane = o.api->plane_readonly(img, heif_channel_interleaved, &stride);
  if (plane == nullptr || o.api->image_width(img, heif_channel_interleaved) != w ||
      o.api->image_height(img, heif_channel_interleaved) != h) {
    return CorruptInputError("HEIC: decoded image does not match its header");
  }
  OSSIMG_ASSIGN_OR_RETURN(Image out, Image::Create(w, h, fmt, limits));
  const size_t row = static_cast<size_t>(w) * Channels(fmt);
  for (int32_t y = 0; y < h; ++y) {
    std::memcpy(out.Row(y), plane + static_cast<ptrdiff_t>(y) * stride, row);
  }
  if (HasAlpha(fmt)) out.set_alpha(AlphaMode::kStraight);
  if (cropping) return CopyCrop(out, crop, limits);
  return out;
}

StatusOr<std::vector<uint8_t>> EncodeHeic(const ImageView& image, const EncodeOptions& options) {
  const HeifApi* api = nullptr;
  OSSIMG_RETURN_IF_ERROR(GetHeif(&api));
  const bool alpha = HasAlpha(image.format);
  const int ch = image.channels();
  std::unique_ptr<heif_context, void (*)(heif_context*)> ctx(api->context_alloc(),
                                                             api->context_free);
  if (ctx == nullptr) return InternalError("HEIC: out of memory");
  heif_encoder* enc_raw = nullptr;
  heif_error e = api->get_encoder(ctx.get(), heif_compression_HEVC, &enc_raw);
  if (e.code != heif_error_Ok || enc_raw == nullptr) {
    return UnsupportedError("HEIC: libheif has no HEVC encoder (x265)");
  }
  std::unique_ptr<heif_encoder, void (*)(heif_encoder*)> enc(enc_raw, api->encoder_release);
  // 50 is libvips' and sharp's default HEIF quality. x265's "ultrafast" preset: on the corpus's
  // 4.1 MP photo it is 3.5x faster than "fast" (1.3 s against 4.5 s wall on the loaded 2-core
  // machine; "medium", libheif's default, is no faster than "fast") for a file 8% smaller and
  // 0.15 dB lower PSNR (43.0 against 43.2 dB). docs/codecs.md has the numbers.
  api->set_parameter_string(enc.get(), "preset", "ultrafast");

  heif_image* raw = nullptr;
  e = api->image_create(image.width, image.height, heif_colorspace_RGB,
                        alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, &raw);
  if (e.code != heif_error_Ok) return InternalError(Message(e));
  std::unique_ptr<heif_image, void (*)(const heif_image*)> img(raw, api->image_release);
  e = api->add_plane(raw, heif_channel_interleaved, image.width, image.height, 8);
  if (e.code != heif_error_Ok) return ImageTooLargeError(Message(e));
  int stride = 0;
  uint8_t* plane = api->plane(raw, heif_channel_interleaved, &stride);
  if (plane == nullptr) return InternalError("HEIC: no plane");
  const int out_ch = alpha ? 4 : 3;
  for (int32_t y = 0; y < image.height; ++y) {
    const uint8_t* s = image.Row(y);
    uint8_t* d = plane + static_cast<ptrdiff_t>(y) * stride;
    if (ch == out_ch) {
      std::memcpy(d, s, static_cast<size_t>(image.width) * ch);
      continue;
    }
    for (int32_t x = 0; x < image.width; ++x, s += ch, d += out_ch) {  // gray -> RGB
      d[0] = d[1] = d[2] = s[0];
      if (alpha) d[3] = s[1];
    }
  }
  if (!options.icc_profile.empty()) {
    api->set_icc(raw, "prof", options.icc_profile.data(), options.icc_profile.size());
  }
  e = api->encode_image(ctx.get(), raw, enc.get(), nullptr, nullptr);
  if (e.code != heif_error_Ok) return InternalError(Message(e));
  std::vector<uint8_t> out;
  heif_writer writer{1, WriteToVector};
  e = api->write(ctx.get(), &writer, &out);
  if (e.code != heif_error_Ok) return InternalError(Message(e));
  return out;
}

}  // namespace ossimg::codecs
