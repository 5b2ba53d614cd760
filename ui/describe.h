#pragma once
// The page in words: what a screen reader's mirror of the canvas shows (the
// lesson's title, training or paused, its counter, its key numbers, its main
// plot described). Built from state() and the lesson's describe_plot(), in
// the learner's language, so the words never disagree with the numbers.
#include <nlohmann/json.hpp>

#include "app.h"

namespace mlpg::ui {

// {title, lang, running, status, readouts: [{key, name, value, text}], plot, summary}
nlohmann::json app_describe(const AppState& app);

// A curve in words: "training loss went from 0.52 to 0.031 over 120 points;
// lowest 0.029 at point 97." ("" for fewer than two finite points.)
std::string describe_curve(Lang lang, const char* name, const std::vector<float>& ys);

// A number as the mirror writes it: 3 significant digits (so the words match state() to 0.5%).
std::string describe_number(double v);

}  // namespace mlpg::ui
