// Holds every PNG the tests and examples write to the pixels recorded in
// tests/data/png_checksums.txt: a change that moves code must leave each figure as it was.
//
//     png_checksums LIST BUILD_DIR            check (CTest runs this after every other test)
//     png_checksums LIST BUILD_DIR --update   rewrite LIST from what BUILD_DIR holds now
//
// PNGs under tests/out/drawn are other programs' renders of our SVG and PDF files, not ours.
// A checksum is FNV-1a 64 of the decoded RGBA pixels (with the size), so it holds whichever deflate
// compressed the file. A PNG listed but absent is reported and skipped (the sanitizer build runs no
// packaging tests); a PNG present but unlisted, or with other pixels, fails.

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb/stb_image.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

static std::string pixel_checksum(const fs::path& png) {
    int w = 0, h = 0, n = 0;
    unsigned char* p = stbi_load(png.string().c_str(), &w, &h, &n, 4);
    if (!p) return "unreadable";
    std::uint64_t hash = 1469598103934665603ull;
    auto add = [&hash](unsigned char b) { hash = (hash ^ b) * 1099511628211ull; };
    for (char c : std::to_string(w) + "x" + std::to_string(h)) add(static_cast<unsigned char>(c));
    for (std::size_t i = 0, size = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4;
         i < size; ++i)
        add(p[i]);
    stbi_image_free(p);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: png_checksums LIST BUILD_DIR [--update]\n");
        return 2;
    }
    const fs::path list = argv[1], root = argv[2];
    const bool update = argc > 3 && std::string(argv[3]) == "--update";
    std::map<std::string, std::string> found;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
        // Symbolic links (the fault tests leave loops) are not followed.
        if (entry.is_symlink(ec) || !entry.is_regular_file(ec) || entry.path().extension() != ".png")
            continue;
        const std::string rel = fs::relative(entry.path(), root).generic_string();
        // CMake's own files, and what other programs drew (tests/out/drawn: rsvg-convert, pdftoppm).
        if (rel.rfind("CMakeFiles", 0) == 0 || rel.find("/CMakeFiles/") != std::string::npos ||
            rel.find("/out/drawn/") != std::string::npos)
            continue;
        found[rel] = pixel_checksum(entry.path());
    }
    if (update) {
        std::ofstream out(list);
        out << "# Pixel checksums (FNV-1a 64 of the decoded RGBA) of every PNG the tests and\n"
               "# examples write, relative to the build folder. Rewritten by: png_checksums LIST "
               "BUILD_DIR --update\n";
        for (const auto& [name, sum] : found) out << sum << ' ' << name << '\n';
        std::printf("wrote %zu checksums to %s\n", found.size(), list.string().c_str());
        return 0;
    }
    std::ifstream in(list);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", list.string().c_str());
        return 1;
    }
    std::map<std::string, std::string> expected;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string sum, name;
        fields >> sum >> name;
        expected[name] = sum;
    }
    int failures = 0, checked = 0;
    for (const auto& [name, sum] : expected) {
        const auto it = found.find(name);
        if (it == found.end()) {
            std::printf("absent (not written by this build's tests): %s\n", name.c_str());
            continue;
        }
        ++checked;
        if (it->second != sum) {
            std::printf("CHANGED: %s: pixels %s, recorded %s\n", name.c_str(), it->second.c_str(),
                        sum.c_str());
            ++failures;
        }
    }
    for (const auto& [name, sum] : found)
        if (!expected.count(name)) {
            std::printf("UNLISTED: %s (%s): record it with --update once it is right\n",
                        name.c_str(), sum.c_str());
            ++failures;
        }
    std::printf("%d PNGs checked, %d failures\n", checked, failures);
    return failures ? 1 : 0;
}
