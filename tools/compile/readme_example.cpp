#include <heatmap/heatmap.hpp>

int main() {
    heatmap::Heatmap<int> h({{42, 35, 29, 21, 18},
                             {55, 48, 40, 32, 24},
                             {38, 44, 51, 46, 39},
                             {26, 31, 37, 43, 49}});
    h.row_labels({"Platform", "Security", "Billing", "Support"})
        .col_labels({"Mon", "Tue", "Wed", "Thu", "Fri"})
        .cmap("magma").vmin(15).vmax(60)          // or .norm(heatmap::LogNorm{}) and friends
        .title("Open support tickets by team").xlabel("Day").ylabel("Team")
        .colorbar_label("Open tickets")
        .annotate()                               // Python format spec: "d", ".2f", "+.1f", ...
        .text_threshold(0.45)                     // white text where norm(v) < 0.45 (default: luminance)
        .figsize(6.6, 4.2).dpi(160);
    h.save_png("heatmap.png");                    // written to a temporary file, then renamed
    h.save_svg("heatmap.svg");                    // Matplotlib's SVG, a tooltip on each cell
    h.save_pdf("heatmap.pdf");                    // text in an embedded TrueType subset
    h.save_html("heatmap.html");                  // one page: hover, zoom, keyboard; no requests
    heatmap::Image rgba = h.render();             // RGBA8 pixels for a GUI
    std::vector<std::uint8_t> png = h.png();      // PNG bytes in memory (svg(), pdf(), html() too)
    h.save_layout_json("layout.json");            // where every part landed, to hit-test
}
