#pragma once
// The λ lab (article §3): polynomial regression trained by gradient descent
// on the course's J(θ) = 1/(2m) Σ (h − y)² + λ/(2m) Σ_{j≥1} θ_j². State and
// logic only; lambda_draw.cpp draws it, lambda_lesson.cpp makes it a lesson.
#include <string>
#include <vector>

#include "core/graph.h"
#include "lesson.h"
#include "training/optim.h"

namespace mlpg::ui {

enum class DescentMode { Batch, MiniBatch, Stochastic };

// Ranges, names and restart rules: the parameter table in lambda_lesson.cpp.
struct LambdaParams {
  int degree = 9;
  double lambda = 0.0;
  double lr = 0.3;
  int mode = 0;  // DescentMode
  int seed = 7;
  int points = 20;  // training points
  double noise = 0.2;
};

struct SweepPoint { double lambda, train_error, val_error, theta_norm; };

struct LambdaLab {
  LambdaParams p;
  // Data: x in [-1, 1], features are Legendre polynomials P_1..P_degree of x.
  std::vector<float> x_train, y_train, x_val, y_val, f_train, f_val;
  Parameter w{"weight", Shape{1, 1}}, b{"bias", Shape{1}, false};
  Graph graph;
  Optimizer opt{sgd(0.3f), {}};  // plain gradient descent on θ = (b, w); rebuilt by lambda_reset
  LambdaLab() = default;
  LambdaLab(const LambdaLab&) = delete;  // opt points at w and b
  std::vector<int> batch_rows;            // scratch, reused every step
  std::vector<float> batch_x, batch_y;    // (no allocation once warmed up)
  uint32_t batch_rng = 1;
  long iteration = 0;
  std::vector<float> history_j, history_val;  // per iteration (capped, decimated)
  std::vector<std::pair<float, float>> path;  // (θ0, θ1) for the contour view
  float last_j = 0, last_sse_term = 0, last_penalty_sum = 0;
  // The learner's own (x, y) from a CSV: used instead of the generated data
  // until they go back (x scaled onto [-1, 1]; 2/3 train, 1/3 validation, seeded).
  std::vector<float> csv_x, csv_y;
  std::string csv_source;
  std::vector<SweepPoint> sweep;
  int sweep_next = -1;  // index of the next λ to sweep, -1 when idle
};

void lambda_reset(LambdaLab& lab);  // new data from the seed, θ = 0
// Runs `steps` gradient-descent updates; stops early (diverged) when the
// cost stops being finite, with θ kept from the last good step.
TrainResult lambda_train(LambdaLab& lab, int steps);
// Continues a λ sweep by one λ value (call each frame while sweep_next >= 0).
void lambda_sweep_step(LambdaLab& lab);
void lambda_start_sweep(LambdaLab& lab);
const std::vector<double>& sweep_lambdas();

// Model values for plots.
float lambda_predict(const LambdaLab& lab, float x);
float lambda_train_error(const LambdaLab& lab);  // 1/(2m) Σ (h − y)² on the training set
float lambda_val_error(const LambdaLab& lab);
float lambda_theta_norm(const LambdaLab& lab);   // ‖θ_1..n‖
// The exact minimum of the course's J(θ) at the current λ (θ0 first, then
// θ1..θd): Eigen's solve of (FᵀF + λ diag(0, 1, ..., 1)) θ = Fᵀy, the bias
// unpenalized, as the course writes J. Where gradient descent is heading.
std::vector<double> lambda_exact(const LambdaLab& lab);
float lambda_predict_with(const LambdaLab& lab, const std::vector<double>& theta, float x);
double lambda_error_with(const LambdaLab& lab, const std::vector<double>& theta, bool validation);
// The sweep's best λ (lowest validation error), or -1 before a sweep.
int lambda_best_sweep(const LambdaLab& lab);
// J(θ0, θ1) of the degree-1 model at a point (contour view).
float lambda_cost_at(const LambdaLab& lab, float theta0, float theta1);
float lambda_target(float x);
// A learner's CSV (x, y); returns the notice (what was read, or why nothing was changed).
std::string lambda_load_csv(LambdaLab& lab, const std::string& name, const std::vector<uint8_t>& bytes);
void lambda_use_generated_data(LambdaLab& lab);

void draw_lambda_lab(LambdaLab& lab, LessonUi& ui);  // lambda_draw.cpp

}  // namespace mlpg::ui
