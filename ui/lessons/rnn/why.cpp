// Why LSTM: the gradient reaching each step at initialisation for the three
// cells, and a sweep that trains them on growing T (memory_task.h).
#include <chrono>

#include "rnn_lab.h"

namespace mlpg::ui {

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
constexpr CellKind kCells[3] = {CellKind::LSTM, CellKind::GRU, CellKind::RNN};
}  // namespace

void why_refresh(RnnLab& lab) {
  Why& w = lab.why;
  if (w.grad_T == lab.p.T && w.grad_forget_bias == lab.p.forget_bias) return;
  for (int c = 0; c < 3; ++c) {
    auto m = make_memory_model(kCells[c], lab.p.T, uint32_t(lab.p.seed), lab.p.forget_bias);
    w.grad_init[size_t(c)] = memory_gradient_by_step(*m, lab.p.T, uint32_t(lab.p.seed) + 2);
  }
  w.grad_T = lab.p.T;
  w.grad_forget_bias = lab.p.forget_bias;
}

void why_start_sweep(RnnLab& lab) {
  Why& w = lab.why;
  for (auto& row : w.accuracy) row.fill(-1.f);
  for (auto& row : w.grad_trained)
    for (auto& g : row) g.clear();
  w.sweeping = true;
  w.sweep_job = 0;
  w.run = memory_start(kCells[0], Why::kSweepT[0], uint32_t(lab.p.seed), lab.p.forget_bias);
}

bool why_sweep_some(RnnLab& lab, double seconds) {
  Why& w = lab.why;
  if (!w.sweeping) return true;
  const double t0 = now();
  while (now() - t0 < seconds) {
    memory_train(w.run, 1);
    if (w.run.steps < Why::kSweepSteps) continue;
    memory_finish(w.run, uint32_t(lab.p.seed));
    const int c = w.sweep_job / 4, t = w.sweep_job % 4;
    w.accuracy[size_t(c)][size_t(t)] = w.run.accuracy;
    w.grad_trained[size_t(c)][size_t(t)] = w.run.grad_trained;
    if (++w.sweep_job == 12) {
      w.sweeping = false;
      return true;
    }
    w.run = memory_start(kCells[w.sweep_job / 4], Why::kSweepT[w.sweep_job % 4], uint32_t(lab.p.seed), lab.p.forget_bias);
  }
  return false;
}

}  // namespace mlpg::ui
