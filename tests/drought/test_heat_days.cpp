// Summer days, tropical days, warm nights and the hottest day on a hand-made record, and on the shipped file.
#include <gtest/gtest.h>

#include <filesystem>

#include "drought_test_support.hpp"
#include "waternet/drought/heat_days.hpp"
#include "waternet/drought/knmi.hpp"

namespace wn::drought {
namespace {

using test::hour_line;
using test::kHeader;
using test::ymd;

// One day of hourly temperatures rising linearly from t_min (hour 1) to t_max (hour 15) and back (0.1 °C).
std::string day(const std::string& date, int t_min, int t_max, int skip_hour = 0) {
    std::string s;
    for (int h = 1; h <= 24; ++h) {
        const int t = h <= 15 ? t_min + (t_max - t_min) * (h - 1) / 14 : t_max - (t_max - t_min) * (h - 15) / 9;
        s += hour_line(date, h, "20", h == skip_hour ? "" : std::to_string(t), "100", "0", "50");
    }
    return s;
}

TEST(HeatDays, HandMadeRecord) {
    const std::string text = std::string(kHeader) +
                             day("20220718", 180, 320) +     // tropical and summer day; Tmin 18.0: no warm night
                             day("20220719", 205, 375) +     // tropical, warm night (Tmin 20.5 > 20)
                             day("20220720", 200, 250) +     // summer day only; Tmin exactly 20.0: not > 20
                             day("20220721", 150, 299) +     // summer day, not tropical (29.9)
                             day("20220722", 210, 350, 3) +  // one hour missing: not counted at all
                             day("20230601", 120, 300);      // next year: tropical (>= 30)
    const std::vector<DailyWeather> days = daily_series(parse_knmi_hourly(text));
    EXPECT_DOUBLE_EQ(*days[1].t_min_c, 20.5);
    EXPECT_DOUBLE_EQ(*days[1].t_max_c, 37.5);
    const std::vector<YearHeat> years = heat_days_per_year(days);
    ASSERT_EQ(years.size(), 2u);
    const YearHeat& y = years[0];
    EXPECT_EQ(y.year, 2022);
    EXPECT_EQ(y.summer_days, 4);
    EXPECT_EQ(y.tropical_days, 2);
    EXPECT_EQ(y.warm_nights, 1);
    EXPECT_EQ(y.days_with_temperature, 4);
    EXPECT_EQ(y.days_missing_temperature, 1 + 162);  // 22 July, and the gap 23 July .. 31 December
    EXPECT_DOUBLE_EQ(*y.max_t_c, 37.5);
    EXPECT_EQ(*y.max_t_date, ymd(2022, 7, 19));
    EXPECT_EQ(years[1].year, 2023);
    EXPECT_EQ(years[1].tropical_days, 1);
    // The gap days up to 1 June 2023 count as missing in their year too (1 January .. 31 May).
    EXPECT_EQ(years[1].days_missing_temperature, 151);

    const auto hottest = hottest_day(days);
    ASSERT_TRUE(hottest.has_value());
    EXPECT_EQ(hottest->date, ymd(2022, 7, 19));
    EXPECT_DOUBLE_EQ(hottest->t_max_c, 37.5);
}

TEST(HeatDays, TiesGoToTheWarmerDayThenTheEarlier) {
    const std::string text =
        std::string(kHeader) + day("20220801", 150, 300) + day("20220802", 180, 300) + day("20220803", 180, 300);
    EXPECT_EQ(hottest_day(daily_series(parse_knmi_hourly(text)))->date, ymd(2022, 8, 2));
    EXPECT_FALSE(hottest_day({}).has_value());
}

// Published fact, checked loosely: 19 July 2022 was the hottest day of the 2022 heat wave in the east of the
// Netherlands (Twenthe passed 35 °C), and 2022 had tropical days at Twenthe.
TEST(HeatDays, ShippedTwentheRecord) {
    const auto days = daily_series(read_knmi_hourly(std::filesystem::path(WATERNET_DATA_DIR) / "twente" /
                                                    "knmi_uurgeg_290_twenthe_2021-2023.csv"));
    const auto years = heat_days_per_year(days);
    ASSERT_EQ(years.size(), 3u);
    EXPECT_EQ(years[1].year, 2022);
    EXPECT_GT(years[1].tropical_days, 0);
    EXPECT_GE(years[1].summer_days, years[1].tropical_days);
    const auto hottest = hottest_day(days);
    ASSERT_TRUE(hottest.has_value());
    EXPECT_EQ(hottest->date, ymd(2022, 7, 19));
    EXPECT_GT(hottest->t_max_c, 35.0);
    EXPECT_LT(hottest->t_max_c, 41.0);
}

}  // namespace
}  // namespace wn::drought
