#pragma once
// One cell, step by step (the RNN lab's first page): a small RNN, GRU or
// LSTM (3 hidden units, seeded weights) reads a short text, one-hot per
// distinct character. Each step's pre-activations are computed here from
// the weights, as the equations read (PyTorch's, gate order LSTM i f g o,
// GRU r z n), and the gate values and states come from the engine's own
// recorded run of the same input, so the page can show both side by side.
#include <memory>
#include <string>
#include <vector>

#include "layers/rnn.h"

namespace mlpg::ui {

constexpr int kCellHidden = 3;

struct CellStep {
  std::vector<float> x;          // one-hot input [inputs]
  std::vector<float> h_prev, c_prev;
  std::vector<float> pre_x;      // W_ih x + b_ih   [G·H]
  std::vector<float> pre_h;      // W_hh h + b_hh   [G·H]
  std::vector<float> by_hand;    // the gates computed from pre_x, pre_h by the equations [G·H]
  std::vector<float> gates;      // the engine's recorded gates [G·H]
  std::vector<float> h, c;       // the engine's h_t (and c_t)
};

struct CellDemo {
  CellKind kind = CellKind::LSTM;
  std::u32string text;            // what it reads
  std::u32string alphabet;        // its distinct characters: the one-hot inputs
  uint32_t seed = 1;
  std::unique_ptr<Recurrent> rnn;
  std::vector<CellStep> steps;
  int gates_per_unit() const { return kind == CellKind::LSTM ? 4 : kind == CellKind::GRU ? 3 : 1; }
};

// Builds the cell (seeded) and runs it over `text` (up to 16 characters).
void cell_run(CellDemo& d, CellKind kind, const std::u32string& text, uint32_t seed);

}  // namespace mlpg::ui
