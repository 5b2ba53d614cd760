// Model files: the layer registry by config (layer_from_config), and
// serialize/parse/save/load with a magic, a version, the architecture as
// JSON, named tensors and a CRC-32 (the same container holds a Model or a
// CharModel: serialize_parameters / parse_parameters). Loaders validate
// everything and throw ModelFileError, never assert.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "io/json_whole.h"
#include "layers/nn.h"
#include "layers/rnn.h"
#include "models/model.h"

namespace mlpg {

std::unique_ptr<Layer> layer_from_config(const nlohmann::json& c) {
  if (!c.is_object() || !c.contains("type") || !c["type"].is_string())
    throw std::invalid_argument("layer config without a type");
  const std::string type = c["type"];
  auto act = [&]() { return activation_from_name(c.value("activation", std::string("linear"))); };
  if (type == "Dense") return std::make_unique<Linear>(json_whole<int>(c.at("units"), "units"), act());
  if (type == "Conv2D") {
    const std::string pad = c.value("padding", std::string("valid"));
    if (pad != "valid" && pad != "same") throw std::invalid_argument("Conv2D padding '" + pad + "'");
    return std::make_unique<Conv2D>(json_whole<int>(c.at("filters"), "filters"), json_whole<int>(c.at("kernel"), "kernel"), act(),
                                    json_whole_or(c, "stride", 1), pad == "same" ? Padding::Same : Padding::Valid);
  }
  if (type == "MaxPool2D") return std::make_unique<MaxPool2D>(json_whole_or(c, "pool", 2));
  if (type == "AvgPool2D") return std::make_unique<AvgPool2D>(json_whole_or(c, "pool", 2));
  if (type == "Flatten") return std::make_unique<Flatten>();
  if (type == "Dropout") return std::make_unique<Dropout>(c.at("p").get<float>());
  if (type == "Activation") return std::make_unique<ActivationLayer>(act());
  if (type == "LSTM" || type == "GRU" || type == "RNN") {
    RecurrentConfig rc;
    rc.kind = type == "LSTM" ? CellKind::LSTM : type == "GRU" ? CellKind::GRU : CellKind::RNN;
    rc.input_size = json_whole<int>(c.at("input_size"), "input_size");
    rc.hidden_size = json_whole<int>(c.at("hidden_size"), "hidden_size");
    rc.num_layers = json_whole_or(c, "num_layers", 1);
    rc.dropout = c.value("dropout", 0.f);
    return std::make_unique<Recurrent>(rc, 0);
  }
  if (type == "LastStep") return std::make_unique<LastStep>();
  if (type == "Embedding") return std::make_unique<Embedding>(json_whole<int>(c.at("vocab"), "vocab"), json_whole<int>(c.at("dim"), "dim"), 0);
  throw std::invalid_argument("unknown layer type '" + type + "'");
}


namespace {

constexpr char kModelMagic[8] = {'M', 'L', 'P', 'G', 'M', 'O', 'D', 'L'};
constexpr uint32_t kModelVersion = 1;

uint32_t crc32(const uint8_t* p, size_t n) {
  static uint32_t table[256];
  static bool init = false;
  if (!init) {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    init = true;
  }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}

struct ModelReader {
  const uint8_t* p;
  size_t left;
  const std::string& name;
  void need(size_t n, const char* what) {
    if (left < n) throw ModelFileError(name + ": truncated (while reading " + what + ")");
  }
  uint32_t u32(const char* what) {
    need(4, what);
    const uint32_t v = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    p += 4;
    left -= 4;
    return v;
  }
  std::string str(uint32_t n, const char* what) {
    need(n, what);
    std::string s(reinterpret_cast<const char*>(p), n);
    p += n;
    left -= n;
    return s;
  }
};

}  // namespace

std::vector<uint8_t> serialize_parameters(const nlohmann::json& architecture, const NamedParameters& named) {
  std::vector<uint8_t> out(kModelMagic, kModelMagic + 8);
  put_u32(out, kModelVersion);
  const std::string arch = architecture.dump();
  put_u32(out, uint32_t(arch.size()));
  out.insert(out.end(), arch.begin(), arch.end());
  put_u32(out, uint32_t(named.size()));
  for (const auto& [name, p] : named) {
    put_u32(out, uint32_t(name.size()));
    out.insert(out.end(), name.begin(), name.end());
    put_u32(out, 0);  // dtype f32
    put_u32(out, uint32_t(p->value.shape.rank));
    for (int i = 0; i < p->value.shape.rank; ++i) put_u32(out, uint32_t(p->value.shape.dims[i]));
    const size_t at = out.size();
    out.resize(at + p->value.data.size() * 4);
    for (size_t i = 0; i < p->value.data.size(); ++i) {  // little-endian f32
      uint32_t bits;
      std::memcpy(&bits, &p->value.data[i], 4);
      for (int k = 0; k < 4; ++k) out[at + i * 4 + size_t(k)] = uint8_t(bits >> (8 * k));
    }
  }
  put_u32(out, crc32(out.data(), out.size()));
  return out;
}

void parse_parameters(const uint8_t* bytes, size_t size, const std::string& name,
                      const std::function<NamedParameters(const nlohmann::json&)>& build) {
  if (size < 8 + 4 + 4 || std::memcmp(bytes, kModelMagic, 8) != 0)
    throw ModelFileError(name + ": not a model file (magic 'MLPGMODL' missing)");
  const size_t body = size - 4;
  const uint32_t stored = uint32_t(bytes[body]) | uint32_t(bytes[body + 1]) << 8 | uint32_t(bytes[body + 2]) << 16 |
                          uint32_t(bytes[body + 3]) << 24;
  ModelReader r{bytes + 8, body - 8, name};
  const uint32_t version = r.u32("version");
  if (version != kModelVersion)
    throw ModelFileError(name + ": format version " + std::to_string(version) + ", this build reads version 1");
  if (crc32(bytes, body) != stored) throw ModelFileError(name + ": checksum mismatch (the file is corrupt or truncated)");
  const uint32_t arch_len = r.u32("architecture length");
  if (arch_len > r.left) throw ModelFileError(name + ": truncated architecture");
  nlohmann::json arch;
  try {
    arch = nlohmann::json::parse(r.str(arch_len, "architecture"));
  } catch (const nlohmann::json::exception& e) {
    throw ModelFileError(name + ": architecture is not valid JSON (" + e.what() + ")");
  }
  NamedParameters named;
  try {
    // Every parameter's values are in the file (4 bytes each): no more may be allocated.
    ParameterBudget budget(int64_t(r.left / 4));
    named = build(arch);
  } catch (const ModelFileError&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelFileError(name + ": bad architecture: " + e.what());
  }
  const uint32_t count = r.u32("tensor count");
  if (count != named.size())
    throw ModelFileError(name + ": " + std::to_string(count) + " tensors for an architecture with " +
                         std::to_string(named.size()));
  for (const auto& [pname, p] : named) {
    const std::string tname = r.str(r.u32("tensor name length"), "tensor name");
    if (tname != pname) throw ModelFileError(name + ": expected tensor '" + pname + "', found '" + tname + "'");
    if (r.u32("dtype") != 0) throw ModelFileError(name + ": tensor '" + tname + "' is not float32");
    const uint32_t rank = r.u32("rank");
    Shape s;
    if (rank > uint32_t(kMaxDims)) throw ModelFileError(name + ": tensor '" + tname + "' has rank " + std::to_string(rank));
    for (uint32_t i = 0; i < rank; ++i) s.dims[s.rank++] = int(r.u32("dims"));
    if (!(s == p->value.shape))
      throw ModelFileError(name + ": tensor '" + tname + "' is " + s.str() + ", the architecture needs " + p->value.shape.str());
    r.need(p->value.data.size() * 4, "tensor data");
    for (size_t i = 0; i < p->value.data.size(); ++i) {
      const uint8_t* q = r.p + i * 4;
      const uint32_t bits = uint32_t(q[0]) | uint32_t(q[1]) << 8 | uint32_t(q[2]) << 16 | uint32_t(q[3]) << 24;
      std::memcpy(&p->value.data[i], &bits, 4);
    }
    r.p += p->value.data.size() * 4;
    r.left -= p->value.data.size() * 4;
  }
  if (r.left != 0) throw ModelFileError(name + ": " + std::to_string(r.left) + " unexpected bytes after the tensors");
}

std::vector<uint8_t> serialize_model(Model& m) { return serialize_parameters(m.architecture(), m.net.named_parameters()); }

Model parse_model(const uint8_t* bytes, size_t size, const std::string& name) {
  std::unique_ptr<Model> m;
  parse_parameters(bytes, size, name, [&](const nlohmann::json& arch) {
    const auto in = arch.at("input_shape").get<std::vector<int>>();
    for (int d : in)
      if (d < 1 || d > 65536) throw std::invalid_argument("input dimension out of range");
    m = std::make_unique<Model>(Shape::of(in));
    for (const auto& lc : arch.at("layers")) m->add_layer(layer_from_config(lc));
    return m->net.named_parameters();
  });
  return std::move(*m);
}

void save_model(Model& m, const std::string& path) {
  const auto bytes = serialize_model(m);
  const std::string tmp = path + ".tmp";  // write then rename: a crash never leaves half a file
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f || !f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size())))
      throw ModelFileError(path + ": cannot write");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw ModelFileError(path + ": cannot replace");
}

Model load_model(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) throw ModelFileError(path + ": cannot open");
  const std::streamsize size = f.tellg();
  std::vector<uint8_t> bytes(static_cast<size_t>(size < 0 ? 0 : size));
  f.seekg(0);
  if (size < 0 || !f.read(reinterpret_cast<char*>(bytes.data()), size)) throw ModelFileError(path + ": cannot read");
  return parse_model(bytes.data(), bytes.size(), path);
}

}  // namespace mlpg
