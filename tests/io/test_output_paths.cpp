// Confinement of outputs: ids from input data become safe file names, and no path outside --out is written.
#include <gtest/gtest.h>

#include "io_test_support.hpp"
#include "waternet/io/output_paths.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;

TEST(FileNameFor, KeepsOrdinaryIdsAndMakesOthersSafe) {
    EXPECT_EQ(file_name_for("GM0153", "partner id"), "GM0153");
    EXPECT_EQ(file_name_for("demo-zundert_2", "partner id"), "demo-zundert_2");
    EXPECT_EQ(file_name_for("Hof van Twente", "partner id"), "Hof-van-Twente");
    EXPECT_EQ(file_name_for("../../../x", "partner id"), "x");
    EXPECT_EQ(file_name_for("/etc/cron.d/evil", "partner id"), "etc-cron-d-evil");
    EXPECT_EQ(file_name_for("a\\..\\b", "partner id"), "a-b");
    EXPECT_EQ(file_name_for("Zuidwest\xC3\xA9", "partner id"), "Zuidwest");  // non-ASCII bytes go too
    EXPECT_EQ(file_name_for(std::string(300, 'a'), "partner id").size(), 100u);
}

TEST(FileNameFor, RefusesIdsWithoutLettersOrDigits) {
    for (const char* id : {"", "..", "/", "../..", " ", "\x01\x02"}) {
        const std::string message = input_error_of([&] { file_name_for(id, "partner id in p.geojson"); });
        EXPECT_NE(message.find("partner id in p.geojson"), std::string::npos) << message;
        EXPECT_EQ(message.find('\x01'), std::string::npos) << "control bytes are escaped";
    }
}

TEST(ConfinedTo, AcceptsPathsInsideTheOutputFolder) {
    TempDir dir;
    const auto out = dir.path() / "out";
    EXPECT_EQ(confined_to(out, out / "reports" / "GM0153.html"), out / "reports" / "GM0153.html");
    EXPECT_NO_THROW(confined_to(out, out));
    EXPECT_NO_THROW(confined_to(out / "", out / "a" / ".." / "b.html"));
}

TEST(ConfinedTo, RefusesPathsThatLeaveIt) {
    TempDir dir;
    const auto out = dir.path() / "out";
    for (const auto& path :
         {out / ".." / "x.html", out / "reports" / ".." / ".." / "x.html", std::filesystem::path("/etc/x.html"),
          dir.path() / "outside" / "x.html", dir.path() / "out-sibling" / "x.html"}) {
        const std::string message = input_error_of([&] { confined_to(out, path); });
        EXPECT_NE(message.find("outside the output folder"), std::string::npos) << path << ": " << message;
    }
}

TEST(ConfinedTo, SeesThroughSymbolicLinksThatLeaveIt) {
    TempDir dir;
    const auto out = dir.path() / "out";
    std::filesystem::create_directories(out);
    std::filesystem::create_directories(dir.path() / "elsewhere");
    std::filesystem::create_directory_symlink(dir.path() / "elsewhere", out / "reports");
    const std::string message = input_error_of([&] { confined_to(out, out / "reports" / "x.html"); });
    EXPECT_NE(message.find("outside the output folder"), std::string::npos) << message;
}

}  // namespace
}  // namespace wn
