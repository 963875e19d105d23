// The text forms of a flood run's points, inflows and edges, as `waternet flood` takes them on its command line and
// the region file takes its `edges`: one parser each, so that every way in reads them alike. Hydrographs and
// water-level series are CSV tables "time_s,<value>" (io/csv_table.hpp, read_time_series_csv). Every problem is an
// InputError that quotes the text and shows the form it should have.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "waternet/hydro/flood_engine.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn {

// The edge condition every command uses unless told otherwise (docs/flood-engine.md, "Edges, inflows, gauges"): free outflow, water
// leaves where the terrain falls towards the edge. A closed box would keep every drop of a long storm.
inline constexpr std::string_view kDefaultEdgeSpec = "free";

// A finite number, the whole text; InputError "<what>: '<text>' is not a number" otherwise.
double parse_spec_number(const std::string& text, const std::string& what);

// "NAME:X,Y" → a named RD New coordinate. `what` names it in messages ("gauge", "inflow").
PointSpec parse_point_spec(const std::string& text, const std::string& what);

// "NAME:X,Y:M3_PER_S" (a constant discharge, 0..100000 m³/s) or "NAME:X,Y:FILE.csv" (time_s,discharge_m3_per_s).
InflowSpec parse_inflow_spec(const std::string& text);

// "EDGE:FROM-TO:M3_PER_S" or "EDGE:FROM-TO:FILE.csv": an edge (north, east, south, west), the segment along it in RD
// New metres (y on the west and east edges, x on the north and south edges) and the total discharge over it.
// Whether the segment lies on the edge is checked by the job, which knows the grid (locate_edge_inflow).
EdgeInflowSpec parse_edge_inflow_spec(const std::string& text);

// "closed", "free", "level:METRES" or "level:FILE.csv" (time_s,level_m: a level that changes in time).
EdgeCondition parse_edge_condition(const std::string& text);

// The four edges: `all` for each, then the ones given per edge (an empty text keeps `all`).
std::array<EdgeCondition, 4> parse_edges(const std::string& all, const std::string& north, const std::string& east,
                                         const std::string& south, const std::string& west);

// The four edges in words for messages and provenance: "free on all four edges", or per edge
// "north free, east closed, south level 1.2 m, west level 0.5..1.4 m (series of 12 values)".
std::string describe_edges(const std::array<EdgeCondition, 4>& edges);

}  // namespace wn
