// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "core/memory.h"

#include <cstdlib>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ossimg {
namespace {

constexpr size_t kPage = 4096;
constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

void PrefaultLarge(void* p, size_t n, bool populate) {
#if defined(__linux__)
  if (p == nullptr || n < kLargeBufferBytes) return;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + n) & ~(kPage - 1);
  if (end <= begin) return;
  void* a = reinterpret_cast<void*>(begin);
  if (end - begin >= kHugePage) ::madvise(a, end - begin, MADV_HUGEPAGE);
#if defined(MADV_POPULATE_WRITE)
  if (populate) ::madvise(a, end - begin, MADV_POPULATE_WRITE);  // Linux 5.14+; EINVAL before
#endif
#else
  (void)p;
  (void)n;
  (void)populate;
#endif
}

void ReleasePages(void* p, size_t n) {
#if defined(__linux__)
  if (p == nullptr) return;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + n) & ~(kPage - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
#else
  (void)p;
  (void)n;
#endif
}

LargeBuffer LargeBuffer::Allocate(size_t size) {
  LargeBuffer b;
#if defined(__linux__)
  if (size >= kLargeBufferBytes) {
    // Over-allocate so a 2 MiB-aligned start exists, then give back the unused ends.
    const size_t rounded = (size + kPage - 1) & ~(kPage - 1);
    const size_t mapped = rounded + kHugePage;
    void* m = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return b;
    const uintptr_t base = reinterpret_cast<uintptr_t>(m);
    const uintptr_t aligned = (base + kHugePage - 1) & ~(kHugePage - 1);
    if (aligned > base) ::munmap(m, aligned - base);
    const uintptr_t tail = aligned + rounded;
    if (base + mapped > tail) ::munmap(reinterpret_cast<void*>(tail), base + mapped - tail);
    b.mapping_ = reinterpret_cast<void*>(aligned);
    b.mapped_ = rounded;
    b.data_ = static_cast<uint8_t*>(b.mapping_);
    b.size_ = size;
    PrefaultLarge(b.data_, rounded);
    return b;
  }
#endif
  b.data_ = static_cast<uint8_t*>(std::malloc(size == 0 ? 1 : size));
  if (b.data_ != nullptr) b.size_ = size;
  return b;
}

LargeBuffer::~LargeBuffer() { Release(); }

LargeBuffer::LargeBuffer(LargeBuffer&& other) noexcept { *this = std::move(other); }

LargeBuffer& LargeBuffer::operator=(LargeBuffer&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapping_ = std::exchange(other.mapping_, nullptr);
    mapped_ = std::exchange(other.mapped_, 0);
  }
  return *this;
}

void LargeBuffer::Release() {
#if defined(__linux__)
  if (mapping_ != nullptr) {
    ::munmap(mapping_, mapped_);
  } else {
    std::free(data_);
  }
#else
  std::free(data_);
#endif
  data_ = nullptr;
  size_ = 0;
  mapping_ = nullptr;
  mapped_ = 0;
}

}  // namespace ossimg
