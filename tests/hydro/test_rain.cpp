#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>

#include "waternet/core/error.hpp"
#include "waternet/hydro/rain.hpp"

namespace wn {
namespace {

namespace fs = std::filesystem;

constexpr double kMmPerH = 1.0e-3 / 3600.0;  // 1 mm/h in m/s
constexpr double kMm = 1.0e-3;
constexpr double kDepthTolerance = 1.0e-6 * kMm;

fs::path storms_csv() {
    return fs::path(WATERNET_DATA_DIR) / "rain" / "design_storms_rioned_bui01-10_deltaprogramma.csv";
}

// A fresh folder per test for the small files the tests write.
class RainFiles : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("waternet_rain_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path path = dir_ / name;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    fs::path dir_;
};

// The message of the InputError that f throws, or a failure if it throws nothing.
template <class F>
std::string input_error_of(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected an InputError";
    return {};
}

// ------------------------------------------------------------------------------------------------ storms

TEST(Storm, DeltaProgrammeEventsHaveTheirPublishedDepthsAndDurations) {
    // Delta Programme 2019 standard events: 70 / 90 mm in 1 h, 160 mm in 2 h; 120 / 130 / 160 mm in 48 h.
    struct Expected {
        const char* name;
        double depth_mm;
        double duration_s;
    };
    for (const Expected& e : {Expected{"T100", 70.0, 3600.0}, Expected{"T250", 90.0, 3600.0},
                              Expected{"T1000", 160.0, 7200.0}, Expected{"T100_48h", 120.0, 48 * 3600.0},
                              Expected{"T250_48h", 130.0, 48 * 3600.0}, Expected{"T1000_48h", 160.0, 48 * 3600.0}}) {
        SCOPED_TRACE(e.name);
        const RainSeries storm = standard_storm(e.name, storms_csv());
        EXPECT_EQ(storm.name(), e.name);
        EXPECT_NEAR(storm.total_depth_m(), e.depth_mm * kMm, kDepthTolerance);
        EXPECT_DOUBLE_EQ(storm.duration_s(), e.duration_s);
        // All six are constant-rate events.
        EXPECT_NEAR(storm.peak_intensity_m_per_s(), e.depth_mm / (e.duration_s / 3600.0) * kMmPerH, 1e-6 * kMmPerH);
    }
}

TEST(Storm, ReturnPeriodsAreThoseOfTheStandard) {
    // Delta Programme 2019: T100/T250/T1000 and their 48 h versions are 1/100, 1/250, 1/1000 per year; the
    // Klimaateffectatlas reads NL70_2h as about 1/100 and NL140_2h as about 1/1000 today; Bui08 is RIONED's 2 year storm.
    const std::map<std::string, double> expected{{"T100", 100},     {"T250", 250},      {"T1000", 1000},
                                                 {"T100_48h", 100}, {"T250_48h", 250},  {"T1000_48h", 1000},
                                                 {"NL70_2h", 100},  {"NL140_2h", 1000}, {"bui08", 2}};
    for (const auto& [name, years] : expected) {
        SCOPED_TRACE(name);
        EXPECT_DOUBLE_EQ(standard_storm_return_period_years(name, storms_csv()), years);
    }
    EXPECT_THROW(standard_storm_return_period_years("T42", storms_csv()), InputError);
}

TEST(Storm, RionedBuienMatchTheDepthsInTheTable) {
    // Sum the table's depth_mm column per storm independently of the reader under test.
    std::ifstream in(storms_csv());
    ASSERT_TRUE(in) << storms_csv();
    std::map<std::string, double> depth_mm, end_min;
    std::string line;
    bool header_seen = false;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (!header_seen) {
            header_seen = true;
            continue;
        }
        std::vector<std::string> f;
        std::stringstream fields(line);
        for (std::string v; std::getline(fields, v, ',');) f.push_back(v);
        ASSERT_EQ(f.size(), 8u) << line;
        depth_mm[f[0]] += std::stod(f[6]);
        end_min[f[0]] = std::max(end_min[f[0]], std::stod(f[5]));
    }
    for (int i = 1; i <= 10; ++i) {
        const std::string name = (i < 10 ? "Bui0" : "Bui") + std::to_string(i);
        SCOPED_TRACE(name);
        ASSERT_TRUE(depth_mm.count(name));
        const RainSeries storm = standard_storm(name, storms_csv());
        EXPECT_NEAR(storm.total_depth_m(), depth_mm[name] * kMm, kDepthTolerance);
        EXPECT_DOUBLE_EQ(storm.duration_s(), end_min[name] * 60.0);
    }
    // The lightest and heaviest of the series as documented in data/NOTICE.md (10.5 and 35.7 mm).
    EXPECT_NEAR(standard_storm("Bui01", storms_csv()).total_depth_m(), 10.5 * kMm, kDepthTolerance);
    EXPECT_NEAR(standard_storm("Bui10", storms_csv()).total_depth_m(), 35.7 * kMm, kDepthTolerance);
}

TEST(Storm, NationalMapStormsAreConstantOverTwoHours) {
    const RainSeries nl70 = standard_storm("NL70_2h", storms_csv());
    EXPECT_NEAR(nl70.total_depth_m(), 70.0 * kMm, kDepthTolerance);
    EXPECT_DOUBLE_EQ(nl70.duration_s(), 7200.0);
    EXPECT_NEAR(nl70.intensity_m_per_s(3000.0), 35.0 * kMmPerH, 1e-12 * kMmPerH);
    const RainSeries nl140 = standard_storm("NL140_2h", storms_csv());
    EXPECT_NEAR(nl140.total_depth_m(), 140.0 * kMm, kDepthTolerance);
    EXPECT_DOUBLE_EQ(nl140.duration_s(), 7200.0);
    EXPECT_NEAR(nl140.peak_intensity_m_per_s(), 70.0 * kMmPerH, 1e-12 * kMmPerH);
    // They are defined in code: no table needed.
    EXPECT_NO_THROW(standard_storm("NL70_2h", "/nonexistent/storms.csv"));
}

TEST(Storm, EveryListedNameLoadsAndNamesMatchCaseInsensitively) {
    const auto names = standard_storm_names();
    EXPECT_EQ(names.size(), 18u);
    for (const auto& name : names) {
        SCOPED_TRACE(name);
        const RainSeries storm = standard_storm(name, storms_csv());
        EXPECT_EQ(storm.name(), name);
        EXPECT_GT(storm.total_depth_m(), 0.0);
    }
    EXPECT_EQ(standard_storm("t100_48H", storms_csv()).name(), "T100_48h");
    EXPECT_EQ(standard_storm("bui05", storms_csv()).name(), "Bui05");
}

TEST(Storm, UnknownNameListsTheValidNames) {
    const std::string message = input_error_of([] { standard_storm("T10", storms_csv()); });
    EXPECT_NE(message.find("'T10'"), std::string::npos) << message;
    for (const char* name : {"Bui01", "Bui10", "T100", "T1000_48h", "NL70_2h", "NL140_2h"})
        EXPECT_NE(message.find(name), std::string::npos) << name << " missing in: " << message;
}

TEST(Storm, MissingTableIsAnInputError) {
    const std::string message = input_error_of([] { standard_storm("T100", "/nonexistent/storms.csv"); });
    EXPECT_NE(message.find("/nonexistent/storms.csv"), std::string::npos) << message;
}

// ------------------------------------------------------------------------------------------------ RainSeries

TEST(Rain, DepthOverPartialStepsIsTheExactIntegral) {
    // Bui01 starts with 0.3 mm in [0, 300) s and 0.6 mm in [300, 600) s.
    const RainSeries bui01 = standard_storm("Bui01", storms_csv());
    // [90, 450]: 210 s of the first step (0.3 × 210/300 = 0.21 mm) + 150 s of the second (0.6 × 150/300 = 0.3 mm).
    EXPECT_NEAR(bui01.depth_m(90.0, 450.0), 0.51 * kMm, 1e-12);
    // Inside a single step.
    EXPECT_NEAR(bui01.depth_m(330.0, 360.0), 0.6 * 30.0 / 300.0 * kMm, 1e-12);
    // Before the start and after the end nothing falls; the whole span gives the total.
    EXPECT_EQ(bui01.depth_m(-600.0, 0.0), 0.0);
    EXPECT_EQ(bui01.depth_m(75 * 60.0, 1e6), 0.0);
    EXPECT_NEAR(bui01.depth_m(-1.0, 1e6), bui01.total_depth_m(), 1e-15);
    EXPECT_EQ(bui01.depth_m(100.0, 100.0), 0.0);
}

TEST(Rain, DepthIsAdditiveOverAdjacentIntervals) {
    const RainSeries storm = standard_storm("Bui09", storms_csv());
    // Boundaries on and off step edges, and beyond the end of the storm.
    const double times[] = {0.0, 17.3, 300.0, 301.0, 899.99, 1234.5, 2400.0, 3600.0, 5000.0};
    for (double a : times)
        for (double b : times)
            for (double c : times) {
                if (!(a <= b && b <= c)) continue;
                EXPECT_NEAR(storm.depth_m(a, b) + storm.depth_m(b, c), storm.depth_m(a, c), 1e-15)
                    << "a=" << a << " b=" << b << " c=" << c;
            }
}

TEST(Rain, ReversedIntervalIsACallerBug) {
    const RainSeries storm = constant_rain(10.0, 600.0);
    EXPECT_THROW(storm.depth_m(10.0, 5.0), std::invalid_argument);
    EXPECT_THROW(storm.depth_m(std::nan(""), 5.0), std::invalid_argument);
}

TEST(Rain, IntensityStepsAreHalfOpen) {
    const RainSeries bui01 = standard_storm("Bui01", storms_csv());
    EXPECT_NEAR(bui01.intensity_m_per_s(0.0), 3.6 * kMmPerH, 1e-9 * kMmPerH);
    EXPECT_NEAR(bui01.intensity_m_per_s(299.999), 3.6 * kMmPerH, 1e-9 * kMmPerH);
    EXPECT_NEAR(bui01.intensity_m_per_s(300.0), 7.2 * kMmPerH, 1e-9 * kMmPerH);  // the later step at a boundary
    EXPECT_EQ(bui01.intensity_m_per_s(-1.0), 0.0);
    EXPECT_EQ(bui01.intensity_m_per_s(75 * 60.0), 0.0);  // the series ends at 75 min
}

TEST(Rain, GapsAreDryAndDurationEndsAtTheLastRain) {
    const RainSeries series("gappy", {{60.0, 120.0, 2.0e-6}, {300.0, 360.0, 1.0e-6}, {360.0, 900.0, 0.0}});
    EXPECT_EQ(series.intensity_m_per_s(30.0), 0.0);
    EXPECT_EQ(series.intensity_m_per_s(200.0), 0.0);
    EXPECT_DOUBLE_EQ(series.depth_m(0.0, 1000.0), 60.0 * 2.0e-6 + 60.0 * 1.0e-6);
    EXPECT_DOUBLE_EQ(series.depth_m(100.0, 310.0), 20.0 * 2.0e-6 + 10.0 * 1.0e-6);
    EXPECT_DOUBLE_EQ(series.duration_s(), 360.0);  // the dry tail does not count
    EXPECT_DOUBLE_EQ(series.peak_intensity_m_per_s(), 2.0e-6);
    EXPECT_EQ(RainSeries().duration_s(), 0.0);
    EXPECT_EQ(RainSeries().depth_m(0.0, 100.0), 0.0);
}

TEST(Rain, ConstructorRejectsInvalidSteps) {
    using Steps = std::vector<RainSeries::Step>;
    const std::string overlap = input_error_of([] { RainSeries("x", Steps{{0.0, 120.0, 1e-6}, {60.0, 180.0, 1e-6}}); });
    EXPECT_NE(overlap.find("step 2"), std::string::npos) << overlap;
    EXPECT_THROW(RainSeries("x", Steps{{0.0, 60.0, -1e-6}}), InputError);
    EXPECT_THROW(RainSeries("x", Steps{{0.0, 60.0, std::nan("")}}), InputError);
    EXPECT_THROW(RainSeries("x", Steps{{60.0, 60.0, 1e-6}}), InputError);
    EXPECT_THROW(RainSeries("x", Steps{{-60.0, 60.0, 1e-6}}), InputError);
    EXPECT_THROW(RainSeries("x", Steps{{0.0, std::numeric_limits<double>::infinity(), 1e-6}}), InputError);
    EXPECT_THROW(RainSeries("x", Steps{{0.0, 60.0, 2000.0 * kMmPerH}}), InputError);
}

TEST(Rain, ScaledMultipliesEveryIntensity) {
    const RainSeries t100 = standard_storm("T100", storms_csv());
    const RainSeries future = t100.scaled(1.25);
    EXPECT_NEAR(future.total_depth_m(), 87.5 * kMm, kDepthTolerance);
    EXPECT_DOUBLE_EQ(future.duration_s(), t100.duration_s());
    EXPECT_NE(future.name(), t100.name());
    EXPECT_THROW(t100.scaled(-1.0), InputError);
    EXPECT_THROW(t100.scaled(std::nan("")), InputError);
}

TEST(Rain, ConstantRain) {
    const RainSeries rain = constant_rain(36.0, 1800.0);
    EXPECT_NEAR(rain.total_depth_m(), 18.0 * kMm, 1e-15);
    EXPECT_DOUBLE_EQ(rain.duration_s(), 1800.0);
    EXPECT_DOUBLE_EQ(rain.intensity_m_per_s(0.0), 36.0 * kMmPerH);
    EXPECT_EQ(constant_rain(0.0, 60.0).total_depth_m(), 0.0);  // a dry run is allowed
}

TEST(Rain, ConstantRainRejectsBadParameters) {
    EXPECT_THROW(constant_rain(-1.0, 3600.0), InputError);
    EXPECT_THROW(constant_rain(std::nan(""), 3600.0), InputError);
    EXPECT_THROW(constant_rain(std::numeric_limits<double>::infinity(), 3600.0), InputError);
    EXPECT_THROW(constant_rain(1001.0, 3600.0), InputError);
    EXPECT_NO_THROW(constant_rain(1000.0, 3600.0));
    EXPECT_THROW(constant_rain(10.0, 0.0), InputError);
    EXPECT_THROW(constant_rain(10.0, -60.0), InputError);
    EXPECT_THROW(constant_rain(10.0, std::nan("")), InputError);
    EXPECT_THROW(constant_rain(10.0, 31.0 * 86400.0), InputError);
    EXPECT_NO_THROW(constant_rain(10.0, 30.0 * 86400.0));
}

// ------------------------------------------------------------------------------------------------ rain CSV

TEST_F(RainFiles, ReadsIntervalsWithIntensity) {
    const RainSeries rain = read_rain_csv(write("a.csv",
                                                "# gauge 290, 2023-06-18\n"
                                                "t_start_min,t_end_min,intensity_mm_per_h\n"
                                                "0,10,6\n"
                                                "10,30,12\n"
                                                "40,50,6\n"));  // 10-minute dry gap before it
    ASSERT_EQ(rain.steps().size(), 3u);
    EXPECT_DOUBLE_EQ(rain.steps()[1].t_start_s, 600.0);
    EXPECT_DOUBLE_EQ(rain.steps()[1].t_end_s, 1800.0);
    EXPECT_DOUBLE_EQ(rain.steps()[1].intensity_m_per_s, 12.0 * kMmPerH);
    // 6 mm/h × 10 min + 12 mm/h × 20 min + 6 mm/h × 10 min = 1 + 4 + 1 mm
    EXPECT_NEAR(rain.total_depth_m(), 6.0 * kMm, 1e-15);
    EXPECT_EQ(rain.intensity_m_per_s(35 * 60.0), 0.0);
    EXPECT_DOUBLE_EQ(rain.duration_s(), 3000.0);
}

TEST_F(RainFiles, ReadsIntervalsWithDepth) {
    const RainSeries rain = read_rain_csv(write("d.csv",
                                                "t_start_min,t_end_min,depth_mm\n"
                                                "0,5,1.5\n"
                                                "5,15,3\n"));
    ASSERT_EQ(rain.steps().size(), 2u);
    // 1.5 mm in 5 min and 3 mm in 10 min are both 18 mm/h.
    EXPECT_NEAR(rain.steps()[0].intensity_m_per_s, 18.0 * kMmPerH, 1e-12 * kMmPerH);
    EXPECT_NEAR(rain.steps()[1].intensity_m_per_s, 18.0 * kMmPerH, 1e-12 * kMmPerH);
    EXPECT_NEAR(rain.total_depth_m(), 4.5 * kMm, 1e-15);
}

TEST_F(RainFiles, ReadsInstantsThatHoldUntilTheNextTime) {
    const RainSeries rain = read_rain_csv(write("i.csv",
                                                "time_min,intensity_mm_per_h\n"
                                                "0,60\n"
                                                "15,0\n"
                                                "30,120\n"
                                                "45,0\n"));
    // 60 mm/h for 15 min (15 mm), dry for 15 min, 120 mm/h for 15 min (30 mm).
    EXPECT_NEAR(rain.total_depth_m(), 45.0 * kMm, 1e-15);
    EXPECT_DOUBLE_EQ(rain.duration_s(), 2700.0);
    EXPECT_EQ(rain.intensity_m_per_s(1000.0), 0.0);
    EXPECT_DOUBLE_EQ(rain.intensity_m_per_s(1800.0), 120.0 * kMmPerH);
}

TEST_F(RainFiles, ReadsSecondsVariants) {
    const RainSeries intervals = read_rain_csv(write("s1.csv", "t_start_s,t_end_s,intensity_mm_per_h\n0,600,36\n"));
    EXPECT_NEAR(intervals.total_depth_m(), 6.0 * kMm, 1e-15);
    EXPECT_DOUBLE_EQ(intervals.duration_s(), 600.0);
    const RainSeries depths = read_rain_csv(write("s2.csv", "t_start_s,t_end_s,depth_mm\n0,120,2\n"));
    EXPECT_NEAR(depths.intensity_m_per_s(60.0), 60.0 * kMmPerH, 1e-12 * kMmPerH);
    const RainSeries instants = read_rain_csv(write("s3.csv", "time_s,intensity_mm_per_h\n0,3.6\n1000,0\n"));
    EXPECT_NEAR(instants.total_depth_m(), 1.0 * kMm, 1e-15);
}

TEST_F(RainFiles, HeaderIsCaseInsensitiveInAnyOrderWithWindowsLineEnds) {
    const RainSeries rain =
        read_rain_csv(write("w.csv", "Intensity_mm_per_h, T_Start_Min, T_End_Min\r\n12,0,30\r\n\r\n"));
    EXPECT_NEAR(rain.total_depth_m(), 6.0 * kMm, 1e-15);
    EXPECT_DOUBLE_EQ(rain.duration_s(), 1800.0);
}

TEST_F(RainFiles, MissingAndEmptyFilesAreInputErrors) {
    const fs::path missing = dir_ / "nope.csv";
    EXPECT_NE(input_error_of([&] { read_rain_csv(missing); }).find(missing.string()), std::string::npos);
    const fs::path empty = write("empty.csv", "");
    EXPECT_NE(input_error_of([&] { read_rain_csv(empty); }).find("empty"), std::string::npos);
    const fs::path comments = write("comments.csv", "# nothing here\n\n");
    EXPECT_NE(input_error_of([&] { read_rain_csv(comments); }).find("empty"), std::string::npos);
}

TEST_F(RainFiles, BadFilesNameTheLine) {
    struct Case {
        const char* what;
        const char* text;
        int line;
    };
    const std::string intervals = "t_start_min,t_end_min,intensity_mm_per_h\n";
    const std::string instants = "time_min,intensity_mm_per_h\n";
    const Case cases[] = {
        {"header only", "t_start_min,t_end_min,intensity_mm_per_h\n", 1},
        {"unknown header", "time,rain\n0,1\n", 1},
        {"mixed time units", "t_start_min,t_end_s,intensity_mm_per_h\n0,60,1\n", 1},
        {"non-numeric", "t_start_min,t_end_min,intensity_mm_per_h\n0,5,abc\n", 2},
        {"number with trailing text", "t_start_min,t_end_min,intensity_mm_per_h\n0,5,3mm\n", 2},
        {"empty value", "t_start_min,t_end_min,intensity_mm_per_h\n0,,3\n", 2},
        {"negative rain", "t_start_min,t_end_min,intensity_mm_per_h\n0,5,1\n5,10,-2\n", 3},
        {"negative depth", "t_start_min,t_end_min,depth_mm\n0,5,-1\n", 2},
        {"NaN", "t_start_min,t_end_min,intensity_mm_per_h\n0,5,1\n5,10,nan\n", 3},
        {"implausible", "t_start_min,t_end_min,intensity_mm_per_h\n0,5,5000\n", 2},
        {"overlap", "t_start_min,t_end_min,intensity_mm_per_h\n0,10,1\n5,15,1\n", 3},
        {"end before start", "t_start_min,t_end_min,intensity_mm_per_h\n10,5,1\n", 2},
        {"too few values", "t_start_min,t_end_min,intensity_mm_per_h\n0,5\n", 2},
        {"comments count as lines", "# a comment\n\nt_start_min,t_end_min,intensity_mm_per_h\n0,5,x\n", 4},
        {"instants not increasing", "time_min,intensity_mm_per_h\n0,5\n10,5\n10,0\n", 4},
        {"instants going back", "time_min,intensity_mm_per_h\n0,5\n10,5\n5,0\n", 4},
        {"instants without end", "time_min,intensity_mm_per_h\n0,5\n10,5\n", 3},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        const fs::path path = write("bad.csv", c.text);
        const std::string message = input_error_of([&] { read_rain_csv(path); });
        EXPECT_NE(message.find("line " + std::to_string(c.line) + ":"), std::string::npos) << message;
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    }
}

// ------------------------------------------------------------------------------------------------ raster list

TEST_F(RainFiles, RasterListResolvesPathsAgainstItsFolder) {
    write("radar/r0000.tif", "x");
    write("radar/r0005.tif", "x");
    const fs::path absolute = write("elsewhere.tif", "x");
    const fs::path list = write("lists/../radar_list.csv",
                                "# KNMI radar, mm/h\n"
                                "t_start_min,t_end_min,raster\n"
                                "0,5,radar/r0000.tif\n"
                                "5,10,radar/r0005.tif\n"
                                "20,25," +
                                    absolute.string() + "\n");
    const auto frames = read_rain_raster_list(list);
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_DOUBLE_EQ(frames[0].t_start_s, 0.0);
    EXPECT_DOUBLE_EQ(frames[1].t_start_s, 300.0);
    EXPECT_DOUBLE_EQ(frames[1].t_end_s, 600.0);
    EXPECT_DOUBLE_EQ(frames[2].t_start_s, 1200.0);
    EXPECT_EQ(frames[0].raster, dir_ / "radar" / "r0000.tif");
    EXPECT_EQ(frames[1].raster, dir_ / "radar" / "r0005.tif");
    EXPECT_EQ(frames[2].raster, absolute);
}

TEST_F(RainFiles, RasterListInSeconds) {
    write("a.tif", "x");
    const auto frames = read_rain_raster_list(write("list.csv", "t_start_s,t_end_s,raster\n30,90,a.tif\n"));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_DOUBLE_EQ(frames[0].t_start_s, 30.0);
    EXPECT_DOUBLE_EQ(frames[0].t_end_s, 90.0);
}

TEST_F(RainFiles, BadRasterListsNameTheLine) {
    write("a.tif", "x");
    write("b.tif", "x");
    struct Case {
        const char* what;
        const char* text;
        int line;
    };
    const Case cases[] = {
        {"missing raster", "t_start_min,t_end_min,raster\n0,5,a.tif\n5,10,missing.tif\n", 3},
        {"raster is a folder", "t_start_min,t_end_min,raster\n0,5,.\n", 2},
        {"overlapping frames", "t_start_min,t_end_min,raster\n0,10,a.tif\n5,15,b.tif\n", 3},
        {"non-numeric time", "t_start_min,t_end_min,raster\nzero,5,a.tif\n", 2},
        {"empty path", "t_start_min,t_end_min,raster\n0,5,\n", 2},
        {"unknown header", "start,end,file\n0,5,a.tif\n", 1},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        const fs::path path = write("list.csv", c.text);
        const std::string message = input_error_of([&] { read_rain_raster_list(path); });
        EXPECT_NE(message.find("line " + std::to_string(c.line) + ":"), std::string::npos) << message;
    }
    EXPECT_THROW(read_rain_raster_list(dir_ / "nope.csv"), InputError);
}

}  // namespace
}  // namespace wn
