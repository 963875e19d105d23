// A map window of a georeferenced grid as coloured pixels: what a map tile or a report image is made of.
//
// Nearest-neighbour sampling: each pixel takes the value of the cell under its centre, so class edges stay
// crisp and no value is invented. Pixels whose centre lies outside the grid are transparent, as are no-data
// (NaN) cells and values below the legend's first class.
//
// Speed: the cell column of every pixel column and the cell row of every pixel row are computed once, and the
// class of a value is a branch-free count of the class bounds it reaches, so a 256 × 256 tile costs about
// 65 k look-ups (bench/bench_render.cpp: tiles per second from a 4000 × 4000 grid).
#pragma once

#include "waternet/core/grid.hpp"
#include "waternet/render/image.hpp"
#include "waternet/render/legend.hpp"

namespace wn::render {

// Render the window [min_x, max_x] × [min_y, max_y] (the grid's CRS, metres) into width × height pixels; the
// top image row is the window's northern edge. Thread-safe (no shared state).
// InputError for a non-positive or absurd size (> 16384 px a side), a window that is empty or not finite, an
// invalid legend (see validate()), or a transform with a non-positive cell size.
RgbaImage render_window(GridView<const float> values, const GeoTransform& transform, double min_x, double min_y,
                        double max_x, double max_y, int width, int height, const Legend& legend);

}  // namespace wn::render
