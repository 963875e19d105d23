// The waterlabel's numbers have one source of truth, data/waterlabel/scoring.toml: the viewer's calculator
// (web/src/waterlabel.js) must hold the same storage per part and the same label bounds, so the label a plot gets in
// `waternet waterlabel` is the label the calculator shows when a click fills it in. The reader refuses broken files.
#include "waternet/pipeline/waterlabel_scoring.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "../io/io_test_support.hpp"

namespace wn {
namespace {

const std::filesystem::path kCalculator = std::filesystem::path(WATERNET_SOURCE_DIR) / "web" / "src" / "waterlabel.js";

double js_constant(const std::string& js, const std::string& name) {
    std::smatch m;
    const std::regex re("export const " + name + R"(\s*=\s*([0-9.]+)\s*;)");
    if (!std::regex_search(js, m, re)) {
        ADD_FAILURE() << "no `export const " << name << " = <number>;` in " << kCalculator;
        return -1;
    }
    return std::stod(m[1]);
}

TEST(WaterlabelScoring, TheViewersCalculatorHoldsTheFilesNumbers) {
    const std::string js = test::read_file(kCalculator);
    ASSERT_FALSE(js.empty()) << kCalculator;
    const risk::WaterlabelScoring s = read_waterlabel_scoring(default_waterlabel_scoring_toml());
    EXPECT_EQ(js_constant(js, "ROOF_MM"), s.roof_mm);
    EXPECT_EQ(js_constant(js, "GREEN_ROOF_MM"), s.green_roof_mm);
    EXPECT_EQ(js_constant(js, "PAVED_MM"), s.paved_mm);
    EXPECT_EQ(js_constant(js, "GARDEN_MM"), s.garden_mm);
    // LABELS = [ { label: 'A++', min_mm: 110 }, ... ]: the same labels, bounds and order.
    const auto start = js.find("export const LABELS");
    ASSERT_NE(start, std::string::npos);
    const std::string labels = js.substr(start, js.find("];", start) - start);
    const std::regex entry(R"(\{\s*label:\s*'([^']+)',\s*min_mm:\s*([0-9.]+)\s*\})");
    std::vector<risk::LabelBound> from_js;
    for (std::sregex_iterator it(labels.begin(), labels.end(), entry), end; it != end; ++it)
        from_js.push_back({(*it)[1], std::stod((*it)[2])});
    ASSERT_EQ(from_js.size(), s.labels.size());
    for (std::size_t i = 0; i < from_js.size(); ++i) {
        EXPECT_EQ(from_js[i].label, s.labels[i].label) << i;
        EXPECT_EQ(from_js[i].min_mm, s.labels[i].min_mm) << s.labels[i].label;
    }
}

TEST(WaterlabelScoring, BrokenFilesAreRefusedNamingTheKey) {
    test::TempDir dir;
    const auto path = dir.path() / "scoring.toml";
    test::write_file(path, "[storage]\nroof_mm = 0.5\ngreen_roof_mm = 20\npaved_mm = 2\n");
    EXPECT_NE(test::input_error_of([&] { read_waterlabel_scoring(path); }).find("garden_mm"), std::string::npos);
    test::write_file(path,
                     "[storage]\nroof_mm = 0.5\ngreen_roof_mm = 20\npaved_mm = 2\ngarden_mm = 100\n"
                     "[[labels]]\nlabel = \"A\"\nmin_mm = 10\n[[labels]]\nlabel = \"B\"\nmin_mm = 20\n");
    EXPECT_NE(test::input_error_of([&] { read_waterlabel_scoring(path); }).find("must be lower"), std::string::npos);
    test::write_file(path, "[storage]\nroof_mm = 'half'\n");
    EXPECT_NE(test::input_error_of([&] { read_waterlabel_scoring(path); }).find("roof_mm"), std::string::npos);
}

}  // namespace
}  // namespace wn
