// Recurrent layers: gradient checks through 5+ steps with 2 layers and batch
// > 1 for each cell type, PyTorch golden outputs/gradients, embedding.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "gradcheck.h"
#include "ops/ops.h"
#include "layers/rnn.h"

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
