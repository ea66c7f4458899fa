// deflate.hpp: every stream inflates, through stb_image's independent inflater, to exactly the
// input (empty, one byte, runs around every length boundary, noise, zeros, text, figures, data that
// slides the 32 KiB window); the zlib wrapper is valid; noise grows by at most the stored-block
// bound; figures come out no larger than Matplotlib's own PNGs.
#include <catch2/catch.hpp>
#include <heatmap/deflate.hpp>
#include <heatmap/heatmap.hpp>

// stb_image inflates in the tests only; the library never decodes.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb/stb_image.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

// Adler-32 straight from RFC 1950's definition, one byte at a time.
std::uint32_t adler_by_definition(const Bytes& data) {
    std::uint32_t a = 1, b = 0;
    for (const std::uint8_t c : data) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}

Bytes compress(const Bytes& data) {
    int size = -1;
    unsigned char* z =
        heatmap::detail::zlib_compress_figure(data.data(), static_cast<int>(data.size()), &size, 8);
    REQUIRE(z != nullptr);
    REQUIRE(size > 0);
    Bytes out(z, z + size);
    std::free(z);
    return out;
}

Bytes inflate(const Bytes& z) {
    int size = -1;
    char* raw = stbi_zlib_decode_malloc(reinterpret_cast<const char*>(z.data()),
                                        static_cast<int>(z.size()), &size);
    REQUIRE(raw != nullptr);
    Bytes out(raw, raw + size);
    std::free(raw);
    return out;
}

// Compresses, checks the wrapper (RFC 1950 2.2) and that stb_image gives the input back; returns
// the compressed size.
std::size_t round_trip(const Bytes& data) {
    const Bytes z = compress(data);
    REQUIRE(z.size() >= 2 + 2 + 4);
    CHECK(z[0] == 0x78);                   // deflate, 32 KiB window
    CHECK((z[0] * 256 + z[1]) % 31 == 0);  // FCHECK
    CHECK((z[1] & 0x20) == 0);             // no preset dictionary
    const std::uint32_t adler = adler_by_definition(data);
    CHECK(z[z.size() - 4] == (adler >> 24));
    CHECK(z[z.size() - 3] == ((adler >> 16) & 0xFF));
    CHECK(z[z.size() - 2] == ((adler >> 8) & 0xFF));
    CHECK(z[z.size() - 1] == (adler & 0xFF));
    const Bytes back = inflate(z);
    REQUIRE(back.size() == data.size());
    // The first differing byte, not the whole input, when the check fails.
    const auto diff = std::mismatch(back.begin(), back.end(), data.begin());
    CHECK(diff.first - back.begin() == static_cast<std::ptrdiff_t>(data.size()));
    return z.size();
}

Bytes noise(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    Bytes out(n);
    for (auto& b : out) b = static_cast<std::uint8_t>(rng() >> 24);
    return out;
}

// Stored blocks' bound: 5 bytes per 65535 (at least one block) plus zlib's 2 + 4.
std::size_t stored_bound(std::size_t n) {
    return n + 5 * (n == 0 ? 1 : (n + 65534) / 65535) + 6;
}

// PNG's "up" filter over rows of `stride` bytes, each row led by its filter type byte 2.
Bytes up_filtered(const std::uint8_t* pixels, std::size_t stride, std::size_t height) {
    Bytes out;
    out.reserve((stride + 1) * height);
    for (std::size_t y = 0; y < height; ++y) {
        out.push_back(2);
        for (std::size_t x = 0; x < stride; ++x)
            out.push_back(static_cast<std::uint8_t>(pixels[y * stride + x] -
                                                    (y > 0 ? pixels[(y - 1) * stride + x] : 0)));
    }
    return out;
}

}  // namespace

TEST_CASE("Adler-32 matches known values and RFC 1950's definition") {
    using heatmap::detail::deflate::adler32;
    const std::string wikipedia = "Wikipedia";
    CHECK(adler32(reinterpret_cast<const unsigned char*>(wikipedia.data()), wikipedia.size()) ==
          0x11E60398u);
    CHECK(adler32(nullptr, 0) == 1u);
    // All 0xFF is the largest sum per byte (the 5552-byte chunking must not overflow); zero words
    // take the shortcut, so mix them in at every alignment.
    Bytes ff(100000, 0xFF);
    CHECK(adler32(ff.data(), ff.size()) == adler_by_definition(ff));
    Bytes mixed = noise(70001, 3);
    for (std::size_t i = 0; i < mixed.size(); i += 37)
        for (std::size_t k = 0; k < i % 29 && i + k < mixed.size(); ++k) mixed[i + k] = 0;
    CHECK(adler32(mixed.data(), mixed.size()) == adler_by_definition(mixed));
}

TEST_CASE("Adler-32 crosses a run of one byte in one step") {
    using heatmap::detail::deflate::adler32;
    using heatmap::detail::deflate::adler32_run;
    const Bytes lead = noise(1000, 9);
    const std::uint32_t start = adler32(lead.data(), lead.size());
    for (const std::uint8_t v : {0, 1, 0xFF})
        for (const std::size_t run :
             {std::size_t{1}, std::size_t{258}, std::size_t{65521}, std::size_t{1000003}}) {
            Bytes data = lead;
            data.insert(data.end(), run, v);
            CHECK(adler32_run(start, v, run) == adler_by_definition(data));
        }
    // Runs past 2^32 bytes (beyond any int length, but the arithmetic must not wrap): two halves
    // give what the whole gives.
    const std::size_t half = std::size_t{3} << 31;
    CHECK(adler32_run(adler32_run(start, 0xFF, half), 0xFF, half) ==
          adler32_run(start, 0xFF, 2 * half));
}

TEST_CASE("length-limited Huffman codes stay within their limit and are complete") {
    using heatmap::detail::deflate::limited_lengths;
    // Fibonacci counts make Huffman's own code 30 bits deep for 31 symbols.
    std::uint32_t freq[286] = {};
    std::uint32_t f0 = 1, f1 = 1;
    for (int s = 0; s < 31; ++s) freq[s * 9] = f0, f1 = f0 + f1, f0 = f1 - f0;
    for (const int limit : {15, 7}) {
        unsigned char lengths[286];
        limited_lengths(freq, 286, limit, lengths);
        double kraft = 0;
        for (int s = 0; s < 286; ++s) {
            CHECK(lengths[s] <= limit);
            CHECK((lengths[s] > 0) == (freq[s] > 0));
            if (lengths[s] > 0) kraft += 1.0 / (1 << lengths[s]);
        }
        CHECK(kraft == 1.0);
        // The rarest symbol never gets a shorter code than the most frequent one.
        CHECK(lengths[0] >= lengths[30 * 9]);
    }
    // One used symbol, or none, still gives a complete code of two 1-bit codes.
    std::uint32_t one[30] = {};
    one[7] = 5;
    unsigned char lengths[30];
    limited_lengths(one, 30, 15, lengths);
    CHECK(lengths[7] == 1);
    CHECK(lengths[0] == 1);
    one[7] = 0;
    limited_lengths(one, 30, 15, lengths);
    CHECK((lengths[0] == 1 && lengths[1] == 1));
}

TEST_CASE("empty input and single bytes round-trip") {
    CHECK(round_trip({}) <= 8);
    CHECK(round_trip({0}) <= 9);
    CHECK(round_trip({255}) <= 9);
    CHECK(round_trip({1, 2}) <= 10);
}

TEST_CASE("runs of every length around the match limits round-trip") {
    for (const std::uint8_t value : {0, 1, 0xFF}) {
        for (std::size_t run = 1; run <= 1040; run += run < 20 || (run > 250 && run < 270) ||
                                                              (run > 510 && run < 530) ||
                                                              (run > 770 && run < 790)
                                                          ? 1
                                                          : 37) {
            INFO("run of " << run << " bytes " << int(value));
            Bytes data(run, value);
            round_trip(data);
            // Led and followed by other bytes, so the run starts after a literal.
            data.insert(data.begin(), 7);
            data.push_back(9);
            data.push_back(value);
            round_trip(data);
        }
    }
}

TEST_CASE("noise round-trips and grows no more than stored blocks allow") {
    for (const std::size_t n : {std::size_t{3}, std::size_t{100}, std::size_t{65535},
                                std::size_t{65536}, std::size_t{200001}, std::size_t{1} << 20}) {
        INFO(n << " bytes of noise");
        const std::size_t size = round_trip(noise(n, static_cast<std::uint32_t>(n)));
        CHECK(size <= stored_bound(n));
    }
    // Noise with a short run of zeros now and then: coded blocks between stored ones must save
    // more than the stored pieces they split cost (without that rule the first two fail by 32 and
    // 5 bytes).
    for (const auto& [every, zeros] :
         {std::pair<std::size_t, std::size_t>{5000, 8}, {33000, 40}, {70000, 600}}) {
        INFO(zeros << " zeros every " << every << " bytes");
        Bytes data = noise(1 << 20, 4);
        for (std::size_t i = every; i + zeros < data.size(); i += every)
            std::fill(data.begin() + static_cast<std::ptrdiff_t>(i),
                      data.begin() + static_cast<std::ptrdiff_t>(i + zeros), 0);
        CHECK(round_trip(data) <= stored_bound(data.size()));
    }
}

TEST_CASE("10 MB of zeros compress to length-258 matches") {
    const Bytes zeros(10'000'000, 0);
    // 38,760 matches of one length and one distance: a 1-bit code each, 2 bits a match.
    CHECK(round_trip(zeros) <= 10'000'000 / 258 * 2 / 8 + 200);
}

TEST_CASE("text-like data round-trips and shrinks") {
    const char* words[] = {"the ",      "heatmap ", "of ",      "annotated ", "cells ",
                           "colorbar ", "norm ",    "vmin ",    "vmax ",      "Matplotlib ",
                           "draws ",    "a ",       "figure.\n"};
    std::mt19937 rng(11);
    std::string text;
    while (text.size() < 300000) text += words[rng() % 13];
    const Bytes data(text.begin(), text.end());
    CHECK(round_trip(data) < data.size() / 3);
}

TEST_CASE("repeats at distances around the 32 KiB window round-trip") {
    // Blocks of noise repeated at distances just inside and just beyond the window, many times
    // over, so the window slides and out-of-window candidates must be refused.
    for (const std::size_t period : {32767u, 32768u, 32769u, 40000u, 1000u}) {
        INFO("period " << period);
        const Bytes unit = noise(period, static_cast<std::uint32_t>(period));
        Bytes data;
        for (int copy = 0; copy < 6; ++copy) data.insert(data.end(), unit.begin(), unit.end());
        const std::size_t size = round_trip(data);
        if (period <= 32768) CHECK(size < period + period / 10 + 64);  // the copies became matches
    }
}

TEST_CASE("skewed literals that need length-limited codes round-trip") {
    // Byte k appears about fib(k) times, shuffled: Huffman alone would want codes over 15 bits.
    Bytes data;
    std::uint32_t f0 = 1, f1 = 1;
    for (int k = 0; k < 26; ++k, f1 = f0 + f1, f0 = f1 - f0)
        data.insert(data.end(), f0, static_cast<std::uint8_t>(k * 7));
    std::shuffle(data.begin(), data.end(), std::mt19937(5));
    round_trip(data);
}

TEST_CASE("a rendered heatmap's filtered rows round-trip") {
    std::vector<double> values(25);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = double(i * 7 % 11) - 3.5;
    heatmap::Heatmap<double> h(values.data(), 5, 5);
    h.annotate(".1f").figsize(3, 2.5).dpi(100);
    const heatmap::Image image = h.render();
    // As png.hpp stores an opaque image: RGB rows.
    Bytes rgb;
    for (std::size_t i = 0; i < image.pixels.size(); i += 4)
        rgb.insert(rgb.end(), image.pixels.begin() + i, image.pixels.begin() + i + 3);
    const auto w = static_cast<std::size_t>(image.width);
    const Bytes rows = up_filtered(rgb.data(), w * 3, static_cast<std::size_t>(image.height));
    CHECK(round_trip(rows) < rows.size() / 10);
}

TEST_CASE("Matplotlib's figures compress below the size of Matplotlib's own PNGs") {
    // expected.png is Matplotlib's file; ours adds about 60 bytes of PNG chunks to the stream.
    for (const char* name : {"tutorial", "correlation", "lognorm", "missing-diverging",
                             "plain-no-labels", "rotated-labels"}) {
        INFO(name);
        const std::string path =
            std::string(HEATMAP_TEST_DATA) + "/figures/" + name + "/expected.png";
        int w = 0, h = 0, comp = 0;
        unsigned char* rgb = stbi_load(path.c_str(), &w, &h, &comp, 3);
        REQUIRE(rgb != nullptr);
        const Bytes rows =
            up_filtered(rgb, static_cast<std::size_t>(w) * 3, static_cast<std::size_t>(h));
        stbi_image_free(rgb);
        std::FILE* f = std::fopen(path.c_str(), "rb");
        REQUIRE(f != nullptr);
        std::fseek(f, 0, SEEK_END);
        const long matplotlib_size = std::ftell(f);
        std::fclose(f);
        const std::size_t size = round_trip(rows);
        CHECK(size + 60 <= static_cast<std::size_t>(matplotlib_size));
        if (std::string(name) == "tutorial") CHECK(size <= 53000);
    }
}

TEST_CASE("several threads compress at once, each getting the one-thread result") {
    const Bytes inputs[] = {noise(100000, 1), Bytes(300000, 0), Bytes(5000, 42)};
    Bytes expected[3];
    for (int i = 0; i < 3; ++i) expected[i] = compress(inputs[i]);
    std::vector<std::thread> threads;
    bool same[6] = {};
    for (int t = 0; t < 6; ++t)
        threads.emplace_back([&, t] {
            int size = 0;
            const Bytes& in = inputs[t % 3];
            unsigned char* z = heatmap::detail::zlib_compress_figure(
                in.data(), static_cast<int>(in.size()), &size, 0);
            same[t] = z && Bytes(z, z + size) == expected[t % 3];
            std::free(z);
        });
    for (auto& t : threads) t.join();
    for (const bool s : same) CHECK(s);
}

TEST_CASE("a negative length or missing pointers give nullptr, not a crash") {
    int size = 123;
    const unsigned char byte = 1;
    CHECK(heatmap::detail::zlib_compress_figure(&byte, -1, &size, 0) == nullptr);
    CHECK(size == 0);
    CHECK(heatmap::detail::zlib_compress_figure(nullptr, 5, &size, 0) == nullptr);
    CHECK(heatmap::detail::zlib_compress_figure(&byte, 1, nullptr, 0) == nullptr);
}
