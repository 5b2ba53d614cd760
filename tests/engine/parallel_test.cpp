// The split kernels (kernels/parallel.h): on 2, 3 and 5 threads, in every
// kernel set, their results are bit-identical to the set's own kernel on one
// thread, on odd shapes large enough to be split (and small ones that are
// not); parallel_for runs each task once, nested calls included.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "random_inputs.h"
#include "kernels/parallel.h"

using namespace mlpg::kernels;

namespace {

// Restores the suite's thread count after each use.
struct Threads {
  explicit Threads(int n) : before(thread_count()) { set_thread_count(n); }
  ~Threads() { set_thread_count(before); }
  int before;
};

bool threads_available() { return max_thread_count() > 1; }

void expect_same(const std::vector<float>& one, const std::vector<float>& many, const std::string& what) {
  ASSERT_EQ(one.size(), many.size());
  ASSERT_EQ(0, std::memcmp(one.data(), many.data(), one.size() * sizeof(float))) << what;
}

}  // namespace

TEST(Parallel, ForRunsEveryTaskOnceNestedToo) {
  if (!threads_available()) GTEST_SKIP() << "a build without threads";
  Threads t(3);
  EXPECT_EQ(thread_count(), 3);
  for (int tasks : {0, 1, 2, 3, 7, 100}) {
    std::vector<std::atomic<int>> hits(size_t(tasks) * 4);
    parallel_for(tasks, [&](int i) {
      hits[size_t(i) * 4]++;
      parallel_for(3, [&](int j) { hits[size_t(i) * 4 + 1 + size_t(j)]++; });  // nested: runs in the task's thread
    });
    for (auto& h : hits) EXPECT_EQ(h.load(), 1) << "tasks=" << tasks;
  }
}

TEST(Parallel, ThreadCountClampsAndDefaultsToOne) {
  const char* env = std::getenv("MLPG_THREADS");  // set by the suite's threaded run
  const int start = thread_count();
  EXPECT_EQ(start, env ? std::clamp(std::atoi(env), 1, max_thread_count()) : 1);
  set_thread_count(0);
  EXPECT_EQ(thread_count(), 1);
  set_thread_count(-5);
  EXPECT_EQ(thread_count(), 1);
  set_thread_count(1 << 20);
  EXPECT_EQ(thread_count(), max_thread_count());
  set_thread_count(start);
}

struct Shape { int m, n, k; };
// Split by rows, by columns, square, one row, one column (those five are
// over 2 MFLOP, so split), and too small to split.
const Shape kGemmShapes[] = {{197, 67, 301}, {31, 229, 150}, {100, 100, 150}, {1, 3000, 400}, {3000, 1, 400}, {5, 3, 2}};

TEST(Parallel, GemmSplitIsBitIdenticalInEverySet) {
  if (!threads_available()) GTEST_SKIP() << "a build without threads";
  const long long runs_before = pool_runs();
  int nsets = 0;
  const KernelSet* const* sets = available_kernel_sets(&nsets);
  unsigned seed = 4321;
  for (int s = 0; s < nsets; ++s)
    for (int threads : {2, 3, 5})
      for (Shape sh : kGemmShapes)
        for (int ta = 0; ta < 2; ++ta)
          for (int tb = 0; tb < 2; ++tb) {
            const int m = sh.m, n = sh.n, k = sh.k;
            GemmCase c = random_gemm(++seed, m, n, k, ta, tb);
            GemmArgs g = c.g;
            auto one = c.c, many = c.c;
            g.c = one.data();
            sets[s]->gemm(g);
            Threads t(threads);
            g.c = many.data();
            gemm(*sets[s], g);
            expect_same(one, many, std::string(sets[s]->name) + " gemm threads=" + std::to_string(threads) + " m=" +
                                       std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k) +
                                       " ta=" + std::to_string(ta) + " tb=" + std::to_string(tb));
          }
  EXPECT_GE(pool_runs() - runs_before, 5 * 3 * 4 * nsets) << "the large shapes were not split";
}

TEST(Parallel, ConvolutionSplitsAreBitIdenticalInEverySet) {
  if (!threads_available()) GTEST_SKIP() << "a build without threads";
  int nsets = 0;
  const KernelSet* const* sets = available_kernel_sets(&nsets);
  struct Case { int n, h, w, c, k, oc, stride; };
  // Batches of 1 (not split), odd batches, odd sizes, 'same' padding, strides.
  // Each split kernel is split in at least one case (im2col and col2im from
  // 65,536 floats, the direct convolution from 65,536 multiply-adds; its
  // weight gradient splits channels in blocks of 32: 40 channels split).
  const long long runs_before = pool_runs();
  for (Case cs : {Case{7, 33, 31, 3, 3, 16, 1}, Case{5, 30, 30, 5, 5, 7, 2}, Case{1, 9, 9, 2, 3, 8, 1},
                  Case{9, 28, 28, 1, 3, 32, 1}, Case{3, 10, 12, 5, 5, 7, 1}, Case{6, 20, 20, 8, 3, 8, 1},
                  Case{4, 16, 16, 1, 3, 40, 1}})
    for (int s = 0; s < nsets; ++s)
      for (int threads : {2, 3, 5}) {
        const KernelSet& k = *sets[s];
        ConvGeom g{cs.n, cs.h, cs.w, cs.c, cs.k, cs.k, cs.oc, cs.stride, cs.stride, 0, 0, 0, 0};
        g.oh = (cs.h + cs.stride - 1) / cs.stride;
        g.ow = (cs.w + cs.stride - 1) / cs.stride;
        g.pad_top = std::max((g.oh - 1) * cs.stride + cs.k - cs.h, 0) / 2;
        g.pad_left = std::max((g.ow - 1) * cs.stride + cs.k - cs.w, 0) / 2;
        std::mt19937 rng(unsigned(cs.n * 131 + cs.h * 7 + threads + s * 1000));
        const auto x = random_vec(rng, size_t(g.n) * g.h * g.w * g.c);
        const auto w = random_vec(rng, size_t(g.patch()) * g.oc), bias = random_vec(rng, size_t(g.oc));
        const size_t ncols = size_t(g.rows()) * g.patch(), ny = size_t(g.rows()) * g.oc;
        const auto dcols = random_vec(rng, ncols);
        std::vector<float> cols1(ncols), y1(ny), dx1 = random_vec(rng, x.size());
        std::vector<float> cols2(ncols), y2(ny), dx2 = dx1;
        k.im2col(g, x.data(), cols1.data());
        k.col2im(g, dcols.data(), dx1.data());
        k.conv_direct(g, x.data(), w.data(), bias.data(), true, y1.data());
        const auto dy = random_vec(rng, ny);
        std::vector<float> dw1 = random_vec(rng, w.size()), dw2 = dw1;
        k.conv_direct_dw(g, x.data(), dy.data(), 0, g.oc, dw1.data());
        Threads t(threads);
        im2col(k, g, x.data(), cols2.data());
        col2im(k, g, dcols.data(), dx2.data());
        conv_direct(k, g, x.data(), w.data(), bias.data(), true, y2.data());
        conv_direct_dw(k, g, x.data(), dy.data(), dw2.data());
        const std::string what = std::string(k.name) + " threads=" + std::to_string(threads) + " n=" + std::to_string(cs.n) +
                                 " h=" + std::to_string(cs.h) + " c=" + std::to_string(cs.c);
        expect_same(cols1, cols2, "im2col " + what);
        expect_same(dx1, dx2, "col2im " + what);
        expect_same(y1, y2, "conv_direct " + what);
        expect_same(dw1, dw2, "conv_direct_dw " + what);
      }
  EXPECT_GE(pool_runs() - runs_before, 3 * nsets * 3 * 3) << "the large cases were not split";
}

TEST(Parallel, PoolingSplitsAreBitIdenticalInEverySet) {
  if (!threads_available()) GTEST_SKIP() << "a build without threads";
  int nsets = 0;
  const KernelSet* const* sets = available_kernel_sets(&nsets);
  // The course CNN's first pool, odd sizes with overlapping windows (stride <
  // window: one image's outputs scatter into the same input twice), a batch of
  // one (not split); ties (repeated values) in every input.
  const PoolGeom cases[] = {{6, 26, 26, 32, 2, 2, 2, 2, 13, 13}, {7, 15, 13, 33, 3, 3, 2, 2, 7, 6},
                            {5, 12, 12, 16, 3, 3, 1, 1, 10, 10}, {1, 8, 8, 4, 2, 2, 2, 2, 4, 4}};
  const long long runs_before = pool_runs();
  for (const PoolGeom& g : cases)
    for (int s = 0; s < nsets; ++s)
      for (int threads : {2, 3, 5}) {
        const KernelSet& k = *sets[s];
        std::mt19937 rng(unsigned(g.n * 977 + g.c + threads + s * 100));
        auto x = random_vec(rng, size_t(g.n) * g.h * g.w * g.c);
        for (size_t i = 5; i < x.size(); i += 5) x[i] = x[i - 3];
        const size_t ny = size_t(g.n) * g.oh * g.ow * g.c;
        const auto dy = random_vec(rng, ny);
        std::vector<float> y1(ny), y2(ny), a1(ny), a2(ny);
        std::vector<float> dx1 = random_vec(rng, x.size()), dx2 = dx1, da1 = dx1, da2 = dx1, yi(ny);
        std::vector<int32_t> am1(ny, -1), am2(ny, -1);
        k.maxpool(g, x.data(), y1.data(), am1.data());
        k.maxpool_backward(g, dy.data(), am1.data(), dx1.data());
        k.avgpool(g, x.data(), a1.data());
        k.avgpool_backward(g, dy.data(), da1.data());
        Threads t(threads);
        maxpool(k, g, x.data(), y2.data(), am2.data());
        maxpool(k, g, x.data(), yi.data(), nullptr);  // inference: no argmax
        maxpool_backward(k, g, dy.data(), am2.data(), dx2.data());
        avgpool(k, g, x.data(), a2.data());
        avgpool_backward(k, g, dy.data(), da2.data());
        const std::string what = std::string(k.name) + " threads=" + std::to_string(threads) + " n=" + std::to_string(g.n) +
                                 " c=" + std::to_string(g.c);
        expect_same(y1, y2, "maxpool " + what);
        expect_same(y1, yi, "maxpool without argmax " + what);
        ASSERT_EQ(am1, am2) << "maxpool argmax " << what;
        expect_same(dx1, dx2, "maxpool_backward " + what);
        expect_same(a1, a2, "avgpool " + what);
        expect_same(da1, da2, "avgpool_backward " + what);
      }
  EXPECT_GE(pool_runs() - runs_before, 3 * 5 * 3 * nsets) << "the large cases were not split";
}
