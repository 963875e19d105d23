// The drought job on the shipped Twenthe record: the report carries the numbers the stress-test report needs,
// and the files it writes agree with it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../io/io_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/pipeline/drought_job.hpp"

namespace wn {
namespace {

const std::string kKnmi = std::string(WATERNET_DATA_DIR) + "/twente/knmi_uurgeg_290_twenthe_2021-2023.csv";

TEST(DroughtJob, ReportOnTheShippedRecord) {
    DroughtJob job;
    job.knmi = kKnmi;
    const DroughtJobReport r = run_drought_job(job);
    EXPECT_EQ(r.station, 290);
    EXPECT_EQ(r.hours, 23952u);
    ASSERT_EQ(r.years.size(), 3u);
    const DroughtYear& y2022 = r.years[1];
    EXPECT_EQ(y2022.year, 2022);
    EXPECT_TRUE(y2022.complete);
    EXPECT_GT(y2022.max_deficit_mm, 225.0);  // 2022 was a dry summer, beyond the 1-in-10-year deficit
    EXPECT_NEAR(y2022.fraction_of_reference_now, y2022.max_deficit_mm / 225.0, 1e-12);
    // KNMI'14 WH 2050: drier, sunnier and warmer summers raise every year's maximum deficit.
    for (const DroughtYear& y : r.years) EXPECT_GE(y.max_deficit_2050_mm, y.max_deficit_mm) << y.year;
    EXPECT_FALSE(r.years[2].complete);  // the record ends 2023-09-25
    ASSERT_TRUE(y2022.heat.has_value());
    EXPECT_GT(y2022.heat->tropical_days, 0);
    ASSERT_TRUE(r.hottest_day.has_value());
    EXPECT_EQ(drought::iso_date(r.hottest_day->date), "2022-07-19");
    EXPECT_TRUE(r.written.empty());  // no output folder: nothing written
}

TEST(DroughtJob, NoChangeGivesTheSameDeficitAndBadChangesAreRejected) {
    DroughtJob job;
    job.knmi = kKnmi;
    job.climate_2050 = drought::kNoClimateChange;
    const DroughtJobReport r = run_drought_job(job);
    for (const DroughtYear& y : r.years) EXPECT_DOUBLE_EQ(y.max_deficit_2050_mm, y.max_deficit_mm);
    job.climate_2050 = drought::kKnmi14WH2050;
    job.climate_2050.radiation_pct[6] = 250.0;
    EXPECT_THROW(run_drought_job(job), InputError);
}

TEST(DroughtJob, WritesItsFilesAtomicallyAndTheSummaryMatchesTheReport) {
    test::TempDir dir;
    DroughtJob job;
    job.knmi = kKnmi;
    job.output_dir = dir.file("out");
    const DroughtJobReport r = run_drought_job(job);
    ASSERT_EQ(r.written.size(), 3u);
    for (const auto& p : r.written) EXPECT_TRUE(std::filesystem::exists(p)) << p;
    std::ifstream in(*job.output_dir / "drought_summary.json");
    const nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_DOUBLE_EQ(j["years"][1]["max_deficit_mm"].get<double>(), r.years[1].max_deficit_mm);
    EXPECT_EQ(j["years"][1]["tropical_days"].get<int>(), r.years[1].heat->tropical_days);
    const std::string text = format_drought_summary(job, r);
    EXPECT_NE(text.find("Hottest day in the record: 2022-07-19"), std::string::npos) << text;
}

}  // namespace
}  // namespace wn
