// The table reader on any bytes. The first two bytes pick the options (delimiter, decimal mark,
// header and index, --skip, --comment, --columns/--drop, tiny limits); the rest is the file.
// Promises: read_csv returns a table whose shape holds together, or throws heatmap::invalid_input
// (std::invalid_argument for options the table cannot satisfy) naming the source on one line;
// and the streaming reader, fed in small pieces and read in small blocks, gives exactly the same
// values, labels and notes, or the same error; and a table read whole is read alike in the two
// passes that stream one larger than memory (stream.hpp: its shape, labels, notes and range; its
// values reduced into a box, bit for bit reduce_matrix's). Anything else (another exception, a
// crash, a sanitizer report) is a finding.

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <heatmap/csv.hpp>
#include <heatmap/stream.hpp>

#include "fuzz_input.hpp"

namespace {

struct Outcome {
    bool ok = false;
    std::string error;
    heatmap::Table table;
};

Outcome whole(const std::string& text, const heatmap::CsvOptions& o, const std::string& source) {
    Outcome out;
    try {
        out.table = heatmap::read_csv(text, o, source);
        out.ok = true;
    } catch (const std::invalid_argument& e) {
        out.error = e.what();
    }
    return out;
}

Outcome streamed(const std::string& text, const heatmap::CsvOptions& o, const std::string& source,
                 std::size_t piece, std::size_t block_rows) {
    Outcome out;
    std::size_t pos = 0;
    try {
        heatmap::CsvReader reader(
            [&](char* buf, std::size_t n) {
                n = std::min({n, piece, text.size() - pos});
                std::memcpy(buf, text.data() + pos, n);
                pos += n;
                return n;
            },
            o, source, piece);
        heatmap::CsvRows rows;
        out.table.cols = reader.cols();
        out.table.col_labels = reader.col_labels();
        while (reader.read(rows, block_rows)) {
            HEATMAP_FUZZ_REQUIRE(rows.first_row == out.table.rows);
            HEATMAP_FUZZ_REQUIRE(rows.values.size() == rows.rows * reader.cols());
            out.table.values.insert(out.table.values.end(), rows.values.begin(), rows.values.end());
            out.table.row_labels.insert(out.table.row_labels.end(), rows.row_labels.begin(),
                                        rows.row_labels.end());
            out.table.rows += rows.rows;
        }
        out.table.notes = reader.notes();
        out.ok = out.table.rows > 0;
        if (!out.ok) out.error = "no rows";
    } catch (const std::invalid_argument& e) {
        out.error = e.what();
    }
    return out;
}

bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool same_reduced(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(std::isnan(a[i]) && std::isnan(b[i])) && std::memcmp(&a[i], &b[i], sizeof a[i]) != 0)
            return false;
    return true;
}

// The two passes of a streamed table over the text, against the table read whole.
void check_two_passes(const std::string& text, heatmap::CsvOptions o, const std::string& source,
                      const heatmap::Table& t, std::uint8_t choice, std::uint8_t more) {
    o.max_cells = std::numeric_limits<std::size_t>::max();  // as stream.hpp reads
    heatmap::CsvReader first(text, o, source);
    const heatmap::CsvSummary s = heatmap::summarize_csv(first);
    HEATMAP_FUZZ_REQUIRE(s.rows == t.rows && s.cols == t.cols);
    HEATMAP_FUZZ_REQUIRE(s.row_labels == t.row_labels && s.col_labels == t.col_labels);
    HEATMAP_FUZZ_REQUIRE(s.index_name == t.index_name && s.notes == t.notes);
    heatmap::DataRange range;
    for (double v : t.values) range.add(v);
    HEATMAP_FUZZ_REQUIRE(s.range.min == range.min || (s.range.empty() && range.empty()));
    HEATMAP_FUZZ_REQUIRE(s.range.max == range.max || (s.range.empty() && range.empty()));
    HEATMAP_FUZZ_REQUIRE(s.range.min_positive == range.min_positive);
    // A box from a third of a pixel to a few pixels a side, placed off the pixel grid.
    const double w = 0.3 + (choice % 11) * 0.45, h = 0.3 + (more % 13) * 0.35;
    const heatmap::Box box{0.7, 0.2, 0.7 + w, 0.2 + h};
    const heatmap::Reduce how = more & 0x08   ? heatmap::Reduce::max
                                : more & 0x04 ? heatmap::Reduce::min
                                              : heatmap::Reduce::mean;
    const heatmap::ValueScale scale =
        choice & 0x20 ? heatmap::ValueScale::log() : heatmap::ValueScale::linear();
    heatmap::CsvReader second(text, o, source);
    const heatmap::ReducedPixels a = heatmap::reduce_csv(second, s, box, how, scale);
    const heatmap::ReducedPixels b =
        heatmap::reduce_matrix(t.values.data(), t.rows, t.cols, t.cols, box, how, scale);
    HEATMAP_FUZZ_REQUIRE(same_reduced(a.values, b.values));
    HEATMAP_FUZZ_REQUIRE(a.range.min == b.range.min || (a.range.empty() && b.range.empty()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    heatmap_fuzz::FuzzInput in(data, size);
    const std::uint8_t choice = in.byte();
    const std::uint8_t more = in.byte();
    heatmap::CsvOptions options;
    static constexpr char delimiters[] = {',', ';', '\t', ' ', '|', 'x'};
    if (choice & 0x08) options.delimiter = delimiters[(choice >> 4) % sizeof delimiters];
    if (choice & 0x01) options.header = (choice & 0x02) != 0;
    if (choice & 0x04) options.index = (choice & 0x80) != 0;
    if (more & 0x01) options.decimal = (more & 0x02) ? ',' : '.';
    if (options.decimal == ',' && options.delimiter == ',') options.delimiter.reset();
    options.skip = (more >> 2) & 3;
    if (more & 0x10) options.comment = '#';
    if (more & 0x20)
        options.columns = {"1", "a", "0"};
    else if (more & 0x40)
        options.drop = {"0", "b"};
    // Sometimes tiny limits, so the refusal paths run too.
    if ((choice & 0x70) == 0x70) options.max_cells = 7;
    if (more & 0x80) {
        options.max_cell_bytes = 5;
        options.max_line_bytes = 40;
    }
    const std::string source = choice & 0x40 ? "data.tsv" : "data.csv";
    const std::string text(in.rest());
    const Outcome a = whole(text, options, source);
    if (a.ok) {
        const heatmap::Table& t = a.table;
        HEATMAP_FUZZ_REQUIRE(t.rows > 0 && t.cols > 0);
        HEATMAP_FUZZ_REQUIRE(t.values.size() == t.rows * t.cols);
        HEATMAP_FUZZ_REQUIRE(t.row_labels.empty() || t.row_labels.size() == t.rows);
        HEATMAP_FUZZ_REQUIRE(t.col_labels.empty() || t.col_labels.size() == t.cols);
        HEATMAP_FUZZ_REQUIRE(t.values.size() <= options.max_cells);
        for (const std::string& note : t.notes) {
            HEATMAP_FUZZ_REQUIRE(note.rfind(source + ":", 0) == 0);
            HEATMAP_FUZZ_REQUIRE(note.find('\n') == std::string::npos);
        }
        check_two_passes(text, options, source, t, choice, more);
    } else {
        // Every fault is one line that starts with the source's name (option faults found
        // before the table is read start with the option).
        HEATMAP_FUZZ_REQUIRE(a.error.rfind(source + ":", 0) == 0 ||
                             a.error.rfind("the decimal mark", 0) == 0 ||
                             a.error.rfind("CSV delimiter", 0) == 0);
        HEATMAP_FUZZ_REQUIRE(a.error.find('\n') == std::string::npos);
    }
    // Streamed in pieces of 1..64 bytes (gzip and the limits still apply), in blocks of 1..8 rows:
    // the same table, or the same error. (A window over max_bytes cannot differ: the default is
    // 1 GiB.)
    const std::size_t piece = 1 + (choice ^ more) % 64, block_rows = 1 + more % 8;
    const Outcome b = streamed(text, options, source, piece, block_rows);
    HEATMAP_FUZZ_REQUIRE(a.ok == b.ok);
    if (a.ok) {
        HEATMAP_FUZZ_REQUIRE(a.table.rows == b.table.rows && a.table.cols == b.table.cols);
        HEATMAP_FUZZ_REQUIRE(same_values(a.table.values, b.table.values));
        HEATMAP_FUZZ_REQUIRE(a.table.row_labels == b.table.row_labels);
        HEATMAP_FUZZ_REQUIRE(a.table.col_labels == b.table.col_labels);
        HEATMAP_FUZZ_REQUIRE(a.table.notes == b.table.notes);
    } else if (b.error != "no rows" && a.error.find(" longer than ") == std::string::npos &&
               b.error.find(" longer than ") == std::string::npos) {
        // The length limits are checked on a streamed row while it is still arriving, so one
        // may be met before a fault earlier in the same row: both refuse, perhaps not alike.
        HEATMAP_FUZZ_REQUIRE(a.error == b.error);
    }
    return 0;
}
