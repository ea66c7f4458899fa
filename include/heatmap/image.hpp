#pragma once
// Image: what render() returns, RGBA8 pixels; and the size limit every image heatmap makes obeys.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "color.hpp"
#include "error.hpp"

namespace heatmap {

// An RGBA8 image: rows top to bottom, 4 bytes a pixel, straight alpha. What render() returns.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    Rgba at(int x, int y) const {
        const std::uint8_t* p =
            pixels.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                             static_cast<std::size_t>(x)) *
                                4;
        return {p[0], p[1], p[2], p[3]};
    }
    // True when every pixel has alpha 255, so the image can be stored as RGB.
    bool opaque() const {
        for (std::size_t i = 3; i < pixels.size(); i += 4)
            if (pixels[i] != 255) return false;
        return true;
    }
};

// The largest image heatmap allocates unless told otherwise: 2^28 pixels (1 GiB of RGBA).
inline constexpr std::int64_t default_max_pixels = std::int64_t{1} << 28;

namespace detail {

// Agg's rgba8 multiply: a*b/255, rounded, without a division.
constexpr std::uint32_t mul8(std::uint32_t a, std::uint32_t b) {
    const std::uint32_t t = a * b + 128;
    return ((t >> 8) + t) >> 8;
}

inline void check_image_size(double width, double height, std::int64_t max_pixels) {
    const auto whole = [](double v) {
        char buf[400];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return std::string(buf);
    };
    if (!(width >= 1 && height >= 1))
        throw std::invalid_argument("image size " + number_text(width) + "x" + number_text(height) +
                                    " px is empty: figsize and dpi must give at least 1x1 pixels");
    if (!(width * height <= static_cast<double>(max_pixels)) ||
        width > std::numeric_limits<int>::max() / 8 || height > std::numeric_limits<int>::max() / 8)
        // %.0f, not a cast to an integer: an overflowed size is inf or beyond any integer type.
        throw std::invalid_argument("image size " + whole(width) + "x" + whole(height) +
                                    " px is over the limit of " + std::to_string(max_pixels) +
                                    " pixels: lower figsize or dpi, or raise max_pixels");
}

}  // namespace detail

}  // namespace heatmap
