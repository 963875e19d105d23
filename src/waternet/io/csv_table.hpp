// The plain CSV tables people hand to Waternet (rain series, hydrographs, land-cover tables), read one way.
//
// Format: comma-separated, the first line that is not blank and not a '#' comment is the header (names are
// matched lower-case and trimmed), every other such line is one row with as many fields as the header. Fields
// are trimmed; a "quoted" field may hold commas and doubled quotes (""). A UTF-8 byte-order mark (what Excel
// writes) and Windows line ends are accepted. Every problem names the file and line, and where it is about one
// value, the column: "FILE, line 4: column 3 (manning_n): 'abc' is not a number".
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wn {

struct CsvRow {
    int line = 0;  // 1-based line number in the file (comments and blank lines count)
    std::vector<std::string> fields;
};

struct CsvTable {
    std::filesystem::path path;
    int header_line = 0;
    std::vector<std::string> header;  // lower-case, trimmed
    std::vector<CsvRow> rows;

    std::optional<std::size_t> column(std::string_view name) const;
    // The header joined with commas, for messages ("time_s,level_m").
    std::string header_text() const;

    // InputError "FILE, line N: problem".
    [[noreturn]] void fail(int line, const std::string& problem) const;
    // InputError "FILE, line N: column C (name): problem" (C counted from 1).
    [[noreturn]] void fail(const CsvRow& row, std::size_t col, const std::string& problem) const;
    // The value in column `col` of `row` as a finite number (a leading '+' is allowed, nothing may trail it);
    // InputError naming file, line and column otherwise.
    double number(const CsvRow& row, std::size_t col) const;
};

// Reads `path`. `what` names the kind of file in messages ("rain series", "land-cover table"). InputError for a
// missing file, a file without a header, a header without rows, a row with the wrong number of fields, an
// unclosed quote.
CsvTable read_csv_table(const std::filesystem::path& path, std::string_view what);

// A quantity over time, "time_s,<value_column>" (or time_min): e.g. a hydrograph (discharge_m3_per_s) or an
// outside water level (level_m). Column order is free. Times must increase; with `non_negative` the values may
// not be negative. Returns (t_s, value) pairs. InputError naming file, line and column otherwise.
std::vector<std::pair<double, double>> read_time_series_csv(const std::filesystem::path& path, std::string_view what,
                                                            std::string_view value_column, bool non_negative);

}  // namespace wn
