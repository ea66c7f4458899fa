#pragma once
// Figures of matrices too large to hold: drawn from their values reduced per pixel of the axes
// (a PixelAggregate built from blocks on any number of threads, processes or machines, or a file
// streamed by reduce_file), never from the matrix itself. Layout, ticks (the rows' and columns'
// indices), norm and colorbar are those of the same matrix drawn by Heatmap<T>, and so are the
// bytes: Heatmap<T> reduces a matrix larger than its axes with the same sums (figure.hpp).
//
//   // The axes depend on the data's range (the colorbar's labels take room), so it comes first:
//   // from vmin and vmax, a first pass, or an MPI_Allreduce of each block's range.
//   heatmap::Box axes = heatmap::figure_axes_box(options, rows, cols, range);
//   heatmap::PixelAggregate agg(rows, cols, axes, heatmap::reduction_scale(options.norm));
//   agg.add_rows(first_row, n_rows, values);   // every block, here or merged from elsewhere
//   heatmap::Image img = heatmap::figure_image(options, heatmap::reduced_matrix(agg));
//
//   // A file, streamed: one pass (a second only when the range found moves the axes).
//   heatmap::MatrixFile f = heatmap::MatrixFile::open_npy("big.npy");
//   if (auto m = heatmap::reduce_file_for_figure(options, f)) heatmap::figure_image(options, *m);
//   else ...;  // cells of at least a pixel: read it whole (read_matrix) and draw it as usual
//
//   // A CSV file, streamed twice: its shape, labels and range, then its values (stream.hpp).
//   heatmap::CsvSummary t = heatmap::summarize_csv_file("big.csv");
//   options.row_labels = t.row_labels, options.col_labels = t.col_labels;
//   if (auto m = heatmap::reduce_csv_for_figure(options, "big.csv", t)) ...
//
// A reduced figure has no annotations, mask or robust limits (each needs the cells), and
// Reduce::nearest (the cell under each pixel's center) is not a reduction of sums: each is refused
// with the fix. Rows and columns are labelled by index, as Matplotlib labels an imshow, or by the
// labels the options carry.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aggregate.hpp"
#include "config.hpp"
#include "figure.hpp"
#include "figure_layout.hpp"
#include "image.hpp"
#include "npy.hpp"
#include "options.hpp"
#include "stream.hpp"

namespace heatmap {

struct Scene;

// A matrix known by its shape and its values reduced per pixel of a figure's axes (the pixels'
// box must be figure_axes_box() of the options and of pixels.range).
struct ReducedMatrix {
    std::size_t rows = 0, cols = 0;
    ReducedPixels pixels;
};

// A whole aggregate's values as a ReducedMatrix; refuses one that lacks cells (merge the other
// blocks first).
inline ReducedMatrix reduced_matrix(const PixelAggregate& agg, Reduce reduce = Reduce::mean,
                                    unsigned threads = 1) {
    if (!agg.complete())
        throw std::invalid_argument(
            "the aggregate lacks cells of its " + std::to_string(agg.rows()) + "x" +
            std::to_string(agg.cols()) +
            " matrix: add or merge every block before drawing it (a block never added draws as "
            "missing data)");
    return {agg.rows(), agg.cols(), agg.reduced(reduce, threads)};
}

// The axes box, in pixels at the dpi, of the figure of a rows x cols matrix whose finite values
// span `range`, for a target (SVG and PDF text is measured unhinted, which moves the axes by a
// pixel or so): the box to reduce the matrix into.
HEATMAP_FUNC Box figure_axes_box(const HeatmapOptions& options, std::size_t rows, std::size_t cols,
                                 const DataRange& range, Target target = Target::raster);

// The figure of a reduced matrix, as figure_scene/figure_image/... draw a matrix (figure.hpp).
HEATMAP_FUNC Scene figure_scene(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                Target target, FigureLayout* layout = nullptr);
HEATMAP_FUNC FigureLayout figure_layout(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                        Target target = Target::raster);
HEATMAP_FUNC Image figure_image(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                FigureLayout* layout = nullptr);
HEATMAP_FUNC std::string figure_svg(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                    FigureLayout* layout = nullptr);
HEATMAP_FUNC std::vector<std::uint8_t> figure_pdf(const HeatmapOptions& options,
                                                  const ReducedMatrix& matrix,
                                                  FigureLayout* layout = nullptr);
HEATMAP_FUNC std::string figure_html(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                     FigureLayout* layout = nullptr);

// The file reduced for its figure, streamed: the data's range guessed from a sample of its rows
// (columns, for Fortran order) places the axes, the file is reduced into them in one pass, and read
// once more only when the true range moves them. nullopt when the figure's cells are at least a
// pixel: then nothing was reduced; read the file whole (read_matrix) and draw it as usual. passes,
// when given, receives the number of passes over the file (1 or 2).
HEATMAP_FUNC std::optional<ReducedMatrix> reduce_file_for_figure(const HeatmapOptions& options,
                                                                 const MatrixFile& file,
                                                                 Target target = Target::raster,
                                                                 const StreamOptions& stream = {},
                                                                 int* passes = nullptr);

// The CSV file at path reduced for its figure, in a second pass over it: `table` is its first
// (summarize_csv_file), whose range places the axes; options carry the table's labels (or none, to
// label by index). nullopt when the figure's cells are at least a pixel: read the file whole
// (read_csv_file) and draw it as usual. Memory: the figure, a block of rows, the labels.
HEATMAP_FUNC std::optional<ReducedMatrix> reduce_csv_for_figure(
    const HeatmapOptions& options, const std::string& path, const CsvSummary& table,
    const CsvOptions& csv = {}, Target target = Target::raster, int* passes = nullptr);
// The same for a table any source can give twice: open() returns a reader from its start (with no
// cell limit), and `name` names it when it no longer gives the table summarized.
HEATMAP_FUNC std::optional<ReducedMatrix> reduce_csv_for_figure(
    const HeatmapOptions& options, const std::function<std::unique_ptr<CsvReader>()>& open,
    const CsvSummary& table, const std::string& name, Target target = Target::raster,
    int* passes = nullptr);

namespace detail {
// The range of the finite values of up to `samples` rows (C order) or columns (Fortran order),
// evenly spaced: a guess of the whole file's.
HEATMAP_FUNC DataRange sample_range(const MatrixFile& file, std::size_t samples);
}  // namespace detail

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "render_raster.hpp"
#include "scene.hpp"

namespace heatmap {
namespace detail {

// The matrix as the planner sees a reduced one: a shape. Nothing may read a cell.
class ShapeOnly final : public MatrixSource {
  public:
    ShapeOnly(std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols) {}
    std::size_t rows() const override { return rows_; }
    std::size_t cols() const override { return cols_; }
    void read_row(std::size_t, double*) const override {
        throw std::logic_error("heatmap: a reduced matrix's cells were read (a bug)");
    }
    std::string annotation(std::size_t, std::size_t) const override {
        throw std::logic_error("heatmap: a reduced matrix's cell was annotated (a bug)");
    }

  private:
    std::size_t rows_, cols_;
};

HEATMAP_FUNC DataRange sample_range(const MatrixFile& file, std::size_t samples) {
    const MatrixLayout& L = file.layout();
    const bool by_column = L.order == Order::fortran;
    const std::size_t n = by_column ? L.cols : L.rows;
    const std::size_t k = std::max<std::size_t>(1, std::min(samples, n));
    std::vector<double> buffer(by_column ? L.rows : L.cols);
    MatrixFile::Reader in = file.reader();
    DataRange range;
    range.positive_tracked = true;
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t at = k == 1 ? 0 : i * (n - 1) / (k - 1);
        if (by_column)
            in.read(0, L.rows, at, at + 1, buffer.data());
        else
            in.read(at, 1, 0, L.cols, buffer.data());
        for (double v : buffer) range.add(v);
    }
    return range;
}

inline bool same_box(const Box& a, const Box& b) {
    return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1;
}

}  // namespace detail

HEATMAP_FUNC Box figure_axes_box(const HeatmapOptions& options, std::size_t rows, std::size_t cols,
                                 const DataRange& range, Target target) {
    if (rows == 0 || cols == 0)
        throw std::invalid_argument("a " + std::to_string(rows) + "x" + std::to_string(cols) +
                                    " matrix has no cells: give at least one row and one column");
    const detail::ShapeOnly shape(rows, cols);
    const detail::PlannedReduction reduction{range, nullptr};
    detail::FigurePlanner planner(options, shape, target, false, &reduction);
    const detail::FigurePlan plan = planner.plan();
    // As FigurePlanner::downsampled_pixels scales the axes, to the bit.
    const double scale = options.dpi / plan.units_per_inch;
    const Box& A = plan.layout.axes;
    return {A.x0 * scale, A.y0 * scale, A.x1 * scale, A.y1 * scale};
}

HEATMAP_FUNC Scene figure_scene(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                Target target, FigureLayout* layout) {
    const detail::ShapeOnly shape(matrix.rows, matrix.cols);
    const detail::PlannedReduction reduction{matrix.pixels.range, &matrix.pixels};
    detail::FigurePlanner planner(options, shape, target, false, &reduction);
    const detail::FigurePlan plan = planner.plan();
    Scene scene = planner.emit(plan);
    if (layout) *layout = detail::layout_in_pixels(plan.layout, options, plan.units_per_inch);
    return scene;
}

HEATMAP_FUNC FigureLayout figure_layout(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                        Target target) {
    FigureLayout layout;
    figure_scene(options, matrix, target, &layout);
    return layout;
}

HEATMAP_FUNC Image figure_image(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                FigureLayout* layout) {
    return render_raster(figure_scene(options, matrix, Target::raster, layout), options.max_pixels);
}

HEATMAP_FUNC std::string figure_svg(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                    FigureLayout* layout) {
    return render_svg(figure_scene(options, matrix, Target::svg, layout));
}

HEATMAP_FUNC std::vector<std::uint8_t> figure_pdf(const HeatmapOptions& options,
                                                  const ReducedMatrix& matrix,
                                                  FigureLayout* layout) {
    return render_pdf(figure_scene(options, matrix, Target::pdf, layout));
}

HEATMAP_FUNC std::string figure_html(const HeatmapOptions& options, const ReducedMatrix& matrix,
                                     FigureLayout* layout) {
    const detail::ShapeOnly shape(matrix.rows, matrix.cols);
    const detail::PlannedReduction reduction{matrix.pixels.range, &matrix.pixels};
    detail::FigurePlanner planner(options, shape, Target::raster, true, &reduction);
    const detail::FigurePlan plan = planner.plan();
    const Scene scene = planner.emit(plan);
    if (layout) *layout = detail::layout_in_pixels(plan.layout, options, plan.units_per_inch);
    return render_html(scene);
}

namespace detail {

// The reduction a figure asks for, refusing Reduce::nearest (a reduction of sums cannot keep the
// cell under each pixel's centre).
inline Reduce figure_reduction(const HeatmapOptions& options) {
    const Reduce how =
        options.reduce.value_or(options.style == Style::seaborn ? Reduce::nearest : Reduce::mean);
    if (how == Reduce::nearest)
        throw std::invalid_argument(
            "Reduce::nearest shows single cells, which a streamed reduction does not keep: "
            "reduce with mean, max or min (seaborn's style defaults to nearest)");
    return how;
}

// A matrix reduced by reduce_into(box) into the axes placed for the range `guess`: placed again,
// and reduced once more, when the reduced values' own range moves the axes.
template <class ReduceInto>
std::optional<ReducedMatrix> reduce_for_figure(const HeatmapOptions& options, std::size_t rows,
                                               std::size_t cols, const DataRange& guess,
                                               Target target, ReduceInto&& reduce_into,
                                               int* passes) {
    if (passes) *passes = 0;
    Box box = figure_axes_box(options, rows, cols, guess, target);
    if (!needs_downsampling(rows, cols, box)) return std::nullopt;
    ReducedMatrix m{rows, cols, reduce_into(box)};
    for (int pass = 1;; ++pass) {
        if (passes) *passes = pass;
        const Box truth = figure_axes_box(options, rows, cols, m.pixels.range, target);
        if (same_box(truth, box)) return m;
        // The range moved the axes: the figure of the whole range is read again, once (its
        // range is then the one the axes were placed for).
        if (!needs_downsampling(rows, cols, truth)) return std::nullopt;
        if (pass == 2)
            throw std::logic_error("heatmap: the axes moved after a second pass (a bug)");
        box = truth;
        m.pixels = reduce_into(box);
    }
}

}  // namespace detail

HEATMAP_FUNC std::optional<ReducedMatrix> reduce_file_for_figure(const HeatmapOptions& options,
                                                                 const MatrixFile& file,
                                                                 Target target,
                                                                 const StreamOptions& stream,
                                                                 int* passes) {
    const MatrixLayout& L = file.layout();
    const DataRange guess = detail::sample_range(file, 32);
    const ValueScale scale = reduction_scale(options.norm);
    return detail::reduce_for_figure(
        options, L.rows, L.cols, guess, target,
        [&](const Box& box) {
            return reduce_file(file, box, detail::figure_reduction(options), scale, stream);
        },
        passes);
}

HEATMAP_FUNC std::optional<ReducedMatrix> reduce_csv_for_figure(
    const HeatmapOptions& options, const std::function<std::unique_ptr<CsvReader>()>& open,
    const CsvSummary& table, const std::string& name, Target target, int* passes) {
    const ValueScale scale = reduction_scale(options.norm);
    return detail::reduce_for_figure(
        options, table.rows, table.cols, table.range, target,
        [&](const Box& box) {
            return reduce_csv(*open(), table, box, detail::figure_reduction(options), scale, name);
        },
        passes);
}

HEATMAP_FUNC std::optional<ReducedMatrix> reduce_csv_for_figure(const HeatmapOptions& options,
                                                                const std::string& path,
                                                                const CsvSummary& table,
                                                                const CsvOptions& csv,
                                                                Target target, int* passes) {
    return reduce_csv_for_figure(
        options, [&] { return detail::open_streamed_csv(path, csv); }, table, path, target, passes);
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
