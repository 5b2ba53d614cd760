// CSV files (a learner's data): read_csv either throws CsvError or gives
// rows; the table built from them (each column tried as the label) either
// throws CsvError or holds only finite numbers and missing cells, with
// labels in range.
#include <cmath>

#include "fuzz_check.h"
#include "io/csv.h"

using namespace mlpg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CsvRows rows;
  try {
    rows = read_csv(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const CsvError&) {
    return 0;
  }
  const int columns = rows.rows.empty() ? 0 : int(rows.rows.front().size());
  for (int label = -2; label < std::min(columns, 4); ++label) {  // -2: the guess; -1: no label column
    try {
      const CsvTable t = csv_table(rows, label == -2 ? csv_guess_label(rows) : label);
      FUZZ_CHECK(t.values.size() == size_t(t.rows) * size_t(t.cols), "a table of the wrong size");
      for (float v : t.values) FUZZ_CHECK(std::isfinite(v) || std::isnan(v), "an infinite value in a table");
      for (int y : t.labels) FUZZ_CHECK(y >= 0 && y < 10, "a label out of range (10 classes at most)");
    } catch (const CsvError&) {
    }
  }
  return 0;
}
