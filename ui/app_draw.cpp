// Draws the app with ImGui from plain state. No platform code here.
#include <cstdio>

#include <imgui.h>

#include "app.h"
#include "kernels/kernels.h"
#include "version.h"

namespace mlpg::ui {

void app_draw(AppState& app) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 20, vp->WorkPos.y + 20), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(520, 420), ImGuiCond_FirstUseEver);
  ImGui::Begin("WASM ML Playground");
  ImGui::Text("Engine %s", engine_version());
  ImGui::Text("Kernels: %s", kernels::active_kernels().name);
  ImGui::Text("%.0f fps", app.fps);
  ImGui::Separator();

  WiringDemo& d = app.demo;
  ImGui::TextWrapped("Live check: gradient descent fits y = t0 + t1*x to %d noisy points, "
                     "minimising J = 1/(2m) sum (h - y)^2 with the engine's autograd.", d.n_points);
  if (ImGui::Button(app.running ? "Pause" : "Play")) app.running = !app.running;
  ImGui::SameLine();
  if (ImGui::Button("Step")) wiring_step(d);
  ImGui::SameLine();
  if (ImGui::Button("Reset")) wiring_reset(d);
  ImGui::SliderFloat("learning rate", &d.lr, 0.01f, 1.9f, "%.2f", ImGuiSliderFlags_Logarithmic);
  ImGui::Text("step %d   J = %.5f   t0 = %.3f   t1 = %.3f", d.step, d.loss.back(), d.theta0.value[0], d.theta1.value[0]);

  const auto loss = d.loss.ordered();
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "J(theta) = %.4f", d.loss.back());
  ImGui::PlotLines("##loss", loss.data(), int(loss.size()), 0, overlay, 0.f, FLT_MAX,
                   ImVec2(ImGui::GetContentRegionAvail().x, 180));
  ImGui::End();
}

}  // namespace mlpg::ui
