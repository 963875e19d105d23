// Running the built `waternet` program from tests, and checking its errors.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace wn::test {

struct CommandResult {
    int exit_code;
    std::string output;  // stdout and stderr together
};

inline CommandResult run_cli(const std::string& arguments) {
    const std::string command = std::string(WATERNET_CLI) + " " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed");
    std::string output;
    std::array<char, 4096> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// Bad input must end with exit code 2 and a message that says what is wrong.
inline void expect_input_error(const std::string& arguments, const std::string& message_part) {
    const CommandResult r = run_cli(arguments);
    EXPECT_EQ(r.exit_code, 2) << arguments << "\n" << r.output;
    EXPECT_NE(r.output.find(message_part), std::string::npos) << "expected '" << message_part << "' in:\n" << r.output;
}

// A JSON file a run wrote (volume balance, provenance).
inline nlohmann::json read_json(const std::filesystem::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

}  // namespace wn::test
