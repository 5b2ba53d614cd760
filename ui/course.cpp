// The course map and the learner's tried marks (see course.h).
#include "course.h"

#include <sstream>

#include "lesson.h"
#include "params.h"

namespace mlpg::ui {

namespace {

struct Store {
  std::set<std::string, std::less<>> tried;
  std::function<std::string()> load;
  std::function<void(const std::string&)> save;
  bool loaded = false;
};

Store& store() {
  static Store s;
  return s;
}

void ensure_loaded() {
  Store& s = store();
  if (s.loaded) return;
  s.loaded = true;
  if (!s.load) return;
  std::istringstream in(s.load());
  for (std::string id; std::getline(in, id, ',');) {
    for (const CourseItem& i : course_items())  // only known ids: the stored text is input like any other
      if (id == i.id) s.tried.insert(id);
  }
}

}  // namespace

const std::vector<CourseItem>& course_items() {
  static const std::vector<CourseItem> items = [] {
    std::vector<CourseItem> v;
    const char* section = "";
#define MLPG_COURSE_SECTION(id) section = #id;
#define MLPG_COURSE_ITEM(id) v.push_back({#id, section});
#include "course.def"
#undef MLPG_COURSE_SECTION
#undef MLPG_COURSE_ITEM
    return v;
  }();
  return items;
}

const std::vector<const char*>& course_sections() {
  static const std::vector<const char*> sections = {
#define MLPG_COURSE_SECTION(id) #id,
#define MLPG_COURSE_ITEM(id)
#include "course.def"
#undef MLPG_COURSE_SECTION
#undef MLPG_COURSE_ITEM
  };
  return sections;
}

std::string CourseLink::hash() const { return "#lesson=" + lesson + (params.empty() ? "" : "&" + params); }

CourseLink course_link(std::string_view item) {
  for (const LessonInfo* l : lessons())
    for (const auto& [id, params] : l->course)
      if (item == id) return {l->id, params, true};
  return {};
}

void set_course_store(std::function<std::string()> load, std::function<void(const std::string&)> save) {
  Store& s = store();
  s.load = std::move(load);
  s.save = std::move(save);
  s.loaded = false;
  s.tried.clear();
}

bool tried(std::string_view item) {
  ensure_loaded();
  return store().tried.count(item) > 0;
}

void mark_tried(std::string_view item) {
  ensure_loaded();
  Store& s = store();
  if (!s.tried.insert(std::string(item)).second) return;
  if (!s.save) return;
  std::string text;
  for (const std::string& id : s.tried) text += (text.empty() ? "" : ",") + id;
  s.save(text);
}

void forget_tried() {
  store().tried.clear();
  store().loaded = true;
}

void mark_tried_page(std::string_view lesson, const std::vector<std::pair<std::string, std::string>>& kv) {
  const LessonInfo* l = find_lesson(lesson);
  if (!l) return;
  for (const auto& [id, params] : l->course) {
    bool match = true;
    for (const auto& [k, v] : parse_hash(params)) {
      bool seen = false;
      for (const auto& [ck, cv] : kv) seen = seen || (ck == k && cv == v);
      match = match && seen;
    }
    if (match && !tried(id)) mark_tried(id);
  }
}

}  // namespace mlpg::ui
