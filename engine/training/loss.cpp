#include "training/loss.h"

#include <stdexcept>

namespace mlpg {

Var mse_course(Var h, Var y) {
  if (h->value.shape != y->value.shape)
    throw std::invalid_argument("mse_course: prediction " + h->value.shape.str() + " vs target " + y->value.shape.str());
  const int m = h->value.shape.rank ? h->value.shape[0] : 1;
  if (m == 0) throw std::invalid_argument("mse_course: an empty batch, prediction " + h->value.shape.str() + " (J has 1/2m)");
  Var r = sub(h, y);
  return scale(sum(mul(r, r)), 1.f / (2.f * float(m)));
}

Var cross_entropy(Var logits, Var target_probs) {
  if (logits->value.shape != target_probs->value.shape || logits->value.shape.rank != 2)
    throw std::invalid_argument("cross_entropy: logits " + logits->value.shape.str() + " vs targets " +
                                target_probs->value.shape.str() + " (both [batch, classes])");
  const int B = logits->value.shape[0];
  if (B == 0) throw std::invalid_argument("cross_entropy: an empty batch, logits " + logits->value.shape.str() + " (the mean of no losses)");
  return scale(sum(mul(target_probs, log_softmax(logits))), -1.f / float(B));
}

namespace {
template <class Term>
Var penalty(Graph& g, const std::vector<Parameter*>& params, float coef, Term term) {
  Var total = nullptr;
  for (Parameter* p : params) {
    if (!p->regularize) continue;
    Var t = sum(term(g.param(*p)));
    total = total ? add(total, t) : t;
  }
  if (!total) return g.zeros(Shape{});
  return scale(total, coef);
}
}  // namespace

Var l2_penalty(Graph& g, const std::vector<Parameter*>& params, float lambda, int m) {
  if (m <= 0) throw std::invalid_argument("l2_penalty: m must be positive");
  return penalty(g, params, lambda / (2.f * float(m)), [](Var w) { return mul(w, w); });
}

Var l1_penalty(Graph& g, const std::vector<Parameter*>& params, float lambda, int m) {
  if (m <= 0) throw std::invalid_argument("l1_penalty: m must be positive");
  return penalty(g, params, lambda / float(m), [](Var w) { return abs(w); });
}

}  // namespace mlpg
