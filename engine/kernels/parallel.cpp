// The thread pool and the split kernels (parallel.h).
#include "kernels/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace mlpg::kernels {
namespace {

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
constexpr int kMaxThreads = 1;
#elif defined(__EMSCRIPTEN__)
// Each thread is a Web Worker from a pool made when the module starts; more
// than the pool holds could not start without returning to the event loop.
constexpr int kMaxThreads = MLPG_WASM_MAX_THREADS;
#else
constexpr int kMaxThreads = 64;
#endif

// Below these sizes a kernel runs in the caller: waking a thread costs a few
// microseconds, a 2 MFLOP GEMM takes about 20 at this machine's speed.
constexpr double kMinGemmFlops = 2e6;
constexpr double kMinConvFloats = 65536;  // floats im2col / col2im move, multiply-adds of the direct convolution, window reads of pooling
// A woken worker spins this long for the next job before it sleeps again: a
// training step calls the pool hundreds of times with short serial work
// (bias, activations) between, and a sleeping thread takes longer to wake.
constexpr auto kSpin = std::chrono::microseconds(50);

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

thread_local bool t_in_pool = false;  // a pool thread, or a caller running tasks: nested calls run serially

// Workers wait for a new generation, take tasks from a shared counter until
// none is left, and report done; the caller takes tasks too.
class Pool {
 public:
  ~Pool() { resize(1); }
  int size() const { return int(workers_.size()) + 1; }

  void resize(int n) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    stop_ = false;
    const uint64_t start = generation_.load();
    for (int i = 1; i < n; ++i) workers_.emplace_back([this, start] { work(start); });
  }

  void run(int tasks, const std::function<void(int)>& fn) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      fn_ = &fn;
      tasks_ = tasks;
      next_.store(0, std::memory_order_relaxed);
      busy_ = int(workers_.size());
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    drain();
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return busy_ == 0; });
    fn_ = nullptr;
  }

 private:
  void drain() {
    for (int t; (t = next_.fetch_add(1, std::memory_order_relaxed)) < tasks_;) (*fn_)(t);
  }

  void work(uint64_t seen) {
    t_in_pool = true;
    for (;;) {
      const auto until = std::chrono::steady_clock::now() + kSpin;
      while (generation_.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < until)
        cpu_relax();
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_relaxed) != seen; });
      seen = generation_.load(std::memory_order_relaxed);
      if (stop_) return;
      lock.unlock();
      drain();
      lock.lock();
      if (--busy_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> generation_{0};
  bool stop_ = false;
  const std::function<void(int)>* fn_ = nullptr;
  int tasks_ = 0;
  std::atomic<int> next_{0};
  int busy_ = 0;
};

int threads_from_env() {
  const char* s = std::getenv("MLPG_THREADS");
  const int n = s ? std::atoi(s) : 1;
  return std::clamp(n, 1, kMaxThreads);
}

// The pool and the count, behind one lock: one caller at a time uses the
// pool (another one meanwhile runs its tasks itself).
std::mutex g_mu;
std::atomic<int> g_threads{threads_from_env()};
std::atomic<long long> g_pool_runs{0};
Pool& pool() {
  static Pool p;
  return p;
}

void serial(int tasks, const std::function<void(int)>& fn) {
  for (int t = 0; t < tasks; ++t) fn(t);
}

// [lo, hi) of block range `blocks` (each `align` wide, the last one clipped
// at `extent`) for task i of n: whole blocks, as even as they come.
struct Range { int lo, hi; };
Range block_range(int i, int n, int blocks, int align, int extent) {
  const int b0 = int(int64_t(blocks) * i / n), b1 = int(int64_t(blocks) * (i + 1) / n);
  return {b0 * align, std::min(extent, b1 * align)};
}

// Tasks for `work` units of size `unit`, at least one unit each and at most one per thread.
int task_count(double work, double min_work, int units) {
  const int threads = g_threads.load(std::memory_order_relaxed);
  if (threads <= 1 || work < min_work) return 1;
  return std::max(1, std::min(threads, units));
}

}  // namespace

void set_thread_count(int n) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_threads.store(std::clamp(n, 1, kMaxThreads));
  if (pool().size() != 1) pool().resize(1);  // started again at the new size when next needed
}

int thread_count() { return g_threads.load(); }
int max_thread_count() { return kMaxThreads; }
long long pool_runs() { return g_pool_runs.load(); }

void parallel_for(int tasks, const std::function<void(int)>& fn) {
  if (tasks <= 1 || g_threads <= 1 || t_in_pool) return serial(std::max(tasks, 0), fn);
  std::unique_lock<std::mutex> lock(g_mu, std::try_to_lock);
  if (!lock.owns_lock()) return serial(tasks, fn);
  if (pool().size() != g_threads.load()) pool().resize(g_threads.load());
  t_in_pool = true;
  g_pool_runs.fetch_add(1, std::memory_order_relaxed);
  pool().run(tasks, fn);
  t_in_pool = false;
}

void gemm(const KernelSet& k, const GemmArgs& g) {
  // Split C by rows when it is taller than wide, else by columns. Rows in
  // blocks of 24 and columns of 32, multiples of every micro-kernel's tile
  // (4x8, 6x16, 12x32), so the blocks tile C as one thread would.
  const bool by_rows = g.m >= g.n;
  const int extent = by_rows ? g.m : g.n, align = by_rows ? 24 : 32;
  const int blocks = (extent + align - 1) / align;
  const int tasks = task_count(2.0 * g.m * g.n * g.k, kMinGemmFlops, blocks);
  if (tasks <= 1) return k.gemm(g);
  parallel_for(tasks, [&](int i) {
    const Range r = block_range(i, tasks, blocks, align, extent);
    GemmArgs s = g;
    if (by_rows) {
      s.m = r.hi - r.lo;
      s.a = g.trans_a ? g.a + r.lo : g.a + size_t(r.lo) * g.lda;
      s.c = g.c + size_t(r.lo) * g.ldc;
    } else {
      s.n = r.hi - r.lo;
      s.b = g.trans_b ? g.b + size_t(r.lo) * g.ldb : g.b + r.lo;
      s.c = g.c + r.lo;
      if (g.bias) s.bias = g.bias + r.lo;
    }
    k.gemm(s);
  });
}

namespace {
// A convolution or pooling kernel over images [lo, hi) of the batch: the same
// geometry with n = hi − lo, and the body moves every pointer to image lo.
template <typename Geom, typename Body>
void split_batch(const Geom& g, double floats, Body body) {
  const int tasks = task_count(floats, kMinConvFloats, g.n);
  if (tasks <= 1) return body(g, 0);
  parallel_for(tasks, [&](int i) {
    const Range r = block_range(i, tasks, g.n, 1, g.n);
    Geom s = g;
    s.n = r.hi - r.lo;
    body(s, r.lo);
  });
}
size_t image_in(const PoolGeom& g) { return size_t(g.h) * g.w * g.c; }
size_t image_out(const PoolGeom& g) { return size_t(g.oh) * g.ow * g.c; }
double pool_floats(const PoolGeom& g) { return double(g.n) * image_out(g) * g.ph * g.pw; }
size_t image_in(const ConvGeom& g) { return size_t(g.h) * g.w * g.c; }
size_t image_out(const ConvGeom& g, int per_pixel) { return size_t(g.oh) * g.ow * per_pixel; }
}  // namespace

void im2col(const KernelSet& k, const ConvGeom& g, const float* x, float* cols) {
  split_batch(g, double(g.rows()) * g.patch(), [&](const ConvGeom& s, int n0) {
    k.im2col(s, x + n0 * image_in(g), cols + n0 * image_out(g, g.patch()));
  });
}

void col2im(const KernelSet& k, const ConvGeom& g, const float* dcols, float* dx) {
  split_batch(g, double(g.rows()) * g.patch(), [&](const ConvGeom& s, int n0) {
    k.col2im(s, dcols + n0 * image_out(g, g.patch()), dx + n0 * image_in(g));
  });
}

void conv_direct(const KernelSet& k, const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                 float* y) {
  split_batch(g, double(g.rows()) * g.oc * g.patch(), [&](const ConvGeom& s, int n0) {
    k.conv_direct(s, x + n0 * image_in(g), w, bias, relu, y + n0 * image_out(g, g.oc));
  });
}

void conv_direct_dw(const KernelSet& k, const ConvGeom& g, const float* x, const float* dy, float* dw) {
  constexpr int align = 32;
  const int blocks = (g.oc + align - 1) / align;
  const int tasks = task_count(double(g.rows()) * g.oc * g.patch(), kMinConvFloats, blocks);
  if (tasks <= 1) return k.conv_direct_dw(g, x, dy, 0, g.oc, dw);
  parallel_for(tasks, [&](int i) {
    const Range r = block_range(i, tasks, blocks, align, g.oc);
    k.conv_direct_dw(g, x, dy, r.lo, r.hi, dw);
  });
}

void maxpool(const KernelSet& k, const PoolGeom& g, const float* x, float* y, int32_t* argmax) {
  split_batch(g, pool_floats(g), [&](const PoolGeom& s, int n0) {
    const size_t o0 = n0 * image_out(g);
    k.maxpool(s, x + n0 * image_in(g), y + o0, argmax ? argmax + o0 : nullptr);
  });
}

void maxpool_backward(const KernelSet& k, const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx) {
  split_batch(g, pool_floats(g), [&](const PoolGeom& s, int n0) {
    const size_t o0 = n0 * image_out(g);
    k.maxpool_backward(s, dy + o0, argmax + o0, dx + n0 * image_in(g));
  });
}

void avgpool(const KernelSet& k, const PoolGeom& g, const float* x, float* y) {
  split_batch(g, pool_floats(g), [&](const PoolGeom& s, int n0) {
    k.avgpool(s, x + n0 * image_in(g), y + n0 * image_out(g));
  });
}

void avgpool_backward(const KernelSet& k, const PoolGeom& g, const float* dy, float* dx) {
  split_batch(g, pool_floats(g), [&](const PoolGeom& s, int n0) {
    k.avgpool_backward(s, dy + n0 * image_out(g), dx + n0 * image_in(g));
  });
}

}  // namespace mlpg::kernels
