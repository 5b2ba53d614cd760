// Model files: parse_model either throws (ModelFileError, std::invalid_argument
// or std::length_error for absurd sizes is not allowed: the loader must check
// sizes first) or gives a model that serializes to bytes that parse again to
// the same architecture and the same bytes. The character model's files go
// through the same container (parse_parameters), tried as well.
#include <stdexcept>

#include "fuzz_check.h"
#include "models/charlm.h"
#include "models/model.h"

using namespace mlpg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    Model m = parse_model(data, size, "fuzz.mlpg");
    const std::vector<uint8_t> bytes = serialize_model(m);
    Model again = parse_model(bytes.data(), bytes.size(), "again");
    FUZZ_CHECK(again.architecture() == m.architecture(), "the architecture does not round-trip");
    FUZZ_CHECK(serialize_model(again) == bytes, "the model file does not round-trip");
  } catch (const ModelFileError&) {
  } catch (const std::invalid_argument&) {
  }
  try {
    auto c = CharModel::parse(data, size, "fuzz-char.mlpg");
    const std::vector<uint8_t> bytes = c->serialize();
    FUZZ_CHECK(CharModel::parse(bytes.data(), bytes.size(), "again")->serialize() == bytes, "the character model file does not round-trip");
  } catch (const ModelFileError&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
