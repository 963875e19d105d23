// Table columns and the sentence that introduces them; wide tables set smaller; bounds like "< 10" stay numeric.
#include <gtest/gtest.h>

#include "waternet/report/columns.hpp"

using namespace wn::report;

TEST(Columns, DescribeOnlyTheColumnsGiven) {
    const std::vector<Column> three{{"Bui", 0, ""}, {"Water (m³)", 0, "het volume"}, {"Gebouwen", 0, "gebouwen"}};
    EXPECT_EQ(describe_columns(three, Language::nl), "het volume en gebouwen");
    std::vector<Column> four = three;
    four.push_back({"Schade (€)", 0, "schade"});
    EXPECT_EQ(describe_columns(four, Language::nl), "het volume, gebouwen en schade");
    EXPECT_EQ(describe_columns(four, Language::en), "het volume, gebouwen and schade");
    EXPECT_EQ(describe_columns({{"Bui", 0, ""}}, Language::nl), "");
    const Table table = table_of(four, "c");
    EXPECT_EQ(table.header, (std::vector<std::string>{"Bui", "Water (m³)", "Gebouwen", "Schade (€)"}));
    EXPECT_EQ(table.decimals.size(), 4u);
}

TEST(Columns, WideTablesAreSetSmallerAndBoundsStayNumeric) {
    Table narrow{{"a", "b"}, {{1.0, std::string("< 10")}}, {}, ""};
    const std::string html = HtmlReport("r", Language::nl).table(narrow).to_html();
    EXPECT_NE(html.find("<table>"), std::string::npos);
    EXPECT_NE(html.find("<td class=\"num\">&lt; 10</td>"), std::string::npos);  // right-aligned like the numbers
    Table wide;
    for (std::size_t c = 0; c < kWideTableColumns; ++c) wide.header.push_back("k" + std::to_string(c));
    wide.rows.push_back(std::vector<Cell>(kWideTableColumns, Cell(1.0)));
    EXPECT_NE(HtmlReport("r").table(wide).to_html().find("<table class=\"wide\">"), std::string::npos);
    Table text{{"a"}, {{std::string("<b")}}, {}, ""};  // not a bound: a text column
    EXPECT_NE(HtmlReport("r").table(text).to_html().find("<td>&lt;b</td>"), std::string::npos);
}
