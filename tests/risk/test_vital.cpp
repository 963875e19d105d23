#include "waternet/risk/vital.hpp"

#include <gtest/gtest.h>

#include <set>

#include "risk_test_support.hpp"

namespace wn::risk {
namespace {

using test::input_error_of;
using test::kNaN;

TEST(Vital, ThirteenNationalCategoriesInEnumOrder) {
    const auto all = national_vital_categories();
    ASSERT_EQ(all.size(), 13u);
    std::set<std::string_view> keys, dutch;
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(static_cast<std::size_t>(all[i].category), i);
        keys.insert(all[i].key);
        dutch.insert(all[i].dutch);
    }
    EXPECT_EQ(keys.size(), 13u);
    EXPECT_EQ(dutch.size(), 13u);
}

TEST(Vital, ParsesKeysEnglishAndDutchInAnyCase) {
    EXPECT_EQ(parse_vital_category("Drinking water").category, VitalCategory::kDrinkingWater);
    EXPECT_EQ(parse_vital_category("drinking_water").category, VitalCategory::kDrinkingWater);
    EXPECT_EQ(parse_vital_category("DRINKWATER").category, VitalCategory::kDrinkingWater);
    EXPECT_EQ(parse_vital_category("  gezondheidszorg ").category, VitalCategory::kHealthCare);
    EXPECT_EQ(parse_vital_category("ict").category, VitalCategory::kIct);
    EXPECT_EQ(parse_vital_category("Surface-water management").category, VitalCategory::kSurfaceWaterManagement);
    EXPECT_EQ(parse_vital_category("oppervlaktewaterbeheer").category, VitalCategory::kSurfaceWaterManagement);
    EXPECT_EQ(parse_vital_category("Infectieuze stoffen").category, VitalCategory::kInfectiousSubstances);
    EXPECT_EQ(parse_vital_category("nucleair").key(), "nuclear");
    EXPECT_EQ(parse_vital_category("waste water").dutch(), "afvalwater");
    EXPECT_EQ(parse_vital_category("afvalwater").english(), "waste water");
}

TEST(Vital, LocalCategoriesKeepTheirName) {
    const VitalCategoryRef care = parse_vital_category("local: Zorginstelling");
    EXPECT_EQ(care.category, VitalCategory::kLocal);
    EXPECT_EQ(care.local_name, "Zorginstelling");
    EXPECT_EQ(care.key(), "local:Zorginstelling");
    EXPECT_EQ(parse_vital_category("LOCAL:school").local_name, "school");
}

TEST(Vital, UnknownCategoryListsTheValidOnes) {
    const std::string message = input_error_of([] { parse_vital_category("stroomnet"); });
    EXPECT_NE(message.find("\"stroomnet\""), std::string::npos) << message;
    EXPECT_NE(message.find("drinking_water (drinkwater)"), std::string::npos) << message;
    EXPECT_NE(message.find("local:<name>"), std::string::npos) << message;
    EXPECT_NE(input_error_of([] { parse_vital_category("local:  "); }).find("needs a name"), std::string::npos);
}

// 5×5 cells of 1 m, x 0..5, y 0..5.
struct PointCase {
    Grid<float> depth{5, 5, 0.0f};
    GeoTransform transform{0.0, 5.0, 1.0};
    PointCase() {
        depth(2, 2) = 0.05f;
        depth(2, 4) = 0.40f;  // two cells east of the middle
        depth(0, 0) = kNaN;
    }
};

TEST(Vital, PointReadsItsCellOrTheMaxWithinTheRadius) {
    PointCase c;
    const MapPoint middle{2.5, 2.5};
    EXPECT_FLOAT_EQ(point_exposure(c.depth.view(), c.transform, middle).depth_m, 0.05f);
    EXPECT_FLOAT_EQ(point_exposure(c.depth.view(), c.transform, middle, 1.5).depth_m, 0.05f);  // centre at 2 m: out
    const PointExposure wide = point_exposure(c.depth.view(), c.transform, middle, 2.0);       // centre at 2 m: in
    EXPECT_FLOAT_EQ(wide.depth_m, 0.40f);
    EXPECT_EQ(wide.cells_read, 13);  // the cells whose centre is within 2 m: 1 + 4 + 4 + 4
    EXPECT_TRUE(wide.inside_grid);

    const PointExposure outside = point_exposure(c.depth.view(), c.transform, {-3.0, 2.5});
    EXPECT_FALSE(outside.inside_grid);
    EXPECT_TRUE(std::isnan(outside.depth_m));
    EXPECT_TRUE(std::isnan(point_exposure(c.depth.view(), c.transform, {0.5, 4.5}).depth_m));  // the NaN cell
    // Outside, but the radius reaches into the grid.
    EXPECT_FLOAT_EQ(point_exposure(c.depth.view(), c.transform, {-0.5, 2.5}, 1.0).depth_m, 0.0f);
    EXPECT_NE(input_error_of([&] { point_exposure(c.depth.view(), c.transform, middle, -1.0); }).find("radius"),
              std::string::npos);
}

TEST(Vital, PolygonTakesTheDeeperOfInsideAndRing) {
    const auto depth = test::grid_of<float>({
        {0, 0, 0, 0, 0, 0},
        {0, 0.4f, 0, 0, 0, 0.2f},
        {0, 0, 0, 0, 2, 0},
        {0, 0, 0, 0, 0, 0},
    });
    const auto ids = test::grid_of<std::int32_t>({
        {0, 0, 0, 0, 0, 0},
        {0, 1, 0, 0, 2, 0},
        {0, 1, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0},
    });
    const std::vector<float> d = polygon_exposure(depth.view(), ids.view(), 2);
    EXPECT_FLOAT_EQ(d[0], 0.4f);  // water inside the site
    EXPECT_FLOAT_EQ(d[1], 2.0f);  // water in its ring: 0.2 m east, 2 m south; the deeper counts
}

TEST(Vital, HighestThresholdExceeded) {
    const std::vector<double> t{0.05, 0.10, 0.15, 0.30};
    EXPECT_EQ(highest_threshold_exceeded(0.12f, t), 1);
    EXPECT_EQ(highest_threshold_exceeded(0.15f, t), 1);  // not over 0.15
    EXPECT_EQ(highest_threshold_exceeded(0.50f, t), 3);
    EXPECT_EQ(highest_threshold_exceeded(0.01f, t), -1);
    EXPECT_EQ(highest_threshold_exceeded(kNaN, t), -1);
    const std::vector<double> unordered{0.1, 0.05};
    EXPECT_NE(input_error_of([&] { highest_threshold_exceeded(0.2f, unordered); }).find("increasing"),
              std::string::npos);
}

}  // namespace
}  // namespace wn::risk
