// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "render/fonts.h"

#include <strings.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "src/core/dynlib.h"
#include <fontconfig/fontconfig.h>
#include <sys/stat.h>

namespace ossimg::render {
namespace {

struct FontEntry {
  const char* oss_name;
  const char* family;   // the stand-in's family name, for fontconfig
  const char* file;     // file name of the stand-in face
  int face_index;       // in a collection
  const char* dir;      // where Debian installs it
  const char* package;  // the Debian package (for the error message)
};

// A fixed table first rather than a fontconfig query: the answer must not
// change with whatever else is installed on a host (fontconfig would happily
// pick another CJK face), and the lookup costs a few stat() calls instead of
// loading fontconfig's cache. Fontconfig is asked only when the Debian path is
// absent (another distribution), and only an exact family match counts.
constexpr FontEntry kFonts[] = {
    {"wqy-zenhei", "WenQuanYi Zen Hei", "wqy-zenhei.ttc", 0,
     "/usr/share/fonts/truetype/wqy", "fonts-wqy-zenhei"},
    {"wqy-microhei", "WenQuanYi Micro Hei", "wqy-microhei.ttc", 0,
     "/usr/share/fonts/truetype/wqy", "fonts-wqy-microhei"},
    {"droidsansfallback", "Droid Sans Fallback", "DroidSansFallbackFull.ttf", 0,
     "/usr/share/fonts/truetype/droid", "fonts-droid-fallback"},
    // FangZheng ShuSong (方正书宋, a Song/Ming text face) -> AR PL SungtiL GB,
    // a GB2312 Song face.
    {"fangzhengshusong", "AR PL SungtiL GB", "gbsn00lp.ttf", 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp", "fonts-arphic-gbsn00lp"},
    // FangZheng KaiTi (方正楷体) -> AR PL KaitiM GB, a GB2312 Kai face.
    {"fangzhengkaiti", "AR PL KaitiM GB", "gkai00mp.ttf", 0,
     "/usr/share/fonts/truetype/arphic-gkai00mp", "fonts-arphic-gkai00mp"},
    // FangZheng HeiTi (方正黑体, a sans face) -> WenQuanYi Micro Hei, a Hei
    // face distinct from the default Zen Hei.
    {"fangzhengheiti", "WenQuanYi Micro Hei", "wqy-microhei.ttc", 0,
     "/usr/share/fonts/truetype/wqy", "fonts-wqy-microhei"},
    // FangZheng FangSong (方正仿宋): no free GB FangSong face is packaged;
    // FangSong descends from Song, so the Song stand-in.
    {"fangzhengfangsong", "AR PL SungtiL GB", "gbsn00lp.ttf", 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp", "fonts-arphic-gbsn00lp"},
};

struct FontconfigApi {
  decltype(&FcInitLoadConfigAndFonts) init_load_config_and_fonts;
  decltype(&FcNameParse) name_parse;
  decltype(&FcConfigSubstitute) config_substitute;
  decltype(&FcDefaultSubstitute) default_substitute;
  decltype(&FcFontMatch) font_match;
  decltype(&FcPatternGetString) pattern_get_string;
  decltype(&FcPatternGetInteger) pattern_get_integer;
  decltype(&FcPatternDestroy) pattern_destroy;
  decltype(&FcConfigDestroy) config_destroy;
  decltype(&FcFini) fini;
};

// The process's one fontconfig configuration (loading it reads the font
// cache), guarded by a mutex as older fontconfig releases are not thread-safe.
std::mutex fc_mu;
FcConfig* fc_config = nullptr;
const FontconfigApi* fc_api = nullptr;

// Releases fontconfig's global state at exit: FcInitLoadConfigAndFonts keeps
// allocations that only FcFini frees, which LeakSanitizer would report.
void FontconfigAtExit() {
  std::lock_guard<std::mutex> lock(fc_mu);
  if (fc_config == nullptr) return;
  fc_api->config_destroy(fc_config);
  fc_api->fini();
  fc_config = nullptr;
}

bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

StatusOr<FontFile> FindFontByFamily(const std::string& family) {
  const FontconfigApi* fc = nullptr;
  OSSIMG_RETURN_IF_ERROR(LoadDynLib<FontconfigApi>(
      "fontconfig", {OSSIMG_SONAME_FONTCONFIG},
      [](DynLib& l, FontconfigApi& a) {
        return l.Sym("FcInitLoadConfigAndFonts",
                     &a.init_load_config_and_fonts) &&
               l.Sym("FcNameParse", &a.name_parse) &&
               l.Sym("FcConfigSubstitute", &a.config_substitute) &&
               l.Sym("FcDefaultSubstitute", &a.default_substitute) &&
               l.Sym("FcFontMatch", &a.font_match) &&
               l.Sym("FcPatternGetString", &a.pattern_get_string) &&
               l.Sym("FcPatternGetInteger", &a.pattern_get_integer) &&
               l.Sym("FcPatternDestroy", &a.pattern_destroy) &&
               l.Sym("FcConfigDestroy", &a.config_destroy) &&
               l.Sym("FcFini", &a.fini);
      },
      &fc));
  std::lock_guard<std::mutex> lock(fc_mu);
  if (fc_config == nullptr) {
    fc_config = fc->init_load_config_and_fonts();
    if (fc_config == nullptr) {
      return UnsupportedError("fontconfig has no configuration");
    }
    fc_api = fc;
    std::atexit(FontconfigAtExit);
  }
  FcConfig* config = fc_config;
  FcPattern* pat =
      fc->name_parse(reinterpret_cast<const FcChar8*>(family.c_str()));
  if (pat == nullptr)
    return UnsupportedError("fontconfig cannot parse " + family);
  fc->config_substitute(config, pat, FcMatchPattern);
  fc->default_substitute(pat);
  FcResult result = FcResultNoMatch;
  FcPattern* match = fc->font_match(config, pat, &result);
  fc->pattern_destroy(pat);
  if (match == nullptr)
    return UnsupportedError("fontconfig finds no " + family);
  // Fontconfig always answers with its best substitute: accept only the family
  // asked for.
  bool same = false;
  FcChar8* s = nullptr;
  for (int i = 0; !same && fc->pattern_get_string(match, FC_FAMILY, i, &s) ==
                               FcResultMatch;
       ++i) {
    same = strcasecmp(reinterpret_cast<const char*>(s), family.c_str()) == 0;
  }
  FontFile f;
  int index = 0;
  if (same && fc->pattern_get_string(match, FC_FILE, 0, &s) == FcResultMatch) {
    f.path = reinterpret_cast<const char*>(s);
    if (fc->pattern_get_integer(match, FC_INDEX, 0, &index) == FcResultMatch)
      f.face_index = index;
  }
  fc->pattern_destroy(match);
  if (f.path.empty()) return UnsupportedError("fontconfig finds no " + family);
  return f;
}

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
    StatusOr<FontFile> found = FindFontByFamily(f.family);
    if (found.ok()) return found;
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
