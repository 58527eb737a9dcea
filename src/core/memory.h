// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Large buffers without a page fault per page.
//
// Fresh anonymous memory costs one page fault per 4 KiB page at its first touch, and on the
// virtual machines we measure on a fault costs 2-3 us: the headline job (a 6 MB JPEG to a
// thumbnail) took 7,800 of them, about 20 ms of an 80 ms process. Buffers that are written end
// to end right after they are allocated (an input file, a decoded image, a decoder's scratch)
// are better backed by transparent huge pages where 2 MiB-aligned ranges fit, and populated in
// one system call. Linux only; elsewhere these are plain allocations.

#ifndef OSSIMG_SRC_CORE_MEMORY_H_
#define OSSIMG_SRC_CORE_MEMORY_H_

#include <cstddef>
#include <cstdint>

namespace ossimg {

// Below this a buffer is left to malloc and ordinary faults.
inline constexpr size_t kLargeBufferBytes = size_t{256} << 10;

// Asks for huge pages over [p, p + n) and (unless `populate` is false) populates it writable,
// when n >= kLargeBufferBytes. Advice only: failures (an old kernel, THP disabled) change
// nothing but speed.
void PrefaultLarge(void* p, size_t n, bool populate = true);

// Gives the whole pages inside [p, p + n) back to the kernel (they read as zeros afterwards):
// for parts of a large buffer that will not be read again.
void ReleasePages(void* p, size_t n);

// An uninitialised buffer of `size` bytes: mmap'd, 2 MiB-aligned and prefaulted when large,
// malloc'd otherwise. Move-only.
class LargeBuffer {
 public:
  LargeBuffer() = default;
  // An empty buffer (data() == nullptr) when the memory is not available.
  static LargeBuffer Allocate(size_t size);
  ~LargeBuffer();
  LargeBuffer(LargeBuffer&& other) noexcept;
  LargeBuffer& operator=(LargeBuffer&& other) noexcept;
  LargeBuffer(const LargeBuffer&) = delete;
  LargeBuffer& operator=(const LargeBuffer&) = delete;

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  void Release();
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // non-null when mmap'd
  size_t mapped_ = 0;
};

}  // namespace ossimg

#endif  // OSSIMG_SRC_CORE_MEMORY_H_
