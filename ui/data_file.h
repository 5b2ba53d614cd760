#pragma once
// A learner's own data for a lesson: a CSV file picked, dropped or pasted,
// read by the engine's CSV reader (engine/io/csv.h, libcsv). A lesson asks
// for the table it needs; a bad file gives one message naming the file,
// line and column, and the lesson's current data and run stay as they were.
#include <cstdint>
#include <string>
#include <vector>

#include "io/csv.h"

namespace mlpg::ui {

// A name the lessons read as a table: .csv, .tsv, .txt, or text pasted from the clipboard.
bool is_table_file(const std::string& name);
constexpr const char* kPastedName = "pasted.csv";  // what a paste is called in notices

// label_column: -2 guesses (a column named label/class/target/y, else the
// last), -1 none. On failure returns false and writes the notice.
bool read_table_file(const std::string& name, const std::vector<uint8_t>& bytes, int label_column, int max_classes,
                     CsvTable* out, std::string* message);

// Rows whose named columns are all present (not missing).
std::vector<int> complete_rows(const CsvTable& t, const std::vector<int>& columns);
// Linear map of a column's values onto [-1, 1] (a constant column maps to 0).
void scale_to_unit(std::vector<float>& v);

}  // namespace mlpg::ui
