// Land-cover tables from CSV and the modeller's switches on a table (--manning, --no-losses): what changes, what
// stays, and that every bad table names the file, line and column.
#include <gtest/gtest.h>

#include "../io/io_test_support.hpp"
#include "waternet/hydro/land_cover_csv.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

class LandCoverCsv : public ::testing::Test {
protected:
    std::filesystem::path write(const std::string& text) {
        const auto path = dir_.path() / "classes.csv";
        write_file(path, text);
        return path;
    }
    TempDir dir_;
};

TEST_F(LandCoverCsv, ARowChangesOnlyTheFieldsItGives) {
    const LandCoverTable defaults = LandCoverTable::defaults();
    const LandCoverTable table =
        read_land_cover_table_csv(write("\xEF\xBB\xBF"
                                        "code,manning_n,interception_mm,description\n4,0.06,,rough meadow\n"),
                                  defaults);
    EXPECT_DOUBLE_EQ(table[kGrass].manning_n, 0.06);
    EXPECT_EQ(table[kGrass].name, "grass");                                             // no name column: kept
    EXPECT_DOUBLE_EQ(table[kGrass].interception_mm, defaults[kGrass].interception_mm);  // empty field: kept
    EXPECT_DOUBLE_EQ(table[kGrass].infiltration.initial_mm_per_h, defaults[kGrass].infiltration.initial_mm_per_h);
    EXPECT_DOUBLE_EQ(table[kPaved].manning_n, defaults[kPaved].manning_n);  // other classes untouched
}

TEST_F(LandCoverCsv, ANewCodeAddsAClassWithZeroLossesUnlessGiven) {
    const LandCoverTable table =
        read_land_cover_table_csv(write("Code,Name,Manning_N,Infiltration_F0_mm_per_h,Sewer_Inflow_mm_per_h,Is_Water\n"
                                        "20,heath,0.08,40,,no\n"
                                        "21,\"pond, lined\",0.02,,,yes\n"),
                                  LandCoverTable::defaults());
    ASSERT_TRUE(table.defined(20));
    EXPECT_EQ(table[20].name, "heath");
    EXPECT_DOUBLE_EQ(table[20].manning_n, 0.08);
    // f0 alone: a constant capacity (fc = f0, no decay).
    EXPECT_DOUBLE_EQ(table[20].infiltration.final_mm_per_h, 40.0);
    EXPECT_NEAR(table[20].infiltration.capacity_m(0.0, 3600.0), 0.040, 1e-12);
    EXPECT_DOUBLE_EQ(table[20].sewer_inflow_mm_per_h, 0.0);
    EXPECT_DOUBLE_EQ(table[20].interception_mm, 0.0);
    EXPECT_FALSE(table[20].is_water);
    EXPECT_EQ(table[21].name, "pond, lined");
    EXPECT_TRUE(table[21].is_water);
    EXPECT_FALSE(table.defined(22));
}

TEST_F(LandCoverCsv, BadTablesNameFileLineAndColumn) {
    struct Case {
        const char* what;
        const char* text;
        const char* expected;  // after "FILE, "
    };
    const Case cases[] = {
        {"unknown column", "code,manning,name\n4,0.03,grass\n", "line 1: column 2 (manning): unknown column"},
        {"no code column", "name,manning_n\ngrass,0.03\n", "line 1: the header has no 'code' column"},
        {"column twice", "code,manning_n,manning_n\n4,0.03,0.04\n",
         "line 1: column 3 (manning_n): the column appears twice"},
        {"n zero", "code,manning_n\n4,0\n", "line 2: column 2 (manning_n): 0 must be more than 0"},
        {"n negative", "# roughness\ncode,manning_n\n4,-0.03\n",
         "line 3: column 2 (manning_n): -0.03 must be more than 0"},
        {"n implausible", "code,manning_n\n4,3\n", "line 2: column 2 (manning_n): 3 is implausible"},
        {"duplicate code", "code,manning_n\n4,0.03\n5,0.1\n4,0.05\n",
         "line 4: column 1 (code): class 4 is already given on line 2"},
        {"not a number", "code,name,interception_mm\n4,grass,1 mm\n",
         "line 2: column 3 (interception_mm): '1 mm' is not a number"},
        {"code not a number", "code,manning_n\nfour,0.03\n", "line 2: column 1 (code): 'four' is not a number"},
        {"code zero", "code,manning_n\n0,0.03\n", "line 2: column 1 (code): 0 is not a class code 1..31"},
        {"code fraction", "code,manning_n\n4.5,0.03\n", "line 2: column 1 (code): 4.5 is not a class code"},
        {"code too large", "code,manning_n\n32,0.03\n", "line 2: column 1 (code): 32 is not a class code"},
        {"new class without n", "code,name\n20,heath\n",
         "line 2: class 20 is not in the default table, so it needs a manning_n"},
        {"new class without name", "code,manning_n\n20,0.05\n",
         "line 2: class 20 is not in the default table, so it needs a name"},
        {"negative loss", "code,sewer_storage_mm\n1,-5\n", "line 2: column 2 (sewer_storage_mm): -5 is negative"},
        {"horton rising", "code,infiltration_f0_mm_per_h,infiltration_fc_mm_per_h\n4,5,10\n",
         "line 2: column 2 (infiltration_f0_mm_per_h): the initial infiltration capacity f0 (5 mm/h) is below the final"},
        {"bad flag", "code,is_water\n4,maybe\n", "line 2: column 2 (is_water): 'maybe' is not true or false"},
        {"building and water", "code,is_water\n2,true\n", "line 2: a class cannot be both a building and water"},
        {"name taken", "code,name,manning_n\n20,grass,0.05\n", "line 2: the name 'grass' is already class 4"},
        {"too few fields", "code,manning_n\n4\n", "line 2: expected 2 values (code,manning_n) but found 1"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        const auto path = write(c.text);
        const std::string message =
            input_error_of([&] { read_land_cover_table_csv(path, LandCoverTable::defaults()); });
        EXPECT_NE(message.find(path.string() + ", " + c.expected), std::string::npos) << message;
    }
    EXPECT_NE(input_error_of([&] {
                  read_land_cover_table_csv(dir_.path() / "nope.csv", LandCoverTable::defaults());
              }).find("land-cover table file"),
              std::string::npos);
}

TEST(LandCoverControls, UniformManningChangesRoughnessOnly) {
    const LandCoverTable defaults = LandCoverTable::defaults();
    LandCoverTable table = defaults;
    table.set_manning_everywhere(0.05);
    for (int k = 1; k < table.size(); ++k) {
        const auto code = static_cast<std::uint8_t>(k);
        if (!table.defined(code)) continue;
        SCOPED_TRACE(table[code].name);
        EXPECT_DOUBLE_EQ(table[code].manning_n, 0.05);
        EXPECT_DOUBLE_EQ(table[code].sewer_inflow_mm_per_h, defaults[code].sewer_inflow_mm_per_h);
        EXPECT_DOUBLE_EQ(table[code].interception_mm, defaults[code].interception_mm);
    }
}

TEST(LandCoverControls, NoLossesZeroesEveryLossAndKeepsRoughness) {
    const LandCoverTable defaults = LandCoverTable::defaults();
    LandCoverTable table = defaults;
    table.remove_losses();
    int classes = 0;
    for (int k = 1; k < table.size(); ++k) {
        const auto code = static_cast<std::uint8_t>(k);
        if (!table.defined(code)) continue;
        ++classes;
        SCOPED_TRACE(table[code].name);
        EXPECT_EQ(table[code].interception_mm, 0.0);
        EXPECT_EQ(table[code].infiltration.capacity_m(0.0, 86400.0), 0.0);
        EXPECT_EQ(table[code].sewer_inflow_mm_per_h, 0.0);
        EXPECT_EQ(table[code].sewer_storage_mm, 0.0);
        EXPECT_DOUBLE_EQ(table[code].manning_n, defaults[code].manning_n);
        EXPECT_EQ(table[code].is_building, defaults[code].is_building);
    }
    EXPECT_EQ(classes, 11);
}

TEST(LandCoverControls, LumpedLossReplacesGroundLossesAndLeavesRoofsAndWater) {
    LandCoverTable table = LandCoverTable::defaults();
    const LandCoverTable before = table;
    table.set_lumped_loss(20.0);  // the national map's 20 mm/h
    for (const std::uint8_t code : {kPaved, kGrass, kAgriculture, kMixed, kImpermeable}) {
        const LandCoverClass& c = table[code];
        EXPECT_EQ(c.interception_mm, 0.0) << c.name;
        EXPECT_EQ(c.sewer_inflow_mm_per_h, 0.0) << c.name;
        EXPECT_EQ(c.sewer_storage_mm, 0.0) << c.name;
        // One hour at the constant rate infiltrates 20 mm, from any start time.
        EXPECT_NEAR(c.infiltration.capacity_m(0.0, 3600.0), 0.020, 1e-12) << c.name;
        EXPECT_NEAR(c.infiltration.capacity_m(7200.0, 10800.0), 0.020, 1e-12) << c.name;
        EXPECT_EQ(c.manning_n, before[code].manning_n) << c.name;  // roughness stays the class's
    }
    for (const std::uint8_t code : {kBuilding, kWater, kGreenRoof}) {
        EXPECT_EQ(table[code].sewer_inflow_mm_per_h, before[code].sewer_inflow_mm_per_h) << table[code].name;
        EXPECT_EQ(table[code].interception_mm, before[code].interception_mm) << table[code].name;
    }
}

TEST(LandCoverControls, ValidateNamesClassAndField) {
    LandCoverTable table = LandCoverTable::defaults();
    table.at(kTrees).manning_n = 0.0;
    EXPECT_EQ(input_error_of([&] { table.validate(); }),
              "land-cover class 'trees' (5): manning_n = 0 must be more than 0");
    table.at(kTrees).manning_n = 0.1;
    table.at(kTrees).infiltration.decay_per_h = -1.0;
    EXPECT_EQ(input_error_of([&] { table.validate(); }),
              "land-cover class 'trees' (5): infiltration_k_per_h = -1 is negative");
    EXPECT_EQ(manning_n_problem(0.03), "");
    EXPECT_NE(manning_n_problem(1.5).find("implausible"), std::string::npos);
}

}  // namespace
}  // namespace wn
