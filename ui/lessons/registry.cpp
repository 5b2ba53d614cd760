// The lesson registry, generated from lessons.def.
#include "lesson.h"

namespace mlpg::ui {

#define MLPG_LESSON(id) extern const LessonInfo id##_lesson;
#include "lessons/lessons.def"
#undef MLPG_LESSON

const std::vector<const LessonInfo*>& lessons() {
  static const std::vector<const LessonInfo*> all = {
#define MLPG_LESSON(id) &id##_lesson,
#include "lessons/lessons.def"
#undef MLPG_LESSON
  };
  return all;
}

const LessonInfo* find_lesson(std::string_view id) {
  for (const LessonInfo* l : lessons())
    if (id == l->id) return l;
  return nullptr;
}

const LessonInfo& home_page() { return *lessons().front(); }

void apply_param_changes(Lesson& lesson, const std::vector<const ParamSpec*>& changed) {
  bool restart = false;
  for (const ParamSpec* s : changed) {
    clamp_param(*s, lesson.param_block());
    restart |= s->restarts == Restart::Yes;
  }
  if (restart) lesson.reset();
  else if (!changed.empty()) lesson.params_changed();
}

}  // namespace mlpg::ui
