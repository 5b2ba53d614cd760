#pragma once
// Q1, how to choose a model: the same digits, split and seed for four model
// families (logistic regression, an MLP, the course's CNN, the course's LSTM
// reading rows), each trained for one epoch in time slices and scored on
// the same validation digits: accuracy, parameters, time, samples/s.
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "io/dataset.h"
#include "models/model.h"

namespace mlpg::ui {

constexpr int kContenders = 4;  // logistic, mlp, cnn, lstm
constexpr int kChooseTrain = 2000, kChooseVal = 500, kChooseBatch = 32, kChooseMicro = 8;
const char* contender_name(int i);

struct Contender {
  std::unique_ptr<Model> model;
  long long parameters = 0;
  int seen = 0;             // training samples so far (one epoch = kChooseTrain)
  double seconds = 0;       // time spent training
  float accuracy = -1;      // on the validation digits, when trained
};

struct ChooseRun {
  bool loading = true;
  std::string error;
  Dataset train, val;       // the first kChooseTrain training digits and kChooseVal validation digits
  std::vector<int> order;   // one seeded shuffle, the same for every model
  Contender c[kContenders];
  int current = 0;          // the model being trained (kContenders: all done)
};

// Asks for the digits and, once they arrive, builds the four models.
void choose_poll(ChooseRun& r, uint32_t seed);
void choose_reset(ChooseRun& r, uint32_t seed);
// Trains the current model for up to `parts` micro-batches of 8 (a batch of
// 32 is four; each model is scored when its epoch ends); returns parts run.
int choose_train(ChooseRun& r, int parts);

}  // namespace mlpg::ui
