#include "io/dataset.h"

#include <cstring>
#include <fstream>

namespace mlpg {

namespace {

constexpr uint32_t kVersion = 1;
constexpr int64_t kMaxItems = 10'000'000, kMaxItemSize = 1 << 24;

struct Reader {
  const uint8_t* p;
  size_t left;
  const std::string& name;
  uint32_t u32(const char* what) {
    if (left < 4) throw DatasetError(name + ": truncated header (reading " + what + ")");
    uint32_t v = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    p += 4;
    left -= 4;
    return v;
  }
};

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}

}  // namespace

Dataset parse_dataset(const uint8_t* bytes, size_t size, const std::string& name) {
  if (size < 4 || std::memcmp(bytes, "MLPG", 4) != 0)
    throw DatasetError(name + ": not a dataset file (magic 'MLPG' missing)");
  Reader r{bytes + 4, size - 4, name};
  const uint32_t version = r.u32("version");
  if (version != kVersion)
    throw DatasetError(name + ": format version " + std::to_string(version) + ", this build reads version 1");
  Dataset d;
  d.name = name;
  const uint32_t count = r.u32("count");
  const uint32_t rank = r.u32("rank");
  if (rank < 1 || rank > 4) throw DatasetError(name + ": item rank " + std::to_string(rank) + " (expected 1 to 4)");
  int64_t item = 1;
  for (uint32_t i = 0; i < rank; ++i) {
    const uint32_t dim = r.u32("item shape");
    if (dim < 1 || dim > 65536) throw DatasetError(name + ": item dimension " + std::to_string(dim) + " out of range");
    d.item_shape.dims[d.item_shape.rank++] = int(dim);
    item *= dim;  // at most kMaxItemSize · 65536 here: checked every dimension, it cannot overflow
    if (item > kMaxItemSize)
      throw DatasetError(name + ": items of more than " + std::to_string(kMaxItemSize) + " bytes are beyond this loader's limits");
  }
  const uint32_t classes = r.u32("class count");
  if (classes < 1 || classes > 256) throw DatasetError(name + ": class count " + std::to_string(classes) + " (expected 1 to 256)");
  if (count > uint32_t(kMaxItems) || item > kMaxItemSize)
    throw DatasetError(name + ": " + std::to_string(count) + " items of " + std::to_string(item) + " bytes is beyond this loader's limits");
  const uint64_t payload = uint64_t(count) * uint64_t(item) + count;
  if (r.left != payload)
    throw DatasetError(name + ": header promises " + std::to_string(payload) + " payload bytes, file has " +
                       std::to_string(r.left) + (r.left < payload ? " (truncated)" : " (trailing data)"));
  d.count = int(count);
  d.classes = int(classes);
  d.items.assign(r.p, r.p + size_t(count) * size_t(item));
  d.labels.assign(r.p + size_t(count) * size_t(item), r.p + payload);
  for (size_t i = 0; i < d.labels.size(); ++i)
    if (d.labels[i] >= classes)
      throw DatasetError(name + ": label " + std::to_string(d.labels[i]) + " of item " + std::to_string(i) +
                         " is not below the class count " + std::to_string(classes));
  return d;
}

Dataset load_dataset(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) throw DatasetError(path + ": cannot open (build the data assets with scripts/setup.sh)");
  const std::streamsize size = f.tellg();
  if (size < 0) throw DatasetError(path + ": cannot read");
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  f.seekg(0);
  if (!f.read(reinterpret_cast<char*>(bytes.data()), size)) throw DatasetError(path + ": read failed");
  const auto slash = path.find_last_of('/');
  return parse_dataset(bytes.data(), bytes.size(), slash == std::string::npos ? path : path.substr(slash + 1));
}

std::vector<uint8_t> serialize_dataset(const Dataset& d) {
  std::vector<uint8_t> out{'M', 'L', 'P', 'G'};
  put_u32(out, kVersion);
  put_u32(out, uint32_t(d.count));
  put_u32(out, uint32_t(d.item_shape.rank));
  for (int i = 0; i < d.item_shape.rank; ++i) put_u32(out, uint32_t(d.item_shape.dims[i]));
  put_u32(out, uint32_t(d.classes));
  out.insert(out.end(), d.items.begin(), d.items.end());
  out.insert(out.end(), d.labels.begin(), d.labels.end());
  return out;
}

void Dataset::gather(const std::vector<int>& idx, std::vector<float>& x, std::vector<int>& y) const {
  const int64_t sz = item_size();
  x.resize(idx.size() * size_t(sz));
  y.resize(idx.size());
  for (size_t i = 0; i < idx.size(); ++i) {
    const uint8_t* src = items.data() + int64_t(idx[i]) * sz;
    float* dst = x.data() + int64_t(i) * sz;
    for (int64_t j = 0; j < sz; ++j) dst[j] = float(src[j]) * (1.f / 255.f);
    y[i] = labels[size_t(idx[i])];
  }
}

Dataset Dataset::head(int n) const {
  if (n < 0 || n > count) throw DatasetError(name + ": head(" + std::to_string(n) + ") of " + std::to_string(count));
  Dataset d = *this;
  d.count = n;
  d.items.resize(size_t(n) * size_t(item_size()));
  d.labels.resize(size_t(n));
  return d;
}

}  // namespace mlpg
