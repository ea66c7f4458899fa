// SVG and PDF, as standard tools read and draw them, held against Matplotlib 3.6.3's own files drawn
// the same way (tests/data/vector, made by tools/make_vector_refs.py from ../shared/reference): every
// gallery case through the command, parsed (xmllint, qpdf), drawn (rsvg-convert, pdftoppm), compared
// (pixel RMS, every cell's color exact), fonts checked (pdffonts: embedded TrueType subsets with a
// ToUnicode map, no Type 3), text extracted (pdftotext), sizes against Matplotlib's, bytes the same on
// every run; and cells crisp: no pixel more than one pixel inside a cell differs from its color, as
// rsvg-convert, pdftoppm and Ghostscript draw the files at 72, 300 and 600 dpi.

#include <catch2/catch.hpp>
#include <heatmap/cli.hpp>
#include <heatmap/text.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/figure_check.hpp"

namespace {

const std::string data_dir = HEATMAP_TEST_DATA;
const std::string out_dir = HEATMAP_TEST_OUT;
// Files other programs draw (rsvg-convert, pdftoppm, gs), which png_checksums does not hold.
const std::string drawn_dir = out_dir + "/drawn";

// A shell command's standard output and status; the test fails loudly when a tool is missing.
struct Shell {
    int status = 0;
    std::string out;
};
Shell shell(const std::string& command) {
    Shell r;
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
    r.status = pclose(p);
    return r;
}

std::vector<std::string> case_args(const std::string& name) {
    std::ifstream in(data_dir + "/figures/" + name + "/args.txt");
    std::vector<std::string> args;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) args.push_back(line);
    return args;
}

double case_dpi(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "--dpi") return std::stod(args[i + 1]);
    return 100;
}

// Runs the command in-process: input, the case's arguments, then extra ones.
void draw(const std::string& name, const std::vector<std::string>& extra) {
    std::vector<std::string> args{"heatmap", data_dir + "/figures/" + name + "/data.csv"};
    for (const std::string& a : case_args(name)) args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    std::istringstream in;
    std::ostringstream out, err;
    const int status = heatmap::run_cli(static_cast<int>(argv.size()), argv.data(), in, out, err);
    INFO(err.str());
    REQUIRE(status == 0);
}

double rms_rgb(const heatmap::Image& a, const heatmap::Image& b) {
    if (a.width != b.width || a.height != b.height) return INFINITY;
    double sum = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i)
        if (i % 4 != 3) {
            const double d = double(a.pixels[i]) - double(b.pixels[i]);
            sum += d * d;
        }
    return std::sqrt(sum / (static_cast<double>(a.pixels.size()) * 0.75));
}

// A cell's color as the layout writes it; a transparent (bad) cell shows the white axes under it.
heatmap::Rgba hex_color(const std::string& s) {
    if (s.size() == 9 && s.substr(7) == "00") return {255, 255, 255, 255};
    const auto v = std::stoul(s.substr(1, 6), nullptr, 16);
    return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
            static_cast<std::uint8_t>(v), 255};
}

struct Cell {
    heatmap::Box box;  // pixels at the figure's dpi
    heatmap::Rgba color;
};

std::vector<Cell> cells_of(const figure_check::Json& layout) {
    std::vector<Cell> cells;
    for (const auto& c : layout["cells"].arr()) {
        const auto& b = c["box"].arr();
        cells.push_back(
            {{b[0].num(), b[1].num(), b[2].num(), b[3].num()}, hex_color(c["color"].str())});
    }
    return cells;
}

// Pixels more than `depth` device pixels inside a cell, away from the axes' frame and from the
// annotations, whose color differs from the cell's; `scale` turns layout pixels into device pixels.
struct Crisp {
    long off = 0, checked = 0;
};
Crisp crisp(const heatmap::Image& img, const figure_check::Json& layout, double scale,
            double frame_px) {
    const auto& ax = layout["axes"].arr();
    const double a0 = ax[0].num() * scale, a1 = ax[1].num() * scale, a2 = ax[2].num() * scale,
                 a3 = ax[3].num() * scale;
    std::vector<heatmap::Box> texts;
    for (const auto& a : layout["annotations"].arr()) {
        const auto& b = a[2].arr();  // [text, color, box]
        texts.push_back({b[0].num() * scale - 1, b[1].num() * scale - 1, b[2].num() * scale + 1,
                         b[3].num() * scale + 1});
    }
    Crisp c;
    for (const Cell& cell : cells_of(layout)) {
        const double x0 = cell.box.x0 * scale, y0 = cell.box.y0 * scale, x1 = cell.box.x1 * scale,
                     y1 = cell.box.y1 * scale;
        for (int y = static_cast<int>(y0); y < static_cast<int>(std::ceil(y1)); ++y)
            for (int x = static_cast<int>(x0); x < static_cast<int>(std::ceil(x1)); ++x) {
                const double cx = x + 0.5, cy = y + 0.5;
                const double depth = std::min({cx - x0, x1 - cx, cy - y0, y1 - cy});
                const double rim = std::min({cx - a0, a2 - cx, cy - a1, a3 - cy});
                if (depth <= 1 || rim <= frame_px / 2 + 1) continue;
                bool in_text = false;
                for (const heatmap::Box& t : texts)
                    in_text = in_text || (cx >= t.x0 && cx <= t.x1 && cy >= t.y0 && cy <= t.y1);
                if (in_text || x >= img.width || y >= img.height) continue;
                ++c.checked;
                const heatmap::Rgba p = img.at(x, y);
                if (p.r != cell.color.r || p.g != cell.color.g || p.b != cell.color.b) ++c.off;
            }
    }
    return c;
}

const char* const gallery[] = {"tutorial",          "correlation",     "lognorm",
                               "missing-diverging", "plain-no-labels", "rotated-labels"};

// Pixel RMS as measured (this machine: rsvg-convert 2.54, poppler 22.12) plus about 1: the SVG
// against Matplotlib's SVG drawn by rsvg-convert; the PDF against Matplotlib's PDF drawn by pdftoppm,
// whose text is a Type 3 font; and the PDF against Matplotlib's PDF with its text in a TrueType
// font (pdf.fonttype 42), as ours is. poppler draws Type 3 and TrueType text differently: Matplotlib's
// own two PDFs differ by RMS 8.2 to 14.6, which is why the Type 3 bounds sit above 8.
// plain-no-labels sits highest: its ticks are Matplotlib's (issue 17.5), and what is left is where
// the viewers' resampling of Matplotlib's embedded image smears the edges of its 192 cells.
struct Bounds {
    double svg, pdf_type3, pdf_truetype;
};
const std::map<std::string, Bounds> bounds = {
    {"tutorial", {2.9, 12.3, 6.0}},          {"correlation", {5.3, 17.3, 8.0}},
    {"lognorm", {4.2, 10.1, 4.9}},           {"missing-diverging", {1.4, 10.4, 1.8}},
    {"plain-no-labels", {10.4, 16.7, 16.2}}, {"rotated-labels", {5.6, 13.3, 7.3}},
};

}  // namespace

TEST_CASE("every gallery case as SVG: valid XML, drawn as Matplotlib's, cells exact") {
    for (const std::string name : gallery) {
        SECTION(name) {
            const auto args = case_args(name);
            const double dpi = case_dpi(args);
            const std::string svg = out_dir + "/vector-" + name + ".svg";
            draw(name, {"-o", svg, "--layout-json", svg + ".json"});
            const Shell lint = shell("xmllint --noout '" + svg + "'");
            INFO(lint.out);
            REQUIRE(lint.status == 0);
            const std::string png = drawn_dir + "/" + name + "-svg.png";
            const Shell drawn =
                shell("rsvg-convert --dpi-x " + std::to_string(dpi) + " --dpi-y " +
                      std::to_string(dpi) + " -f png -o '" + png + "' '" + svg + "'");
            INFO(drawn.out);
            REQUIRE(drawn.status == 0);
            const heatmap::Image ours = figure_check::load_png(png);
            const heatmap::Image mpl =
                figure_check::load_png(data_dir + "/vector/" + name + "/expected-svg.png");
            REQUIRE(ours.width == mpl.width);
            REQUIRE(ours.height == mpl.height);
            const double rms = rms_rgb(ours, mpl);
            INFO("RMS " << rms);
            CHECK(rms <= bounds.at(name).svg);
            // Every cell's color, at its center.
            const auto layout = figure_check::load_json(svg + ".json");
            for (const Cell& c : cells_of(layout)) {
                // 20% inside from the top-left corner: clear of the annotation at the center.
                const heatmap::Rgba p = ours.at(static_cast<int>(c.box.x0 + 0.2 * c.box.width()),
                                                static_cast<int>(c.box.y0 + 0.2 * c.box.height()));
                CHECK((p.r == c.color.r && p.g == c.color.g && p.b == c.color.b));
            }
            // Its size beside Matplotlib's: within 1.5x, the cells' tooltips included.
            const std::string bytes = figure_check::read_text(svg);
            const auto sizes =
                figure_check::load_json(data_dir + "/vector/" + name + "/sizes.json");
            INFO("SVG " << bytes.size() << " bytes, Matplotlib's " << sizes["svg"].num());
            CHECK(static_cast<double>(bytes.size()) <= 1.5 * sizes["svg"].num());
            std::printf("svg %-18s RMS %5.2f  %6zu bytes, Matplotlib's %6.0f (%.2fx)\n",
                        name.c_str(), rms, bytes.size(), sizes["svg"].num(),
                        static_cast<double>(bytes.size()) / sizes["svg"].num());
            // Every text's string is in the file.
            for (std::size_t i = 0; i + 1 < args.size(); ++i)
                if (args[i] == "--title" || args[i] == "--xlabel" || args[i] == "--cbar-label")
                    CHECK(bytes.find(">" + args[i + 1] + "</text>") != std::string::npos);
            // Each cell's tooltip, up to 100 cells (the default).
            CHECK((bytes.find("<use xlink:href=\"#c\"") != std::string::npos) ==
                  (layout["cells"].arr().size() <= 100));
            // The same bytes on every run.
            const std::string again = out_dir + "/vector-" + name + "-again.svg";
            draw(name, {"-o", again});
            CHECK(figure_check::read_text(again) == bytes);
        }
    }
}

// Tooltips cost about 60 bytes a cell: up to 100 cells by default, more when asked.
TEST_CASE("cells get tooltips up to --tooltips N cells") {
    const auto cell_titles = [](const std::string& svg) {
        std::size_t n = 0;
        for (std::size_t at = svg.find("<use xlink:href=\"#c\""); at != std::string::npos;
             at = svg.find("<use xlink:href=\"#c\"", at + 1))
            ++n;
        return n;
    };
    draw("plain-no-labels", {"-o", out_dir + "/vector-tips-default.svg"});  // 16 x 12 cells
    CHECK(cell_titles(figure_check::read_text(out_dir + "/vector-tips-default.svg")) == 0);
    draw("plain-no-labels", {"--tooltips", "192", "-o", out_dir + "/vector-tips-192.svg"});
    const std::string all = figure_check::read_text(out_dir + "/vector-tips-192.svg");
    CHECK(cell_titles(all) == 192);
    CHECK(all.find("<title>11, 15: ") != std::string::npos);
    draw("tutorial", {"--tooltips", "0", "-o", out_dir + "/vector-tips-none.svg"});
    CHECK(cell_titles(figure_check::read_text(out_dir + "/vector-tips-none.svg")) == 0);
}

TEST_CASE("a cell's tooltip names its row, column and value") {
    draw("tutorial", {"-o", out_dir + "/vector-tooltips.svg"});
    const std::string svg = figure_check::read_text(out_dir + "/vector-tooltips.svg");
    CHECK(svg.find("<title>Platform, Mon: 42</title>") != std::string::npos);
    CHECK(svg.find("<title>Support, Fri: 49</title>") != std::string::npos);
    CHECK(svg.find("<title>Open support tickets by team</title>") != std::string::npos);
}

TEST_CASE("every gallery case as PDF: valid, TrueType text, drawn as Matplotlib's, cells exact") {
    for (const std::string name : gallery) {
        SECTION(name) {
            const auto args = case_args(name);
            const double dpi = case_dpi(args);
            const std::string pdf = out_dir + "/vector-" + name + ".pdf";
            draw(name, {"-o", pdf, "--layout-json", pdf + ".json"});
            const Shell check = shell("qpdf --check '" + pdf + "'");
            INFO(check.out);
            REQUIRE(check.status == 0);
            CHECK(check.out.find("No syntax or stream encoding errors found") != std::string::npos);
            // pdffonts: name, type, encoding, emb, sub, uni, object: every font an embedded
            // TrueType subset with a ToUnicode map, none Type 3.
            const Shell fonts = shell("pdffonts '" + pdf + "'");
            INFO(fonts.out);
            REQUIRE(fonts.status == 0);
            std::istringstream lines(fonts.out);
            int font_count = 0;
            for (std::string line; std::getline(lines, line);) {
                if (line.find("+DejaVuSans") == std::string::npos) continue;
                ++font_count;
                CHECK(line.find("CID TrueType") != std::string::npos);
                CHECK(line.find("Identity-H") != std::string::npos);
                CHECK(line.find("yes yes yes") != std::string::npos);
            }
            CHECK(font_count == 1);
            CHECK(fonts.out.find("Type 3") == std::string::npos);
            // Text extracted as written.
            const Shell text = shell("pdftotext '" + pdf + "' -");
            REQUIRE(text.status == 0);
            for (std::size_t i = 0; i + 1 < args.size(); ++i)
                if (args[i] == "--title" || args[i] == "--xlabel" || args[i] == "--cbar-label")
                    CHECK(text.out.find(args[i + 1]) != std::string::npos);
            // Drawn by pdftoppm beside Matplotlib's PDF drawn the same way.
            const std::string png = drawn_dir + "/" + name + "-pdf";
            const Shell drawn = shell("pdftoppm -r " + std::to_string(dpi) + " -png -singlefile '" +
                                      pdf + "' '" + png + "'");
            REQUIRE(drawn.status == 0);
            const heatmap::Image ours = figure_check::load_png(png + ".png");
            const heatmap::Image type3 =
                figure_check::load_png(data_dir + "/vector/" + name + "/expected-pdf.png");
            const heatmap::Image truetype =
                figure_check::load_png(data_dir + "/vector/" + name + "/expected-pdf42.png");
            REQUIRE(ours.width == type3.width);
            REQUIRE(ours.height == type3.height);
            const double rms3 = rms_rgb(ours, type3), rms42 = rms_rgb(ours, truetype);
            INFO("RMS " << rms3 << " against Type 3 text, " << rms42 << " against TrueType text");
            CHECK(rms3 <= bounds.at(name).pdf_type3);
            CHECK(rms42 <= bounds.at(name).pdf_truetype);
            const auto layout = figure_check::load_json(pdf + ".json");
            for (const Cell& c : cells_of(layout)) {
                // 20% inside from the top-left corner: clear of the annotation at the center.
                const heatmap::Rgba p = ours.at(static_cast<int>(c.box.x0 + 0.2 * c.box.width()),
                                                static_cast<int>(c.box.y0 + 0.2 * c.box.height()));
                CHECK((p.r == c.color.r && p.g == c.color.g && p.b == c.color.b));
            }
            const std::string bytes = figure_check::read_text(pdf);
            const auto sizes =
                figure_check::load_json(data_dir + "/vector/" + name + "/sizes.json");
            INFO("PDF " << bytes.size() << " bytes, Matplotlib's " << sizes["pdf"].num());
            CHECK(static_cast<double>(bytes.size()) <= 1.5 * sizes["pdf"].num());
            std::printf(
                "pdf %-18s RMS %5.2f (Type 3 text), %5.2f (TrueType text)  %6zu bytes, "
                "Matplotlib's %6.0f (%.2fx)\n",
                name.c_str(), rms3, rms42, bytes.size(), sizes["pdf"].num(),
                static_cast<double>(bytes.size()) / sizes["pdf"].num());
            const std::string again = out_dir + "/vector-" + name + "-again.pdf";
            draw(name, {"-o", again});
            CHECK(figure_check::read_text(again) == bytes);
        }
    }
}

// Headless Chromium's screenshot of an SVG file at `dpi` (a CSS pixel is 1/96 inch): the flags keep
// it from reaching for a network this machine does not have.
std::string chromium_screenshot(const std::string& svg, double width_in, double height_in, int dpi,
                                const std::string& png) {
    const double scale = dpi / 96.0;
    return "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
           "--disable-background-networking --disable-component-update --disable-sync "
           "--hide-scrollbars --user-data-dir='" +
           drawn_dir + "/chromium-profile' --force-device-scale-factor=" + std::to_string(scale) +
           " --window-size=" + std::to_string(static_cast<int>(std::ceil(width_in * 96))) + "," +
           std::to_string(static_cast<int>(std::ceil(height_in * 96))) + " --screenshot='" + png +
           "' 'file://" + svg + "'";
}

TEST_CASE("cells stay crisp and seam-free in rsvg-convert, Chromium, pdftoppm and Ghostscript") {
    for (const std::string name : {"tutorial", "plain-no-labels"}) {
        const double dpi = case_dpi(case_args(name));
        const std::string svg = out_dir + "/crisp-" + name + ".svg",
                          pdf = out_dir + "/crisp-" + name + ".pdf";
        draw(name, {"-o", svg, "--layout-json", svg + ".json"});
        draw(name, {"-o", pdf, "--layout-json", pdf + ".json"});
        const auto svg_layout = figure_check::load_json(svg + ".json");
        const auto pdf_layout = figure_check::load_json(pdf + ".json");
        for (int at : {72, 300, 600}) {
            const std::string r = std::to_string(at), png = drawn_dir + "/crisp-" + name + "-" + r;
            const double scale = at / dpi, frame = 0.8 * at / 72.0;
            const std::string renders[][2] = {
                {"rsvg-convert --dpi-x " + r + " --dpi-y " + r + " -f png -o '" + png +
                     "-svg.png' '" + svg + "'",
                 png + "-svg.png"},
                {"pdftoppm -r " + r + " -png -singlefile '" + pdf + "' '" + png + "-poppler'",
                 png + "-poppler.png"},
                {"gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=png16m -r" + r +
                     " -dTextAlphaBits=4 -dGraphicsAlphaBits=4 -sOutputFile='" + png +
                     "-gs.png' '" + pdf + "'",
                 png + "-gs.png"}};
            for (const auto& [command, file] : renders) {
                const Shell s = shell(command);
                INFO(command << "\n" << s.out);
                REQUIRE(s.status == 0);
                const bool from_svg = file.find("-svg.png") != std::string::npos;  // rsvg, Chromium
                const Crisp c = crisp(figure_check::load_png(file),
                                      from_svg ? svg_layout : pdf_layout, scale, frame);
                INFO(file << ": " << c.off << " of " << c.checked << " inner pixels off");
                CHECK(c.checked > 0);
                CHECK(c.off == 0);
            }
        }
    }
}

namespace {
struct Result {
    int status;
    std::string out, err;
};
Result run(std::vector<std::string> args) {
    args.insert(args.begin(), "heatmap");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    std::istringstream in("1,2\n3,4\n");
    std::ostringstream out, err;
    const int status = heatmap::run_cli(static_cast<int>(argv.size()), argv.data(), in, out, err);
    return {status, out.str(), err.str()};
}
}  // namespace

TEST_CASE("the command writes the format -o names, or --format says") {
    const std::string base = out_dir + "/format";
    CHECK(run({"-", "-o", base + ".svg"}).status == 0);
    CHECK(figure_check::read_text(base + ".svg").rfind("<?xml", 0) == 0);
    CHECK(run({"-", "-o", base + ".PDF"}).status == 0);
    CHECK(figure_check::read_text(base + ".PDF").rfind("%PDF-1.4", 0) == 0);
    CHECK(run({"-", "-o", base + ".png"}).status == 0);
    CHECK(figure_check::read_text(base + ".png").rfind("\x89PNG", 0) == 0);

    Result r = run({"-", "-o", base + ".jpg"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "heatmap: -o '" + base +
              ".jpg' ends in .jpg: name a .png, .svg, .pdf or .html file, or give --format "
              "png|svg|pdf|html (see heatmap --help)\n");
    r = run({"-", "-o", base});
    CHECK(r.status == 2);
    CHECK(r.err.find("has no extension") != std::string::npos);
    r = run({"-", "-o", base + ".png", "--format", "svg"});
    CHECK(r.status == 2);
    CHECK(r.err == "heatmap: --format svg but -o '" + base +
                       ".png' names a .png file; make them agree (see heatmap --help)\n");
    r = run({"-", "-o", base + ".svg", "--format", "eps"});
    CHECK(r.status == 2);
    CHECK(r.err == "heatmap: --format: 'eps' is not png, svg, pdf or html (see heatmap --help)\n");
    // Standard output is a PNG unless --format says otherwise; a name without an extension is
    // fine with --format.
    r = run({"-", "-o", "-"});
    CHECK(r.out.rfind("\x89PNG", 0) == 0);
    r = run({"-", "-o", "-", "--format", "svg"});
    CHECK(r.out.rfind("<?xml", 0) == 0);
    CHECK(run({"-", "-o", base + "-noext", "--format", "pdf"}).status == 0);
    CHECK(figure_check::read_text(base + "-noext").rfind("%PDF", 0) == 0);
}

TEST_CASE("vector text is measured and placed as Matplotlib's SVG and PDF backends do") {
    // tools/make_vector_text_refs.py: TextToPath's extents and glyph places (svg), the PDF
    // backend's (pdf), for plain text and mathtext at four sizes.
    std::ifstream in(data_dir + "/text/vector_extents.tsv");
    std::string line;
    std::getline(in, line);
    int rows = 0;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string kind, size, json, values;
        std::getline(f, kind, '\t'), std::getline(f, size, '\t'), std::getline(f, json, '\t');
        std::getline(f, values);
        std::string text;  // the JSON string: \\, \" and \uXXXX
        for (std::size_t i = 1; i + 1 < json.size(); ++i) {
            if (json[i] != '\\') {
                text += json[i];
            } else if (json[++i] == 'u') {
                heatmap::detail::append_utf8(
                    text, static_cast<char32_t>(std::stoul(json.substr(i + 1, 4), nullptr, 16)));
                i += 4;
            } else {
                text += json[i];
            }
        }
        const bool pdf = kind.rfind("pdf_", 0) == 0;
        const auto shaped = heatmap::detail::shape_text(
            text, std::stod(size), 72, pdf ? heatmap::TextMetrics::pdf : heatmap::TextMetrics::svg);
        std::istringstream v(values);
        INFO(kind << " " << size << " pt: " << text);
        if (kind.find("extent") != std::string::npos) {
            double w = 0, h = 0, d = 0;
            v >> w >> h >> d;
            CHECK(shaped.width == Approx(w).margin(1e-9));
            // FreeType scales a composite glyph's parts apart (Å = A + ring): 1/64 px at most.
            CHECK(shaped.height == Approx(h).margin(1.0 / 64 + 1e-9));
            CHECK(shaped.descent == Approx(d).margin(1e-9));
        } else {
            // Matplotlib's glyph places carry its 16.16 linear advances: 1e-4 pt.
            std::size_t i = 0;
            for (double x; v >> x; ++i) {
                REQUIRE(i < shaped.vector_glyphs.size());
                CHECK(shaped.vector_glyphs[i].x == Approx(x).margin(1e-4));
            }
            CHECK(i == shaped.vector_glyphs.size());
        }
        ++rows;
    }
    CHECK(rows == 296);
}
