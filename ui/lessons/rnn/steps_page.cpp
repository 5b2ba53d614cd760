// One cell, step by step: the lab's side of cell_steps.h (when to run the
// cell again, and how far the equations are from the engine).
#include <algorithm>
#include <cmath>

#include "rnn_lab.h"

namespace mlpg::ui {

void steps_refresh(RnnLab& lab) {
  Steps& s = lab.steps;
  const CellKind kind = rnn_cell(lab.p.step_cell);
  if (!s.dirty && s.demo.rnn && s.demo.kind == kind && s.demo.seed == uint32_t(lab.p.seed)) return;
  cell_run(s.demo, kind, utf8_decode(s.text), uint32_t(lab.p.seed));
  s.t = std::clamp(s.t, 0, int(s.demo.steps.size()) - 1);
  s.dirty = false;
}

float steps_max_difference(const RnnLab& lab) {
  float worst = 0;
  for (const CellStep& st : lab.steps.demo.steps)
    for (size_t i = 0; i < st.gates.size(); ++i) worst = std::max(worst, std::fabs(st.gates[i] - st.by_hand[i]));
  return worst;
}

}  // namespace mlpg::ui
