// The HTML report: everything escaped, tables right-aligned where numeric and formatted per language,
// images embedded, the print stylesheet present.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "waternet/render/legend.hpp"
#include "waternet/render/png.hpp"
#include "waternet/report/html_report.hpp"

using namespace wn;
using namespace wn::report;

namespace {
std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
    return n;
}
}  // namespace

TEST(HtmlReport, EscapesEveryTextItIsGiven) {
    const std::string evil = "<script>alert('x')</script>";
    HtmlReport r(evil);
    r.subtitle(evil).section(evil).subsection(evil).paragraph(evil).note(evil);
    r.cards({{12, 0, evil, evil}});
    r.table({{evil, "n"}, {{std::string(evil), 3.0}}, {}, evil});
    r.bar_chart({evil, evil, {{evil, 1}}, 0});
    r.footnote(evil);
    r.colophon(evil);
    const std::string html = r.to_html();
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_GE(count(html, "&lt;script&gt;"), 12u);
}

TEST(HtmlReport, InlineMarkupIsSafe) {
    EXPECT_EQ(inline_markup("a **b** *c* d"), "a <strong>b</strong> <em>c</em> d");
    EXPECT_EQ(inline_markup("3 * 4 = 12"), "3 * 4 = 12");  // lone asterisk stays
    EXPECT_EQ(inline_markup("*<b>*"), "<em>&lt;b&gt;</em>");
    EXPECT_EQ(inline_markup("see[^2]"), "see<sup><a href=\"#fn2\">2</a></sup>");
    EXPECT_EQ(inline_markup("[^x<]"), "[^x&lt;]");
}

TEST(HtmlReport, TablesAlignNumbersAndFormatThemPerLanguage) {
    const Table t{{"Municipality", "Buildings", "Damage (€)"},
                  {{std::string("Enschede"), 1234.0, 2500000.5}, {std::string("Hengelo"), 87.0, std::string("")}},
                  {0, 0, 0},
                  "Impact"};
    const std::string nl = HtmlReport("r", Language::nl).table(t).to_html();
    EXPECT_NE(nl.find("<td class=\"num\">1.234</td>"), std::string::npos);
    EXPECT_NE(nl.find("<td class=\"num\">2.500.001</td>"), std::string::npos);
    EXPECT_NE(nl.find("<td>Enschede</td>"), std::string::npos);  // text column left-aligned
    EXPECT_NE(nl.find("<th class=\"num\">Buildings</th>"), std::string::npos);
    EXPECT_NE(nl.find("<html lang=\"nl\">"), std::string::npos);
    const std::string en = HtmlReport("r").table(t).to_html();
    EXPECT_NE(en.find("<td class=\"num\">1,234</td>"), std::string::npos);

    const Table ragged{{"a", "b"}, {{1.0}}, {}, "bad"};
    EXPECT_THROW(HtmlReport("r").table(ragged), InputError);
    EXPECT_THROW(HtmlReport("r").table(Table{}), InputError);
}

TEST(HtmlReport, CardsImagesLegendAndFootnotes) {
    render::RgbaImage img(3, 2, {10, 20, 30, 255});
    const auto png = render::encode_png(img);
    HtmlReport r("Stress test Enschede", Language::nl);
    r.cards({{1234.0, 0, "gebouwen", "met water tegen de gevel"}});
    r.image_png(png, "Maximale waterdiepte", "kaart");
    r.legend(render::legend("depth_m"));
    const int n = r.footnote("Bron: AHN4");
    EXPECT_EQ(n, 1);
    EXPECT_EQ(r.footnote("Tweede"), 2);
    const std::string html = r.to_html();
    EXPECT_NE(html.find("<span class=\"value\">1.234</span>"), std::string::npos);
    EXPECT_NE(html.find("data:image/png;base64," + base64(png) + "\""), std::string::npos);
    for (const auto& c : render::legend("depth_m").classes)
        EXPECT_NE(html.find(escape_html(c.label)), std::string::npos);
    EXPECT_NE(html.find("<li id=\"fn2\">Tweede</li>"), std::string::npos);
    EXPECT_NE(html.find("Noten"), std::string::npos);
    const std::vector<std::uint8_t> not_png = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    EXPECT_THROW(r.image_png(not_png, "x", "x"), InputError);
}

TEST(HtmlReport, PrintStylesheetBreaksBeforeSectionsButTheFirst) {
    HtmlReport r("t");
    r.section("One").paragraph("a").section("Two");
    const std::string html = r.to_html();
    EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
    EXPECT_NE(html.find("h2 { break-before: page"), std::string::npos);
    EXPECT_NE(html.find("<h2 class=\"first\">One</h2>"), std::string::npos);
    EXPECT_NE(html.find("<h2>Two</h2>"), std::string::npos);
    EXPECT_NE(html.find("table, figure"), std::string::npos);  // not split across pages
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(count(html, "<main>"), 1u);
}
