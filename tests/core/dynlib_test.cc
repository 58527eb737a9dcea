// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "core/dynlib.h"

#include <gtest/gtest.h>

#include <cstring>

namespace ossimg {
namespace {

// zlib is on every machine that runs ossimg (libpng needs it), so it stands in for the optional
// libraries here.
struct ZlibApi {
  const char* (*zlibVersion)();
};

TEST(DynLib, OpensTheFirstSonameThatLoadsAndResolvesSymbols) {
  StatusOr<DynLib> lib = DynLib::Open("zlib", {"libossimg-does-not-exist.so.9", "libz.so.1"});
  ASSERT_TRUE(lib.ok()) << lib.status().ToString();
  EXPECT_EQ(lib->soname(), "libz.so.1");
  const char* (*version)() = nullptr;
  ASSERT_TRUE(lib->Sym("zlibVersion", &version));
  EXPECT_EQ(version()[0], '1');
  void (*missing)() = nullptr;
  EXPECT_FALSE(lib->Sym("ossimg_no_such_symbol", &missing));
  EXPECT_EQ(missing, nullptr);
}

TEST(DynLib, MissingLibraryIsUnsupportedNamingIt) {
  StatusOr<DynLib> lib = DynLib::Open("libfoo", {"libossimg-does-not-exist.so.9"});
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(lib.status().message().find("libfoo"), std::string::npos);
}

TEST(DynLib, LoadDynLibBindsOnceAndCachesTheAnswer) {
  int binds = 0;
  auto bind = [&](DynLib& l, ZlibApi& a) {
    ++binds;
    return l.Sym("zlibVersion", &a.zlibVersion);
  };
  const ZlibApi* api = nullptr;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(LoadDynLib<ZlibApi>("zlib", {"libz.so.1"}, bind, &api).ok());
    ASSERT_NE(api, nullptr);
    EXPECT_EQ(std::strncmp(api->zlibVersion(), "1.", 2), 0);
  }
  EXPECT_EQ(binds, 1);
}

struct BrokenApi {
  void (*fn)();
};

TEST(DynLib, LoadDynLibReportsAMissingSymbol) {
  const BrokenApi* api = nullptr;
  Status s = LoadDynLib<BrokenApi>(
      "zlib", {"libz.so.1"}, [](DynLib& l, BrokenApi& a) { return l.Sym("ossimg_nope", &a.fn); },
      &api);
  EXPECT_EQ(s.code(), StatusCode::kUnsupported);
  EXPECT_EQ(api, nullptr);
}

}  // namespace
}  // namespace ossimg
