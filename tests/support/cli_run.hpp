#pragma once
// Test support: the heatmap command run in this process (heatmap::run_cli) on the given standard
// input, its exit status and both streams captured; files read and written whole.

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <heatmap/cli.hpp>

namespace heatmap_test {

struct Run {
    int status = -1;
    std::string out, err;
};

// `heatmap ARGS... < input`
inline Run run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), "heatmap");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::istringstream in(input);
    std::ostringstream out, err;
    Run r;
    r.status = heatmap::run_cli(static_cast<int>(args.size()), argv.data(), in, out, err);
    r.out = out.str(), r.err = err.str();
    return r;
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace heatmap_test
