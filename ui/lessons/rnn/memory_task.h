#pragma once
// "Why LSTM" (article §2.5: RNNs forget over long sequences, LSTMs keep
// information in a cell state): a task that needs a long memory, and the
// gradient that reaches each earlier step. The input is T symbols, one-hot,
// with a flag on the first ("remember this one"); the answer is the first
// symbol; the others are distractors. A plain RNN, a GRU and an LSTM (one layer
// each) learn it, and we measure ‖∂loss/∂x_t‖ for every step t.
#include <memory>
#include <random>
#include <vector>

#include "layers/rnn.h"
#include "models/model.h"

namespace mlpg::ui {

constexpr int kMemorySymbols = 4, kMemoryInput = kMemorySymbols + 1, kMemoryHidden = 32, kMemoryBatch = 32;

// n sequences of T steps: x [n, T, symbols + 1] (one-hot, and the flag), y = the first symbol.
void memory_batch(int T, int n, std::mt19937& rng, std::vector<float>& x, std::vector<int>& y);
// cell (1 layer, kMemoryHidden) -> last step -> softmax over the symbols.
// forget_bias: an LSTM's forget gates start at bias 1 (Keras's
// unit_forget_bias; PyTorch's default init leaves them near 0).
std::unique_ptr<Model> make_memory_model(CellKind cell, int T, uint32_t seed, bool forget_bias);
// Mean over a seeded batch of ‖∂ cross-entropy / ∂x_t‖ for t = 0..T-1.
std::vector<float> memory_gradient_by_step(Model& m, int T, uint32_t seed);
// Accuracy on a seeded batch of 256 fresh sequences.
float memory_accuracy(Model& m, int T, uint32_t seed);

// One cell's run on one T: trained step by step (so a lesson can slice it).
struct MemoryRun {
  CellKind cell = CellKind::LSTM;
  int T = 20;
  std::unique_ptr<Model> model;
  std::mt19937 rng;
  int steps = 0;
  std::vector<float> grad_at_init, grad_trained;  // by step, before and after training
  float accuracy = 0;
  float last_loss = 0;
};
MemoryRun memory_start(CellKind cell, int T, uint32_t seed, bool forget_bias);
void memory_train(MemoryRun& r, int steps);
void memory_finish(MemoryRun& r, uint32_t seed);  // grad_trained and accuracy

}  // namespace mlpg::ui
