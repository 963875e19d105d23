#include <gtest/gtest.h>

#include <regex>

#include "io_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/version.hpp"
#include "waternet/io/provenance.hpp"

namespace wn {

using test::TempDir;

TEST(ProvenanceSha256, MatchesKnownVectors) {
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    TempDir dir;
    test::write_file(dir.path() / "abc.txt", "abc");
    EXPECT_EQ(sha256_file(dir.path() / "abc.txt"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    test::write_file(dir.path() / "million_a.txt", std::string(1000000, 'a'));  // NIST test vector
    EXPECT_EQ(sha256_file(dir.path() / "million_a.txt"),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(ProvenanceSha256, FileHashDoesNotDependOnChunking) {
    TempDir dir;
    std::string bytes(2'500'000, '\0');  // spans three 1 MiB chunks, the last one partial
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 7919) % 251);
    test::write_file(dir.path() / "blob.bin", bytes);
    EXPECT_EQ(sha256_file(dir.path() / "blob.bin"), sha256_hex(bytes));
    EXPECT_NE(sha256_hex(bytes), sha256_hex(bytes.substr(1)));
}

TEST(ProvenanceSha256, MissingFileIsAnInputError) {
    TempDir dir;
    EXPECT_THROW(sha256_file(dir.path() / "absent.tif"), InputError);
}

TEST(ProvenanceTime, UtcNowIsIso8601) {
    const std::string now = utc_now_iso8601();
    EXPECT_TRUE(std::regex_match(now, std::regex(R"(20\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\dZ)"))) << now;
}

TEST(ProvenanceRecord, JsonHasInputsWithHashesAndParameters) {
    TempDir dir;
    test::write_file(dir.path() / "dem.asc", "abc");
    Provenance provenance;
    provenance.command_line = "waternet run --scenario T100";
    provenance.scenario = "T100";
    provenance.parameters = {{"manning_n", 0.03}, {"duration_s", 3600}};
    provenance.add_input("dem", dir.path() / "dem.asc");
    EXPECT_THROW(provenance.add_input("rain", dir.path() / "absent.csv"), InputError);

    const nlohmann::json json = provenance.to_json();
    EXPECT_EQ(json["program"], "waternet");
    EXPECT_EQ(json["version"], kVersion);
    EXPECT_EQ(json["command_line"], "waternet run --scenario T100");
    EXPECT_EQ(json["scenario"], "T100");
    EXPECT_EQ(json["created_utc"], provenance.created_utc);
    EXPECT_FALSE(provenance.created_utc.empty());
    ASSERT_EQ(json["inputs"].size(), 1u);
    EXPECT_EQ(json["inputs"][0]["role"], "dem");
    EXPECT_EQ(json["inputs"][0]["path"], (dir.path() / "dem.asc").string());
    EXPECT_EQ(json["inputs"][0]["sha256"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(json["inputs"][0]["bytes"], 3);
    EXPECT_DOUBLE_EQ(json["parameters"]["manning_n"].get<double>(), 0.03);

    const auto metadata = provenance.to_metadata();
    EXPECT_EQ(metadata.at("WATERNET_VERSION"), kVersion);
    EXPECT_EQ(metadata.at("WATERNET_SCENARIO"), "T100");
    EXPECT_EQ(metadata.at("WATERNET_COMMAND"), "waternet run --scenario T100");
}

TEST(ProvenanceRecord, WrittenFileParsesBackToTheSameJson) {
    TempDir dir;
    Provenance provenance;
    provenance.scenario = "bui10";
    provenance.parameters["cell_size_m"] = 2.0;
    const auto path = dir.path() / "out" / "provenance.json";
    write_provenance(path, provenance);
    EXPECT_EQ(nlohmann::json::parse(test::read_file(path)), provenance.to_json());
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out"});
}

}  // namespace wn
