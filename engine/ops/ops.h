#pragma once
// Differentiable ops. Each returns a new node in its inputs' graph; shapes are
// checked and a mismatch throws std::invalid_argument naming the op and shapes.
#include <vector>

#include "core/graph.h"

namespace mlpg::kernels { class PackCache; }

namespace mlpg {

// Elementwise with NumPy broadcasting.
Var add(Var a, Var b);
Var sub(Var a, Var b);
Var mul(Var a, Var b);
Var div(Var a, Var b);
Var scale(Var a, float c);        // c * a
Var add_scalar(Var a, float c);   // a + c
// a: [..., K] (leading dims flattened to M rows) or [K, M] with trans_a (2-D);
// b: [K, N], or [N, K] with trans_b (PyTorch's Linear weight layout).
// b_packs: the caller's promise that b's values stay the same while the
// cache's entries live (a recurrent layer's W_hh over its time steps): the
// GEMM packs b once instead of at every call (kernels/pack_cache.h).
Var matmul(Var a, Var b, bool trans_a = false, bool trans_b = false, kernels::PackCache* b_packs = nullptr);
// x · wᵀ + bias (w [N, K] as PyTorch's Linear weight, bias [N] on every row):
// one GEMM that adds the bias as it stores, not a product then an add pass.
Var linear(Var x, Var w, Var bias);
Var sum(Var a);                                  // all elements -> shape []
Var sum(Var a, int axis, bool keepdim = false);
Var mean(Var a);
Var mean(Var a, int axis, bool keepdim = false);
Var exp(Var a);
Var log(Var a);
Var pow(Var a, float p);
Var abs(Var a);  // subgradient 0 at 0
Var sigmoid(Var a);
Var tanh(Var a);
Var relu(Var a);  // derivative 0 at 0, as PyTorch
Var leaky_relu(Var a, float slope = 0.01f);
Var softmax(Var a);      // over the last axis
Var log_softmax(Var a);  // over the last axis
Var reshape(Var a, const Shape& s);  // one dim may be -1
Var transpose(Var a, int d0 = -2, int d1 = -1);
Var concat(const std::vector<Var>& xs, int axis);
Var slice(Var a, int axis, int start, int end);
// Inverted dropout: zero with probability p, scale the rest by 1/(1-p); identity
// when the graph is not training. The mask comes from the graph's seeded rng.
Var dropout(Var a, float p);

// Fused losses (numerically stable forms), averaged over the batch.
// logits [B, C], labels B class indices in [0, C).
Var sparse_cross_entropy(Var logits, const int* labels);
// logits and targets of the same shape, targets in [0, 1].
Var bce_with_logits(Var logits, Var targets);

// Rows of table [V, D] picked by n indices in [0, V) -> [n, D] (gradients
// scatter-add into the picked rows).
Var embedding(Var table, const int* indices, int n);

// Convolution and pooling on NHWC tensors (channels last, as Keras).
enum class Padding { Valid, Same };  // Same: TensorFlow's rule, extra pad at bottom/right
// x [N, H, W, C], w [KH, KW, C, OC], bias [OC] or null -> [N, OH, OW, OC].
// fuse_relu: the output is relu(conv + bias), computed in the same pass (one
// node, one memory sweep fewer; backward masks the gradient by output > 0).
Var conv2d(Var x, Var w, Var bias, int stride = 1, Padding pad = Padding::Valid, bool fuse_relu = false);
// max_pool2d(conv2d(x, w, bias, stride, pad, true), pool): a convolution
// with its ReLU, then pool x pool windows that tile it. When the convolution
// runs directly (a short patch, as the course CNN's first layer:
// KernelSet::direct_conv_max_patch), with stride 1 and valid padding, it is
// one node that works in bands of `pool` output rows, each convolved, pooled
// and (backward) spread back and differentiated while it is in L1: the
// convolution's output (2.8 MB a batch for the course CNN) is never written
// whole, nor its gradient, nor masked by the ReLU in a pass of its own.
// Otherwise it is the two nodes.
Var conv2d_relu_maxpool(Var x, Var w, Var bias, int stride, Padding pad, int pool);
// Windows of pool x pool, stride = pool unless given; 'valid' (floor) output size.
Var max_pool2d(Var x, int pool = 2, int stride = 0);
Var avg_pool2d(Var x, int pool = 2, int stride = 0);

// The LSTM cell's elementwise math as three fused ops (PyTorch's gate order
// i, f, g, o along the last axis); the GEMMs that make the pre-activations
// stay ordinary matmuls.
// pre [B, 4H] (+ pre2 [B, 4H], summed as read: x·W_ihᵀ + b and h·W_hhᵀ)
//   -> [σ(i) σ(f) tanh(g) σ(o)]  [B, 4H]
Var lstm_gates(Var pre, Var pre2 = nullptr);
// c = f ⊙ c_prev + i ⊙ g, from act [B, 4H] and c_prev [B, H] -> [B, H]
Var lstm_state(Var act, Var c_prev);
// h = o ⊙ tanh(c), from act [B, 4H] and c [B, H] -> [B, H]
Var lstm_output(Var act, Var c);
// The GRU cell fused (PyTorch's equations, gates r, z, n): from the input
// projection xt [B, 3H], the hidden projection hh [B, 3H] (each with its
// bias) and h_prev [B, H] -> h [B, H]. The node's aux keeps [r | z | n].
Var gru_cell(Var xt, Var hh, Var h_prev);
// A whole LSTM layer as one node (as cuDNN runs it): from its input x
// [T·B, in] (time-major rows), w_ih [4H, in], bias [4H] (b_ih + b_hh),
// w_hh [4H, H] and the initial state h0, c0 [B, H]
//   -> [(T+1)·B, H]: h of steps 1..T, time-major, then c_T.
// Each step is two GEMMs (x_t·W_ihᵀ + b, then + h·W_hhᵀ) into a block the
// fused cell kernel reads while it is in cache. Backward writes every step's
// pre-activation gradient into one [T·B, 4H] block, then gets W_ih's, the
// bias's, x's and W_hh's gradients from it in one GEMM (or column sum) each
// over all steps, where per-step nodes zeroed, copied and added a gradient
// per step and rewrote W_hh's gradient T times. The packs keep W_ih and
// W_hh packed across the steps (see Graph::packs_for).
Var lstm_sequence(Var x, Var w_ih, Var bias, Var w_hh, Var h0, Var c0, kernels::PackCache* ih_packs = nullptr,
                  kernels::PackCache* hh_packs = nullptr);

}  // namespace mlpg
