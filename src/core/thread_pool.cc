// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/thread_pool.h"

#include <utility>

namespace ossimg {

int ThreadPool::Resolve(int requested) {
  if (requested >= 1) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

ThreadPool::ThreadPool(int num_threads) {
  for (int i = 1; i < num_threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::RunItems(const std::function<void(int64_t)>& fn, int64_t count) {
  for (;;) {
    const int64_t i = next_.fetch_add(1, std::memory_order_relaxed);
    if (i >= count) return;
    fn(i);
  }
}

void ThreadPool::WorkerLoop() {
  uint64_t seen = 0;
  for (;;) {
    const std::function<void(int64_t)>* fn;
    int64_t count;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || (open_ && generation_ != seen); });
      if (stop_) return;
      // Registering as busy only while the job is open is what lets ParallelFor know, once it
      // has closed the job, exactly which workers it must wait for.
      seen = generation_;
      ++busy_workers_;
      fn = fn_;
      count = count_;
    }
    RunItems(*fn, count);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --busy_workers_;
    }
    done_.notify_one();
  }
}

void ThreadPool::ParallelFor(int64_t count, const std::function<void(int64_t)>& fn) {
  if (count <= 0) return;
  if (workers_.empty() || count == 1) {
    for (int64_t i = 0; i < count; ++i) fn(i);
    return;
  }
  std::lock_guard<std::mutex> job_lock(job_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fn_ = &fn;
    count_ = count;
    next_.store(0, std::memory_order_relaxed);
    ++generation_;
    open_ = true;
  }
  wake_.notify_all();
  RunItems(fn, count);
  // Close the job so no late worker joins, then wait for those that did: after that nobody
  // references `fn` (owned by our caller) or touches next_, which the next job resets.
  std::unique_lock<std::mutex> lock(mutex_);
  open_ = false;
  done_.wait(lock, [&] { return busy_workers_ == 0; });
  fn_ = nullptr;
}

}  // namespace ossimg
