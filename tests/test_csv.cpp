#include <catch2/catch.hpp>
#include <heatmap/csv.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
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
                          "aggregate it into a smaller matrix first");
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
                      "pipe: the input is over the limit of 4 bytes; aggregate it into a "
                      "smaller matrix first");
    // A character device has no size: it is read as a stream (and /dev/null holds nothing).
    CHECK_THROWS_WITH(
        heatmap::read_csv_file("/dev/null"),
        "/dev/null:1:1: the file holds no data; give rows of numbers separated by ','");
}

// ---- Tables as R, pandas, NumPy and scikit-learn write them (tests/data/tables, written by
// tools/make_table_refs.py with what pandas reads from each in expected.tsv) ----

namespace {

std::vector<std::string> split_on(const std::string& s, char c) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == c) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string tables_dir() {
    return std::string(HEATMAP_TEST_DATA) + "/tables/";
}

// The options heatmap needs for a file where pandas needs more than its defaults and guessing
// cannot stand in (NumPy's header lines are comments only by convention).
CsvOptions options_for(const std::string& name) {
    CsvOptions o;
    if (name == "numpy-digits-header.csv") o.comment = '#';
    return o;
}

}  // namespace

TEST_CASE("every committed table reads as pandas reads it: shape, missing cells, values, labels") {
    std::ifstream in(tables_dir() + "expected.tsv");
    REQUIRE(in);
    int files = 0;
    for (std::string line; std::getline(in, line);) {
        const auto f = split_on(line, '\t');
        REQUIRE(f.size() == 8);
        INFO(f[0] << " (pandas: " << f[1] << ")");
        for (unsigned threads : {1u, 2u}) {
            CsvOptions o = options_for(f[0]);
            o.threads = threads;
            const Table t = heatmap::read_csv_file(tables_dir() + f[0], o);
            CHECK(t.rows == std::stoul(f[2]));
            CHECK(t.cols == std::stoul(f[3]));
            std::size_t nan = 0;
            double sum = 0;
            for (double v : t.values) {
                if (std::isnan(v))
                    ++nan;
                else
                    sum += v;
            }
            CHECK(nan == std::stoul(f[4]));
            double expected_sum = 0;
            REQUIRE(heatmap::detail::parse_number(f[5], expected_sum));
            CHECK(sum == expected_sum);  // the same doubles added in the same order: exact
            if (f[6] == "-") {
                CHECK(t.row_labels.empty());
            } else {
                REQUIRE(t.row_labels.size() == t.rows);
                CHECK(t.row_labels.front() + "|" + t.row_labels.back() == f[6]);
            }
            std::string cols;
            for (const auto& c : t.col_labels) cols += (cols.empty() ? "" : "|") + c;
            CHECK((cols.empty() ? std::string("-") : cols) == f[7]);
        }
        ++files;
    }
    CHECK(files == 17);
}

TEST_CASE("what the reader decided is said in one note each: text columns, count lines") {
    const std::string d = tables_dir();
    CHECK(heatmap::read_csv_file(d + "vega-seattle-weather.csv").notes ==
          std::vector<std::string>{d + "vega-seattle-weather.csv: left out column 'weather', which "
                                       "holds text, not numbers (--columns or --drop choose the "
                                       "columns)"});
    CHECK(heatmap::read_csv_file(d + "r-iris.csv").notes ==
          std::vector<std::string>{d +
                                   "r-iris.csv: left out column 'Species', which holds text, not "
                                   "numbers (--columns or --drop choose the columns)"});
    CHECK(heatmap::read_csv_file(d + "sklearn-iris.csv").notes ==
          std::vector<std::string>{
              d + "sklearn-iris.csv:1: \"150,4,setosa,versicolor,virginica\" looks like a count "
                  "line (rows, columns, class names) and is skipped; pass --header to read it as "
                  "column labels"});
    CHECK(read_csv("a,b,c,d\n1,x,2,y\n3,z,4,w\n").notes ==
          strings({"<csv>: left out columns 'b', 'd', which hold text, not numbers (--columns or "
                   "--drop choose the columns)"}));
    // Told to, the count line is the header; skipped, it says nothing.
    CsvOptions o;
    o.header = true;
    const Table iris = heatmap::read_csv_file(d + "sklearn-iris.csv", o);
    CHECK(iris.notes.empty());
    CHECK(iris.col_labels == strings({"150", "4", "setosa", "versicolor", "virginica"}));
    o = {};
    o.skip = 1;
    const Table skipped = heatmap::read_csv_file(d + "sklearn-iris.csv", o);
    CHECK(skipped.notes.empty());
    CHECK(skipped.rows == 150);
    CHECK(skipped.col_labels.empty());
}

TEST_CASE("R's write.table and write.csv2, gzip'ed or not, read alike") {
    const std::string d = tables_dir();
    const Table plain = heatmap::read_csv_file(d + "r-mtcars.txt");
    for (const char* name : {"r-mtcars.txt.gz", "r-mtcars-csv2.csv", "r-mtcars-fast.txt.gz"}) {
        INFO(name);
        const Table t = heatmap::read_csv_file(d + name);
        CHECK(t.values == plain.values);
        CHECK(t.row_labels == plain.row_labels);
        CHECK(t.col_labels == plain.col_labels);
    }
    CHECK(plain(0, 4) == 3.9);  // "Mazda RX4" drat; write.csv2 writes it 3,9
    // The reader says what it guessed.
    CHECK(heatmap::CsvReader(file_text(d + "r-mtcars.txt"), {}).delimiter() == ' ');
    const heatmap::CsvReader csv2(file_text(d + "r-mtcars-csv2.csv"), {});
    CHECK(csv2.delimiter() == ';');
    CHECK(csv2.decimal() == ',');
    // gzip bytes in memory read too.
    CHECK(read_csv(file_text(d + "r-mtcars.txt.gz")).values == plain.values);
}

TEST_CASE("the delimiter is guessed among tab, ';', ',' and runs of spaces") {
    CHECK(read_csv("a\tb\n1,5\t2\n").values == std::vector<double>{1.5, 2});  // tab, comma decimal
    CHECK(read_csv("a;b\n1.5;2\n").values == std::vector<double>{1.5, 2});
    CHECK(read_csv("  a   b\n  1.5   2\n 3 4   \n").values == std::vector<double>{1.5, 2, 3, 4});
    CHECK(read_csv("New York,1,2\nLos Angeles,3,4\n").row_labels ==
          strings({"New York", "Los Angeles"}));
    CHECK(read_csv("\"a b\" \"c d\"\n\"x y\" 1 2\n").col_labels == strings({"a b", "c d"}));
    // One column: nothing to guess.
    CHECK(read_csv("x\n1\n2\n").values == std::vector<double>{1, 2});
    // Numbers with a decimal point beside numbers with a comma: the point wins, and the comma
    // cell is refused naming the option.
    CHECK(error_of("a;b\n1.5;2,5\n3;4\n") ==
          "in.csv:2:5: \"2,5\" is not a number; write a number such as 1.5, or leave the cell "
          "empty (or NA) for a missing value; for numbers with a decimal comma pass --decimal ,");
    CsvOptions comma;
    comma.decimal = ',';
    CHECK(error_of("a;b;c\nx;1.5;2,5\ny;3;4\n", comma) ==
          "in.csv:2:3: \"1.5\" is not a number; write a number such as 1.5, or leave the cell "
          "empty (or NA) for a missing value; for numbers with a decimal point pass --decimal .");
    comma.delimiter = ',';
    CHECK_THROWS_WITH(read_csv("1;2\n", comma),
                      "the decimal mark ',' cannot be read with ',' as the delimiter; choose "
                      "another delimiter, such as ';'");
}

TEST_CASE("the missing-value spellings pandas reads as NaN, and '?'") {
    const std::string row =
        ",#N/A,#N/A N/A,#NA,-1.#IND,-1.#QNAN,-NaN,-nan,1.#IND,1.#QNAN,<NA>,N/A,NA,NULL,NaN,None,"
        "n/a,nan,null,?, NA ,nAn";
    const Table t = read_csv(row + "\n" + row + "\n");
    REQUIRE(t.cols == 22);
    for (double v : t.values) CHECK(std::isnan(v));
    // Not missing values: other words are text.
    CHECK(error_of("1,2\n3,none\n4,5\n").find("\"none\" is not a number") != std::string::npos);
}

TEST_CASE("--skip, --comment, a count line and lines before the table") {
    CsvOptions o;
    o.skip = 2;
    CHECK(read_csv("title\nsubtitle, with a comma\na,b\n1,2\n", o).col_labels ==
          strings({"a", "b"}));
    o = {};
    o.comment = '#';
    const Table t = read_csv("# made by hand\na,b\n# a note \"with a quote\n1,2\n#\n3,4\n", o);
    CHECK(t.values == std::vector<double>{1, 2, 3, 4});
    CHECK(t.col_labels == strings({"a", "b"}));
    // Line numbers count the skipped lines.
    CHECK(error_of("# x\n1,2\n3,y\n4,5\n", o) ==
          "in.csv:3:3: \"y\" is not a number; write a number such as 1.5, or leave the cell empty "
          "(or NA) for a missing value; if column 1 holds text, pass --drop 1");
    CHECK(error_of("Table 1: results\na,b,c\n1,2,3\n4,5,6\n") ==
          "in.csv:1:1: the first line has 1 cell but the rows below it have 3; if it is not part "
          "of the table (a title, a count), pass --skip 1");
    CHECK(error_of("# a,b\n1,2,3\n4,5,6\n") ==
          "in.csv:1:1: the first line has 2 cells but the rows below it have 3; if lines starting "
          "with '#' are comments, pass --comment '#'");
    CHECK(error_of(file_text(tables_dir() + "numpy-digits-header.csv")) ==
          "in.csv:1:1: the first line has 2 cells but the rows below it have 64; if lines "
          "starting with '#' are comments, pass --comment '#'");
}

TEST_CASE("--columns and --drop choose columns by label or by index among the data columns") {
    const std::string text = "day,temp,weather,wind\nmon,12.5,rain,3\ntue,14,sun,4\n";
    CsvOptions o;
    o.columns = {"wind", "0"};
    Table t = read_csv(text, o);
    CHECK(t.col_labels == strings({"wind", "temp"}));
    CHECK(t.values == std::vector<double>{3, 12.5, 4, 14});
    CHECK(t.notes.empty());
    o = {};
    o.drop = {"weather"};
    t = read_csv(text, o);
    CHECK(t.col_labels == strings({"temp", "wind"}));
    CHECK(t.notes.empty());
    o.drop = {"1", "wind"};
    CHECK(read_csv(text, o).col_labels == strings({"temp"}));
    o = {};
    o.columns = {"weather"};
    CHECK(error_of(text, o) ==
          "in.csv:2:10: \"rain\" is not a number; write a number such as 1.5, or leave the cell "
          "empty (or NA) for a missing value; column 'weather' holds text: leave it out of "
          "--columns");
    o.columns = {"rain"};
    CHECK_THROWS_WITH(read_csv(text, o, "in.csv"),
                      "in.csv: --columns: no column \"rain\"; give a column's label (temp, "
                      "weather, wind) or its index from 0 to 2 among the 3 data columns");
    o.columns = {"temp", "0"};
    CHECK_THROWS_WITH(read_csv(text, o, "in.csv"),
                      "in.csv: --columns: column \"0\" is named twice; name each column once");
    o = {};
    o.drop = {"temp", "wind"};
    CHECK(error_of(text, o) ==
          "in.csv: no column holds numbers: 'weather' hold text; give a table of numbers (if the "
          "rows are split at the wrong character, pass --delimiter)");
}

TEST_CASE("issue 20 item 5: cells read exactly as Python's float() reads them") {
    const std::string zeros(400, '0');
    const Table t = read_csv("0." + zeros + "1,-0." + zeros + "1,1" + zeros + "e-10,0.1\n");
    REQUIRE(t.cols == 4);
    CHECK(t(0, 0) == 0.0);
    CHECK(t(0, 1) == 0.0);
    CHECK(std::signbit(t(0, 1)));
    CHECK(t(0, 2) == HUGE_VAL);
    CHECK(t(0, 3) == 0.1);
}

TEST_CASE("issue 20 item 6: cells in messages are escaped, whole characters, as typed") {
    // A NUL does not cut the message; escape sequences are shown, not sent to the terminal.
    const std::string nul = error_of(std::string("a,b\n1,2\n3,x\0\x1b[31mred\n", 21));
    CHECK(nul ==
          "in.csv:3:3: \"x\\x00\\x1b[31mred\" is not a number; write a number such as 1.5, or "
          "leave the cell empty (or NA) for a missing value; if column 'b' holds text, pass "
          "--drop b");
    // 45 two-byte characters: 40 shown whole, then "...".
    std::string e;
    for (int i = 0; i < 45; ++i) e += "\xC3\xA9";
    const std::string cut = error_of("a,b\n1,2\n3," + e + "\n");
    std::string shown;
    for (int i = 0; i < 40; ++i) shown += "\xC3\xA9";
    CHECK(cut.find("\"" + shown + "...\" is not a number") != std::string::npos);
    // Bytes that are not UTF-8, and C1 controls, are escaped too; numbers are shown as typed.
    CHECK(error_of("a,b\n1,2\n3,\xFF\xC2\x9B"
                   "1.50x\n")
              .find("\"\\xff\\u009b1.50x\"") != std::string::npos);
    CHECK(error_of("a,b\n1,2\n3,1.2.3\n").find("\"1.2.3\"") != std::string::npos);
}

TEST_CASE("issue 20 item 8: a huge cell fails early, naming its place; so does /dev/zero") {
    // A 3 MiB label: refused at its start, line 2, column 1, after reading no more than its
    // first MiB's worth of checking.
    const std::string label(3 << 20, 'L');
    CHECK(error_of(",a\n" + label + ",1\n") ==
          "in.csv:2:1: a cell longer than 1 MiB, more than a label or number can be; is this a "
          "table, with the delimiter ','? (--delimiter chooses another)");
    // /dev/zero: NUL bytes with no line break, never ending. Read through a source that counts.
    std::FILE* zero = std::fopen("/dev/zero", "rb");
    REQUIRE(zero);
    std::size_t read = 0;
    const auto source = [&](char* buf, std::size_t n) {
        const std::size_t got = std::fread(buf, 1, n, zero);
        read += got;
        return got;
    };
    CHECK_THROWS_WITH(heatmap::CsvReader(source, {}, "/dev/zero", 1 << 16),
                      "/dev/zero:1:1: a cell longer than 1 MiB, more than a label or number can "
                      "be; is this a table, with the delimiter ','? (--delimiter chooses another)");
    CHECK(read < (std::size_t{3} << 20));
    std::fclose(zero);
    CHECK_THROWS_WITH(heatmap::read_csv_file("/dev/zero"),
                      "/dev/zero:1:1: a cell longer than 1 MiB, more than a label or number can "
                      "be; is this a table, with the delimiter ','? (--delimiter chooses another)");
}

TEST_CASE("issue 20 item 8: files whose size reads as 0 are read; read errors are read errors") {
    // /proc/self/statm: seven numbers separated by spaces, and a size of 0.
    const Table statm = heatmap::read_csv_file("/proc/self/statm");
    CHECK(statm.rows == 1);
    CHECK(statm.cols == 7);
    CHECK(statm(0, 0) > 0);
    // A folder as standard input: read() fails with EISDIR, which is reported as such.
    std::FILE* dir = std::fopen(HEATMAP_TEST_DATA, "rb");
    REQUIRE(dir);
    CHECK_THROWS_AS(heatmap::read_csv_stdio(dir, {}, "<stdin>"), heatmap::io_error);
    std::rewind(dir);
    CHECK_THROWS_WITH(heatmap::read_csv_stdio(dir, {}, "<stdin>"),
                      "cannot read <stdin>: Is a directory");
    std::fclose(dir);
}

TEST_CASE("UTF-16 text is refused with the way to convert it") {
    CHECK(error_of(std::string("\xFF\xFE"
                               "a\0,\0b\0",
                               8)) ==
          "in.csv:1:1: the file is UTF-16 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8), "
          "or convert it with iconv -f UTF-16 -t UTF-8");
}

// ---- Streaming and threads ----

namespace {

// Row i of a generated table: a label and `cols` numbers that say where they are.
std::string generated_row(std::size_t i, std::size_t cols) {
    std::string row = "r" + std::to_string(i);
    for (std::size_t c = 0; c < cols; ++c)
        row += "," + std::to_string(i) + "." + std::to_string(c % 10) + "5";
    return row + "\n";
}

}  // namespace

TEST_CASE("a table larger than the reader's window streams in blocks, in bounded memory") {
    // 200,000 rows of 10 numbers (about 16 MB) made as they are read: never held whole here
    // either. The reader reads 64 KiB at a time.
    const std::size_t rows = 200000, cols = 10, chunk = 1 << 16;
    std::size_t made = 0, served = 0;
    std::string pending = "," + std::string("c0,c1,c2,c3,c4,c5,c6,c7,c8,c9") + "\n";
    const auto source = [&](char* buf, std::size_t n) {
        std::size_t out = 0;
        while (out < n) {
            if (pending.empty()) {
                if (made == rows) break;
                pending = generated_row(made++, cols);
            }
            const std::size_t k = std::min(n - out, pending.size());
            std::memcpy(buf + out, pending.data(), k);
            pending.erase(0, k);
            out += k;
        }
        served += out;
        return out;
    };
    heatmap::CsvReader reader(source, {}, "gen.csv", chunk);
    REQUIRE(reader.cols() == cols);
    REQUIRE(reader.has_row_labels());
    CHECK(reader.col_labels().front() == "c0");
    heatmap::CsvRows block;
    std::size_t seen = 0, blocks = 0;
    bool right = true;
    while (reader.read(block, 1000)) {
        CHECK(block.first_row == seen);
        CHECK(block.rows <= 1000);
        REQUIRE(block.values.size() == block.rows * cols);
        REQUIRE(block.row_labels.size() == block.rows);
        for (std::size_t r = 0; r < block.rows; ++r) {
            const std::size_t i = seen + r;
            right = right && block.row_labels[r] == "r" + std::to_string(i);
            for (std::size_t c = 0; c < cols; ++c)
                right =
                    right && block.values[r * cols + c] ==
                                 std::stod(std::to_string(i) + "." + std::to_string(c % 10) + "5");
        }
        seen += block.rows;
        ++blocks;
    }
    CHECK(right);
    CHECK(seen == rows);
    CHECK(blocks >= rows / 1000);
    CHECK(served > (std::size_t{15} << 20));
    // Peak memory is the window, bounded by the chunk (and one row), not by the table.
    CHECK(reader.peak_window_bytes() <= 3 * chunk);
    CHECK_FALSE(reader.read(block, 1000));
    CHECK(block.rows == 0);
}

TEST_CASE("a streamed table reads exactly as one read whole; so does any number of threads") {
    std::string text = ",a,b,c,d,e\n";
    for (std::size_t i = 0; i < 30000; ++i) {
        text += "row " + std::to_string(i) + ",";
        text += std::to_string(i * 0.37) + "," + (i % 7 == 0 ? "NA" : std::to_string(i % 13)) +
                ",\"" + std::to_string(i) + "e-3\",1e" + std::to_string(i % 400) + ", 0.1 \n";
    }
    CsvOptions one;
    one.threads = 1;
    const Table whole = read_csv(text, one);
    REQUIRE(whole.rows == 30000);
    for (unsigned threads : {2u, 3u, 8u}) {
        CsvOptions o;
        o.threads = threads;
        const Table t = read_csv(text, o);
        CHECK(std::memcmp(t.values.data(), whole.values.data(),
                          whole.values.size() * sizeof(double)) == 0);
        CHECK(t.row_labels == whole.row_labels);
    }
    std::istringstream in(text);
    heatmap::CsvReader reader(in, one, "in.csv", 4096);
    heatmap::CsvRows block;
    std::vector<double> values;
    std::vector<std::string> labels;
    while (reader.read(block, 777)) {
        values.insert(values.end(), block.values.begin(), block.values.end());
        labels.insert(labels.end(), block.row_labels.begin(), block.row_labels.end());
    }
    CHECK(std::memcmp(values.data(), whole.values.data(), whole.values.size() * sizeof(double)) ==
          0);
    CHECK(labels == whole.row_labels);
    // Faults: the earliest is reported, whatever the threads (each finds its own first).
    std::string bad = text;
    bad.replace(bad.find("row 25000,") + 10, 1, "x");
    bad.replace(bad.find("row 20000,") + 10, 1, "y");
    bad.replace(bad.find("row 9000,"), 9, "row 9000,1,");
    std::string expected;
    for (unsigned threads : {1u, 2u, 4u}) {
        CsvOptions o;
        o.threads = threads;
        const std::string message = error_of(bad, o);
        if (expected.empty()) expected = message;
        CHECK(message == expected);
    }
    CHECK(expected.rfind("in.csv:9002:", 0) == 0);
}
