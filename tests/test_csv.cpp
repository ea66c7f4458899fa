#include <catch2/catch.hpp>
#include <heatmap/csv.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using heatmap::CsvOptions;
using heatmap::read_csv;
using heatmap::Table;

namespace {

std::vector<std::string> strings(std::initializer_list<const char*> list) {
    return std::vector<std::string>(list.begin(), list.end());
}

// The error message read_csv throws for `text`, or "" when it reads it.
std::string error_of(std::string_view text, const CsvOptions& options = {}) {
    try {
        read_csv(text, options, "in.csv");
    } catch (const heatmap::invalid_input& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a bare matrix has no labels and keeps its shape row by row") {
    const Table t = read_csv("1,2,3\n4,5,6\n");
    CHECK(t.rows == 2);
    CHECK(t.cols == 3);
    CHECK(t.values == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(t(1, 0) == 4);
    CHECK(t.row_labels.empty());
    CHECK(t.col_labels.empty());
}

TEST_CASE("CRLF, CR, a byte order mark and a missing final line break read the same as LF") {
    const std::vector<double> expected{1.5, -2, 3e2, 0.25};
    CHECK(read_csv("1.5,-2\r\n3e2,0.25\r\n").values == expected);
    CHECK(read_csv("1.5,-2\r3e2,0.25").values == expected);
    CHECK(read_csv("\xEF\xBB\xBF"
                   "1.5,-2\n3e2,.25")
              .values == expected);
    CHECK(read_csv("\n1.5,-2\n\n\n3e2,0.25\n\n").rows ==
          2);  // blank lines are skipped, as pandas does
}

TEST_CASE("pandas' layout: row labels, column labels, an empty top-left cell") {
    const Table t = read_csv(",Mon,Tue\nPlatform,42,35\nSecurity,55,48\n");
    CHECK(t.rows == 2);
    CHECK(t.cols == 2);
    CHECK(t.row_labels == strings({"Platform", "Security"}));
    CHECK(t.col_labels == strings({"Mon", "Tue"}));
    CHECK(t.values == std::vector<double>{42, 35, 55, 48});
}

TEST_CASE(
    "numeric column labels such as years are a header when the corner is empty and rows have "
    "labels") {
    const Table t = read_csv(",2019,2020\nnorth,1,2\nsouth,3,4\n");
    CHECK(t.col_labels == strings({"2019", "2020"}));
    CHECK(t.row_labels == strings({"north", "south"}));
    CHECK(t.rows == 2);
    // Without row labels the same numeric first row is data.
    const Table bare = read_csv("2019,2020\n1,2\n");
    CHECK(bare.rows == 2);
    CHECK(bare.col_labels.empty());
}

TEST_CASE("a header without row labels, and row labels without a header") {
    const Table header = read_csv("a,b,c\n1,2,3\n");
    CHECK(header.col_labels == strings({"a", "b", "c"}));
    CHECK(header.row_labels.empty());
    CHECK(header.values == std::vector<double>{1, 2, 3});

    const Table index = read_csv("x,1,2\ny,3,4\n");
    CHECK(index.row_labels == strings({"x", "y"}));
    CHECK(index.col_labels.empty());
    CHECK(index.cols == 2);
    CHECK(index.values == std::vector<double>{1, 2, 3, 4});
}

TEST_CASE("missing values, infinities and the number forms Python's float() reads") {
    const Table t = read_csv("1,,NA,nan,NaN,NAN\ninf,-inf,+2.5, 7 ,1e999,-1e-999\n");
    REQUIRE(t.cols == 6);
    CHECK(t(0, 0) == 1);
    for (std::size_t c = 1; c < 6; ++c) CHECK(std::isnan(t(0, c)));
    CHECK(t(1, 0) == HUGE_VAL);
    CHECK(t(1, 1) == -HUGE_VAL);
    CHECK(t(1, 2) == 2.5);
    CHECK(t(1, 3) == 7);
    CHECK(t(1, 4) == HUGE_VAL);
    CHECK(t(1, 5) == 0.0);
    CHECK(std::signbit(t(1, 5)));
}

TEST_CASE("numbers are read exactly, as correctly rounded doubles") {
    const Table t = read_csv("0.1,-0.1299,2.675,1.7976931348623157e308\n");
    CHECK(t.values == std::vector<double>{0.1, -0.1299, 2.675, 1.7976931348623157e308});
}

TEST_CASE("RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes") {
    const Table t = read_csv(",\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"1\",2\n");
    CHECK(t.col_labels == strings({"a,b", "say \"hi\""}));
    CHECK(t.row_labels == strings({"two\nlines"}));
    CHECK(t.values == std::vector<double>{1, 2});
    // A line break inside quotes moves the line count on: the fault is reported on line 4.
    CHECK(error_of(",x\n\"a\nb\",1\nc,oops\n") ==
          "in.csv:4:3: \"oops\" is not a number; write a number such as 1.5, or leave the cell "
          "empty (or NA) for a missing value; if column 'x' holds text, pass --drop x");
}

TEST_CASE("the delimiter: tab for a .tsv source, or as given") {
    const Table tsv = read_csv("\ta b\tc\nr\t1\t2\n", {}, "data.tsv");
    CHECK(tsv.col_labels == strings({"a b", "c"}));
    CHECK(tsv.values == std::vector<double>{1, 2});
    CsvOptions semicolon;
    semicolon.delimiter = ';';
    const Table t = read_csv("a;b\n1.5;2\n", semicolon);
    CHECK(t.col_labels == strings({"a", "b"}));
    REQUIRE(t.cols == 2);
    CHECK(t.values == std::vector<double>{1.5, 2});
    // With ';' and numbers written with a comma, the comma is the decimal mark (write.csv2).
    CHECK(read_csv("a;b\n1,5;2\n", semicolon).values == std::vector<double>{1.5, 2});
    semicolon.decimal = '.';
    // Told otherwise, "1,5" is not a number, so it is taken for a row label.
    CHECK(read_csv("a;b\n1,5;2\n", semicolon).row_labels == strings({"1,5"}));
    semicolon.decimal.reset();
    semicolon.delimiter = '"';
    CHECK_THROWS_WITH(read_csv("1", semicolon),
                      Catch::StartsWith("CSV delimiter '\"' cannot be used"));
}

TEST_CASE("header and index options override the guess") {
    CsvOptions o;
    o.header = true;
    const Table numeric_header = read_csv("1,2\n3,4\n", o);
    CHECK(numeric_header.col_labels == strings({"1", "2"}));
    CHECK(numeric_header.values == std::vector<double>{3, 4});

    o = {};
    o.index = true;
    const Table numeric_index = read_csv("1,2\n3,4\n", o);
    CHECK(numeric_index.row_labels == strings({"1", "3"}));
    CHECK(numeric_index.values == std::vector<double>{2, 4});

    o = {};
    o.header = false;
    CHECK(error_of("a,b\n1,2\n", o) ==
          "in.csv:1:1: \"a\" is not a number; write a number such as 1.5, or leave the cell empty "
          "(or NA) "
          "for a missing value; if the first row holds column labels, pass --header");
    o = {};
    o.index = false;
    CHECK(error_of("1,2\nx,3\n", o) ==
          "in.csv:2:1: \"x\" is not a number; write a number such as 1.5, or leave the cell empty "
          "(or NA) "
          "for a missing value; if the first column holds row labels, pass --index");
    // With the header turned off and row labels guessed, the top-left cell is the first row's
    // label.
    o = {};
    o.header = false;
    const Table first_row_data = read_csv(",1,2\nb,3,4\n", o);
    CHECK(first_row_data.row_labels == strings({"", "b"}));
    CHECK(first_row_data.rows == 2);
}

TEST_CASE("CSV faults name the source, line and column, and say how to fix them") {
    CHECK(error_of("") ==
          "in.csv:1:1: the file holds no data; give rows of numbers separated by ','");
    CHECK(error_of("\xEF\xBB\xBF\r\n\n") ==
          "in.csv:1:1: the file holds no data; give rows of numbers separated by ','");
    CHECK(error_of(",a,b\n") ==
          "in.csv:1:1: the file holds a header line and no data; add rows of numbers below it");
    CHECK(error_of("a\nb\n") ==
          "in.csv:2:1: the file holds row labels and no numbers; add columns of numbers after the "
          "labels");
    CHECK(error_of("1,2,3\n4,5\n") ==
          "in.csv:2:4: this row has 2 cells but the table has 3 columns; give every row the same "
          "number of cells (an empty cell is a missing value; if the lines before the table are "
          "not part of it, pass --skip N)");
    CHECK(error_of("1,2\n4,5,6\n") ==
          "in.csv:2:5: this row has 3 cells but the table has 2 columns; give every row the same "
          "number of cells (a cell holding ',' needs quotes; if ',' is not the delimiter, pass "
          "--delimiter)");
    CHECK(error_of(",a\nx,1\ny,1.2.3\n") ==
          "in.csv:3:3: \"1.2.3\" is not a number; write a number such as 1.5, or leave the cell "
          "empty (or NA) for a missing value; if column 'a' holds text, pass --drop a");
    CHECK(error_of("1,\"2\n") ==
          "in.csv:1:3: a quoted cell is never closed; add the closing '\"' (a '\"' inside a quoted "
          "cell "
          "is written twice: \"\")");
    CHECK(error_of("\"a\"b,1\n") ==
          "in.csv:1:4: unexpected 'b' after a closing quote; put the whole cell inside the quotes "
          "and "
          "write a '\"' inside them as \"\"");
    CHECK(error_of("1,2\n3,++2\n").find("in.csv:2:3: \"++2\" is not a number") == 0);
    CHECK(error_of("1,2\n3,0x10\n").find("in.csv:2:3: \"0x10\" is not a number") == 0);
}

TEST_CASE("error columns count characters, so a UTF-8 label does not shift them") {
    CHECK(error_of(",a\nMünchen,x\nBerlin,1\n").find("in.csv:2:9: \"x\" is not a number") == 0);
}

TEST_CASE("a long cell is shortened in the message and line breaks never split it") {
    const std::string cell(100, 'z');
    const std::string message = error_of("1,2\n3," + cell + "\n");
    CHECK(message.find("\"" + std::string(40, 'z') + "...\" is not a number") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
}

TEST_CASE("a matrix over the cell limit is refused with a clear message, not exhausted memory") {
    CsvOptions o;
    o.max_cells = 5;
    CHECK(error_of("1,2,3\n4,5,6\n", o) ==
          "in.csv:2:5: the data has more than 5 cells, more than can be drawn; aggregate it into a "
          "smaller "
          "matrix first");
    CHECK(error_of("1,2,3\n4,5\n", o).find("this row has 2 cells") != std::string::npos);
}

TEST_CASE("read_csv_file: the gallery's files, and faults of the file itself") {
    const std::string gallery = std::string(HEATMAP_TEST_DATA) + "/figures/";
    const Table tutorial = heatmap::read_csv_file(gallery + "tutorial/data.csv");
    CHECK(tutorial.rows == 4);
    CHECK(tutorial.cols == 5);
    CHECK(tutorial.row_labels == strings({"Platform", "Security", "Billing", "Support"}));
    CHECK(tutorial.col_labels == strings({"Mon", "Tue", "Wed", "Thu", "Fri"}));
    CHECK(tutorial(2, 2) == 51);

    const Table missing = heatmap::read_csv_file(gallery + "missing-diverging/data.csv");
    CHECK(missing.rows == 6);
    CHECK(missing.cols == 6);
    // The case leaves out every cell whose row + column is a multiple of 5.
    for (std::size_t r = 0; r < 6; ++r)
        for (std::size_t c = 0; c < 6; ++c) CHECK(std::isnan(missing(r, c)) == ((r + c) % 5 == 0));

    const Table plain = heatmap::read_csv_file(gallery + "plain-no-labels/data.csv");
    CHECK(plain.rows == 12);
    CHECK(plain.cols == 16);
    CHECK(plain.row_labels.empty());
    CHECK(plain.col_labels.empty());
    CHECK(plain(0, 0) == 0.914);

    CHECK_THROWS_AS(heatmap::read_csv_file(gallery + "nowhere.csv"), heatmap::io_error);
    CHECK_THROWS_WITH(heatmap::read_csv_file(gallery + "nowhere.csv"),
                      Catch::StartsWith("cannot read " + gallery + "nowhere.csv: "));
    CHECK_THROWS_WITH(heatmap::read_csv_file(gallery + "tutorial"),
                      "cannot read " + gallery + "tutorial: it is a folder; give a CSV file");
    CsvOptions small;
    small.max_bytes = 10;
    CHECK_THROWS_WITH(heatmap::read_csv_file(gallery + "tutorial/data.csv", small),
                      gallery +
                          "tutorial/data.csv: the file is 120 bytes, over the limit of 10 bytes; "
                          "aggregate the data into a smaller matrix first");
}

TEST_CASE("a file named .tsv is read with tabs") {
    const std::string path = std::string(HEATMAP_TEST_OUT) + "/test_csv.tsv";
    std::filesystem::create_directories(HEATMAP_TEST_OUT);
    std::ofstream(path, std::ios::binary) << "\tx\ty\nr\t1\t\n";
    const Table t = heatmap::read_csv_file(path);
    CHECK(t.col_labels == strings({"x", "y"}));
    CHECK(t(0, 0) == 1);
    CHECK(std::isnan(t(0, 1)));
}

TEST_CASE("any text either reads as a consistent table or throws invalid_input") {
    // Seeded, so a failure reproduces; the alphabet is what CSV faults are made of.
    const std::string alphabet = "0123456789.,;\"\n\r-+eEnaNi \t\xEF\xBB\xBF";
    std::uint32_t state = 12345;
    const auto next = [&state] { return state = state * 1664525u + 1013904223u; };
    for (int i = 0; i < 5000; ++i) {
        std::string text(next() % 48, ' ');
        for (char& c : text) c = alphabet[(next() >> 8) % alphabet.size()];
        CsvOptions o;
        if (i % 3 == 1) o.header = (i % 2) == 0;
        if (i % 5 == 2) o.index = (i % 4) == 0;
        try {
            const Table t = read_csv(text, o, "fuzz.csv");
            INFO(text);
            CHECK(t.rows > 0);
            CHECK(t.cols > 0);
            CHECK(t.values.size() == t.rows * t.cols);
            CHECK((t.row_labels.empty() || t.row_labels.size() == t.rows));
            CHECK((t.col_labels.empty() || t.col_labels.size() == t.cols));
        } catch (const heatmap::invalid_input& e) {
            const std::string message = e.what();
            CHECK(message.rfind("fuzz.csv:", 0) == 0);
            CHECK(message.find('\n') == std::string::npos);
        }
    }
}

TEST_CASE("streams and devices are read to their end, within the size limit") {
    std::istringstream in(",a\nx,1.5\n");
    const Table t = heatmap::read_csv_stream(in);
    CHECK(t.row_labels == strings({"x"}));
    CHECK(t(0, 0) == 1.5);

    CsvOptions small;
    small.max_bytes = 4;
    std::istringstream big("1,2,3\n");
    CHECK_THROWS_WITH(heatmap::read_csv_stream(big, small, "pipe"),
                      "pipe: the input is over the limit of 4 bytes; aggregate the data into a "
                      "smaller matrix first");
    // A character device has no size: it is read as a stream (and /dev/null holds nothing).
    CHECK_THROWS_WITH(
        heatmap::read_csv_file("/dev/null"),
        "/dev/null:1:1: the file holds no data; give rows of numbers separated by ','");
}
