#pragma once
// The `heatmap` command: a CSV (or a NumPy .npy, or raw binary) in, Matplotlib's heatmap out as a
// PNG, SVG or PDF file (and its layout as JSON). A binary matrix larger than the figure's axes is
// streamed and reduced per pixel (reduced_figure.hpp), never held: its size is not bounded by
// memory.
//
//     heatmap INPUT [options] -o OUTPUT.png|.svg|.pdf|.html
//
// Everything the command does is run_cli(), so that tests and other programs can run it in-process;
// examples/heatmap_cli.cpp is only a main() around it. Each flag means one Matplotlib call (the
// gallery's cases.py pins the mapping). Exit status: 0 on success, 2 for a usage error (unknown
// flag, bad value), 1 for input, data or output faults. Messages are one line on the error stream.
// Outputs are written whole or not at all, so a failed run never damages an existing file.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <iostream>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

#include "canvas.hpp"
#include "color.hpp"
#include "colormap.hpp"
#include "csv.hpp"
#include "error.hpp"
#include "font.hpp"
#include "format.hpp"
#include "heatmap.hpp"
#include "io.hpp"
#include "limits.hpp"
#include "norm.hpp"
#include "number.hpp"
#include "npy.hpp"
#include "png.hpp"
#include "reduced_figure.hpp"
#include "stream.hpp"
#include "utf8.hpp"
#include "version.hpp"

namespace heatmap {

// A command line that cannot be obeyed: the command exits with status 2.
class usage_error : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// The command line, parsed and checked. Unset optionals mean "as Matplotlib chooses".
struct CliOptions {
    std::string input;  // a path, or "-" for standard input
    std::string output, layout_json;
    std::string format;  // png, svg, pdf or html: --format, else -o's extension (png for '-')
    CsvOptions csv;
    // Binary input: npy, raw or csv (--input-format; empty until parse_cli settles it: .npy by
    // its extension, raw when --shape or --dtype is given, else csv). Raw: rows x cols elements
    // of dtype from byte offset.
    std::string input_format;
    std::size_t shape_rows = 0, shape_cols = 0;  // --shape; 0: not given
    std::string dtype;                           // --dtype, as given
    std::optional<std::uint64_t> offset;         // --offset
    std::string cmap = "viridis";
    bool cmap_given = false;  // --style seaborn keeps seaborn's default map unless --cmap is given
    std::string norm = "linear";  // linear, log, symlog, power, twoslope, centered
    std::optional<double> vmin, vmax, vcenter, halfrange, linthresh, gamma;
    bool annot = false;
    std::string fmt;  // empty: the style's (g, or seaborn's .2g)
    std::optional<double> threshold;
    std::string title, xlabel, ylabel, cbar_label;
    bool cbar = true;
    double fig_width = 6.4, fig_height = 4.8;  // inches
    int dpi = 100;
    double xrotation = 0;
    double linewidths = 0;  // points; 0: no lines between cells
    Rgba linecolor{255, 255, 255, 255};
    // Beyond Matplotlib's tutorial (the issue's fixed interface leaves them to us): seaborn's
    // robust and center, the colorbar's extend triangles and side, the cells' aspect, seaborn's
    // look.
    bool robust = false;
    std::optional<double> center;
    std::string extend = "neither";  // neither, min, max, both
    bool cbar_bottom = false;        // --cbar-location bottom
    std::optional<bool> square;      // --aspect equal|auto; unset: the style's default
    bool seaborn = false;            // --style seaborn
    // What else the library does, one flag each (issue 17).
    std::vector<std::string> fonts;  // --font: fallback TrueType files, in order
    std::string mask;                // --mask: a file, upper, lower or a comparison such as '<0'
    std::optional<double> font_size;
    std::optional<std::size_t> xticks_every, yticks_every;
    std::string xticklabels, yticklabels;  // auto, all or none; empty: the style's default
    std::optional<double> yrotation;
    bool labels_top = false;
    std::optional<Rgba> text_color;
    std::string annot_template;
    std::optional<double> cbar_shrink;
    std::string cbar_format;
    std::optional<Reduce> reduce;  // unset: the style's
    std::optional<std::size_t> tooltip_cells;
    bool transpose = false;
    bool fsync = true;  // --no-fsync: outputs replace their targets without waiting for the disk
    // A CSV file this large, or any with --stream, is streamed when its figure is reduced.
    std::uintmax_t stream_above = std::uintmax_t{64} << 20;
    // seaborn.clustermap (clustermap.hpp): --cluster rows|cols|both|none turns it on.
    std::string cluster;
    std::string method = "average", metric = "euclidean";
    std::string z_score, standard_scale;  // rows or cols; empty: none
    std::string row_colors, col_colors;   // colour-strip files
    std::optional<double> dendrogram_ratio, colors_ratio;
    bool optimal_ordering = false;
    bool strip_legend = true;  // --no-strip-legend: seaborn's figure exactly
    bool figsize_given = false;
    bool help = false, version = false;
};

inline std::string cli_usage() {
    return R"(usage: heatmap INPUT [options] -o OUTPUT.png|.svg|.pdf|.html
Draws the matrix in INPUT (a table as R, pandas or a spreadsheet writes it, gzip or not; '-' reads
standard input) as Matplotlib draws an annotated heatmap. The delimiter, the decimal mark and the labels
are guessed: row and column labels are taken from the first column and row when they hold text (or, for
numeric column labels such as years, when the top-left cell is empty; or R's write.table layout, whose
first line is one cell short). Columns of text are left out, with a note. An empty cell, NA, N/A, null,
#N/A, ?, nan and pandas' other spellings are missing values. A NumPy .npy file, or raw binary values,
is read in blocks: a matrix larger than the axes is reduced per pixel as it streams, whatever its size;
so is a CSV file over 64 MiB (read twice: its shape, labels and range, then its values).

input:
  --delimiter C         cell separator: one character, 'tab' or 'space' (runs of spaces and tabs)
                        (default: guessed among tab, ';', ',' and spaces; tab for *.tsv)
  --decimal C           decimal mark, '.' or ',' (default: ',' when the delimiter is not ',' and
                        numbers are written 3,9; '.' otherwise)
  --header, --no-header the first row holds column labels (default: guessed)
  --index, --no-index   the first column holds row labels (default: guessed)
  --skip N              skip N lines before the table (a title, a count line)
  --comment C           skip lines that start with the character C (such as '#')
  --columns A,B,...     draw only these columns, in this order: labels, or indices from 0 among
                        the data columns (a label holding a comma: by its index)
  --drop A,B,...        leave these columns out (labels or indices, as for --columns)
  --threads N           threads reading numbers, or reducing a binary matrix (default: every core)
  --stream              a CSV of any size drawn reduced is streamed, as one over 64 MiB is: read
                        twice, never held (standard input and pipes are kept in a temporary file
                        in TMPDIR to be read twice); not with --annot, --mask, --robust,
                        --transpose, --cluster or seaborn's nearest reduction, which need every cell
  --input-format KIND   csv, npy (NumPy's .npy, the default for *.npy) or raw (binary values, the
                        default when --shape is given); a binary matrix larger than the axes is
                        streamed and reduced per pixel (--reduce), whatever its size
  --shape ROWSxCOLS     raw input's shape, C order (row after row)
  --dtype TYPE          raw input's element type: float16, float32, float64, int8..int64,
                        uint8..uint64, bool, or NumPy's '<f4', '>f8' ('<' little-endian, the
                        default; '>' big-endian)
  --offset N            raw input's first byte (a header to skip; default 0)
colors:
  --cmap NAME           colormap, any of Matplotlib's or seaborn's (default viridis; NAME_r reversed)
  --vmin X, --vmax X    data values at the ends of the colormap (default: the data's range)
  --norm KIND           linear, log, symlog (--linthresh X), power (--gamma X),
                        twoslope (--vcenter X) or centered (--vcenter X, --halfrange X)
annotations:
  --annot               write each cell's value in it
  --fmt SPEC            Python format spec for the values (default g, with --style seaborn .2g;
                        d prints integers)
  --threshold T         white text where norm(value) < T, black elsewhere (default: by cell luminance)
  --text-color COLOR    every annotation in one color, as Matplotlib spells it ('w', 'tab:red')
  --annot-template T    each value through a str.format template, such as '{x:.1f} ms'
  --mask M              cells left blank: FILE (a table of INPUT's shape, nonzero cells masked),
                        upper or lower (the triangle, diagonal included: np.triu/np.tril), or a
                        comparison with the value such as '<0', '>=100', '==0'
figure:
  --title, --xlabel, --ylabel, --cbar-label TEXT
  --no-cbar             no colorbar
  --figsize W,H         inches (default 6.4,4.8)
  --dpi N               pixels per inch (default 100)
  --xrotation DEG       turn the column labels, anchored at their right end
  --yrotation DEG       turn the row labels
  --xticks-every N, --yticks-every N
                        label every N-th column (row), from the first; 0: none
  --xticklabels KIND, --yticklabels KIND
                        auto (as many as fit, seaborn's; the default with --style seaborn), all
                        (the default otherwise) or none
  --labels-top          column labels above the cells
  --font-size PT        text size in points (default 10; the title 1.2 times it)
  --font FILE           a TrueType font for characters DejaVu Sans lacks (CJK, say); repeatable,
                        tried in order
  --transpose           rows as columns and columns as rows
  --reduce HOW          a pixel over many cells shows their mean, max or min, or the cell under
                        its center (nearest, seaborn's mesh; the default with --style seaborn)
  --linewidths W        lines of W points between cells, in --linecolor COLOR (default white)
  --robust              color limits at the 2nd and 98th percentiles (seaborn's robust)
  --center X            recenter the colormap on X (seaborn's center)
  --extend WHICH        colorbar triangles for values beyond the limits: min, max or both
  --cbar-location SIDE  right (default) or bottom
  --cbar-shrink F       the colorbar's length as a fraction of the axes' (0 < F <= 1)
  --cbar-format T       the colorbar's labels through a template, such as '{x:.0%}'
  --aspect KIND         equal (square cells, the default) or auto (cells fill the axes)
  --style NAME          matplotlib (imshow's look, default) or seaborn (seaborn.heatmap's look)
clustering (seaborn.clustermap's figure, seaborn's look, 10,10 in unless --figsize):
  --cluster WHICH       reorder rows, cols, both (or none) by hierarchical clustering, with
                        dendrograms beside them and the row labels on the right
  --method NAME         scipy's linkage method: single, complete, average (default), weighted,
                        centroid, median, ward
  --metric NAME         scipy's pdist metric: euclidean (default), sqeuclidean, cityblock,
                        chebyshev, minkowski, cosine, correlation, canberra, braycurtis
  --z-score AXIS        standardize each row or each column (rows|cols) before clustering
  --standard-scale AXIS scale each row or column (rows|cols) to 0..1 before clustering
  --row-colors FILE, --col-colors FILE
                        colour strips: a CSV of label,value lines (a header line names the strips);
                        values are colours ('firebrick', '#4682b4') or categories, given tab10's
                        colours in order of appearance
  --dendrogram-ratio F  the share of the figure each dendrogram takes (default 0.2)
  --colors-ratio F      the share each colour strip takes (default 0.03)
  --optimal-ordering    scipy's optimal leaf ordering (slower; seaborn's default is off)
  --no-strip-legend     no legend of the strips' categories (seaborn draws none)
output:
  -o, --output PATH     the figure to write: PNG, SVG, PDF or HTML by its extension ('-':
                        standard output, PNG unless --format says otherwise); HTML is one page
                        that shows each cell's row, column and value on hover, zooms and pans
                        (wheel, drag, keys) and makes no request
  --format KIND         png, svg, pdf or html, whatever -o's name
  --tooltips N          SVG: a tooltip (row, column, value) on each cell when there are at most
                        N cells (default 100; 0: none)
  --layout-json PATH    where each part of the figure went, in pixels, as JSON ('-': standard output)
  --no-fsync            replace the outputs without waiting for the disk (a few ms a file): still
                        never half-written by a failed run, but a power cut soon after can lose them
  -h, --help            this help
  --version             the version
Exit status: 0 done, 1 input or output fault, 2 usage error.
)";
}

namespace detail {

[[noreturn]] inline void usage_fail(const std::string& problem) {
    throw usage_error("heatmap: " + problem + " (see heatmap --help)");
}

inline std::string quote_arg(std::string_view s) {
    return "'" + std::string(s) + "'";
}

// A number as Python's float() reads it (number.hpp, the CSV reader's own).
inline double cli_number(std::string_view flag, std::string_view text) {
    double value = 0;
    if (!parse_number(text, value))
        usage_fail(std::string(flag) + ": " + quote_arg(text) +
                   " is not a number; give one such as 1.5");
    if (!std::isfinite(value))
        usage_fail(std::string(flag) + ": " + quote_arg(text) +
                   " is not a finite number; give one such as 1.5");
    return value;
}

inline double cli_positive(std::string_view flag, std::string_view text) {
    const double value = cli_number(flag, text);
    if (!(value > 0)) usage_fail(std::string(flag) + ": " + quote_arg(text) + " must be above 0");
    return value;
}

inline int cli_dpi(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0 ||
        value > max_dpi)
        usage_fail("--dpi: " + quote_arg(text) + " is not a whole number from 1 to " +
                   number_text(max_dpi) + "; give one such as 100");
    return value;
}

inline char cli_delimiter(std::string_view text) {
    if (text == "tab" || text == "\\t") return '\t';
    if (text == "space") return ' ';
    if (text.size() != 1)
        usage_fail("--delimiter: " + quote_arg(text) +
                   " is not one character; give one such as ';', or 'tab' or 'space'");
    if (text[0] == '"' || text[0] == '\n' || text[0] == '\r')
        usage_fail("--delimiter: " + quote_arg(text) +
                   " is a quote or a line break, which CSV reserves; give another such as ';'");
    return text[0];
}

// The flags that take a value, and those that do not: the one list both the parser and its hints
// use.
inline const std::vector<std::string_view>& cli_value_flags() {
    static const std::vector<std::string_view> flags{"--delimiter",
                                                     "--cmap",
                                                     "--vmin",
                                                     "--vmax",
                                                     "--norm",
                                                     "--vcenter",
                                                     "--halfrange",
                                                     "--linthresh",
                                                     "--gamma",
                                                     "--fmt",
                                                     "--threshold",
                                                     "--title",
                                                     "--xlabel",
                                                     "--ylabel",
                                                     "--cbar-label",
                                                     "--figsize",
                                                     "--dpi",
                                                     "--xrotation",
                                                     "--linewidths",
                                                     "--linecolor",
                                                     "--output",
                                                     "--layout-json",
                                                     "--center",
                                                     "--extend",
                                                     "--cbar-location",
                                                     "--aspect",
                                                     "--style",
                                                     "--decimal",
                                                     "--skip",
                                                     "--comment",
                                                     "--columns",
                                                     "--drop",
                                                     "--threads",
                                                     "--format",
                                                     "--font",
                                                     "--mask",
                                                     "--font-size",
                                                     "--xticks-every",
                                                     "--yticks-every",
                                                     "--xticklabels",
                                                     "--yticklabels",
                                                     "--yrotation",
                                                     "--text-color",
                                                     "--annot-template",
                                                     "--cbar-shrink",
                                                     "--cbar-format",
                                                     "--reduce",
                                                     "--input-format",
                                                     "--shape",
                                                     "--dtype",
                                                     "--offset",
                                                     "--tooltips",
                                                     "--cluster",
                                                     "--method",
                                                     "--metric",
                                                     "--z-score",
                                                     "--standard-scale",
                                                     "--row-colors",
                                                     "--col-colors",
                                                     "--dendrogram-ratio",
                                                     "--colors-ratio"};
    return flags;
}

inline const std::vector<std::string_view>& cli_switch_flags() {
    static const std::vector<std::string_view> flags{"--header",
                                                     "--no-header",
                                                     "--index",
                                                     "--no-index",
                                                     "--annot",
                                                     "--no-cbar",
                                                     "--robust",
                                                     "--help",
                                                     "--version",
                                                     "--labels-top",
                                                     "--transpose",
                                                     "--no-fsync",
                                                     "--optimal-ordering",
                                                     "--no-strip-legend",
                                                     "--stream"};
    return flags;
}

// What the parser saw beyond the options' values: flags given, and numbers as they were typed
// (messages quote them so: "--vmin 10", not "1e+01").
struct CliSeen {
    bool linecolor = false, fmt = false;
    std::vector<std::pair<std::string, std::string>> numbers;  // flag, text

    std::string typed(std::string_view flag) const {
        for (auto it = numbers.rbegin(); it != numbers.rend(); ++it)
            if (it->first == flag) return it->second;
        return {};
    }
};

// Text options are drawn into the figure; one longer than any figure could show is refused here,
// naming the flag, rather than after minutes of measuring it.
inline void cli_text(std::string& field, std::string_view flag, std::string_view v) {
    try {
        check_text_length(flag, v);
    } catch (const std::invalid_argument& e) {
        usage_fail(e.what());
    }
    field = std::string(v);
}

inline void cli_set(CliOptions& o, std::string_view flag, std::string_view v, CliSeen& seen) {
    const std::string f(flag);
    const auto number = [&](std::string_view text) {
        const double x = cli_number(f, text);
        seen.numbers.emplace_back(f, std::string(text));
        return x;
    };
    if (flag == "--delimiter") {
        o.csv.delimiter = cli_delimiter(v);
    } else if (flag == "--decimal") {
        if (v != "." && v != ",") usage_fail("--decimal: " + quote_arg(v) + " is not '.' or ','");
        o.csv.decimal = v[0];
    } else if (flag == "--skip" || flag == "--threads" || flag == "--tooltips") {
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (v.empty() || ec != std::errc() || end != v.data() + v.size() ||
            (flag == "--threads" && (n == 0 || n > 1024)))
            usage_fail(f + ": " + quote_arg(v) + " is not a whole number" +
                       (flag == "--threads" ? " from 1 to 1024; give one such as 2"
                                            : "; give one such as 1"));
        if (flag == "--skip") o.csv.skip = n;
        if (flag == "--tooltips") o.tooltip_cells = n;
        if (flag == "--threads") o.csv.threads = static_cast<unsigned>(n);
    } else if (flag == "--comment") {
        if (v.size() != 1 || v[0] == '"' || v[0] == '\n' || v[0] == '\r')
            usage_fail("--comment: " + quote_arg(v) +
                       " is not one character; give the character comment lines start with, "
                       "such as '#'");
        o.csv.comment = v[0];
    } else if (flag == "--columns" || flag == "--drop") {
        auto& list = flag == "--columns" ? o.csv.columns : o.csv.drop;
        for (std::size_t start = 0;;) {
            const std::size_t comma = v.find(',', start);
            const std::string_view name = v.substr(start, comma - start);
            if (name.empty())
                usage_fail(f + ": " + quote_arg(v) +
                           " names an empty column; give labels or indices separated by ','");
            list.emplace_back(name);
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    } else if (flag == "--cmap") {
        try {
            colormap(v);
        } catch (const std::invalid_argument& e) {
            // colormap()'s fallback hint speaks to C++ callers; the command's users get names.
            const std::string message = e.what();
            usage_fail("--cmap: " +
                       (!v.empty() && message.find("did you mean") != std::string::npos
                            ? message
                            : "unknown colormap " + quote_arg(v) +
                                  "; give one of Matplotlib's or seaborn's names, such as "
                                  "viridis, magma, coolwarm or RdBu_r"));
        }
        o.cmap = std::string(v);
        o.cmap_given = true;
    } else if (flag == "--vmin") {
        o.vmin = number(v);
    } else if (flag == "--vmax") {
        o.vmax = number(v);
    } else if (flag == "--norm") {
        static const std::vector<std::string_view> kinds{"linear", "log",      "symlog",
                                                         "power",  "twoslope", "centered"};
        bool known = false;
        for (std::string_view k : kinds) known = known || k == v;
        if (!known)
            usage_fail("--norm: unknown norm " + quote_arg(v) + ";" + did_you_mean(v, kinds) +
                       " the norms are linear, log, symlog, power, twoslope and centered");
        o.norm = std::string(v);
    } else if (flag == "--vcenter") {
        o.vcenter = number(v);
    } else if (flag == "--halfrange") {
        o.halfrange = cli_positive(f, v);
    } else if (flag == "--linthresh") {
        o.linthresh = cli_positive(f, v);
    } else if (flag == "--gamma") {
        o.gamma = cli_positive(f, v);
    } else if (flag == "--fmt") {
        try {
            format(0.0, v);  // the data are doubles: refuse now what Python refuses for a float
        } catch (const std::invalid_argument& e) {
            usage_fail(std::string("--fmt: ") + e.what());
        }
        o.fmt = std::string(v);
        seen.fmt = true;
    } else if (flag == "--threshold") {
        o.threshold = number(v);
    } else if (flag == "--title") {
        cli_text(o.title, flag, v);
    } else if (flag == "--xlabel") {
        cli_text(o.xlabel, flag, v);
    } else if (flag == "--ylabel") {
        cli_text(o.ylabel, flag, v);
    } else if (flag == "--cbar-label") {
        cli_text(o.cbar_label, flag, v);
    } else if (flag == "--figsize") {
        const auto comma = v.find(',');
        if (comma == std::string_view::npos)
            usage_fail("--figsize: " + quote_arg(v) +
                       " is not W,H; give width and height in inches, such as 6.4,4.8");
        o.figsize_given = true;
        o.fig_width = cli_positive(f, v.substr(0, comma));
        o.fig_height = cli_positive(f, v.substr(comma + 1));
    } else if (flag == "--dpi") {
        o.dpi = cli_dpi(v);
    } else if (flag == "--xrotation") {
        o.xrotation = cli_number(f, v);
    } else if (flag == "--linewidths") {
        o.linewidths = cli_number(f, v);
        if (o.linewidths < 0)
            usage_fail("--linewidths: " + quote_arg(v) +
                       " is negative; give a width in points such as 2");
    } else if (flag == "--linecolor") {
        try {
            o.linecolor = parse_color(v);
        } catch (const std::invalid_argument& e) {
            usage_fail(std::string("--linecolor: ") + e.what());
        }
        seen.linecolor = true;
    } else if (flag == "--center") {
        o.center = number(v);
    } else if (flag == "--extend") {
        if (v != "neither" && v != "min" && v != "max" && v != "both")
            usage_fail("--extend: " + quote_arg(v) + " is not one of neither, min, max, both");
        o.extend = std::string(v);
    } else if (flag == "--cbar-location") {
        if (v != "right" && v != "bottom")
            usage_fail("--cbar-location: " + quote_arg(v) + " is not right or bottom");
        o.cbar_bottom = v == "bottom";
    } else if (flag == "--aspect") {
        if (v != "equal" && v != "auto")
            usage_fail("--aspect: " + quote_arg(v) + " is not equal or auto");
        o.square = v == "equal";
    } else if (flag == "--style") {
        if (v != "matplotlib" && v != "seaborn")
            usage_fail("--style: " + quote_arg(v) + " is not matplotlib or seaborn");
        o.seaborn = v == "seaborn";
    } else if (flag == "--format") {
        if (v != "png" && v != "svg" && v != "pdf" && v != "html")
            usage_fail("--format: " + quote_arg(v) + " is not png, svg, pdf or html");
        o.format = std::string(v);
    } else if (flag == "--font") {
        if (v.empty()) usage_fail("--font: the file name is empty; give a TrueType font file");
        o.fonts.emplace_back(v);
    } else if (flag == "--mask") {
        if (v.empty())
            usage_fail("--mask: empty; give a file, upper, lower or a comparison such as '<0'");
        if (v.front() == '<' || v.front() == '>' || v.front() == '=' || v.front() == '!') {
            const std::size_t n = v.size() > 1 && v[1] == '=' ? 2 : 1;
            const std::string_view op = v.substr(0, n);
            if (op == "=" || op == "!")
                usage_fail("--mask: " + quote_arg(v) +
                           " is not a comparison; write <, <=, >, >=, == or != and a number, "
                           "such as '<0'");
            cli_number(f, v.substr(n));
        }
        o.mask = std::string(v);
    } else if (flag == "--font-size") {
        o.font_size = cli_positive(f, v);
        if (*o.font_size > 1000)
            usage_fail("--font-size: " + quote_arg(v) +
                       " is above 1000 points; give one such as 12");
    } else if (flag == "--xticks-every" || flag == "--yticks-every") {
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (v.empty() || ec != std::errc() || end != v.data() + v.size())
            usage_fail(f + ": " + quote_arg(v) +
                       " is not a whole number; give one such as 5 (0 shows no labels)");
        (flag == "--xticks-every" ? o.xticks_every : o.yticks_every) = n;
    } else if (flag == "--xticklabels" || flag == "--yticklabels") {
        if (v != "auto" && v != "all" && v != "none")
            usage_fail(f + ": " + quote_arg(v) + " is not auto, all or none");
        (flag == "--xticklabels" ? o.xticklabels : o.yticklabels) = std::string(v);
    } else if (flag == "--yrotation") {
        o.yrotation = cli_number(f, v);
    } else if (flag == "--text-color") {
        try {
            o.text_color = parse_color(v);
        } catch (const std::invalid_argument& e) {
            usage_fail(std::string("--text-color: ") + e.what());
        }
    } else if (flag == "--cluster") {
        if (v != "rows" && v != "cols" && v != "both" && v != "none")
            usage_fail("--cluster: " + quote_arg(v) + " is not rows, cols, both or none");
        o.cluster = std::string(v);
    } else if (flag == "--method") {
        try {
            o.method = to_string(parse_linkage_method(v));
        } catch (const std::invalid_argument& e) {
            usage_fail(std::string("--method: ") + e.what());
        }
    } else if (flag == "--metric") {
        try {
            o.metric = to_string(parse_metric(v));
        } catch (const std::invalid_argument& e) {
            usage_fail(std::string("--metric: ") + e.what());
        }
    } else if (flag == "--z-score" || flag == "--standard-scale") {
        if (v != "rows" && v != "cols")
            usage_fail(f + ": " + quote_arg(v) + " is not rows or cols");
        (flag == "--z-score" ? o.z_score : o.standard_scale) = std::string(v);
    } else if (flag == "--row-colors" || flag == "--col-colors") {
        if (v.empty()) usage_fail(f + ": the file name is empty; give a CSV of label,colour lines");
        (flag == "--row-colors" ? o.row_colors : o.col_colors) = std::string(v);
    } else if (flag == "--dendrogram-ratio" || flag == "--colors-ratio") {
        const double x = number(v);
        if (!(x >= 0 && x < 1))
            usage_fail(f + ": " + quote_arg(v) +
                       " is not a fraction of the figure from 0 to below 1; give one such as " +
                       (flag == "--colors-ratio" ? "0.03" : "0.2"));
        (flag == "--dendrogram-ratio" ? o.dendrogram_ratio : o.colors_ratio) = x;
    } else if (flag == "--annot-template" || flag == "--cbar-format") {
        try {
            format_template(v, 0.0);  // refused now, naming the fault, as Python would refuse it
        } catch (const std::invalid_argument& e) {
            usage_fail(f + ": " + e.what());
        }
        (flag == "--annot-template" ? o.annot_template : o.cbar_format) = std::string(v);
    } else if (flag == "--cbar-shrink") {
        o.cbar_shrink = cli_number(f, v);
        if (!(*o.cbar_shrink > 0 && *o.cbar_shrink <= 1))
            usage_fail("--cbar-shrink: " + quote_arg(v) +
                       " is not above 0 and at most 1; give the fraction of the axes' length, "
                       "such as 0.6");
    } else if (flag == "--reduce") {
        if (v != "mean" && v != "max" && v != "min" && v != "nearest")
            usage_fail("--reduce: " + quote_arg(v) + " is not mean, max, min or nearest");
        o.reduce = v == "max"       ? Reduce::max
                   : v == "min"     ? Reduce::min
                   : v == "nearest" ? Reduce::nearest
                                    : Reduce::mean;
    } else if (flag == "--input-format") {
        if (v != "csv" && v != "npy" && v != "raw")
            usage_fail("--input-format: " + quote_arg(v) + " is not csv, npy or raw");
        o.input_format = std::string(v);
    } else if (flag == "--shape") {
        const auto x = v.find_first_of("x,");
        std::size_t dims[2] = {0, 0};
        bool ok = x != std::string_view::npos;
        for (int i = 0; ok && i < 2; ++i) {
            const std::string_view part = i == 0 ? v.substr(0, x) : v.substr(x + 1);
            const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), dims[i]);
            ok = !part.empty() && ec == std::errc() && end == part.data() + part.size() &&
                 dims[i] > 0;
        }
        if (!ok)
            usage_fail("--shape: " + quote_arg(v) +
                       " is not ROWSxCOLS; give two whole numbers above 0, such as 4096x2048");
        o.shape_rows = dims[0], o.shape_cols = dims[1];
    } else if (flag == "--dtype") {
        try {
            parse_dtype(v);
        } catch (const std::exception& e) {
            usage_fail("--dtype: " + std::string(e.what()));
        }
        o.dtype = std::string(v);
    } else if (flag == "--offset") {
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (v.empty() || ec != std::errc() || end != v.data() + v.size())
            usage_fail("--offset: " + quote_arg(v) +
                       " is not a whole number of bytes; give one such as 128");
        o.offset = n;
    } else if (flag == "--output") {
        o.output = std::string(v);
    } else if (flag == "--layout-json") {
        o.layout_json = std::string(v);
    }
}

// Whether an output path is the command's standard output: '-', or a name of descriptor 1
// (/dev/stdout, /dev/fd/1, /proc/self/fd/1), which the command writes through the same stream.
inline bool cli_is_stdout(const std::string& path) {
    return path == "-" || named_descriptor(path) == 1;
}

// Paths that lead to one file: an output over the input would destroy the data before it is
// read (or while), and two outputs in one file would leave only the second.
inline void cli_check_paths(const CliOptions& o) {
    const bool png_stdout = !o.output.empty() && cli_is_stdout(o.output);
    const bool json_stdout = !o.layout_json.empty() && cli_is_stdout(o.layout_json);
    if (png_stdout && json_stdout)
        usage_fail(
            "-o and --layout-json cannot both write to standard output ('-'); give one a file");
    if (!o.output.empty() && !o.layout_json.empty() && !png_stdout && !json_stdout &&
        same_destination(o.output, o.layout_json))
        usage_fail("-o " + quote_arg(o.output) + " and --layout-json " + quote_arg(o.layout_json) +
                   " are the same file, which would keep only the layout; give each its own file");
    if (o.input == "-") return;
    for (const auto& [flag, path] : {std::pair<const char*, const std::string&>{"-o", o.output},
                                     {"--layout-json", o.layout_json}})
        if (!path.empty() && !cli_is_stdout(path) && same_destination(o.input, path))
            usage_fail(std::string(flag) + " " + quote_arg(path) + " is the input file " +
                       quote_arg(o.input) +
                       ", which writing would destroy; give another output path");
}

// The input's format: --input-format; else npy for a *.npy name, raw when --shape, --dtype or
// --offset describes the file, csv otherwise.
inline std::string cli_input_format(const CliOptions& o) {
    if (!o.input_format.empty()) return o.input_format;
    const std::string name = std::filesystem::path(o.input).filename().string();
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && ascii_lower(name.substr(dot + 1)) == "npy") return "npy";
    if (o.shape_rows || !o.dtype.empty() || o.offset) return "raw";
    return "csv";
}

// Binary input's flags, each where it means something.
inline void cli_check_binary(const CliOptions& o) {
    const std::string kind = cli_input_format(o);
    if (kind != "raw") {
        for (const auto& [given, flag] :
             {std::pair<bool, const char*>{o.shape_rows != 0, "--shape"},
              {!o.dtype.empty(), "--dtype"},
              {o.offset.has_value(), "--offset"}})
            if (given)
                usage_fail(std::string(flag) + " describes raw binary input, but " +
                           quote_arg(o.input) + " is read as " + kind +
                           "; drop it, or give --input-format raw");
        return;
    }
    if (!o.shape_rows || o.dtype.empty())
        usage_fail(std::string("raw input needs ") +
                   (!o.shape_rows ? "--shape ROWSxCOLS" : "--dtype TYPE") +
                   ", which the file does not record; give " +
                   (!o.shape_rows ? "its shape, such as --shape 4096x2048"
                                  : "its element type, such as --dtype float32"));
}

// The flag whose figure needs every cell of the table held (its text, a mask, percentiles, the
// table turned or clustered, the cell under each pixel's centre), or "" when one value a pixel will
// do.
inline std::string cli_needs_cells(const CliOptions& o) {
    if (o.annot) return "--annot";
    if (!o.mask.empty()) return "--mask";
    if (o.robust) return "--robust";
    if (o.transpose) return "--transpose";
    if (!o.cluster.empty()) return "--cluster";
    if (o.reduce ? *o.reduce == Reduce::nearest : o.seaborn)
        return o.reduce ? "--reduce nearest" : "--style seaborn";
    return "";
}

inline void cli_check_stream(const CliOptions& o) {
    const std::string kind = cli_input_format(o);
    if (kind != "csv")
        usage_fail("--stream applies to CSV input; " + quote_arg(o.input) + " is read as " + kind +
                   ", which is streamed whenever its figure is reduced: drop --stream");
    const std::string needs = cli_needs_cells(o);
    if (needs.empty()) return;
    if (needs == "--reduce nearest" || needs == "--style seaborn")
        usage_fail("--stream keeps one value a pixel, but " + needs +
                   " draws each pixel's nearest cell (seaborn's default); give --reduce mean, max "
                   "or min");
    usage_fail("--stream never holds the table's cells, which " + needs +
               " needs; drop one of them");
}

// Flags that only mean something next to another one are refused alone rather than silently
// ignored.
inline void cli_check(const CliOptions& o, const CliSeen& seen) {
    const auto needs = [](bool bad, const char* flag, const char* fix) {
        if (bad) usage_fail(std::string(flag) + " " + fix);
    };
    const auto typed = [&seen](const char* flag) {
        return std::string(flag) + " " + seen.typed(flag);
    };
    needs(o.vcenter && o.norm != "twoslope" && o.norm != "centered", "--vcenter",
          "applies to --norm twoslope or centered; add one of them");
    needs(o.halfrange && o.norm != "centered", "--halfrange", "applies to --norm centered; add it");
    needs(o.linthresh && o.norm != "symlog", "--linthresh", "applies to --norm symlog; add it");
    needs(o.gamma && o.norm != "power", "--gamma", "applies to --norm power; add it");
    needs(o.norm == "twoslope" && !o.vcenter, "--norm twoslope",
          "needs --vcenter X, the value at the colormap's middle");
    needs(o.norm == "symlog" && !o.linthresh, "--norm symlog",
          "needs --linthresh X, the range around 0 drawn linearly");
    needs(o.norm == "power" && !o.gamma, "--norm power", "needs --gamma X, the exponent");
    needs(o.norm == "centered" && (o.vmin || o.vmax), "--norm centered",
          "sets its own limits; give --vcenter and --halfrange instead of --vmin/--vmax");
    needs(seen.fmt && !o.annot, "--fmt", "formats annotations; add --annot");
    needs(!o.csv.columns.empty() && !o.csv.drop.empty(), "--columns",
          "names the columns drawn, so --drop has nothing to do; give one of them");
    needs(o.csv.decimal == ',' && o.csv.delimiter == ',', "--decimal ,",
          "needs a delimiter other than ','; give --delimiter ';' (write.csv2's)");
    needs(o.threshold.has_value() && !o.annot, "--threshold", "colors annotations; add --annot");
    needs(seen.linecolor && !(o.linewidths > 0), "--linecolor",
          "colors the lines between cells; add --linewidths W");
    needs(o.text_color && !o.annot, "--text-color", "colors annotations; add --annot");
    needs(o.text_color && o.threshold, "--text-color",
          "gives every annotation one color, so --threshold has nothing to choose; give one of "
          "them");
    needs(!o.annot_template.empty() && !o.annot, "--annot-template",
          "formats annotations; add --annot");
    needs(!o.annot_template.empty() && seen.fmt, "--annot-template",
          "formats annotations, so --fmt has nothing to do; give one of them");
    needs(o.cbar_shrink && !o.cbar, "--cbar-shrink", "sizes the colorbar; drop --no-cbar");
    needs(!o.cbar_format.empty() && !o.cbar, "--cbar-format",
          "formats the colorbar's labels; drop --no-cbar");
    needs(o.xticks_every && !o.xticklabels.empty(), "--xticks-every",
          "chooses the column labels, and so does --xticklabels; give one of them");
    needs(o.yticks_every && !o.yticklabels.empty(), "--yticks-every",
          "chooses the row labels, and so does --yticklabels; give one of them");
    if (o.cluster.empty()) {
        for (const auto& [given, flag] :
             {std::make_pair(o.method != "average", "--method"),
              std::make_pair(o.metric != "euclidean", "--metric"),
              std::make_pair(!o.z_score.empty(), "--z-score"),
              std::make_pair(!o.standard_scale.empty(), "--standard-scale"),
              std::make_pair(!o.row_colors.empty(), "--row-colors"),
              std::make_pair(!o.col_colors.empty(), "--col-colors"),
              std::make_pair(o.dendrogram_ratio.has_value(), "--dendrogram-ratio"),
              std::make_pair(o.colors_ratio.has_value(), "--colors-ratio"),
              std::make_pair(o.optimal_ordering, "--optimal-ordering"),
              std::make_pair(!o.strip_legend, "--no-strip-legend")})
            needs(given, flag, "applies to a clustered figure; add --cluster rows|cols|both");
    }
    needs(!o.z_score.empty() && !o.standard_scale.empty(), "--z-score",
          "and --standard-scale cannot both scale the data (seaborn refuses it); give one of them");
    if (o.vmin && o.vmax && *o.vmin > *o.vmax)
        usage_fail(typed("--vmin") + " is above " + typed("--vmax") + "; swap them");
    if (o.vmin && o.vmax && !std::isfinite(*o.vmax - *o.vmin))
        usage_fail(typed("--vmin") + " and " + typed("--vmax") +
                   " are further apart than the largest number a double holds, so no value can be "
                   "placed between them; give limits closer together");
    if (o.norm == "log") {
        for (const char* flag : {"--vmin", "--vmax"}) {
            const auto& limit = std::string_view(flag) == "--vmin" ? o.vmin : o.vmax;
            if (limit && *limit <= 0)
                usage_fail("--norm log needs " + std::string(flag) + " above 0, not " +
                           seen.typed(flag));
        }
    }
    if (o.norm == "twoslope" && o.vcenter) {
        if (o.vmin && *o.vmin >= *o.vcenter)
            usage_fail("--norm twoslope needs --vmin < --vcenter < --vmax, but " + typed("--vmin") +
                       " is not below " + typed("--vcenter"));
        if (o.vmax && *o.vmax <= *o.vcenter)
            usage_fail("--norm twoslope needs --vmin < --vcenter < --vmax, but " + typed("--vmax") +
                       " is not above " + typed("--vcenter"));
    }
    try {
        check_image_size(o.fig_width * o.dpi, o.fig_height * o.dpi, default_max_pixels);
    } catch (const std::invalid_argument& e) {
        usage_fail(std::string("--figsize and --dpi: ") + e.what());
    }
    if (o.output.empty() && o.layout_json.empty())
        usage_fail("no output; give -o OUTPUT.png (or --layout-json PATH)");
    cli_check_paths(o);
    cli_check_binary(o);
    if (o.stream_above == 0) cli_check_stream(o);
}

// The format to write: --format, else -o's extension in any case (.png, .svg, .pdf, .html); standard
// output, a device or a pipe (a name that is not a regular file's) is PNG unless --format says
// otherwise. Any other extension, or none, is a usage error naming the three.
inline std::string cli_output_format(const CliOptions& o) {
    if (o.output.empty() || cli_is_stdout(o.output)) return o.format.empty() ? "png" : o.format;
    const std::string name = std::filesystem::path(o.output).filename().string();
    const auto dot = name.rfind('.');
    const std::string ext =
        dot == std::string::npos || dot == 0 ? std::string() : ascii_lower(name.substr(dot + 1));
    const bool known = ext == "png" || ext == "svg" || ext == "pdf" || ext == "html";
    if (!o.format.empty() && known && ext != o.format)
        usage_fail("--format " + o.format + " but -o " + quote_arg(o.output) + " names a ." + ext +
                   " file; make them agree");
    if (!o.format.empty()) return o.format;
    if (known) return ext;
    std::error_code ec;
    const auto status = std::filesystem::status(o.output, ec);
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
        !std::filesystem::is_directory(status))
        return "png";
    usage_fail("-o " + quote_arg(o.output) +
               (ext.empty() ? " has no extension" : " ends in ." + ext) +
               ": name a .png, .svg, .pdf or .html file, or give --format png|svg|pdf|html");
}

}  // namespace detail

// Parses and checks a command line (argv[0] is the program). Throws usage_error, whose message is
// the one line the command prints.
inline CliOptions parse_cli(int argc, const char* const* argv) {
    CliOptions o;
    detail::CliSeen seen;
    bool positional_only = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (positional_only || arg == "-" || arg.empty() || arg[0] != '-') {
            if (!o.input.empty())
                detail::usage_fail("more than one input: " + detail::quote_arg(o.input) + " and " +
                                   detail::quote_arg(arg) + "; give one CSV file (or '-')");
            if (arg.empty())
                detail::usage_fail("the input file name is empty; give a CSV file (or '-')");
            o.input = std::string(arg);
            continue;
        }
        if (arg == "--") {
            positional_only = true;
            continue;
        }
        std::string_view flag = arg;
        std::optional<std::string_view> value;
        if (arg == "-o") {
            flag = "--output";
        } else if (arg == "-h") {
            flag = "--help";
        } else if (const auto eq = arg.find('=');
                   arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
            flag = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        }
        const auto& values = detail::cli_value_flags();
        const auto& switches = detail::cli_switch_flags();
        if (std::find(values.begin(), values.end(), flag) != values.end()) {
            if (!value) {
                if (i + 1 >= argc)
                    detail::usage_fail(std::string(arg) + " needs a value" +
                                       (arg == "-o" ? "; give the PNG to write" : ""));
                value = std::string_view(argv[++i]);
            }
            detail::cli_set(o, flag, *value, seen);
        } else if (std::find(switches.begin(), switches.end(), flag) != switches.end()) {
            if (value)
                detail::usage_fail(std::string(flag) + " takes no value; drop " +
                                   detail::quote_arg("=" + std::string(*value)));
            if (flag == "--header" || flag == "--no-header") o.csv.header = flag == "--header";
            if (flag == "--index" || flag == "--no-index") o.csv.index = flag == "--index";
            if (flag == "--annot") o.annot = true;
            if (flag == "--no-cbar") o.cbar = false;
            if (flag == "--robust") o.robust = true;
            if (flag == "--labels-top") o.labels_top = true;
            if (flag == "--transpose") o.transpose = true;
            if (flag == "--no-fsync") o.fsync = false;
            if (flag == "--stream") o.stream_above = 0;
            if (flag == "--optimal-ordering") o.optimal_ordering = true;
            if (flag == "--no-strip-legend") o.strip_legend = false;
            if (flag == "--help") o.help = true;
            if (flag == "--version") o.version = true;
        } else {
            std::vector<std::string_view> known(values);
            known.insert(known.end(), switches.begin(), switches.end());
            const std::string hint = detail::did_you_mean(flag, known);
            detail::usage_fail("unknown option " + detail::quote_arg(flag) +
                               (hint.empty() ? std::string() : ";" + hint));
        }
    }
    if (o.help || o.version) return o;
    if (o.input.empty())
        detail::usage_fail("no input; give a CSV file (or '-' for standard input)");
    detail::cli_check(o, seen);
    o.format = detail::cli_output_format(o);
    o.input_format = detail::cli_input_format(o);
    if (o.input_format != "csv" && o.input == "-")
        detail::usage_fail("--input-format " + o.input_format +
                           " reads the file in blocks, not from standard input; save it to a "
                           "file and name that");
    return o;
}

namespace detail {

// The norm each --norm names, as cases.py's make_norm builds it; limits left unset come from the
// data.
inline Norm cli_norm(const CliOptions& o) {
    // Fields set by name: each norm has more of them (clip, base...) left at Matplotlib's defaults.
    const auto limits = [&o](auto norm) {
        norm.vmin = o.vmin;
        norm.vmax = o.vmax;
        return Norm(norm);
    };
    if (o.norm == "log") return limits(LogNorm{});
    if (o.norm == "power") {
        PowerNorm n;
        n.gamma = *o.gamma;
        return limits(n);
    }
    if (o.norm == "symlog") {
        SymLogNorm n;
        n.linthresh = *o.linthresh;
        return limits(n);
    }
    if (o.norm == "twoslope") {
        TwoSlopeNorm n;
        n.vcenter = *o.vcenter;
        return limits(n);
    }
    if (o.norm == "centered") {
        CenteredNorm n;
        n.vcenter = o.vcenter.value_or(0.0);
        n.halfrange = o.halfrange;
        return n;
    }
    return limits(Normalize{});
}

// A cell named as its tick label reads: the label, or the 0-based index when there are no labels.
inline std::string cli_cell_name(const Table& t, std::size_t r, std::size_t c) {
    const auto name = [](const std::vector<std::string>& labels, std::size_t i) {
        return labels.empty() ? std::to_string(i) : "'" + labels[i] + "'";
    };
    return "row " + name(t.row_labels, r) + ", column " + name(t.col_labels, c);
}

}  // namespace detail

namespace detail {

// One line on the error stream, whatever the message holds.
inline void cli_report(std::ostream& err, const std::string& message) {
    std::string line = message;
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    err << line << '\n';
}

// Outputs are checked before the input is read: a run that cannot write should fail before it
// reads and draws. Dead runs' temporary files beside them are removed on the way (a run killed with
// -9 cannot remove its own).
inline void cli_prepare_output(const std::string& path) {
    if (path.empty() || cli_is_stdout(path)) return;
    check_writable(path);
    const Destination where = destination(path);
    if (where.kind == Destination::Kind::file) remove_stale_temporaries(where.folder);
}

// Stages one output: standard output through the command's stream, anything else through
// OutputFiles. Nothing is replaced until the group is committed.
inline void cli_stage(OutputFiles& files, const std::string& path, std::string_view bytes,
                      std::ostream& out) {
    if (path.empty()) return;
    if (cli_is_stdout(path))
        files.add(out, bytes);
    else
        files.add(path, bytes);
}

// What to do about a table too large to hold, which the command reads whole only when something
// needs every cell, or when it is smaller than --stream's threshold.
inline std::string cli_too_large_fix(const CliOptions& o) {
    const std::string needs = cli_needs_cells(o);
    if (needs == "--reduce nearest" || needs == "--style seaborn")
        return "give --reduce mean, max or min (" + needs +
               " needs every cell held), and the table is streamed";
    if (!needs.empty())
        return "drop " + needs + ", which needs every cell held, and the table is streamed";
    return "pass --stream: the table is then read twice, never held";
}

// The table INPUT names. Standard input is read through stdio when it is the process's own, so that
// a read error (a folder, EIO) is reported as one rather than as an empty table.
inline Table cli_read(const CliOptions& o, std::istream& in, std::ostream& err) {
    const std::string source = o.input == "-" ? "<stdin>" : o.input;
    CsvOptions csv = o.csv;
    csv.too_large_fix = cli_too_large_fix(o);
    Table t = o.input != "-"     ? read_csv_file(o.input, csv)
              : &in == &std::cin ? read_csv_stdio(stdin, csv, source)
                                 : read_csv_stream(in, csv, source);
    for (const std::string& note : t.notes) cli_report(err, "heatmap: " + note);
    return t;
}

// The table turned, as pandas' DataFrame.T turns it: values, row and column labels swapped.
inline Table cli_transposed(const Table& t) {
    Table u;
    u.rows = t.cols, u.cols = t.rows;
    u.values.resize(t.values.size());
    for (std::size_t r = 0; r < t.rows; ++r)
        for (std::size_t c = 0; c < t.cols; ++c)
            u.values[c * t.rows + r] = t.values[r * t.cols + c];
    u.row_labels = t.col_labels, u.col_labels = t.row_labels;
    return u;
}

// --mask as cell flags over the matrix drawn (after --transpose), row by row.
inline std::vector<bool> cli_mask(const CliOptions& o, const Table& t, const std::string& source) {
    std::vector<bool> mask(t.rows * t.cols, false);
    const std::string& m = o.mask;
    if (m == "upper" || m == "lower") {
        // np.triu / np.tril of ones: the diagonal is masked too.
        for (std::size_t r = 0; r < t.rows; ++r)
            for (std::size_t c = 0; c < t.cols; ++c)
                mask[r * t.cols + c] = m == "upper" ? c >= r : c <= r;
        return mask;
    }
    if (m[0] == '<' || m[0] == '>' || m[0] == '=' || m[0] == '!') {
        const std::size_t n = m.size() > 1 && m[1] == '=' ? 2 : 1;
        const std::string op = m.substr(0, n);
        const double x = cli_number("--mask", std::string_view(m).substr(n));
        for (std::size_t k = 0; k < t.values.size(); ++k) {
            const double v = t.values[k];
            mask[k] = op == "<"    ? v < x
                      : op == "<=" ? v <= x
                      : op == ">"  ? v > x
                      : op == ">=" ? v >= x
                      : op == "==" ? v == x
                                   : (v != x && !std::isnan(v));
        }
        return mask;
    }
    Table file = read_csv_file(m);
    if (o.transpose) file = cli_transposed(file);
    if (file.rows != t.rows || file.cols != t.cols)
        throw invalid_input("--mask " + m + " holds " + std::to_string(file.rows) + "x" +
                            std::to_string(file.cols) + " cells, but " + source + " draws " +
                            std::to_string(t.rows) + "x" + std::to_string(t.cols) +
                            "; give a mask of the same shape (nonzero cells are masked)");
    for (std::size_t k = 0; k < file.values.size(); ++k)
        mask[k] = file.values[k] != 0 && !std::isnan(file.values[k]);
    return mask;
}

// The clustering flags as ClustermapOptions, the colour-strip files read against the table's
// labels.
inline ClustermapOptions cli_clustermap(const CliOptions& o, const Table& t) {
    ClustermapOptions c;
    c.row_cluster = o.cluster == "rows" || o.cluster == "both";
    c.col_cluster = o.cluster == "cols" || o.cluster == "both";
    c.method = parse_linkage_method(o.method);
    c.metric = parse_metric(o.metric);
    if (!o.z_score.empty()) c.z_score = o.z_score == "rows" ? Axis::rows : Axis::columns;
    if (!o.standard_scale.empty())
        c.standard_scale = o.standard_scale == "rows" ? Axis::rows : Axis::columns;
    if (o.dendrogram_ratio) c.dendrogram_ratio = *o.dendrogram_ratio;
    if (o.colors_ratio) c.colors_ratio = *o.colors_ratio;
    c.optimal_ordering = o.optimal_ordering;
    c.strip_legend = o.strip_legend;
    if (!o.cbar) c.cbar_pos.reset();
    c.threads = o.csv.threads;
    const auto strips = [](const std::string& path, const std::vector<std::string>& labels,
                           std::size_t n, const char* flag) {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw io_error(std::string(flag) + " " + path +
                           ": cannot be read; give a CSV file of label,colour lines");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return parse_color_strips(text, labels, n, std::string(flag) + " " + path);
    };
    if (!o.row_colors.empty())
        c.row_colors = strips(o.row_colors, t.row_labels, t.rows, "--row-colors");
    if (!o.col_colors.empty())
        c.col_colors = strips(o.col_colors, t.col_labels, t.cols, "--col-colors");
    return c;
}

// One line naming each character no font has and the text it is in; empty when there is none.
inline std::string cli_missing_glyphs_warning(const FigureLayout& placed) {
    if (placed.missing_glyphs.empty()) return {};
    std::string line = "heatmap: warning: no font has ";
    for (std::size_t i = 0; i < placed.missing_glyphs.size(); ++i) {
        const MissingGlyph& m = placed.missing_glyphs[i];
        char code[16];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(m.character));
        std::string character;
        append_utf8(character, m.character);
        line += std::string(i ? ", " : "") + code + " " + csv_excerpt(character) + " (in " +
                csv_excerpt(m.text) + ")";
    }
    return line + "; drawn as boxes: add a TrueType font that has " +
           (placed.missing_glyphs.size() == 1 ? "it" : "them") + " with --font FILE";
}

// Every figure option the command line sets, on h (labels, mask and clustering aside: they depend
// on the table). row_name and col_name label the axes under --style seaborn, as pandas' names do.
inline void cli_configure(Heatmap<double>& h, const CliOptions& o, const FontSet& fonts,
                          const std::string& row_name, const std::string& col_name) {
    // A clustered figure is seaborn's, in seaborn's look.
    const bool seaborn = o.seaborn || !o.cluster.empty();
    if (seaborn) h.style(Style::seaborn);
    if (!seaborn || o.cmap_given) h.cmap(o.cmap);
    h.norm(cli_norm(o))
        .title(o.title)
        .xlabel(o.xlabel.empty() && seaborn ? col_name : o.xlabel)
        .ylabel(o.ylabel.empty() && seaborn ? row_name : o.ylabel)
        .colorbar(o.cbar)
        .colorbar_label(o.cbar_label)
        .dpi(o.dpi)
        .xrotation(o.xrotation)
        .robust(o.robust)
        .extend(o.extend)
        .colorbar_horizontal(o.cbar_bottom)
        .fonts(fonts);
    // A clustered figure is seaborn's 10 x 10 in unless --figsize is given.
    if (o.cluster.empty() || o.figsize_given) h.figsize(o.fig_width, o.fig_height);
    if (o.reduce) h.reduce(*o.reduce);
    if (o.tooltip_cells) h.tooltips(*o.tooltip_cells);
    if (o.center) h.center(*o.center);
    if (o.square) h.square(*o.square);
    if (o.annot) {
        if (!o.annot_template.empty())
            h.annotate_template(o.annot_template);
        else
            h.annotate(o.fmt);  // empty: the style's (g, or seaborn's .2g)
    }
    if (o.threshold) h.text_threshold(*o.threshold);
    if (o.text_color) h.text_color(*o.text_color);
    if (o.linewidths > 0) h.linewidths(o.linewidths).linecolor(o.linecolor);
    if (o.font_size) h.font_size(*o.font_size);
    if (o.yrotation) h.yrotation(*o.yrotation);
    if (o.labels_top) h.labels_on_top(true);
    if (o.cbar_shrink) h.colorbar_shrink(*o.cbar_shrink);
    if (!o.cbar_format.empty()) h.colorbar_format(o.cbar_format);
    // Tick labels: every k-th, all, none, or as many as fit (seaborn.heatmap's default "auto").
    const auto ticks = [&h, seaborn](const std::optional<std::size_t>& every,
                                     const std::string& kind, bool x) {
        if (every) {
            x ? h.xticks_every(*every) : h.yticks_every(*every);
        } else if (kind == "auto" || (kind.empty() && seaborn)) {
            x ? h.xticklabels_auto() : h.yticklabels_auto();
        } else if (!kind.empty()) {
            x ? h.xticks_every(kind == "all" ? 1 : 0) : h.yticks_every(kind == "all" ? 1 : 0);
        }
    };
    ticks(o.xticks_every, o.xticklabels, true);
    ticks(o.yticks_every, o.yticklabels, false);
}

// Draws with draw(placed), which returns the file's bytes (empty without -o) and fills the layout,
// then writes both outputs or neither.
template <class Draw>
void cli_write(const CliOptions& o, std::ostream& out, std::ostream& err, Draw&& draw) {
    FigureLayout placed;
    const std::string figure = draw(placed);
    const std::string layout = o.layout_json.empty() ? std::string() : placed.to_json();
    // Both outputs, or neither: the figure is not replaced unless the layout is written too.
    OutputFiles files(o.fsync ? Flush::disk : Flush::none);
    cli_stage(files, o.output, figure, out);
    cli_stage(files, o.layout_json, layout, out);
    files.commit();
    const std::string warning = cli_missing_glyphs_warning(placed);
    if (!warning.empty()) cli_report(err, warning);
}

inline Target cli_target(const CliOptions& o) {
    return o.format == "svg" ? Target::svg : o.format == "pdf" ? Target::pdf : Target::raster;
}

// A .npy or raw binary file, its header (or --shape, --dtype, --offset) checked against its size.
inline MatrixFile cli_open_matrix(const CliOptions& o) {
    if (o.input_format == "npy") return MatrixFile::open_npy(o.input);
    return MatrixFile::open_raw(o.input, o.shape_rows, o.shape_cols, parse_dtype(o.dtype),
                                o.offset.value_or(0));
}

// The options of a figure drawn from reduced values, which no Heatmap holds: set through one (a
// cell standing in for the matrix) so that every flag is checked and applied as for a table, and
// the labels after it (a Heatmap checks their count against its matrix), each checked as it would.
inline HeatmapOptions cli_reduced_options(const CliOptions& o, const FontSet& fonts,
                                          std::vector<std::string> row_labels,
                                          std::vector<std::string> col_labels,
                                          const std::string& row_name) {
    const double cell = 0;
    auto h = Heatmap<double>::view(&cell, 1, 1);
    cli_configure(h, o, fonts, row_name, std::string());
    HeatmapOptions options = h.options();
    for (const std::string& label : row_labels) check_text_length("row_labels", label);
    for (const std::string& label : col_labels) check_text_length("col_labels", label);
    options.row_labels = std::move(row_labels);
    options.col_labels = std::move(col_labels);
    return options;
}

// A reduced figure written as the command writes any.
inline void cli_write_reduced(const CliOptions& o, const HeatmapOptions& options,
                              const ReducedMatrix& m, std::ostream& out, std::ostream& err) {
    cli_write(o, out, err, [&](FigureLayout& placed) -> std::string {
        if (o.output.empty()) {
            placed = figure_layout(options, m, cli_target(o));
            return {};
        }
        if (o.format == "svg") return figure_svg(options, m, &placed);
        if (o.format == "html") return figure_html(options, m, &placed);
        if (o.format == "pdf") {
            const std::vector<std::uint8_t> pdf = figure_pdf(options, m, &placed);
            return std::string(reinterpret_cast<const char*>(pdf.data()), pdf.size());
        }
        const std::vector<std::uint8_t> png = encode_png(figure_image(options, m, &placed));
        return std::string(reinterpret_cast<const char*>(png.data()), png.size());
    });
}

// A binary matrix larger than the figure's axes, streamed and reduced per pixel on --threads
// threads, never held: false (nothing done) when its cells are at least a pixel, to be read whole
// and drawn as a CSV's table is. What needs each cell is refused, naming the flag.
inline bool cli_draw_reduced(const CliOptions& o, const MatrixFile& file, const FontSet& fonts,
                             std::ostream& out, std::ostream& err) {
    const MatrixLayout& L = file.layout();
    const HeatmapOptions options = cli_reduced_options(o, fonts, {}, {}, {});
    // Whether the figure is reduced, from a layout without the flags a reduction refuses.
    HeatmapOptions probe = options;
    probe.annotate = false, probe.robust = false;
    const Box axes =
        figure_axes_box(probe, L.rows, L.cols, detail::sample_range(file, 32), cli_target(o));
    if (!needs_downsampling(L.rows, L.cols, axes)) return false;
    const std::string what = file.name() + " (" + std::to_string(L.rows) + "x" +
                             std::to_string(L.cols) + ") is drawn reduced to one value a pixel";
    if (o.annot)
        throw invalid_input("--annot: " + what +
                            ", which holds no cell's text; drop --annot, or draw a part of the "
                            "matrix small enough for its cells to hold text");
    if (o.robust)
        throw invalid_input("--robust: " + what +
                            ", and its percentiles would need every value held; give --vmin and "
                            "--vmax instead");
    if (!o.mask.empty())
        throw invalid_input("--mask: " + what +
                            ", which keeps no cell to mask; store NaN in the cells to leave out");
    if (o.transpose)
        throw invalid_input("--transpose: " + what +
                            " as it lies in the file; save it transposed (np.save(path, a.T))");
    if (options.reduce.value_or(o.seaborn ? Reduce::nearest : Reduce::mean) == Reduce::nearest)
        throw invalid_input(std::string(o.reduce ? "--reduce nearest" : "--style seaborn") + ": " +
                            what +
                            ", and nearest (seaborn's default) shows single cells, which a "
                            "reduction does not keep; give --reduce mean, max or min");
    StreamOptions stream;
    stream.threads = o.csv.threads;
    const std::optional<ReducedMatrix> m =
        reduce_file_for_figure(options, file, cli_target(o), stream);
    if (!m) return false;
    cli_write_reduced(o, options, *m, out, err);
    return true;
}

// Whether INPUT is a CSV file to stream: its figure needs no cell held (cli_needs_cells) and it is
// a regular file of at least stream_above bytes (standard input, pipes, devices: cli_draw_once).
inline bool cli_streams_csv(const CliOptions& o) {
    if (o.input_format != "csv" || o.input == "-" || !cli_needs_cells(o).empty()) return false;
    std::error_code ec;
    const auto status = std::filesystem::status(o.input, ec);
    if (ec || !std::filesystem::is_regular_file(status)) return false;
    const std::uintmax_t size = std::filesystem::file_size(o.input, ec);
    return !ec && size >= o.stream_above;
}

// A CSV table streamed for a reduced figure, through readers open() makes from its start (a file,
// or the temporary file standard input was kept in): read once for its shape, labels and range,
// once more reduced into the axes; never held. False, with nothing done or reported, when its
// cells are at least a pixel: then it is read whole.
inline bool cli_draw_streamed_csv(const CliOptions& o,
                                  const std::function<std::unique_ptr<CsvReader>()>& open,
                                  const std::string& name, const FontSet& fonts, std::ostream& out,
                                  std::ostream& err) {
    CsvSummary t = summarize_csv(*open());
    const HeatmapOptions options =
        cli_reduced_options(o, fonts, std::move(t.row_labels), t.col_labels, t.index_name);
    const std::optional<ReducedMatrix> m =
        reduce_csv_for_figure(options, open, t, name, cli_target(o));
    if (!m) return false;
    for (const std::string& note : t.notes) cli_report(err, "heatmap: " + note);
    cli_write_reduced(o, options, *m, out, err);
    return true;
}

// Whether INPUT can be read only once: standard input, a pipe, a device.
inline bool cli_reads_once(const CliOptions& o) {
    if (o.input == "-") return true;
    std::error_code ec;
    const auto status = std::filesystem::status(o.input, ec);
    return !ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
           !std::filesystem::is_directory(status);
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using OwnedFile = std::unique_ptr<std::FILE, FileCloser>;

// A temporary file in TMPDIR holding `head` and the rest of `source`, removed from its folder as
// soon as it is made (it goes with the process, whatever ends it), rewound for reading.
inline OwnedFile cli_spool(std::string_view head, const CsvSource& source,
                           const std::string& name) {
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    const std::string folder = ec ? std::string("/tmp") : dir.string();
    const auto fail = [&](int e) {
        return io_error("cannot keep " + name + " in a temporary file in " + folder +
                        " to read it twice: " + std::strerror(e) +
                        "; save the table to a file and give its name, or point TMPDIR at a "
                        "folder with room");
    };
    std::string path = folder + "/.heatmap-spool-" + std::to_string(::getpid()) + "-XXXXXX";
    const int fd = ::mkstemp(path.data());
    if (fd < 0) throw fail(errno);
    ::unlink(path.c_str());
    OwnedFile f(::fdopen(fd, "w+b"));
    if (!f) {
        const int e = errno;
        ::close(fd);
        throw fail(e);
    }
    if (std::fwrite(head.data(), 1, head.size(), f.get()) != head.size()) throw fail(errno);
    std::vector<char> buffer(std::size_t{1} << 20);
    for (std::size_t n; (n = source(buffer.data(), buffer.size())) > 0;)
        if (std::fwrite(buffer.data(), 1, n, f.get()) != n) throw fail(errno);
    if (std::fflush(f.get()) != 0) throw fail(errno);
    std::rewind(f.get());
    return f;
}

// A table from standard input, a pipe or a device, whose figure needs no cell held: its first
// stream_above bytes are read, and a table that ends there is read from memory, as before (into
// t; false returned). A longer one, or any with --stream, is kept in a temporary file (cli_spool)
// and streamed from it as a file is (true: drawn), unless its cells are at least a pixel (then
// read whole from the file into t; false).
inline bool cli_draw_once(const CliOptions& o, std::istream& in, const FontSet& fonts,
                          std::ostream& out, std::ostream& err, Table& t) {
    const std::string name = o.input == "-" ? "<stdin>" : o.input;
    OwnedFile pipe;
    if (o.input != "-") {
        pipe.reset(std::fopen(o.input.c_str(), "rb"));
        if (!pipe) throw io_error("cannot read " + o.input + ": " + std::strerror(errno));
    }
    const CsvSource source = pipe               ? csv_file_source(pipe.get(), name)
                             : &in == &std::cin ? csv_file_source(stdin, name)
                                                : csv_stream_source(in, name);
    CsvOptions csv = o.csv;
    csv.too_large_fix = cli_too_large_fix(o);
    const auto report = [&](const std::vector<std::string>& notes) {
        for (const std::string& note : notes) cli_report(err, "heatmap: " + note);
    };
    const auto limit = static_cast<std::size_t>(
        std::min<std::uintmax_t>(o.stream_above, std::numeric_limits<std::size_t>::max()));
    std::string head;
    bool ended = false;
    while (!ended && head.size() < limit) {
        const std::size_t at = head.size(), want = std::min(limit - at, std::size_t{1} << 20);
        head.resize(at + want);
        const std::size_t got = source(head.data() + at, want);
        head.resize(at + got);
        ended = got == 0;
    }
    if (ended) {
        t = read_csv(head, csv, name);
        report(t.notes);
        return false;
    }
    const OwnedFile spool = cli_spool(head, source, name);
    head = std::string();
    const CsvOptions streamed = streamed_csv_options(csv);
    const auto open = [&] {
        std::rewind(spool.get());
        return std::make_unique<CsvReader>(csv_file_source(spool.get(), name), streamed, name);
    };
    if (cli_draw_streamed_csv(o, open, name, fonts, out, err)) return true;
    std::rewind(spool.get());
    t = CsvReader(csv_file_source(spool.get(), name), csv, name).read_all();
    report(t.notes);
    return false;
}

inline void cli_draw(const CliOptions& o, std::istream& in, std::ostream& out, std::ostream& err) {
    cli_prepare_output(o.output);
    cli_prepare_output(o.layout_json);
    // Fonts first: a font that cannot be read fails the run before the data is read.
    FontSet fonts;
    for (const std::string& path : o.fonts) fonts = fonts.with_fallback(path);
    const std::string source = o.input == "-" ? "<stdin>" : o.input;
    // A --fmt that prints integers refuses a fraction while the figure is planned, before anything
    // is written (figure.hpp's format_float_cell: the library's one rule).
    Table t;
    if (o.input_format == "npy" || o.input_format == "raw") {
        const MatrixFile file = cli_open_matrix(o);
        // Clustering needs every value: a clustered file is read whole.
        if (o.cluster.empty() && cli_draw_reduced(o, file, fonts, out, err)) return;
        t = read_matrix(file);
    } else if (cli_streams_csv(o)) {
        const auto open = [&o] { return open_streamed_csv(o.input, o.csv); };
        if (cli_draw_streamed_csv(o, open, o.input, fonts, out, err)) return;
        t = cli_read(o, in, err);
    } else if (cli_reads_once(o) && cli_needs_cells(o).empty()) {
        if (cli_draw_once(o, in, fonts, out, err, t)) return;
    } else {
        t = cli_read(o, in, err);
    }
    // pandas' index name (the top-left cell) names the row axis, as seaborn labels it; turned, it
    // names the columns.
    std::string row_name = t.index_name, col_name;
    if (o.transpose) t = cli_transposed(t), std::swap(row_name, col_name);
    const std::vector<bool> mask = o.mask.empty() ? std::vector<bool>() : cli_mask(o, t, source);

    // Without labels the ticks are Matplotlib's own, as it labels an imshow's axes.
    auto h = Heatmap<double>::view(t.values.data(), t.rows, t.cols);  // t outlives h: no copy
    if (!t.row_labels.empty()) h.row_labels(t.row_labels);
    if (!t.col_labels.empty()) h.col_labels(t.col_labels);
    cli_configure(h, o, fonts, row_name, col_name);
    if (!o.cluster.empty()) h.clustermap(cli_clustermap(o, t));
    if (!mask.empty()) h.mask(mask);

    // Everything is drawn and encoded before anything is written; the layout is that of the file
    // written (an SVG's or PDF's text is measured unhinted, as Matplotlib's vector backends do).
    cli_write(o, out, err, [&](FigureLayout& placed) -> std::string {
        if (o.output.empty()) {
            placed = h.layout(cli_target(o));
            return {};
        }
        if (o.format == "svg") return h.svg(&placed);
        if (o.format == "html") return h.html(&placed);
        if (o.format == "pdf") {
            const std::vector<std::uint8_t> pdf = h.pdf(&placed);
            return std::string(reinterpret_cast<const char*>(pdf.data()), pdf.size());
        }
        const std::vector<std::uint8_t> png = encode_png(h.render(placed));
        return std::string(reinterpret_cast<const char*>(png.data()), png.size());
    });
}

}  // namespace detail

// The whole `heatmap` command. Returns its exit status: 0 done, 1 input/data/output fault, 2 usage
// error.
inline int run_cli(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
    // Reporting must not fail in turn: a message that cannot be built for want of memory is
    // replaced by a fixed one, written without allocating.
    const auto fail = [&err](const char* prefix, const char* what, int status) {
        try {
            detail::cli_report(err, prefix + std::string(what));
        } catch (const std::bad_alloc&) {
            err << "heatmap: out of memory\n";
        }
        return status;
    };
    CliOptions o;
    try {
        o = parse_cli(argc, argv);
    } catch (const usage_error& e) {
        return fail("", e.what(), 2);
    } catch (const std::bad_alloc&) {
        err << "heatmap: out of memory while reading the options; give shorter ones\n";
        return 1;
    } catch (const std::exception& e) {
        return fail("heatmap: ", e.what(), 1);
    }
    if (o.help) {
        out << cli_usage();
        return 0;
    }
    if (o.version) {
        out << "heatmap " << version << '\n';
        return 0;
    }
    try {
        detail::cli_draw(o, in, out, err);
        return 0;
    } catch (const std::bad_alloc&) {
        err << "heatmap: out of memory; draw a smaller matrix or a smaller figure\n";
    } catch (const std::exception& e) {
        return fail("heatmap: ", e.what(), 1);
    }
    return 1;
}

// As above, reading standard input for '-'.
inline int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
    return run_cli(argc, argv, std::cin, out, err);
}

}  // namespace heatmap
