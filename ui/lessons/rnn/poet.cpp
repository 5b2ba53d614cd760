// The RNN lab's character model: corpus and shipped model from the asset
// store, a model built from the parameters, training in windows (parts of a
// step), validation in chunks, samples at checkpoints.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "assets.h"
#include "rnn_lab.h"

namespace mlpg::ui {

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
constexpr long kCheckpoints[] = {0, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
constexpr int kCheckpointLength = 80;
// The shipped models' shape (scripts/make_models.sh, examples/char_rnn's defaults).
constexpr int kShippedHidden = 128, kShippedLayers = 2;

void take_checkpoint(Poet& p) {
  if (!p.model) return;
  p.checkpoints.push_back({p.steps, p.model->sample(U"", kCheckpointLength, 0.8f, 7)});
}
}  // namespace

const char* rnn_corpus_path(int corpus) { return corpus == 1 ? "data/corpus-english.txt" : "data/corpus-tang.txt"; }
const char* rnn_char_model_path(int corpus) { return corpus == 1 ? "data/charlm-english.mlpg" : "data/charlm-tang.mlpg"; }
CellKind rnn_cell(int cell) { return cell == 1 ? CellKind::GRU : cell == 2 ? CellKind::RNN : CellKind::LSTM; }

void poet_poll(RnnLab& lab) {
  Poet& p = lab.poet;
  if (p.phase == RnnPhase::Idle) p.phase = RnnPhase::Loading;
  if (p.phase != RnnPhase::Loading) return;
  const char* text_path = rnn_corpus_path(lab.p.corpus);
  const Asset& text = want_asset(text_path);
  const Asset& model = want_asset(rnn_char_model_path(lab.p.corpus));
  if (text.status == AssetStatus::Failed) {
    p.phase = RnnPhase::Failed;
    p.error = text.error;
    return;
  }
  if (text.status != AssetStatus::Ready || model.status == AssetStatus::Loading) return;
  const std::u32string all = utf8_decode(clean_fortunes(std::string(text.bytes.begin(), text.bytes.end())));
  if (all.size() < 1000) {
    p.phase = RnnPhase::Failed;
    p.error = std::string(text_path) + ": too little text (" + std::to_string(all.size()) + " characters)";
    discard_asset(text_path);
    return;
  }
  p.vocab = Vocabulary::from_text(all);
  p.train.clear();
  p.val.clear();
  const size_t split = all.size() * 9 / 10;  // as examples/char_rnn splits
  for (size_t i = 0; i < all.size(); ++i) (i < split ? p.train : p.val).push_back(p.vocab.id(all[i]));
  p.unigram = unigram_cross_entropy(p.train, p.val, p.vocab.size());
  p.loaded_corpus = lab.p.corpus;
  p.phase = RnnPhase::Ready;
  poet_reset(lab);
}

void poet_retry(RnnLab& lab) {
  Poet& p = lab.poet;
  if (p.phase != RnnPhase::Failed) return;
  for (const char* path : {rnn_corpus_path(lab.p.corpus), rnn_char_model_path(lab.p.corpus)})
    if (asset(path).status == AssetStatus::Failed) release_asset(path);
  p.phase = RnnPhase::Loading;
  p.error.clear();
  poet_poll(lab);
}

void poet_reset(RnnLab& lab) {
  Poet& p = lab.poet;
  if (p.phase == RnnPhase::Ready && p.loaded_corpus != lab.p.corpus) p.phase = RnnPhase::Loading;
  if (p.phase != RnnPhase::Ready) {
    p.model.reset();
    poet_poll(lab);  // reset again when the data arrives
    return;
  }
  CharModelConfig cfg;
  cfg.cell = rnn_cell(lab.p.cell);
  cfg.hidden = lab.p.hidden;
  cfg.layers = lab.p.layers;
  cfg.seed = uint32_t(lab.p.seed);
  p.note.clear();
  p.shipped = false;
  p.model.reset();
  if (lab.p.start == 0) {
    const bool fits = cfg.cell == CellKind::LSTM && cfg.hidden == kShippedHidden && cfg.layers == kShippedLayers;
    const Asset& a = asset(rnn_char_model_path(lab.p.corpus));
    if (!fits) {
      p.note = "rnn.note.shipped_shape";
    } else if (a.status != AssetStatus::Ready) {
      p.note = "rnn.note.no_shipped";
    } else {
      try {
        p.model = CharModel::parse(a.bytes.data(), a.bytes.size(), rnn_char_model_path(lab.p.corpus));
        if (p.model->vocab().chars != p.vocab.chars) throw ModelFileError("another vocabulary");
        p.shipped = true;
      } catch (const std::exception&) {
        p.model.reset();
        p.note = "rnn.note.no_shipped";
      }
    }
  }
  if (!p.model) p.model = std::make_unique<CharModel>(p.vocab, cfg);
  p.model->optimizer().cfg.lr = float(lab.p.lr);
  p.rng.seed(uint32_t(lab.p.seed) + 11);
  p.steps = 0;
  p.windows_done = 0;
  p.step_loss = 0;
  p.history_loss.clear();
  p.val_nats.clear();
  p.val_steps.clear();
  p.checkpoints.clear();
  p.train_seconds = 0;
  p.train_chars = 0;
  take_checkpoint(p);
  p.eval = {};
  p.eval_running = true;
  p.generated.clear();
  lab.fires.dirty = true;
}

TrainResult poet_train_windows(RnnLab& lab, int windows) {
  Poet& p = lab.poet;
  TrainResult r;
  if (p.phase != RnnPhase::Ready || !p.model) return r;
  const double t0 = now();
  for (int k = 0; k < windows; ++k) {
    const bool first = p.windows_done == 0, last = p.windows_done + 1 == lab.p.batch;
    float loss = 0;
    try {
      loss = p.model->train_part(p.train, 1, lab.p.batch, lab.p.window, p.rng, first, last);
    } catch (const std::runtime_error&) {
      p.windows_done = 0;
      p.step_loss = 0;
      r.diverged = true;
      break;
    }
    p.step_loss += loss / lab.p.batch;
    p.train_chars += lab.p.window;
    ++r.steps;
    if (!last) {
      ++p.windows_done;
      continue;
    }
    p.windows_done = 0;
    p.history_loss.push_back(float(p.step_loss));
    p.step_loss = 0;
    ++p.steps;
    for (long c : kCheckpoints)
      if (c == p.steps) take_checkpoint(p);
    if (p.steps % kPoetEvalEvery == 0 && !p.eval_running) {
      p.eval = {};
      p.eval_running = true;
    }
    lab.fires.dirty = true;
  }
  p.train_seconds += now() - t0;
  return r;
}

TrainResult poet_train(RnnLab& lab, int steps) {
  // Whole steps: finish one the frames began, then `steps` more.
  TrainResult total;
  const int windows = (lab.poet.windows_done ? lab.p.batch - lab.poet.windows_done : 0) + steps * lab.p.batch;
  const TrainResult r = poet_train_windows(lab, windows);
  total.diverged = r.diverged;
  total.steps = r.steps / std::max(1, lab.p.batch);
  return total;
}

bool poet_evaluate_some(RnnLab& lab, int chunks) {
  Poet& p = lab.poet;
  if (!p.eval_running || !p.model) return true;
  if (!p.model->evaluate_some(p.val, p.eval, chunks)) return false;
  p.eval_running = false;
  p.val_nats.push_back(float(p.eval.mean()));
  p.val_steps.push_back(float(p.steps));
  return true;
}

void poet_evaluate_now(RnnLab& lab) {
  Poet& p = lab.poet;
  if (!p.model) return;
  if (!p.eval_running) {
    p.eval = {};
    p.eval_running = true;
  }
  while (!poet_evaluate_some(lab, 1 << 20)) {}
}

std::string poet_sample(RnnLab& lab, const std::string& prefix, int length, double temperature, uint32_t seed) {
  Poet& p = lab.poet;
  if (!p.model) return "";
  return p.model->sample(utf8_decode(prefix), length, float(temperature), seed);
}

Symptom poet_symptom(const Poet& p) {
  const auto& v = p.val_nats;
  const auto& t = p.history_loss;
  if (v.size() < 3 || t.size() < 2 * kPoetEvalEvery) return Symptom::None;
  double recent = 0, before = 0;  // the training loss over the last two evaluation intervals
  for (size_t i = 0; i < size_t(kPoetEvalEvery); ++i) recent += t[t.size() - 1 - i], before += t[t.size() - 1 - kPoetEvalEvery - i];
  const size_t n = v.size();
  return v[n - 1] > v[n - 2] && v[n - 2] > v[n - 3] && recent < before ? Symptom::Overfitting : Symptom::None;
}

}  // namespace mlpg::ui
