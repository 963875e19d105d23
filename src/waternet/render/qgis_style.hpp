// QGIS layer styles (.qml) from a Legend, so a map opened in QGIS looks exactly like the viewer and the
// report: save the text next to the raster/vector with the same base name (max_depth_m.tif →
// max_depth_m.qml) and QGIS applies it on loading.
//
// Raster: "singlebandpseudocolor" renderer on band 1 with a DISCRETE colour ramp shader (INTERPOLATED for a
// linear legend such as the hillshade). QGIS's discrete classes are closed above (a pixel takes the first
// item whose value is >= the pixel), so each item's value is written as the largest double below the class's
// upper bound, which makes QGIS's classes exactly the legend's [lower, upper); the last item is "inf" (open
// ended), and a first, fully transparent item hides everything below the first class.
// Vector: "graduatedSymbol" renderer (graduated colour) on a numeric attribute, ranges [lower, upper) the
// same way; a class whose colour is fully transparent (depth_difference_m's "no change") is not drawn.
// Format checked against QGIS 3.x source (qgscolorrampshader.cpp, qgsgraduatedsymbolrenderer.cpp) and
// .qml files written by QGIS 3.22–3.40.
#pragma once

#include <string>
#include <string_view>

#include "waternet/render/legend.hpp"

namespace wn::render {

enum class GeometryKind { polygon, line, point };

// InputError for an invalid legend (see validate()).
std::string qgis_raster_style(const Legend& legend);

// InputError for an invalid legend or an empty field name.
std::string qgis_graduated_style(const Legend& legend, std::string_view field, GeometryKind geometry);

}  // namespace wn::render
