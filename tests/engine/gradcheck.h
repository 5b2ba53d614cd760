#pragma once
// Finite-difference gradient checking for any function of parameters.
// loss = Σ R ⊙ f(params) with a fixed random R, so every output element's
// gradient path is exercised. Numeric derivative: the 4-point central
// difference (8(f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))) / 12h, error O(h⁴).
// Ops with kinks (relu, leaky_relu, abs) are fed inputs at least 0.1 away from
// the kink (> 2h), so the difference never straddles it.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/graph.h"

namespace mlpg::testing {

struct GradTolerance {
  float h = 1e-2f;
  float atol = 1e-3f;
  float rtol = 1e-2f;
};

// Ops seen by any check so far (to assert every op is covered).
std::set<Op>& covered_ops();

// Returns an empty string when all gradients match, else a description.
std::string check_gradients(const std::vector<Parameter*>& params,
                            const std::function<Var(Graph&)>& f, GradTolerance tol = {},
                            uint32_t seed = 1);

// A parameter filled uniformly in [lo, hi], optionally pushed away from 0.
Parameter make_param(const std::string& name, const Shape& s, uint32_t seed, float lo = -1.f,
                     float hi = 1.f, float min_abs = 0.f);

}  // namespace mlpg::testing
