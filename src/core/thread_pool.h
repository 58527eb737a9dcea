// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A small fixed-size thread pool for data-parallel loops (strips of rows). Highway 1.0.3 has no
// contrib/thread_pool, so we bring our own: std::thread workers, one job at a time, the calling
// thread takes part. Work items are claimed with an atomic counter, so which thread runs which
// item varies from run to run; kernels therefore never let results depend on the split.

#ifndef OSSIMG_SRC_CORE_THREAD_POOL_H_
#define OSSIMG_SRC_CORE_THREAD_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ossimg {

class ThreadPool {
 public:
  // `num_threads` threads in total including the caller of ParallelFor; values < 1 mean 1 (no
  // worker threads: ParallelFor runs inline).
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // What a requested count means: values < 1 ask for every core (Options::threads = 0).
  static int Resolve(int requested);

  int num_threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls fn(i) once for every i in [0, count) and returns when all calls have finished. Calls
  // may run concurrently on any pool thread. Not re-entrant: fn must not call ParallelFor on the
  // same pool. Concurrent ParallelFor calls from different threads are serialised.
  void ParallelFor(int64_t count, const std::function<void(int64_t)>& fn);

 private:
  void WorkerLoop();
  void RunItems(const std::function<void(int64_t)>& fn, int64_t count);

  std::vector<std::thread> workers_;
  std::mutex job_mutex_;  // serialises ParallelFor callers
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(int64_t)>* fn_ = nullptr;
  int64_t count_ = 0;
  std::atomic<int64_t> next_{0};
  uint64_t generation_ = 0;
  int busy_workers_ = 0;
  bool open_ = false;  // a job is accepting workers
  bool stop_ = false;
};

}  // namespace ossimg

#endif  // OSSIMG_SRC_CORE_THREAD_POOL_H_
