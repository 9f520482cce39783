#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace granular {
namespace {

// One job at a time (kernels run one at a time): helpers wait for a new generation, take their
// share, and count down; the caller takes share 0 and waits for the count to reach zero.
class Pool {
 public:
  explicit Pool(int helpers) : helpers_(helpers) {
    for (int i = 0; i < helpers_; ++i) std::thread([this, i] { work(i + 1); }).detach();
  }

  int threads() const { return helpers_ + 1; }

  void run(int shares, const std::function<void(int)>& share) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &share;
      shares_ = shares;
      pending_.store(shares - 1, std::memory_order_relaxed);
      ++generation_;
    }
    wake_.notify_all();
    share(0);
    // Helpers finish within microseconds of the caller: spin briefly, then yield.
    for (int spins = 0; pending_.load(std::memory_order_acquire) > 0; ++spins)
      if (spins > 1000) std::this_thread::yield();
  }

 private:
  void work(int index) {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(int)>* job;
      int shares;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        job = job_;
        shares = shares_;
      }
      if (index < shares) {
        (*job)(index);
        pending_.fetch_sub(1, std::memory_order_release);
      }
    }
  }

  const int helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  uint64_t generation_ = 0;
  const std::function<void(int)>* job_ = nullptr;
  int shares_ = 0;
  std::atomic<int> pending_{0};
};

// Never destroyed: its detached threads wait on its members until the process ends.
Pool& pool() {
  static Pool* instance = new Pool(std::max(1u, std::thread::hardware_concurrency()) - 1);
  return *instance;
}

}  // namespace

void parallel_for(int64_t count, int64_t values_per_item, const std::function<void(int64_t, int64_t)>& body) {
  const int64_t items_per_thread = std::max<int64_t>(1, kMinValuesPerThread / std::max<int64_t>(1, values_per_item));
  const int64_t wanted = std::min<int64_t>(pool().threads(), count / items_per_thread);
  if (wanted <= 1) {
    if (count > 0) body(0, count);
    return;
  }
  const int shares = static_cast<int>(wanted);
  pool().run(shares, [&](int share) {
    const int64_t begin = count * share / shares, end = count * (share + 1) / shares;
    if (begin < end) body(begin, end);
  });
}

}  // namespace granular
