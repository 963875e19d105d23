// A small stress-test results folder for the server tests, written the way `waternet stresstest` writes one
// (docs/viewer.md, "The results folder"): 20 × 20 cells of 10 m near Enschede, values chosen by hand.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "waternet/core/grid.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn::server::testing {

namespace fs = std::filesystem;

// The fixture grid: origin (west, north) and cell size.
inline constexpr double kWest = 257000.0, kNorth = 471200.0, kCell = 10.0;
inline constexpr int kRows = 20, kCols = 20;
// The hand-set cell: row 5, column 7 → centre (257075, 471145).
inline constexpr int kWetRow = 5, kWetCol = 7;
inline constexpr float kWetDepthM = 0.42f;       // class 0.30–0.50 m
inline constexpr float kWetDurationS = 7200.0f;  // 2 h above 10 cm
inline constexpr float kPetC = 37.5f;            // strong heat stress (35–41)
inline constexpr double kWetX = kWest + (kWetCol + 0.5) * kCell;
inline constexpr double kWetY = kNorth - (kWetRow + 0.5) * kCell;

inline GridSpec fixture_spec() { return GridSpec{kRows, kCols, GeoTransform{kWest, kNorth, kCell}, ""}; }

inline void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

inline void write_grid(const fs::path& path, const Grid<float>& grid) {
    fs::create_directories(path.parent_path());
    write_cog(path.string(), grid);
}

// Writes the folder and returns its path (removed by the caller's TempDir).
inline fs::path write_results_fixture(const fs::path& dir) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    fs::create_directories(dir);
    Grid<float> terrain(fixture_spec()), depth(fixture_spec(), 0.0f), duration(fixture_spec(), 0.0f),
        pet(fixture_spec(), 30.0f), bluespot(fixture_spec(), nan), draft(fixture_spec(), 0.8f),
        frame0(fixture_spec(), 0.0f), frame1(fixture_spec(), 0.0f);
    for (int r = 0; r < kRows; ++r)
        for (int c = 0; c < kCols; ++c)
            terrain(r, c) = 30.0f + 0.1f * static_cast<float>(r) + 0.05f * static_cast<float>(c);
    depth(kWetRow, kWetCol) = kWetDepthM;
    depth(0, 0) = nan;
    duration(kWetRow, kWetCol) = kWetDurationS;
    pet(kWetRow, kWetCol) = kPetC;
    bluespot(kWetRow, kWetCol) = 0.25f;
    frame1(kWetRow, kWetCol) = 0.12f;
    write_grid(dir / "terrain/dtm_m.tif", terrain);
    write_grid(dir / "scenarios/enschede/T100/max_depth_m.tif", depth);
    write_grid(dir / "scenarios/enschede/T100/duration_above_10cm_s.tif", duration);
    write_grid(dir / "scenarios/enschede/T100/frames/depth_000300s.tif", frame0);
    write_grid(dir / "scenarios/enschede/T100/frames/depth_000600s.tif", frame1);
    write_grid(dir / "scenarios/enschede/T250_draft/max_depth_m.tif", draft);
    write_grid(dir / "heat/enschede/pet_c.tif", pet);
    write_grid(dir / "bluespots/enschede/bluespot_depth_m.tif", bluespot);
    write_text(dir / "reports/GM0153.html", "<html><body><h1>Enschede</h1></body></html>");
    write_text(
        dir / "tables/partner_indicators.json",
        R"({"GM0153": {"enschede": {"T100": {"buildings_facade_over_10cm": 12}, "T250_draft": {"buildings_facade_over_10cm": 40}}}})");
    write_text(dir / "places.geojson", R"({"type": "FeatureCollection",
      "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
      "features": [
        {"type": "Feature", "properties": {"name": "Stadsbeekstraat", "kind": "street", "partner": "GM0153"},
         "geometry": {"type": "Point", "coordinates": [257075, 471145]}},
        {"type": "Feature", "properties": {"name": "Het Zwering", "kind": "neighbourhood", "partner": "GM0153"},
         "geometry": {"type": "Point", "coordinates": [257150, 471050]}},
        {"type": "Feature", "properties": {"name": "Enschede", "kind": "municipality", "partner": "GM0153"},
         "geometry": {"type": "Point", "coordinates": [257100, 471100]}},
        {"type": "Feature", "properties": {"name": "Ćrème Brûlée-straat", "kind": "street", "partner": "GM0153"},
         "geometry": {"type": "Point", "coordinates": [257010, 471010]}}]})");
    const nlohmann::json manifest = {
        {"region", {{"id", "twente"}, {"name", "Twents waternet"}, {"crs", "EPSG:28992"}}},
        {"software", {{"name", "waternet"}, {"version", "0.test"}}},
        {"partners",
         {{{"id", "GM0153"},
           {"name", "Enschede"},
           {"kind", "municipality"},
           {"bbox", {kWest, kNorth - kRows * kCell, kWest + kCols * kCell, kNorth}},
           {"report", "reports/GM0153.html"}}}},
        {"layers",
         {{{"id", "enschede/terrain"},
           {"theme", "terrain"},
           {"area", "enschede"},
           {"scenario", nullptr},
           {"title", "Terrain"},
           {"legend", "hillshade"},
           {"path", "terrain/dtm_m.tif"},
           {"access", "public"}},
          {{"id", "enschede/T100/max_depth"},
           {"theme", "flood"},
           {"area", "enschede"},
           {"scenario", "T100"},
           {"title", "Maximum water depth, T100"},
           {"legend", "depth_m"},
           {"path", "scenarios/enschede/T100/max_depth_m.tif"},
           {"access", "public"},
           {"storm", {{"id", "T100"}, {"rain_mm", 70.0}, {"duration_h", 1.0}, {"return_period_years", 100.0}}},
           {"frames",
            {{{"time_s", 300}, {"path", "scenarios/enschede/T100/frames/depth_000300s.tif"}},
             {{"time_s", 600}, {"path", "scenarios/enschede/T100/frames/depth_000600s.tif"}}}}},
          {{"id", "enschede/T100/duration"},
           {"theme", "flood"},
           {"area", "enschede"},
           {"scenario", "T100"},
           {"title", "Water above 10 cm, T100"},
           {"legend", "duration_h"},
           {"path", "scenarios/enschede/T100/duration_above_10cm_s.tif"},
           {"access", "public"},
           {"threshold_m", 0.1}},
          {{"id", "enschede/T250_draft/max_depth"},
           {"theme", "flood"},
           {"area", "enschede"},
           {"scenario", "T250_draft"},
           {"title", "Draft"},
           {"legend", "depth_m"},
           {"path", "scenarios/enschede/T250_draft/max_depth_m.tif"},
           {"access", "partner"}},
          {{"id", "enschede/heat/pet"},
           {"theme", "heat"},
           {"area", "enschede"},
           {"scenario", nullptr},
           {"title", "PET"},
           {"legend", "pet_c"},
           {"path", "heat/enschede/pet_c.tif"},
           {"access", "public"}},
          {{"id", "enschede/bluespots"},
           {"theme", "bluespots"},
           {"area", "enschede"},
           {"scenario", nullptr},
           {"title", "Blue spots"},
           {"legend", "bluespot_depth_m"},
           {"path", "bluespots/enschede/bluespot_depth_m.tif"},
           {"access", "public"}}}},
        {"places", "places.geojson"},
        {"indicators", "tables/partner_indicators.json"}};
    write_text(dir / "stresstest.json", manifest.dump(2));
    return dir;
}

// The map's overlays as a hand-made folder lists them (manifest "overlays"): a municipality square with a square
// hole and a neighbourhood (in RD New), and two roads in Amersfoort geographic coordinates (EPSG:4289), one a
// primary road through RD's origin (lat 52.15616055555555, lon 5.38763888888889 is x 155000, y 463000 by the
// definition of RD New), one a footway, which the map leaves out.
inline void add_overlay_fixture(const fs::path& dir) {
    write_text(dir / "overlays/borders.geojson", R"({"type": "FeatureCollection",
      "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
      "features": [
        {"type": "Feature", "properties": {"gm_naam": "Enschede"}, "geometry": {"type": "Polygon", "coordinates": [
          [[257000, 471000], [257200, 471000], [257200, 471200], [257000, 471200], [257000, 471000]],
          [[257050, 471050], [257100, 471050], [257100, 471100], [257050, 471050]]]}},
        {"type": "Feature", "properties": {"gm_naam": "Lonneker"}, "geometry": {"type": "Point", "coordinates": [257000, 471000]}}]})");
    write_text(dir / "overlays/buurten.geojson", R"({"type": "FeatureCollection",
      "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
      "features": [
        {"type": "Feature", "properties": {"name": "Het Zwering"}, "geometry": {"type": "Polygon", "coordinates": [
          [[257100, 471000], [257200, 471000], [257200, 471100], [257100, 471000]]]}}]})");
    write_text(dir / "overlays/roads.geojson", R"({"type": "FeatureCollection",
      "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4289"}},
      "features": [
        {"type": "Feature", "properties": {"name": "Rijksweg", "highway": "primary"}, "geometry": {"type": "LineString",
          "coordinates": [[5.38763888888889, 52.15616055555555], [5.39, 52.16]]}},
        {"type": "Feature", "properties": {"name": "Pad", "highway": "footway"}, "geometry": {"type": "LineString",
          "coordinates": [[5.38, 52.15], [5.381, 52.151]]}}]})");
    std::ifstream in(dir / "stresstest.json");
    nlohmann::json manifest = nlohmann::json::parse(in);
    manifest["overlays"] = {
        {"borders",
         {{{"path", "overlays/borders.geojson"}, {"kind", "municipality"}, {"name_field", "gm_naam"}},
          {{"path", "overlays/buurten.geojson"}, {"kind", "neighbourhood"}}}},
        {"roads", {{{"path", "overlays/roads.geojson"}, {"class_field", "highway"}}}}};
    write_text(dir / "stresstest.json", manifest.dump(2));
}

// A unique temporary folder, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("waternet_server_test_" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

}  // namespace wn::server::testing
