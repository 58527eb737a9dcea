// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Optional heavy libraries (libheif, libavif, libtiff, lcms2, libcurl, FreeType, HarfBuzz,
// fontconfig) are loaded on first use instead of being linked: linking them all costs ~30 ms of
// dynamic relocation before main() on this machine, and most jobs (a JPEG thumbnail) need none of
// them. This is the design libvips uses for its heavy loaders (modules), reduced to what ossimg
// needs: dlopen the library's SONAME, dlsym the handful of functions a codec calls, and keep the
// handle for the life of the process.
//
// Usage (types come from the library's own headers, so calls stay type-checked):
//
//   struct HeifApi {
//     decltype(&heif_context_alloc) context_alloc;
//     ...
//   };
//   const HeifApi* api = nullptr;
//   Status s = LoadDynLib<HeifApi>("libheif", {OSSIMG_SONAME_HEIF}, [](DynLib& l, HeifApi& a) {
//     return l.Sym("heif_context_alloc", &a.context_alloc) && ...;  // all or nothing
//   }, &api);
//
// The SONAME is found at configure time (cmake/DynLib.cmake: ossimg_dynlib()), so the build
// fails early when the -dev package is missing, and the binary carries no link-time dependency.
// A library that cannot be loaded at run time makes its feature Unsupported, never a crash.

#ifndef OSSIMG_CORE_DYNLIB_H_
#define OSSIMG_CORE_DYNLIB_H_

#include <initializer_list>
#include <mutex>
#include <string>

#include "ossimg/status.h"

namespace ossimg {

class DynLib {
 public:
  // Opens the first of `sonames` that loads (RTLD_NOW | RTLD_LOCAL). The handle is never closed:
  // libraries like libheif register plugins and atexit handlers that outlive any one call.
  static StatusOr<DynLib> Open(const char* what, std::initializer_list<const char*> sonames);

  // Resolves `name` into `*fn`; false (and *fn = nullptr) when the symbol is missing.
  template <typename Fn>
  bool Sym(const char* name, Fn** fn) const {
    *fn = reinterpret_cast<Fn*>(RawSym(name));
    return *fn != nullptr;
  }

  void* RawSym(const char* name) const;
  const std::string& soname() const { return soname_; }

 private:
  void* handle_ = nullptr;
  std::string soname_;
};

// Loads `Api` once per process (thread-safe) and returns the same answer every time: the table, or
// Unsupported naming the library and what failed. `bind` fills the table and returns false when a
// symbol is missing.
template <typename Api, typename Bind>
Status LoadDynLib(const char* what, std::initializer_list<const char*> sonames, Bind bind,
                  const Api** out) {
  struct State {
    std::once_flag once;
    Api api{};
    Status status;
  };
  static State state;  // one per Api type
  std::call_once(state.once, [&] {
    StatusOr<DynLib> lib = DynLib::Open(what, sonames);
    if (!lib.ok()) {
      state.status = lib.status();
      return;
    }
    if (!bind(*lib, state.api)) {
      state.status = Status(StatusCode::kUnsupported,
                            std::string(what) + ": " + lib->soname() + " lacks a needed symbol");
    }
  });
  *out = state.status.ok() ? &state.api : nullptr;
  return state.status;
}

}  // namespace ossimg

#endif  // OSSIMG_CORE_DYNLIB_H_
