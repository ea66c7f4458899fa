#pragma once
// MatrixSource: the matrix as the figure code reads it, whatever its element type and layout. Only
// reading values and formatting them depends on the type, so only this interface's implementation
// (in heatmap.hpp) is a template; planning, layout and drawing are compiled once.

#include <cstddef>
#include <string>

namespace heatmap {

class MatrixSource {
  public:
    virtual ~MatrixSource() = default;

    virtual std::size_t rows() const = 0;
    virtual std::size_t cols() const = 0;
    // Row r's cols() values as doubles (NaN stays NaN), into out.
    virtual void read_row(std::size_t r, double* out) const = 0;
    // The text annotating cell (r, c): the user's callable, template or format spec applied to
    // the value as its own type (integers exactly). Throws std::invalid_argument naming the cell
    // when the spec cannot print the value.
    virtual std::string annotation(std::size_t r, std::size_t c) const = 0;
};

}  // namespace heatmap
