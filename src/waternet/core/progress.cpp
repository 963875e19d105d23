#include "waternet/core/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace wn {

namespace {
std::string format_duration(double seconds) {
    if (!(seconds >= 0.0) || seconds > 1e7) return "--:--";
    const long s = static_cast<long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}
}  // namespace

bool TerminalProgress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

TerminalProgress::~TerminalProgress() {
    if (open_) end(false);
}

void TerminalProgress::begin(std::string_view label) {
    if (open_) end(false);
    label_ = label;
    open_ = true;
    start_ = last_draw_ = std::chrono::steady_clock::now();
    if (!terminal_) std::fprintf(stderr, "%s: started\n", label_.c_str());
}

void TerminalProgress::update(double fraction) {
    if (!terminal_ || !open_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    fraction = std::min(1.0, std::max(0.0, fraction));
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

void TerminalProgress::end(bool completed) {
    if (!open_) return;
    open_ = false;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (terminal_) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "%s: %s %s\n", label_.c_str(), completed ? "done in" : "stopped after",
                 format_duration(elapsed).c_str());
}

}  // namespace wn
