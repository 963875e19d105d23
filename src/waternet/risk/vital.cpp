#include "waternet/risk/vital.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "waternet/core/error.hpp"

namespace wn::risk {

namespace {

constexpr std::array<VitalCategoryInfo, 13> kNational{{
    {VitalCategory::kElectricity, "electricity", "electricity", "elektriciteit"},
    {VitalCategory::kGas, "gas", "gas", "gas"},
    {VitalCategory::kOil, "oil", "oil", "olie"},
    {VitalCategory::kTelecom, "telecom", "telecom", "telecommunicatie"},
    {VitalCategory::kIct, "ict", "ICT", "ICT"},
    {VitalCategory::kDrinkingWater, "drinking_water", "drinking water", "drinkwater"},
    {VitalCategory::kWasteWater, "waste_water", "waste water", "afvalwater"},
    {VitalCategory::kHealthCare, "health_care", "health care", "gezondheidszorg"},
    {VitalCategory::kSurfaceWaterManagement, "surface_water_management", "surface-water management",
     "oppervlaktewaterbeheer"},
    {VitalCategory::kMainTransport, "main_transport", "main transport", "hoofdtransport"},
    {VitalCategory::kChemical, "chemical", "chemical", "chemie"},
    {VitalCategory::kNuclear, "nuclear", "nuclear", "nucleair"},
    {VitalCategory::kInfectiousSubstances, "infectious_substances", "infectious substances", "infectieuze stoffen"},
}};

// Other names people write in a category column.
struct Alias {
    std::string_view name;
    VitalCategory category;
};
constexpr std::array<Alias, 8> kAliases{{
    {"telecommunications", VitalCategory::kTelecom},
    {"wastewater", VitalCategory::kWasteWater},
    {"healthcare", VitalCategory::kHealthCare},
    {"zorg", VitalCategory::kHealthCare},
    {"waterbeheer", VitalCategory::kSurfaceWaterManagement},
    {"hoofdvervoer", VitalCategory::kMainTransport},
    {"chemicals", VitalCategory::kChemical},
    {"infectueuze stoffen", VitalCategory::kInfectiousSubstances},  // a common misspelling
}};

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

// Lower case, with '_' and '-' read as spaces and runs of spaces collapsed.
std::string normalized(std::string_view s) {
    std::string out;
    for (const char ch : trim(s)) {
        char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (c == '_' || c == '-' || c == '\t') c = ' ';
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out.push_back(c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

inline float max_depth(float a, float b) { return std::isnan(a) ? b : (std::isnan(b) ? a : std::max(a, b)); }

}  // namespace

std::span<const VitalCategoryInfo> national_vital_categories() { return kNational; }

std::string VitalCategoryRef::key() const {
    if (category == VitalCategory::kLocal) return "local:" + local_name;
    return std::string(kNational[static_cast<std::size_t>(category)].key);
}

std::string VitalCategoryRef::english() const {
    if (category == VitalCategory::kLocal) return local_name;
    return std::string(kNational[static_cast<std::size_t>(category)].english);
}

std::string VitalCategoryRef::dutch() const {
    if (category == VitalCategory::kLocal) return local_name;
    return std::string(kNational[static_cast<std::size_t>(category)].dutch);
}

VitalCategoryRef parse_vital_category(std::string_view text) {
    const std::string_view trimmed = trim(text);
    if (trimmed.size() >= 6 && normalized(trimmed.substr(0, 6)) == "local:") {
        const std::string_view name = trim(trimmed.substr(6));
        if (name.empty())
            throw InputError("vital category \"" + std::string(text) +
                             "\": local: needs a name, e.g. local:zorginstelling");
        return {VitalCategory::kLocal, std::string(name)};
    }
    const std::string wanted = normalized(trimmed);
    for (const VitalCategoryInfo& info : kNational)
        if (wanted == normalized(info.key) || wanted == normalized(info.english) || wanted == normalized(info.dutch))
            return {info.category, {}};
    for (const Alias& alias : kAliases)
        if (wanted == alias.name) return {alias.category, {}};

    std::string valid;
    for (const VitalCategoryInfo& info : kNational) {
        if (!valid.empty()) valid += ", ";
        valid += std::string(info.key) + " (" + std::string(info.dutch) + ")";
    }
    throw InputError("unknown vital category \"" + std::string(text) + "\"; valid are: " + valid +
                     ", or local:<name> for a region's own category");
}

PointExposure point_exposure(GridView<const float> depth_m, const GeoTransform& transform, MapPoint point,
                             double radius_m) {
    if (!std::isfinite(point.x) || !std::isfinite(point.y))
        throw InputError("vital object: the point's coordinates are not finite numbers");
    if (!(radius_m >= 0.0) || !std::isfinite(radius_m))
        throw InputError("vital object: the search radius must be a finite number >= 0 m");
    if (!(transform.cell_size_m > 0.0)) throw InputError("vital object: the depth grid has no valid cell size");

    PointExposure out;
    const index_t row = transform.row_of(point.y), col = transform.col_of(point.x);
    out.inside_grid = depth_m.contains(row, col);
    auto read = [&](index_t r, index_t c) {
        const float d = depth_m(r, c);
        if (std::isnan(d)) return;
        ++out.cells_read;
        out.depth_m = max_depth(out.depth_m, d);
    };
    if (out.inside_grid) read(row, col);
    if (radius_m > 0.0) {
        const auto reach = static_cast<index_t>(std::ceil(radius_m / transform.cell_size_m)) + 1;
        const double r2 = radius_m * radius_m;
        for (index_t r = std::max<index_t>(0, row - reach); r <= std::min(depth_m.rows() - 1, row + reach); ++r)
            for (index_t c = std::max<index_t>(0, col - reach); c <= std::min(depth_m.cols() - 1, col + reach); ++c) {
                if (r == row && c == col) continue;
                const double ex = transform.cell_center_x(c) - point.x, ey = transform.cell_center_y(r) - point.y;
                if (ex * ex + ey * ey <= r2) read(r, c);
            }
    }
    return out;
}

std::vector<float> polygon_exposure(GridView<const float> depth_m, GridView<const std::int32_t> object_ids,
                                    std::int32_t object_count, int ring_width_cells,
                                    std::span<const GridCell> representative_points) {
    FacadeOptions options;
    options.ring_width_cells = ring_width_cells;
    const std::vector<FacadeExposure> exposures =
        facade_exposure(depth_m, object_ids, object_count, options, representative_points);
    std::vector<float> out(exposures.size());
    for (std::size_t i = 0; i < exposures.size(); ++i) {
        const FacadeExposure& e = exposures[i];
        // Unlike buildings, these polygons are usually not walls in the flood model: water inside counts too.
        out[i] = max_depth(e.max_depth_m, e.footprint_max_depth_m);
    }
    return out;
}

int highest_threshold_exceeded(float depth_m, std::span<const double> thresholds_m) {
    for (std::size_t i = 0; i < thresholds_m.size(); ++i) {
        if (!std::isfinite(thresholds_m[i])) throw InputError("depth thresholds must be finite numbers");
        if (i > 0 && !(thresholds_m[i] > thresholds_m[i - 1]))
            throw InputError("depth thresholds must be strictly increasing");
    }
    if (std::isnan(depth_m)) return -1;
    int highest = -1;
    for (std::size_t i = 0; i < thresholds_m.size(); ++i)
        if (depth_m > static_cast<float>(thresholds_m[i])) highest = static_cast<int>(i);
    return highest;
}

}  // namespace wn::risk
