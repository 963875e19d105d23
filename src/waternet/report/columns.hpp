// A table's columns with what each means, so that the sentence introducing a table is made from the very
// columns it has: a caption can never promise a column the table lacks (docs/reports.md, "Columns").
#pragma once

#include <string>
#include <vector>

#include "waternet/report/html_report.hpp"
#include "waternet/report/text_format.hpp"

namespace wn::report {

struct Column {
    std::string header;
    int decimals = 0;
    std::string
        meaning;  // a phrase for the introduction ("the volume of water on the ground at its highest"); "" = none
};

// A table with the columns' headers and decimals, no rows yet.
Table table_of(const std::vector<Column>& columns, std::string caption = {});

// The columns' meanings (those that have one) as a list: "a", "a en b", "a, b en c" (nl) / "a, b and c" (en).
std::string describe_columns(const std::vector<Column>& columns, Language language);

}  // namespace wn::report
