#include "waternet/pipeline/flood_specs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "waternet/core/error.hpp"
#include "waternet/io/csv_table.hpp"

namespace wn {

namespace {

// A discharge: a constant "M3_PER_S" or a hydrograph "FILE.csv" (time_s,discharge_m3_per_s).
void parse_discharge(const std::string& source, const std::string& what, TimeSeries& discharge_m3_per_s,
                     std::optional<std::filesystem::path>& hydrograph) {
    if (source.ends_with(".csv")) {
        discharge_m3_per_s.points = read_time_series_csv(source, what + " hydrograph", "discharge_m3_per_s", true);
        hydrograph = source;
        return;
    }
    const double q = parse_spec_number(source, what + " discharge");
    if (q < 0.0 || q > 1e5) throw InputError(what + " discharge must be 0..100000 m3/s (got " + source + ")");
    discharge_m3_per_s.points = {{0.0, q}};
}

std::string describe_edge(const EdgeCondition& edge) {
    switch (edge.kind) {
        case EdgeKind::closed:
            return "closed";
        case EdgeKind::free_outflow:
            return "free";
        case EdgeKind::water_level:
            break;
    }
    const auto& points = edge.water_level_m.points;
    if (points.size() == 1) return fmt::format("level {:g} m", points.front().second);
    const auto [low, high] = std::minmax_element(points.begin(), points.end(),
                                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return fmt::format("level {:g}..{:g} m (series of {} values)", low->second, high->second, points.size());
}

}  // namespace

double parse_spec_number(const std::string& text, const std::string& what) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used != text.size() || !std::isfinite(v)) throw std::invalid_argument(text);
        return v;
    } catch (const std::exception&) {
        throw InputError(fmt::format("{}: '{}' is not a number", what, text));
    }
}

PointSpec parse_point_spec(const std::string& text, const std::string& what) {
    const auto colon = text.find(':');
    const auto comma = text.find(',', colon == std::string::npos ? 0 : colon);
    if (colon == std::string::npos || comma == std::string::npos)
        throw InputError(fmt::format("{} '{}' must look like NAME:X,Y (RD New metres)", what, text));
    return {text.substr(0, colon), parse_spec_number(text.substr(colon + 1, comma - colon - 1), what),
            parse_spec_number(text.substr(comma + 1), what)};
}

InflowSpec parse_inflow_spec(const std::string& text) {
    const auto last = text.rfind(':');
    if (last == std::string::npos || last == text.find(':'))
        throw InputError("inflow '" + text + "' must look like NAME:X,Y:DISCHARGE or NAME:X,Y:FILE.csv");
    InflowSpec inflow{parse_point_spec(text.substr(0, last), "inflow"), {}, {}};
    parse_discharge(text.substr(last + 1), "inflow", inflow.discharge_m3_per_s, inflow.hydrograph);
    return inflow;
}

EdgeInflowSpec parse_edge_inflow_spec(const std::string& text) {
    const std::string form =
        "edge inflow '" + text +
        "' must look like EDGE:FROM-TO:HYDROGRAPH.csv or EDGE:FROM-TO:M3_PER_S (EDGE is north, east, "
        "south or west; FROM-TO in RD New metres along the edge: y on west and east, x on north "
        "and south)";
    const auto first = text.find(':');
    const auto second = first == std::string::npos ? std::string::npos : text.find(':', first + 1);
    if (second == std::string::npos) throw InputError(form);
    const std::string range = text.substr(first + 1, second - first - 1);
    const auto dash = range.find('-', 1);  // from position 1: a leading '-' is a sign
    if (dash == std::string::npos) throw InputError(form);
    EdgeInflowSpec spec;
    spec.name = text.substr(0, second);
    try {
        spec.edge = edge_by_name(text.substr(0, first));
    } catch (const InputError& e) {
        throw InputError("edge inflow '" + text + "': " + e.what());
    }
    spec.from_m = parse_spec_number(range.substr(0, dash), "edge inflow '" + text + "': segment start");
    spec.to_m = parse_spec_number(range.substr(dash + 1), "edge inflow '" + text + "': segment end");
    parse_discharge(text.substr(second + 1), "edge inflow", spec.discharge_m3_per_s, spec.hydrograph);
    return spec;
}

EdgeCondition parse_edge_condition(const std::string& text) {
    EdgeCondition e;
    if (text == "closed") return e;
    if (text == "free") {
        e.kind = EdgeKind::free_outflow;
        return e;
    }
    if (text.starts_with("level:")) {
        e.kind = EdgeKind::water_level;
        const std::string source = text.substr(6);
        if (source.ends_with(".csv"))
            e.water_level_m.points = read_time_series_csv(source, "edge water level", "level_m", false);
        else
            e.water_level_m.points = {{0.0, parse_spec_number(source, "edge water level")}};
        return e;
    }
    throw InputError("edge condition '" + text + "' must be closed, free, level:METRES or level:FILE.csv");
}

std::array<EdgeCondition, 4> parse_edges(const std::string& all, const std::string& north, const std::string& east,
                                         const std::string& south, const std::string& west) {
    const EdgeCondition every = parse_edge_condition(all);
    std::array<EdgeCondition, 4> edges{every, every, every, every};
    const std::array<const std::string*, 4> given{&north, &east, &south, &west};  // in Edge order
    for (std::size_t e = 0; e < given.size(); ++e)
        if (!given[e]->empty()) edges[e] = parse_edge_condition(*given[e]);
    return edges;
}

std::string describe_edges(const std::array<EdgeCondition, 4>& edges) {
    std::array<std::string, 4> words;
    for (std::size_t e = 0; e < edges.size(); ++e) words[e] = describe_edge(edges[e]);
    if (std::all_of(words.begin(), words.end(), [&](const std::string& w) { return w == words[0]; }))
        return words[0] + " on all four edges";
    std::string text;
    for (std::size_t e = 0; e < edges.size(); ++e)
        text += fmt::format("{}{} {}", text.empty() ? "" : ", ", edge_name(static_cast<Edge>(e)), words[e]);
    return text;
}

}  // namespace wn
