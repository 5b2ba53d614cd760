#pragma once
// The course's map (course.def) and what the learner has tried: an item is
// tried once its page has been open. The marks live in the app (and, in the
// browser, in the page's local storage through the platform: never sent
// anywhere).
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mlpg::ui {

struct CourseItem {
  const char* id;
  const char* section;
};
const std::vector<CourseItem>& course_items();  // in the course's order
const std::vector<const char*>& course_sections();

// Where an item is taught: a lesson and its page's parameters ("c=backprop"), from the registry's claims.
struct CourseLink {
  std::string lesson, params;
  bool found = false;
  std::string hash() const;  // "#lesson=concepts&c=backprop"
};
CourseLink course_link(std::string_view item);

// Tried marks. `load` and `save` persist them (the platform's local storage); both optional.
void set_course_store(std::function<std::string()> load, std::function<void(const std::string&)> save);
void mark_tried(std::string_view item);
bool tried(std::string_view item);
void forget_tried();  // tests
// Marks every item whose claim matches the open lesson and its parameter values (kv: the lesson's params as URL text).
void mark_tried_page(std::string_view lesson, const std::vector<std::pair<std::string, std::string>>& kv);

}  // namespace mlpg::ui
