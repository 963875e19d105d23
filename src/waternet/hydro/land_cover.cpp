#include "waternet/hydro/land_cover.hpp"

#include <cmath>
#include <sstream>

#include "waternet/core/error.hpp"

namespace wn {

double Infiltration::capacity_m(double t0_s, double t1_s) const {
    constexpr double kMmPerHourToMPerS = 1e-3 / 3600.0;
    const double dt_s = t1_s - t0_s;
    if (dt_s <= 0.0) return 0.0;
    const double k_per_s = decay_per_h / 3600.0;
    double integral = final_mm_per_h * dt_s;
    if (k_per_s > 0.0) {
        integral +=
            (initial_mm_per_h - final_mm_per_h) * (std::exp(-k_per_s * t0_s) - std::exp(-k_per_s * t1_s)) / k_per_s;
    } else {
        integral += (initial_mm_per_h - final_mm_per_h) * dt_s;
    }
    return integral * kMmPerHourToMPerS;
}

LandCoverTable LandCoverTable::defaults() {
    LandCoverTable table;
    // Manning n: Chow (1959) and the 3Di/Tygron defaults; paved 0.015-0.02, grass 0.03-0.05, woodland 0.1.
    // Sewer: 20 mm/h inflow ("sewers handle roughly 20-30 mm/h", RIONED) and 40 mm over the event
    // (in-pipe storage of 7-10 mm plus pumping and overflow discharge during a 1-2 h storm).
    // Infiltration: Horton parameters for sandy Twente soils, conservative (wet antecedent conditions).
    table.set(kPaved, {"paved", 0.015, 0.0, Infiltration::constant(0.0), 20.0, 40.0, false, false});
    table.set(kBuilding, {"building", 0.015, 0.0, Infiltration::constant(0.0), 20.0, 40.0, true, false});
    table.set(kUnpaved, {"unpaved", 0.025, 0.5, Infiltration::horton(30.0, 5.0, 2.0), 0.0, 0.0, false, false});
    table.set(kGrass, {"grass", 0.04, 1.0, Infiltration::horton(60.0, 10.0, 2.0), 0.0, 0.0, false, false});
    table.set(kTrees, {"trees", 0.1, 2.0, Infiltration::horton(90.0, 15.0, 2.0), 0.0, 0.0, false, false});
    table.set(kWater, {"water", 0.03, 0.0, Infiltration::constant(0.0), 0.0, 0.0, false, true});
    table.set(kAgriculture, {"agriculture", 0.05, 1.0, Infiltration::horton(50.0, 8.0, 2.0), 0.0, 0.0, false, false});
    // The Klimaateffectatlas base map lumps infiltration and sewer to 20 mm/h; split evenly here so the
    // balance still shows both.
    table.set(kMixed, {"mixed", 0.03, 0.5, Infiltration::constant(10.0), 10.0, 40.0, false, false});
    table.set(kImpermeable, {"impermeable", 0.02, 0.0, Infiltration::constant(0.0), 0.0, 0.0, false, false});
    // An extensive green roof (sedum on 6-10 cm substrate) retains roughly 20-30 mm of a single storm before it
    // drains (e.g. Stovin, Vesuviano & Kasmin 2012; Dutch practice counts ~25 mm); it then drains like a roof.
    table.set(kGreenRoof, {"green roof", 0.015, 25.0, Infiltration::constant(0.0), 20.0, 40.0, true, false});
    // A disconnected roof sends everything to the garden or street beside it.
    table.set(kDisconnectedRoof, {"disconnected roof", 0.015, 0.0, Infiltration::constant(0.0), 0.0, 0.0, true, false});
    return table;
}

LandCoverTable LandCoverTable::single(LandCoverClass uniform) {
    LandCoverTable table;
    table.set(1, std::move(uniform));
    return table;
}

const LandCoverClass& LandCoverTable::operator[](std::uint8_t code) const {
    if (!defined(code)) throw InputError("land-cover class " + std::to_string(code) + " is used but not defined");
    return classes_[code];
}

LandCoverClass& LandCoverTable::at(std::uint8_t code) {
    if (!defined(code)) throw InputError("land-cover class " + std::to_string(code) + " is not defined");
    return classes_[code];
}

void LandCoverTable::set(std::uint8_t code, LandCoverClass cls) {
    if (code == kOutside) throw InputError("land-cover class code 0 is reserved for cells outside the domain");
    if (code >= kMaxClasses) throw InputError("land-cover class codes must be below " + std::to_string(kMaxClasses));
    if (classes_.size() <= code) {
        classes_.resize(code + 1u);
        defined_.resize(code + 1u, false);
    }
    classes_[code] = std::move(cls);
    defined_[code] = true;
}

bool LandCoverTable::defined(std::uint8_t code) const { return code < defined_.size() && defined_[code]; }

std::span<const LandCoverField> land_cover_fields() {
    // The upper bounds are "surely a mistake" limits, far above the defaults' range: n up to 1 (dense vegetation
    // with obstacles reaches 0.2-0.4, Chow 1959 table 5-6); 50 mm interception; 2000 mm/h infiltration (coarse
    // gravel); a Horton decay of 100 /h; 1000 mm/h sewer inflow; 10 m of sewer storage.
    static const LandCoverField fields[] = {
        {"manning_n", 1.0, true,
         [](LandCoverClass& c) -> double& { return c.manning_n; }},  // first: see manning_n_problem
        {"interception_mm", 50.0, false, [](LandCoverClass& c) -> double& { return c.interception_mm; }},
        {"infiltration_f0_mm_per_h", 2000.0, false,
         [](LandCoverClass& c) -> double& { return c.infiltration.initial_mm_per_h; }},
        {"infiltration_fc_mm_per_h", 2000.0, false,
         [](LandCoverClass& c) -> double& { return c.infiltration.final_mm_per_h; }},
        {"infiltration_k_per_h", 100.0, false, [](LandCoverClass& c) -> double& { return c.infiltration.decay_per_h; }},
        {"sewer_inflow_mm_per_h", 1000.0, false, [](LandCoverClass& c) -> double& { return c.sewer_inflow_mm_per_h; }},
        {"sewer_storage_mm", 10000.0, false, [](LandCoverClass& c) -> double& { return c.sewer_storage_mm; }},
    };
    return fields;
}

std::string LandCoverField::problem(double v) const {
    std::ostringstream msg;
    if (!std::isfinite(v))
        msg << v << " is not a finite number";
    else if (positive && v <= 0.0)
        msg << v << " must be more than 0";
    else if (v < 0.0)
        msg << v << " is negative";
    else if (v > max)
        msg << v << " is implausible (more than " << max << "); check the units";
    return msg.str();
}

std::string manning_n_problem(double manning_n) { return land_cover_fields()[0].problem(manning_n); }

void LandCoverTable::validate() const {
    for (std::size_t code = 0; code < classes_.size(); ++code) {
        if (!defined_[code]) continue;
        const LandCoverClass& c = classes_[code];
        for (const LandCoverField& field : land_cover_fields())
            if (const std::string problem = field.problem(field.value(c)); !problem.empty())
                throw InputError("land-cover class '" + c.name + "' (" + std::to_string(code) +
                                 "): " + std::string(field.name) + " = " + problem);
    }
}

void LandCoverTable::set_manning_everywhere(double manning_n) {
    for (std::size_t code = 0; code < classes_.size(); ++code)
        if (defined_[code]) classes_[code].manning_n = manning_n;
}

void LandCoverTable::remove_losses() {
    for (std::size_t code = 0; code < classes_.size(); ++code) {
        if (!defined_[code]) continue;
        LandCoverClass& c = classes_[code];
        c.interception_mm = 0.0;
        c.infiltration = Infiltration::constant(0.0);
        c.sewer_inflow_mm_per_h = 0.0;
        c.sewer_storage_mm = 0.0;
    }
}

void LandCoverTable::set_lumped_loss(double mm_per_h) {
    for (std::size_t code = 0; code < classes_.size(); ++code) {
        if (!defined_[code] || classes_[code].is_building || classes_[code].is_water) continue;
        LandCoverClass& c = classes_[code];
        c.interception_mm = 0.0;
        c.infiltration = Infiltration::constant(mm_per_h);
        c.sewer_inflow_mm_per_h = 0.0;
        c.sewer_storage_mm = 0.0;
    }
}

}  // namespace wn
