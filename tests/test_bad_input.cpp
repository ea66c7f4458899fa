// Bad input, limits and extremes (issue 11): every invalid argument is refused with the exact
// message that names the problem and the fix, every extreme value renders, and each bug the fuzzers
// found keeps a regression test named after it. The table in the project's note lists each case
// here.

#include <catch2/catch.hpp>
#include <heatmap/cli.hpp>
#include <heatmap/heatmap.hpp>
#include <heatmap/text_raster.hpp>
#include <heatmap/ticks.hpp>
#include <heatmap/npy.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.hpp"

namespace {

using Matrix = std::vector<std::vector<double>>;
const double NaN = std::numeric_limits<double>::quiet_NaN();
const double Inf = std::numeric_limits<double>::infinity();

// The message of the exception `f` throws, which must be exactly of type E (not merely derived from
// it), or "(no exception)".
template <class E>
std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const E& e) {
        if (typeid(e) != typeid(E)) return std::string("(a ") + typeid(e).name() + ")";
        return e.what();
    } catch (const std::exception& e) {
        return std::string("(another exception: ") + e.what() + ")";
    }
    return "(no exception)";
}
std::string invalid(const std::function<void()>& f) {
    return message_of<std::invalid_argument>(f);
}

Matrix two_by_two() {
    return {{1, 2}, {3, 4}};
}

std::string out_dir(const std::string& name) {
    const std::string dir = std::string(HEATMAP_TEST_OUT) + "/bad_input/" + name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::size_t files_in(const std::string& dir) {
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) n += entry.is_regular_file();
    return n;
}

// Well-formed UTF-8: decoding then encoding (with the fuzzers' encoder, not the library's) gives
// the same bytes, since every bad byte would come back as the three bytes of U+FFFD.
bool is_utf8(const std::string& s) {
    return heatmap_fuzz::encode_utf8(heatmap::detail::decode_utf8(s)) == s;
}

struct Run {
    int status;
    std::string out, err;
};

Run run(std::vector<std::string> args, const std::string& input) {
    args.insert(args.begin(), "heatmap");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::istringstream in(input);
    std::ostringstream out, err;
    const int status = heatmap::run_cli(static_cast<int>(argv.size()), argv.data(), in, out, err);
    return {status, out.str(), err.str()};
}

}  // namespace

// ---- The matrix ----

TEST_CASE("an empty, ragged, null or overflowing matrix is refused, naming the fix") {
    using H = heatmap::Heatmap<double>;
    const std::string empty = "empty matrix: a heatmap needs at least one row and one column";
    CHECK(invalid([] { H h(Matrix{}); }) == empty);
    CHECK(invalid([] { H h(Matrix{{}}); }) == empty);
    const double one = 1;
    CHECK(invalid([&] { H h(&one, 0, 3); }) == empty);
    CHECK(invalid([&] { H::view(&one, 3, 0); }) == empty);
    CHECK(invalid([] {
              H h(Matrix{{1, 2}, {3}});
          }) == "ragged matrix: row 1 has 1 values, row 0 has 2; give every row the same length");
    CHECK(invalid([] { H h(nullptr, 2, 3); }) ==
          "null data pointer: pass the matrix's first value");
    // rows * cols would wrap around size_t: refused before anything is read or allocated.
    const std::size_t half = std::numeric_limits<std::size_t>::max() / 2 + 1;
    CHECK(invalid([&] { H::view(&one, half, 3); }) ==
          "matrix of " + std::to_string(half) + "x3 values overflows: give a smaller matrix");
}

TEST_CASE("label counts that do not match the matrix name both numbers") {
    heatmap::Heatmap<double> h(two_by_two());
    CHECK(invalid([&] {
              h.row_labels({"a", "b", "c"});
          }) == "3 row labels for 2 rows: give one label per row");
    CHECK(invalid([&] { h.col_labels({"a"}); }) ==
          "1 column labels for 2 columns: give one label per column");
    // No labels at all is not a mismatch: the ticks read 0, 1, ...
    CHECK_NOTHROW(h.row_labels({}).col_labels({}).layout());
}

// ---- Limits and norms ----

TEST_CASE("non-finite or inverted vmin and vmax are refused") {
    heatmap::Heatmap<double> h(two_by_two());
    CHECK(invalid([&] { h.vmin(NaN); }) == "vmin is not finite: give a finite number");
    CHECK(invalid([&] { h.vmax(Inf); }) == "vmax is not finite: give a finite number");
    CHECK(invalid([&] { h.vmax(-Inf); }) == "vmax is not finite: give a finite number");
    h.vmin(5).vmax(1);
    const std::string inverted = "Normalize: vmin (5) is greater than vmax (1); give vmin <= vmax.";
    CHECK(invalid([&] { h.layout(); }) == inverted);
    CHECK(invalid([&] { h.render(); }) == inverted);
}

TEST_CASE("norm parameters out of range are refused by name") {
    heatmap::Heatmap<double> h(two_by_two());
    CHECK(
        invalid([&] {
            h.norm(heatmap::LogNorm{0.0, 2.0}).render();
        }) ==
        "LogNorm: vmin must be positive (got 0); a log scale starts above 0, so give the smallest "
        "positive value to show.");
    CHECK(
        invalid([&] { h.norm(heatmap::PowerNorm{0}).render(); }) ==
        "PowerNorm: gamma must be a positive number (got 0); 1 is linear, below 1 spreads the low "
        "values, above 1 the high ones.");
    heatmap::SymLogNorm symlog;
    symlog.linthresh = 0;
    CHECK(
        invalid([&] { h.norm(symlog).render(); }) ==
        "SymLogNorm: linthresh must be positive (got 0); it is the half-width of the linear range "
        "around 0.");
    CHECK(invalid([&] {
              h.norm(heatmap::TwoSlopeNorm{5, 1.0, 4.0}).render();
          }) ==
          "TwoSlopeNorm: vmin, vcenter and vmax must increase (vmin = 1, vcenter = 5, vmax = 4); "
          "move vcenter between the limits.");
    CHECK(invalid([&] { h.norm(heatmap::CenteredNorm{NaN}).render(); }) ==
          "CenteredNorm: vcenter is nan; give a finite vcenter.");
    heatmap::BoundaryNorm bins;
    bins.boundaries = {1};
    CHECK(invalid([&] { h.norm(bins).render(); }) ==
          "BoundaryNorm: boundaries has 1 value; give at least 2 bin edges (1 bin).");
    bins.boundaries = {1, 3, 2};
    CHECK(invalid([&] { h.norm(bins).render(); }) ==
          "BoundaryNorm: boundaries must increase, but boundaries[2] = 2 follows 3; sort them and "
          "drop repeats.");
}

TEST_CASE("an unknown colormap suggests the closest names") {
    heatmap::Heatmap<double> h(two_by_two());
    CHECK(invalid([&] { h.cmap("virdis"); }) ==
          "unknown colormap \"virdis\"; did you mean \"viridis\"?");
    CHECK(invalid([&] { h.cmap("zzzzzzzzzz"); }) ==
          "unknown colormap \"zzzzzzzzzz\"; heatmap::colormap_names() lists the 178 known names "
          "(Matplotlib's, seaborn's and their _r twins).");
}

TEST_CASE("seaborn's and the legibility options refuse values they cannot use") {
    heatmap::Heatmap<double> h(two_by_two());
    CHECK(invalid([&] { h.mask({true}); }) ==
          "mask has 1 flags for 4 cells: give one flag per cell, row by row");
    CHECK(invalid([&] {
              h.annotations({"a", "b", "c"});
          }) == "annotations has 3 texts for 4 cells: give one text per cell, row by row");
    CHECK(invalid([&] { h.font_size(0); }) ==
          "font_size: 0 pt is not a font size above 0 and at most 1000 pt; give one such as 10");
    CHECK(invalid([&] { h.title_size(NaN); }) ==
          "title_size: nan pt is not a font size above 0 and at most 1000 pt; give one such as 10");
    CHECK(invalid([&] { h.center(NaN); }) == "center is not finite: give a finite number");
    CHECK(invalid([&] { h.colorbar_shrink(0); }) ==
          "colorbar_shrink 0 is outside (0, 1]: give the fraction of the axes' length the "
          "colorbar spans");
    CHECK(invalid([&] { h.extend("all"); }) ==
          "extend \"all\" is not one of neither, min, max, both: pick one of those");
    CHECK(invalid([&] { h.max_label_width(-1); }) ==
          "max_label_width -1 is not positive: give pixels above 0");
    CHECK(invalid([&] { h.min_annotation_size(0); }) ==
          "min_annotation_size: 0 pt is not a font size above 0 and at most 1000 pt; give one such "
          "as 10");
    CHECK(invalid([&] { h.colorbar_format("{y}"); }).rfind("invalid format template \"{y}\"", 0) ==
          0);
}

TEST_CASE("colors and colormaps that cannot be built are refused, naming the forms accepted") {
    heatmap::Heatmap<double> h(two_by_two());
    const std::string forms =
        ". Write \"#rgb\", \"#rrggbb\", \"#rrggbbaa\", a grey level in [0, 1] such as \"0.15\", a "
        "Matplotlib name such as \"w\", \"k\", \"white\" or \"red\", \"tab:blue\", \"C0\"..\"C9\" "
        "or "
        "\"none\".";
    CHECK(invalid([&] { h.facecolor("notacolor"); }) == "unknown color \"notacolor\"" + forms);
    CHECK(invalid([&] { h.linecolor("#12345"); }) == "invalid hex color \"#12345\"" + forms);
    CHECK(invalid([] { heatmap::Colormap::from_list("x", std::vector<heatmap::Rgba>{}); }) ==
          "Colormap::from_list got 0 colors; give at least 2.");
    CHECK(invalid([] { heatmap::colormap("viridis").resampled(0); }) ==
          "Colormap::resampled(0): n must be at least 1.");
}

// ---- Formats ----

TEST_CASE("an invalid format spec or template is refused, naming it") {
    heatmap::Heatmap<double> h(Matrix{{1, 2.5}});
    CHECK(
        invalid([&] { h.annotate(".2q"); }) ==
        "invalid format spec \".2q\": Unknown format code 'q' for object of type 'float'. Write a "
        "spec that Python's format() accepts for this value, such as \"d\", \".2f\", \".3g\" or "
        "\"+.1%\"");
    CHECK(
        invalid([&] { h.annotate_template("{y:.1f}").render(); }) ==
        "invalid format template \"{y:.1f}\": unknown field 'y' (only {x} and {pos} exist). Write "
        "fields as Matplotlib's StrMethodFormatter does, e.g. \"{x:.1f} ms\" or \"{x:,.0f}\"");
    CHECK(invalid([&] { h.annotate("d").render(); }) ==
          "the cell at row 0, column 1 holds 2.5, which format spec \"d\" prints only as a whole "
          "number: round the data or give a spec for fractions such as \".1f\"");
    CHECK(
        invalid([] { heatmap::format(1.0, "200000f"); }) ==
        "invalid format spec \"200000f\": a width or precision over 100000 is refused here (Python "
        "would try to build the string). Write a spec that Python's format() accepts for this "
        "value, such as \"d\", \".2f\", \".3g\" or \"+.1%\"");
}

// Found by fuzz_format: a spec ending in stray UTF-8 continuation bytes reached describe_type_char,
// which shifted 0x3F by (byte count - 1), undefined for 33 bytes. More than 4 bytes cannot be one
// type character, so it is now an invalid specifier, as Python calls a multi-character type.
TEST_CASE("regression: format_spec_stray_continuation_bytes (shift past int width)") {
    const std::string spec = "," + std::string(33, '\xAA') + "d";
    const std::string message = invalid([&] { heatmap::format(1LL, spec); });
    CHECK(message.rfind("invalid format spec \"" + spec + "\": Invalid format specifier", 0) == 0);
    CHECK(invalid([&] { heatmap::check_format_spec(spec); }) != "(no exception)");
    // Up to four bytes still name the character, as Python does.
    CHECK(invalid([] {
              heatmap::format(1LL, "\xE2\x82\xAC");
          }).find("Unknown format code '\\x20ac' for object of type 'int'") != std::string::npos);
}

// Found by fuzz_format: a precision past 63 significant digits ("{:.7776}") overran
// significant_digits' 64-byte buffer (to_chars failed, the exponent was read from past its text).
// Digits beyond a double's 767 exact ones are zeros, so the count is capped and the buffer sized.
TEST_CASE("regression: format_significant_digits_buffer (long precision)") {
    // Python: format(0.1, '.7776') is the exact expansion, 55 digits after "0.".
    CHECK(heatmap::format(0.1, ".7776") ==
          "0.1000000000000000055511151231257827021181583404541015625");
    CHECK(heatmap::format(0.1, "#.900g").size() == 902);  // '#' keeps all 900 digits, as Python
    CHECK(heatmap::format(1e-300, ".900").size() == 756);
    CHECK(heatmap::format(1e-300, ".900").substr(748) == "125e-300");
}

// ---- Figure size and pixels ----

TEST_CASE("figsize and dpi must be positive and finite") {
    heatmap::Heatmap<double> h(two_by_two());
    CHECK(invalid([&] { h.figsize(0, 3); }) ==
          "figsize 0x3 in is not positive: give a width and height in inches above 0");
    CHECK(invalid([&] { h.figsize(2, -1); }) ==
          "figsize 2x-1 in is not positive: give a width and height in inches above 0");
    CHECK(invalid([&] { h.figsize(NaN, 3); }) ==
          "figsize nanx3 in is not positive: give a width and height in inches above 0");
    CHECK(invalid([&] { h.dpi(0); }) ==
          "dpi: 0 is not a resolution from 1 to 10000 dpi; give one such as 100");
    CHECK(invalid([&] { h.dpi(-Inf); }) ==
          "dpi: -inf is not a resolution from 1 to 10000 dpi; give one such as 100");
    CHECK(invalid([&] { h.linewidths(-1); }) == "linewidths -1 is negative: give points >= 0");
    CHECK(invalid([&] { h.figsize(0.001, 0.001).render(); }) ==
          "image size 0x0 px is empty: figsize and dpi must give at least 1x1 pixels");
}

TEST_CASE("an image over the pixel limit is refused before any allocation") {
    heatmap::Heatmap<double> h(two_by_two());
    // 10^10 pixels (40 GB): refused by the check, not by std::bad_alloc or the system.
    h.figsize(1000, 1000).dpi(100);
    const std::string over =
        "image size 100000x100000 px is over the limit of 268435456 pixels: "
        "lower figsize or dpi, or raise max_pixels";
    CHECK(invalid([&] { h.layout(); }) == over);
    CHECK(invalid([&] { h.render(); }) == over);
    CHECK(invalid([&] { h.png(); }) == over);
    // The limit is configurable both ways.
    h.figsize(6.4, 4.8).max_pixels(1000);
    CHECK(invalid([&] { h.render(); }) ==
          "image size 640x480 px is over the limit of 1000 pixels: lower figsize or dpi, or raise "
          "max_pixels");
    h.max_pixels(640 * 480);
    CHECK(h.render().width == 640);
    CHECK(
        invalid([&] {
            heatmap::Canvas c(20000, 20000, {255, 255, 255, 255});
        }) ==
        "image size 20000x20000 px is over the limit of 268435456 pixels: lower figsize or dpi, or "
        "raise max_pixels");
}

// figsize * dpi overflowing to infinity reached the message as static_cast<long long>(inf),
// undefined behaviour (UBSan: float-cast-overflow); the size is now printed as a float.
TEST_CASE("regression: canvas_size_message_infinite_cast (figsize * dpi overflows)") {
    heatmap::Heatmap<double> h(two_by_two());
    // The dpi is refused where it is set, before any size is computed from it.
    CHECK(invalid([&] { h.dpi(1e308); }) ==
          "dpi: 1e+308 is not a resolution from 1 to 10000 dpi; give one such as 100");
    h.figsize(1e300, 1e300).dpi(10000);  // finite but beyond every integer type
    CHECK(invalid([&] { h.layout(); }).find(" px is over the limit of 268435456 pixels") !=
          std::string::npos);
}

// ---- Values ----

namespace {

// The rendered pixel at the center of cell (r, c), as the layout places it.
heatmap::Rgba pixel_at_cell(const heatmap::Image& image, const heatmap::FigureLayout& layout,
                            std::size_t r, std::size_t c) {
    const heatmap::Box& b = layout.cells[r * (layout.cells.back().col + 1) + c].box;
    const auto x = static_cast<std::size_t>((b.x0 + b.x1) / 2),
               y = static_cast<std::size_t>((b.y0 + b.y1) / 2);
    const std::uint8_t* p = &image.pixels[(y * static_cast<std::size_t>(image.width) + x) * 4];
    return {p[0], p[1], p[2], p[3]};
}

std::vector<std::string> annotation_texts(const heatmap::FigureLayout& layout) {
    std::vector<std::string> texts;
    for (const auto& a : layout.annotations) texts.push_back(a.text);
    return texts;
}

bool same(heatmap::Rgba a, heatmap::Rgba b) {
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

}  // namespace

TEST_CASE("an all-missing matrix draws empty cells and Matplotlib's -0.1..0.1 colorbar") {
    heatmap::Heatmap<double> h(Matrix{{NaN, NaN}, {NaN, NaN}});
    h.annotate().figsize(3, 2).dpi(50);
    const heatmap::FigureLayout layout = h.layout();
    const heatmap::Image image = h.render();
    CHECK(annotation_texts(layout).empty());  // NaN cells carry no text, as in seaborn
    for (const auto& cell : layout.cells) CHECK(cell.color.a == 0);
    CHECK(same(pixel_at_cell(image, layout, 1, 1), {255, 255, 255, 255}));
    // Matplotlib's colorbar for a norm without data: nonsingular(None...) gives -0.1..0.1.
    REQUIRE(layout.colorbar_ticks.size() == 5);
    CHECK(layout.colorbar_ticks.front() == Approx(-0.1));
    CHECK(layout.colorbar_ticks.back() == Approx(0.1));
}

TEST_CASE("infinities are drawn as Matplotlib draws them and printed as Python prints them") {
    heatmap::Heatmap<double> h(Matrix{{Inf, 1}, {2, -Inf}});
    h.annotate().figsize(3, 2).dpi(50);
    const heatmap::FigureLayout layout = h.layout();
    CHECK(annotation_texts(layout) == std::vector<std::string>{"inf", "1", "2", "-inf"});
    // The limits come from the finite values only.
    CHECK(layout.colorbar_ticks.front() == Approx(1.0));
    CHECK(layout.colorbar_ticks.back() == Approx(2.0));
    CHECK_NOTHROW(h.render());
}

TEST_CASE("a 1x1 matrix renders with a colorbar around its one value") {
    heatmap::Heatmap<double> h(Matrix{{3}});
    h.annotate().figsize(3, 2).dpi(50);
    const heatmap::FigureLayout layout = h.layout();
    CHECK(annotation_texts(layout) == std::vector<std::string>{"3"});
    // Matplotlib widens the equal limits to 2.7..3.3 and labels 2.8, 3.0 and 3.2.
    std::vector<std::string> labels;
    for (const auto& t : layout.colorbar_ticklabels) labels.push_back(t.text);
    CHECK(labels == std::vector<std::string>{"2.8", "3.0", "3.2"});
    const heatmap::Image image = h.render();
    CHECK(image.width == 150);
    CHECK(image.height == 100);
    // ...and, since the colorbar shares the widened norm, the cell takes viridis' middle color:
    // Matplotlib's pixel at the cell's center (figsize 3x2, dpi 50) is (32, 144, 140).
    CHECK(same(layout.cells[0].color, {32, 144, 140, 255}));
}

TEST_CASE("huge and tiny magnitudes render and print as Python prints them") {
    // Up to the widest range a double holds; -1.7e308 to 1.7e308 is wider, and refused (issue
    // 20.9, test_faults.cpp).
    heatmap::Heatmap<double> huge(Matrix{{-1.7e308, 0.0}});
    huge.annotate();
    CHECK(annotation_texts(huge.layout()) == std::vector<std::string>{"-1.7e+308", "0"});
    CHECK_NOTHROW(huge.render());
    heatmap::Heatmap<double> wider(Matrix{{-1.7e308, 1.7e308}});
    CHECK_THROWS_WITH(wider.render(), Catch::Contains("further apart than the largest double"));
    heatmap::Heatmap<double> tiny(Matrix{{5e-324, 1e-320}});
    tiny.annotate();
    CHECK(annotation_texts(tiny.layout()) ==
          std::vector<std::string>{"4.94066e-324", "9.99989e-321"});
    CHECK_NOTHROW(tiny.render());
    heatmap::Heatmap<float> f(std::vector<std::vector<float>>{
        {-std::numeric_limits<float>::max(), std::numeric_limits<float>::denorm_min()}});
    f.annotate();
    CHECK(annotation_texts(f.layout()) == std::vector<std::string>{"-3.40282e+38", "1.4013e-45"});
    CHECK_NOTHROW(f.render());
}

namespace {

template <class T>
std::vector<std::string> limits_annotated() {
    using L = std::numeric_limits<T>;
    heatmap::Heatmap<T> h(std::vector<std::vector<T>>{{L::lowest(), T(0), L::max()}});
    h.annotate().figsize(4, 2).dpi(40);
    const heatmap::Image image = h.render();
    CHECK(image.width == 160);
    return annotation_texts(h.layout());
}

}  // namespace

TEST_CASE("every integer type renders at its limits, annotated exactly") {
    using S = std::vector<std::string>;
    // Matplotlib's cell colors for int8's limits (imshow + colorbar, viridis).
    heatmap::Heatmap<std::int8_t> i8(std::vector<std::vector<std::int8_t>>{{-128, 0, 127}});
    const heatmap::FigureLayout layout = i8.layout();
    CHECK(same(layout.cells[0].color, {68, 1, 84, 255}));
    CHECK(same(layout.cells[1].color, {32, 144, 140, 255}));
    CHECK(same(layout.cells[2].color, {253, 231, 36, 255}));
    CHECK(limits_annotated<std::int8_t>() == S{"-128", "0", "127"});
    CHECK(limits_annotated<std::uint8_t>() == S{"0", "0", "255"});
    CHECK(limits_annotated<std::int16_t>() == S{"-32768", "0", "32767"});
    CHECK(limits_annotated<std::uint16_t>() == S{"0", "0", "65535"});
    CHECK(limits_annotated<std::int32_t>() == S{"-2147483648", "0", "2147483647"});
    CHECK(limits_annotated<std::uint32_t>() == S{"0", "0", "4294967295"});
    CHECK(limits_annotated<std::int64_t>() ==
          S{"-9223372036854775808", "0", "9223372036854775807"});
    CHECK(limits_annotated<std::uint64_t>() == S{"0", "0", "18446744073709551615"});
    CHECK(limits_annotated<char>().size() == 3);
    CHECK(limits_annotated<long double>().size() == 3);
}

// ---- Text ----

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per maximal bad sequence") {
    using heatmap::detail::decode_utf8;
    const char32_t bad = heatmap::detail::replacement_character;
    CHECK(decode_utf8("a\xFF"
                      "b") == std::u32string{U'a', bad, U'b'});
    CHECK(decode_utf8("\xE2\x82") == std::u32string{bad});                // truncated euro sign
    CHECK(decode_utf8("\xC0\xAF") == std::u32string{bad, bad});           // overlong '/'
    CHECK(decode_utf8("\xED\xA0\x80") == std::u32string{bad, bad, bad});  // a surrogate
    CHECK(decode_utf8("\xF4\x90\x80\x80") == std::u32string{bad, bad, bad, bad});  // > U+10FFFF
    CHECK(decode_utf8("\xE2\x82\xAC\xF0\x9F\x98\x80") == std::u32string{0x20AC, 0x1F600});
    // Drawn and measured as the replacement character itself.
    const auto a = heatmap::measure_text("x\xFFy", 10, 100);
    const auto b = heatmap::measure_text("x\xEF\xBF\xBDy", 10, 100);
    CHECK(a.width == b.width);
    CHECK(a.height == b.height);
}

TEST_CASE("a character the font lacks draws the missing-glyph box") {
    // Two different CJK characters: DejaVu Sans has neither, so both are the same box.
    const auto a = heatmap::measure_text("\xE4\xB8\xAD", 20, 100);
    const auto b = heatmap::measure_text("\xE6\x96\x87", 20, 100);
    CHECK(a.width == b.width);
    CHECK(a.height == b.height);
    CHECK(a.width > 5);
    heatmap::Canvas canvas(60, 60, {255, 255, 255, 255});
    heatmap::draw_text(canvas, "\xE4\xB8\xAD", {10, 45}, heatmap::TextStyle{20, 100});
    std::size_t ink = 0;
    for (std::size_t i = 0; i < canvas.image().pixels.size(); i += 4)
        ink += canvas.image().pixels[i] < 128;
    CHECK(ink > 20);
}

// Found by fuzz_render: a label with bytes that are not UTF-8 went into the layout JSON as they
// were, so the file was not UTF-8 and JSON readers refused it. They are now written as U+FFFD, the
// character drawn for them.
TEST_CASE("regression: layout_json_invalid_utf8 (labels with bad bytes)") {
    heatmap::Heatmap<double> h(two_by_two());
    h.col_labels({"\xFF", "caf\xC3\xA9"}).row_labels({"\xE2\x82", "\xC0\xAF"});
    const std::string json = h.layout_json();
    CHECK(is_utf8(json));
    CHECK(json.find("\"\xEF\xBF\xBD\"") != std::string::npos);  // "\xFF" alone
    CHECK(json.find("\"caf\xC3\xA9\"") != std::string::npos);   // valid UTF-8 passes through
    CHECK(json.find("\"\xEF\xBF\xBD\xEF\xBF\xBD\"") != std::string::npos);  // overlong: two
    // Control characters, quotes and backslashes are escaped as before.
    heatmap::Heatmap<double> g(two_by_two());
    g.col_labels({"a\nb\t\"q\"\\", "x"});
    CHECK(g.layout_json().find("a\\u000ab\\u0009\\\"q\\\"\\\\") != std::string::npos);
}

TEST_CASE("text, canvas and PNG refuse sizes and positions they cannot draw") {
    CHECK(invalid([] { heatmap::measure_text("x", 0, 100); }) ==
          "text size 0 pt at 100 dpi is out of range: use a size in (0, 1000] pt and "
          "dpi in [1, 10000], at most 4000 pixels per em");
    heatmap::Canvas canvas(10, 10, {0, 0, 0, 255});
    CHECK(invalid([&] {
              heatmap::draw_text(canvas, "x", {NaN, 0}, heatmap::TextStyle{});
          }) ==
          "text anchor (nan, 0) is not a finite pixel position: pass coordinates within "
          "+-1e8");
    CHECK(invalid([] { heatmap::encode_png(heatmap::Image{}); }) ==
          "cannot encode a 0x0 image as PNG: it needs at least 1x1 pixels");
    CHECK(invalid([] {
              heatmap::Canvas c(0, 10, {0, 0, 0, 0});
          }) ==
          "image size 0x10 px is empty: figsize and dpi must give at least 1x1 "
          "pixels");
}

TEST_CASE("CSV files: a folder, a missing file and limits are refused before reading") {
    CHECK(message_of<heatmap::io_error>([] { heatmap::read_csv_file(HEATMAP_TEST_DATA); }) ==
          std::string("cannot read ") + HEATMAP_TEST_DATA + ": it is a folder; give a CSV file");
    const std::string missing = out_dir("csv") + "/none.csv";
    CHECK(message_of<heatmap::io_error>([&] { heatmap::read_csv_file(missing); }) ==
          "cannot read " + missing + ": No such file or directory");
    const std::string small = out_dir("csv") + "/small.csv";
    { std::ofstream(small) << "1,2\n3,4\n"; }
    heatmap::CsvOptions options;
    options.max_bytes = 3;
    CHECK(message_of<heatmap::invalid_input>([&] { heatmap::read_csv_file(small, options); }) ==
          small +
              ": the file is 8 bytes, over the limit of 3 bytes; aggregate it into a "
              "smaller matrix first");
    options = {};
    options.max_cells = 3;
    CHECK(message_of<heatmap::invalid_input>([&] { heatmap::read_csv_file(small, options); }) ==
          small +
              ":2:3: the data has more than 3 cells, more than can be drawn; aggregate it into "
              "a smaller matrix first");
    options = {};
    options.delimiter = '"';
    CHECK(invalid([&] { heatmap::read_csv("1,2\n", options); }) ==
          "CSV delimiter '\"' cannot be used: it is a quote or a line break; choose another, such "
          "as ',' or ';'");
}

// ---- Files ----

TEST_CASE("a missing folder or a folder as the path is a clear io_error") {
    heatmap::Heatmap<double> h(two_by_two());
    h.figsize(2, 2).dpi(20);
    const std::string dir = out_dir("missing");
    CHECK(message_of<heatmap::io_error>([&] { h.save_png(dir + "/no/such/x.png"); }) ==
          "cannot write " + dir + "/no/such/x.png: the folder " + dir +
              "/no/such does not exist; create it first or choose another path");
    CHECK(message_of<heatmap::io_error>([&] { h.save_layout_json(dir + "/none/x.json"); }) ==
          "cannot write " + dir + "/none/x.json: the folder " + dir +
              "/none does not exist; create it first or choose another path");
    CHECK(message_of<heatmap::io_error>([&] { h.save_png(dir); }) ==
          "cannot write " + dir + ": it is a folder; give a file name");
    CHECK(invalid([&] { h.save_png(""); }) == "output path is empty: name the file to write");
    CHECK(files_in(dir) == 0);
}

TEST_CASE("a failed write leaves an existing file as it was and no temporary file behind") {
    const std::string dir = out_dir("kept");
    const std::string png = dir + "/figure.png", json = dir + "/layout.json";
    { std::ofstream(png, std::ios::binary) << "precious png"; }
    { std::ofstream(json, std::ios::binary) << "precious json"; }
    heatmap::Heatmap<double> h(two_by_two());
    h.figsize(2, 2).dpi(20).vmin(5).vmax(1);  // fails while drawing, after the path was given
    CHECK(invalid([&] { h.save_png(png); }) != "(no exception)");
    CHECK(invalid([&] { h.save_layout_json(json); }) != "(no exception)");
    h.figsize(1000, 1000);  // fails on size
    CHECK(invalid([&] { h.save_png(png); }) != "(no exception)");
    CHECK(contents(png) == "precious png");
    CHECK(contents(json) == "precious json");
    CHECK(files_in(dir) == 2);
    // A good write replaces the file whole and leaves nothing else.
    heatmap::Heatmap<double> good(two_by_two());
    good.figsize(2, 2).dpi(20).save_png(png);
    CHECK(contents(png).substr(1, 3) == "PNG");
    CHECK(files_in(dir) == 2);
}

TEST_CASE("an unwritable folder is a clear io_error and leaves the old file") {
    const std::string dir = out_dir("readonly");
    const std::string png = dir + "/figure.png";
    { std::ofstream(png, std::ios::binary) << "precious"; }
    namespace fs = std::filesystem;
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    heatmap::Heatmap<double> h(two_by_two());
    h.figsize(2, 2).dpi(20);
    // root writes into a read-only folder anyway; /sys, mounted read-only, refuses root too.
    std::FILE* probe = std::fopen((dir + "/probe").c_str(), "wb");
    if (probe) std::fclose(probe), fs::remove(dir + "/probe");
    const std::string target = probe ? "/sys/heatmap-test.png" : png;
    CHECK(message_of<heatmap::io_error>([&] { h.save_png(target); }) ==
          "cannot write " + target + ": Permission denied (check that the folder is writable)");
    CHECK(contents(png) == "precious");
    fs::permissions(dir, fs::perms::owner_all);
}

// ---- The command ----

TEST_CASE("the command maps bad input to exit 2 (usage) or 1 (data, output) with one line") {
    const std::string dir = out_dir("cli");
    const std::string png = dir + "/x.png";
    Run r = run({"-", "-o", png, "--figsize", "0,1"}, "1,2\n");
    CHECK(r.status == 2);
    CHECK(r.err == "heatmap: --figsize: '0' must be above 0 (see heatmap --help)\n");
    r = run({"-", "-o", png, "--dpi", "0"}, "1,2\n");
    CHECK(r.status == 2);
    CHECK(r.err ==
          "heatmap: --dpi: '0' is not a whole number from 1 to 10000; give one such as 100 (see "
          "heatmap "
          "--help)\n");
    r = run({"-", "-o", png, "--figsize", "1000,1000"}, "1,2\n");
    CHECK(r.status == 2);
    CHECK(
        r.err ==
        "heatmap: --figsize and --dpi: image size 100000x100000 px is over the limit of 268435456 "
        "pixels: lower figsize or dpi, or raise max_pixels (see heatmap --help)\n");
    r = run({"-", "-o", png, "--cmap", "virdis"}, "1,2\n");
    CHECK(r.status == 2);
    CHECK(r.err ==
          "heatmap: --cmap: unknown colormap \"virdis\"; did you mean \"viridis\"? (see heatmap "
          "--help)\n");
    r = run({"-", "-o", png, "--vmin", "5", "--vmax", "1"}, "1,2\n");
    CHECK(r.status == 2);
    CHECK(r.err == "heatmap: --vmin 5 is above --vmax 1; swap them (see heatmap --help)\n");
    r = run({"-", "-o", png}, "1,\"2\n3,4\n");
    CHECK(r.status == 1);
    CHECK(
        r.err ==
        "heatmap: <stdin>:1:3: a quoted cell is never closed; add the closing '\"' (a '\"' inside "
        "a quoted cell is written twice: \"\")\n");
    r = run({"-", "-o", png}, "\n\n");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: <stdin>:1:1: the file holds no data; give rows of numbers separated by ','\n");
    r = run({"-", "-o", dir + "/no/x.png"}, "1,2\n");
    CHECK(r.status == 1);
    CHECK(r.err == "heatmap: cannot write " + dir + "/no/x.png: the folder " + dir +
                       "/no does not exist; create it first or choose another path\n");
    CHECK(files_in(dir) == 0);
    // All-missing data and labels that are not UTF-8 draw.
    r = run({"-", "-o", png, "--annot"}, "nan,NA\n,nan\n");
    CHECK(r.status == 0);
    r = run({"-", "-o", png}, ",\xFF\n\xC0,1\n");
    CHECK(r.status == 0);
    CHECK(r.err.empty());
}

// Found by fuzz_render: a figure too small for its decorations gave the axes a negative size, and
// draw_cells asked for a std::vector of -9 column indices (std::length_error); with a colorbar,
// tick_space refused the colorbar's negative length instead. Matplotlib warns ("constrained_layout
// not applied because axes sizes collapsed to zero") and keeps the positions it had; so does
// constrained_layout now, and draw_cells skips an axes without room. Positions from Matplotlib 3.6
// (figsize 0.4x0.3, dpi 50, a 4x4 imshow titled "A long title here"), top-left origin.
TEST_CASE("regression: draw_cells_collapsed_axes and constrained_layout_collapsed") {
    std::vector<double> values(16);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i);
    heatmap::Heatmap<double> h(values.data(), 4, 4);
    h.figsize(0.4, 0.3).dpi(50).title("A long title here");
    const auto near = [](const heatmap::Box& b, double x0, double y0, double x1, double y1) {
        return std::fabs(b.x0 - x0) < 1e-6 && std::fabs(b.y0 - y0) < 1e-6 &&
               std::fabs(b.x1 - x1) < 1e-6 && std::fabs(b.y1 - y1) < 1e-6;
    };
    heatmap::FigureLayout layout = h.layout();
    CHECK(near(layout.axes, 3.35, 1.8, 14.9, 13.35));
    REQUIRE(layout.colorbar);
    CHECK(near(*layout.colorbar, 15.675, 1.8, 16.2525, 13.35));
    heatmap::Image image = h.render();
    CHECK(image.width == 20);
    CHECK(image.height == 15);
    h.colorbar(false);
    layout = h.layout();
    CHECK(near(layout.axes, 4.475, 1.8, 16.025, 13.35));
    image = h.render();
    CHECK(image.width == 20);
    // A title of 10000 empty lines on the default figure: the subplot's own position, as
    // Matplotlib.
    heatmap::Heatmap<double> lines(Matrix{{1, 2}});
    lines.title(std::string(10000, '\n'));
    CHECK(near(lines.layout().axes, 80, 143.2, 476.8, 341.6));
    CHECK_NOTHROW(lines.render());
}

// Found by fuzz_render: limits near the top of the double range (0 .. 1.6e308) made MaxNLocator
// place its last tick at inf (the step overflows), and scalar_format took floor(log10(inf)) as an
// int, undefined behaviour (UBSan: inf is outside the range of int). Non-finite ticks are never
// shown, so they no longer count toward the label format.
TEST_CASE("regression: scalar_format_infinite_tick (limits near DBL_MAX)") {
    heatmap::Heatmap<double> h(Matrix{{0, 1.6e308}});
    h.figsize(3, 2).dpi(50);
    const heatmap::FigureLayout layout = h.layout();
    std::vector<std::string> labels;
    for (const auto& t : layout.colorbar_ticklabels) labels.push_back(t.text);
    CHECK(labels == std::vector<std::string>{"0.0", "0.5", "1.0", "1.5"});
    for (const double v : layout.colorbar_ticks) CHECK(std::isfinite(v));
    CHECK(h.render().width == 150);
    const heatmap::Ticks t = heatmap::scalar_format({0, 5e307, 1e308, 1.5e308, Inf}, 0, 1.6e308);
    CHECK(t.labels.size() == 5);
    CHECK(t.offset == "1e308");
}

// Found by fuzz_render: a SymLogNorm with base 1.5 and limits under one decade apart asked for
// np.geomspace(1, base, int(base) // 2 + 1), one point, and divided 0 by 0 for its exponent; the
// NaN was then converted to int (UBSan: -nan is outside the range of int). Matplotlib's one point
// is [1]. A base beyond int's range no longer goes through a cast either.
TEST_CASE("regression: log_sublabels_base_below_2") {
    CHECK(heatmap::detail::log_sublabels(1, std::pow(1.5, 0.5), 1.5, 0) == std::vector<int>{1});
    CHECK(heatmap::detail::log_sublabels(1, std::pow(1.5, 0.2), 1.5, 0) == std::vector<int>{1});
    const std::vector<int> huge = heatmap::detail::log_sublabels(1, 1e290, 1e300, 0);
    REQUIRE(!huge.empty());
    CHECK(huge.front() == 1);
    heatmap::SymLogNorm norm;
    norm.linthresh = 0.01;
    norm.base = 1.5;
    heatmap::Heatmap<double> h(Matrix{{1, 1.2}, {1.1, 1.22}});
    h.norm(norm).figsize(3, 2).dpi(50);
    CHECK(h.render().width == 150);
}

namespace {
std::string npy_refusal(const std::string& header) {
    std::string file = "\x93NUMPY\x01";
    file += '\0';
    file += static_cast<char>(header.size() & 0xFF);
    file += static_cast<char>(header.size() >> 8);
    file += header;
    try {
        heatmap::MatrixFile::npy_in_memory(reinterpret_cast<const std::uint8_t*>(file.data()),
                                           file.size(), "m.npy");
    } catch (const heatmap::invalid_input& e) {
        return e.what();
    }
    return "accepted";
}
}  // namespace

// Found by fuzz_npy: a header key holding line breaks ('shap\n\n...e') was quoted into the message
// as it was, which made a message of several lines. Text from the file is now quoted with bytes
// outside printable ASCII as \xNN, 40 characters at most.
TEST_CASE("regression: npy_key_with_line_breaks") {
    CHECK(npy_refusal("{'descr': '<f8', 'fortran_order': False, 'sha\np\ne': (1, 1), }\n") ==
          "m.npy: header has the key 'sha\\x0ap\\x0ae'; a .npy header holds only 'descr', "
          "'fortran_order' and 'shape' (write the file with np.save)");
    CHECK(npy_refusal("{'de\nscr' '<f8'}\n") ==
          "m.npy: malformed header: expected ':' to open the header after 'de\\x0ascr' at "
          "character 11, found '''; the header is not what np.save writes");
}

// Found by fuzz_npy: a descr such as '<f955555550' added its digits up in an int before checking
// how many there were (UBSan: signed overflow). A size has at most two digits; longer ones are
// refused as an unknown type without being added up.
TEST_CASE("regression: npy_descr_size_overflow") {
    CHECK_THROWS_WITH(heatmap::parse_dtype("<f955555550"),
                      Catch::StartsWith("the element type '<f955555550' is not one heatmap reads"));
}
