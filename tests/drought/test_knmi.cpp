// KNMI hourly parsing: units, the RH = -1 trace, empty = missing, HH 24, and clear errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "drought_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/drought/knmi.hpp"

namespace wn::drought {
namespace {

using test::hour_line;
using test::kHeader;
using test::ymd;

void expect_error(const std::string& text, const std::string& part) {
    try {
        parse_knmi_hourly(text, "toy.csv");
        ADD_FAILURE() << "no InputError; expected '" << part << "'";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(KnmiHourly, UnitsAsKnmiDefinesThem) {
    const KnmiHourly k =
        parse_knmi_hourly(std::string(kHeader) + hour_line("20220719", 14, "35", "375", "310", "12", "25"));
    ASSERT_EQ(k.hours.size(), 1u);
    EXPECT_EQ(k.station, 290);
    const HourlyRecord& h = k.hours[0];
    EXPECT_EQ(h.date, ymd(2022, 7, 19));
    EXPECT_EQ(h.hour, 14);
    EXPECT_DOUBLE_EQ(*h.temperature_c, 37.5);
    EXPECT_DOUBLE_EQ(*h.rain_mm, 1.2);
    EXPECT_FALSE(h.rain_trace);
    EXPECT_DOUBLE_EQ(*h.radiation_j_per_cm2, 310.0);
    EXPECT_DOUBLE_EQ(*h.wind_m_per_s, 3.5);
    EXPECT_DOUBLE_EQ(*h.relative_humidity_pct, 25.0);
}

TEST(KnmiHourly, RainMinusOneIsATraceNotMinusOne) {
    const std::string text = std::string(kHeader) + hour_line("20220719", 1, "0", "150", "0", "-1", "90");
    const KnmiHourly k = parse_knmi_hourly(text);
    EXPECT_TRUE(k.hours[0].rain_trace);
    EXPECT_DOUBLE_EQ(*k.hours[0].rain_mm, 0.025);
    ReadOptions zero;
    zero.trace_rain_mm = 0.0;
    EXPECT_DOUBLE_EQ(*parse_knmi_hourly(text, "toy", zero).hours[0].rain_mm, 0.0);
    expect_error(std::string(kHeader) + hour_line("20220719", 1, "0", "150", "0", "-2", "90"), "RH = -2");
}

TEST(KnmiHourly, EmptyValuesAreMissingNotZero) {
    const KnmiHourly k = parse_knmi_hourly(std::string(kHeader) + hour_line("20211211", 3, "", "", "", "", "") +
                                           hour_line("20211211", 4, "20", "0", "0", "0", "80"));
    ASSERT_EQ(k.hours.size(), 2u);
    EXPECT_FALSE(k.hours[0].temperature_c.has_value());
    EXPECT_FALSE(k.hours[0].rain_mm.has_value());
    EXPECT_FALSE(k.hours[0].radiation_j_per_cm2.has_value());
    EXPECT_FALSE(k.hours[0].wind_m_per_s.has_value());
    EXPECT_TRUE(k.hours[1].temperature_c.has_value());  // a real 0.0 °C stays a value
    EXPECT_DOUBLE_EQ(*k.hours[1].temperature_c, 0.0);
}

TEST(KnmiHourly, Hour24BelongsToItsOwnDateAndHourZeroIsRejected) {
    const KnmiHourly k = parse_knmi_hourly(std::string(kHeader) + hour_line("20221231", 24, "1", "1", "0", "0", "90"));
    EXPECT_EQ(k.hours[0].date, ymd(2022, 12, 31));
    EXPECT_EQ(k.hours[0].hour, 24);
    expect_error(std::string(kHeader) + hour_line("20221231", 0, "1", "1", "0", "0", "90"), "line 5: HH = 0");
    expect_error(std::string(kHeader) + hour_line("20221231", 25, "1", "1", "0", "0", "90"), "HH = 25");
}

TEST(KnmiHourly, UncommentedHeaderAsInTheShippedSubset) {
    const KnmiHourly k = parse_knmi_hourly("# comment\nSTN,YYYYMMDD,HH,T,RH,Q\n290,20210101,1,9,0,0\n");
    ASSERT_EQ(k.hours.size(), 1u);
    EXPECT_DOUBLE_EQ(*k.hours[0].temperature_c, 0.9);
    EXPECT_FALSE(k.hours[0].wind_m_per_s.has_value());  // FH absent: optional column
}

TEST(KnmiHourly, ClearErrorsWithLineNumbers) {
    expect_error("", "toy.csv: the file is empty");
    expect_error("\n\n", "the file is empty");
    expect_error("# only comments\n", "no column header");
    expect_error(std::string(kHeader), "no hourly values");
    expect_error("# STN,YYYYMMDD,HH,T,Q\n290,20210101,1,9,0\n",
                 "line 1: the column header lacks required KNMI column(s) RH");
    expect_error(std::string(kHeader) + "290,20210101,1,10,9\n", "toy.csv line 5: 5 values, but the header names 8");
    expect_error(std::string(kHeader) + hour_line("20210101", 1, "1", "x9", "0", "0", "90"),
                 "line 5: column T holds 'x9'");
    expect_error(std::string(kHeader) + hour_line("20210231", 1, "1", "9", "0", "0", "90"), "not a date");
    expect_error(std::string(kHeader) + hour_line("20210101", 1, "1", "9", "0", "0", "90") +
                     hour_line("20210101", 1, "1", "9", "0", "0", "90"),
                 "line 6: hour 1 of 2021-01-01 appears twice");
    expect_error("290,20210101,1,9,0,0\n", "line 1: data before the column header");
    // Fill values and shifted columns are refused, never turned into a 10-million-degree day.
    const std::string line = std::string(kHeader);
    expect_error(line + hour_line("20210101", 1, "1", "99999999", "0", "0", "90"),
                 "line 5: T = 1e+07 °C is outside the plausible -50 .. 50 °C");
    expect_error(line + hour_line("20210101", 1, "1", "9", "0", "9999", "90"), "RH = 999.9 mm is outside");
    expect_error(line + hour_line("20210101", 1, "1", "9", "-3", "0", "90"), "Q = -3 J/cm² is outside");
    expect_error(line + hour_line("20210101", 1, "1", "9", "600", "0", "90"), "Q = 600 J/cm² is outside");
    expect_error(line + hour_line("20210101", 1, "900", "9", "0", "0", "90"), "FH = 90 m/s is outside");
    expect_error(line + hour_line("20210101", 1, "1", "9", "0", "0", "101"), "U = 101 % is outside");
    EXPECT_NO_THROW(parse_knmi_hourly(line + hour_line("20190725", 16, "40", "407", "300", "0", "20"), "toy.csv"));
    EXPECT_THROW(read_knmi_hourly("/nonexistent/knmi.csv"), InputError);
}

TEST(KnmiHourly, ShippedFileParses) {
    const KnmiHourly k =
        read_knmi_hourly(std::filesystem::path(WATERNET_DATA_DIR) / "twente" / "knmi_uurgeg_290_twenthe_2021-2023.csv");
    EXPECT_EQ(k.station, 290);
    EXPECT_EQ(k.hours.size(), 23952u);  // data/NOTICE.md
    EXPECT_EQ(k.hours.front().date, ymd(2021, 1, 1));
    EXPECT_EQ(k.hours.back().date, ymd(2023, 9, 25));
    EXPECT_EQ(k.hours.back().hour, 24);
    int missing_t = 0, traces = 0;
    for (const HourlyRecord& h : k.hours) {
        missing_t += h.temperature_c ? 0 : 1;
        traces += h.rain_trace ? 1 : 0;
    }
    EXPECT_GT(missing_t, 0);  // e.g. 2021-12-11 is empty
    EXPECT_GT(traces, 100);
}

}  // namespace
}  // namespace wn::drought

namespace wn::drought {
namespace {

TEST(KnmiHourly, WindDirectionCalmAndVariable) {
    const std::string text =
        "# STN,YYYYMMDD,HH,DD,FH,T,Q,RH\n"
        "290,20220719,1,360,10,200,0,0\n"
        "290,20220719,2,90,10,200,0,0\n"
        "290,20220719,3,0,0,200,0,0\n"
        "290,20220719,4,990,10,200,0,0\n"
        "290,20220719,5,,10,200,0,0\n";
    const KnmiHourly k = parse_knmi_hourly(text, "dd");
    ASSERT_EQ(k.hours.size(), 5u);
    EXPECT_EQ(k.hours[0].wind_direction_deg, 0.0);  // 360 = north
    EXPECT_EQ(k.hours[1].wind_direction_deg, 90.0);
    EXPECT_FALSE(k.hours[2].wind_direction_deg.has_value());
    EXPECT_TRUE(k.hours[2].wind_calm_or_variable);
    EXPECT_FALSE(k.hours[3].wind_direction_deg.has_value());
    EXPECT_TRUE(k.hours[3].wind_calm_or_variable);
    EXPECT_FALSE(k.hours[4].wind_direction_deg.has_value());  // missing
    EXPECT_FALSE(k.hours[4].wind_calm_or_variable);
    EXPECT_THROW(parse_knmi_hourly("# STN,YYYYMMDD,HH,DD,T,Q,RH\n290,20220719,1,400,200,0,0\n", "bad"), InputError);
}

}  // namespace
}  // namespace wn::drought
