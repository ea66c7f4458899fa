// Python's format-spec mini-language on any spec and any value: a string comes back, or
// std::invalid_argument naming the spec. The first byte picks the entry point (a double, five
// integer types, a bool, format_int, a StrMethodFormatter template, check_format_spec), eight more
// make the value, the rest is the spec (or the template).

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <heatmap/format.hpp>

#include "fuzz_input.hpp"

namespace {

template <class T>
T from_bits(double d, std::uint64_t bits) {
    if constexpr (std::is_floating_point_v<T>) {
        return static_cast<T>(d);
    } else {
        return static_cast<T>(bits);  // modular: every bit pattern of T comes up
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    heatmap_fuzz::FuzzInput in(data, size);
    const std::uint8_t choice = in.byte();
    const double value = in.raw_double();
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    const std::string spec(in.rest());
    try {
        std::string out;
        switch (choice % 10) {
            case 0:
                out = heatmap::format(value, spec);
                break;
            case 1:
                out = heatmap::format(from_bits<long long>(value, bits), spec);
                break;
            case 2:
                out = heatmap::format(from_bits<unsigned long long>(value, bits), spec);
                break;
            case 3:
                out = heatmap::format(from_bits<std::int8_t>(value, bits), spec);
                break;
            case 4:
                out = heatmap::format(from_bits<std::uint16_t>(value, bits), spec);
                break;
            case 5:
                out = heatmap::format_int(value, spec);
                break;
            case 6:
                out = heatmap::format_template(spec, value, static_cast<long long>(bits));
                break;
            case 7: {
                heatmap::check_format_spec(spec);
                // A spec that passes the check formats every value of its kind without throwing,
                // except an integer spec meeting a fraction or non-finite value.
                try {
                    out = heatmap::format(value, spec);
                } catch (const std::invalid_argument&) {
                    const char type = spec.empty() ? 0 : spec.back();
                    HEATMAP_FUZZ_REQUIRE(type == 'd' || type == 'b' || type == 'c' || type == 'o' ||
                                         type == 'x' || type == 'X' || type == 'n');
                }
                break;
            }
            case 8:
                // A bool: Python's "True"/"False" under an empty spec, an int under any other.
                out = heatmap::format((bits & 1) != 0, spec);
                if (spec.empty()) HEATMAP_FUZZ_REQUIRE(out == "True" || out == "False");
                break;
            default:
                heatmap::check_format_spec(spec);
                out = heatmap::format(static_cast<long long>(bits >> 1), spec);
                break;
        }
        // Widths and precisions are capped at format_limit, so no single field runs away.
        if (choice % 10 != 6)
            HEATMAP_FUZZ_REQUIRE(
                out.size() <= 4 * static_cast<std::size_t>(heatmap::detail::format_limit) + 2048);
    } catch (const std::invalid_argument& e) {
        HEATMAP_FUZZ_REQUIRE(e.what()[0] != '\0');
    }
    return 0;
}
