// Shared by the UK Environment Agency 2D benchmark tests (Néelz & Pender 2013, "Benchmarking the latest
// generation of 2D hydraulic modelling packages", EA report SC120002): where the report's output points fall on
// the grid, what a depth series says (peak, time of peak, arrival), the reference tables, and an optional dump of
// our series for the plots in docs/benchmarks.md (scripts/ea-benchmark.py).
//
// Coordinates are the benchmark's own: origin at the south-west corner of the modelled area, x east, y north.
// The engine's row 0 is the northern row.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/core/text.hpp"
#include "waternet/hydro/flood_engine.hpp"

namespace wn::test::ea {

// The modelled rectangle and its cell size.
struct Domain {
    double width_m = 0.0;   // west–east
    double height_m = 0.0;  // south–north
    double cell_m = 1.0;

    index_t rows() const { return static_cast<index_t>(std::lround(height_m / cell_m)); }
    index_t cols() const { return static_cast<index_t>(std::lround(width_m / cell_m)); }
    // Centre of a cell in benchmark coordinates.
    double x_of(index_t col) const { return (static_cast<double>(col) + 0.5) * cell_m; }
    double y_of(index_t row) const { return height_m - (static_cast<double>(row) + 0.5) * cell_m; }

    // The cell that holds a point, as LISFLOOD-FP places its stage points (integer part of the distance from the
    // west and the north edge in cells), so that our gauges sit in the same cells as the published series.
    Gauge gauge(const std::string& name, double x_m, double y_m) const {
        const auto clamp_to = [](double v, index_t n) {
            return std::clamp<index_t>(static_cast<index_t>(v), 0, n - 1);
        };
        return Gauge{name, clamp_to((height_m - y_m) / cell_m, rows()), clamp_to(x_m / cell_m, cols())};
    }
    // The rows whose west or east boundary face lies within [y_low, y_high] (an inflow segment on that edge).
    std::pair<index_t, index_t> rows_between(double y_low_m, double y_high_m) const {
        const auto first = static_cast<index_t>(std::floor((height_m - y_high_m) / cell_m + 1e-9));
        const auto last = static_cast<index_t>(std::ceil((height_m - y_low_m) / cell_m - 1e-9)) - 1;
        return {first, last};
    }
};

// What a depth series at a point says.
struct SeriesSummary {
    double peak_depth_m = 0.0;
    double time_of_peak_s = 0.0;  // first time the series holds its peak
};

inline SeriesSummary summarise(const GaugeSeries& series) {
    SeriesSummary s;
    for (std::size_t i = 0; i < series.depth_m.size(); ++i)
        if (series.depth_m[i] > s.peak_depth_m) {
            s.peak_depth_m = series.depth_m[i];
            s.time_of_peak_s = series.time_s[i];
        }
    return s;
}

// Time the depth first reaches `threshold_m`, linear between recorded times; nullopt if it never does.
inline std::optional<double> arrival_time(const GaugeSeries& series, double threshold_m) {
    for (std::size_t i = 1; i < series.depth_m.size(); ++i) {
        const double a = series.depth_m[i - 1], b = series.depth_m[i];
        if (a < threshold_m && b >= threshold_m)
            return series.time_s[i - 1] + (threshold_m - a) / (b - a) * (series.time_s[i] - series.time_s[i - 1]);
    }
    return std::nullopt;
}

// A CSV table from tests/hydro/ea_benchmark/: lines starting with '#' are the citation, the first other line
// is the header. Cells are trimmed; no quoting (the files are ours).
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::size_t column(const std::string& name) const {
        const auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end()) throw std::runtime_error("no column '" + name + "'");
        return static_cast<std::size_t>(it - header.begin());
    }
};

inline std::filesystem::path data_file(const std::string& name) {
    return std::filesystem::path(WATERNET_TESTS_DIR) / "hydro" / "ea_benchmark" / name;
}

inline Table read_table(const std::string& name) {
    std::ifstream file(data_file(name));
    if (!file) throw std::runtime_error("cannot read " + data_file(name).string());
    Table table;
    std::string line;
    while (std::getline(file, line)) {
        if (trim(line).empty() || trim(line).front() == '#') continue;
        std::vector<std::string> cells;
        std::stringstream fields(line);
        std::string cell;
        while (std::getline(fields, cell, ',')) cells.emplace_back(trim(cell));
        if (table.header.empty())
            table.header = std::move(cells);
        else
            table.rows.push_back(std::move(cells));
    }
    return table;
}

// The range the reference packages span for one value at one point.
struct Spread {
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    int packages = 0;
    void add(double v) {
        low = std::min(low, v);
        high = std::max(high, v);
        ++packages;
    }
    // The spread widened by a relative margin on both sides.
    bool holds(double v, double relative_margin) const {
        return v >= low * (1.0 - relative_margin) && v <= high * (1.0 + relative_margin);
    }
};

inline Spread spread_of(const Table& table, const std::string& point, const std::string& value_column) {
    Spread s;
    const std::size_t p = table.column("point"), v = table.column(value_column);
    for (const auto& row : table.rows)
        if (row[p] == point) s.add(std::stod(row[v]));
    return s;
}

// With WATERNET_EA_SERIES_DIR set, the gauge series go to <dir>/<name>.csv (time_s, one column per gauge), for
// scripts/ea-benchmark.py to plot against the references. Off by default: tests write nothing.
inline void dump_series(const std::string& name, const std::vector<GaugeSeries>& gauges) {
    const char* dir = std::getenv("WATERNET_EA_SERIES_DIR");
    if (dir == nullptr || gauges.empty()) return;
    std::ofstream out(std::filesystem::path(dir) / (name + ".csv"));
    out << "time_s";
    for (const auto& g : gauges) out << ',' << g.name << "_m";
    out << '\n';
    for (std::size_t i = 0; i < gauges.front().time_s.size(); ++i) {
        out << gauges.front().time_s[i];
        for (const auto& g : gauges) out << ',' << g.depth_m[i];
        out << '\n';
    }
}

}  // namespace wn::test::ea
