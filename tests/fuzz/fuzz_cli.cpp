// The heatmap command on any command line and any standard input: it exits 0, 1 or 2, says why in
// exactly one line on the error stream when it fails (nothing when it succeeds), writes its outputs
// only on success, leaves no temporary file behind, and never lets an exception out. The input is
// the arguments, one per line, then a line holding only "%%", then standard input; an argument
// "@input.npy" (or any "@NAME") names a file in the scratch folder holding those bytes instead, so
// that binary input (.npy, raw), which is read from a file, is fuzzed through the command too.
// Outputs are redirected into a scratch folder, and
// command lines asking for more than 320x320 pixels are only parsed, so runs stay fast.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <heatmap/cli.hpp>

#include "fuzz_input.hpp"

namespace {

// A folder of this process's own, removed when the process ends.
struct ScratchFolder {
    std::string path = (std::filesystem::temp_directory_path() /
                        ("heatmap-fuzz-cli-" + std::to_string(static_cast<long>(::getpid()))))
                           .string();
    ScratchFolder() { std::filesystem::create_directories(path); }
    ~ScratchFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

bool exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t split = text.find("\n%%\n");
    const std::string_view arg_text = text.substr(0, split);
    const std::string input(split == std::string_view::npos ? std::string_view()
                                                            : text.substr(split + 4));

    static const ScratchFolder scratch;
    const std::string& dir = scratch.path;
    const std::string png = dir + "/out.png", json = dir + "/out.json";
    std::vector<std::string> args{"heatmap"};
    std::size_t start = 0;
    while (start <= arg_text.size() && args.size() < 40) {
        const std::size_t end = std::min(arg_text.find('\n', start), arg_text.size());
        std::string arg(arg_text.substr(start, end - start));
        // Outputs go to the scratch folder whatever the input names, except a missing folder.
        if (args.back() == "-o" || args.back() == "--output")
            arg = arg == "nofolder" ? dir + "/no/x.png" : png;
        if (args.back() == "--layout-json") arg = json;
        if (arg.size() > 1 && arg[0] == '@' && arg.find('/') == std::string::npos) {
            // "in-": the input file never takes the name of one of the command's temporaries,
            // whose absence after the run is checked below.
            arg = dir + "/in-" + arg.substr(1);
            std::FILE* f = std::fopen(arg.c_str(), "wb");
            if (f) {
                std::fwrite(input.data(), 1, input.size(), f);
                std::fclose(f);
            }
        }
        if (arg.rfind("--output=", 0) == 0 || arg.rfind("--layout-json=", 0) == 0)
            arg = arg.substr(0, arg.find('=') + 1) + (arg[2] == 'o' ? png : json);
        args.push_back(arg);
        start = end + 1;
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    const int argc = static_cast<int>(argv.size());

    bool small = false;
    try {
        const heatmap::CliOptions o = heatmap::parse_cli(argc, argv.data());
        small = o.fig_width * o.dpi * o.fig_height * o.dpi <= 320.0 * 320.0;
    } catch (const heatmap::usage_error& e) {
        HEATMAP_FUZZ_REQUIRE(std::string_view(e.what()).rfind("heatmap: ", 0) == 0);
    }
    if (!small) return 0;

    std::filesystem::remove(png);
    std::filesystem::remove(json);
    std::istringstream in(input);
    std::ostringstream out, err;
    const int status = heatmap::run_cli(argc, argv.data(), in, out, err);
    const std::string e = err.str();
    HEATMAP_FUZZ_REQUIRE(status == 0 || status == 1 || status == 2);
    // Standard error holds whole lines, each from the command: notes (columns of text left out)
    // and warnings (characters no font has) on any run, and a failed run's one error last.
    for (std::size_t at = 0; at < e.size(); at = e.find('\n', at) + 1) {
        HEATMAP_FUZZ_REQUIRE(e.compare(at, 9, "heatmap: ") == 0);
        HEATMAP_FUZZ_REQUIRE(e.find('\n', at) != std::string::npos);
    }
    // A failed run says why and writes no output.
    if (status != 0) HEATMAP_FUZZ_REQUIRE(!e.empty() && !exists(png) && !exists(json));
    // No temporary file outlives a run, failed or not.
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        HEATMAP_FUZZ_REQUIRE(entry.path().filename().string().rfind(".heatmap-", 0) != 0);
    return 0;
}
