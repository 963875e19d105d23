// A run that is stopped (Ctrl-C) or killed leaves the previous complete result, never a mix; what a killed run
// left behind is removed by the next one.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "../io/io_test_support.hpp"
#include "cli_test_support.hpp"
#include "waternet/io/result_manifest.hpp"

extern char** environ;

namespace wn {
namespace {

namespace fs = std::filesystem;
const std::string kZundert = std::string(WATERNET_DATA_DIR) + "/zundert/zundert_ahn_dtm_050cm.tif";

std::string quick_run(const fs::path& out) {
    return "flood --terrain " + kZundert +
           " --resolution 16 --rain-mm-per-h 10 --rain-duration-s 60 --after-rain-s 0 "
           "--quiet --out " +
           out.string();
}

// Starts a long run (a day of simulated time with frames) into `out`; returns its process id.
pid_t start_long_run(const fs::path& out) {
    std::vector<std::string> args = {WATERNET_CLI, "flood", "--terrain",      kZundert, "--resolution",     "8",
                                     "--storm",    "T100",  "--after-rain-s", "86400",  "--frames-every-s", "60",
                                     "--quiet",    "--out", out.string()};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int failed = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (failed) throw std::runtime_error("cannot start " + args[0]);
    return pid;
}

// Waits (at most a minute) until the running job has written frames into its staging folder.
bool wait_for_frames(const fs::path& out, pid_t pid) {
    const fs::path frames =
        out.parent_path() / ("." + out.filename().string() + ".staging-" + std::to_string(pid)) / "frames";
    for (int i = 0; i < 600; ++i) {
        std::error_code ec;
        if (fs::is_directory(frames, ec) && !fs::is_empty(frames, ec)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

int stop(pid_t pid, int signal) {
    kill(pid, signal);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void interrupt_and_check(int signal, int expected_exit_code) {
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    ASSERT_EQ(test::run_cli(quick_run(out)).exit_code, 0);
    const std::string before = result_fingerprint(out);
    ASSERT_FALSE(before.empty());

    const pid_t pid = start_long_run(out);
    ASSERT_TRUE(wait_for_frames(out, pid)) << "the long run wrote no frames within a minute";
    EXPECT_EQ(stop(pid, signal), expected_exit_code);
    EXPECT_EQ(result_fingerprint(out), before) << "the output folder must still hold the first, complete result";
    EXPECT_FALSE(result_problem(out, /*check_hashes=*/true).has_value());
    EXPECT_FALSE(fs::exists(out / "frames")) << "no frame of the stopped run may appear in the result";

    // The next run removes whatever the stopped one left and publishes its own complete result.
    ASSERT_EQ(test::run_cli(quick_run(out)).exit_code, 0);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out"}));
    EXPECT_FALSE(result_problem(out, true).has_value());
}

TEST(CliInterrupted, CtrlCLeavesThePreviousResult) { interrupt_and_check(SIGINT, 130); }

TEST(CliInterrupted, AKilledRunLeavesThePreviousResultAndTheNextCleansUp) {
    interrupt_and_check(SIGKILL, 128 + SIGKILL);
}

TEST(CliInterrupted, AnOutputFolderOfOtherFilesIsNeverReplaced) {
    test::TempDir dir;
    fs::create_directories(dir.path() / "mine");
    test::write_file(dir.path() / "mine" / "notes.txt", "keep");
    test::expect_input_error(quick_run(dir.path() / "mine"), "holds other files");
    EXPECT_EQ(test::read_file(dir.path() / "mine" / "notes.txt"), "keep");
    test::write_file(dir.path() / "afile", "x");
    test::expect_input_error(quick_run(dir.path() / "afile"), "is a file");
}

}  // namespace
}  // namespace wn
