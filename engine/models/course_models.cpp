#include "models/course_models.h"

#include "layers/rnn.h"

namespace mlpg {

Model make_course_cnn(uint32_t seed) {
  Model m(Shape{28, 28, 1}, seed);
  m.add<Conv2D>(32, 3, Activation::Relu);
  m.add<MaxPool2D>(2);
  m.add<Conv2D>(64, 3, Activation::Relu);
  m.add<MaxPool2D>(2);
  m.add<Flatten>();
  m.add<Linear>(128, Activation::Relu);
  m.add<Linear>(10, Activation::Softmax);
  return m;
}

Model make_course_lstm(int steps, int input_size, int hidden_size, uint32_t seed) {
  Model m(Shape{steps, input_size}, seed);
  RecurrentConfig rc;
  rc.kind = CellKind::LSTM;
  rc.input_size = input_size;
  rc.hidden_size = hidden_size;
  rc.num_layers = 2;
  m.add<Recurrent>(rc, seed);
  m.add<LastStep>();
  m.add<Linear>(10, Activation::Softmax);
  return m;
}

}  // namespace mlpg
