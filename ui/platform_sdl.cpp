// The only file that knows SDL2, OpenGL and Emscripten (with the training
// worker's platform_worker.cpp): it opens a window, runs frames, gives the
// app a clock and a clipboard, keeps the URL hash in step with the app,
// reaches the training worker (a Web Worker in the browser, a thread on the
// desktop), and (in the browser) exports the JS API's C entry points.
// Desktop flags: --frames N (quit after N frames), --screenshot out.png,
// --hash "#lesson=lambda&lang=zh" (open a lesson as a URL would),
// --command '{"inspect":[2,7]}' (a JS API command, after a few frames; repeatable).
#include <SDL.h>
#include <malloc.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "course.h"
#include "app.h"
#include "assets.h"
#include "background.h"
#include "describe.h"
#include "frame_fingerprint.h"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/heap.h>
#include <emscripten/html5.h>
#else
#include <SDL_opengl.h>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#endif

namespace {

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  Uint64 last_ticks = 0;
  long frame = 0;
  long max_frames = -1;        // desktop: quit after this many frames
  std::string screenshot_path;  // desktop: write the last frame here
  bool quit = false;
  bool paste_pending = false;  // desktop: the Paste button was pressed
  std::string start_hash;
  std::vector<std::string> commands;  // desktop: given with --command, applied at frame 5
  std::vector<SDL_Event> deferred_keyups;  // released in the frame they were pressed: handed to ImGui a frame later
  double last_hash_write = 0;
  float pixel_ratio = 1.f, font_scale = 1.f;  // what the fonts were rasterised for
  uint64_t drawn_fingerprint = 0;  // of the last frame drawn
  bool must_draw = true;           // the window changed (or the fonts): draw whatever the fingerprint says
  mlpg::ui::AppState app;
};

Platform g;

#ifndef __EMSCRIPTEN__
// The desktop's training worker: a thread running the same TrainWorker as the
// browser's Web Worker, reached only through messages (two queues).
struct WorkerThread {
  std::mutex mu;
  std::condition_variable wake;
  std::deque<std::vector<uint8_t>> to_worker, from_worker;
  bool quit = false;
  std::thread thread;

  void start() {
    thread = std::thread([this] {
      mlpg::ui::TrainWorker w([this](std::vector<uint8_t> b) {
        std::lock_guard<std::mutex> lock(mu);
        from_worker.push_back(std::move(b));
      });
      for (;;) {
        std::deque<std::vector<uint8_t>> in;
        {
          std::unique_lock<std::mutex> lock(mu);
          if (!w.active()) wake.wait(lock, [&] { return quit || !to_worker.empty(); });
          if (quit) return;
          in.swap(to_worker);
        }
        for (const auto& m : in) w.message(m);
        w.run(0.05);  // then the queue again: a stop is read within a slice
      }
    });
  }
  void post(std::vector<uint8_t> b) {
    std::lock_guard<std::mutex> lock(mu);
    to_worker.push_back(std::move(b));
    wake.notify_one();
  }
  void deliver() {  // on the main thread, at the start of a frame
    std::deque<std::vector<uint8_t>> out;
    {
      std::lock_guard<std::mutex> lock(mu);
      out.swap(from_worker);
    }
    for (auto& m : out) mlpg::ui::background_arrived(std::move(m));
  }
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu);
      quit = true;
      wake.notify_one();
    }
    if (thread.joinable()) thread.join();
  }
};
WorkerThread g_worker;
#endif

#ifndef __EMSCRIPTEN__
bool write_screenshot(const std::string& path, int w, int h) {
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 4), flipped(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  for (int y = 0; y < h; ++y)  // OpenGL's origin is bottom-left
    std::memcpy(&flipped[size_t(y) * size_t(w) * 4], &px[size_t(h - 1 - y) * size_t(w) * 4], size_t(w) * 4);
  return stbi_write_png(path.c_str(), w, h, 4, flipped.data(), w * 4) != 0;
}
#endif

double now_seconds() { return double(SDL_GetPerformanceCounter()) / double(SDL_GetPerformanceFrequency()); }

#ifdef __EMSCRIPTEN__
// The page's side of the URL and the clipboard (web/static/core.js): the
// standalone page keeps its address bar a permalink; an embedded playground
// never touches its host's address.
EM_JS(void, js_replace_hash, (const char* hash), {
  if (Module.onHashChange) Module.onHashChange(UTF8ToString(hash));
});
EM_JS(void, js_copy_link, (const char* hash), {
  const url = (Module.linkBase || "") + UTF8ToString(hash);
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
});
EM_JS(void, js_copy_plain, (const char* text), {
  const t = UTF8ToString(text);
  if (navigator.clipboard) navigator.clipboard.writeText(t).catch(() => {});
});
EM_JS(char*, js_page_string, (int which), {
  const v = String((which === 0 ? Module.startHash : Module.pageBase) || "");
  const n = lengthBytesUTF8(v) + 1;
  const p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
std::string page_string(int which) {  // 0: the hash to open, 1: where the playground is served
  char* v = js_page_string(which);
  std::string s = v;
  std::free(v);
  return s;
}
// Events for an embedding host (embed.h), as one JSON array per frame.
EM_JS(void, js_emit_events, (const char* json), {
  if (Module.onEvents) Module.onEvents(UTF8ToString(json));
});
void emit_events() {
  if (g.app.embed.outbox.empty()) return;
  const std::string text = nlohmann::json(g.app.embed.outbox).dump();
  g.app.embed.outbox.clear();
  js_emit_events(text.c_str());
}

// Assets: web/playground.js fetches them with progress and the Cache API,
// then calls back mlpg_asset_progress / mlpg_asset_data / mlpg_asset_failed.
EM_JS(void, js_fetch_asset, (const char* path), { Module.fetchAsset(UTF8ToString(path)); });
EM_JS(void, js_evict_asset, (const char* path), { Module.evictAsset(UTF8ToString(path)); });
// Files: the page's file picker (and drops on the page) call mlpg_file_opened;
// a saved file becomes a download.
EM_JS(void, js_pick_file, (), { Module.pickFile(); });
EM_JS(void, js_paste_file, (), { Module.pasteFile(); });
// This page's local storage (the course map's tried marks, the display
// settings): never sent anywhere; a sandboxed frame may refuse it.
EM_JS(char*, js_load_local, (const char* key), {
  let v = "";
  try { v = window.localStorage.getItem(UTF8ToString(key)) || ""; } catch (e) {}
  const n = lengthBytesUTF8(v) + 1;
  const p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
EM_JS(void, js_save_local, (const char* key, const char* v), {
  try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(v)); } catch (e) {}
});
std::string load_local(const char* key) {
  char* v = js_load_local(key);
  std::string s = v;
  std::free(v);
  return s;
}
// The system's settings the layout follows: bit 0 a touch screen, bit 1 reduced motion.
EM_JS(int, js_media_flags, (), {
  const m = (q) => !!(window.matchMedia && window.matchMedia(q).matches);
  return (m("(pointer: coarse)") ? 1 : 0) | (m("(prefers-reduced-motion: reduce)") ? 2 : 0);
});
// The training worker (web/playground.js starts it; 0 when the page cannot).
EM_JS(int, js_start_worker, (), { return Module.startWorker ? Module.startWorker() : 0; });
EM_JS(void, js_post_worker, (const uint8_t* bytes, int size), { Module.postToWorker(HEAPU8.slice(bytes, bytes + size)); });
EM_JS(void, js_save_file, (const char* name, const uint8_t* bytes, int size), {
  Module.saveFile(UTF8ToString(name), HEAPU8.slice(bytes, bytes + size));
});

// Keep the SDL window the size of the canvas's CSS box (the page lays it out).
void follow_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  int w = 0, h = 0;
  SDL_GetWindowSize(g.window, &w, &h);
  if (css_w > 0 && css_h > 0 && (int(css_w) != w || int(css_h) != h))
    SDL_SetWindowSize(g.window, int(css_w), int(css_h));
}
#endif

void frame() {
  const double work_start = now_seconds();
#ifdef __EMSCRIPTEN__
  follow_canvas_size();
#endif
#ifndef __EMSCRIPTEN__
  g_worker.deliver();
  if (g.paste_pending) {  // the clipboard's text, as a file named pasted.csv
    g.paste_pending = false;
    if (char* text = SDL_GetClipboardText()) {
      const std::string s = text;
      SDL_free(text);
      mlpg::ui::app_file_opened(g.app, "pasted.csv", std::vector<uint8_t>(s.begin(), s.end()));
    }
  }
#endif
  // ImGui 1.86 reads a key as held at the start of a frame: a key pressed
  // and released between two frames (a quick tap on a slow frame, any
  // scripted key) would never be seen. Such a release waits for the next frame.
  for (SDL_Event& e : g.deferred_keyups) ImGui_ImplSDL2_ProcessEvent(&e);
  g.deferred_keyups.clear();
  std::vector<SDL_Scancode> pressed_now;
  SDL_Event e;
  while (SDL_PollEvent(&e)) {
    if (e.type == SDL_KEYDOWN) pressed_now.push_back(e.key.keysym.scancode);
    if (e.type == SDL_KEYUP && std::find(pressed_now.begin(), pressed_now.end(), e.key.keysym.scancode) != pressed_now.end()) {
      g.deferred_keyups.push_back(e);
      continue;
    }
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_QUIT) g.quit = true;
    if (e.type == SDL_WINDOWEVENT) g.must_draw = true;  // exposed, resized, moved: the window's pixels may be gone
#ifndef __EMSCRIPTEN__
    if (e.type == SDL_DROPFILE) {  // a file dropped on the window: to the current lesson
      const std::string path = e.drop.file;
      SDL_free(e.drop.file);
      if (FILE* f = std::fopen(path.c_str(), "rb")) {
        std::vector<uint8_t> bytes;
        unsigned char buf[65536];
        for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.insert(bytes.end(), buf, buf + n);
        std::fclose(f);
        mlpg::ui::app_file_opened(g.app, path.substr(path.find_last_of("/\\") + 1), bytes);
      }
    }
#endif
  }
  const Uint64 now = SDL_GetPerformanceCounter();
  const double dt = g.last_ticks ? double(now - g.last_ticks) / double(SDL_GetPerformanceFrequency()) : 0.0;
  g.last_ticks = now;

#ifdef __EMSCRIPTEN__
  if (g.frame % 30 == 0) {  // the system's settings change rarely; a media query per frame would be waste
    const int media = js_media_flags();
    g.app.screen.coarse_pointer = media & 1;
    g.app.screen.reduced_motion = media & 2;
    // A window moved to a screen of another pixel ratio (or a browser zoom):
    // the canvas's backing store follows, and the fonts are rasterised again.
    const float ratio = float(emscripten_get_device_pixel_ratio());
    if (ratio > 0.5f && ratio != g.pixel_ratio) {
      g.pixel_ratio = ratio;
      g.app.fonts_changed = true;
      int w = 0, h = 0;
      SDL_GetWindowSize(g.window, &w, &h);
      SDL_SetWindowSize(g.window, w, h);  // SDL reads the ratio again here
    }
  }
#endif
  // A new text size (or a new font): the fonts are rasterised again (sharp, not scaled).
  if (g.app.display.text_scale != g.font_scale || g.app.fonts_changed) {
    g.font_scale = g.app.display.text_scale;
    g.app.fonts_changed = false;
    mlpg::ui::app_setup_fonts(g.pixel_ratio, g.font_scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    g.must_draw = true;
  }
  mlpg::ui::app_update(g.app, dt);
  // The address bar is a permalink: rewrite the hash, at most ~3 times a second.
  if (g.app.url_dirty && now_seconds() - g.last_hash_write > 0.3) {
#ifdef __EMSCRIPTEN__
    js_replace_hash(mlpg::ui::app_hash(g.app).c_str());
#endif
    g.app.url_dirty = false;
    g.last_hash_write = now_seconds();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  mlpg::ui::app_draw(g.app);
  ImGui::Render();
  // A frame that would draw the same pixels as the last one drawn is not
  // drawn: the canvas (or window) keeps showing them (a WebGL canvas not
  // drawn to in a frame is not composited again). An idle page then costs
  // the GPU nothing; without one, Chromium's SwiftShader rasterised every
  // frame on the CPU. The desktop's screenshot frame is always drawn.
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(g.window, &w, &h);
  const uint64_t print = mlpg::ui::frame_fingerprint(*ImGui::GetDrawData()) ^ (uint64_t(uint32_t(w)) << 32 | uint32_t(h));
  const bool last_frame = g.max_frames > 0 && g.frame + 1 >= g.max_frames;
  const bool draw = g.must_draw || print != g.drawn_fingerprint || last_frame;
  mlpg::ui::app_record_frame_work(g.app, (now_seconds() - work_start) * 1000.0, draw);
#ifdef __EMSCRIPTEN__
  emit_events();
#endif
  if (draw) {
    glViewport(0, 0, w, h);
    glClearColor(0.11f, 0.12f, 0.15f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    g.drawn_fingerprint = print;
    g.must_draw = false;
  }
  ++g.frame;
#ifndef __EMSCRIPTEN__
  if (g.frame == 5)
    for (const std::string& c : g.commands) {
      try {
        mlpg::ui::app_command(g.app, nlohmann::json::parse(c));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "--command %s: %s\n", c.c_str(), e.what());
        std::exit(2);
      }
    }
#endif
#ifndef __EMSCRIPTEN__
  if (g.max_frames > 0 && g.frame >= g.max_frames) {
    if (!g.screenshot_path.empty()) {
      if (!write_screenshot(g.screenshot_path, w, h)) {
        std::fprintf(stderr, "could not write screenshot %s\n", g.screenshot_path.c_str());
        std::exit(1);
      }
      std::printf("screenshot: %s (%dx%d)\n", g.screenshot_path.c_str(), w, h);
    }
    g.quit = true;
  }
#endif
  if (draw) SDL_GL_SwapWindow(g.window);
}

void parse_args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--frames" && i + 1 < argc) {
      g.max_frames = std::strtol(argv[++i], nullptr, 10);
      if (g.max_frames <= 0) { std::fprintf(stderr, "--frames needs a positive number\n"); std::exit(2); }
    } else if (a == "--screenshot" && i + 1 < argc) {
      g.screenshot_path = argv[++i];
    } else if (a == "--hash" && i + 1 < argc) {
      g.start_hash = argv[++i];
    } else if (a == "--command" && i + 1 < argc) {
      g.commands.push_back(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--frames N] [--screenshot out.png] [--hash \"#lesson=lambda\"] [--command JSON]...\n", argv[0]);
      std::exit(2);
    }
  }
  if (!g.screenshot_path.empty() && g.max_frames <= 0) g.max_frames = 10;
}

}  // namespace

#ifdef __EMSCRIPTEN__
// Size (a host page loads the app in under 1 MiB gzipped, tests/e2e/embed_test.mjs):
// SDL's software blitters, about 200 KB of wasm code, are reached only through
// SDL_BlitSurface/SDL_ConvertSurface (custom cursors, window icons), which the
// browser app never uses: OpenGL draws everything and the cursors are the
// browser's. Defining SDL's internal SDL_CalculateBlit here (SDL_blit.h, the
// one function that reaches the blitter tables) keeps SDL_blit.o and the
// blitters out of the link; wasm-ld would report a duplicate symbol if anything
// else pulled SDL_blit.o in. A blit, should one ever run, fails with this error.
extern "C" int SDL_CalculateBlit(SDL_Surface*) {
  return SDL_SetError("SDL blits are not linked into the web app (ui/platform_sdl.cpp)");
}

// C entry points for web/playground.js. Each returns JSON text that stays
// valid until the next call: {"ok":true,"result":...} or {"ok":false,"error":"..."}.
static std::string g_reply;
static const char* reply(const nlohmann::json& j) { g_reply = j.dump(); return g_reply.c_str(); }

extern "C" {
EMSCRIPTEN_KEEPALIVE const char* mlpg_version_json() {
  return reply({{"ok", true}, {"result", mlpg::ui::app_version_json()}});
}
EMSCRIPTEN_KEEPALIVE const char* mlpg_state_json() {
  return reply({{"ok", true}, {"result", mlpg::ui::app_state_json(g.app)}});
}
// The page in words (describe.h), for the screen reader's mirror.
EMSCRIPTEN_KEEPALIVE const char* mlpg_describe_json() {
  return reply({{"ok", true}, {"result", mlpg::ui::app_describe(g.app)}});
}
EMSCRIPTEN_KEEPALIVE void mlpg_apply_hash(const char* hash) { mlpg::ui::app_apply_hash(g.app, hash); }
EMSCRIPTEN_KEEPALIVE void mlpg_asset_progress(const char* path, double loaded, double total) {
  mlpg::ui::asset_progress(path, size_t(loaded), size_t(total));
}
// Takes the bytes the page put in the heap with malloc (and frees them).
EMSCRIPTEN_KEEPALIVE void mlpg_asset_data(const char* path, uint8_t* bytes, int size, int from_cache) {
  std::vector<uint8_t> v(bytes, bytes + (size > 0 ? size : 0));
  std::free(bytes);
  mlpg::ui::asset_arrived(path, std::move(v), from_cache != 0);
}
EMSCRIPTEN_KEEPALIVE void mlpg_asset_failed(const char* path, const char* error) { mlpg::ui::asset_failed(path, error); }
// A file the learner picked or dropped on the page (bytes malloc'ed by the page, freed here).
EMSCRIPTEN_KEEPALIVE void mlpg_file_opened(const char* name, uint8_t* bytes, int size) {
  std::vector<uint8_t> v(bytes, bytes + (size > 0 ? size : 0));
  std::free(bytes);
  mlpg::ui::app_file_opened(g.app, name, v);
}
// A file the page would not copy into the heap (too large, or malloc had no memory: size -1).
EMSCRIPTEN_KEEPALIVE void mlpg_file_refused(const char* name, double size) { mlpg::ui::app_file_refused(g.app, name, size); }
EMSCRIPTEN_KEEPALIVE double mlpg_max_file_bytes() { return mlpg::ui::kMaxFileBytes; }
// A message from the training worker (bytes malloc'ed by the page, freed here), or its failure.
EMSCRIPTEN_KEEPALIVE void mlpg_worker_message(uint8_t* bytes, int size) {
  std::vector<uint8_t> v(bytes, bytes + (size > 0 ? size : 0));
  std::free(bytes);
  mlpg::ui::background_arrived(std::move(v));
}
EMSCRIPTEN_KEEPALIVE void mlpg_worker_failed(const char* why) { mlpg::ui::background_failed(why); }
EMSCRIPTEN_KEEPALIVE const char* mlpg_command_json(const char* text) {
  try {
    auto cmd = nlohmann::json::parse(text);
    const nlohmann::json result = mlpg::ui::app_command(g.app, cmd);
    emit_events();
    return reply({{"ok", true}, {"result", result}});
  } catch (const mlpg::ui::StateError& e) {
    return reply({{"ok", false}, {"error", e.what()}, {"code", e.code}});
  } catch (const nlohmann::json::exception& e) {
    return reply({{"ok", false}, {"error", std::string("malformed command JSON: ") + e.what()}});
  } catch (const std::exception& e) {
    return reply({{"ok", false}, {"error", e.what()}});
  }
}
}
#endif

int main(int argc, char** argv) {
  parse_args(argc, argv);
#ifdef __EMSCRIPTEN__
  // Keys reach the app only while the canvas has the focus: a course page's
  // text fields, and the page around an embedded playground, keep their keys.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
#endif
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* glsl = "#version 300 es";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
  const char* glsl = "#version 130";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  g.window = SDL_CreateWindow("WASM ML Playground", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              1280, 800, SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!g.window) { std::fprintf(stderr, "SDL_CreateWindow failed: %s\n", SDL_GetError()); return 1; }
  g.gl = SDL_GL_CreateContext(g.window);
  if (!g.gl) { std::fprintf(stderr, "OpenGL context failed: %s\n", SDL_GetError()); return 1; }
  SDL_GL_MakeCurrent(g.window, g.gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini: every start is the same
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // every control reachable without a mouse
  ImGui_ImplSDL2_InitForOpenGL(g.window, g.gl);
  ImGui_ImplOpenGL3_Init(glsl);
#ifdef __EMSCRIPTEN__
  const float ratio = float(emscripten_get_device_pixel_ratio());
#else
  const float ratio = 1.f;
#endif
  g.pixel_ratio = ratio > 0.5f ? ratio : 1.f;

  g.app.clock = now_seconds;
  g.app.memory = [] {
#ifdef __EMSCRIPTEN__
    const struct mallinfo m = mallinfo();  // dlmalloc's: the wasm heap never shrinks, in_use does
    return mlpg::ui::AppState::Memory{double(emscripten_get_heap_size()), double(m.uordblks)};
#else
    const struct mallinfo2 m = mallinfo2();
    return mlpg::ui::AppState::Memory{double(m.arena + m.hblkhd), double(m.uordblks + m.hblkhd)};
#endif
  };
#ifdef __EMSCRIPTEN__
  g.app.copy_text = [](const std::string& hash) { js_copy_link(hash.c_str()); };
  g.app.copy_plain = [](const std::string& text) { js_copy_plain(text.c_str()); };
  mlpg::ui::set_asset_fetcher([](const std::string& path) { js_fetch_asset(path.c_str()); },
                              [](const std::string& path) { js_evict_asset(path.c_str()); });
  mlpg::ui::set_paste_service([] { js_paste_file(); });
  mlpg::ui::set_file_services([] { js_pick_file(); }, [](const std::string& name, const std::vector<uint8_t>& bytes) {
    js_save_file(name.c_str(), bytes.data(), int(bytes.size()));
  });
  mlpg::ui::set_course_store([] { return load_local("mlpg-tried"); },
                             [](const std::string& v) { js_save_local("mlpg-tried", v.c_str()); });
  mlpg::ui::set_display_store([] { return load_local("mlpg-display"); },
                              [](const std::string& v) { js_save_local("mlpg-display", v.c_str()); });
  if (js_start_worker())
    mlpg::ui::set_background_service([](std::vector<uint8_t> b) { js_post_worker(b.data(), int(b.size())); });
  g.start_hash = page_string(0);
  g.app.page_base = page_string(1);
#else
  g.app.copy_text = [](const std::string& hash) { SDL_SetClipboardText(hash.c_str()); };
  g.app.copy_plain = [](const std::string& text) { SDL_SetClipboardText(text.c_str()); };
  mlpg::ui::set_paste_service([] { g.paste_pending = true; });  // read at the next frame, not in the middle of a draw
  g_worker.start();
  mlpg::ui::set_background_service([](std::vector<uint8_t> b) { g_worker.post(std::move(b)); });
#endif
  g.app.display = mlpg::ui::load_display_settings();
  g.font_scale = g.app.display.text_scale;
  mlpg::ui::app_setup_fonts(g.pixel_ratio, g.font_scale);
#ifdef __EMSCRIPTEN__
  const int media = js_media_flags();  // before the first lesson opens: reduced motion keeps it paused
  g.app.screen.coarse_pointer = media & 1;
  g.app.screen.reduced_motion = media & 2;
#endif
  mlpg::ui::app_init(g.app);
  if (!g.start_hash.empty()) mlpg::ui::app_apply_hash(g.app, g.start_hash);

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop(frame, 0, false);
  EM_ASM({ if (Module.onAppReady) Module.onAppReady(); });
#else
  while (!g.quit) frame();
  mlpg::ui::set_background_service(nullptr);
  g_worker.stop();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(g.gl);
  SDL_DestroyWindow(g.window);
  SDL_Quit();
#endif
  return 0;
}
