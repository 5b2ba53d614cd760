#include "embeddings.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/charlm.h"

namespace mlpg::ui {

Embeddings embeddings_from_model(const std::vector<uint8_t>& file, const std::string& name) {
  const auto m = CharModel::parse(file.data(), file.size(), name);
  Embeddings e;
  e.chars.assign(m->vocab().chars.begin(), m->vocab().chars.end());
  const int v = int(e.chars.size());
  for (Parameter* p : m->parameters())  // the embedding matrix: [vocabulary, dim], the first of that shape
    if (p->value.shape.rank == 2 && p->value.shape[0] == v) {
      e.dim = p->value.shape[1];
      e.vectors = p->value.data;
      return e;
    }
  throw std::invalid_argument(name + ": no embedding matrix of " + std::to_string(v) + " rows");
}

double cosine(const Embeddings& e, int a, int b) {
  const float *x = &e.vectors[size_t(a) * size_t(e.dim)], *y = &e.vectors[size_t(b) * size_t(e.dim)];
  double xy = 0, xx = 0, yy = 0;
  for (int i = 0; i < e.dim; ++i) xy += double(x[i]) * y[i], xx += double(x[i]) * x[i], yy += double(y[i]) * y[i];
  return xx > 0 && yy > 0 ? xy / std::sqrt(xx * yy) : 0.0;
}

std::vector<int> nearest(const Embeddings& e, int id, int k) {
  std::vector<std::pair<double, int>> all;
  for (int j = 0; j < int(e.chars.size()); ++j)
    if (j != id) all.push_back({-cosine(e, id, j), j});
  k = std::min<int>(k, int(all.size()));
  std::partial_sort(all.begin(), all.begin() + k, all.end());
  std::vector<int> out;
  for (int i = 0; i < k; ++i) out.push_back(all[size_t(i)].second);
  return out;
}

double mean_similarity(const Embeddings& e, const std::u32string& a, const std::u32string& b) {
  auto ids = [&](const std::u32string& s) {
    std::vector<int> v;
    for (char32_t c : s) {
      const auto it = std::find(e.chars.begin(), e.chars.end(), c);
      if (it != e.chars.end()) v.push_back(int(it - e.chars.begin()));
    }
    return v;
  };
  const std::vector<int> x = ids(a), y = ids(b);
  double s = 0;
  int n = 0;
  for (int i : x)
    for (int j : y)
      if (i != j && (a != b || i < j)) s += cosine(e, i, j), ++n;
  return n ? s / n : 0.0;
}

}  // namespace mlpg::ui
