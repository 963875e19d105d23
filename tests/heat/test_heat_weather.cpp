// The day's weather for the PET map: which KNMI hours are the afternoon (12–18 h local = HH 11..16 in summer),
// Dutch summer time, and the reference-day parameters.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>

#include "../io/io_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/drought/knmi.hpp"
#include "waternet/pipeline/heat_job.hpp"

namespace wn {
namespace {

using namespace std::chrono;
const std::string kKnmi = std::string(WATERNET_DATA_DIR) + "/twente/knmi_uurgeg_290_twenthe_2021-2023.csv";

TEST(HeatWeather, SummerTimeFollowsTheEuRule) {
    EXPECT_EQ(netherlands_utc_offset_h(drought::Date{year{2022}, July, day{19}}), 2);
    EXPECT_EQ(netherlands_utc_offset_h(drought::Date{year{2022}, March, day{26}}), 1);  // Saturday before the switch
    EXPECT_EQ(netherlands_utc_offset_h(drought::Date{year{2022}, March, day{27}}), 2);  // last Sunday of March
    EXPECT_EQ(netherlands_utc_offset_h(drought::Date{year{2022}, October, day{29}}), 2);
    EXPECT_EQ(netherlands_utc_offset_h(drought::Date{year{2022}, October, day{30}}), 1);  // last Sunday of October
    EXPECT_EQ(netherlands_utc_offset_h(drought::Date{year{2022}, January, day{10}}), 1);
}

TEST(HeatWeather, TheHottestAfternoonIsKnmiHours11To16) {
    const drought::KnmiHourly k = drought::read_knmi_hourly(kKnmi);
    const HeatDayWeather w = heat_day_from_knmi(k, drought::Date{year{2022}, July, day{19}});
    ASSERT_EQ(w.hours.size(), 6u);
    EXPECT_EQ(w.hours.front().hour_ut_end, 11);  // 10–11 UT = 12–13 CEST
    EXPECT_EQ(w.hours.back().hour_ut_end, 16);
    // From the file: 20220719 HH 11: T 353 (0.1 C), U 17 %, FH 40 (0.1 m/s), DD 160, Q 289 J/cm².
    EXPECT_DOUBLE_EQ(w.hours[0].ta_c, 35.3);
    EXPECT_DOUBLE_EQ(w.hours[0].rh_pct, 17.0);
    EXPECT_DOUBLE_EQ(w.hours[0].wind_m_per_s, 4.0);
    EXPECT_DOUBLE_EQ(w.hours[0].wind_from_deg, 160.0);
    EXPECT_NEAR(w.hours[0].global_w_m2, 289.0 * 1e4 / 3600.0, 1e-9);
    // HH 16: T 375, Q 191.
    EXPECT_DOUBLE_EQ(w.hours[5].ta_c, 37.5);
    EXPECT_NEAR(w.hours[5].global_w_m2, 191.0 * 1e4 / 3600.0, 1e-9);
    EXPECT_DOUBLE_EQ(w.t_max_c, 37.5);
    EXPECT_DOUBLE_EQ(w.t_min_c, 14.1);  // the day's lowest hourly T: HH 4, 141
    EXPECT_GT(w.mean_global_w_m2, 250.0);
    EXPECT_THROW(heat_day_from_knmi(k, drought::Date{year{2024}, July, day{1}}), InputError);  // not in the record
}

TEST(HeatWeather, ReferenceDayFromParameters) {
    ReferenceDayParameters p;
    p.date = drought::Date{year{2015}, July, day{1}};
    p.ta_c = {30.0, 31.0, 32.0, 33.0, 33.5, 33.0};
    p.rh_pct = {35.0};
    p.wind_m_per_s = {3.0};
    p.global_w_m2 = {800.0};
    p.t_min_c = 17.0;
    p.daily_mean_global_w_m2 = 320.0;
    const HeatDayWeather w = reference_day_weather(p);
    ASSERT_EQ(w.hours.size(), 6u);
    EXPECT_EQ(w.hours[0].hour_ut_end, 11);
    EXPECT_DOUBLE_EQ(w.hours[3].ta_c, 33.0);
    EXPECT_DOUBLE_EQ(w.hours[5].rh_pct, 35.0);
    EXPECT_DOUBLE_EQ(w.t_max_c, 33.5);
    EXPECT_DOUBLE_EQ(w.mean_wind_m_per_s, 3.0);
    EXPECT_TRUE(std::isnan(w.hours[0].wind_from_deg));
    ReferenceDayParameters bad = p;
    bad.rh_pct = {35.0, 36.0};  // neither 1 nor 6 values
    EXPECT_THROW(reference_day_weather(bad), InputError);
    bad = p;
    bad.rh_pct = {120.0};
    EXPECT_THROW(reference_day_weather(bad), InputError);
    bad = p;
    bad.t_min_c = std::nan("");
    EXPECT_THROW(reference_day_weather(bad), InputError);
}

// The PET map's day: by default the national reference hot day, 1 July 2015 (Koopmans et al. 2020); "hottest"
// picks the record's hottest day; a date is taken as given. The shipped Twenthe record (2021-2023) lacks 2015.
TEST(HeatWeather, DayChoiceDefaultsToTheReferenceHotDay) {
    EXPECT_EQ(drought::iso_date(kReferenceHotDay), "2015-07-01");
    EXPECT_EQ(HeatDayChoice{}.kind, HeatDayChoice::Kind::reference_day);
    EXPECT_EQ(parse_heat_day("reference", "--day").date, kReferenceHotDay);
    EXPECT_EQ(parse_heat_day("hottest", "--day").kind, HeatDayChoice::Kind::hottest_day);
    const HeatDayChoice given = parse_heat_day("2022-07-19", "--day");
    EXPECT_EQ(given.kind, HeatDayChoice::Kind::date);
    EXPECT_EQ(heat_day_text(given), "2022-07-19");
    EXPECT_EQ(heat_day_text(HeatDayChoice{}), "reference");
    EXPECT_NE(test::input_error_of([] { parse_heat_day("2022-02-30", "--day"); }).find("not a valid date"),
              std::string::npos);
    EXPECT_NE(test::input_error_of([] { parse_heat_day("gisteren", "--day"); }).find("--day 'gisteren' is not"),
              std::string::npos);

    const drought::KnmiHourly k = drought::read_knmi_hourly(kKnmi);
    EXPECT_EQ(drought::iso_date(heat_day_in_record(k, parse_heat_day("hottest", "--day"))), "2022-07-19");
    EXPECT_EQ(heat_day_in_record(k, given), given.date);
    const std::string message = test::input_error_of([&] { heat_day_in_record(k, HeatDayChoice{}); });
    EXPECT_NE(message.find("covers 2021-01-01 .. 2023-09-25 and does not hold 2015-07-01, the national reference"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("'hottest'"), std::string::npos) << message;
}

}  // namespace
}  // namespace wn
