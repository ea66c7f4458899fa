// parse_number against Python's float() (tests/data/numbers/float_cases.tsv, written by
// tools/make_number_refs.py): the same double, bit for bit, or the same refusal, on every case.
#include <catch2/catch.hpp>
#include <heatmap/number.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

using heatmap::detail::parse_number;

namespace {

std::uint64_t bits_of(double v) {
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

// "-" when the text is refused, else the double's bits as 16 hex digits.
std::string read_as_python(const std::string& text, char mark = '.') {
    double v = 0;
    if (!parse_number(text, v, mark)) return "-";
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bits_of(v)));
    return hex;
}

}  // namespace

TEST_CASE(
    "issue 20 item 5: under- and overflow are decided by the value, not the exponent's sign") {
    const std::string zeros(400, '0');
    double v = -1;
    REQUIRE(parse_number("0." + zeros + "1", v));
    CHECK(v == 0.0);
    CHECK_FALSE(std::signbit(v));
    REQUIRE(parse_number("-0." + zeros + "1", v));
    CHECK(v == 0.0);
    CHECK(std::signbit(v));
    REQUIRE(parse_number("1" + zeros + "e-10", v));
    CHECK(v == HUGE_VAL);
    REQUIRE(parse_number("-1" + zeros + "e-10", v));
    CHECK(v == -HUGE_VAL);
    REQUIRE(parse_number("1" + zeros + "e-400", v));
    CHECK(v == 1.0);
}

TEST_CASE("every case of Python's float() reads to the same double or is refused alike") {
    std::ifstream in(std::string(HEATMAP_TEST_DATA) + "/numbers/float_cases.tsv", std::ios::binary);
    REQUIRE(in);
    std::size_t cases = 0, refused = 0, fast_cases = 0;
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.rfind('\t');
        REQUIRE(tab != std::string::npos);
        const std::string text = line.substr(0, tab), expected = line.substr(tab + 1);
        INFO(text.substr(0, 120));
        CHECK(read_as_python(text) == expected);
        // The same number written with a decimal comma reads the same (write.csv2's cells).
        if (expected != "-" && text.find(',') == std::string::npos) {
            std::string comma = text;
            for (char& c : comma)
                if (c == '.') c = ',';
            CHECK(read_as_python(comma, ',') == expected);
        }
        // The table reader's fast path, where it takes a case, agrees too.
        const char* p = text.data();
        double fast = 0;
        if (heatmap::detail::fast_decimal(p, text.data() + text.size(), '.', fast) &&
            p == text.data() + text.size()) {
            ++fast_cases;
            double v = 0;
            REQUIRE(parse_number(text, v));
            CHECK(bits_of(fast) == bits_of(v));
        }
        ++cases;
        refused += expected == "-";
    }
    CHECK(cases > 20000);
    CHECK(refused > 15);
    CHECK(fast_cases > 1000);
}

TEST_CASE("a decimal comma refuses the point, and the point refuses the comma") {
    double v = 0;
    CHECK_FALSE(parse_number("1.5", v, ','));
    CHECK_FALSE(parse_number("1,5", v));
    REQUIRE(parse_number(" -3,25e1 ", v, ','));
    CHECK(v == -32.5);
}

TEST_CASE("a million digits read correctly and in one pass") {
    std::string text = "0." + std::string(1000000, '3');
    double v = 0;
    REQUIRE(parse_number(text, v));
    CHECK(v == 1.0 / 3.0);
    text = "1" + std::string(1000000, '0') + "e-1000000";
    REQUIRE(parse_number(text, v));
    CHECK(v == 1.0);
}
