#pragma once
// A learner's CSV file, read with libcsv (Debian's, strict mode): a UTF-8
// BOM, CRLF or LF, quoted cells (with commas, quotes and newlines inside),
// and ',', ';' or tab as the separator (whichever the first line uses most).
// Anything else — an empty file, a header with no rows, ragged rows, text in
// a numeric column, inf/NaN spelled out, numbers past float32, invalid UTF-8,
// a stray or unclosed quote, a file or row count past the limits — is a
// CsvError whose message names the line and column. Never an assert.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mlpg {

struct CsvError : std::runtime_error {
  int line = 0, column = 0;  // 1-based; 0 when the error is about the whole file
  CsvError(const std::string& message, int line_ = 0, int column_ = 0);
};

struct CsvLimits {
  size_t max_bytes = 4u << 20;  // 4 MB: the page keeps everything in memory
  int max_rows = 20000;
  int max_columns = 32;
};

// The cells as text (trimmed), a header (the first row when any of its cells
// is not a number; else "c1", "c2", ...) and each row's line in the file.
struct CsvRows {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
  char delimiter = ',';
  bool has_header = false;
};
CsvRows read_csv(std::string_view bytes, const CsvLimits& limits = {});

// Cells that count as missing: empty, "NA", "N/A", "?", "null" (any case).
bool csv_missing(const std::string& cell);
// A number as the file writes it (a decimal comma when ';' separates cells);
// throws CsvError naming the cell for text, inf/NaN and values past float32.
float csv_number(const std::string& cell, char delimiter, int line, int column);

// The columns as numbers, NaN where a cell is missing. The label column (-1:
// none) may hold integers or text classes (at most max_classes, numbered in
// order of first appearance); a row without a label is an error.
struct CsvTable {
  std::vector<std::string> names;        // the feature columns (label excluded)
  int rows = 0, cols = 0;
  std::vector<float> values;             // rows x cols, row-major, NaN = missing
  int missing = 0;                       // missing cells
  std::string label_name;
  std::vector<int> labels;               // per row (when there is a label column)
  std::vector<std::string> class_names;  // label values in class order
};
CsvTable csv_table(const CsvRows& rows, int label_column, int max_classes = 10);
// The label column's index: one named label, class, target or y (any case), else the last.
int csv_guess_label(const CsvRows& rows);

}  // namespace mlpg
