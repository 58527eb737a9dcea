// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// src/kernels/hwy_runtime.cc replaces libhwy.so's target detection: check it against the
// compiler's CPU model, check the test mock and DisableTargets, and check that the `ossimg`
// binary really does not load libhwy (whose static initializer costs ~3.5 ms of start-up).

#include <hwy/targets.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

TEST(HwyRuntime, DetectionAgreesWithTheCompilersCpuModel) {
  const int64_t t = hwy::SupportedTargets();
  EXPECT_NE(t & HWY_SCALAR, 0);
  EXPECT_NE(t & HWY_STATIC_TARGET, 0);
#if HWY_ARCH_X86
  __builtin_cpu_init();
  // Each target implies the features the compiler sees (the reverse needs more features than
  // __builtin_cpu_supports names, e.g. LZCNT and F16C for AVX2).
  if (t & HWY_SSE4) {
    EXPECT_TRUE(__builtin_cpu_supports("sse4.2"));
    EXPECT_TRUE(__builtin_cpu_supports("pclmul"));
  }
  if (t & HWY_AVX2) {
    EXPECT_TRUE(__builtin_cpu_supports("avx2"));
    EXPECT_TRUE(__builtin_cpu_supports("bmi2"));
    EXPECT_TRUE(__builtin_cpu_supports("fma"));
  }
  if (t & HWY_AVX3) {
    EXPECT_TRUE(__builtin_cpu_supports("avx512bw"));
    EXPECT_TRUE(__builtin_cpu_supports("avx512vl"));
  }
  // And a CPU with the headline features gets the matching target.
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    EXPECT_NE(t & HWY_AVX3, 0);
  }
  if (__builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("pclmul") &&
      __builtin_cpu_supports("aes")) {
    EXPECT_NE(t & HWY_SSE4, 0);
  }
  // Targets are nested: each implies the ones below it.
  if (t & HWY_AVX3) {
    EXPECT_NE(t & HWY_AVX2, 0);
  }
  if (t & HWY_AVX2) {
    EXPECT_NE(t & HWY_SSE4, 0);
  }
  if (t & HWY_SSE4) {
    EXPECT_NE(t & HWY_SSSE3, 0);
  }
#endif
}

TEST(HwyRuntime, MockAndDisableResetTheChosenTarget) {
  const int64_t real = hwy::SupportedTargets();
  hwy::SetSupportedTargetsForTest(HWY_SCALAR);
  EXPECT_EQ(hwy::SupportedTargets(), HWY_SCALAR);
  EXPECT_FALSE(hwy::GetChosenTarget().IsInitialized());
  hwy::SetSupportedTargetsForTest(0);
  EXPECT_EQ(hwy::SupportedTargets(), real);
  const int64_t best = real & -real;  // lowest set bit = the best target
  hwy::DisableTargets(best);
  EXPECT_EQ(hwy::SupportedTargets() & best, 0);
  hwy::DisableTargets(0);
  EXPECT_EQ(hwy::SupportedTargets(), real);
}

TEST(HwyRuntime, TheBinaryDoesNotLinkLibhwy) {
  const char* bin = std::getenv("OSSIMG_BINARY");
  ASSERT_NE(bin, nullptr);
  const std::string cmd = std::string("readelf -d '") + bin + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  ASSERT_NE(out.find("NEEDED"), std::string::npos) << out;  // readelf ran and saw the list
  EXPECT_EQ(out.find("libhwy"), std::string::npos) << out;
}

}  // namespace
