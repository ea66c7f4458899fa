// UTF-8 decoding and text on any bytes. decode_utf8 must give only scalar values, one U+FFFD per
// maximal bad sequence, and give back well-formed input unchanged; measuring and drawing the same
// bytes (mathtext included, since '$' is just a byte) must draw or throw std::invalid_argument.
// The first bytes pick size, angle, alignment and position; the rest is the text.

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <heatmap/text_raster.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    heatmap_fuzz::FuzzInput in(data, size);
    heatmap::TextStyle style;
    style.size_pt = in.in_range(1, 40);
    style.dpi = in.in_range(10, 200);
    style.rotation = in.flag() ? in.in_range(-720, 720) : 90.0 * in.pick(4);
    style.ha = static_cast<heatmap::HAlign>(in.pick(3));
    style.va = static_cast<heatmap::VAlign>(in.pick(5));
    style.rotation_mode =
        in.flag() ? heatmap::RotationMode::anchor : heatmap::RotationMode::standard;
    const heatmap::Point anchor{in.in_range(-100, 200), in.in_range(-100, 200)};
    const std::string_view text = in.rest();

    const std::u32string decoded = heatmap::detail::decode_utf8(text);
    HEATMAP_FUZZ_REQUIRE(decoded.size() <= text.size());
    bool replaced = false;
    for (const char32_t c : decoded) {
        HEATMAP_FUZZ_REQUIRE(c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF));
        replaced = replaced || c == heatmap::detail::replacement_character;
    }
    const std::string round_trip = heatmap_fuzz::encode_utf8(decoded);
    // Without a replacement the input was well-formed and comes back byte for byte; with one, the
    // re-encoded text is well-formed and decodes to itself.
    if (!replaced) HEATMAP_FUZZ_REQUIRE(round_trip == text);
    HEATMAP_FUZZ_REQUIRE(heatmap::detail::decode_utf8(round_trip) == decoded);

    // Long strings only slow the fuzzer down: the layout code sees everything it needs in 64 bytes.
    const std::string_view shown = text.substr(0, 64);
    try {
        const heatmap::TextExtent e = heatmap::measure_text(shown, style.size_pt, style.dpi);
        // Finite, not positive: Matplotlib itself measures "$^{^{x}}$" with a negative height.
        HEATMAP_FUZZ_REQUIRE(std::isfinite(e.width) && std::isfinite(e.height) &&
                             std::isfinite(e.descent));
        heatmap::Canvas canvas(96, 64, heatmap::Rgba{255, 255, 255, 255});
        const heatmap::Box drawn = heatmap::draw_text(canvas, shown, anchor, style);
        const heatmap::Box measured = heatmap::text_box(shown, anchor, style);
        HEATMAP_FUZZ_REQUIRE(drawn.x0 == measured.x0 && drawn.y0 == measured.y0 &&
                             drawn.x1 == measured.x1 && drawn.y1 == measured.y1);
    } catch (const std::invalid_argument& e) {
        HEATMAP_FUZZ_REQUIRE(e.what()[0] != '\0');
    }
    return 0;
}
