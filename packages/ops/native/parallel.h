// Splits a kernel's rows across the machine's cores. TensorFlow's element-wise kernels use
// every core through its own thread pool, which the C kernel API does not expose; these
// kernels keep a pool of their own, one helper thread per further core, idle while
// TensorFlow's run (eager ops execute one at a time).
#pragma once

#include <cstdint>
#include <functional>

namespace granular {

// Below this many values per thread, a kernel's work stays on fewer threads: waking a helper
// would cost more than it saves.
constexpr int64_t kMinValuesPerThread = 32768;

// Calls body(begin, end) on disjoint ranges covering the items [0, count), on up to every
// core, and returns when all have finished; each thread gets at least kMinValuesPerThread of
// the values the items touch (values_per_item each), so small work stays on the calling thread.
void parallel_for(int64_t count, int64_t values_per_item, const std::function<void(int64_t, int64_t)>& body);

}  // namespace granular
