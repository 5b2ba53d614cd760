// Conv2D / pooling: gradient checks, PyTorch golden values, the course's CNN
// shape and parameter count, dataset and model-file rejection, save/load
// round trip, and a quick real-data training run.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "gradcheck.h"
#include "models/course_models.h"
#include "kernels/kernels.h"
#include "kernels/parallel.h"
#include "ops/ops.h"
#include "ops/ops_internal.h"

using namespace mlpg;
using namespace mlpg::testing;
using nlohmann::json;

#ifndef MLPG_DATA_DIR
#define MLPG_DATA_DIR "data"
#endif

namespace {
// Backward from Σ R ⊙ y with a fixed R in [-1, 1] (not Σ y², whose gradient
// 2y is already 0 where a ReLU cut: with R, dy is nonzero under a mask, so a
// missing mask shows), zeroing `params`' gradients first; returns them all.
std::vector<float> grads_of_weighted_sum(Graph& g, Var y, const std::vector<Parameter*>& params) {
  std::vector<float> r(size_t(y->value.numel()));
  for (size_t i = 0; i < r.size(); ++i) r[i] = float((i * 7919) % 13) / 6.f - 1.f;
  for (Parameter* p : params) std::fill(p->grad.begin(), p->grad.end(), 0.f);
  g.backward(sum(mul(y, g.input(y->value.shape, r.data()))));
  std::vector<float> grads;
  for (Parameter* p : params) grads.insert(grads.end(), p->grad.begin(), p->grad.end());
  return grads;
}
}  // namespace

TEST(CnnGradCheck, Conv2DStridesPaddingsOddSizes) {
  struct Case { int n, h, w, c, k, oc, stride; Padding pad; };
  const Case cases[] = {{2, 5, 6, 3, 3, 4, 1, Padding::Valid}, {1, 7, 5, 2, 3, 3, 2, Padding::Valid},
                        {2, 5, 5, 2, 3, 2, 1, Padding::Same},  {1, 6, 7, 3, 2, 2, 2, Padding::Same},
                        {1, 4, 4, 1, 1, 3, 1, Padding::Valid}};
  uint32_t seed = 100;
  for (const Case& c : cases) {
    Parameter x = make_param("x", Shape{c.n, c.h, c.w, c.c}, ++seed);
    Parameter w = make_param("w", Shape{c.k, c.k, c.c, c.oc}, ++seed);
    Parameter b = make_param("b", Shape{c.oc}, ++seed);
    EXPECT_EQ(check_gradients({&x, &w, &b}, [&](Graph& g) {
                return conv2d(g.param(x), g.param(w), g.param(b), c.stride, c.pad);
              }), "")
        << "conv " << c.h << "x" << c.w << "x" << c.c << " k" << c.k << " s" << c.stride;
  }
}

TEST(CnnGradCheck, Conv2DWithFusedRelu) {
  // Both forward paths: a 3x3x1 patch (9 <= 15) convolves directly (and its
  // weight gradient is direct), 3x3x2 (18) goes through im2col + GEMM with
  // the bias and ReLU fused after it. The
  // gradient check covers both sides of the mask away from kinks; the
  // comparison with relu(conv) below covers mixed masks exactly.
  uint32_t seed = 300;
  for (int c : {1, 2}) {
    Parameter x = make_param("x", Shape{2, 6, 5, c}, ++seed);
    Parameter w = make_param("w", Shape{3, 3, c, 5}, ++seed);
    Parameter b = make_param("b", Shape{5}, ++seed);
    // Finite differences across a ReLU kink are wrong, so the check keeps every
    // output far from 0: with x and w in [-1, 1], |conv| <= 9·c <= 18, so
    // biases of +-20 switch channels 0-2 on and 3-4 off everywhere.
    Parameter b_far("b", Shape{5});
    b_far.value.data = {20.f, 20.5f, 21.f, -20.f, -20.5f};
    EXPECT_EQ(check_gradients({&x, &w, &b_far}, [&](Graph& g) {
                return conv2d(g.param(x), g.param(w), g.param(b_far), 1, Padding::Same, /*fuse_relu=*/true);
              }), "") << "c=" << c;
    // The fused node equals relu(conv) in value and in every gradient.
    // Also with the input as data (no gradient: the first layer's case).
    for (bool data_input : {false, true}) {
    auto run = [&](bool fused, std::vector<float>* grads) {
      Graph g;
      Var in = data_input ? g.input(x.value.view()) : g.param(x);
      Var y = fused ? conv2d(in, g.param(w), g.param(b), 1, Padding::Same, true)
                    : relu(conv2d(in, g.param(w), g.param(b), 1, Padding::Same));
      *grads = grads_of_weighted_sum(g, y, {&x, &w, &b});
      return std::vector<float>(y->value.data, y->value.data + y->value.numel());
    };
    std::vector<float> g1, g2;
    const auto y1 = run(true, &g1), y2 = run(false, &g2);
    ASSERT_EQ(y1.size(), y2.size());
    for (size_t i = 0; i < y1.size(); ++i) ASSERT_FLOAT_EQ(y1[i], y2[i]) << "value " << i;
    for (size_t i = 0; i < g1.size(); ++i) ASSERT_NEAR(g1[i], g2[i], 1e-5f) << "grad " << i << " data_input=" << data_input;
    size_t zeros = 0;
    for (float v : y1) zeros += v == 0.f;
    EXPECT_GT(zeros, 0u);  // the ReLU is active somewhere, so the mask matters
    }
  }
}

// conv2d_relu_maxpool, one node, against the two nodes it replaces: the
// same windows (bit for bit: the same kernels per pixel) and the same
// gradients for x, w and b, with the input learnable or data. Direct
// convolutions (bands of `pool` rows) and im2col ones (chunks of images: a
// 3x3x2 patch, 'same' padding, a stride, images large enough for one or two
// a chunk), on shapes with rows and columns no window covers, a channel
// count with a vector tail in every set, pool 2, 3 and 4, one image and more
// images than thread groups; with two threads, the same bits as one.
TEST(CnnConvPool, FusedNodeMatchesConvThenPool) {
  struct Case { int n, h, w, c, k, oc, pool, stride; Padding pad; };
  const Padding V = Padding::Valid;
  uint32_t seed = 900;
  for (const Case& cs : {Case{2, 9, 8, 1, 3, 17, 2, 1, V}, Case{1, 8, 9, 2, 2, 5, 3, 1, V}, Case{11, 7, 7, 1, 3, 32, 2, 1, V},
                         Case{3, 6, 6, 1, 3, 4, 4, 1, V}, Case{3, 9, 8, 2, 3, 17, 2, 1, V}, Case{2, 7, 9, 1, 3, 6, 2, 1, Padding::Same},
                         Case{2, 9, 9, 1, 3, 6, 2, 2, V}, Case{10, 22, 21, 20, 3, 3, 2, 1, V}})
    for (bool data_input : {false, true}) {
      Parameter x = make_param("x", Shape{cs.n, cs.h, cs.w, cs.c}, ++seed);
      Parameter w = make_param("w", Shape{cs.k, cs.k, cs.c, cs.oc}, ++seed);
      Parameter b = make_param("b", Shape{cs.oc}, ++seed, -0.5f, 0.5f);
      b.value.data[0] = -3.f * float(cs.k * cs.k * cs.c);  // one channel cut everywhere, one mostly through
      b.value.data[size_t(cs.oc - 1)] = 2.f;
      auto run = [&](bool fused, std::vector<float>* grads, Op* op) {
        Graph g;
        Var in = data_input ? g.input(x.value.view()) : g.param(x);
        Var y = fused ? conv2d_relu_maxpool(in, g.param(w), g.param(b), cs.stride, cs.pad, cs.pool)
                      : max_pool2d(conv2d(in, g.param(w), g.param(b), cs.stride, cs.pad, true), cs.pool);
        *op = y->op;
        *grads = grads_of_weighted_sum(g, y, {&x, &w, &b});
        return std::vector<float>(y->value.data, y->value.data + y->value.numel());
      };
      const std::string at = "case n " + std::to_string(cs.n) + " c " + std::to_string(cs.c) + " pool " + std::to_string(cs.pool);
      std::vector<float> g1, g2, g3;
      Op op1, op2, op3;
      const auto y1 = run(true, &g1, &op1), y2 = run(false, &g2, &op2);
      EXPECT_EQ(op1, Op::Conv2DReluMaxPool) << at;
      EXPECT_EQ(op2, Op::MaxPool2D);
      // A short patch with a stride or padding runs im2col fused, directly alone: the sums differ in order.
      const bool same_path = cs.k * cs.k * cs.c > kernels::active_kernels().direct_conv_max_patch ||
                             (cs.stride == 1 && cs.pad == V);
      if (same_path) ASSERT_EQ(y1, y2) << at;
      {  // inference (no argmax: the direct path pools 2x2 windows in registers) gives the same bits
        Graph g;
        g.grad_enabled = false;
        Var in = data_input ? g.input(x.value.view()) : g.param(x);
        Var y = conv2d_relu_maxpool(in, g.param(w), g.param(b), cs.stride, cs.pad, cs.pool);
        ASSERT_EQ(y1, std::vector<float>(y->value.data, y->value.data + y->value.numel())) << at << ", inference";
      }
      for (size_t i = 0; i < y1.size(); ++i) ASSERT_NEAR(y1[i], y2[i], 1e-5f * (1.f + std::fabs(y2[i]))) << at << ", value " << i;
      for (size_t i = 0; i < g1.size(); ++i) ASSERT_NEAR(g1[i], g2[i], 1e-5f * (1.f + std::fabs(g2[i]))) << at << ", gradient " << i;
      size_t zeros = 0;
      for (float v : y1) zeros += v == 0.f;
      EXPECT_GT(zeros, 0u) << at;  // some window is all cut by the ReLU, so the mask matters
      EXPECT_LT(zeros, y1.size()) << at;
      if (kernels::max_thread_count() > 1) {
        const int before = kernels::thread_count();
        kernels::set_thread_count(2);
        const auto y3 = run(true, &g3, &op3);
        kernels::set_thread_count(before);
        EXPECT_EQ(y3, y1) << at;
        EXPECT_EQ(g3, g1) << at;
      }
    }
  // Without a bias it is the two nodes; what they refuse, it refuses.
  Graph g;
  Parameter w1 = make_param("w", Shape{3, 3, 1, 4}, 2), b = make_param("b", Shape{4}, 4);
  Parameter x = make_param("x", Shape{2, 8, 8, 1}, 1);
  EXPECT_EQ(conv2d_relu_maxpool(g.param(x), g.param(w1), nullptr, 1, Padding::Valid, 2)->op, Op::MaxPool2D);
  EXPECT_THROW(conv2d_relu_maxpool(g.param(x), g.param(w1), g.param(b), 1, Padding::Valid, 7), std::invalid_argument);  // 6x6 output
  EXPECT_THROW(conv2d_relu_maxpool(g.param(x), g.param(w1), g.param(b), 0, Padding::Valid, 2), std::invalid_argument);
  EXPECT_THROW(conv2d_relu_maxpool(g.param(x), g.param(w1), g.param(w1), 1, Padding::Valid, 2), std::invalid_argument);
  EXPECT_THROW(conv2d_relu_maxpool(g.param(x), g.param(w1), g.param(b), 1, Padding::Valid, 0), std::invalid_argument);
}

// A gradient check of the fused node: finite differences must not cross a
// ReLU kink or change a window's maximum. The input is a ramp (0.5 a row,
// 0.13 a column) and the weights positive, so the convolution is a ramp
// too and each window's maximum sits in its last row and column, at least
// 0.5 above the others; biases of +-20 keep channels on or off throughout.
// One input channel convolves directly, two through im2col.
TEST(CnnConvPool, GradientCheck) {
  for (int c : {1, 2}) {
    Parameter x("x", Shape{2, 8, 7, c});
    for (size_t i = 0; i < x.value.data.size(); ++i) {
      const size_t px = i / size_t(c);
      x.value.data[i] = 0.5f * float((px / 7) % 8) + 0.13f * float(px % 7) + 0.05f * float(i % size_t(c));
    }
    Parameter w = make_param("w", Shape{3, 3, c, 5}, 40, 0.5f, 1.f);
    Parameter b("b", Shape{5});
    b.value.data = {20.f, -20.f, 20.5f, -21.f, 21.f};
    EXPECT_EQ(check_gradients({&x, &w, &b}, [&](Graph& g) {
                return conv2d_relu_maxpool(g.param(x), g.param(w), g.param(b), 1, Padding::Valid, 2);
              }), "") << "c=" << c;
  }
}

TEST(CnnConv, ChunksOfImagesMatchTheWholeBatchReference) {
  // Images large enough that the im2col path works one or two images at a
  // time (ops_internal.h): value, dW, dX and the bias gradient against the
  // scalar reference kernels over the whole batch at once, 'same' padding
  // and a stride, with and without the fused ReLU; 10 chunks make 8 groups,
  // some of two chunks. With threads, two threads give the same bits as one.
  struct Case { int n, h, w, c, k, oc, stride; Padding pad; };
  for (const Case& cs : {Case{3, 22, 21, 20, 3, 8, 1, Padding::Same}, Case{4, 30, 30, 16, 3, 5, 2, Padding::Valid},
                         Case{10, 22, 21, 20, 3, 3, 1, Padding::Valid}})
    for (bool relu : {false, true}) {
      Parameter x = make_param("x", Shape{cs.n, cs.h, cs.w, cs.c}, 900 + cs.n);
      Parameter w = make_param("w", Shape{cs.k, cs.k, cs.c, cs.oc}, 910 + cs.n);
      Parameter b = make_param("b", Shape{cs.oc}, 920 + cs.n);
      std::vector<float> y1, r;
      kernels::ConvGeom geo{};
      // y, then dX, dW and db appended: one run of forward and backward.
      auto run = [&](int threads) {
        const int before = kernels::thread_count();
        kernels::set_thread_count(threads);
        for (Parameter* p : {&x, &w, &b}) std::fill(p->grad.begin(), p->grad.end(), 0.f);
        Graph g;
        Var y = conv2d(g.param(x), g.param(w), g.param(b), cs.stride, cs.pad, relu);
        geo = detail::conv_geom_of(*y);
        if (r.empty()) r = make_param("r", y->value.shape, 930 + cs.n).value.data;  // loss = Σ y ⊙ r: dL/dy = r
        g.backward(sum(mul(y, g.input(y->value.shape, r.data()))));
        kernels::set_thread_count(before);
        std::vector<float> out(y->value.data, y->value.data + y->value.numel());
        for (Parameter* p : {&x, &w, &b}) out.insert(out.end(), p->grad.begin(), p->grad.end());
        return out;
      };
      const std::vector<float> one = run(1);
      ASSERT_GT(geo.patch(), kernels::active_kernels().direct_conv_max_patch);
      ASSERT_GT(detail::conv_chunks(geo).chunks, 1) << "the case must span several chunks";
      if (kernels::max_thread_count() > 1) {
        const std::vector<float> two = run(2);
        ASSERT_EQ(0, std::memcmp(one.data(), two.data(), one.size() * sizeof(float))) << "2 threads differ from 1";
      }
      const size_t ny = size_t(geo.rows()) * size_t(cs.oc);
      std::vector<float> want(ny), dy(r);
      kernels::f32_conv2d_direct_nhwc__scalar(geo, x.value.data.data(), w.value.data.data(), b.value.data.data(), relu,
                                              want.data());
      for (size_t i = 0; i < ny; ++i) {
        ASSERT_NEAR(one[i], want[i], 1e-4f) << "y " << i;
        if (relu && want[i] <= 0.f) dy[i] = 0.f;
      }
      std::vector<float> dw(w.value.data.size(), 0.f), db(size_t(cs.oc), 0.f), dx(x.value.data.size(), 0.f);
      std::vector<float> dcols(size_t(geo.rows()) * geo.patch());
      kernels::f32_conv2d_direct_nhwc_dw__scalar(geo, x.value.data.data(), dy.data(), 0, cs.oc, dw.data());
      kernels::f32_sum_rows__scalar(size_t(geo.rows()), size_t(cs.oc), dy.data(), db.data());
      kernels::f32_gemm__scalar({false, true, int(geo.rows()), geo.patch(), cs.oc, 1.f, dy.data(), cs.oc,
                                 w.value.data.data(), cs.oc, 0.f, dcols.data(), geo.patch()});
      kernels::f32_col2im_nhwc__scalar(geo, dcols.data(), dx.data());
      const float* got_dx = one.data() + ny;
      const float* got_dw = got_dx + dx.size();
      const float* got_db = got_dw + dw.size();
      for (size_t i = 0; i < dx.size(); ++i) ASSERT_NEAR(got_dx[i], dx[i], 1e-4f) << "dX " << i;
      for (size_t i = 0; i < dw.size(); ++i) ASSERT_NEAR(got_dw[i], dw[i], 1e-3f * (1.f + std::fabs(dw[i]))) << "dW " << i;
      for (size_t i = 0; i < db.size(); ++i) ASSERT_NEAR(got_db[i], db[i], 1e-3f * (1.f + std::fabs(db[i]))) << "db " << i;
    }
}

TEST(CnnGradCheck, PoolingAndFlatten) {
  // Max pooling is piecewise linear: its kinks are where a window's maximum
  // changes. Values on a grid 0.1 apart (> 2h) keep every probe off a kink.
  Parameter x("x", Shape{2, 5, 7, 3});
  for (size_t i = 0; i < x.value.data.size(); ++i) x.value.data[i] = float((i * 37) % 101) * 0.1f - 5.f;
  EXPECT_EQ(check_gradients({&x}, [&](Graph& g) { return max_pool2d(g.param(x), 2); }), "");
  EXPECT_EQ(check_gradients({&x}, [&](Graph& g) { return max_pool2d(g.param(x), 3, 2); }), "");
  EXPECT_EQ(check_gradients({&x}, [&](Graph& g) { return avg_pool2d(g.param(x), 2); }), "");
  Flatten flat;
  EXPECT_EQ(check_gradients({&x}, [&](Graph& g) { return flat.forward(g, g.param(x)); }), "");
}

namespace {
json load_fixture(const char* name) {
  std::ifstream f(std::string(MLPG_FIXTURES) + "/" + name);
  if (!f) throw std::runtime_error(std::string("missing fixture ") + name);
  return json::parse(f);
}
void expect_close(const float* got, const std::vector<float>& want, float tol, const std::string& what) {
  for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(got[i], want[i], tol) << what << "[" << i << "]";
}
}  // namespace

TEST(CnnGolden, Conv2DMatchesPyTorch) {
  const json gj = load_fixture("conv_golden.json");
  const auto xs = gj["x_shape"].get<std::vector<int>>(), ws = gj["w_shape"].get<std::vector<int>>();
  for (const auto& c : gj["conv"]) {
    Parameter x("x", Shape::of(xs)), w("w", Shape::of(ws)), b("b", Shape{ws[3]});
    x.value.data = gj["x"].get<std::vector<float>>();
    w.value.data = gj["w"].get<std::vector<float>>();
    b.value.data = gj["b"].get<std::vector<float>>();
    Graph g;
    Var y = conv2d(g.param(x), g.param(w), g.param(b), c["stride"], c["padding"] == "same" ? Padding::Same : Padding::Valid);
    ASSERT_EQ(y->value.shape, Shape::of(c["out_shape"].get<std::vector<int>>())) << c["name"];
    expect_close(y->value.data, c["out"].get<std::vector<float>>(), 1e-5f, c["name"].get<std::string>() + " out");
    const auto r = c["r"].get<std::vector<float>>();
    g.backward(sum(mul(y, g.input(y->value.shape, r.data()))));
    expect_close(x.grad.data(), c["dx"].get<std::vector<float>>(), 1e-5f, c["name"].get<std::string>() + " dx");
    expect_close(w.grad.data(), c["dw"].get<std::vector<float>>(), 1e-4f, c["name"].get<std::string>() + " dw");
    expect_close(b.grad.data(), c["db"].get<std::vector<float>>(), 1e-4f, c["name"].get<std::string>() + " db");
  }
}

TEST(CnnGolden, MaxPoolMatchesPyTorch) {
  const json p = load_fixture("conv_golden.json")["maxpool"];
  Parameter x("x", Shape::of(p["x_shape"].get<std::vector<int>>()));
  x.value.data = p["x"].get<std::vector<float>>();
  Graph g;
  Var y = max_pool2d(g.param(x), 2);
  ASSERT_EQ(y->value.shape, Shape::of(p["out_shape"].get<std::vector<int>>()));
  expect_close(y->value.data, p["out"].get<std::vector<float>>(), 0.f, "maxpool out");
  const auto r = p["r"].get<std::vector<float>>();
  g.backward(sum(mul(y, g.input(y->value.shape, r.data()))));
  expect_close(x.grad.data(), p["dx"].get<std::vector<float>>(), 1e-6f, "maxpool dx");
}

namespace {
Model course_cnn(uint32_t seed) { return make_course_cnn(seed); }
}  // namespace

TEST(CourseCnn, SummaryMatchesKeras) {
  Model m = course_cnn(1);
  EXPECT_EQ(m.parameter_count(), 225034);  // as Keras reports for the course's model
  const std::string s = m.summary();
  EXPECT_NE(s.find("(None, 26, 26, 32)"), std::string::npos) << s;
  EXPECT_NE(s.find("(None, 5, 5, 64)"), std::string::npos) << s;
  EXPECT_NE(s.find("(None, 1600)"), std::string::npos) << s;
  EXPECT_NE(s.find("Total params: 225034"), std::string::npos) << s;
}

TEST(CourseCnn, SaveLoadRoundTripIsBitExact) {
  Model m = course_cnn(3);
  std::vector<float> x(3 * 784);
  for (size_t i = 0; i < x.size(); ++i) x[i] = float((i * 13) % 255) / 255.f;
  const auto before = m.predict(x.data(), 3);
  const auto bytes = serialize_model(m);
  Model back = parse_model(bytes.data(), bytes.size());
  EXPECT_EQ(back.parameter_count(), 225034);
  const auto after = back.predict(x.data(), 3);
  ASSERT_EQ(before.size(), after.size());
  EXPECT_EQ(0, std::memcmp(before.data(), after.data(), before.size() * sizeof(float)));
}

TEST(CourseCnn, CorruptModelFilesGiveClearErrors) {
  Model m = course_cnn(4);
  const auto good = serialize_model(m);
  auto message = [](std::vector<uint8_t> b) {
    try { parse_model(b.data(), b.size(), "m.mlpg"); } catch (const ModelFileError& e) { return std::string(e.what()); }
    return std::string("loaded");
  };
  EXPECT_NE(message({}).find("not a model file"), std::string::npos);
  EXPECT_NE(message(std::vector<uint8_t>(good.begin(), good.begin() + 100)).find("m.mlpg"), std::string::npos);
  auto flipped = good;
  flipped[good.size() / 2] ^= 0x40;
  EXPECT_NE(message(flipped).find("checksum"), std::string::npos);
  auto version = good;
  version[8] = 9;
  EXPECT_NE(message(version).find("version 9"), std::string::npos);
  // Every truncation is rejected, never undefined behaviour.
  for (size_t n = 0; n < good.size(); n += 9973) EXPECT_NE(message(std::vector<uint8_t>(good.begin(), good.begin() + n)), "loaded");
  EXPECT_EQ(message(good), "loaded");
}

TEST(CourseCnn, AnArchitectureLargerThanItsFileIsRefusedBeforeAllocating) {
  // A valid file (checksum and all) whose architecture asks for a Dense layer
  // of 10^5 x 784 (78 million values, 314 MB) but holds the course CNN's
  // 225,034: refused while the architecture is built, naming the parameter.
  Model m = course_cnn(5);
  nlohmann::json arch = m.architecture();
  for (auto& l : arch["layers"])
    if (l["type"] == "Dense") { l["units"] = 100000; break; }
  const auto bytes = serialize_parameters(arch, m.net.named_parameters());
  std::string said = "loaded";
  try { parse_model(bytes.data(), bytes.size(), "big.mlpg"); } catch (const ModelFileError& e) { said = e.what(); }
  EXPECT_NE(said.find("big.mlpg: bad architecture: parameter 'weight' of shape [100000, "), std::string::npos) << said;
  EXPECT_NE(said.find("more than the"), std::string::npos) << said;
  // A size that is not a whole number (a float far past int, a fraction,
  // text): refused by name while the architecture is read, never converted
  // (converting -3.8e255 to int is undefined behaviour).
  for (const nlohmann::json& bad : {nlohmann::json(-3.75e255), nlohmann::json(12.5), nlohmann::json("12")}) {
    nlohmann::json a = m.architecture();
    for (auto& l : a["layers"])
      if (l["type"] == "Conv2D") { l["filters"] = bad; break; }
    const auto b = serialize_parameters(a, m.net.named_parameters());
    std::string why = "loaded";
    try { parse_model(b.data(), b.size(), "odd.mlpg"); } catch (const ModelFileError& e) { why = e.what(); }
    EXPECT_NE(why.find("filters is not a whole number"), std::string::npos) << why;
  }
  // Outside a file, a shape without a size is refused too (no negative count, no overflow).
  EXPECT_THROW(Parameter("w", Shape{-1, 3}), std::length_error);
  EXPECT_THROW(Parameter("w", Shape{1 << 30, 1 << 30, 1 << 30, 1 << 30}), std::length_error);
  {  // the budget counts every parameter and is per scope
    ParameterBudget budget(10);
    Parameter a("a", Shape{2, 3});
    EXPECT_THROW(Parameter("b", Shape{5}), std::length_error);
    Parameter c("c", Shape{4});
  }
  Parameter big("big", Shape{1000, 1000});  // no budget now
  EXPECT_EQ(big.numel(), 1000000);
}

TEST(Datasets, LoaderRejectsBadFiles) {
  Dataset d;
  d.name = "tiny";
  d.item_shape = Shape{2, 2, 1};
  d.count = 3;
  d.classes = 2;
  d.items = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  d.labels = {0, 1, 1};
  const auto good = serialize_dataset(d);
  const Dataset back = parse_dataset(good.data(), good.size(), "tiny");
  EXPECT_EQ(back.items, d.items);
  EXPECT_EQ(back.labels, d.labels);
  auto message = [](std::vector<uint8_t> b) {
    try { parse_dataset(b.data(), b.size(), "f.mlpg"); } catch (const DatasetError& e) { return std::string(e.what()); }
    return std::string("loaded");
  };
  EXPECT_NE(message(std::vector<uint8_t>(good.begin(), good.end() - 1)).find("truncated"), std::string::npos);
  auto longer = good;
  longer.push_back(0);
  EXPECT_NE(message(longer).find("trailing"), std::string::npos);
  auto bad_label = good;
  bad_label.pop_back();  // replace the last label
  bad_label.push_back(7);
  EXPECT_NE(message(bad_label).find("label 7"), std::string::npos);
  auto huge = good;
  huge[8] = 0xFF; huge[9] = 0xFF; huge[10] = 0xFF; huge[11] = 0x7F;  // count = 2^31 - 1
  EXPECT_NE(message(huge).find("limits"), std::string::npos);
  EXPECT_NE(message({'N', 'O', 'P', 'E'}).find("magic"), std::string::npos);
  // Found by the fuzzer (tests/fuzz/corpus/dataset/regression-dims-overflow.mlpg):
  // four dimensions of 65,536 overflowed the item size (signed 64-bit) before it was checked.
  std::vector<uint8_t> dims = {'M', 'L', 'P', 'G', 1, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0};
  for (int i = 0; i < 4; ++i) dims.insert(dims.end(), {0, 0, 1, 0});  // 65536
  dims.insert(dims.end(), {2, 0, 0, 0});
  EXPECT_NE(message(dims).find("limits"), std::string::npos) << message(dims);
  for (size_t n = 0; n < good.size(); ++n) EXPECT_NE(message(std::vector<uint8_t>(good.begin(), good.begin() + n)), "loaded");
  EXPECT_THROW(load_dataset("/nonexistent/x.mlpg"), DatasetError);
}

// Model::logits runs each of the course CNN's convolutions with its pool as
// one node; layer by layer (as the CNN lab does, to show each layer's
// output) they are two. The logits agree bit for bit, the gradients to rounding.
TEST(CourseCnn, LogitsFuseEachConvolutionWithItsPool) {
  Model m = course_cnn(3);
  Parameter x = make_param("x", Shape{5, 28, 28, 1}, 7, 0.f, 1.f);
  auto run = [&](bool fused, std::vector<float>* grads, int* fused_nodes) {
    Graph g;
    Var in = g.input(x.value.view());
    Var y = in;
    if (fused) {
      y = m.logits(g, in);
    } else {
      for (size_t i = 0; i + 1 < m.net.layers.size(); ++i) y = m.net.layers[i]->forward(g, y);
      y = dynamic_cast<Linear&>(*m.net.layers.back()).forward_logits(g, y);
    }
    *fused_nodes = 0;
    for (size_t i = 0; i < g.node_count(); ++i) *fused_nodes += g.node(i).op == Op::Conv2DReluMaxPool;
    *grads = grads_of_weighted_sum(g, y, m.net.parameters());
    return std::vector<float>(y->value.data, y->value.data + y->value.numel());
  };
  std::vector<float> g1, g2;
  int n1 = 0, n2 = 0;
  const auto y1 = run(true, &g1, &n1), y2 = run(false, &g2, &n2);
  EXPECT_EQ(n1, 2);  // both convolutions with their pools: the first direct, the second im2col + GEMM
  EXPECT_EQ(n2, 0);
  EXPECT_EQ(y1, y2);
  for (size_t i = 0; i < g1.size(); ++i) ASSERT_NEAR(g1[i], g2[i], 1e-5f * (1.f + std::fabs(g2[i]))) << "gradient " << i;
}

TEST(CourseCnn, OneEpochOnThousandDigitsBeatsEightyPercent) {
  const Dataset train = load_dataset(std::string(MLPG_DATA_DIR) + "/mnist-digits-train.mlpg").head(1000);
  const Dataset test = load_dataset(std::string(MLPG_DATA_DIR) + "/mnist-digits-test.mlpg");
  Model m = course_cnn(1);
  m.compile(adam(1e-3f));
  FitOptions fo;
  fo.epochs = 1;
  fo.batch_size = 32;
  fo.seed = 1;
  m.fit(train, fo);
  const Evaluation ev = m.evaluate(test);
  std::printf("1 epoch on 1,000 digits: test accuracy %.4f on %d digits\n", ev.accuracy, test.count);
  EXPECT_GT(ev.accuracy, 0.80f);
}

TEST(CourseCnn, NanLearningRateStopsWithAClearError) {
  const Dataset train = load_dataset(std::string(MLPG_DATA_DIR) + "/mnist-digits-train.mlpg").head(64);
  Model m = course_cnn(2);
  m.compile(sgd(1e8f));
  FitOptions fo;
  fo.epochs = 3;
  try {
    m.fit(train, fo);
    FAIL() << "training with lr 1e8 should stop";
  } catch (const TrainingError& e) {
    EXPECT_NE(std::string(e.what()).find("learning rate"), std::string::npos);
  }
}
