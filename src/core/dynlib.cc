// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "core/dynlib.h"

#include <dlfcn.h>

namespace ossimg {

StatusOr<DynLib> DynLib::Open(const char* what, std::initializer_list<const char*> sonames) {
  std::string errors;
  for (const char* soname : sonames) {
    if (soname == nullptr || *soname == '\0') continue;
    void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr) {
      DynLib lib;
      lib.handle_ = handle;
      lib.soname_ = soname;
      return lib;
    }
    const char* err = dlerror();
    if (!errors.empty()) errors += "; ";
    errors += err != nullptr ? err : soname;
  }
  return Status(StatusCode::kUnsupported,
                std::string(what) + " is not available on this system (" + errors + ")");
}

void* DynLib::RawSym(const char* name) const {
  if (handle_ == nullptr) return nullptr;
  return dlsym(handle_, name);
}

}  // namespace ossimg
