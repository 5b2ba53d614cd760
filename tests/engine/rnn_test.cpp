// Recurrent layers: gradient checks through 5+ steps with 2 layers and batch
// > 1 for each cell type, PyTorch golden outputs/gradients, embedding.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "gradcheck.h"
#include "ops/ops.h"
#include "layers/rnn.h"
#include "kernels/pack_cache.h"
#include "models/course_models.h"

using namespace mlpg;
using namespace mlpg::testing;
using nlohmann::json;

TEST(RnnGradCheck, EveryCellThroughTimeWithLayersAndInitialState) {
  for (CellKind kind : {CellKind::RNN, CellKind::GRU, CellKind::LSTM}) {
    RecurrentConfig cfg;
    cfg.kind = kind;
    cfg.input_size = 3;
    cfg.hidden_size = 4;
    cfg.num_layers = 2;
    Recurrent rnn(cfg, 5);
    Parameter x = make_param("x", Shape{2, 6, 3}, 61);  // batch 2, 6 steps
    Parameter h0 = make_param("h0", Shape{2, 4}, 62), h1 = make_param("h1", Shape{2, 4}, 63);
    Parameter c0 = make_param("c0", Shape{2, 4}, 64), c1 = make_param("c1", Shape{2, 4}, 65);
    auto params = rnn.parameters();
    for (Parameter* p : {&x, &h0, &h1}) params.push_back(p);
    if (kind == CellKind::LSTM) { params.push_back(&c0); params.push_back(&c1); }
    EXPECT_EQ(check_gradients(params, [&](Graph& g) {
                RecurrentState init;
                init.h = {g.param(h0), g.param(h1)};
                if (kind == CellKind::LSTM) init.c = {g.param(c0), g.param(c1)};
                RecurrentOutput out = rnn.run(g, g.param(x), &init);
                // Output sequence and final states all feed the loss.
                Var tail = concat({reshape(out.final.h[0], Shape{2, 1, 4}), reshape(out.final.h[1], Shape{2, 1, 4})}, 1);
                if (kind == CellKind::LSTM) tail = concat({tail, reshape(out.final.c[1], Shape{2, 1, 4})}, 1);
                return concat({out.output, tail}, 1);
              }), "")
        << cell_name(kind);
  }
}

TEST(RnnGradCheck, DropoutBetweenLayersAndLastStep) {
  RecurrentConfig cfg;
  cfg.input_size = 2; cfg.hidden_size = 3; cfg.num_layers = 2; cfg.dropout = 0.3f;
  Recurrent rnn(cfg, 9);
  Parameter x = make_param("x", Shape{3, 5, 2}, 71);
  LastStep last;
  auto params = rnn.parameters();
  params.push_back(&x);
  EXPECT_EQ(check_gradients(params, [&](Graph& g) {
              g.seed(3);
              return last.forward(g, rnn.run(g, g.param(x)).output);
            }), "");
}

TEST(RnnGradCheck, Embedding) {
  Embedding emb(7, 3, 1);
  const int ids[] = {0, 3, 3, 6, 1, 0};  // repeated ids accumulate
  EXPECT_EQ(check_gradients({&emb.weight}, [&](Graph& g) { return emb.lookup(g, ids, 2, 3); }), "");
  Graph g;
  const int bad[] = {7};
  EXPECT_THROW(emb.lookup(g, bad, 1, 1), std::invalid_argument);
}

// An LSTM layer runs as one lstm_sequence node; recording its gates (for
// the UI) unrolls it into per-step nodes instead. Both must compute the
// same: outputs, final states and every gradient (parameters, input,
// initial state), at hidden sizes with and without vector tails, with and
// without an initial state, and for one step.
TEST(RnnFusedLstm, MatchesTheUnrolledSteps) {
  for (int H : {5, 16, 37})
    for (int T : {1, 4})
      for (int with_init = 0; with_init < 2; ++with_init) {
        RecurrentConfig cfg;
        cfg.kind = CellKind::LSTM;
        cfg.input_size = 3; cfg.hidden_size = H; cfg.num_layers = 2;
        Recurrent fused(cfg, 21), steps(cfg, 21);
        steps.cfg.record_gates = true;
        const int B = 3;
        Parameter x = make_param("x", Shape{B, T, 3}, 31);
        Parameter h0 = make_param("h0", Shape{B, H}, 32), c0 = make_param("c0", Shape{B, H}, 33);
        Parameter h1 = make_param("h1", Shape{B, H}, 34), c1 = make_param("c1", Shape{B, H}, 35);
        Parameter wy = make_param("wy", Shape{B, T, H}, 36), wf = make_param("wf", Shape{B, H}, 37);
        auto run = [&](Recurrent& r, std::vector<float>* grads) {
          Graph g;
          for (Parameter& p : r.params) std::fill(p.grad.begin(), p.grad.end(), 0.f);
          for (Parameter* p : {&x, &h0, &c0, &h1, &c1}) std::fill(p->grad.begin(), p->grad.end(), 0.f);
          RecurrentState init;
          if (with_init) init = {{g.param(h0), g.param(h1)}, {g.param(c0), g.param(c1)}};
          RecurrentOutput out = r.run(g, g.param(x), with_init ? &init : nullptr);
          Var loss = sum(mul(out.output, g.param(wy)));  // random weights: no gradient is ever 0 by symmetry
          for (int l = 0; l < 2; ++l)
            loss = add(loss, sum(mul(add(out.final.h[size_t(l)], scale(out.final.c[size_t(l)], 0.5f)), g.param(wf))));
          std::vector<float> y(out.output->value.data, out.output->value.data + out.output->value.numel());
          for (int l = 0; l < 2; ++l) {
            y.insert(y.end(), out.final.h[size_t(l)]->value.data, out.final.h[size_t(l)]->value.data + B * H);
            y.insert(y.end(), out.final.c[size_t(l)]->value.data, out.final.c[size_t(l)]->value.data + B * H);
          }
          g.backward(loss);
          grads->clear();
          for (Parameter& p : r.params) grads->insert(grads->end(), p.grad.begin(), p.grad.end());
          for (Parameter* p : {&x, &h0, &c0, &h1, &c1}) grads->insert(grads->end(), p->grad.begin(), p->grad.end());
          return y;
        };
        std::vector<float> gf, gs;
        const std::vector<float> yf = run(fused, &gf), ys = run(steps, &gs);
        ASSERT_EQ(yf.size(), ys.size());
        ASSERT_EQ(gf.size(), gs.size());
        const std::string at = "H " + std::to_string(H) + ", T " + std::to_string(T) + ", init " + std::to_string(with_init);
        for (size_t i = 0; i < yf.size(); ++i) ASSERT_NEAR(yf[i], ys[i], 1e-6f) << at << ", value " << i;
        for (size_t i = 0; i < gf.size(); ++i) ASSERT_NEAR(gf[i], gs[i], 2e-5f * (1.f + std::fabs(gs[i]))) << at << ", gradient " << i;
        if (with_init) {  // the initial state's gradient is there, not all zero
          float norm = 0.f;
          for (float v : c0.grad) norm += std::fabs(v);
          EXPECT_GT(norm, 0.f) << at;
        }
      }
}

// The LSTM packs W_hh once per run and its backward once per pass
// (kernels/pack_cache.h). After the weights change in place, as an optimizer
// step changes them, the next run must use the new values: the same layer
// and a fresh one with the same new weights give identical outputs and
// gradients, and both differ from the first run's.
TEST(RnnPackedWeights, FollowInPlaceUpdates) {
  RecurrentConfig cfg;
  cfg.input_size = 5; cfg.hidden_size = 37; cfg.num_layers = 2;
  Recurrent rnn(cfg, 11), fresh(cfg, 12);
  Parameter x = make_param("x", Shape{3, 6, 5}, 81);
  auto run = [&](Recurrent& r, std::vector<float>* grads) {
    Graph g;
    for (Parameter& p : r.params) std::fill(p.grad.begin(), p.grad.end(), 0.f);
    Var out = r.run(g, g.param(x)).output;
    std::vector<float> y(out->value.data, out->value.data + out->value.numel());
    g.backward(sum(mul(out, out)));
    grads->clear();
    for (Parameter& p : r.params) grads->insert(grads->end(), p.grad.begin(), p.grad.end());
    return y;
  };
  std::vector<float> g1, g2, g3;
  const std::vector<float> y1 = run(rnn, &g1);
  for (Parameter& p : rnn.params)
    for (float& v : p.value.data) v = v * 0.5f + 0.01f;  // in place, the storage unchanged
  const std::vector<float> y2 = run(rnn, &g2);
  for (size_t i = 0; i < rnn.params.size(); ++i) fresh.params[i].value.data = rnn.params[i].value.data;
  const std::vector<float> y3 = run(fresh, &g3);
  EXPECT_NE(y1, y2);
  EXPECT_NE(g1, g2);
  EXPECT_EQ(y2, y3);
  EXPECT_EQ(g2, g3);
}

// predict() and evaluate() freeze the weights over their batches: packed
// once (a parameter as B), never for an input leaf as B (its arena address
// repeats from batch to batch with other values), and forgotten at the end.
TEST(FrozenWeights, PackParametersOnceAndForgetThemAfter) {
  Parameter w = make_param("w", Shape{40, 24}, 91);
  Graph g;
  std::vector<std::vector<float>> xs;
  for (uint32_t b = 0; b < 3; ++b) xs.push_back(make_param("x", Shape{5, 40}, 92 + b).value.data);
  auto expect_product = [](const float* a, const float* b, int M, int N, int K, const float* y, const char* what) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) {
        double want = 0;
        for (int k = 0; k < K; ++k) want += double(a[i * K + k]) * b[k * N + j];
        ASSERT_NEAR(y[i * N + j], want, 1e-4) << what << " at " << i << "," << j;
      }
  };
  size_t packs_after_first = 0;
  {
    FrozenWeights frozen(g, int(xs.size()));
    ASSERT_NE(g.weight_packs(), nullptr);
    for (size_t b = 0; b < xs.size(); ++b) {
      g.clear();
      NoGrad ng(g);
      Var x = g.input(Shape{5, 40}, xs[b].data());
      Var y = matmul(x, g.param(w));  // a parameter as B: packed once
      expect_product(xs[b].data(), w.value.data.data(), 5, 24, 40, y->value.data, "x·W");
      Var xt = g.input(Shape{40, 5}, xs[b].data());  // an input leaf as B: the same address every batch
      Var z = matmul(g.param(w), xt, true);          // Wᵀ[24,40] · x[40,5]
      std::vector<float> wt(24 * 40);
      for (int i = 0; i < 40; ++i)
        for (int j = 0; j < 24; ++j) wt[size_t(j * 40 + i)] = w.value.data[size_t(i * 24 + j)];
      expect_product(wt.data(), xs[b].data(), 24, 5, 40, z->value.data, "Wᵀ·x");
      if (b == 0) packs_after_first = g.weight_packs()->packs();
    }
    EXPECT_GT(packs_after_first, 0u);
    EXPECT_EQ(g.weight_packs()->packs(), packs_after_first) << "W packed again in a later batch";
  }
  EXPECT_EQ(g.weight_packs(), nullptr);
  // Changed in place after the scope: a new scope sees the new values.
  for (float& v : w.value.data) v = -v;
  {
    FrozenWeights one(g, 1);  // one batch: no cache (the GEMM packs at use)
    EXPECT_EQ(g.weight_packs(), nullptr);
  }
  FrozenWeights again(g, 2);
  g.clear();
  NoGrad ng(g);
  Var y = matmul(g.input(Shape{5, 40}, xs[0].data()), g.param(w));
  expect_product(xs[0].data(), w.value.data.data(), 5, 24, 40, y->value.data, "x·(−W)");
}

// The same through a model: predict() after an in-place update gives what a
// model built with the updated weights gives.
TEST(FrozenWeights, PredictSeesWeightsChangedBetweenCalls) {
  Model m = make_course_lstm(6, 5, 19, 7), other = make_course_lstm(6, 5, 19, 8);
  const std::vector<float> x = make_param("x", Shape{7, 6, 5}, 93).value.data;
  const std::vector<float> y1 = m.predict(x.data(), 7, 3);
  for (Parameter* p : m.net.parameters())
    for (float& v : p->value.data) v = v * 0.5f + 0.01f;
  const std::vector<float> y2 = m.predict(x.data(), 7, 3);
  auto mp = m.net.parameters(), op = other.net.parameters();
  ASSERT_EQ(mp.size(), op.size());
  for (size_t i = 0; i < mp.size(); ++i) op[i]->value.data = mp[i]->value.data;
  EXPECT_NE(y1, y2);
  EXPECT_EQ(y2, other.predict(x.data(), 7, 3));
  EXPECT_THROW(m.predict(x.data(), 7, 0), std::invalid_argument);  // (a batch of 0 never advanced)
}

TEST(RnnGolden, MatchesPyTorchRnnGruLstm) {
  std::ifstream f(std::string(MLPG_FIXTURES) + "/rnn_golden.json");
  ASSERT_TRUE(f) << "missing fixture rnn_golden.json";
  const json gj = json::parse(f);
  const int B = gj["B"], T = gj["T"], I = gj["I"], H = gj["H"], L = gj["L"];
  const auto x = gj["x"].get<std::vector<float>>();
  for (const auto& c : gj["cases"]) {
    const std::string kind = c["kind"];
    RecurrentConfig cfg;
    cfg.kind = kind == "LSTM" ? CellKind::LSTM : kind == "GRU" ? CellKind::GRU : CellKind::RNN;
    cfg.input_size = I; cfg.hidden_size = H; cfg.num_layers = L;
    Recurrent rnn(cfg, 0);
    for (Parameter& p : rnn.params) p.value.data = c["params"][p.name].get<std::vector<float>>();
    Graph g;
    Parameter xp("x", Shape{B, T, I});
    xp.value.data = x;
    const bool lstm = kind == "LSTM";
    const auto h0 = c["h0"].get<std::vector<float>>();
    const auto c0 = lstm ? c["c0"].get<std::vector<float>>() : std::vector<float>();
    RecurrentState init;
    for (int l = 0; l < L; ++l) {
      init.h.push_back(g.input(Shape{B, H}, h0.data() + l * B * H));
      if (lstm) init.c.push_back(g.input(Shape{B, H}, c0.data() + l * B * H));
    }
    RecurrentOutput out = rnn.run(g, g.param(xp), &init);
    const auto want_out = c["out"].get<std::vector<float>>();
    for (size_t i = 0; i < want_out.size(); ++i) ASSERT_NEAR(out.output->value.data[i], want_out[i], 1e-5f) << kind << " out";
    const auto r = c["r"].get<std::vector<float>>(), rh = c["rh"].get<std::vector<float>>();
    const auto hn = c["hn"].get<std::vector<float>>();
    Var loss = sum(mul(out.output, g.input(out.output->value.shape, r.data())));
    for (int l = 0; l < L; ++l) {
      for (int i = 0; i < B * H; ++i) ASSERT_NEAR(out.final.h[size_t(l)]->value.data[i], hn[size_t(l * B * H + i)], 1e-5f) << kind << " h_n";
      loss = add(loss, sum(mul(out.final.h[size_t(l)], g.input(Shape{B, H}, rh.data() + l * B * H))));
      if (lstm) {
        const auto rc = c["rc"].get<std::vector<float>>(), cn = c["cn"].get<std::vector<float>>();
        for (int i = 0; i < B * H; ++i) ASSERT_NEAR(out.final.c[size_t(l)]->value.data[i], cn[size_t(l * B * H + i)], 1e-5f) << "c_n";
        loss = add(loss, sum(mul(out.final.c[size_t(l)], g.input(Shape{B, H}, rc.data() + l * B * H))));
      }
    }
    g.backward(loss);
    for (Parameter& p : rnn.params) {
      const auto want = c["grads"][p.name].get<std::vector<float>>();
      for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(p.grad[i], want[i], 1e-4f) << kind << " " << p.name << "[" << i << "]";
    }
    const auto dx = c["dx"].get<std::vector<float>>();
    for (size_t i = 0; i < dx.size(); ++i) ASSERT_NEAR(xp.grad[i], dx[i], 1e-4f) << kind << " dx[" << i << "]";
  }
}
