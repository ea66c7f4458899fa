// PNG encoding: what comes out decodes to the pixels that went in, with the channel count, filter
// and size this library promises, from any number of threads at once.
#include <catch2/catch.hpp>
#include <heatmap/png.hpp>

// stb_image decodes in the tests only; the library never reads PNGs.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb/stb_image.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

using heatmap::Image;
using heatmap::Rgba;

namespace {

using Bytes = std::vector<std::uint8_t>;

// An "F" in red on blue with a gradient row: no symmetry, so a flip, a transposition or swapped
// channels all change the decoded pixels.
Image f_image(std::uint8_t alpha) {
    Image image{7, 9, {}};
    image.pixels.resize(7 * 9 * 4);
    for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 7; ++x) {
            const bool ink =
                (x >= 1 && x <= 2 && y >= 1 && y <= 7) || (y == 1 && x <= 5) || (y == 4 && x <= 4);
            Rgba c = ink ? Rgba{230, 20, 10, 255} : Rgba{0, 40, 200, alpha};
            if (y == 8)
                c = Rgba{static_cast<std::uint8_t>(x * 40), 7, static_cast<std::uint8_t>(255 - x),
                         255};
            std::uint8_t* p = image.pixels.data() + (y * 7 + x) * 4;
            p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = c.a;
        }
    return image;
}

Image decode(const Bytes& png, int* channels) {
    int w = 0, h = 0;
    unsigned char* rgba =
        stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &w, &h, channels, 4);
    REQUIRE(rgba != nullptr);
    Image image{w, h, Bytes(rgba, rgba + static_cast<std::size_t>(w) * h * 4)};
    stbi_image_free(rgba);
    return image;
}

std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           p[3];
}

struct Chunks {
    std::vector<std::string> types;
    Bytes ihdr, idat;
};

Chunks chunks(const Bytes& png) {
    const std::uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    REQUIRE(png.size() > 8);
    REQUIRE(std::equal(signature, signature + 8, png.begin()));
    Chunks out;
    for (std::size_t at = 8; at + 12 <= png.size();) {
        const std::uint32_t length = be32(&png[at]);
        const std::string type(png.begin() + at + 4, png.begin() + at + 8);
        REQUIRE(at + 12 + length <= png.size());
        out.types.push_back(type);
        const auto body = png.begin() + at + 8;
        if (type == "IHDR") out.ihdr.assign(body, body + length);
        if (type == "IDAT") out.idat.insert(out.idat.end(), body, body + length);
        at += 12 + length;
    }
    return out;
}

// The filter byte that starts each row of the inflated image data.
std::vector<int> row_filters(const Bytes& png, int width, int height, int channels) {
    const Chunks c = chunks(png);
    int length = 0;
    char* raw = stbi_zlib_decode_malloc(reinterpret_cast<const char*>(c.idat.data()),
                                        static_cast<int>(c.idat.size()), &length);
    REQUIRE(raw != nullptr);
    const int stride = width * channels + 1;
    REQUIRE(length == stride * height);
    std::vector<int> filters;
    for (int y = 0; y < height; ++y) filters.push_back(static_cast<unsigned char>(raw[y * stride]));
    STBI_FREE(raw);
    return filters;
}

Bytes read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Matplotlib's own file of the tutorial figure, decoded: what a renderer of that figure hands the
// encoder.
Image tutorial_figure() {
    int channels = 0;
    return decode(read_bytes(HEATMAP_TEST_DATA "/png/seed-heatmap.png"), &channels);
}

}  // namespace

TEST_CASE("an opaque image is stored as RGB and decodes to the same pixels") {
    const Image image = f_image(255);
    const Bytes png = heatmap::encode_png(image);
    const Chunks c = chunks(png);
    REQUIRE(c.ihdr.size() == 13);
    CHECK(be32(&c.ihdr[0]) == 7);
    CHECK(be32(&c.ihdr[4]) == 9);
    CHECK(int{c.ihdr[8]} == 8);  // bit depth
    CHECK(int{c.ihdr[9]} == 2);  // color type 2: RGB
    CHECK(c.types.front() == "IHDR");
    CHECK(c.types.back() == "IEND");
    int channels = 0;
    const Image back = decode(png, &channels);
    CHECK(channels == 3);
    CHECK(back.width == 7);
    CHECK(back.height == 9);
    CHECK(back.pixels == image.pixels);
}

TEST_CASE("an image with any transparent pixel keeps its alpha channel") {
    const Image image = f_image(128);
    const Bytes png = heatmap::encode_png(image);
    CHECK(int{chunks(png).ihdr[9]} == 6);  // color type 6: RGBA
    int channels = 0;
    const Image back = decode(png, &channels);
    CHECK(channels == 4);
    CHECK(back.pixels == image.pixels);

    Image one_clear = f_image(255);
    one_clear.pixels[4 * 20 + 3] = 0;
    CHECK(int{chunks(heatmap::encode_png(one_clear)).ihdr[9]} == 6);
}

TEST_CASE("every row uses the one filter chosen for the backend") {
    // Both Huffman-coding deflates (heatmap's, libdeflate) code the up filter's runs of zeros best;
    // stb's fixed Huffman codes do best unfiltered.
    const int expected = heatmap::png_backend() == "stb" ? 0 : 2;
    const Image image = tutorial_figure();
    const std::vector<int> filters =
        row_filters(heatmap::encode_png(image), image.width, image.height, 3);
    REQUIRE(filters.size() == static_cast<std::size_t>(image.height));
    // On the first row the up filter reads zeros above, so it encodes as the none filter does.
    for (std::size_t y = 0; y < filters.size(); ++y) {
        INFO("row " << y);
        REQUIRE(filters[y] == expected);
    }
}

TEST_CASE("the tutorial figure encodes no larger than Matplotlib's own file") {
    const Image image = tutorial_figure();
    REQUIRE(image.width == 1056);
    REQUIRE(image.height == 672);
    const Bytes png = heatmap::encode_png(image);
    int channels = 0;
    CHECK(decode(png, &channels).pixels == image.pixels);
    INFO("backend " << heatmap::png_backend() << ": " << png.size() << " bytes");
    if (heatmap::png_backend() != "stb") {
        // Matplotlib (libpng through Pillow's zlib at level 6) writes 55,933 bytes; up + libdeflate
        // 6: 49,674; up + heatmap's own deflate: 51,557.
        CHECK(png.size() <= 55933);
    } else {
        // stb's deflate has fixed Huffman codes only: 62,640 bytes, against 63,552 at stb's
        // defaults.
        CHECK(png.size() <= 62640);
    }
}

TEST_CASE("threads encoding at once get the bytes one thread gets") {
    const Image figure = tutorial_figure();
    const Image small = f_image(128);
    const Bytes expected_figure = heatmap::encode_png(figure);
    const Bytes expected_small = heatmap::encode_png(small);
    std::vector<Bytes> results(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < results.size(); ++i)
        threads.emplace_back([&, i] {
            results[i] = heatmap::encode_png(i % 2 ? small : figure);
            if (i % 2 == 0) results[i] = heatmap::encode_png(figure);
        });
    for (std::thread& t : threads) t.join();
    for (std::size_t i = 0; i < results.size(); ++i) {
        INFO("thread " << i);
        CHECK(results[i] == (i % 2 ? expected_small : expected_figure));
    }
}

TEST_CASE("an image that cannot be a PNG is refused with the reason") {
    CHECK_THROWS_WITH(heatmap::encode_png(Image{}),
                      "cannot encode a 0x0 image as PNG: it needs at least 1x1 pixels");
    Image short_buffer{4, 3, Bytes(4 * 3 * 4 - 1, 255)};
    CHECK_THROWS_WITH(heatmap::encode_png(short_buffer),
                      "cannot encode the image as PNG: it holds 47 bytes, not the 48 that 4x3 RGBA "
                      "pixels need; build it through Canvas");
    CHECK_THROWS_AS(heatmap::encode_png(Image{-2, 5, {}}), std::invalid_argument);
}

TEST_CASE("save_png writes the bytes encode_png returns") {
    const Image image = f_image(255);
    const std::string path = HEATMAP_TEST_OUT "/png_f.png";
    std::remove(path.c_str());
    heatmap::save_png(image, path);
    CHECK(read_bytes(path) == heatmap::encode_png(image));
    CHECK_THROWS_AS(heatmap::save_png(image, HEATMAP_TEST_OUT "/no-such-folder/f.png"),
                    heatmap::io_error);
}

TEST_CASE("an image handed over (rvalue) encodes to the same bytes, opaque or not") {
    // The rvalue overload packs RGB inside the image's own buffer: a front-to-back overlap that
    // must not overwrite a pixel before reading it.
    for (std::uint8_t alpha : {std::uint8_t{255}, std::uint8_t{128}}) {
        const Bytes expected =
            heatmap::encode_png(f_image(alpha));  // a temporary: the rvalue overload
        const Image kept = f_image(alpha);
        CHECK(heatmap::encode_png(kept) == expected);  // an lvalue: the copying overload
        int channels = 0;
        CHECK(decode(expected, &channels).pixels == kept.pixels);
    }
    const Image figure = tutorial_figure();
    CHECK(heatmap::encode_png(Image(figure)) == heatmap::encode_png(figure));
    const std::string path = HEATMAP_TEST_OUT "/png_moved.png";
    heatmap::save_png(Image(figure), path);
    CHECK(read_bytes(path) == heatmap::encode_png(figure));
}

TEST_CASE(
    "an image handed over whose first transparent pixel comes late is restored, not mangled") {
    // encode_png(Image&&) packs RGB while it checks alpha; meeting a transparent pixel after
    // packing some, it unpacks them again. Place that pixel inside the first block of 64, on a
    // block edge, deep in the image and last.
    for (std::size_t at : {std::size_t{5}, std::size_t{63}, std::size_t{64}, std::size_t{1000},
                           std::size_t{40 * 30 - 1}}) {
        Image image{40, 30, {}};
        image.pixels.resize(40 * 30 * 4);
        for (std::size_t i = 0; i < image.pixels.size(); ++i)
            image.pixels[i] = static_cast<std::uint8_t>(i * 7 + i / 4);
        for (std::size_t i = 3; i < image.pixels.size(); i += 4) image.pixels[i] = 255;
        image.pixels[at * 4 + 3] = 17;
        const Image kept = image;
        const Bytes expected = heatmap::encode_png(kept);
        CHECK(heatmap::encode_png(std::move(image)) == expected);
        int channels = 0;
        CHECK(decode(expected, &channels).pixels == kept.pixels);
        CHECK(channels == 4);
    }
}

TEST_CASE("an opaque image handed over lends its buffer to stb's filter, at every shape") {
    // encode_png(Image&&) moves the RGB rows up so that stb's filtered rows can be written into the
    // same buffer behind them; a wrong offset overwrites a row before stb reads it. Shapes from too
    // small to lend (stb allocates) to wide, tall and square; pixels from a hash, so every row
    // differs from the one above.
    for (auto [w, h] : {std::pair{1, 1},
                        {1, 7},
                        {7, 1},
                        {2, 2},
                        {3, 3},
                        {5, 4},
                        {4, 40},
                        {40, 4},
                        {100, 100},
                        {257, 3},
                        {3, 257}}) {
        Image image{w, h, {}};
        image.pixels.resize(static_cast<std::size_t>(w) * h * 4);
        std::uint32_t x = 2463534242u;
        for (std::size_t i = 0; i < image.pixels.size(); ++i) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            image.pixels[i] = i % 4 == 3 ? 255 : static_cast<std::uint8_t>(x);
        }
        const Image kept = image;
        const Bytes expected = heatmap::encode_png(kept);
        INFO(w << "x" << h);
        CHECK(heatmap::encode_png(std::move(image)) == expected);
        int channels = 0;
        CHECK(decode(expected, &channels).pixels == kept.pixels);
        CHECK(channels == 3);
    }
}
