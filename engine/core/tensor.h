#pragma once
// Tensor: a float32 view (pointer, shape, strides in elements) over storage it
// does not own. Storage comes from an Arena (graph values and gradients, reused
// every step) or from owned buffers (parameters, datasets).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace mlpg {

constexpr int kMaxDims = 6;

struct Shape {
  int rank = 0;
  int dims[kMaxDims] = {};

  Shape() = default;
  Shape(std::initializer_list<int> d);
  static Shape of(const std::vector<int>& d);
  int64_t numel() const;
  int operator[](int i) const { return dims[i < 0 ? i + rank : i]; }
  int& operator[](int i) { return dims[i < 0 ? i + rank : i]; }
  bool operator==(const Shape& o) const;
  bool operator!=(const Shape& o) const { return !(*this == o); }
  std::vector<int> vec() const { return std::vector<int>(dims, dims + rank); }
  std::string str() const;  // "[2, 3]"
};

struct Tensor {
  float* data = nullptr;
  Shape shape;
  int64_t strides[kMaxDims] = {};

  // A contiguous row-major view of `shape` at `data`.
  static Tensor contiguous(float* data, const Shape& shape);
  int64_t numel() const { return shape.numel(); }
  bool is_contiguous() const;
  // Element access by multi-index (any strides), for tests and slow paths.
  float& at(std::initializer_list<int> idx) const;
};

// The shape two operands broadcast to (NumPy rules); throws std::invalid_argument.
Shape broadcast_shapes(const Shape& a, const Shape& b);
// Strides that read `t` as if it had shape `out` (0 on broadcast dimensions).
void broadcast_strides(const Tensor& t, const Shape& out, int64_t strides[kMaxDims]);

// Owned float storage with a shape: parameters, datasets, results.
struct Array {
  Shape shape;
  std::vector<float> data;
  Array() = default;
  explicit Array(const Shape& s, float fill = 0.f) : shape(s), data(size_t(s.numel()), fill) {}
  Array(const Shape& s, std::vector<float> d);
  Tensor view() { return Tensor::contiguous(data.data(), shape); }
  float& operator[](size_t i) { return data[i]; }
  float operator[](size_t i) const { return data[i]; }
};

}  // namespace mlpg
