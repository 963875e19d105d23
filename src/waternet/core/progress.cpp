#include "waternet/core/progress.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "waternet/core/error.hpp"

namespace wn {

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int) { g_interrupted.store(true, std::memory_order_relaxed); }

std::string format_duration(double seconds) {
    if (!(seconds >= 0.0) || seconds > 1e7) return "--:--";
    const long s = static_cast<long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}
}  // namespace

void install_interrupt_handler() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() { return g_interrupted.load(std::memory_order_relaxed); }
void set_interrupt_requested(bool value) { g_interrupted.store(value, std::memory_order_relaxed); }
void throw_if_interrupted() {
    if (interrupt_requested()) throw Interrupted();
}

bool Progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string label, double total, bool quiet)
    : label_(std::move(label)), total_(total), quiet_(quiet), terminal_(!quiet && stderr_is_terminal()),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {
    if (!quiet_ && !terminal_) std::fprintf(stderr, "%s: started\n", label_.c_str());
}

Progress::~Progress() { finish(); }

void Progress::update(double done) {
    if (!terminal_ || finished_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    const double fraction = total_ > 0 ? std::min(1.0, std::max(0.0, done / total_)) : 0.0;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double remaining = fraction > 0.001 ? elapsed * (1.0 - fraction) / fraction : -1.0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r%s [%s] %5.1f%%  elapsed %s  left %s ", label_.c_str(), bar.c_str(), 100.0 * fraction,
                 format_duration(elapsed).c_str(), format_duration(remaining).c_str());
    std::fflush(stderr);
}

void Progress::finish() {
    if (finished_) return;
    finished_ = true;
    if (quiet_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (terminal_) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "%s: done in %s\n", label_.c_str(), format_duration(elapsed).c_str());
}

}  // namespace wn
