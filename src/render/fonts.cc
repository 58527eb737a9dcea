// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "render/fonts.h"

#include <string>

#include <sys/stat.h>

namespace ossimg::render {
namespace {

struct FontEntry {
  const char* oss_name;
  const char* file;     // file name of the stand-in face
  int face_index;       // in a collection
  const char* dir;      // where Debian installs it
  const char* package;  // the Debian package (for the error message)
};

// A fixed table rather than a fontconfig query: the answer must not change with
// whatever else is installed on a host (fontconfig would silently pick another
// CJK face), and the lookup costs a few stat() calls instead of loading
// fontconfig's cache.
constexpr FontEntry kFonts[] = {
    {"wqy-zenhei", "wqy-zenhei.ttc", 0, "/usr/share/fonts/truetype/wqy",
     "fonts-wqy-zenhei"},
    {"wqy-microhei", "wqy-microhei.ttc", 0, "/usr/share/fonts/truetype/wqy",
     "fonts-wqy-microhei"},
    {"droidsansfallback", "DroidSansFallbackFull.ttf", 0,
     "/usr/share/fonts/truetype/droid", "fonts-droid-fallback"},
    // FangZheng ShuSong (方正书宋, a Song/Ming text face) -> AR PL SungtiL GB,
    // a GB2312 Song face.
    {"fangzhengshusong", "gbsn00lp.ttf", 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp", "fonts-arphic-gbsn00lp"},
    // FangZheng KaiTi (方正楷体) -> AR PL KaitiM GB, a GB2312 Kai face.
    {"fangzhengkaiti", "gkai00mp.ttf", 0,
     "/usr/share/fonts/truetype/arphic-gkai00mp", "fonts-arphic-gkai00mp"},
    // FangZheng HeiTi (方正黑体, a sans face) -> WenQuanYi Micro Hei, a Hei
    // face distinct from the default Zen Hei.
    {"fangzhengheiti", "wqy-microhei.ttc", 0, "/usr/share/fonts/truetype/wqy",
     "fonts-wqy-microhei"},
    // FangZheng FangSong (方正仿宋): no free GB FangSong face is packaged;
    // FangSong descends from Song, so the Song stand-in.
    {"fangzhengfangsong", "gbsn00lp.ttf", 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp", "fonts-arphic-gbsn00lp"},
};

bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

StatusOr<FontFile> FindFont(std::string_view name,
                            const std::string& font_dir) {
  for (const FontEntry& f : kFonts) {
    if (name != f.oss_name) continue;
    if (!font_dir.empty()) {
      for (const char* ext : {".ttf", ".ttc", ".otf"}) {
        const std::string p = font_dir + "/" + f.oss_name + ext;
        if (IsFile(p)) return FontFile{p, 0};
      }
      const std::string p = font_dir + "/" + f.file;
      if (IsFile(p)) return FontFile{p, f.face_index};
    }
    const std::string p = std::string(f.dir) + "/" + f.file;
    if (IsFile(p)) return FontFile{p, f.face_index};
    return UnsupportedError(std::string("The watermark font ") + f.oss_name +
                            " needs " + f.file + " (Debian package " +
                            f.package + ") or a font folder that holds it.");
  }
  return Status(
      StatusCode::kInvalidArgument,
      "The watermark font \"" + std::string(name) + "\" is not supported.",
      "0040-00000251", -1);
}

}  // namespace ossimg::render
