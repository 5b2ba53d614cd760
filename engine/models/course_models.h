#pragma once
// The course article's two models (§4), built once here for the examples,
// tests, benchmarks and lessons that use them.
#include <cstdint>

#include "models/model.h"

namespace mlpg {

// Keras: Conv2D(32, 3x3, relu) → MaxPool(2) → Conv2D(64, 3x3, relu) →
// MaxPool(2) → Flatten → Dense(128, relu) → Dense(10, softmax): 225,034
// parameters on 28×28×1 inputs. Not compiled.
Model make_course_cnn(uint32_t seed);

// PyTorch: nn.LSTM(input, hidden, num_layers=2, batch_first=True) and
// nn.Linear(hidden, 10) on the last step, on sequences of `steps`. Not compiled.
Model make_course_lstm(int steps, int input_size, int hidden_size, uint32_t seed);

}  // namespace mlpg
