// CSV through libcsv: the input is fed one physical line at a time, so every
// cell libcsv hands back is known to end on that line (a quoted cell may
// have begun on an earlier one); the messages name line and column.
#include "io/csv.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

extern "C" {
#include <csv.h>
}

namespace mlpg {

namespace {

std::string at(int line, int column) {
  std::string s = "line " + std::to_string(line);
  if (column > 0) s += ", column " + std::to_string(column);
  return s;
}

std::string shown(const std::string& cell) {  // a cell quoted in a message, kept short
  std::string s = cell.size() > 24 ? cell.substr(0, 24) + "..." : cell;
  return "'" + s + "'";
}

std::string trim(std::string s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The first byte offset of an invalid UTF-8 sequence, or npos.
size_t invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const int n = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (n < 0 || (n == 1 && c < 0xC2) || (n == 3 && c > 0xF4) || i + size_t(n) >= s.size()) return i;
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + size_t(k)]) >> 6) != 0x2) return i;
    i += size_t(n) + 1;
  }
  return std::string_view::npos;
}

struct Collector {
  const CsvLimits* limits;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
  std::vector<std::string> row;
  int line = 1;
  std::string error;
  int error_column = 0;
};

void on_cell(void* data, size_t len, void* user) {
  auto* c = static_cast<Collector*>(user);
  if (!c->error.empty()) return;
  if (int(c->row.size()) >= c->limits->max_columns) {
    c->error = "more than " + std::to_string(c->limits->max_columns) + " columns";
    c->error_column = int(c->row.size()) + 1;
    return;
  }
  c->row.push_back(data ? trim(std::string(static_cast<const char*>(data), len)) : std::string());
}

void on_row(int, void* user) {
  auto* c = static_cast<Collector*>(user);
  if (!c->error.empty()) return;
  const bool blank = c->row.empty() || (c->row.size() == 1 && c->row[0].empty());
  if (!blank) {  // blank lines are skipped, as spreadsheets write them
    if (int(c->rows.size()) > c->limits->max_rows) {  // the header may be one of them
      c->error = "more than " + std::to_string(c->limits->max_rows) + " rows: use a sample of the file";
      return;
    }
    c->rows.push_back(std::move(c->row));
    c->lines.push_back(c->line);
  }
  c->row.clear();
}

char guess_delimiter(std::string_view text) {
  const size_t end = std::min(text.find('\n'), text.size());
  int counts[3] = {0, 0, 0};
  const char cand[3] = {',', ';', '\t'};
  bool quoted = false;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '"') quoted = !quoted;
    for (int k = 0; k < 3; ++k)
      if (!quoted && text[i] == cand[k]) ++counts[k];
  }
  int best = 0;
  for (int k = 1; k < 3; ++k)
    if (counts[k] > counts[best]) best = k;
  return cand[best];
}

bool is_number_text(const std::string& cell, char delimiter) {
  try {
    csv_number(cell, delimiter, 0, 0);
    return true;
  } catch (const CsvError&) {
    return false;
  }
}

}  // namespace

CsvError::CsvError(const std::string& message, int line_, int column_)
    : std::runtime_error(line_ > 0 ? at(line_, column_) + ": " + message : message), line(line_), column(column_) {}

bool csv_missing(const std::string& cell) {
  const std::string c = lower(cell);
  return c.empty() || c == "na" || c == "n/a" || c == "?" || c == "null";
}

float csv_number(const std::string& cell, char delimiter, int line, int column) {
  std::string s = cell;
  // "1,5" is one and a half where ';' separates cells (a European spreadsheet's CSV).
  if (delimiter == ';' && s.find(',') != std::string::npos && s.find('.') == std::string::npos) std::replace(s.begin(), s.end(), ',', '.');
  const std::string l = lower(s);
  if (l.find("nan") != std::string::npos) throw CsvError("'" + cell + "' is not a number (leave the cell empty for a missing value)", line, column);
  if (l.find("inf") != std::string::npos) throw CsvError("'" + cell + "' is infinite: only finite numbers can be learned from", line, column);
  if (s.empty() || s.find_first_of("xXpP") != std::string::npos)  // no hexadecimal floats either
    throw CsvError(shown(cell) + " is not a number", line, column);
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) throw CsvError(shown(cell) + " is not a number", line, column);
  if (errno == ERANGE && std::fabs(v) > 1) throw CsvError(shown(cell) + " is too large for a number here", line, column);
  if (!std::isfinite(v) || std::fabs(v) > double(std::numeric_limits<float>::max()))
    throw CsvError(shown(cell) + " is too large (past 3.4e38, the largest float32)", line, column);
  return std::fabs(v) < double(std::numeric_limits<float>::min()) ? 0.f : float(v);
}

CsvRows read_csv(std::string_view bytes, const CsvLimits& limits) {
  if (bytes.size() > limits.max_bytes)
    throw CsvError("the file is " + std::to_string(bytes.size() / 1024) + " KB; the limit is " + std::to_string(limits.max_bytes / 1024) +
                   " KB: use a sample of it");
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // a UTF-8 byte order mark
  if (bytes.find('\0') != std::string_view::npos) throw CsvError("the file holds zero bytes: it is not a text (CSV) file");
  const size_t bad = invalid_utf8(bytes);
  if (bad != std::string_view::npos) {
    const int line = 1 + int(std::count(bytes.begin(), bytes.begin() + long(bad), '\n'));
    const size_t line_start = bytes.rfind('\n', bad == 0 ? 0 : bad - 1);
    const int col = int(bad - (line_start == std::string_view::npos || bad == 0 ? 0 : line_start + 1)) + 1;
    throw CsvError("invalid UTF-8 at byte " + std::to_string(col) + " of the line: save the file as UTF-8", line, 0);
  }
  CsvRows out;
  out.delimiter = guess_delimiter(bytes);
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) throw CsvError("could not start the CSV reader");
  csv_set_delim(&p, static_cast<unsigned char>(out.delimiter));
  Collector c;
  c.limits = &limits;
  size_t pos = 0;
  int open_line = 0;
  while (pos < bytes.size() && c.error.empty()) {
    const size_t nl = bytes.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? bytes.size() : nl + 1;
    const size_t len = end - pos;
    if (p.pstate == 0) open_line = c.line;  // libcsv's ROW_NOT_BEGUN: a row starts on this line
    if (csv_parse(&p, bytes.data() + pos, len, on_cell, on_row, &c) != len) {
      c.error = "a stray quote (\") in a cell: quote the whole cell (\"a, b\") or remove it";
      c.error_column = int(c.row.size()) + 1;
      break;
    }
    pos = end;
    ++c.line;
  }
  if (c.error.empty() && csv_fini(&p, on_cell, on_row, &c) != 0) {
    c.error = "a quoted cell is never closed (a \" without its pair)";
    c.line = open_line > 0 ? open_line : c.line - 1;
    c.error_column = int(c.row.size()) + 1;
  }
  csv_free(&p);
  if (!c.error.empty()) throw CsvError(c.error, c.line, c.error_column);
  if (c.rows.empty()) throw CsvError("the file is empty: expected a header line and rows of numbers");
  const std::vector<std::string>& first = c.rows.front();
  out.has_header = std::any_of(first.begin(), first.end(), [&](const std::string& s) {
    return !csv_missing(s) && !is_number_text(s, out.delimiter);
  });
  const size_t cols = first.size();
  if (out.has_header) {
    out.header = first;
    for (size_t i = 0; i < cols; ++i)
      if (out.header[i].empty()) out.header[i] = "c" + std::to_string(i + 1);
  } else {
    for (size_t i = 0; i < cols; ++i) out.header.push_back("c" + std::to_string(i + 1));
  }
  for (size_t r = out.has_header ? 1 : 0; r < c.rows.size(); ++r) {
    if (c.rows[r].size() != cols)
      throw CsvError("this row has " + std::to_string(c.rows[r].size()) + " cells, the " + (out.has_header ? "header" : "first row") +
                         " has " + std::to_string(cols),
                     c.lines[r]);
    out.rows.push_back(std::move(c.rows[r]));
    out.lines.push_back(c.lines[r]);
  }
  if (out.rows.empty()) throw CsvError("the file has a header but no rows of data");
  if (int(out.rows.size()) > limits.max_rows)
    throw CsvError("more than " + std::to_string(limits.max_rows) + " rows: use a sample of the file");
  return out;
}

int csv_guess_label(const CsvRows& rows) {
  for (size_t i = 0; i < rows.header.size(); ++i) {
    const std::string h = lower(rows.header[i]);
    if (h == "label" || h == "class" || h == "target" || h == "y") return int(i);
  }
  return int(rows.header.size()) - 1;
}

CsvTable csv_table(const CsvRows& in, int label_column, int max_classes) {
  CsvTable t;
  const int cols = int(in.header.size());
  for (int c = 0; c < cols; ++c)
    if (c != label_column) t.names.push_back(in.header[size_t(c)]);
  if (label_column >= 0) t.label_name = in.header[size_t(label_column)];
  t.cols = int(t.names.size());
  t.rows = int(in.rows.size());
  t.values.reserve(size_t(t.rows) * size_t(t.cols));
  bool text_labels = false;
  if (label_column >= 0)
    for (const auto& row : in.rows)
      if (!csv_missing(row[size_t(label_column)]) && !is_number_text(row[size_t(label_column)], in.delimiter)) text_labels = true;
  for (int r = 0; r < t.rows; ++r) {
    const std::vector<std::string>& row = in.rows[size_t(r)];
    const int line = in.lines[size_t(r)];
    for (int c = 0; c < cols; ++c) {
      const std::string& cell = row[size_t(c)];
      if (c == label_column) {
        if (csv_missing(cell)) throw CsvError("the label (" + t.label_name + ") is missing: every row needs one", line, c + 1);
        std::string name = cell;
        if (!text_labels) {
          const float v = csv_number(cell, in.delimiter, line, c + 1);
          if (v != std::floor(v) || v < 0 || v > 1000)
            throw CsvError("the label " + shown(cell) + " is not a class number (0, 1, 2, ...) or a class name", line, c + 1);
          name = std::to_string(int(v));
        }
        auto it = std::find(t.class_names.begin(), t.class_names.end(), name);
        if (it == t.class_names.end()) {
          if (int(t.class_names.size()) >= max_classes)
            throw CsvError("more than " + std::to_string(max_classes) + " different labels: this lesson takes at most " +
                               std::to_string(max_classes) + " classes",
                           line, c + 1);
          t.class_names.push_back(name);
          it = t.class_names.end() - 1;
        }
        t.labels.push_back(int(it - t.class_names.begin()));
        continue;
      }
      if (csv_missing(cell)) {
        t.values.push_back(std::numeric_limits<float>::quiet_NaN());
        ++t.missing;
      } else {
        t.values.push_back(csv_number(cell, in.delimiter, line, c + 1));
      }
    }
  }
  if (!text_labels && label_column >= 0) {  // numbered classes keep their numbers' order: 0, 1, 2
    std::vector<std::string> sorted = t.class_names;
    std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); });
    std::vector<int> remap(t.class_names.size());
    for (size_t i = 0; i < t.class_names.size(); ++i)
      remap[i] = int(std::find(sorted.begin(), sorted.end(), t.class_names[i]) - sorted.begin());
    for (int& l : t.labels) l = remap[size_t(l)];
    t.class_names = sorted;
  }
  return t;
}

}  // namespace mlpg
