// Dataset files: parse_dataset either throws DatasetError or gives a dataset
// that serializes to the same bytes it came from when they were canonical
// (and in any case to bytes that parse to the same dataset).
#include "fuzz_check.h"
#include "io/dataset.h"

using namespace mlpg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const Dataset d = parse_dataset(data, size, "fuzz.mlpg");
    const std::vector<uint8_t> bytes = serialize_dataset(d);
    const Dataset again = parse_dataset(bytes.data(), bytes.size(), "again");
    FUZZ_CHECK(serialize_dataset(again) == bytes, "the dataset file does not round-trip");
    FUZZ_CHECK(again.count == d.count && again.classes == d.classes, "count or classes changed");
    for (uint8_t label : d.labels) FUZZ_CHECK(label < d.classes, "a label out of range was accepted");
  } catch (const DatasetError&) {
  }
  return 0;
}
