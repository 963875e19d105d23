// Land-cover classes and the surface properties the flood engine takes from them.
//
// One byte per cell names a class; each class carries its Manning roughness and its losses (interception,
// infiltration, sewer). Defaults follow common Dutch pluvial-modelling practice (3Di / Tygron manuals,
// RIONED): paved surfaces drain into the sewer, unpaved ones infiltrate, roofs are routed separately.
// The table is data, not code: a region configuration can replace any value.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wn {

// Horton (1933) infiltration capacity f(t) = fc + (f0 - fc)·exp(-k·t), t = time since the start of the run.
// A constant rate is Horton with f0 = fc.
struct Infiltration {
    double initial_mm_per_h = 0.0;  // f0
    double final_mm_per_h = 0.0;    // fc
    double decay_per_h = 0.0;       // k

    static Infiltration constant(double mm_per_h) { return {mm_per_h, mm_per_h, 0.0}; }
    static Infiltration horton(double f0, double fc, double k_per_h) { return {f0, fc, k_per_h}; }
    // Capacity integrated exactly over [t0, t1] (metres of water).
    double capacity_m(double t0_s, double t1_s) const;
};

struct LandCoverClass {
    std::string name;
    double manning_n = 0.03;       // s/m^(1/3)
    double interception_mm = 0.0;  // storage filled by rain before any reaches the ground
    Infiltration infiltration{};
    double sewer_inflow_mm_per_h = 0.0;  // how fast the sewer takes water from the surface (0 = no sewer)
    double sewer_storage_mm = 0.0;       // the most the sewer takes from a cell during the event
    bool is_building = false;            // roofs: water does not flow through; rain is routed (see FloodSettings);
                                         // on a roof, interception_mm is what the roof retains (a green roof)
    bool is_water = false;               // open water: no losses, counts as storage
};

// The numeric properties of a class, each with its name (the column of a land-cover table CSV and the key in
// provenance.json) and its plausible range, so that validate(), the CSV reader and the provenance record use one
// list. A value outside the range is a unit or typing error, not a different soil.
struct LandCoverField {
    std::string_view name;
    double max;                        // plausible upper bound
    bool positive;                     // must be > 0 (Manning's n: a frictionless surface does not exist)
    double& (*of)(LandCoverClass& c);  // the field in a class

    double value(const LandCoverClass& c) const { return of(const_cast<LandCoverClass&>(c)); }  // read only
    // What is wrong with `v` for this field ("is negative", "0 must be more than 0", ...), or "" when nothing.
    std::string problem(double v) const;
};
std::span<const LandCoverField> land_cover_fields();
// What is wrong with a Manning's n (not more than 0, implausible), or "": the same rule as the classes'.
std::string manning_n_problem(double manning_n);

// Class codes of the default table. Code 0 is reserved for "outside the domain".
enum DefaultClass : std::uint8_t {
    kOutside = 0,
    kPaved = 1,        // roads, pavements, squares: sewer inlets
    kBuilding = 2,     // roofs
    kUnpaved = 3,      // bare soil, gravel, half-paved
    kGrass = 4,        // lawns, meadows, verges
    kTrees = 5,        // woodland, tree canopy
    kWater = 6,        // ditches, ponds, canals
    kAgriculture = 7,  // arable land
    kMixed = 8,        // no land cover known: a half-paved urban mix, 20 mm/h of losses as the national map
    kImpermeable = 9,  // no losses at all (worst case, and the blue-spot assumption)
    // Roofs changed by measures (pipeline/measures.hpp):
    kGreenRoof = 10,         // a roof that retains rain in its substrate (interception_mm) before draining
    kDisconnectedRoof = 11,  // downpipes disconnected: no sewer, roof rain goes to the ground beside
};

class LandCoverTable {
public:
    static constexpr int kMaxClasses = 32;

    // The documented defaults (docs/flood-engine.md lists them with their sources).
    static LandCoverTable defaults();
    // One class everywhere (e.g. for analytic tests): code 1 = `uniform`.
    static LandCoverTable single(LandCoverClass uniform);

    const LandCoverClass& operator[](std::uint8_t code) const;
    LandCoverClass& at(std::uint8_t code);
    void set(std::uint8_t code, LandCoverClass cls);
    bool defined(std::uint8_t code) const;
    int size() const { return static_cast<int>(classes_.size()); }
    // Throws InputError for negative, NaN or absurd values, naming the class and the field.
    void validate() const;

    // Modeller controls (docs/flood-engine.md, "Modeller controls").
    // One Manning's n for every class (benchmarks, calibration); the losses stay as they are.
    void set_manning_everywhere(double manning_n);
    // Interception, infiltration and sewer of every class set to zero (roofs then spill all their rain beside
    // the building): a run that shows the flow alone.
    void remove_losses();
    // Every class that is not a roof or open water loses water at one constant rate, infiltration and sewer
    // lumped as the national water-depth map does (20 mm/h; pipeline/area_detail.hpp): no interception, no sewer,
    // a constant infiltration of `mm_per_h` (booked as infiltration in the balance). Roughness stays per class.
    void set_lumped_loss(double mm_per_h);

private:
    std::vector<LandCoverClass> classes_;
    std::vector<bool> defined_;
};

}  // namespace wn
