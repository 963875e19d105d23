// Report map pictures: size from the window's aspect, the theme over the shade, outlines and points where
// the map coordinates put them.
#include <gtest/gtest.h>

#include "waternet/render/map_image.hpp"

using namespace wn;
using namespace wn::render;

namespace {
// 4 columns × 2 rows of 10 m, west edge 0, north edge 20; every cell 0.5 m deep except a dry west column.
Grid<float> depth_grid() {
    Grid<float> g(GridSpec{2, 4, {0.0, 20.0, 10.0}, ""}, 0.5f);
    g(0, 0) = g(1, 0) = 0.0f;
    return g;
}
}  // namespace

TEST(MapImage, SizeKeepsTheAspectRatio) {
    EXPECT_EQ(fit_window({0, 0, 40, 20}, 100, 100).width, 100);
    EXPECT_EQ(fit_window({0, 0, 40, 20}, 100, 100).height, 50);
    EXPECT_EQ(fit_window({0, 0, 20, 40}, 100, 100).width, 50);
    EXPECT_EQ(fit_window({0, 0, 20, 40}, 100, 100).height, 100);
    EXPECT_THROW(fit_window({0, 0, 0, 40}, 100, 100), InputError);
    EXPECT_THROW(fit_window({0, 0, 10, 10}, 0, 100), InputError);
}

TEST(MapImage, ThemeOverBackgroundAndShade) {
    const Grid<float> g = depth_grid();
    MapImageOptions o;
    o.max_width_px = 40, o.max_height_px = 40;
    o.values_opacity = 1.0;
    RgbaImage img = map_image(g.view(), g.spec().transform, legend("depth_m"), o);
    ASSERT_EQ(img.width, 40);
    ASSERT_EQ(img.height, 20);
    EXPECT_EQ(img.at(5, 5), (Rgba{255, 255, 255, 255}));         // dry: the background
    EXPECT_EQ(img.at(25, 5), legend("depth_m").colour_of(0.5));  // 0.5 m: the legend's colour

    // A black shade at half opacity under a transparent theme: mid grey.
    const Grid<float> shade(GridSpec{2, 4, {0.0, 20.0, 10.0}, ""}, 0.0f);
    o.shade = shade.view();
    o.shade_opacity = 0.5;
    img = map_image(g.view(), g.spec().transform, legend("depth_m"), o);
    EXPECT_EQ(img.at(5, 5), (Rgba{127, 127, 127, 255}));
    EXPECT_EQ(img.at(25, 5), legend("depth_m").colour_of(0.5));  // opaque theme hides the shade
}

TEST(MapImage, OutlinesAndPointsLandOnTheirPixels) {
    const Grid<float> g(GridSpec{10, 10, {0.0, 100.0, 10.0}, ""}, 0.0f);  // all dry: white picture
    MapImageOptions o;
    o.max_width_px = 100, o.max_height_px = 100;  // 1 px per metre
    o.outlines = {{{20.5, 79.5}, {60.5, 79.5}, {60.5, 39.5}, {20.5, 39.5}}};
    o.outline_colour = {0, 0, 0, 255};
    o.points = {{80.5, 20.5}};
    o.point_colour = {255, 0, 0, 255};
    o.point_radius_px = 2;
    const RgbaImage img = map_image(g.view(), g.spec().transform, legend("depth_m"), o);
    const Rgba black{0, 0, 0, 255}, white{255, 255, 255, 255}, red{255, 0, 0, 255};
    // Ring corners (20.5, 79.5) → pixel (20, 20); (60.5, 39.5) → pixel (60, 60).
    EXPECT_EQ(img.at(20, 20), black);
    EXPECT_EQ(img.at(40, 20), black);  // top edge
    EXPECT_EQ(img.at(60, 45), black);  // east edge
    EXPECT_EQ(img.at(40, 60), black);  // bottom edge
    EXPECT_EQ(img.at(20, 50), black);  // west edge, closed back to the start
    EXPECT_EQ(img.at(40, 40), white);  // inside: not filled
    EXPECT_EQ(img.at(40, 22), white);  // 1 px wide
    // Point (80.5, 20.5) → pixel (80, 79): a red disc of radius 2 with a white rim.
    EXPECT_EQ(img.at(80, 79), red);
    EXPECT_EQ(img.at(82, 79), red);
    EXPECT_EQ(img.at(80, 75), white);
    EXPECT_EQ(img.at(90, 90), white);
}

TEST(MapImage, RejectsBadOptions) {
    const Grid<float> g = depth_grid();
    MapImageOptions o;
    o.values_opacity = 1.5;
    EXPECT_THROW(map_image(g.view(), g.spec().transform, legend("depth_m"), o), InputError);
    o = {};
    o.outline_width_px = 0;
    EXPECT_THROW(map_image(g.view(), g.spec().transform, legend("depth_m"), o), InputError);
    EXPECT_THROW(map_image(GridView<const float>{}, g.spec().transform, legend("depth_m")), InputError);
}
