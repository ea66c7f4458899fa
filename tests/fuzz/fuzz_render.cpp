// Whole renders with random options: a small matrix of any value type (NaN, infinities, extremes),
// any colormap name, norm, limits, format spec, labels and titles (any bytes), figure size, dpi,
// rotation, lines, seaborn's options, and font sizes from 1e-30 to 1e30 pt. render() must give an image the size its layout says,
// and the layout JSON must be well-formed UTF-8, or the call must throw std::invalid_argument;
// nothing else. Sizes are capped (mostly at most 6x6 cells, sometimes up to 250x250 to reach
// downsampling; at most 320x320 pixels) so the fuzzer spends its time on options, not on pixels.

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <heatmap/heatmap.hpp>

#include "fuzz_input.hpp"

namespace {

using heatmap_fuzz::FuzzInput;

// The values a renderer finds hardest, most of the time, and raw bit patterns the rest.
template <class T>
T pick_value(FuzzInput& in) {
    using L = std::numeric_limits<T>;
    switch (in.pick(8)) {
        case 0:
            return L::lowest();
        case 1:
            return L::max();
        case 2:
            return L::has_quiet_NaN ? L::quiet_NaN() : T(0);
        case 3:
            return L::has_infinity ? (in.flag() ? L::infinity() : -L::infinity()) : L::min();
        case 4:
            return L::is_integer ? T(in.byte()) : static_cast<T>(L::denorm_min());
        case 5: {
            const double d = in.raw_double();
            if constexpr (L::is_integer) {
                std::uint64_t bits;
                std::memcpy(&bits, &d, sizeof bits);
                return static_cast<T>(bits);
            } else {
                return static_cast<T>(d);
            }
        }
        default:
            return static_cast<T>(static_cast<int>(in.byte()) - 100);
    }
}

std::string pick_text(FuzzInput& in) {
    static const char* const samples[] = {
        "", "Mon", "$10^{3}$", "\xff\xfe", "a\nb", "$x$$", "\xe2\x82\xac\xf0\x9f\x98\x80", "\\$"};
    return in.flag() ? samples[in.pick(8)] : in.text(24);
}

heatmap::Norm pick_norm(FuzzInput& in) {
    const auto limit = [&in]() -> std::optional<double> {
        switch (in.pick(4)) {
            case 0:
                return std::nullopt;
            case 1:
                return in.raw_double();
            default:
                return static_cast<double>(static_cast<int>(in.byte()) - 100);
        }
    };
    switch (in.pick(7)) {
        case 0:
            return heatmap::LogNorm{limit(), limit(), in.flag()};
        case 1:
            return heatmap::PowerNorm{in.in_range(-0.5, 4), limit(), limit(), in.flag()};
        case 2: {
            heatmap::SymLogNorm n;
            n.linthresh = in.in_range(-1, 50), n.linscale = in.in_range(0, 3);
            n.vmin = limit(), n.vmax = limit(), n.base = in.in_range(0, 20);
            return n;
        }
        case 3:
            return heatmap::TwoSlopeNorm{static_cast<double>(in.byte()) - 100, limit(), limit()};
        case 4:
            return heatmap::CenteredNorm{static_cast<double>(in.byte()) - 100, limit(), in.flag()};
        case 5: {
            heatmap::BoundaryNorm n;
            for (std::size_t i = 0, k = in.pick(6); i < k; ++i)
                n.boundaries.push_back(static_cast<double>(in.byte()) - 100);
            n.ncolors = static_cast<int>(in.pick(12)) + static_cast<int>(in.pick(2)) * 250;
            static const heatmap::Extend extends[] = {heatmap::Extend::neither, heatmap::Extend::min,
                                                      heatmap::Extend::max, heatmap::Extend::both};
            n.extend = extends[in.pick(4)];
            n.clip = in.flag();
            return n;
        }
        default:
            return heatmap::Normalize{limit(), limit(), in.flag()};
    }
}

// seaborn's and the legibility options: masks, aspect, tick thinning, robust and center, text per
// cell, fonts, colors, the colorbar's format, side and length, label and annotation limits.
template <class T>
void seaborn_options(FuzzInput& in, heatmap::Heatmap<T>& h, std::size_t cells) {
    const std::uint8_t o = in.byte(), p = in.byte();
    if (o & 0x01) {
        std::vector<bool> mask(cells + (in.pick(16) == 0));
        for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = in.flag();
        h.mask(mask);
    }
    if (o & 0x02) h.square(false);
    if (o & 0x04) h.xticks_every(in.pick(4)).yticks_every(in.pick(4));
    if (o & 0x08) h.xticklabels_auto().yticklabels_auto();
    if (o & 0x10) h.labels_on_top(true);
    if (o & 0x20) h.robust(true);
    if (o & 0x40) h.center(in.flag() ? in.raw_double() : static_cast<double>(in.byte()) - 100);
    if (o & 0x80) {
        std::vector<std::string> texts(cells);
        for (auto& t : texts) t = pick_text(in);
        h.annotations(texts);
    }
    if (p & 0x01) h.font_size(in.in_range(-1, 30));
    if (p & 0x02) h.title_size(in.in_range(0, 40));
    if (p & 0x04) h.facecolor(heatmap::Rgba{in.byte(), in.byte(), in.byte(), in.byte()});
    if (p & 0x08) h.transparent(true);
    if (p & 0x10) h.colorbar_format(in.text(16));
    if (p & 0x20) h.colorbar_horizontal(true).colorbar_shrink(in.in_range(-0.2, 1.2));
    if (p & 0x40) h.max_label_width(in.in_range(-5, 80)).min_annotation_size(in.in_range(0, 12));
    if (p & 0x80) {
        static const char* const extends[] = {"neither", "min", "max", "both", "all"};
        h.extend(extends[in.pick(5)]).reduce(static_cast<heatmap::Reduce>(in.pick(3)));
    }
}

template <class T>
void render_one(FuzzInput& in) {
    // Mostly a few cells; one time in sixteen more cells than pixels, which are downsampled.
    const bool big = in.pick(16) == 0;
    const std::size_t rows = 1 + in.pick(big ? 250 : 6), cols = 1 + in.pick(big ? 250 : 6);
    std::vector<T> values(rows * cols);
    // A big matrix repeats its first 64 values (the input would run out long before 60000).
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = i < 64 ? pick_value<T>(in) : values[(i * 7) % 64];
    heatmap::Heatmap<T> h = in.flag() ? heatmap::Heatmap<T>(values.data(), rows, cols)
                                      : heatmap::Heatmap<T>::view(values.data(), rows, cols);
    static const char* const cmaps[] = {"viridis", "RdBu_r", "rocket", "tab10", "Greys", "virdis"};
    const std::uint8_t options = in.byte();
    if (options & 0x01) {
        std::vector<std::string> labels;
        for (std::size_t r = 0; r < rows + (in.pick(8) == 0); ++r) labels.push_back(pick_text(in));
        h.row_labels(labels);
    }
    if (options & 0x02) {
        std::vector<std::string> labels;
        for (std::size_t c = 0; c < cols; ++c) labels.push_back(pick_text(in));
        h.col_labels(labels);
    }
    if (options & 0x04) h.cmap(in.flag() ? std::string(cmaps[in.pick(6)]) : in.text(12));
    if (options & 0x08) h.norm(pick_norm(in));
    if (options & 0x10) h.vmin(in.flag() ? in.raw_double() : static_cast<double>(in.byte()) - 50);
    if (options & 0x20) h.vmax(in.flag() ? in.raw_double() : static_cast<double>(in.byte()) - 50);
    if (options & 0x40) {
        switch (in.pick(4)) {
            case 0:
                h.annotate();
                break;
            case 1:
                h.annotate(in.text(10));
                break;
            case 2:
                h.annotate_template(in.text(16));
                break;
            default:
                h.annotate(".1f");
                break;
        }
        switch (in.pick(3)) {
            case 0:
                h.text_threshold(in.in_range(-1, 2));
                break;
            case 1:
                h.text_color(heatmap::Rgba{in.byte(), in.byte(), in.byte(), in.byte()});
                break;
            default:
                break;
        }
    }
    if (options & 0x80) h.title(pick_text(in)).xlabel(pick_text(in)).ylabel(pick_text(in));
    const std::uint8_t more = in.byte();
    if (more & 0x01) h.colorbar(false);
    if (more & 0x02) h.colorbar_label(pick_text(in));
    if (more & 0x04) h.xrotation(in.in_range(-360, 360));
    if (more & 0x08) h.linewidths(in.in_range(0, 6)).linecolor(heatmap::Rgba{0, 0, 0, in.byte()});
    // Figures from 8x8 to 320x320 pixels; sometimes a zero or huge size, which must be refused.
    if (more & 0x10)
        h.figsize(in.in_range(0.1, 3.2), in.in_range(0.1, 3.2)).dpi(in.in_range(8, 100));
    else
        h.figsize(2.4, 1.8).dpi(50);
    if ((more & 0x60) == 0x60) h.max_pixels(static_cast<std::int64_t>(in.byte()) * 64);
    if ((more & 0x60) == 0x20) seaborn_options(in, h, rows * cols);
    // Extreme text sizes, read last so that older inputs keep their meaning: fonts from 1e-30 to
    // 1e30 pt (a tiny one divided by zero in seaborn's tick thinning and overflowed Matplotlib's
    // tick count; issue 20.7), which must draw or be refused.
    const std::uint8_t extreme = in.byte();
    if (extreme & 0x01) h.font_size(std::pow(10.0, in.in_range(-30, 30)));
    if (extreme & 0x02) h.title_size(std::pow(10.0, in.in_range(-30, 30)));
    if (extreme & 0x04) h.xticklabels_auto().yticklabels_auto();
    if (extreme & 0x08) h.min_annotation_size(std::pow(10.0, in.in_range(-30, 3)));

    const heatmap::FigureLayout layout = h.layout();
    const heatmap::Image image = h.render();
    HEATMAP_FUZZ_REQUIRE(image.width == layout.width && image.height == layout.height);
    HEATMAP_FUZZ_REQUIRE(image.pixels.size() ==
                         static_cast<std::size_t>(image.width) * image.height * 4);
    const std::string json = h.layout_json();
    // JSON text is UTF-8 (RFC 8259): labels with bad bytes must not make the file unreadable.
    HEATMAP_FUZZ_REQUIRE(heatmap_fuzz::encode_utf8(heatmap::detail::decode_utf8(json)) == json);
    // Control characters in labels are escaped; the only raw one is the layout's own line break.
    for (const char ch : json)
        HEATMAP_FUZZ_REQUIRE(static_cast<unsigned char>(ch) >= 0x20 || ch == '\n');
    if (more & 0x80) HEATMAP_FUZZ_REQUIRE(!h.png().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    try {
        switch (in.pick(7)) {
            case 0:
                render_one<float>(in);
                break;
            case 1:
                render_one<int>(in);
                break;
            case 2:
                render_one<std::uint8_t>(in);
                break;
            case 3:
                render_one<std::int64_t>(in);
                break;
            case 4:
                render_one<std::uint64_t>(in);
                break;
            case 5:
                render_one<short>(in);
                break;
            default:
                render_one<double>(in);
                break;
        }
    } catch (const std::invalid_argument& e) {
        HEATMAP_FUZZ_REQUIRE(e.what()[0] != '\0');
    }
    return 0;
}
