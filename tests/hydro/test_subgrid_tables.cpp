// Subgrid tables (hydro/subgrid_tables.hpp) against hand-computed volumes and conveyances.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/hydro/subgrid_tables.hpp"

namespace wn::subgrid {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

double five_thirds(double h) { return std::pow(h, 5.0 / 3.0); }

Grid<float> random_terrain(index_t rows, index_t cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> bump(-0.3f, 0.3f);
    Grid<float> z(rows, cols);
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) z(r, c) = 2.0f + 0.01f * static_cast<float>(c) + bump(rng);
    return z;
}

TableSettings settings(int ratio, int levels, double pixel_m) {
    TableSettings s;
    s.ratio = ratio;
    s.levels = levels;
    s.pixel_size_m = pixel_m;
    return s;
}

// Cell = pixel: each cell's table is its own level, volume = (z − z_b) × area exactly, and each face is the
// regular engine's face: it flows above max(z_a, z_b) with that depth, conveyance h^(5/3) · mean(1/n).
TEST(SubgridTables, RatioOneDegeneratesToTheCellsOwnLevelAndTheRegularFace) {
    const Grid<float> z = random_terrain(3, 4, 11);
    Grid<float> n(3, 4);
    for (index_t i = 0; i < n.size(); ++i) n.data()[i] = 0.02f + 0.005f * static_cast<float>(i % 5);
    const SubgridTables t = build_subgrid_tables({z.view(), n.view()}, settings(1, 10, 0.5));
    ASSERT_EQ(t.rows(), 3);
    ASSERT_EQ(t.cols(), 4);
    for (index_t r = 0; r < 3; ++r) {
        for (index_t c = 0; c < 4; ++c) {
            const double zb = z(r, c);
            EXPECT_EQ(t.cell_lowest_level_m(r, c), z(r, c));
            EXPECT_EQ(t.cell_highest_level_m(r, c), z(r, c));
            EXPECT_EQ(t.cell_top_volume_m3(r, c), 0.0f);
            for (const double depth : {0.0, 0.001, 0.37, 2.5}) {
                EXPECT_NEAR(t.volume_of_level(r, c, zb + depth), depth * 0.25, 1e-12);
                EXPECT_NEAR(t.level_of_volume(r, c, depth * 0.25), zb + depth, 1e-12);
            }
            EXPECT_EQ(t.volume_of_level(r, c, zb - 0.1), 0.0);
        }
    }
    for (index_t r = 0; r < 3; ++r) {
        for (index_t c = 0; c + 1 < 4; ++c) {
            const double crest = std::max(z(r, c), z(r, c + 1));
            EXPECT_EQ(t.u_faces().lowest_flowing_level_m[t.u_face_id(r, c)], static_cast<float>(crest));
            EXPECT_EQ(t.u_face_flow(r, c, crest - 0.01).conveyance_m2_s, 0.0);
            const double mean_inverse_n = 0.5 / n(r, c) + 0.5 / n(r, c + 1);
            for (const double depth : {0.01, 0.3, 1.7}) {
                const FaceFlow f = t.u_face_flow(r, c, crest + depth);
                EXPECT_NEAR(f.flow_depth_m, depth, 1e-6);
                EXPECT_NEAR(f.conveyance_m2_s, five_thirds(depth) * mean_inverse_n, 1e-5 * f.conveyance_m2_s);
                EXPECT_EQ(f.wet_fraction, 1.0);
            }
        }
    }
    // A v face too: between rows.
    const double crest = std::max(z(1, 2), z(2, 2));
    EXPECT_NEAR(t.v_face_flow(1, 2, crest + 0.2).flow_depth_m, 0.2, 1e-6);
}

// Property: on random terrain, volume_of_level and level_of_volume invert each other at any level and volume,
// the volume grows with the level, and the table's own steps hold the exact pixel volume (up to 16-bit levels).
TEST(SubgridTables, VolumeAndLevelAreExactInversesOnRandomTerrain) {
    const Grid<float> z = random_terrain(40, 48, 5);
    const double pixel = 0.5;
    const SubgridTables t = build_subgrid_tables({z.view(), {}}, settings(8, 10, pixel));
    ASSERT_EQ(t.rows(), 5);
    ASSERT_EQ(t.cols(), 6);
    std::mt19937 rng(99);
    for (index_t r = 0; r < t.rows(); ++r) {
        for (index_t c = 0; c < t.cols(); ++c) {
            const double zmin = t.cell_lowest_level_m(r, c), zmax = t.cell_highest_level_m(r, c);
            const double v_top = t.cell_top_volume_m3(r, c);
            ASSERT_GT(v_top, 0.0);
            EXPECT_NEAR(t.cell_area_m2(r, c), 64 * pixel * pixel, 1e-9);
            std::uniform_real_distribution<double> level(zmin + 1e-4, zmax + 1.0);
            std::uniform_real_distribution<double> volume(0.0, 2.0 * v_top);
            for (int i = 0; i < 500; ++i) {
                const double zeta = level(rng);
                EXPECT_NEAR(t.level_of_volume(r, c, t.volume_of_level(r, c, zeta)), zeta, 1e-9);
                const double v = volume(rng);
                EXPECT_NEAR(t.volume_of_level(r, c, t.level_of_volume(r, c, v)), v, 1e-9 * v_top);
                const double lower = zeta - 0.01;
                EXPECT_LE(t.volume_of_level(r, c, lower), t.volume_of_level(r, c, zeta));
            }
            const GridView<const float> cell = z.view().subview(r * 8, c * 8, 8, 8);
            const double level_quantum = (zmax - zmin) / 65535.0;
            for (int k = 0; k <= t.levels(); ++k) {
                const double zk = t.cell_table_level_m(r, c, k);
                EXPECT_NEAR(t.volume_of_level(r, c, zk), v_top * k / t.levels(), 1e-9 * v_top);
                EXPECT_NEAR(pixel_volume_m3(cell, pixel, zk), v_top * k / t.levels(),
                            t.cell_area_m2(r, c) * level_quantum + 1e-6 * v_top)
                    << "cell " << r << "," << c << " step " << k;
            }
        }
    }
}

// A plane tilted along x (slope s = 1/8, cell W = 16 m wide, 1 m pixels at levels s (c + ½)): at the level of the
// k-th pixel edge, ζ = s·k, the pixels hold V = W ζ² / (2 s), the continuous plane's quadratic. The table's
// linear interpolation of that convex curve may lie above it by at most (slope_b − slope_a)·Δζ/4 over a table step
// [ζ_a, ζ_b] (the chord bound of a convex function), where the slope is the wet area.
TEST(SubgridTables, TiltedPlaneFollowsTheQuadraticVolumeCurve) {
    const int ratio = 16;
    const double s = 0.125, width = 16.0;
    Grid<float> z(ratio, ratio);
    for (index_t r = 0; r < ratio; ++r)
        for (index_t c = 0; c < ratio; ++c) z(r, c) = static_cast<float>(s * (static_cast<double>(c) + 0.5));
    const SubgridTables t = build_subgrid_tables({z.view(), {}}, settings(ratio, 32, 1.0));
    const auto quadratic = [&](double level) { return width * level * level / (2.0 * s); };
    const auto wet_area = [&](double level, bool inclusive) {  // 16 m² per pixel column below the level
        double area = 0.0;
        for (int c = 0; c < ratio; ++c) {
            const double zc = s * (c + 0.5);
            if (zc < level || (inclusive && zc == level)) area += width;
        }
        return area;
    };
    const double quantum_volume =
        t.cell_area_m2(0, 0) * (t.cell_highest_level_m(0, 0) - t.cell_lowest_level_m(0, 0)) / 65535.0;
    for (int k = 1; k < ratio; ++k) {
        const double level = s * k;
        EXPECT_NEAR(pixel_volume_m3(z.view(), 1.0, level), quadratic(level), 1e-12 * quadratic(level));
        int step = 0;
        while (t.cell_table_level_m(0, 0, step + 1) <= level) ++step;
        const double za = t.cell_table_level_m(0, 0, step), zb = t.cell_table_level_m(0, 0, step + 1);
        const double chord = (wet_area(zb, false) - wet_area(za, true)) * (zb - za) / 4.0;
        const double v = t.volume_of_level(0, 0, level);
        EXPECT_GE(v, quadratic(level) - quantum_volume - 1e-9) << "edge " << k;
        EXPECT_LE(v, quadratic(level) + chord + quantum_volume + 1e-9) << "edge " << k;
    }
    // V_top: the highest pixel (15.5 s) just covered, Σ over 15 lower columns of 16 m² × s (15.5 − c − 0.5).
    EXPECT_NEAR(t.cell_top_volume_m3(0, 0), 16.0 * s * 120.0, 1e-4);
    // Above the top the level rises with volume / area (256 m²).
    const double v_top = t.cell_top_volume_m3(0, 0);
    EXPECT_NEAR(t.level_of_volume(0, 0, v_top + 25.6), s * 15.5 + 0.1, 1e-6);
}

// A channel two pixels wide along x through two 8 m cells of 0.5 m pixels, bed 0, banks at 1 m: below the banks
// the u face between the cells conveys the channel's own Manning conveyance, K = (2/16) h^(5/3) / n_channel per
// unit face width, with h̄ = (2/16) h. A coarse model with the cells' mean terrain would not flow at all, and one
// with the face's mean depth would convey several times less.
TEST(SubgridTables, ChannelNarrowerThanACellConveysItsPixelIntegratedManning) {
    const int ratio = 16;
    Grid<float> z(ratio, 2 * ratio, 1.0f);
    Grid<float> n(ratio, 2 * ratio, 0.03f);
    for (index_t c = 0; c < 2 * ratio; ++c) {
        for (index_t r = 7; r <= 8; ++r) {
            z(r, c) = 0.0f;
            n(r, c) = 0.025f;
        }
    }
    const SubgridTables t = build_subgrid_tables({z.view(), n.view()}, settings(ratio, 11, 0.5));
    EXPECT_EQ(t.u_faces().lowest_flowing_level_m[0], 0.0f);
    EXPECT_EQ(t.u_faces().top_level_m[0], 1.0f);
    const double h = 0.6;  // table level 6 of 0..10
    const FaceFlow f = t.u_face_flow(0, 0, h);
    const double channel_share = 2.0 / 16.0;
    const double expected = channel_share * five_thirds(h) / 0.025;
    EXPECT_NEAR(f.conveyance_m2_s, expected, 1e-6 * expected);
    EXPECT_NEAR(f.flow_depth_m, channel_share * h, 2e-5);
    EXPECT_NEAR(f.wet_fraction, channel_share, 0.5 / 255.0);
    // Mean terrain of each cell: (14 × 1 m + 2 × 0 m) / 16 = 0.875 m, above the water: no flow at all.
    EXPECT_LT(h, 0.875);
    // The face's mean depth with the banks' n conveys less than a quarter of it.
    EXPECT_GT(f.conveyance_m2_s, 4.0 * five_thirds(f.flow_depth_m) / 0.03);
    EXPECT_NEAR(f.equivalent_manning_n(), five_thirds(channel_share * h) / expected, 1e-4 * f.equivalent_manning_n());
    // Above the banks the whole face flows.
    EXPECT_NEAR(t.u_face_flow(0, 0, 1.5).wet_fraction, 1.0, 1e-9);
}

// A wall one pixel thick and 0.8 m high across the whole width, inside cell a's half of the face region: water
// below its top does not flow (SFINCS's max of the halves' lowest pixels would be the ground, 0 m), water over
// it conveys the depth over the crest, not the depth of the pond behind it. A one-pixel gap at 0.2 m opens it.
TEST(SubgridTables, WallThinnerThanACellHoldsWaterBack) {
    const int ratio = 8;
    Grid<float> z(ratio, 2 * ratio, 0.0f);
    for (index_t r = 0; r < ratio; ++r) z(r, 6) = 0.8f;
    const SubgridTables walled = build_subgrid_tables({z.view(), {}}, settings(ratio, 10, 0.5));
    EXPECT_EQ(walled.u_faces().lowest_flowing_level_m[0], 0.8f);
    EXPECT_EQ(walled.u_face_flow(0, 0, 0.79).conveyance_m2_s, 0.0);
    const FaceFlow over = walled.u_face_flow(0, 0, 0.85);
    EXPECT_NEAR(over.flow_depth_m, 0.05, 1e-6);
    EXPECT_NEAR(over.conveyance_m2_s, five_thirds(0.05) / 0.03, 1e-5 * over.conveyance_m2_s);

    // Inside the table (a 1.2 m bump in cell b's half makes the top 1.2 m; levels 0.8, 0.9, ..., 1.2): at 1.0 m
    // the 63 other pixels of the 8 × 8 region convey the 0.2 m over the crest, not the 1 m of the pond.
    z(0, 9) = 1.2f;
    const SubgridTables bumped = build_subgrid_tables({z.view(), {}}, settings(ratio, 5, 0.5));
    EXPECT_EQ(bumped.u_faces().top_level_m[0], 1.2f);
    const FaceFlow mid = bumped.u_face_flow(0, 0, 1.0);
    EXPECT_NEAR(mid.flow_depth_m, 63.0 / 64.0 * 0.2, 2e-5);
    EXPECT_NEAR(mid.conveyance_m2_s, 63.0 / 64.0 * five_thirds(0.2) / 0.03, 1e-4 * mid.conveyance_m2_s);
    z(0, 9) = 0.0f;

    z(3, 6) = 0.2f;
    const SubgridTables gap = build_subgrid_tables({z.view(), {}}, settings(ratio, 10, 0.5));
    EXPECT_EQ(gap.u_faces().lowest_flowing_level_m[0], 0.2f);
    EXPECT_GT(gap.u_face_flow(0, 0, 0.5).conveyance_m2_s, 0.0);
    // A wall outside the face region (cell a's far half) does not stop the face: the cells exchange freely.
    Grid<float> far(ratio, 2 * ratio, 0.0f);
    for (index_t r = 0; r < ratio; ++r) far(r, 1) = 0.8f;
    const SubgridTables outside = build_subgrid_tables({far.view(), {}}, settings(ratio, 10, 0.5));
    EXPECT_EQ(outside.u_faces().lowest_flowing_level_m[0], 0.0f);
}

// The crests by brute force: relax d(q) = min(d(q), max(d(neighbour), z(q))) from a line of the face region until
// nothing changes. The lowest flowing level is the lowest crest from upstream on the downstream line; the top is
// the highest max(crest from upstream, crest from downstream).
TEST(SubgridTables, FaceLevelsAreTheMinimaxPathLevelsAcrossTheRegion) {
    const int ratio = 8, half = 4;
    Grid<float> z = random_terrain(3 * ratio, 4 * ratio, 21);
    for (index_t r = 0; r < z.rows(); ++r) z(r, 13) += 0.4f;  // a ridge across the first faces, with lower points
    z(2, 13) -= 0.5f;
    const SubgridTables t = build_subgrid_tables({z.view(), {}}, settings(ratio, 10, 0.5));
    const auto relax = [&](const GridView<const float>& region, int from_col) {
        Grid<float> d(region.rows(), region.cols(), std::numeric_limits<float>::infinity());
        for (index_t r = 0; r < region.rows(); ++r) d(r, from_col) = region(r, from_col);
        for (bool changed = true; changed;) {
            changed = false;
            for (index_t r = 0; r < region.rows(); ++r) {
                for (index_t c = 0; c < region.cols(); ++c) {
                    const index_t nr[4] = {r - 1, r + 1, r, r}, nc[4] = {c, c, c - 1, c + 1};
                    for (int i = 0; i < 4; ++i) {
                        if (!region.contains(nr[i], nc[i])) continue;
                        const float through = std::max(d(nr[i], nc[i]), region(r, c));
                        if (through < d(r, c)) d(r, c) = through, changed = true;
                    }
                }
            }
        }
        return d;
    };
    for (index_t r = 0; r < t.rows(); ++r) {
        for (index_t c = 0; c + 1 < t.cols(); ++c) {
            const GridView<const float> region = z.view().subview(r * ratio, c * ratio + half, ratio, 2 * half);
            const Grid<float> up = relax(region, 0), down = relax(region, 2 * half - 1);
            float lowest = std::numeric_limits<float>::infinity(), top = -lowest;
            for (index_t i = 0; i < ratio; ++i) lowest = std::min(lowest, up(i, 2 * half - 1));
            for (index_t i = 0; i < up.size(); ++i) top = std::max(top, std::max(up.data()[i], down.data()[i]));
            EXPECT_EQ(t.u_faces().lowest_flowing_level_m[t.u_face_id(r, c)], lowest) << r << "," << c;
            EXPECT_EQ(t.u_faces().top_level_m[t.u_face_id(r, c)], top) << r << "," << c;
        }
    }
}

// Why the crest rule and not SFINCS's wet-fraction weighting: a deep cell (bed −1 m) next to a shallow one
// (bed 0.5 m), water at 0.6 m. In steady flow the two half cells are in series, so the head losses add:
// 1/K² = (1/K_a² + 1/K_b²) / 2 with K_a = 1.6^(5/3)/n and K_b = 0.1^(5/3)/n. The face must not convey more than
// that, nor much less. SFINCS's weighting has both halves fully wet (weight 1) and takes the all-pixel mean,
// (K_a + K_b)/2: 36 times too much.
TEST(SubgridTables, DeepHalfBesideAShallowHalfConveysNoMoreThanTheHalvesInSeries) {
    const int ratio = 8;
    Grid<float> z(ratio, 2 * ratio, -1.0f);
    for (index_t r = 0; r < ratio; ++r)
        for (index_t c = ratio; c < 2 * ratio; ++c) z(r, c) = 0.5f;
    const SubgridTables t = build_subgrid_tables({z.view(), {}}, settings(ratio, 10, 0.5));
    const double n = 0.03, k_a = five_thirds(1.6) / n, k_b = five_thirds(0.1) / n;
    const double series = 1.0 / std::sqrt((1.0 / (k_a * k_a) + 1.0 / (k_b * k_b)) / 2.0);
    const double sfincs_weighted = 0.5 * (k_a + k_b);
    const double k = t.u_face_flow(0, 0, 0.6).conveyance_m2_s;
    EXPECT_LE(k, series);
    EXPECT_GE(k, series / std::sqrt(2.0));
    EXPECT_GT(sfincs_weighted, 10.0 * series);
    EXPECT_EQ(t.u_faces().lowest_flowing_level_m[0], 0.5f);
}

// No data: a cell of only NaN is inactive and its faces never flow; a cell half NaN uses its valid pixels only.
TEST(SubgridTables, NoDataPixelsStoreAndConveyNothing) {
    const int ratio = 8;
    const double pixel = 0.5;
    Grid<float> z = random_terrain(ratio, 3 * ratio, 3);
    for (index_t r = 0; r < ratio; ++r) {
        for (index_t c = 0; c < ratio; ++c) z(r, c) = kNaN;          // cell 0: all no data
        for (index_t c = ratio; c < ratio + 4; ++c) z(r, c) = kNaN;  // cell 1: west half no data
    }
    const SubgridTables t = build_subgrid_tables({z.view(), {}}, settings(ratio, 10, pixel));
    EXPECT_FALSE(t.cell_active(0, 0));
    EXPECT_TRUE(std::isnan(t.level_of_volume(0, 0, 1.0)));
    EXPECT_EQ(t.volume_of_level(0, 0, 100.0), 0.0);
    EXPECT_TRUE(std::isnan(t.u_faces().lowest_flowing_level_m[0]));
    EXPECT_EQ(t.u_face_flow(0, 0, 100.0).conveyance_m2_s, 0.0);

    ASSERT_TRUE(t.cell_active(0, 1));
    const double area = 32 * pixel * pixel;
    EXPECT_NEAR(t.cell_area_m2(0, 1), area, 1e-9);
    const GridView<const float> valid = z.view().subview(0, ratio + 4, ratio, 4);
    float zmin = std::numeric_limits<float>::infinity(), zmax = -zmin;
    for (index_t r = 0; r < ratio; ++r)
        for (index_t c = 0; c < 4; ++c) zmin = std::min(zmin, valid(r, c)), zmax = std::max(zmax, valid(r, c));
    EXPECT_EQ(t.cell_lowest_level_m(0, 1), zmin);
    EXPECT_EQ(t.cell_highest_level_m(0, 1), zmax);
    EXPECT_NEAR(t.cell_top_volume_m3(0, 1), pixel_volume_m3(valid, pixel, zmax), 1e-5);
    EXPECT_NEAR(t.volume_of_level(0, 1, zmax + 1.0), t.cell_top_volume_m3(0, 1) + area, 1e-5);
    // The face between the half cell and cell 2 lies in valid pixels and flows.
    EXPECT_FALSE(std::isnan(t.u_faces().lowest_flowing_level_m[1]));
    EXPECT_GT(t.u_face_flow(0, 1, zmax + 0.5).conveyance_m2_s, 0.0);
}

TEST(SubgridTables, ResultDoesNotDependOnTheThreadCount) {
    const Grid<float> z = random_terrain(72, 56, 8);
    TableSettings one = settings(8, 10, 0.5), two = one;
    two.threads = 2;
    const SubgridTables a = build_subgrid_tables({z.view(), {}}, one);
    const SubgridTables b = build_subgrid_tables({z.view(), {}}, two);
    const auto same = [](const auto& x, const auto& y) {
        return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(x[0])) == 0;
    };
    for (const auto* faces : {&a.u_faces(), &a.v_faces()}) {
        const FaceTables& other = faces == &a.u_faces() ? b.u_faces() : b.v_faces();
        EXPECT_TRUE(same(faces->lowest_flowing_level_m, other.lowest_flowing_level_m));
        EXPECT_TRUE(same(faces->conveyance_m2_s, other.conveyance_m2_s));
        EXPECT_TRUE(same(faces->flow_depth_q, other.flow_depth_q));
    }
    for (index_t r = 0; r < a.rows(); ++r)
        for (index_t c = 0; c < a.cols(); ++c)
            for (int k = 0; k <= a.levels(); ++k)
                EXPECT_EQ(a.cell_table_level_m(r, c, k), b.cell_table_level_m(r, c, k));
    // Memory: 48 + 16 (N − 1) bytes per cell where every cell has its two faces; edge cells have fewer.
    EXPECT_LE(a.bytes_per_cell(), 48.0 + 16.0 * 9);
    EXPECT_GT(a.bytes_per_cell(), 0.85 * (48.0 + 16.0 * 9));
}

TEST(SubgridTables, BadSettingsAreRefusedWithAReason) {
    const Grid<float> z = random_terrain(8, 8, 1);
    EXPECT_THROW(build_subgrid_tables({z.view(), {}}, settings(0, 10, 0.5)), InputError);
    EXPECT_THROW(build_subgrid_tables({z.view(), {}}, settings(4, 1, 0.5)), InputError);
    EXPECT_THROW(build_subgrid_tables({z.view(), {}}, settings(4, 10, 0.0)), InputError);
    const Grid<float> wrong(8, 7, 0.03f);
    EXPECT_THROW(build_subgrid_tables({z.view(), wrong.view()}, settings(4, 10, 0.5)), InputError);
    Grid<float> zero_n(8, 8, 0.03f);
    zero_n(2, 3) = 0.0f;
    try {
        build_subgrid_tables({z.view(), zero_n.view()}, settings(4, 10, 0.5));
        FAIL() << "a Manning's n of 0 was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("row 2, column 3"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace wn::subgrid
