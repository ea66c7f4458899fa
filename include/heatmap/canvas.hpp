#pragma once
// Canvas: an RGBA8 image and the few ways to put color on it. Everything that draws (cells, lines,
// glyphs) ends in blend_span or fill_rect, so the blending rule lives in one place and matches
// Matplotlib's Agg backend (straight-alpha RGBA, 8-bit coverage), which keeps antialiased edges
// byte-close to its figures.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "color.hpp"
#include "error.hpp"
#include "geometry.hpp"

namespace heatmap {

// An RGBA8 image: rows top to bottom, 4 bytes a pixel, straight alpha. What render() returns.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    Rgba at(int x, int y) const {
        const std::uint8_t* p = pixels.data() + (static_cast<std::size_t>(y) * width + x) * 4;
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
        throw std::invalid_argument("image size " + std::to_string(width) + "x" +
                                    std::to_string(height) +
                                    " px is empty: figsize and dpi must give at least 1x1 pixels");
    if (!(width * height <= static_cast<double>(max_pixels)) ||
        width > std::numeric_limits<int>::max() / 8 || height > std::numeric_limits<int>::max() / 8)
        // %.0f, not a cast to an integer: an overflowed size is inf or beyond any integer type.
        throw std::invalid_argument("image size " + whole(width) + "x" + whole(height) +
                                    " px is over the limit of " + std::to_string(max_pixels) +
                                    " pixels: lower figsize or dpi, or raise max_pixels");
}

}  // namespace detail

class Canvas {
  public:
    // Refuses an empty image or one over max_pixels before allocating anything.
    Canvas(int width, int height, Rgba background, std::int64_t max_pixels = default_max_pixels) {
        detail::check_image_size(width, height, max_pixels);
        image_.width = width;
        image_.height = height;
        // One pass over fresh memory: resize() would zero every byte before the background is
        // painted over it, and first touching a page costs more than filling it.
        std::vector<std::uint8_t> row(static_cast<std::size_t>(width) * 4);
        for (std::size_t i = 0; i < row.size(); i += 4)
            row[i] = background.r, row[i + 1] = background.g, row[i + 2] = background.b,
            row[i + 3] = background.a;
        image_.pixels.reserve(row.size() * static_cast<std::size_t>(height));
        for (int y = 0; y < height; ++y)
            image_.pixels.insert(image_.pixels.end(), row.begin(), row.end());
    }

    int width() const { return image_.width; }
    int height() const { return image_.height; }
    const Image& image() const& { return image_; }
    Image take() && { return std::move(image_); }

    // Source-over blend of color at coverage cover (0..255), Agg's straight-alpha rule.
    void blend(int x, int y, Rgba c, std::uint32_t cover) {
        if (x < 0 || y < 0 || x >= image_.width || y >= image_.height) return;
        blend_pixel(pixel(x, y), c, cover);
    }

    // Blends len pixels of one color starting at (x, y), each with its own coverage; clipped to the
    // image.
    void blend_span(int x, int y, int len, Rgba c, const std::uint8_t* covers) {
        if (y < 0 || y >= image_.height) return;
        int begin = std::max(x, 0), end = std::min(x + len, image_.width);
        for (int i = begin; i < end; ++i) blend_pixel(pixel(i, y), c, covers[i - x]);
    }

    // Pixel rectangle [x0, x1) x [y0, y1), clipped: the fast path for cells and backgrounds.
    void fill_rect(int x0, int y0, int x1, int y1, Rgba c) {
        x0 = std::max(x0, 0), y0 = std::max(y0, 0);
        x1 = std::min(x1, image_.width), y1 = std::min(y1, image_.height);
        if (x0 >= x1 || y0 >= y1) return;
        for (int y = y0; y < y1; ++y) {
            std::uint8_t* p = pixel(x0, y);
            if (c.a == 255) {
                // Whole pixels at a time: the compiler turns this into wide stores.
                const std::uint8_t px[4] = {c.r, c.g, c.b, 255};
                std::uint32_t word;
                std::memcpy(&word, px, 4);
                for (int x = x0; x < x1; ++x, p += 4) std::memcpy(p, &word, 4);
            } else {
                for (int x = x0; x < x1; ++x, p += 4) blend_pixel(p, c, 255);
            }
        }
    }

    // Rectangle with float edges: each pixel is covered by the exact area of the rectangle inside
    // it.
    void fill_rect(double x0, double y0, double x1, double y1, Rgba c) {
        if (!(x0 < x1 && y0 < y1)) return;
        x0 = std::max(x0, 0.0), y0 = std::max(y0, 0.0);
        x1 = std::min(x1, static_cast<double>(image_.width));
        y1 = std::min(y1, static_cast<double>(image_.height));
        if (!(x0 < x1 && y0 < y1)) return;
        const int ix0 = static_cast<int>(std::floor(x0)), ix1 = static_cast<int>(std::ceil(x1));
        const int iy0 = static_cast<int>(std::floor(y0)), iy1 = static_cast<int>(std::ceil(y1));
        for (int y = iy0; y < iy1; ++y) {
            const double cy = std::min(y1, y + 1.0) - std::max(y0, static_cast<double>(y));
            for (int x = ix0; x < ix1; ++x) {
                const double cx = std::min(x1, x + 1.0) - std::max(x0, static_cast<double>(x));
                const auto cover = static_cast<std::uint32_t>(detail::iround(cx * cy * 255.0));
                if (cover) blend_pixel(pixel(x, y), c, cover);
            }
        }
    }

  private:
    std::uint8_t* pixel(int x, int y) {
        return image_.pixels.data() + (static_cast<std::size_t>(y) * image_.width + x) * 4;
    }

    // Agg's fixed_blender_rgba_plain as Matplotlib configures it: an opaque color at full coverage
    // is copied, anything else blends in straight alpha. The unsigned arithmetic wraps in the
    // middle on purpose; the true result is positive and below 2^32, so it comes out exact.
    static void blend_pixel(std::uint8_t* p, Rgba c, std::uint32_t cover) {
        if (c.a == 255 && cover >= 255) {
            p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 255;
            return;
        }
        const std::uint32_t alpha = detail::mul8(c.a, std::min<std::uint32_t>(cover, 255));
        if (alpha == 0) return;
        const std::uint32_t a = p[3];
        const std::uint32_t r = p[0] * a, g = p[1] * a, b = p[2] * a;
        const std::uint32_t out = ((alpha + a) << 8) - alpha * a;
        p[3] = static_cast<std::uint8_t>(out >> 8);
        p[0] =
            static_cast<std::uint8_t>((((std::uint32_t{c.r} << 8) - r) * alpha + (r << 8)) / out);
        p[1] =
            static_cast<std::uint8_t>((((std::uint32_t{c.g} << 8) - g) * alpha + (g << 8)) / out);
        p[2] =
            static_cast<std::uint8_t>((((std::uint32_t{c.b} << 8) - b) * alpha + (b << 8)) / out);
    }

    Image image_;
};

}  // namespace heatmap
