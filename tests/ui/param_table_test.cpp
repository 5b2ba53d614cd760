// Walks every lesson's parameter table: for every parameter, values below and
// above its range, NaN, inf, garbage and (for enums and flags) every name go
// through the URL and through a command, and both paths must clamp or reject
// them the same way and leave the same value. Then the restart rule: a change
// by command and the same change through the widget's commit path restart
// training exactly when the table says so.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <stdexcept>

#include "app.h"

using namespace mlpg::ui;
using nlohmann::json;

namespace {

enum class Outcome { Ok, Clamped, Invalid };
const char* name(Outcome o) { return o == Outcome::Ok ? "ok" : o == Outcome::Clamped ? "clamped" : "invalid"; }

struct Case {
  std::string text;
  Outcome expect;
};

std::string num(double v) {  // as the tables print them: integers in full, reals shortest
  return v == std::floor(v) && std::fabs(v) < 1e9 ? std::to_string(static_cast<long long>(v)) : format_number(v);
}

// The cases for one parameter, with the outcome its table implies.
std::vector<Case> cases_for(const ParamSpec& s) {
  std::vector<Case> c = {{"NaN", Outcome::Invalid}, {"nan", Outcome::Invalid}, {"inf", Outcome::Invalid},
                         {"-inf", Outcome::Invalid}, {"1e400", Outcome::Invalid}, {"garbage", Outcome::Invalid},
                         {"", Outcome::Invalid}};
  switch (s.kind) {
    case ParamKind::Float:
      c.push_back({num(s.hi), Outcome::Ok});
      c.push_back({num(s.lo), Outcome::Ok});
      c.push_back({num(s.hi * 2 + 1), Outcome::Clamped});
      c.push_back({num(-1 - std::fabs(s.lo) * 2), Outcome::Clamped});
      if (s.zero_key) {
        c.push_back({"0", Outcome::Ok});
        c.push_back({num(s.lo / 10), Outcome::Clamped});  // between off and the lowest value
      }
      break;
    case ParamKind::Int:
      c.push_back({num(s.lo), Outcome::Ok});
      c.push_back({num(s.hi), Outcome::Ok});
      c.push_back({num(s.lo - 1), Outcome::Clamped});
      c.push_back({num(s.hi + 1000), Outcome::Clamped});
      c.push_back({"1.5", Outcome::Invalid});
      break;
    case ParamKind::Bool:
      c = {{"true", Outcome::Ok}, {"false", Outcome::Ok}, {"maybe", Outcome::Invalid}, {"NaN", Outcome::Invalid}};
      break;
    case ParamKind::Enum:
      for (const char* n : s.names) c.push_back({n, Outcome::Ok});
      c.push_back({"0", Outcome::Invalid});  // names, never integer codes
      break;
    case ParamKind::IntList: {
      std::string at_max;
      for (int i = 0; i < s.max_items; ++i) at_max += (i ? "," : "") + num(s.hi);
      c.push_back({at_max, Outcome::Ok});
      c.push_back({at_max + "," + num(s.lo), Outcome::Invalid});  // one item too many
      c.push_back({num(s.lo - 1) + "," + num(s.hi + 1), Outcome::Clamped});
      c.push_back({num(s.lo) + ",x", Outcome::Invalid});
      if (s.min_items == 0) c.erase(c.begin() + 6);  // "" is the empty list, which is allowed
      break;
    }
    case ParamKind::Flags:
      for (const char* n : s.names) c.push_back({n, Outcome::Ok});
      c.push_back({std::string(s.names[0]) + "," + s.names[1], Outcome::Ok});
      c.push_back({std::string(s.names[0]) + ",nope", Outcome::Invalid});
      break;
  }
  return c;
}

struct Seen {
  Outcome outcome;
  std::string value;  // state().params[key] afterwards
};

Seen via_url(const LessonInfo& l, const ParamSpec& s, const std::string& text) {
  AppState app;
  app_init(app);
  app_apply_hash(app, format_hash({{"lesson", l.id}, {s.key, text}}));
  Outcome o = Outcome::Ok;
  for (const Notice& n : app.notices) {
    if (n.text.find(tr(Lang::En, "notice.clamped")) == 0) o = Outcome::Clamped;
    if (n.text.find(tr(Lang::En, "notice.bad_value")) == 0) o = Outcome::Invalid;
  }
  EXPECT_LE(app.notices.size(), 1u);
  return {o, app_state_json(app)["params"][s.key].get<std::string>()};
}

Seen via_command(const LessonInfo& l, const ParamSpec& s, const std::string& text) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", l.id}});
  Outcome o = Outcome::Ok;
  try {
    const json r = app_command(app, {{"params", {{s.key, text}}}});
    if (r.contains("clamped")) o = Outcome::Clamped;
  } catch (const std::invalid_argument& e) {
    o = Outcome::Invalid;
    EXPECT_NE(std::string(e.what()).find(s.key), std::string::npos) << "the error names the parameter: " << e.what();
  }
  return {o, app_state_json(app)["params"][s.key].get<std::string>()};
}

// A value inside the range that differs from the current one.
std::string other_value(const ParamSpec& s, const std::string& current) {
  switch (s.kind) {
    case ParamKind::Float: return num(current == num(s.hi) ? s.lo : s.hi);
    case ParamKind::Int: return num(current == num(s.hi) ? s.lo : s.hi);
    case ParamKind::Bool: return current == "true" ? "false" : "true";
    case ParamKind::Enum: return current == s.names[0] ? s.names[1] : s.names[0];
    case ParamKind::IntList: return current == num(s.lo) ? num(s.hi) : num(s.lo);
    case ParamKind::Flags: return current == s.names[0] ? s.names[1] : s.names[0];
  }
  return "";
}

}  // namespace

// One test per lesson and parameter (not one loop over them all), so the
// suite's shards share the sweep: it is the app suite's longest test (the
// character model's lab alone took 45 s, its shipped model loaded for every case).
struct LessonParam {
  const LessonInfo* lesson;
  size_t index;     // in the lesson's parameter table
  const char* key;  // the table's (a literal: it outlives the lesson)
};

// Each lesson created once: opening one loads its model (the character
// model's lab evaluates it too), which under the sanitizers takes seconds,
// and every test binary's shard builds this list.
std::vector<LessonParam> every_lesson_param() {
  std::vector<LessonParam> all;
  for (const LessonInfo* l : lessons()) {
    const std::unique_ptr<Lesson> lesson = l->create();
    for (size_t i = 0; i < lesson->param_table().size(); ++i) all.push_back({l, i, lesson->param_table()[i].key});
  }
  return all;
}

class ParamTablesEveryParam : public ::testing::TestWithParam<LessonParam> {};

TEST_P(ParamTablesEveryParam, UrlAndCommandClampAndRejectAlike) {
  const LessonInfo* l = GetParam().lesson;
  const std::unique_ptr<Lesson> fresh = l->create();
  const ParamSpec& s = fresh->param_table().at(GetParam().index);
  const std::string default_value = param_text(s, fresh->param_block());
  if (s.kind == ParamKind::Flags) { ASSERT_EQ(size_t(s.flag_count), s.names.size()) << s.key; }
  for (const Case& c : cases_for(s)) {
    SCOPED_TRACE(std::string(l->id) + " " + s.key + "=" + c.text);
    const Seen url = via_url(*l, s, c.text), cmd = via_command(*l, s, c.text);
    EXPECT_STREQ(name(url.outcome), name(c.expect)) << "through the URL";
    EXPECT_STREQ(name(cmd.outcome), name(c.expect)) << "through a command";
    EXPECT_EQ(url.value, cmd.value) << "both paths leave the same value";
    if (c.expect == Outcome::Invalid) { EXPECT_EQ(cmd.value, default_value) << "a rejected value changes nothing"; }
    if (c.expect == Outcome::Ok && s.kind != ParamKind::Float) { EXPECT_EQ(cmd.value, c.text); }
    // Whatever went in, what is stored reads back as itself (a permalink round-trips).
    std::unique_ptr<Lesson> probe = l->create();
    EXPECT_EQ(set_param_text(s, probe->param_block(), cmd.value), ParamResult::Ok);
    EXPECT_EQ(param_text(s, probe->param_block()), cmd.value);
  }
}


// The sweep above is only as good as its cases: across the lessons it tries
// well over a hundred and fifty values.
TEST(ParamTables, TheSweepTriesEveryKindOfBadValue) {
  size_t cases = 0;
  bool outcome_seen[3] = {false, false, false};
  for (const LessonInfo* l : lessons()) {
    const std::unique_ptr<Lesson> fresh = l->create();
    for (const ParamSpec& s : fresh->param_table())
      for (const Case& c : cases_for(s)) {
        ++cases;
        outcome_seen[int(c.expect)] = true;
      }
  }
  EXPECT_GT(cases, 150u);
  EXPECT_TRUE(outcome_seen[0] && outcome_seen[1] && outcome_seen[2]) << "ok, clamped and invalid values all tried";
}

TEST_P(ParamTablesEveryParam, WidgetAndCommandRestartExactlyWhenTheTableSays) {
  const LessonInfo* l = GetParam().lesson;
  if (!l->trains) GTEST_SKIP() << l->id << " does not train";
  const std::unique_ptr<Lesson> fresh = l->create();
  const ParamSpec& s = fresh->param_table().at(GetParam().index);
  const std::string next = other_value(s, param_text(s, fresh->param_block()));
  const bool restarts = s.restarts == Restart::Yes;
  // By command.
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", l->id}, {"train", 3}});
  ASSERT_GT(app_state_json(app)["step"].get<int>(), 0);
  app_command(app, {{"params", {{s.key, next}}}});
  EXPECT_EQ(app_state_json(app)["step"].get<int>() == 0, restarts) << "command";
  EXPECT_EQ(app_state_json(app)["params"][s.key], next);
  // Through the widget's commit path: the widget edits the value in place, then commits.
  AppState w;
  app_init(w);
  app_command(w, {{"lesson", l->id}, {"train", 3}});
  Lesson& lesson = current_lesson(w);
  ASSERT_EQ(set_param_text(s, lesson.param_block(), next), ParamResult::Ok);
  LessonUi ui;
  ui.lesson = &lesson;
  ui.url_dirty = &w.url_dirty;
  w.url_dirty = false;
  ui.param_changed(s);
  EXPECT_EQ(app_state_json(w)["step"].get<int>() == 0, restarts) << "widget";
  EXPECT_TRUE(w.url_dirty) << "the permalink follows a widget edit";
  EXPECT_EQ(app_state_json(w)["params"], app_state_json(app)["params"]);
}

INSTANTIATE_TEST_SUITE_P(EveryLesson, ParamTablesEveryParam, ::testing::ValuesIn(every_lesson_param()),
                         [](const ::testing::TestParamInfo<LessonParam>& p) {
                           std::string n = std::string(p.param.lesson->id) + "_" + p.param.key;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(ParamTables, KeysAreUniqueAndRangesSane) {
  for (const LessonInfo* l : lessons()) {
    const std::unique_ptr<Lesson> fresh = l->create();
    const ParamTable& t = fresh->param_table();
    for (size_t i = 0; i < t.size(); ++i) {
      SCOPED_TRACE(std::string(l->id) + " " + t[i].key);
      for (size_t j = i + 1; j < t.size(); ++j) EXPECT_STRNE(t[i].key, t[j].key);
      EXPECT_NE(std::string(t[i].key), "lesson");
      EXPECT_NE(std::string(t[i].key), "lang");
      if (t[i].kind == ParamKind::Float || t[i].kind == ParamKind::Int) { EXPECT_LT(t[i].lo, t[i].hi); }
      if (t[i].log_scale) { EXPECT_GT(t[i].lo, 0.0) << "a log slider needs a positive lower end"; }
      // The default is inside the table's range.
      EXPECT_EQ(set_param_text(t[i], fresh->param_block(), param_text(t[i], fresh->param_block())), ParamResult::Ok);
    }
  }
}
