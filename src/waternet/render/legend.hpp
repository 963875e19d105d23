// Map legends: value classes → colours, the one place where the colours of every Waternet map live, so the
// viewer's tiles, the report images and the QGIS styles all agree.
//
// A class covers [lower, upper); the classes are ascending and contiguous, the last one is open-ended (a value
// above its upper bound still gets its colour) and a value below the first class, or NaN, is fully
// transparent — that is how the national map (Klimaateffectatlas) hides water shallower than 5 cm.
//
// Legends by id:
//   depth_m            maximum water depth, the standard's 5 cm-wide classes 0.05–0.10–0.15–0.20–0.30–0.50–1.00,
//                      > 1.00 m, light to dark blue; < 5 cm transparent (stresstest-nl.md, "Wateroverlast")
//   depth_regional_m   water depth (and a low area's depth) of a regional model, decimetre classes 0.1–0.2–0.3–
//                      0.5–1.0, > 1.0 m, the depth_m blues at the same depths; < 10 cm transparent (the model's
//                      depths are rounded to 0.1 m; its title says it shows where water collects, not a street)
//   velocity_m_per_s   flow velocity, 0.1–0.25–0.5–1.0–2.0, > 2 m/s
//   duration_h         how long water stands, 0.5–1–2–6–12–24, > 24 h (the time maps are stored in s: divide)
//   hazard             flood hazard rating HR = d(v+0.5)+DF (Defra/EA FD2320/TR2, 2006): < 0.75 low,
//                      0.75–1.25 moderate, 1.25–2.0 significant, > 2.0 extreme; HR ≤ 0 transparent
//   bluespot_depth_m   depth of a blue spot when full, 0.02–0.10–0.20–0.30–0.50–1.00, > 1 m
//   pet_c              perceived temperature PET at 1 m (°C): < 23 no, 23–29 slight, 29–35 moderate, 35–41 strong,
//                      > 41 extreme heat stress, green → dark red as on the national PET map
//   depth_difference_m a measure's effect on the water depth (m, after − before), diverging: lower = better in
//                      blues, higher = worse in reds, |d| < 1 cm transparent ("no change")
//   hillshade          grey ramp for a hillshade 0..255 (interpolated, not classed)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/error.hpp"

namespace wn::render {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 0;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};

inline constexpr Rgba kTransparent{0, 0, 0, 0};

struct LegendClass {
    double lower = 0.0;  // inclusive
    double upper = 0.0;  // exclusive (ignored for the last class, which is open-ended)
    Rgba colour{};
    std::string label;
};

enum class Interpolation {
    discrete,  // every value in a class gets the class's colour
    linear,    // colour ramp: a class's colour at its lower bound, blending linearly into the next class's
               // colour at the next lower bound; the last class's colour from its lower bound on
};

struct Legend {
    std::string id, title, unit;
    std::vector<LegendClass> classes;  // ascending, contiguous
    Interpolation interpolation = Interpolation::discrete;

    // Fully transparent for NaN or below the first class; the last class is open-ended.
    Rgba colour_of(double value) const;
    // Index of the class holding `value`, or -1 for NaN / below the first class.
    int class_of(double value) const;
};

// The legend with this id; InputError listing the valid ids for an unknown one.
const Legend& legend(std::string_view id);
// All ids, in a stable order.
std::vector<std::string> legend_ids();

// InputError unless the legend has at least one class, ascending contiguous bounds (upper == next lower,
// lower < upper) and no NaN bound. For legends built by callers; the built-in ones pass (tested).
void validate(const Legend& legend);

}  // namespace wn::render
