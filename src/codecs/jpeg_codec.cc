// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// JPEG through libjpeg-turbo's libjpeg API.
//
// libjpeg reports errors by calling error_exit, which must not return; we longjmp out of it. A
// longjmp across a C++ frame with live destructors is undefined behaviour, so every libjpeg call
// sits in one of the small C-style functions below (Jpeg*Step): setjmp, one or two libjpeg
// calls, return true; on error they return false and the message is in the manager. Those
// functions hold no object with a destructor, and the state they touch lives in the heap-allocated
// manager (never in locals modified after setjmp). The C++ code around them owns the manager
// (RAII destroys the libjpeg object) and turns `false` into a Status.
//
// Decoding uses libjpeg's defaults (ISLOW IDCT, fancy upsampling), so a full decode is identical
// to djpeg's and libvips's output.

#include "codecs/jpeg_codec.h"

#include <algorithm>
#include <csetjmp>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

// clang-format off: jpeglib.h needs size_t and FILE declared before it.
#include <jerror.h>
#include <jpeglib.h>
// clang-format on

#include "codecs/cms.h"
#include "codecs/exif.h"
#include "codecs/jpeg_entropy.h"

namespace ossimg::codecs {
namespace {

constexpr int kIccMarker = JPEG_APP0 + 2;
constexpr int kExifMarker = JPEG_APP0 + 1;
constexpr char kIccSignature[] = "ICC_PROFILE";  // + NUL, then seq_no, num_markers
constexpr size_t kIccHeaderBytes = 14;
// Rows handed to libjpeg per call; libjpeg returns at most rec_outbuf_height (<= 4) anyway.
constexpr int kRowBatch = 16;

// ---------------------------------------------------------------------------------------------
// Error and progress managers (plain structs: they live inside the longjmp region).

struct ErrorManager {
  jpeg_error_mgr pub;  // first member: libjpeg sees a jpeg_error_mgr*
  std::jmp_buf jmp;
  char message[JMSG_LENGTH_MAX];
  int warnings;
  bool truncated;       // libjpeg hit the end of the data and inserted a fake EOI
  bool too_many_scans;  // the progress monitor stopped a progressive decode
};

struct ProgressManager {
  jpeg_progress_mgr pub;
  int max_scans;
};

void ErrorExit(j_common_ptr cinfo) {
  ErrorManager* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jmp, 1);
}

void EmitMessage(j_common_ptr cinfo, int level) {
  if (level >= 0) return;  // trace messages
  ErrorManager* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  if (err->warnings++ == 0) (*cinfo->err->format_message)(cinfo, err->message);
  if (cinfo->err->msg_code == JWRN_JPEG_EOF) err->truncated = true;
}

void OutputMessage(j_common_ptr) {}  // never print to stderr from a library

// Hostile progressive files can hold thousands of tiny scans, each a full pass over the image;
// libjpeg calls this between iMCU rows and scans, so the count is checked as the scans arrive.
void ProgressMonitor(j_common_ptr cinfo) {
  if (!cinfo->is_decompressor) return;
  j_decompress_ptr d = reinterpret_cast<j_decompress_ptr>(cinfo);
  ProgressManager* p = reinterpret_cast<ProgressManager*>(cinfo->progress);
  if (d->input_scan_number > p->max_scans) {
    ErrorManager* err = reinterpret_cast<ErrorManager*>(cinfo->err);
    err->too_many_scans = true;
    std::snprintf(err->message, sizeof(err->message), "progressive JPEG has more than %d scans",
                  p->max_scans);
    std::longjmp(err->jmp, 1);
  }
}

void InitErrorManager(ErrorManager* err) {
  jpeg_std_error(&err->pub);
  err->pub.error_exit = ErrorExit;
  err->pub.emit_message = EmitMessage;
  err->pub.output_message = OutputMessage;
  err->message[0] = '\0';
  err->warnings = 0;
  err->truncated = false;
  err->too_many_scans = false;
}

// ---------------------------------------------------------------------------------------------
// Decompression: the C-style steps.

struct Decoder {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  ProgressManager progress;
  bool created;
};

bool DecoderOpenStep(Decoder* d, const uint8_t* data, size_t size, int64_t max_memory) {
  if (setjmp(d->err.jmp)) return false;
  jpeg_create_decompress(&d->cinfo);
  d->created = true;
  d->cinfo.mem->max_memory_to_use = static_cast<long>(max_memory);
  jpeg_mem_src(&d->cinfo, data, static_cast<unsigned long>(size));
  jpeg_save_markers(&d->cinfo, kExifMarker, 0xFFFF);
  jpeg_save_markers(&d->cinfo, kIccMarker, 0xFFFF);
  d->cinfo.progress = &d->progress.pub;
  jpeg_read_header(&d->cinfo, TRUE);
  return true;
}

bool DecoderCalcStep(Decoder* d) {
  if (setjmp(d->err.jmp)) return false;
  jpeg_calc_output_dimensions(&d->cinfo);
  return true;
}

bool DecoderStartStep(Decoder* d) {
  if (setjmp(d->err.jmp)) return false;
  jpeg_start_decompress(&d->cinfo);
  return true;
}

bool DecoderCropStep(Decoder* d, JDIMENSION* xoffset, JDIMENSION* width) {
  if (setjmp(d->err.jmp)) return false;
  jpeg_crop_scanline(&d->cinfo, xoffset, width);
  return true;
}

bool DecoderSkipStep(Decoder* d, JDIMENSION rows) {
  if (setjmp(d->err.jmp)) return false;
  JDIMENSION done = 0;
  while (done < rows) {
    const JDIMENSION n = jpeg_skip_scanlines(&d->cinfo, rows - done);
    if (n == 0) break;
    done += n;
  }
  return true;
}

// Reads rows [output_scanline, output_scanline + count) into rows base + i*stride.
bool DecoderReadStep(Decoder* d, uint8_t* base, ptrdiff_t stride, JDIMENSION count) {
  if (setjmp(d->err.jmp)) return false;
  JSAMPROW rows[kRowBatch];
  JDIMENSION done = 0;
  while (done < count) {
    JDIMENSION n = count - done;
    if (n > kRowBatch) n = kRowBatch;
    for (JDIMENSION i = 0; i < n; ++i) rows[i] = base + static_cast<ptrdiff_t>(done + i) * stride;
    const JDIMENSION got = jpeg_read_scanlines(&d->cinfo, rows, n);
    if (got == 0) break;  // suspension cannot happen with a memory source; be safe anyway
    done += got;
  }
  return done == count;
}

// Reads up to EOI, so a file cut just before it is noticed (as a warning).
bool DecoderFinishStep(Decoder* d) {
  if (setjmp(d->err.jmp)) return false;
  jpeg_finish_decompress(&d->cinfo);
  return true;
}

struct DecoderDeleter {
  void operator()(Decoder* d) const {
    if (d->created) jpeg_destroy_decompress(&d->cinfo);
    delete d;
  }
};
using DecoderPtr = std::unique_ptr<Decoder, DecoderDeleter>;

DecoderPtr NewDecoder(const Limits& limits) {
  DecoderPtr d(new Decoder());  // value-initialised: all zero
  InitErrorManager(&d->err);
  d->cinfo.err = &d->err.pub;
  d->progress.pub.progress_monitor = ProgressMonitor;
  d->progress.max_scans = limits.max_progressive_scans;
  return d;
}

Status DecoderError(const Decoder& d, const char* what) {
  if (d.err.too_many_scans) return ImageTooLargeError(d.err.message);
  std::string msg = std::string("JPEG ") + what + ": " + d.err.message;
  // libjpeg's memory manager refuses what exceeds max_memory_to_use (our budget backstop).
  // libjpeg also refuses sides over 65500 itself, before our limits see the header.
  if (d.err.pub.msg_code == JERR_OUT_OF_MEMORY || d.err.pub.msg_code == JERR_NO_BACKING_STORE ||
      d.err.pub.msg_code == JERR_IMAGE_TOO_BIG) {
    return ImageTooLargeError(msg);
  }
  return CorruptInputError(msg);
}

// ---------------------------------------------------------------------------------------------
// Header facts.

std::vector<uint8_t> ReadIcc(const jpeg_decompress_struct& cinfo) {
  // The profile is split over up to 255 APP2 markers, each "ICC_PROFILE\0" seq num + payload.
  jpeg_saved_marker_ptr parts[256] = {};
  int num_markers = 0;
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker != kIccMarker || m->data_length < kIccHeaderBytes ||
        std::memcmp(m->data, kIccSignature, sizeof(kIccSignature)) != 0) {
      continue;
    }
    const int seq = m->data[12], count = m->data[13];
    if (num_markers == 0) num_markers = count;
    // Inconsistent or duplicated sequence numbers: the profile is unusable, ignore it.
    if (count != num_markers || seq < 1 || seq > count || parts[seq] != nullptr) return {};
    parts[seq] = m;
  }
  if (num_markers == 0) return {};
  size_t total = 0;
  for (int i = 1; i <= num_markers; ++i) {
    if (parts[i] == nullptr) return {};  // a missing chunk
    total += parts[i]->data_length - kIccHeaderBytes;
  }
  std::vector<uint8_t> icc;
  icc.reserve(total);
  for (int i = 1; i <= num_markers; ++i) {
    icc.insert(icc.end(), parts[i]->data + kIccHeaderBytes, parts[i]->data + parts[i]->data_length);
  }
  return icc;
}

// Quality from the luminance table, inverting libjpeg's jpeg_quality_scaling: accurate for files
// written with the IJG tables (libjpeg, libvips, OSS), an estimate otherwise.
int EstimateQuality(const jpeg_decompress_struct& cinfo) {
  static const unsigned kStdLuminance[DCTSIZE2] = {
      16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
      14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
      18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
      49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
  const JQUANT_TBL* t = cinfo.quant_tbl_ptrs[0];
  if (t == nullptr) return 0;
  // quantval is stored in natural order in libjpeg's tables.
  double sum = 0;
  bool all_ones = true;
  for (int i = 0; i < DCTSIZE2; ++i) {
    sum += 100.0 * t->quantval[i] / kStdLuminance[i];
    all_ones &= t->quantval[i] == 1;
  }
  if (all_ones) return 100;  // the clamp to 1 hides the scale: only quality 100 gives this
  const double scale = sum / DCTSIZE2;
  if (scale <= 0) return 0;
  int q = scale <= 100 ? static_cast<int>((200 - scale) / 2 + 0.5)
                       : static_cast<int>(5000 / scale + 0.5);
  return q < 1 ? 1 : q > 100 ? 100 : q;
}

uint64_t CoefficientBytes(const jpeg_decompress_struct& cinfo) {
  // Multi-scan files keep every DCT coefficient of the image (libjpeg's whole-image virtual
  // array, rounded up to whole iMCUs); single-scan baseline files stream.
  const bool multi_scan = cinfo.progressive_mode || cinfo.comps_in_scan < cinfo.num_components;
  if (!multi_scan) return 0;
  uint64_t bytes = 0;
  for (int c = 0; c < cinfo.num_components; ++c) {
    const jpeg_component_info& ci = cinfo.comp_info[c];
    const uint64_t w = (ci.width_in_blocks + ci.h_samp_factor - 1) / ci.h_samp_factor *
                       static_cast<uint64_t>(ci.h_samp_factor);
    const uint64_t h = (ci.height_in_blocks + ci.v_samp_factor - 1) / ci.v_samp_factor *
                       static_cast<uint64_t>(ci.v_samp_factor);
    bytes += w * h * sizeof(JBLOCK);
  }
  return bytes;
}

void FillInfo(const jpeg_decompress_struct& cinfo, ProbeResult* out) {
  ImageInfo& info = out->info;
  info.width = static_cast<int32_t>(cinfo.image_width);
  info.height = static_cast<int32_t>(cinfo.image_height);
  info.frame_count = 1;
  info.channels = cinfo.num_components;
  info.bit_depth = cinfo.data_precision;
  info.interlaced = cinfo.progressive_mode != 0;
  info.cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  info.pixel_format =
      cinfo.jpeg_color_space == JCS_GRAYSCALE ? PixelFormat::kGray8 : PixelFormat::kRGB8;
  info.has_jfif = cinfo.saw_JFIF_marker != 0;
  if (info.has_jfif) {
    info.density_unit = cinfo.density_unit;
    info.x_density = cinfo.X_density;
    info.y_density = cinfo.Y_density;
  }
  info.jpeg_quality = EstimateQuality(cinfo);
  info.icc_profile = ReadIcc(cinfo);
  if (info.cmyk && !info.icc_profile.empty() &&
      IccColorSpace(info.icc_profile.data(), info.icc_profile.size()) == IccSpace::kRgb) {
    info.warnings.push_back("ICC profile ignored: an RGB profile on CMYK pixels");
  }
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker == kExifMarker && m->data_length > 6 &&
        std::memcmp(m->data, "Exif\0\0", 6) == 0) {
      // The first EXIF block wins (a second, conflicting one is ignored, as libvips does).
      info.exif.assign(m->data + 6, m->data + m->data_length);
      ParseExif(info.exif.data(), info.exif.size(), &info);
      break;
    }
  }
  out->decoder_bytes = CoefficientBytes(cinfo);
}

// ---------------------------------------------------------------------------------------------
// Compression.

struct Destination {
  jpeg_destination_mgr pub;
  uint8_t* buffer;  // malloc'd; owned by the Encoder
  size_t capacity;
  // Streaming (EncodeOptions::sink): each full buffer goes to the sink instead of growing it.
  const std::function<Status(const uint8_t*, size_t)>* sink;
  Status sink_status;
};

void InitDestination(j_compress_ptr) {}

boolean EmptyOutputBuffer(j_compress_ptr cinfo) {
  Destination* dest = reinterpret_cast<Destination*>(cinfo->dest);
  // libjpeg calls this when the whole buffer is full (free_in_buffer == 0).
  if (dest->sink != nullptr) {
    // No object with a destructor may live in this frame across the longjmp below: the status
    // is stored in the heap-allocated Destination.
    dest->sink_status = (*dest->sink)(dest->buffer, dest->capacity);
    if (!dest->sink_status.ok()) ERREXIT(cinfo, JERR_FILE_WRITE);
    dest->pub.next_output_byte = dest->buffer;
    dest->pub.free_in_buffer = dest->capacity;
    return TRUE;
  }
  const size_t used = dest->capacity;
  const size_t grown = dest->capacity * 2;
  uint8_t* p = static_cast<uint8_t*>(std::realloc(dest->buffer, grown));
  if (p == nullptr) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 10);
  dest->buffer = p;
  dest->capacity = grown;
  dest->pub.next_output_byte = p + used;
  dest->pub.free_in_buffer = grown - used;
  return TRUE;
}

void TermDestination(j_compress_ptr) {}

struct Encoder {
  jpeg_compress_struct cinfo;
  ErrorManager err;
  Destination dest;
  bool created;
};

struct EncoderParams {
  int width, height, components, quality;
  bool gray, progressive, subsample;
  const uint8_t* icc;
  size_t icc_size;
};

bool EncoderStartStep(Encoder* e, const EncoderParams* p) {
  if (setjmp(e->err.jmp)) return false;
  jpeg_create_compress(&e->cinfo);
  e->created = true;
  e->cinfo.dest = &e->dest.pub;
  e->cinfo.image_width = static_cast<JDIMENSION>(p->width);
  e->cinfo.image_height = static_cast<JDIMENSION>(p->height);
  e->cinfo.input_components = p->components;
  e->cinfo.in_color_space = p->gray ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&e->cinfo);
  jpeg_set_quality(&e->cinfo, p->quality, TRUE);
  e->cinfo.optimize_coding = TRUE;
  // JFIF APP0 as OSS writes it: density units 0 (aspect ratio only), 1x1.
  e->cinfo.write_JFIF_header = TRUE;
  e->cinfo.density_unit = 0;
  e->cinfo.X_density = 1;
  e->cinfo.Y_density = 1;
  if (!p->gray) {
    // jpeg_set_defaults chose 2x2 luma sampling (4:2:0); 4:4:4 on request.
    const int f = p->subsample ? 2 : 1;
    e->cinfo.comp_info[0].h_samp_factor = f;
    e->cinfo.comp_info[0].v_samp_factor = f;
  }
  if (p->progressive) jpeg_simple_progression(&e->cinfo);
  jpeg_start_compress(&e->cinfo, TRUE);
  if (p->icc_size > 0) {
    jpeg_write_icc_profile(&e->cinfo, p->icc, static_cast<unsigned int>(p->icc_size));
  }
  return true;
}

bool EncoderWriteStep(Encoder* e, const uint8_t* base, ptrdiff_t stride, int count) {
  if (setjmp(e->err.jmp)) return false;
  JSAMPROW rows[kRowBatch];
  int done = 0;
  while (done < count) {
    int n = count - done;
    if (n > kRowBatch) n = kRowBatch;
    // libjpeg takes non-const rows but only reads them.
    for (int i = 0; i < n; ++i) {
      rows[i] = const_cast<uint8_t*>(base + static_cast<ptrdiff_t>(done + i) * stride);
    }
    done += static_cast<int>(jpeg_write_scanlines(&e->cinfo, rows, static_cast<JDIMENSION>(n)));
  }
  return true;
}

bool EncoderFinishStep(Encoder* e) {
  if (setjmp(e->err.jmp)) return false;
  jpeg_finish_compress(&e->cinfo);
  return true;
}

struct EncoderDeleter {
  void operator()(Encoder* e) const {
    if (e->created) jpeg_destroy_compress(&e->cinfo);
    std::free(e->dest.buffer);
    delete e;
  }
};

}  // namespace

bool SniffJpeg(const uint8_t* data, size_t size) {
  return size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}

Status ProbeJpeg(const uint8_t* data, size_t size, const Limits& limits, ProbeResult* out) {
  DecoderPtr d = NewDecoder(limits);
  if (!DecoderOpenStep(d.get(), data, size, static_cast<int64_t>(limits.max_memory_bytes))) {
    return DecoderError(*d, "header");
  }
  FillInfo(d->cinfo, out);
  return Status::Ok();
}

StatusOr<Image> DecodeJpeg(const uint8_t* data, size_t size, const ProbeResult& probe,
                           const DecodeOptions& options, const Limits& limits) {
  DecoderPtr d = NewDecoder(limits);
  const PixelFormat fmt = probe.info.pixel_format;
  if (!DecoderOpenStep(d.get(), data, size, static_cast<int64_t>(limits.max_memory_bytes))) {
    return DecoderError(*d, "header");
  }
  jpeg_decompress_struct& cinfo = d->cinfo;
  // CMYK and YCCK: libjpeg gives CMYK (it undoes YCCK itself) and we convert to sRGB row by row.
  const bool cmyk = probe.info.cmyk;
  cinfo.out_color_space = cmyk ? JCS_CMYK : fmt == PixelFormat::kGray8 ? JCS_GRAYSCALE : JCS_RGB;
  std::unique_ptr<CmykConverter> converter;
  if (cmyk) {
    // An Adobe APP14 marker means inverted samples (255 = no ink): Photoshop writes them so, and
    // libjpeg, libvips and browsers all read them so. YCCK is always Adobe.
    std::string warning;
    converter = CmykConverter::Create(probe.info.icc_profile, cinfo.saw_Adobe_marker != 0, &warning);
  }
  cinfo.scale_num = 1;
  cinfo.scale_denom = static_cast<unsigned int>(options.scale_denom);
  cinfo.dct_method = JDCT_ISLOW;
  cinfo.do_fancy_upsampling = TRUE;
  if (!DecoderCalcStep(d.get())) return DecoderError(*d, "setup");
  const int32_t out_w = static_cast<int32_t>(cinfo.output_width);
  const int32_t out_h = static_cast<int32_t>(cinfo.output_height);
  const Rect full{0, 0, out_w, out_h};
  const Rect crop = options.crop.empty() ? full : options.crop.Intersect(full);
  if (crop.empty()) return InvalidArgumentError("crop rectangle lies outside the image");
  const bool cropping = !(crop == full);

  OSSIMG_RETURN_IF_ERROR(
      CheckMemoryBudget(ImageBytes(crop.width, crop.height, fmt), probe.decoder_bytes, limits));
  OSSIMG_ASSIGN_OR_RETURN(Image img, Image::Create(crop.width, crop.height, fmt, limits));
  // libjpeg's own allocations (the coefficient buffer) may use what the output image does not.
  cinfo.mem->max_memory_to_use = static_cast<long>(
      limits.max_memory_bytes -
      std::min<uint64_t>(limits.max_memory_bytes, ImageBytes(crop.width, crop.height, fmt)));
  if (!DecoderStartStep(d.get())) return DecoderError(*d, "decode");
  // Our Huffman decoder (faster than libjpeg's, and with threads >= 2 split over two cores);
  // libjpeg's stays for everything it does not handle. Crop-on-load skips rows: libjpeg's.
  std::unique_ptr<JpegEntropy> entropy;
  if (!cropping && !cmyk) {
    entropy = JpegEntropy::Install(&cinfo, options.threads,
                                   static_cast<uint64_t>(cinfo.mem->max_memory_to_use));
  }

  // CMYK rows are converted one by one in the row path below (the engine never pipelines CMYK).
  if (!cropping && !cmyk && options.progress) {
    // Batches of a few iMCU rows, so a consumer on another core follows closely behind.
    constexpr JDIMENSION kBatch = 32;
    const ImageView view = img.view();
    for (JDIMENSION y = 0; y < cinfo.output_height; y += kBatch) {
      const JDIMENSION n = std::min<JDIMENSION>(kBatch, cinfo.output_height - y);
      if (!DecoderReadStep(d.get(), img.Row(static_cast<int32_t>(y)),
                           static_cast<ptrdiff_t>(img.stride()), n)) {
        options.progress(view, -1);  // the consumer stops reading before `img` is freed
        return DecoderError(*d, "decode");
      }
      options.progress(view, static_cast<int32_t>(y + n));
    }
    if (options.fail_on_truncated && !DecoderFinishStep(d.get())) {
      options.progress(view, -1);
      return DecoderError(*d, "decode");
    }
  } else if (!cropping && !cmyk) {
    if (!DecoderReadStep(d.get(), img.Row(0), static_cast<ptrdiff_t>(img.stride()),
                         cinfo.output_height)) {
      return DecoderError(*d, "decode");
    }
    // Only strict decodes need the tail: the pixels are complete already.
    if (options.fail_on_truncated && !DecoderFinishStep(d.get())) {
      return DecoderError(*d, "decode");
    }
  } else {
    // Crop-on-load. Fancy upsampling makes a pixel depend on its neighbours across iMCU edges,
    // and libjpeg restarts its upsampler context at the edge of a cropped or skipped region. So
    // the decoded window is padded by one iMCU on each side (and aligned to iMCUs), the padding
    // decoded and thrown away: the kept pixels are exactly those of a full decode.
    const int imcu_w = cinfo.max_h_samp_factor * cinfo.min_DCT_scaled_size;
    const int imcu_h = cinfo.max_v_samp_factor * cinfo.min_DCT_scaled_size;
    const int64_t x0 = std::max<int64_t>(0, (crop.x / imcu_w - 1) * int64_t{imcu_w});
    const int64_t x1 = std::min<int64_t>(out_w, int64_t{crop.x} + crop.width + imcu_w);
    const int64_t y0 = std::max<int64_t>(0, (crop.y / imcu_h - 1) * int64_t{imcu_h});
    JDIMENSION xoff = static_cast<JDIMENSION>(x0);
    JDIMENSION win_w = static_cast<JDIMENSION>(x1 - x0);
    if (x0 > 0 || x1 < out_w) {
      if (!DecoderCropStep(d.get(), &xoff, &win_w)) return DecoderError(*d, "crop");
    }
    if (y0 > 0 && !DecoderSkipStep(d.get(), static_cast<JDIMENSION>(y0))) {
      return DecoderError(*d, "skip");
    }
    // CMYK rows (4 samples) take this path too, uncropped or not, to be converted one by one.
    const int channels = static_cast<int>(cinfo.output_components);
    std::vector<uint8_t> scratch(static_cast<size_t>(win_w) * channels);
    const size_t left = static_cast<size_t>(crop.x - static_cast<int64_t>(xoff)) * channels;
    const size_t row_bytes = static_cast<size_t>(crop.width) * channels;
    for (int64_t y = cinfo.output_scanline; y < int64_t{crop.y} + crop.height; ++y) {
      if (!DecoderReadStep(d.get(), scratch.data(), 0, 1)) return DecoderError(*d, "decode");
      if (y < crop.y) continue;
      uint8_t* out = img.Row(static_cast<int32_t>(y - crop.y));
      if (converter != nullptr) {
        converter->Convert(scratch.data() + left, out, crop.width);
      } else {
        std::memcpy(out, scratch.data() + left, row_bytes);
      }
    }
    if (!cropping && options.fail_on_truncated && !DecoderFinishStep(d.get())) {
      return DecoderError(*d, "decode");
    }
  }
  if (options.fail_on_truncated && d->err.warnings > 0) {
    // Rows were reported: let the consumer finish with them before `img` is freed.
    if (!cropping && options.progress) options.progress(img.view(), -1);
    return CorruptInputError(std::string("JPEG data damaged: ") + d->err.message);
  }
  return img;
}

StatusOr<std::vector<uint8_t>> EncodeJpeg(const ImageView& image, const EncodeOptions& options) {
  const bool gray = image.format == PixelFormat::kGray8 || image.format == PixelFormat::kGrayA8;
  const bool alpha = HasAlpha(image.format);
  EncoderParams p{};
  p.width = image.width;
  p.height = image.height;
  p.components = gray ? 1 : 3;
  p.quality = options.quality == 0 ? kDefaultJpegQuality : options.quality;
  p.gray = gray;
  p.progressive = options.progressive;
  p.subsample = options.chroma_subsampling;
  p.icc = options.icc_profile.data();
  p.icc_size = options.icc_profile.size();
  if (image.width > JPEG_MAX_DIMENSION || image.height > JPEG_MAX_DIMENSION) {
    return ImageTooLargeError("JPEG sides are limited to 65500 pixels");
  }

  std::unique_ptr<Encoder, EncoderDeleter> e(new Encoder());
  InitErrorManager(&e->err);
  e->cinfo.err = &e->err.pub;
  // Start with about half a byte per pixel (q85 photos need ~0.3): few reallocations. A
  // streaming encode only ever holds one 64 KiB piece.
  e->dest.sink = options.sink ? &options.sink : nullptr;
  e->dest.capacity =
      e->dest.sink != nullptr
          ? size_t{64} << 10
          : std::max<size_t>(4096, static_cast<size_t>(image.width) *
                                       static_cast<size_t>(image.height) / 2);
  e->dest.buffer = static_cast<uint8_t*>(std::malloc(e->dest.capacity));
  if (e->dest.buffer == nullptr) return ImageTooLargeError("out of memory for the JPEG output");
  e->dest.pub.next_output_byte = e->dest.buffer;
  e->dest.pub.free_in_buffer = e->dest.capacity;
  e->dest.pub.init_destination = InitDestination;
  e->dest.pub.empty_output_buffer = EmptyOutputBuffer;
  e->dest.pub.term_destination = TermDestination;

  const auto fail = [&e](const char* what) {
    if (!e->dest.sink_status.ok()) return e->dest.sink_status;  // the sink's own error
    return InternalError(std::string("JPEG ") + what + ": " + e->err.message);
  };
  if (!EncoderStartStep(e.get(), &p)) return fail("encoder setup");
  if (!alpha) {
    if (!EncoderWriteStep(e.get(), image.data, image.stride, image.height)) return fail("encode");
  } else {
    // JPEG has no alpha: composite onto white (OSS: "transparent areas filled white").
    std::vector<uint8_t> rows(static_cast<size_t>(image.width) * p.components * kRowBatch);
    const ptrdiff_t stride = static_cast<ptrdiff_t>(image.width) * p.components;
    for (int32_t y = 0; y < image.height; y += kRowBatch) {
      const int n = std::min<int32_t>(kRowBatch, image.height - y);
      for (int i = 0; i < n; ++i) {
        FlattenRowOnWhite(image.Row(y + i), image.width, image.format, rows.data() + i * stride);
      }
      if (!EncoderWriteStep(e.get(), rows.data(), stride, n)) return fail("encode");
    }
  }
  if (!EncoderFinishStep(e.get())) return fail("finish");
  const size_t used = e->dest.capacity - e->dest.pub.free_in_buffer;
  if (e->dest.sink != nullptr) {
    if (used > 0) OSSIMG_RETURN_IF_ERROR((*e->dest.sink)(e->dest.buffer, used));
    return std::vector<uint8_t>();
  }
  return std::vector<uint8_t>(e->dest.buffer, e->dest.buffer + used);
}

}  // namespace ossimg::codecs
