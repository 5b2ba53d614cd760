#pragma once
// Recurrent layers with backprop through time: RNN (tanh), GRU and LSTM,
// following PyTorch's equations, gate order (LSTM i, f, g, o; GRU r, z, n)
// and parameter layout (weight_ih_l{k} [G·H, in], weight_hh_l{k} [G·H, H],
// bias_ih_l{k}, bias_hh_l{k}), batch_first inputs [B, T, F], stacked layers
// with dropout between them, an optional initial state, and outputs plus the
// final (h, c). Each step is built from autograd ops, so BPTT is the tape's
// ordinary backward pass; truncated BPTT = feeding detached states (see
// detach()) to the next chunk.
#include <string>
#include <vector>

#include "layers/nn.h"

namespace mlpg {

enum class CellKind { RNN, GRU, LSTM };
const char* cell_name(CellKind k);

struct RecurrentConfig {
  CellKind kind = CellKind::LSTM;
  int input_size = 1, hidden_size = 1, num_layers = 1;
  float dropout = 0.f;        // between layers (not after the last), when training
  bool record_gates = false;  // keep per-step gate activations for the UI
};

// Hidden (and, for LSTM, cell) state per layer, each [B, H].
struct RecurrentState {
  std::vector<Var> h, c;
};

// Values of a state copied out of a graph, for truncated BPTT and generation.
struct DetachedState {
  int batch = 0, hidden = 0;
  std::vector<std::vector<float>> h, c;
  bool empty() const { return h.empty(); }
};
DetachedState detach(const RecurrentState& s);
RecurrentState attach(Graph& g, const DetachedState& s);

struct RecurrentOutput {
  Var output = nullptr;    // [B, T, H]: the last layer's h at every step
  RecurrentState final;    // h_n (and c_n) per layer
  // When record_gates: gates[layer][t] = [B, G·H] activations after their
  // nonlinearity, in PyTorch's gate order; hidden[layer][t] = h_t;
  // cell[layer][t] = c_t (LSTM only).
  std::vector<std::vector<Var>> gates, hidden, cell;
};

struct Recurrent : Layer {
  RecurrentConfig cfg;
  std::vector<Parameter> params;  // 4 per layer: weight_ih, weight_hh, bias_ih, bias_hh

  Recurrent(const RecurrentConfig& c, uint32_t seed);
  int gate_count() const;
  // x [B, T, input_size]; init may be null (zeros).
  RecurrentOutput run(Graph& g, Var x, const RecurrentState* init = nullptr);
  Shape build(const Shape& in, Rng& rng) override;  // per-sample [T, F] -> [T, H]
  Var forward(Graph& g, Var x) override { return run(g, x).output; }
  std::string name() const override;
  std::vector<Parameter*> parameters() override;
  nlohmann::json config() const override;
};

// [B, T, H] -> [B, H]: the last time step (the course's classifier reads it).
struct LastStep : Layer {
  Shape build(const Shape& in, Rng& rng) override;
  Var forward(Graph& g, Var x) override;
  std::string name() const override { return "LastStep"; }
  nlohmann::json config() const override { return {{"type", "LastStep"}}; }
};

// Token ids (as floats in the input tensor [B, T]) -> vectors [B, T, D].
struct Embedding : Layer {
  Parameter weight;  // [vocab, dim], N(0, 1) as PyTorch
  Embedding(int vocab, int dim, uint32_t seed);
  Shape build(const Shape& in, Rng& rng) override;
  Var forward(Graph& g, Var x) override;
  Var lookup(Graph& g, const int* ids, int batch, int steps);
  std::string name() const override;
  std::vector<Parameter*> parameters() override { return {&weight}; }
  nlohmann::json config() const override;
};

}  // namespace mlpg
