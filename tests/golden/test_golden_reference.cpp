// The golden comparison itself, on hand-made figures: a value inside its tolerance passes, one just outside fails
// with the numbers in the message, new and vanished figures are reported, NaN matches NaN, and a reference written
// by to_json reads back to no differences.
#include <gtest/gtest.h>

#include <cmath>

#include "golden_reference.hpp"

namespace wn::golden {
namespace {

nlohmann::json reference_of(const Figures& f) { return to_json("hand", "hand-made", f); }

TEST(GoldenComparison, AReferenceMatchesItself) {
    Figures f;
    f.add("volume_m3", 1234.5, {0.0, 1e-3});
    f.add("nothing", NAN, {0.1, 0.0});
    EXPECT_TRUE(compare(reference_of(f), f).empty());
}

TEST(GoldenComparison, AbsoluteOrRelativeToleranceWhicheverIsLarger) {
    Figures ref;
    ref.add("depth_m", 1.0, {0.005, 0.0});
    ref.add("volume_m3", 1000.0, {1.0, 0.01});  // allowed: max(1, 10) = 10
    Figures inside;
    inside.add("depth_m", 1.004, {0.005, 0.0});
    inside.add("volume_m3", 1009.0, {1.0, 0.01});
    EXPECT_TRUE(compare(reference_of(ref), inside).empty());

    Figures outside;
    outside.add("depth_m", 0.994, {0.005, 0.0});
    outside.add("volume_m3", 1011.0, {1.0, 0.01});
    const auto d = compare(reference_of(ref), outside);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].name, "depth_m");
    EXPECT_DOUBLE_EQ(d[0].reference, 1.0);
    EXPECT_DOUBLE_EQ(d[0].now, 0.994);
    EXPECT_DOUBLE_EQ(d[0].allowed, 0.005);
    EXPECT_EQ(d[1].name, "volume_m3");
    EXPECT_DOUBLE_EQ(d[1].allowed, 10.0);
    // The table names the figure and prints reference, now and the difference as numbers.
    const std::string table = format_differences(d);
    EXPECT_NE(table.find("volume_m3"), std::string::npos);
    EXPECT_NE(table.find("1011"), std::string::npos);
    EXPECT_NE(table.find("-0.006"), std::string::npos);  // 0.994 − 1
}

TEST(GoldenComparison, NewAndVanishedFiguresAndNaNAreDifferences) {
    Figures ref;
    ref.add("a", 1.0, {0.1, 0.0});
    ref.add("b", 2.0, {0.1, 0.0});
    Figures now;
    now.add("a", NAN, {0.1, 0.0});  // a number became NaN
    now.add("c", 3.0, {0.1, 0.0});  // new
    const auto d = compare(reference_of(ref), now);
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].what, "outside tolerance");
    EXPECT_EQ(d[1].name, "c");
    EXPECT_EQ(d[1].what, "not in the reference");
    EXPECT_EQ(d[2].name, "b");
    EXPECT_EQ(d[2].what, "no longer computed");
}

}  // namespace
}  // namespace wn::golden
