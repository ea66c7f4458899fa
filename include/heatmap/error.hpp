#pragma once
// One error path. Bad arguments throw std::invalid_argument (or heatmap::invalid_input, derived from it, where
// the fault is in user data such as a CSV cell); failures of the outside world (files, folders) throw
// heatmap::io_error, derived from std::runtime_error. Every message names the problem and the fix.

#include <charconv>
#include <stdexcept>
#include <string>
#include <system_error>

namespace heatmap {

// Data that cannot be drawn as given (a CSV cell, a ragged row): an invalid argument that came from a file.
class invalid_input : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// Reading or writing a file failed; the message names the path and what the system said.
class io_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

namespace detail {
[[noreturn]] inline void throw_invalid(const std::string& message) {
    throw std::invalid_argument(message);
}

// A number in a message: the shortest text that reads back as v, in plain notation where that is
// no longer than an exponent ("10", "0.1", "1e-05", "1e+308", "inf", "nan"); printf's %g would
// write 10 as "1e+01".
inline std::string number_text(double v) {
    char buffer[32];
    const std::to_chars_result r = std::to_chars(buffer, buffer + sizeof buffer, v);
    return r.ec == std::errc() ? std::string(buffer, r.ptr) : std::string("?");
}
}  // namespace detail

}  // namespace heatmap
