// Progress for long work, and clean interruption.
//
// Progress draws a one-line bar with time remaining when stderr is a terminal, and stays quiet otherwise
// (CI, logs, pipes) apart from a start and an end line. interrupt_requested() turns true after Ctrl-C
// (SIGINT) or SIGTERM once install_interrupt_handler() has run; long loops poll it and throw wn::Interrupted,
// so temporary files are removed by their owners' destructors and nothing half-written is left behind.
#pragma once

#include <chrono>
#include <string>

namespace wn {

void install_interrupt_handler();
bool interrupt_requested();
// For tests: pretend (or stop pretending) that the user pressed Ctrl-C.
void set_interrupt_requested(bool value);
// Throws wn::Interrupted when the user asked to stop.
void throw_if_interrupted();

class Progress {
public:
    // total: the amount of work (any unit, e.g. simulated seconds). quiet forces no output at all.
    Progress(std::string label, double total, bool quiet = false);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Report that `done` of `total` is finished; redraws at most a few times a second.
    void update(double done);
    // Finish the line (also done by the destructor).
    void finish();

    static bool stderr_is_terminal();

private:
    std::string label_;
    double total_;
    bool quiet_;
    bool terminal_;
    bool finished_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace wn
