#include "frame_fingerprint.h"

#include <imgui.h>

#include <cstring>

namespace mlpg::ui {
namespace {

// 8 bytes a step, each word mixed in with a multiply and a rotate (a hash for
// change detection, not for adversaries: a frame's buffers are ~100 KB, and
// this reads them at several GB/s).
struct Hasher {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  void word(uint64_t w) {
    h ^= w * 0xBF58476D1CE4E5B9ull;
    h = (h << 27 | h >> 37) * 0x94D049BB133111EBull;
  }
  void bytes(const void* p, size_t n) {
    const unsigned char* b = static_cast<const unsigned char*>(p);
    word(n);
    for (; n >= 8; n -= 8, b += 8) {
      uint64_t w;
      std::memcpy(&w, b, 8);
      word(w);
    }
    uint64_t tail = 0;
    if (n) std::memcpy(&tail, b, n);  // (an empty buffer's pointer may be null)
    word(tail);
  }
  template <class T>
  void value(const T& v) { bytes(&v, sizeof v); }
};

}  // namespace

uint64_t frame_fingerprint(const ImDrawData& d) {
  Hasher h;
  h.value(d.DisplayPos);
  h.value(d.DisplaySize);
  h.value(d.FramebufferScale);
  h.word(uint64_t(d.CmdListsCount));
  for (int i = 0; i < d.CmdListsCount; ++i) {
    const ImDrawList& l = *d.CmdLists[i];
    h.bytes(l.VtxBuffer.Data, size_t(l.VtxBuffer.Size) * sizeof(ImDrawVert));
    h.bytes(l.IdxBuffer.Data, size_t(l.IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : l.CmdBuffer) {
      h.value(c.ClipRect);
      h.word(uint64_t(reinterpret_cast<uintptr_t>(c.TextureId)));
      h.word(uint64_t(c.VtxOffset) << 32 | c.IdxOffset);
      h.word(c.ElemCount);
      h.word(uint64_t(reinterpret_cast<uintptr_t>(c.UserCallback)));
    }
  }
  return h.h;
}

}  // namespace mlpg::ui
