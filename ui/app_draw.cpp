// Draws the app with ImGui from plain state: the top bar, notices and the
// current lesson (which draws itself). No platform code here.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "app.h"
#include "fonts.h"
#include "kernels/kernels.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

// Every lesson's label for the bar and the menu: its short name when it has one.
const char* lesson_label(Lang L, const LessonInfo& l, bool* has_short = nullptr) {
  const std::string short_key = std::string(l.title_key) + ".short";
  const bool s = has_string(short_key);
  if (has_short) *has_short = s;
  return tr(L, s ? std::string_view(short_key) : std::string_view(l.title_key));
}

// Speed, share, text size, contrast, shortcuts: in a "More" menu when the
// bar is too narrow for them, else on the bar (speed, share) and in "View".
void draw_view_items(AppState& app) {
  const Lang L = app.lang;
  const float h = app.layout.touch ? ImGui::GetFrameHeight() : 0.f;  // finger-sized rows in the touch layout
  ImGui::TextUnformatted(tr(L, "view.text_size"));
  for (int pct = 100; pct <= 200; pct += 25) {
    char label[16];
    std::snprintf(label, sizeof label, "%d%%", pct);
    if (ImGui::Selectable(label, int(app.display.text_scale * 100 + 0.5f) == pct, 0, ImVec2(0, h)))
      app_set_display(app, {{"text", pct / 100.0}});
  }
  ImGui::Separator();
  if (ImGui::Selectable(tr(L, "view.high_contrast"), app.display.high_contrast, 0, ImVec2(0, h)))
    app_set_display(app, {{"contrast", app.display.high_contrast ? "normal" : "high"}});
  if (ImGui::Selectable(tr(L, "view.shortcuts"), false, 0, ImVec2(0, h))) app.show_help = true;
}

void draw_speed(AppState& app, float width) {
  const Lang L = app.lang;
  const char* speeds[] = {tr(L, "app.speed.slow"), tr(L, "app.speed.normal"), tr(L, "app.speed.fast")};
  ImGui::SetNextItemWidth(width);
  ImGui::Combo("##speed", &app.speed, speeds, 3);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(L, "app.speed"));
}

void share(AppState& app) {
  app.copy_text(app_hash(app));
  app.copied_at = app.clock();
}

// Embed: the snippet that puts this lesson, as it is set now, into a course page.
void embed_button(AppState& app) {
  if (ImGui::Button(tr(app.lang, "app.embed"))) {
    app.copy_plain(embed_snippet(app, app.page_base));
    app.show_snippet = true;
  }
  record_item_rect("embed");
}

void draw_snippet_window(AppState& app) {
  if (!app.show_snippet) return;
  const Lang L = app.lang;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(640.f * app.display.text_scale, vp->WorkSize.x - 16), 0));
  ImGui::SetNextWindowBgAlpha(1.f);
  if (ImGui::Begin(tr(L, "embed.title"), &app.show_snippet,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    text_wrapped(tr(L, "embed.howto"));
    const std::string snippet = embed_snippet(app, app.page_base);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 213, 79, 255));
    ImGui::TextWrapped("%s", snippet.c_str());
    ImGui::PopStyleColor();
    text_wrapped(tr(L, "embed.copied"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    if (ImGui::Button(tr(L, "help.close"))) app.show_snippet = false;
    record_item_rect("embed.close");
  }
  ImGui::End();
}

// An embedded playground's bar: the lesson's title and the language only
// (the course page chose the lesson).
void draw_minimal_bar(AppState& app) {
  if (!ImGui::BeginMainMenuBar()) return;
  ImGui::TextUnformatted(tr(app.lang, find_lesson(app.lesson)->title_key));
  ImGui::Separator();
  if (ImGui::Button(tr(app.lang, "app.language"))) {
    app.lang = app.lang == Lang::En ? Lang::Zh : Lang::En;
    app.url_dirty = true;
  }
  record_item_rect("language");
  ImGui::EndMainMenuBar();
}

// The host's goals for this lesson, with the learner's progress towards them.
void draw_goals(AppState& app) {
  const Lang L = app.lang;
  for (size_t i = 0; i < app.embed.goals.size(); ++i) {
    const Goal& g = app.embed.goals[i];
    if (g.lesson != app.lesson) continue;
    char b[300];
    std::snprintf(b, sizeof b, tr(L, g.below ? "embed.goal.below" : "embed.goal.above"), g.metric.c_str(), g.threshold);
    std::string text = b;
    if (!g.within_key.empty()) {
      std::snprintf(b, sizeof b, tr(L, g.within_key == "epoch" ? "embed.goal.within_epochs" : "embed.goal.within_steps"), g.within);
      text += b;
    }
    ImGui::PushID(int(i));
    const float p = float(goal_progress(g));
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, g.reached ? IM_COL32(86, 180, 233, 255) : IM_COL32(230, 159, 0, 255));
    std::snprintf(b, sizeof b, tr(L, "embed.goal.now"), g.value);
    ImGui::ProgressBar(p, ImVec2(std::min(200.f * app.display.text_scale, ImGui::GetContentRegionAvail().x * 0.4f), 0),
                       g.seen ? b : "");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (g.reached) text += "  " + std::string(tr(L, "embed.goal.reached"));
    else if (g.missed) text += "  " + std::string(tr(L, "embed.goal.missed"));
    text_wrapped(text.c_str(), g.reached ? IM_COL32(150, 230, 150, 255) : ImGui::GetColorU32(ImGuiCol_Text));
    ImGui::PopID();
  }
}

// A menu on the bar as a button that opens a popup under it: as tall as any
// button (a finger's size in the touch layout), where ImGui's own menu items are a line high.
bool bar_menu(const char* label, const char* rect_name) {
  const bool clicked = ImGui::Button(label);
  record_item_rect(rect_name);
  const std::string id = std::string(rect_name) + "-popup";
  if (clicked) ImGui::OpenPopup(id.c_str());
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y), ImGuiCond_Appearing);
  return ImGui::BeginPopup(id.c_str());
}

void draw_top_bar(AppState& app) {
  const Lang L = app.lang;
  if (!ImGui::BeginMainMenuBar()) return;
  const ImGuiStyle& st = ImGui::GetStyle();
  // Does every lesson's button fit on the bar? If not, they go into a menu.
  float need = ImGui::CalcTextSize(tr(L, "app.title")).x + ImGui::CalcTextSize(tr(L, "app.language")).x +
               ImGui::CalcTextSize(tr(L, "app.share")).x + 220 * app.display.text_scale;
  for (const LessonInfo* l : lessons()) need += ImGui::CalcTextSize(lesson_label(L, *l)).x + st.FramePadding.x * 2 + st.ItemSpacing.x;
  const bool compact = need > ImGui::GetMainViewport()->Size.x;
  const float touch_h = app.layout.touch ? ImGui::GetFrameHeight() : 0.f;
  if (compact) {
    if (bar_menu(tr(L, "app.menu"), "menu")) {
      for (const LessonInfo* l : lessons()) {
        if (ImGui::Selectable(tr(L, l->title_key), app.lesson == l->id, 0, ImVec2(0, touch_h))) app_open_lesson(app, l->id);
        record_item_rect(std::string("menu.") + l->id);
      }
      ImGui::EndPopup();
    }
    const char* title = tr(L, find_lesson(app.lesson)->title_key);
    ImGui::TextDisabled("%s", lesson_label(L, *find_lesson(app.lesson)));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", title);
  } else {
    ImGui::TextUnformatted(tr(L, "app.title"));
    ImGui::Separator();
    for (const LessonInfo* l : lessons()) {  // the home page first, then every lesson
      const bool current = app.lesson == l->id;
      if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      bool has_short = false;
      if (ImGui::Button(lesson_label(L, *l, &has_short))) app_open_lesson(app, l->id);  // the full title on hover
      if (has_short && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(L, l->title_key));
      if (current) ImGui::PopStyleColor();
    }
    ImGui::Separator();
  }
  // The language button stays on the bar at any width: a learner who cannot
  // read the current language must find it.
  if (ImGui::Button(tr(L, "app.language"))) {
    app.lang = L == Lang::En ? Lang::Zh : Lang::En;
    app.url_dirty = true;
  }
  record_item_rect("language");
  if (compact) {
    if (bar_menu(tr(L, "app.more"), "more")) {
      ImGui::TextUnformatted(tr(L, "app.speed"));
      draw_speed(app, 160 * app.display.text_scale);
      if (ImGui::Button(tr(L, "app.share"))) share(app);
      embed_button(app);
      ImGui::Separator();
      draw_view_items(app);
      ImGui::EndPopup();
    }
  } else {
    draw_speed(app, 90 * app.display.text_scale);
    if (ImGui::Button(tr(L, "app.share"))) share(app);
    embed_button(app);
    if (ImGui::BeginMenu(tr(L, "app.view"))) {
      draw_view_items(app);
      ImGui::EndMenu();
    }
  }
  if (app.clock() - app.copied_at < 2.0) ImGui::TextUnformatted(tr(L, "app.copied"));
  char stats[160];
  std::snprintf(stats, sizeof stats, "%.0f fps  %.0f %s  %s", double(app.fps_shown), double(app.steps_per_s_shown),
                tr(L, "app.steps_per_s"), kernels::active_kernels().name);
  ImGui::SameLine();
  const float x = ImGui::GetWindowWidth() - ImGui::CalcTextSize(stats).x - 16;
  if (x > ImGui::GetCursorPosX()) {  // only when it fits (narrow screens skip it)
    ImGui::SetCursorPosX(x);
    ImGui::TextDisabled("%s", stats);
  }
  ImGui::EndMainMenuBar();
}

// The keyboard: shortcuts from typed characters (so no key codes reach this
// file), only while no text field takes the keys. The platform sends keys
// only while the playground has the focus (the page's other fields keep theirs).
void handle_shortcuts(AppState& app) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (app.show_help && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) app.show_help = false;
  const std::vector<const LessonInfo*>& all = lessons();
  const bool can_switch = !app.embed.active || app.embed.chrome == Chrome::Full;  // an embedded lesson stays the course page's
  auto index_of_current = [&] {
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i]->id == app.lesson) return int(i);
    return 0;
  };
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const ImWchar c = io.InputQueueCharacters[i];
    const bool trains = find_lesson(app.lesson)->trains;
    if ((c == 'p' || c == 'P') && trains) app.running = !app.running;
    else if ((c == 's' || c == 'S') && trains) app_train(app, 1);
    else if ((c == 'r' || c == 'R') && trains) current_lesson(app).reset();
    else if ((c == '[' || c == ']') && can_switch) {
      const int n = int(all.size());
      app_open_lesson(app, all[size_t((index_of_current() + (c == ']' ? 1 : n - 1)) % n)]->id);
    } else if (c >= '0' && c <= '9' && size_t(c - '0') < all.size() && can_switch) app_open_lesson(app, all[size_t(c - '0')]->id);
    else if (c == 'l' || c == 'L') {
      app.lang = app.lang == Lang::En ? Lang::Zh : Lang::En;
      app.url_dirty = true;
    } else if (c == 'c' || c == 'C') app.controls_open = !app.controls_open;
    else if (c == '?') app.show_help = !app.show_help;
  }
}

void draw_help(AppState& app) {
  if (!app.show_help) return;
  const Lang L = app.lang;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(560.f * app.display.text_scale, vp->WorkSize.x - 16), 0));
  ImGui::SetNextWindowBgAlpha(1.f);
  ImGui::SetNextWindowFocus();
  if (ImGui::Begin(tr(L, "help.title"), &app.show_help,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    for (const char* k : {"help.focus", "help.play", "help.step", "help.reset", "help.lessons", "help.lang", "help.controls",
                          "help.nav", "help.help"})
      text_wrapped(tr(L, k));
    if (ImGui::Button(tr(L, "help.close"))) app.show_help = false;
  }
  ImGui::End();
}

void draw_notices(AppState& app) {
  if (app.notices.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(90, 70, 20, 255));
  // As tall as the wrapped texts and the buttons (a phone wraps each notice over several lines).
  const ImGuiStyle& st = ImGui::GetStyle();
  // A notice with a link keeps room for its button beside the text.
  const float full = ImGui::GetContentRegionAvail().x - st.WindowPadding.x * 2 - st.ScrollbarSize;
  const float button = ImGui::CalcTextSize(tr(app.lang, "coach.open")).x + st.FramePadding.x * 2 + st.ItemSpacing.x;
  auto wrap_of = [&](const Notice& n) { return n.open.empty() ? full : std::max(full * 0.5f, full - button); };
  float h = ImGui::GetFrameHeightWithSpacing() + st.WindowPadding.y * 2;
  for (const Notice& n : app.notices)
    h += std::max(ImGui::CalcTextSize(n.text.c_str(), nullptr, false, wrap_of(n)).y, n.open.empty() ? 0.f : ImGui::GetFrameHeight()) +
         st.ItemSpacing.y;
  h = std::min(h, ImGui::GetMainViewport()->WorkSize.y * 0.4f);
  ImGui::BeginChild("notices", ImVec2(0, h), true);
  std::string open;
  for (size_t i = 0; i < app.notices.size(); ++i) {
    const Notice& n = app.notices[i];
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_of(n));
    ImGui::TextUnformatted(n.text.c_str());
    ImGui::PopTextWrapPos();
    if (n.open.empty()) continue;
    ImGui::SameLine();
    ImGui::PushID(int(i));
    if (ImGui::Button(tr(app.lang, "coach.open"))) open = n.open;
    ImGui::PopID();
  }
  if (ImGui::Button(tr(app.lang, "app.dismiss"))) app.notices.clear();
  ImGui::EndChild();
  ImGui::PopStyleColor();
  if (!open.empty()) {  // after drawing: the notice list may change
    app.notices.clear();
    app_apply_hash(app, open);
  }
}

// "Show code": the page's models as PyTorch or Keras code, with a copy button.
void draw_code_window(AppState& app, const Lesson& lesson) {
  const Lang L = app.lang;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(std::min(760.f, vp->WorkSize.x - 20), std::min(620.f, vp->WorkSize.y - 20)), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(1.f);  // code over a busy lesson must stay readable
  if (!ImGui::Begin(tr(L, "code.title"), &app.show_code, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  const std::vector<CodeSpec> specs = lesson.code();
  if (specs.empty()) {
    ImGui::End();
    return;
  }
  app.code_model = std::clamp(app.code_model, 0, int(specs.size()) - 1);
  for (int i = 0; i < int(specs.size()); ++i) {
    if (i) ImGui::SameLine();
    ImGui::PushID(i);
    if (ImGui::RadioButton(specs[size_t(i)].title.c_str(), app.code_model == i)) app.code_model = i;
    ImGui::PopID();
  }
  ImGui::RadioButton("PyTorch", &app.code_flavour, 0);
  ImGui::SameLine();
  ImGui::RadioButton("Keras", &app.code_flavour, 1);
  const CodeSpec& s = specs[size_t(app.code_model)];
  const std::string code = app.code_flavour == 0 ? pytorch_code(s) : keras_code(s);
  ImGui::SameLine();
  if (ImGui::Button(tr(L, "code.copy"))) {
    app.copy_plain(code);
    app.copied_at = app.clock();
  }
  if (app.clock() - app.copied_at < 2.0) {
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(L, "code.copied"));
  }
  ImGui::TextDisabled("%s", tr(L, "code.note"));
  ImGui::BeginChild("code", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(code.c_str(), code.c_str() + code.size());
  ImGui::EndChild();
  ImGui::End();
}

float g_font_pixels = 0;  // the size the fonts were last rasterised at

std::vector<uint8_t>& corpus_font() {
  static std::vector<uint8_t> bytes;  // owned here: the atlas keeps pointers into it
  return bytes;
}

}  // namespace

void app_setup_fonts(float ratio, float text_scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // Rasterised at device pixels; capped so the CJK subset's atlas stays
  // within every GPU's texture limit (at 3x and 200% the glyphs are drawn
  // at 96 px from a 72 px raster).
  const float px = std::min(16.f * ratio * text_scale, 72.f);
  g_font_pixels = px;
  ImFontConfig latin;
  latin.FontDataOwnedByAtlas = false;  // static data, never freed by ImGui
  static const ImWchar latin_ranges[] = {0x0020, 0x017F, 0x0370, 0x03FF, 0x2000, 0x22FF, 0};
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(fonts::dejavu_sans), int(fonts::dejavu_sans_size), px,
                                 &latin, latin_ranges);
  ImFontConfig cjk;
  cjk.FontDataOwnedByAtlas = false;
  cjk.MergeMode = true;
  // Every glyph the subset holds: the string tables' and the corpora's.
  static_assert(sizeof(ImWchar) == sizeof(unsigned short), "glyph ranges are generated as 16-bit codepoints");
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(fonts::cjk_subset), int(fonts::cjk_subset_size), px, &cjk,
                                 reinterpret_cast<const ImWchar*>(fonts::cjk_ranges));
  std::vector<uint8_t>& corpus = corpus_font();
  if (!corpus.empty()) {
    io.Fonts->AddFontFromMemoryTTF(corpus.data(), int(corpus.size()), px, &cjk, reinterpret_cast<const ImWchar*>(fonts::corpus_ranges));
    if (!io.Fonts->Build()) {  // a font stb_truetype cannot read: the app's own fonts, without it
      corpus.clear();
      app_setup_fonts(ratio, text_scale);
      return;
    }
  }
  io.FontGlobalScale = 16.f * text_scale / px;  // laid out in CSS pixels at the text size
}

float app_font_pixels() { return g_font_pixels; }

bool app_has_corpus_font() { return !corpus_font().empty(); }

bool app_add_corpus_font(std::vector<uint8_t> ttf) {
  // A TrueType or OpenType file (stb_truetype asserts on anything else).
  auto tag = [&](const char* t) { return ttf.size() > 1024 && std::memcmp(ttf.data(), t, 4) == 0; };
  if (!(tag("\x00\x01\x00\x00") || tag("true") || tag("OTTO"))) return false;
  corpus_font() = std::move(ttf);
  return true;
}

void app_draw(AppState& app) {
  const ImGuiViewport* main_vp = ImGui::GetMainViewport();
  app.screen.width = main_vp->Size.x;
  app.screen.height = main_vp->Size.y;
  app.layout = decide_layout(app.screen, app.display);
  apply_style(app.layout, app.display);
  handle_shortcuts(app);
  if (app.embed.chrome == Chrome::Full) draw_top_bar(app);
  else if (app.embed.chrome == Chrome::Minimal) draw_minimal_bar(app);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // The overlay closed: the keyboard navigation goes back to the lesson, not
  // to whichever window ImGui would focus next (the menu bar).
  if (app.help_shown && !app.show_help) ImGui::SetNextWindowFocus();
  app.help_shown = app.show_help;
  ImGui::Begin("##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  draw_goals(app);
  draw_notices(app);
  LessonUi ui;
  ui.embed = &app.embed;
  ui.lang = app.lang;
  ui.running = &app.running;
  ui.lesson = &current_lesson(app);
  ui.url_dirty = &app.url_dirty;
  ui.show_code = &app.show_code;
  ui.frame = app.layout.frame;
  ui.controls_width = app.layout.controls_width;
  ui.touch = app.layout.touch;
  ui.controls_open = &app.controls_open;
  ImGui::PushID(app.lesson.c_str());  // each lesson's panels keep their own scroll
  ui.lesson->draw(ui);
  ImGui::PopID();
  touch_scroll();  // the home page and the notices scroll under a finger too
  ImGui::End();
  if (app.show_code && ui.lesson->has_code()) draw_code_window(app, *ui.lesson);
  draw_help(app);
  draw_snippet_window(app);
  app.rects = take_item_rects();
  app.nav = take_nav_focus();
  if (ui.steps_requested > 0) app_train(app, ui.steps_requested);
  if (!ui.open_lesson.empty()) app_open_lesson(app, ui.open_lesson);
  if (!ui.open_link.empty()) app_open_link(app, ui.open_link);
}

}  // namespace mlpg::ui
