// The standard legends in a Dutch report: every built-in legend has Dutch words for its title and classes, the
// colours and bounds stay those of render/legend.hpp.
#include <gtest/gtest.h>

#include "waternet/render/legend.hpp"
#include "waternet/report/html_report.hpp"
#include "waternet/report/legend_text.hpp"

using namespace wn;
using namespace wn::report;

TEST(LegendText, EveryStandardLegendHasDutchWords) {
    for (const std::string& id : render::legend_ids()) {
        const render::Legend& english = render::legend(id);
        const render::Legend dutch = localized_legend(english, Language::nl);
        EXPECT_NE(dutch.title, english.title) << id;  // translated, not passed through
        ASSERT_EQ(dutch.classes.size(), english.classes.size()) << id;
        for (std::size_t k = 0; k < dutch.classes.size(); ++k) {
            EXPECT_EQ(dutch.classes[k].colour, english.classes[k].colour) << id;
            EXPECT_EQ(dutch.classes[k].lower, english.classes[k].lower) << id;
        }
    }
    EXPECT_EQ(localized_legend(render::legend("pet_c"), Language::nl).classes[0].label, "< 23 °C geen hittestress");
    EXPECT_EQ(localized_legend(render::legend("pet_c"), Language::en).title, render::legend("pet_c").title);
}

TEST(LegendText, DutchReportShowsTheDutchLegend) {
    HtmlReport r("t", Language::nl);
    r.legend(render::legend("pet_c"));
    const std::string html = r.to_html();
    EXPECT_NE(html.find("Gevoelstemperatuur (PET)"), std::string::npos);
    EXPECT_EQ(html.find("Perceived temperature"), std::string::npos);
    EXPECT_EQ(html.find("no heat stress"), std::string::npos);
}
