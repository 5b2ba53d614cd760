#pragma once
// The kernels that split their work over threads, and the pool they run on.
//
// Each split is by output blocks (GEMM: rows or columns of C; convolution:
// images of the batch), and every block runs the single-thread kernel of the
// set. Every output element is computed by the same code, in the same order,
// whatever the thread count, so results are bit-identical to one thread's
// (tests/engine/parallel_test.cpp checks it on odd shapes in every set).
//
// One thread (the caller alone) is the default. MLPG_THREADS=<n> in the
// environment, or set_thread_count(n), asks for more; a wasm build without
// pthreads always runs one.
#include <functional>

#include "kernels/kernels.h"

namespace mlpg::kernels {

// Threads the split kernels use (the caller counts as one); n is clamped to
// [1, max_thread_count()]. Not to be called while another thread runs kernels.
void set_thread_count(int n);
int thread_count();
int max_thread_count();  // 1 in a wasm build without pthreads, MLPG_WASM_MAX_THREADS with them, else 64

// fn(task) for every task in [0, tasks), spread over the pool's threads and
// the caller; returns when all are done. A call from inside a task, or while
// another thread holds the pool, runs its tasks in the caller, in order.
void parallel_for(int tasks, const std::function<void(int)>& fn);
// How many parallel_for calls ran on the pool so far (the tests check that
// large work is split, not only that results agree).
long long pool_runs();

// k.gemm / k.im2col / k.col2im / k.conv_direct / k.conv_direct_dw, split over thread_count()
// threads when the work is large enough to pay for waking them.
void gemm(const KernelSet& k, const GemmArgs& g);
void im2col(const KernelSet& k, const ConvGeom& g, const float* x, float* cols);
void col2im(const KernelSet& k, const ConvGeom& g, const float* dcols, float* dx);
void conv_direct(const KernelSet& k, const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                 float* y);
// The direct convolution's weight gradient, split by output channels in
// blocks of 32 (a multiple of every set's channel block, so each channel is
// summed by the same code as in one thread).
void conv_direct_dw(const KernelSet& k, const ConvGeom& g, const float* x, const float* dy, float* dw);
// Pooling by images too (argmax offsets are into each image, so a split
// needs no fix-up).
void maxpool(const KernelSet& k, const PoolGeom& g, const float* x, float* y, int32_t* argmax);
void maxpool_backward(const KernelSet& k, const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx);
void avgpool(const KernelSet& k, const PoolGeom& g, const float* x, float* y);
void avgpool_backward(const KernelSet& k, const PoolGeom& g, const float* dy, float* dx);

}  // namespace mlpg::kernels
