#pragma once
// The CNN lab (article §2.4, §4): the course's CNN on MNIST digits, opened
// with the model the build trained, trainable live in time slices, a pad to
// draw a digit on, and views inside the network (first-layer filters,
// feature maps, probabilities, the confusion matrix). State and logic only;
// cnn_draw.cpp draws it, cnn_lesson.cpp makes it a lesson.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "io/dataset.h"
#include "epoch_runner.h"
#include "lesson.h"
#include "models/model.h"
#include "training/metrics.h"

namespace mlpg::ui {

// Ranges, names and restart rules: the parameter table in cnn_lesson.cpp.
struct CnnParams {
  int dataset = 0;  // digits (MNIST), fashion (Fashion-MNIST, a seeded 8,000 / 2,000 subset)
  int start = 0;  // trained (the shipped model), scratch (a seeded initialisation)
  int model = 0;  // course CNN, small CNN, MLP with the course CNN's parameter budget
  int opt = 2;    // sgd, momentum, adam
  double lr = 1e-3;
  int batch = 32;
  double dropout = 0;  // before the last layer
  double lambda = 0;   // the course's λ: λ/(2m) Σ θ² on the weights
  int seed = 1;
  int epochs = 0;  // stop after this many epochs (0: never)
};

// Asset paths (relative to the served folder; DESIGN "Data assets").
const char* cnn_train_data(int dataset);
const char* cnn_val_data(int dataset);
extern const char* const kCnnShippedModel;  // trained on the digits

struct FeatureMap {  // one layer's output for the current input, NHWC or a vector
  std::string name;
  int h = 1, w = 1, c = 1;
  std::vector<float> values;
};

struct CnnLab {
  CnnParams p;
  enum class Phase { Loading, Ready, Failed } phase = Phase::Loading;
  std::string error;                // why loading failed (shown with a retry)
  std::string model_note;           // e.g. why the shipped model was not used
  Dataset train, val;
  int loaded_dataset = -1;          // which dataset train/val hold
  std::unique_ptr<Model> model;
  bool shipped = false;             // the model holds the build's trained weights
  // Training progress: the epochs' order, the current batch, the counters.
  EpochRunner run;
  std::vector<float> batch_x;
  std::vector<int> batch_y;
  // Training in the background (background.h) when the platform has a
  // worker: the frame loop starts a job from the current state and applies
  // its reports (parameters, optimizer state and progress) as they arrive.
  int remote_gen = 0;            // the job training this lab (0: none)
  bool remote_stopping = false;  // asked to stop: its last report brings the final state
  int remote_steps = 0;          // steps this frame's reports brought
  int remote_threads = 0;        // threads the worker trains on (0: not heard from yet)
  bool remote_diverged = false;
  std::string remote_error;      // why the worker could not train (the lab trains here instead)
  std::chrono::steady_clock::time_point remote_heard;  // the job's start or last report (a silent worker is given up)
  std::vector<float> history_loss, history_acc;  // per step (decimated when long)
  std::vector<float> history_val_acc;             // per finished evaluation
  std::vector<float> history_val_loss;            // per finished evaluation (cross-entropy)
  std::vector<float> history_epoch_loss;          // mean training loss of each finished epoch
  double eval_loss_sum = 0;
  double samples_per_s = 0;
  // Validation, evaluated in slices (eval_next < val.count: running).
  int eval_next = -1;
  ConfusionMatrix eval_confusion{10}, confusion{10};
  float val_accuracy = 0;
  // The current input: drawn on the pad or a validation image.
  static constexpr int kPad = 112;  // the pad's resolution (4x MNIST's 28)
  std::vector<float> pad = std::vector<float>(kPad * kPad, 0.f);
  std::vector<std::vector<float>> undo;  // pad before each stroke
  float pen_x = -1, pen_y = -1;          // the last pen position while drawing (-1: up)
  std::vector<float> input = std::vector<float>(784, 0.f);
  int input_index = -1;             // a validation image, or -1 (drawn)
  bool input_dirty = true;
  std::vector<float> probs = std::vector<float>(10, 0.f);
  std::vector<FeatureMap> maps;     // every layer's output for the input
  int maps_first = 0;               // the first channel each conv and pool row shows
  int inspect_layer = -1, inspect_channel = 0;  // the map shown enlarged with its filter (-1: none)
  // "Why this answer" for the top class, recomputed when the input settles.
  bool why_dirty = true;
  int why_class = 0;
  std::vector<float> saliency;      // |∂p/∂x|, 28x28
  std::vector<float> occlusion;     // the drop in p when a 6x6 patch is blanked, kOcc x kOcc
  static constexpr int kOcc = 12, kOccPatch = 6, kOccStride = 2;
  std::vector<int> val_predicted;   // the last evaluation's answer per validation image
  int gallery_truth = -1, gallery_pred = -1;  // the confusion cell whose images are shown
  double train_seconds = 0;         // time spent in training steps (for samples/s)
  long train_samples = 0;
};

void cnn_reset(CnnLab& lab);
bool cnn_stopped(const CnnLab& lab);   // the chosen number of epochs is done           // a fresh model (shipped or seeded) from the parameters
void cnn_poll_assets(CnnLab& lab);     // while loading: parse what arrived
void cnn_retry(CnnLab& lab);           // after a failure: ask for the missing files again
TrainResult cnn_train(CnnLab& lab, int steps);  // whole steps (batches); returns steps
// The frame loop's unit of work: up to `micro` samples of the current batch
// (forward, backward, gradients accumulated); the step's update comes with
// its last part. Returns the parts done, so a frame can stay short.
constexpr int kCnnMicroBatch = 8;
TrainResult cnn_train_parts(CnnLab& lab, int parts, int micro);
// The frame loop with a worker: starts a job if none runs, and returns the
// steps (and divergence) the reports applied this frame brought.
TrainResult cnn_train_remote(CnnLab& lab);
// Applies the reports that arrived (every frame, running or not).
void cnn_remote_poll(CnnLab& lab);
// Asks the job to stop after its current step; its last report is applied
// when it comes (pausing, or a parameter the job holds changed).
void cnn_remote_stop(CnnLab& lab);
// Drops the job at once (a reset, or training here): the lab keeps the state
// of the last report applied.
void cnn_remote_cancel(CnnLab& lab);
// Continues a running evaluation by up to `n` validation images; true when done.
bool cnn_evaluate_some(CnnLab& lab, int n);
void cnn_start_evaluation(CnnLab& lab);
// An evaluation's end (here or in the worker): eval_confusion becomes the
// lab's confusion matrix and accuracy, and a point on the validation curves.
void finish_evaluation(CnnLab& lab, double mean_loss);
// The prediction and feature maps for the current input (if it changed).
void cnn_refresh_prediction(CnnLab& lab);
void cnn_pick(CnnLab& lab, int val_index);
// The filter behind a feature map: the weights of the convolution that made
// channel `channel` of layer `layer`'s output (the layer itself, or for a
// pooling layer the convolution before it), k x k x in_channels, row-major
// with the input channel fastest. False when no convolution made it.
struct FilterView {
  std::string conv;  // that convolution's name
  int conv_layer = -1, k = 0, in_channels = 0;
  std::vector<float> weights;
  float bias = 0;
};
bool cnn_filter_of(const CnnLab& lab, int layer, int channel, FilterView* out);
// A model file from the learner: taken if it is one of this lesson's models
// (the `model` parameter follows it); else the current model stays and the
// returned text says why ("" when taken).
std::string cnn_load_model(CnnLab& lab, const std::string& name, const std::vector<uint8_t>& bytes);
std::vector<uint8_t> cnn_model_file(CnnLab& lab);
// ∂p_c/∂x: how the probability of class c changes with each input pixel,
// from the engine's own backprop (784 values).
std::vector<float> cnn_saliency(CnnLab& lab, int c);
// p_c of the input with a blank patch at each of kOcc x kOcc places, minus p_c
// of the input: where covering the image hurts the answer most.
std::vector<float> cnn_occlusion(CnnLab& lab, int c);
void cnn_refresh_why(CnnLab& lab);  // both, for the top class, if the input changed
void cnn_set_input(CnnLab& lab, const std::vector<float>& pixels);  // 784 values in [0, 1]
// The pad: a soft round brush stroke from (x0, y0) to (x1, y1) in pad pixels.
void cnn_pad_stroke(CnnLab& lab, float x0, float y0, float x1, float y1);
void cnn_pad_clear(CnnLab& lab);
// MNIST's own preprocessing of a drawing: the ink's bounding box scaled to fit
// 20x20 (area-averaged, so anti-aliased), placed in 28x28 with its centre of
// mass at the centre. `size` x `size` in, 784 out; an empty drawing gives zeros.
void mnist_preprocess(const float* img, int size, float* out784);

// What the coach sees: validation loss up two evaluations running while the
// epochs' training loss falls (overfitting); a batch loss still high and
// flat after 300 steps (stalled).
Symptom cnn_symptom(const CnnLab& lab);

void draw_cnn_lab(CnnLab& lab, LessonUi& ui);  // cnn_draw.cpp

}  // namespace mlpg::ui
