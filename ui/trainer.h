#pragma once
// Time-sliced training: each frame runs as many steps as fit in a time
// budget, adapting the count from what the last slice cost, so the page stays
// fluid whatever the model's size or the machine's speed. Pure logic: the
// clock is the caller's (tests feed a fake one).
namespace mlpg::ui {

struct SliceBudget {
  double target_seconds = 0.008;  // of a ~16 ms frame, leave the rest to drawing
  int steps = 1;                  // steps to run in the next slice
  int max_steps = 50000;

  // Record that `done` steps took `spent` seconds; choose the next count.
  void adapt(double spent, int done) {
    if (done <= 0) return;
    if (spent <= 0) { steps = steps * 2 > max_steps ? max_steps : steps * 2; return; }
    const double per_step = spent / done;
    double want = target_seconds / per_step;
    // Move at most 2x per frame either way: smooth, and robust to one slow frame.
    if (want > steps * 2.0) want = steps * 2.0;
    if (want < steps * 0.5) want = steps * 0.5;
    int next = int(want);
    if (next < 1) next = 1;
    if (next > max_steps) next = max_steps;
    steps = next;
  }
};

}  // namespace mlpg::ui
