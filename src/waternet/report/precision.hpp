// How precisely a report may state a figure: never more digits than the model and its data support.
//
// A model on 100 m cells knows an area to the hectare at best (one cell is one hectare), a volume that sums a
// million cells of a coarse terrain to two or three significant digits, and a depth to the decimetre; a people
// count that is an area times a density is an order of magnitude, not a head count. The policy (docs/reports.md,
// "Precision"):
//   area      hectares, with one decimal only where a cell is smaller than 0.1 ha and the area below 100 ha
//   volume    three significant digits, whole m³ (17.293.166,4 m³ → 17.300.000 m³)
//   depth     to the centimetre on street and local models, to the decimetre on regional ones
//   people    estimates to tens below 1.000, to hundreds from 1.000; an estimate of under 5 is "< 10"
//   damage    two significant digits (an indicative WaterSchadeSchatter sum)
//   ratio     a relative error as a percentage with two significant digits, never in scientific notation;
//             below 0,0001 % it is "< 0,0001 %"
// Each function returns the rounded value with the decimals to print it with, so tables (which format per
// language) and running text agree.
#pragma once

#include <string>

#include "waternet/report/text_format.hpp"

namespace wn::report {

struct Rounded {
    double value = 0.0;
    int decimals = 0;
};

// `value` rounded half away from zero to `digits` (≥ 1) significant digits; 0, NaN and ±∞ stay as they are.
// round_significant(17293166.4, 3) == 17300000; round_significant(0.012345, 2) == 0.012.
double round_significant(double value, int digits);

// An area in hectares from m², to the resolution the model's cells support (see above).
Rounded area_ha(double area_m2, double cell_area_m2);
// A volume in m³, three significant digits, no decimals.
Rounded volume_m3(double volume_m3);
// A depth in m: cm (2 decimals) unless `regional`, then dm (1 decimal).
Rounded depth_m(double depth_m, bool regional);
// Damage in €, two significant digits.
Rounded damage_eur(double damage_eur);
// An estimated number of people: to tens below 1.000, to hundreds from 1.000.
Rounded people(double estimate);
// The people estimate as text: "< 10" for estimates from 0 up to 5 (exclusive), 0 for none, else people().
std::string people_text(double estimate, Language language);
// The size of a relative error (−0.0123 = 1,2 %) as a percentage: "< 0,0001 %" / "< 0.0001 %" when |error| < 1e-6, else two
// significant digits ("0,0012 %"); NaN → "–".
std::string relative_error_text(double relative_error, Language language);

std::string format(const Rounded& rounded, Language language);

}  // namespace wn::report
