#pragma once
// Q5, how to handle missing data: a tabular problem whose first feature
// loses values at a chosen rate and mechanism, and the same logistic
// regression trained after each way of handling them.
#include <string>
#include <vector>

namespace mlpg::ui {

enum class Missingness { CompletelyAtRandom, AtRandom, NotAtRandom };

// The ways of handling the missing values, in the table's order.
#define MLPG_MISSING_STRATEGIES(X) \
  X(none, "faq.q5.none")           \
  X(drop, "faq.q5.drop")           \
  X(mean, "faq.q5.mean")           \
  X(median, "faq.q5.median")       \
  X(mode, "faq.q5.mode")           \
  X(indicator, "faq.q5.indicator") \
  X(knn, "faq.q5.knn")
enum class Strategy {
#define MLPG_X(id, key) id,
  MLPG_MISSING_STRATEGIES(MLPG_X)
#undef MLPG_X
};
constexpr int kStrategies = 0
#define MLPG_X(id, key) +1
    MLPG_MISSING_STRATEGIES(MLPG_X)
#undef MLPG_X
    ;
const char* strategy_name(Strategy s);   // "mean", ...
const char* strategy_label(Strategy s);  // its string-table key

struct StrategyResult {
  Strategy strategy;
  int train_rows = 0, test_rows = 0;   // rows the model trained on and was scored on
  double accuracy = 0;                 // on the test rows
  double x1_mean = 0;                  // mean of the first feature as the model saw it (training rows)
};

struct MissingRun {
  std::string source;                  // the learner's CSV ("" for the generated table)
  std::string column = "x1";           // the column whose mean is reported (the learner's: the one dropping rows moves most)
  double column_sd = 1;                // its standard deviation (the scale a shift is judged on)
  Missingness mechanism = Missingness::CompletelyAtRandom;
  double rate = 0;
  double true_x1_mean = 0;             // before any value went missing (training set)
  double missing_share = 0;            // what share of x1 actually went missing
  std::vector<StrategyResult> results;  // one per strategy, in order; `none` = no value missing
};

constexpr int kMissingTrain = 2000, kMissingTest = 1000, kMissingFeatures = 4, kMissingNeighbours = 5;
void missing_run(MissingRun& r, Missingness mechanism, double rate, uint32_t seed);

// The learner's own table (a CSV): its missing cells are the ones the file
// leaves empty; every column with gaps is handled by each strategy (the
// reference "nothing missing" cannot exist: the values are unknown). A
// seeded two thirds train, the rest test; columns standardized.
struct MissingTable {
  std::string source;
  std::vector<std::string> names, class_names;
  int rows = 0, cols = 0;
  std::vector<float> x;  // rows x cols, NaN = missing
  std::vector<int> y;
};
void missing_run_table(MissingRun& r, const MissingTable& t, uint32_t seed);

}  // namespace mlpg::ui
