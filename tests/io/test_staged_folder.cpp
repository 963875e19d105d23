// Result folders are published whole or not at all, and their manifest tells a complete one from a damaged one.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "io_test_support.hpp"
#include "waternet/io/result_manifest.hpp"
#include "waternet/io/staged_folder.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::read_file;
using test::TempDir;
using test::write_file;

namespace fs = std::filesystem;

// The id of a process that has ended (so no process runs under it now, barring reuse within the test).
long ended_process_id() {
    const pid_t child = fork();
    if (child == 0) _exit(0);
    int status = 0;
    waitpid(child, &status, 0);
    return child;
}

void publish_result(const fs::path& out, const std::string& text) {
    write_published(out, [&](const fs::path& staging) {
        write_file(staging / "map.txt", text);
        fs::create_directories(staging / "frames");
        write_file(staging / "frames" / "f1.txt", text + text);
        return 0;
    });
}

TEST(StagedFolder, PublishesTheWholeFolderWithItsManifest) {
    TempDir dir;
    const fs::path out = dir.path() / "out";
    publish_result(out, "first");
    EXPECT_EQ(read_file(out / "map.txt"), "first");
    EXPECT_EQ(read_file(out / "frames" / "f1.txt"), "firstfirst");
    EXPECT_FALSE(result_problem(out, /*check_hashes=*/true).has_value());
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out"}));  // no staging folder left beside it
    publish_result(out, "second");
    EXPECT_EQ(read_file(out / "map.txt"), "second");
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out"}));
}

TEST(StagedFolder, AFailedRunLeavesThePreviousResultAsItWas) {
    TempDir dir;
    const fs::path out = dir.path() / "out";
    publish_result(out, "first");
    const std::string fingerprint = result_fingerprint(out);
    EXPECT_THROW(write_published(out,
                                 [&](const fs::path& staging) {
                                     write_file(staging / "map.txt", "half");
                                     throw std::runtime_error("stopped halfway");
                                     return 0;
                                 }),
                 std::runtime_error);
    EXPECT_EQ(read_file(out / "map.txt"), "first");
    EXPECT_EQ(result_fingerprint(out), fingerprint);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out"}));
}

TEST(StagedFolder, NeverReplacesAFolderOfOtherFilesOrAFile) {
    TempDir dir;
    fs::create_directories(dir.path() / "docs");
    write_file(dir.path() / "docs" / "thesis.txt", "years of work");
    EXPECT_NE(input_error_of([&] { StagedFolder staged(dir.path() / "docs"); }).find("holds other files"),
              std::string::npos);
    EXPECT_EQ(read_file(dir.path() / "docs" / "thesis.txt"), "years of work");
    write_file(dir.path() / "plain", "x");
    EXPECT_NE(input_error_of([&] { StagedFolder staged(dir.path() / "plain"); }).find("is a file"), std::string::npos);
}

TEST(StagedFolder, RemovesWhatKilledRunsLeftButNotWhatRunningOnesWrite) {
    TempDir dir;
    const long gone = ended_process_id();
    fs::create_directories(dir.path() / (".out.staging-" + std::to_string(gone)));
    write_file(dir.path() / (".map.tif.tmp-" + std::to_string(gone) + "-3"), "half");
    fs::create_directories(dir.path() / "sub");
    write_file(dir.path() / "sub" / (".t.csv.tmp-" + std::to_string(gone) + "-1"), "half");
    const std::string alive = ".other.staging-" + std::to_string(getpid());
    fs::create_directories(dir.path() / alive);
    EXPECT_EQ(remove_stale_staging(dir.path(), /*recursive=*/true), 3);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{alive, "sub"}));
}

TEST(ResultManifest, TellsMissingTruncatedAndChangedFiles) {
    TempDir dir;
    const fs::path out = dir.path() / "out";
    publish_result(out, "abcdef");
    write_file(out / "map.txt", "abcdeX");  // same size, other content
    EXPECT_FALSE(result_problem(out, false).has_value());
    EXPECT_NE(result_problem(out, true).value_or("").find("differs"), std::string::npos);
    write_file(out / "map.txt", "abc");
    EXPECT_NE(result_problem(out, false).value_or("").find("3 bytes where the manifest says 6"), std::string::npos);
    fs::remove(out / "frames" / "f1.txt");
    publish_result(dir.path() / "b", "x");
    fs::remove(dir.path() / "b" / "frames" / "f1.txt");
    EXPECT_NE(result_problem(dir.path() / "b", false).value_or("").find("missing"), std::string::npos);
    fs::remove(dir.path() / "b" / kResultManifestName);
    EXPECT_NE(result_problem(dir.path() / "b", false).value_or("").find("no readable"), std::string::npos);
}

}  // namespace
}  // namespace wn
