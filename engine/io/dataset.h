#pragma once
// Image/label datasets in the project's binary asset format (DESIGN "Data
// assets"): "MLPG", u32 version, u32 count, u32 rank, u32 dims[rank],
// u32 classes, then count·prod(dims) uint8 items and count uint8 labels.
// The loader checks every size against the header before reading any payload
// and throws DatasetError with a message that names the file and the problem.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace mlpg {

struct DatasetError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Dataset {
  std::string name;
  Shape item_shape;  // e.g. [28, 28, 1]
  int count = 0;
  int classes = 0;
  std::vector<uint8_t> items;   // count · item_size
  std::vector<uint8_t> labels;  // count

  int64_t item_size() const { return item_shape.numel(); }
  // Items idx as floats in [0, 1] into x (idx.size() · item_size) and labels into y.
  void gather(const std::vector<int>& idx, std::vector<float>& x, std::vector<int>& y) const;
  // The first n items (n <= count), e.g. a quick subset.
  Dataset head(int n) const;
};

Dataset parse_dataset(const uint8_t* bytes, size_t size, const std::string& name);
Dataset load_dataset(const std::string& path);
// Serialises a dataset (used by tests and tools).
std::vector<uint8_t> serialize_dataset(const Dataset& d);

}  // namespace mlpg
