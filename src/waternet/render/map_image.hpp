// A static map picture for reports: a thematic grid coloured by its legend, over a hillshade, with optional
// polygon outlines (e.g. municipal borders, neighbourhoods) and points (e.g. vital objects).
//
// The legend is not drawn into the picture: reports show it next to the image as HTML (report::HtmlReport's
// legend block), which stays sharp when printed and needs no font. Lines and points are drawn without
// anti-aliasing (crisp 1–2 px strokes are what a printed A4 map needs at 150 dpi).
#pragma once

#include <optional>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/render/image.hpp"
#include "waternet/render/legend.hpp"

namespace wn::render {

struct MapPoint {
    double x = 0.0, y = 0.0;  // map coordinates (the grid's CRS, m)
};
using MapRing = std::vector<MapPoint>;  // a polygon ring or a line; rings are closed by the drawing

struct MapWindow {
    double min_x = 0.0, min_y = 0.0, max_x = 0.0, max_y = 0.0;
};

struct MapImageOptions {
    std::optional<MapWindow> window;  // default: the grid's full extent
    int max_width_px = 1000;          // the image keeps the window's aspect ratio within these bounds
    int max_height_px = 1000;
    Rgba background{255, 255, 255, 255};
    // Hillshade 0..255 (see hillshade()) drawn over the background; empty = none. It may lie on another grid
    // than the values (e.g. 0.5 m terrain under 2 m depths): shade_transform, default the values' transform.
    GridView<const float> shade{};
    std::optional<GeoTransform> shade_transform;
    double shade_opacity = 0.5;
    double values_opacity = 0.85;   // the thematic colours over the shade
    std::vector<MapRing> outlines;  // closed rings
    bool close_outlines = true;     // false: draw them as open lines (roads, flow paths)
    Rgba outline_colour{40, 40, 40, 255};
    int outline_width_px = 1;  // 1..4
    std::vector<MapPoint> points;
    Rgba point_colour{200, 30, 30, 255};
    int point_radius_px = 3;  // 1..20; drawn as a disc with a white 1 px rim
};

// The map picture; top row = the window's northern edge. InputError for an empty grid, a bad window (empty,
// not finite), sizes or widths outside their ranges, opacities outside [0, 1], or an invalid legend.
RgbaImage map_image(GridView<const float> values, const GeoTransform& transform, const Legend& legend,
                    const MapImageOptions& options = {});

// Pixel size of a map of the window within the bounds (exposed for callers laying out a page).
struct PixelSize {
    int width = 0, height = 0;
};
PixelSize fit_window(const MapWindow& window, int max_width_px, int max_height_px);

}  // namespace wn::render
