// The HTML page as a file (the browser's side is tests/browser/test_html_page.mjs): self-contained
// (a policy forbidding requests, no address outside the page), laid out as the PNG, every cell's
// value in its data block (each text once when values repeat), a downsampled figure's pixels with
// the cells they cover, labels that cannot end the script they travel in, the same bytes each run.

#include <catch2/catch.hpp>
#include <heatmap/heatmap.hpp>

#include <cctype>
#include <cmath>
#include <string>
#include <vector>

namespace {

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

std::string data_block(const std::string& page) {
    const std::string open = "<script type=\"application/json\" id=\"hm-data\">";
    const auto a = page.find(open);
    REQUIRE(a != std::string::npos);
    const auto b = page.find("</script>", a);
    REQUIRE(b != std::string::npos);
    return page.substr(a + open.size(), b - a - open.size());
}

}  // namespace

TEST_CASE("the page is self-contained and laid out as the PNG") {
    const auto h = tutorial();
    heatmap::FigureLayout page_layout, png_layout;
    const std::string page = h.html(&page_layout);
    h.render(png_layout);
    CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(page.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
    // No address but the SVG and XLink namespaces and the SVG's metadata text: nothing to fetch.
    for (std::size_t at = page.find("://"); at != std::string::npos;
         at = page.find("://", at + 1)) {
        std::size_t start = at;
        while (start > 0 && std::isalpha(static_cast<unsigned char>(page[start - 1]))) --start;
        const std::string url = page.substr(start, 40);
        INFO(url);
        CHECK((url.rfind("http://www.w3.org/2000/svg", 0) == 0 ||
               url.rfind("http://www.w3.org/1999/xlink", 0) == 0 ||
               url.rfind("https://github.com/ (Matplotlib", 0) == 0));
    }
    CHECK(page.find("<title>Open support tickets by team</title>") != std::string::npos);
    CHECK(page.find("aria-live=\"polite\"") != std::string::npos);
    // The figure at its size in pixels, placed as the PNG places it.
    CHECK(page.find(".hm svg{display:block;width:1056px;height:672px;") != std::string::npos);
    CHECK(page_layout.to_json() == png_layout.to_json());
    // The same bytes on every run.
    CHECK(h.html() == page);
}

TEST_CASE("the data block holds every cell's text and the tooltip's names") {
    const std::string data = data_block(tutorial().html());
    CHECK(data.find("\"rn\":\"Team\",\"cn\":\"Day\"") != std::string::npos);
    CHECK(data.find("\"vn\":\"Open tickets\"") != std::string::npos);
    CHECK(data.find("\"rl\":[\"Platform\",\"Security\",\"Billing\",\"Support\"]") !=
          std::string::npos);
    CHECK(data.find("\"v\":[\"42\",\"35\",\"29\",\"21\",\"18\",\"55\",\"48\",\"40\",\"32\",\"24\","
                    "\"38\",\"44\",\"51\",\"46\",\"39\",\"26\",\"31\",\"37\",\"43\",\"49\"]") !=
          std::string::npos);

    // Values that repeat travel once each, with one index per cell.
    std::vector<int> repeated(40 * 50);
    for (std::size_t i = 0; i < repeated.size(); ++i) repeated[i] = static_cast<int>(i % 3);
    const std::string block = data_block(heatmap::Heatmap<int>(repeated.data(), 40, 50).html());
    CHECK(block.find("\"vt\":[\"0\",\"1\",\"2\"],\"vw\":1,\"vi\":\"AAECAAEC") != std::string::npos);
}

TEST_CASE("labels cannot close the script element they travel in") {
    heatmap::Heatmap<double> h({{1.5, 2.5}});
    h.row_labels({"</script><script>alert(1)</script>"}).col_labels({"a\"b", "c\\d"});
    const std::string data = data_block(h.html());
    CHECK(data.find("</") == std::string::npos);
    CHECK(data.find("\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"") !=
          std::string::npos);
    CHECK(data.find("[\"a\\\"b\",\"c\\\\d\"]") != std::string::npos);
    CHECK(data.find("\"v\":[\"1.5\",\"2.5\"]") != std::string::npos);
}

TEST_CASE("a downsampled page carries pixel values and the cells each pixel covers") {
    const std::size_t rows = 300, cols = 2000;
    std::vector<float> m(rows * cols);
    for (std::size_t i = 0; i < m.size(); ++i) m[i] = static_cast<float>(i % 7);
    heatmap::Heatmap<float> h(m.data(), rows, cols);
    h.figsize(4, 3).dpi(100);
    heatmap::FigureLayout layout;
    const std::string page = h.html(&layout);
    REQUIRE(layout.downsampled);
    const std::string data = data_block(page);
    CHECK(data.find("\"r\":300,\"c\":2000,\"p\":{") != std::string::npos);
    CHECK(data.find("\"red\":\"mean\"") != std::string::npos);
    // The first pixel column starts at the first cell; the values are float32 in base64.
    CHECK(data.find("\"cf\":[0,") != std::string::npos);
    CHECK(data.find("\"f\":\"") != std::string::npos);
    // Not the matrix: far fewer bytes than 600,000 cells would take.
    CHECK(page.size() < 600000);
}
