// The hostile-input corpus (tests/hostile/): every case of cases.tsv run through the real `waternet` program, each
// with a time limit (a hang is a failure), checking its exit code and message, that it did not crash (exit >= 128,
// exit 70 "internal error", a signal), that it printed no raw control bytes or internals, and that it wrote nothing
// outside its own output folder: the case's folder holds only the output folder afterwards (no staging folders, no
// temporaries beside it), its private TMPDIR is empty, and the corpus it read is unchanged, byte size and time.
//
// cases.tsv, one case a line (tab-separated; '#' lines are comments):
//   id  arguments  exit_code  expected  forbidden
// arguments are split at spaces, after these placeholders are replaced:
//   {out}         a fresh output folder (not created) inside the case's folder
//   {case}        the case's folder
//   {fifo}        a FIFO made at run time, {case}/fifo.csv (named pipes are never committed)
//   {file}        a regular file made at run time, {case}/a_file.txt
//   {unwritable}  a folder that cannot be created even by root: /proc/waternet-hostile/out
// The program runs in a private copy of the corpus, so corpus files are named as they are ("good.tif").
// expected: fragments separated by ";;" that the output must contain; "file:PATH" instead requires that file under
// {out}. forbidden: fragments that must not appear; "path:PATH" instead requires that PATH does not exist.
// Case ids listed in pending.txt are skipped with the reason given there: the right behaviour belongs in a file
// another change owns; cases.tsv states that right behaviour all the same.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace wn {
namespace {

namespace fs = std::filesystem;

const fs::path kHostileDir = fs::path(WATERNET_SOURCE_DIR) / "tests" / "hostile";
constexpr double kTimeLimitS = 20.0;
constexpr std::size_t kMaxOutputBytes = 1 << 20;

struct HostileCase {
    std::string id, arguments;
    int exit_code = 0;
    std::vector<std::string> expected, forbidden;
    int line = 0;
};

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    if (text.empty() || text == "-") return parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = text.find(separator, start);
        parts.push_back(text.substr(start, at - start));
        if (at == std::string::npos) break;
        start = at + separator.size();
    }
    return parts;
}

std::vector<HostileCase> load_cases() {
    std::vector<HostileCase> cases;
    std::ifstream in(kHostileDir / "cases.tsv");
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        const std::vector<std::string> fields = split(line, "\t");
        HostileCase c;
        c.line = number;
        c.id = fields.at(0);
        c.arguments = fields.size() > 1 ? fields[1] : "";
        c.exit_code = fields.size() > 2 ? std::stoi(fields[2]) : -1000;
        if (fields.size() > 3) c.expected = split(fields[3], ";;");
        if (fields.size() > 4) c.forbidden = split(fields[4], ";;");
        cases.push_back(std::move(c));
    }
    return cases;
}

std::map<std::string, std::string> load_pending() {
    std::map<std::string, std::string> pending;
    std::ifstream in(kHostileDir / "pending.txt");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto tab = line.find_first_of(" \t");
        pending[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
    }
    return pending;
}

// What a folder holds: every path below it with its type, size and modification time.
std::map<std::string, std::string> snapshot(const fs::path& root) {
    std::map<std::string, std::string> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0) continue;
        files[fs::relative(it->path(), root).string()] = std::to_string(st.st_mode) + ":" + std::to_string(st.st_size) +
                                                         ":" + std::to_string(st.st_mtim.tv_sec) + "." +
                                                         std::to_string(st.st_mtim.tv_nsec);
    }
    return files;
}

struct RunResult {
    bool timed_out = false;
    int exit_code = -1;  // -1: ended by a signal
    int signal = 0;
    std::string output;
    double seconds = 0.0;
};

// Runs the program without a shell, in `cwd`, with its own process group (so a hang is killed whole), stdin from
// /dev/null, stdout and stderr together.
RunResult run_program(const std::vector<std::string>& arguments, const fs::path& cwd, const fs::path& tmpdir) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::setpgid(0, 0);
        ::dup2(out[1], 1);
        ::dup2(out[1], 2);
        ::close(out[0]);
        ::close(out[1]);
        const int devnull = ::open("/dev/null", O_RDONLY);
        ::dup2(devnull, 0);
        if (::chdir(cwd.c_str()) != 0) ::_exit(201);
        ::setenv("TMPDIR", tmpdir.c_str(), 1);
        ::setenv("OMP_NUM_THREADS", "1", 1);
        ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
        std::vector<char*> argv;
        std::string program = WATERNET_CLI;
        argv.push_back(program.data());
        std::vector<std::string> copies = arguments;
        for (std::string& a : copies) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        ::_exit(202);
    }
    ::setpgid(pid, pid);
    ::close(out[1]);
    RunResult result;
    char buffer[4096];
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    while (true) {
        const double left = kTimeLimitS - elapsed();
        if (left <= 0.0) {
            result.timed_out = true;
            ::kill(-pid, SIGKILL);
            break;
        }
        pollfd p{out[0], POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left * 1000) + 1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;
        const ssize_t n = ::read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;  // the program (and whatever it started) closed its output
        if (result.output.size() < kMaxOutputBytes) result.output.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    int status = 0;
    if (result.timed_out) {
        ::waitpid(pid, &status, 0);
    } else {
        // The output is closed; the process ends now or is killed at the limit.
        while (::waitpid(pid, &status, WNOHANG) == 0) {
            if (elapsed() > kTimeLimitS) {
                result.timed_out = true;
                ::kill(-pid, SIGKILL);
                ::waitpid(pid, &status, 0);
                break;
            }
            ::usleep(2000);
        }
    }
    ::kill(-pid, SIGKILL);  // nothing of the case may outlive it
    result.seconds = elapsed();
    if (WIFEXITED(status))
        result.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        result.signal = WTERMSIG(status);
    return result;
}

// Bytes a terminal would act on: control characters other than newline and tab, DEL, and broken UTF-8.
std::string first_unprintable(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f)
            return "control byte " + std::to_string(byte) + " at " + std::to_string(i);
        if (byte < 0x80) continue;
        const int length = byte >= 0xf0 && byte < 0xf5 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte < 0xe0 ? 2 : 0;
        if (length == 0 || i + length > text.size()) return "broken UTF-8 at " + std::to_string(i);
        for (int k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return "broken UTF-8 at " + std::to_string(i);
        i += static_cast<std::size_t>(length - 1);
    }
    return {};
}

// Words that tell a person nothing about their input: program internals, crashes, GDAL's own unformatted output.
const std::vector<std::string> kNeverShown = {
    "internal error", "terminate called", "std::",           "bad_alloc",    "what():",  "Assertion", "Segmentation",
    "ERROR 1:",       "Warning 1:",       "classify_nodata", "basic_string", "nlohmann", "toml::"};

class Corpus : public testing::TestWithParam<HostileCase> {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "waternet-hostile-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        corpus_ = root_ / "corpus";
        case_ = root_ / "case";
        tmp_ = root_ / "tmp";
        fs::copy(kHostileDir / "corpus", corpus_, fs::copy_options::recursive);
        fs::create_directories(case_);
        fs::create_directories(tmp_);
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }

    std::vector<std::string> arguments(const std::string& text) {
        std::vector<std::string> args;
        std::istringstream words(text);
        std::string word;
        while (words >> word) {
            auto replace = [&](const std::string& key, const std::string& value) {
                for (std::size_t at; (at = word.find(key)) != std::string::npos;) word.replace(at, key.size(), value);
            };
            if (word.find("{fifo}") != std::string::npos && !fs::exists(case_ / "fifo.csv"))
                ::mkfifo((case_ / "fifo.csv").c_str(), 0600);
            if (word.find("{file}") != std::string::npos) std::ofstream(case_ / "a_file.txt") << "a file\n";
            replace("{out}", (case_ / "out").string());
            replace("{case}", case_.string());
            replace("{fifo}", (case_ / "fifo.csv").string());
            replace("{file}", (case_ / "a_file.txt").string());
            replace("{unwritable}", "/proc/waternet-hostile/out");
            args.push_back(word);
        }
        return args;
    }

    fs::path root_, corpus_, case_, tmp_;
};

TEST_P(Corpus, AnswersAsTheTableSays) {
    const HostileCase& c = GetParam();
    static const std::map<std::string, std::string> pending = load_pending();
    if (const auto found = pending.find(c.id); found != pending.end())
        GTEST_SKIP() << "pending (tests/hostile/pending.txt): " << found->second;
    SCOPED_TRACE("cases.tsv line " + std::to_string(c.line) + ": waternet " + c.arguments);

    const std::vector<std::string> args = arguments(c.arguments);
    const auto corpus_before = snapshot(corpus_);
    const auto case_before = snapshot(case_);
    const RunResult r = run_program(args, corpus_, tmp_);
    const std::string& out = r.output;

    ASSERT_FALSE(r.timed_out) << "no answer within " << kTimeLimitS << " s (a hang); output:\n" << out;
    EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << "\n" << out;
    EXPECT_NE(r.exit_code, 70) << "internal error\n" << out;
    EXPECT_LT(r.exit_code, 128) << out;
    EXPECT_EQ(r.exit_code, c.exit_code) << out;
    for (const std::string& fragment : c.expected) {
        if (fragment.starts_with("file:"))
            EXPECT_TRUE(fs::exists(case_ / "out" / fragment.substr(5))) << fragment << " missing in the output folder";
        else
            EXPECT_NE(out.find(fragment), std::string::npos) << "expected '" << fragment << "' in:\n" << out;
    }
    for (const std::string& fragment : c.forbidden) {
        if (fragment.starts_with("path:")) {
            std::string path = fragment.substr(5);
            if (path.starts_with("{case}")) path = case_.string() + path.substr(6);
            EXPECT_FALSE(fs::exists(path)) << path << " was written";
        } else
            EXPECT_EQ(out.find(fragment), std::string::npos) << "'" << fragment << "' must not appear in:\n" << out;
    }
    for (const std::string& internal : kNeverShown)
        EXPECT_EQ(out.find(internal), std::string::npos) << "'" << internal << "' shown to the user:\n" << out;
    const std::string unprintable = first_unprintable(out);
    EXPECT_TRUE(unprintable.empty()) << unprintable << " in the output:\n" << out;

    // Nothing written outside the output folder.
    EXPECT_EQ(snapshot(corpus_), corpus_before) << "the program changed or added files among its inputs";
    auto case_after = snapshot(case_);
    std::erase_if(case_after,
                  [](const auto& entry) { return entry.first == "out" || entry.first.starts_with("out/"); });
    EXPECT_EQ(case_after, case_before) << "files written beside the output folder (staging folders, temporaries?)";
    EXPECT_TRUE(fs::is_empty(tmp_)) << "files left in TMPDIR";
    if (r.exit_code != 0) {
        // A failed run publishes nothing: no output folder, or none with a result in it.
        EXPECT_FALSE(fs::exists(case_ / "out" / "result_manifest.json")) << "a failed run published a result";
    }
}

std::string case_name(const testing::TestParamInfo<HostileCase>& info) { return info.param.id; }

INSTANTIATE_TEST_SUITE_P(Hostile, Corpus, testing::ValuesIn(load_cases()), case_name);

TEST(HostileCorpusTable, HasEnoughWellFormedCasesAndKnownPendingIds) {
    const std::vector<HostileCase> cases = load_cases();
    EXPECT_GE(cases.size(), 150u);
    std::map<std::string, int> seen;
    for (const HostileCase& c : cases) {
        EXPECT_EQ(++seen[c.id], 1) << "case id '" << c.id << "' twice";
        for (char ch : c.id) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') << c.id;
        EXPECT_GE(c.exit_code, 0) << c.id << ": no exit code";
        EXPECT_FALSE(c.arguments.empty()) << c.id;
    }
    for (const auto& [id, reason] : load_pending()) {
        EXPECT_TRUE(seen.count(id)) << "pending.txt names '" << id << "', which is no case";
        EXPECT_FALSE(reason.empty()) << id << ": say which file must change and how";
    }
}

}  // namespace
}  // namespace wn
