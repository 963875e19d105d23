// The terrain shared by the flood and blue-spot jobs: heights that no landscape has are refused with the place.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "../io/io_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/inputs.hpp"

namespace wn {
namespace {

using test::input_error_of;

Grid<float> field(float corner_value) {
    Grid<float> g(GridSpec{3, 4, {155000.0, 463003.0, 1.0}, {}}, 5.0f);
    g(2, 3) = corner_value;
    return g;
}

TEST(PlausibleHeights, NoDataAndEarthlyHeightsPass) {
    EXPECT_NO_THROW(require_plausible_heights(field(std::numeric_limits<float>::quiet_NaN()), "terrain t.tif"));
    EXPECT_NO_THROW(require_plausible_heights(field(-6.7f), "terrain t.tif"));     // Nieuwerkerk a/d IJssel, m NAP
    EXPECT_NO_THROW(require_plausible_heights(field(8848.0f), "terrain t.tif"));   // a summit, still a landscape
}

TEST(PlausibleHeights, FillValuesAndInfinitiesNameTheCell) {
    for (float bad : {1e30f, -3.4e38f, std::numeric_limits<float>::infinity(), 10001.0f}) {
        const std::string message = input_error_of([&] { require_plausible_heights(field(bad), "terrain t.tif"); });
        EXPECT_NE(message.find("terrain t.tif: the height"), std::string::npos) << message;
        EXPECT_NE(message.find("row 2, column 3 (x 155003.5, y 463000.5)"), std::string::npos) << message;
        EXPECT_EQ(message.find("classify_nodata"), std::string::npos) << message;
    }
}

TEST(PlausibleHeights, LoadTerrainChecksTheFile) {
    test::TempDir dir;
    write_cog(dir.file("t.tif"), field(1e30f));
    const std::string message = input_error_of([&] { load_terrain(dir.file("t.tif"), 0.0, "terrain"); });
    EXPECT_NE(message.find("not a plausible height"), std::string::npos) << message;
}

}  // namespace
}  // namespace wn
