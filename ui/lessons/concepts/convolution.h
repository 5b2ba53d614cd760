#pragma once
// Convolution and pooling, step by step (the course's §3): a small image, a
// 3x3 kernel (edges, blur, sharpen, or one of the CNN lab's learned
// first-layer filters), stride 1 or 2, valid or same padding (TensorFlow's
// rule, as the engine and Keras), and 2x2 max or average pooling after it.
// The window moves one output cell at a time with its multiply-add written
// out; this page computes by hand and compares with the engine's conv2d and
// pooling ops on the same numbers.
#include <string>
#include <vector>

namespace mlpg::ui {

constexpr int kConvImage = 10;  // the input is 10 x 10, one channel
enum class ConvPicture { Seven, Square, Diagonal, Cross };
enum class ConvKernel { VerticalEdge, HorizontalEdge, Blur, Sharpen, Learned };

struct ConvSetup {
  ConvPicture picture = ConvPicture::Seven;
  ConvKernel kernel = ConvKernel::VerticalEdge;
  std::vector<float> learned;  // 9 weights (the CNN lab's filter) when kernel is Learned
  int stride = 1;
  bool same = false;            // padding: same (zeros around) or valid (none)
  bool max_pool = true;         // the pooling after it: max or average, 2x2, stride 2
};

struct ConvResult {
  std::vector<float> image;     // kConvImage² (row-major)
  std::vector<float> kernel;    // 9
  int out_h = 0, out_w = 0, pad_top = 0, pad_left = 0;
  std::vector<float> out;       // out_h x out_w: by hand
  std::vector<float> engine;    // the same from the engine's conv2d
  int pool_h = 0, pool_w = 0;
  std::vector<float> pooled, pooled_engine;  // pooling of `out`: by hand and by the engine
};

std::vector<float> conv_picture(ConvPicture p);
std::vector<float> conv_kernel(ConvKernel k);
ConvResult conv_run(const ConvSetup& s);
// Output cell (r, c): the window's top-left in input coordinates (may be -1 with same padding) and the sum written out.
std::string conv_step_text(const ConvResult& r, int stride, int cell);
std::string pool_step_text(const ConvResult& r, bool max_pool, int cell);
float conv_max_difference(const ConvResult& r);  // hand vs engine, conv and pooling

}  // namespace mlpg::ui
