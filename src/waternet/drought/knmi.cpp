#include "waternet/drought/knmi.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "waternet/core/error.hpp"
#include "waternet/io/text_file.hpp"

namespace wn::drought {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(
            trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return fields;
}

struct Columns {
    int stn = -1, date = -1, hour = -1, t = -1, rh = -1, q = -1, fh = -1, u = -1, dd = -1;
    std::size_t count = 0;
};

Columns find_columns(const std::vector<std::string_view>& names, const std::string& where) {
    Columns c;
    c.count = names.size();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string_view n = names[i];
        const int idx = static_cast<int>(i);
        if (n == "STN")
            c.stn = idx;
        else if (n == "YYYYMMDD")
            c.date = idx;
        else if (n == "HH")
            c.hour = idx;
        else if (n == "T")
            c.t = idx;
        else if (n == "RH")
            c.rh = idx;
        else if (n == "Q")
            c.q = idx;
        else if (n == "FH")
            c.fh = idx;
        else if (n == "U")
            c.u = idx;
        else if (n == "DD")
            c.dd = idx;
    }
    std::string missing;
    for (const auto& [index, name] : {std::pair{c.date, "YYYYMMDD"}, std::pair{c.hour, "HH"}, std::pair{c.t, "T"},
                                      std::pair{c.rh, "RH"}, std::pair{c.q, "Q"}})
        if (index < 0) missing += std::string(missing.empty() ? "" : ", ") + name;
    if (!missing.empty())
        throw InputError(
            fmt::format("{}: the column header lacks required KNMI column(s) {} (need YYYYMMDD, HH, T, "
                        "RH, Q; download hourly data with these variables)",
                        where, missing));
    return c;
}

// An integer value, or nullopt for an empty field.
std::optional<long> parse_int(std::string_view field, std::string_view column, const std::string& where) {
    if (field.empty()) return std::nullopt;
    long value = 0;
    const char* end = field.data() + field.size();
    const auto [ptr, ec] = std::from_chars(field.data(), end, value);
    if (ec != std::errc() || ptr != end)
        throw InputError(
            fmt::format("{}: column {} holds '{}', not an integer (KNMI values are integers in "
                        "their units, empty for missing)",
                        where, column, field));
    return value;
}

std::optional<double> scaled(std::optional<long> v, double factor) {
    if (!v) return std::nullopt;
    return static_cast<double>(*v) * factor;
}

// Plausible bounds of each KNMI hourly variable, in the units after scaling. KNMI publishes the units (hourly data
// description, KNMI Daggegevens/Uurgegevens), not bounds; these are physical envelopes, wide enough for any Dutch
// record: T -50..50 °C (Dutch records -27.4 and 40.7 °C); rain 0..300 mm in an hour (Dutch record about 80 mm);
// Q 0..500 J/cm² in an hour (the solar constant, 1361 W/m², gives 490); FH 0..75 m/s; U 0..100 %.
// A value outside is an error in the file (99999999-style fill values, a shifted column), never a figure to use.
struct Bounds {
    const char* column;
    double low, high;
    const char* unit;
};
constexpr Bounds kTemperature{"T", -50.0, 50.0, "°C"}, kRain{"RH", 0.0, 300.0, "mm"},
    kRadiation{"Q", 0.0, 500.0, "J/cm²"}, kWind{"FH", 0.0, 75.0, "m/s"}, kHumidity{"U", 0.0, 100.0, "%"};

std::optional<double> checked(std::optional<double> value, const Bounds& b, const std::string& where) {
    if (value && !(*value >= b.low && *value <= b.high))
        throw InputError(
            fmt::format("{}: {} = {:g} {} is outside the plausible {:g} .. {:g} {} (a fill value or a "
                        "shifted column?)",
                        where, b.column, *value, b.unit, b.low, b.high, b.unit));
    return value;
}

bool is_header(std::string_view content) {
    const auto fields = split(content);
    for (const auto f : fields)
        if (f == "YYYYMMDD") return true;
    return false;
}

}  // namespace

std::string iso_date(Date date) {
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

KnmiHourly parse_knmi_hourly(std::string_view text, std::string source, const ReadOptions& options) {
    if (!(options.trace_rain_mm >= 0.0 && options.trace_rain_mm < 0.05))
        throw InputError(fmt::format("trace rain amount {} mm is outside [0, 0.05)", options.trace_rain_mm));
    KnmiHourly out;
    out.source = std::move(source);
    std::optional<Columns> columns;
    std::set<std::pair<int, int>> seen;  // (days since epoch, hour)
    std::size_t line_number = 0;
    std::size_t pos = 0;
    bool any_content = false;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        const std::string_view line = trim(text.substr(pos, eol - pos));
        pos = eol + 1;
        ++line_number;
        if (line.empty()) {
            if (eol == text.size()) break;
            continue;
        }
        any_content = true;
        const std::string where = fmt::format("{} line {}", out.source, line_number);
        if (line.front() == '#') {
            const std::string_view content = trim(line.substr(1));
            if (!columns && is_header(content)) columns = find_columns(split(content), where);
            continue;
        }
        if (!columns) {
            if (is_header(line)) {
                columns = find_columns(split(line), where);
                continue;
            }
            throw InputError(
                fmt::format("{}: data before the column header (expected a line like '# STN,YYYYMMDD,"
                            "HH,...,T,...,Q,...,RH,...'); is this a KNMI hourly file?",
                            where));
        }
        const auto fields = split(line);
        if (fields.size() != columns->count)
            throw InputError(
                fmt::format("{}: {} values, but the header names {} columns", where, fields.size(), columns->count));
        const auto col = [&](int index) { return fields[static_cast<std::size_t>(index)]; };
        const std::optional<long> ymd = parse_int(col(columns->date), "YYYYMMDD", where);
        const std::optional<long> hh = parse_int(col(columns->hour), "HH", where);
        if (!ymd || !hh) throw InputError(fmt::format("{}: YYYYMMDD and HH must not be empty", where));
        const Date date{std::chrono::year{static_cast<int>(*ymd / 10000)},
                        std::chrono::month{static_cast<unsigned>(*ymd / 100 % 100)},
                        std::chrono::day{static_cast<unsigned>(*ymd % 100)}};
        if (*ymd < 0 || !date.ok()) throw InputError(fmt::format("{}: '{}' is not a date YYYYMMDD", where, *ymd));
        if (*hh < 1 || *hh > 24)
            throw InputError(fmt::format("{}: HH = {} is outside 1..24 (KNMI's hour ending the interval)", where, *hh));
        const int day_number = std::chrono::sys_days(date).time_since_epoch().count();
        if (!seen.emplace(day_number, static_cast<int>(*hh)).second)
            throw InputError(fmt::format("{}: hour {} of {} appears twice", where, *hh, iso_date(date)));

        HourlyRecord r;
        r.date = date;
        r.hour = static_cast<int>(*hh);
        r.temperature_c = checked(scaled(parse_int(col(columns->t), "T", where), 0.1), kTemperature, where);
        const std::optional<long> rh = parse_int(col(columns->rh), "RH", where);
        if (rh) {
            if (*rh == -1) {
                r.rain_trace = true;
                r.rain_mm = options.trace_rain_mm;
            } else if (*rh < 0) {
                throw InputError(fmt::format("{}: RH = {} (rain must be >= 0, or -1 for < 0.05 mm)", where, *rh));
            } else {
                r.rain_mm = checked(static_cast<double>(*rh) * 0.1, kRain, where);
            }
        }
        r.radiation_j_per_cm2 = checked(scaled(parse_int(col(columns->q), "Q", where), 1.0), kRadiation, where);
        if (columns->fh >= 0)
            r.wind_m_per_s = checked(scaled(parse_int(col(columns->fh), "FH", where), 0.1), kWind, where);
        if (columns->u >= 0)
            r.relative_humidity_pct = checked(scaled(parse_int(col(columns->u), "U", where), 1.0), kHumidity, where);
        if (columns->dd >= 0) {
            const std::optional<long> dd = parse_int(col(columns->dd), "DD", where);
            if (dd && !(*dd == 990 || (*dd >= 0 && *dd <= 360)))
                throw InputError(
                    fmt::format("{}: DD = {} is not a wind direction (0..360 degrees, 990 = variable)", where, *dd));
            if (dd && *dd >= 1 && *dd <= 360) r.wind_direction_deg = static_cast<double>(*dd % 360);
            r.wind_calm_or_variable = dd && (*dd == 0 || *dd == 990);
        }
        if (columns->stn >= 0 && out.hours.empty()) {
            const std::optional<long> stn = parse_int(col(columns->stn), "STN", where);
            out.station = stn ? static_cast<int>(*stn) : 0;
        }
        out.hours.push_back(r);
        if (eol == text.size()) break;
    }
    if (!any_content) throw InputError(fmt::format("{}: the file is empty", out.source));
    if (!columns)
        throw InputError(fmt::format("{}: no column header (a line naming STN,YYYYMMDD,HH,...) was found", out.source));
    if (out.hours.empty()) throw InputError(fmt::format("{}: the file has a header but no hourly values", out.source));
    return out;
}

KnmiHourly read_knmi_hourly(const std::filesystem::path& path, const ReadOptions& options) {
    return parse_knmi_hourly(read_text_file(path, "KNMI hourly file"), path.string(), options);
}

}  // namespace wn::drought
