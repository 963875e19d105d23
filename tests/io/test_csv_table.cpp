// The shared CSV table reader: what it accepts (BOM, quotes, comments, any column order) and that every problem
// names the file, the line and, for a value, the column.
#include <gtest/gtest.h>

#include "io_test_support.hpp"
#include "waternet/io/csv_table.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

TEST(CsvTable, ReadsHeaderRowsCommentsQuotesAndAByteOrderMark) {
    TempDir dir;
    const auto path = dir.path() / "t.csv";
    write_file(path, "\xEF\xBB\xBF# a comment\r\n Code , Name \r\n\r\n4,\"grass, mown\"\r\n5,\"the \"\"wood\"\"\"\r\n");
    const CsvTable table = read_csv_table(path, "test table");
    ASSERT_EQ(table.header, (std::vector<std::string>{"code", "name"}));  // BOM gone, lower-case, trimmed
    EXPECT_EQ(table.header_line, 2);
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0].line, 4);
    EXPECT_EQ(table.rows[0].fields[1], "grass, mown");
    EXPECT_EQ(table.rows[1].fields[1], "the \"wood\"");
    EXPECT_EQ(table.column("name"), 1u);
    EXPECT_FALSE(table.column("manning_n"));
    EXPECT_DOUBLE_EQ(table.number(table.rows[1], 0), 5.0);
}

TEST(CsvTable, ValueProblemsNameFileLineAndColumn) {
    TempDir dir;
    const auto path = dir.path() / "t.csv";
    write_file(path, "code,manning_n\n1,0.03\n2,0,05\n");
    EXPECT_EQ(input_error_of([&] { read_csv_table(path, "test table"); }),
              path.string() + ", line 3: expected 2 values (code,manning_n) but found 3");
    write_file(path, "code,manning_n\n1,0.03\n2,abc\n3,nan\n");
    const CsvTable table = read_csv_table(path, "test table");
    EXPECT_EQ(input_error_of([&] { table.number(table.rows[1], 1); }),
              path.string() + ", line 3: column 2 (manning_n): 'abc' is not a number");
    EXPECT_NE(input_error_of([&] { table.number(table.rows[2], 1); }).find("line 4: column 2 (manning_n)"),
              std::string::npos);
    write_file(path, "code,name\n1,\"open\n");
    EXPECT_NE(input_error_of([&] { read_csv_table(path, "test table"); }).find("line 2: a quoted field is not closed"),
              std::string::npos);
}

TEST(CsvTable, MissingEmptyAndHeaderOnlyFilesAreInputErrors) {
    TempDir dir;
    EXPECT_NE(input_error_of([&] { read_csv_table(dir.path() / "nope.csv", "test table"); }).find("file not found"),
              std::string::npos);
    write_file(dir.path() / "empty.csv", "# only a comment\n");
    EXPECT_NE(input_error_of([&] { read_csv_table(dir.path() / "empty.csv", "test table"); }).find("empty"),
              std::string::npos);
    write_file(dir.path() / "header.csv", "code,name\n");
    EXPECT_NE(input_error_of([&] {
                  read_csv_table(dir.path() / "header.csv", "test table");
              }).find("line 1: there is a header"),
              std::string::npos);
}

TEST(TimeSeriesCsv, ReadsSecondsOrMinutesInAnyColumnOrder) {
    TempDir dir;
    write_file(dir.path() / "q.csv", "discharge_m3_per_s,time_min\n0,0\n2.5,10\n0,20\n");
    const auto points = read_time_series_csv(dir.path() / "q.csv", "hydrograph", "discharge_m3_per_s", true);
    ASSERT_EQ(points.size(), 3u);
    EXPECT_DOUBLE_EQ(points[1].first, 600.0);  // 10 min
    EXPECT_DOUBLE_EQ(points[1].second, 2.5);
    write_file(dir.path() / "h.csv", "time_s,level_m\n0,-0.5\n300,0.2\n");
    const auto levels = read_time_series_csv(dir.path() / "h.csv", "edge water level", "level_m", false);
    EXPECT_DOUBLE_EQ(levels[0].second, -0.5);  // a level below NAP is fine
}

TEST(TimeSeriesCsv, BadSeriesNameTheLineAndColumn) {
    TempDir dir;
    const auto path = dir.path() / "q.csv";
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"time_s,q\n0,1\n",
         "line 1: the header is 'time_s,q', but a hydrograph has two columns: time_s (or time_min) "
         "and discharge_m3_per_s"},
        {"time_s,discharge_m3_per_s\n0,1\n10,-2\n", "line 3: column 2 (discharge_m3_per_s): -2 is negative"},
        {"time_s,discharge_m3_per_s\n0,1\n10,2\n10,3\n",
         "line 4: column 1 (time_s): time 10 is not after the previous"},
        {"time_s,discharge_m3_per_s\n0,1\nten,2\n", "line 3: column 1 (time_s): 'ten' is not a number"},
        {"0,1\n10,2\n", "line 1: the header is '0,1'"},  // a header is required
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        write_file(path, c.text);
        const std::string message =
            input_error_of([&] { read_time_series_csv(path, "hydrograph", "discharge_m3_per_s", true); });
        EXPECT_NE(message.find(path.string() + ", " + c.expected), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace wn
