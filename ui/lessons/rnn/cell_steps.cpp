#include "cell_steps.h"

#include <algorithm>
#include <cmath>

#include "ops/ops.h"

namespace mlpg::ui {

namespace {
float sigmoid(float v) { return 1.f / (1.f + std::exp(-v)); }

// y = W v + b for W [rows, cols] row-major.
std::vector<float> affine(const Parameter& w, const Parameter& b, const std::vector<float>& v) {
  const int rows = w.value.shape[0], cols = w.value.shape[1];
  std::vector<float> y(static_cast<size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    double s = b.value.data[size_t(r)];
    for (int c = 0; c < cols; ++c) s += double(w.value.data[size_t(r * cols + c)]) * v[size_t(c)];
    y[size_t(r)] = float(s);
  }
  return y;
}
}  // namespace

void cell_run(CellDemo& d, CellKind kind, const std::u32string& text, uint32_t seed) {
  d.kind = kind;
  d.seed = seed;
  d.text = text.substr(0, 16);
  if (d.text.empty()) d.text = U"hello";
  d.alphabet = d.text;
  std::sort(d.alphabet.begin(), d.alphabet.end());
  d.alphabet.erase(std::unique(d.alphabet.begin(), d.alphabet.end()), d.alphabet.end());
  const int A = int(d.alphabet.size()), T = int(d.text.size()), H = kCellHidden, G = d.gates_per_unit();
  RecurrentConfig rc;
  rc.kind = kind;
  rc.input_size = A;
  rc.hidden_size = H;
  rc.num_layers = 1;
  rc.record_gates = true;
  d.rnn = std::make_unique<Recurrent>(rc, seed);
  std::vector<float> x(size_t(T * A), 0.f);
  for (int t = 0; t < T; ++t)
    x[size_t(t * A + int(d.alphabet.find(d.text[size_t(t)])))] = 1.f;
  Graph g;
  NoGrad ng(g);
  g.training = false;
  RecurrentOutput out = d.rnn->run(g, g.input(Shape{1, T, A}, x.data()));
  const Parameter *w_ih = &d.rnn->params[0], *w_hh = &d.rnn->params[1], *b_ih = &d.rnn->params[2],
                  *b_hh = &d.rnn->params[3];
  d.steps.clear();
  std::vector<float> h(size_t(H), 0.f), c(size_t(H), 0.f);
  for (int t = 0; t < T; ++t) {
    CellStep s;
    s.x.assign(x.begin() + t * A, x.begin() + (t + 1) * A);
    s.h_prev = h;
    s.c_prev = c;
    s.pre_x = affine(*w_ih, *b_ih, s.x);
    s.pre_h = affine(*w_hh, *b_hh, h);
    s.by_hand.resize(size_t(G * H));
    for (int u = 0; u < H; ++u) {
      const auto at = [&](int gate) { return size_t(gate * H + u); };
      if (kind == CellKind::RNN) {
        s.by_hand[at(0)] = std::tanh(s.pre_x[at(0)] + s.pre_h[at(0)]);
      } else if (kind == CellKind::LSTM) {
        s.by_hand[at(0)] = sigmoid(s.pre_x[at(0)] + s.pre_h[at(0)]);
        s.by_hand[at(1)] = sigmoid(s.pre_x[at(1)] + s.pre_h[at(1)]);
        s.by_hand[at(2)] = std::tanh(s.pre_x[at(2)] + s.pre_h[at(2)]);
        s.by_hand[at(3)] = sigmoid(s.pre_x[at(3)] + s.pre_h[at(3)]);
      } else {  // GRU: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
        const float r = sigmoid(s.pre_x[at(0)] + s.pre_h[at(0)]);
        s.by_hand[at(0)] = r;
        s.by_hand[at(1)] = sigmoid(s.pre_x[at(1)] + s.pre_h[at(1)]);
        s.by_hand[at(2)] = std::tanh(s.pre_x[at(2)] + r * s.pre_h[at(2)]);
      }
    }
    const Var& gv = out.gates[0][size_t(t)];
    s.gates.assign(gv->value.data, gv->value.data + gv->value.numel());
    const Var& hv = out.hidden[0][size_t(t)];
    s.h.assign(hv->value.data, hv->value.data + hv->value.numel());
    if (kind == CellKind::LSTM) {
      const Var& cv = out.cell[0][size_t(t)];
      s.c.assign(cv->value.data, cv->value.data + cv->value.numel());
    }
    h = s.h;
    if (!s.c.empty()) c = s.c;
    d.steps.push_back(std::move(s));
  }
}

}  // namespace mlpg::ui
