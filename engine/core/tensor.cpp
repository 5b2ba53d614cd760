#include "core/tensor.h"

#include <stdexcept>

namespace mlpg {

Shape::Shape(std::initializer_list<int> d) {
  if (d.size() > size_t(kMaxDims)) throw std::invalid_argument("tensor rank above 6");
  for (int x : d) dims[rank++] = x;
}

Shape Shape::of(const std::vector<int>& d) {
  if (d.size() > size_t(kMaxDims)) throw std::invalid_argument("tensor rank above 6");
  Shape s;
  for (int x : d) s.dims[s.rank++] = x;
  return s;
}

int64_t Shape::numel() const {
  int64_t n = 1;
  for (int i = 0; i < rank; ++i) n *= dims[i];
  return n;
}

bool Shape::operator==(const Shape& o) const {
  if (rank != o.rank) return false;
  for (int i = 0; i < rank; ++i)
    if (dims[i] != o.dims[i]) return false;
  return true;
}

std::string Shape::str() const {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

Tensor Tensor::contiguous(float* data, const Shape& shape) {
  Tensor t;
  t.data = data;
  t.shape = shape;
  int64_t s = 1;
  for (int i = shape.rank - 1; i >= 0; --i) {
    t.strides[i] = s;
    s *= shape.dims[i];
  }
  return t;
}

bool Tensor::is_contiguous() const {
  int64_t s = 1;
  for (int i = shape.rank - 1; i >= 0; --i) {
    if (shape.dims[i] != 1 && strides[i] != s) return false;
    s *= shape.dims[i];
  }
  return true;
}

float& Tensor::at(std::initializer_list<int> idx) const {
  if (int(idx.size()) != shape.rank) throw std::invalid_argument("at(): index rank mismatch");
  int64_t off = 0;
  int i = 0;
  for (int x : idx) {
    if (x < 0 || x >= shape.dims[i]) throw std::out_of_range("at(): index out of range");
    off += int64_t(x) * strides[i++];
  }
  return data[off];
}

Shape broadcast_shapes(const Shape& a, const Shape& b) {
  Shape out;
  out.rank = a.rank > b.rank ? a.rank : b.rank;
  for (int i = 0; i < out.rank; ++i) {
    const int da = i < out.rank - a.rank ? 1 : a.dims[i - (out.rank - a.rank)];
    const int db = i < out.rank - b.rank ? 1 : b.dims[i - (out.rank - b.rank)];
    if (da != db && da != 1 && db != 1)
      throw std::invalid_argument("shapes " + a.str() + " and " + b.str() + " do not broadcast");
    out.dims[i] = da == 1 ? db : da;
  }
  return out;
}

void broadcast_strides(const Tensor& t, const Shape& out, int64_t strides[kMaxDims]) {
  const int lead = out.rank - t.shape.rank;
  for (int i = 0; i < out.rank; ++i) {
    if (i < lead) { strides[i] = 0; continue; }
    const int d = t.shape.dims[i - lead];
    strides[i] = (d == 1 && out.dims[i] != 1) ? 0 : t.strides[i - lead];
  }
}

Array::Array(const Shape& s, std::vector<float> d) : shape(s), data(std::move(d)) {
  if (int64_t(data.size()) != s.numel())
    throw std::invalid_argument("Array: " + std::to_string(data.size()) + " values for shape " + s.str());
}

}  // namespace mlpg
