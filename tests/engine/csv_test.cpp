// CSV files from learners (engine/io/csv): good files in the forms
// spreadsheets write, and a corpus of bad ones (tests/fixtures/csv), each with
// its own message naming the line and column, natively and in wasm.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "io/csv.h"

using namespace mlpg;

namespace {
std::string fixture(const std::string& name) {
  std::ifstream f(std::string(MLPG_FIXTURES) + "/csv/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Bad {
  const char* file;
  const char* says;  // a part of the message
  int line, column;
};

// Reads and converts every column as numbers (as the λ lab does).
CsvTable read_all(const std::string& text) { return csv_table(read_csv(text), -1); }
}  // namespace

TEST(Csv, EveryBadFileGetsItsOwnMessage) {
  const Bad bad[] = {
      {"empty.csv", "the file is empty", 0, 0},
      {"only_header.csv", "header but no rows", 0, 0},
      {"ragged.csv", "this row has 2 cells, the header has 3", 3, 0},
      {"text_in_numbers.csv", "'abc' is not a number", 3, 2},
      {"huge_number.csv", "too large", 3, 1},
      {"nan_string.csv", "'NaN' is not a number", 2, 2},
      {"inf_string.csv", "'-inf' is infinite", 3, 1},
      {"invalid_utf8.csv", "invalid UTF-8", 3, 0},
      {"lone_quote.csv", "stray quote", 3, 2},
      {"unclosed_quote.csv", "never closed", 3, 1},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.file);
    try {
      read_all(fixture(b.file));
      ADD_FAILURE() << "no error";
    } catch (const CsvError& e) {
      EXPECT_NE(std::string(e.what()).find(b.says), std::string::npos) << e.what();
      EXPECT_EQ(e.line, b.line) << e.what();
      EXPECT_EQ(e.column, b.column) << e.what();
      if (b.line > 0) {
        EXPECT_EQ(std::string(e.what()).rfind("line " + std::to_string(b.line), 0), 0u) << e.what();
      }
    }
  }
}

TEST(Csv, LimitsOnSizeRowsAndColumns) {
  std::string big = "x,y\n";
  while (big.size() < 10u << 20) big += "0.123456789,0.987654321\n";  // 10 MB
  try {
    read_csv(big);
    ADD_FAILURE() << "a 10 MB file was taken";
  } catch (const CsvError& e) {
    EXPECT_NE(std::string(e.what()).find("the limit is 4096 KB"), std::string::npos) << e.what();
  }
  std::string many = "x\n";
  for (int i = 0; i < 20001; ++i) many += "1\n";
  EXPECT_THROW(read_csv(many), CsvError);
  std::string wide;
  for (int i = 0; i < 40; ++i) wide += (i ? "," : "") + std::to_string(i);
  try {
    read_csv(wide + "\n");
    ADD_FAILURE() << "40 columns were taken";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.column, 33) << e.what();
  }
}

TEST(Csv, ReadsWhatSpreadsheetsWrite) {
  // A BOM, CRLF, ';' with decimal commas, a quoted number, text labels.
  CsvRows rows = read_csv(fixture("bom_crlf_semicolon.csv"));
  EXPECT_EQ(rows.delimiter, ';');
  ASSERT_TRUE(rows.has_header);
  EXPECT_EQ(rows.header, (std::vector<std::string>{"x1", "x2", "label"}));
  CsvTable t = csv_table(rows, csv_guess_label(rows));
  ASSERT_EQ(t.rows, 2);
  ASSERT_EQ(t.cols, 2);
  EXPECT_FLOAT_EQ(t.values[0], 1.5f);
  EXPECT_FLOAT_EQ(t.values[1], 2.f);
  EXPECT_FLOAT_EQ(t.values[2], 3.f);
  EXPECT_FLOAT_EQ(t.values[3], 4.25f);
  EXPECT_EQ(t.class_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.labels, (std::vector<int>{0, 1}));

  // A quoted header cell with a comma, a missing cell, text classes in order of appearance.
  rows = read_csv(fixture("quoted_missing.csv"));
  EXPECT_EQ(rows.header[1], "b, with comma");
  t = csv_table(rows, 2);
  EXPECT_EQ(t.missing, 1);
  EXPECT_TRUE(std::isnan(t.values[4]));
  EXPECT_EQ(t.labels, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(t.class_names, (std::vector<std::string>{"cat", "dog"}));

  // No header: numbered columns; numeric labels keep their order; a quoted cell across lines.
  rows = read_csv("0.5,1,2\n-1,2,0\n\n3,\"4\",1\n");
  EXPECT_FALSE(rows.has_header);
  EXPECT_EQ(rows.header, (std::vector<std::string>{"c1", "c2", "c3"}));
  EXPECT_EQ(rows.lines, (std::vector<int>{1, 2, 4}));
  t = csv_table(rows, 2);
  EXPECT_EQ(t.class_names, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(t.labels, (std::vector<int>{2, 0, 1}));
  rows = read_csv("name,x\n\"two\nlines\",1\nb,2\n");
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0][0], "two\nlines");
  EXPECT_EQ(rows.lines[1], 4);
  // A label that is not a class.
  try {
    csv_table(read_csv("x,label\n1,0.5\n"), 1);
    ADD_FAILURE();
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 2);
  }
  EXPECT_THROW(csv_table(read_csv("x,label\n1,\n"), 1), CsvError);  // a row without its label
}

TEST(Csv, RandomBytesNeverCrashAndNeverYieldNaNOutsideMissingCells) {
  std::mt19937 rng(12345);
  const char alphabet[] = "0123456789.,;\t\"\n\r -+eEnNaIif\xef\xbb\xbf\xff";
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string s(rng() % 60, ' ');
    for (char& c : s) c = alphabet[rng() % (sizeof alphabet - 1)];
    try {
      const CsvRows rows = read_csv(s);
      const CsvTable t = csv_table(rows, -1);
      int nan = 0;
      for (float v : t.values) {
        ASSERT_FALSE(std::isinf(v)) << s;
        nan += std::isnan(v);
      }
      EXPECT_EQ(nan, t.missing) << s;
      ++parsed;
    } catch (const CsvError&) {
    }
  }
  EXPECT_GT(parsed, 30) << "some random inputs are valid CSV";
  std::printf("random inputs: %d of 3000 parsed, the rest gave a CsvError\n", parsed);
}
