// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// OSS's watermark font names (`type_`) mapped to font files. OSS ships seven
// faces; the three WenQuanYi/Droid ones are free and packaged by Debian, the
// four FangZheng (方正) ones are commercial, so they map to the closest free
// faces (the table and the reasons are in docs/compat.md, "Watermarks"). A font
// folder given by the embedder is searched first, so a licensed FangZheng file
// named after the OSS name (fangzhengkaiti.ttf) replaces the stand-in.

#ifndef OSSIMG_RENDER_FONTS_H_
#define OSSIMG_RENDER_FONTS_H_

#include <string>
#include <string_view>

#include "ossimg/status.h"

namespace ossimg::render {

struct FontFile {
  std::string path;
  int face_index = 0;  // inside a .ttc collection
};

// The file for OSS font `name`: `font_dir`/<name>.{ttf,ttc,otf}, then
// `font_dir`/<stand-in file name>, then the Debian path of the stand-in.
// InvalidArgument (EC-251) for a name OSS does not know; Unsupported naming the
// Debian package when no file is found.
StatusOr<FontFile> FindFont(std::string_view name, const std::string& font_dir);

// The file fontconfig (loaded on first use) has for exactly `family` (e.g. "AR
// PL KaitiM GB"); Unsupported when it would only offer a substitute. FindFont's
// fallback when the Debian path is absent.
StatusOr<FontFile> FindFontByFamily(const std::string& family);

}  // namespace ossimg::render

#endif  // OSSIMG_RENDER_FONTS_H_
