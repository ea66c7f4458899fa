// inflate.hpp: gzip files as gzip and Python write them, round trips through png.hpp's deflate
// (stored, fixed and dynamic blocks, long matches, several blocks), and every kind of damage
// refused with a message that names the file.
#include <catch2/catch.hpp>
#include <heatmap/deflate.hpp>
#include <heatmap/inflate.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using heatmap::detail::GzipDecoder;

namespace {

std::string file_bytes(const std::string& name) {
    std::ifstream in(std::string(HEATMAP_TEST_DATA) + "/tables/" + name, std::ios::binary);
    REQUIRE(in);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Decodes `gz` handing the decoder `feed` bytes at a time and reading `take` at a time.
std::string gunzip(const std::string& gz, std::size_t feed = 65536, std::size_t take = 65536) {
    std::size_t pos = 0;
    GzipDecoder d(
        [&](char* buf, std::size_t n) {
            n = std::min({n, feed, gz.size() - pos});
            std::memcpy(buf, gz.data() + pos, n);
            pos += n;
            return n;
        },
        "t.gz");
    std::string out;
    std::vector<char> buf(take);
    while (std::size_t n = d.read(buf.data(), buf.size())) out.append(buf.data(), n);
    return out;
}

std::string error_of(const std::string& gz) {
    try {
        gunzip(gz);
    } catch (const heatmap::invalid_input& e) {
        return e.what();
    }
    return "";
}

void put32(std::string& s, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) s += static_cast<char>(v >> (8 * k));
}

// A gzip member around png.hpp's deflate of `data`, with the header fields chosen by `flags`.
std::string gzip_of(const std::string& data, unsigned flags = 0) {
    int size = 0;
    unsigned char* z =
        heatmap::detail::zlib_compress_figure(reinterpret_cast<const unsigned char*>(data.data()),
                                              static_cast<int>(data.size()), &size, 0);
    REQUIRE(z);
    std::string header = {'\x1f', '\x8b', 8, static_cast<char>(flags), 1, 2, 3, 4, 0, 3};
    if (flags & 4)
        header += std::string(
            "\x05\x00"
            "extra",
            7);
    if (flags & 8) header += std::string("name.csv") + '\0';
    if (flags & 16) header += std::string("a comment") + '\0';
    if (flags & 2) {
        const std::uint32_t crc = heatmap::detail::crc32(
            reinterpret_cast<const unsigned char*>(header.data()), header.size());
        header += static_cast<char>(crc & 0xFF);
        header += static_cast<char>((crc >> 8) & 0xFF);
    }
    // The zlib stream without its 2-byte header and 4-byte Adler-32 is raw DEFLATE.
    std::string out =
        header + std::string(reinterpret_cast<char*>(z) + 2, static_cast<std::size_t>(size) - 6);
    std::free(z);
    put32(out,
          heatmap::detail::crc32(reinterpret_cast<const unsigned char*>(data.data()), data.size()));
    put32(out, static_cast<std::uint32_t>(data.size()));
    return out;
}

std::string noise(std::size_t n, std::uint32_t seed, int alphabet = 256) {
    std::string s(n, '\0');
    for (char& c : s) {
        seed = seed * 1664525u + 1013904223u;
        c = static_cast<char>((seed >> 24) % static_cast<std::uint32_t>(alphabet));
    }
    return s;
}

}  // namespace

TEST_CASE("crc32 is gzip's") {
    CHECK(heatmap::detail::crc32(reinterpret_cast<const unsigned char*>("123456789"), 9) ==
          0xCBF43926u);
    CHECK(heatmap::detail::crc32(nullptr, 0) == 0);
}

TEST_CASE("files written by gzip -9, gzip -1 and Python's gzip (levels 0 and 9) decode exactly") {
    const std::string plain = file_bytes("r-mtcars.txt");
    for (const char* name : {"r-mtcars.txt.gz", "r-mtcars-fast.txt.gz", "r-mtcars-stored.txt.gz"}) {
        INFO(name);
        const std::string gz = file_bytes(name);
        CHECK(gunzip(gz) == plain);
        CHECK(gunzip(gz, 1, 7) == plain);  // a byte at a time in, 7 at a time out
    }
    CHECK(gunzip(file_bytes("sklearn-digits.csv.gz")).size() == 264712);  // zcat | wc -c
}

TEST_CASE(
    "round trips: stored, fixed and dynamic blocks, long runs, several blocks, all header fields") {
    const std::vector<std::string> inputs = {
        "",
        "a",
        noise(100, 1),
        noise(300000, 2),           // incompressible: stored blocks
        noise(200000, 3, 4),        // four letters: dynamic codes
        std::string(1 << 20, 'z'),  // one long run: distance 1, length 258
        noise(70000, 4, 2) + std::string(100000, '\0') +
            noise(70000, 4, 2),  // reaching back 32 KiB
    };
    for (const auto& data : inputs)
        for (unsigned flags : {0u, 2u | 4u | 8u | 16u}) {
            INFO(data.size() << " bytes, flags " << flags);
            CHECK(gunzip(gzip_of(data, flags)) == data);
            CHECK(gunzip(gzip_of(data, flags), 3, 1000) == data);
        }
}

TEST_CASE("concatenated members read as one stream; zero padding after them is ignored") {
    const std::string a = noise(5000, 5, 3), b = noise(70000, 6, 200);
    CHECK(gunzip(gzip_of(a) + gzip_of(b)) == a + b);
    CHECK(gunzip(gzip_of(a) + std::string(100, '\0')) == a);
    CHECK(error_of(gzip_of(a) + "junk") ==
          "t.gz: the gzip data is damaged (bytes after the last member that are not another "
          "member); check the file with gzip -t, or give it uncompressed");
}

TEST_CASE("damage is refused, naming what is wrong") {
    const std::string data = noise(20000, 7, 16);
    const std::string good = gzip_of(data, 2 | 8);
    const std::string suffix = "; check the file with gzip -t, or give it uncompressed";
    CHECK(error_of("") ==
          "t.gz: the gzip data ends early (the file is cut short); check it with "
          "gzip -t, or give the whole file");
    CHECK(error_of(good.substr(0, good.size() - 5)).find("ends early") != std::string::npos);
    CHECK(error_of(good.substr(0, 40)).find("ends early") != std::string::npos);
    std::string bad = good;
    bad[2] = 7;
    CHECK(error_of(bad) ==
          "t.gz: the gzip data is damaged (a compression method other than deflate)" + suffix);
    bad = good;
    bad[3] = static_cast<char>(bad[3] | 0x20);
    CHECK(error_of(bad) == "t.gz: the gzip data is damaged (reserved header flags set)" + suffix);
    bad = good;
    bad[5] ^= 1;  // the modification time, covered by the header CRC
    CHECK(error_of(bad) ==
          "t.gz: the gzip data is damaged (the header's CRC does not match)" + suffix);
    bad = good;
    bad[bad.size() - 8] ^= 1;
    CHECK(error_of(bad) ==
          "t.gz: the gzip data is damaged (the CRC-32 of the data does not match the one stored)" +
              suffix);
    bad = good;
    bad[bad.size() - 4] ^= 1;
    CHECK(error_of(bad) ==
          "t.gz: the gzip data is damaged (the length of the data does not match the one stored)" +
              suffix);
    // Block type 3.
    std::string header(good.begin(), good.begin() + 10);
    header[3] = 0;
    CHECK(error_of(header + '\x07') ==
          "t.gz: the gzip data is damaged (block type 3, which DEFLATE does not define)" + suffix);
    // A stored block whose length's complement is wrong.
    CHECK(error_of(header + std::string("\x01\x05\x00\x00\x00", 5)) ==
          "t.gz: the gzip data is damaged (a stored block's length and its complement differ)" +
              suffix);
    // A fixed block whose first match reaches back before the data: length 3 (257), distance 1.
    CHECK(error_of(header + std::string("\x03\x02\x00", 3))
              .find("a distance reaching before the start") != std::string::npos);
    // Every single-bit flip is refused or caught by a CRC, except in the last byte of the body,
    // whose padding bits after the final block are not part of the data.
    for (std::size_t i = 10; i < good.size(); i += 3) {
        if (i == good.size() - 9) continue;
        bad = good;
        bad[i] ^= static_cast<char>(1 << (i % 8));
        CHECK(error_of(bad).rfind("t.gz: the gzip data ", 0) == 0);
    }
}
