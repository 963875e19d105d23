// A self-contained HTML report (one file: styles, images and charts inline, no scripts, nothing fetched),
// written for a council member who reads it in a browser and prints it to PDF.
//
// Blocks are added in reading order; every text is escaped, so names from data files (streets, partners) can
// never inject markup. Paragraphs and notes accept a small safe markup: **strong**, *emphasis*, and [^n] for
// a reference to footnote n (see footnote()); an unmatched '*' stays a literal asterisk.
// Printing (A4 portrait, nothing wider than 190 mm): every section (h2) but the first starts a new page; tables,
// figures, charts, cards and legends are not split across pages (a table longer than a page does break, repeating
// its header row). Tables share the page width in fixed columns; long words wrap, numbers do not break.
// Numbers are formatted in the report's language (text_format.hpp); numeric table columns are right-aligned.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "waternet/render/legend.hpp"
#include "waternet/report/svg_chart.hpp"
#include "waternet/report/text_format.hpp"

namespace wn::report {

// A key figure: a big number with its unit and what it counts, e.g. 1,234 | buildings | with water against
// the façade (> 10 cm).
struct KeyFigure {
    double value = 0.0;
    int decimals = 0;
    std::string unit;
    std::string label;
};

// A table cell: text, or a number formatted with its column's decimals. A column whose cells are all
// numbers (or empty text, the "no value" dash "–", or a bound such as "< 10") is numeric: right-aligned.
// A table of kWideTableColumns columns or more is set in a smaller type so that it fits A4 portrait.
using Cell = std::variant<std::string, double>;
inline constexpr std::size_t kWideTableColumns = 7;

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<Cell>> rows;  // each as long as the header
    std::vector<int> decimals;            // per column, for numbers; missing columns: 0
    std::string caption;                  // may be empty
};

class HtmlReport {
public:
    explicit HtmlReport(std::string title, Language language = Language::en);

    Language language() const { return language_; }

    HtmlReport& subtitle(std::string_view text);
    HtmlReport& section(std::string_view heading);     // h2
    HtmlReport& subsection(std::string_view heading);  // h3
    HtmlReport& paragraph(std::string_view text);      // with the safe markup above
    HtmlReport& note(std::string_view text);           // a boxed remark in the text flow
    HtmlReport& cards(const std::vector<KeyFigure>& figures);
    // InputError for a row whose length differs from the header's, or a header-less table.
    HtmlReport& table(const Table& table);
    // PNG bytes (e.g. render::encode_png(render::map_image(...))) as a data: URI; InputError if the bytes
    // are not a PNG.
    HtmlReport& image_png(std::span<const std::uint8_t> png, std::string_view caption, std::string_view alt_text);
    HtmlReport& bar_chart(const BarChart& chart);
    HtmlReport& grouped_bar_chart(const GroupedBarChart& chart);
    // The legend's classes as swatches with labels (a colour ramp for a linear legend); a fully transparent
    // class is drawn as an empty, outlined box. title: shown above the swatches, default the legend's own
    // title; title and class labels in the report's language (report/legend_text.hpp), with their units.
    HtmlReport& legend(const render::Legend& legend, std::string_view title = {});
    // Adds a numbered footnote, listed at the end under "Notes" / "Noten"; returns its number (1, 2, ...), for
    // [^n] references in paragraphs.
    int footnote(std::string_view text);
    // Small print at the very end (e.g. "Waternet 0.1 · computed 2026-11-28 · data: AHN4, BGT").
    HtmlReport& colophon(std::string_view text);

    std::string to_html() const;

private:
    std::string title_;
    Language language_;
    std::string subtitle_;
    std::vector<std::string> blocks_;  // rendered HTML fragments in reading order
    std::vector<std::string> footnotes_;
    std::string colophon_;
    bool had_section_ = false;
};

// The safe inline markup of paragraphs, escaped: exposed for tests and for callers composing HTML.
std::string inline_markup(std::string_view text);

}  // namespace wn::report
