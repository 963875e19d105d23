// A progress bar on the terminal.
//
// TerminalProgress is the ProgressSink (core/execution.hpp) a front end hands the library: it draws a one-line bar
// with time remaining when stderr is a terminal, and stays quiet otherwise (CI, logs, pipes) apart from a start
// and an end line per stage. The library never makes one itself: the CLI does (apps/waternet/execution.hpp), with
// the Ctrl-C handler that sets its cancel token.
#pragma once

#include <chrono>
#include <string>

#include "waternet/core/execution.hpp"

namespace wn {

class TerminalProgress final : public ProgressSink {
public:
    TerminalProgress() = default;
    ~TerminalProgress() override;
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    void begin(std::string_view label) override;
    // Redraws at most a few times a second.
    void update(double fraction) override;
    // Finishes the line (also done by the destructor for a stage still open).
    void end(bool completed) override;

    static bool stderr_is_terminal();

private:
    std::string label_;
    bool terminal_ = stderr_is_terminal();
    bool open_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace wn
