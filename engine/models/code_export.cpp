// PyTorch and Keras code for a playground model (see code_export.h). Shapes
// are walked layer by layer in the engine's layout (NHWC images, [T, F]
// sequences); the PyTorch code puts image channels first, as PyTorch does.
#include "models/code_export.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "models/charlm.h"
#include "models/model.h"

namespace mlpg {

namespace {

using nlohmann::json;

std::string num(double v) {  // 7 digits: a float32 setting as the learner chose it (0.3, not 0.300000012)
  char b[32];
  std::snprintf(b, sizeof b, "%.7g", v);
  return b;
}

std::string type_of(const json& layer) { return layer.value("type", std::string()); }

// One layer's per-sample output shape and PyTorch parameter count.
Shape step_shape(const json& L, const Shape& in, int64_t* params) {
  const std::string t = type_of(L);
  if (t == "Dense") {
    const int units = L.at("units");
    const int fan_in = in[in.rank - 1];
    *params += int64_t(fan_in) * units + units;
    Shape out = in;
    out[out.rank - 1] = units;
    return out;
  }
  if (t == "Conv2D") {
    if (in.rank != 3) throw std::invalid_argument("Conv2D needs an [H, W, C] input, got " + in.str());
    const int f = L.at("filters"), k = L.at("kernel"), s = L.value("stride", 1);
    *params += int64_t(k) * k * in[2] * f + f;
    const bool same = L.value("padding", std::string("valid")) == "same";
    const int h = same ? (in[0] + s - 1) / s : (in[0] - k) / s + 1, w = same ? (in[1] + s - 1) / s : (in[1] - k) / s + 1;
    return Shape{h, w, f};
  }
  if (t == "MaxPool2D" || t == "AvgPool2D") {
    const int p = L.at("pool");
    return Shape{in[0] / p, in[1] / p, in[2]};
  }
  if (t == "Flatten") return Shape{int(in.numel())};
  if (t == "Dropout" || t == "Activation") return in;
  if (t == "LastStep") return Shape{in[1]};
  if (t == "Embedding") {
    const int vocab = L.at("vocab"), dim = L.at("dim");
    *params += int64_t(vocab) * dim;
    return Shape{in[0], dim};
  }
  if (t == "LSTM" || t == "GRU" || t == "RNN") {
    const int gates = t == "LSTM" ? 4 : t == "GRU" ? 3 : 1;
    const int h = L.at("hidden_size"), layers = L.at("num_layers");
    int input = L.at("input_size");
    for (int l = 0; l < layers; ++l, input = h) *params += int64_t(gates) * h * (input + h + 2);  // W_ih, W_hh, b_ih, b_hh
    return Shape{in[0], h};
  }
  throw std::invalid_argument("show code: unknown layer type '" + t + "'");
}

std::string torch_activation(const std::string& a) {
  if (a == "relu") return "nn.ReLU()";
  if (a == "tanh") return "nn.Tanh()";
  if (a == "sigmoid") return "nn.Sigmoid()";
  if (a == "leaky_relu") return "nn.LeakyReLU(0.01)";
  return "";  // linear; softmax is inside the loss
}

std::string torch_shape(const CodeSpec& s, const std::string& batch) {  // the example batch, channels first for images
  std::string r = "(" + batch;
  if (s.input.rank == 3) r += ", " + std::to_string(s.input[2]) + ", " + std::to_string(s.input[0]) + ", " + std::to_string(s.input[1]);
  else
    for (int i = 0; i < s.input.rank; ++i) r += ", " + std::to_string(s.input[i]);
  return r + ")";
}

std::string features_code(const CodeSpec& s, const char* module, const char* stack) {
  if (s.features.empty()) return "";
  auto with_module = [&](std::string e) {
    for (size_t at = e.find("M."); at != std::string::npos; at = e.find("M.", at + 1)) e.replace(at, 1, module);
    return e;
  };
  std::string body;
  for (size_t i = 0; i < s.features.size(); ++i) {
    body += (i ? ", " : "") + with_module(s.features[i]);
  }
  return with_module(s.helpers) + "def features(x):  # x: [m, " + std::to_string(s.raw_inputs) + "] raw inputs -> [m, " +
         std::to_string(s.features.size()) + "], the features the playground feeds the model\n    return " + stack + "([" +
         body + "], 1)\n\n";
}

bool ends_in_softmax(const CodeSpec& s) {
  for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it) {
    if (type_of(*it) == "Dense" || type_of(*it) == "Activation") return it->value("activation", std::string()) == "softmax";
  }
  return false;
}

std::string penalty_comment(const CodeSpec& s) {
  return s.penalty == CodePenalty::L2 ? "the course's λ/(2m) Σ θ_j² over the weights (biases excluded)"
                                      : "λ/m Σ |θ_j| over the weights (biases excluded)";
}

}  // namespace

CodeSpec code_spec(const Sequential& net, const Shape& input, const std::string& title) {
  CodeSpec s;
  s.title = title;
  s.input = input;
  for (const auto& l : net.layers) s.layers.push_back(l->config());
  int64_t n = 0;
  for (const auto& l : net.layers)
    for (Parameter* p : l->parameters()) n += p->numel();
  s.parameters = n;
  return s;
}

CodeSpec code_spec(const Model& model, const std::string& title) {
  CodeSpec s = code_spec(model.net, model.input_shape(), title);
  if (model.optimizer()) s.optimizer = model.optimizer()->cfg;
  const Shape out = code_output_shape(s);
  s.classes = out[out.rank - 1];
  return s;
}

CodeSpec code_spec(const CharModel& model, int window, const std::string& title) {
  const CharModelConfig& c = model.config();
  const int v = model.vocab().size();
  CodeSpec s;
  s.title = title;
  s.input = Shape{window};
  s.input_is_ids = true;
  s.layers = {{{"type", "Embedding"}, {"vocab", v}, {"dim", c.embed}},
              {{"type", cell_name(c.cell)}, {"input_size", c.embed}, {"hidden_size", c.hidden}, {"num_layers", c.layers}, {"dropout", c.dropout}},
              {{"type", "Dense"}, {"units", v}, {"activation", "linear"}}};
  s.parameters = code_parameter_count(s);
  s.classes = v;
  s.optimizer = model.optimizer().cfg;
  s.clip_norm = 5.f;  // CharModel clips every step's gradient norm to 5
  return s;
}

Shape code_output_shape(const CodeSpec& spec) {
  int64_t p = 0;
  Shape sh = spec.input;
  for (const json& L : spec.layers) sh = step_shape(L, sh, &p);
  return sh;
}

int64_t code_parameter_count(const CodeSpec& spec) {
  int64_t p = 0;
  Shape sh = spec.input;
  for (const json& L : spec.layers) sh = step_shape(L, sh, &p);
  return p;
}

std::string pytorch_code(const CodeSpec& s) {
  std::ostringstream o;
  const Shape out_shape = code_output_shape(s);
  o << "# " << s.title << ", as PyTorch code (torch 1.13 or later), written by WASM ML Playground\n"
    << "# from the current settings: " << s.parameters << " parameters, as in the playground.\n";
  if (!s.note.empty()) o << "# " << s.note << "\n";
  o << "import torch\nfrom torch import nn\n\n";
  bool recurrent = false, last_step = false;
  for (const json& L : s.layers) {
    const std::string t = type_of(L);
    recurrent |= t == "LSTM" || t == "GRU" || t == "RNN";
    last_step |= t == "LastStep";
  }
  if (recurrent)
    o << "class Outputs(nn.Module):  # nn.LSTM/GRU/RNN return (outputs, state): keep the outputs [batch, steps, hidden]\n"
         "    def __init__(self, rnn):\n        super().__init__()\n        self.rnn = rnn\n\n"
         "    def forward(self, x):\n        return self.rnn(x)[0]\n\n";
  if (last_step) o << "class LastStep(nn.Module):  # [batch, steps, hidden] -> [batch, hidden]\n    def forward(self, x):\n        return x[:, -1]\n\n";
  o << features_code(s, "torch", "torch.stack");
  o << "model = nn.Sequential(\n";
  Shape sh = s.input;
  int64_t unused = 0;
  bool conv_seen = false;
  for (size_t i = 0; i < s.layers.size(); ++i) {
    const json& L = s.layers[i];
    const std::string t = type_of(L);
    const bool last = i + 1 == s.layers.size();
    const Shape in = sh;
    sh = step_shape(L, sh, &unused);
    if (t == "Dense") {
      o << "    nn.Linear(" << in[in.rank - 1] << ", " << int(L.at("units")) << "),\n";
      const std::string a = L.value("activation", std::string("linear"));
      if (a == "softmax" && last) o << "    # softmax: inside nn.CrossEntropyLoss, which takes the logits\n";
      else if (!torch_activation(a).empty()) o << "    " << torch_activation(a) << ",\n";
    } else if (t == "Conv2D") {
      const bool same = L.value("padding", std::string("valid")) == "same";
      o << "    nn.Conv2d(" << in[2] << ", " << int(L.at("filters")) << ", kernel_size=" << int(L.at("kernel"))
        << ", stride=" << L.value("stride", 1) << (same ? ", padding=\"same\"" : "") << "),  # -> " << sh[2] << " x " << sh[0]
        << " x " << sh[1] << "\n";
      conv_seen = true;
      if (!torch_activation(L.value("activation", std::string())).empty()) o << "    " << torch_activation(L.value("activation", std::string())) << ",\n";
    } else if (t == "MaxPool2D") o << "    nn.MaxPool2d(" << int(L.at("pool")) << "),\n";
    else if (t == "AvgPool2D") o << "    nn.AvgPool2d(" << int(L.at("pool")) << "),\n";
    else if (t == "Flatten")
      o << "    nn.Flatten(),  # -> " << sh[0] << (conv_seen ? " (PyTorch flattens channels first; the playground, channels last: same sizes)" : "")
        << "\n";
    else if (t == "Dropout") o << "    nn.Dropout(" << num(L.at("p").get<double>()) << "),\n";
    else if (t == "Activation") {
      const std::string a = L.value("activation", std::string());
      if (a == "softmax" && last) o << "    # softmax: inside nn.CrossEntropyLoss, which takes the logits\n";
      else if (a == "softmax") o << "    nn.Softmax(-1),\n";
      else if (!torch_activation(a).empty()) o << "    " << torch_activation(a) << ",\n";
    } else if (t == "LastStep") o << "    LastStep(),\n";
    else if (t == "Embedding") o << "    nn.Embedding(" << int(L.at("vocab")) << ", " << int(L.at("dim")) << "),\n";
    else {  // LSTM, GRU, RNN
      const double d = L.value("dropout", 0.0);
      o << "    Outputs(nn." << t << "(" << int(L.at("input_size")) << ", " << int(L.at("hidden_size"))
        << ", num_layers=" << int(L.at("num_layers")) << (d > 0 ? ", dropout=" + num(d) : std::string()) << ", batch_first=True)),\n";
    }
  }
  o << ")\n\n";

  // Loss, regularization, optimizer.
  const OptimizerConfig& c = s.optimizer;
  if (s.loss == CodeLoss::CrossEntropy) o << "loss_fn = nn.CrossEntropyLoss()  # softmax + negative log-likelihood, mean over the batch\n";
  if (s.penalty != CodePenalty::None) o << "lam = " << num(s.lambda) << "  # " << penalty_comment(s) << "\n";
  o << "optimizer = ";
  switch (c.kind) {
    case OptimizerKind::SGD:
      o << "torch.optim.SGD(model.parameters(), lr=" << num(c.lr);
      if (c.momentum > 0) o << ", momentum=" << num(c.momentum);
      if (c.nesterov) o << ", nesterov=True";
      break;
    case OptimizerKind::RMSProp:
      o << "torch.optim.RMSprop(model.parameters(), lr=" << num(c.lr) << ", alpha=" << num(c.alpha) << ", eps=" << num(c.eps);
      if (c.momentum > 0) o << ", momentum=" << num(c.momentum);
      break;
    case OptimizerKind::Adam:
      o << "torch.optim.Adam(model.parameters(), lr=" << num(c.lr) << ", betas=(" << num(c.beta1) << ", " << num(c.beta2) << "), eps=" << num(c.eps);
      break;
    case OptimizerKind::AdamW:
      o << "torch.optim.AdamW(model.parameters(), lr=" << num(c.lr) << ", betas=(" << num(c.beta1) << ", " << num(c.beta2)
        << "), eps=" << num(c.eps);
      break;
  }
  if (c.weight_decay > 0) o << ", weight_decay=" << num(c.weight_decay);
  o << ")\n\n";

  o << "def train_step(x, y):\n    \"\"\"One step on a batch, as the playground takes it; returns the loss.\"\"\"\n"
    << "    optimizer.zero_grad()\n    out = model(x)\n";
  if (s.loss == CodeLoss::CrossEntropy) {
    if (out_shape.rank == 2) o << "    loss = loss_fn(out.reshape(-1, out.shape[-1]), y.reshape(-1))  # every step predicts the next id\n";
    else o << "    loss = loss_fn(out, y)\n";
  } else if (s.loss == CodeLoss::SoftmaxHalfMse) {
    o << "    onehot = nn.functional.one_hot(y, out.shape[1]).float()\n"
      << "    loss = 0.5 * ((out.softmax(1) - onehot) ** 2).sum(1).mean()  # the course's 1/(2m) Σ (h − y)²\n";
  } else {
    o << "    loss = 0.5 * ((out - y) ** 2).sum(1).mean()  # the course's J(θ) = 1/(2m) Σ (h(x) − y)²\n";
  }
  if (s.penalty == CodePenalty::L2) o << "    loss = loss + lam / (2 * x.shape[0]) * sum((p ** 2).sum() for p in model.parameters() if p.dim() > 1)\n";
  if (s.penalty == CodePenalty::L1) o << "    loss = loss + lam / x.shape[0] * sum(p.abs().sum() for p in model.parameters() if p.dim() > 1)\n";
  o << "    loss.backward()\n";
  if (s.clip_norm > 0) o << "    nn.utils.clip_grad_norm_(model.parameters(), " << num(s.clip_norm) << ")\n";
  o << "    optimizer.step()\n    return loss.item()\n\n";

  // An example batch shaped as the playground's inputs, and targets to match.
  o << "def example_batch(n=" << s.batch << "):\n    \"\"\"Random inputs and targets shaped as the playground's.\"\"\"\n";
  if (s.input_is_ids) o << "    x = torch.randint(0, " << int(s.layers.front().at("vocab")) << ", " << torch_shape(s, "n") << ")\n";
  else if (!s.features.empty()) o << "    x = features(torch.rand(n, " << s.raw_inputs << ") * 2 - 1)\n";
  else o << "    x = torch.rand" << torch_shape(s, "n") << "\n";
  if (s.loss == CodeLoss::HalfMse) o << "    y = torch.randn(n, " << out_shape[out_shape.rank - 1] << ")\n";
  else if (out_shape.rank == 2) o << "    y = torch.randint(0, " << out_shape[1] << ", (n, " << out_shape[0] << "))\n";
  else o << "    y = torch.randint(0, " << out_shape[0] << ", (n,))\n";
  o << "    return x, y\n\n"
    << "if __name__ == \"__main__\":\n"
    << "    print(model)\n"
    << "    print(\"parameters:\", sum(p.numel() for p in model.parameters()))  # " << s.parameters << "\n"
    << "    x, y = example_batch()\n"
    << "    print(\"loss after one step:\", train_step(x, y))\n";
  return o.str();
}

std::string keras_code(const CodeSpec& s) {
  std::ostringstream o;
  o << "# " << s.title << ", as Keras code (TensorFlow 2), written by WASM ML Playground from the current settings.\n";
  if (!s.note.empty()) o << "# " << s.note << "\n";
  bool recurrent = false;
  for (const json& L : s.layers) recurrent |= type_of(L) == "LSTM" || type_of(L) == "GRU" || type_of(L) == "RNN";
  if (recurrent)
    o << "# Keras' LSTM/GRU keep one bias vector per gate where PyTorch (and the playground) keep two,\n"
         "# so model.summary() counts fewer parameters than the playground's " << s.parameters << ".\n";
  else o << "# model.summary() counts " << s.parameters << " parameters, as the playground.\n";
  o << "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers";
  const bool coupled_decay = s.optimizer.weight_decay > 0 && s.optimizer.kind != OptimizerKind::AdamW;
  if (s.penalty != CodePenalty::None || coupled_decay) o << ", regularizers";
  o << "\n\n";
  o << features_code(s, "np", "np.stack");
  std::string reg;
  if (s.penalty != CodePenalty::None) {
    // Keras adds l2 · Σ w² (or l1 · Σ |w|) to the batch-mean loss: the course's λ/(2m) with m the batch.
    o << "lam, m = " << num(s.lambda) << ", " << s.batch << "  # " << penalty_comment(s) << "\n";
    o << "reg = regularizers." << (s.penalty == CodePenalty::L2 ? "l2(lam / (2 * m))" : "l1(lam / m)") << "\n\n";
    reg = ", kernel_regularizer=reg";
  } else if (coupled_decay) {
    // The playground's weight decay adds wd·θ to every gradient (PyTorch's SGD/Adam weight_decay);
    // Keras' optimizers decay outside the gradient, so say it as a penalty: l2(wd/2)·Σθ² has gradient wd·θ.
    o << "decay = regularizers.l2(" << num(s.optimizer.weight_decay) << " / 2)  # adds " << num(s.optimizer.weight_decay)
      << "·θ to every gradient, biases included, as the playground\n\n";
    reg = ", kernel_regularizer=decay, bias_regularizer=decay";
  }
  o << "model = keras.Sequential([\n    keras.Input(shape=(";
  const Shape in = s.input;
  if (!s.features.empty()) o << s.features.size() << ",";
  else
    for (int i = 0; i < in.rank; ++i) o << in[i] << (in.rank == 1 || i + 1 < in.rank ? "," : "") << (i + 1 < in.rank ? " " : "");
  o << ")" << (s.input_is_ids ? ", dtype=\"int32\"" : "") << "),\n";
  for (const json& L : s.layers) {
    const std::string t = type_of(L);
    const std::string act = L.value("activation", std::string("linear"));
    if (t == "Dense") o << "    layers.Dense(" << int(L.at("units")) << ", activation=\"" << act << "\"" << reg << "),\n";
    else if (t == "Conv2D")
      o << "    layers.Conv2D(" << int(L.at("filters")) << ", (" << int(L.at("kernel")) << ", " << int(L.at("kernel")) << "), strides="
        << L.value("stride", 1) << ", padding=\"" << L.value("padding", std::string("valid")) << "\", activation=\"" << act << "\"" << reg << "),\n";
    else if (t == "MaxPool2D") o << "    layers.MaxPooling2D((" << int(L.at("pool")) << ", " << int(L.at("pool")) << ")),\n";
    else if (t == "AvgPool2D") o << "    layers.AveragePooling2D((" << int(L.at("pool")) << ", " << int(L.at("pool")) << ")),\n";
    else if (t == "Flatten") o << "    layers.Flatten(),\n";
    else if (t == "Dropout") o << "    layers.Dropout(" << num(L.at("p").get<double>()) << "),\n";
    else if (t == "Activation") o << "    layers.Activation(\"" << act << "\"),\n";
    else if (t == "LastStep") o << "    layers.Lambda(lambda t: t[:, -1]),  # the last step\n";
    else if (t == "Embedding") o << "    layers.Embedding(" << int(L.at("vocab")) << ", " << int(L.at("dim")) << "),\n";
    else {
      const int n = L.at("num_layers");
      const double d = L.value("dropout", 0.0);
      for (int l = 0; l < n; ++l) {
        if (l > 0 && d > 0) o << "    layers.Dropout(" << num(d) << "),\n";
        o << "    layers." << (t == "RNN" ? "SimpleRNN" : t) << "(" << int(L.at("hidden_size")) << ", return_sequences=True" << reg << "),\n";
      }
    }
  }
  o << "])\n\n";
  const OptimizerConfig& c = s.optimizer;
  const std::string clip = s.clip_norm > 0 ? ", global_clipnorm=" + num(s.clip_norm) : std::string();
  o << "optimizer = keras.optimizers.";
  switch (c.kind) {
    case OptimizerKind::SGD:
      o << "SGD(learning_rate=" << num(c.lr) << ", momentum=" << num(c.momentum) << (c.nesterov ? ", nesterov=True" : "");
      break;
    case OptimizerKind::RMSProp: o << "RMSprop(learning_rate=" << num(c.lr) << ", rho=" << num(c.alpha) << ", epsilon=" << num(c.eps); break;
    case OptimizerKind::Adam: o << "Adam(learning_rate=" << num(c.lr) << ", beta_1=" << num(c.beta1) << ", beta_2=" << num(c.beta2) << ", epsilon=" << num(c.eps); break;
    case OptimizerKind::AdamW:
      o << "AdamW(learning_rate=" << num(c.lr) << ", weight_decay=" << num(c.weight_decay) << ", beta_1=" << num(c.beta1) << ", beta_2="
        << num(c.beta2) << ", epsilon=" << num(c.eps);
      break;
  }
  o << clip << ")\n\n";
  std::string loss;
  if (s.loss == CodeLoss::CrossEntropy) {
    loss = ends_in_softmax(s) ? "\"sparse_categorical_crossentropy\"" : "keras.losses.SparseCategoricalCrossentropy(from_logits=True)";
  } else if (s.loss == CodeLoss::SoftmaxHalfMse) {
    o << "def half_mse(y, h):  # y one-hot: the course's 1/(2m) Σ (softmax(h) − y)², averaged over the batch by Keras\n"
         "    return 0.5 * tf.reduce_sum((tf.nn.softmax(h) - y) ** 2, axis=-1)\n\n";
    loss = "half_mse";
  } else {
    o << "def half_mse(y, h):  # the course's 1/(2m) Σ (h(x) − y)², averaged over the batch by Keras\n"
         "    return 0.5 * tf.reduce_sum((h - y) ** 2, axis=-1)\n\n";
    loss = "half_mse";
  }
  o << "model.compile(optimizer=optimizer,\n              loss=" << loss << ",\n              metrics=["
    << (s.loss == CodeLoss::HalfMse ? "\"mse\"" : "\"accuracy\"") << "])\n";
  o << "model.summary()\n# model.fit(x_train, y_train, batch_size=" << s.batch << ", epochs=10, validation_data=(x_val, y_val))\n";
  return o.str();
}

}  // namespace mlpg
