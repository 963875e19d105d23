#include "waternet/io/csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"
#include "waternet/io/text_file.hpp"

namespace wn {
namespace fs = std::filesystem;

namespace {

// Splits one line on commas; false when a quote is left open.
bool split_fields(std::string_view text, std::vector<std::string>& fields) {
    fields.clear();
    std::string field;
    bool quoted = false, was_quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c != '"') {
                field.push_back(c);
            } else if (i + 1 < text.size() && text[i + 1] == '"') {  // "" inside quotes is one quote
                field.push_back('"');
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"' && trim(field).empty()) {
            field.clear();
            quoted = was_quoted = true;
        } else if (c == ',') {
            fields.push_back(was_quoted ? field : std::string(trim(field)));
            field.clear();
            was_quoted = false;
        } else {
            field.push_back(c);
        }
    }
    fields.push_back(was_quoted ? field : std::string(trim(field)));
    return !quoted;
}

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

// "a hydrograph", "an edge inflow hydrograph".
std::string article(std::string_view noun) {
    return !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos ? "an" : "a";
}

}  // namespace

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) return std::nullopt;
    return static_cast<std::size_t>(it - header.begin());
}

std::string CsvTable::header_text() const {
    std::string out;
    for (const std::string& name : header) out += (out.empty() ? "" : ",") + name;
    return out;
}

void CsvTable::fail(int line, const std::string& problem) const {
    throw InputError(path.string() + ", line " + std::to_string(line) + ": " + problem);
}

void CsvTable::fail(const CsvRow& row, std::size_t col, const std::string& problem) const {
    fail(row.line, "column " + std::to_string(col + 1) + " (" + header.at(col) + "): " + problem);
}

double CsvTable::number(const CsvRow& row, std::size_t col) const {
    const std::string& text = row.fields.at(col);
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size())
        fail(row, col, "'" + text + "' is not a number");
    if (!std::isfinite(value)) fail(row, col, "'" + text + "' is NaN or infinite");
    return value;
}

CsvTable read_csv_table(const fs::path& path, std::string_view what) {
    // Regular files only, size-capped, the byte-order mark removed (io/text_file.hpp).
    std::istringstream in(read_text_file(path, std::string(what) + " file"));

    CsvTable table;
    table.path = path;
    std::string text;
    std::vector<std::string> fields;
    for (int line = 1; std::getline(in, text); ++line) {
        std::string_view content = text;
        content = trim(content);
        if (content.empty() || content.front() == '#') continue;
        if (!split_fields(content, fields)) table.fail(line, "a quoted field is not closed");
        if (table.header.empty()) {
            table.header_line = line;
            for (const std::string& name : fields) table.header.push_back(lowercase(trim(name)));
            continue;
        }
        if (fields.size() != table.header.size())
            table.fail(line, "expected " + std::to_string(table.header.size()) + " values (" + table.header_text() +
                                 ") but found " + std::to_string(fields.size()));
        table.rows.push_back({line, fields});
    }
    if (table.header.empty())
        throw InputError(std::string(what) + " file " + path.string() + " is empty (no header line, no data)");
    if (table.rows.empty()) table.fail(table.header_line, "there is a header but no data rows after it");
    return table;
}

std::vector<std::pair<double, double>> read_time_series_csv(const fs::path& path, std::string_view what,
                                                            std::string_view value_column, bool non_negative) {
    const CsvTable table = read_csv_table(path, what);
    // Times in seconds (what loggers and models write) or minutes (what storm tables use).
    struct TimeColumn {
        const char* name;
        double seconds;
    };
    constexpr TimeColumn kTimeColumns[] = {{"time_s", 1.0}, {"time_min", 60.0}};
    std::optional<std::size_t> time_col;
    double seconds_per_unit = 1.0;
    for (const TimeColumn& t : kTimeColumns)
        if (const auto col = table.column(t.name)) {
            time_col = col;
            seconds_per_unit = t.seconds;
            break;
        }
    const auto value_col = table.column(value_column);
    if (table.header.size() != 2 || !time_col || !value_col)
        table.fail(table.header_line, "the header is '" + table.header_text() + "', but " + article(what) + " " +
                                          std::string(what) + " has two columns: time_s (or time_min) and " +
                                          std::string(value_column));

    std::vector<std::pair<double, double>> points;
    for (const CsvRow& row : table.rows) {
        const double t_s = table.number(row, *time_col) * seconds_per_unit;
        const double value = table.number(row, *value_col);
        if (non_negative && value < 0.0) table.fail(row, *value_col, number_text(value) + " is negative");
        if (!points.empty() && t_s <= points.back().first)
            table.fail(row, *time_col,
                       "time " + row.fields[*time_col] + " is not after the previous row's (times must increase)");
        points.emplace_back(t_s, value);
    }
    return points;
}

}  // namespace wn
