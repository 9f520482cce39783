// Splits a kernel's rows across the machine's cores. TensorFlow's element-wise kernels use
// every core through its own thread pool, which the C kernel API does not expose; these
// kernels keep a pool of their own, one helper thread per further core, idle while
// TensorFlow's run (eager ops execute one at a time).
#pragma once

#include <cstdint>
#include <functional>

namespace granular {

// Below this many values per thread, a kernel's work stays on fewer threads.
constexpr int64_t kMinValuesPerThread = 32768;

// Calls body(begin, end) on disjoint ranges covering [0, count), on up to every core, and
// returns when all have finished. Small counts (below min_per_thread per extra thread) run on
// the calling thread alone, where waking helpers would cost more than they save.
void parallel_for(int64_t count, int64_t min_per_thread, const std::function<void(int64_t, int64_t)>& body);

}  // namespace granular
