// App state, updates and the command/state JSON interface (no drawing here).
#include <cmath>
#include <random>
#include <stdexcept>

#include "app.h"
#include "kernels/kernels.h"
#include "loss.h"
#include "version.h"

namespace mlpg::ui {

using nlohmann::json;

void RingBuffer::push(float v) {
  data[size_t(head)] = v;
  head = (head + 1) % int(data.size());
  if (count < int(data.size())) ++count;
}

std::vector<float> RingBuffer::ordered() const {
  std::vector<float> out;
  out.reserve(size_t(count));
  const int cap = int(data.size());
  for (int i = 0; i < count; ++i) out.push_back(data[size_t((head - count + i + cap) % cap)]);
  return out;
}

void wiring_reset(WiringDemo& d) {
  std::mt19937 rng(d.seed);
  std::uniform_real_distribution<float> ux(-1.f, 1.f);
  std::normal_distribution<float> noise(0.f, 0.1f);
  d.x.resize(size_t(d.n_points));
  d.y.resize(size_t(d.n_points));
  for (int i = 0; i < d.n_points; ++i) {
    d.x[size_t(i)] = ux(rng);
    d.y[size_t(i)] = 0.5f + 2.0f * d.x[size_t(i)] + noise(rng);
  }
  d.theta0.value[0] = d.theta1.value[0] = 0.f;
  d.step = 0;
  d.loss.clear();
}

float wiring_step(WiringDemo& d) {
  const int m = d.n_points;
  Graph& g = d.graph;
  g.clear();
  // h = θ0 + θ1·x;  J(θ) = 1/(2m) Σ (h − y)²
  Var h = add(matmul(g.input(Shape{m, 1}, d.x.data()), g.param(d.theta1), false, true), g.param(d.theta0));
  Var j = mse_course(h, g.input(Shape{m, 1}, d.y.data()));
  d.theta0.grad[0] = d.theta1.grad[0] = 0.f;
  g.backward(j);
  d.theta0.value[0] -= d.lr * d.theta0.grad[0];  // plain gradient descent
  d.theta1.value[0] -= d.lr * d.theta1.grad[0];
  ++d.step;
  const float cost = j->value.data[0];
  d.loss.push(cost);
  return cost;
}

void app_init(AppState& app) { wiring_reset(app.demo); }

void app_update(AppState& app, float dt_seconds) {
  if (dt_seconds > 0.f) app.fps = 0.9f * app.fps + 0.1f / dt_seconds;
  if (!app.running) return;
  for (int i = 0; i < app.steps_per_frame; ++i) wiring_step(app.demo);
}

json app_version_json() {
  return {{"version", engine_version()}, {"kernels", kernels::active_kernels().name}};
}

json app_state_json(const AppState& app) {
  const auto& d = app.demo;
  return {
      {"lesson", app.lesson},
      {"params", {{"lr", d.lr}, {"seed", d.seed}, {"points", d.n_points}}},
      {"running", app.running},
      {"step", d.step},
      {"metrics", {{"loss", d.loss.back()}, {"theta", {d.theta0.value[0], d.theta1.value[0]}}}},
      {"history", {{"train_loss", d.loss.ordered()}}},
      {"fps", app.fps},
      {"kernels", kernels::active_kernels().name},
      {"notices", app.notices},
  };
}

namespace {
const char* kKnownLessons[] = {"home"};

void require(bool ok, const std::string& msg) {
  if (!ok) throw std::invalid_argument(msg);
}
}  // namespace

json app_command(AppState& app, const json& cmd) {
  require(cmd.is_object(), "command must be an object, e.g. {run: true}");
  require(!cmd.empty(), "empty command: expected one of lesson, train, run, reset");
  json result = json::object();
  for (const auto& [key, value] : cmd.items()) {
    if (key == "run") {
      require(value.is_boolean(), "run expects true or false");
      app.running = value.get<bool>();
    } else if (key == "reset") {
      require(value.is_boolean(), "reset expects true");
      if (value.get<bool>()) wiring_reset(app.demo);
    } else if (key == "train") {
      require(value.is_number_integer() && value.get<long long>() >= 0 && value.get<long long>() <= 100000,
              "train expects a whole number of steps between 0 and 100000");
      float last = 0.f;
      for (long long i = 0; i < value.get<long long>(); ++i) last = wiring_step(app.demo);
      result["loss"] = last;
      result["step"] = app.demo.step;
    } else if (key == "lesson") {
      require(value.is_string(), "lesson expects a lesson id string");
      bool known = false;
      for (const char* id : kKnownLessons) known = known || value.get<std::string>() == id;
      require(known, "unknown lesson '" + value.get<std::string>() + "' (available: home)");
      app.lesson = value.get<std::string>();
    } else if (key == "params") {
      require(value.is_object(), "params expects an object");
      for (const auto& [pk, pv] : value.items()) {
        require(pk == "lr", "unknown parameter '" + pk + "' for lesson " + app.lesson);
        require(pv.is_number() && std::isfinite(pv.get<double>()) && pv.get<double>() > 0 && pv.get<double>() <= 1.9,
                "lr must be a number in (0, 1.9]");
        app.demo.lr = pv.get<float>();
      }
    } else {
      throw std::invalid_argument("unknown command '" + key +
                                  "' (expected lesson, params, train, run or reset)");
    }
  }
  result["ok"] = true;
  return result;
}

}  // namespace mlpg::ui
