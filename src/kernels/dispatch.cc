// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The runtime SIMD kill switch (libvips' vips_vector_isenabled): OSSIMG_NO_SIMD=1 in the
// environment, or SetForceScalar(true), sends every kernel to its scalar twin.

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "src/kernels/kernels.h"

namespace ossimg::kernels {
namespace {

bool EnvForcesScalar() {
  const char* v = std::getenv("OSSIMG_NO_SIMD");
  return v != nullptr && v[0] != '\0' && std::strcmp(v, "0") != 0;
}

std::atomic<bool>& ForceScalarFlag() {
  // Read the environment once, on first use, so static initialisation order does not matter.
  static std::atomic<bool> flag{EnvForcesScalar()};
  return flag;
}

}  // namespace

void SetForceScalar(bool force) { ForceScalarFlag().store(force, std::memory_order_relaxed); }

bool ForceScalar() { return ForceScalarFlag().load(std::memory_order_relaxed); }

}  // namespace ossimg::kernels
