#pragma once
// App state and the three things a platform may do with it: draw a frame,
// describe the state as JSON, apply a command. Nothing here knows SDL, OpenGL
// or Emscripten; ui/platform_sdl.cpp wires this to a window.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph.h"

namespace mlpg::ui {

// A fixed-capacity ring buffer that plots read in place.
struct RingBuffer {
  std::vector<float> data;
  int head = 0, count = 0;
  explicit RingBuffer(int capacity = 512) : data(size_t(capacity), 0.f) {}
  void push(float v);
  void clear() { head = count = 0; }
  float back() const { return count ? data[size_t((head + int(data.size()) - 1) % int(data.size()))] : 0.f; }
  std::vector<float> ordered() const;  // oldest first
};

// The wiring check: fits y = θ0 + θ1·x to seeded noisy points by full-batch
// gradient descent on the course's J(θ), with the engine's autograd and SGD.
struct WiringDemo {
  int n_points = 64;
  unsigned seed = 7;
  float lr = 0.5f;
  std::vector<float> x;  // n inputs
  std::vector<float> y;  // n targets
  Parameter theta1{"weight", Shape{1, 1}}, theta0{"bias", Shape{1}, false};
  Graph graph;
  int step = 0;
  RingBuffer loss{512};
};
void wiring_reset(WiringDemo& d);
float wiring_step(WiringDemo& d);  // one GD step, returns J(θ) before the step

struct AppState {
  std::string lesson = "home";
  bool running = true;
  WiringDemo demo;
  float fps = 0.f;
  int steps_per_frame = 1;
  std::vector<std::string> notices;
};

void app_init(AppState& app);
void app_update(AppState& app, float dt_seconds);  // training slice for one frame
void app_draw(AppState& app);                        // ImGui calls only
nlohmann::json app_state_json(const AppState& app);
nlohmann::json app_version_json();
// Throws std::invalid_argument with a clear message for a malformed command.
nlohmann::json app_command(AppState& app, const nlohmann::json& cmd);

}  // namespace mlpg::ui
