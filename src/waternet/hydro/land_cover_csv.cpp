#include "waternet/hydro/land_cover_csv.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"
#include "waternet/io/csv_table.hpp"

namespace wn {

namespace {

constexpr std::string_view kCode = "code", kName = "name", kDescription = "description";
constexpr std::string_view kIsBuilding = "is_building", kIsWater = "is_water";
constexpr std::string_view kF0 = "infiltration_f0_mm_per_h", kFc = "infiltration_fc_mm_per_h";

// The column of every header name; InputError at the header line for a name this table does not know (a typo
// such as "manning" would otherwise silently leave the default in place).
std::map<std::string_view, std::size_t> known_columns(const CsvTable& table) {
    std::set<std::string_view> known{kCode, kName, kDescription, kIsBuilding, kIsWater};
    for (const LandCoverField& field : land_cover_fields()) known.insert(field.name);
    std::map<std::string_view, std::size_t> columns;
    for (std::size_t col = 0; col < table.header.size(); ++col) {
        const auto name = known.find(table.header[col]);
        if (name == known.end()) {
            std::string names;
            for (std::string_view k : known) names += (names.empty() ? "" : ", ") + std::string(k);
            table.fail(table.header_line, "column " + std::to_string(col + 1) + " (" + table.header[col] +
                                              "): unknown column; the columns are " + names);
        }
        if (columns.contains(*name))
            table.fail(table.header_line,
                       "column " + std::to_string(col + 1) + " (" + table.header[col] + "): the column appears twice");
        columns[*name] = col;
    }
    if (!columns.contains(kCode)) table.fail(table.header_line, "the header has no 'code' column");
    return columns;
}

std::uint8_t class_code(const CsvTable& table, const CsvRow& row, std::size_t col) {
    const double code = table.number(row, col);
    if (code != static_cast<int>(code) || code < 1 || code >= LandCoverTable::kMaxClasses)
        table.fail(row, col,
                   row.fields[col] + " is not a class code 1.." + std::to_string(LandCoverTable::kMaxClasses - 1) +
                       " (0 is reserved for cells outside the domain)");
    return static_cast<std::uint8_t>(code);
}

bool yes_or_no(const CsvTable& table, const CsvRow& row, std::size_t col) {
    const std::string text = lowercase(row.fields[col]);
    if (text == "true" || text == "yes" || text == "1") return true;
    if (text == "false" || text == "no" || text == "0") return false;
    table.fail(row, col, "'" + row.fields[col] + "' is not true or false (yes/no, 1/0)");
}

// One row applied to `c` (a copy of the existing class, or a fresh one for a new code).
void apply_row(const CsvTable& table, const CsvRow& row, const std::map<std::string_view, std::size_t>& columns,
               bool is_new, LandCoverClass& c) {
    auto given = [&](std::string_view name) -> std::optional<std::size_t> {
        const auto it = columns.find(name);
        if (it == columns.end() || row.fields[it->second].empty()) return std::nullopt;
        return it->second;
    };
    auto require_for_new = [&](std::string_view name) {
        if (is_new && !given(name))
            table.fail(row.line, "class " + row.fields[columns.at(kCode)] +
                                     " is not in the default table, so it needs a " + std::string(name));
    };
    require_for_new(kName);
    require_for_new("manning_n");
    if (const auto col = given(kName)) c.name = row.fields[*col];
    for (const LandCoverField& field : land_cover_fields()) {
        const auto col = given(field.name);
        if (!col) continue;
        const double value = table.number(row, *col);
        if (const std::string problem = field.problem(value); !problem.empty()) table.fail(row, *col, problem);
        field.of(c) = value;
    }
    if (is_new && given(kF0) && !given(kFc)) c.infiltration.final_mm_per_h = c.infiltration.initial_mm_per_h;
    if (c.infiltration.initial_mm_per_h < c.infiltration.final_mm_per_h)
        table.fail(row, given(kF0) ? *given(kF0) : *given(kFc),
                   fmt::format("the initial infiltration capacity f0 ({} mm/h) is below the final fc ({} mm/h); "
                               "Horton's capacity only decreases",
                               c.infiltration.initial_mm_per_h, c.infiltration.final_mm_per_h));
    if (const auto col = given(kIsBuilding)) c.is_building = yes_or_no(table, row, *col);
    if (const auto col = given(kIsWater)) c.is_water = yes_or_no(table, row, *col);
    if (c.is_building && c.is_water) table.fail(row.line, "a class cannot be both a building and water");
}

}  // namespace

LandCoverTable read_land_cover_table_csv(const std::filesystem::path& csv, LandCoverTable base) {
    const CsvTable table = read_csv_table(csv, "land-cover table");
    const auto columns = known_columns(table);
    std::map<std::uint8_t, int> line_of_code;
    for (const CsvRow& row : table.rows) {
        const std::uint8_t code = class_code(table, row, columns.at(kCode));
        if (const auto earlier = line_of_code.find(code); earlier != line_of_code.end())
            table.fail(
                row, columns.at(kCode),
                "class " + std::to_string(code) + " is already given on line " + std::to_string(earlier->second));
        line_of_code[code] = row.line;
        const bool is_new = !base.defined(code);
        LandCoverClass c = is_new ? LandCoverClass{} : base[code];
        if (is_new) c.manning_n = 0.0;  // set by the row (required)
        apply_row(table, row, columns, is_new, c);
        for (int other = 1; other < base.size(); ++other)
            if (other != code && base.defined(static_cast<std::uint8_t>(other)) &&
                base[static_cast<std::uint8_t>(other)].name == c.name)
                table.fail(row.line, "the name '" + c.name + "' is already class " + std::to_string(other));
        base.set(code, std::move(c));
    }
    return base;
}

}  // namespace wn
