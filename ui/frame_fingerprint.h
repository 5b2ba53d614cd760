// A frame's fingerprint: a 64-bit hash of everything ImGui hands the renderer
// (vertices, indices, draw commands with their clip rectangles and textures,
// the display's size and scale). Two frames with the same fingerprint draw
// the same pixels, so the platform skips drawing the second (an idle page
// then costs the GPU, or SwiftShader's CPU rasteriser, nothing).
#pragma once

#include <cstdint>

struct ImDrawData;

namespace mlpg::ui {

uint64_t frame_fingerprint(const ImDrawData& d);

}  // namespace mlpg::ui
