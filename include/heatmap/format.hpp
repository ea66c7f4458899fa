#pragma once
// Numbers as text, the way Python writes them: format(value, spec) implements Python 3.11's
// format-spec mini-language for ints and floats, the language of seaborn's `fmt` and of
// Matplotlib's StrMethodFormatter ("{x:.1f} ms").
//
//   [[fill]align][sign][z][#][0][width][grouping][.precision][type]
//
//   heatmap::format(2.675, ".2f")    // "2.67": rounded from the exact binary value, as Python does
//   heatmap::format(1234567, ",")    // "1,234,567"
//   heatmap::format(0.1, "")         // "0.1": the shortest text that reads back as the same double
//   heatmap::format(42.0, "d")       // "42": seaborn formats int(v) when a 'd' spec meets an
//                                    // integral float
//   heatmap::format(true, "")        // "True", as Python's str(True); "1" under "d"
//   heatmap::format_template("{x:.1f} ms", 2.25)   // "2.2 ms"
//
// Digits come from std::to_chars (correctly rounded, locale-free); the layout around them (where
// the point goes, when 'g' switches to an exponent, what '#' keeps) follows CPython's rules. Specs
// Python rejects throw std::invalid_argument carrying Python's own message and naming the spec. One
// deliberate limit: widths and precisions above 100000 are refused, where Python would try to build
// the string.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include "error.hpp"
#include "utf8.hpp"

namespace heatmap {

namespace detail {

inline constexpr long long format_limit = 100000;

struct FormatSpec {
    std::string_view fill = " ";  // one code point, UTF-8
    char align = 0;               // 0 (the default for numbers, '>'), '<', '>', '^', '='
    char sign = 0;                // 0, '+', '-', ' '
    bool no_negative_zero = false;
    bool alternate = false;
    long long width = -1;
    long long precision = -1;
    char grouping = 0;           // 0, ',' or '_'
    char type = 0;               // 0 when the spec has none
    std::string_view type_text;  // the type as written (one code point), for messages
};

// Whether `type` is one of `types`; the type 0 (none) is never in a list.
inline bool type_in(char type, std::string_view types) {
    return type != 0 && types.find(type) != std::string_view::npos;
}

[[noreturn]] inline void throw_spec_error(std::string_view spec, std::string_view why) {
    throw_invalid("invalid format spec \"" + std::string(spec) + "\": " + std::string(why) +
                  ". Write a spec that Python's format() accepts for this value, such as \"d\", "
                  "\".2f\", \".3g\" or \"+.1%\"");
}

// A spec's characters as Python's str sees them (utf8.hpp decodes for the whole library).
inline std::size_t utf8_length(std::string_view s, std::size_t at) {
    return next_utf8(s, at).length;
}

inline std::size_t count_code_points(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); i += next_utf8(s, i).length) ++n;
    return n;
}

// Python names a bad type character itself when printable, else by its code point.
inline std::string describe_type_char(std::string_view ch) {
    const auto c = static_cast<unsigned char>(ch[0]);
    if (ch.size() == 1 && c > 32 && c < 127) return std::string(1, ch[0]);
    char32_t cp = ch.size() == 1 ? c : c & (0x3F >> (ch.size() - 1));
    for (std::size_t i = 1; i < ch.size(); ++i) cp = (cp << 6) | (ch[i] & 0x3F);
    char hex[16];
    const auto end = std::to_chars(hex, hex + sizeof hex, static_cast<unsigned long>(cp), 16).ptr;
    return "\\x" + std::string(hex, end);
}

[[noreturn]] inline void throw_unknown_type(std::string_view spec, std::string_view type_char,
                                            std::string_view type_name) {
    throw_spec_error(spec, "Unknown format code '" + describe_type_char(type_char) +
                               "' for object of type '" + std::string(type_name) + "'");
}

// Python's parse_internal_render_format_spec: syntax only, then the checks that need no value.
// An int's missing type means 'd'; a float's stays 0.
inline FormatSpec parse_format_spec(std::string_view spec, std::string_view type_name,
                                    char default_type) {
    FormatSpec f;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    std::size_t pos = 0;
    bool fill_given = false;
    if (!spec.empty()) {
        const std::size_t n = utf8_length(spec, 0);
        if (spec.size() > n && is_align(spec[n])) {
            f.fill = spec.substr(0, n);
            f.align = spec[n];
            fill_given = true;
            pos = n + 1;
        } else if (is_align(spec[0])) {
            f.align = spec[0];
            pos = 1;
        }
    }
    auto next_is = [&](char c) { return pos < spec.size() && spec[pos] == c; };
    if (pos < spec.size() && (spec[pos] == '+' || spec[pos] == '-' || spec[pos] == ' ')) {
        f.sign = spec[pos++];
    }
    if (next_is('z')) f.no_negative_zero = true, ++pos;
    if (next_is('#')) f.alternate = true, ++pos;
    if (!fill_given && next_is('0')) {
        f.fill = "0";
        if (f.align == 0) f.align = '=';
        ++pos;
    }
    auto read_integer = [&](long long& out) {
        const std::size_t start = pos;
        long long value = 0;
        while (pos < spec.size() && spec[pos] >= '0' && spec[pos] <= '9') {
            if (value > (std::numeric_limits<long long>::max() - 9) / 10) {
                throw_spec_error(spec, "Too many decimal digits in format string");
            }
            value = value * 10 + (spec[pos++] - '0');
        }
        if (pos > start) out = value;
        return pos > start;
    };
    read_integer(f.width);
    if (next_is(',')) f.grouping = ',', ++pos;
    if (next_is('_')) {
        if (f.grouping) throw_spec_error(spec, "Cannot specify both ',' and '_'.");
        f.grouping = '_', ++pos;
    }
    if (next_is(',') && f.grouping == '_')
        throw_spec_error(spec, "Cannot specify both ',' and '_'.");
    if (next_is('.')) {
        ++pos;
        if (!read_integer(f.precision))
            throw_spec_error(spec, "Format specifier missing precision");
    }
    const std::string_view rest = spec.substr(pos);
    // A UTF-8 character is at most 4 bytes; more (stray continuation bytes) is not one type
    // character either, and describe_type_char could not decode it.
    if (count_code_points(rest) > 1 || rest.size() > 4) {
        throw_spec_error(spec, "Invalid format specifier '" + std::string(spec) +
                                   "' for object of type '" + std::string(type_name) + "'");
    }
    if (rest.size() > 1) throw_unknown_type(spec, rest, type_name);
    f.type = rest.empty() ? default_type : rest[0];
    f.type_text = rest;
    if (f.grouping) {
        // PEP 378 allows grouping for decimal output; PEP 515 adds '_' every four digits for
        // b/o/x/X.
        const bool allowed = f.type == 0 || type_in(f.type, "deEfFgG%") ||
                             (f.grouping == '_' && type_in(f.type, "boxX"));
        if (!allowed) {
            throw_spec_error(spec, std::string("Cannot specify '") + f.grouping + "' with '" +
                                       describe_type_char(rest) + "'.");
        }
    }
    if (f.width > format_limit || f.precision > format_limit) {
        throw_spec_error(spec, "a width or precision over " + std::to_string(format_limit) +
                                   " is refused here (Python would try to build the string)");
    }
    return f;
}

// Groups `digits` from the right, padding with zeros until the grouped text is at least `min_width`
// characters, never starting with a separator: CPython's rule for "010,.1f" giving "0,001,234.5".
inline std::string group_digits(std::string_view digits, char separator, int group,
                                long long min_width) {
    std::string out;  // built reversed
    long long remaining = static_cast<long long>(digits.size());
    long long left = min_width;
    if (!separator) {
        out.assign(digits.rbegin(), digits.rend());
        if (left > remaining) out.append(static_cast<std::size_t>(left - remaining), '0');
        return std::string(out.rbegin(), out.rend());
    }
    for (;;) {
        const long long l = std::min<long long>(std::max({remaining, left, 1LL}), group);
        const long long take = std::min(remaining, l);
        for (long long i = 0; i < take; ++i) out += digits[static_cast<std::size_t>(--remaining)];
        out.append(static_cast<std::size_t>(l - take), '0');
        left -= l;
        if (remaining <= 0 && left <= 0) break;
        out += separator;
        --left;
    }
    return std::string(out.rbegin(), out.rend());
}

// Lays out [sign][prefix][digits][rest] in the field: CPython's calc_number_widths and fill.
inline std::string layout_number(const FormatSpec& f, bool negative, std::string_view prefix,
                                 std::string_view digits, std::string_view rest, int group = 3,
                                 bool allow_grouping = true) {
    std::string sign;
    if (negative)
        sign = "-";
    else if (f.sign == '+' || f.sign == ' ')
        sign = std::string(1, f.sign);
    const std::string head = sign + std::string(prefix);
    const long long fixed_width = static_cast<long long>(head.size() + count_code_points(rest));
    const long long min_width = f.fill == "0" && f.align == '=' ? f.width - fixed_width : 0;
    const std::string body =
        group_digits(digits, allow_grouping ? f.grouping : 0, group, min_width) + std::string(rest);
    const long long length = fixed_width + static_cast<long long>(count_code_points(body)) -
                             static_cast<long long>(count_code_points(rest));
    const long long pad = std::max(0LL, f.width - length);
    auto fill = [&](long long n) {
        std::string s;
        for (long long i = 0; i < n; ++i) s += f.fill;
        return s;
    };
    switch (f.align) {
        case '<':
            return head + body + fill(pad);
        case '^':
            return fill(pad / 2) + head + body + fill(pad - pad / 2);
        case '=':
            return head + fill(pad) + body;
        default:
            return fill(pad) + head + body;
    }
}

// The exact digits of a finite non-negative double, via std::to_chars in scientific form: either
// the shortest that reads back (significant < 0) or rounded to `significant` digits. Trailing zeros
// are dropped, as dtoa drops them; `decpt` is where the decimal point goes (digits "25", decpt 1
// = 2.5).
struct Digits {
    std::string digits;
    int decpt = 1;
};

inline Digits significant_digits(double value, int significant) {
    // A double's exact decimal expansion has at most 767 significant digits: asking for more only
    // adds zeros, which are dropped below, so the buffer can stay fixed.
    char buf[832];
    significant = std::min(significant, 800);
    const auto result =
        significant < 0 ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific)
                        : std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific,
                                        significant - 1);
    const std::string_view text(buf, static_cast<std::size_t>(result.ptr - buf));
    const std::size_t e = text.find('e');
    Digits d;
    for (char c : text.substr(0, e)) {
        if (c != '.') d.digits += c;
    }
    while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
    int exponent = 0;
    std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(),
                    exponent);
    d.decpt = exponent + 1;
    return d;
}

inline std::string to_chars_string(double value, std::chars_format format, int precision) {
    std::string buf(static_cast<std::size_t>(precision) + 400, '\0');
    const auto result = std::to_chars(&buf[0], &buf[0] + buf.size(), value, format, precision);
    buf.resize(static_cast<std::size_t>(result.ptr - &buf[0]));
    return buf;
}

// CPython's format_float_short for 'g' and 'r' (repr): places the decimal point and picks between
// fixed and exponent notation. `add_dot_0` is the no-type rule: "1.0", not "1".
inline std::string place_digits(const Digits& d, char mode, int precision, bool alternate,
                                bool add_dot_0) {
    const int length = static_cast<int>(d.digits.size());
    int decpt = d.decpt;
    int end = length;
    bool use_exp = false;
    if (mode == 'g') {
        use_exp = decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision);
        if (alternate) end = precision;
    } else {
        use_exp = decpt <= -4 || decpt > 16;
    }
    const int exponent = decpt - 1;
    if (use_exp) decpt = 1;
    end = std::max(end, !use_exp && add_dot_0 ? decpt + 1 : decpt);
    std::string s;
    if (decpt <= 0) {
        s = "0." + std::string(static_cast<std::size_t>(-decpt), '0') + d.digits;
        s.append(static_cast<std::size_t>(std::max(0, end - length)), '0');
    } else if (decpt <= length) {
        s = d.digits.substr(0, static_cast<std::size_t>(decpt)) + "." +
            d.digits.substr(static_cast<std::size_t>(decpt));
        s.append(static_cast<std::size_t>(std::max(0, end - length)), '0');
    } else {
        s = d.digits + std::string(static_cast<std::size_t>(decpt - length), '0') + "." +
            std::string(static_cast<std::size_t>(end - decpt), '0');
    }
    if (s.back() == '.' && !alternate) s.pop_back();
    if (use_exp) {
        s += exponent < 0 ? "e-" : "e+";
        const int magnitude = std::abs(exponent);
        if (magnitude < 10) s += '0';
        s += std::to_string(magnitude);
    }
    return s;
}

// A parsed spec applied to a double (types e E f F g G n % and none): CPython's
// format_float_internal.
inline std::string format_float(double value, const FormatSpec& f) {
    char type = f.type;
    int precision = f.precision < 0 ? 6 : static_cast<int>(f.precision);
    bool add_dot_0 = false;
    char mode = type;
    if (type == 0) {
        add_dot_0 = true;
        mode = f.precision < 0 ? 'r' : 'g';
    } else if (type == 'n' || type == 'G') {
        mode = 'g';
    } else if (type == 'E') {
        mode = 'e';
    } else if (type == 'F' || type == '%') {
        mode = 'f';
    }
    if (type == '%') value *= 100;
    const bool upper = type == 'E' || type == 'F' || type == 'G';
    bool negative = std::signbit(value) && !std::isnan(value);
    std::string text;
    if (!std::isfinite(value)) {
        text = std::isnan(value) ? "nan" : "inf";
    } else {
        const double magnitude = std::fabs(value);
        if (mode == 'f') {
            text = to_chars_string(magnitude, std::chars_format::fixed, precision);
            if (f.alternate && precision == 0) text += '.';
        } else if (mode == 'e') {
            text = to_chars_string(magnitude, std::chars_format::scientific, precision);
            if (f.alternate && precision == 0) text.insert(text.find('e'), ".");
        } else if (mode == 'g') {
            if (precision == 0) precision = 1;
            text = place_digits(significant_digits(magnitude, precision), 'g', precision,
                                f.alternate, add_dot_0);
        } else {
            text = place_digits(significant_digits(magnitude, -1), 'r', 0, f.alternate, add_dot_0);
        }
        if (negative && f.no_negative_zero &&
            text.substr(0, text.find('e')).find_first_of("123456789") == std::string::npos) {
            negative = false;
        }
    }
    if (upper) {
        for (char& c : text) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    if (type == '%') text += '%';
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    const std::string_view view(text);
    return layout_number(f, negative, "", view.substr(0, digits), view.substr(digits), 3,
                         std::isfinite(value) && type != 'n');
}

// An integer as a sign and a magnitude that is either an unsigned long long or an integral double
// beyond that (Python's ints are unbounded; a double's int() can exceed 64 bits).
struct Integer {
    bool negative = false;
    unsigned long long small = 0;
    double big = 0;  // non-zero when the magnitude is 2^64 or more

    double to_double() const {
        const double m = big != 0 ? big : static_cast<double>(small);
        return negative ? -m : m;
    }

    std::string digits(int base) const {
        char buf[80];
        if (big == 0) {
            return std::string(buf, std::to_chars(buf, buf + sizeof buf, small, base).ptr);
        }
        if (base == 10) return to_chars_string(big, std::chars_format::fixed, 0);
        // big = mantissa * 2^shift exactly: write the mantissa's bits, then regroup them by base.
        int shift = 0;
        const double mantissa = std::frexp(big, &shift);
        const auto bits_high = static_cast<unsigned long long>(std::ldexp(mantissa, 64));
        std::string bits(buf, std::to_chars(buf, buf + sizeof buf, bits_high, 2).ptr);
        bits.append(static_cast<std::size_t>(shift - 64), '0');
        const std::size_t width = base == 2 ? 1 : base == 8 ? 3 : 4;
        bits.insert(0, (width - bits.size() % width) % width, '0');
        std::string out;
        for (std::size_t i = 0; i < bits.size(); i += width) {
            out += "0123456789abcdef"[std::stoi(bits.substr(i, width), nullptr, 2)];
        }
        return out;
    }
};

// `type_name` is the Python type messages name: "int", or "bool".
inline std::string format_integer(const Integer& value, std::string_view spec,
                                  std::string_view type_name = "int") {
    if (spec.empty()) return (value.negative ? "-" : "") + value.digits(10);
    const FormatSpec f = parse_format_spec(spec, type_name, 'd');
    if (type_in(f.type, "eEfFgG%")) return format_float(value.to_double(), f);
    if (!type_in(f.type, "bcdoxXn")) throw_unknown_type(spec, f.type_text, type_name);
    if (f.precision >= 0) {
        throw_spec_error(spec, "Precision not allowed in integer format specifier");
    }
    if (f.no_negative_zero) {
        throw_spec_error(spec,
                         "Negative zero coercion (z) not allowed in integer format specifier");
    }
    if (f.type == 'c') {
        if (f.sign) throw_spec_error(spec, "Sign not allowed with integer format specifier 'c'");
        if (f.alternate) {
            throw_spec_error(spec,
                             "Alternate form (#) not allowed with integer format specifier 'c'");
        }
        if (value.negative || value.big != 0 || value.small > 0x10FFFF) {
            throw_spec_error(spec, "%c arg not in range(0x110000)");
        }
        const auto cp = static_cast<char32_t>(value.small);
        std::string ch;
        if (cp < 0x80) {
            ch += static_cast<char>(cp);
        } else if (cp < 0x800) {
            ch += static_cast<char>(0xC0 | (cp >> 6));
            ch += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            ch += static_cast<char>(0xE0 | (cp >> 12));
            ch += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            ch += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            ch += static_cast<char>(0xF0 | (cp >> 18));
            ch += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            ch += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            ch += static_cast<char>(0x80 | (cp & 0x3F));
        }
        return layout_number(f, false, "", "", ch);
    }
    const int base = f.type == 'b'                      ? 2
                     : f.type == 'o'                    ? 8
                     : (f.type == 'x' || f.type == 'X') ? 16
                                                        : 10;
    std::string digits = value.digits(base);
    std::string prefix;
    if (f.alternate && base != 10) prefix = std::string("0") + f.type;
    if (f.type == 'X') {
        for (char& c : digits) c = (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return layout_number(f, value.negative, prefix, digits, "", base == 10 ? 3 : 4, f.type != 'n');
}

template <class T>
Integer make_integer(T value) {
    Integer i;
    if constexpr (std::is_signed_v<T>) {
        i.negative = value < 0;
        // Negate in unsigned arithmetic so that the most negative value has a magnitude too.
        i.small = i.negative ? 0ULL - static_cast<unsigned long long>(value)
                             : static_cast<unsigned long long>(value);
    } else {
        i.small = static_cast<unsigned long long>(value);
    }
    return i;
}

inline std::string describe_value(double value) {
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

}  // namespace detail

// Python's format(int(value), spec) for a double that holds an integer (seaborn's path for 'd'
// specs): exact at any magnitude, 6.02e23 gives "601999999999999995805696". A fraction, NaN or an
// infinity throws std::invalid_argument naming the value.
inline std::string format_int(double value, std::string_view spec) {
    if (!std::isfinite(value) || value != std::trunc(value)) {
        detail::throw_invalid("cannot format " + detail::describe_value(value) + " with \"" +
                              std::string(spec) +
                              "\": an integer spec needs an integral value. Use a float spec such "
                              "as \".0f\" or \"g\" for data with fractions");
    }
    detail::Integer i;
    i.negative = value < 0;
    const double magnitude = std::fabs(value);
    if (magnitude < 18446744073709551616.0) {
        i.small = static_cast<unsigned long long>(magnitude);
    } else {
        i.big = magnitude;
    }
    return detail::format_integer(i, spec);
}

// Python's format(value, spec) for a float. A spec of type 'd' formats int(value), as seaborn does
// for integral data, and throws for a value with a fraction.
inline std::string format(double value, std::string_view spec) {
    const detail::FormatSpec f = detail::parse_format_spec(spec, "float", 0);
    if (f.type == 0 || detail::type_in(f.type, "eEfFgGn%")) return detail::format_float(value, f);
    if (f.type != 'd') detail::throw_unknown_type(spec, f.type_text, "float");
    return format_int(value, spec);
}

// Python's format(value, spec) for an int (any integral type). A bool is Python's bool: "True" or
// "False" under an empty spec (Python's str), an int (1 or 0) under any other.
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
std::string format(T value, std::string_view spec) {
    if constexpr (std::is_same_v<T, bool>) {
        if (spec.empty()) return value ? "True" : "False";
        return detail::format_integer(detail::make_integer(value), spec, "bool");
    } else {
        return detail::format_integer(detail::make_integer(value), spec);
    }
}

// Throws std::invalid_argument (naming the spec) unless Python accepts `spec`: for an int when its
// type is an integer-only one (b c o x X), else for a float (where 'd' means int(value), see
// format).
inline void check_format_spec(std::string_view spec) {
    const char type = spec.empty() ? 0 : spec.back();
    if (type != 0 && std::string_view("bcoxX").find(type) != std::string_view::npos) {
        format(0LL, spec);
    } else {
        format(0.0, spec);
    }
}

// Matplotlib's StrMethodFormatter: Python's str.format(x=x, pos=pos) on a template such as
// "{x:.1f} ms" or "{x:,.0f} ({pos})". "{{" and "}}" are literal braces. Field names other than x
// and pos, conversions (!r) and nested fields throw std::invalid_argument naming the template.
inline std::string format_template(std::string_view tmpl, double x, long long pos = 0) {
    auto fail = [&](const std::string& why) {
        detail::throw_invalid("invalid format template \"" + std::string(tmpl) + "\": " + why +
                              ". Write fields as Matplotlib's StrMethodFormatter does, e.g. "
                              "\"{x:.1f} ms\" or \"{x:,.0f}\"");
    };
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        const char c = tmpl[i];
        if (c == '}') {
            if (i + 1 < tmpl.size() && tmpl[i + 1] == '}') {
                out += '}', ++i;
                continue;
            }
            fail("Single '}' encountered in format string");
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
            out += '{', ++i;
            continue;
        }
        const std::size_t close = tmpl.find('}', i + 1);
        const std::size_t nested = tmpl.find('{', i + 1);
        if (close == std::string_view::npos) {
            fail(tmpl.find(':', i + 1) == std::string_view::npos
                     ? "Single '{' encountered in format string"
                     : "unmatched '{' in format spec");
        }
        if (nested < close) fail("nested replacement fields are not supported");
        const std::string_view field = tmpl.substr(i + 1, close - i - 1);
        const std::size_t colon = field.find(':');
        const std::string_view name = field.substr(0, colon);
        const std::string_view spec =
            colon == std::string_view::npos ? std::string_view() : field.substr(colon + 1);
        if (name.find('!') != std::string_view::npos) {
            fail("conversions such as !r are not supported");
        }
        if (name == "x") {
            out += format(x, spec);
        } else if (name == "pos") {
            out += format(pos, spec);
        } else {
            fail("unknown field '" + std::string(name) + "' (only {x} and {pos} exist)");
        }
        i = close;
    }
    return out;
}

}  // namespace heatmap
