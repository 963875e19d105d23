#include "waternet/hydro/rain.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"
#include "waternet/io/csv_table.hpp"

namespace wn {
namespace fs = std::filesystem;

namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kMmPerHourToMetresPerSecond = 1.0e-3 / kSecondsPerHour;
constexpr double kMaxConstantRainDurationS = 30.0 * 86400.0;

double to_mm_per_h(double m_per_s) { return m_per_s / kMmPerHourToMetresPerSecond; }

// Numbers in messages: short, as a person would write them (70, 5.83333, 0.001).
std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += separator;
        out += items[i];
    }
    return out;
}

// Time columns come in minutes (`_min`, what storm tables use) or seconds (`_s`, what loggers write).
struct TimeUnit {
    double seconds;
    const char* suffix;
};
constexpr std::array<TimeUnit, 2> kTimeUnits{{{60.0, "min"}, {1.0, "s"}}};
constexpr TimeUnit kMinutes = kTimeUnits[0];
constexpr TimeUnit kSeconds = kTimeUnits[1];

std::string time_text(double t_s, TimeUnit unit) { return number_text(t_s / unit.seconds) + " " + unit.suffix; }

// ---- Checks shared by the RainSeries constructor and the file readers, so each rule and its message exist once.
// Each returns what is wrong, or an empty string when nothing is.

// An interval [t0, t1) that must come after an earlier one ending at prev_end_s.
std::string interval_problem(double t0_s, double t1_s, double prev_end_s, TimeUnit unit) {
    if (!std::isfinite(t0_s) || !std::isfinite(t1_s)) return "a time is not a finite number";
    if (t0_s < 0.0) return "the interval starts at " + time_text(t0_s, unit) + ", before t = 0";
    // Events of the stress test last hours, a run at most 30 days (flood_job.hpp); a time beyond is a unit mistake.
    constexpr double kMaxTimeS = 30.0 * 86400.0;
    if (t1_s > kMaxTimeS) return "the interval ends at " + time_text(t1_s, unit) + ", later than 30 days";
    if (t1_s <= t0_s)
        return "the interval ends at " + time_text(t1_s, unit) + ", not after its start at " + time_text(t0_s, unit);
    if (t0_s < prev_end_s)
        return "the interval starts at " + time_text(t0_s, unit) + ", before the previous one ends at " +
               time_text(prev_end_s, unit) + " (times must increase)";
    return {};
}

std::string intensity_problem(double m_per_s) {
    if (!std::isfinite(m_per_s)) return "the intensity is not a finite number";
    const double mm_per_h = to_mm_per_h(m_per_s);
    if (m_per_s < 0.0) return "the intensity " + number_text(mm_per_h) + " mm/h is negative";
    // Compared in m/s: converting back to mm/h could turn exactly the limit into a hair above it.
    if (m_per_s > kMaxRainIntensityMmPerHour * kMmPerHourToMetresPerSecond)
        return "the intensity " + number_text(mm_per_h) + " mm/h is implausible (more than " +
               number_text(kMaxRainIntensityMmPerHour) + " mm/h); check the units";
    return {};
}

std::string step_problem(const RainSeries::Step& step, double prev_end_s, TimeUnit unit) {
    std::string problem = interval_problem(step.t_start_s, step.t_end_s, prev_end_s, unit);
    return problem.empty() ? intensity_problem(step.intensity_m_per_s) : problem;
}

// ---- The CSV tables (io/csv_table.hpp).

// The value in column `col` of `row`: a finite, non-negative number (no column in these files may be negative).
double number_at(const CsvTable& table, const CsvRow& row, std::size_t col) {
    const double value = table.number(row, col);
    if (value < 0.0) table.fail(row, col, row.fields[col] + " is negative");
    return value;
}

std::vector<std::string> header_list(std::initializer_list<const char*> layouts) {
    std::vector<std::string> out;
    for (TimeUnit unit : kTimeUnits)
        for (std::string layout : layouts) {
            // Each layout is written with "{u}" where the time unit goes.
            for (auto at = layout.find("{u}"); at != std::string::npos; at = layout.find("{u}"))
                layout.replace(at, 3, unit.suffix);
            out.push_back(std::move(layout));
        }
    return out;
}

// Storm names, as documented; the table in data/rain holds all but the NL* ones.
const std::vector<std::string>& storm_names() {
    static const std::vector<std::string> names{"Bui01", "Bui02",    "Bui03",    "Bui04",     "Bui05",   "Bui06",
                                                "Bui07", "Bui08",    "Bui09",    "Bui10",     "T100",    "T250",
                                                "T1000", "T100_48h", "T250_48h", "T1000_48h", "NL70_2h", "NL140_2h"};
    return names;
}

// Klimaateffectatlas base-map storms: a depth over 2 hours at a constant rate. Return periods: the atlas' own
// reading of them for today's climate, 70 mm in 2 h about once in 100 years and 140 mm in 2 h about once in 1000
// years (Klimaateffectatlas, "Water op straat" basiskaart; ../shared/reference/stresstest-nl.md).
struct ConstantStorm {
    const char* name;
    double depth_mm;
    double duration_s;
    double return_period_years;
};
constexpr std::array<ConstantStorm, 2> kConstantStorms{
    {{"NL70_2h", 70.0, 7200.0, 100.0}, {"NL140_2h", 140.0, 7200.0, 1000.0}}};

}  // namespace

// ---------------------------------------------------------------------------------------------- RainSeries

RainSeries::RainSeries(std::string name, std::vector<Step> steps) : name_(std::move(name)), steps_(std::move(steps)) {
    double prev_end_s = 0.0;
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const std::string problem = step_problem(steps_[i], prev_end_s, kSeconds);
        if (!problem.empty())
            throw InputError("rain series '" + name_ + "', step " + std::to_string(i + 1) + ": " + problem);
        prev_end_s = steps_[i].t_end_s;
    }
}

double RainSeries::intensity_m_per_s(double t_s) const {
    // The first step that ends after t; it holds t if it has already started.
    const auto it = std::upper_bound(steps_.begin(), steps_.end(), t_s,
                                     [](double t, const Step& step) { return t < step.t_end_s; });
    return (it != steps_.end() && it->t_start_s <= t_s) ? it->intensity_m_per_s : 0.0;
}

double RainSeries::depth_m(double t0_s, double t1_s) const {
    if (!(t0_s <= t1_s))
        throw std::invalid_argument("RainSeries::depth_m: interval [" + number_text(t0_s) + ", " + number_text(t1_s) +
                                    "] is reversed or NaN");
    // Sum intensity × overlap over the steps that overlap [t0, t1]: exact for a piecewise-constant series.
    double depth = 0.0;
    auto it = std::upper_bound(steps_.begin(), steps_.end(), t0_s,
                               [](double t, const Step& step) { return t < step.t_end_s; });
    for (; it != steps_.end() && it->t_start_s < t1_s; ++it)
        depth += it->intensity_m_per_s * (std::min(t1_s, it->t_end_s) - std::max(t0_s, it->t_start_s));
    return depth;
}

double RainSeries::duration_s() const {
    const auto last_wet =
        std::find_if(steps_.rbegin(), steps_.rend(), [](const Step& s) { return s.intensity_m_per_s > 0.0; });
    return last_wet == steps_.rend() ? 0.0 : last_wet->t_end_s;
}

double RainSeries::total_depth_m() const {
    double depth = 0.0;
    for (const Step& s : steps_) depth += s.intensity_m_per_s * (s.t_end_s - s.t_start_s);
    return depth;
}

double RainSeries::peak_intensity_m_per_s() const {
    double peak = 0.0;
    for (const Step& s : steps_) peak = std::max(peak, s.intensity_m_per_s);
    return peak;
}

RainSeries RainSeries::scaled(double factor) const {
    if (!std::isfinite(factor) || factor < 0.0)
        throw InputError("rain factor " + number_text(factor) + " for '" + name_ + "' must be a finite number >= 0");
    std::vector<Step> steps = steps_;
    for (Step& s : steps) s.intensity_m_per_s *= factor;
    return RainSeries(name_ + " x" + number_text(factor), std::move(steps));
}

// ---------------------------------------------------------------------------------------------- storms

std::vector<std::string> standard_storm_names() { return storm_names(); }

RainSeries constant_rain(double intensity_mm_per_h, double duration_s) {
    const std::string problem = intensity_problem(intensity_mm_per_h * kMmPerHourToMetresPerSecond);
    if (!problem.empty()) throw InputError("constant rain: " + problem);
    if (!(duration_s > 0.0 && duration_s <= kMaxConstantRainDurationS))
        throw InputError("constant rain: the duration " + number_text(duration_s) +
                         " s must be more than 0 and at most 30 days");
    return RainSeries("constant " + number_text(intensity_mm_per_h) + " mm/h for " + number_text(duration_s) + " s",
                      {{0.0, duration_s, intensity_mm_per_h * kMmPerHourToMetresPerSecond}});
}

RainSeries standard_storm(std::string_view name, const fs::path& storms_csv) {
    const std::string wanted = lowercase(trim(name));
    const auto& names = storm_names();
    const auto known =
        std::find_if(names.begin(), names.end(), [&](const std::string& n) { return lowercase(n) == wanted; });
    if (known == names.end())
        throw InputError("unknown standard storm '" + std::string(name) + "'; valid names are: " + join(names, ", "));
    const std::string& canonical = *known;

    for (const ConstantStorm& storm : kConstantStorms)
        if (canonical == storm.name) {
            const double intensity_mm_per_h = storm.depth_mm / (storm.duration_s / kSecondsPerHour);
            return RainSeries(canonical, constant_rain(intensity_mm_per_h, storm.duration_s).steps());
        }

    const CsvTable table = read_csv_table(storms_csv, "design storm table");
    std::array<std::size_t, 5> col{};
    const std::array<const char*, 5> required{"storm", "t_start_min", "t_end_min", "depth_mm", "intensity_mm_per_h"};
    for (std::size_t i = 0; i < required.size(); ++i) {
        const auto found = table.column(required[i]);
        if (!found) table.fail(table.header_line, std::string("the header has no column '") + required[i] + "'");
        col[i] = *found;
    }

    std::vector<RainSeries::Step> steps;
    double prev_end_s = 0.0;
    for (const CsvRow& row : table.rows) {
        if (lowercase(row.fields[col[0]]) != wanted) continue;
        const double t0_s = number_at(table, row, col[1]) * kMinutes.seconds;
        const double t1_s = number_at(table, row, col[2]) * kMinutes.seconds;
        const double depth_mm = number_at(table, row, col[3]);
        const double listed_mm_per_h = number_at(table, row, col[4]);
        // Published storms are depths per step, so the depth is used; the intensity column is derived from it,
        // and a disagreement beyond rounding means the table was mis-edited.
        const double mm_per_h = t1_s > t0_s ? depth_mm / ((t1_s - t0_s) / kSecondsPerHour) : 0.0;
        const RainSeries::Step step{t0_s, t1_s, mm_per_h * kMmPerHourToMetresPerSecond};
        const std::string problem = step_problem(step, prev_end_s, kMinutes);
        if (!problem.empty()) table.fail(row.line, problem);
        if (std::abs(mm_per_h - listed_mm_per_h) > 1e-4 * std::max(1.0, mm_per_h))
            table.fail(row.line, "depth_mm " + row.fields[col[3]] + " over the step is " + number_text(mm_per_h) +
                                     " mm/h, but intensity_mm_per_h says " + row.fields[col[4]]);
        steps.push_back(step);
        prev_end_s = t1_s;
    }
    if (steps.empty())
        throw InputError("design storm table " + storms_csv.string() + " has no rows for storm '" + canonical + "'");
    return RainSeries(canonical, std::move(steps));
}

double standard_storm_return_period_years(std::string_view name, const fs::path& storms_csv) {
    const std::string canonical = standard_storm(name, storms_csv).name();  // InputError for an unknown name
    for (const ConstantStorm& storm : kConstantStorms)
        if (canonical == storm.name) return storm.return_period_years;
    const CsvTable table = read_csv_table(storms_csv, "design storm table");
    const auto storm_col = table.column("storm"), years_col = table.column("return_period_years");
    if (!storm_col || !years_col)
        table.fail(table.header_line, "the header needs the columns 'storm' and 'return_period_years'");
    for (const CsvRow& row : table.rows)
        if (row.fields[*storm_col] == canonical) {
            const double years = number_at(table, row, *years_col);
            if (!(years > 0.0)) table.fail(row.line, "return_period_years must be more than 0");
            return years;
        }
    throw InputError("design storm table " + storms_csv.string() + " has no rows for storm '" + canonical + "'");
}

// ---------------------------------------------------------------------------------------------- user files

RainSeries read_rain_csv(const fs::path& csv) {
    const CsvTable table = read_csv_table(csv, "rain series");

    // Which of the accepted layouts is this? Column indices of start/end (or instant) time and value.
    enum class Layout { intervals_intensity, intervals_depth, instants_intensity };
    std::optional<Layout> layout;
    TimeUnit unit = kSeconds;
    std::size_t c_start = 0, c_end = 0, c_value = 0;
    for (TimeUnit u : kTimeUnits) {
        const std::string sfx = std::string("_") + u.suffix;
        const auto start = table.column("t_start" + sfx), end = table.column("t_end" + sfx);
        const auto time = table.column("time" + sfx);
        const auto intensity = table.column("intensity_mm_per_h"), depth = table.column("depth_mm");
        if (table.header.size() == 3 && start && end && (intensity || depth)) {
            layout = intensity ? Layout::intervals_intensity : Layout::intervals_depth;
            c_start = *start, c_end = *end, c_value = intensity ? *intensity : *depth;
        } else if (table.header.size() == 2 && time && intensity) {
            layout = Layout::instants_intensity;
            c_start = *time, c_value = *intensity;
        }
        if (layout) {
            unit = u;
            break;
        }
    }
    if (!layout)
        table.fail(table.header_line,
                   "unknown header '" + join(table.header, ",") + "'; expected one of: " +
                       join(header_list({"t_start_{u},t_end_{u},intensity_mm_per_h", "t_start_{u},t_end_{u},depth_mm",
                                         "time_{u},intensity_mm_per_h"}),
                            " | "));

    std::vector<RainSeries::Step> steps;
    double prev_end_s = 0.0;
    auto add_step = [&](const CsvRow& row, RainSeries::Step step) {
        const std::string problem = step_problem(step, prev_end_s, unit);
        if (!problem.empty()) table.fail(row.line, problem);
        steps.push_back(step);
        prev_end_s = step.t_end_s;
    };

    if (*layout == Layout::instants_intensity) {
        // Row i's intensity holds from its time until row i+1's time; the last row only marks the end.
        const std::size_t n = table.rows.size();
        std::vector<double> times_s(n);
        for (std::size_t i = 0; i < n; ++i) {
            times_s[i] = number_at(table, table.rows[i], c_start) * unit.seconds;
            if (i > 0 && times_s[i] <= times_s[i - 1])
                table.fail(table.rows[i].line, "time " + time_text(times_s[i], unit) +
                                                   " is not after the previous row's " +
                                                   time_text(times_s[i - 1], unit) + " (times must increase)");
        }
        for (std::size_t i = 0; i + 1 < n; ++i)
            add_step(table.rows[i], {times_s[i], times_s[i + 1],
                                     number_at(table, table.rows[i], c_value) * kMmPerHourToMetresPerSecond});
        const CsvRow& last = table.rows.back();
        if (number_at(table, last, c_value) != 0.0)
            table.fail(last.line,
                       "the last row has intensity " + last.fields[c_value] +
                           " mm/h but nothing says when it ends; add a final row with intensity 0 at the end time, "
                           "or use t_start/t_end columns");
    } else {
        for (const CsvRow& row : table.rows) {
            const double t0_s = number_at(table, row, c_start) * unit.seconds;
            const double t1_s = number_at(table, row, c_end) * unit.seconds;
            double mm_per_h = number_at(table, row, c_value);
            if (*layout == Layout::intervals_depth && t1_s > t0_s) mm_per_h /= (t1_s - t0_s) / kSecondsPerHour;
            add_step(row, {t0_s, t1_s, mm_per_h * kMmPerHourToMetresPerSecond});
        }
    }
    return RainSeries(csv.filename().string(), std::move(steps));
}

std::vector<RainRasterFrame> read_rain_raster_list(const fs::path& csv) {
    const CsvTable table = read_csv_table(csv, "rain raster list");
    std::optional<TimeUnit> unit;
    std::size_t c_start = 0, c_end = 0, c_raster = 0;
    for (TimeUnit u : kTimeUnits) {
        const std::string sfx = std::string("_") + u.suffix;
        const auto start = table.column("t_start" + sfx), end = table.column("t_end" + sfx);
        const auto raster = table.column("raster");
        if (table.header.size() == 3 && start && end && raster) {
            unit = u;
            c_start = *start, c_end = *end, c_raster = *raster;
            break;
        }
    }
    if (!unit)
        table.fail(table.header_line, "unknown header '" + join(table.header, ",") + "'; expected one of: " +
                                          join(header_list({"t_start_{u},t_end_{u},raster"}), " | "));

    const fs::path folder = csv.parent_path();
    std::vector<RainRasterFrame> frames;
    double prev_end_s = 0.0;
    for (const CsvRow& row : table.rows) {
        const double t0_s = number_at(table, row, c_start) * unit->seconds;
        const double t1_s = number_at(table, row, c_end) * unit->seconds;
        const std::string problem = interval_problem(t0_s, t1_s, prev_end_s, *unit);
        if (!problem.empty()) table.fail(row.line, problem);
        const std::string& listed = row.fields[c_raster];
        if (listed.empty()) table.fail(row.line, "the raster path is empty");
        const fs::path raster = (folder / listed).lexically_normal();  // an absolute path stays as it is
        std::error_code ec;
        if (!fs::is_regular_file(raster, ec))
            table.fail(row.line, "raster '" + listed + "' (" + raster.string() + ") does not exist or is not a file");
        frames.push_back({t0_s, t1_s, raster});
        prev_end_s = t1_s;
    }
    return frames;
}

}  // namespace wn
