#pragma once
// The concept pages (lesson `concepts`, one page per concept, `c=`): each
// says what the course says, lets the learner run the idea with real
// numbers, and states what those numbers show: backprop (a backward pass
// stepped through node by node), activations (the four functions and their
// derivatives at a movable x, and a one-neuron fit with each), convolution
// and pooling, gradient descent, machine learning vs deep learning, trends,
// autonomous learning (a learner that chooses its questions), NLP
// (characters -> ids -> the character models' embeddings) and recurrence
// unrolled (one unit, shared weights, backprop through time)
// State and logic
// here and in the page files; concepts_draw.cpp draws; concepts_lesson.cpp
// makes it a lesson.
#include "autonomous.h"
#include "backprop.h"
#include "convolution.h"
#include "descent.h"
#include "embeddings.h"
#include "learning_kinds.h"
#include "recurrence.h"
#include "lesson.h"

namespace mlpg::ui {

enum ConceptPage { kBackprop, kActivations, kConvolution, kTrends, kDescent, kMlDl, kAutonomous, kNlp, kRecurrence };

// Ranges, names and restart rules: the parameter table in concepts_lesson.cpp.
struct ConceptsParams {
  int c = kBackprop;
  int act = 0;      // sigmoid, tanh, relu, leaky_relu
  int loss = 0;     // mse (½ (y − t)²), ce (cross-entropy on σ(y))
  double x1 = 1.0, x2 = 0.5, target = 1.0;
  double lr = 0.5;  // the update step's learning rate
  int seed = 1;     // weights in tenths, none near 0 (every gradient has something to show)
  int step = 0;     // where the walk is: 0 .. kBpSteps
  double x = 1.0;   // activations: where the derivatives are read
  // Convolution and pooling.
  int picture = 0;  // seven, square, diagonal, cross
  int kernel = 0;   // vertical edge, horizontal edge, blur, sharpen, learned (the CNN lab's first layer)
  int filter = 0;   // which learned filter (0..31)
  int stride = 0;   // 1, 2 (by name)
  int padding = 0;  // valid, same
  int pool = 0;     // max, avg
  int cell = 0;     // the window shown: conv cells first, then pooling cells
  // Gradient descent.
  double lr1 = 0.1;      // the 1-D rate
  double scale = 10;     // how badly the 2-D problem's second feature is scaled
  double fraction = 0.9; // the 2-D rate as a share of the stable limit 2/λ_max
  int hidden = 16;       // ML vs DL: the network's hidden width
  int corpus = 0;        // NLP: whose embeddings (english, tang: the RNN lab's shipped character models)
  int pos = 0;           // NLP: the character of the text whose neighbours are shown
  double u = 0.9;        // recurrence: the recurrent weight
};

struct ConceptsLab {
  ConceptsParams p;
  BpNet net;
  BpPass pass;
  std::array<double, kBpParams> engine{}, finite{};
  double engine_loss = 0;
  int updates = 0;                  // update steps applied since the reset
  bool diverged = false;            // the last update diverged and was undone
  long walked = 0;                  // walk steps taken since the reset (state().step: 0 means a fresh run)
  std::vector<float> loss_history;  // the loss before each update, and now
  // Convolution.
  ConvResult conv;
  Descent1D d1;
  Descent2D d2;
  LearningKinds kinds;
  Unrolled unrolled;                // recurrence unrolled, with backprop through time
  Autonomous active;                // autonomous learning: a learner that chooses its questions vs one given them at random
  // NLP: the embeddings of the RNN lab's shipped character models, by corpus.
  std::array<Embeddings, 2> embeddings;
  std::array<std::string, 2> embeddings_error;
  std::array<std::string, 2> text;  // the text read (UTF-8), per corpus
  std::vector<float> learned;       // the shipped CNN's first-layer filters, [3, 3, 1, 32] (empty until loaded)
  std::string learned_error;
};
void concepts_poll_learned(ConceptsLab& lab);  // (and the character models' embeddings on the NLP page)
extern const char* const kNlpModels[2];        // the RNN lab's shipped character models
// The text's characters as vocabulary ids (-1: not in the vocabulary).
std::vector<int> nlp_ids(const ConceptsLab& lab);  // asks for the shipped CNN when the learned kernel is chosen
int conv_cells(const ConceptsLab& lab);        // conv output cells + pooling cells (the walk's length)

void concepts_reset(ConceptsLab& lab);        // a fresh network from the parameters
void concepts_refresh(ConceptsLab& lab);      // recompute the pass and the checks (after any change)
// One gradient-descent step θ ← θ − lr ∇θ L, then the walk starts again.
// False when the step diverged (a loss or a θ not finite): θ is put back as
// it was and `diverged` is set for the page to say so.
bool concepts_update(ConceptsLab& lab);
double concepts_max_engine_difference(const ConceptsLab& lab);
double concepts_max_finite_difference(const ConceptsLab& lab);  // leaves out the parameters behind a ReLU kink
int concepts_kinks(const ConceptsLab& lab);  // bit 0: hidden unit 1 at z = 0 under ReLU/leaky ReLU; bit 1: unit 2
void draw_concepts(ConceptsLab& lab, LessonUi& ui);  // concepts_draw.cpp

}  // namespace mlpg::ui
