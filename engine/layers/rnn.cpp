#include "layers/rnn.h"

#include <cmath>
#include <stdexcept>

#include "kernels/pack_cache.h"
#include "ops/ops.h"

namespace mlpg {

const char* cell_name(CellKind k) {
  switch (k) {
    case CellKind::RNN: return "RNN";
    case CellKind::GRU: return "GRU";
    case CellKind::LSTM: return "LSTM";
  }
  return "?";
}

Recurrent::Recurrent(const RecurrentConfig& c, uint32_t seed) : cfg(c) {
  if (c.input_size < 1 || c.hidden_size < 1 || c.num_layers < 1)
    throw std::invalid_argument("Recurrent: sizes and num_layers must be positive");
  if (!(c.dropout >= 0.f && c.dropout < 1.f)) throw std::invalid_argument("Recurrent: dropout must be in [0, 1)");
  const int G = gate_count(), H = c.hidden_size;
  Rng rng(seed);
  const float k = 1.f / std::sqrt(float(H));  // PyTorch: U(−1/√H, 1/√H) for every tensor
  params.reserve(size_t(4 * c.num_layers));
  for (int l = 0; l < c.num_layers; ++l) {
    const int in = l == 0 ? c.input_size : H;
    const std::string s = "_l" + std::to_string(l);
    params.emplace_back("weight_ih" + s, Shape{G * H, in}, true);
    params.emplace_back("weight_hh" + s, Shape{G * H, H}, true);
    params.emplace_back("bias_ih" + s, Shape{G * H}, false);
    params.emplace_back("bias_hh" + s, Shape{G * H}, false);
  }
  for (Parameter& p : params) fill_uniform(p.value, rng, -k, k);
}

int Recurrent::gate_count() const { return cfg.kind == CellKind::LSTM ? 4 : cfg.kind == CellKind::GRU ? 3 : 1; }

std::vector<Parameter*> Recurrent::parameters() {
  std::vector<Parameter*> out;
  for (Parameter& p : params) out.push_back(&p);
  return out;
}

RecurrentOutput Recurrent::run(Graph& g, Var x, const RecurrentState* init) {
  const Shape& s = x->value.shape;
  if (s.rank != 3 || s[2] != cfg.input_size)
    throw std::invalid_argument(std::string(cell_name(cfg.kind)) + ": input must be [batch, steps, " +
                                std::to_string(cfg.input_size) + "], got " + s.str());
  const int B = s[0], T = s[1], H = cfg.hidden_size;
  if (T == 0)  // PyTorch refuses an empty sequence too; say it here, not in an op deep inside
    throw std::invalid_argument(std::string(cell_name(cfg.kind)) + ": input has no time steps, got " + s.str());
  const bool lstm = cfg.kind == CellKind::LSTM;
  if (init && (int(init->h.size()) != cfg.num_layers || (lstm && int(init->c.size()) != cfg.num_layers)))
    throw std::invalid_argument(std::string(cell_name(cfg.kind)) + ": initial state needs one entry per layer");
  RecurrentOutput out;
  out.gates.resize(cfg.record_gates ? size_t(cfg.num_layers) : 0);
  out.hidden.resize(cfg.record_gates ? size_t(cfg.num_layers) : 0);
  out.cell.resize(cfg.record_gates && lstm ? size_t(cfg.num_layers) : 0);
  // W_hh (and the LSTM's W_ih, which it applies step by step) is the same at
  // every step: packed once per layer and run (with one step, as when a
  // character model generates, the GEMM's own packing is cheaper). (With the
  // weights frozen, as in predict(), the graph's cache keeps them packed
  // from one batch to the next.)
  thread_local kernels::PackCache w_hh_packs, w_ih_packs;
  // Layers run on time-major rows [T·B, ·]: a step's block of the input (or
  // its projection) is then contiguous, a view (slice) and not a copy, and
  // the layers between hand each other [T·B, H] directly; only the last
  // layer's output is put back batch-major, [B, T, H], as PyTorch's batch_first.
  Var layer_in = reshape(transpose(x, 0, 1), Shape{T * B, cfg.input_size});
  for (int l = 0; l < cfg.num_layers; ++l) {
    Parameter* P = &params[size_t(4 * l)];
    Var w_ih = g.param(P[0]), w_hh = g.param(P[1]), b_ih = g.param(P[2]), b_hh = g.param(P[3]);
    kernels::PackCache* const packs = g.packs_for(w_hh, T > 1 ? &w_hh_packs : nullptr);
    // The LSTM's and the plain RNN's b_hh only ever adds to the same sum, so
    // it joins b_ih here, once, instead of a bias pass at every step (the
    // GRU's b_hn sits inside r ⊙ (W_hn h + b_hn) and must stay per step).
    const bool fold_b_hh = cfg.kind != CellKind::GRU;
    Var b_x = fold_b_hh ? add(b_ih, b_hh) : b_ih;
    Var h = init ? init->h[size_t(l)] : g.zeros(Shape{B, H});
    Var c = lstm ? (init ? init->c[size_t(l)] : g.zeros(Shape{B, H})) : nullptr;
    if (h->value.shape != Shape({B, H})) throw std::invalid_argument("initial h must be [batch, hidden]");
    if (lstm && !cfg.record_gates && B > 0) {  // the whole layer as one node; steps unrolled only to record them
      if (c->value.shape != Shape({B, H})) throw std::invalid_argument("initial c must be [batch, hidden]");
      Var seq = lstm_sequence(layer_in, w_ih, b_x, w_hh, h, c, g.packs_for(w_ih, T > 1 ? &w_ih_packs : nullptr), packs);
      Var hs = slice(seq, 0, 0, T * B);                    // views, all three
      out.final.h.push_back(slice(seq, 0, (T - 1) * B, T * B));
      out.final.c.push_back(slice(seq, 0, T * B, (T + 1) * B));
      layer_in = l + 1 < cfg.num_layers ? hs : transpose(reshape(hs, Shape{T, B, H}), 0, 1);  // [T·B, H], or [B, T, H] at the end
      if (cfg.dropout > 0.f && l + 1 < cfg.num_layers) layer_in = dropout(layer_in, cfg.dropout);
      continue;
    }
    // Unrolled: input projections of all steps in one GEMM, [T·B, in] · W_ihᵀ + b.
    Var xproj = linear(layer_in, w_ih, b_x);  // [T·B, G·H], the bias added as the GEMM stores
    std::vector<Var> steps;
    steps.reserve(size_t(T));
    for (int t = 0; t < T; ++t) {
      Var xt = B > 0 ? slice(xproj, 0, t * B, (t + 1) * B) : xproj;  // [B, G·H], a view (an empty batch: all of it)
      Var hh = matmul(h, w_hh, false, true, packs);  // [B, G·H]
      if (!fold_b_hh) hh = add(hh, b_hh);
      Var gate_record = nullptr;
      if (cfg.kind == CellKind::RNN) {
        h = tanh(add(xt, hh));
        gate_record = h;
      } else if (lstm) {
        Var act = lstm_gates(xt, hh);  // [σ(i) σ(f) tanh(g) σ(o)] of xt + hh, fused
        c = lstm_state(act, c);
        h = lstm_output(act, c);
        gate_record = act;
      } else {  // GRU: n uses r ⊙ (W_hn h + b_hn), as PyTorch
        h = gru_cell(xt, hh, h);  // fused: r, z, n and (1 − z) n + z h
        if (cfg.record_gates) gate_record = g.input(Shape{B, 3 * H}, h->aux);  // [r | z | n]
      }
      steps.push_back(l + 1 < cfg.num_layers ? h : reshape(h, Shape{B, 1, H}));
      if (cfg.record_gates) {
        out.gates[size_t(l)].push_back(gate_record);
        out.hidden[size_t(l)].push_back(h);
        if (lstm) out.cell[size_t(l)].push_back(c);
      }
    }
    out.final.h.push_back(h);
    if (lstm) out.final.c.push_back(c);
    layer_in = T == 1 ? steps[0] : concat(steps, l + 1 < cfg.num_layers ? 0 : 1);  // [T·B, H], or [B, T, H] at the end
    if (cfg.dropout > 0.f && l + 1 < cfg.num_layers) layer_in = dropout(layer_in, cfg.dropout);
  }
  out.output = layer_in;
  return out;
}

Shape Recurrent::build(const Shape& in, Rng&) {
  if (in.rank != 2 || in[1] != cfg.input_size)
    throw std::invalid_argument(std::string(cell_name(cfg.kind)) + ": input must be [steps, " +
                                std::to_string(cfg.input_size) + "], got " + in.str());
  return Shape{in[0], cfg.hidden_size};
}

std::string Recurrent::name() const {
  return std::string(cell_name(cfg.kind)) + "(" + std::to_string(cfg.input_size) + " -> " +
         std::to_string(cfg.hidden_size) + ", layers " + std::to_string(cfg.num_layers) + ")";
}

nlohmann::json Recurrent::config() const {
  return {{"type", cell_name(cfg.kind)}, {"input_size", cfg.input_size}, {"hidden_size", cfg.hidden_size},
          {"num_layers", cfg.num_layers}, {"dropout", cfg.dropout}};
}

Shape LastStep::build(const Shape& in, Rng&) {
  if (in.rank != 2) throw std::invalid_argument("LastStep: input must be [steps, features], got " + in.str());
  return Shape{in[1]};
}

Var LastStep::forward(Graph&, Var x) {
  const Shape& s = x->value.shape;
  if (s.rank != 3 || s[1] == 0)
    throw std::invalid_argument("LastStep: input must be [batch, steps >= 1, features], got " + s.str());
  return reshape(slice(x, 1, s[1] - 1, s[1]), Shape{s[0], s[2]});
}

DetachedState detach(const RecurrentState& s) {
  DetachedState d;
  if (s.h.empty()) return d;
  d.batch = s.h[0]->value.shape[0];
  d.hidden = s.h[0]->value.shape[1];
  for (Var h : s.h) d.h.emplace_back(h->value.data, h->value.data + h->value.numel());
  for (Var c : s.c) d.c.emplace_back(c->value.data, c->value.data + c->value.numel());
  return d;
}

RecurrentState attach(Graph& g, const DetachedState& d) {
  RecurrentState s;
  for (const auto& h : d.h) s.h.push_back(g.input(Shape{d.batch, d.hidden}, h.data()));
  for (const auto& c : d.c) s.c.push_back(g.input(Shape{d.batch, d.hidden}, c.data()));
  return s;
}

Embedding::Embedding(int vocab, int dim, uint32_t seed) : weight("weight", Shape{vocab, dim}, true) {
  if (vocab < 1 || dim < 1) throw std::invalid_argument("Embedding: vocab and dim must be positive");
  Rng rng(seed);
  fill_normal(weight.value, rng, 0.f, 1.f);
}

Shape Embedding::build(const Shape& in, Rng&) {
  if (in.rank != 1) throw std::invalid_argument("Embedding: input must be [steps] of token ids, got " + in.str());
  return Shape{in[0], weight.value.shape[1]};
}

Var Embedding::lookup(Graph& g, const int* ids, int batch, int steps) {
  return reshape(embedding(g.param(weight), ids, batch * steps), Shape{batch, steps, weight.value.shape[1]});
}

Var Embedding::forward(Graph& g, Var x) {
  const Shape& s = x->value.shape;
  if (s.rank != 2) throw std::invalid_argument("Embedding: input must be [batch, steps] of token ids, got " + s.str());
  std::vector<int> ids(static_cast<size_t>(s.numel()));
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = int(std::lround(x->value.data[i]));
  return lookup(g, ids.data(), s[0], s[1]);
}

std::string Embedding::name() const {
  return "Embedding(" + std::to_string(weight.value.shape[0]) + ", " + std::to_string(weight.value.shape[1]) + ")";
}

nlohmann::json Embedding::config() const {
  return {{"type", "Embedding"}, {"vocab", weight.value.shape[0]}, {"dim", weight.value.shape[1]}};
}

}  // namespace mlpg
