// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Any job, in process, through the public Engine API: scripts/bench/compare.sh sets
// OSSIMG_BENCH_JOBS to "id|input file|process string|threads" entries separated by ';' and reads
// BM_Job/<id> from the JSON output, next to sharp's in-process time for the same workload.

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "ossimg/engine.h"

namespace {

struct Job {
  std::string id, file, process;
  int threads = 1;
};

void RunJob(benchmark::State& state, const Job& job) {
  ossimg::StatusOr<std::vector<uint8_t>> src = ossimg::ReadFileBytes(job.file, 1u << 30);
  if (!src.ok()) {
    state.SkipWithError(src.status().ToString().c_str());
    return;
  }
  ossimg::Options opt;
  opt.threads = job.threads;
  const ossimg::Engine engine(opt);
  for (auto _ : state) {
    ossimg::StatusOr<ossimg::Result> r = engine.Process(src->data(), src->size(), job.process);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(r->bytes.data());
  }
}

// Registered before main() runs the benchmarks (static initialisation of this TU).
const int kRegistered = [] {
  const char* env = std::getenv("OSSIMG_BENCH_JOBS");
  if (env == nullptr) return 0;
  std::stringstream all(env);
  std::string entry;
  int n = 0;
  while (std::getline(all, entry, ';')) {
    std::stringstream fields(entry);
    Job job;
    std::string threads;
    if (!std::getline(fields, job.id, '|') || !std::getline(fields, job.file, '|') ||
        !std::getline(fields, job.process, '|') || !std::getline(fields, threads, '|')) {
      continue;
    }
    job.threads = std::atoi(threads.c_str());
    benchmark::RegisterBenchmark(("BM_Job/" + job.id).c_str(), RunJob, job)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    ++n;
  }
  return n;
}();

}  // namespace
