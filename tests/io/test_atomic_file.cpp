#include <gtest/gtest.h>

#include "io_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/atomic_file.hpp"

namespace wn {

using test::TempDir;

TEST(AtomicOutput, LeavesNothingWhenNotCommitted) {
    TempDir dir;
    const auto final_path = dir.path() / "new" / "nested" / "depth.txt";
    std::filesystem::path temp;
    {
        AtomicOutput output(final_path);
        temp = output.temp_path();
        EXPECT_TRUE(std::filesystem::is_directory(final_path.parent_path()));  // parents created
        EXPECT_EQ(temp.parent_path(), final_path.parent_path());               // same directory: rename is atomic
        EXPECT_EQ(temp.filename().string().rfind(".depth.txt.tmp-", 0), 0u) << temp;
        test::write_file(temp, "half-written");
        EXPECT_TRUE(std::filesystem::exists(temp));
    }
    EXPECT_FALSE(std::filesystem::exists(temp));
    EXPECT_FALSE(std::filesystem::exists(final_path));
    EXPECT_TRUE(std::filesystem::is_empty(final_path.parent_path()));
}

TEST(AtomicOutput, CommitReplacesTheFinalFileOnlyAtTheEnd) {
    TempDir dir;
    const auto final_path = dir.path() / "result.txt";
    test::write_file(final_path, "old");
    AtomicOutput output(final_path);
    test::write_file(output.temp_path(), "new");
    EXPECT_EQ(test::read_file(final_path), "old");  // readers see the old file until commit
    output.commit();
    EXPECT_TRUE(output.committed());
    EXPECT_EQ(test::read_file(final_path), "new");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"result.txt"});
    EXPECT_THROW(output.commit(), std::logic_error);
}

TEST(AtomicOutput, CommitWithoutAWrittenFileIsAnInputError) {
    TempDir dir;
    AtomicOutput output(dir.path() / "never_written.tif");
    EXPECT_THROW(output.commit(), InputError);
    EXPECT_TRUE(dir.entries().empty());
}

TEST(AtomicOutput, UnwritableDirectoryIsAnInputError) {
    TempDir dir;
    test::write_file(dir.path() / "a_file", "x");
    // A parent "directory" that is a regular file cannot be created.
    EXPECT_THROW(AtomicOutput(dir.path() / "a_file" / "out.txt"), InputError);
}

TEST(AtomicWriteText, WritesExactBytesAndCreatesParents) {
    TempDir dir;
    const auto path = dir.path() / "sub" / "run.json";
    const std::string text = std::string("{\"a\": 1}\n") + std::string(1, '\0') + "tail";
    write_text_atomic(path, text);
    EXPECT_EQ(test::read_file(path), text);
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path.parent_path()))
        names.push_back(entry.path().filename().string());
    EXPECT_EQ(names, std::vector<std::string>{"run.json"});  // no temporary left behind
}

}  // namespace wn
