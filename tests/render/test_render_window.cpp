// render_window: nearest-neighbour sampling at pixel centres on a hand-made 4 × 4 grid with known colours.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "waternet/render/render_window.hpp"

using namespace wn;
using namespace wn::render;

namespace {

// A 4-class legend with easy colours: [0,1) red, [1,2) green, [2,3) blue, [3, ...) white.
const Legend& test_legend() {
    static const Legend l{"test",
                          "Test",
                          "-",
                          {{0, 1, {255, 0, 0, 255}, "0-1"},
                           {1, 2, {0, 255, 0, 255}, "1-2"},
                           {2, 3, {0, 0, 255, 255}, "2-3"},
                           {3, 4, {255, 255, 255, 255}, "> 3"}}};
    return l;
}
const Rgba kRed{255, 0, 0, 255}, kGreen{0, 255, 0, 255}, kBlue{0, 0, 255, 255}, kWhite{255, 255, 255, 255};

// 4 × 4 grid, 10 m cells, west edge x = 1000, north edge y = 2000; row r holds value r + 0.5 (so row 0 is red,
// row 3 white), except one NaN cell at (1, 2).
Grid<float> grid4() {
    GridSpec spec{4, 4, {1000.0, 2000.0, 10.0}, ""};
    Grid<float> g(spec);
    for (index_t r = 0; r < 4; ++r)
        for (index_t c = 0; c < 4; ++c) g(r, c) = static_cast<float>(r) + 0.5f;
    g(1, 2) = std::numeric_limits<float>::quiet_NaN();
    return g;
}

}  // namespace

TEST(RenderWindow, FullExtentOnePixelPerCell) {
    const Grid<float> g = grid4();
    const RgbaImage img = render_window(g.view(), g.spec().transform, 1000, 1960, 1040, 2000, 4, 4, test_legend());
    ASSERT_EQ(img.width, 4);
    ASSERT_EQ(img.height, 4);
    ASSERT_EQ(img.rgba.size(), 64u);
    const Rgba by_row[4] = {kRed, kGreen, kBlue, kWhite};
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            if (y == 1 && x == 2)
                EXPECT_EQ(img.at(x, y), kTransparent) << "NaN cell";
            else
                EXPECT_EQ(img.at(x, y), by_row[y]) << x << "," << y;
        }
}

TEST(RenderWindow, TwoPixelsPerCellRepeatsCells) {
    const Grid<float> g = grid4();
    const RgbaImage img = render_window(g.view(), g.spec().transform, 1000, 1960, 1040, 2000, 8, 8, test_legend());
    EXPECT_EQ(img.at(0, 0), kRed);
    EXPECT_EQ(img.at(7, 1), kRed);
    EXPECT_EQ(img.at(0, 2), kGreen);
    EXPECT_EQ(img.at(4, 2), kTransparent);  // pixel centre x = 1022.5 → column 2, the NaN
    EXPECT_EQ(img.at(5, 3), kTransparent);
    EXPECT_EQ(img.at(6, 3), kGreen);
    EXPECT_EQ(img.at(3, 7), kWhite);
}

TEST(RenderWindow, WindowHalfOutsideTheGridIsTransparentThere) {
    const Grid<float> g = grid4();
    // Window x 1020..1060, y 1980..2020: the east half and the top half lie outside the grid.
    const RgbaImage img = render_window(g.view(), g.spec().transform, 1020, 1980, 1060, 2020, 4, 4, test_legend());
    // Pixel (x, y) centre: X = 1025 + 10x, Y = 2015 − 10y.  Inside for X < 1040 (x ≤ 1) and Y < 2000 (y ≥ 2).
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            const bool inside = x <= 1 && y >= 2;
            if (!inside) {
                EXPECT_EQ(img.at(x, y), kTransparent) << x << "," << y;
                continue;
            }
            const int row = y - 2, col = 2 + x;  // Y = 1995 → row 0; X = 1025 → column 2
            const Rgba want = (row == 1 && col == 2) ? kTransparent : (row == 0 ? kRed : kGreen);
            EXPECT_EQ(img.at(x, y), want) << x << "," << y;
        }
}

TEST(RenderWindow, WindowSmallerThanACellIsThatCellsColour) {
    const Grid<float> g = grid4();
    // 3 m × 3 m inside cell (2, 1) (x 1010–1020, y 1970–1980): every pixel blue.
    const RgbaImage img = render_window(g.view(), g.spec().transform, 1012, 1972, 1015, 1975, 5, 5, test_legend());
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 5; ++x) EXPECT_EQ(img.at(x, y), kBlue);
}

TEST(RenderWindow, WindowEntirelyOutsideIsTransparent) {
    const Grid<float> g = grid4();
    const RgbaImage img = render_window(g.view(), g.spec().transform, 0, 0, 100, 100, 16, 16, test_legend());
    for (const auto byte : img.rgba) ASSERT_EQ(byte, 0);
}

TEST(RenderWindow, AgreesWithColourOfOnEveryPixel) {
    // Random values, a third of them exactly a class bound as a float raster stores it (float(-0.05) lies below
    // -0.05, float(0.01) below 0.01: classing floats must still agree with colour_of on the same value), on a
    // grid with an odd origin; each pixel's colour must be the legend's colour of the cell under its centre,
    // computed here independently.
    for (const char* id : {"depth_m", "depth_difference_m", "hazard", "pet_c", "velocity_m_per_s"}) {
        const Legend& l = legend(id);
        std::mt19937 rng(7);
        const double lo = l.classes.front().lower, hi = l.classes.back().lower;
        std::uniform_real_distribution<float> u(static_cast<float>(std::max(lo, -50.0) - 0.1 * std::abs(hi)),
                                                static_cast<float>(hi * 1.2 + 0.1));
        GridSpec spec{53, 71, {123.4, 987.6, 0.7}, ""};
        Grid<float> g(spec);
        for (auto& v : g.values())
            v = (rng() % 3 == 0) ? static_cast<float>(l.classes[rng() % l.classes.size()].lower) : u(rng);
        g(3, 3) = std::numeric_limits<float>::quiet_NaN();
        const double x0 = 120.0, x1 = 175.0, y0 = 950.0, y1 = 990.0;
        const int w = 97, h = 61;
        const RgbaImage img = render_window(g.view(), spec.transform, x0, y0, x1, y1, w, h, l);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const double cx = x0 + (x + 0.5) * (x1 - x0) / w, cy = y1 - (y + 0.5) * (y1 - y0) / h;
                const index_t c = spec.transform.col_of(cx), r = spec.transform.row_of(cy);
                const Rgba want = spec.contains_cell(r, c) ? l.colour_of(g(r, c)) : kTransparent;
                ASSERT_EQ(img.at(x, y), want) << id << " pixel " << x << "," << y;
            }
    }
}

TEST(RenderWindow, LinearLegendUsesTheRamp) {
    Grid<float> g(GridSpec{1, 2, {0, 2, 1}, ""});
    g(0, 0) = 51.0f, g(0, 1) = 204.0f;
    const RgbaImage img = render_window(g.view(), g.spec().transform, 0, 1, 2, 2, 2, 1, legend("hillshade"));
    EXPECT_EQ(img.at(0, 0), (Rgba{51, 51, 51, 255}));
    EXPECT_EQ(img.at(1, 0), (Rgba{204, 204, 204, 255}));
}

TEST(RenderWindow, RejectsBadRequests) {
    const Grid<float> g = grid4();
    const auto& t = g.spec().transform;
    EXPECT_THROW(render_window(g.view(), t, 0, 0, 10, 10, 0, 4, test_legend()), InputError);
    EXPECT_THROW(render_window(g.view(), t, 0, 0, 10, 10, 4, 100000, test_legend()), InputError);
    EXPECT_THROW(render_window(g.view(), t, 10, 0, 10, 10, 4, 4, test_legend()), InputError);
    EXPECT_THROW(render_window(g.view(), t, 0, 0, std::nan(""), 10, 4, 4, test_legend()), InputError);
    EXPECT_THROW(render_window(g.view(), GeoTransform{0, 0, 0}, 0, 0, 10, 10, 4, 4, test_legend()), InputError);
    EXPECT_THROW(render_window(g.view(), t, 0, 0, 10, 10, 4, 4, Legend{}), InputError);
}
