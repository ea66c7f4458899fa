#include <catch2/catch.hpp>
#include <heatmap/format.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

using heatmap::format;

namespace {

// RFC 4180 rows as Python's csv module writes them (quoted fields, doubled quotes, CRLF or LF).
std::vector<std::vector<std::string>> read_csv(const std::string& name) {
    std::ifstream in(std::string(HEATMAP_TEST_DATA) + "/numbers/" + name, std::ios::binary);
    REQUIRE(in.good());
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> fields(1);
        bool quoted = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"', ++i;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.emplace_back();
            } else {
                fields.back() += c;
            }
        }
        rows.push_back(fields);
    }
    return rows;
}

double parse_double(const std::string& text) {
    return std::strtod(text.c_str(), nullptr);
}

// Python's text, or for an "ERROR: why" row: our exception, which must carry Python's reason and
// the spec.
std::string outcome(const std::function<std::string()>& run) {
    try {
        return run();
    } catch (const std::invalid_argument& e) {
        return std::string("ERROR: ") + e.what();
    }
}

void check_row(const std::string& spec, const std::string& value, const std::string& expected,
               const std::string& got) {
    INFO("format(" << value << ", \"" << spec << "\")");
    if (expected.rfind("ERROR: ", 0) == 0) {
        CHECK_THAT(got, Catch::StartsWith("ERROR: invalid format spec \"" + spec +
                                          "\": " + expected.substr(7)));
    } else {
        CHECK(got == expected);
    }
}

}  // namespace

TEST_CASE("every row of Python's formats.csv, rounding and rejections included") {
    const auto rows = read_csv("formats.csv");
    REQUIRE(rows.size() == 448);
    for (const auto& row : rows) {
        const std::string& spec = row[0];
        const std::string& value = row[1];
        const bool is_float = value.find_first_of(".en") != std::string::npos;
        const std::string got = outcome([&] {
            if (is_float) return format(parse_double(value), spec);
            // Python's ints are unbounded; 6.02e23 as an int goes through format_int (int(value)).
            if (value.size() > 18) return heatmap::format_int(parse_double(value), spec);
            return format(std::stoll(value), spec);
        });
        check_row(spec, value, row[2], got);
    }
}

TEST_CASE("the corners of the mini-language match Python (tools/gen_formats.py)") {
    const auto rows = read_csv("format_cases.csv");
    REQUIRE(rows.size() > 6000);
    for (const auto& row : rows) {
        const std::string got = outcome([&] {
            return row[0] == "int" ? format(std::stoll(row[1]), row[2])
                                   : format(parse_double(row[1]), row[2]);
        });
        check_row(row[2], row[1], row[3], got);
    }
}

TEST_CASE("a 'd' spec formats an integral double as int(value), as seaborn does") {
    CHECK(format(42.0, "d") == "42");
    CHECK(format(-3.0, "+05d") == "-0003");
    CHECK(format(1234567.0, ",d") == "1,234,567");
    CHECK(heatmap::format_int(6.02e23, "x") == "7f7a7c42a34d84000000");
    CHECK(heatmap::format_int(-6.02e23, "#b").substr(0, 13) == "-0b1111111011");
    CHECK_THROWS_WITH(format(2.5, "d"), Catch::StartsWith("cannot format 2.5 with \"d\""));
    CHECK_THROWS_WITH(heatmap::format_int(std::nan(""), ","),
                      Catch::StartsWith("cannot format nan"));
    CHECK_THROWS_WITH(format(1.5, "x"),
                      Catch::Contains("Unknown format code 'x' for object of type 'float'"));
}

TEST_CASE("every integral type formats exactly, the extremes included") {
    CHECK(format(std::numeric_limits<std::uint64_t>::max(), ",") == "18,446,744,073,709,551,615");
    CHECK(format(std::numeric_limits<long long>::min(), "d") == "-9223372036854775808");
    CHECK(format(static_cast<short>(-3), "+d") == "-3");
    CHECK(format(true, "d") == "1");
    CHECK(format(static_cast<unsigned char>(200), "#x") == "0xc8");
    CHECK(format(9007199254740993LL, "") ==
          "9007199254740993");  // 2^53 + 1: no trip through double
    CHECK(format(0x263A, "c") == "\u263A");
}

TEST_CASE("an empty spec is Python's str()") {
    CHECK(format(42, "") == "42");
    CHECK(format(0.1 + 0.2, "") == "0.30000000000000004");
    CHECK(format(true, "") == "True");
}

TEST_CASE("check_format_spec accepts what Python accepts and names the spec otherwise") {
    for (const char* spec :
         {"", "d", ".2f", "+.1%", ",", "x", "#o", "c", ".3g", "n", "08.3f", "z.1f"}) {
        INFO(spec);
        CHECK_NOTHROW(heatmap::check_format_spec(spec));
    }
    CHECK_THROWS_WITH(heatmap::check_format_spec("q"),
                      Catch::StartsWith("invalid format spec \"q\": Unknown format code 'q'"));
    CHECK_THROWS_WITH(heatmap::check_format_spec(",n"),
                      Catch::Contains("Cannot specify ',' with 'n'."));
    CHECK_THROWS_WITH(heatmap::check_format_spec("+c"),
                      Catch::Contains("Sign not allowed with integer format specifier 'c'"));
    CHECK_THROWS_WITH(heatmap::check_format_spec(".2x"), Catch::Contains("Precision not allowed"));
    CHECK_THROWS_WITH(heatmap::check_format_spec("100001"), Catch::Contains("over 100000"));
}

TEST_CASE("StrMethodFormatter templates are Python's str.format(x=..., pos=...)") {
    using heatmap::format_template;
    CHECK(format_template("{x:.1f} ms", 2.25) == "2.2 ms");  // 2.25 is exact: ties go to even
    CHECK(format_template("{x}", 1.0) == "1.0");
    CHECK(format_template("{{x}} = {x:+.2e} at {pos}", 1234.5, 3) == "{x} = +1.23e+03 at 3");
    CHECK(format_template("{x:,.0f}", 1234567.0) == "1,234,567");
    CHECK(format_template("no fields", 5.0) == "no fields");
    CHECK_THROWS_WITH(format_template("{y}", 1.0), Catch::Contains("unknown field 'y'"));
    CHECK_THROWS_WITH(format_template("{x", 1.0),
                      Catch::Contains("Single '{' encountered in format string"));
    CHECK_THROWS_WITH(format_template("a}b", 1.0),
                      Catch::Contains("Single '}' encountered in format string"));
    CHECK_THROWS_WITH(format_template("{x:.1f", 1.0),
                      Catch::Contains("unmatched '{' in format spec"));
    CHECK_THROWS_WITH(format_template("{x!r}", 1.0), Catch::Contains("!r are not supported"));
    CHECK_THROWS_WITH(format_template("{x:q}", 1.0),
                      Catch::Contains("invalid format spec \"q\": Unknown format code 'q'"));
}
