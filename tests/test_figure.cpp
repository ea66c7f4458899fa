// The tutorial's figure against Matplotlib's (tests/data/figures/tutorial: its PNG and the layout
// of the draw that made it; see tools/make_figure_refs.py).
#include <catch2/catch.hpp>
#include <heatmap/heatmap.hpp>

#include "support/figure_check.hpp"

namespace {

const std::string data = HEATMAP_TEST_DATA;

heatmap::Heatmap<int> tutorial() {
    heatmap::Heatmap<int> h(
        {{42, 35, 29, 21, 18}, {55, 48, 40, 32, 24}, {38, 44, 51, 46, 39}, {26, 31, 37, 43, 49}});
    h.row_labels({"Platform", "Security", "Billing", "Support"})
        .col_labels({"Mon", "Tue", "Wed", "Thu", "Fri"})
        .cmap("magma")
        .vmin(15)
        .vmax(60)
        .title("Open support tickets by team")
        .xlabel("Day")
        .ylabel("Team")
        .colorbar_label("Open tickets")
        .annotate()
        .text_threshold(0.45)
        .figsize(6.6, 4.2)
        .dpi(160);
    return h;
}

}  // namespace

TEST_CASE("the tutorial's figure matches Matplotlib's") {
    const auto h = tutorial();
    const heatmap::Image image = h.render();
    const heatmap::FigureLayout layout = h.layout();
    REQUIRE(image.width == 1056);
    REQUIRE(image.height == 672);
    heatmap::save_png(image, std::string(HEATMAP_TEST_OUT) + "/tutorial.png");
    layout.save_json(std::string(HEATMAP_TEST_OUT) + "/tutorial.json");

    const auto expected_png = figure_check::load_png(data + "/figures/tutorial/expected.png");
    const auto expected = figure_check::load_json(data + "/figures/tutorial/layout.json");
    const auto actual = figure_check::JsonReader(layout.to_json()).parse();
    const auto c = figure_check::compare(expected_png, expected, image, actual);
    std::string problems;
    for (const auto& p : c.problems) problems += p + "\n";
    INFO("rms " << c.rms << ", worst box " << c.worst_box << " px (" << c.worst_box_name << ")\n"
                << problems);
    CHECK(c.problems.empty());  // every text and annotation color equal
    CHECK(c.cells == 20);
    CHECK(c.cells_off == 0);
    CHECK(c.cells_inexact == 0);    // every cell's color exact
    CHECK(c.colorbar_px_off == 0);  // and every pixel of the colorbar's bands
    // Reached: worst box 0.01 px, RMS 0.12 (the issue asks 2 px and 12, aiming at 0.5 and 3).
    CHECK(c.worst_box <= 0.5);
    CHECK(c.rms <= 1.0);
}

TEST_CASE("render, png bytes and the saved file are the same figure") {
    const auto h = tutorial();
    const heatmap::Image image = h.render();
    const std::vector<std::uint8_t> bytes = h.png();
    const heatmap::Image decoded = figure_check::decode_png(bytes);
    CHECK(decoded.width == image.width);
    CHECK(decoded.height == image.height);
    CHECK(figure_check::rms(decoded, image) == 0.0);
    const std::string path = std::string(HEATMAP_TEST_OUT) + "/tutorial-saved.png";
    h.save_png(path);
    // The file holds exactly png()'s bytes, not only as many.
    CHECK(figure_check::read_text(path) == std::string(bytes.begin(), bytes.end()));
}

TEST_CASE("the layout JSON has the reference's schema plus the cells") {
    const auto j = figure_check::JsonReader(tutorial().layout_json()).parse();
    CHECK(j["figure_px"][0].num() == 1056);
    CHECK(j["figure_px"][1].num() == 672);
    CHECK(j["colorbar_ticks"].arr().size() == 10);
    CHECK(j["colorbar_ticklabels"][0][0].str() == "15");
    CHECK(j["annotations"][0][0].str() == "42");
    CHECK(j["annotations"][0][1].str() == "black");
    CHECK(j["annotations"][1][1].str() == "white");
    REQUIRE(j["cells"].arr().size() == 20);
    const auto& cell = j["cells"][6];  // row 1, column 1: 48
    CHECK(cell["row"].num() == 1);
    CHECK(cell["col"].num() == 1);
    CHECK(cell["value"].num() == 48);
    CHECK(cell["box"][0].num() ==
          Approx(j["axes"][0].num() + (j["axes"][2].num() - j["axes"][0].num()) / 5));
}

TEST_CASE("label counts that do not match the matrix are refused, naming both numbers") {
    heatmap::Heatmap<int> h({{1, 2, 3}, {4, 5, 6}});
    CHECK_THROWS_WITH(h.row_labels({"a", "b", "c"}),
                      "3 row labels for 2 rows: give one label per row");
    CHECK_THROWS_WITH(h.col_labels({"a"}),
                      "1 column labels for 3 columns: give one label per column");
    CHECK_THROWS_AS(heatmap::Heatmap<int>(std::vector<std::vector<int>>{}), std::invalid_argument);
    CHECK_THROWS_WITH(
        heatmap::Heatmap<int>({{1, 2}, {3}}),
        "ragged matrix: row 1 has 1 values, row 0 has 2; give every row the same length");
}

TEST_CASE("a matrix larger than the axes is reduced per pixel; max keeps a lone peak visible") {
    const std::size_t n = 2000;
    std::vector<double> values(n * n, 0.0);
    values[1000 * n + 1000] = 1.0;  // one peak among four million zeros
    auto h = heatmap::Heatmap<double>::view(values.data(), n, n);
    h.cmap("gray").vmin(0).vmax(1).annotate(".1f");
    const heatmap::FigureLayout layout = h.layout();
    CHECK(layout.downsampled);
    CHECK(layout.cells.empty());  // not listed: hit-test from axes and shape
    CHECK(layout.rows == n);
    CHECK(layout.annotations.empty());
    CHECK(layout.annotations_skipped == n * n);

    // The peak's pixel: where row/column 1000 of 2000 falls in the axes.
    const heatmap::Box& a = layout.axes;
    const int x = static_cast<int>(a.x0 + (1000.5 / n) * a.width());
    const int y = static_cast<int>(a.y0 + (1000.5 / n) * a.height());
    auto brightest_near = [&](const heatmap::Image& img) {
        int best = 0;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) best = std::max(best, int(img.at(x + dx, y + dy).r));
        return best;
    };
    const heatmap::Image mean = h.render();
    const heatmap::Image peak = h.reduce(heatmap::Reduce::max).render();
    CHECK(brightest_near(peak) == 255);  // gray's top color, undiluted
    CHECK(brightest_near(mean) < 64);    // averaged with the zeros it shares a pixel with
    CHECK(brightest_near(mean) > 0);     // but not lost
}

TEST_CASE(
    "axes without labels take Matplotlib's own ticks, restricted to whole cells (issue 17.5)") {
    // Matplotlib 3.6.3 (MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True) on
    // imshow's axes, default figure with a colorbar): 2000x30 marks rows 0, 250, ..., 1750 and
    // columns 0 and 25; 12x16 every second cell; 87x61 every tenth.
    const auto texts = [](const std::vector<heatmap::LabelBox>& labels) {
        std::vector<std::string> out;
        for (const auto& l : labels) out.push_back(l.text);
        return out;
    };
    using V = std::vector<std::string>;
    std::vector<double> values(2000 * 30, 1.0);
    auto tall = heatmap::Heatmap<double>::view(values.data(), 2000, 30);
    const auto layout = tall.layout();
    CHECK(texts(layout.yticklabels) == V{"0", "250", "500", "750", "1000", "1250", "1500", "1750"});
    CHECK(texts(layout.xticklabels) == V{"0", "25"});
    std::vector<double> small(12 * 16, 1.0);
    const auto plain = heatmap::Heatmap<double>::view(small.data(), 12, 16).layout();
    CHECK(texts(plain.xticklabels) == V{"0", "2", "4", "6", "8", "10", "12", "14"});
    CHECK(texts(plain.yticklabels) == V{"0", "2", "4", "6", "8", "10"});
    std::vector<double> volcano(87 * 61, 1.0);
    const auto v = heatmap::Heatmap<double>::view(volcano.data(), 87, 61).layout();
    CHECK(texts(v.xticklabels) == V{"0", "10", "20", "30", "40", "50", "60"});
    CHECK(texts(v.yticklabels) == V{"0", "10", "20", "30", "40", "50", "60", "70", "80"});
}

TEST_CASE("given labels are all drawn unless there are more than the figure has pixels (20.8)") {
    // 400 labels on a 480 px figure are the user's to thin, as Matplotlib draws every one.
    std::vector<double> values(2000 * 3, 1.0);
    std::vector<std::string> names(2000);
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = "r" + std::to_string(i);
    auto some = heatmap::Heatmap<double>::view(values.data(), 400, 3);
    some.row_labels({names.begin(), names.begin() + 400});
    CHECK(some.layout().yticklabels.size() == 400);
    // 2000 cannot be told apart in 480 px: thinned as "auto" thins (one per font size along the
    // laid-out axes) before any is measured, the others listed.
    auto tall = heatmap::Heatmap<double>::view(values.data(), 2000, 3);
    const auto layout = tall.row_labels(names).layout();
    const std::size_t shown = layout.yticklabels.size();
    CHECK(shown == 31);
    CHECK(layout.yticklabels[1].text == "r65");
    REQUIRE(layout.thinned_labels.size() == 2000 - shown);
    CHECK(layout.thinned_labels[0].text == "r1");
    CHECK(layout.thinned_labels[0].axis == 'y');
    // An explicit step is obeyed.
    CHECK(tall.yticks_every(100).layout().yticklabels.size() == 20);
}

TEST_CASE("labels too long for the figure are shortened, never drawn past its edge (17.2)") {
    const std::string long_label(300, 'm');
    heatmap::Heatmap<int> h({{1, 2}, {3, 4}});
    h.row_labels({long_label, "short"}).col_labels({"a", long_label}).figsize(4, 3);
    for (const bool turned : {false, true}) {
        if (turned) h.xrotation(90);
        const heatmap::FigureLayout l = h.layout();
        INFO("turned " << turned);
        for (const auto* labels : {&l.xticklabels, &l.yticklabels})
            for (const heatmap::LabelBox& b : *labels) {
                CHECK(b.box.x0 >= -0.5);
                CHECK(b.box.y0 >= -0.5);
                CHECK(b.box.x1 <= l.width + 0.5);
                CHECK(b.box.y1 <= l.height + 0.5);
            }
        REQUIRE(l.shortened_labels.size() == 2);
        CHECK(l.shortened_labels[0].text == long_label);
        CHECK(l.shortened_labels[0].shown.size() < long_label.size());
        CHECK(l.shortened_labels[0].shown.substr(l.shortened_labels[0].shown.size() - 3) ==
              "\xE2\x80\xA6");
        CHECK(l.axes.width() > 10);  // the layout has room for the cells again
    }
}

TEST_CASE("a malformed annotation template and a pixel limit below 1 are refused when set") {
    heatmap::Heatmap<int> h({{1, 2}, {3, 4}});
    CHECK_THROWS_AS(h.annotate_template("{y:.1f}"), std::invalid_argument);
    CHECK_THROWS_WITH(h.max_pixels(0),
                      "max_pixels 0 is below 1: give the largest image to allow, in pixels");
    CHECK_NOTHROW(h.annotate_template("{x:.1f} ms"));
    CHECK(h.layout().annotations.front().text == "1.0 ms");
}

TEST_CASE(
    "render(layout) gives the image and the layout of one plan, equal to render() and layout()") {
    const auto h = tutorial();
    heatmap::FigureLayout placed;
    const heatmap::Image image = h.render(placed);
    CHECK(placed.to_json() == h.layout_json());
    CHECK(image.pixels == h.render().pixels);
}
