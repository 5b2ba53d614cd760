// Reading a learner's table file for a lesson (see data_file.h).
#include "data_file.h"

#include <algorithm>
#include <cmath>

namespace mlpg::ui {

namespace {
bool ends_with(const std::string& s, const char* tail) {
  const std::string t(tail);
  if (s.size() < t.size()) return false;
  std::string end = s.substr(s.size() - t.size());
  for (char& c : end) c = char(std::tolower(static_cast<unsigned char>(c)));
  return end == t;
}
}  // namespace

bool is_table_file(const std::string& name) {
  return ends_with(name, ".csv") || ends_with(name, ".tsv") || ends_with(name, ".txt") || name == kPastedName;
}

bool read_table_file(const std::string& name, const std::vector<uint8_t>& bytes, int label_column, int max_classes, CsvTable* out,
                     std::string* message) {
  try {
    const CsvRows rows = read_csv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    const int label = label_column == -2 ? csv_guess_label(rows) : label_column;
    *out = csv_table(rows, label, max_classes);
    return true;
  } catch (const CsvError& e) {
    *message = "'" + name + "': " + e.what() + ". Nothing was changed.";
    return false;
  }
}

std::vector<int> complete_rows(const CsvTable& t, const std::vector<int>& columns) {
  std::vector<int> rows;
  for (int r = 0; r < t.rows; ++r) {
    bool ok = true;
    for (int c : columns) ok = ok && !std::isnan(t.values[size_t(r) * size_t(t.cols) + size_t(c)]);
    if (ok) rows.push_back(r);
  }
  return rows;
}

void scale_to_unit(std::vector<float>& v) {
  if (v.empty()) return;
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  const float a = *lo, b = *hi;
  for (float& x : v) x = b > a ? 2.f * (x - a) / (b - a) - 1.f : 0.f;
}

}  // namespace mlpg::ui
