// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The four out-of-line functions of Highway's runtime dispatch (hwy/targets.h), so that ossimg
// uses Highway header-only and does not link libhwy.so.
//
// Why: Debian's libhwy.so.1 (1.0.3) runs a static initializer that calibrates its benchmark
// timer, hwy::platform::TimerResolution(), a busy loop of about 3.5 ms on this machine, in every
// process that links it, before main(). That was 40% of `ossimg`'s start-up and 5% of the
// whole headline job (docs/benchmarks.md, "Start-up"). ossimg never uses the timer; it needs only
// target detection and the ChosenTarget singleton that HWY_DYNAMIC_DISPATCH reads.
//
// The contract is the one targets.h documents: SupportedTargets() returns the targets this CPU
// and OS can run (always including the scalar fallbacks), minus those DisableTargets() removed,
// or the SetSupportedTargetsForTest() mock when set; both of those reset the chosen target so
// the next dispatch re-selects. tests/kernels/hwy_runtime_test.cc checks the detection against
// the compiler's own CPU model (__builtin_cpu_supports).

#include <hwy/targets.h>

#include <atomic>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#if HWY_ARCH_X86
#include <cpuid.h>
#endif

namespace hwy {
namespace {

std::atomic<int64_t> g_mock_targets{0};
std::atomic<int64_t> g_disabled_targets{0};

#if HWY_ARCH_X86
// CPUID leaf/subleaf registers (Intel SDM vol. 2A, "CPUID").
struct Regs {
  uint32_t a = 0, b = 0, c = 0, d = 0;
};
Regs Cpuid(uint32_t leaf, uint32_t subleaf) {
  Regs r;
  __cpuid_count(leaf, subleaf, r.a, r.b, r.c, r.d);
  return r;
}
bool Bit(uint32_t reg, int i) { return (reg >> i) & 1u; }

// XCR0: which register states the OS saves on a context switch.
uint64_t Xcr0() {
  uint32_t lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

int64_t DetectX86() {
  int64_t targets = 0;
  const uint32_t max_leaf = Cpuid(0, 0).a;
  const Regs l1 = Cpuid(1, 0);
  const Regs l7 = max_leaf >= 7 ? Cpuid(7, 0) : Regs();
  const Regs e1 = Cpuid(0x80000001u, 0);

  const bool sse2 = Bit(l1.d, 26), sse3 = Bit(l1.c, 0), ssse3 = Bit(l1.c, 9);
  const bool sse41 = Bit(l1.c, 19), sse42 = Bit(l1.c, 20), pclmul = Bit(l1.c, 1);
  const bool aes = Bit(l1.c, 25), avx = Bit(l1.c, 28), f16c = Bit(l1.c, 29);
  const bool fma = Bit(l1.c, 12), osxsave = Bit(l1.c, 27), lzcnt = Bit(e1.c, 5);
  const bool bmi = Bit(l7.b, 3), avx2 = Bit(l7.b, 5), bmi2 = Bit(l7.b, 8);
  const bool avx512f = Bit(l7.b, 16), avx512dq = Bit(l7.b, 17), avx512bw = Bit(l7.b, 30);
  const bool avx512vl = Bit(l7.b, 31);
  const bool vbmi = Bit(l7.c, 1), vbmi2 = Bit(l7.c, 6), vaes = Bit(l7.c, 9);
  const bool vpclmul = Bit(l7.c, 10), vnni = Bit(l7.c, 11), bitalg = Bit(l7.c, 12);
  const bool popcntdq = Bit(l7.c, 14);

  // Register state the OS preserves: XMM (bit 1), YMM (2), opmask + ZMM (5, 6, 7).
  const uint64_t xcr0 = osxsave ? Xcr0() : 0;
  const bool os_xmm = !osxsave || (xcr0 & 0x2) != 0;
  const bool os_ymm = osxsave && (xcr0 & 0x6) == 0x6;
  const bool os_zmm = osxsave && (xcr0 & 0xE6) == 0xE6;

  // Each Highway target requires its whole group of features (hwy/targets.h documents them).
  const bool t_ssse3 = sse2 && sse3 && ssse3 && os_xmm;
  const bool t_sse4 = t_ssse3 && sse41 && sse42 && pclmul && aes;
  const bool t_avx2 = t_sse4 && avx && avx2 && f16c && fma && lzcnt && bmi && bmi2 && os_ymm;
  const bool t_avx3 = t_avx2 && avx512f && avx512vl && avx512dq && avx512bw && os_zmm;
  const bool t_avx3_dl = t_avx3 && vnni && vpclmul && vbmi && vbmi2 && vaes && popcntdq && bitalg;
  if (t_ssse3) targets |= HWY_SSSE3;
  if (t_sse4) targets |= HWY_SSE4;
  if (t_avx2) targets |= HWY_AVX2;
  if (t_avx3) targets |= HWY_AVX3;
  if (t_avx3_dl) targets |= HWY_AVX3_DL;
  return targets;
}
#endif  // HWY_ARCH_X86

int64_t DetectTargets() {
  int64_t targets = HWY_SCALAR | HWY_EMU128;
#if HWY_ARCH_X86
  targets |= DetectX86();
#endif
  // The baseline this file was compiled for runs here by definition (the process is running).
  return targets | HWY_STATIC_TARGET;
}

}  // namespace

HWY_DLLEXPORT HWY_NORETURN void HWY_FORMAT(3, 4)
    Abort(const char* file, int line, const char* format, ...) {
  char buf[2000];
  va_list args;
  va_start(args, format);
  vsnprintf(buf, sizeof(buf), format, args);
  va_end(args);
  fprintf(stderr, "Abort at %s:%d: %s\n", file, line, buf);
  fflush(stderr);
  abort();
}

HWY_DLLEXPORT void DisableTargets(int64_t disabled_targets) {
  g_disabled_targets.store(disabled_targets);
  GetChosenTarget().DeInit();  // the next dispatch re-selects
}

HWY_DLLEXPORT void SetSupportedTargetsForTest(int64_t targets) {
  g_mock_targets.store(targets);
  GetChosenTarget().DeInit();
}

HWY_DLLEXPORT int64_t SupportedTargets() {
  int64_t targets = g_mock_targets.load();
  if (targets == 0) targets = DetectTargets();
  targets &= ~g_disabled_targets.load();
  return targets == 0 ? HWY_STATIC_TARGET : targets;
}

HWY_DLLEXPORT ChosenTarget& GetChosenTarget() {
  static ChosenTarget chosen;
  return chosen;
}

}  // namespace hwy
