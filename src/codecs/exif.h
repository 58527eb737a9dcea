// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A bounded EXIF (TIFF structure) reader: just the fields `info` and orientation need.

#ifndef OSSIMG_SRC_CODECS_EXIF_H_
#define OSSIMG_SRC_CODECS_EXIF_H_

#include <cstddef>
#include <cstdint>

#include "ossimg/image.h"

namespace ossimg::codecs {

// Parses the TIFF-structured EXIF payload at `data` (starting at "II*\0" / "MM\0*") into
// info->orientation and info->exif_fields. Never fails: hostile input (IFD loops, offsets past the
// end, counts of 2^32-1) stops the walk and keeps what was read. Work is bounded by a fixed number
// of IFDs and entries, each IFD visited once.
void ParseExif(const uint8_t* data, size_t size, ImageInfo* info);

}  // namespace ossimg::codecs

#endif  // OSSIMG_SRC_CODECS_EXIF_H_
