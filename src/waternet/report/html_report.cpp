#include "waternet/report/html_report.hpp"

#include <algorithm>
#include <cstdio>

#include "waternet/core/error.hpp"
#include "waternet/report/legend_text.hpp"

namespace wn::report {
namespace {

constexpr const char* kStyle = R"css(
:root { --ink: #1d2733; --muted: #5b6773; --line: #d5dbe1; --accent: #08519c; }
* { box-sizing: border-box; }
/* 190 mm: an A4 page (210 mm, 794 CSS px) less its margins; nothing may be wider (docs/reports.md, "Print"). */
html { -webkit-text-size-adjust: 100%; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       max-width: 190mm; margin: 0 auto; padding: 12mm 8mm; line-height: 1.45; font-size: 11pt;
       overflow-wrap: break-word; hyphens: auto; }
h1 { font-size: 22pt; margin: 0 0 2mm; color: var(--accent); }
.subtitle { font-size: 13pt; color: var(--muted); margin: 0 0 8mm; }
h2 { font-size: 16pt; margin: 10mm 0 3mm; border-bottom: 2px solid var(--accent); padding-bottom: 1mm; }
h3 { font-size: 12.5pt; margin: 6mm 0 2mm; }
p { margin: 0 0 3mm; }
.note { border-left: 4px solid var(--accent); background: #eef4fa; padding: 2mm 4mm; margin: 0 0 4mm; }
.cards { display: flex; flex-wrap: wrap; gap: 4mm; margin: 2mm 0 6mm; }
.card { flex: 1 1 40mm; border: 1px solid var(--line); border-radius: 2mm; padding: 3mm 4mm; min-width: 0; }
.card .value { font-size: 22pt; font-weight: 600; color: var(--accent); line-height: 1.1; }
.card .unit { font-size: 11pt; color: var(--muted); margin-left: 1mm; }
.card .label { font-size: 9.5pt; color: var(--muted); }
/* Fixed layout over the full width: columns share the page and long words wrap instead of widening the table. */
table { border-collapse: collapse; width: 100%; max-width: 100%; table-layout: fixed; margin: 0 0 5mm; font-size: 10pt; }
table.wide { font-size: 8.5pt; }
caption { caption-side: top; text-align: left; font-weight: 600; margin-bottom: 1.5mm; }
th, td { border-bottom: 1px solid var(--line); padding: 1.2mm 2mm; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; word-break: break-word; hyphens: auto; }
table.wide th, table.wide td { padding: 1mm 1.2mm; }
th { border-bottom: 2px solid var(--ink); font-weight: 600; }
/* A number never breaks inside itself ("17.300.000"); it may only wrap at a space ("< 10"). */
.num { text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: normal; word-break: normal; hyphens: none; }
figure { margin: 0 0 5mm; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { font-size: 9.5pt; color: var(--muted); margin-top: 1mm; }
.chart { display: block; max-width: 100%; margin: 0 0 5mm; }
.legend { margin: 0 0 5mm; font-size: 9.5pt; }
.legend .title { font-weight: 600; }
.legend ul { list-style: none; padding: 0; margin: 1mm 0 0; display: flex; flex-wrap: wrap; gap: 1mm 5mm; }
.legend li { display: flex; align-items: center; gap: 1.5mm; }
.footnotes { font-size: 9pt; color: var(--muted); border-top: 1px solid var(--line); margin-top: 8mm; }
.colophon { font-size: 8.5pt; color: var(--muted); margin-top: 6mm; }
sup a { text-decoration: none; }
@page { size: A4 portrait; margin: 16mm 10mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: page; page-break-before: always; }
  h2.first { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, figure, .chart, .cards, .legend, .note { break-inside: avoid; page-break-inside: avoid; }
  caption { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

std::string css_colour(render::Rgba c) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "rgba(%d,%d,%d,%.3f)", c.r, c.g, c.b, c.a / 255.0);
    return buf;
}

// A swatch as SVG, because browsers drop CSS backgrounds when printing unless told otherwise.
std::string swatch(render::Rgba c) {
    return "<svg width=\"18\" height=\"12\" viewBox=\"0 0 18 12\" aria-hidden=\"true\"><rect x=\"0.5\" y=\"0.5\" "
           "width=\"17\" height=\"11\" fill=\"" +
           css_colour(c) + "\" stroke=\"#888\" stroke-width=\"1\"/></svg>";
}

// Empty, a number-like bound ("< 10", "> 1.000") or the "no value" dash: still a numeric column.
bool reads_as_number(const std::string& text) {
    if (text.empty() || text == "\u2013") return true;
    const bool bound = text.size() > 2 && (text[0] == '<' || text[0] == '>') && text[1] == ' ';
    return bound && text[2] >= '0' && text[2] <= '9';
}

bool is_png(std::span<const std::uint8_t> bytes) {
    static constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return bytes.size() > 8 && std::equal(kSignature, kSignature + 8, bytes.begin());
}

}  // namespace

std::string inline_markup(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 2, "**") == 0) {
            if (const auto end = text.find("**", i + 2); end != std::string_view::npos && end > i + 2) {
                out += "<strong>" + inline_markup(text.substr(i + 2, end - i - 2)) + "</strong>";
                i = end + 2;
                continue;
            }
        } else if (text[i] == '*') {
            if (const auto end = text.find('*', i + 1); end != std::string_view::npos && end > i + 1) {
                out += "<em>" + escape_html(text.substr(i + 1, end - i - 1)) + "</em>";
                i = end + 1;
                continue;
            }
        } else if (text.compare(i, 2, "[^") == 0) {
            const auto end = text.find(']', i + 2);
            const auto digits = end == std::string_view::npos ? std::string_view{} : text.substr(i + 2, end - i - 2);
            if (!digits.empty() && digits.size() <= 4 &&
                std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                const std::string n(digits);
                out += "<sup><a href=\"#fn" + n + "\">" + n + "</a></sup>";
                i = end + 1;
                continue;
            }
        }
        out += escape_html(text.substr(i, 1));
        ++i;
    }
    return out;
}

HtmlReport::HtmlReport(std::string title, Language language) : title_(std::move(title)), language_(language) {}

HtmlReport& HtmlReport::subtitle(std::string_view text) {
    subtitle_ = std::string(text);
    return *this;
}

HtmlReport& HtmlReport::section(std::string_view heading) {
    blocks_.push_back(std::string(had_section_ ? "<h2>" : "<h2 class=\"first\">") + escape_html(heading) + "</h2>");
    had_section_ = true;
    return *this;
}

HtmlReport& HtmlReport::subsection(std::string_view heading) {
    blocks_.push_back("<h3>" + escape_html(heading) + "</h3>");
    return *this;
}

HtmlReport& HtmlReport::paragraph(std::string_view text) {
    blocks_.push_back("<p>" + inline_markup(text) + "</p>");
    return *this;
}

HtmlReport& HtmlReport::note(std::string_view text) {
    blocks_.push_back("<div class=\"note\">" + inline_markup(text) + "</div>");
    return *this;
}

HtmlReport& HtmlReport::cards(const std::vector<KeyFigure>& figures) {
    std::string s = "<div class=\"cards\">";
    for (const auto& f : figures) {
        s += "<div class=\"card\"><div><span class=\"value\">" +
             escape_html(format_number(f.value, f.decimals, language_)) + "</span>";
        if (!f.unit.empty()) s += "<span class=\"unit\">" + escape_html(f.unit) + "</span>";
        s += "</div><div class=\"label\">" + escape_html(f.label) + "</div></div>";
    }
    blocks_.push_back(s + "</div>");
    return *this;
}

HtmlReport& HtmlReport::table(const Table& t) {
    const std::size_t n = t.header.size();
    if (n == 0) throw InputError("table '" + t.caption + "' has no header");
    std::vector<bool> numeric(n, true);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        if (t.rows[r].size() != n)
            throw InputError("table '" + t.caption + "': row " + std::to_string(r + 1) + " has " +
                             std::to_string(t.rows[r].size()) + " cells for " + std::to_string(n) + " columns");
        for (std::size_t c = 0; c < n; ++c)
            if (const auto* text = std::get_if<std::string>(&t.rows[r][c]); text && !reads_as_number(*text))
                numeric[c] = false;
    }
    auto cls = [&](std::size_t c) { return numeric[c] ? std::string(" class=\"num\"") : std::string(); };
    // Seven columns or more do not fit A4 portrait at the body size: a smaller type (docs/reports.md, "Print").
    std::string s = n >= kWideTableColumns ? "<table class=\"wide\">" : "<table>";
    if (!t.caption.empty()) s += "<caption>" + escape_html(t.caption) + "</caption>";
    s += "<thead><tr>";
    for (std::size_t c = 0; c < n; ++c) s += "<th" + cls(c) + ">" + escape_html(t.header[c]) + "</th>";
    s += "</tr></thead><tbody>";
    for (const auto& row : t.rows) {
        s += "<tr>";
        for (std::size_t c = 0; c < n; ++c) {
            const int decimals = c < t.decimals.size() ? t.decimals[c] : 0;
            const std::string text = std::holds_alternative<double>(row[c])
                                         ? format_number(std::get<double>(row[c]), decimals, language_)
                                         : std::get<std::string>(row[c]);
            s += "<td" + cls(c) + ">" + escape_html(text) + "</td>";
        }
        s += "</tr>";
    }
    blocks_.push_back(s + "</tbody></table>");
    return *this;
}

HtmlReport& HtmlReport::image_png(std::span<const std::uint8_t> png, std::string_view caption,
                                  std::string_view alt_text) {
    if (!is_png(png)) throw InputError("report image '" + std::string(caption) + "' is not PNG data");
    std::string s =
        "<figure><img src=\"data:image/png;base64," + base64(png) + "\" alt=\"" + escape_html(alt_text) + "\"/>";
    if (!caption.empty()) s += "<figcaption>" + escape_html(caption) + "</figcaption>";
    blocks_.push_back(s + "</figure>");
    return *this;
}

HtmlReport& HtmlReport::bar_chart(const BarChart& chart) {
    blocks_.push_back(svg_bar_chart(chart, language_));
    return *this;
}

HtmlReport& HtmlReport::grouped_bar_chart(const GroupedBarChart& chart) {
    blocks_.push_back(svg_grouped_bar_chart(chart, language_));
    return *this;
}

HtmlReport& HtmlReport::legend(const render::Legend& standard, std::string_view title) {
    render::validate(standard);
    const render::Legend legend = localized_legend(standard, language_);
    std::string s = "<div class=\"legend\"><span class=\"title\">" +
                    escape_html(title.empty() ? std::string_view(legend.title) : title) + "</span>";
    // Unique within the page: the same legend may be shown twice.
    const std::string ramp_id = "ramp-" + std::to_string(blocks_.size());
    if (legend.interpolation == render::Interpolation::linear) {
        s += "<div style=\"display:flex;align-items:center;gap:2mm;margin-top:1mm\"><span>" +
             escape_html(legend.classes.front().label) + "</span>";
        // An SVG gradient, not a CSS one, so it prints.
        s += "<svg width=\"160\" height=\"12\" aria-hidden=\"true\"><defs><linearGradient id=\"" + ramp_id + "\">";
        for (std::size_t k = 0; k < legend.classes.size(); ++k) {
            const double offset = legend.classes.size() == 1 ? 0.0 : 100.0 * k / (legend.classes.size() - 1);
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.1f%%", offset);
            s += "<stop offset=\"";
            s += buf;
            s += "\" stop-color=\"" + css_colour(legend.classes[k].colour) + "\"/>";
        }
        s += "</linearGradient></defs><rect width=\"160\" height=\"12\" fill=\"url(#" + ramp_id +
             ")\" stroke=\"#888\"/></svg><span>" + escape_html(legend.classes.back().label) + "</span></div>";
    } else {
        s += "<ul>";
        for (const auto& c : legend.classes)
            s += "<li>" + swatch(c.colour) + "<span>" + escape_html(c.label) + "</span></li>";
        s += "</ul>";
    }
    blocks_.push_back(s + "</div>");
    return *this;
}

int HtmlReport::footnote(std::string_view text) {
    footnotes_.emplace_back(text);
    return static_cast<int>(footnotes_.size());
}

HtmlReport& HtmlReport::colophon(std::string_view text) {
    colophon_ = std::string(text);
    return *this;
}

std::string HtmlReport::to_html() const {
    const bool nl = language_ == Language::nl;
    std::string s = "<!DOCTYPE html>\n<html lang=\"";
    s += nl ? "nl" : "en";
    s += "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n";
    s += "<title>" + escape_html(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<header>\n<h1>" +
         escape_html(title_) + "</h1>\n";
    if (!subtitle_.empty()) s += "<p class=\"subtitle\">" + escape_html(subtitle_) + "</p>\n";
    s += "</header>\n<main>\n";
    for (const auto& block : blocks_) s += block + "\n";
    s += "</main>\n<footer>\n";
    if (!footnotes_.empty()) {
        s += std::string("<section class=\"footnotes\"><h4>") + (nl ? "Noten" : "Notes") + "</h4><ol>";
        for (std::size_t i = 0; i < footnotes_.size(); ++i)
            s += "<li id=\"fn" + std::to_string(i + 1) + "\">" + inline_markup(footnotes_[i]) + "</li>";
        s += "</ol></section>\n";
    }
    if (!colophon_.empty()) s += "<p class=\"colophon\">" + escape_html(colophon_) + "</p>\n";
    s += "</footer>\n</body>\n</html>\n";
    return s;
}

}  // namespace wn::report
