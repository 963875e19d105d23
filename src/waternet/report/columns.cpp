#include "waternet/report/columns.hpp"

namespace wn::report {

Table table_of(const std::vector<Column>& columns, std::string caption) {
    Table table;
    for (const Column& c : columns) {
        table.header.push_back(c.header);
        table.decimals.push_back(c.decimals);
    }
    table.caption = std::move(caption);
    return table;
}

std::string describe_columns(const std::vector<Column>& columns, Language language) {
    std::vector<const std::string*> meanings;
    for (const Column& c : columns)
        if (!c.meaning.empty()) meanings.push_back(&c.meaning);
    std::string out;
    for (std::size_t k = 0; k < meanings.size(); ++k) {
        if (k > 0) out += k + 1 == meanings.size() ? (language == Language::nl ? " en " : " and ") : ", ";
        out += *meanings[k];
    }
    return out;
}

}  // namespace wn::report
