// Buildings, tree crowns and vegetation from DSM − DTM, with and without land cover and footprints.
#include <gtest/gtest.h>

#include <random>

#include "waternet/heat/surface_objects.hpp"
#include "waternet/hydro/land_cover.hpp"

namespace wn::heat {
namespace {

// A 30 × 30 grid, flat terrain at 1 m: a pitched roof (planar slopes, 6..7.6 m above ground) in the west and a
// rough tree crown (5..9 m, random per cell) in the east.
struct Scene {
    Grid<float> dtm{30, 30, 1.0f}, dsm{30, 30, 1.0f};
    Scene() {
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> crown(5.0f, 9.0f);
        for (index_t r = 5; r < 25; ++r)
            for (index_t c = 2; c < 12; ++c)
                dsm(r, c) = 1.0f + 6.0f + 0.4f * static_cast<float>(c < 7 ? c - 2 : 11 - c);
        for (index_t r = 8; r < 20; ++r)
            for (index_t c = 17; c < 27; ++c) dsm(r, c) = 1.0f + crown(rng);
    }
};

TEST(SurfaceObjects, RoughnessTellsCrownsFromRoofsWithoutLandCover) {
    const Scene s;
    const SurfaceObjects o = classify_surface(s.dsm.view(), s.dtm.view(), {}, {});
    EXPECT_EQ(static_cast<SurfaceKind>(o.kind(15, 6)), SurfaceKind::building);
    EXPECT_EQ(static_cast<SurfaceKind>(o.kind(15, 2)), SurfaceKind::building);  // the roof edge too
    EXPECT_EQ(static_cast<SurfaceKind>(o.kind(0, 0)), SurfaceKind::ground);
    EXPECT_FLOAT_EQ(o.height_m(15, 3), 6.4f);
    index_t crown_as_tree = 0;
    for (index_t r = 9; r < 19; ++r)
        for (index_t c = 18; c < 26; ++c) crown_as_tree += static_cast<SurfaceKind>(o.kind(r, c)) == SurfaceKind::tree;
    EXPECT_GT(crown_as_tree, 0.8 * 80);  // the interior of the crown is mostly recognised
    EXPECT_EQ(o.vegetation(12, 20), static_cast<SurfaceKind>(o.kind(12, 20)) == SurfaceKind::tree);
    EXPECT_EQ(o.vegetation(15, 6), 0);
}

TEST(SurfaceObjects, LandCoverAndFootprintsDecide) {
    Scene s;
    for (index_t r = 26; r < 28; ++r)
        for (index_t c = 20; c < 26; ++c) s.dsm(r, c) = 4.0f;  // a smooth 3 m shelter on the paving
    Grid<std::uint8_t> cover(30, 30, kPaved), footprints(30, 30, 0);
    for (index_t r = 5; r < 25; ++r)
        for (index_t c = 2; c < 12; ++c) footprints(r, c) = 1;
    for (index_t r = 0; r < 3; ++r)
        for (index_t c = 0; c < 30; ++c) cover(r, c) = kGrass;
    cover(12, 22) = kImpermeable;  // a wall under the crown
    const SurfaceObjects o = classify_surface(s.dsm.view(), s.dtm.view(), cover.view(), footprints.view());
    EXPECT_EQ(o.building_cells, 200);
    EXPECT_EQ(static_cast<SurfaceKind>(o.kind(12, 20)), SurfaceKind::tree);  // rough crown over paving
    EXPECT_EQ(static_cast<SurfaceKind>(o.kind(12, 22)), SurfaceKind::structure);
    EXPECT_EQ(static_cast<SurfaceKind>(o.kind(26, 22)), SurfaceKind::structure);  // smooth, on paving
    EXPECT_EQ(o.vegetation(1, 5), 1);                                             // grass
    EXPECT_EQ(o.vegetation(28, 5), 0);                                            // paving
    EXPECT_EQ(o.vegetation(12, 20), 1);
    // Without land cover the shelter is taken for a small building.
    const SurfaceObjects bare = classify_surface(s.dsm.view(), s.dtm.view(), {}, {});
    EXPECT_EQ(static_cast<SurfaceKind>(bare.kind(26, 22)), SurfaceKind::building);
}

TEST(SurfaceObjects, NoDataStaysNoData) {
    Scene s;
    s.dsm(0, 0) = NAN;
    const SurfaceObjects o = classify_surface(s.dsm.view(), s.dtm.view(), {}, {});
    EXPECT_EQ(static_cast<SurfaceKind>(o.kind(0, 0)), SurfaceKind::nodata);
    EXPECT_TRUE(std::isnan(o.height_m(0, 0)));
}

}  // namespace
}  // namespace wn::heat
