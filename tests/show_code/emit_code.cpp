// Writes, as one JSON array on stdout, what "Show code" shows on every page
// that has a model, in several settings each: the app driven through its own
// commands (as the JS API drives it), the models loaded from data/ as the
// desktop loads them. tests/show_code/show_code_test.py runs the PyTorch code.
#include <cstdio>
#include <iostream>

#include "app.h"

using namespace mlpg::ui;
using nlohmann::json;

int main() {
  // Each page, and settings that reach every layer type, loss, penalty and optimizer the lessons emit.
  const json pages = json::array({
      {{"lesson", "lambda"}, {"params", json::object()}},
      {{"lesson", "lambda"}, {"params", {{"degree", 3}, {"lambda", 0.1}, {"mode", "minibatch"}}}},
      {{"lesson", "classifier"}, {"params", json::object()}},
      {{"lesson", "classifier"}, {"params", {{"features", "x1,x2,x1sq,x1x2,sinx2"}, {"reg", "l1"}, {"lambda", 0.01}, {"loss", "mse"},
                                             {"act", "tanh"}, {"opt", "momentum"}, {"layers", "6,5,4"}}}},
      {{"lesson", "classifier"}, {"params", {{"reg", "l2"}, {"act", "sigmoid"}, {"opt", "sgd"}}}},
      {{"lesson", "cnn"}, {"params", json::object()}},
      {{"lesson", "cnn"}, {"params", {{"model", "small"}, {"start", "scratch"}, {"opt", "sgd"}, {"dropout", 0.25}, {"lambda", 0.01}}}},
      {{"lesson", "cnn"}, {"params", {{"model", "mlp"}, {"start", "scratch"}, {"opt", "momentum"}}}},
      {{"lesson", "rnn"}, {"params", {{"part", "poet"}}}},
      {{"lesson", "rnn"}, {"params", {{"part", "poet"}, {"start", "scratch"}, {"cell", "gru"}, {"layers", 1}, {"hidden", 32}}}},
      {{"lesson", "rnn"}, {"params", {{"part", "poet"}, {"start", "scratch"}, {"cell", "rnn"}, {"hidden", 16}}}},
      {{"lesson", "rnn"}, {"params", {{"part", "rows"}}}},
      {{"lesson", "faq"}, {"params", {{"q", "1"}}}},
      {{"lesson", "faq"}, {"params", {{"q", "3"}}}},
      {{"lesson", "faq"}, {"params", {{"q", "2"}, {"data", "digits"}, {"dropout", 0.5}, {"lambda", 0.01}}}},
      {{"lesson", "faq"}, {"params", {{"q", "4"}, {"part", "batch"}}}},
  });
  AppState app;
  app_init(app);
  app.running = false;
  json out = json::array();
  for (const json& page : pages) {
    app_command(app, {{"lesson", page["lesson"]}});
    app_command(app, {{"params", page["params"]}});
    for (int frame = 0; frame < 5; ++frame) app_update(app, 0.016);  // assets are read from disk as they are asked for
    const json models = app_command(app, {{"code", true}})["code"];
    if (models.empty()) {
      std::fprintf(stderr, "%s %s: no code (the page's model is not there)\n", page["lesson"].get<std::string>().c_str(),
                   page["params"].dump().c_str());
      return 1;
    }
    for (json m : models) {
      m["page"] = page;
      out.push_back(m);
    }
  }
  std::cout << out.dump(1) << "\n";
  return 0;
}
