// Every optimised kernel against the scalar reference, on random inputs with
// sizes around the SIMD tile (1..67 incl. primes, and tile multiples), all
// transposes, strided leading dimensions, and beta != 0. The seed is printed
// on failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <random>
#include <vector>

#include "random_inputs.h"
#include "kernels/kernels.h"
#include "kernels/pack_cache.h"
#include "kernels/parallel.h"

using namespace mlpg::kernels;

namespace {

const int kSizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 31, 32, 33, 61, 64, 67};

void check_gemm(GemmFn fn, const char* name) {
  unsigned seed = 1234;
  std::vector<int> ms(std::begin(kSizes), std::end(kSizes));
  for (int m : {98, 100, 194}) ms.push_back(m);  // past one M-block of A (64 or 96 rows), with 2- and 4-row remainders
  for (int m : ms)
    for (int n : {1, 3, 8, 9, 16, 17, 64, 67})
      for (int k : {1, 4, 7, 33, 67, 300, 401})  // 401 > one K-block of the AVX2 kernel
        for (int ta = 0; ta < 2; ++ta)
          for (int tb = 0; tb < 2; ++tb) {
            ++seed;
            GemmCase t = random_gemm(seed, m, n, k, ta, tb);
            GemmArgs g = t.g;
            auto c_ref = t.c, c_opt = t.c;
            g.c = c_ref.data(); f32_gemm__scalar(g);
            g.c = c_opt.data(); fn(g);
            for (int i = 0; i < m; ++i)
              for (int j = 0; j < g.ldc; ++j) {
                const float r = c_ref[size_t(i) * g.ldc + j], o = c_opt[size_t(i) * g.ldc + j];
                ASSERT_NEAR(r, o, 1e-5f * float(k) + 1e-6f)
                    << name << " seed=" << seed << " m=" << m << " n=" << n << " k=" << k
                    << " ta=" << ta << " tb=" << tb << " at (" << i << "," << j << ")";
              }
          }
}

}  // namespace

TEST(Kernels, GemmVec128MatchesReference) { check_gemm(f32_gemm__vec128_4x8, "f32_gemm__vec128_4x8"); }

void check_gemm_and_elementwise(const KernelSet& k) {
  check_gemm(k.gemm, k.name);
  for (int len = 0; len <= 67; ++len) {
    std::mt19937 rng(7 + unsigned(len));
    auto a = random_vec(rng, size_t(len)), b = random_vec(rng, size_t(len));
    std::vector<float> r(static_cast<size_t>(len)), o(static_cast<size_t>(len));
    f32_add__scalar(size_t(len), a.data(), b.data(), r.data());
    k.add(size_t(len), a.data(), b.data(), o.data());
    ASSERT_EQ(r, o) << k.name << " add n=" << len;
    f32_mul__scalar(size_t(len), a.data(), b.data(), r.data());
    k.mul(size_t(len), a.data(), b.data(), o.data());
    ASSERT_EQ(r, o) << k.name << " mul n=" << len;
    auto yr = b, yo = b;
    f32_axpy__scalar(size_t(len), -0.7f, a.data(), yr.data());
    k.axpy(size_t(len), -0.7f, a.data(), yo.data());
    for (int i = 0; i < len; ++i) ASSERT_NEAR(yr[size_t(i)], yo[size_t(i)], 1e-6f) << k.name << " axpy";
  }
}

TEST(Kernels, BetaZeroIgnoresNaNInOutput) {
  std::vector<float> a{1, 2, 3, 4}, b{1, 0, 0, 1}, c(4, NAN);
  GemmArgs g{false, false, 2, 2, 2, 1.f, a.data(), 2, b.data(), 2, 0.f, c.data(), 2};
  active_kernels().gemm(g);
  EXPECT_EQ(c, a);
}

TEST(Kernels, ElementwiseMatchReferenceAroundTile) {
  for (int n = 0; n <= 67; ++n) {
    unsigned seed = 99 + unsigned(n);
    std::mt19937 rng(seed);
    auto a = random_vec(rng, size_t(n)), b = random_vec(rng, size_t(n));
    std::vector<float> r(static_cast<size_t>(n)), o(static_cast<size_t>(n));
    f32_add__scalar(size_t(n), a.data(), b.data(), r.data());
    f32_add__vec128_x8(size_t(n), a.data(), b.data(), o.data());
    ASSERT_EQ(r, o) << "add seed=" << seed << " n=" << n;
    f32_mul__scalar(size_t(n), a.data(), b.data(), r.data());
    f32_mul__vec128_x8(size_t(n), a.data(), b.data(), o.data());
    ASSERT_EQ(r, o) << "mul seed=" << seed << " n=" << n;
    // In place: y aliases a.
    auto in_place = a;
    f32_add__vec128_x8(size_t(n), in_place.data(), b.data(), in_place.data());
    f32_add__scalar(size_t(n), a.data(), b.data(), r.data());
    ASSERT_EQ(r, in_place) << "add in place seed=" << seed << " n=" << n;
    auto yr = b, yo = b;
    f32_axpy__scalar(size_t(n), 0.3f, a.data(), yr.data());
    f32_axpy__vec128_x8(size_t(n), 0.3f, a.data(), yo.data());
    for (int i = 0; i < n; ++i) ASSERT_NEAR(yr[size_t(i)], yo[size_t(i)], 1e-6f) << "axpy seed=" << seed;
  }
}

TEST(Kernels, ActiveSetNamesWhatRuns) {
  const std::string name = active_kernels().name;
#if defined(MLPG_KERNELS_SCALAR)
  EXPECT_EQ(name, "scalar");
#elif defined(__wasm_simd128__)
  EXPECT_EQ(name, "wasm-simd128");
#else
  EXPECT_NE(name, "scalar");
#endif
}

// The newer families, for every kernel set against the reference, on sizes
// around the tile (rows and columns 1..67 incl. primes), in place where the
// kernel allows it (bias_add accumulates into its output, relu_backward
// writes all of its own, from the previous contents kept to show it).
void check_bias_sum_relu_adam(const KernelSet& k) {
  for (int rows : {1, 2, 3, 7, 16, 33}) {
    for (int cols : {1, 3, 4, 7, 8, 9, 16, 31, 64, 67}) {
      const unsigned seed = 500u + unsigned(rows * 100 + cols);
      std::mt19937 rng(seed);
      const size_t n = size_t(rows) * size_t(cols);
      auto x = random_vec(rng, n), bias = random_vec(rng, size_t(cols)), gy = random_vec(rng, n);
      auto yr = x, yo = x;
      f32_bias_add__scalar(size_t(rows), size_t(cols), bias.data(), yr.data());
      k.bias_add(size_t(rows), size_t(cols), bias.data(), yo.data());
      ASSERT_EQ(yr, yo) << k.name << " bias_add seed=" << seed;
      auto sr = bias, so = bias;
      f32_sum_rows__scalar(size_t(rows), size_t(cols), x.data(), sr.data());
      k.sum_rows(size_t(rows), size_t(cols), x.data(), so.data());
      for (int c = 0; c < cols; ++c) ASSERT_NEAR(sr[size_t(c)], so[size_t(c)], 1e-5f * rows) << k.name << " sum_rows seed=" << seed;
      std::vector<float> rr(n), ro(n);
      f32_relu__scalar(n, x.data(), rr.data());
      k.relu(n, x.data(), ro.data());
      ASSERT_EQ(rr, ro) << k.name << " relu seed=" << seed;
      auto gr = bias, go = bias;
      gr.resize(n, 0.5f);
      go.resize(n, 0.5f);
      f32_relu_backward__scalar(n, x.data(), gy.data(), gr.data());
      k.relu_backward(n, x.data(), gy.data(), go.data());
      ASSERT_EQ(gr, go) << k.name << " relu_backward seed=" << seed;
      auto gi = gy;  // in place: gx = gy
      k.relu_backward(n, x.data(), gi.data(), gi.data());
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(gi[i], x[i] > 0.f ? gy[i] : 0.f) << k.name << " relu_backward in place";
      for (bool decoupled : {false, true}) {
        auto w1 = x, w2 = x, m1 = gy, m2 = gy;
        std::vector<float> v1(n), v2(n);
        for (size_t i = 0; i < n; ++i) v1[i] = v2[i] = std::fabs(gy[i]) * 0.1f;
        AdamArgs a;
        a.n = n; a.g = gy.data();
        a.lr = 0.01f; a.weight_decay = 0.1f; a.decoupled = decoupled; a.step_size = 0.05f; a.bc2_sqrt = 0.3f;
        a.w = w1.data(); a.m = m1.data(); a.v = v1.data();
        f32_adam__scalar(a);
        a.w = w2.data(); a.m = m2.data(); a.v = v2.data();
        k.adam(a);
        for (size_t i = 0; i < n; ++i) {
          ASSERT_NEAR(w1[i], w2[i], 1e-6f) << k.name << " adam w seed=" << seed;
          ASSERT_NEAR(v1[i], v2[i], 1e-6f) << k.name << " adam v seed=" << seed;
        }
      }
    }
  }
  // Activations over their whole useful range, tails included (±100 saturate).
  std::vector<float> xs;
  for (int i = -4000; i <= 4000; ++i) xs.push_back(float(i) * 0.025f);
  for (float v : {-100.f, -88.f, -30.f, -1e-6f, 0.f, 1e-6f, 30.f, 88.f, 100.f}) xs.push_back(v);
  std::vector<float> r(xs.size()), o(xs.size());
  f32_sigmoid__scalar(xs.size(), xs.data(), r.data());
  k.sigmoid(xs.size(), xs.data(), o.data());
  for (size_t i = 0; i < xs.size(); ++i)
    ASSERT_NEAR(r[i], o[i], 2e-7f + 2e-6f * std::fabs(r[i])) << k.name << " sigmoid(" << xs[i] << ")";
  f32_tanh__scalar(xs.size(), xs.data(), r.data());
  k.tanh(xs.size(), xs.data(), o.data());
  for (size_t i = 0; i < xs.size(); ++i)
    ASSERT_NEAR(r[i], o[i], 3e-7f + 2e-6f * std::fabs(r[i])) << k.name << " tanh(" << xs[i] << ")";
}

// Convolution geometry with TensorFlow's 'same' rule when same is set.
ConvGeom conv_geom(int n, int h, int w, int c, int k, int oc, int stride, bool same) {
  ConvGeom g{n, h, w, c, k, k, oc, stride, stride, 0, 0, 0, 0};
  if (same) {
    g.oh = (h + stride - 1) / stride;
    g.ow = (w + stride - 1) / stride;
    g.pad_top = std::max((g.oh - 1) * stride + k - h, 0) / 2;
    g.pad_left = std::max((g.ow - 1) * stride + k - w, 0) / 2;
  } else {
    g.oh = (h - k) / stride + 1;
    g.ow = (w - k) / stride + 1;
  }
  return g;
}

void expect_near_all(const std::vector<float>& r, const std::vector<float>& o, float tol, const char* what,
                     const char* set, unsigned seed) {
  ASSERT_EQ(r.size(), o.size());
  for (size_t i = 0; i < r.size(); ++i)
    ASSERT_NEAR(r[i], o[i], tol) << set << " " << what << " seed=" << seed << " at " << i;
}

void check_convolution(const KernelSet& ks) {
  unsigned seed = 5000;
  for (int c : {1, 3, 4, 5, 17, 32})
    for (int oc : {1, 3, 4, 5, 16, 17, 32, 33})
      for (int k : {1, 2, 3, 5})
        for (int stride : {1, 2})
          for (int same = 0; same < 2; ++same) {
            ++seed;
            const int h = 5 + int(seed % 5), w = k + int(seed % 7);  // odd and even, down to w == k
            const ConvGeom g = conv_geom(2, h, w, c, k, oc, stride, same);
            if (g.oh < 1 || g.ow < 1) continue;
            std::mt19937 rng(seed);
            const auto x = random_vec(rng, size_t(g.n) * h * w * c);
            const auto wt = random_vec(rng, size_t(g.patch()) * oc);
            const auto bias = random_vec(rng, size_t(oc));
            const size_t ncols = size_t(g.rows()) * g.patch(), ny = size_t(g.rows()) * oc;
            // im2col: exact copies; NaN-filled outputs catch unwritten elements.
            std::vector<float> cr(ncols, NAN), co(ncols, NAN);
            f32_im2col_nhwc__scalar(g, x.data(), cr.data());
            ks.im2col(g, x.data(), co.data());
            ASSERT_EQ(0, std::memcmp(cr.data(), co.data(), ncols * sizeof(float))) << ks.name << " im2col seed=" << seed;
            // col2im accumulates into dx.
            const auto dcols = random_vec(rng, ncols);
            auto dxr = random_vec(rng, x.size()), dxo = dxr;
            f32_col2im_nhwc__scalar(g, dcols.data(), dxr.data());
            ks.col2im(g, dcols.data(), dxo.data());
            expect_near_all(dxr, dxo, 1e-5f, "col2im", ks.name, seed);
            // Direct convolution, with and without bias and fused ReLU.
            for (int variant = 0; variant < 4; ++variant) {
              const float* b = (variant & 1) ? bias.data() : nullptr;
              const bool relu = variant & 2;
              std::vector<float> yr(ny, NAN), yo(ny, NAN);
              f32_conv2d_direct_nhwc__scalar(g, x.data(), wt.data(), b, relu, yr.data());
              ks.conv_direct(g, x.data(), wt.data(), b, relu, yo.data());
              expect_near_all(yr, yo, 2e-6f * float(g.patch()) + 1e-6f, relu ? "conv_direct+relu" : "conv_direct",
                              ks.name, seed);
            }
            // The convolution as one GEMM (implicit where the set has it), with and
            // without bias and ReLU, through a pack cache and without; its weight
            // gradient with beta 0 (dw may hold NaN) and 1.
            for (int variant = 0; variant < 4; ++variant) {
              const float* b = (variant & 1) ? bias.data() : nullptr;
              const bool relu = variant & 2;
              std::vector<float> yr(ny, NAN), yo(ny, NAN);
              f32_conv_gemm_nhwc__scalar(g, x.data(), wt.data(), b, relu, yr.data(), nullptr);
              PackCache packs;
              for (int call = 0; call < 2; ++call) {  // the second call reuses the packed weights
                ks.conv_gemm(g, x.data(), wt.data(), b, relu, yo.data(), variant < 2 ? nullptr : &packs);
                expect_near_all(yr, yo, 2e-6f * float(g.patch()) + 1e-6f, relu ? "conv_gemm+relu" : "conv_gemm",
                                ks.name, seed);
              }
            }
            {
              const auto dyg = random_vec(rng, ny);
              const float tol = 2e-6f * float(g.rows()) + 1e-5f;
              std::vector<float> dwr(wt.size(), NAN), dwo(wt.size(), NAN);
              f32_conv_gemm_nhwc_dw__scalar(g, x.data(), dyg.data(), 0.f, dwr.data());
              ks.conv_gemm_dw(g, x.data(), dyg.data(), 0.f, dwo.data());
              expect_near_all(dwr, dwo, tol, "conv_gemm_dw", ks.name, seed);
              f32_conv_gemm_nhwc_dw__scalar(g, x.data(), dyg.data(), 1.f, dwr.data());
              ks.conv_gemm_dw(g, x.data(), dyg.data(), 1.f, dwo.data());
              expect_near_all(dwr, dwo, 2 * tol, "conv_gemm_dw beta 1", ks.name, seed);
            }
            // With ReLU and a 2x2 max-pool (inference).
            if (g.oh >= 2 && g.ow >= 2) {
              const size_t np = size_t(g.n) * size_t(g.oh / 2) * size_t(g.ow / 2) * size_t(oc);
              std::vector<float> pr(np, NAN), po(np, NAN);
              f32_conv2d_direct_relu_maxpool2_nhwc__scalar(g, x.data(), wt.data(), bias.data(), pr.data());
              ks.conv_direct_pool2(g, x.data(), wt.data(), bias.data(), po.data());
              expect_near_all(pr, po, 2e-6f * float(g.patch()) + 1e-6f, "conv_direct_pool2", ks.name, seed);
            }
            // The direct weight gradient accumulates into dw: all channels, and a
            // range (a thread's share) that leaves the others as they were.
            const auto dy = random_vec(rng, ny);
            const float dw_tol = 2e-6f * float(g.rows()) + 1e-5f;
            auto dwr = random_vec(rng, wt.size()), dwo = dwr;
            f32_conv2d_direct_nhwc_dw__scalar(g, x.data(), dy.data(), 0, oc, dwr.data());
            ks.conv_direct_dw(g, x.data(), dy.data(), 0, oc, dwo.data());
            expect_near_all(dwr, dwo, dw_tol, "conv_direct_dw", ks.name, seed);
            const int o_begin = oc / 3, o_end = oc - oc / 4;
            auto dwr2 = random_vec(rng, wt.size()), dwo2 = dwr2;
            const auto before = dwr2;
            f32_conv2d_direct_nhwc_dw__scalar(g, x.data(), dy.data(), o_begin, o_end, dwr2.data());
            ks.conv_direct_dw(g, x.data(), dy.data(), o_begin, o_end, dwo2.data());
            expect_near_all(dwr2, dwo2, dw_tol, "conv_direct_dw range", ks.name, seed);
            for (size_t i = 0; i < before.size(); ++i) {
              const int o = int(i % size_t(oc));
              if (o < o_begin || o >= o_end) {
                ASSERT_EQ(before[i], dwo2[i]) << ks.name << " channel " << o << " outside the range";
              }
            }
          }
  // Wider images (output rows of several tiles, uneven ones), long kernel
  // rows (cut into K pieces) and a row of one pixel: the implicit GEMM's cases.
  struct Wide { int n, h, w, c, k, oc, stride; bool same; };
  for (const Wide& s : {Wide{3, 9, 29, 7, 3, 33, 1, true}, Wide{2, 6, 30, 5, 3, 64, 2, true},
                        Wide{1, 4, 14, 70, 3, 17, 1, false}, Wide{2, 5, 13, 32, 3, 64, 1, true},
                        Wide{2, 7, 3, 9, 3, 5, 1, false}}) {
    ++seed;
    const ConvGeom g = conv_geom(s.n, s.h, s.w, s.c, s.k, s.oc, s.stride, s.same);
    std::mt19937 rng(seed);
    const auto x = random_vec(rng, size_t(g.n) * s.h * s.w * s.c);
    const auto wt = random_vec(rng, size_t(g.patch()) * s.oc);
    const auto bias = random_vec(rng, size_t(s.oc));
    const size_t ny = size_t(g.rows()) * s.oc;
    std::vector<float> yr(ny, NAN), yo(ny, NAN);
    f32_conv_gemm_nhwc__scalar(g, x.data(), wt.data(), bias.data(), true, yr.data(), nullptr);
    ks.conv_gemm(g, x.data(), wt.data(), bias.data(), true, yo.data(), nullptr);
    expect_near_all(yr, yo, 2e-6f * float(g.patch()) + 1e-6f, "conv_gemm wide", ks.name, seed);
    const auto dy = random_vec(rng, ny);
    std::vector<float> dwr(wt.size(), NAN), dwo(wt.size(), NAN);
    f32_conv_gemm_nhwc_dw__scalar(g, x.data(), dy.data(), 0.f, dwr.data());
    ks.conv_gemm_dw(g, x.data(), dy.data(), 0.f, dwo.data());
    expect_near_all(dwr, dwo, 2e-6f * float(g.rows()) + 1e-5f, "conv_gemm_dw wide", ks.name, seed);
  }
}

TEST(Kernels, DirectConvolutionEqualsIm2colGemm) {
  // The two forward paths conv2d chooses between agree (reference kernels).
  const ConvGeom g = conv_geom(3, 9, 8, 2, 3, 7, 1, true);
  std::mt19937 rng(77);
  const auto x = random_vec(rng, size_t(3 * 9 * 8 * 2)), wt = random_vec(rng, size_t(g.patch() * 7));
  const auto bias = random_vec(rng, 7);
  std::vector<float> cols(size_t(g.rows()) * g.patch()), y1(size_t(g.rows()) * 7), y2(y1.size());
  f32_im2col_nhwc__scalar(g, x.data(), cols.data());
  f32_gemm__scalar({false, false, int(g.rows()), 7, g.patch(), 1.f, cols.data(), g.patch(), wt.data(), 7, 0.f, y1.data(), 7});
  f32_bias_relu__scalar(size_t(g.rows()), 7, bias.data(), y1.data());
  f32_conv2d_direct_nhwc__scalar(g, x.data(), wt.data(), bias.data(), true, y2.data());
  expect_near_all(y1, y2, 1e-5f, "direct vs im2col", "scalar", 77);
  // and so do the two weight gradients: colsᵀ · dY against the direct one.
  const auto dy = random_vec(rng, y1.size());
  std::vector<float> dw1(size_t(g.patch()) * 7, 0.5f), dw2 = dw1;
  f32_gemm__scalar({true, false, g.patch(), 7, int(g.rows()), 1.f, cols.data(), g.patch(), dy.data(), 7, 1.f, dw1.data(), 7});
  f32_conv2d_direct_nhwc_dw__scalar(g, x.data(), dy.data(), 0, 7, dw2.data());
  expect_near_all(dw1, dw2, 1e-4f, "direct dW vs colsT dY", "scalar", 77);
  size_t zeros = 0;
  for (float v : y2) zeros += v == 0.f;
  EXPECT_GT(zeros, 0u);  // the ReLU did cut something
  EXPECT_LT(zeros, y2.size());
}

void check_pooling_and_bias_relu(const KernelSet& ks) {
  for (int c : {1, 3, 4, 5, 8, 32, 33})
    for (int hw : {2, 5, 7, 26})
      for (int pool : {2, 3})
        for (int stride : {1, 2, 3}) {
          if (hw < pool) continue;
          const unsigned seed = 900u + unsigned(c * 1000 + hw * 10 + pool + 100000 * stride);
          std::mt19937 rng(seed);
          PoolGeom g{2, hw, hw + 1, c, pool, pool, stride, stride, (hw - pool) / stride + 1, (hw + 1 - pool) / stride + 1};
          auto x = random_vec(rng, size_t(2 * hw * (hw + 1) * c));
          for (size_t i = 0; i < x.size(); i += 7) x[i] = x[i > 0 ? i - 1 : 0];  // ties
          const size_t n = size_t(2 * g.oh * g.ow * c);
          std::vector<float> yr(n, NAN), yo(n, NAN), yi(n, NAN);
          std::vector<int32_t> ar(n, -7), ao(n, -7);
          f32_maxpool_nhwc__scalar(g, x.data(), yr.data(), ar.data());
          ks.maxpool(g, x.data(), yo.data(), ao.data());
          ks.maxpool(g, x.data(), yi.data(), nullptr);  // inference: no argmax
          ASSERT_EQ(0, std::memcmp(yr.data(), yo.data(), n * sizeof(float))) << ks.name << " maxpool seed=" << seed;
          ASSERT_EQ(0, std::memcmp(yr.data(), yi.data(), n * sizeof(float))) << ks.name << " maxpool(no argmax) seed=" << seed;
          ASSERT_EQ(ar, ao) << ks.name << " maxpool argmax seed=" << seed;
          const auto dy = random_vec(rng, n);
          auto dxr = random_vec(rng, x.size()), dxo = dxr;
          f32_maxpool_nhwc_backward__scalar(g, dy.data(), ar.data(), dxr.data());
          ks.maxpool_backward(g, dy.data(), ao.data(), dxo.data());
          expect_near_all(dxr, dxo, 1e-6f, "maxpool_backward", ks.name, seed);
          double in_sum = 0, out_sum = 0;  // every dy lands once; the rest of dx is written 0
          for (float v : dxr) in_sum += v;
          for (float v : dy) out_sum += v;
          ASSERT_NEAR(in_sum, out_sum, 1e-4) << "maxpool_backward reference seed=" << seed;
          f32_avgpool_nhwc__scalar(g, x.data(), yr.data());
          ks.avgpool(g, x.data(), yo.data());
          expect_near_all(yr, yo, 1e-6f, "avgpool", ks.name, seed);
          dxo = dxr;
          f32_avgpool_nhwc_backward__scalar(g, dy.data(), dxr.data());
          ks.avgpool_backward(g, dy.data(), dxo.data());
          expect_near_all(dxr, dxo, 1e-6f, "avgpool_backward", ks.name, seed);
        }
  for (int rows : {1, 3, 8})
    for (int cols : kSizes)
      for (int with_bias = 0; with_bias < 2; ++with_bias) {
        const unsigned seed = unsigned(rows * 100 + cols * 2 + with_bias);
        std::mt19937 rng(seed);
        const auto y0 = random_vec(rng, size_t(rows * cols)), bias = random_vec(rng, size_t(cols));
        auto yr = y0, yo = y0;
        f32_bias_relu__scalar(size_t(rows), size_t(cols), with_bias ? bias.data() : nullptr, yr.data());
        ks.bias_relu(size_t(rows), size_t(cols), with_bias ? bias.data() : nullptr, yo.data());
        ASSERT_EQ(yr, yo) << ks.name << " bias_relu seed=" << seed;
      }
}

void check_lstm_cell_and_derivatives(const KernelSet& ks) {
  for (int rows : {1, 2, 3, 5})
    for (int h : {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 67}) {
      const unsigned seed = unsigned(7000 + rows * 100 + h);
      std::mt19937 rng(seed);
      const size_t n4 = size_t(rows) * 4 * h, n1 = size_t(rows) * h;
      auto pre = random_vec(rng, n4);
      for (float& v : pre) v *= 6.f;  // well into both saturating tails
      std::vector<float> ar(n4), ao(n4);
      auto pre2 = random_vec(rng, n4);  // two terms: their sum is what the gates see
      std::vector<float> sum(n4);
      for (size_t i = 0; i < n4; ++i) sum[i] = pre[i] + pre2[i];
      f32_lstm_gates__scalar(size_t(rows), size_t(h), sum.data(), nullptr, ar.data());
      ks.lstm_gates(size_t(rows), size_t(h), pre.data(), pre2.data(), ao.data());
      expect_near_all(ar, ao, 1e-6f, "lstm_gates of two terms", ks.name, seed);
      f32_lstm_gates__scalar(size_t(rows), size_t(h), pre.data(), nullptr, ar.data());
      ks.lstm_gates(size_t(rows), size_t(h), pre.data(), nullptr, ao.data());
      expect_near_all(ar, ao, 1e-6f, "lstm_gates", ks.name, seed);
      const auto dact = random_vec(rng, n4), c_prev = random_vec(rng, n1), dc = random_vec(rng, n1);
      auto dpr = random_vec(rng, n4), dpo = dpr;
      f32_lstm_gates_backward__scalar(size_t(rows), size_t(h), ar.data(), dact.data(), dpr.data());
      ks.lstm_gates_backward(size_t(rows), size_t(h), ar.data(), dact.data(), dpo.data());
      expect_near_all(dpr, dpo, 1e-6f, "lstm_gates_backward", ks.name, seed);
      auto din = dact;  // written, so in place over dact too
      ks.lstm_gates_backward(size_t(rows), size_t(h), ar.data(), din.data(), din.data());
      expect_near_all(dpr, din, 1e-6f, "lstm_gates_backward in place", ks.name, seed);
      std::vector<float> cr(n1), co(n1);
      f32_lstm_state__scalar(size_t(rows), size_t(h), ar.data(), c_prev.data(), cr.data());
      ks.lstm_state(size_t(rows), size_t(h), ar.data(), c_prev.data(), co.data());
      expect_near_all(cr, co, 1e-6f, "lstm_state", ks.name, seed);
      for (int which = 0; which < 3; ++which) {  // both gradients, then each one alone (null pointers)
        auto gar = random_vec(rng, n4), gao = gar;
        auto gcr = random_vec(rng, n1), gco = gcr;
        float* a_r = which == 2 ? nullptr : gar.data();
        float* a_o = which == 2 ? nullptr : gao.data();
        float* c_r = which == 1 ? nullptr : gcr.data();
        float* c_o = which == 1 ? nullptr : gco.data();
        f32_lstm_state_backward__scalar(size_t(rows), size_t(h), ar.data(), c_prev.data(), dc.data(), a_r, c_r);
        ks.lstm_state_backward(size_t(rows), size_t(h), ar.data(), c_prev.data(), dc.data(), a_o, c_o);
        expect_near_all(gar, gao, 1e-6f, "lstm_state_backward dact", ks.name, seed);
        expect_near_all(gcr, gco, 1e-6f, "lstm_state_backward dc_prev", ks.name, seed);
        std::vector<float> tr(n1), to(n1), hr(n1), ho(n1);
        f32_lstm_output__scalar(size_t(rows), size_t(h), ar.data(), cr.data(), tr.data(), hr.data());
        ks.lstm_output(size_t(rows), size_t(h), ar.data(), cr.data(), to.data(), ho.data());
        expect_near_all(tr, to, 1e-6f, "lstm_output tanh(c)", ks.name, seed);
        expect_near_all(hr, ho, 1e-6f, "lstm_output h", ks.name, seed);
        f32_lstm_output_backward__scalar(size_t(rows), size_t(h), ar.data(), tr.data(), dc.data(), a_r, c_r);
        ks.lstm_output_backward(size_t(rows), size_t(h), ar.data(), tr.data(), dc.data(), a_o, c_o);
        expect_near_all(gar, gao, 1e-6f, "lstm_output_backward dact", ks.name, seed);
        expect_near_all(gcr, gco, 1e-6f, "lstm_output_backward dc", ks.name, seed);
      }
      {  // the whole cell at once: the same as the three chained, also in place over pre
        std::vector<float> as(n4), cs(n1), ts(n1), hs(n1);
        f32_lstm_cell__scalar(size_t(rows), size_t(h), sum.data(), c_prev.data(), as.data(), cs.data(), ts.data(), hs.data());
        std::vector<float> ac(n4), cc(n1), tc(n1), hc(n1);
        f32_lstm_gates__scalar(size_t(rows), size_t(h), sum.data(), nullptr, ac.data());
        f32_lstm_state__scalar(size_t(rows), size_t(h), ac.data(), c_prev.data(), cc.data());
        f32_lstm_output__scalar(size_t(rows), size_t(h), ac.data(), cc.data(), tc.data(), hc.data());
        expect_near_all(ac, as, 1e-6f, "lstm_cell reference act", ks.name, seed);
        expect_near_all(hc, hs, 1e-6f, "lstm_cell reference h", ks.name, seed);
        for (int in_place = 0; in_place < 2; ++in_place) {
          auto ao2 = in_place ? sum : random_vec(rng, n4);
          std::vector<float> co2(n1), to2(n1), ho2(n1);
          ks.lstm_cell(size_t(rows), size_t(h), in_place ? ao2.data() : sum.data(), c_prev.data(), ao2.data(), co2.data(),
                       to2.data(), ho2.data());
          expect_near_all(as, ao2, 1e-6f, in_place ? "lstm_cell act in place" : "lstm_cell act", ks.name, seed);
          expect_near_all(cs, co2, 1e-6f, "lstm_cell c", ks.name, seed);
          expect_near_all(ts, to2, 1e-6f, "lstm_cell tanh(c)", ks.name, seed);
          expect_near_all(hs, ho2, 1e-6f, "lstm_cell h", ks.name, seed);
        }
      }
      {  // the whole cell's backward at once: the same as the three above chained, and in place over dc
        std::vector<float> tc(n1), hh(n1);
        f32_lstm_output__scalar(size_t(rows), size_t(h), ar.data(), cr.data(), tc.data(), hh.data());
        const auto dh = random_vec(rng, n1);
        std::vector<float> da(n4, 0.f), dcr = dc, dcp(n1, 0.f), dpr(n4);
        f32_lstm_output_backward__scalar(size_t(rows), size_t(h), ar.data(), tc.data(), dh.data(), da.data(), dcr.data());
        f32_lstm_state_backward__scalar(size_t(rows), size_t(h), ar.data(), c_prev.data(), dcr.data(), da.data(), dcp.data());
        f32_lstm_gates_backward__scalar(size_t(rows), size_t(h), ar.data(), da.data(), dpr.data());
        std::vector<float> dps(n4), dcs(n1);
        f32_lstm_cell_backward__scalar(size_t(rows), size_t(h), ar.data(), c_prev.data(), tc.data(), dh.data(), dc.data(),
                                       dps.data(), dcs.data());
        expect_near_all(dpr, dps, 1e-6f, "lstm_cell_backward reference dpre", ks.name, seed);
        expect_near_all(dcp, dcs, 1e-6f, "lstm_cell_backward reference dc_prev", ks.name, seed);
        auto dpo = random_vec(rng, n4), dco = dc;
        ks.lstm_cell_backward(size_t(rows), size_t(h), ar.data(), c_prev.data(), tc.data(), dh.data(), dco.data(),
                              dpo.data(), dco.data());
        expect_near_all(dps, dpo, 1e-6f, "lstm_cell_backward dpre", ks.name, seed);
        expect_near_all(dcs, dco, 1e-6f, "lstm_cell_backward dc_prev in place", ks.name, seed);
      }
      auto gxr = random_vec(rng, n4), gxo = gxr;
      f32_sigmoid_backward__scalar(n4, ar.data(), dact.data(), gxr.data());
      ks.sigmoid_backward(n4, ar.data(), dact.data(), gxo.data());
      f32_tanh_backward__scalar(n4, ar.data(), dact.data(), gxr.data());
      ks.tanh_backward(n4, ar.data(), dact.data(), gxo.data());
      expect_near_all(gxr, gxo, 1e-6f, "sigmoid/tanh backward", ks.name, seed);
    }
}

void check_softmax_and_reductions(const KernelSet& ks) {
  for (int rows : {1, 2, 5})
    for (int n : kSizes) {
      const unsigned seed = unsigned(8000 + rows * 100 + n);
      std::mt19937 rng(seed);
      auto x = random_vec(rng, size_t(rows * n));
      for (float& v : x) v *= 20.f;  // wide logits: the max shift matters
      for (int log = 0; log < 2; ++log) {
        std::vector<float> yr(x.size()), yo(x.size());
        f32_softmax__scalar(size_t(rows), size_t(n), x.data(), yr.data(), log);
        ks.softmax(size_t(rows), size_t(n), x.data(), yo.data(), log);
        for (size_t i = 0; i < yr.size(); ++i)
          ASSERT_NEAR(yr[i], yo[i], 2e-6f + 2e-6f * std::fabs(yr[i])) << ks.name << (log ? " log_softmax" : " softmax")
                                                                     << " seed=" << seed << " at " << i;
        const auto gy = random_vec(rng, x.size());
        auto gr = random_vec(rng, x.size()), go = gr;
        f32_softmax_backward__scalar(size_t(rows), size_t(n), yr.data(), gy.data(), gr.data(), log);
        ks.softmax_backward(size_t(rows), size_t(n), yr.data(), gy.data(), go.data(), log);
        expect_near_all(gr, go, 1e-5f, log ? "log_softmax backward" : "softmax backward", ks.name, seed);
      }
      std::vector<int32_t> labels(static_cast<size_t>(rows));
      for (auto& l : labels) l = int32_t(rng() % unsigned(n));
      std::vector<float> pr(x.size()), po(x.size());
      const double lr = f32_sparse_xent__scalar(size_t(rows), size_t(n), x.data(), labels.data(), pr.data());
      const double lo = ks.sparse_xent(size_t(rows), size_t(n), x.data(), labels.data(), po.data());
      ASSERT_NEAR(lr, lo, 1e-5 * (1.0 + std::fabs(lr))) << ks.name << " sparse_xent loss seed=" << seed;
      expect_near_all(pr, po, 2e-6f, "sparse_xent prob", ks.name, seed);
      auto gr = random_vec(rng, x.size()), go = gr;
      f32_sparse_xent_backward__scalar(size_t(rows), size_t(n), pr.data(), labels.data(), 0.37f, gr.data());
      ks.sparse_xent_backward(size_t(rows), size_t(n), pr.data(), labels.data(), 0.37f, go.data());
      expect_near_all(gr, go, 1e-6f, "sparse_xent backward", ks.name, seed);
      // Sums along the middle axis of [rows, n, inner], inner 1 (runs) and wider (columns).
      for (int inner : {1, 3, 4, 9}) {
        const auto v = random_vec(rng, size_t(rows * n * inner));
        std::vector<float> sr(size_t(rows * inner)), so(sr.size());
        f32_reduce_sum__scalar(size_t(rows), size_t(n), size_t(inner), v.data(), 0.5f, sr.data());
        ks.reduce_sum(size_t(rows), size_t(n), size_t(inner), v.data(), 0.5f, so.data());
        expect_near_all(sr, so, 1e-6f * float(n) + 1e-6f, "reduce_sum", ks.name, seed);
      }
    }
}

void check_gru_cell(const KernelSet& ks) {
  for (int rows : {1, 3})
    for (int h : {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 67}) {
      const unsigned seed = unsigned(9000 + rows * 100 + h);
      std::mt19937 rng(seed);
      const size_t n3 = size_t(rows) * 3 * h, n1 = size_t(rows) * h;
      auto xt = random_vec(rng, n3), hh = random_vec(rng, n3);
      for (float& v : xt) v *= 4.f;
      const auto hp = random_vec(rng, n1), dh = random_vec(rng, n1);
      std::vector<float> gr(n3), go(n3), yr(n1), yo(n1);
      f32_gru_cell__scalar(size_t(rows), size_t(h), xt.data(), hh.data(), hp.data(), gr.data(), yr.data());
      ks.gru_cell(size_t(rows), size_t(h), xt.data(), hh.data(), hp.data(), go.data(), yo.data());
      expect_near_all(gr, go, 1e-6f, "gru_cell gates", ks.name, seed);
      expect_near_all(yr, yo, 1e-6f, "gru_cell h", ks.name, seed);
      for (int which = 0; which < 4; ++which) {  // all gradients, then each alone (the others null)
        auto dxr = random_vec(rng, n3), dxo = dxr, dur = random_vec(rng, n3), duo = dur;
        auto dhr = random_vec(rng, n1), dho = dhr;
        const bool wx = which == 0 || which == 1, wu = which == 0 || which == 2, wh = which == 0 || which == 3;
        f32_gru_cell_backward__scalar(size_t(rows), size_t(h), hh.data(), hp.data(), gr.data(), dh.data(),
                                      wx ? dxr.data() : nullptr, wu ? dur.data() : nullptr, wh ? dhr.data() : nullptr);
        ks.gru_cell_backward(size_t(rows), size_t(h), hh.data(), hp.data(), gr.data(), dh.data(),
                             wx ? dxo.data() : nullptr, wu ? duo.data() : nullptr, wh ? dho.data() : nullptr);
        expect_near_all(dxr, dxo, 1e-6f, "gru_cell_backward dxt", ks.name, seed);
        expect_near_all(dur, duo, 1e-6f, "gru_cell_backward dhh", ks.name, seed);
        expect_near_all(dhr, dho, 1e-6f, "gru_cell_backward dh_prev", ks.name, seed);
      }
    }
}

void check_leaky_relu(const KernelSet& k) {
  for (int n : kSizes) {
    const unsigned seed = unsigned(9500 + n);
    std::mt19937 rng(seed);
    auto x = random_vec(rng, size_t(n));
    if (n > 2) x[1] = 0.f;  // the kink: derivative is the slope at 0 (as x > 0 is false)
    const auto gy = random_vec(rng, size_t(n));
    std::vector<float> yr(static_cast<size_t>(n)), yo(static_cast<size_t>(n));
    f32_leaky_relu__scalar(size_t(n), 0.01f, x.data(), yr.data());
    k.leaky_relu(size_t(n), 0.01f, x.data(), yo.data());
    ASSERT_EQ(yr, yo) << k.name << " leaky_relu seed=" << seed;
    auto gr = random_vec(rng, size_t(n)), go = gr;
    f32_leaky_relu_backward__scalar(size_t(n), 0.01f, x.data(), gy.data(), gr.data());
    k.leaky_relu_backward(size_t(n), 0.01f, x.data(), gy.data(), go.data());
    expect_near_all(gr, go, 1e-7f, "leaky_relu_backward", k.name, seed);
  }
}

// The kernel test list, generated from the family list: every family names
// the check that compares it with its reference (CHECK_<family>; a family
// without one does not compile), and every set this CPU runs goes through all
// of them.
#define CHECK_gemm check_gemm_and_elementwise
#define CHECK_add check_gemm_and_elementwise
#define CHECK_mul check_gemm_and_elementwise
#define CHECK_axpy check_gemm_and_elementwise
#define CHECK_bias_add check_bias_sum_relu_adam
#define CHECK_sum_rows check_bias_sum_relu_adam
#define CHECK_relu check_bias_sum_relu_adam
#define CHECK_relu_backward check_bias_sum_relu_adam
#define CHECK_adam check_bias_sum_relu_adam
#define CHECK_sigmoid check_bias_sum_relu_adam
#define CHECK_tanh check_bias_sum_relu_adam
#define CHECK_im2col check_convolution
#define CHECK_col2im check_convolution
#define CHECK_conv_direct check_convolution
#define CHECK_conv_direct_dw check_convolution
#define CHECK_conv_direct_pool2 check_convolution
#define CHECK_conv_gemm check_convolution
#define CHECK_conv_gemm_dw check_convolution
#define CHECK_bias_relu check_pooling_and_bias_relu
#define CHECK_maxpool check_pooling_and_bias_relu
#define CHECK_maxpool_backward check_pooling_and_bias_relu
#define CHECK_avgpool check_pooling_and_bias_relu
#define CHECK_avgpool_backward check_pooling_and_bias_relu
#define CHECK_sigmoid_backward check_lstm_cell_and_derivatives
#define CHECK_tanh_backward check_lstm_cell_and_derivatives
#define CHECK_lstm_gates check_lstm_cell_and_derivatives
#define CHECK_lstm_gates_backward check_lstm_cell_and_derivatives
#define CHECK_lstm_state check_lstm_cell_and_derivatives
#define CHECK_lstm_state_backward check_lstm_cell_and_derivatives
#define CHECK_lstm_output check_lstm_cell_and_derivatives
#define CHECK_lstm_output_backward check_lstm_cell_and_derivatives
#define CHECK_lstm_cell check_lstm_cell_and_derivatives
#define CHECK_lstm_cell_backward check_lstm_cell_and_derivatives
#define CHECK_softmax check_softmax_and_reductions
#define CHECK_softmax_backward check_softmax_and_reductions
#define CHECK_sparse_xent check_softmax_and_reductions
#define CHECK_sparse_xent_backward check_softmax_and_reductions
#define CHECK_reduce_sum check_softmax_and_reductions
#define CHECK_gru_cell check_gru_cell
#define CHECK_gru_cell_backward check_gru_cell
#define CHECK_leaky_relu check_leaky_relu
#define CHECK_leaky_relu_backward check_leaky_relu

struct FamilyCheck {
  const char* family;
  void (*check)(const KernelSet&);
};
const FamilyCheck kFamilyChecks[] = {
#define MLPG_FAMILY_CHECK(field, Fn, ref) {#field, CHECK_##field},
    MLPG_KERNEL_FAMILIES(MLPG_FAMILY_CHECK)
#undef MLPG_FAMILY_CHECK
};

TEST(Kernels, EveryFamilyMatchesItsReferenceInEverySet) {
  int nsets = 0;
  const KernelSet* const* sets = available_kernel_sets(&nsets);
  ASSERT_GE(nsets, 2);
  for (int si = 1; si < nsets; ++si) {
    const KernelSet& k = *sets[si];
    std::printf("%s: %s\n", k.name, k.variants().c_str());
    std::vector<void (*)(const KernelSet&)> done;  // a check covering several families runs once
    for (const FamilyCheck& c : kFamilyChecks) {
      if (std::find(done.begin(), done.end(), c.check) != done.end()) continue;
      SCOPED_TRACE(std::string(k.name) + ", checks including family " + c.family);
      c.check(k);
      done.push_back(c.check);
    }
  }
}

// A GEMM whose caller keeps B's packed blocks (kernels/pack_cache.h): the
// same results as the reference on every call, B packed on the first call
// only, a new B (other address) packed anew, and after clear() the new
// values of the same B used, not the stale packed copy.
TEST(Kernels, GemmWithCachedPackedBMatchesReferenceAndFollowsClear) {
  int nsets = 0;
  const KernelSet* const* sets = available_kernel_sets(&nsets);
  unsigned seed = 900;
  for (int si = 1; si < nsets; ++si) {
    const KernelSet& ks = *sets[si];
    for (int m : {1, 5, 32, 100})
      for (int n : {9, 67, 130})
        for (int k : {7, 300, 401})
          for (int tb = 0; tb < 2; ++tb) {
            ++seed;
            GemmCase t = random_gemm(seed, m, n, k, false, tb);
            PackCache packs;
            GemmArgs g = t.g;
            g.beta = 0.f;
            g.b_packs = &packs;
            auto run_and_check = [&](const char* what) {
              std::vector<float> ref(size_t(m) * g.ldc, 0.f), got(ref.size(), 0.f);
              GemmArgs r = g;
              r.b_packs = nullptr;
              r.c = ref.data();
              f32_gemm__scalar(r);
              r = g;
              r.c = got.data();
              gemm(ks, r);  // through the pool: split by columns or rows when it has threads
              for (int i = 0; i < m; ++i)
                for (int j = 0; j < n; ++j)
                  ASSERT_NEAR(ref[size_t(i) * g.ldc + j], got[size_t(i) * g.ldc + j], 1e-5f * float(k) + 1e-6f)
                      << ks.name << " " << what << " seed=" << seed << " m=" << m << " n=" << n << " k=" << k
                      << " tb=" << tb << " at (" << i << "," << j << ")";
            };
            run_and_check("first call");
            const size_t packed = packs.packs();
            ASSERT_GT(packed, 0u) << ks.name << ": the kernel did not use the cache";
            std::mt19937 rng(seed);
            std::vector<float> a2 = random_vec(rng, t.a.size());
            g.a = a2.data();  // a new A, the same B: nothing packed again
            run_and_check("second call, new A");
            ASSERT_EQ(packs.packs(), packed) << ks.name << ": B packed again";
            std::vector<float> b2 = random_vec(rng, t.b.size());
            g.b = b2.data();  // another B: packed anew, not confused with the first
            run_and_check("other B");
            ASSERT_EQ(packs.packs(), 2 * packed) << ks.name;
            for (float& v : b2) v = -v;  // B changed in place: its owner clears the cache
            packs.clear();
            run_and_check("after clear, B changed in place");
          }
  }
}

// log_softmax as (x − max) − log z: with a large logit, x − (max + log z)
// loses max + log z to max's float step (at 10,000 that is 0.001); PyTorch's
// form keeps the top result at −log z to float rounding (#17).
TEST(Kernels, LogSoftmaxKeepsTheLargestLogitExact) {
  int nsets = 0;
  const KernelSet* const* sets = available_kernel_sets(&nsets);
  const std::vector<float> x = {10000.37f, 9999.1f, 9998.4f, 10000.0f, 9990.f, 9999.9f, 9997.f};
  double z = 0;
  for (float v : x) z += std::exp(double(v) - double(x[0]));
  const double want = -std::log(z);  // the top logit's log-probability, in double
  for (int si = 0; si < nsets; ++si) {
    std::vector<float> y(x.size());
    sets[si]->softmax(1, x.size(), x.data(), y.data(), true);
    EXPECT_NEAR(y[0], want, 1e-6) << sets[si]->name;
    for (size_t j = 0; j < x.size(); ++j) {
      double zj = 0;
      for (float v : x) zj += std::exp(double(v) - double(x[0]));
      EXPECT_NEAR(y[j], double(x[j]) - double(x[0]) - std::log(zj), 1e-5) << sets[si]->name << " at " << j;
    }
  }
}

TEST(Kernels, VariantsNameWhatRunsForEveryFamily) {
  const KernelSet& ref = reference_kernels();
  EXPECT_EQ(ref.variants().find("vec128"), std::string::npos);
  int nsets = 0;
  const KernelSet* const* sets = available_kernel_sets(&nsets);
  const KernelSet& vec = *sets[1];
  EXPECT_NE(vec.variants().find("gemm=vec128_4x8"), std::string::npos) << vec.variants();
  EXPECT_NE(vec.variants().find("maxpool_backward=vec128_c4"), std::string::npos) << vec.variants();
  EXPECT_NE(vec.variants().find("gru_cell=vec128_x4"), std::string::npos) << vec.variants();
  EXPECT_EQ(vec.gemm, &f32_gemm__vec128_4x8);
  EXPECT_EQ(std::string(vec.gemm_variant), "f32_gemm__vec128_4x8");
}
