#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/core/nodata_fill.hpp"

namespace wn {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// A terrain grid drawn as text: 'N' is NaN, any other character is a cell with elevation `value`.
Grid<float> grid_from_map(const std::vector<std::string>& map, float value = 5.0f) {
    Grid<float> dem(static_cast<index_t>(map.size()), static_cast<index_t>(map[0].size()));
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) dem(r, c) = map[r][c] == 'N' ? kNaN : value;
    return dem;
}

// A classification drawn as text: 'v' valid, 'o' outside, 'h' hole.
std::vector<std::string> class_map(const Grid<std::uint8_t>& classes) {
    std::vector<std::string> map;
    for (index_t r = 0; r < classes.rows(); ++r) {
        std::string row;
        for (index_t c = 0; c < classes.cols(); ++c) row += "voh?"[std::min<int>(classes(r, c), 3)];
        map.push_back(row);
    }
    return map;
}

TEST(NodataClassify, EdgeConnectedNaNIsOutsideEnclosedNaNIsAHole) {
    const Grid<float> dem = grid_from_map({
        "NN.....",
        "N..N...",
        ".N.N...",  // (2,1) touches the outside region only diagonally: still enclosed, so a hole
        ".......",
        "......N",
        ".....NN",
    });
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    EXPECT_EQ(class_map(classes), (std::vector<std::string>{
                                      "oovvvvv",
                                      "ovvhvvv",
                                      "vhvhvvv",
                                      "vvvvvvv",
                                      "vvvvvvo",
                                      "vvvvvoo",
                                  }));
}

TEST(NodataClassify, AllDataAndAllNaN) {
    const Grid<float> full(4, 5, 1.0f);
    const Grid<std::uint8_t> full_classes = classify_nodata(full.view());
    for (std::uint8_t v : full_classes.values()) EXPECT_EQ(v, nodata_class::valid);
    const Grid<float> empty(4, 5, kNaN);
    const Grid<std::uint8_t> empty_classes = classify_nodata(empty.view());
    for (std::uint8_t v : empty_classes.values()) EXPECT_EQ(v, nodata_class::outside);
    EXPECT_EQ(classify_nodata(GridView<const float>()).size(), 0);
}

TEST(NodataClassify, EdgeMeansTheEdgeOfTheViewGiven) {
    // In the whole grid the NaN at (2,2) is enclosed; in a window whose edge runs through it, it is outside.
    Grid<float> dem(5, 5, 1.0f);
    dem(2, 2) = kNaN;
    EXPECT_EQ(classify_nodata(dem.view())(2, 2), nodata_class::hole);
    const GridView<const float> window = dem.view().subview(1, 2, 3, 3);  // row stride 5, not 3
    const Grid<std::uint8_t> classes = classify_nodata(window);
    EXPECT_EQ(class_map(classes), (std::vector<std::string>{"vvv", "ovv", "vvv"}));
}

TEST(NodataClassify, LongWindingCorridorFromTheEdgeIsOutside) {
    // A one-cell-wide NaN corridor that snakes through a 1000 × 1000 grid from the western edge: about half a
    // million cells in one chain, which a recursive flood fill could not follow without overflowing the stack.
    const index_t n = 1000;
    Grid<float> dem(n, n, 1.0f);
    index_t corridor = 0;
    auto open = [&](index_t r, index_t c) {
        dem(r, c) = kNaN;
        ++corridor;
    };
    open(1, 0);
    for (index_t r = 1; r < n - 1; r += 2) {
        for (index_t c = 1; c < n - 1; ++c) open(r, c);
        if (r + 2 < n - 1) open(r + 1, (r / 2) % 2 == 0 ? n - 2 : 1);  // turn at alternating ends
    }
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    index_t outside = 0, holes = 0;
    for (std::uint8_t v : classes.values()) {
        outside += v == nodata_class::outside;
        holes += v == nodata_class::hole;
    }
    EXPECT_EQ(outside, corridor);
    EXPECT_EQ(holes, 0);
}

// ------------------------------------------------------------------------------------------------ fill

TEST(NodataFill, SingleCellHoleOnAPlaneIsFilledExactly) {
    // The mean of the 8 neighbours of a cell on a plane is the plane's value there.
    Grid<float> dem(7, 8);
    auto plane = [](index_t r, index_t c) {
        return 3.0f + 0.25f * static_cast<float>(c) - 0.125f * static_cast<float>(r);
    };
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) dem(r, c) = plane(r, c);
    dem(3, 5) = kNaN;
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    const NodataReport report = fill_holes(dem.view(), classes.view(), HolePolicy::fill);
    EXPECT_FLOAT_EQ(dem(3, 5), plane(3, 5));
    EXPECT_EQ(report.hole_cells, 1);
    EXPECT_EQ(report.hole_count, 1);
    EXPECT_EQ(report.filled_cells, 1);
    EXPECT_EQ(report.outside_cells, 0);
}

TEST(NodataFill, HoleInARampStaysWithinTheRimAndIsOrderIndependent) {
    // z = 10 + 0.5 col, a 3 × 3 hole centred on column 4. The rim spans columns 2..6, z 11..13.
    Grid<float> dem(9, 9);
    for (index_t r = 0; r < 9; ++r)
        for (index_t c = 0; c < 9; ++c) dem(r, c) = 10.0f + 0.5f * static_cast<float>(c);
    for (index_t r = 3; r <= 5; ++r)
        for (index_t c = 3; c <= 5; ++c) dem(r, c) = kNaN;
    const Grid<float> before = dem;
    const NodataReport report = fill_holes(dem.view(), classify_nodata(dem.view()).view(), HolePolicy::fill);
    EXPECT_EQ(report.hole_cells, 9);
    EXPECT_EQ(report.filled_cells, 9);
    for (index_t r = 3; r <= 5; ++r)
        for (index_t c = 3; c <= 5; ++c) {
            EXPECT_GE(dem(r, c), 11.0f) << r << "," << c;
            EXPECT_LE(dem(r, c), 13.0f) << r << "," << c;
            // The ramp and the hole are antisymmetric about column 4, so the fill must be too. Filling in place
            // while scanning (a later cell seeing an earlier cell of the same ring) would break this.
            EXPECT_NEAR(dem(r, c) - 12.0f, 12.0f - dem(r, 8 - c), 1e-5) << r << "," << c;
            EXPECT_NEAR(dem(r, c), dem(8 - r, c), 1e-5) << r << "," << c;
        }
    // West of centre lower than east, as on the ramp.
    EXPECT_LT(dem(4, 3), dem(4, 5));
    for (index_t r = 0; r < 9; ++r)
        for (index_t c = 0; c < 9; ++c)
            if (r < 3 || r > 5 || c < 3 || c > 5) {
                EXPECT_EQ(dem(r, c), before(r, c));
            }
}

TEST(NodataFill, OutsideCellsStayNaNAndAreNotUsed) {
    Grid<float> dem = grid_from_map({
        "NN....",
        "N.N...",  // (1,2) is a hole with outside cells only diagonally
        "......",
    });
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    const NodataReport report = fill_holes(dem.view(), classes.view(), HolePolicy::fill);
    EXPECT_EQ(report.outside_cells, 3);
    EXPECT_EQ(report.hole_cells, 1);
    EXPECT_TRUE(std::isnan(dem(0, 0)) && std::isnan(dem(0, 1)) && std::isnan(dem(1, 0)));
    EXPECT_FLOAT_EQ(dem(1, 2), 5.0f);  // every valid neighbour is 5
}

TEST(NodataFill, RefillingGivesTheSameResult) {
    // Hole cells are cleared before filling, so values from an earlier fill are not taken as data.
    Grid<float> dem(8, 8);
    for (index_t r = 0; r < 8; ++r)
        for (index_t c = 0; c < 8; ++c) dem(r, c) = static_cast<float>(r * r) + 0.3f * static_cast<float>(c);
    for (index_t r = 2; r <= 5; ++r)
        for (index_t c = 2; c <= 4; ++c) dem(r, c) = kNaN;
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    fill_holes(dem.view(), classes.view(), HolePolicy::fill);
    const Grid<float> first = dem;
    const NodataReport again = fill_holes(dem.view(), classes.view(), HolePolicy::fill);
    EXPECT_EQ(again.filled_cells, 12);
    EXPECT_EQ(dem.values(), first.values());
}

TEST(NodataFill, WaterPolicyFloodsEachHoleToItsLowestRimCell) {
    Grid<float> dem = grid_from_map({
        ".......",
        ".......",
        "..NN...",
        ".......",
        ".......",
        ".N.....",
        ".......",
    });
    dem(1, 2) = 2.0f;  // on the rim of the upper hole: its spill level
    dem(3, 4) = 3.0f;  // on the same rim (diagonal), but higher
    dem(0, 0) = 1.0f;  // lower, but not on any rim
    dem(6, 0) = 4.0f;  // diagonal rim cell of the lower hole: the rim includes corners
    dem(6, 6) = 0.5f;  // far from both holes
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    const NodataReport report = fill_holes(dem.view(), classes.view(), HolePolicy::water);
    EXPECT_EQ(report.hole_count, 2);
    EXPECT_EQ(report.hole_cells, 3);
    EXPECT_EQ(report.filled_cells, 3);
    EXPECT_EQ(dem(2, 2), 2.0f);
    EXPECT_EQ(dem(2, 3), 2.0f);
    EXPECT_EQ(dem(5, 1), 4.0f);
}

TEST(NodataFill, OutsidePolicyLeavesHolesNaN) {
    Grid<float> dem = grid_from_map({
        "N....",
        ".N...",
        "...N.",
        ".....",
    });
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    dem(2, 3) = 99.0f;  // whatever a hole cell holds, the policy makes it NaN
    const NodataReport report = fill_holes(dem.view(), classes.view(), HolePolicy::outside);
    EXPECT_EQ(report.outside_cells, 1);
    EXPECT_EQ(report.hole_cells, 2);
    EXPECT_EQ(report.hole_count, 2);
    EXPECT_EQ(report.filled_cells, 0);
    EXPECT_TRUE(std::isnan(dem(1, 1)));
    EXPECT_TRUE(std::isnan(dem(2, 3)));
    EXPECT_EQ(dem(0, 1), 5.0f);
}

TEST(NodataFill, MismatchedInputsAreInputErrors) {
    Grid<float> dem = grid_from_map({"....", ".N..", "...."});
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    Grid<float> other(4, 4, 1.0f);
    EXPECT_THROW(fill_holes(other.view(), classes.view(), HolePolicy::fill), InputError);
    // A classification of another grid: a cell it calls valid is NaN here.
    Grid<float> stale = dem;
    stale(0, 3) = kNaN;
    EXPECT_THROW(fill_holes(stale.view(), classes.view(), HolePolicy::fill), InputError);
    Grid<std::uint8_t> garbage = classes;
    garbage(0, 0) = 7;
    EXPECT_THROW(fill_holes(dem.view(), garbage.view(), HolePolicy::water), InputError);
}

TEST(NodataFill, ImplausibleHeightsAreNamedWithTheirCellAndValue) {
    // An undeclared no-data value (1e30, the float maximum) or an infinity is no terrain: the message names the cell
    // and the value and says how to declare a no-data value, and never the function names behind it.
    for (const float bad : {1.0e30f, std::numeric_limits<float>::infinity(), -2.0e4f}) {
        Grid<float> dem = grid_from_map({"....", "....", "...."});
        dem(2, 1) = bad;
        const Grid<std::uint8_t> classes = classify_nodata(dem.view());
        std::string message;
        try {
            fill_holes(dem.view(), classes.view(), HolePolicy::fill);
        } catch (const InputError& e) {
            message = e.what();
        }
        EXPECT_NE(message.find("row 2, column 1"), std::string::npos) << message;
        EXPECT_NE(message.find("plausible"), std::string::npos) << message;
        EXPECT_NE(message.find("-a_nodata"), std::string::npos) << message;
        EXPECT_EQ(message.find("classify_nodata"), std::string::npos) << message;
    }
    // The bound itself is a height (±10 km).
    Grid<float> dem = grid_from_map({"....", "....", "...."});
    dem(0, 0) = kMaxAbsTerrainHeightM;
    dem(0, 1) = -kMaxAbsTerrainHeightM;
    EXPECT_NO_THROW(fill_holes(dem.view(), classify_nodata(dem.view()).view(), HolePolicy::fill));
}

TEST(NodataFill, HolePolicyNames) {
    EXPECT_EQ(parse_hole_policy("fill"), HolePolicy::fill);
    EXPECT_EQ(parse_hole_policy("Water"), HolePolicy::water);
    EXPECT_EQ(parse_hole_policy("OUTSIDE"), HolePolicy::outside);
    for (HolePolicy p : {HolePolicy::fill, HolePolicy::water, HolePolicy::outside})
        EXPECT_EQ(parse_hole_policy(to_string(p)), p);
    try {
        parse_hole_policy("interpolate");
        ADD_FAILURE() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("fill, water, outside"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace wn
