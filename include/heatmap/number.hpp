#pragma once
// Decimal text to double, as Python's float() reads it: the one number reader behind CSV cells,
// the command's numeric options and Matplotlib's grey-level colour strings.
//
//     double v;
//     if (heatmap::detail::parse_number(" -1.5e3 ", v)) ...        // v == -1500
//     heatmap::detail::parse_number("3,9", v, ',');                 // a decimal comma (write.csv2)
//
// Forms: optional spaces (any ASCII white space, as float() strips), an optional sign, digits with
// an optional decimal mark (".5", "5." and "5" all read), an optional exponent (e or E, optional
// sign, at least one digit); or inf, infinity, nan in any case, signed. Not read, where float()
// reads them: underscores between digits ("1_000") and non-ASCII digits, since no table writer
// produces them and pandas refuses them too. Hex floats are refused, as float() refuses them.
//
// Values: correctly rounded (round half to even), whatever the number of digits; a value beyond
// the largest double is an infinity and one below half the smallest subnormal is a signed zero,
// decided by the value and not by the exponent's sign: "0." followed by 400 zeros and "1" is 0.0,
// "1" followed by 400 zeros and "e-10" is inf, as in Python. NaN comes out as one quiet NaN with
// its sign bit clear.
//
// Cost: numbers of up to 19 significant digits whose value is exact in a double after one
// multiplication or division by a power of ten (Clinger's fast path: "0.914", "-12.5", "3e10",
// what tables hold) take a few nanoseconds; everything else goes to std::from_chars, which
// libstdc++ 12 and later rounds correctly (its out-of-range answers are decided here).

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace heatmap::detail {

inline bool number_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

inline bool number_digit(char c) {
    return static_cast<unsigned char>(c - '0') < 10;
}

// True when [p, end) spells `word` (lower case) in any case.
inline bool number_word(const char* p, const char* end, std::string_view word) {
    if (static_cast<std::size_t>(end - p) != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = p[i];
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower != word[i]) return false;
    }
    return true;
}

// Powers of ten a double holds exactly.
inline double exact_power_of_ten(int e) {
    static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    return powers[e];
}

// The scan of a decimal's syntax: where it stops, and what the fast path needs.
struct DecimalScan {
    const char* end = nullptr;     // the first character not part of the number
    std::uint64_t mantissa = 0;    // up to 19 significant digits
    std::int64_t exponent = 0;     // value = mantissa * 10^exponent (before dropped digits)
    int digits = 0;                // significant digits kept in mantissa
    bool dropped_nonzero = false;  // a nonzero digit beyond the 19th: the fast path cannot be used
    bool negative = false;
    bool ok = false;  // a syntactically complete number ended at `end`
};

// Scans [sign] digits [mark digits] [(e|E) [sign] digits] from p, stopping at the first character
// that cannot continue it. ok is false when no digit was seen or an exponent has no digits.
inline DecimalScan scan_decimal(const char* p, const char* end, char mark) {
    DecimalScan s;
    if (p < end && (*p == '+' || *p == '-')) s.negative = *p++ == '-';
    bool any = false;
    const auto digit = [&s](char c, bool fraction) {
        const unsigned d = static_cast<unsigned>(c - '0');
        if (s.digits == 0 && d == 0) {
            s.exponent -= fraction;  // a leading zero: only its place counts
        } else if (s.digits < 19) {
            s.mantissa = s.mantissa * 10 + d;
            ++s.digits;
            s.exponent -= fraction;
        } else {
            s.exponent += !fraction;
            s.dropped_nonzero = s.dropped_nonzero || d != 0;
        }
    };
    for (; p < end && number_digit(*p); ++p) {
        digit(*p, false);
        any = true;
    }
    if (p < end && *p == mark) {
        ++p;
        for (; p < end && number_digit(*p); ++p) {
            digit(*p, true);
            any = true;
        }
    }
    s.end = p;
    if (!any) return s;
    if (p < end && (*p == 'e' || *p == 'E')) {
        const char* q = p + 1;
        bool negative = false;
        if (q < end && (*q == '+' || *q == '-')) negative = *q++ == '-';
        if (q >= end || !number_digit(*q)) return s;  // "1e" is not a number
        std::int64_t e = 0;
        for (; q < end && number_digit(*q); ++q)
            if (e < 1'000'000'000) e = e * 10 + (*q - '0');  // far past any double's range
        s.exponent += negative ? -e : e;
        s.end = q;
    }
    s.ok = true;
    return s;
}

// The value of a scanned decimal whose text (sign included, '.' as the mark) is [first, last).
inline double decimal_value(const DecimalScan& s, const char* first, const char* last) {
    if (s.mantissa == 0) return s.negative ? -0.0 : 0.0;
    if (!s.dropped_nonzero && s.mantissa <= (std::uint64_t{1} << 53) && s.exponent >= -22 &&
        s.exponent <= 22) {
        // Clinger: both operands are exact, so one correctly rounded operation gives the answer.
        const double m = static_cast<double>(s.mantissa);
        const double v = s.exponent < 0 ? m / exact_power_of_ten(static_cast<int>(-s.exponent))
                                        : m * exact_power_of_ten(static_cast<int>(s.exponent));
        return s.negative ? -v : v;
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range || end != last) {
        // from_chars says only "out of range": the decimal exponent of the leading digit says
        // which end. Dropped digits were counted into the exponent, so digits - 1 + exponent is it.
        const bool huge = s.exponent + s.digits - 1 > 0;
        v = huge ? std::numeric_limits<double>::infinity() : 0.0;
        return s.negative ? -v : v;
    }
    return v;
}

// The table reader's fast path: a decimal of at most 19 digits and a small exponent, starting at
// p, whose value one correctly rounded operation gives (Clinger). On success sets `out`, moves p
// past the number and returns true; otherwise returns false and leaves both alone, and the caller
// takes the general path (scan_decimal and decimal_value), which reads everything. The caller
// checks what follows the number.
inline bool fast_decimal(const char*& p, const char* end, char mark, double& out) {
    const char* q = p;
    bool negative = false;
    if (q < end && (*q == '-' || *q == '+')) negative = *q++ == '-';
    std::uint64_t m = 0;
    const char* digits = q;
    while (q < end && number_digit(*q)) m = m * 10 + static_cast<unsigned>(*q++ - '0');
    std::ptrdiff_t count = q - digits;
    int exponent = 0;
    if (q < end && *q == mark) {
        const char* fraction = ++q;
        while (q < end && number_digit(*q)) m = m * 10 + static_cast<unsigned>(*q++ - '0');
        exponent = -static_cast<int>(q - fraction);
        count += q - fraction;
    }
    if (count == 0 || count > 19) return false;
    if (q < end && (*q == 'e' || *q == 'E')) {
        const char* e = q + 1;
        bool e_negative = false;
        if (e < end && (*e == '-' || *e == '+')) e_negative = *e++ == '-';
        const char* e_digits = e;
        int n = 0;
        while (e < end && number_digit(*e) && e - e_digits < 4) n = n * 10 + (*e++ - '0');
        if (e == e_digits || (e < end && number_digit(*e))) return false;
        exponent += e_negative ? -n : n;
        q = e;
    }
    if (m > (std::uint64_t{1} << 53) || exponent < -22 || exponent > 22) {
        if (m != 0) return false;
    }
    double v = static_cast<double>(m);
    if (m != 0)
        v = exponent < 0 ? v / exact_power_of_ten(-exponent) : v * exact_power_of_ten(exponent);
    out = negative ? -v : v;
    p = q;
    return true;
}

// Reads all of `text` as one number (see the top of this file); false, leaving `out` alone, when
// it is anything else. `mark` is the decimal mark: '.' or ','.
inline bool parse_number(std::string_view text, double& out, char mark = '.') {
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end && number_space(*p)) ++p;
    while (end > p && number_space(end[-1])) --end;
    if (p == end) return false;
    const DecimalScan s = scan_decimal(p, end, mark);
    if (!s.ok || s.end != end) {
        // inf, infinity, nan, signed, in any case.
        const char* w = p;
        const bool negative = *w == '-';
        if (*w == '+' || *w == '-') ++w;
        if (number_word(w, end, "inf") || number_word(w, end, "infinity")) {
            out = negative ? -std::numeric_limits<double>::infinity()
                           : std::numeric_limits<double>::infinity();
            return true;
        }
        if (number_word(w, end, "nan")) {
            out = std::numeric_limits<double>::quiet_NaN();
            return true;
        }
        return false;
    }
    const char* first = p + (*p == '+');  // from_chars refuses '+'
    if (mark == '.') {
        out = decimal_value(s, first, end);
        return true;
    }
    // A decimal comma: from_chars reads only '.', so hand it a copy with the mark replaced (only
    // numbers off the fast path get here, and only then is the copy made).
    if (!s.dropped_nonzero && s.mantissa <= (std::uint64_t{1} << 53) && s.exponent >= -22 &&
        s.exponent <= 22) {
        out = decimal_value(s, first, end);
        return true;
    }
    std::string copy(first, end);
    for (char& c : copy)
        if (c == mark) c = '.';
    out = decimal_value(s, copy.data(), copy.data() + copy.size());
    return true;
}

}  // namespace heatmap::detail
