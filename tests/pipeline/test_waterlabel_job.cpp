// `waternet waterlabel` as a job (pipeline/waterlabel_job.hpp) on a hand-made street: two houses sharing a 20 m yard
// (BGT erf) and a house with no yard, so every plot's parts, score and label are computed by hand; then parcels,
// measures, a depth map and neighbourhoods.
#include "waternet/pipeline/waterlabel_job.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <numeric>

#include "../io/io_test_support.hpp"
#include "waternet/io/geopackage.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn {
namespace {

std::string rect(double x0, double y0, double x1, double y1) {
    return fmt::format("[[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]]", x0, y0, x1, y1);
}

std::string feature(const std::string& properties, const std::string& rings) {
    return R"({"type":"Feature","properties":{)" + properties + R"(},"geometry":{"type":"Polygon","coordinates":)" +
           rings + "}}";
}

std::string collection(const std::vector<std::string>& features) {
    std::string s =
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
    for (std::size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
    return s + "]}";
}

// House A (100 m²) | 20 m of erf (200 m²) | house B (100 m²); house C (100 m²) alone, 60 m further east, beside a
// public lawn (begroeidterreindeel, not a yard: it joins no plot).
struct Street {
    test::TempDir dir;
    std::filesystem::path bgt = dir.path() / "bgt.geojson";
    Street() {
        test::write_file(bgt, collection({
                                  feature(R"("bgt_klasse":"pand","bag_pand":"A")", rect(1000, 1000, 1010, 1010)),
                                  feature(R"("bgt_klasse":"onbegroeidterreindeel","fysiek_voorkomen":"erf")",
                                          rect(1010, 1000, 1030, 1010)),
                                  feature(R"("bgt_klasse":"pand","bag_pand":"B")", rect(1030, 1000, 1040, 1010)),
                                  feature(R"("bgt_klasse":"pand","bag_pand":"C")", rect(1100, 1000, 1110, 1010)),
                                  feature(R"("bgt_klasse":"begroeidterreindeel","fysiek_voorkomen":"groenvoorziening")",
                                          rect(1110, 1000, 1130, 1010)),
                              }));
    }
    WaterlabelJob job() const {
        WaterlabelJob j;
        j.bgt = bgt;
        return j;
    }
};

const WaterlabelPlot& plot(const WaterlabelResult& r, const std::string& id) {
    for (const WaterlabelPlot& p : r.plots)
        if (p.id == id) return p;
    throw std::runtime_error("no plot " + id);
}

std::string label(const WaterlabelResult& r, const risk::PlotScore& s) {
    return r.scoring.labels[static_cast<std::size_t>(s.label)].label;
}

TEST(WaterlabelJob, ApproximatePlotsAreABuildingAndItsNearestYard) {
    const Street street;
    const WaterlabelResult r = compute_waterlabels(street.job());
    ASSERT_EQ(r.plots.size(), 3u);
    for (const WaterlabelPlot& p : r.plots) EXPECT_TRUE(p.approximate) << p.id;
    const WaterlabelPlot& a = plot(r, "A");
    // The yard is split in the middle: 100 m² each. Erf is of unknown make-up.
    EXPECT_DOUBLE_EQ(a.parts.plot_m2, 200.0);
    EXPECT_DOUBLE_EQ(a.parts.roof_m2, 100.0);
    EXPECT_DOUBLE_EQ(a.unknown_m2, 100.0);
    // As paving: 100·0.5 + 100·2 = 250 l / 200 m² = 1.25 mm, G; as garden: (50 + 10,000) / 200 = 50.25 mm, A.
    EXPECT_DOUBLE_EQ(a.score.held_mm, 1.25);
    EXPECT_EQ(label(r, a.score), "G");
    EXPECT_DOUBLE_EQ(a.best.held_mm, 50.25);
    EXPECT_EQ(label(r, a.best), "A");
    EXPECT_DOUBLE_EQ(plot(r, "B").parts.plot_m2, 200.0);
    // C has no yard; the public lawn beside it is not its plot: 0.5 mm, G.
    const WaterlabelPlot& c = plot(r, "C");
    EXPECT_DOUBLE_EQ(c.parts.plot_m2, 100.0);
    EXPECT_DOUBLE_EQ(c.score.held_mm, 0.5);
    EXPECT_TRUE(std::isnan(c.facade_depth_m));
    // Counts per label add up to the plots.
    const auto& n = r.report.plots_per_label;
    EXPECT_EQ(std::accumulate(n.begin(), n.end(), std::int64_t{0}), r.report.plots);
    EXPECT_EQ(r.report.approximate_plots, 3);
}

TEST(WaterlabelJob, MeasuresChangeTheirPlotsLabel) {
    const Street street;
    WaterlabelJob job = street.job();
    job.measures = street.dir.path() / "measures.geojson";
    test::write_file(
        *job.measures,
        collection({
            feature(R"("measure":"green_roof","name":"sedum A")", rect(999, 999, 1011, 1011)),
            R"({"type":"Feature","properties":{"measure":"rain_barrel","volume_l":200},"geometry":{"type":"Point","coordinates":[1035,1005]}})",
        }));
    const WaterlabelResult r = compute_waterlabels(job);
    // A: 100 m² green roof · 20 mm = 2,000 l + 100 m² unknown as paving 200 l = 2,200 l / 200 m² = 11 mm, E.
    EXPECT_DOUBLE_EQ(plot(r, "A").parts.green_roof_m2, 100.0);
    EXPECT_DOUBLE_EQ(plot(r, "A").score.held_mm, 11.0);
    EXPECT_EQ(label(r, plot(r, "A").score), "E");
    // B: 50 + 200 (barrel) + 200 = 450 l / 200 m² = 2.25 mm, F.
    EXPECT_DOUBLE_EQ(plot(r, "B").parts.rain_barrel_l, 200.0);
    EXPECT_EQ(label(r, plot(r, "B").score), "F");
    EXPECT_EQ(r.report.measures, 2);
    EXPECT_EQ(r.report.measures_outside_plots, 0);
}

TEST(WaterlabelJob, AnUnknownMeasureKindIsNamed) {
    const Street street;
    WaterlabelJob job = street.job();
    job.measures = street.dir.path() / "measures.geojson";
    test::write_file(*job.measures,
                     collection({feature(R"("measure":"moat","name":"gracht")", rect(999, 999, 1011, 1011))}));
    const std::string message = test::input_error_of([&] { compute_waterlabels(job); });
    EXPECT_NE(message.find("unknown measure kind 'moat'"), std::string::npos) << message;
    EXPECT_NE(message.find("feature 1 ('gracht')"), std::string::npos) << message;
}

TEST(WaterlabelJob, ParcelsAreExactPlotsWithTheDepthAtTheFacadeAndTheirNeighbourhood) {
    const Street street;
    WaterlabelJob job = street.job();
    job.parcels = street.dir.path() / "parcels.geojson";
    test::write_file(
        *job.parcels,
        collection({
            feature(R"("identificatieLokaalID":"P1")", rect(1000, 1000, 1025, 1010)),  // A + 15 m of the yard
            feature(R"("identificatieLokaalID":"P2")", rect(1025, 1000, 1040, 1010)),  // 5 m of the yard + B
        }));
    // 0.30 m of water everywhere east of x = 1035 (against B's façade), dry elsewhere; 1 m cells.
    GridSpec spec{40, 160, {980.0, 1020.0, 1.0}, {}};
    Grid<float> depth(spec, 0.0f);
    for (index_t r = 0; r < spec.rows; ++r)
        for (index_t c = 0; c < spec.cols; ++c)
            if (spec.transform.cell_center_x(c) > 1040.0) depth(r, c) = 0.30f;
    job.depth = street.dir.path() / "depth.tif";
    write_cog(job.depth->string(), depth);
    job.neighbourhoods = street.dir.path() / "buurten.geojson";
    test::write_file(*job.neighbourhoods, collection({feature(R"("name":"West")", rect(900, 900, 1020, 1100)),
                                                      feature(R"("name":"Oost")", rect(1020, 900, 1200, 1100))}));
    const WaterlabelResult r = compute_waterlabels(job);
    ASSERT_EQ(r.plots.size(), 2u);
    const WaterlabelPlot& p1 = plot(r, "P1");
    EXPECT_FALSE(p1.approximate);
    EXPECT_DOUBLE_EQ(p1.parts.plot_m2, 250.0);
    EXPECT_DOUBLE_EQ(p1.unknown_m2, 150.0);
    EXPECT_EQ(p1.buildings, 1);
    EXPECT_FLOAT_EQ(p1.facade_depth_m, 0.0f);
    EXPECT_FLOAT_EQ(plot(r, "P2").facade_depth_m, 0.30f);
    // P1's representative point lies west of x = 1020 or east of it; either way each plot has one neighbourhood.
    EXPECT_EQ(r.neighbourhood_names, (std::vector<std::string>{"West", "Oost"}));
    EXPECT_EQ(plot(r, "P2").neighbourhood, 2);
    EXPECT_EQ(r.report.approximate_plots, 0);
}

// PDOK's kadastrale kaart is a GeoPackage with several layers: the parcels are read from the layer named.
TEST(WaterlabelJob, ParcelsComeFromTheNamedLayerOfAGeoPackage) {
    const Street street;
    WaterlabelJob job = street.job();
    job.parcels = street.dir.path() / "brk.gpkg";
    LayerOut labels{"openbareruimtelabel",
                    "Point",
                    {{"tekst", FieldType::text}},
                    {{"POINT (1005 1005)", {std::string("Straat")}}},
                    "",
                    ""};
    LayerOut perceel{"perceel", "Polygon", {{"identificatieLokaalID", FieldType::text}}, {}, "", ""};
    perceel.rows.push_back({"POLYGON ((1000 1000,1040 1000,1040 1010,1000 1010,1000 1000))", {std::string("P-AB")}});
    write_geopackage(*job.parcels, {labels, perceel});
    job.parcels_layer = "perceel";
    const WaterlabelResult r = compute_waterlabels(job);
    ASSERT_EQ(r.plots.size(), 1u);
    const WaterlabelPlot& p = plot(r, "P-AB");
    EXPECT_EQ(p.buildings, 2);
    EXPECT_DOUBLE_EQ(p.parts.plot_m2, 400.0);
    EXPECT_DOUBLE_EQ(p.parts.roof_m2, 200.0);
    job.parcels_layer = "percelen";
    EXPECT_NE(test::input_error_of([&] { compute_waterlabels(job); })
                  .find("has no layer 'percelen' (it has: "
                        "openbareruimtelabel, perceel)"),
              std::string::npos);
}

TEST(WaterlabelJob, TheJobWritesTheLayerAndTablesThatAddUp) {
    const Street street;
    WaterlabelJob job = street.job();
    job.output_dir = street.dir.path() / "out";
    std::filesystem::create_directories(job.output_dir);
    // One neighbourhood holding house A only: B and C are outside every zone.
    job.neighbourhoods = street.dir.path() / "buurten.geojson";
    test::write_file(*job.neighbourhoods,
                     collection({feature(R"("buurtnaam":"West, \"oud\"")", rect(990, 990, 1012, 1020))}));
    const WaterlabelReport rep = run_waterlabel_job(job);
    const auto features = read_features((job.output_dir / "waterlabel.gpkg").string());
    ASSERT_EQ(features.size(), 3u);
    EXPECT_EQ(features[0].attributes.at("approximate"), "1");
    const std::string csv = test::read_file(job.output_dir / "waterlabel_all.csv");
    EXPECT_NE(csv.find("\"all\",3,"), std::string::npos) << csv;
    EXPECT_TRUE(std::filesystem::exists(job.output_dir / "provenance.json"));
    EXPECT_EQ(rep.tables.front().names.back(), "all");
    const std::string zones = test::read_file(job.output_dir / "waterlabel_neighbourhoods.csv");
    EXPECT_NE(zones.find("\"West, \"\"oud\"\"\",1,"), std::string::npos) << zones;
    EXPECT_NE(zones.find("\"(outside every zone)\",2,"), std::string::npos) << zones;
    EXPECT_NE(zones.find("\"all\",3,"), std::string::npos) << zones;
    ASSERT_EQ(rep.tables.size(), 2u);
    for (const WaterlabelZoneTable& t : rep.tables) {
        const auto sum = [](const std::vector<std::int64_t>& row) {
            return std::accumulate(row.begin(), row.end(), std::int64_t{0});
        };
        EXPECT_EQ(sum(t.counts.back()), 3) << t.kind;  // the row "all"
        std::int64_t zones_sum = 0;
        for (std::size_t r = 0; r + 1 < t.counts.size(); ++r) zones_sum += sum(t.counts[r]);
        if (t.counts.size() > 1) {
            EXPECT_EQ(zones_sum, 3) << t.kind;  // the zone rows add up to the plots
        }
    }
}

}  // namespace
}  // namespace wn
