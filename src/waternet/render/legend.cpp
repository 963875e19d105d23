#include "waternet/render/legend.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "waternet/core/error.hpp"

namespace wn::render {
namespace {

constexpr Rgba rgb(unsigned hex) {
    return {static_cast<std::uint8_t>(hex >> 16), static_cast<std::uint8_t>(hex >> 8), static_cast<std::uint8_t>(hex),
            255};
}

// Classes from their bounds: bounds[i] .. bounds[i+1], the last one open-ended (its upper bound is only
// written to QGIS styles and legends, never used to decide a colour).
Legend make(std::string id, std::string title, std::string unit, const std::vector<double>& bounds,
            const std::vector<Rgba>& colours, const std::vector<std::string>& labels,
            Interpolation interpolation = Interpolation::discrete) {
    Legend legend{std::move(id), std::move(title), std::move(unit), {}, interpolation};
    for (std::size_t i = 0; i < colours.size(); ++i)
        legend.classes.push_back({bounds[i], bounds[i + 1], colours[i], labels[i]});
    return legend;
}

std::map<std::string, Legend, std::less<>> build_legends() {
    std::map<std::string, Legend, std::less<>> all;
    auto add = [&](Legend legend) {
        validate(legend);
        all.emplace(legend.id, std::move(legend));
    };
    // Blues (ColorBrewer "Blues", light to dark); below 5 cm transparent as on the national map.
    add(make("depth_m", "Water depth", "m", {0.05, 0.10, 0.15, 0.20, 0.30, 0.50, 1.00, 2.00},
             {rgb(0xc6dbef), rgb(0x9ecae1), rgb(0x6baed6), rgb(0x4292c6), rgb(0x2171b5), rgb(0x08519c), rgb(0x08306b)},
             {"5–10 cm", "10–15 cm", "15–20 cm", "20–30 cm", "30–50 cm", "50–100 cm", "> 100 cm"}));
    // A regional model (pipeline/area_detail.hpp: 25 m cells or coarser, its depths rounded to 0.1 m) in decimetre
    // classes from 10 cm: a finer class would claim a precision a 100 m cell lacks. The street legend's blues at the
    // same depths, so the two maps read alike where they meet. The title says what the map can show.
    add(make("depth_regional_m", "Water depth, regional model: where water collects, not the depth in a street", "m",
             {0.10, 0.20, 0.30, 0.50, 1.00, 2.00},
             {rgb(0x9ecae1), rgb(0x4292c6), rgb(0x2171b5), rgb(0x08519c), rgb(0x08306b)},
             {"1–2 dm", "2–3 dm", "3–5 dm", "5–10 dm", "> 10 dm"}));
    add(make("velocity_m_per_s", "Flow velocity", "m/s", {0.10, 0.25, 0.50, 1.00, 2.00, 5.00},
             {rgb(0xffffb2), rgb(0xfecc5c), rgb(0xfd8d3c), rgb(0xf03b20), rgb(0xbd0026)},
             {"0.10–0.25 m/s", "0.25–0.5 m/s", "0.5–1 m/s", "1–2 m/s", "> 2 m/s"}));
    add(make("duration_h", "Duration of standing water", "h", {0.25, 1, 2, 6, 12, 24, 72},
             {rgb(0xdadaeb), rgb(0xbcbddc), rgb(0x9e9ac8), rgb(0x807dba), rgb(0x6a51a3), rgb(0x4a1486)},
             {"15 min – 1 h", "1–2 h", "2–6 h", "6–12 h", "12–24 h", "> 24 h"}));
    // The hazard rating to people HR = d (v + 0.5) + DF of Defra/Environment Agency, "Flood risks to people, phase 2",
    // R&D technical report FD2320/TR2 (2006), as the engine computes it (hydro/local_inertial.hpp): depth alone
    // scores too (still water 1.9 m deep: 1.9 × 0.5 + 1 = 1.95), so the title says the formula, not "depth and
    // velocity". Classes and their names as FD2320/TR2's hazard-to-people classes: below 0.75 low (caution),
    // 0.75–1.25 danger for some (children, the elderly), 1.25–2.0 danger for most, above 2.0 danger for all
    // (emergency services too). HR is at least DF = 0.5 wherever there is water, and 0 on dry cells: start at 0.5.
    add(make("hazard", "Hazard to people: depth × (velocity + 0.5) + debris factor (EA/Defra 2006)", "-",
             {0.5, 0.75, 1.25, 2.0, 5.0}, {rgb(0xffeda0), rgb(0xfeb24c), rgb(0xf03b20), rgb(0x800026)},
             {"low: caution (< 0.75)", "moderate: danger for some (0.75–1.25)",
              "significant: danger for most (1.25–2.0)", "extreme: danger for all (> 2.0)"}));
    add(make("bluespot_depth_m", "Blue-spot depth", "m", {0.01, 0.10, 0.20, 0.30, 0.50, 1.00, 2.00},
             {rgb(0xd0d1e6), rgb(0xa6bddb), rgb(0x74a9cf), rgb(0x3690c0), rgb(0x0570b0), rgb(0x034e7b)},
             {"1–10 cm", "10–20 cm", "20–30 cm", "30–50 cm", "50–100 cm", "> 100 cm"}));
    // Green → dark red, the order of the national PET map (Klimaateffectatlas).
    add(make("pet_c", "Perceived temperature (PET)", "°C", {-100, 23, 29, 35, 41, 60},
             {rgb(0x91cf60), rgb(0xfee08b), rgb(0xfc8d59), rgb(0xd73027), rgb(0x7f0000)},
             {"< 23 °C no heat stress", "23–29 °C slight", "29–35 °C moderate", "35–41 °C strong", "> 41 °C extreme"}));
    // Diverging (ColorBrewer "RdBu"): after − before, so lower (blue) is better.
    add(make("depth_difference_m", "Change in water depth", "m",
             {-100, -0.20, -0.10, -0.05, -0.01, 0.01, 0.05, 0.10, 0.20, 100},
             {rgb(0x2166ac), rgb(0x4393c3), rgb(0x92c5de), rgb(0xd1e5f0), kTransparent, rgb(0xfddbc7), rgb(0xf4a582),
              rgb(0xd6604d), rgb(0xb2182b)},
             {"> 20 cm lower", "10–20 cm lower", "5–10 cm lower", "1–5 cm lower", "no change (< 1 cm)", "1–5 cm higher",
              "5–10 cm higher", "10–20 cm higher", "> 20 cm higher"}));
    add(make("hillshade", "Hillshade", "-", {0, 255, 256}, {Rgba{0, 0, 0, 255}, Rgba{255, 255, 255, 255}},
             {"0 (shadow)", "255 (lit)"}, Interpolation::linear));
    return all;
}

const std::map<std::string, Legend, std::less<>>& legends() {
    static const auto all = build_legends();
    return all;
}

std::uint8_t lerp(std::uint8_t a, std::uint8_t b, double t) {
    return static_cast<std::uint8_t>(std::lround(a + (static_cast<double>(b) - a) * t));
}

}  // namespace

int Legend::class_of(double value) const {
    // upper_bound over the lower bounds: the number of classes whose lower bound the value reaches.
    // NaN reaches none.
    if (std::isnan(value)) return -1;
    const auto it = std::upper_bound(classes.begin(), classes.end(), value,
                                     [](double v, const LegendClass& c) { return v < c.lower; });
    return static_cast<int>(it - classes.begin()) - 1;
}

Rgba Legend::colour_of(double value) const {
    const int k = class_of(value);
    if (k < 0) return kTransparent;
    const auto& c = classes[static_cast<std::size_t>(k)];
    if (interpolation == Interpolation::discrete || k + 1 == static_cast<int>(classes.size())) return c.colour;
    const auto& next = classes[static_cast<std::size_t>(k) + 1];
    const double t = (value - c.lower) / (next.lower - c.lower);
    return {lerp(c.colour.r, next.colour.r, t), lerp(c.colour.g, next.colour.g, t), lerp(c.colour.b, next.colour.b, t),
            lerp(c.colour.a, next.colour.a, t)};
}

void validate(const Legend& legend) {
    const std::string name = "legend '" + legend.id + "'";
    if (legend.classes.empty()) throw InputError(name + " has no classes");
    for (std::size_t i = 0; i < legend.classes.size(); ++i) {
        const auto& c = legend.classes[i];
        if (std::isnan(c.lower) || std::isnan(c.upper))
            throw InputError(name + ": class " + std::to_string(i + 1) + " has a NaN bound");
        if (!(c.lower < c.upper))
            throw InputError(name + ": class " + std::to_string(i + 1) + " ('" + c.label +
                             "') must have lower < upper");
        if (i + 1 < legend.classes.size() && c.upper != legend.classes[i + 1].lower)
            throw InputError(name + ": classes " + std::to_string(i + 1) + " and " + std::to_string(i + 2) +
                             " are not contiguous (upper bound != next lower bound)");
    }
}

const Legend& legend(std::string_view id) {
    const auto& all = legends();
    if (const auto it = all.find(id); it != all.end()) return it->second;
    std::string valid;
    for (const auto& known : legend_ids()) valid += (valid.empty() ? "" : ", ") + known;
    throw InputError("unknown legend '" + std::string(id) + "'; valid legends: " + valid);
}

std::vector<std::string> legend_ids() {
    return {"depth_m", "depth_regional_m",   "velocity_m_per_s", "duration_h", "hazard", "bluespot_depth_m",
            "pet_c",   "depth_difference_m", "hillshade"};
}

}  // namespace wn::render
